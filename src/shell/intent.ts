/**
 * Commands as meant. Some inputs do not run what they spell, only because of a slip: a whole command
 * quoted into one word (`'rm -rf /tmp/x'` looks for a program with that name), a word that is not a
 * valid assignment (`1A=2 git reset --hard` runs a program named `1A=2`), an -exec without its
 * terminator. The next attempt, with the slip fixed, is the real thing, so twokey judges what the input
 * means, and never more strictly than ask (SimpleCommand.asMeant). The same holds for a command handed
 * to a program twokey does not know, which may run its arguments or its stdin the way sudo or sh do.
 */
import type { Draft } from './analyze.js';
import { baseName, quoteForDisplay } from './text.js';

/** A program that prints, searches or describes its arguments and never runs them as a command. */
const NEVER_RUNS_ITS_ARGUMENTS = new Set([
  'echo', 'printf', 'print', 'say', 'cat', 'tac', 'less', 'more', 'head', 'tail', 'wc', 'sort', 'uniq', 'tr', 'cut', 'paste', 'tee',
  'grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'sed', 'jq', 'yq', 'column', 'fold', 'fmt', 'nl', 'od', 'xxd', 'hexdump', 'base64',
  'man', 'info', 'tldr', 'whatis', 'apropos', 'which', 'whereis', 'type', 'help', 'hash', 'history', 'complete', 'compgen',
  'alias', 'unalias', 'declare', 'typeset', 'local', 'export', 'readonly', 'unset', 'set', 'shopt', 'read', 'test', '[', '[[',
  'true', 'false', ':', 'cd', 'pushd', 'popd', 'ls', 'pwd', 'mkdir', 'touch', 'stat', 'file', 'basename', 'dirname', 'realpath',
  'readlink', 'date', 'sleep', 'wait', 'kill', 'pkill', 'killall', 'exit', 'return', 'break', 'continue', 'shift', 'trap',
  'diff', 'cmp', 'comm', 'patch', 'md5sum', 'sha1sum', 'sha256sum', 'shasum', 'cksum', 'notify-send', 'osascript', 'logger',
  'mail', 'mailx', 'sendmail', 'wall', 'write', 'banner', 'figlet', 'cowsay', 'lolcat', 'pbcopy', 'xclip', 'xsel', 'wl-copy',
]);

/** How the input asks for a program that cannot be what it meant. */
export type OddName =
  | { kind: 'source'; text: string; why: string }
  | { kind: 'argv'; from: number; why: string }
  | { kind: 'rewrite'; argv: string[]; why: string };

/** Dashes a word processor or a model puts where `-`/`--` belong: hyphen, non-breaking hyphen, minus; en and em dash. */
const ONE_DASH = /[\u2010\u2011\u2212]/g;
const LONG_DASH = /^[\u2013\u2014]/;
/** A subcommand or long flag typed with caps lock (`RESET`, `--HARD`); values such as `-XDELETE` or `HEAD` are not. */
const SHOUTED_SUBCOMMAND = /^[A-Z][A-Z]+$/;
const SHOUTED_FLAG = /^--[A-Z][A-Z-]+$/;
/** CLIs whose subcommands are lower-case words, so `RESET` can only be a slip (redis-cli FLUSHALL and http DELETE are not). */
const LOWER_CASE_SUBCOMMANDS = new Set(['git', 'gh', 'terraform', 'tofu', 'terragrunt', 'kubectl', 'helm', 'docker', 'podman', 'pulumi', 'aws', 'gcloud', 'gsutil', 'az', 'fly', 'flyctl', 'heroku', 'doctl', 'argocd']);

/**
 * Slips in the words after the program: a dash that is not ASCII (`git reset ‐‐hard`, `rm –rf /`: the program
 * sees a file name and refuses), a subcommand or flag in capitals (`git RESET --HARD`: git knows no RESET),
 * `command -v NAME ARGS` (looks NAME up; the ARGS say what was meant). The command with the slip fixed is
 * what the next attempt runs. Only for programs twokey has rules for.
 */
