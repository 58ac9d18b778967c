import type { CommandRule, RuleHit, RulePack, SimpleCommand } from '../../core/types.js';

/**
 * git and the GitHub/GitLab CLIs. git accepts global options before the subcommand (`-C dir`, `-c k=v`,
 * `--git-dir=…`, `--no-pager`) and unambiguous abbreviations of long options (`--forc`, `--har`), so both are
 * handled here. Configuration given on the command line (`-c`, `--config-env`, GIT_CONFIG_PARAMETERS,
 * GIT_CONFIG_COUNT/KEY/VALUE) is read too: an alias defined there is expanded before the rules look at the
 * subcommand (`git -c alias.nuke=reset nuke --hard` is `git reset --hard`), and keys that make git run a
 * program (alias.X=!cmd, core.sshCommand, core.pager, …) are asked about.
 */

const GIT_GLOBAL_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix', '--exec-path', '--list-cmds', '--attr-source']);

/** git's own commands: an alias with one of these names is ignored by git. */
const GIT_BUILTINS = new Set([
  'add', 'am', 'annotate', 'apply', 'archive', 'bisect', 'blame', 'branch', 'bundle', 'cat-file', 'check-ignore', 'checkout', 'cherry', 'cherry-pick',
  'clean', 'clone', 'commit', 'config', 'describe', 'diff', 'fetch', 'filter-branch', 'format-patch', 'fsck', 'gc', 'grep', 'init', 'log', 'ls-files',
  'ls-remote', 'ls-tree', 'merge', 'mv', 'notes', 'prune', 'pull', 'push', 'rebase', 'reflog', 'remote', 'replace', 'reset', 'restore', 'revert',
  'rev-parse', 'rm', 'show', 'sparse-checkout', 'stash', 'status', 'submodule', 'switch', 'tag', 'update-ref', 'worktree', 'maintenance',
]);

/** One configuration entry given on the command line (value null when it is only known at run time). */
export interface GitConfigEntry {
  key: string;
  value: string | null;
  /** How it was given, for messages: `-c`, `--config-env`, `GIT_CONFIG_PARAMETERS`, `GIT_CONFIG_KEY_0`. */
  via: string;
}

function configPair(text: string, via: string, dynamic: boolean): GitConfigEntry {
  const eq = text.indexOf('=');
  // `-c key` alone sets the boolean true
  const key = (eq >= 0 ? text.slice(0, eq) : text).toLowerCase();
  const value = dynamic ? null : eq >= 0 ? text.slice(eq + 1) : 'true';
  return { key, value, via };
}

/** `--config-env key=VAR`: the value is VAR's, known only when VAR is assigned on this command line. */
function configFromEnv(text: string, dynamic: boolean, env: Readonly<Record<string, string>>): GitConfigEntry {
  const eq = text.lastIndexOf('=');
  const key = (eq >= 0 ? text.slice(0, eq) : text).toLowerCase();
  const name = eq >= 0 ? text.slice(eq + 1) : '';
  const value = !dynamic && name !== '' && Object.prototype.hasOwnProperty.call(env, name) ? env[name] : null;
  return { key, value, via: '--config-env' };
}

/** `'alias.x=reset' 'core.pager'='less'`: the quoted list git keeps in GIT_CONFIG_PARAMETERS. */
function parseConfigParameters(text: string): GitConfigEntry[] {
  const out: GitConfigEntry[] = [];
  const re = /'((?:[^'\\]|\\.)*)'(?:='((?:[^'\\]|\\.)*)')?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m[2] !== undefined ? { key: m[1].toLowerCase(), value: m[2], via: 'GIT_CONFIG_PARAMETERS' } : configPair(m[1], 'GIT_CONFIG_PARAMETERS', false));
  }
  // an unquoted value is malformed for git, but take its key=value at face value
  if (out.length === 0 && /=/.test(text)) out.push(configPair(text.trim(), 'GIT_CONFIG_PARAMETERS', false));
  return out;
}

/** Configuration set on this command line: global `-c`/`--config-env` options and the command's own env assignments. */
export function gitCommandLineConfig(cmd: SimpleCommand): GitConfigEntry[] {
  const out: GitConfigEntry[] = [];
  const a = cmd.argv.slice(1);
  for (let i = 0; i < a.length; i++) {
    const w = a[i];
    if (w === '--') continue;
    if (!w.startsWith('-')) break;
    const dyn = (k: number) => Boolean(cmd.dynamic[k + 1]);
    if (w === '-c' && i + 1 < a.length) { out.push(configPair(a[i + 1], '-c', dyn(i + 1))); i++; continue; }
    if (w.startsWith('-c') && !w.startsWith('--')) { out.push(configPair(w.slice(2), '-c', dyn(i))); continue; }
    if (w === '--config-env' && i + 1 < a.length) { out.push(configFromEnv(a[i + 1], dyn(i + 1), cmd.env)); i++; continue; }
    if (w.startsWith('--config-env=')) { out.push(configFromEnv(w.slice(13), dyn(i), cmd.env)); continue; }
    if (GIT_GLOBAL_VALUE.has(w)) i++;
  }
  const env = cmd.env;
  if (env.GIT_CONFIG_PARAMETERS !== undefined) out.push(...parseConfigParameters(env.GIT_CONFIG_PARAMETERS));
  const count = env.GIT_CONFIG_COUNT;
  if (count !== undefined && /^\s*\d{1,4}\s*$/.test(count)) {
    for (let n = 0; n < Number(count); n++) {
      const key = env[`GIT_CONFIG_KEY_${n}`];
      if (key === undefined) break; // git refuses to run with a missing key
      out.push({ key: key.toLowerCase(), value: env[`GIT_CONFIG_VALUE_${n}`] ?? null, via: `GIT_CONFIG_KEY_${n}` });
    }
  }
  return out;
}

/**
 * GIT_CONFIG_COUNT git would refuse: not a plain non-negative int, or a KEY_n/VALUE_n below it missing
 * or with an empty key. Returns what is wrong, or null when it is absent or well formed.
 */
function malformedConfigCount(env: Readonly<Record<string, string>>): string | null {
  const count = env.GIT_CONFIG_COUNT;
  if (count === undefined) return null;
  if (!/^\d{1,10}$/.test(count) || Number(count) > 2147483647) return `GIT_CONFIG_COUNT=${JSON.stringify(count.length > 24 ? `${count.slice(0, 21)}...` : count)} is not a count git accepts`;
  for (let n = 0; n < Number(count); n++) {
    if (!env[`GIT_CONFIG_KEY_${n}`]) return `GIT_CONFIG_COUNT=${count} but GIT_CONFIG_KEY_${n} is ${env[`GIT_CONFIG_KEY_${n}`] === undefined ? 'missing' : 'empty'}`;
    if (env[`GIT_CONFIG_VALUE_${n}`] === undefined) return `GIT_CONFIG_COUNT=${count} but GIT_CONFIG_VALUE_${n} is missing`;
  }
  return null;
}

