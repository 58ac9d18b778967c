import type { CommandRule, RuleContext, RuleHit, RulePack, SimpleCommand } from '../../core/types.js';
import { envValue, flagValue, flagValues, hasFlag, positionals } from '../argv.js';
import { classifyPath, type PathContext, type PathKind } from '../paths.js';
import { hit } from '../hit.js';

/**
 * Backup tools: the commands that delete backups (snapshots, archives, whole repositories), make earlier
 * deletions permanent (prune/compact), lock humans out of them (key and passphrase changes), or restore
 * over live data. Listing, checking, dry runs, creating backups and restoring into a new place pass.
 *
 * Levels, by one principle:
 *  - deny: irreversible removal of backups wholesale: a whole repository, a retention policy applied now
 *    (borg prune, restic forget --prune, kopia snapshot expire --delete, duplicity remove-*-but-n-full
 *    --force), rclone purge, a filterless rclone delete, a sync that can empty a backup destination.
 *  - ask: a named snapshot/archive deleted, removals that stay recoverable until maintenance (restic forget
 *    without --prune: `restic recover` can rebuild snapshots from unreferenced trees until prune runs),
 *    maintenance that makes earlier removals permanent (restic prune, borg compact), locks, keys, restores
 *    over live directories.
 *
 * Facts from the tools' documentation (man pages / docs sites), except where marked "unverified". Checked:
 * restic forget/prune/rewrite --forget/repair snapshots --forget/restore --delete (man pages), restic forget
 * without a policy removes nothing (restic PR 4764: it warned, now it fails); borg delete REPOSITORY_OR_ARCHIVE
 * [ARCHIVE...], --cache-only, compact frees space (borg 1.2+ docs); kopia snapshot delete needs --delete (kopia
 * commit history), kopia expires after each snapshot (kopia forum, author), kopia restore overwrites by default;
 * rclone rmdir/rmdirs remove only empty directories, cleanup empties trash/old versions (rclone docs); duplicity
 * remove-* and cleanup only list without --force; velero delete backup alias, uninstall keeps object storage;
 * pgBackRest stanza-delete/expire --set. Unverified (from memory): wal-g's --confirm, duply's command names,
 * borgmatic's delete/repo-delete actions, resticprofile's option names, the kopia image's entrypoint and the
 * `snap`/`repo` aliases, pgbackrest repo-rm, velero schedule pause, borg 2's undelete.
 */

type Level = 'ask' | 'deny';


/** Positional words from the first known subcommand on (global options before it are skipped). */
function fromSubcommand(pos: readonly string[], known: ReadonlySet<string>): string[] | null {
  if (pos.length === 0) return null;
  if (known.has(pos[0])) return pos.slice();
  // an option we do not know took a value: the subcommand is the first known word after it
  const i = pos.findIndex((w) => known.has(w));
  return i >= 0 ? pos.slice(i) : null;
}

function wantsHelp(a: readonly string[]): boolean {
  return a.includes('--help') || a.includes('-h');
}

/**
 * A boolean option that is on: `--long`, `--long=true`, `-s`, or `s` inside a cluster of short options (`-vn`).
 * `--long=false` is off (cobra/pflag accept it), so `--dry-run=false` is not a dry run.
 */
function boolOn(a: readonly string[], long: string, short?: string): boolean {
  for (const w of a) {
    if (w === '--') break;
    if (w === long) return true;
    if (w.startsWith(`${long}=`)) return !/^(false|0|no|off)$/i.test(w.slice(long.length + 1));
    if (short && (w === short || (/^-[A-Za-z]{2,}$/.test(w) && w.includes(short.slice(1))))) return true;
  }
  return false;
}

/**
 * Python's argparse (borg, duplicity) accepts any unambiguous prefix of a long option (`--glob` for
 * `--glob-archives`). Expand prefixes of the options these rules read; an ambiguous prefix makes the tool
 * itself refuse, so expanding it either way is harmless.
 */
function expandAbbreviations(a: readonly string[], longOptions: readonly string[]): string[] {
  return a.map((w) => {
    if (!w.startsWith('--') || w === '--') return w;
    const eq = w.indexOf('=');
    const name = eq >= 0 ? w.slice(0, eq) : w;
    if (longOptions.includes(name)) return w;
    const matches = longOptions.filter((o) => o.startsWith(name));
    return matches.length === 1 ? matches[0] + (eq >= 0 ? w.slice(eq) : '') : w;
  });
}

function dryRun(a: readonly string[]): boolean {
  return boolOn(a, '--dry-run', '-n');
}

function pathCtx(cmd: SimpleCommand, ctx: RuleContext): PathContext {
  return { cwd: ctx.cwd, home: ctx.home, env: { ...ctx.env, ...cmd.env }, protectedPaths: ctx.protectedPaths, ...(ctx.cwdUnknown ? { cwdUnknown: true } : {}), ...(ctx.projectDir ? { projectDir: ctx.projectDir } : {}) };
}

const LIVE_KINDS: ReadonlySet<PathKind> = new Set(['root', 'system', 'home', 'home-important', 'database', 'tfstate', 'git-dir', 'protected']);

/**
 * Is a restore/extract target live data (so restoring there overwrites it)? Returns a note, or null.
 * Mount points (/mnt/x, /media/x) and paths that say they are a restore place are new places.
 */
function liveTarget(word: string, cmd: SimpleCommand, ctx: RuleContext, dynamic = false): string | null {
  const here = classifyPath(word, dynamic, pathCtx(cmd, ctx));
  // judged for what it is, not where the command runs (restoring over $HOME from $HOME still overwrites it)
  const info = here.resolved ? classifyPath(here.resolved, false, { ...pathCtx(cmd, ctx), cwd: '/nonexistent-twokey-cwd' }) : here;
  if (!LIVE_KINDS.has(info.kind)) return null;
  const abs = info.resolved ?? word;
  if (info.kind !== 'root' && /(^|\/)[^/]*(restor|recover|scratch)[^/]*(\/|$)/i.test(abs)) return null;
  if (info.kind === 'system' && /^\/(mnt|media|Volumes)\/[^/]/.test(abs)) return null;
  return info.note;
}

/** The working directory as an extraction target (borg extract, tarsnap -x write into it). */
function liveCwd(cmd: SimpleCommand, ctx: RuleContext): string | null {
  const cwd = ctx.cwd;
  const info = classifyPath(cwd, false, { ...pathCtx(cmd, ctx), cwd: '/nonexistent-twokey-cwd' });
  if (!LIVE_KINDS.has(info.kind)) return null;
  if (info.kind === 'system' && /^\/(mnt|media|Volumes)\/[^/]/.test(cwd)) return null;
  return info.note;
}

// ---------------------------------------------------------------------------
// The tools' official images run the tool as their entrypoint: `docker run --rm -v …:/repo restic/restic -r /repo
// forget --prune` is restic. (The analyzer unwraps `docker run IMAGE ARGS` as if ARGS were a command, which misses
// entrypoint images.) Images: restic/restic, rclone/rclone, kopia/kopia (kopia's entrypoint: unverified).
// ---------------------------------------------------------------------------

const CONTAINER_RUNNERS = ['docker', 'podman', 'nerdctl'];
const RUN_VALUE_FLAGS = new Set(['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '-v', '--volume', '-p', '--publish', '--name', '--network',
  '--net', '--mount', '-l', '--label', '--cpus', '-m', '--memory', '--platform', '--restart', '-h', '--hostname', '--add-host', '--device', '--pull',
  '--tmpfs', '--cap-add', '--cap-drop', '--security-opt', '--log-driver', '--log-opt', '--shm-size', '--userns', '--group-add', '--dns', '--cidfile']);

/** `docker run … IMAGE ARGS` as the tool the image runs, or null. */
function asImageTool(cmd: SimpleCommand, tool: string, image: RegExp): SimpleCommand | null {
  const a = cmd.argv;
  let i = 1;
  while (i < a.length && a[i].startsWith('-')) i += ['--context', '-c', '-H', '--host', '--config', '--log-level', '--url', '--connection'].includes(a[i]) ? 2 : 1;
  if (a[i] === 'container') i++;
  if (a[i] !== 'run') return null;
  i++;
  while (i < a.length && a[i].startsWith('-') && a[i] !== '--') {
    if (a[i] === '--entrypoint' || a[i].startsWith('--entrypoint=')) return null;
    i += RUN_VALUE_FLAGS.has(a[i]) ? 2 : 1;
  }
  if (a[i] === '--') i++;
  const img = a[i];
  if (img === undefined || !image.test(img)) return null;
  return { ...cmd, argv: [tool, ...a.slice(i + 1)], dynamic: [false, ...cmd.dynamic.slice(i + 1)], name: tool };
}

