import type { CommandRule, RuleContext, RuleHit, RulePack, SimpleCommand } from '../../core/types.js';
import { flagValue, hasFlag, positionals } from '../argv.js';
import { parseFind } from '../find.js';
import {
  classifyPath, dataKindOf, globNamesData, isLiveStateName, isSystemFile, isTempPath, isTempRoot, isUnder, resolvePath,
  type PathContext, type PathInfo, type PathKind,
} from '../paths.js';
import { posix } from 'node:path';

// ---------------------------------------------------------------------------
// shared helpers
// ---------------------------------------------------------------------------

function pathCtx(cmd: SimpleCommand, ctx: RuleContext): PathContext {
  const env: Record<string, string | undefined> = { ...ctx.env, ...cmd.env };
  return { cwd: ctx.cwd, home: ctx.home, env, protectedPaths: ctx.protectedPaths, ...(ctx.cwdUnknown ? { cwdUnknown: true } : {}), ...(ctx.projectDir ? { projectDir: ctx.projectDir } : {}) };
}

/** A path in a temp directory outside the project: a copy made there is the safe practice, not live data. */
function tempCopyOutsideProject(word: string, pctx: PathContext): boolean {
  const abs = resolvePath(word, pctx);
  return isTempPath(abs, pctx) && !isUnder(abs, resolvePath('.', pctx));
}

/** Is this command fed its arguments by xargs/parallel/find -exec (so `{}` or stdin supply the targets)? */
function argsFromInput(cmd: SimpleCommand): boolean {
  return cmd.via.some((v) => /^(xargs|parallel|find)\b/.test(v));
}

const PLACEHOLDER = /^\{[^{}\s]*\}$/;

interface RmTarget {
  word: string;
  info: PathInfo;
}

interface RmFacts {
  recursive: boolean;
  noPreserveRoot: boolean;
  targets: RmTarget[];
  /** Targets come from stdin (xargs) rather than argv. */
  fromInput: boolean;
}

/** `busybox rm …` / `busybox find …`: the applet is the real program. */
function applet(cmd: SimpleCommand, names: readonly string[]): SimpleCommand | null {
  if (cmd.name !== 'busybox') return names.includes(cmd.name) ? cmd : null;
  const a = cmd.argv[1] ?? '';
  if (!names.includes(a)) return null;
  return { ...cmd, argv: cmd.argv.slice(1), dynamic: cmd.dynamic.slice(1), name: a };
}

function rmFacts(original: SimpleCommand, ctx: RuleContext): RmFacts | null {
  const cmd = applet(original, ['rm', 'unlink', 'srm']);
  if (!cmd) return null;
  if (cmd.argv.some((a, i) => i > 0 && (a === '--help' || a === '--version'))) return null;
  const words = cmd.argv.slice(1);
  const recursive = hasFlag(words, '-r', '-R', '--recursive') || words.some((w) => /^--recursiv?e?$/.test(w) || w === '--recur' || w === '--recurs');
  const noPreserveRoot = words.includes('--no-preserve-root');
  const pctx = pathCtx(cmd, ctx);
  const targets: RmTarget[] = [];
  const pos = positionals(cmd);
  let fromInput = false;
  for (let i = 0; i < pos.length; i++) {
    const w = pos[i];
    if (PLACEHOLDER.test(w) && argsFromInput(cmd)) {
      // find -exec: the find rule judges the roots; xargs/parallel: the targets come from stdin
      if (!cmd.via.some((v) => /^find\b/.test(v))) fromInput = true;
      continue;
    }
    const idx = cmd.argv.indexOf(w, 1);
    const dynamic = idx >= 0 ? Boolean(cmd.dynamic[idx]) : /\$|`/.test(w);
    targets.push({ word: w, info: classifyPath(w, dynamic, pctx) });
  }
  if (targets.length === 0 && argsFromInput(cmd) && !cmd.via.some((v) => /^find\b/.test(v))) fromInput = true;
  return { recursive, noPreserveRoot, targets, fromInput };
}

const RM_NAMES = ['rm', 'unlink', 'srm', 'busybox'];

function rmRule(opts: {
  id: string;
  level: 'ask' | 'deny';
  summary: string;
  kinds: readonly PathKind[];
  /** Also applies to non-recursive rm (single files). */
  files: boolean;
  reason: (t: RmTarget) => string;
  loses: (t: RmTarget) => string;
  safer: (t: RmTarget) => string;
  fileLevel?: 'ask' | 'deny';
  /** Level for a particular target, when it depends on where the target is. */
  levelFor?: (t: RmTarget, ctx: RuleContext) => 'ask' | 'deny';
}): CommandRule {
  return {
    id: opts.id,
    level: opts.level,
    summary: opts.summary,
    commands: RM_NAMES,
    match(cmd, ctx) {
      const f = rmFacts(cmd, ctx);
      if (!f) return null;
      const recursive = f.recursive || cmd.name === 'srm';
      for (const t of f.targets) {
        if (!opts.kinds.includes(t.info.kind)) continue;
        if (!recursive && !opts.files) continue;
        const level = opts.levelFor ? opts.levelFor(t, ctx) : recursive ? opts.level : (opts.fileLevel ?? opts.level);
        return { reason: opts.reason(t), loses: opts.loses(t), safer: opts.safer(t), level };
      }
      return null;
    },
  };
}

/**
 * rm -r of a directory that holds a live state (`rm -rf envs/prod` with envs/prod/terraform.tfstate): the path
 * rules see only the name, so the rule asks the engine for `DIR/terraform.tfstate` and fires when it exists.
 */
function stateProbesOf(cmd: SimpleCommand): string[] {
  if (!RM_NAMES.includes(cmd.name) || !hasFlag(cmd.argv.slice(1), '-r', '-R', '--recursive')) return [];
  return positionals(cmd).filter((w, k) => !/[*?[$`]/.test(w) && !cmd.dynamic[cmd.argv.indexOf(w, 1)] && k < 32).map((w) => posix.join(w, 'terraform.tfstate'));
}

const rmHoldsState: CommandRule = {
  id: 'filesystem.rm-holds-state',
  level: 'deny',
  summary: 'rm -r of a directory that holds a terraform.tfstate (an environment folder such as envs/prod)',
  commands: RM_NAMES,
  inputFiles: stateProbesOf,
  match(cmd, ctx) {
    const hit = stateProbesOf(cmd).find((p) => ctx.files.has(p));
    if (!hit) return null;
    const dir = posix.dirname(hit);
    return {
      reason: `rm -r ${dir} deletes ${hit}, a live Terraform state, with the directory`,
      loses: `the state of the configuration in ${dir}: the record of every resource it manages`,
      safer: `move the state out first (or migrate it to a remote backend), then delete the directory; or mv ${dir} /tmp/twokey-trash-$(date +%s)/`,
    };
  },
};

const trashHint = (t: RmTarget) => `move it aside instead: mv ${t.word} /tmp/twokey-trash-$(date +%s)/ (or trash-put ${t.word}), and delete later once you are sure`;

const rmRoot: CommandRule = {
  id: 'filesystem.rm-root',
  level: 'deny',
  summary: 'rm -r on /, /* or a system directory, rm of a system file (/etc/passwd, /boot/…, /usr/…, /var/lib/…), or rm --no-preserve-root',
  commands: RM_NAMES,
  match(cmd, ctx) {
    const f = rmFacts(cmd, ctx);
    if (!f) return null;
    if (f.noPreserveRoot) {
      return {
        reason: 'rm --no-preserve-root turns off the guard that stops rm from deleting /',
        loses: 'the whole filesystem: the operating system, every project and every file you can write',
        safer: 'name the exact directory to delete, without --no-preserve-root',
      };
    }
    if (!f.recursive) {
      // one file at a time still breaks the system: rm /etc/passwd, unlink /boot/vmlinuz
      const file = f.targets.find((x) => (x.info.kind === 'system' || x.info.kind === 'outside') && x.info.resolved !== null && isSystemFile(x.info.resolved));
      if (!file) return null;
      return {
        reason: `${cmd.name} ${file.word}: ${file.info.resolved} is a system file`,
        loses: `${file.info.resolved}, which the operating system or its services need (logins, boot or installed programs can stop working)`,
        safer: 'leave system files to the package manager or configuration management; edit a copy in the project instead',
      };
    }
    const t = f.targets.find((x) => x.info.kind === 'root' || x.info.kind === 'system');
    if (!t) return null;
    return {
      reason: `rm -r on ${t.word}: ${t.info.note}`,
      loses: t.info.kind === 'root' ? 'the whole filesystem' : `${t.info.resolved ?? t.word} and everything under it (system files other programs need)`,
      safer: 'name the exact project directory to delete (e.g. rm -rf ./build); never a system path',
    };
  },
};