/** Split an alias value the way git does for non-shell aliases (whitespace, with quotes). */
function splitAlias(value: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(value); m; m = re.exec(value)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

export interface GitInvocation {
  sub: string;
  /** The subcommand word holds an expansion (or xargs input) whose value is unknown before it runs. */
  subDynamic: boolean;
  /** Words after the subcommand. */
  args: string[];
  /** The command-line alias that was expanded to reach `sub`, if any. */
  alias?: string;
  /** The alias runs a shell command (`!cmd`) instead of a git subcommand. */
  shellAlias?: string;
}

export function gitInvocation(cmd: SimpleCommand): GitInvocation | null {
  if (cmd.name !== 'git') return null;
  const a = cmd.argv.slice(1);
  let i = 0;
  while (i < a.length) {
    const w = a[i];
    if (w === '--') { i++; continue; }
    if (!w.startsWith('-')) break;
    if (GIT_GLOBAL_VALUE.has(w)) { i += 2; continue; }
    if (w === '--help' || w === '-h' || w === '--version' || w === '-v') return null;
    i++;
  }
  if (i >= a.length) return null;
  let sub = a[i];
  let args = a.slice(i + 1);
  let subDynamic = Boolean(cmd.dynamic[i + 1]) || /^\{[^{}\s]*\}$/.test(a[i]);
  let alias: string | undefined;
  let shellAlias: string | undefined;
  const config = subDynamic ? [] : gitCommandLineConfig(cmd);
  // expand aliases defined on this command line (an alias may name another alias; git stops on loops)
  for (let depth = 0; depth < 8 && !GIT_BUILTINS.has(sub); depth++) {
    const def = [...config].reverse().find((c) => c.key === `alias.${sub.toLowerCase()}`);
    if (!def) break;
    alias = alias ?? sub;
    if (def.value === null) { subDynamic = true; break; }
    if (def.value.trimStart().startsWith('!')) { shellAlias = def.value.trimStart().slice(1); break; }
    const words = splitAlias(def.value);
    if (words.length === 0) break;
    sub = words[0];
    args = [...words.slice(1), ...args];
  }
  const dd = args.indexOf('--');
  const opts = dd >= 0 ? args.slice(0, dd) : args;
  if (!shellAlias && (opts.includes('--help') || opts.includes('-h') || opts.includes('--version'))) return null;
  return { sub, subDynamic, args, alias, shellAlias };
}

/** Does `word` spell the long option `full` (exactly, with `=value`, or as an unambiguous-looking prefix of ≥ 4 letters)? */
export function isLongOpt(word: string, full: string, minPrefix = 4): boolean {
  if (!word.startsWith('--')) return false;
  const name = word.split('=')[0];
  if (name === full) return true;
  return name.length >= 2 + minPrefix && full.startsWith(name);
}

/**
 * Short option letter present (alone or in a cluster such as `-fd`), before any `--`. Letters in
 * `valueLetters` take a value, so the rest of their cluster is that value (`-bfeature` is `-b feature`).
 */
export function hasShort(args: readonly string[], letter: string, valueLetters = ''): boolean {
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w === '--') return false;
    if (!/^-[A-Za-z0-9]/.test(w) || w.startsWith('--')) continue;
    for (let j = 1; j < w.length; j++) {
      if (w[j] === letter) return true;
      if (valueLetters.includes(w[j])) { if (j === w.length - 1) i++; break; }
    }
  }
  return false;
}

/** The last of `--x` / `--no-x` wins, as git reads them. */
function lastWins(args: readonly string[], on: readonly string[], off: readonly string[]): boolean {
  let state = false;
  for (const w of args) {
    if (w === '--') break;
    if (on.includes(w) || on.some((o) => o.startsWith('--') && w.startsWith(`${o}=`))) state = true;
    if (off.includes(w)) state = false;
  }
  return state;
}

function hasLong(args: readonly string[], full: string, minPrefix = 4): boolean {
  for (const w of args) {
    if (w === '--') return false;
    if (isLongOpt(w, full, minPrefix)) return true;
  }
  return false;
}

/** Positional words (no options), with values of the given options skipped; everything after `--` too. */
function gitPositionals(args: readonly string[], valueOpts: readonly string[] = []): { before: string[]; after: string[]; dashdash: boolean } {
  const before: string[] = [];
  const after: string[] = [];
  let dashdash = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w === '--') { dashdash = true; after.push(...args.slice(i + 1)); break; }
    if (w.startsWith('-') && w !== '-') {
      if (!w.includes('=') && valueOpts.includes(w)) i++;
      continue;
    }
    before.push(w);
  }
  return { before, after, dashdash };
}

const PROTECTED_BRANCH = /^(refs\/heads\/)?(main|master|trunk|develop|development|prod|production|release([/-].*)?|stable|live)$/;

function rule(id: string, level: 'ask' | 'deny', summary: string, commands: readonly string[], match: CommandRule['match']): CommandRule {
  return { id, level, summary, commands, match };
}

// ---------------------------------------------------------------------------

/** remote.X.mirror=true or remote.X.push=+… (a forced refspec; null: only known at run time): every push forces. */
function forcesPushes(key: string, value: string | null): boolean {
  if (/^remote\..+\.mirror$/.test(key)) return value !== null && /^(true|yes|on|1)$/i.test(value);
  return /^remote\..+\.push$/.test(key) && (value === null || value.startsWith('+'));
}