/** A rule's matcher that also looks inside `docker run` of the tool's official image. */
function withImage(tool: string, image: RegExp, match: (cmd: SimpleCommand, ctx: RuleContext) => RuleHit | null): (cmd: SimpleCommand, ctx: RuleContext) => RuleHit | null {
  return (cmd, ctx) => {
    if (!CONTAINER_RUNNERS.includes(cmd.name)) return match(cmd, ctx);
    const inner = asImageTool(cmd, tool, image);
    if (!inner) return null;
    // a restore target inside the container may be a bind mount of live host data: judged like a host path
    return match(inner, ctx);
  };
}

// ---------------------------------------------------------------------------
// restic
// ---------------------------------------------------------------------------

const RESTIC_VALUE_FLAGS = [
  '-r', '--repo', '--repository-file', '-p', '--password-file', '--password-command', '--cacert', '--cache-dir', '--key-hint',
  '--limit-download', '--limit-upload', '-o', '--option', '--tls-client-cert', '--compression', '--pack-size', '--retry-lock',
  '--stuck-request-timeout', '--http-user-agent',
  // forget / prune / restore / backup / rewrite options that take a value
  '-l', '--keep-last', '-H', '--keep-hourly', '-d', '--keep-daily', '-w', '--keep-weekly', '-m', '--keep-monthly', '-y', '--keep-yearly',
  '--keep-within', '--keep-within-hourly', '--keep-within-daily', '--keep-within-weekly', '--keep-within-monthly', '--keep-within-yearly',
  '--keep-tag', '--host', '--tag', '--path', '-g', '--group-by', '--max-unused', '--max-repack-size', '-t', '--target', '-i', '--include',
  '-e', '--exclude', '--iinclude', '--iexclude', '--include-file', '--exclude-file', '--iinclude-file', '--iexclude-file', '--overwrite',
  '--files-from', '--files-from-raw', '--files-from-verbatim', '--exclude-larger-than', '--parent', '--time', '--stdin-filename', '--new-host',
  '--new-time', '--read-concurrency', '--exclude-if-present', '--add', '--remove', '--set', '--new-password-file', '--user',
];

const RESTIC_COMMANDS = new Set([
  'backup', 'cache', 'cat', 'check', 'copy', 'diff', 'dump', 'features', 'find', 'forget', 'generate', 'help', 'init', 'key', 'list', 'ls',
  'migrate', 'mount', 'options', 'prune', 'recover', 'repair', 'restore', 'rewrite', 'self-update', 'snapshots', 'stats', 'tag', 'unlock', 'version',
]);

function resticRepo(cmd: SimpleCommand, ctx: RuleContext): string {
  return flagValue(cmd, '-r', '--repo') ?? envValue(cmd, ctx.env, 'RESTIC_REPOSITORY') ?? 'the repository';
}

function matchRestic(cmd: SimpleCommand, ctx: RuleContext): RuleHit | null {
  const a = cmd.argv.slice(1);
  if (wantsHelp(a)) return null;
  const sub = fromSubcommand(positionals(a, RESTIC_VALUE_FLAGS), RESTIC_COMMANDS);
  if (!sub) return null;
  const repo = resticRepo(cmd, ctx);
  switch (sub[0]) {
    case 'forget': {
      if (dryRun(a)) return null;
      const ids = sub.slice(1);
      // with neither snapshot ids nor a --keep-* policy restic removes nothing ("no policy was specified")
      if (ids.length === 0 && !a.some((w) => /^--keep-/.test(w) || /^-[lHdwmy]/.test(w))) return null;
      if (a.includes('--unsafe-allow-remove-all')) {
        return hit(`restic forget --unsafe-allow-remove-all in ${repo} may remove every snapshot of a group${a.includes('--prune') ? ' and deletes their data now' : ''}`,
          'every snapshot the policy does not keep (possibly all of them)', 'restic forget --dry-run with the same policy first; let a human run it', 'deny');
      }
      if (a.includes('--prune')) {
        return hit(`restic forget --prune removes ${ids.length ? `snapshot(s) ${ids.join(' ')}` : 'the snapshots the --keep-* policy does not keep'} from ${repo} and deletes their data at once`,
          'the forgotten snapshots and the data only they referenced (unrecoverable once pruned)',
          'restic forget --dry-run … first; forget without --prune leaves the data recoverable (restic recover) until a human prunes', 'deny');
      }
      return hit(`restic forget removes ${ids.length ? `snapshot(s) ${ids.join(' ')}` : 'every snapshot the --keep-* policy does not keep'} from ${repo}`,
        'those snapshots (their data stays until the next prune; restic recover can rebuild them until then)',
        'restic forget --dry-run … to see what would go; copy the repository first (restic copy)');
    }
    case 'prune': {
      if (dryRun(a)) return null;
      return hit(`restic prune deletes every pack in ${repo} that no snapshot references, making earlier forgets permanent`,
        'the data of forgotten snapshots (restic recover can no longer bring them back)', 'restic prune --dry-run first; let a human prune after checking restic snapshots');
    }
    case 'key': {
      const verb = sub[1];
      if (verb === 'remove' || verb === 'rm') {
        return hit(`restic key remove deletes a key of ${repo}; whoever used it (a backup job, a human) can no longer open the repository`,
          'access to the repository through that key (with the last usable key gone, every snapshot)', 'restic key list first; add the replacement key before removing the old one, and let a human remove it');
      }
      if (verb === 'passwd') {
        return hit(`restic key passwd changes the password of ${repo}; a password only the agent knows locks humans out of the backups`,
          'access to every snapshot if the new password is lost', 'let a human change repository passwords and store the new one in the password manager');
      }
      return null;
    }
    case 'unlock':
      if (!a.includes('--remove-all')) return null;
      return hit(`restic unlock --remove-all removes every lock on ${repo}, including those of a backup or prune still running`,
        'repository consistency if a prune or backup is running (packs deleted under it)', 'restic unlock (removes stale locks only); check nothing else uses the repository');
    case 'restore': {
      if (dryRun(a)) return null;
      const target = flagValue(a, '-t', '--target');
      const deletes = a.includes('--delete');
      const live = target !== undefined ? liveTarget(target, cmd, ctx) : null;
      if (deletes) {
        return hit(`restic restore --delete into ${target ?? 'the target'} deletes every file there that the snapshot does not contain${live ? ` (${live})` : ''}`,
          `files in ${target ?? 'the target'} written since the snapshot`, 'restore into an empty directory (restic restore … --target /tmp/restore) and copy back what you need',
          live ? 'deny' : 'ask');
      }
      // restic 0.17+: --overwrite never leaves existing files alone
      if (live && flagValue(a, '--overwrite') !== 'never') {
        return hit(`restic restore --target ${target} writes the snapshot over live data (${live})`, `current files in ${target} that the snapshot overwrites`,
          'restore into a new directory (--target /tmp/restore) or use --dry-run, then copy back what you need');
      }
      return null;
    }
    case 'repair':
      if (sub[1] === 'snapshots' && a.includes('--forget') && !dryRun(a)) {
        return hit('restic repair snapshots --forget replaces damaged snapshots and removes the originals', 'the original (damaged) snapshots',
          'restic repair snapshots --dry-run first; keep the originals (omit --forget)');
      }
      return null;
    case 'rewrite':
      if (a.includes('--forget') && !dryRun(a)) {
        return hit('restic rewrite --forget rewrites snapshots without the excluded files and removes the originals', 'the excluded files in every rewritten snapshot',
          'restic rewrite --dry-run first, or rewrite without --forget (the originals stay)');
      }
      return null;
    default:
      return null;
  }
}

const restic: CommandRule = {
  id: 'backups.restic',
  level: 'ask',
  summary: 'restic forget --prune (deny), forget, prune, key remove/passwd, unlock --remove-all, restore over live data, rewrite/repair --forget (ask)',
  commands: ['restic', ...CONTAINER_RUNNERS],
  match: withImage('restic', /^(docker\.io\/|ghcr\.io\/)?restic\/restic([:@]|$)/, matchRestic),
};

// resticprofile: `resticprofile [options] [PROFILE.]COMMAND [restic options]` runs restic with the profile's
// repository and retention (its own -n/--name picks the profile; --dry-run prints the restic command only).
// Option names from resticprofile's documentation; unverified here.
const RESTICPROFILE_VALUE_FLAGS = ['-n', '--name', '-c', '--config', '-f', '--format', '-l', '--log', '--lock-wait', '--theme', '--command-output', '-w', '--wait'];

