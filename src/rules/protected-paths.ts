import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_PROTECTED_PATHS } from '../policy/types.js';
import { pathGlobToRegExp } from '../policy/patterns.js';

/**
 * Which paths belong to the human side of twokey, and which an agent must not touch. Used by the self
 * pack (shell commands) and by the agent hooks' file-edit guard (Write/Edit/MultiEdit/NotebookEdit).
 *
 * Categories, strictest first:
 *   twokey-home     $TWOKEY_HOME (default ~/.twokey): the private key, approvals, requests, journal,
 *                   ledger, state backups, user policy and its signature.
 *   trust-anchor    the system trust anchor directory (/etc/twokey, or $TWOKEY_SYSTEM_DIR).
 *   project-policy  any `.twokey/` directory (the project policy and its signature).
 *   agent-hooks     each agent's hook settings (Claude Code, Codex, Gemini CLI, Cursor, Copilot, opencode).
 *   twokey-install  twokey's own bin/ and dist/ (replacing them replaces the guard; reading is fine).
 * Reading is refused too for the first four (the issue's rule: key, anchor, approvals, journal, policy,
 * hook settings), so an agent does not study its guard's configuration or copy the sealed key.
 *   state / policy  Terraform state files and the policy's protected_paths globs (writing: ask).
 */
export type ProtectedCategory = 'twokey-home' | 'trust-anchor' | 'project-policy' | 'agent-hooks' | 'twokey-install' | 'state' | 'policy' | 'runs-later';

export interface ProtectedVerdict {
  protected: boolean;
  reason: string;
  category?: ProtectedCategory;
  /** Reading it is also refused (secrets and approvals), not only writing. */
  readProtected?: boolean;
  /** The path is a parent directory of a protected place (`rm -rf ~`), not the place itself. */
  ancestor?: boolean;
  /** 'deny' for twokey's own files and the agents' hook settings; 'ask' for state and policy globs. */
  level?: 'ask' | 'deny';
}

export interface ProtectedPathOptions {
  cwd: string;
  /** The user's home directory (for `~`, ~/.claude, ~/.codex, …). */
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Path globs from the policy (protected_paths) plus built-ins; default: the built-ins. */
  globs?: readonly string[];
}

const NOT_PROTECTED: ProtectedVerdict = { protected: false, reason: '' };
const TEMP_DIRS = ['/tmp', '/var/tmp', '/private/tmp', '/private/var/tmp'];

/** Hook settings files, as patterns over an absolute path (any directory: user level or project level). */
const AGENT_HOOK_PATTERNS: { re: RegExp; agent: string }[] = [
  { re: /\/\.claude\/settings(\.[^/]*)?\.json$/, agent: 'Claude Code' },
  { re: /\/\.claude\/hooks(\/|$)/, agent: 'Claude Code' },
  { re: /\/\.codex\/(hooks\.json|config\.toml)$/, agent: 'Codex' },
  { re: /\/\.gemini\/settings\.json$/, agent: 'Gemini CLI' },
  { re: /\/\.cursor\/hooks\.json$/, agent: 'Cursor' },
  { re: /\/\.github\/hooks\/[^/]+\.json$/, agent: 'Copilot' },
  { re: /\/\.copilot\/(hooks\/[^/]+\.json|config\.json)$/, agent: 'Copilot CLI' },
  { re: /\/\.config\/opencode\/(plugins?(\/|$)|opencode\.jsonc?$)/, agent: 'opencode' },
  { re: /\/\.opencode\/plugins?(\/|$)/, agent: 'opencode' },
];

/** Directories whose removal or move disables an agent's hooks, relative to a home or project root. */
const AGENT_HOOK_DIRS = ['.claude', '.codex', '.gemini', '.cursor', join('.github', 'hooks'), '.copilot', join('.config', 'opencode'), '.opencode'];