const pushForce = rule('git.push-force', 'deny', 'git push --force / -f / +refspec / --mirror: overwrite remote history', ['git'], (cmd) => {
  const g = gitInvocation(cmd);
  if (g?.sub === 'send-pack' && (hasLong(g.args, '--force') || hasLong(g.args, '--mirror')) && !hasLong(g.args, '--dry-run')) {
    return { reason: 'git send-pack --force (the plumbing under git push) overwrites remote refs with local history', loses: 'remote commits that are not in your local branch', safer: 'git push --force-with-lease=BRANCH:EXPECTED_SHA' };
  }
  if (!g || g.sub !== 'push') return null;
  const a = g.args;
  if (hasShort(a, 'n') || hasLong(a, '--dry-run')) return null;
  const plainForce = hasShort(a, 'f', 'o') || a.some((w) => w !== '--' && w.startsWith('--') && !w.startsWith('--force-') && isLongOpt(w, '--force', 4));
  const { before, after } = gitPositionals(a, ['--repo', '--receive-pack', '--exec', '-o', '--push-option', '--signed']);
  const refspecs = [...before.slice(1), ...after];
  const plusRef = refspecs.find((r) => r.startsWith('+') || /:\+/.test(r));
  // -c remote.origin.mirror=true, -c remote.origin.push=+refs/heads/*:… (also GIT_CONFIG_*): the same, set for this push
  const pushConfig = gitCommandLineConfig(cmd).find((c) => forcesPushes(c.key, c.value));
  if (pushConfig) {
    return { reason: `${pushConfig.via} sets ${pushConfig.key}${pushConfig.value !== null ? `=${pushConfig.value}` : ''} for this push: ${pushConfig.key.endsWith('.mirror') ? 'a mirror push deletes or force-updates every remote ref' : 'a forced refspec overwrites remote history'}`, loses: 'remote branches, tags and commits that are not in this clone', safer: 'push the branches you mean by name, without overriding the remote configuration: git push origin BRANCH' };
  }
  const mirror = hasLong(a, '--mirror', 3);
  if (mirror) {
    return { reason: 'git push --mirror makes the remote an exact copy of this repository: remote branches and tags that do not exist locally are deleted, others are force-updated', loses: 'remote branches, tags and commits that are not in this clone', safer: 'push the branches you mean by name: git push origin BRANCH' };
  }
  if (!plainForce && !plusRef) return null;
  const branch = refspecs.map((r) => r.replace(/^\+/, '').split(':').pop() ?? '').find((r) => PROTECTED_BRANCH.test(r));
  return {
    reason: `git push ${plusRef ? `with the forced refspec ${plusRef}` : '--force'} overwrites the remote branch${branch ? ` ${branch}` : ''} with local history, discarding commits others pushed`,
    loses: 'remote commits that are not in your local branch (recoverable only from someone else\'s clone or the host\'s support)',
    safer: 'git push --force-with-lease=BRANCH:EXPECTED_SHA (fails if the remote moved), or push to a new branch and open a pull request',
  };
});

const pushDelete = rule('git.push-delete', 'ask', 'git push --delete / origin :branch / --prune: delete remote branches or tags', ['git'], (cmd) => {
  const g = gitInvocation(cmd);
  if (!g || g.sub !== 'push') return null;
  const a = g.args;
  if (hasShort(a, 'n') || hasLong(a, '--dry-run')) return null;
  const { before, after } = gitPositionals(a, ['--repo', '--receive-pack', '--exec', '-o', '--push-option']);
  const refs = [...before.slice(1), ...after];
  const deleteFlag = hasShort(a, 'd') || hasLong(a, '--delete');
  const colonRefs = refs.filter((r) => r.startsWith(':') && r.length > 1);
  const prune = hasLong(a, '--prune');
  if (!deleteFlag && colonRefs.length === 0 && !prune) return null;
  const targets = deleteFlag ? refs : colonRefs.map((r) => r.slice(1));
  const important = targets.find((t) => PROTECTED_BRANCH.test(t));
  return {
    reason: prune ? 'git push --prune deletes every remote branch that has no local counterpart' : `git push deletes the remote ref${targets.length > 1 ? 's' : ''} ${targets.join(' ')}`,
    loses: prune ? 'remote branches that only exist on the server' : `the remote ${targets.join(' ')} (commits only reachable from it become unreachable for everyone)`,
    safer: 'check the branch is merged (git branch -r --merged origin/main) before deleting it; tag it first if unsure',
    level: prune || important ? 'deny' : 'ask',
  };
});

const resetHard = rule('git.reset-hard', 'deny', 'git reset --hard (and --merge): discard uncommitted changes', ['git'], (cmd) => {
  const g = gitInvocation(cmd);
  if (!g || g.sub !== 'reset') return null;
  const a = g.args;
  if (hasLong(a, '--hard', 2)) {
    return {
      reason: 'git reset --hard throws away every uncommitted change in the working tree and index',
      loses: 'uncommitted work: edits never committed are not in git\'s object store and cannot be recovered',
      safer: 'git stash push -u (keeps the changes), then git reset --hard; or git reset --keep REF, which refuses to drop local edits',
    };
  }
  if (hasLong(a, '--merge', 3)) {
    return { reason: 'git reset --merge resets the index and may discard changes in files touched by the reset', loses: 'uncommitted changes in files that differ between HEAD and the target', safer: 'git stash push -u first, or git reset --keep', level: 'ask' };
  }
  return null;
});

function discardHit(scope: 'all' | 'paths', what: string, paths: string[]): RuleHit {
  return {
    reason: scope === 'all' ? `${what} discards every uncommitted change in the working tree` : `${what} overwrites ${paths.join(' ')} with the committed version, discarding local edits`,
    loses: scope === 'all' ? 'all uncommitted work (never committed, so git cannot bring it back)' : `uncommitted edits to ${paths.join(' ')}`,
    safer: scope === 'all' ? 'git stash push -u (keeps the changes and lets you restore them), or git diff > changes.patch first' : `git stash push -- ${paths.join(' ')} (or git diff ${paths.join(' ')} > changes.patch) before discarding`,
    level: scope === 'all' ? 'deny' : 'ask',
  };
}

const ALL_PATHS = /^(\.|\.\/|\*|:\/|:\/\*|\.\/\*|:|\*\*|:\(top\))$/;