function matchResticprofile(cmd: SimpleCommand, ctx: RuleContext): RuleHit | null {
  const a = cmd.argv.slice(1);
  if (wantsHelp(a)) return null;
  let i = 0;
  while (i < a.length && a[i].startsWith('-')) {
    if (a[i] === '--dry-run') return null;
    i += RESTICPROFILE_VALUE_FLAGS.includes(a[i]) ? 2 : 1;
  }
  const word = a[i];
  if (!word) return null;
  const command = word.includes('.') ? word.slice(word.lastIndexOf('.') + 1) : word;
  const rest = a.slice(i + 1);
  if (command === 'forget' && !dryRun(rest)) {
    const direct = matchRestic({ ...cmd, argv: ['restic', 'forget', ...rest], name: 'restic' }, ctx);
    if (direct) return direct;
    return hit(`resticprofile ${word} applies the profile's retention (and prunes if the profile says prune)`, 'the snapshots the profile\'s retention does not keep',
      `resticprofile ${word} --dry-run first; let a human change or apply retention`);
  }
  return matchRestic({ ...cmd, argv: ['restic', command, ...rest], name: 'restic' }, ctx);
}

const resticprofile: CommandRule = {
  id: 'backups.resticprofile',
  level: 'ask',
  summary: 'resticprofile [PROFILE.]forget/prune/… judged as the restic command it runs; forget from the profile\'s retention (ask)',
  commands: ['resticprofile'],
  match: matchResticprofile,
};

// ---------------------------------------------------------------------------
// borg (1.x: REPO::ARCHIVE; 2.x: -r REPO, archive names, repo-delete/rdelete)
// ---------------------------------------------------------------------------

const BORG_VALUE_FLAGS = [
  '--remote-path', '--rsh', '--lock-wait', '--umask', '--upload-ratelimit', '--upload-buffer', '--remote-ratelimit', '--debug-topic',
  '--backend-timeout', '-r', '--repo', '-a', '--glob-archives', '--match-archives', '-P', '--prefix', '--first', '--last', '--sort-by',
  '--keep-within', '--keep-last', '--keep-secondly', '--keep-minutely', '-H', '--keep-hourly', '-d', '--keep-daily', '-w', '--keep-weekly',
  '-m', '--keep-monthly', '-y', '--keep-yearly', '--keep-13weekly', '--keep-3monthly', '-e', '--exclude', '--exclude-from', '--pattern',
  '--patterns-from', '--comment', '--timestamp', '--checkpoint-interval', '-C', '--compression', '--recompress', '--chunker-params',
  '--target', '--strip-components', '--format', '-c', '--paper', '--max-duration', '--older', '--newer', '--oldest', '--newest',
  '--exclude-if-present', '--files-cache', '--stdin-name', '--other-repo',
];

const BORG_COMMANDS = new Set([
  'init', 'create', 'extract', 'check', 'rename', 'list', 'diff', 'delete', 'prune', 'compact', 'info', 'mount', 'umount', 'key', 'upgrade',
  'recreate', 'import-tar', 'export-tar', 'serve', 'config', 'with-lock', 'break-lock', 'benchmark', 'version', 'help', 'change-passphrase',
  'rcreate', 'rinfo', 'rlist', 'rdelete', 'rcompress', 'repo-create', 'repo-info', 'repo-list', 'repo-delete', 'repo-compress', 'repo-space',
  'transfer', 'tag', 'undelete', 'analyze',
]);

const ALL_ARCHIVES = /^((sh|fm|re|pp|pf|id):)?(\*|\.\*|\^\.\*\$?)$/;

function borgRepo(cmd: SimpleCommand, ctx: RuleContext): string | undefined {
  return flagValue(cmd, '-r', '--repo') ?? envValue(cmd, ctx.env, 'BORG_REPO');
}

function looksLikeRepoPath(w: string): boolean {
  return /[/:]/.test(w) || w.startsWith('~') || w.startsWith('.');
}

function borgDelete(sub: string[], a: string[], cmd: SimpleCommand, ctx: RuleContext): RuleHit | null {
  const repo = borgRepo(cmd, ctx);
  const borg2 = flagValue(a, '-r', '--repo') !== undefined;
  const saferRepo = 'borg list first; copy the repository aside (rsync/rclone copy) and let a human delete it';
  const selectors = [...flagValues(a, '-a', '--glob-archives', '--match-archives', '-P', '--prefix')];
  const bulk = a.some((w) => w === '--first' || w === '--last' || w.startsWith('--first=') || w.startsWith('--last='));
  if (selectors.some((s) => ALL_ARCHIVES.test(s))) {
    return hit(`borg delete with the archive pattern ${selectors.find((s) => ALL_ARCHIVES.test(s))} deletes every archive in ${repo ?? 'the repository'}`,
      'every archive in the repository', 'borg delete --dry-run --list … first; let a human delete archives', 'deny');
  }
  if (selectors.length > 0 || bulk) {
    return hit(`borg delete removes every archive matching ${selectors.length ? selectors.join(', ') : 'the --first/--last selection'} from ${repo ?? 'the repository'}`,
      'the matching archives', 'borg delete --dry-run --list … to see which archives match; let a human delete them');
  }
  const targets = sub.slice(1);
  if (targets.length === 0) {
    return hit(`borg delete without an archive deletes the whole repository ${repo ?? '(BORG_REPO)'}, every archive in it`,
      'every archive in the repository', saferRepo, 'deny');
  }
  // borg 1.2+: `borg delete REPO ARCHIVE…` deletes the named archives of REPO, not the repository
  if (!borg2 && targets.length > 1 && !targets[0].includes('::')) {
    return hit(`borg delete removes archive(s) ${targets.slice(1).join(', ')} from ${targets[0]}`,
      'those archives (space is freed by the next compact; they cannot be listed or extracted again)', 'borg delete --dry-run --list … first; let a human delete archives');
  }
  const wholeRepo = targets.find((t) => (t.includes('::') ? t.split('::')[1] === '' : !borg2 && (looksLikeRepoPath(t) || repo === undefined)));
  if (wholeRepo !== undefined) {
    return hit(`borg delete ${wholeRepo} deletes the whole repository, every archive in it`, 'every archive in the repository', saferRepo, 'deny');
  }
  const names = targets.map((t) => (t.includes('::') ? t.split('::')[1] : t));
  return hit(`borg delete removes archive(s) ${names.join(', ')} from ${repo ?? (targets[0].split('::')[0] || 'the repository')}`,
    'those archives (space is freed by the next compact; they cannot be listed or extracted again)', 'borg delete --dry-run --list … first; let a human delete archives');
}

const BORG_LONG_OPTIONS = [
  ...BORG_VALUE_FLAGS.filter((f) => f.startsWith('--')), '--dry-run', '--cache-only', '--repair', '--force', '--list', '--stats', '--help',
  '--keep-security-info', '--save-space', '--verify-data', '--archives-only', '--repository-only',
];

