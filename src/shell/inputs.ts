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
  'diff-files', 'diff-index', 'merge-base', 'cherry', 'reflog', 'help', 'version', 'var', 'count-objects', 'verify-commit',
]);
/** git options before the subcommand that take a separate value. */
const GIT_GLOBAL_VALUES = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env']);

/** True when the word begins with an unknown input item: the item could make it an option. */
function startsWithInput(word: string): boolean {
  return word.startsWith(XARGS_PLACEHOLDER) || word.startsWith(XARGS_ITEM) || word.startsWith(`"${XARGS_ITEM}`);
}

/** Indexes of argv words that may become options because an input item starts them (before any `--`). */
function optionPositions(argv: string[], dynamic: boolean[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '--' && !dynamic[i]) break;
    if (dynamic[i] && startsWithInput(argv[i])) out.push(i);
  }
  return out;
}

function gitHit(argv: string[], dynamic: boolean[]): number | undefined {
  const positions = optionPositions(argv, dynamic);
  if (!positions.length) return undefined;
  let i = 1;
  while (i < argv.length && argv[i].startsWith('-') && !dynamic[i]) {
    if (GIT_GLOBAL_VALUES.has(argv[i])) i++;
    i++;
  }
  const subcommand = argv[i];
  if (subcommand !== undefined && !dynamic[i] && GIT_READ_ONLY.has(subcommand)) return undefined;
  return positions[0];
}

function findHit(argv: string[], dynamic: boolean[]): number | undefined {
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    if (dynamic[i] && startsWithInput(w)) return i;
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

const CHECKS: Record<string, (argv: string[], dynamic: boolean[]) => number | undefined> = { git: gitHit, find: findHit };

/** What an input item could turn into, for the message. */
const EXAMPLES: Record<string, string> = { git: '--hard or --force', find: '-delete' };

/**
 * When an unknown input item lands where it could become an option of a program whose options decide
 * what it destroys, a sentence saying so; else null.
 */
export function inputArgumentProblem(name: string, argv: string[], dynamic: boolean[], upstream: string): string | null {
  const check = CHECKS[name];
  if (!check) return null;
  const at = check(argv, dynamic);
  if (at === undefined) return null;
  return `input read by ${upstream} becomes arguments of ${name} (${argv[at].split(XARGS_ITEM).join('{}')}): an input item such as ${EXAMPLES[name]} would change what ${name} does, and it is only known when it runs`;
}