const discardChanges = rule('git.discard-changes', 'deny', 'git checkout -- ./paths, git checkout -f, git restore ., git switch --discard-changes: discard uncommitted work (deny for everything, ask for named files)', ['git'], (cmd) => {
  const g = gitInvocation(cmd);
  if (!g) return null;
  const a = g.args;
  // plumbing that overwrites the working tree: checkout-index -f, read-tree -u --reset
  if (g.sub === 'checkout-index' && (hasShort(a, 'f') || hasLong(a, '--force'))) {
    const paths = a.filter((w) => !w.startsWith('-'));
    return hasShort(a, 'a') || hasLong(a, '--all') || paths.length === 0 ? discardHit('all', 'git checkout-index --force --all', []) : discardHit('paths', 'git checkout-index --force', paths);
  }
  if (g.sub === 'read-tree' && hasShort(a, 'u') && hasLong(a, '--reset')) return discardHit('all', 'git read-tree -u --reset', []);
  if (g.sub === 'checkout') {
    if (hasShort(a, 'f', 'bBU') || hasLong(a, '--force')) return discardHit('all', 'git checkout --force', []);
    if (hasShort(a, 'p', 'bBU') || hasLong(a, '--patch')) return discardHit('paths', 'git checkout --patch', ['the chosen hunks']);
    // creating a branch cannot be combined with paths (git refuses), so nothing is discarded
    if (hasShort(a, 'b', 'U') || hasShort(a, 'B', 'U') || hasLong(a, '--orphan')) return null;
    const valueOpts = ['-b', '-B', '--orphan', '--conflict', '--inter-hunk-context', '-U', '--unified', '--pathspec-from-file'];
    const cleaned: string[] = [];
    for (let i = 0; i < a.length; i++) {
      if ((a[i] === '--track' || a[i] === '-t') && /^(direct|inherit)$/.test(a[i + 1] ?? '')) { i++; continue; }
      if (a[i] === '--recurse-submodules' && /^(checkout|on-demand|yes|no)$/.test(a[i + 1] ?? '')) { i++; continue; }
      cleaned.push(a[i]);
    }
    const { before, after, dashdash } = gitPositionals(cleaned, valueOpts);
    const fromFile = a.some((w) => w.startsWith('--pathspec-from-f'));
    const paths = dashdash ? after : before.slice(1);
    if (!dashdash && before.length === 1 && ALL_PATHS.test(before[0])) return discardHit('all', `git checkout ${before[0]}`, []);
    if (fromFile) return discardHit('paths', 'git checkout --pathspec-from-file', ['the listed paths']);
    if (paths.length === 0) return null;
    if (paths.some((p) => ALL_PATHS.test(p))) return discardHit('all', `git checkout ${dashdash ? '-- ' : ''}${paths.join(' ')}`, []);
    return discardHit('paths', 'git checkout', paths);
  }
  if (g.sub === 'restore') {
    // drop the values of value-taking options first, so `--conflict --staged` reads as it does in git
    const valueOpts = ['-s', '--source', '--conflict', '--inter-hunk-context', '-U', '--unified', '--pathspec-from-file'];
    const opts: string[] = [];
    for (let i = 0; i < a.length; i++) {
      if (a[i] === '--') break;
      if (valueOpts.includes(a[i])) { i++; continue; }
      if (/^-[sU]./.test(a[i])) continue;
      opts.push(a[i]);
    }
    const staged = lastWins(opts.flatMap((w) => (/^-[A-Za-z]+$/.test(w) ? w.slice(1).split('').map((c) => `-${c}`) : [w])), ['-S', '--staged'], ['--no-staged']);
    const worktree = lastWins(opts.flatMap((w) => (/^-[A-Za-z]+$/.test(w) ? w.slice(1).split('').map((c) => `-${c}`) : [w])), ['-W', '--worktree'], ['--no-worktree']);
    // once -S/-W (or their --no- forms) are mentioned, git only touches the worktree when -W wins; with neither
    // left on (`-S --no-staged`) it refuses to run
    const split = opts.flatMap((w) => (/^-[A-Za-z]+$/.test(w) ? w.slice(1).split('').map((c) => `-${c}`) : [w]));
    const mentioned = split.some((w) => ['-S', '--staged', '--no-staged', '-W', '--worktree', '--no-worktree'].includes(w));
    if ((staged || mentioned) && !worktree) return null;
    if (lastWins(opts.flatMap((w) => (/^-[A-Za-z]+$/.test(w) ? w.slice(1).split('').map((c) => `-${c}`) : [w])), ['-p', '--patch'], ['--no-patch'])) return discardHit('paths', 'git restore --patch', ['the chosen hunks']);
    const { before, after } = gitPositionals(a, ['-s', '--source', '--conflict', '--inter-hunk-context', '-U', '--unified', '--pathspec-from-file']);
    const paths = [...before, ...after];
    if (a.some((w) => w.startsWith('--pathspec-from-f'))) return discardHit('paths', 'git restore --pathspec-from-file', ['the listed paths']);
    if (paths.length === 0) return null;
    if (paths.some((p) => ALL_PATHS.test(p))) return discardHit('all', `git restore ${paths.join(' ')}`, []);
    return discardHit('paths', 'git restore', paths);
  }
  if (g.sub === 'switch') {
    if (hasShort(a, 'f', 'cC') || hasLong(a, '--force') || hasLong(a, '--discard-changes', 6)) return discardHit('all', 'git switch --discard-changes', []);
    return null;
  }
  return null;
});

const clean = rule('git.clean', 'ask', 'git clean -f (deny with -x/-X: also deletes ignored files such as .env, local databases and *.tfstate)', ['git'], (cmd) => {
  const g = gitInvocation(cmd);
  if (!g || g.sub !== 'clean') return null;
  const a = g.args;
  if (hasShort(a, 'n', 'e') || hasLong(a, '--dry-run') || hasShort(a, 'i', 'e') || hasLong(a, '--interactive')) return null;
  if (!(hasShort(a, 'f', 'e') || hasLong(a, '--force'))) return null;
  const ignored = hasShort(a, 'x', 'e') || hasShort(a, 'X', 'e');
  const dirs = hasShort(a, 'd', 'e');
  return {
    reason: `git clean -f${dirs ? 'd' : ''}${ignored ? 'x' : ''} deletes untracked ${dirs ? 'files and directories' : 'files'}${ignored ? ', including ignored ones (.env, local databases, *.tfstate are usually ignored)' : ''}`,
    loses: ignored ? 'ignored files that exist nowhere else: secrets, local databases, Terraform state' : 'untracked files: new work that was never committed',
    safer: `git clean -n${dirs ? 'd' : ''}${ignored ? 'x' : ''} to list what would go, then delete by name`,
    level: ignored ? 'deny' : 'ask',
  };
});

/** git branch options whose next word is their value. */
const BRANCH_VALUE_OPTS = new Set(['--format', '--sort', '--contains', '--no-contains', '--merged', '--no-merged', '--points-at', '-u', '--set-upstream-to', '--color', '--column', '--abbrev']);