export function twokeyHomeOf(opts: Pick<ProtectedPathOptions, 'home' | 'env'>): string {
  const t = opts.env.TWOKEY_HOME;
  return resolve(t && t.trim() !== '' ? t : join(opts.home, '.twokey'));
}

export function trustAnchorDirOf(env: Readonly<Record<string, string | undefined>>): string {
  const d = env.TWOKEY_SYSTEM_DIR;
  return resolve(d && d.trim() !== '' ? d : '/etc/twokey');
}

let installRootCache: string | null | undefined;
/** The twokey package root (holding package.json named "twokey"), found once from this module's location. */
export function twokeyInstallRoot(): string | null {
  if (installRootCache !== undefined) return installRootCache;
  installRootCache = null;
  try {
    let dir = dirname(fileURLToPath(import.meta.url));
    for (let i = 0; i < 6; i++) {
      const pkg = join(dir, 'package.json');
      if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'twokey') {
        installRootCache = realOrSame(dir);
        break;
      }
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  } catch { /* unknown install root: nothing extra protected */ }
  return installRootCache;
}

function realOrSame(p: string): string {
  try { return realpathSync(p); } catch { return p; }
}

function within(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

const globCache = new Map<string, RegExp>();
function globRe(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) { re = pathGlobToRegExp(glob); globCache.set(glob, re); }
  return re;
}

/** Does an absolute path match a policy glob? Globs without a leading `/` match at any depth. */
function matchesGlob(p: string, glob: string): boolean {
  const g = glob.startsWith('/') ? glob : glob.startsWith('**/') ? glob : `**/${glob}`;
  return globRe(g.startsWith('/') ? g : `/${g}`).test(p) || globRe(g).test(p.slice(1));
}

/** Is `absPath` one of the paths an agent may not touch? `absPath` may be relative (to cwd). */
export function isProtectedPath(absPath: string, opts: ProtectedPathOptions): ProtectedVerdict {
  const p = resolve(opts.cwd, absPath);
  const home = twokeyHomeOf(opts);
  if (within(p, home)) {
    return { protected: true, category: 'twokey-home', readProtected: true, level: 'deny', reason: `${p} is inside twokey's home (${home}): the private key, approvals, requests, journal and ledger are for the human only` };
  }
  const anchor = trustAnchorDirOf(opts.env);
  if (within(p, anchor)) {
    return { protected: true, category: 'trust-anchor', readProtected: true, level: 'deny', reason: `${p} is twokey's system trust anchor: approvals and policy signatures are checked against it` };
  }
  const segs = p.split(sep);
  if (segs.includes('.twokey')) {
    return { protected: true, category: 'project-policy', readProtected: true, level: 'deny', reason: `${p} is a twokey project policy directory: only a human edits it and signs it (twokey policy sign)` };
  }
  for (const { re, agent } of AGENT_HOOK_PATTERNS) {
    if (re.test(p)) return { protected: true, category: 'agent-hooks', readProtected: true, level: 'deny', reason: `${p} holds ${agent}'s hook settings: an agent may not switch off or rewrite its own guard` };
  }
  const root = twokeyInstallRoot();
  if (root && (within(p, join(root, 'dist')) || within(p, join(root, 'bin')))) {
    return { protected: true, category: 'twokey-install', level: 'deny', reason: `${p} is part of twokey's own installation: replacing it replaces the guard` };
  }
  // files whose content runs as code on a later command, out of the gate's sight: git hooks and git's config
  // (core.fsmonitor, aliases, hooksPath), and the shell's startup files
  const startup = /^\.(bashrc|bash_profile|bash_login|profile|zshrc|zshenv|zprofile|zlogin|kshrc|mkshrc)$/.test(basename(p)) && dirname(p) === resolve(opts.home);
  if (/\/\.git\/hooks\/[^/]+$/.test(p) || /\/\.git\/config$/.test(p) || startup) {
    return { protected: true, category: 'runs-later', level: 'ask', reason: `${p} ${startup ? 'runs in every new shell' : /\/hooks\//.test(p) ? 'is a git hook: git runs it on a later commit, checkout or push' : "is git's configuration, which can make git run programs (core.fsmonitor, aliases, hooksPath)"}: what is written there runs later, unchecked` };
  }
  // a copy in a temp directory outside the project (`git show HEAD:terraform.tfstate > /tmp/old.tfstate`) is
  // the safe way to look at an old state, not a workspace's live record
  const tempCopy = [TEMP_DIRS, opts.env.TMPDIR].flat().some((t) => typeof t === 'string' && t.startsWith('/') && t !== '/' && within(p, t) && p !== t) && !within(p, opts.cwd);
  if ((/\.tfstate(\.backup)?$/.test(p) || segs.includes('terraform.tfstate.d')) && !tempCopy) {
    return { protected: true, category: 'state', level: 'ask', reason: `${p} is Terraform state: overwriting or deleting it by hand can orphan or destroy real infrastructure (the incident began with an old state unpacked over the current one)` };
  }
  for (const glob of opts.globs ?? BUILTIN_PROTECTED_PATHS) {
    if (tempCopy && BUILTIN_PROTECTED_PATHS.includes(glob)) continue; // a policy's own glob still holds there
    if (matchesGlob(p, glob)) return { protected: true, category: 'policy', level: 'ask', reason: `${p} matches the protected path '${glob}'` };
  }
  return NOT_PROTECTED;
}