function matchBorg(cmd: SimpleCommand, ctx: RuleContext): RuleHit | null {
  const a = expandAbbreviations(cmd.argv.slice(1), BORG_LONG_OPTIONS);
  cmd = { ...cmd, argv: [cmd.argv[0], ...a] };
  if (wantsHelp(a)) return null;
  const sub = fromSubcommand(positionals(a, BORG_VALUE_FLAGS), BORG_COMMANDS);
  if (!sub) return null;
  const repo = borgRepo(cmd, ctx) ?? (sub[0] === 'key' ? sub[2] : sub[1]) ?? 'the repository';
  switch (sub[0]) {
    case 'delete':
      if (dryRun(a) || a.includes('--cache-only')) return null;
      return borgDelete(sub, a, cmd, ctx);
    case 'rdelete':
    case 'repo-delete':
      if (dryRun(a)) return null;
      return hit(`borg ${sub[0]} deletes the whole repository ${borgRepo(cmd, ctx) ?? ''}`.trimEnd(), 'every archive in the repository',
        'borg repo-list first; copy the repository aside and let a human delete it', 'deny');
    case 'prune':
      if (dryRun(a)) return null;
      return hit(`borg prune deletes every archive in ${repo} that the --keep-* rules do not keep`, 'the pruned archives (borg cannot bring them back)',
        'borg prune --dry-run --list … first to see what would go; let a human prune', 'deny');
    case 'compact':
    case 'rcompress':
    case 'repo-compress':
      if (sub[0] === 'compact' && dryRun(a)) return null;
      return hit(`borg ${sub[0]} rewrites the segments of ${repo}, freeing the space of deleted archives for good`,
        'the last chance to recover data of deleted or pruned archives; the repository if interrupted on a failing disk', 'borg check first; let a human run repository maintenance');
    case 'recreate':
      if (dryRun(a)) return null;
      return hit(`borg recreate rewrites archives in ${repo} in place${a.some((w) => w === '-e' || w.startsWith('--exclude')) ? ', dropping the excluded files from them' : ''}`,
        'files excluded from the rewritten archives; the original archives', 'borg recreate --dry-run --list … first, or --target NEW_NAME to keep the original');
    case 'key':
      if (sub[1] === 'change-passphrase' || sub[1] === 'import' || sub[1] === 'change-location' || sub[1] === 'migrate-to-repokey') {
        return hit(`borg key ${sub[1]} replaces or re-encrypts the key of ${repo}; a passphrase or key only the agent knows locks humans out of every archive`,
          'access to every archive if the new key or passphrase is lost', 'borg key export … first (a paper/file copy of the key); let a human change keys');
      }
      return null;
    case 'change-passphrase':
      return hit(`borg change-passphrase re-encrypts the key of ${repo} with a new passphrase`, 'access to every archive if the new passphrase is lost',
        'borg key export first; let a human change the passphrase');
    case 'break-lock':
      return hit(`borg break-lock removes the locks on ${repo}, even those of a borg process still writing to it`,
        'repository consistency if another borg is running', 'check that no borg process uses the repository (ps, the backup schedule) first');
    case 'check':
      if (!a.includes('--repair')) return null;
      return hit(`borg check --repair rewrites ${repo} to fix inconsistencies and may drop damaged archives or chunks`, 'damaged archives/files the repair removes',
        'copy the repository aside first, run borg check without --repair, and let a human repair');
    case 'upgrade':
      if (dryRun(a)) return null;
      return hit(`borg upgrade converts ${repo} in place`, 'access from older borg versions; the repository if the conversion fails', 'copy the repository first; borg upgrade --dry-run');
    case 'extract': {
      if (dryRun(a)) return null;
      const live = liveCwd(cmd, ctx);
      if (!live) return null;
      return hit(`borg extract writes the archive into the working directory, which is live data (${live})`, 'current files the extraction overwrites',
        'cd into an empty directory first (mkdir /tmp/restore && cd /tmp/restore), or borg extract --dry-run');
    }
    default:
      return null;
  }
}

const borg: CommandRule = {
  id: 'backups.borg',
  level: 'ask',
  summary: 'borg delete of a repository, prune, repo-delete (deny); archive delete, compact, recreate, key changes, break-lock, check --repair (ask)',
  commands: ['borg', 'borg2', 'borgbackup'],
  match: matchBorg,
};

// borgmatic: `borgmatic borg ARGS` passes ARGS to borg (the repository comes from the configuration);
// its own actions prune/compact/delete/repo-delete/break-lock act on every configured repository.
// Action names from borgmatic's documentation (delete and repo-delete are recent); unverified here.
const BORGMATIC_VALUE_FLAGS = ['-c', '--config', '--repository', '--archive', '-v', '--verbosity', '--syslog-verbosity', '--log-file', '--log-file-verbosity',
  '--monitoring-verbosity', '--override', '--commands'];

function matchBorgmatic(cmd: SimpleCommand, ctx: RuleContext): RuleHit | null {
  const a = cmd.argv.slice(1);
  if (wantsHelp(a)) return null;
  const pos = positionals(a, BORGMATIC_VALUE_FLAGS);
  const at = pos.findIndex((w) => ['borg', 'prune', 'compact', 'delete', 'repo-delete', 'rdelete', 'break-lock', 'create', 'list', 'info', 'check', 'extract', 'restore', 'rlist', 'repo-list'].includes(w));
  if (at < 0) return null;
  const action = pos[at];
  if (action === 'borg') {
    const k = a.indexOf('borg');
    return matchBorg({ ...cmd, argv: ['borg', ...a.slice(k + 1)], name: 'borg' }, ctx);
  }
  if (dryRun(a)) return null;
  const where = flagValue(a, '--repository') ?? 'every configured repository';
  switch (action) {
    case 'repo-delete':
    case 'rdelete':
      return hit(`borgmatic ${action} deletes ${where === 'every configured repository' ? where : `the repository ${where}`}, every archive in it`, 'every archive', 'borgmatic repo-list first; let a human delete repositories', 'deny');
    case 'delete':
      return hit(`borgmatic delete removes ${flagValue(a, '--archive') ? `archive ${flagValue(a, '--archive')}` : 'the selected archives'} from ${where}`, 'those archives', 'borgmatic delete --dry-run first; let a human delete archives');
    case 'prune':
      return hit(`borgmatic prune applies the configured retention to ${where} now`, 'the archives the retention does not keep', 'borgmatic prune --dry-run first (borgmatic also prunes on its scheduled run)');
    case 'compact':
      return hit(`borgmatic compact frees the space of deleted archives in ${where} for good`, 'the last chance to recover deleted or pruned archives', 'let the scheduled borgmatic run compact');
    case 'break-lock':
      return hit(`borgmatic break-lock removes the locks on ${where}, even those of a running borg`, 'repository consistency if another borg is running', 'check that no borg process is running first');
    default:
      return null;
  }
}

const borgmatic: CommandRule = {
  id: 'backups.borgmatic',
  level: 'ask',
  summary: 'borgmatic repo-delete (deny); delete, prune, compact, break-lock (ask); borgmatic borg … judged as borg',
  commands: ['borgmatic'],
  match: matchBorgmatic,
};

// ---------------------------------------------------------------------------
// kopia
// ---------------------------------------------------------------------------

const KOPIA_VALUE_FLAGS = [
  '--config-file', '--log-dir', '--log-level', '--file-log-level', '--password', '-p', '--cache-directory', '--content-cache-size-mb',
  '--metadata-cache-size-mb', '--max-list-cache-duration', '--log-file', '--description', '--tags', '--override-source', '--safety',
  '--keep-latest', '--keep-hourly', '--keep-daily', '--keep-weekly', '--keep-monthly', '--keep-annual', '--min-age', '--prefix', '--owner',
];

const KOPIA_COMMANDS = new Set([
  'snapshot', 'snap', 'repository', 'repo', 'policy', 'maintenance', 'blob', 'content', 'manifest', 'restore', 'mount', 'index', 'cache',
  'server', 'ls', 'show', 'diff', 'benchmark', 'logs', 'notification', 'user', 'acl',
]);

const KOPIA_KEEP = ['--keep-latest', '--keep-hourly', '--keep-daily', '--keep-weekly', '--keep-monthly', '--keep-annual'];

function matchKopia(cmd: SimpleCommand, ctx: RuleContext): RuleHit | null {
  const a = cmd.argv.slice(1);
  if (wantsHelp(a)) return null;
  const sub = fromSubcommand(positionals(a, KOPIA_VALUE_FLAGS), KOPIA_COMMANDS);
  if (!sub) return null;
  const [noun, verb] = sub;
  // kopia deletes only when told --delete; without it snapshot delete/expire just report what they would do.
  const confirmed = a.some((w) => w === '--delete' || w === '--delete=true' || w === '--unsafe-ignore-source');
  if (noun === 'snapshot' || noun === 'snap') {
    if (verb === 'delete' && confirmed) {
      const all = a.includes('--all-snapshots-for-source');
      return hit(all ? 'kopia snapshot delete --all-snapshots-for-source deletes every snapshot of the source' : `kopia snapshot delete removes snapshot(s) ${sub.slice(2).join(' ')}`,
        all ? 'every snapshot of that source' : 'those snapshots (their contents go at the next full maintenance)',
        'kopia snapshot delete … without --delete to see what would go; let a human delete snapshots', all ? 'deny' : undefined);
    }
    if (verb === 'expire' && confirmed) {
      return hit('kopia snapshot expire --delete removes every snapshot the retention policy no longer keeps', 'the expired snapshots',
        'kopia snapshot expire without --delete lists what would go; let a human expire', 'deny');
    }
    if (verb === 'restore' || verb === 'mount') return restoreHit(sub, verb, cmd, ctx);
    return null;
  }
  if (noun === 'restore') return restoreHit(['snapshot', ...sub], 'restore', cmd, ctx);
  if (noun === 'policy') {
    if (verb === 'set') {
      const keep = KOPIA_KEEP.flatMap((f) => flagValues(a, f).map((v) => `${f} ${v}`)).filter((s) => /\s\d+$/.test(s));
      if (keep.length === 0) return null;
      return hit(`kopia policy set ${keep.join(' ')} changes how many snapshots are kept; kopia expires snapshots beyond it after the next snapshot`,
        'snapshots beyond the new retention (if it is lower than before)', 'kopia policy show first; let a human lower retention');
    }
    if (verb === 'delete' || verb === 'remove' || verb === 'rm') {
      return hit('kopia policy delete removes a policy; its sources fall back to the parent/global retention', 'snapshots the inherited retention keeps fewer of',
        'kopia policy show first; let a human change retention');
    }
    return null;
  }
  if (noun === 'maintenance' && verb === 'run') {
    const safety = flagValue(a, '--safety');
    if (safety !== 'none') return null;
    return hit('kopia maintenance run --safety=none deletes unreferenced contents and blobs without the safety delays, even those a running snapshot still needs',
      'data of snapshots in progress; the chance to undo recent snapshot deletions', 'kopia maintenance run (default safety=full)');
  }
  if (noun === 'blob' && verb === 'delete') {
    return hit('kopia blob delete removes raw repository blobs, which corrupts every snapshot whose data is in them', 'snapshot data in the deleted blobs',
      'kopia blob list / kopia snapshot verify first; let a human repair repositories', 'deny');
  }
  if (noun === 'blob' && verb === 'gc' && confirmed) {
    return hit('kopia blob gc --delete deletes blobs kopia considers unused', 'blobs still needed by snapshots written concurrently', 'kopia blob gc without --delete to list them');
  }
  if ((noun === 'content' || noun === 'manifest') && (verb === 'delete' || verb === 'rm' || verb === 'remove')) {
    return hit(`kopia ${noun} delete removes repository ${noun === 'content' ? 'contents' : 'manifests (snapshots and policies are manifests)'} directly`,
      `the deleted ${noun === 'content' ? 'contents and every snapshot using them' : 'snapshots/policies'}`, 'use kopia snapshot delete/policy delete; let a human edit repositories');
  }
  if ((noun === 'repository' || noun === 'repo') && verb === 'change-password') {
    return hit('kopia repository change-password changes the repository password; a password only the agent knows locks humans out', 'access to every snapshot if the password is lost',
      'let a human change repository passwords and store the new one safely');
  }
  return null;
}

