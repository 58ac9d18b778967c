/**
 * Path classification for the filesystem-facing rules: what a path names (the root, a system directory,
 * the home directory, a `.git` directory, Terraform state, a backup, a database directory, an unscoped glob,
 * a path built on an empty variable, …) once `~`, `$HOME`, known variables, `.` and `..` are resolved.
 * Pure: the caller passes cwd, home and the environment; nothing here touches the disk.
 */
import { posix } from 'node:path';
import { bashPatternRegExp } from '../core/glob.js';

export interface PathContext {
  cwd: string;
  home: string;
  /** Environment the command sees (its own assignments merged over the inherited ones). */
  env: Readonly<Record<string, string | undefined>>;
  protectedPaths?: readonly string[];
  /** The command runs in a directory only known at run time: a relative path names nothing known. */
  cwdUnknown?: boolean;
  /** The agent's project directory, when the command runs elsewhere (`cd .. && rm -rf proj`). */
  projectDir?: string;
}

/** What a path (or glob) names, most dangerous first. */
export type PathKind =
  | 'root' // `/`, `/*`, a path built on an empty variable that lands on `/`
  | 'system' // /etc, /usr, /var/lib, /home, /Users … and their direct children
  | 'home' // the home directory itself, or everything in it
  | 'home-important' // ~/.ssh, ~/Documents, ~/.aws …
  | 'cwd' // the working directory itself (`.`, `./`, `$PWD`), or its parent
  | 'cwd-glob' // every entry of the working directory (`*`, `./*`, `.*`)
  | 'git-dir' // a .git directory, or the object store / refs inside it
  | 'tfstate' // *.tfstate, *.tfstate.backup, terraform.tfstate.d
  | 'database' // pgdata, /var/lib/postgresql, *.sqlite, *.db, dump.rdb …
  | 'backup' // backup(s) directories, *.bak, *.dump, *.sql.gz …
  | 'protected' // matches a policy-protected path
  | 'unknown-variable' // depends on a variable whose value is unknown (could be empty)
  | 'dynamic' // a command substitution or other expansion that cannot be resolved
  | 'outside' // outside the working directory and the temp dirs
  | 'temp' // under /tmp, /var/tmp, $TMPDIR
  | 'build' // a regenerable build/cache directory (node_modules, dist, target, …)
  | 'inside'; // inside the working directory

export interface PathInfo {
  kind: PathKind;
  /** The absolute, normalised path (globs kept), or null when it could not be resolved. */
  resolved: string | null;
  /** Short human explanation for messages. */
  note: string;
}

const SYSTEM_TOP = new Set([
  'bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib32', 'lib64', 'libx32', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv',
  'sys', 'usr', 'var', 'Users', 'System', 'Library', 'Applications', 'Volumes', 'private', 'snap', 'nix', 'data', 'cores',
]);

const HOME_IMPORTANT = new Set([
  '.ssh', '.aws', '.gnupg', '.config', '.kube', '.docker', '.azure', '.gcloud', '.terraform.d', '.local', '.password-store',
  'Documents', 'Desktop', 'Downloads', 'Pictures', 'Music', 'Movies', 'Videos', 'Library', 'Dropbox', 'src', 'code', 'projects',
  'Projects', 'work', 'dev', 'go', 'repos', 'git', 'workspace', '.bash_history', '.zsh_history', '.twokey', 'backups', 'Backups',
]);

/** A glob segment that matches every entry of a directory. */
const UNSCOPED_SEGMENT = /^(\.?\*+|\*\.\*|\.\[!.\]\*|\.\?\*|\?\*|\[!.\]\*|\{\*,\.\*\})$/;
// `*`, `.*`, `*` then `/*`: every segment matches everything; `*` then `/nested` names only entries called nested
function unscopedGlob(rest: string): boolean {
  const segs = rest.split('/').filter((seg) => seg !== '');
  return segs.length > 0 && segs.every((seg) => UNSCOPED_SEGMENT.test(seg));
}

