import type { CommandRule, RuleContext, RuleHit, RulePack, SimpleCommand } from '../../core/types.js';
import { hasFlag, flagValue, flagValues, positionals } from '../argv.js';
import { containsProtected, isProtectedPath, type ProtectedVerdict } from '../protected-paths.js';
import { isLiveStateName } from '../paths.js';
import { bashPatternRegExp } from '../../core/glob.js';
import { parseFind } from '../find.js';

/**
 * twokey protects itself: an agent may not read the human's key material, approvals or journal, nor
 * write (or move, delete, re-permission) anything that decides what the agent may do: keys, trust
 * anchor, approvals, journal, ledger, policy and signatures, every agent's hook settings, twokey's own
 * install. It may not run the human-only commands (approve, init, policy sign, uninstall) either.
 */

const HUMAN_ONLY = 'Only the human does this, in their own terminal. Ask them, and show them the request id (`twokey requests`).';

// ---------------------------------------------------------------------------
// Turning a word into a path
// ---------------------------------------------------------------------------

/** Expand `~`, `$HOME`, `${HOME}`, `$TWOKEY_HOME`, `$PWD` in a word; null when another expansion remains. */
export function wordToPath(word: string, ctx: RuleContext, env: Readonly<Record<string, string | undefined>>): string | null {
  let w = word;
  if (w === '~' || w.startsWith('~/')) w = ctx.home + w.slice(1);
  const vars: Record<string, string | undefined> = { HOME: ctx.home, TWOKEY_HOME: env.TWOKEY_HOME ?? `${ctx.home}/.twokey`, PWD: ctx.cwd, TWOKEY_SYSTEM_DIR: env.TWOKEY_SYSTEM_DIR };
  w = w.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, name: string) => vars[name] ?? m);
  if (/\$|`/.test(w)) return null;
  if (w === '') return null;
  return w;
}

const GLOB = /[*?[]/;

/** Shell glob (one path) to a regex: `*` and `?` stay within a name and never match a leading dot. */
function shellGlobRe(pattern: string): RegExp {
  let src = '';
  let segStart = true;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') { src += segStart ? '(?!\\.)[^/]*' : '[^/]*'; segStart = false; continue; }
    if (ch === '?') { src += segStart ? '[^/.]' : '[^/]'; segStart = false; continue; }
    if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end > 0) { src += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`; i = end; segStart = false; continue; }
    }
    src += ch.replace(/[.+^${}()|\\]/g, '\\$&');
    segStart = ch === '/';
  }
  return new RegExp(`^${src}$`);
}

function protectionOpts(ctx: RuleContext, env: Readonly<Record<string, string | undefined>>) {
  return { cwd: ctx.cwd, home: ctx.home, env, globs: ctx.protectedPaths.length ? ctx.protectedPaths : undefined };
}

/** Known protected places to test a glob against (`rm ~/.claude/settings*.json`, `cat ~/.twokey/*`). */
function globProbes(ctx: RuleContext, env: Readonly<Record<string, string | undefined>>): string[] {
  const th = env.TWOKEY_HOME ?? `${ctx.home}/.twokey`;
  const out = [th, `${th}/keys`, `${th}/keys/private.key.enc`, `${th}/approvals`, `${th}/requests`, `${th}/journal.sqlite`, `${th}/ledger.json`, `${th}/policy.yaml`, `${th}/policy.yaml.sig`];
  for (const base of [ctx.home, ctx.cwd]) {
    out.push(`${base}/.claude`, `${base}/.claude/settings.json`, `${base}/.claude/settings.local.json`, `${base}/.codex`, `${base}/.codex/hooks.json`, `${base}/.codex/config.toml`,
      `${base}/.gemini`, `${base}/.gemini/settings.json`, `${base}/.cursor`, `${base}/.cursor/hooks.json`, `${base}/.github/hooks/twokey.json`, `${base}/.twokey`, `${base}/.twokey/policy.yaml`, `${base}/.twokey/policy.yaml.sig`);
  }
  out.push(`${ctx.home}/.config/opencode/plugins`, `${ctx.home}/.config/opencode/plugin`, `${ctx.cwd}/.opencode/plugins`, `${ctx.cwd}/terraform.tfstate`);
  return out;
}