/**
 * The concrete places whose parent directories must not be removed or moved wholesale (`rm -rf ~/.claude`,
 * `mv ~/.twokey /tmp`): twokey's home, the trust anchor, the install, each agent's hook directory at user
 * level and in the current project.
 */
export function protectedRoots(opts: ProtectedPathOptions): { path: string; verdict: ProtectedVerdict; exactOnly: boolean }[] {
  // User-level places exist on every machine twokey is installed on: their parents count too. Project-level
  // ones (./.claude, ./.twokey) may not exist, and rules cannot look: only the directory itself counts.
  const userLevel: string[] = [twokeyHomeOf(opts), trustAnchorDirOf(opts.env), ...AGENT_HOOK_DIRS.map((d) => join(opts.home, d))];
  const root = twokeyInstallRoot();
  if (root) userLevel.push(join(root, 'dist'), join(root, 'bin'));
  const projectLevel = [join(resolve(opts.cwd), '.twokey'), ...AGENT_HOOK_DIRS.map((d) => join(resolve(opts.cwd), d))];
  const verdict = (path: string) => isProtectedPath(join(path, AGENT_DIR_PROBE[path.split(sep).pop() ?? ''] ?? 'x'), opts);
  return [
    ...userLevel.map((path) => ({ path, verdict: verdict(path), exactOnly: false })),
    ...projectLevel.map((path) => ({ path, verdict: verdict(path), exactOnly: true })),
  ].filter((r) => r.verdict.protected);
}

/** A file inside each agent directory that is protected, to name the directory's verdict. */
const AGENT_DIR_PROBE: Record<string, string> = {
  '.claude': 'settings.json', '.codex': 'hooks.json', '.gemini': 'settings.json', '.cursor': 'hooks.json',
  hooks: 'twokey.json', '.copilot': 'config.json', opencode: 'opencode.json', '.opencode': 'plugins',
};

/** Is `absPath` (a directory being removed, moved or changed recursively) a parent of something protected? */
export function containsProtected(absPath: string, opts: ProtectedPathOptions): ProtectedVerdict {
  const p = resolve(opts.cwd, absPath);
  for (const r of protectedRoots(opts)) {
    if (!r.exactOnly && within(r.path, p) && r.path !== p) {
      return { ...r.verdict, ancestor: true, reason: `${p} contains ${r.path}, which ${r.verdict.reason.replace(/^\S+ (is |holds )/, (_m, v: string) => v)}` };
    }
    if (r.path === p) return r.verdict;
  }
  return NOT_PROTECTED;
}