const rmHome = rmRule({
  id: 'filesystem.rm-home',
  level: 'deny',
  summary: 'rm -r on the home directory (~, $HOME) or an important folder in it (~/.ssh, ~/Documents, …)',
  kinds: ['home', 'home-important'],
  files: false,
  reason: (t) => `rm -r on ${t.word}: ${t.info.note}`,
  loses: (t) => (t.info.kind === 'home' ? 'everything in your home directory: keys, credentials, documents and every project' : `${t.info.resolved}: keys, credentials or documents that exist nowhere else`),
  safer: (t) => `delete the specific subdirectory you mean (e.g. rm -rf ~/project/build), or ${trashHint(t)}`,
});

const rmWorkdir = rmRule({
  id: 'filesystem.rm-workdir',
  level: 'deny',
  summary: 'rm -r on the working directory itself, its parent, or an unscoped glob (rm -rf *, ./*, .*)',
  kinds: ['cwd', 'cwd-glob'],
  files: true,
  fileLevel: 'ask',
  reason: (t) => `rm on ${t.word}: ${t.info.note}`,
  loses: () => 'every file in the project, including uncommitted work, local databases, .env files and Terraform state',
  safer: () => 'delete the specific build outputs by name (rm -rf dist build node_modules), or use git clean -n to preview',
});

const rmGitDir = rmRule({
  id: 'filesystem.rm-git-dir',
  level: 'deny',
  summary: 'rm on a .git directory or its object store (ask for a nested repository\'s .git below the working directory)',
  kinds: ['git-dir'],
  files: true,
  levelFor: (t, ctx) => {
    const r = t.info.resolved ?? '';
    const own = posix.join(ctx.cwd, '.git');
    return r === own || r.startsWith(`${own}/`) || !r.startsWith(`${ctx.cwd}/`) ? 'deny' : 'ask';
  },
  reason: (t) => `rm on ${t.word}: ${t.info.note}`,
  loses: () => 'the repository history, unpushed commits, stashes, local branches and the reflog',
  safer: () => 'if the repository is broken, move .git aside (mv .git /tmp/git-backup) and re-clone; if a lock file is stale, remove only that file',
});

const rmState = rmRule({
  id: 'filesystem.rm-state',
  level: 'deny',
  summary: 'rm on Terraform state (*.tfstate, *.tfstate.backup, terraform.tfstate.d)',
  kinds: ['tfstate'],
  files: true,
  reason: (t) => `rm on ${t.word}: ${t.info.note}. Without it Terraform forgets every resource it manages`,
  loses: () => 'the record of every resource Terraform manages: the next apply would create duplicates, and restoring a stale copy can lead to a destroy',
  safer: () => 'keep the state: move it to a dated backup (cp terraform.tfstate terraform.tfstate.$(date +%s).bak) or migrate it to a remote backend with terraform init -migrate-state',
});

const rmDatabase = rmRule({
  id: 'filesystem.rm-database',
  level: 'deny',
  summary: 'rm on database files or directories (pgdata, /var/lib/postgresql|mysql|mongodb, *.sqlite, *.db)',
  kinds: ['database'],
  files: true,
  reason: (t) => `rm on ${t.word}: ${t.info.note}`,
  loses: (t) => `the database stored in ${t.info.resolved ?? t.word}: every row, unrecoverable without a backup`,
  safer: (t) => `dump it first (pg_dump / sqlite3 ${t.word} .dump > backup.sql) and ${trashHint(t)}`,
});

const rmBackup = rmRule({
  id: 'filesystem.rm-backup',
  level: 'deny',
  summary: 'rm on backups (backup/backups directories, *.bak, *.dump, *.sql.gz)',
  kinds: ['backup'],
  files: true,
  reason: (t) => `rm on ${t.word}: ${t.info.note}; backups are what recovery depends on`,
  loses: (t) => `the backup ${t.info.resolved ?? t.word}, possibly the only copy to restore from`,
  safer: (t) => `check that a newer verified backup exists, then ${trashHint(t)}`,
  // an editor's or sed's copy of a project file (package.json.bak, app.ts.orig): asked, not denied
  levelFor: (t, ctx) => (/^[^/]+\.[A-Za-z0-9]+\.(bak|orig|old|backup)$/.test(posix.basename(t.word)) && (t.info.resolved ?? '').startsWith(`${ctx.cwd}/`) ? 'ask' : 'deny'),
});

const rmProtected = rmRule({
  id: 'filesystem.rm-protected',
  level: 'deny',
  summary: 'rm on a path the policy protects',
  kinds: ['protected'],
  files: true,
  reason: (t) => `rm on ${t.word}: ${t.info.note}`,
  loses: (t) => `${t.info.resolved ?? t.word}, which the policy marks as protected`,
  safer: () => 'ask a human to remove it, or change the policy deliberately',
});

const rmUnknownTarget: CommandRule = {
  id: 'filesystem.rm-unknown-target',
  level: 'ask',
  summary: 'rm -r on a path built from an unknown or empty variable, a command substitution, or targets fed by xargs',
  commands: RM_NAMES,
  match(cmd, ctx) {
    const f = rmFacts(cmd, ctx);
    if (!f || !f.recursive) return null;
    const t = f.targets.find((x) => x.info.kind === 'unknown-variable' || x.info.kind === 'dynamic');
    if (t) {
      return {
        reason: `rm -r on ${t.word}: ${t.info.note}`,
        loses: 'whatever the expansion turns out to be; an empty variable has turned rm -rf "$DIR/" into rm -rf / before',
        safer: `check the value first and fail on empty: rm -rf -- "\${DIR:?}/…" (or echo the path, then delete it by name)`,
      };
    }
    if (f.fromInput && f.targets.length === 0) {
      return {
        reason: 'rm -r whose targets come from its input (xargs/parallel), which cannot be seen before it runs',
        loses: 'every path the upstream command prints',
        safer: 'list the paths first (run the upstream command alone), then delete them by name',
      };
    }
    return null;
  },
};

const rmTempRoot: CommandRule = {
  id: 'filesystem.rm-temp-root',
  level: 'ask',
  summary: 'rm -r on a whole temp root (/tmp, /tmp/*, /var/tmp): other programs\' files live there',
  commands: RM_NAMES,
  match(cmd, ctx) {
    const f = rmFacts(cmd, ctx);
    if (!f || !f.recursive) return null;
    const pctx = pathCtx(cmd, ctx);
    const t = f.targets.find((x) => x.info.kind === 'temp' && x.info.resolved !== null && tempRootOrAll(x.info.resolved, pctx));
    if (!t) return null;
    return {
      reason: `rm -r on ${t.word} deletes the whole temporary directory, including files other programs and sessions are using`,
      loses: 'other processes\' temporary files (sockets, locks, downloads in progress, editors\' swap files)',
      safer: 'delete the named directory you created: rm -rf /tmp/NAME (or use mktemp -d and remove that)',
    };
  },
};

/** `/tmp` itself, or an unscoped glob over it (`/tmp/*`, `/tmp/.*`). */
function tempRootOrAll(abs: string, pctx: PathContext): boolean {
  if (isTempRoot(abs, pctx)) return true;
  const m = /^(.*)\/(\.?\*+|\*\.\*|\.\[!.\]\*|\.\?\*)$/.exec(abs);
  return m !== null && isTempRoot(m[1] || '/', pctx);
}

