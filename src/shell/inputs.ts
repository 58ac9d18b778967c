/**
 * Input items that become arguments: xargs and parallel paste words they read (an unknown list, written
 * `{xargs-input}` or `$XARGS_ITEM` by the analyzer) into a command line. For most programs an item is an
 * operand (a file name); for some, an item that starts with `-` changes what the program does
 * (`git reset --hard`, `find . -delete`). Those are reported: the rules cannot see an option that only
 * arrives at run time.
 */

/** The words the analyzer writes for an unknown input item (see the xargs and parallel dispatchers). */
export const XARGS_PLACEHOLDER = '{xargs-input}';
export const XARGS_ITEM = '$XARGS_ITEM';

export const FIND_TWO_VALUES = new Set(['-fprintf']);
export const FIND_ONE_VALUE = new Set([
  '-fprint', '-fprint0', '-fls', '-printf', '-name', '-iname', '-path', '-ipath', '-regex', '-iregex', '-newer', '-user', '-group',
  '-perm', '-type', '-xtype', '-size', '-mtime', '-atime', '-ctime', '-mmin', '-amin', '-cmin', '-maxdepth', '-mindepth',
  '-wholename', '-iwholename', '-lname', '-ilname', '-samefile', '-inum', '-links', '-uid', '-gid', '-context', '-fstype',
  '-used', '-regextype', '-D', '-files0-from', '-anewer', '-cnewer', '-newermt', '-newerct', '-newerat',
]);
const FIND_EXEC = new Set(['-exec', '-execdir', '-ok', '-okdir']);

/** git subcommands that only read: an option slipped into them changes output, not the repository. */
const GIT_READ_ONLY = new Set([
  'status', 'log', 'diff', 'show', 'blame', 'annotate', 'ls-files', 'ls-tree', 'grep', 'cat-file', 'rev-parse', 'rev-list',
  'shortlog', 'describe', 'name-rev', 'for-each-ref', 'check-ignore', 'check-attr', 'whatchanged', 'show-ref', 'diff-tree',
  'diff-files', 'diff-index', 'merge-base', 'cherry', 'help', 'version', 'var', 'count-objects', 'verify-commit',
]);
/** git options before the subcommand that take a separate value. */
const GIT_GLOBAL_VALUES = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env']);

function hasInput(word: string): boolean {
  return word.includes(XARGS_PLACEHOLDER) || word.includes(XARGS_ITEM);
}

/** True when the word could be an option because of an input item: it starts with one, or it is an option holding one (`--ha{}`). */
function optionFromInput(word: string): boolean {
  return word.startsWith(XARGS_PLACEHOLDER) || word.startsWith(XARGS_ITEM) || word.startsWith(`"${XARGS_ITEM}`)
    || (word.startsWith('-') && hasInput(optionName(word)));
}

/** The name part of an option word: `--file={}` only takes its value from input, its name is fixed. */
function optionName(word: string): string {
  const eq = word.indexOf('=');
  return eq > 0 ? word.slice(0, eq) : word;
}

/** Indexes of argv words (from `from`) that may become options because of an input item (before any `--`). */
function optionPositions(argv: string[], dynamic: boolean[], from = 1): number[] {
  const out: number[] = [];
  for (let i = from; i < argv.length; i++) {
    if (argv[i] === '--' && !dynamic[i]) break;
    if (dynamic[i] && optionFromInput(argv[i])) out.push(i);
  }
  return out;
}

function gitHit(argv: string[], dynamic: boolean[]): number | undefined {
  let i = 1;
  // options before the subcommand (-c name=value, --config-env, -C dir) configure every subcommand
  while (i < argv.length && argv[i].startsWith('-')) {
    if (dynamic[i] && hasInput(argv[i])) return i;
    if (GIT_GLOBAL_VALUES.has(argv[i])) {
      if (dynamic[i + 1] && hasInput(argv[i + 1] ?? '')) return i + 1;
      i++;
    }
    i++;
  }
  const subcommand = argv[i];
  if (subcommand === undefined) return undefined;
  if (dynamic[i] && hasInput(subcommand)) return i;
  if (GIT_READ_ONLY.has(subcommand)) return undefined;
  return optionPositions(argv, dynamic, i + 1)[0];
}

