/**
 * The vocabulary every part of twokey shares. Data flows one way:
 *   adapter (CLI, agent hook, MCP, `twokey run`)  ->  facts (SimpleCommand[] / plan changes)
 *   -> rules (pure: facts -> findings)  ->  policy (findings -> one decision)  ->  effects.
 * Nothing in this file does I/O.
 */

/** What happens to a command or a plan. Ordered: allow < ask < deny. */
export type Decision = 'allow' | 'ask' | 'deny';

export const DECISION_RANK: Record<Decision, number> = { allow: 0, ask: 1, deny: 2 };

export function strictest(a: Decision, b: Decision): Decision {
  return DECISION_RANK[a] >= DECISION_RANK[b] ? a : b;
}

/** Exit codes shared by `check`, `plan check`, `audit`: documented in the README. */
export const EXIT = { allow: 0, error: 1, ask: 2, deny: 3 } as const;

export function exitCodeFor(decision: Decision): number {
  return EXIT[decision];
}

// ---------------------------------------------------------------------------
// Shell facts
// ---------------------------------------------------------------------------

/** A redirection attached to a simple command, after quote removal. */
export interface Redirect {
  /** The operator as written: '>', '>>', '<', '<<', '<<<', '>|', '&>', '&>>', '<>', '>&', '<&'. */
  op: string;
  /** File descriptor number written before the operator, if any. */
  fd?: number;
  /** Target word with quotes resolved; null when it stays dynamic (contains an unresolved expansion). */
  target: string | null;
}

/** Where a simple command's standard input comes from. */
export type StdinSource =
  | { kind: 'inherit' }
  /** `<<EOF` body (expanded when the delimiter is unquoted, as far as it can be) or `<<<` word. */
  | { kind: 'heredoc' | 'herestring'; text: string }
  /** `cmd | this`: the upstream stage; `text` is its literal output when it is knowable (echo, printf, cat heredoc). */
  | { kind: 'pipe'; from: SimpleCommand[]; text?: string }
  /** `< file` */
  | { kind: 'file'; path: string };

/** One command that would really run, after unwrapping every wrapper around it. */
export interface SimpleCommand {
  /** argv with quotes and escapes resolved as bash would; unresolved expansions are kept as written (e.g. "$HOME"). */
  argv: string[];
  /** For each argv word: true when it still holds an expansion whose value is unknown. */
  dynamic: boolean[];
  /** basename of argv[0], lower-cased only where the OS would not care (never); '' if argv is empty. */
  name: string;
  /** Assignments in effect for this command: prefixes (`X=1 cmd`), `env X=1`, and earlier `X=1;` in the same line. */
  env: Record<string, string>;
  redirects: Redirect[];
  stdin: StdinSource;
  /** The chain of wrappers that were unwrapped to reach this command, outermost first, e.g. ['sudo', 'bash -c']. */
  via: string[];
  /** Nesting depth of unwrapping (0 for a top-level command). */
  depth: number;
  /** Where the command came from when it was read from a file (script, Makefile, package.json). */
  origin?: { file: string; line?: number };
  /** The source text of this command as written (for display). */
  text: string;
  /** The directory it runs in when an earlier `cd DIR` in the same input moved it (absolute); else the request's cwd. */
  cwd?: string;
  /** True when an earlier `cd "$X"` (or `env -C "$X"`, `sudo -D "$X"`) moved it somewhere only known at run time. */
  cwdUnknown?: boolean;
  /**
   * Set when this command does not run as written but is what the input plainly means: a command name
   * with spaces (`'rm -rf x'`), a word that only looks like an assignment (`1A=2 git reset --hard`), a
   * command carried by a program twokey does not know (`tool git reset --hard`), shell text given to an
   * interpreter (`node -e "rm -rf /"`). Says why; findings on it are capped at ask.
   */
  asMeant?: string;
  /**
   * argv words that hold glob characters (`*`, `?`, `[`) only inside quotes or escaped (`grep -E '.*'`): the
   * shell passes them as written, so they are not patterns over file names.
   */
  quotedPatterns?: string[];
}