const rmOutside: CommandRule = {
  id: 'filesystem.rm-outside-workdir',
  level: 'ask',
  summary: 'rm -r on a directory outside the working directory and the temp dirs',
  commands: RM_NAMES,
  match(cmd, ctx) {
    const f = rmFacts(cmd, ctx);
    if (!f || !f.recursive) return null;
    const t = f.targets.find((x) => x.info.kind === 'outside');
    if (!t) return null;
    return {
      reason: `rm -r on ${t.word}: ${t.info.note}`,
      loses: `${t.info.resolved ?? t.word} and everything under it`,
      safer: `move it aside first: mv ${t.word} /tmp/ (delete later), or work inside the project directory`,
    };
  },
};

// ---------------------------------------------------------------------------
// find -delete / -exec rm
// ---------------------------------------------------------------------------

const DELETERS = new Set(['rm', 'unlink', 'shred', 'srm', 'rmdir']);

interface FindFacts {
  roots: string[];
  deletes: boolean;
  recursiveRm: boolean;
  /** -delete, or -exec rm with both -r and -f: removes directories too and never stops to ask */
  sweeping: boolean;
  /** an -exec without its `;`/`+` (the shell took an unescaped `;`): find refuses to start as written */
  unterminated: boolean;
  tests: string[];
  namePatterns: string[];
}

/** What a find deletes (null when it deletes nothing): -delete, or a deleter handed the found path by -exec. */
function findFacts(cmd: SimpleCommand): FindFacts | null {
  const f = parseFind(cmd);
  let deletes = f.deleteAction;
  let recursiveRm = false;
  let sweeping = f.deleteAction;
  for (const e of f.execs) {
    // only a deleter handed the found path (`{}`) deletes what find finds; `-exec rm -f /tmp/x \;` deletes
    // its own operand, which the analysis emits (and judges) as a command of its own
    if (DELETERS.has(e.prog) && e.args.some((w) => w.includes('{}'))) {
      deletes = true;
      if (e.prog === 'rm' && hasFlag(e.args, '-r', '-R', '--recursive')) recursiveRm = true;
      if (e.prog === 'rm' && recursiveRm && hasFlag(e.args, '-f', '--force')) sweeping = true;
    }
  }
  // no `;` or `+` ends an -exec (an unescaped `;` is the shell's): find refuses to start as written, but the
  // intent is plain and the corrected command is one keystroke away, so it is judged (at most ask) -- only
  // when what it means sweeps (rm -rf)
  const unterminated = f.execs.some((e) => !e.terminated);
  if (!deletes || (unterminated && !sweeping)) return null;
  return { roots: f.roots.length ? f.roots : ['.'], deletes, recursiveRm, sweeping, unterminated, tests: f.tests, namePatterns: f.names.map((n) => n.pattern) };
}

const findDelete: CommandRule = {
  id: 'filesystem.find-delete',
  level: 'ask',
  summary: 'find … -delete or -exec rm: deny on /, home, the whole working directory or data; ask elsewhere outside temp dirs',
  commands: ['find', 'gfind', 'fd', 'fdfind', 'busybox'],
  match(original, ctx) {
    const cmd = applet(original, ['find', 'gfind', 'fd', 'fdfind']);
    if (!cmd) return null;
    if (cmd.name === 'fd' || cmd.name === 'fdfind') return fdDelete(cmd, ctx);
    const f = findFacts(cmd);
    if (!f) return null;
    const pctx = pathCtx(cmd, ctx);
    for (const p of f.namePatterns) {
      const data = globNamesData(p) ?? (dataKindOf(`/${p}`)?.kind === 'git-dir' ? { kind: 'git-dir', note: `${p} matches .git directories` } : null);
      if (data) {
        return {
          reason: `find deletes files matching ${p}: ${data.note}`,
          loses: 'every matching file under the search roots',
          safer: `run the same find without -delete (or with -print) to see what it matches, then move those files aside`,
          level: 'deny',
        };
      }
    }
    // `-name '*.pyc'`: deletion scoped by a specific name pattern (not `*`), the everyday clean-up
    const nameScoped = f.namePatterns.some((p) => !/^\*+$/.test(p) && !/^\.?\*$/.test(p));
    // in a shared temp root only a real filter (a name, an age, an owner) keeps it to this session's files
    const tempFiltered = nameScoped || f.tests.some((t) => !/^-(x?type|i?name|i?path|i?wholename|i?regex|readable|writable|executable)$/.test(t));
    let worst: RuleHit | null = null;
    for (const root of f.roots) {
      const idx = cmd.argv.indexOf(root, 1);
      const info = classifyPath(root, idx >= 0 ? Boolean(cmd.dynamic[idx]) : false, pctx);
      const unscoped = f.tests.length === 0;
      let level: 'ask' | 'deny' | null = null;
      if (['root', 'system', 'git-dir', 'tfstate', 'database', 'backup', 'protected', 'home'].includes(info.kind)) level = unscoped || info.kind !== 'home' ? 'deny' : 'ask';
      // -delete and -exec rm -rf sweep directories too and never stop on a protected file: asked even when a
      // name scopes them; a plain -exec rm {} per file is the everyday clean-up
      else if (info.kind === 'cwd' || info.kind === 'cwd-glob' || info.kind === 'home-important') level = unscoped ? 'deny' : nameScoped && !f.sweeping ? null : 'ask';
      else if (info.kind === 'temp' && info.resolved !== null && isTempRoot(info.resolved, pctx)) level = tempFiltered ? null : 'ask';
      else if (info.kind === 'temp' || info.kind === 'build') level = null;
      else if (info.kind === 'inside') level = nameScoped && !f.sweeping ? null : 'ask';
      else level = 'ask';
      if (!level) continue;
      if (f.unterminated) level = 'ask';
      const hit: RuleHit = {
        reason: `find ${root} ${unscoped ? 'with no tests ' : ''}deletes ${unscoped ? 'everything' : 'whatever matches'} under ${info.resolved ?? root}: ${info.note}${f.unterminated ? ' (as written its -exec has no terminator, so find refuses to start; the command it means is judged)' : ''}`,
        loses: unscoped ? `every file under ${info.resolved ?? root}` : `every file under ${info.resolved ?? root} matching ${f.tests.join(' ')}`,
        safer: `preview first: the same find with -print instead of -delete; then delete the listed files, or move them aside`,
        level,
      };
      if (!worst || (level === 'deny' && worst.level !== 'deny')) worst = hit;
    }
    return worst;
  },
};

function fdDelete(cmd: SimpleCommand, _ctx: RuleContext): RuleHit | null {
  const a = cmd.argv.slice(1);
  const xi = a.findIndex((w) => w === '-x' || w === '--exec' || w === '-X' || w === '--exec-batch');
  if (xi < 0) return null;
  const prog = posix.basename(a[xi + 1] ?? '');
  if (!DELETERS.has(prog)) return null;
  return {
    reason: `${cmd.name} runs ${prog} on every match`,
    loses: 'every file the search matches',
    safer: `run ${cmd.name} without --exec to list the matches first`,
    level: 'ask',
  };
}

// ---------------------------------------------------------------------------
// shred, block devices, volumes
// ---------------------------------------------------------------------------

const helpOnly = (cmd: SimpleCommand) => cmd.argv.slice(1).some((a) => a === '--help' || a === '-h' || a === '--version' || a === '-V');

const shredRule: CommandRule = {
  id: 'filesystem.shred',
  level: 'deny',
  summary: 'shred / srm / wipe: overwrite files so they cannot be recovered',
  commands: ['shred', 'wipe', 'srm'],
  match(cmd) {
    if (helpOnly(cmd)) return null;
    const files = positionals(cmd, ['-n', '--iterations', '-s', '--size', '--random-source']);
    if (files.length === 0) return null;
    return {
      reason: `${cmd.name} overwrites ${files.join(' ')} before removing it, so no undelete or snapshot tool can bring it back`,
      loses: `the contents of ${files.join(' ')}, irrecoverably`,
      safer: `rm ${files.join(' ')} (recoverable from snapshots) or move it aside`,
    };
  },
};