const branchForceDelete = rule('git.branch-force-delete', 'ask', 'git branch -D / --delete --force / -M / -C: delete unmerged branches or overwrite existing ones', ['git'], (cmd) => {
  const g = gitInvocation(cmd);
  if (!g || g.sub !== 'branch') return null;
  const a = g.args;
  const del = hasShort(a, 'd') || hasLong(a, '--delete', 3);
  const force = hasShort(a, 'f') || hasLong(a, '--force');
  const { before } = gitPositionals(a);
  if (hasShort(a, 'D') || (del && force)) {
    if (before.length === 0) return null;
    return { reason: `git branch -D deletes ${before.join(' ')} even if it is not merged`, loses: `commits only on ${before.join(' ')} (recoverable from the reflog until git gc)`, safer: `git branch -d ${before.join(' ')} (refuses unmerged branches), or tag it first: git tag keep/${before[0]} ${before[0]}` };
  }
  if ((hasShort(a, 'M') || hasShort(a, 'C')) && before.length >= 2) {
    return { reason: `git branch ${hasShort(a, 'M') ? '-M' : '-C'} overwrites the existing branch ${before[before.length - 1]}`, loses: `the commits that branch ${before[before.length - 1]} pointed to`, safer: 'rename to a new name, or use -m / -c which refuse to overwrite' };
  }
  // `git branch $name`, `git branch $(producer)`: a word only known at run time can be -D, -M or --force
  const first = cmd.argv.length - a.length;
  const dd = a.indexOf('--');
  // (the value of an option such as --format or --sort is not itself an option)
  const unknown = g.alias ? undefined : a.find((w, k) => (dd < 0 || k < dd) && cmd.dynamic[first + k] && !/^--[a-z-]+=/.test(w) && !BRANCH_VALUE_OPTS.has(a[k - 1] ?? ''));
  if (unknown !== undefined) {
    return { reason: `git branch is given ${unknown}, only known when it runs: it can expand to -D, -M or --force and delete or overwrite a branch`, loses: 'the commits of a branch deleted or overwritten that way (recoverable from the reflog until git gc)', safer: 'put the value after --, or check it first: git branch -- "$name"' };
  }
  return null;
});

const stashDrop = rule('git.stash-drop', 'ask', 'git stash drop / clear: delete stashed work', ['git'], (cmd) => {
  const g = gitInvocation(cmd);
  if (!g || g.sub !== 'stash') return null;
  const verb = g.args[0];
  if (verb !== 'drop' && verb !== 'clear') return null;
  return {
    reason: verb === 'clear' ? 'git stash clear deletes every stash' : `git stash drop deletes ${g.args[1] ?? 'the latest stash'}`,
    loses: verb === 'clear' ? 'all stashed work (only recoverable by hunting dangling commits with git fsck, until gc)' : 'the stashed changes',
    safer: verb === 'clear' ? 'git stash list, then drop the specific entries you no longer need' : 'git stash show -p first, or git stash branch NAME to keep it',
  };
});

const tagDelete = rule('git.tag-delete', 'ask', 'git tag -d: delete a tag', ['git'], (cmd) => {
  const g = gitInvocation(cmd);
  if (!g || g.sub !== 'tag') return null;
  if (!(hasShort(g.args, 'd') || hasLong(g.args, '--delete', 3))) return null;
  const { before } = gitPositionals(g.args);
  if (before.length === 0) return null;
  return { reason: `git tag -d deletes the tag ${before.join(' ')}`, loses: 'the tag (release markers; commits only reachable from it become unreachable)', safer: 'keep the tag, or note its sha (git rev-parse TAG) before deleting' };
});

const historyRewrite = rule('git.history-rewrite', 'ask', 'git filter-branch / filter-repo / BFG Repo-Cleaner: rewrite the whole history', ['git', 'git-filter-repo', 'bfg', 'java'], (cmd) => {
  // BFG: `bfg --delete-files X`, `java -jar bfg.jar --strip-blobs-bigger-than 10M`
  const bfgJar = cmd.name === 'java' ? cmd.argv.findIndex((w, k) => cmd.argv[k - 1] === '-jar' && /(^|\/)bfg[^/]*\.jar$/i.test(w)) : -1;
  if (cmd.name === 'bfg' || bfgJar > 0) {
    const args = cmd.argv.slice(cmd.name === 'bfg' ? 1 : bfgJar + 1);
    if (args.length === 0 || args.includes('--help') || args.includes('--version')) return null;
    return { reason: 'the BFG Repo-Cleaner rewrites every commit that holds the selected files or text', loses: 'the original history in this clone; pushing it needs a force push', safer: 'run it on a fresh mirror clone (git clone --mirror) and review the result before pushing' };
  }
  if (cmd.name === 'java') return null;
  if (cmd.name === 'git-filter-repo') {
    if (cmd.argv.includes('--analyze') || cmd.argv.includes('--dry-run')) return null;
    return { reason: 'git filter-repo rewrites every commit and removes the origin remote', loses: 'the original history in this clone (other clones keep it)', safer: 'run it on a fresh mirror clone, never on your working clone' };
  }
  const g = gitInvocation(cmd);
  if (!g || (g.sub !== 'filter-branch' && g.sub !== 'filter-repo')) return null;
  if (g.args.includes('--analyze') || g.args.includes('--dry-run')) return null;
  return { reason: `git ${g.sub} rewrites every commit in the selected history`, loses: 'the original commits in this clone (refs/original is kept by filter-branch until removed); pushing it needs a force push', safer: 'work on a fresh mirror clone (git clone --mirror) and review the result before pushing' };
});

/** Expiry values that mean "now": now, all, never-kept dates (0, 1.second.ago, a few minutes or hours ago). */
const IMMEDIATE_EXPIRY = /^(now|all|0|\d+\.(seconds?|minutes?|hours?)\.ago|-?\d+)$/i;

/** gc.pruneExpire / gc.reflogExpire(Unreachable) set to now (or to a value only known at run time: null). */
function prunesNow(key: string, value: string | null): boolean {
  return /^gc\.(pruneexpire|reflogexpire(unreachable)?)$/.test(key) && (value === null || IMMEDIATE_EXPIRY.test(value));
}