export function slippedCommand(d: Draft, isKnown: (name: string) => boolean): OddName | null {
  if (d.argv.length < 2 || d.dynamic[0] || !isKnown(programName(d.argv[0]))) return null;
  const program = programName(d.argv[0]);
  if (program === 'command') {
    let k = 1;
    let lookup = false;
    for (; k < d.argv.length && /^-[pvV]+$/.test(d.argv[k]); k++) if (/[vV]/.test(d.argv[k])) lookup = true;
    if (d.argv[k] === '--') k++;
    if (lookup && k + 1 < d.argv.length && !d.dynamic[k]) {
      return { kind: 'argv', from: k, why: `command -v only looks ${quoteForDisplay([d.argv[k]])} up; the words after it say what was meant` };
    }
    return null;
  }
  let changed = false;
  const argv = d.argv.map((w, k) => {
    if (k === 0 || d.dynamic[k]) return w;
    // an en/em dash stands for `--` before a long option (—auto-approve, –hard), for `-` before a cluster (–rf)
    let out = w.replace(LONG_DASH, () => (/^.[A-Za-z][\w-]{3,}/.test(w) ? '--' : '-')).replace(ONE_DASH, '-');
    if ((k === 1 && SHOUTED_SUBCOMMAND.test(out) && LOWER_CASE_SUBCOMMANDS.has(program)) || SHOUTED_FLAG.test(out)) out = out.toLowerCase();
    if (out !== w) changed = true;
    return out;
  });
  if (!changed) return null;
  return { kind: 'rewrite', argv, why: `${quoteForDisplay(d.argv.slice(0, 4))} has a word in capitals or a dash that is not ASCII, which the program would refuse; the command with it fixed is judged` };
}

/**
 * `'rm -rf x'` (a name with blanks that is not a path) and `1A=2 cmd` / `A-B=2 cmd` / `=2 cmd` (the
 * shell parses a valid NAME=value as an assignment, so a word like these is the program's name).
 */
export function oddCommandName(d: Draft): OddName | null {
  const name = d.argv[0];
  if (name === undefined || d.dynamic[0]) return null;
  // a path with blanks (`"/Applications/Google Chrome.app/…/Google Chrome"`) is a real program
  // only a name written that way in the input: a value expanded from a variable (`"$1"`) is data someone passed
  if (/\s/.test(name) && !/^[~.]?\//.test(name) && name.trim() !== '' && d.text.includes(name)) {
    const rest = d.argv.slice(1).map((w, k) => (d.dynamic[k + 1] ? w : quoteForDisplay([w]))).join(' ');
    return {
      kind: 'source',
      text: `${name}${rest ? ` ${rest}` : ''}`,
      why: `${JSON.stringify(shorten(name))} is quoted into one word, so bash looks for a program with that whole name; the command it spells is judged`,
    };
  }
  if (/^[^=/]*=/.test(name) && d.argv.length > 1 && !/^[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=/.test(name)) {
    return {
      kind: 'argv',
      from: 1,
      why: `${JSON.stringify(shorten(name))} is not a valid assignment, so bash would run a program of that name; the command after it is judged`,
    };
  }
  return null;
}

/** How far into an unknown program's arguments a carried command is looked for (its own options, a subcommand). */
const CARRIED_COMMAND_REACH = 6;

/**
 * `tool git reset --hard`, `rtk -- git reset --hard`, `w1 w2 rm -rf /`: a program twokey knows nothing
 * about, given a known command among its first arguments, may run it (as sudo, nohup, npx, uv run do, after
 * options or a subcommand of their own). Returns the index the carried command starts at. A carried command
 * only adds findings when it is itself destructive, and never more than ask.
 */
export function carriedCommandStart(d: Draft, isKnown: (name: string) => boolean): number | null {
  const carrier = programName(d.argv[0] ?? '');
  if (carrier === '' || NEVER_RUNS_ITS_ARGUMENTS.has(carrier) || isKnown(carrier)) return null;
  for (let k = 1; k < Math.min(d.argv.length, CARRIED_COMMAND_REACH + 1); k++) {
    const word = d.argv[k];
    if (d.dynamic[k] || word.startsWith('-') || /\s/.test(word)) continue;
    if (isKnown(programName(word))) return k;
  }
  return null;
}

/** A program twokey does not know reads a here-document or here-string: it may run it as a script. */
export function mayRunItsStdin(d: Draft, isKnown: (name: string) => boolean): boolean {
  const carrier = programName(d.argv[0] ?? '');
  return carrier !== '' && !NEVER_RUNS_ITS_ARGUMENTS.has(carrier) && !isKnown(carrier);
}

function programName(word: string): string {
  return baseName(word).replace(/\.exe$/i, '').toLowerCase();
}

function shorten(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