const DEVICE = /^\/dev\/(?!null$|zero$|random$|urandom$|stdout$|stderr$|stdin$|tty|fd\/|pts\/)/;
/** Disks and partitions (not terminals, pipes or /dev/shm files), for writes by programs that are not disk tools. */
const BLOCK_DEVICE = /^\/dev\/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|disk\d|rdisk\d|md\d|dm-\d|mapper\/|loop\d|sr\d|nbd\d|zd\d|bcache\d|[a-z]+\/by-(id|uuid|label|path|partuuid)\/|disk\/by-)/;
const DISK_TOOLS = new Set(['dd', 'blkdiscard', 'sgdisk', 'gdisk', 'sfdisk', 'parted', 'fdisk', 'cfdisk', 'cryptsetup', 'hdparm', 'cp', 'install', 'pv', 'tee']);

function ddOutput(cmd: SimpleCommand): string | undefined {
  const of = cmd.argv.slice(1).find((a) => a.startsWith('of='));
  return of?.slice(3);
}

const diskWrite: CommandRule = {
  id: 'filesystem.disk-write',
  level: 'deny',
  summary: 'dd of=/dev/… (or onto a database/state file), `> /dev/sda`, cp onto a device, blkdiscard, hdparm --security-erase, sgdisk --zap-all, partition table writes',
  commands: ['*'],
  match(cmd, ctx) {
    // `cat image.iso > /dev/sda`, `pv x.img >/dev/nvme0n1`: any program's output redirected onto a disk
    const onto = cmd.redirects.find((r) => /^(>|>\||&>|>>|&>>|<>)$/.test(r.op) && r.target !== null && DEVICE.test(r.target) && BLOCK_DEVICE.test(r.target));
    if (onto) return { reason: `${cmd.name || 'the redirection'} writes its output onto the device ${onto.target}`, loses: `every partition and file system on ${onto.target}`, safer: 'write to an image file and check the device with lsblk before writing to hardware' };
    if (!DISK_TOOLS.has(cmd.name) || helpOnly(cmd)) return null;
    const a = cmd.argv.slice(1);
    switch (cmd.name) {
      case 'cp':
      case 'install':
      case 'pv':
      case 'tee': {
        const dest = cmd.name === 'tee' ? positionals(cmd).find((w) => BLOCK_DEVICE.test(w)) : positionals(cmd).slice(-1).find((w) => BLOCK_DEVICE.test(w));
        return dest ? { reason: `${cmd.name} writes onto the device ${dest}`, loses: `every partition and file system on ${dest}`, safer: 'check the device with lsblk first; write to an image file instead' } : null;
      }
      case 'hdparm':
        return a.some((w) => /^--(security-erase|security-erase-enhanced|trim-sector-ranges|write-sector|make-bad-sector)/.test(w)) ? { reason: 'hdparm erases or overwrites sectors of the drive', loses: 'the data on the drive (a secure erase is the whole drive)', safer: 'hdparm -I DEVICE to inspect; there is no undo' } : null;
      case 'dd': {
        const of = ddOutput(cmd);
        if (!of) return null;
        if (DEVICE.test(of)) {
          return { reason: `dd writes raw bytes onto the device ${of}`, loses: `every partition and file system on ${of}`, safer: `write to an image file (of=./disk.img) and double-check the device with lsblk before writing to hardware` };
        }
        const abs = resolvePath(of, ctx);
        const data = dataKindOf(abs);
        if (data && (data.kind === 'database' || data.kind === 'tfstate')) return { reason: `dd overwrites ${of}: ${data.note}`, loses: `the current contents of ${of}`, safer: `write to a new file and swap it in after checking it` };
        return null;
      }
      case 'blkdiscard':
        return a.some((w) => DEVICE.test(w)) ? { reason: 'blkdiscard discards every block of the device', loses: 'all data on the device', safer: 'check the device with lsblk; there is no undo' } : null;
      case 'sgdisk':
        if (hasFlag(a, '-Z', '--zap-all', '-z', '--zap', '-o', '--clear', '-d', '--delete')) return { reason: 'sgdisk rewrites or erases the partition table', loses: 'the partition table, and with it access to every partition on the disk', safer: 'sgdisk -p DEVICE to print it; back it up with sgdisk --backup first' };
        return null;
      case 'parted':
        if (a.some((w) => /^(mklabel|mktable|rm|mkpart|resizepart|rescue)$/.test(w))) return { reason: 'parted changes the partition table', loses: 'partitions (and the data on them)', safer: 'parted DEVICE print to inspect first' };
        return null;
      case 'sfdisk':
        if (hasFlag(a, '-l', '--list', '-d', '--dump', '-s', '--show-size', '-V', '--verify', '-J', '--json', '-n', '--no-act')) return null;
        if (a.some((w) => DEVICE.test(w))) return { reason: 'sfdisk writes a new partition table onto the device', loses: 'the existing partitions', safer: 'sfdisk --dump DEVICE > table.txt first, and use --no-act to test', level: 'deny' };
        return null;
      case 'fdisk':
      case 'gdisk':
      case 'cfdisk':
        if (hasFlag(a, '-l', '--list')) return null;
        if (a.some((w) => DEVICE.test(w))) return { reason: `${cmd.name} opens the partition table of a device for editing`, loses: 'partitions if changes are written', safer: `${cmd.name} -l to list partitions`, level: 'ask' };
        return null;
      case 'cryptsetup':
        if (a.some((w) => /^(luksFormat|erase|luksErase|reencrypt)$/.test(w))) return { reason: 'cryptsetup formats or erases an encrypted volume header', loses: 'every byte on the volume (the key material is gone)', safer: 'cryptsetup luksHeaderBackup first' };
        return null;
      default:
        return null;
    }
  },
};

const mkfsRule: CommandRule = {
  id: 'filesystem.mkfs',
  level: 'deny',
  summary: 'mkfs / mke2fs / mkswap / wipefs -a: create or erase file systems',
  commands: ['mkfs', 'mke2fs', 'mkswap', 'wipefs', 'mkfs.ext2', 'mkfs.ext3', 'mkfs.ext4', 'mkfs.xfs', 'mkfs.btrfs', 'mkfs.vfat', 'mkfs.fat', 'mkfs.ntfs', 'mkfs.exfat', 'mkfs.f2fs', 'mkfs.minix', 'mkdosfs', 'newfs', 'newfs_apfs', 'newfs_hfs'],
  match(cmd) {
    if (helpOnly(cmd)) return null;
    const a = cmd.argv.slice(1);
    if (cmd.name === 'wipefs') {
      if (!hasFlag(a, '-a', '--all', '-o', '--offset') || hasFlag(a, '-n', '--no-act')) return null;
      return { reason: 'wipefs erases file system, RAID and partition-table signatures', loses: 'access to every file system on the device', safer: 'wipefs DEVICE (without -a) lists the signatures; wipefs --backup keeps a copy' };
    }
    if (cmd.name === 'mke2fs' && hasFlag(a, '-n')) return null;
    const targets = positionals(cmd, ['-t', '-L', '-b', '-N', '-O', '-E', '-T', '-m', '-c', '-I', '-i', '-U', '-n', '-F']).filter((t) => DEVICE.test(t));
    // a file system inside an image file (mkfs.ext4 disk.img) destroys nothing that exists
    if (targets.length === 0) return null;
    return {
      reason: `${cmd.name} creates a new file system on ${targets[0]}`,
      loses: `everything stored on ${targets[0]}`,
      safer: `check the device with lsblk and blkid first; test on a loop image file`,
    };
  },
};

const volumeDestroy: CommandRule = {
  id: 'filesystem.volume-destroy',
  level: 'deny',
  summary: 'zfs/zpool destroy, lvremove, vgremove, pvremove, btrfs subvolume delete',
  commands: ['zfs', 'zpool', 'lvremove', 'vgremove', 'pvremove', 'btrfs'],
  match(cmd) {
    if (helpOnly(cmd)) return null;
    const a = cmd.argv.slice(1);
    if ((cmd.name === 'zfs' || cmd.name === 'zpool') && a[0] === 'destroy' && !hasFlag(a.slice(1), '-n')) {
      return { reason: `${cmd.name} destroy removes the ${cmd.name === 'zpool' ? 'pool' : 'dataset or snapshot'} ${a[a.length - 1]}`, loses: 'the data set and, with -r, every snapshot of it', safer: `${cmd.name} destroy -nv … to preview` };
    }
    if (['lvremove', 'vgremove', 'pvremove'].includes(cmd.name) && positionals(cmd).length > 0) {
      return { reason: `${cmd.name} removes a logical volume / volume group`, loses: 'the data on the volume', safer: 'take an LVM snapshot or backup first' };
    }
    if (cmd.name === 'btrfs' && a[0]?.startsWith('sub') && (a[1] === 'delete' || a[1] === 'del')) {
      return { reason: 'btrfs subvolume delete removes a subvolume or snapshot', loses: 'the subvolume and its files', safer: 'btrfs subvolume list to check; keep a read-only snapshot' };
    }
    return null;
  },
};