/** Interpreters: an option built from input (`node --ev{}`, `perl -{}`) could turn the next word into code. */
function interpreterHit(argv: string[], dynamic: boolean[]): number | undefined {
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '--' && !dynamic[i]) return undefined;
    if (dynamic[i] && argv[i].startsWith('-') && hasInput(optionName(argv[i]))) return i;
    // the first operand is the script or the code: what follows is its own arguments
    if (!argv[i].startsWith('-') && !dynamic[i] && !/^-[a-zA-Z]*[ecrf]$/.test(argv[i - 1] ?? '')) return undefined;
  }
  return undefined;
}

function findHit(argv: string[], dynamic: boolean[]): number | undefined {
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    if (dynamic[i] && optionFromInput(w)) return i;
    if (FIND_TWO_VALUES.has(w)) { i += 2; continue; }
    if (FIND_ONE_VALUE.has(w)) { i += 1; continue; }
    if (FIND_EXEC.has(w)) {
      // the words up to `;`/`+` are the arguments of the command find runs, judged on their own
      while (i + 1 < argv.length && argv[i + 1] !== ';' && argv[i + 1] !== '+') i++;
      i++;
    }
  }
  return undefined;
}

const INTERPRETER_NAMES = [
  'node', 'nodejs', 'deno', 'bun', 'python', 'python3', 'python2', 'pypy', 'pypy3', 'perl', 'ruby', 'php', 'lua', 'tclsh',
  'awk', 'gawk', 'mawk', 'nawk', 'sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'fish', 'busybox',
];

const CHECKS: Record<string, (argv: string[], dynamic: boolean[]) => number | undefined> = { git: gitHit, find: findHit };
for (const name of INTERPRETER_NAMES) CHECKS[name] = interpreterHit;

/** What an input item could turn into, for the message. */
function example(name: string): string {
  if (name === 'git') return '--hard, --force or -c core.pager=…';
  if (name === 'find') return '-delete';
  return 'an option that takes code (-e)';
}

/**
 * When an unknown input item lands where it could become an option of a program whose options decide
 * what it destroys, a sentence saying so; else null.
 */
export function inputArgumentProblem(name: string, argv: string[], dynamic: boolean[], upstream: string): string | null {
  const check = CHECKS[name] ?? CHECKS[name.replace(/[\d.]+$/, '')];
  if (!check) return null;
  const at = check(argv, dynamic);
  if (at === undefined) return null;
  return `input read by ${upstream} becomes arguments of ${name} (${argv[at].split(XARGS_ITEM).join('{}')}): an input item such as ${example(name)} would change what ${name} does, and it is only known when it runs`;
}

/** Wrappers whose options decide what they run or as whom (`env -S`, `sudo -s`, `su -c`). */
const OPTION_WRAPPERS = new Set(['env', 'sudo', 'doas', 'su', 'runuser', 'pkexec', 'chroot', 'setsid', 'flock', 'timeout', 'nice', 'ionice', 'stdbuf', 'command', 'exec', 'busybox']);

/**
 * When an unknown input item builds an option of a wrapper (`env -{}` could be `env -S 'CMD'`, `sudo -{}`
 * could be `sudo -s`), a sentence saying so; else null. Wrappers are unwrapped, not emitted, so the
 * analyzer asks this before it removes them.
 */
export function wrapperOptionProblem(name: string, argv: string[], dynamic: boolean[], upstream: string): string | null {
  if (!OPTION_WRAPPERS.has(name)) return null;
  const at = interpreterHit(argv, dynamic);
  if (at === undefined) return null;
  return `input read by ${upstream} becomes an option of ${name} (${argv[at].split(XARGS_ITEM).join('{}')}): an input item could change what ${name} runs (such as -S or -s), and it is only known when it runs`;
}