function restoreHit(sub: string[], verb: string, cmd: SimpleCommand, ctx: RuleContext): RuleHit | null {
  if (verb === 'mount') return null;
  // kopia snapshot restore SOURCE TARGET (restore is an alias)
  const target = sub[3];
  if (!target) return null;
  const live = liveTarget(target, cmd, ctx);
  if (!live) return null;
  return hit(`kopia restore into ${target} writes the snapshot over live data (${live})`, `current files in ${target} that the snapshot overwrites`,
    'restore into a new directory (kopia restore ID /tmp/restore) and copy back what you need');
}

const kopia: CommandRule = {
  id: 'backups.kopia',
  level: 'ask',
  summary: 'kopia snapshot expire --delete, blob delete (deny); snapshot delete --delete, policy set retention, maintenance --safety=none, restore over live data (ask)',
  commands: ['kopia', ...CONTAINER_RUNNERS],
  match: withImage('kopia', /^(docker\.io\/)?kopia\/kopia([:@]|$)/, matchKopia),
};

// ---------------------------------------------------------------------------
// rclone
// ---------------------------------------------------------------------------

const RCLONE_VALUE_FLAGS = [
  '--config', '--log-file', '--log-level', '--transfers', '--checkers', '--bwlimit', '--include', '--exclude', '--filter', '--filter-from',
  '--include-from', '--exclude-from', '--files-from', '--files-from-raw', '--min-age', '--max-age', '--min-size', '--max-size', '--backup-dir',
  '--suffix', '--stats', '--retries', '--max-delete', '--max-delete-size', '--max-depth', '--user-agent', '--dedupe-mode', '--order-by',
  '--compare-dest', '--copy-dest', '--cache-dir', '--tpslimit', '--timeout', '--contimeout', '--max-transfer', '--cutoff-mode', '--buffer-size',
  '--multi-thread-streams', '--stats-log-level', '--rc-addr', '--password-command', '--exclude-if-present', '--metadata-set', '--header',
  '--header-upload', '--header-download', '--track-renames-strategy', '--delete-before-n', '--fast-list-depth', '--low-level-retries',
  '--conflict-resolve', '--conflict-loser', '--conflict-suffix', '--workdir', '--compare', '--backup-dir1', '--backup-dir2',
];

const RCLONE_COMMANDS = new Set([
  'about', 'authorize', 'backend', 'bisync', 'cat', 'check', 'checksum', 'cleanup', 'completion', 'config', 'copy', 'copyto', 'copyurl',
  'cryptcheck', 'cryptdecode', 'dedupe', 'delete', 'deletefile', 'genautocomplete', 'gendocs', 'hashsum', 'link', 'listremotes', 'ls', 'lsd',
  'lsf', 'lsjson', 'lsl', 'md5sum', 'mkdir', 'mount', 'move', 'moveto', 'ncdu', 'nfsmount', 'obscure', 'purge', 'rc', 'rcat', 'rcd', 'rmdir',
  'rmdirs', 'selfupdate', 'serve', 'settier', 'sha1sum', 'size', 'sync', 'test', 'touch', 'tree', 'version', 'archive', 'help',
]);

const RCLONE_FILTERS = ['--include', '--exclude', '--filter', '--filter-from', '--include-from', '--exclude-from', '--files-from', '--files-from-raw',
  '--min-age', '--max-age', '--min-size', '--max-size'];

/** A remote or local path whose name says it holds backups. */
const BACKUP_NAME = /(^|[/:._-])(backups?|bak|bkp|snapshots?|archives?|restic|borg|kopia|duplicity|velero|vault|dumps?)($|[/:._-])/i;

function rcloneBackupDest(dest: string, cmd: SimpleCommand, ctx: RuleContext): string | null {
  if (BACKUP_NAME.test(dest)) return `${dest} looks like a backup location`;
  if (!/^[A-Za-z0-9_.-]+:/.test(dest) || /^[A-Za-z]:[\\/]/.test(dest)) {
    const info = classifyPath(dest, false, pathCtx(cmd, ctx));
    if (['root', 'system', 'home', 'home-important', 'database', 'tfstate', 'git-dir', 'protected', 'backup'].includes(info.kind)) return info.note;
  }
  return null;
}

function matchRclone(cmd: SimpleCommand, ctx: RuleContext): RuleHit | null {
  const a = cmd.argv.slice(1);
  if (wantsHelp(a)) return null;
  const sub = fromSubcommand(positionals(a, RCLONE_VALUE_FLAGS), RCLONE_COMMANDS);
  if (!sub) return null;
  if (dryRun(a) || boolOn(a, '--interactive', '-i')) return null;
  const [verb, src, dst] = sub;
  const path = src ?? 'the remote';
  const dryRunSafer = `rclone ${verb} --dry-run … (or --interactive) first`;
  switch (verb) {
    case 'purge':
      return hit(`rclone purge deletes ${path} and everything in it, ignoring filters`, `every file under ${path}`, `${dryRunSafer}; let a human purge`, 'deny');
    case 'delete': {
      const filtered = RCLONE_FILTERS.some((f) => hasFlag(a, f));
      return hit(`rclone delete removes ${filtered ? 'the files matching the filters' : 'every file'} under ${path}`,
        `${filtered ? 'the matching files' : 'every file'} under ${path}`, dryRunSafer, filtered ? 'ask' : 'deny');
    }
    case 'deletefile':
      return hit(`rclone deletefile deletes ${path}`, path, dryRunSafer);
    case 'cleanup':
      return hit(`rclone cleanup empties the trash and deletes old file versions under ${path}`, 'the trash and old versions (often the only copy of overwritten data)', dryRunSafer);
    case 'sync': {
      if (!dst) return null;
      const backupish = rcloneBackupDest(dst, cmd, ctx);
      const kept = hasFlag(a, '--backup-dir');
      return hit(`rclone sync makes ${dst} identical to ${src}, deleting files in ${dst} that ${src} lacks${backupish ? ` (${backupish})` : ''}`,
        `files in ${dst} not present in ${src} (a wrong or empty source wipes the destination)`,
        `${dryRunSafer}; rclone copy adds without deleting; --backup-dir keeps what sync would delete`, backupish && !kept ? 'deny' : 'ask');
    }
    case 'bisync':
      return hit(`rclone bisync propagates deletions between ${src} and ${dst} in both directions`, 'files deleted on either side, on the other side too', dryRunSafer);
    case 'move':
    case 'moveto':
      if (!dst) return null;
      return hit(`rclone ${verb} deletes ${src} after copying it to ${dst}`, `the source copy in ${src} (a backup moved is no longer where restores expect it)`,
        `rclone ${verb === 'move' ? 'copy' : 'copyto'} instead, then delete the source once verified`);
    case 'dedupe': {
      const mode = flagValue(a, '--dedupe-mode') ?? (['first', 'newest', 'oldest', 'largest', 'smallest', 'skip', 'rename', 'list', 'interactive'].includes(src ?? '') ? src : undefined);
      if (!mode || !['first', 'newest', 'oldest', 'largest', 'smallest'].includes(mode)) return null;
      const where = mode === src ? dst : src;
      return hit(`rclone dedupe --dedupe-mode ${mode} deletes every duplicate under ${where ?? 'the path'} except the one it keeps`, 'the duplicate files it does not keep',
        'rclone dedupe --dedupe-mode list (or rename) first');
    }
    case 'config':
      if (src === 'delete') {
        return hit(`rclone config delete removes ${dst ? `the remote ${dst}` : 'a remote'} from the config, with its credentials (for a crypt remote, the only copy of its password)`,
          'access to data behind the remote; for crypt remotes every encrypted file if the password is not stored elsewhere', 'rclone config show first and keep a copy of rclone.conf');
      }
      return null;
    default:
      // rmdir/rmdirs only remove empty directories (rclone docs), so they lose no data
      return null;
  }
}