const reflogExpire = rule('git.reflog-expire', 'deny', 'git reflog expire --expire=now / git gc --prune=now: destroy the safety net of unreachable commits', ['git'], (cmd) => {
  const g = gitInvocation(cmd);
  if (!g) return null;
  const a = g.args;
  if (g.sub === 'reflog' && a[0] === 'expire' && a.some((w) => /^--expire(-unreachable)?=/.test(w) && IMMEDIATE_EXPIRY.test(w.slice(w.indexOf('=') + 1)))) {
    if (a.includes('-n') || a.includes('--dry-run')) return null;
    return { reason: 'git reflog expire --expire=now deletes the reflog, the record that lets you undo resets, rebases and deleted branches', loses: 'the ability to recover lost commits', safer: 'leave the reflog alone; it expires by itself after 90 days' };
  }
  if (g.sub === 'reflog' && a[0] === 'delete') {
    return { reason: 'git reflog delete removes reflog entries', loses: 'the ability to return to those positions', safer: 'leave the reflog alone', level: 'ask' };
  }
  // -c gc.pruneExpire=now / gc.reflogExpire(Unreachable)=now: the same as the options, for this gc
  const expiring = g.sub === 'gc' ? gitCommandLineConfig(cmd).find((c) => prunesNow(c.key, c.value)) : undefined;
  if (expiring) {
    return { reason: `${expiring.via} sets ${expiring.key}=${expiring.value ?? '(unknown)'} for this gc: it deletes unreachable objects and reflog entries now`, loses: 'commits from deleted branches, dropped stashes and resets that the reflog protected', safer: 'git gc (keeps unreachable objects for two weeks)' };
  }
  if (g.sub === 'gc' && a.some((w) => /^--prune=/.test(w) && IMMEDIATE_EXPIRY.test(w.slice('--prune='.length)))) {
    return { reason: 'git gc --prune=now deletes every unreachable object immediately', loses: 'commits from deleted branches, dropped stashes and resets that the reflog no longer protects', safer: 'git gc (keeps unreachable objects for two weeks)' };
  }
  if (g.sub === 'prune' && !a.includes('-n') && !a.includes('--dry-run')) {
    return { reason: 'git prune deletes unreachable objects', loses: 'commits that only dangling refs or the reflog pointed to', safer: 'git prune -n to list them first', level: 'ask' };
  }
  return null;
});

const rmForce = rule('git.rm-force', 'ask', 'git rm -f: delete files that have uncommitted changes', ['git'], (cmd) => {
  const g = gitInvocation(cmd);
  if (!g || g.sub !== 'rm') return null;
  const a = g.args;
  const split = a.flatMap((w) => (/^-[A-Za-z]+$/.test(w) ? w.slice(1).split('').map((c) => `-${c}`) : [w]));
  if (lastWins(split, ['--cached'], ['--no-cached']) || lastWins(split, ['-n', '--dry-run'], ['--no-dry-run'])) return null;
  if (!lastWins(split, ['-f', '--force'], ['--no-force'])) return null;
  const { before, after } = gitPositionals(a);
  const paths = [...before, ...after];
  return { reason: `git rm -f deletes ${paths.join(' ') || 'the files'} even when they have uncommitted changes`, loses: 'uncommitted edits in those files', safer: `git rm ${paths.join(' ')} (refuses when there are local edits), or git rm --cached to only untrack` };
});

const worktreeForce = rule('git.worktree-remove-force', 'ask', 'git worktree remove --force: delete a worktree with uncommitted changes', ['git'], (cmd) => {
  const g = gitInvocation(cmd);
  if (!g || g.sub !== 'worktree' || g.args[0] !== 'remove') return null;
  const rest = g.args.slice(1);
  if (!(hasShort(rest, 'f') || hasLong(rest, '--force'))) return null;
  return { reason: 'git worktree remove --force deletes the worktree directory even with uncommitted or untracked files', loses: 'uncommitted work in that worktree', safer: 'git worktree remove PATH (refuses when dirty); commit or stash there first' };
});

const updateRefDelete = rule('git.update-ref-delete', 'ask', 'git update-ref -d: delete a ref directly', ['git'], (cmd) => {
  const g = gitInvocation(cmd);
  if (!g || g.sub !== 'update-ref') return null;
  const refs = g.args.filter((x) => !x.startsWith('-'));
  if (g.args.includes('--stdin')) {
    // update-ref --stdin reads instructions: `delete REF`, `update REF NEW OLD`…
    const s = cmd.stdin;
    const text = s.kind === 'heredoc' || s.kind === 'herestring' ? s.text : s.kind === 'pipe' ? s.text : undefined;
    if (s.kind === 'inherit') return null;
    if (text !== undefined && !/^\s*(delete|update)\b/m.test(text)) return null;
    return { reason: text === undefined ? 'git update-ref --stdin applies instructions only known when it runs (they may delete or move any ref)' : 'git update-ref --stdin deletes or moves refs directly', loses: 'the refs and easy access to their commits', safer: 'git branch -d / git tag -d, which check first' };
  }
  if (!hasShort(g.args, 'd')) return null;
  return { reason: `git update-ref -d deletes ${refs.join(' ')} without any safety check`, loses: 'the ref and easy access to its commits', safer: 'git branch -d / git tag -d, which check first' };
});

const submoduleDeinitForce = rule('git.submodule-deinit-force', 'ask', 'git submodule deinit --force: remove submodule working trees even with local changes', ['git'], (cmd) => {
  const g = gitInvocation(cmd);
  if (!g || g.sub !== 'submodule' || g.args[0] !== 'deinit') return null;
  const rest = g.args.slice(1);
  if (!(hasShort(rest, 'f') || hasLong(rest, '--force'))) return null;
  return { reason: `git submodule deinit --force ${rest.includes('--all') ? '--all ' : ''}removes the submodules' working trees, local changes included`, loses: 'uncommitted or unpushed work inside the submodules', safer: 'git submodule deinit without --force (refuses when a submodule has local changes); commit and push inside it first' };
});

const abortOperation = rule('git.abort-operation', 'ask', 'git merge/rebase/cherry-pick/revert/am --abort: discard the conflict resolutions made so far', ['git'], (cmd) => {
  const g = gitInvocation(cmd);
  if (!g || !['merge', 'rebase', 'cherry-pick', 'revert', 'am'].includes(g.sub)) return null;
  const abort = g.args.find((w) => w !== '--' && isLongOpt(w, '--abort', 3));
  if (!abort) return null;
  return {
    reason: `git ${g.sub} --abort resets the working tree to where it was before the ${g.sub}, discarding the conflict resolutions and edits made since`,
    loses: `conflict resolutions and edits made during the ${g.sub} (never committed, so git cannot bring them back)`,
    safer: `save the resolutions first (git diff > ${g.sub}-resolutions.patch), then abort; or finish with git ${g.sub} --continue`,
  };
});

/** Config keys whose value git runs as a program (or that make git run one). Keys are lower-cased. Aliases are judged apart. */
const EXEC_CONFIG = /^(core\.(pager|fsmonitor|hookspath|editor|askpass|gitproxy)|init\.templatedir|pager\..+|diff\.external|diff\..+\.(command|textconv)|filter\..+\.(clean|smudge|process)|credential(\..+)?\.helper|sequence\.editor|gpg(\..+)?\.program|uploadpack\.packobjectshook|protocol\.(ext\.)?allow|merge\..+\.driver|remote\..+\.(uploadpack|receivepack|vcs)|include(if\..+)?\.path)$/;

/**
 * Values that make git run nothing worth a question: a pager or editor that only shows text (`cat`, `less`,
 * `true`, `:`, an empty value, a terminal editor), a plain `ssh` with options (its ProxyCommand/LocalCommand
 * aside; the command itself is analysed as git's ssh program), hooks kept in the project's usual folders.
 */