/** Something the analyzer could not resolve. Each is at least an `ask`. */
export interface AnalysisIssue {
  kind:
    | 'parse-error'
    | 'dynamic-command'
    | 'depth-limit'
    | 'input-too-large'
    | 'malformed-input'
    | 'unreadable-script'
    | 'opaque-interpreter'
    | 'remote-fetch-exec'
    | 'dynamic-arguments';
  message: string;
  /** Decision the issue forces at least. */
  level: Decision;
  /** 1-based position in the top-level input, where known. */
  line?: number;
  column?: number;
  via?: string[];
}

export interface ShellAnalysis {
  commands: SimpleCommand[];
  issues: AnalysisIssue[];
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

/** What a rule reports when it matches. */
export interface RuleHit {
  /** Why this is dangerous, in one sentence. */
  reason: string;
  /** What would be lost if it ran. */
  loses?: string;
  /** The safe way to get the same result. */
  safer?: string;
  /** Override the rule's default level for this hit (e.g. escalate `rm -rf` on `/` to deny). */
  level?: Exclude<Decision, 'allow'>;
  /** The name of the database this command would destroy (dropdb shop -> 'shop'), so the gate can ask
   *  whether a restore of it was proven recently (restore drills). */
  database?: string;
}

/** Read-only context a rule may consult. Rules never do I/O: files they need are pre-read by the engine. */
export interface RuleContext {
  cwd: string;
  /** The command runs in a directory only known at run time (`cd "$X" && …`): `cwd` is a guess, relative paths are unknown. */
  cwdUnknown?: boolean;
  /** The process environment the command would inherit (merged with the command's own assignments by the engine). */
  env: Readonly<Record<string, string | undefined>>;
  /** Text of files requested through `CommandRule.inputFiles`, keyed by the path as the rule gave it. */
  files: ReadonlyMap<string, string>;
  /** Globs of paths the policy protects (plus built-in ones). */
  protectedPaths: readonly string[];
  /** Home directory (for `~` and `$HOME` targets). */
  home: string;
  /** The directory the request came from (the agent's project), when the command has moved away from it (`cd ..`). */
  projectDir?: string;
}

export interface CommandRule {
  /** Stable id, `<pack>.<name>`, e.g. `terraform.destroy`. */
  id: string;
  /** Default level when the rule matches. */
  level: Exclude<Decision, 'allow'>;
  /** One line for `twokey rules` and docs. */
  summary: string;
  /** Command names (basename of argv[0]) this rule looks at; '*' for any. Used to index rules. */
  commands: readonly string[];
  match(cmd: SimpleCommand, ctx: RuleContext): RuleHit | null;
  /** Paths (relative to cwd or absolute) whose text this rule needs for `cmd`, e.g. `psql -f x.sql`. */
  inputFiles?(cmd: SimpleCommand): string[];
}

export interface RulePack {
  /** Pack id, e.g. `terraform`. */
  id: string;
  description: string;
  rules: readonly CommandRule[];
}

/** A case for a pack's RuleTester-style test, kept beside the pack in `<pack>.cases.ts`. */
export interface RuleCase {
  command: string;
  /** Expected rule id for blocked cases. */
  rule?: string;
  /** Expected level for blocked cases (defaults to the rule's level). */
  level?: Exclude<Decision, 'allow'>;
  cwd?: string;
  env?: Record<string, string>;
  /** Files that exist for this case, relative to cwd. */
  files?: Record<string, string>;
  note?: string;
}

export interface PackCases {
  pack: string;
  blocked: RuleCase[];
  allowed: RuleCase[];
}

/** One matched rule, explained. */
export interface Finding {
  rule: string;
  level: Decision;
  reason: string;
  loses?: string;
  safer?: string;
  /** The simple command it matched, as written, and how it was reached. */
  command?: string;
  via?: string[];
  /** The database this finding would destroy, when the rule knows it. */
  database?: string;
}

/** The single answer for one command. */
export interface CommandDecision {
  decision: Decision;
  /** The rule that decided (strictest finding), or null on allow. */
  rule: string | null;
  reason: string;
  loses?: string;
  safer?: string;
  findings: Finding[];
  /** Notes about the policy that was used (e.g. "policy unsigned: strict defaults"). */
  notices?: string[];
}
