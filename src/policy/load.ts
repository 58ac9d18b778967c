import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { yaml } from '../core/yaml-lazy.js';
import { homePaths, PROJECT_POLICY, SYSTEM_PUBLIC_KEY, POLICY_SIGNATURE_SUFFIX } from '../core/paths.js';
import {
  BUILTIN_PROTECTED_PATHS, DEFAULT_APPROVAL_TTL_MINUTES, DEFAULT_DRILL_MAX_AGE_DAYS, formatPolicyError,
  RULE_SETTINGS,
  type EffectivePolicy, type PolicyError, type PolicyFile, type PolicySource, type RuleSetting, type SourcedPattern,
} from './types.js';
import { validatePolicyText, type RuleCatalog } from './validate.js';
import { splitPattern } from './patterns.js';
import { sha256Hex, trustedPublicKey, verifyPolicyFile, type TrustedKey } from './signature.js';

/** Policy files larger than this are refused (and count as broken). */
export const MAX_POLICY_BYTES = 1024 * 1024;

export interface LoadPolicyOptions {
  cwd: string;
  /** $TWOKEY_HOME. */
  home: string;
  catalog: RuleCatalog;
  /** The system trust anchor (default /etc/twokey/public.pem, or $TWOKEY_SYSTEM_DIR). */
  systemKeyPath?: string;
}

/** The built-in policy: every rule at its default level, no patterns. */
export function defaultPolicy(): EffectivePolicy {
  return {
    rules: {},
    allow: [],
    deny: [],
    protect: [],
    protectedPaths: [...BUILTIN_PROTECTED_PATHS],
    approvals: { ttlMinutes: DEFAULT_APPROVAL_TTL_MINUTES },
    drills: { maxAgeDays: DEFAULT_DRILL_MAX_AGE_DAYS },
    broken: false,
    sources: [],
    notices: [],
  };
}

/** `.twokey/policy.yaml` in cwd or the nearest parent, stopping at the git root (the directory holding `.git`) or `/`. */
export function findProjectPolicy(cwd: string): string | null {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, PROJECT_POLICY);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, '.git'))) return null;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The policy files that apply to `cwd`, user first (lower precedence), then project. */
export function policyFilesFor(cwd: string, home: string): { scope: 'user' | 'project'; path: string }[] {
  const out: { scope: 'user' | 'project'; path: string }[] = [];
  const user = homePaths(home).userPolicy;
  if (existsSync(user)) out.push({ scope: 'user', path: user });
  const project = findProjectPolicy(cwd);
  if (project && resolve(project) !== resolve(user)) out.push({ scope: 'project', path: project });
  return out;
}

export type ReadResult = { ok: true; bytes: Buffer; text: string } | { ok: false; error: PolicyError };

/** Read a policy file, bounded and as strict UTF-8. */
export function readPolicyBytes(path: string): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    return { ok: false, error: { file: path, line: 1, column: 1, message: `cannot read the policy: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, fix: 'make the file readable by this user' } };
  }
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_POLICY_BYTES) {
      return { ok: false, error: { file: path, line: 1, column: 1, message: `the policy is ${size} bytes, over the ${MAX_POLICY_BYTES}-byte limit`, fix: 'a policy is a short list of settings: remove what is not needed' } };
    }
    const bytes = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    const exact = bytes.subarray(0, read);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(exact);
    } catch {
      return { ok: false, error: { file: path, line: 1, column: 1, message: 'the policy is not valid UTF-8 text', fix: 'save it as UTF-8' } };
    }
    return { ok: true, bytes: exact, text };
  } catch (err) {
    return { ok: false, error: { file: path, line: 1, column: 1, message: `cannot read the policy: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, fix: 'it must be a readable regular file' } };
  } finally {
    closeSync(fd);
  }
}

interface FileOutcome {
  source: PolicySource;
  /** What to overlay: the whole file when valid; only its stricter parts when broken. */
  overlay: PolicyFile | null;
  broken: boolean;
  notice?: string;
  errors: PolicyError[];
}

/** Load one policy file: verify its signature, then validate. */
export function loadPolicyFile(scope: 'user' | 'project', path: string, trusted: TrustedKey | null, catalog: RuleCatalog): FileOutcome {
  const read = readPolicyBytes(path);
  if (!read.ok) {
    return {
      source: { scope, path, status: 'broken', detail: read.error.message },
      overlay: null,
      broken: true,
      errors: [read.error],
      notice: `twokey: policy ${path} is broken (${read.error.message}); failing closed for destructive commands until it is fixed`,
    };
  }
  const sha256 = sha256Hex(read.bytes);
  const sig = verifyPolicyFile(path, read.bytes, trusted);
  if (sig.status !== 'valid') {
    const status = sig.status === 'unsigned' ? 'ignored-unsigned' : 'ignored-tampered';
    const what = sig.status === 'unsigned' ? 'is not signed' : 'failed its signature check';
    return {
      source: { scope, path, status, sha256, detail: sig.reason },
      overlay: null,
      broken: false,
      errors: [],
      notice: `twokey: policy ${path} ${what} (${sig.reason}): IGNORED, using the built-in strict defaults in its place. A human signs it with \`twokey policy sign ${path}\`.`,
    };
  }
  const result = validatePolicyText(read.text, path, catalog);
  if (result.policy) {
    return { source: { scope, path, status: 'used', sha256 }, overlay: result.policy, broken: false, errors: [] };
  }
  const first = result.errors.slice(0, 3).map(formatPolicyError).join('\n    ');
  return {
    source: { scope, path, status: 'broken', sha256, detail: `${result.errors.length} error(s)` },
    overlay: salvageStrictParts(read.text, catalog),
    broken: true,
    errors: result.errors,
    notice: `twokey: policy ${path} is invalid; failing closed for destructive commands (its allow patterns and relaxed rules are not used) until it is fixed:\n    ${first}${result.errors.length > 3 ? `\n    … and ${result.errors.length - 3} more (twokey policy validate)` : ''}`,
  };
}