// ---------------------------------------------------------------------------
// truncation, redirection, overwrites of data files
// ---------------------------------------------------------------------------

const truncateData: CommandRule = {
  id: 'filesystem.truncate-data',
  level: 'deny',
  summary: 'truncate -s 0 (or shrinking) on Terraform state, database files, backups or system files',
  commands: ['truncate'],
  match(cmd, ctx) {
    if (helpOnly(cmd)) return null;
    const a = cmd.argv.slice(1);
    let size: string | undefined;
    for (let i = 0; i < a.length; i++) {
      if (a[i] === '-s' || a[i] === '--size') size = a[i + 1];
      else if (a[i].startsWith('--size=')) size = a[i].slice(7);
      else if (/^-s./.test(a[i])) size = a[i].slice(2);
    }
    if (size === undefined || !/^(0+[KMGTPE]?B?|-.*|<.*|\/.*)$/i.test(size)) return null;
    const files = positionals(cmd, ['-s', '--size', '-r', '--reference']);
    for (const f of files) {
      const abs = resolvePath(f, ctx);
      if (isSystemFile(abs) && !isUnder(abs, ctx.cwd)) {
        return { reason: `truncate -s ${size} empties ${f}, a system file`, loses: `the contents of ${abs}, which the system needs`, safer: 'leave system files to the package manager or configuration management' };
      }
      const data = dataKindOf(resolvePath(f, ctx));
      if (data && data.kind !== 'git-dir') {
        return { reason: `truncate -s ${size} empties ${f}: ${data.note}`, loses: `the contents of ${f}`, safer: `copy it aside first (cp ${f} ${f}.$(date +%s).bak), then truncate the copy you no longer need` };
      }
    }
    return null;
  },
};

const DUMP_WRITERS = new Set(['pg_dump', 'pg_dumpall', 'mysqldump', 'mariadb-dump', 'mongodump', 'sqlite3', 'gzip', 'bzip2', 'xz', 'zstd', 'pigz', 'redis-cli', 'duckdb',
  // exports of configuration and state taken as backups (pulumi stack export, kubectl get -o yaml, terraform state pull, helm get values)
  'pulumi', 'kubectl', 'oc', 'terraform', 'tofu', 'helm', 'etcdctl', 'vault', 'consul',
  // a dump taken inside a container (docker compose exec -T db pg_dump … > backups/dev.sql)
  'docker', 'podman', 'docker-compose']);

const redirectOverwrite: CommandRule = {
  id: 'filesystem.redirect-overwrite',
  level: 'deny',
  summary: '`>` (or `>>`) redirection onto Terraform state, database files, or backups/dumps',
  commands: ['*'],
  match(cmd, ctx) {
    for (const r of cmd.redirects) {
      if (!/^(>|>\||&>|>>|&>>|<>)$/.test(r.op) || r.target === null) continue;
      if (/^\/dev\/(null|stdout|stderr|tty)$/.test(r.target) || /^&?\d$/.test(r.target)) continue;
      const abs = resolvePath(r.target, ctx);
      // a copy written to a temp directory is the safe practice this rule recommends, not live data; a plain
      // .sql file is a migration or a query far more often than a dump (dumps are named so: dump.sql, backup.sql)
      if (tempCopyOutsideProject(r.target, pathCtx(cmd, ctx))) continue;
      const data = dataKindOf(abs);
      if (!data || data.kind === 'git-dir') continue;
      const writer = cmd.name;
      const isStatePull = (writer === 'terraform' || writer === 'tofu' || writer === 'terragrunt') && cmd.argv.includes('state') && cmd.argv.includes('pull');
      if (data.kind === 'tfstate') {
        if (isStatePull && posix.basename(abs) !== 'terraform.tfstate') continue;
        return {
          reason: `${r.op} ${r.target} ${r.op.includes('>>') ? 'appends to' : 'overwrites'} Terraform state: ${data.note}`,
          loses: 'the current state: Terraform would then plan against the wrong record (the Feb 2026 incident began by writing an old state over the current one)',
          safer: `write to a new file (… > ${r.target}.new), compare with terraform show, and let a human swap it in; for remote state use terraform state push with review`,
          level: 'deny',
        };
      }
      if (data.kind === 'database') {
        if (r.op.includes('>>')) continue;
        return { reason: `${r.op} ${r.target} overwrites a database file: ${data.note}`, loses: `the database in ${r.target}`, safer: `write to a new file, or back the database up first`, level: 'deny' };
      }
      // backups and dumps: dump tools writing a dump is the safe practice
      if (r.op.includes('>>') || DUMP_WRITERS.has(writer) || isStatePull) continue;
      return { reason: `${r.op} ${r.target} overwrites a backup or dump file with the output of ${writer || 'nothing'}`, loses: `the backup in ${r.target}`, safer: `write to a new, dated file name instead`, level: 'ask' };
    }
    return null;
  },
};

interface CopyFacts {
  sources: string[];
  dest: string | undefined;
  noClobber: boolean;
}

function copyFacts(cmd: SimpleCommand): CopyFacts {
  const a = cmd.argv.slice(1);
  const valueFlags = ['-t', '--target-directory', '-S', '--suffix', '-m', '--mode', '-o', '--owner', '-g', '--group', '-e', '--rsh', '--exclude', '--include', '--filter', '-f', '--backup-dir', '-P'];
  const pos = positionals(cmd, cmd.name === 'rsync' ? valueFlags.filter((f) => f !== '-P') : valueFlags.filter((f) => f !== '-f' && f !== '-e' && f !== '-P'));
  const t = a.findIndex((w) => w === '-t' || w === '--target-directory');
  const tEq = a.find((w) => w.startsWith('--target-directory='));
  // cp/mv -n never overwrite; rsync -n is a dry run and --ignore-existing skips existing files
  const noClobber = cmd.name === 'rsync'
    ? hasFlag(a, '--ignore-existing', '-n', '--dry-run')
    : hasFlag(a, '-n', '--no-clobber', '--update=none', '--update=none-fail');
  if (t >= 0 || tEq) return { sources: pos, dest: `${tEq ? tEq.split('=')[1] : a[t + 1]}/`, noClobber };
  return { sources: pos.slice(0, -1), dest: pos[pos.length - 1], noClobber };
}

function looksLikeDir(p: string): boolean {
  return p.endsWith('/') || p === '.' || p === '..' || !posix.basename(p).includes('.');
}