type Access = 'read' | 'write';

/** The protection verdict for one word used as a path, or null. `recursive`: the command acts on whole trees. */
function verdictFor(word: string, access: Access, recursive: boolean, ctx: RuleContext, env: Readonly<Record<string, string | undefined>>, literal = false): ProtectedVerdict | null {
  const raw = wordToPath(word, ctx, env);
  if (raw === null) return null;
  const opts = protectionOpts(ctx, env);
  const check = (p: string): ProtectedVerdict | null => {
    const v = isProtectedPath(p, opts);
    if (v.protected && (access === 'write' || v.readProtected)) return v;
    if (recursive) {
      const c = containsProtected(p, opts);
      if (c.protected && (access === 'write' || c.readProtected)) return c;
    }
    return null;
  };
  // a pattern the shell passes as written (`grep -E '.*'`) is one name, not a glob over the file system
  if (!GLOB.test(raw) || literal) return check(raw);
  const abs = raw.startsWith('/') ? raw : `${ctx.cwd.replace(/\/$/, '')}/${raw}`;
  const re = shellGlobRe(abs.replace(/\/+/g, '/'));
  for (const probe of globProbes(ctx, env)) {
    if (re.test(probe)) { const v = check(probe); if (v) return v; }
  }
  return null;
}

// ---------------------------------------------------------------------------
// What a command reads and writes
// ---------------------------------------------------------------------------

/** Commands that only look at names and metadata, or print their arguments: their path words are not reads. */
const METADATA_ONLY = new Set([
  'ls', 'stat', 'file', 'du', 'df', 'test', '[', '[[', 'realpath', 'readlink', 'dirname', 'basename', 'echo', 'printf',
  'cd', 'pushd', 'popd', 'which', 'type', 'command', 'whereis', 'tree', 'exa', 'eza', 'lsattr', 'true', 'false', ':',
  'sleep', 'wc', 'namei', 'export', 'declare', 'typeset', 'local', 'readonly', 'set', 'unset', 'git', 'twokey', 'find', 'fd',
]);

/** Commands that write every path they are given (delete, move, change, create). */
const WRITES_ALL = new Set([
  'rm', 'rmdir', 'unlink', 'shred', 'truncate', 'touch', 'mkdir', 'chmod', 'chown', 'chgrp', 'chattr', 'setfacl',
  'ln', 'mv', 'tee', 'fallocate', 'srm', 'wipe', 'trash', 'trash-put', 'gio', 'mkfifo', 'mknod',
  'vi', 'vim', 'nvim', 'nano', 'emacs', 'ed', 'ex', 'pico', 'micro', 'code', 'subl', 'joe', 'kak', 'hx', 'sqlite3', 'patch',
]);

/** Commands whose last positional (or -t DIR) is the destination, the others are read. */
const COPIES = new Set(['cp', 'install', 'rsync', 'scp', 'sftp', 'rclone']);

const RECURSIVE_FLAGS = ['-r', '-R', '--recursive', '-a', '--archive'];

interface PathUse {
  word: string;
  access: Access;
  recursive: boolean;
  /** Creates the target only if absent (`cp -n`): cannot overwrite an existing state or policy file. */
  noClobber?: boolean;
  /** Acts on selected files of a tree (`find DIR -name X -delete`), not on the whole tree. */
  filtered?: boolean;
}

function redirectUses(cmd: SimpleCommand): PathUse[] {
  const out: PathUse[] = [];
  for (const r of cmd.redirects) {
    if (r.target === null || /^&?\d*-?$/.test(r.target) && (r.op === '>&' || r.op === '<&')) continue;
    if (r.op === '<' || r.op === '<&') out.push({ word: r.target, access: 'read', recursive: false });
    else if (r.op === '<<' || r.op === '<<<') continue;
    else out.push({ word: r.target, access: 'write', recursive: false });
  }
  if (cmd.stdin.kind === 'file') out.push({ word: cmd.stdin.path, access: 'read', recursive: false });
  return out;
}

/** Option values that are paths (`--file=x`, `-f x` is too ambiguous to guess). */
function optionPathValues(words: string[]): string[] {
  return words.filter((w) => w.startsWith('--') && w.includes('=')).map((w) => w.slice(w.indexOf('=') + 1));
}