/**
 * From a broken policy keep only what makes decisions stricter and is individually well-formed:
 * deny patterns, rules set to deny, protected paths and addresses. Never allow patterns, never off/ask.
 */
export function salvageStrictParts(text: string, catalog: RuleCatalog): PolicyFile | null {
  let data: unknown;
  try {
    const doc = yaml().parseDocument(text, { uniqueKeys: false, version: '1.2' });
    data = doc.toJS({ maxAliasCount: 50 });
  } catch {
    return null;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return null;
  const obj = data as Record<string, unknown>;
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []);
  const out: PolicyFile = { version: 1 };
  out.deny = strings(obj.deny).filter((p) => !splitPattern(p).error);
  out.protect = strings(obj.protect);
  out.protected_paths = strings(obj.protected_paths);
  if (obj.rules && typeof obj.rules === 'object' && !Array.isArray(obj.rules)) {
    const rules: Record<string, RuleSetting> = {};
    for (const [id, level] of Object.entries(obj.rules as Record<string, unknown>)) {
      const known = catalog.ruleIds.has(id) || (id.endsWith('.*') && catalog.packIds.has(id.slice(0, -2)));
      if (known && level === 'deny') rules[id] = 'deny';
    }
    out.rules = rules;
  }
  return out;
}

function sourced(patterns: readonly string[] | undefined, source: string): SourcedPattern[] {
  return (patterns ?? []).map((pattern) => ({ pattern, words: splitPattern(pattern).words, source }));
}

/** Overlay one file on the policy so far: rules by key (later file wins), lists add up, limits take the smaller. */
export function overlayPolicy(base: EffectivePolicy, file: PolicyFile, source: string): EffectivePolicy {
  const rules = { ...base.rules };
  for (const [id, setting] of Object.entries(file.rules ?? {})) if (RULE_SETTINGS.includes(setting)) rules[id] = setting;
  return {
    ...base,
    rules,
    allow: [...base.allow, ...sourced(file.allow, source)],
    deny: [...base.deny, ...sourced(file.deny, source)],
    protect: [...base.protect, ...(file.protect ?? [])],
    protectedPaths: [...base.protectedPaths, ...(file.protected_paths ?? [])],
    approvals: file.approvals?.ttl_minutes === undefined ? base.approvals
      : { ttlMinutes: base.approvals.fromFile ? Math.min(base.approvals.ttlMinutes, file.approvals.ttl_minutes) : file.approvals.ttl_minutes, fromFile: true },
    drills: file.drills?.max_age_days === undefined ? base.drills
      : { maxAgeDays: base.drills.fromFile ? Math.min(base.drills.maxAgeDays, file.drills.max_age_days) : file.drills.max_age_days, fromFile: true },
  };
}

interface CacheEntry { key: string; policy: EffectivePolicy }
const cache = new Map<string, CacheEntry>();

function statKey(path: string): string {
  try {
    const s = statSync(path);
    return `${path}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
  } catch {
    return `${path}:-`;
  }
}

/**
 * The effective policy for a command run in `cwd`: built-in defaults, then $TWOKEY_HOME/policy.yaml,
 * then the project's .twokey/policy.yaml; each file only if signed by the trusted key. Cached per
 * (cwd, home) and re-read whenever a policy, signature or key file changes.
 */
export function loadPolicy(opts: LoadPolicyOptions): EffectivePolicy {
  const systemKeyPath = opts.systemKeyPath ?? SYSTEM_PUBLIC_KEY;
  const files = policyFilesFor(opts.cwd, opts.home);
  const watched = [systemKeyPath, homePaths(opts.home).publicKey, ...files.flatMap((f) => [f.path, `${f.path}${POLICY_SIGNATURE_SUFFIX}`])];
  const key = `${files.map((f) => f.scope).join(',')}|${watched.map(statKey).join('|')}`;
  const cacheKey = `${resolve(opts.cwd)}\0${opts.home}`;
  const hit = cache.get(cacheKey);
  if (hit && hit.key === key) return hit.policy;

  let policy = defaultPolicy();
  const trusted = files.length ? trustedPublicKey(opts.home, systemKeyPath) : null;
  for (const f of files) {
    const outcome = loadPolicyFile(f.scope, f.path, trusted, opts.catalog);
    policy.sources.push(outcome.source);
    if (outcome.notice) policy.notices.push(outcome.notice);
    if (outcome.overlay) policy = overlayPolicy(policy, outcome.overlay, f.path);
    if (outcome.broken) policy.broken = true;
  }
  if (cache.size > 256) cache.clear();
  cache.set(cacheKey, { key, policy });
  return policy;
}

/** Validate files without the signature check (for `twokey policy validate`). */
export function validatePolicyFile(path: string, catalog: RuleCatalog): { policy: PolicyFile | null; errors: PolicyError[] } {
  const read = readPolicyBytes(path);
  if (!read.ok) return { policy: null, errors: [read.error] };
  return validatePolicyText(read.text, path, catalog);
}