function inertConfigValue(key: string, value: string | null): boolean {
  if (value === null) return false;
  const v = value.trim();
  if (/^(core\.(pager|editor)|pager\..+|sequence\.editor|git_pager|git_editor|git_sequence_editor)$/i.test(key)) {
    return v === '' || /^(true|:|cat|less|more|most|delta|diff-so-fancy)(\s+-{1,2}[A-Za-z][\w-]*)*$/.test(v) || /^(vi|vim|nvim|nano|emacs|ed|code\s+--wait|code\s+-w|subl\s+-w|mate\s+-w)$/.test(v);
  }
  if (/^(core\.sshcommand|git_ssh_command)$/i.test(key)) return /^ssh(\s|$)/.test(v) && !/ProxyCommand|LocalCommand|KnownHostsCommand|[;&|`$]/i.test(v);
  if (/^core\.hookspath$/i.test(key)) return /^(\.husky(\/_)?|\.githooks|\.git\/hooks)\/?$/.test(v);
  return false;
}

/** Settings that only matter when git talks to a remote over ssh. */
const SSH_CONFIG = /^core\.sshcommand$/;
const SSH_ENV = ['GIT_SSH_COMMAND', 'GIT_SSH'];
/** Subcommands that may open a connection to a remote (and so run the ssh program). */
const TRANSPORT = new Set(['fetch', 'pull', 'push', 'clone', 'ls-remote', 'archive', 'submodule', 'remote', 'fetch-pack', 'send-pack', 'lfs', 'request-pull']);

function usesTransport(g: GitInvocation | null): boolean {
  if (!g || g.subDynamic || g.shellAlias !== undefined) return true;
  if (!TRANSPORT.has(g.sub)) return false;
  if (g.sub === 'remote') return g.args.some((w) => ['update', 'prune', 'show', 'set-head'].includes(w)) && !g.args.includes('-n');
  if (g.sub === 'archive') return g.args.some((w) => w.startsWith('--remote'));
  return true;
}

/** Environment variables that make git run a program, when set on this command line. */
const EXEC_ENV = ['GIT_EXTERNAL_DIFF', 'GIT_PAGER', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'GIT_ASKPASS', 'GIT_PROXY_COMMAND', 'GIT_EXEC_PATH', 'GIT_TEMPLATE_DIR'];

const configExec = rule('git.config-exec', 'ask', 'git -c alias.X=!cmd (or an alias known only at run time) / core.pager / core.fsmonitor / core.hooksPath / core.sshCommand for remote commands (also via --config-env, GIT_CONFIG_*, GIT_SSH_COMMAND, GIT_EXTERNAL_DIFF): configuration that runs a program', ['git'], (cmd) => {
  if (cmd.name !== 'git') return null;
  const g = gitInvocation(cmd);
  if (g?.shellAlias !== undefined) {
    return {
      reason: `the alias ${g.alias} is defined on the command line as a shell command (!${g.shellAlias}), so git runs that command through the shell`,
      loses: 'whatever the shell command does; twokey cannot judge it as part of git',
      safer: `run the shell command directly (${g.shellAlias}) so it can be checked`,
    };
  }
  const malformed = malformedConfigCount(cmd.env);
  if (malformed) {
    return {
      reason: `${malformed}: git refuses to run as written, and the corrected form can set any configuration (an alias standing for reset --hard, core.sshCommand, core.pager)`,
      loses: 'whatever the injected configuration makes git do',
      safer: 'set the configuration with git -c KEY=VALUE, where it can be read and checked',
    };
  }
  const config = gitCommandLineConfig(cmd);
  const transport = usesTransport(g);
  // a git alias that resolved is judged as the command it stands for; a shell alias (!cmd) is asked about even unused
  // inert values count on the plain `-c` form only: configuration smuggled through GIT_CONFIG_* is asked about whatever it says
  const risky = config.find((c) => ((EXEC_CONFIG.test(c.key) || (transport && SSH_CONFIG.test(c.key))) && !(c.via === '-c' && inertConfigValue(c.key, c.value))) || (c.key.startsWith('alias.') && (c.value === null || c.value.trimStart().startsWith('!'))));
  if (risky) {
    const isAlias = risky.key.startsWith('alias.');
    return {
      reason: `${risky.via} sets ${risky.key}${risky.value !== null ? `=${risky.value}` : ' (from a value known only at run time)'}: ${isAlias ? 'an alias defined on the command line can stand for any git command or a shell command' : 'git runs that value as a program'}`,
      loses: 'whatever the configured program or alias does',
      safer: isAlias ? 'write the git subcommand itself instead of a command-line alias' : 'run git without overriding that setting, or run the program directly so it can be checked',
    };
  }
  const envVar = [...EXEC_ENV, ...(transport ? SSH_ENV : [])].find((v) => Object.prototype.hasOwnProperty.call(cmd.env, v) && cmd.env[v] !== '' && !inertConfigValue(v, cmd.env[v]));
  if (envVar) {
    return {
      reason: `${envVar}=${cmd.env[envVar]} makes git run that program (for ssh transport, diffs, paging or prompts)`,
      loses: 'whatever that program does',
      safer: `run git without ${envVar}, or run the program directly so it can be checked`,
    };
  }
  return null;
});

/** `git config [--local|--global|--file F] KEY VALUE` (and `git config set KEY VALUE`): the key and value it writes. */
function configWrite(g: GitInvocation): { key: string; value: string | undefined } | null {
  if (g.sub !== 'config') return null;
  const words: string[] = [];
  for (let i = 0; i < g.args.length; i++) {
    const w = g.args[i];
    if (['-f', '--file', '--blob', '--type', '--default', '--comment', '--value'].includes(w)) { i++; continue; }
    if (['--get', '--get-all', '--get-regexp', '--get-urlmatch', '-l', '--list', '--unset', '--unset-all', '--remove-section', '--rename-section', '-e', '--edit', '--show-origin', '--show-scope'].includes(w)) return null;
    if (w.startsWith('-')) continue;
    words.push(w);
  }
  if (['set'].includes(words[0] ?? '')) words.shift();
  else if (['get', 'list', 'unset', 'remove-section', 'rename-section', 'edit'].includes(words[0] ?? '')) return null;
  if (words.length < 2) return null;
  return { key: words[0].toLowerCase(), value: words[1] };
}

const configSetExec = rule('git.config-set-exec', 'ask', 'git config KEY VALUE for a key whose value git runs later (core.fsmonitor, core.hooksPath, alias.X=!cmd, core.sshCommand, filters…) or that turns every push into a forced one (remote.X.mirror, remote.X.push=+…)', ['git'], (cmd) => {
  const g = gitInvocation(cmd);
  const w = g ? configWrite(g) : null;
  if (!w) return null;
  const runs = ((EXEC_CONFIG.test(w.key) || SSH_CONFIG.test(w.key)) && !inertConfigValue(w.key, w.value ?? null)) || (w.key.startsWith('alias.') && (w.value ?? '').trimStart().startsWith('!'));
  const forces = forcesPushes(w.key, w.value ?? '');
  const prunes = prunesNow(w.key, w.value ?? '');
  if (!runs && !forces && !prunes) return null;
  return {
    reason: runs
      ? `git config ${w.key} ${w.value}: every later git command runs that value as a program, out of twokey's sight`
      : forces ? `git config ${w.key} ${w.value}: every later git push overwrites or deletes remote refs` : `git config ${w.key} ${w.value}: the next git gc deletes unreachable commits at once`,
    loses: runs ? 'whatever the configured program does, on every git command from now on' : forces ? 'remote history, on the next push' : 'the commits the reflog was keeping for recovery',
    safer: runs ? 'run the program directly, where it can be checked' : 'leave the setting as it is; push or gc with explicit options',
  };
});