/** Caches under the home directory that tools re-create by themselves. */
const HOME_CACHES = ['.cache', '.npm', '.yarn/cache', '.pnpm-store', '.local/share/pnpm', '.gradle/caches', '.m2/repository', '.cargo/registry', '.cargo/git', 'go/pkg/mod', 'Library/Caches', '.bun/install/cache', '.deno', '.nuget/packages', '.ivy2/cache', '.sbt', '.cocoapods', '.rustup/tmp', '.local/share/Trash', '.Trash'];

/** Regenerable directories: deleting them costs a rebuild, never data. */
export const BUILD_DIR_NAMES = new Set([
  'node_modules', 'dist', 'build', 'out', 'target', '.next', '.nuxt', '.svelte-kit', '.turbo', '.parcel-cache', '.cache', 'coverage',
  '.nyc_output', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.nox', '.venv', 'venv', '.gradle', '.terraform',
  'tmp', '.tmp', 'temp', '.eggs', '.angular', '.expo', 'vendor', 'bower_components', '.sass-cache', '.vite', 'storybook-static', 'obj',
  'cmake-build-debug', 'cmake-build-release', '.dart_tool', 'Pods', 'DerivedData', 'lib-cov', '.serverless', '.aws-sam', '.webpack',
]);

const TEMP_ROOTS = ['/tmp', '/var/tmp', '/private/tmp', '/private/var/tmp', '/dev/shm', '/private/var/folders', '/var/folders'];

const DATABASE_DIRS = [
  /^\/var\/lib\/(postgresql|pgsql|mysql|mariadb|mongodb|mongo|redis|cassandra|clickhouse|elasticsearch|opensearch|influxdb|etcd|couchdb|neo4j|docker\/volumes|containers\/storage\/volumes)(\/|$)/,
  /^\/var\/lib\/docker(\/|$)/,
  /^\/usr\/local\/var\/(postgres|postgresql@[^/]+|mysql|mongodb|redis)(\/|$)/,
  /^\/opt\/homebrew\/var\/(postgres|postgresql@[^/]+|mysql|mongodb|redis)(\/|$)/,
];
const DATABASE_NAMES = /^(pgdata|pg_data|postgres-data|postgres_data|mysql-data|mysql_data|mongo-data|mongo_data|mongodb-data|redis-data|db-data|db_data|pg_wal|pg_xlog)$/i;
const DATABASE_FILE = /\.(sqlite|sqlite3|db|db3|s3db|sl3|mdb|accdb|ldb|ibd|frm|myd|myi|rdb|aof|duckdb|realm|fdb|gdb|wt)$/i;
const DATABASE_FILE_EXACT = /^(dump\.rdb|appendonly\.aof|ibdata\d*|pg_control)$/;

const TFSTATE_FILE = /\.tfstate(\.backup|\.bak|\.[0-9]+\.backup)?$/i;
const TFSTATE_DIR = /^terraform\.tfstate\.d$/;

const BACKUP_NAME = /(^|[._-])(backups?|bak|bkp|bkup|dumps?)([._-]|$)/i;
const BACKUP_FILE = /\.(bak|dump|sql\.gz|sql\.bz2|sql\.xz|sql\.zst|dump\.gz|pgdump|bson|archive|bkp|backup|tar\.gz\.bak)$/i;

/** Strip one level of trailing slashes (but keep `/`). */
function trimSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') || '/' : p;
}

/** `posix.normalize` that keeps `/` for the root and resolves `..` past the root to the root. */
export function normalizeAbs(p: string): string {
  const n = posix.normalize(p);
  return trimSlash(n.startsWith('//') ? n.replace(/^\/+/, '/') : n);
}