const rclone: CommandRule = {
  id: 'backups.rclone',
  level: 'ask',
  summary: 'rclone purge, filterless delete, sync into a backup location (deny); delete, deletefile, cleanup, sync, bisync, move, dedupe, config delete (ask)',
  commands: ['rclone', ...CONTAINER_RUNNERS],
  match: withImage('rclone', /^(docker\.io\/)?rclone\/rclone([:@]|$)/, matchRclone),
};

// ---------------------------------------------------------------------------
// velero
// ---------------------------------------------------------------------------

const VELERO_VALUE_FLAGS = ['-n', '--namespace', '--kubeconfig', '--kubecontext', '--features', '--from-backup', '--from-schedule', '-l', '--selector',
  '--existing-resource-policy', '--include-namespaces', '--exclude-namespaces', '--namespace-mappings', '--include-resources', '--exclude-resources',
  '--wait-timeout', '--storage-location', '--ttl', '--schedule', '-o', '--output'];

const VELERO_NOUNS = new Set(['backup', 'backups', 'schedule', 'schedules', 'restore', 'restores', 'backup-location', 'backup-locations', 'snapshot-location', 'snapshot-locations', 'plugin', 'repo']);
const VELERO_VERBS = new Set(['create', 'delete', 'get', 'describe', 'logs', 'download']);
const VELERO_COMMANDS = new Set([...VELERO_NOUNS, ...VELERO_VERBS, 'install', 'uninstall', 'version', 'completion', 'client', 'bug', 'help', 'debug', 'datamover', 'node-agent']);

function matchVelero(cmd: SimpleCommand): RuleHit | null {
  const a = cmd.argv.slice(1);
  if (wantsHelp(a)) return null;
  const sub = fromSubcommand(positionals(a, VELERO_VALUE_FLAGS), VELERO_COMMANDS);
  if (!sub) return null;
  if (sub[0] === 'uninstall') {
    return hit('velero uninstall removes Velero, its namespace and CRDs, with every Backup, Schedule and Restore object in the cluster',
      'the backup schedules and the cluster\'s record of its backups (the object-storage data stays)', 'let a human uninstall Velero; velero backup get first');
  }
  // `velero backup delete X` and `velero delete backup X` (verb-noun alias)
  const [noun, verb] = VELERO_NOUNS.has(sub[0]) ? [sub[0], sub[1]] : [sub[1], sub[0]];
  if (!noun || !verb) return null;
  const n = noun.replace(/s$/, '');
  const names = sub.slice(2);
  if (verb === 'delete') {
    const all = a.includes('--all') || hasFlag(a, '-l', '--selector');
    if (n === 'backup') {
      return hit(`velero backup delete ${all ? 'deletes every selected backup' : `deletes backup(s) ${names.join(' ')}`}, with their object-storage data and volume snapshots`,
        'the backups (what you restore the cluster from)', 'let backups expire by their TTL; velero backup describe first; let a human delete backups', 'deny');
    }
    if (n === 'schedule') {
      return hit(`velero schedule delete removes schedule(s) ${all ? '(all selected)' : names.join(' ')}: no new backups will be taken`, 'future backups', 'velero schedule pause instead');
    }
    if (n === 'backup-location' || n === 'snapshot-location') {
      return hit(n === 'backup-location'
        ? `velero backup-location delete removes the backup location ${names.join(' ')}; Velero drops the backups stored there from the cluster (the object-storage data stays)`
        : `velero snapshot-location delete removes the volume snapshot location ${names.join(' ')}; backups whose volume snapshots are there cannot restore them`,
      'the cluster\'s access to the backups in that location',
        'velero backup-location get first; set it read-only (--access-mode ReadOnly) instead');
    }
    return null;
  }
  if (verb === 'create' && n === 'restore') {
    const policy = flagValue(a, '--existing-resource-policy');
    if (policy !== 'update') return null;
    return hit('velero restore create --existing-resource-policy update overwrites resources that exist in the cluster with their backed-up versions',
      'the current state of existing resources the backup also holds', 'restore into new namespaces (--namespace-mappings old:new) and compare first');
  }
  return null;
}

const velero: CommandRule = {
  id: 'backups.velero',
  level: 'ask',
  summary: 'velero backup delete (deny); schedule/backup-location/snapshot-location delete, uninstall, restore with --existing-resource-policy update (ask)',
  commands: ['velero'],
  match: matchVelero,
};

// ---------------------------------------------------------------------------
// duplicity (and duply, its profile wrapper)
// ---------------------------------------------------------------------------

const DUPLICITY_VALUE_FLAGS = ['--name', '--archive-dir', '--encrypt-key', '--sign-key', '--hidden-encrypt-key', '--exclude', '--include', '--exclude-filelist',
  '--include-filelist', '--exclude-regexp', '--include-regexp', '-t', '--time', '--restore-time', '--file-to-restore', '-r', '--path-to-restore', '--volsize',
  '--gpg-options', '--ssh-options', '--tempdir', '--log-file', '--log-fd', '-v', '--verbosity', '--full-if-older-than', '--num-retries', '--backend-retry-delay',
  '--s3-region-name', '--s3-endpoint-url', '--gpg-binary', '--rsync-options', '--timeout', '--file-prefix', '--file-prefix-manifest', '--file-prefix-archive',
  '--file-prefix-signature', '--backend-retry-delay', '--concurrency', '--max-blocksize', '--exclude-if-present'];

const DUPLICITY_ACTIONS = new Set(['full', 'incremental', 'inc', 'backup', 'restore', 'verify', 'collection-status', 'list-current-files', 'cleanup',
  'remove-older-than', 'remove-all-but-n-full', 'remove-all-inc-of-but-n-full']);