// ---------------------------------------------------------------------------
// gh / glab
// ---------------------------------------------------------------------------

function ghArgs(cmd: SimpleCommand): string[] {
  const a = cmd.argv.slice(1);
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '-R' || a[i] === '--repo' || a[i] === '--hostname') { i++; continue; }
    out.push(a[i]);
  }
  return out;
}

const ghRepoDelete = rule('git.gh-repo-delete', 'deny', 'gh repo delete / glab repo delete / gh api -X DELETE repos/OWNER/REPO: delete a hosted repository', ['gh', 'glab'], (cmd) => {
  const a = ghArgs(cmd);
  if (a.includes('--help') || a.includes('-h')) return null;
  if (a[0] === 'repo' && (a[1] === 'delete' || a[1] === 'rm')) {
    const repo = a.slice(2).find((w) => !w.startsWith('-'));
    return {
      reason: `${cmd.name} repo delete removes the hosted repository${repo ? ` ${repo}` : ''}`,
      loses: 'the repository with its issues, pull requests, wiki, releases, Actions secrets and settings',
      safer: `${cmd.name} repo archive${repo ? ` ${repo}` : ''} (read-only, reversible)`,
    };
  }
  if (a[0] === 'api') {
    const method = methodOf(a);
    const path = a.slice(1).find((w) => !w.startsWith('-') && /repos\/|^\/?projects\//.test(w));
    if (method === 'DELETE' && path && /^\/?repos\/[^/]+\/[^/]+\/?$/.test(path)) {
      return { reason: `${cmd.name} api DELETE ${path} deletes the repository`, loses: 'the repository with its issues, pull requests, releases and settings', safer: 'gh repo archive OWNER/REPO' };
    }
  }
  return null;
});

function methodOf(a: string[]): string | undefined {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '-X' || a[i] === '--method') return a[i + 1]?.toUpperCase();
    if (a[i].startsWith('-X') && a[i].length > 2) return a[i].slice(2).toUpperCase();
    if (a[i].startsWith('--method=')) return a[i].slice(9).toUpperCase();
  }
  return undefined;
}

const ghDeleteOther = rule('git.gh-delete', 'ask', 'gh release/secret/variable/ruleset delete, gh api -X DELETE: delete hosted objects', ['gh', 'glab'], (cmd) => {
  const a = ghArgs(cmd);
  if (a.includes('--help') || a.includes('-h')) return null;
  const objects = ['release', 'secret', 'variable', 'ruleset', 'label', 'cache', 'gist', 'run', 'environment', 'deploy-key', 'ssh-key', 'gpg-key', 'project', 'codespace'];
  if (objects.includes(a[0]) && (a[1] === 'delete' || a[1] === 'rm' || a[1] === 'remove')) {
    const target = a.slice(2).find((w) => !w.startsWith('-'));
    return {
      reason: `${cmd.name} ${a[0]} delete removes the ${a[0]}${target ? ` ${target}` : ''}`,
      loses: a[0] === 'release' ? `the release${a.includes('--cleanup-tag') ? ' and its tag' : ''} with its assets` : `the ${a[0]} (values of secrets cannot be read back)`,
      safer: a[0] === 'release' ? `gh release edit ${target ?? 'TAG'} --draft to hide it instead` : `note what it holds first (${cmd.name} ${a[0]} list)`,
    };
  }
  if (a[0] === 'api' && methodOf(a) === 'DELETE') {
    const path = a.slice(1).find((w) => !w.startsWith('-') && w !== 'DELETE');
    return { reason: `${cmd.name} api DELETE ${path ?? ''} deletes a hosted object`, loses: `whatever ${path ?? 'the endpoint'} names`, safer: 'GET the object first and keep a copy' };
  }
  return null;
});

const dynamicSubcommand = rule('git.dynamic-subcommand', 'ask', 'git whose subcommand is only known at run time (git $CMD …, xargs git …)', ['git'], (cmd) => {
  const g = gitInvocation(cmd);
  if (!g || !g.subDynamic) return null;
  return {
    reason: `the git subcommand (${g.sub}) is only known when the command runs, so it may be reset, clean, push --force or anything else`,
    loses: 'whatever the subcommand turns out to do',
    safer: 'write the git subcommand literally',
  };
});

/** When a rule matched through a command-line alias, say so: `git nuke --hard` is `git reset --hard`. */
function explainAlias(r: CommandRule): CommandRule {
  return {
    ...r,
    match(cmd, ctx) {
      const hit = r.match(cmd, ctx);
      if (!hit || cmd.name !== 'git') return hit;
      const g = gitInvocation(cmd);
      if (!g?.alias || g.shellAlias !== undefined) return hit;
      return { ...hit, reason: `${hit.reason} (git ${g.alias} is a command-line alias for git ${g.sub})` };
    },
  };
}

export const gitPack: RulePack = {
  id: 'git',
  description: 'git history and working-tree safety; GitHub/GitLab CLI deletions',
  rules: [dynamicSubcommand, configExec, configSetExec, pushForce, pushDelete, resetHard, discardChanges, clean, branchForceDelete, stashDrop, tagDelete, historyRewrite, reflogExpire, abortOperation, rmForce, worktreeForce, updateRefDelete, submoduleDeinitForce, ghRepoDelete, ghDeleteOther].map(explainAlias),
};