export function hasGlob(word: string): boolean {
  return /[*?[]/.test(word);
}

/** Is `p` equal to or below `dir` (both absolute, normalised)? */
export function isUnder(p: string, dir: string): boolean {
  if (dir === '/') return true;
  return p === dir || p.startsWith(`${dir}/`);
}

export interface ExpandedWord {
  /** The word with every variable it could resolve substituted; unknown ones replaced by '' . */
  value: string;
  /** Names of variables whose value is unknown or empty (they were replaced by ''). */
  unknown: string[];
  /** Command substitution, arithmetic or other expansion that cannot be resolved. */
  opaque: boolean;
}

/**
 * Substitute `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?msg}` with what the environment
 * knows; an unknown variable becomes '' (the bash default for an unset variable) and is reported.
 * `~` at the start becomes home.
 */
export function expandWord(word: string, ctx: PathContext): ExpandedWord {
  const unknown: string[] = [];
  let opaque = false;
  // `$(pwd)` / `pwd` in backquotes print the directory the command runs in, the same as $PWD
  const withPwd = word.replace(/\$\(\s*pwd(?:\s+-[LP])?\s*\)|`\s*pwd(?:\s+-[LP])?\s*`/g, () => ctx.cwd);
  if (/\$\(|`|\$\(\(|<\(|>\(/.test(withPwd)) opaque = true;
  let value = withPwd.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced, op, arg, bare) => {
    const name = (braced ?? bare) as string;
    const v = lookup(name, ctx);
    if (op) {
      const emptyCounts = String(op).startsWith(':');
      const set = v !== undefined && (!emptyCounts || v !== '');
      const kind = String(op).slice(-1);
      if (kind === '-' || kind === '=') return set ? v! : String(arg ?? '');
      if (kind === '?') {
        if (set) return v!;
        // bash aborts the command when the variable is unset: nothing would run
        return '\u0000';
      }
      if (kind === '+') return set ? String(arg ?? '') : '';
    }
    if (v === undefined || v === '') { unknown.push(name); return ''; }
    return v;
  });
  if (/\$[0-9@*#?$!-]/.test(value)) opaque = true;
  // any other expansion (`${x,,}`, `${x%.bak}`, `${a[@]}`, `${!ref}`, `${x:1}`, `${@}`) is not worked out here
  if (/\$\{/.test(withPwd.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=?+])([^}]*))?\}/g, ''))) opaque = true;
  if (value === '~' || value.startsWith('~/')) value = ctx.home + value.slice(1);
  return { value, unknown, opaque };
}

function lookup(name: string, ctx: PathContext): string | undefined {
  if (name === 'HOME') return ctx.home;
  if (name === 'PWD') return ctx.cwd;
  return ctx.env[name];
}

/** Resolve a literal path word against cwd and home (no variables). */
export function resolvePath(word: string, ctx: PathContext): string {
  let w = word;
  if (w === '~' || w.startsWith('~/')) w = ctx.home + w.slice(1);
  else if (/^~[A-Za-z_][\w.-]*(\/|$)/.test(w)) w = `${posix.dirname(normalizeAbs(ctx.home))}/${w.slice(1)}`; // ~user: another user's home
  const abs = w.startsWith('/') ? w : posix.join(ctx.cwd, w);
  return normalizeAbs(abs);
}

/** Minimal glob matcher for protected-path globs: `*` (no slash), `**` (any), `?`. */
export function globMatch(glob: string, path: string): boolean {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') { re += '.*'; i++; if (glob[i + 1] === '/') i++; continue; }
    if (c === '*') { re += '[^/]*'; continue; }
    if (c === '?') { re += '[^/]'; continue; }
    re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(path);
}

function protectedMatch(abs: string, ctx: PathContext): string | undefined {
  for (const g of ctx.protectedPaths ?? []) {
    const glob = g.startsWith('~/') ? ctx.home + g.slice(1) : g.startsWith('/') || g.startsWith('**') ? g : posix.join(ctx.cwd, g);
    if (globMatch(glob, abs) || globMatch(glob, `${abs}/`) || globMatch(`${glob}/**`, abs) || (!g.includes('/') && globMatch(g, posix.basename(abs)))) return g;
  }
  return undefined;
}

/** Data categories by name alone (independent of where the path is). */
export function dataKindOf(abs: string): { kind: 'git-dir' | 'tfstate' | 'database' | 'backup'; note: string } | null {
  const parts = abs.split('/').filter(Boolean);
  const base = parts[parts.length - 1] ?? '';
  const gitIdx = parts.indexOf('.git');
  if (gitIdx >= 0) {
    const inside = parts.slice(gitIdx + 1);
    if (inside.length === 0) return { kind: 'git-dir', note: `${abs} is a git repository's .git directory (all history, stashes and unpushed commits)` };
    if (['objects', 'refs', 'logs', 'packed-refs', 'HEAD', 'index', 'modules', 'worktrees', 'lfs'].includes(inside[0]) && !/\.lock$/.test(base)) {
      return { kind: 'git-dir', note: `${abs} is part of git's object store or refs` };
    }
  }
  if (parts.some((p) => TFSTATE_DIR.test(p)) || TFSTATE_FILE.test(base) || (base === '*' && false)) {
    return { kind: 'tfstate', note: `${abs} is Terraform state (the only record of what Terraform manages)` };
  }
  if (DATABASE_DIRS.some((r) => r.test(abs)) || parts.some((p) => DATABASE_NAMES.test(p)) || (DATABASE_FILE.test(base) && !/^thumbs\.db$/i.test(base)) || DATABASE_FILE_EXACT.test(base)) {
    return { kind: 'database', note: `${abs} holds database files` };
  }
  if (parts.some((p) => /^(backups?|bak|bkp|dumps?)$/i.test(p)) || BACKUP_FILE.test(base) || BACKUP_NAME.test(base)) {
    return { kind: 'backup', note: `${abs} is a backup or dump` };
  }
  return null;
}

/** Names that hold data wherever they are, for globs that spell them (`.gi?`, `.[g]it`, `terraform.*`, `backup?`). */
const WELL_KNOWN_DATA_NAMES = ['.git', 'terraform.tfstate', 'terraform.tfstate.backup', 'terraform.tfstate.d', 'backups', 'backup', 'dumps', 'db.sqlite3', 'db.sqlite', 'database.sqlite', 'development.sqlite3', 'production.sqlite3', 'data.db', 'app.db', 'dev.db', 'prod.db', 'pgdata'];

/**
 * The well-known data name a glob segment matches, when the pattern spells enough of it to be aimed at it
 * (at least two literal characters: `.gi?` and `back*` do, `b*` does not).
 */
export function globSpellsDataName(segment: string): string | null {
  if (!hasGlob(segment)) return null;
  const literals = segment.replace(/\[[^\]]*\]+|[*?]/g, '').length;
  if (literals < 2) return null;
  const re = bashPatternRegExp(segment, true);
  return re ? WELL_KNOWN_DATA_NAMES.find((n) => re.test(n)) ?? null : null;
}

/** Does a glob's pattern name data by itself (`*.tfstate`, `*.db`, `*.bak`)? */
export function globNamesData(pattern: string): { kind: 'tfstate' | 'database' | 'backup'; note: string } | null {
  const base = posix.basename(pattern);
  const probe = base.replace(/\*/g, 'x').replace(/\?/g, 'x').replace(/\[[^\]]*\]/g, 'x');
  const k = dataKindOf(`/${probe}`);
  if (k && k.kind !== 'git-dir') return { kind: k.kind, note: `${pattern} matches ${k.kind === 'tfstate' ? 'Terraform state files' : k.kind === 'database' ? 'database files' : 'backups'}` };
  return null;
}

export function isTempPath(abs: string, ctx: PathContext): boolean {
  const roots = [...TEMP_ROOTS];
  const t = ctx.env.TMPDIR;
  if (t && t.startsWith('/')) roots.push(normalizeAbs(t));
  return roots.some((r) => abs !== r && isUnder(abs, r));
}

/**
 * `$TMPDIR/name`, `${TMPDIR}/name/sub`: a concrete name inside the temp directory, by convention. Not `$TMPDIR`
 * alone, globs or `..`. (The caller first rules out names that would land on a system path if TMPDIR were
 * empty, such as `$TMPDIR/etc`.)
 */
function tempSubpathOfTmpdir(word: string, unknownVars: readonly string[]): boolean {
  if (unknownVars.some((v) => v !== 'TMPDIR')) return false;
  const m = /^\$(?:TMPDIR|\{TMPDIR\})\/+(.+)$/.exec(word);
  if (!m) return false;
  const rest = m[1];
  if (/[$`*?[\]{}\\]/.test(rest)) return false;
  const segs = rest.split('/').filter((x) => x !== '' && x !== '.');
  return segs.length > 0 && !segs.includes('..');
}

/** Is `abs` a temp root itself (/tmp, /var/tmp, $TMPDIR), whose contents belong to every process? */
export function isTempRoot(abs: string, ctx: PathContext): boolean {
  const t = ctx.env.TMPDIR;
  return TEMP_ROOTS.includes(abs) || (t !== undefined && t.startsWith('/') && normalizeAbs(t) === abs);
}

/** System files that no project command should delete or empty, even one at a time (/etc/passwd, /boot/…, /usr/bin/…). */
export function isSystemFile(abs: string): boolean {
  return /^\/(etc|boot|usr|bin|sbin|lib|lib32|lib64|libx32|System)(\/|$)/.test(abs) || /^\/var\/lib\/./.test(abs);
}

/**
 * Classify one path word as a deletion target. `dynamic` says the word still holds an unresolved expansion.
 * The result is the most dangerous thing the word could name.
 */
export function classifyPath(word: string, dynamic: boolean, ctx: PathContext): PathInfo {
  let literal = word;
  let unknownVars: string[] = [];
  if (dynamic || /\$|`/.test(word)) {
    const ex = expandWord(word, ctx);
    if (ex.value.includes('\u0000')) return { kind: 'inside', resolved: null, note: `${word} aborts when its variable is unset` };
    if (ex.opaque) return { kind: 'dynamic', resolved: null, note: `${word} depends on a command substitution or expansion that cannot be known before it runs` };
    unknownVars = ex.unknown;
    literal = ex.value;
    if (unknownVars.length > 0) {
      // bash: an unset variable expands to nothing. What is left is what rm would see.
      const leftover = literal === '' ? '' : resolvePath(literal, ctx);
      const wordStartsWithVar = /^["']?\$/.test(word);
      if (literal === '' || literal === '/' || leftover === '/') {
        return { kind: 'unknown-variable', resolved: null, note: `${word} depends on $${unknownVars[0]}; if it is empty this targets ${literal === '' ? 'nothing or the current directory' : '/'}` };
      }
      if (wordStartsWithVar && literal.startsWith('/')) {
        const inner = classifyLiteral(literal, ctx);
        if (inner.kind === 'root' || inner.kind === 'system') {
          return { kind: 'root', resolved: inner.resolved, note: `${word} becomes ${literal} when $${unknownVars[0]} is empty or unset` };
        }
        if (tempSubpathOfTmpdir(word, unknownVars)) {
          return { kind: 'temp', resolved: null, note: `${word} is a named path inside $TMPDIR, the temporary directory` };
        }
        return { kind: 'unknown-variable', resolved: null, note: `${word} depends on $${unknownVars[0]}, whose value is unknown here (empty, it would be ${literal})` };
      }
      const inner = classifyLiteral(literal, ctx);
      if (['root', 'system', 'home', 'home-important', 'git-dir', 'tfstate', 'database', 'backup', 'protected', 'cwd', 'cwd-glob'].includes(inner.kind)) return inner;
      return { kind: 'unknown-variable', resolved: null, note: `${word} depends on $${unknownVars[0]}, whose value is unknown here` };
    }
  }
  return classifyLiteral(literal, ctx);
}

/** Classify a path with no variables left. */
export function classifyLiteral(word: string, ctx: PathContext): PathInfo {
  if (ctx.cwdUnknown && !word.startsWith('/') && !word.startsWith('~')) {
    return { kind: 'dynamic', resolved: null, note: `${word} is relative to a directory only known at run time (cd "$X", env -C "$X", find -execdir), so it could name anything there` };
  }
  const globbed = hasGlob(word);
  const abs = resolvePath(word, ctx);
  const cwd = normalizeAbs(ctx.cwd);
  const home = normalizeAbs(ctx.home);
  // when the working directory is `/`, "inside the working directory" means nothing
  const cwdIsRoot = cwd === '/';
  // a glob: judge the directory it enumerates, and what the pattern names
  let dirOfGlob: string | null = null;
  if (globbed) {
    const firstGlob = abs.split('/').findIndex((seg) => hasGlob(seg));
    const segs = abs.split('/');
    dirOfGlob = normalizeAbs(segs.slice(0, firstGlob).join('/') || '/');
    const named = globNamesData(abs);
    if (named) return { kind: named.kind, resolved: abs, note: named.note };
    // `.gi?`, `.[g]it`, `terraform.*`, `backup?`: a pattern that spells a well-known data name is aimed at it
    const lastSegment = abs.split('/').pop() ?? '';
    const spelled = globSpellsDataName(lastSegment);
    if (spelled) {
      const spelledPath = `${abs.slice(0, abs.length - lastSegment.length)}${spelled}`;
      const data = dataKindOf(spelledPath);
      if (data) return { kind: data.kind, resolved: spelledPath, note: `${word} matches ${spelled}: ${data.note}` };
    }
  }
  const target = dirOfGlob ?? abs;
  if (target === '/') return { kind: 'root', resolved: abs, note: globbed ? `${word} expands to every top-level directory` : 'the filesystem root' };
  const data = dataKindOf(abs);
  // a copy of a state in a temp directory outside the project (how twokey says to look at an old state)
  if (data?.kind === 'tfstate' && !globbed && isTempPath(abs, ctx) && !isUnder(abs, cwd)) return { kind: 'temp', resolved: abs, note: `${abs} is a copy of a state in a temporary directory` };
  if (data) return { kind: data.kind, resolved: abs, note: data.note };
  if (abs.includes('/.git/') && /\.lock$/.test(abs)) return { kind: 'inside', resolved: abs, note: `${abs} is a git lock file` };
  // messages git writes for an editor and reads once (a merge, a commit, a squash, a tag): no history in them
  if (/\/\.git\/(?:MERGE_MSG|COMMIT_EDITMSG|SQUASH_MSG|TAG_EDITMSG|gc\.log)$/.test(abs)) return { kind: 'inside', resolved: abs, note: `${abs} is a message file git writes for an editor` };
  // the bookkeeping of a stuck rebase, cherry-pick or revert: git itself says to remove it (rm -fr .git/rebase-merge)
  if (/\/\.git\/(?:rebase-merge|rebase-apply|sequencer)\/?$/.test(abs)) return { kind: 'inside', resolved: abs, note: `${abs} is the state of an interrupted rebase or cherry-pick (the commits stay in the reflog)` };
  if (dirOfGlob) {
    const dataDir = dataKindOf(dirOfGlob);
    if (dataDir) return { kind: dataDir.kind, resolved: abs, note: `${word} empties ${dataDir.note}` };
  }
  const protectedBy = protectedMatch(abs, ctx) ?? (dirOfGlob ? protectedMatch(dirOfGlob, ctx) : undefined);
  if (protectedBy) return { kind: 'protected', resolved: abs, note: `${abs} is protected by the policy (${protectedBy})` };
  // `*`, `.*`, `./*` enumerate everything; `*.log`, `build-*` are scoped by their pattern
  const scopedGlob = globbed && !unscopedGlob(abs.slice(target.length));
  if (target === home && scopedGlob) return { kind: 'outside', resolved: abs, note: `${word} matches files in your home directory` };
  if (target === home) return { kind: 'home', resolved: abs, note: globbed ? `${word} is everything in your home directory` : 'your home directory' };
  if (isUnder(target, home) && !isUnder(cwd, target)) {
    const rel = target.slice(home.length + 1).split('/');
    if (rel.length === 1 && HOME_IMPORTANT.has(rel[0]) && !globbed) return { kind: 'home-important', resolved: abs, note: `${abs} holds keys, credentials or documents` };
    if (rel.length === 1 && HOME_IMPORTANT.has(rel[0]) && globbed) return { kind: 'home-important', resolved: abs, note: `${word} empties ${target}` };
  }
  // a scoped glob in an ancestor of `dir` (`/tmp/foo-*` from /tmp/proj) only names `dir` if it matches its entry there
  const globSpares = (dir: string): boolean => globbed && scopedGlob && target !== dir && isUnder(dir, target)
    && !globMatch(abs, `${target === '/' ? '' : target}/${dir.slice(target === '/' ? 1 : target.length + 1).split('/')[0]}`);
  // after `cd ..` (or `cd /tmp`, pushd, a subshell): the project the agent works in is as much at stake
  if (ctx.projectDir && normalizeAbs(ctx.projectDir) !== cwd) {
    const project = normalizeAbs(ctx.projectDir);
    if (!globSpares(project) && (target === project || isUnder(project, target))) {
      return { kind: 'cwd', resolved: abs, note: target === project ? `${abs} is the project directory (${word} from ${cwd})` : `${abs} contains the project directory ${project}` };
    }
  }
  const globSparesCwd = globSpares(cwd);
  if (!globSparesCwd && (target === cwd || (isUnder(cwd, target) && target !== cwd))) {
    if (globbed && target === cwd && scopedGlob) return { kind: 'inside', resolved: abs, note: `${word} matches some files of the working directory` };
    if (globbed && target === cwd) return { kind: 'cwd-glob', resolved: abs, note: `${word} is everything in the working directory ${cwd}` };
    return { kind: 'cwd', resolved: abs, note: target === cwd ? `${abs} is the working directory itself` : `${abs} contains the working directory` };
  }
  if (!cwdIsRoot && isUnder(target, cwd)) {
    const base = posix.basename(target);
    if (BUILD_DIR_NAMES.has(base)) return { kind: 'build', resolved: abs, note: `${abs} is a regenerable build directory` };
    return { kind: 'inside', resolved: abs, note: `${abs} is inside the working directory` };
  }
  if (TEMP_ROOTS.includes(target) || isTempPath(target, ctx) || (globbed && isTempPath(abs, ctx))) return { kind: 'temp', resolved: abs, note: `${abs} is under a temporary directory` };
  if (isUnder(target, home)) {
    const rel = target.slice(home.length + 1);
    if (HOME_CACHES.some((c) => rel === c || rel.startsWith(`${c}/`))) return { kind: 'build', resolved: abs, note: `${abs} is a cache that tools re-create` };
  }
  const segs = target.split('/').filter(Boolean);
  if (segs.length > 0 && SYSTEM_TOP.has(segs[0]) && !isUnder(target, home) && (cwdIsRoot || !isUnder(target, cwd))) {
    if (segs.length <= 2 || (segs[0] === 'var' && segs[1] === 'lib' && segs.length <= 3) || (segs[0] === 'usr' && segs.length <= 3)) {
      return { kind: 'system', resolved: abs, note: `${abs} is a system directory` };
    }
  }
  if (!cwdIsRoot && isUnder(target, cwd)) {
    const base = posix.basename(target);
    if (BUILD_DIR_NAMES.has(base)) return { kind: 'build', resolved: abs, note: `${abs} is a regenerable build directory` };
    return { kind: 'inside', resolved: abs, note: `${abs} is inside the working directory` };
  }
  const base = posix.basename(target);
  if (BUILD_DIR_NAMES.has(base) || target.split('/').some((s) => s === 'node_modules')) return { kind: 'build', resolved: abs, note: `${abs} is a regenerable build directory` };
  if (target === home || isUnder(target, home)) return { kind: 'outside', resolved: abs, note: `${abs} is in your home directory, outside the working directory` };
  return { kind: 'outside', resolved: abs, note: `${abs} is outside the working directory` };
}

/** Kinds whose recursive deletion is irreversible loss of something that matters. */
export const DENY_ON_RECURSIVE_DELETE: ReadonlySet<PathKind> = new Set(['root', 'system', 'home', 'home-important', 'cwd', 'cwd-glob', 'git-dir', 'tfstate', 'database', 'backup', 'protected']);

/** Kinds that need a human look before a recursive delete. */
export const ASK_ON_RECURSIVE_DELETE: ReadonlySet<PathKind> = new Set(['unknown-variable', 'dynamic', 'outside']);

/** Is this basename Terraform's live state (what a plain `terraform` run reads)? */
export function isLiveStateName(p: string): boolean {
  const base = posix.basename(p);
  // a name stamped at run time (`state-$(date +%F).tfstate`) is a new copy, not the live state
  if (base !== 'terraform.tfstate' && /\$\(|`|\$\{?[A-Za-z_]/.test(base)) return false;
  return base === 'terraform.tfstate' || /\.tfstate$/i.test(base) && !/(backup|bak|old|copy|orig|\d{6,}|\d{4}-\d{2}-\d{2})/i.test(base);
}