const stateOverwrite: CommandRule = {
  id: 'filesystem.state-overwrite',
  level: 'deny',
  summary: 'cp/mv/install/rsync/tee/ln/sort -o onto live Terraform state (e.g. cp old.tfstate terraform.tfstate), or mv of the state away',
  commands: ['cp', 'mv', 'install', 'rsync', 'scp', 'tee', 'ln', 'gcp', 'gmv', 'sponge', 'sort'],
  match(cmd, ctx) {
    if (helpOnly(cmd)) return null;
    if (cmd.name === 'tee' || cmd.name === 'sponge') {
      const files = positionals(cmd);
      const f = files.find((x) => isLiveStateName(x));
      if (!f) return null;
      return { reason: `${cmd.name} writes its input over ${f}, Terraform's live state`, loses: 'the current Terraform state', safer: `write to a new file and let a human review and swap it in` };
    }
    if (cmd.name === 'sort') {
      const out = flagValue(cmd, '-o', '--output');
      if (out === undefined || !isLiveStateName(out) || tempCopyOutsideProject(out, pathCtx(cmd, ctx))) return null;
      return { reason: `sort -o ${out} writes its output over Terraform's live state`, loses: 'the current Terraform state', safer: 'write to a new file and let a human review and swap it in' };
    }
    if (cmd.name === 'ln' && !hasFlag(cmd, '-f', '--force')) return null;
    const f = copyFacts(cmd);
    if (!f.dest || f.sources.length === 0 || f.noClobber) {
      if (cmd.name !== 'mv' || !f.dest) return null;
    }
    const dest = f.dest!;
    const candidates = [dest];
    if (looksLikeDir(dest)) for (const s of f.sources) candidates.push(posix.join(dest, posix.basename(s.replace(/\/+$/, ''))));
    const pctx = pathCtx(cmd, ctx);
    const hitDest = f.noClobber ? undefined : candidates.find((c) => isLiveStateName(c) && !/:/.test(c.split('/')[0]) && !tempCopyOutsideProject(c, pctx));
    if (hitDest) {
      const src = f.sources.join(' ');
      return {
        reason: `${cmd.name} ${src} ${dest} writes over ${hitDest}, Terraform's live state`,
        loses: 'the current state. Restoring an old state and then applying is how the Feb 2026 incident destroyed a production database',
        safer: `keep the current state: cp ${hitDest} ${hitDest}.$(date +%s).bak first, compare the two with terraform show, and have a human swap them; for remote state use terraform state push (which checks lineage and serial)`,
      };
    }
    if (cmd.name === 'mv') {
      const moved = f.sources.find((s) => isLiveStateName(s));
      if (moved && !isLiveStateName(dest)) {
        return {
          reason: `mv ${moved} ${dest} moves Terraform's live state away: the next plan starts from an empty state`,
          loses: 'Terraform\'s record of every resource in this configuration (the next apply would try to create duplicates)',
          safer: `copy instead of moving: cp ${moved} ${dest}`,
          level: 'ask',
        };
      }
    }
    return null;
  },
};

/** Sources that carry no data: copying or linking them over a file empties it. */
const EMPTY_SOURCES = /^\/dev\/(null|zero|u?random|full)$/;

const dataOverwrite: CommandRule = {
  id: 'filesystem.data-overwrite',
  level: 'ask',
  summary: 'cp/mv/install/ln -f/sort -o onto a database file (deny when the source is /dev/null or another empty device), or /dev/null onto a backup (onto live state: state-overwrite)',
  commands: ['cp', 'mv', 'install', 'ln', 'gcp', 'gmv', 'sort'],
  match(cmd, ctx) {
    if (helpOnly(cmd)) return null;
    let sources: string[];
    let dest: string | undefined;
    if (cmd.name === 'sort') {
      dest = flagValue(cmd, '-o', '--output');
      sources = positionals(cmd, ['-o', '--output', '-k', '--key', '-t', '--field-separator', '-S', '--buffer-size', '-T', '--temporary-directory', '--parallel', '--files0-from', '--batch-size', '--compress-program', '--sort', '--random-source']);
      if (!dest) return null;
    } else {
      if (cmd.name === 'ln' && !hasFlag(cmd, '-f', '--force')) return null;
      const f = copyFacts(cmd);
      if (f.noClobber || !f.dest || f.sources.length === 0) return null;
      sources = f.sources;
      dest = f.dest;
    }
    const pctx = pathCtx(cmd, ctx);
    const candidates = [dest];
    if (looksLikeDir(dest) && cmd.name !== 'sort') for (const src of sources) candidates.push(posix.join(dest, posix.basename(src.replace(/\/+$/, ''))));
    const empty = sources.find((x) => EMPTY_SOURCES.test(x));
    for (const c of candidates) {
      if (tempCopyOutsideProject(c, pctx)) continue;
      const data = dataKindOf(resolvePath(c, pctx));
      if (!data) continue;
      // a database copied to another name (a backup, a dev copy from a seed) is not one written over by other data
      if (data.kind === 'database' && !empty && sources.every((x) => dataKindOf(resolvePath(x, pctx))?.kind === 'database')) continue;
      if (data.kind === 'database') {
        return {
          reason: `${cmd.name} ${empty ? `${empty} onto` : `writes over`} ${c}: ${data.note}`,
          loses: empty ? `the database in ${c}: it is left empty` : `the database in ${c}, replaced by ${sources.join(' ')}`,
          safer: `back it up first (cp ${c} ${c}.$(date +%s).bak), or write to a new file name`,
          level: empty ? 'deny' : 'ask',
        };
      }
      if (data.kind === 'backup' && empty) {
        return { reason: `${cmd.name} ${empty} ${c} empties a backup: ${data.note}`, loses: `the backup in ${c}`, safer: 'leave the backup as it is; write new files under new names', level: 'ask' };
      }
    }
    return null;
  },
};

// ---------------------------------------------------------------------------
// archive extraction and sync over state
// ---------------------------------------------------------------------------

interface Extraction {
  archive: string | undefined;
  members: string[];
  dir: string;
  keepsExisting: boolean;
}

function tarExtraction(cmd: SimpleCommand): Extraction | null {
  const a = cmd.argv.slice(1);
  if (a.length === 0) return null;
  let extract = false;
  let archive: string | undefined;
  let dir = '.';
  let keeps = false;
  const members: string[] = [];
  let startIdx = 0;
  // old-style first word: xzf ARCHIVE
  if (/^[A-Za-z]+$/.test(a[0]) && /[xX]/.test(a[0]) && !a[0].startsWith('-')) {
    extract = a[0].includes('x');
    if (a[0].includes('f')) { archive = a[1]; startIdx = 2; } else startIdx = 1;
    if (a[0].includes('k')) keeps = true;
    if (a[0].includes('O')) return null;
  }
  for (let i = startIdx; i < a.length; i++) {
    const w = a[i];
    if (w === '--extract' || w === '--get' || (/^-[A-Za-z]+$/.test(w) && w.includes('x'))) extract = true;
    if (w === '--to-stdout' || w === '-O' || w === '--list' || w === '-t' || (/^-[A-Za-z]+$/.test(w) && /[tO]/.test(w))) return null;
    if (w === '-k' || w === '--keep-old-files' || w === '--skip-old-files' || w === '--keep-newer-files' || (/^-[A-Za-z]+$/.test(w) && w.includes('k'))) keeps = true;
    if (w === '-C' || w === '--directory') { dir = a[i + 1] ?? dir; i++; continue; }
    if (w.startsWith('--directory=')) { dir = w.slice(12); continue; }
    if (w === '-f' || w === '--file') { archive = a[i + 1]; i++; continue; }
    if (w.startsWith('--file=')) { archive = w.slice(7); continue; }
    if (/^-[A-Za-z]*f$/.test(w)) { archive = a[i + 1]; i++; continue; }
    if (/^-[A-Za-z]*f./.test(w) && !w.startsWith('--')) { archive = w.slice(w.indexOf('f') + 1); continue; }
    if (w.startsWith('-')) continue;
    members.push(w);
  }
  if (!extract) return null;
  return { archive, members, dir, keepsExisting: keeps };
}

function unzipExtraction(cmd: SimpleCommand): Extraction | null {
  const a = cmd.argv.slice(1);
  if (hasFlag(a, '-l', '-t', '-v', '-Z', '-p', '-c', '-z')) return null;
  let dir = '.';
  const pos: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '-d') { dir = a[i + 1] ?? dir; i++; continue; }
    if (a[i] === '-x') { i++; while (i < a.length && !a[i].startsWith('-')) i++; continue; }
    if (a[i].startsWith('-')) continue;
    pos.push(a[i]);
  }
  if (pos.length === 0) return null;
  return { archive: pos[0], members: pos.slice(1), dir, keepsExisting: hasFlag(a, '-n') };
}

function sevenZipExtraction(cmd: SimpleCommand): Extraction | null {
  const a = cmd.argv.slice(1);
  if (a[0] !== 'x' && a[0] !== 'e') return null;
  const o = a.find((w) => w.startsWith('-o'));
  const pos = a.slice(1).filter((w) => !w.startsWith('-'));
  return { archive: pos[0], members: pos.slice(1), dir: o ? o.slice(2) || '.' : '.', keepsExisting: a.includes('-aos') || a.includes('-aou') || a.includes('-aot') };
}

