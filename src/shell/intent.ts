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
  | { kind: 'argv'; from: number; why: string };

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
