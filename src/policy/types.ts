/**
 * The policy file (`.twokey/policy.yaml`, `$TWOKEY_HOME/policy.yaml`): what it may say, and what the
 * engine uses after loading, verifying and merging. Reference: docs/policy.md. Nothing here does I/O.
 */

/** A per-rule setting. `off` disables a rule; `ask`/`deny` replace its default level. */
export type RuleSetting = 'off' | 'ask' | 'deny';

export const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'ask', 'deny'];

/** One policy file as written, after validation. Every field is optional except `version`. */
export interface PolicyFile {
  version: 1;
  /** `<rule id>` or `<pack>.*` -> level. */
  rules?: Record<string, RuleSetting>;
  /** argv-prefix patterns (see patterns.ts) whose asks become allows. */
  allow?: string[];
  /** argv-prefix patterns that are always denied. */
  deny?: string[];
  /** Terraform resource address globs the plan gate protects (e.g. `aws_db_instance.*`, `module.data.*`). */
  protect?: string[];
  /** Path globs that rules treat like state files (deleting or overwriting them is blocked). */
  protected_paths?: string[];
  approvals?: { ttl_minutes?: number };
  drills?: { max_age_days?: number };
}

/** Where a setting came from, for notices and `policy show`. */
export interface PolicySource {
  /** 'user' = $TWOKEY_HOME/policy.yaml, 'project' = <project>/.twokey/policy.yaml. */
  scope: 'user' | 'project';
  path: string;
  /** What happened to this file. */
  status: 'used' | 'ignored-unsigned' | 'ignored-tampered' | 'broken';
  /** sha256 of the bytes that were read (hex). */
  sha256?: string;
  detail?: string;
}

/** An argv pattern with the file it came from (for findings and explain). */
export interface SourcedPattern {
  pattern: string;
  words: string[];
  source: string;
}

/** The policy the engine applies: built-in defaults, overlaid with every verified policy file. */
export interface EffectivePolicy {
  /** Rule id (or `pack.*`) -> setting; a rule id entry beats a `pack.*` entry. */
  rules: Record<string, RuleSetting>;
  allow: SourcedPattern[];
  deny: SourcedPattern[];
  protect: string[];
  /** Built-in protected paths plus the policy's. */
  protectedPaths: string[];
  /** `fromFile`: a policy file set it (then the smallest value among the files wins; otherwise the default). */
  approvals: { ttlMinutes: number; fromFile?: boolean };
  drills: { maxAgeDays: number; fromFile?: boolean };
  /**
   * True when a policy file that should have applied could not be used because it is invalid or
   * unreadable: the engine then fails closed for destructive commands (see engine/policy-apply.ts).
   */
  broken: boolean;
  sources: PolicySource[];
  /** Loud notes for the user: unsigned, tampered or broken policies. */
  notices: string[];
}

/** One precise validation error. */
export interface PolicyError {
  file: string;
  line: number;
  column: number;
  message: string;
  /** What to do about it. */
  fix?: string;
}

export function formatPolicyError(e: PolicyError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.message}${e.fix ? `\n  fix: ${e.fix}` : ''}`;
}

export const DEFAULT_APPROVAL_TTL_MINUTES = 15;
export const DEFAULT_DRILL_MAX_AGE_DAYS = 7;

/** Paths every rule treats as protected, whatever the policy says. */
export const BUILTIN_PROTECTED_PATHS: readonly string[] = [
  '**/*.tfstate',
  '**/*.tfstate.backup',
  '**/terraform.tfstate.d/**',
  '**/.git',
  '**/.twokey/**',
];