/** Decompressors that write FILE from FILE.gz (over an existing FILE only with -f). */
const DECOMPRESSORS: Record<string, RegExp> = { gunzip: /\.(gz|z|tgz)$/i, unxz: /\.xz$/i, bunzip2: /\.bz2$/i, unzstd: /\.zst$/i, unlz4: /\.lz4$/i, gzip: /\.(gz|z)$/i, xz: /\.xz$/i, bzip2: /\.bz2$/i, zstd: /\.zst$/i };

function extractionOf(cmd: SimpleCommand): Extraction | null {
  if (helpOnly(cmd)) return null;
  if (cmd.name === 'tar' || cmd.name === 'gtar' || cmd.name === 'bsdtar') return tarExtraction(cmd);
  if (cmd.name === 'unzip') return unzipExtraction(cmd);
  if (cmd.name === '7z' || cmd.name === '7za' || cmd.name === '7zz' || cmd.name === '7zr') return sevenZipExtraction(cmd);
  const a = cmd.argv.slice(1);
  // python3 -m tarfile -e ARCHIVE [DIR] / -m zipfile -e ARCHIVE DIR
  if (/^python[\d.]*$/.test(cmd.name) && a[0] === '-m' && /^(tarfile|zipfile)$/.test(a[1] ?? '') && (a[2] === '-e' || a[2] === '--extract')) {
    return { archive: a[3], members: [], dir: a[4] ?? '.', keepsExisting: false };
  }
  // cpio -i (-u replaces newer files too) and pax -r: the archive arrives on stdin or by -f
  if (cmd.name === 'cpio' && a.some((w) => /^-[a-zA-Z]*i/.test(w) || w === '--extract')) return { archive: flagValue(cmd, '-F', '--file'), members: [], dir: flagValue(cmd, '-D', '--directory') ?? '.', keepsExisting: false };
  if (cmd.name === 'pax' && a.some((w) => /^-[a-zA-Z]*r/.test(w))) return { archive: flagValue(cmd, '-f'), members: [], dir: '.', keepsExisting: a.some((w) => /^-[a-zA-Z]*k/.test(w)) };
  // gunzip -f terraform.tfstate.gz writes terraform.tfstate
  const ext = DECOMPRESSORS[cmd.name];
  if (ext && (['gunzip', 'unxz', 'bunzip2', 'unzstd', 'unlz4'].includes(cmd.name) || a.some((w) => /^-[a-zA-Z]*d/.test(w) || w === '--decompress'))) {
    const files = positionals(cmd).filter((f) => ext.test(f));
    const forced = a.some((w) => /^-[a-zA-Z]*f/.test(w) || w === '--force');
    const outs = files.map((f) => f.replace(ext, (m) => (/tgz/i.test(m) ? '.tar' : '')));
    // -c writes to stdout and -t only tests: no file is written
    if (outs.length === 0 || a.some((w) => /^-[a-zA-Z]*[ct]/.test(w) || w === '--stdout' || w === '--to-stdout' || w === '--test')) return null;
    return { archive: files[0], members: outs, dir: '.', keepsExisting: !forced };
  }
  return null;
}

function stateProbePaths(dir: string): string[] {
  const d = dir === '.' ? '' : `${dir.replace(/\/+$/, '')}/`;
  return [`${d}terraform.tfstate`, `${d}terraform.tfstate.backup`];
}

const extractOverState: CommandRule = {
  id: 'filesystem.extract-over-state',
  level: 'deny',
  summary: 'tar -x / unzip / 7z x that may write over Terraform state (archive names state, or the target directory holds it)',
  commands: ['tar', 'gtar', 'bsdtar', 'unzip', '7z', '7za', '7zz', '7zr', 'python', 'python3', 'cpio', 'pax', ...Object.keys(DECOMPRESSORS)],
  inputFiles(cmd) {
    const e = extractionOf(cmd);
    return e && !e.keepsExisting ? stateProbePaths(e.dir) : [];
  },
  match(cmd, ctx) {
    const e = extractionOf(cmd);
    if (!e || e.keepsExisting) return null;
    const mentions = [e.archive ?? '', ...e.members].find((w) => /tfstate/i.test(w));
    if (mentions) {
      return {
        reason: `extracting ${e.archive ?? 'the archive'} ${e.members.length ? `(${e.members.join(' ')}) ` : ''}writes Terraform state into ${e.dir}: an old state unpacked over the current one is how the Feb 2026 incident began`,
        loses: 'the current Terraform state; a later plan or destroy would act on the stale copy',
        safer: `extract into a fresh directory (mkdir /tmp/restore && ${cmd.name === 'unzip' ? `unzip ${e.archive} -d /tmp/restore` : `tar -xf ${e.archive} -C /tmp/restore`}), compare with terraform show, and let a human decide`,
        level: 'deny',
      };
    }
    const present = stateProbePaths(e.dir).find((p) => ctx.files.has(p));
    if (present) {
      return {
        reason: `${e.dir === '.' ? 'the working directory' : e.dir} holds ${present}; extracting ${e.archive ?? 'an archive'} there may overwrite it (the archive's contents cannot be seen before it runs)`,
        loses: 'the current Terraform state, if the archive contains one',
        safer: `list the archive first (${cmd.name === 'unzip' ? 'unzip -l' : 'tar -tf'} ${e.archive ?? 'ARCHIVE'}), or extract into an empty directory`,
        level: 'ask',
      };
    }
    return null;
  },
};

function rsyncDeletes(a: string[]): boolean {
  return a.some((w) => /^--(del|delete|delete-before|delete-during|delete-delay|delete-after|delete-excluded|delete-missing-args|remove-source-files)$/.test(w));
}

const syncDelete: CommandRule = {
  id: 'filesystem.sync-delete',
  level: 'ask',
  summary: 'rsync --delete / --remove-source-files: deletes files the source lacks (rclone: the backups pack)',
  commands: ['rsync'],
  inputFiles(cmd) {
    if (cmd.name !== 'rsync' || !rsyncDeletes(cmd.argv)) return [];
    const pos = positionals(cmd, ['-e', '--rsh', '--exclude', '--include', '--filter', '-f', '--backup-dir', '--exclude-from', '--include-from', '--files-from']);
    const dest = pos[pos.length - 1];
    return dest && !dest.includes(':') ? stateProbePaths(dest) : [];
  },
  match(cmd, ctx) {
    if (helpOnly(cmd)) return null;
    const a = cmd.argv.slice(1);
    if (hasFlag(a, '-n', '--dry-run')) return null;
    if (!rsyncDeletes(a)) return null;
    const pos = positionals(cmd, ['-e', '--rsh', '--exclude', '--include', '--filter', '-f', '--backup-dir', '--exclude-from', '--include-from', '--files-from']);
    const dest = pos[pos.length - 1];
    if (!dest) return null;
    const removeSource = a.includes('--remove-source-files');
    let level: 'ask' | 'deny' = 'ask';
    let extra = '';
    if (!dest.includes(':')) {
      const info = classifyPath(dest, false, pathCtx(cmd, ctx));
      if (['root', 'system', 'home', 'home-important', 'git-dir', 'tfstate', 'database', 'backup', 'protected'].includes(info.kind)) { level = 'deny'; extra = `: ${info.note}`; }
      const present = stateProbePaths(dest).find((p) => ctx.files.has(p));
      if (present) { level = 'deny'; extra = `: it holds Terraform state (${present}), which the sync would delete or replace`; }
    }
    return {
      reason: removeSource ? `rsync --remove-source-files deletes the source files after copying` : `rsync --delete removes everything in ${dest} that the source lacks${extra}`,
      loses: removeSource ? 'the source copies' : `files in ${dest} not present in the source (a wrong or empty source wipes the destination)`,
      safer: `rsync -n (dry run) with the same arguments to see what would be deleted, or drop --delete`,
      level,
    };
  },
};