function matchDuplicity(cmd: SimpleCommand, ctx: RuleContext): RuleHit | null {
  const a = cmd.name === 'duply' ? cmd.argv.slice(1)
    : expandAbbreviations(cmd.argv.slice(1), [...DUPLICITY_VALUE_FLAGS.filter((f) => f.startsWith('--')), '--force', '--dry-run', '--help']);
  if (wantsHelp(a)) return null;
  if (cmd.name === 'duply') return matchDuply(a);
  const pos = positionals(a, DUPLICITY_VALUE_FLAGS);
  const i = DUPLICITY_ACTIONS.has(pos[0] ?? '') ? 0 : pos.findIndex((w) => w.startsWith('remove-'));
  // without --force the remove/cleanup actions only list what they would delete (duplicity: "Rerun command with --force option to actually delete")
  const force = a.includes('--force');
  if (i < 0) {
    // implicit restore: duplicity URL /target (the target must not exist unless --force)
    if (force && pos.length === 2 && /^[a-z0-9+]+:\/\//i.test(pos[0]) && !/^[a-z0-9+]+:\/\//i.test(pos[1])) return duplicityRestore(pos[1], cmd, ctx);
    return null;
  }
  const action = pos[i];
  const arg = pos[i + 1];
  if (action === 'restore') return force && pos[i + 2] ? duplicityRestore(pos[i + 2], cmd, ctx) : null;
  if (!force || a.includes('--dry-run')) return null;
  const url = pos[pos.length - 1] ?? 'the target';
  switch (action) {
    case 'remove-older-than':
      return hit(`duplicity remove-older-than ${arg ?? ''} --force deletes every backup set older than ${arg ?? 'that time'} from ${url}`, 'the older backup chains (point-in-time restores before that date)',
        'run it without --force to list what would go; let a human remove backups', 'deny');
    case 'remove-all-but-n-full':
      return hit(`duplicity remove-all-but-n-full ${arg ?? ''} --force deletes every backup chain but the last ${arg ?? 'N'} full ones from ${url}`, 'the older backup chains',
        'run it without --force to list what would go; let a human remove backups', 'deny');
    case 'remove-all-inc-of-but-n-full':
      return hit(`duplicity remove-all-inc-of-but-n-full ${arg ?? ''} --force deletes the incremental backups of all but the last ${arg ?? 'N'} full chains from ${url}`,
        'point-in-time restores between the older full backups', 'run it without --force to list what would go');
    case 'cleanup':
      return hit(`duplicity cleanup --force deletes extraneous files (failed or partial backup sessions) from ${url}`, 'files of interrupted backups that a later session could resume',
        'run duplicity cleanup without --force to list them first');
    default:
      return null;
  }
}

function duplicityRestore(target: string, cmd: SimpleCommand, ctx: RuleContext): RuleHit | null {
  const live = liveTarget(target, cmd, ctx);
  if (!live) return null;
  return hit(`duplicity restore --force writes the backup over ${target}, which is live data (${live})`, `current files in ${target}`,
    'restore into a new directory (without --force duplicity refuses to overwrite) and copy back what you need');
}

/** duply PROFILE purge|purgeFull|purgeIncr|cleanup [--force] (unverified: duply's command names, from its usage text). */
function matchDuply(a: string[]): RuleHit | null {
  if (!a.includes('--force')) return null;
  const cmds = a.filter((w) => !w.startsWith('-')).slice(1).flatMap((w) => w.split('_'));
  const bad = cmds.find((c) => /^(purge|purgeFull|purgeIncr|purgeAuto|cleanup)$/.test(c));
  if (!bad) return null;
  const deny = bad === 'purge' || bad === 'purgeFull' || bad === 'purgeAuto';
  return hit(`duply ${bad} --force runs duplicity's ${bad === 'cleanup' ? 'cleanup' : 'remove-*'} action for real, deleting backups`, bad === 'cleanup' ? 'files of interrupted backups' : 'the removed backup chains',
    `duply PROFILE ${bad} without --force lists what would go`, deny ? 'deny' : 'ask');
}

const duplicity: CommandRule = {
  id: 'backups.duplicity',
  level: 'ask',
  summary: 'duplicity remove-older-than / remove-all-but-n-full --force (deny); remove-all-inc-of-but-n-full / cleanup --force, restore --force over live data (ask); duply purge',
  commands: ['duplicity', 'duply'],
  match: matchDuplicity,
};

// ---------------------------------------------------------------------------
// tarsnap
// ---------------------------------------------------------------------------

function matchTarsnap(cmd: SimpleCommand, ctx: RuleContext): RuleHit | null {
  const a = cmd.argv.slice(1);
  if (a.includes('--help')) return null;
  if (a.includes('--nuke')) {
    return hit('tarsnap --nuke deletes every archive stored under the key', 'every tarsnap archive of this machine\'s key', 'tarsnap --list-archives first; let a human nuke (it asks them to type a phrase)', 'deny');
  }
  // -d may be clustered with other single-letter options (-dvf NAME); -f takes the archive name
  const modeD = a.some((w) => w === '-d' || (/^-[A-Za-z]{2,}$/.test(w) && w.includes('d')));
  if (modeD) {
    const names = flagValues(a, '-f');
    return hit(`tarsnap -d deletes archive(s) ${names.join(', ') || '(named by -f)'}`, 'those archives', 'tarsnap --list-archives / -t -f NAME first; let a human delete archives');
  }
  if (a.includes('--fsck-prune')) {
    return hit('tarsnap --fsck-prune deletes archives it finds corrupt', 'the corrupt archives (partly readable data)', 'tarsnap --fsck first (it only reports)');
  }
  const extract = a.some((w) => w === '-x' || (/^-[A-Za-z]{2,}$/.test(w) && w.includes('x')));
  if (extract) {
    const dir = flagValue(a, '-C');
    const live = dir !== undefined ? liveTarget(dir, cmd, ctx) : liveCwd(cmd, ctx);
    if (live) {
      return hit(`tarsnap -x extracts over ${dir ?? 'the working directory'}, which is live data (${live})`, 'current files the extraction overwrites',
        'extract into an empty directory (-C /tmp/restore) and copy back what you need');
    }
  }
  return null;
}

const tarsnap: CommandRule = {
  id: 'backups.tarsnap',
  level: 'ask',
  summary: 'tarsnap --nuke (deny); -d (delete archives), --fsck-prune, -x over live data (ask)',
  commands: ['tarsnap'],
  match: matchTarsnap,
};

// ---------------------------------------------------------------------------
// bacula / bareos console fed commands
// ---------------------------------------------------------------------------

function consoleText(cmd: SimpleCommand, ctx: RuleContext): string | undefined {
  const s = cmd.stdin;
  if (s.kind === 'heredoc' || s.kind === 'herestring') return s.text;
  if (s.kind === 'pipe') return s.text;
  if (s.kind === 'file') return ctx.files.get(s.path);
  return undefined;
}

function matchBconsole(cmd: SimpleCommand, ctx: RuleContext): RuleHit | null {
  const text = consoleText(cmd, ctx);
  if (text === undefined) {
    // interactive: a human types the commands. Fed from a file or program twokey cannot read: fail closed.
    if (cmd.stdin.kind === 'inherit') return null;
    return hit(`${cmd.name} reads its commands from ${cmd.stdin.kind === 'file' ? cmd.stdin.path : 'another program'}, which twokey cannot see`,
      'whatever the commands delete or purge', 'feed the commands through a heredoc so they can be checked, or let a human run them');
  }
  for (const raw of text.split(/\r?\n|;/)) {
    const line = raw.trim();
    const m = /^(delete|purge|prune|truncate)\b(.*)$/i.exec(line);
    if (!m) continue;
    const verb = m[1].toLowerCase();
    const what = m[2].trim();
    if (verb === 'purge') {
      return hit(`${cmd.name} purge ${what} removes the catalog records of jobs/files/volumes, even before their retention ends`, 'the ability to restore from the purged jobs/volumes',
        'list jobs / list volumes first; let a human purge', 'deny');
    }
    if (verb === 'truncate') {
      return hit(`${cmd.name} truncate ${what} empties purged volumes on disk`, 'the data in those volumes', 'let a human truncate volumes');
    }
    return hit(`${cmd.name} ${verb} ${what} ${verb === 'delete' ? 'deletes catalog records (jobs, volumes, pools)' : 'prunes catalog records whose retention expired'}`,
      'the ability to restore from those jobs/volumes', 'list jobs / list volumes first; let a human do it');
  }
  return null;
}

const bconsole: CommandRule = {
  id: 'backups.bconsole',
  level: 'ask',
  summary: 'bconsole (bacula/bareos) fed purge (deny), delete, prune, truncate (ask) through stdin',
  commands: ['bconsole'],
  inputFiles: (cmd) => (cmd.stdin.kind === 'file' ? [cmd.stdin.path] : []),
  match: matchBconsole,
};

// ---------------------------------------------------------------------------
// Database backup tools: pgBackRest, WAL-G, Barman
// ---------------------------------------------------------------------------

const PGBACKREST_COMMANDS = new Set(['annotate', 'archive-get', 'archive-push', 'backup', 'check', 'expire', 'help', 'info', 'repo-get', 'repo-ls',
  'repo-rm', 'restore', 'server', 'server-ping', 'stanza-create', 'stanza-delete', 'stanza-upgrade', 'start', 'stop', 'verify', 'version']);

function matchPgbackrest(cmd: SimpleCommand): RuleHit | null {
  const a = cmd.argv.slice(1);
  if (a.includes('--help')) return null;
  const sub = fromSubcommand(positionals(a, ['--stanza', '--repo', '--set', '--type', '--target', '--config', '--log-level-console', '--pg1-path', '--process-max']), PGBACKREST_COMMANDS);
  if (!sub) return null;
  const stanza = flagValue(a, '--stanza') ?? cmd.env.PGBACKREST_STANZA ?? 'the stanza';
  switch (sub[0]) {
    case 'stanza-delete':
      return hit(`pgbackrest stanza-delete permanently removes every backup and archived WAL of ${stanza} from the repository`, 'every backup and all WAL of the database cluster (no point-in-time recovery left)',
        'pgbackrest info first; copy the repository aside; let a human delete stanzas', 'deny');
    case 'expire': {
      if (dryRun(a)) return null;
      const set = flagValue(a, '--set');
      const overrides = a.filter((w) => /^--repo\d*-retention-/.test(w));
      return hit(set ? `pgbackrest expire --set ${set} expires that backup set and the backups that depend on it` : `pgbackrest expire removes the backups of ${stanza} beyond the retention${overrides.length ? ` given on the command line (${overrides.join(' ')})` : ''}`,
        'the expired backups and the WAL only they needed', 'pgbackrest expire --dry-run first (pgBackRest expires by itself after each backup)', overrides.length && !set ? 'deny' : undefined);
    }
    case 'restore':
      if (!a.some((w) => w === '--delta' || w === '--force')) return null;
      return hit(`pgbackrest restore ${a.includes('--delta') ? '--delta' : '--force'} overwrites the existing data directory of ${stanza} with the backup`, 'the current database files (changes after the restore target)',
        'restore into a new directory (--pg1-path=/var/lib/postgresql/restore) and compare, or let a human run the restore');
    case 'repo-rm':
      return hit('pgbackrest repo-rm removes files from the backup repository', 'backup or WAL files under that path', 'pgbackrest repo-ls first; let a human remove repository files');
    default:
      return null;
  }
}

const pgbackrest: CommandRule = {
  id: 'backups.pgbackrest',
  level: 'ask',
  summary: 'pgbackrest stanza-delete, expire with retention overridden (deny); expire, restore --delta/--force, repo-rm (ask)',
  commands: ['pgbackrest'],
  match: matchPgbackrest,
};

/** wal-g delete only prints what it would delete unless --confirm is given (wal-g README; unverified here). */
function matchWalg(cmd: SimpleCommand, ctx: RuleContext): RuleHit | null {
  const a = cmd.argv.slice(1);
  if (wantsHelp(a)) return null;
  const pos = positionals(a, ['--config', '--turbo']);
  const i = pos.findIndex((w) => w === 'delete' || w === 'backup-fetch' || w === 'st');
  if (i < 0) return null;
  if (pos[i] === 'backup-fetch') {
    const target = pos[i + 1];
    const live = target ? liveTarget(target, cmd, ctx) : null;
    if (!live) return null;
    return hit(`wal-g backup-fetch into ${target} writes the backup over live data (${live})`, `the current files in ${target}`, 'fetch into a new, empty directory and point a stopped cluster at it');
  }
  if (pos[i] === 'st') {
    if (pos[i + 1] !== 'rm' && pos[i + 1] !== 'remove') return null;
    return hit(`wal-g st rm deletes ${pos[i + 2] ?? 'objects'} from the backup storage`, 'backup or WAL objects under that path', 'wal-g st ls first; let a human remove storage objects');
  }
  if (!a.includes('--confirm')) return null;
  const mode = pos[i + 1] ?? '';
  if (mode === 'everything') {
    return hit('wal-g delete everything --confirm deletes every backup and all WAL in the storage', 'every backup (no restore possible)', 'wal-g backup-list first; let a human do it', 'deny');
  }
  if (mode === 'retain' || mode === 'before') {
    return hit(`wal-g delete ${pos.slice(i + 1).join(' ')} --confirm deletes every backup ${mode === 'retain' ? 'beyond the ones retained' : 'before that point'}, with their WAL`, 'the older backups and point-in-time recovery before them',
      `wal-g delete ${pos.slice(i + 1).join(' ')} without --confirm lists what would go; let a human delete backups`, 'deny');
  }
  return hit(`wal-g delete ${mode} --confirm deletes ${mode === 'garbage' ? 'leftover WAL and partial backups older than the earliest backup' : 'the target backup and the backups that depend on it'}`,
    mode === 'garbage' ? 'WAL segments older than the earliest backup' : 'that backup and its dependants', `wal-g delete ${mode} without --confirm lists what would go`);
}

const walg: CommandRule = {
  id: 'backups.wal-g',
  level: 'ask',
  summary: 'wal-g delete everything/retain/before --confirm (deny); delete target/garbage --confirm, st rm, backup-fetch over live data (ask)',
  commands: ['wal-g', 'wal-g-pg', 'wal-g-mysql', 'wal-g-mongo', 'wal-g-redis', 'wal-g-fdb', 'wal-g-sqlserver'],
  match: matchWalg,
};

function matchBarman(cmd: SimpleCommand): RuleHit | null {
  const a = cmd.argv.slice(1);
  if (wantsHelp(a)) return null;
  const pos = positionals(a, ['-c', '--config', '-f', '--format']);
  if (pos[0] !== 'delete') return null;
  return hit(`barman delete removes backup ${pos[2] ?? ''} of server ${pos[1] ?? ''}`.replace(/\s+/g, ' ').trim(), 'that backup (and, for the oldest, the WAL only it needed)',
    'barman list-backups first; let the retention policy expire backups');
}

const barman: CommandRule = {
  id: 'backups.barman',
  level: 'ask',
  summary: 'barman delete SERVER BACKUP (ask)',
  commands: ['barman'],
  match: matchBarman,
};

// ---------------------------------------------------------------------------
// duplicacy, rdiff-backup
// ---------------------------------------------------------------------------

function matchDuplicacy(cmd: SimpleCommand): RuleHit | null {
  const a = cmd.argv.slice(1);
  const valueFlags = ['-keep', '-r', '-id', '-storage', '-t', '-threads', '-log', '-key', '-key-passphrase', '-limit-rate'];
  const pos = positionals(a, valueFlags);
  const verb = pos[0];
  if (a.includes('-help') || a.includes('--help')) return null;
  if (verb === 'prune') {
    if (a.includes('-dry-run')) return null;
    const policy = a.includes('-keep') || a.includes('-all');
    const revisions = flagValues(a, '-r');
    if (policy) {
      return hit('duplicacy prune -keep/-all removes every revision the policy does not keep', 'the pruned revisions (after the fossil collection, for good)',
        'duplicacy prune -dry-run with the same options first; let a human prune', 'deny');
    }
    return hit(revisions.length ? `duplicacy prune -r ${revisions.join(' -r ')} removes those revisions` : 'duplicacy prune deletes the fossils collected by earlier prunes (or runs an exhaustive/exclusive collection)',
      revisions.length ? 'those revisions' : 'chunks of earlier pruned revisions, for good', 'duplicacy prune -dry-run first');
  }
  if (verb === 'restore' && (a.includes('-delete') || a.includes('-overwrite'))) {
    return hit(`duplicacy restore ${a.includes('-delete') ? '-delete removes files the revision lacks from' : '-overwrite overwrites files in'} the repository directory (live data)`, 'current files changed since that revision',
      'restore into a fresh directory initialised against the same storage, and copy back what you need');
  }
  return null;
}

const duplicacy: CommandRule = {
  id: 'backups.duplicacy',
  level: 'ask',
  summary: 'duplicacy prune -keep/-all (deny); prune -r, prune, restore -overwrite/-delete (ask)',
  commands: ['duplicacy'],
  match: matchDuplicacy,
};

function matchRdiffBackup(cmd: SimpleCommand): RuleHit | null {
  const a = cmd.argv.slice(1);
  if (a.includes('--help') || a.includes('-h')) return null;
  const classic = flagValue(a, '--remove-older-than');
  const pos = positionals(a, ['--older-than', '--remove-older-than', '-v', '--verbosity', '--api-version']);
  const modern = pos[0] === 'remove' && pos[1] === 'increments' ? flagValue(a, '--older-than') ?? '' : undefined;
  const when = classic ?? modern;
  if (when === undefined) return null;
  return hit(`rdiff-backup removes every increment older than ${when || 'the given time'} from ${pos[pos.length - 1] ?? 'the backup'}`, 'the history before that time (restores to earlier dates)',
    'rdiff-backup --list-increments (rdiff-backup list increments) first; let a human remove history', 'deny');
}

const rdiffBackup: CommandRule = {
  id: 'backups.rdiff-backup',
  level: 'deny',
  summary: 'rdiff-backup --remove-older-than / remove increments --older-than (deny)',
  commands: ['rdiff-backup'],
  match: matchRdiffBackup,
};

export const backupsPack: RulePack = {
  id: 'backups',
  description: 'Backup tools: restic (and resticprofile), borg (and borgmatic), kopia, rclone, duplicity, velero, tarsnap, bconsole, pgBackRest, WAL-G, Barman, duplicacy, rdiff-backup — deleting snapshots, pruning repositories, syncing deletions',
  rules: [restic, resticprofile, borg, borgmatic, kopia, rclone, velero, duplicity, tarsnap, bconsole, pgbackrest, walg, barman, duplicacy, rdiffBackup],
};