export function pathUses(cmd: SimpleCommand): PathUse[] {
  const uses = redirectUses(cmd);
  const name = cmd.name;
  const words = cmd.argv.slice(1);
  // mv moves whole trees; -r/-R/-a act on whole trees; so may a word only known when it runs (it can be -r).
  const recursive = hasFlag(cmd, ...RECURSIVE_FLAGS) || name === 'mv' || cmd.dynamic.slice(1).some(Boolean);
  if (name === 'dd') {
    for (const w of words) {
      if (w.startsWith('if=')) uses.push({ word: w.slice(3), access: 'read', recursive: false });
      if (w.startsWith('of=')) uses.push({ word: w.slice(3), access: 'write', recursive: false });
    }
    return uses;
  }
  if (name === 'mv') {
    // The sources leave (whole trees); the destination directory only gains entries: `mv x /tmp/` writes
    // /tmp/x, not everything under /tmp.
    const pos = positionals(cmd, ['-t', '--target-directory', '-S', '--suffix']);
    const target = flagValue(cmd, '-t', '--target-directory');
    const sources = target ? pos : pos.slice(0, -1);
    const dest = target ?? (pos.length > 1 ? pos[pos.length - 1] : undefined);
    for (const w of sources) uses.push({ word: w, access: 'write', recursive: true });
    if (dest !== undefined) {
      uses.push({ word: dest, access: 'write', recursive: false });
      for (const w of sources) {
        const base = w.replace(/\/+$/, '').split('/').pop();
        if (base && base !== '.' && base !== '..') uses.push({ word: `${dest.replace(/\/+$/, '')}/${base}`, access: 'write', recursive: true });
      }
    }
    return uses;
  }
  if (WRITES_ALL.has(name)) {
    for (const w of positionals(cmd, ['-m', '--mode', '-t', '--target-directory', '-S', '--suffix', '-o', '-g', '--reference'])) uses.push({ word: w, access: 'write', recursive });
    for (const w of flagValues(cmd, '-t', '--target-directory')) uses.push({ word: w, access: 'write', recursive: true });
    return uses;
  }
  if (name === 'sed' || name === 'perl' || name === 'ruby') {
    const inPlace = words.some((w) => /^-[A-Za-z]*i/.test(w) || w.startsWith('--in-place'));
    for (const w of positionals(cmd, ['-e', '--expression', '-f', '--file'])) uses.push({ word: w, access: inPlace ? 'write' : 'read', recursive: false });
    return uses;
  }
  if (COPIES.has(name)) {
    const pos = positionals(cmd, ['-t', '--target-directory', '-S', '--suffix', '-m', '--mode', '-o', '-g', '-e', '--rsh', '-P', '-i', '-F', '--exclude', '--include', '--filter']);
    const target = flagValue(cmd, '-t', '--target-directory');
    const sources = target ? pos : pos.slice(0, -1);
    const dest = target ?? pos[pos.length - 1];
    for (const w of sources) uses.push({ word: w.replace(/^[^/:@]+@?[^/:]*:/, ''), access: 'read', recursive });
    const noClobber = hasFlag(cmd, '-n', '--no-clobber') || words.includes('--update=none') || name === 'rsync' && hasFlag(cmd, '--ignore-existing');
    if (dest !== undefined) uses.push({ word: dest, access: 'write', recursive: false, noClobber });
    return uses;
  }
  if (name === 'tar' || name === 'bsdtar' || name === 'unzip' || name === 'zip' || name === '7z' || name === 'cpio') {
    const extract = name === 'unzip' || hasFlag(cmd, '-x', '--extract', '--get') || /^[^-]*x/.test(words[0] ?? '') || words[0] === 'x';
    const dir = flagValue(cmd, '-C', '--directory', '-d');
    if (extract && dir) uses.push({ word: dir, access: 'write', recursive: true });
    if (!extract) for (const w of positionals(cmd, ['-f', '--file', '-C', '--directory', '-T', '--files-from', '-X', '--exclude-from'])) uses.push({ word: w, access: 'read', recursive: true });
    const archive = flagValue(cmd, '-f', '--file');
    if (archive && extract) uses.push({ word: archive, access: 'read', recursive: false });
    return uses;
  }
  if (name === 'git') {
    const sub = positionals(cmd, ['-C', '-c', '--git-dir', '--work-tree', '--namespace'])[0];
    if (['checkout', 'restore', 'rm', 'mv', 'clean', 'apply', 'am'].includes(sub ?? '')) {
      const pos = positionals(cmd, ['-C', '-c', '--git-dir', '--work-tree', '--source', '-s', '-b', '-B']).slice(1);
      for (const w of pos) uses.push({ word: w, access: 'write', recursive: sub === 'rm' || sub === 'clean' });
    }
    return uses;
  }
  if (name === 'find' || name === 'fd') {
    // -delete acts on what it finds; -exec and friends only when they are handed the found paths ({}).
    const execs = ['-exec', '-execdir', '-ok', '-okdir', '-x', '--exec', '-X', '--exec-batch'];
    // A program that only reads what it is handed (`find . -exec grep -l TODO {} +`) changes nothing; any
    // other program handed the found paths may write them.
    const writesWhatItGets = (i: number) => !FIND_EXEC_READERS.has((words[i + 1] ?? '').split('/').pop() ?? '');
    const handsOverPaths = words.some((w, i) => execs.includes(w) && writesWhatItGets(i) && words.slice(i + 1).some((x) => x.includes('{}') || (name === 'fd' && x === '{}')))
      || (name === 'fd' && words.some((w, i) => execs.includes(w) && writesWhatItGets(i)));
    const acts = words.some((w) => ['-delete', '-fprint', '-fprintf', '-fls'].includes(w)) || handsOverPaths;
    // Handing the found paths to a reader reads them: `find ~/.twokey -exec cat {} +` reads the sealed key.
    const readsWhatItFinds = !acts && words.some((w, i) => execs.includes(w) && !writesWhatItGets(i) && words.slice(i + 1).some((x) => x.includes('{}')));
    if (readsWhatItFinds) {
      // Only a name filter narrows what is read (`-name '*.md'` cannot hand over private.key.enc); -type f does not.
      const filtered = words.some((w) => ['-name', '-iname', '-path', '-ipath', '-regex', '-iregex', '-e', '--extension', '-g', '--glob'].includes(w));
      for (const w of words) { if (w.startsWith('-') || w === '(' || w === '!') break; uses.push({ word: w, access: 'read', recursive: true, filtered }); }
    }
    if (acts) {
      const starts: string[] = [];
      for (const w of words) { if (w.startsWith('-') || w === '(' || w === '!') break; starts.push(w); }
      const filtered = words.some((w) => ['-name', '-iname', '-path', '-ipath', '-regex', '-iregex', '-newer', '-mtime', '-type', '-size', '-e', '--extension', '-g', '--glob'].includes(w));
      for (const w of starts) uses.push({ word: w, access: 'write', recursive: true, filtered });
    }
    return uses;
  }
  if (METADATA_ONLY.has(name)) return uses;
  if (SEARCHERS.has(name)) {
    // the first operand is the pattern unless -e/-f (or --regexp/--file) gave it; the rest are files
    const given = hasFlag(cmd, '-e', '-f', '--regexp', '--file');
    const pos = positionals(cmd, ['rg', 'ag', 'ack', 'ack-grep', 'pt'].includes(name) ? RG_VALUES : GREP_VALUES);
    for (const w of given ? pos : pos.slice(1)) uses.push({ word: w, access: 'read', recursive: false });
    for (const w of flagValues(cmd, '-f', '--file')) uses.push({ word: w, access: 'read', recursive: false });
    return uses;
  }
  // Anything else that names a path reads it (cat, less, head, base64, xxd, strings, grep, openssl, curl -T, …).
  for (const w of [...positionals(cmd), ...optionPathValues(words)]) uses.push({ word: w, access: 'read', recursive: false });
  for (const w of flagValues(cmd, '-T', '--upload-file', '-F', '--form', '-d', '--data', '--data-binary')) uses.push({ word: w.replace(/^[^=]*=?@/, ''), access: 'read', recursive: false });
  return uses;
}