const permissionsWide: CommandRule = {
  id: 'filesystem.permissions-wide',
  level: 'deny',
  summary: 'chmod/chown/chgrp -R on /, a system directory or the home directory',
  commands: ['chmod', 'chown', 'chgrp'],
  match(cmd, ctx) {
    if (helpOnly(cmd)) return null;
    if (!hasFlag(cmd, '-R', '--recursive')) return null;
    const pos = positionals(cmd, ['--reference', '--from']);
    const pctx = pathCtx(cmd, ctx);
    for (const p of pos.slice(1)) {
      const info = classifyPath(p, false, pctx);
      if (['root', 'system', 'home', 'home-important'].includes(info.kind)) {
        return {
          reason: `${cmd.name} -R ${pos[0]} on ${p}: ${info.note}`,
          loses: 'working permissions on system files (sudo, ssh and services stop working) or exposure of private keys',
          safer: `change only the project paths that need it (${cmd.name} -R ${pos[0]} ./dir)`,
        };
      }
    }
    return null;
  },
};

/**
 * A download whose destination is the live state (`aws s3 cp s3://b/prod.tfstate terraform.tfstate`,
 * `curl -o terraform.tfstate URL`): the same loss as `cp old.tfstate terraform.tfstate`, from another copy.
 */
const DOWNLOAD_DESTINATION: Record<string, (cmd: SimpleCommand) => string[]> = {
  aws: (cmd) => (cmd.argv[1] === 's3' && (cmd.argv[2] === 'cp' || cmd.argv[2] === 'mv') ? positionals(cmd).slice(-1) : cmd.argv[1] === 's3api' && cmd.argv[2] === 'get-object' ? positionals(cmd).slice(-1) : []),
  gsutil: (cmd) => (/^(cp|mv)$/.test(positionals(cmd)[0] ?? '') ? positionals(cmd).slice(-1) : []),
  gcloud: (cmd) => (cmd.argv[1] === 'storage' && /^(cp|mv)$/.test(cmd.argv[2] ?? '') ? positionals(cmd).slice(-1) : []),
  az: (cmd) => (cmd.argv.includes('download') ? [flagValue(cmd, '--file', '-f')].filter((v): v is string => v !== undefined) : []),
  curl: (cmd) => [flagValue(cmd, '-o', '--output')].filter((v): v is string => v !== undefined),
  wget: (cmd) => [flagValue(cmd, '-O', '--output-document')].filter((v): v is string => v !== undefined),
  rclone: (cmd) => (/^(copyto|moveto|cat)$/.test(cmd.argv[1] ?? '') ? positionals(cmd).slice(-1) : []),
};

const downloadOverState: CommandRule = {
  id: 'filesystem.download-over-state',
  level: 'deny',
  summary: 'a download written over live Terraform state (aws s3 cp …tfstate terraform.tfstate, curl -o terraform.tfstate)',
  commands: Object.keys(DOWNLOAD_DESTINATION),
  match(cmd, ctx) {
    if (helpOnly(cmd)) return null;
    const pctx = pathCtx(cmd, ctx);
    const dest = DOWNLOAD_DESTINATION[cmd.name]?.(cmd).find((d) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(d) && d !== '-' && isLiveStateName(d)
      && !tempCopyOutsideProject(d, pctx));
    if (!dest) return null;
    return {
      reason: `${cmd.name} writes a downloaded copy over ${dest}, Terraform's live state`,
      loses: 'the current state: an older or foreign copy in its place is a silent lineage or serial change (how the Feb 2026 incident began)',
      safer: `download to a new name (${dest}.remote), compare it with terraform show, and let a human swap it in`,
    };
  },
};

/**
 * An upload over a remote state object (`aws s3 cp old.tfstate s3://tfstate/prod/terraform.tfstate`,
 * `s3api put-object --key prod/terraform.tfstate`, `gsutil cp`, `az storage blob upload --overwrite`): the
 * backend's state replaced from outside Terraform, with no lineage or serial check (terraform state push has one).
 */
function remoteStateDestination(cmd: SimpleCommand): string | undefined {
  const a = cmd.argv;
  const pos = positionals(cmd);
  const isState = (x: string | undefined) => x !== undefined && /(\.tfstate|\/terraform\.tfstate\.d\/.*)$/.test(x.replace(/\/+$/, ''));
  if (cmd.name === 'aws' && a[1] === 's3' && /^(cp|mv|sync)$/.test(a[2] ?? '')) {
    const dest = pos[pos.length - 1];
    if (!dest?.startsWith('s3://')) return undefined;
    // a copy to a "directory" key keeps the source's name
    const named = dest.endsWith('/') && a[2] !== 'sync' ? `${dest}${posix.basename(pos[pos.length - 2] ?? '')}` : dest;
    if (isState(named)) return named;
    if (a[2] === 'sync' && /tfstate|terraform/.test(dest)) return dest;
    return undefined;
  }
  if (cmd.name === 'aws' && a[1] === 's3api' && /^(put-object|copy-object)$/.test(a[2] ?? '')) {
    const key = flagValue(cmd, '--key');
    return isState(key) ? `s3://${flagValue(cmd, '--bucket') ?? '?'}/${key}` : undefined;
  }
  if ((cmd.name === 'gsutil' && /^(cp|mv)$/.test(pos[0] ?? '')) || (cmd.name === 'gcloud' && a[1] === 'storage' && /^(cp|mv)$/.test(a[2] ?? ''))) {
    const dest = pos[pos.length - 1];
    if (!dest?.startsWith('gs://')) return undefined;
    const named = dest.endsWith('/') ? `${dest}${posix.basename(pos[pos.length - 2] ?? '')}` : dest;
    return isState(named) ? named : undefined;
  }
  if (cmd.name === 'az' && a[1] === 'storage' && a[2] === 'blob' && /^(upload|copy)$/.test(a[3] ?? '')) {
    const blob = flagValue(cmd, '--name', '-n') ?? flagValue(cmd, '--destination-blob');
    return isState(blob) ? blob : undefined;
  }
  return undefined;
}

const uploadOverRemoteState: CommandRule = {
  id: 'filesystem.upload-over-remote-state',
  level: 'deny',
  summary: 'an upload or copy over a remote Terraform state object (aws s3 cp/sync, s3api put-object/copy-object, gsutil/gcloud storage cp, az storage blob upload)',
  commands: ['aws', 'gsutil', 'gcloud', 'az'],
  match(cmd) {
    if (helpOnly(cmd) || cmd.argv.includes('--dryrun') || cmd.argv.includes('--dry-run') || cmd.argv.includes('-n')) return null;
    const dest = remoteStateDestination(cmd);
    if (!dest) return null;
    // a copy kept as a backup (`…/backup/terraform.tfstate`, `…/terraform.tfstate.2026-11-26`) is the safe practice
    if (/\/(backups?|bak|archive|snapshots?|history)\//i.test(dest) || /\d{4}-?\d{2}-?\d{2}|\.bak$|\.backup$/.test(posix.basename(dest))) return null;
    const backendName = /^(terraform|default)\.tfstate$/.test(posix.basename(dest)) || /\/env:\//.test(dest);
    return {
      level: backendName ? 'deny' : 'ask',
      reason: `${cmd.name} writes over ${dest}, a remote Terraform state, from outside Terraform: no lineage or serial check stops an old or foreign state`,
      loses: 'the remote state: the next plan runs against whatever was uploaded (versioning on the bucket is the only way back)',
      safer: 'terraform state push (it refuses a different lineage or an older serial), with a human; keep versioning on the state bucket',
    };
  },
};

export const filesystemPack: RulePack = {
  id: 'filesystem',
  description: 'Local files and disks: rm, find -delete, shred, dd, mkfs, truncate, redirections and copies over data files, archive extraction over Terraform state, rsync --delete, chmod -R',
  rules: [
    rmRoot, rmHome, rmWorkdir, rmGitDir, rmState, rmHoldsState, rmDatabase, rmBackup, rmProtected, rmUnknownTarget, rmTempRoot, rmOutside,
    findDelete, shredRule, diskWrite, mkfsRule, volumeDestroy, truncateData, redirectOverwrite, stateOverwrite, dataOverwrite, downloadOverState, uploadOverRemoteState, extractOverState, syncDelete, permissionsWide,
  ],
};

// exported for tests
export { rmFacts, findFacts, tarExtraction };