/** Text searchers: their first operand is a pattern, not a path. */
const SEARCHERS = new Set(['grep', 'egrep', 'fgrep', 'zgrep', 'rg', 'ag', 'ack', 'ack-grep', 'pt', 'ugrep']);
/** Options that take a value (so it is not an operand): grep's, and those of rg/ag/ack/pt, which differ (-r, -E). */
const GREP_VALUES = [
  '-e', '--regexp', '-f', '--file', '-m', '--max-count', '-A', '--after-context', '-B', '--before-context', '-C', '--context',
  '-d', '--directories', '-D', '--devices', '--include', '--exclude', '--exclude-dir', '--exclude-from', '--label', '--binary-files',
];
const RG_VALUES = [
  '-e', '--regexp', '-f', '--file', '-m', '--max-count', '-A', '--after-context', '-B', '--before-context', '-C', '--context',
  '-g', '--glob', '--iglob', '-t', '--type', '-T', '--type-not', '--type-add', '--type-clear', '-j', '--threads', '-M', '--max-columns',
  '-d', '--max-depth', '--max-filesize', '-r', '--replace', '--sort', '--sortr', '-E', '--encoding', '--ignore-file', '--pre',
  '--pre-glob', '-G', '--file-search-regex', '--ignore', '--ignore-dir', '--path-to-ignore', '--depth',
];

/** Programs that only read the paths find/fd hand them. */
const FIND_EXEC_READERS = new Set([
  'grep', 'egrep', 'fgrep', 'rg', 'ag', 'wc', 'cat', 'head', 'tail', 'less', 'more', 'ls', 'stat', 'file', 'du',
  'md5sum', 'sha1sum', 'sha256sum', 'sha512sum', 'cksum', 'echo', 'printf', 'jq', 'yq', 'diff', 'cmp', 'basename',
  'dirname', 'realpath', 'readlink', 'test', '[', 'true', 'false', 'xxd', 'od', 'strings', 'uniq',
]);

function effectiveEnv(cmd: SimpleCommand, ctx: RuleContext): Record<string, string | undefined> {
  return { ...ctx.env, ...cmd.env };
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

const readSecrets: CommandRule = {
  id: 'self.read-secrets',
  level: 'deny',
  summary: "Reading twokey's key, approvals, requests, journal, ledger, trust anchor, policy or the agents' hook settings",
  commands: ['*'],
  match(cmd, ctx) {
    const env = effectiveEnv(cmd, ctx);
    for (const use of pathUses(cmd)) {
      if (use.access !== 'read') continue;
      const v = verdictFor(use.word, 'read', use.recursive, ctx, env, cmd.quotedPatterns?.includes(use.word));
      // A name-filtered search over a tree that merely contains twokey's files does not read them.
      if (v && !(use.filtered && v.ancestor)) {
        const secret = v.category === 'twokey-home';
        return {
          reason: `this reads ${v.reason}`,
          loses: secret
            ? 'the secrecy of the sealed private key (it can be guessed offline once copied) and of the approvals'
            : 'nothing directly; but the agent has no need to study the guard that stops it',
          safer: secret
            ? 'Use the twokey commands meant for this: `twokey requests`, `twokey journal list|show|verify`.'
            : 'Ask the human about the policy or hook settings; `twokey policy show` prints the policy in force.',
        };
      }
    }
    return null;
  },
};

const writeProtected: CommandRule = {
  id: 'self.write-protected',
  level: 'deny',
  summary: "Writing, moving or deleting twokey's files, the policy, agent hook settings or state files; writing files that run later (git hooks, .git/config, shell startup files: ask)",
  commands: ['*'],
  match(cmd, ctx) {
    const env = effectiveEnv(cmd, ctx);
    let ask: RuleHit | null = null;
    // `terraform state pull > backup.tfstate`: a copy of the state under a new name, the practice twokey recommends
    const statePull = ['terraform', 'tofu', 'terragrunt'].includes(cmd.name) && cmd.argv.includes('state') && cmd.argv.includes('pull');
    for (const use of pathUses(cmd)) {
      if (use.access !== 'write') continue;
      const found = verdictFor(use.word, 'write', use.recursive, ctx, env, cmd.quotedPatterns?.includes(use.word));
      if (!found) continue;
      if (statePull && (found.category === 'state' || found.category === 'policy') && /\.tfstate$/.test(use.word) && !isLiveStateName(use.word)) continue;
      // `cp -n x terraform.tfstate` cannot overwrite a state; twokey's own directories stay closed to new files.
      if (use.noClobber && (found.category === 'state' || found.category === 'policy')) continue;
      // A name-filtered delete over a tree that merely contains twokey's installation (its code, which a
      // deletion only breaks: the hook then fails closed) is not a write to the guard.
      if (use.filtered && found.ancestor && found.category === 'twokey-install') continue;
      // `find ~ -name '*.pyc' -delete` selects files in a tree that contains twokey's: ask, not deny.
      const v = use.filtered && found.ancestor ? { ...found, level: 'ask' as const } : found;
      const hit: RuleHit = {
        reason: `${cmd.name === '' ? 'a redirection' : cmd.name} would change ${v.reason}`,
        loses: v.category === 'state'
          ? 'the record of what Terraform manages: a swapped or deleted state makes the next plan recreate or destroy real resources'
          : v.category === 'runs-later'
            ? 'whatever the written code does when it runs later (a git hook, git configuration or shell startup file is not checked when it runs)'
            : v.category === 'policy'
              ? 'the content of a path the policy protects'
              : 'the guard itself: keys, approvals, journal, policy or hook settings decide what the agent may do',
        safer: v.category === 'state'
          ? 'Let Terraform change its state (terraform state mv/rm through `twokey run`), or ask the human.'
          : v.category === 'runs-later'
            ? 'run the command directly instead of installing it to run later; hooks meant for the project belong in its repository (and a human installs them)'
          : v.category === 'agent-hooks'
            ? 'Ask the human to change the hook settings (`twokey install|uninstall`), and say why.'
            : HUMAN_ONLY,
        level: v.level ?? 'deny',
      };
      if (hit.level === 'deny') return hit;
      ask ??= hit;
    }
    return ask;
  },
};

/** argv of a twokey invocation (`twokey …`, `npx twokey …`, `node …/bin/twokey.js …`), or null. */
export function twokeyArgs(cmd: SimpleCommand): string[] | null {
  const a = cmd.argv;
  if (cmd.name === 'twokey') return a.slice(1);
  if ((cmd.name === 'npx' || cmd.name === 'pnpx' || cmd.name === 'bunx') && a.length > 1) {
    const i = a.findIndex((w, k) => k > 0 && !w.startsWith('-'));
    if (i > 0 && /^twokey(@.*)?$/.test(a[i])) return a.slice(i + 1);
  }
  if ((cmd.name === 'npm' || cmd.name === 'pnpm' || cmd.name === 'yarn') && (a[1] === 'exec' || a[1] === 'dlx' || a[1] === 'x')) {
    const i = a.findIndex((w, k) => k > 1 && !w.startsWith('-'));
    if (i > 0 && /^twokey(@.*)?$/.test(a[i])) return a.slice(i + 1).filter((w) => w !== '--');
  }
  if (cmd.name === 'node' || cmd.name === 'tsx' || cmd.name === 'bun') {
    const i = a.findIndex((w, k) => k > 0 && !w.startsWith('-'));
    if (i > 0 && /(^|\/)(bin\/twokey(\.js)?|dist\/cli\.js|src\/cli\/main\.ts)$/.test(a[i])) return a.slice(i + 1);
  }
  return null;
}

/**
 * Programs that give a command a pseudo-terminal or type into one (`script -c`, `unbuffer`, `expect`,
 * `tmux send-keys`): an agent uses them to fake the human's terminal. Their command text is scanned for
 * a human-only twokey command, since the analyzer may not unwrap them.
 */
const PTY_WRAPPERS = new Set(['script', 'unbuffer', 'expect', 'tmux', 'screen', 'socat', 'empty', 'ptyrun', 'zpty', 'dtach', 'abduco']);

/** twokey words found inside a pty wrapper's text arguments (`script -qc "twokey approve r-1"`). */
function twokeyWordsInWrapper(cmd: SimpleCommand): string[] | null {
  if (!PTY_WRAPPERS.has(cmd.name)) return null;
  const text = cmd.argv.slice(1).join(' ');
  const m = text.match(/(?:^|[\s;&|('"])(?:\S*\/)?twokey(?:\.js)?\s+([^;&|'")]*)/);
  return m ? m[1].trim().split(/\s+/) : null;
}

function humanOnlyRule(id: string, summary: string, matches: (args: string[]) => boolean, reason: string, loses: string): CommandRule {
  return {
    id, level: 'deny', summary, commands: ['twokey', 'npx', 'pnpx', 'bunx', 'npm', 'pnpm', 'yarn', 'node', 'tsx', 'bun', ...PTY_WRAPPERS],
    match(cmd) {
      const args = twokeyArgs(cmd) ?? twokeyWordsInWrapper(cmd);
      if (!args) return null;
      const words = args.filter((w) => !w.startsWith('-'));
      if (!matches(words)) return null;
      const viaPty = PTY_WRAPPERS.has(cmd.name) ? ` (inside ${cmd.name}, a fake terminal)` : '';
      return { reason: `${reason}${viaPty}`, loses, safer: HUMAN_ONLY };
    },
  };
}

const approve = humanOnlyRule('self.approve', 'An agent running `twokey approve` (the second key is the human\'s)',
  (w) => w[0] === 'approve',
  'twokey approve is the human\'s second key: an agent approving its own request defeats the point of asking',
  'the human check on a destructive command or plan');

const rekey = humanOnlyRule('self.rekey', 'An agent running `twokey init` (replacing the human key)',
  (w) => w[0] === 'init',
  'twokey init creates or replaces the human key pair: whoever runs it decides which key approvals are checked against',
  'the trust in every approval and policy signature');

const policySign = humanOnlyRule('self.policy-sign', 'An agent running `twokey policy sign`',
  (w) => w[0] === 'policy' && w[1] === 'sign',
  'signing the policy is the human\'s decision: a signed policy can switch rules off',
  'the rules that stop destructive commands');

const unhook = humanOnlyRule('self.unhook', 'An agent removing twokey\'s hooks or shims',
  (w) => w[0] === 'uninstall' || (w[0] === 'shim' && (w[1] === 'uninstall' || w[1] === 'remove')),
  'removing twokey\'s hook or shims takes the guard away from the agent\'s own commands',
  'the command gate for every later command');

const TWOKEY_ENV = ['TWOKEY_HOME', 'TWOKEY_SYSTEM_DIR'];

const envOverride: CommandRule = {
  id: 'self.env-override',
  level: 'ask',
  summary: 'Pointing twokey at another home or trust anchor (TWOKEY_HOME, TWOKEY_SYSTEM_DIR)',
  commands: ['*'],
  match(cmd) {
    const set = TWOKEY_ENV.filter((n) => Object.prototype.hasOwnProperty.call(cmd.env, n));
    const exported = ['export', 'declare', 'typeset', 'setenv', 'unset', 'env'].includes(cmd.name)
      ? TWOKEY_ENV.filter((n) => cmd.argv.some((w) => w === n || w.startsWith(`${n}=`)))
      : [];
    const names = [...new Set([...set, ...exported])];
    if (names.length === 0) return null;
    return {
      reason: `${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'} set for this command: twokey would use another set of keys, approvals and journal, where the agent could approve itself`,
      loses: 'the binding between approvals and the human key',
      safer: 'Run the command without overriding TWOKEY_HOME/TWOKEY_SYSTEM_DIR. Tests of twokey itself: ask the human to allow it once.',
      level: names.includes('TWOKEY_SYSTEM_DIR') ? 'deny' : 'ask',
    };
  },
};

/** Guard files a project may hold (relative to it): agent hook settings and twokey's policy. */
const PROJECT_GUARD_FILES = ['.claude/settings.json', '.claude/settings.local.json', '.codex/hooks.json', '.codex/config.toml', '.gemini/settings.json', '.cursor/hooks.json', '.github/hooks/twokey.json', '.twokey/policy.yaml', '.twokey/policy.yaml.sig'];

/** Programs that, run by `find -exec … {}`, write or delete the file found. */
function execWrites(prog: string, args: readonly string[]): boolean {
  if (['rm', 'unlink', 'shred', 'truncate', 'tee', 'chmod', 'chown', 'ln', 'dd', 'sponge'].includes(prog)) return true;
  if (prog === 'sed' || prog === 'gsed') return args.some((w) => /^-[a-zA-Z]*i/.test(w) || w.startsWith('--in-place'));
  if (prog === 'perl') return args.some((w) => /^-[a-zA-Z]*i/.test(w));
  if (prog === 'cp' || prog === 'mv' || prog === 'install') return args[args.length - 1] === '{}';
  return false;
}

/**
 * `find ~/.claude -name '*.json' -exec sed -i … {} +`: find hands every file it selects to a program that writes
 * it. When a search root holds an agent's hook settings, twokey's policy or home, and the name filters can
 * select those files, the settings may be rewritten with the rest: ask.
 */
const findWritesProtected: CommandRule = {
  id: 'self.find-write-protected',
  level: 'ask',
  summary: "find -exec sed -i / rm / tee … {} over a tree holding agent hook settings, twokey's policy or home, with name filters that can select them",
  commands: ['find', 'gfind'],
  // the project's own settings files exist only in some projects: the engine says which (user-level ones are installed)
  inputFiles: (cmd) => (cmd.argv.some((w) => /^-(exec|execdir|ok|okdir)$/.test(w)) ? PROJECT_GUARD_FILES : []),
  match(cmd, ctx) {
    const f = parseFind(cmd);
    // without its terminator find refuses to start (the shell took an unescaped `;`)
    if (!f.execs.some((e) => e.terminated && execWrites(e.prog, e.args))) return null;
    const roots = f.roots;
    const names = f.names.filter((n) => /^-i?name$/.test(n.test) && !n.negated).map((n) => n.pattern);
    const excluded = f.names.filter((n) => /^-i?(path|wholename)$/.test(n.test) && n.negated).map((n) => n.pattern);
    const env = { ...ctx.env, ...cmd.env };
    const opts = protectionOpts(ctx, env);
    const cwd = ctx.cwd.replace(/\/$/, '');
    for (const root of roots.length ? roots : ['.']) {
      const raw = wordToPath(root, ctx, env);
      if (raw === null) continue;
      const abs = raw.startsWith('/') ? raw : `${cwd}/${raw}`.replace(/\/\.$/, '');
      for (const probe of globProbes(ctx, env)) {
        if (!(probe === abs || probe.startsWith(`${abs.replace(/\/$/, '')}/`))) continue;
        const v = isProtectedPath(probe, opts);
        if (!v.protected || v.category === 'state' || v.category === 'policy') continue;
        if (probe.startsWith(`${cwd}/`) && !ctx.files.has(probe.slice(cwd.length + 1))) continue;
        const base = probe.replace(/^.*\//, '');
        // files only (settings.json, policy.yaml…): find hands the program files, and writes to a directory fail
        if (!base.slice(1).includes('.')) continue;
        if (names.length && !names.some((n) => bashPatternRegExp(n, true)?.test(base))) continue;
        // -not -path './.claude/*' keeps it out (find matches -path against ROOT/relative)
        const asFound = `${root.replace(/\/$/, '')}${probe.slice(abs.replace(/\/$/, '').length)}`;
        if (excluded.some((x) => bashPatternRegExp(x, false)?.test(asFound) || bashPatternRegExp(x, false)?.test(probe))) continue;
        return {
          reason: `find ${root} hands the files it selects${names.length ? ` (${names.join(', ')})` : ''} to a program that rewrites them, and ${probe} can be one: ${v.reason}`,
          loses: 'the guard itself: hook settings, policy or twokey\'s home',
          safer: `narrow the search so it cannot reach ${probe} (-not -path '*/.claude/*', a subdirectory as the root), or name the files`,
        };
      }
    }
    return null;
  },
};

export const selfPack: RulePack = {
  id: 'self',
  description: "twokey's own keys, approvals, journal, policy and hook settings",
  rules: [readSecrets, writeProtected, findWritesProtected, approve, rekey, policySign, unhook, envOverride],
};
