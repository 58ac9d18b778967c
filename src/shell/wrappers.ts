import { posix } from 'node:path';
import type { StdinSource } from '../core/types.js';
import { Analyzer, VarMap, copyScope, fetchesRemoteCode, type Dispatcher, type Draft, type Frame, type Scope } from './analyze.js';
import { interpreterActions, interpreterCode, INTERPRETERS, type InterpreterAction } from './interpreters.js';
import { justRecipes, makeRecipes, packageScripts, projectBinaryIndex, PACKAGE_MANAGERS, type PackageScripts } from './scripts.js';
import { taskRecipes, type TaskRecipes } from './taskfile.js';
import { yaml } from '../core/yaml-lazy.js';
import { ANSIBLE_NO_RUN_OPTIONS, ansiblePlaybookOperands } from '../core/ansible.js';
import { powershellInput, translate as translatePowerShell } from './powershell.js';
import { baseName, decodeAnsiC, quoteForDisplay } from './text.js';
import { FIND_ONE_VALUE, FIND_TWO_VALUES, XARGS_ITEM, XARGS_PLACEHOLDER } from './inputs.js';
import { embeddedCode } from './hooks.js';

/**
 * Commands that run other commands. Each dispatcher finds the inner command (or the code/script it runs),
 * hands it back to the analyzer one level deeper, and returns true; false means "not a wrapper use":
 * the command is then recorded as it is.
 */

// -----------------------------------------------------------------------------------------------------
// Option scanning
// -----------------------------------------------------------------------------------------------------

interface OptionSpec {
  /** Short options that take a value (`-u USER`, `-uUSER`). */
  short?: string;
  /** Long options that take a value (`--user USER`, `--user=USER`). */
  long?: readonly string[];
  /** `-10` style numeric options (nice). */
  numeric?: boolean;
}

interface Scanned { index: number; options: Array<{ name: string; value?: string }> }

/** Skips the options of a wrapper starting at argv[start]; stops at `--` (skipped) or the first operand. */
function scanOptions(argv: string[], start: number, spec: OptionSpec): Scanned {
  const options: Scanned['options'] = [];
  let i = start;
  while (i < argv.length) {
    const w = argv[i];
    if (w === '--') return { index: i + 1, options };
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=');
      const name = eq >= 0 ? w.slice(0, eq) : w;
      if (eq >= 0) { options.push({ name, value: w.slice(eq + 1) }); i++; continue; }
      if (spec.long?.includes(name)) { options.push({ name, value: argv[i + 1] }); i += 2; continue; }
      options.push({ name }); i++; continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      if (spec.numeric && /^-\d+$/.test(w)) { options.push({ name: '-n', value: w.slice(1) }); i++; continue; }
      let consumedNext = false;
      for (let k = 1; k < w.length; k++) {
        const c = w[k];
        if (spec.short?.includes(c)) {
          const rest = w.slice(k + 1);
          if (rest) options.push({ name: `-${c}`, value: rest });
          else { options.push({ name: `-${c}`, value: argv[i + 1] }); consumedNext = true; }
          break;
        }
        options.push({ name: `-${c}` });
      }
      i += consumedNext ? 2 : 1;
      continue;
    }
    return { index: i, options };
  }
  return { index: i, options };
}

function has(s: Scanned, ...names: string[]): boolean {
  return s.options.some((o) => names.includes(o.name));
}

function sub(d: Draft, from: number, changes: Partial<Draft> = {}): Draft {
  return { ...d, argv: d.argv.slice(from), dynamic: d.dynamic.slice(from), ...changes };
}

/**
 * Runs argv[from..] as the inner command of wrapper `label`. False when nothing follows (the wrapper runs alone).
 * A suffix of argv (from >= 1) is shorter, so it does not count as a level of depth (Analyzer.besides).
 */
function unwrapAt(a: Analyzer, d: Draft, f: Frame, from: number, label: string, changes: Partial<Draft> = {}, frame: Partial<Frame> = {}): boolean {
  if (from >= d.argv.length) return false;
  const inner = from >= 1 ? a.besides(f, label, d.at, frame) : a.deeper(f, label, d.at, frame);
  if (!inner) return false;
  a.dispatch(sub(d, from, changes), inner);
  return true;
}

function assignmentsAt(d: Draft, from: number): { env: Record<string, string>; index: number } {
  const env: Record<string, string> = {};
  let i = from;
  for (; i < d.argv.length; i++) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(d.argv[i]);
    if (!m) break;
    env[m[1]] = m[2];
  }
  return { env, index: i };
}

// -----------------------------------------------------------------------------------------------------
// Plain wrappers: the inner command is a suffix of argv
// -----------------------------------------------------------------------------------------------------

const sudo: Dispatcher = (a, d, f) => {
  const s = scanOptions(d.argv, 1, {
    short: 'ugpCrthUDRT',
    long: ['--user', '--group', '--prompt', '--close-from', '--role', '--type', '--host', '--other-user', '--chdir', '--chroot', '--command-timeout'],
  });
  if (has(s, '-e', '--edit', '-l', '--list', '-v', '--validate', '-k', '-K', '--reset-timestamp', '--remove-timestamp', '-V', '--version', '-h', '--help') && s.index >= d.argv.length) return false;
  if (has(s, '-e', '--edit')) return false; // sudoedit: edits files, runs no command
  const { env, index } = assignmentsAt(d, s.index);
  if (index >= d.argv.length && has(s, '-i', '--login', '-s', '--shell')) return false;
  if (has(s, '-s', '--shell', '-i', '--login') && index < d.argv.length) {
    // sudo -s/-i CMD runs CMD through the shell's -c with every character but letters, digits, _, - and $
    // escaped: the words stay words (`sudo -i psql -c 'DROP DATABASE app'` runs psql with one SQL word). That
    // is the command judged; the words joined and parsed again (what an older sudo, or `$` in them, could
    // make of them) are judged as meant besides, when joining changes anything.
    const ran = unwrapAt(a, d, f, index, `${baseName(d.argv[0])} -s`, { env: { ...d.env, ...env } });
    const joined = d.argv.slice(index).join(' ');
    if (!f.asMeant && d.argv.slice(index).some((w) => /[\s;&|<>()`$'"\\*?]/.test(w))) {
      const meant = a.deeper(f, 'as meant', d.at, { asMeant: 'sudo -s/-i hands the words to a shell, which may read them again' });
      if (meant) a.walkSource(joined, { ...meant, env: { ...meant.env, ...env }, stdin: d.stdin, redirects: d.redirects }, 'the command of sudo -s, joined', d.at);
    }
    return ran;
  }
  return unwrapAt(a, d, f, index, baseName(d.argv[0]), { env: { ...d.env, ...env } }, inDirectory(a, d, f, s, ['-D', '--chdir'], s.index));
};

const doas: Dispatcher = (a, d, f) => {
  const s = scanOptions(d.argv, 1, { short: 'uC' });
  return unwrapAt(a, d, f, s.index, 'doas');
};

/**
 * Where env's own `-S`/`--split-string` stands, or -1. Only env's options are looked at: the scan stops at
 * `--` or the first word that is neither an option nor NAME=value, so the command's own flags (`curl -fsSL`,
 * `-XPOST`) are never mistaken for env's -S (which made the real command vanish).
 */
function envSplitIndex(argv: readonly string[]): number {
  for (let k = 1; k < argv.length; k++) {
    const w = argv[k];
    if (w === '--') return -1;
    if (w === '-S' || w === '--split-string' || w.startsWith('--split-string=')) return k;
    if (/^-[^-]/.test(w)) {
      // a cluster of flags; -S, -u, -C, -P take the rest of it (or the next word) as their value
      let takesNext = false;
      for (let c = 1; c < w.length; c++) {
        if (w[c] === 'S') return k;
        if ('uCP'.includes(w[c])) { takesNext = c === w.length - 1; break; }
      }
      if (takesNext) k++;
      continue;
    }
    if (w.startsWith('--')) {
      if (w === '--unset' || w === '--chdir') k++;
      continue;
    }
    if (w === '-' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) continue;
    return -1;
  }
  return -1;
}

const envCmd: Dispatcher = (a, d, f) => {
  // with -S the rest of argv follows the split string, options included: scan only up to it
  const splitAt = envSplitIndex(d.argv);
  // the split string is the next word after `-S`, `--split-string` or a cluster ending in S (`-iS STR`)
  const splitWord = d.argv[splitAt] ?? '';
  const valueIsNext = splitWord === '--split-string' || (!splitWord.startsWith('--') && splitWord.endsWith('S'));
  const scanned = splitAt > 0 ? d.argv.slice(0, splitAt + (valueIsNext ? 2 : 1)) : d.argv;
  const s = scanOptions(scanned, 1, {
    short: 'uCSP',
    long: ['--unset', '--chdir', '--split-string', '--block-signal', '--default-signal', '--ignore-signal'],
  });
  let base = { ...d.env };
  if (has(s, '-i', '--ignore-environment') || d.argv.slice(1, s.index).includes('-')) base = {};
  for (const o of s.options) if ((o.name === '-u' || o.name === '--unset') && o.value) delete base[o.value];
  let index = s.index;
  if (d.argv[index] === '-') { base = {}; index++; }
  const { env, index: after } = splitAt > 0 ? { env: {}, index: scanned.length } : assignmentsAt(d, index);
  const split = s.options.find((o) => o.name === '-S' || o.name === '--split-string');
  if (split?.value !== undefined) {
    // env -S "cmd args": the string is split into words (quotes honoured) and prepended
    const inner = a.deeper(f, 'env -S', d.at, inDirectory(a, d, f, s, ['-C', '--chdir'], s.index));
    if (!inner) return false;
    // known words are quoted back; unknown ones keep their expansion so that the reparse sees it
    const rest = d.argv.slice(after).map((w, k) => (d.dynamic[after + k] ? `"${w.replace(/["\\]/g, '\\$&')}"` : shellQuote(w))).join(' ');
    a.walkSource(`${split.value} ${rest}`, { ...inner, env: { ...inner.env, ...base, ...env }, stdin: d.stdin, redirects: d.redirects }, 'the string of env -S', d.at);
    return true;
  }
  return unwrapAt(a, d, f, after, 'env', { env: { ...base, ...env } }, inDirectory(a, d, f, s, ['-C', '--chdir'], s.index));
};

const commandBuiltin: Dispatcher = (a, d, f) => {
  const s = scanOptions(d.argv, 1, {});
  if (has(s, '-v', '-V')) return false; // only looks the command up
  return unwrapAt(a, d, f, s.index, baseName(d.argv[0]));
};

const builtin: Dispatcher = (a, d, f) => unwrapAt(a, d, f, d.argv[1] === '--' ? 2 : 1, 'builtin');

const exec: Dispatcher = (a, d, f) => {
  const s = scanOptions(d.argv, 1, { short: 'a' });
  return unwrapAt(a, d, f, s.index, 'exec');
};

const nohup: Dispatcher = (a, d, f) => unwrapAt(a, d, f, d.argv[1] === '--' ? 2 : 1, 'nohup');

const timeCmd: Dispatcher = (a, d, f) => {
  const s = scanOptions(d.argv, 1, { short: 'fo', long: ['--format', '--output'] });
  return unwrapAt(a, d, f, s.index, 'time');
};

const timeout: Dispatcher = (a, d, f) => {
  const s = scanOptions(d.argv, 1, { short: 'sk', long: ['--signal', '--kill-after'] });
  // the first operand is the DURATION
  return unwrapAt(a, d, f, s.index + 1, 'timeout');
};

const nice: Dispatcher = (a, d, f) => {
  const s = scanOptions(d.argv, 1, { short: 'n', long: ['--adjustment'], numeric: true });
  return unwrapAt(a, d, f, s.index, 'nice');
};

const ionice: Dispatcher = (a, d, f) => {
  const s = scanOptions(d.argv, 1, { short: 'cnp', long: ['--class', '--classdata', '--pid', '--pgid', '--uid'] });
  if (has(s, '-p', '--pid', '-P', '--pgid', '-u', '--uid')) return false; // changes other processes, runs nothing
  return unwrapAt(a, d, f, s.index, 'ionice');
};

const stdbuf: Dispatcher = (a, d, f) => {
  const s = scanOptions(d.argv, 1, { short: 'ioe', long: ['--input', '--output', '--error'] });
  return unwrapAt(a, d, f, s.index, 'stdbuf');
};

const chrootLike = (label: string, spec: OptionSpec, operands: number): Dispatcher => (a, d, f) => {
  const s = scanOptions(d.argv, 1, spec);
  return unwrapAt(a, d, f, s.index + operands, label);
};

const watch: Dispatcher = (a, d, f) => {
  const s = scanOptions(d.argv, 1, { short: 'nq', long: ['--interval', '--differences', '--equexit', '--chgexit'] });
  if (s.index >= d.argv.length) return false;
  if (has(s, '-x', '--exec')) return unwrapAt(a, d, f, s.index, 'watch');
  // without -x, watch joins its arguments and runs them with `sh -c`
  const inner = a.deeper(f, 'watch', d.at);
  if (!inner) return false;
  walkJoined(a, d.argv.slice(s.index), d.dynamic.slice(s.index), { ...inner, env: d.env, stdin: { kind: 'inherit' }, redirects: [] }, 'the command of watch', d.at);
  return true;
};

// -----------------------------------------------------------------------------------------------------
// xargs and find -exec
// -----------------------------------------------------------------------------------------------------

/** The literal text arriving on a command's stdin, when known. */
function stdinText(a: Analyzer, stdin: StdinSource, cwd: string): string | undefined {
  if (stdin.kind === 'heredoc' || stdin.kind === 'herestring') return stdin.text;
  if (stdin.kind === 'pipe') return stdin.text;
  if (stdin.kind === 'file') return a.readFile(posix.resolve(cwd, stdin.path)) ?? undefined;
  return undefined;
}

const MAX_XARGS_RUNS = 16;

interface XargsOptions { index: number; replace?: string; argFile?: string; delimiter?: string }

/** xargs options, GNU and BSD: value options, attached-only optional values (-i, -l, -e), flags. */
function xargsOptions(argv: string[]): XargsOptions {
  const out: XargsOptions = { index: argv.length };
  const withValue = 'adEILnPsJRS';
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--') { out.index = i + 1; return out; }
    if (w.startsWith('--')) {
      const [name, value] = w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w, undefined];
      if (name === '--replace') out.replace = value || '{}';
      else if (name === '--null') out.delimiter = '\0';
      else if (['--arg-file', '--delimiter', '--max-args', '--max-procs', '--max-chars', '--process-slot-var'].includes(name)) {
        const v = value ?? argv[++i];
        if (name === '--arg-file') out.argFile = v;
        if (name === '--delimiter') out.delimiter = v;
      }
      continue;
    }
    if (!w.startsWith('-') || w === '-') { out.index = i; return out; }
    for (let k = 1; k < w.length; k++) {
      const c = w[k];
      const rest = w.slice(k + 1);
      if (c === 'i') { out.replace = rest || '{}'; break; }
      if (c === 'l' || c === 'e') break;
      if (c === '0') { out.delimiter = '\0'; continue; }
      if (withValue.includes(c)) {
        const v = rest || argv[++i];
        if (c === 'I' || c === 'J') out.replace = v;
        if (c === 'a') out.argFile = v;
        if (c === 'd') out.delimiter = v;
        break;
      }
    }
  }
  return out;
}

/** Wrappers that run the command named by their first operand: with nothing after them, xargs supplies it. */
const RUNS_NEXT_WORD: Record<string, RegExp> = {
  env: /^(?:-[iv0]+|--ignore-environment|--null|--debug|-[uCS]|--unset|--chdir|--split-string|-[uCS].+|--(?:unset|chdir|split-string)=.*|[A-Za-z_][A-Za-z0-9_]*=.*)$/,
  sudo: /^-[A-Za-z]*$|^--[a-z-]+(?:=.*)?$/, doas: /^-[A-Za-z]*$/, nohup: /^$/, time: /^-[pv]$/, command: /^-p$/, exec: /^-[cl]$/,
  nice: /^-n$|^-\d+$|^--adjustment=.*$/, setsid: /^-[cfw]+$/, stdbuf: /^-[ioe].*$/,
};

/**
 * `xargs env --`, `xargs sudo`, `xargs bash -c`, `xargs python -c`: the input becomes the program or the
 * code that runs, not just operands. What that input will hold when it really runs (file names, API
 * output) is rarely what a literal in the command shows, so this is asked even when the input is known.
 */
function inputBecomesCode(words: string[], slot?: string): string | null {
  // with a replacement string (xargs -I{}, parallel {}), a word that is only the slot is the input itself:
  // `xargs -I{} bash -c {}` is `xargs bash -c` with the code given in place
  const at = slot === undefined ? -1 : words.indexOf(slot);
  if (slot !== undefined && at < 0) return null;
  const argv = at >= 0 ? words.slice(0, at) : words;
  if (at === 0) return 'the program to run is the input itself';
  let k = 0;
  while (k < argv.length) {
    const name = baseName(argv[k]);
    const opts = RUNS_NEXT_WORD[name];
    if (!opts) break;
    k++;
    // options whose value is the next word: env -u/-C/-S (and long forms), nice -n
    while (k < argv.length && argv[k] !== '--' && opts.test(argv[k])) k += /^-[uCSn]$|^--(?:unset|chdir|split-string)$/.test(argv[k]) ? 2 : 1;
    if (argv[k] === '--') k++;
    if (k >= argv.length) return `${argv.slice(0, k).join(' ') || name} runs whatever program its input names`;
  }
  const name = baseName(argv[k] ?? '');
  const rest = argv.slice(k + 1);
  if (SHELLS.includes(name)) {
    const c = rest.findIndex((w) => /^-[a-z]*c[a-z]*$/.test(w));
    if (c >= 0 && c === rest.length - 1) return `${name} -c runs its input as shell code`;
  }
  const family = interpreterFamily(name);
  if (family) {
    const flags = INTERPRETERS[family].codeFlags;
    const c = rest.findIndex((w) => flags.includes(w));
    if (c >= 0 && c === rest.length - 1) return `${name} ${rest[c]} runs its input as ${family} code`;
  }
  return null;
}

const xargs: Dispatcher = (a, d, f) => {
  const o = xargsOptions(d.argv);
  const index = o.index;
  const replace = o.replace;
  const command = index < d.argv.length ? sub(d, index) : { ...d, argv: ['echo'], dynamic: [false] };
  const inner = a.deeper(f, 'xargs', d.at, {});
  a.emit(d, f);
  if (!inner) return true;
  const becomesCode = inputBecomesCode(command.argv, replace);
  if (becomesCode) a.issue('dynamic-command', `xargs hands its input to ${command.argv.join(' ')}: ${becomesCode}, so the input decides what runs`, inner, d.at);
  const argFile = o.argFile;
  const input = argFile ? a.readFile(posix.resolve(f.scope.cwd, argFile)) ?? undefined : stdinText(a, d.stdin, f.scope.cwd);
  const delimiter = o.delimiter;
  const base: Draft = { ...command, stdin: { kind: 'inherit' }, redirects: [] };
  if (input === undefined) {
    if (replace !== undefined) {
      // each input item replaces R: an unknown value, written as a variable so that a shell string
      // holding it (`sh -c "rm %"`) still shows an expansion when parsed again
      a.dispatch({
        ...base,
        argv: base.argv.map((w) => w.split(replace).join(XARGS_ITEM)),
        dynamic: base.argv.map((w, i) => base.dynamic[i] || w.includes(replace)),
      }, inner);
    } else {
      a.dispatch({ ...base, argv: [...base.argv, XARGS_PLACEHOLDER], dynamic: [...base.dynamic, true] }, inner);
    }
    return true;
  }
  const items = replace !== undefined
    ? input.split(delimiter ?? '\n').map((l) => l.trim()).filter(Boolean)
    : delimiter !== undefined ? input.split(delimiter).filter((x) => x !== '') : input.split(/[ \t\n]+/).filter(Boolean);
  if (replace !== undefined) {
    for (const item of items.slice(0, MAX_XARGS_RUNS)) {
      a.dispatch({ ...base, argv: base.argv.map((w) => w.split(replace).join(item)) }, inner);
    }
    return true;
  }
  a.dispatch({ ...base, argv: [...base.argv, ...items.map(unquoteXargs)], dynamic: [...base.dynamic, ...items.map(() => false)] }, inner);
  return true;
};

function unquoteXargs(item: string): string {
  return item.replace(/^(['"])([\s\S]*)\1$/, '$2');
}

const find: Dispatcher = (a, d, f) => {
  a.emit(d, f);
  for (let i = 1; i < d.argv.length; i++) {
    const action = d.argv[i];
    if (FIND_TWO_VALUES.has(action)) { i += 2; continue; }
    if (FIND_ONE_VALUE.has(action)) { i += 1; continue; }
    if (!['-exec', '-execdir', '-ok', '-okdir'].includes(action)) continue;
    let end = i + 1;
    while (end < d.argv.length && d.argv[end] !== ';' && d.argv[end] !== '+') end++;
    const argv = d.argv.slice(i + 1, end);
    if (argv.length) {
      // -execdir/-okdir run the command from the directory of each file found: its relative paths name
      // something in every directory under the roots, not in the working directory
      const visits = action === '-execdir' || action === '-okdir' ? { scope: { ...copyScope(f.scope), cwdUnknown: true } } : {};
      const inner = a.deeper(f, `find ${action}`, d.at, visits);
      if (inner) {
        a.dispatch({
          ...d,
          argv,
          dynamic: argv.map((w, k) => d.dynamic[i + 1 + k] || w.includes('{}')),
          stdin: { kind: 'inherit' },
          redirects: [],
        }, inner);
      }
    }
    i = end;
  }
  return true;
};

// -----------------------------------------------------------------------------------------------------
// Remote and container exec
// -----------------------------------------------------------------------------------------------------

const ssh: Dispatcher = (a, d, f) => {
  const s = scanOptions(d.argv, 1, { short: 'bcDEeFIiJLlmOopQRSWwB' });
  a.emit(d, f);
  const host = d.argv[s.index];
  if (host === undefined) return true;
  const remote = d.argv.slice(s.index + 1);
  const inner = a.deeper(f, `ssh ${host}`, d.at, { scope: copyScope(f.scope) });
  if (!inner) return true;
  if (remote.length) {
    walkJoined(a, remote, d.dynamic.slice(s.index + 1), { ...inner, env: {}, stdin: d.stdin, redirects: [] }, `the remote command of ssh ${host}`, d.at);
  } else {
    const text = d.stdin.kind === 'heredoc' || d.stdin.kind === 'herestring' || d.stdin.kind === 'pipe' ? d.stdin.text : undefined;
    if (text !== undefined) a.walkSource(text, { ...inner, env: {}, stdin: { kind: 'inherit' }, redirects: [] }, `the script fed to ssh ${host}`, d.at);
  }
  return true;
};

const DOCKER_EXEC_VALUES = ['-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--detach-keys'];
const DOCKER_RUN_VALUES = [
  ...DOCKER_EXEC_VALUES, '-v', '--volume', '-p', '--publish', '--name', '--network', '--net', '--entrypoint', '--mount',
  '-l', '--label', '--cpus', '-m', '--memory', '--platform', '--restart', '-h', '--hostname', '--add-host', '--device',
  '--gpus', '--log-driver', '--log-opt', '--cap-add', '--cap-drop', '--security-opt', '--tmpfs', '--ulimit', '--pull',
  '--runtime', '--shm-size', '--stop-signal', '--pid', '--ipc', '--cidfile', '--dns', '--expose', '--link', '--group-add',
  '--health-cmd', '--userns', '--uts', '--volumes-from', '-a', '--attach', '--cgroupns', '--memory-swap', '--stop-timeout',
];

function containerSubcommand(d: Draft): { verb: string; at: number } | null {
  let i = 1;
  // global options such as --context X, -H host, --host=...
  while (i < d.argv.length && d.argv[i].startsWith('-')) {
    if (['--context', '-c', '-H', '--host', '--config', '--log-level', '--url', '--connection'].includes(d.argv[i])) i++;
    i++;
  }
  let verb = d.argv[i];
  if (verb === 'container') { i++; verb = d.argv[i]; }
  if (verb === 'compose') {
    i++;
    while (i < d.argv.length && d.argv[i].startsWith('-')) { if (['-f', '--file', '-p', '--project-name', '--env-file', '--profile', '--project-directory'].includes(d.argv[i])) i++; i++; }
    verb = d.argv[i] === 'exec' ? 'compose exec' : d.argv[i] === 'run' ? 'compose run' : `compose ${d.argv[i] ?? ''}`;
  }
  return verb ? { verb, at: i + 1 } : null;
}

const docker: Dispatcher = (a, d, f) => {
  const sc = containerSubcommand(d);
  if (!sc || !['exec', 'run', 'compose exec', 'compose run'].includes(sc.verb)) return false;
  a.emit(d, f);
  const values = sc.verb.endsWith('exec') ? DOCKER_EXEC_VALUES : DOCKER_RUN_VALUES;
  let i = sc.at;
  while (i < d.argv.length && d.argv[i].startsWith('-') && d.argv[i] !== '--') {
    if (values.includes(d.argv[i])) i++;
    i++;
  }
  if (d.argv[i] === '--') i++;
  const target = d.argv[i];
  if (target === undefined) return true;
  unwrapAt(a, d, f, i + 1, `${d.argv[0] === 'podman' ? 'podman' : baseName(d.argv[0])} ${sc.verb} ${target}`, { env: {}, redirects: [] }, { scope: copyScope(f.scope) });
  return true;
};

const kubectl: Dispatcher = (a, d, f) => {
  const verbIndex = d.argv.findIndex((w, i) => i > 0 && !w.startsWith('-') && !['-n', '--namespace', '--context', '--kubeconfig', '--cluster'].includes(d.argv[i - 1]));
  if (verbIndex < 0) return false;
  // kubectl run NAME --image=I [--rm -it] -- CMD ARGS (or --command -- CMD): the command runs in a new pod
  if (d.argv[verbIndex] === 'run' || d.argv[verbIndex] === 'debug') {
    const runDash = d.argv.indexOf('--', verbIndex);
    if (runDash < 0) return false;
    a.emit(d, f);
    unwrapAt(a, d, f, runDash + 1, `${baseName(d.argv[0])} ${d.argv[verbIndex]} ${d.argv[verbIndex + 1] ?? ''}`.trim(), { env: {}, redirects: [] }, { scope: copyScope(f.scope) });
    return true;
  }
  if (d.argv[verbIndex] !== 'exec') return false;
  a.emit(d, f);
  const dash = d.argv.indexOf('--', verbIndex);
  let from: number;
  let pod: string | undefined;
  if (dash >= 0) {
    from = dash + 1;
    pod = d.argv.slice(verbIndex + 1, dash).find((w, k, arr) => !w.startsWith('-') && !['-c', '--container', '-n', '--namespace', '--context', '-f', '--filename', '--kubeconfig', '--pod-running-timeout'].includes(arr[k - 1] ?? ''));
  } else {
    const s = scanOptions(d.argv, verbIndex + 1, { short: 'cnf', long: ['--container', '--namespace', '--context', '--filename', '--kubeconfig', '--pod-running-timeout', '--cluster'] });
    pod = d.argv[s.index];
    from = s.index + 1;
  }
  unwrapAt(a, d, f, from, `${baseName(d.argv[0])} exec ${pod ?? ''}`.trim(), { env: {}, redirects: [] }, { scope: copyScope(f.scope) });
  return true;
};

// -----------------------------------------------------------------------------------------------------
// Shells, eval, source, scripts
// -----------------------------------------------------------------------------------------------------

const REMOTE_FETCHERS = new Set(['curl', 'wget', 'fetch', 'http', 'https', 'aria2c', 'lynx', 'nc', 'ncat']);

/** Shell code arriving on stdin: parse it when literal, otherwise say what we could not see. */
function shellFromStdin(a: Analyzer, d: Draft, f: Frame, label: string): void {
  const inner = a.deeper(f, label, d.at, { scope: copyScope(f.scope), stdin: { kind: 'inherit' }, redirects: [] });
  if (!inner) return;
  const s = d.stdin;
  if (s.kind === 'heredoc' || s.kind === 'herestring') { a.walkSource(s.text, inner, `the script fed to ${label}`, d.at); return; }
  if (s.kind === 'file') {
    // `bash < script.sh`; `bash < <(…)` (a process substitution: its output is the script); /dev/null is empty
    if (s.path === '/dev/null') return;
    if (!runScriptFile(a, s.path, false, d, f, label)) a.issue('opaque-interpreter', `${label} runs the script on its stdin (${s.path}), which could not be read here`, f, d.at);
    return;
  }
  if (s.kind === 'pipe') {
    if (s.text !== undefined) { a.walkSource(s.text, inner, `the script piped into ${label}`, d.at); return; }
    const fetcher = s.from.find((c) => REMOTE_FETCHERS.has(c.name));
    if (fetcher) {
      a.issue('remote-fetch-exec', `${fetcher.name} output is executed by ${label}: code fetched from the network, unknown until it runs`, f, d.at);
    } else {
      a.issue('opaque-interpreter', s.from.length
        ? `${label} runs code produced by \`${s.from.map((c) => c.name).join(' | ')}\`, unknown until it runs`
        : `${label} runs whatever the command around its >( ) writes to it, unknown until it runs`, f, d.at);
    }
  }
}

// csh/tcsh/yash/posh… take -c like sh; nu, xonsh and elvish too, with a syntax of their own (text the bash
// parser cannot read is a parse error: ask)
const SHELLS = ['bash', 'sh', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'fish', 'busybox', 'rbash', 'csh', 'tcsh', 'yash', 'posh', 'oksh', 'loksh', 'ksh93', 'pdksh', 'hush', 'nu', 'xonsh', 'elvish'];

const shell: Dispatcher = (a, d, f) => {
  let argv = d.argv;
  let dyn = d.dynamic;
  if (baseName(argv[0]) === 'busybox') {
    // busybox APPLET ARGS runs the applet
    if (!['sh', 'ash', 'bash', 'hush'].includes(argv[1] ?? '')) return unwrapAt(a, d, f, 1, 'busybox');
    argv = argv.slice(1); dyn = dyn.slice(1);
  }
  const name = baseName(argv[0]);
  let i = 1;
  let commandMode = false;
  let stdinMode = false;
  let interactive = false;
  let noExec = false;
  const startupFiles: Array<{ path: string; dynamic: boolean; via: string }> = [];
  while (i < argv.length) {
    const w = argv[i];
    if (w === '--' || w === '-') { i++; break; }
    if (w.startsWith('--')) {
      if (w === '--rcfile' || w === '--init-file') { startupFiles.push({ path: argv[i + 1] ?? '', dynamic: dyn[i + 1] ?? false, via: w }); i += 2; continue; }
      if (w === '--command') commandMode = true;
      if (w === '--version' || w === '--help' || w === '--noexec') noExec = true;
      if (w === '--interactive') interactive = true;
      i++;
      continue;
    }
    if (/^[-+][A-Za-z]+$/.test(w)) {
      // a cluster such as -lc, -ec, -xo pipefail, -Oextglob: o/O take the rest of the cluster or the next word
      let k = 1;
      let tookNext = false;
      for (; k < w.length; k++) {
        const c = w[k];
        if (c === 'o' || c === 'O') { if (k === w.length - 1) tookNext = true; break; }
        if (c === 'c' && w[0] === '-') commandMode = true;
        if (c === 's' && w[0] === '-') stdinMode = true;
        if (c === 'i' && w[0] === '-') interactive = true;
        if (c === 'n' && w[0] === '-') noExec = true;
      }
      i += tookNext ? 2 : 1;
      continue;
    }
    break;
  }
  // startup files run before the command: BASH_ENV (non-interactive bash), ENV (interactive sh/ksh), --rcfile
  if (d.env.BASH_ENV !== undefined && name === 'bash' && !interactive) startupFiles.push({ path: d.env.BASH_ENV, dynamic: /[$`]/.test(d.env.BASH_ENV), via: 'BASH_ENV' });
  if (d.env.ENV !== undefined && interactive && name !== 'bash') startupFiles.push({ path: d.env.ENV, dynamic: /[$`]/.test(d.env.ENV), via: 'ENV' });
  if (noExec) return false; // syntax check or version query: runs nothing
  // --rcfile/--init-file are read by interactive shells only (`bash --rcfile F -c CMD` never reads F)
  if (!interactive) startupFiles.splice(0, startupFiles.length, ...startupFiles.filter((s) => s.via !== '--rcfile' && s.via !== '--init-file'));
  for (const s of startupFiles) {
    if (!s.path) continue; // an empty BASH_ENV/ENV names no file
    if (s.dynamic) a.issue('dynamic-command', `${name} first runs a startup file (${s.via}) whose path is only known when it runs (${s.path})`, f, d.at);
    else if (!runScriptFile(a, s.path, false, { ...d, argv: [s.path], dynamic: [false] }, f, `${name} ${s.via}`)) {
      // set on this very command line, yet not readable here: code that runs first and cannot be seen
      a.issue('unreadable-script', `${name} first runs the startup file ${s.path} (${s.via}), which could not be read; what it runs is unknown`, f, d.at);
    }
  }
  const label = commandMode ? `${name} -c` : name;
  if (commandMode) {
    if (i >= argv.length) return false;
    const scope = copyScope(f.scope);
    scope.positional = dyn.slice(i + 2).some(Boolean) ? undefined : argv.slice(i + 2);
    // `bash -c CODE NAME ARGS`: NAME is $0
    if (argv[i + 1] !== undefined && !dyn[i + 1]) scope.arg0 = argv[i + 1];
    else delete scope.arg0;
    const inner = a.deeper(f, label, d.at, { scope, env: d.env, stdin: d.stdin, redirects: d.redirects });
    if (!inner) return false;
    if (dyn[i] && isInputItem(argv[i])) {
      // xargs -I{} / find -exec / parallel put each input item into the shell string itself: a file named
      // `$(rm -rf ~)` would run as code. Literal, known input is substituted before this point instead.
      a.issue('dynamic-command', `${label} runs a shell string into which its input is pasted (${argv[i].split(XARGS_ITEM).join('{}')}): an input item such as a file name becomes shell code; pass it as an argument instead (sh -c '… "$1"' _ {})`, f, d.at);
    } else if (dyn[i] && (!/[$`]/.test(argv[i]) || /\$\{?[*@#\d]/.test(argv[i]))) {
      // code that comes from input (xargs, find {}): reparsing the placeholder would show nothing; and an
      // unknown `$*`/`$1` of the outer shell would be read again as the inner shell's (empty) parameters
      a.issue('dynamic-command', `${label} runs shell code that is only known when it runs (${argv[i]})`, f, d.at);
    }
    a.walkSource(argv[i], inner, `the command of ${label}`, d.at);
    return true;
  }
  a.emit(d, f);
  if (stdinMode || i >= argv.length) { shellFromStdin(a, d, f, name); return true; }
  if (dyn[i] && fetchesRemoteCode(argv[i])) a.issue('remote-fetch-exec', `${name} runs a script downloaded from the network (${argv[i]})`, f, d.at);
  if (dyn[i]) { a.issue('dynamic-command', `${name} runs a script whose path (${argv[i]}) is only known when it runs`, f, d.at); return true; }
  runScriptFile(a, argv[i], false, { ...d, argv: argv.slice(i), dynamic: dyn.slice(i) }, f, `${name} ${argv[i]}`);
  return true;
};

/** Reads a script from the working directory and analyses it (shell, or an interpreter by its #! line). */
function runScriptFile(a: Analyzer, path: string, sameScope: boolean, d: Draft, f: Frame, label: string): boolean {
  const abs = posix.resolve(f.scope.cwd, path);
  // `bash /dev/stdin <<< CODE`, `source /dev/fd/0`: the script is the command's stdin
  if (abs === '/dev/stdin' || abs === '/dev/fd/0' || abs === '/proc/self/fd/0') { shellFromStdin(a, d, f, label); return true; }
  const text = a.readFile(abs);
  if (text === null || text.includes('\0')) return false;
  const scope = sameScope ? f.scope : { ...copyScope(f.scope), vars: new VarMap() };
  // the script's $1... are the words after its path in `d` (d.argv[0] is the script)
  if (!sameScope || d.argv.length > 1) scope.positional = d.dynamic.slice(1).some(Boolean) ? undefined : d.argv.slice(1);
  const inner = a.deeper(f, label, d.at, {
    scope,
    origin: { file: path },
    stdin: d.stdin,
    redirects: d.redirects,
    env: d.env,
  });
  if (!inner) return true;
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
  const interp = shebang ? baseName(shebang[1] === '/usr/bin/env' || baseName(shebang[1]) === 'env' ? shebang[2] ?? '' : shebang[1]) : '';
  const family = interpreterFamily(interp);
  if (family) {
    runInterpreterActions(a, interpreterActions(family, text), inner, d, `${label}`);
    return true;
  }
  a.walkSource(text, inner, path, d.at);
  return true;
}

const scriptPath: Dispatcher = (a, d, f) => {
  const word = d.argv[0];
  const abs = posix.resolve(f.scope.cwd, word);
  // only scripts of the project: relative paths, or absolute paths inside the working directory
  if (word.startsWith('/') && !abs.startsWith(`${f.scope.cwd.replace(/\/$/, '')}/`)) return false;
  a.emit(d, f);
  runScriptFile(a, word, false, d, f, word);
  return true;
};

const source: Dispatcher = (a, d, f) => {
  // bash 5.3: source -p PATH FILE (FILE is looked up in PATH: which file runs depends on it)
  if (d.argv[1] === '-p' && d.dynamic[2]) a.issue('dynamic-command', `${d.argv[0]} -p looks ${d.argv[3] ?? 'the file'} up in a path only known when it runs (${d.argv[2]})`, f, d.at);
  if (d.argv[1] === '-p') return source(a, { ...d, argv: [d.argv[0], ...d.argv.slice(3)], dynamic: [d.dynamic[0], ...d.dynamic.slice(3)] }, f) || (a.emit(d, f), true);
  if (d.argv[1] === '--') return source(a, { ...d, argv: [d.argv[0], ...d.argv.slice(2)], dynamic: [d.dynamic[0], ...d.dynamic.slice(2)] }, f) || (a.emit(d, f), true);
  if (d.argv.length < 2) return false;
  if (d.dynamic[1] && SHELL_SETUP_GENERATORS.test(d.argv[1].trim())) return false;
  if (d.dynamic[1] && fetchesRemoteCode(d.argv[1])) a.issue('remote-fetch-exec', `${d.argv[0]} runs code downloaded from the network (${d.argv[1]})`, f, d.at);
  if (d.dynamic[1]) { a.issue('dynamic-command', `${d.argv[0]} reads a script whose path (${d.argv[1]}) is only known when it runs`, f, d.at); return false; }
  a.emit(d, f);
  runScriptFile(a, d.argv[1], true, sub(d, 1), f, `${d.argv[0]} ${d.argv[1]}`);
  return true;
};

/**
 * Tools whose output is meant for `eval` and only sets up the shell (PATH, completions, agents):
 * `eval "$(ssh-agent -s)"`, `eval "$(brew shellenv)"`. Their own command is analysed as usual.
 */
const SHELL_SETUP_GENERATORS = /^[$<]\(\s*(?:\S*\/)?(?:ssh-agent(?:\s+-[sc])?|direnv\s+hook\s+\w+|brew\s+shellenv|(?:pyenv|rbenv|nodenv|goenv|jenv|plenv)\s+init\s+-(?:\s+\w+)?|(?:pyenv)\s+virtualenv-init\s+-|zoxide\s+init\s+\w+|starship\s+init\s+\w+|(?:mise|rtx)\s+activate\s+\w+|fnm\s+env(?:\s+--[\w-]+)*|opam\s+env|thefuck\s+--alias|conda\s+shell\.\w+\s+hook|gh\s+completion\s+-s\s+\w+|kubectl\s+completion\s+\w+|dircolors(?:\s+-b)?|keychain\s+--eval[\w\s-]*)\s*\)$/;

const evalCmd: Dispatcher = (a, d, f) => {
  if (d.argv.length < 2) return false;
  if (d.argv.length === 2 && d.dynamic[1] && SHELL_SETUP_GENERATORS.test(d.argv[1].trim())) return true;
  const inner = a.deeper(f, 'eval', d.at, { stdin: d.stdin, redirects: d.redirects });
  if (!inner) return false;
  const item = d.argv.findIndex((w, k) => k > 0 && d.dynamic[k] && (w.includes(XARGS_ITEM) || w.includes(XARGS_PLACEHOLDER)));
  if (item > 0) a.issue('dynamic-command', `eval runs its input (${d.argv[item].split(XARGS_ITEM).join('{}')}) as shell code: an input item such as a file name becomes a command`, f, d.at);
  a.walkSource(d.argv.slice(1).join(' '), inner, 'the string given to eval', d.at);
  return true;
};

/** The directory a `cd`-like word names from `scope`, or null when it is only known at run time. */
function directoryNamed(a: Analyzer, scope: Scope, target: string, dynamic: boolean): string | null {
  const home = a.opts.env?.HOME;
  if (dynamic || target === '-' || /^[+-]\d+$/.test(target)) return null;
  if (target === '~' || target.startsWith('~/')) return home ? posix.resolve(home, target.slice(2)) : null;
  if (target.startsWith('~')) return null;
  return scope.cwdUnknown && !target.startsWith('/') ? null : posix.resolve(scope.cwd, target);
}

/**
 * The frame change for a wrapper that runs its command in another directory (`env -C DIR`, `sudo -D DIR`):
 * the inner command's relative paths are judged from DIR, or as unknown when DIR is only known at run time.
 */
function inDirectory(a: Analyzer, d: Draft, f: Frame, s: Scanned, names: string[], end: number): Partial<Frame> {
  const option = [...s.options].reverse().find((o) => names.includes(o.name));
  if (!option) return {};
  const value = option.value ?? '';
  const dynamic = d.argv.slice(1, end).some((w, k) => d.dynamic[k + 1] && w.includes(value));
  const dir = value === '' ? null : directoryNamed(a, f.scope, value, dynamic);
  const scope = copyScope(f.scope);
  if (dir === null) scope.cwdUnknown = true;
  else { scope.cwd = dir; scope.cwdUnknown = false; }
  return { scope };
}

/**
 * cd / pushd / popd: later commands of the same input run in the new directory when its name is literal;
 * after a target only known at run time (`cd "$X"`, `cd -`) the directory is unknown (SimpleCommand.cwd unset).
 */
const cd: Dispatcher = (a, d, f) => {
  const verb = baseName(d.argv[0]);
  const scope = f.scope;
  let k = 1;
  while (k < d.argv.length && /^-[LPe@]+$/.test(d.argv[k])) k++;
  if (d.argv[k] === '--') k++;
  const moveTo = (dir: string | null): void => {
    // past PATH_MAX the name is no longer a directory anyone can use (and `cd a; cd a; ...` would grow forever)
    if (dir === null || dir.length > 4096) { scope.cwdUnknown = true; return; }
    scope.cwd = dir;
    scope.cwdUnknown = false;
  };
  if (verb === 'popd') {
    const top = scope.dirStack?.pop();
    moveTo(d.argv.length > 1 || top === undefined ? null : top);
    return false;
  }
  const target = d.argv[k];
  const dir = target === undefined ? (verb === 'pushd' ? null : a.opts.env?.HOME ?? null) : directoryNamed(a, scope, target, d.dynamic[k]);
  if (verb === 'pushd') {
    if (scope.cwdUnknown) scope.dirStack = undefined;
    else (scope.dirStack ??= []).push(scope.cwd);
  }
  moveTo(dir);
  return false;
};

// -----------------------------------------------------------------------------------------------------
// Interpreters
// -----------------------------------------------------------------------------------------------------

/** Each interpreter command (`python3`, `nodejs`, `deno`, `tsx`) -> its family. */
const INTERPRETER_OF = new Map(Object.entries(INTERPRETERS).flatMap(([family, spec]) => spec.commands.map((c) => [c, family] as const)));

function interpreterFamily(name: string): string | undefined {
  // versioned names (python3.12, lua5.4, pypy3) belong to the family of the bare command
  return INTERPRETER_OF.get(name) ?? INTERPRETER_OF.get(name.replace(/[\d.]+$/, ''));
}

function runInterpreterActions(a: Analyzer, actions: InterpreterAction[], inner: Frame, d: Draft, label: string): void {
  for (const act of actions) {
    if (act.kind === 'shell') a.walkSource(act.code, { ...inner, stdin: { kind: 'inherit' }, redirects: [] }, `the shell command in ${label}`, d.at);
    else if (act.kind === 'argv') {
      // an argument the code computes (`shutil.rmtree(d)`, `'.g' + x`) is known only when it runs: written as a
      // substitution, so the path rules see an unknown value rather than a file named `d`
      const argv = act.argv.map((w, k) => (k > 0 && act.dynamic[k] && !/[$`]/.test(w) ? `$(${w})` : w));
      a.dispatch({ ...d, argv, dynamic: act.dynamic, stdin: { kind: 'inherit' }, redirects: [], text: act.text }, inner);
    }
    else a.issue('opaque-interpreter', `${label} runs a command built at run time (${act.text}); it could not be read`, inner, d.at);
  }
}

const interpreter: Dispatcher = (a, d, f) => {
  const family = interpreterFamily(baseName(d.argv[0]));
  if (!family) return false;
  const input = interpreterCode(family, d.argv);
  const name = baseName(d.argv[0]);
  a.emit(d, f);
  if (input.kind === 'none') return true;
  // code, a script or a module taken from command input (xargs, parallel, find {}): whatever the input says runs.
  // (Code in a variable, `python -c "$CODE"`, is the user's own and not a finding by itself.)
  const codeWords = [input.kind === 'code' || input.kind === 'script' ? input.at : -1, ...loaderValueIndexes(d.argv)];
  const fromInput = codeWords.find((k) => k > 0 && d.dynamic[k] && isInputItem(d.argv[k]));
  if (fromInput !== undefined) {
    a.issue('opaque-interpreter', `${name} runs code taken from its input (${d.argv[fromInput]}), unknown until it runs`, f, d.at);
    if (input.kind !== 'code') return true;
  }
  let code: string | undefined;
  let label: string;
  // python3 -c "$(curl -s URL)": the code is downloaded
  if (input.kind === 'code' && d.dynamic[input.at] && fetchesRemoteCode(input.code)) {
    a.issue('remote-fetch-exec', `${name} ${input.flag} runs code downloaded from the network (${input.code})`, f, d.at);
    return true;
  }
  if (input.kind === 'code') {
    code = input.code;
    label = `${name} ${input.flag}`;
    // python -c "$CODE", node -e "$JS": code only known when it runs, like bash -c "$CMD"
    if (d.dynamic[input.at] && /^"?\$\{?[A-Za-z_][A-Za-z0-9_]*\}?"?$/.test(code.trim())) {
      a.issue('opaque-interpreter', `${label} runs code held in a variable (${code}), unknown until it runs`, f, d.at);
      return true;
    }
  } else if (input.kind === 'script') {
    const script = d.argv[input.at];
    // python -m pkg.tool: the module's file in the project (pkg/tool.py or pkg/tool/__main__.py)
    if (family === 'python' && d.argv[input.at - 1] === '-m' && script !== undefined && /^[A-Za-z_][\w.]*$/.test(script)) {
      const base = script.replace(/\./g, '/');
      for (const candidate of [`${base}.py`, `${base}/__main__.py`]) if (runInterpreterScript(a, family, candidate, d, f)) return true;
      return true;
    }
    // python3 <(curl -s URL), node <(wget -qO- URL): the program is downloaded
    if (script !== undefined && d.dynamic[input.at] && fetchesRemoteCode(script)) {
      a.issue('remote-fetch-exec', `${name} runs a program downloaded from the network (${script})`, f, d.at);
      return true;
    }
    if (script !== undefined && (script.includes('/') || /\.(?:py|js|mjs|cjs|ts|pl|rb|php)$/.test(script))) {
      return runInterpreterScript(a, family, script, d, f) || true;
    }
    return true;
  } else {
    const s = d.stdin;
    code = s.kind === 'heredoc' || s.kind === 'herestring' ? s.text : s.kind === 'pipe' ? s.text : undefined;
    // python3 < tool.py: the program is the file
    if (s.kind === 'file') {
      code = a.readFile(posix.resolve(f.scope.cwd, s.path)) ?? undefined;
      if (code === undefined) a.issue('opaque-interpreter', `${name} runs the program on its stdin (${s.path}), which could not be read here`, f, d.at);
    }
    // curl -s URL | python3: the program arrives from the network
    const fetcher = s.kind === 'pipe' && code === undefined ? s.from.find((c) => REMOTE_FETCHERS.has(c.name)) : undefined;
    if (fetcher) a.issue('remote-fetch-exec', `${fetcher.name} output is run by ${name}: code fetched from the network, unknown until it runs`, f, d.at);
    if (code === undefined) return true;
    label = `${name} <stdin>`;
  }
  const inner = a.deeper(f, label, d.at);
  if (!inner || code === undefined) return true;
  runInterpreterActions(a, interpreterActions(family, code), inner, d, label);
  // `node -e "rm -rf /"`: shell text where code belongs; the interpreter rejects it, the next try may not
  // (prose or real code that does not parse as shell adds nothing: issues in an as-meant frame are dropped)
  if (!f.asMeant) {
    const meant = a.deeper(f, 'as meant', d.at, { asMeant: `${label} is given what reads as a shell command, not ${name} code` });
    if (meant) a.walkSource(code, { ...meant, stdin: { kind: 'inherit' }, redirects: [] }, `${label} read as shell`, d.at);
  }
  return true;
};

/** Options whose value is code the interpreter loads: node -r/--require/--import/--loader, perl -M/-m, ruby -r. */
function loaderValueIndexes(argv: string[]): number[] {
  const out: number[] = [];
  argv.forEach((w, k) => {
    if (['-r', '--require', '--import', '--loader', '--experimental-loader', '-M', '-m'].includes(w)) out.push(k + 1);
    else if (/^(?:--(?:require|import|loader|experimental-loader)=|-[rMm].)/.test(w)) out.push(k);
  });
  return out;
}

/** A word that holds an item of command input: xargs/parallel placeholders, find's {}. */
function isInputItem(word: string): boolean {
  return word.includes(XARGS_ITEM) || word === XARGS_PLACEHOLDER || word.includes('{}');
}

/** `python tool.py`: read the script from the project and look at what it runs. */
function runInterpreterScript(a: Analyzer, family: string, path: string, d: Draft, f: Frame): boolean {
  const text = a.readFile(posix.resolve(f.scope.cwd, path));
  if (text === null || text.includes('\0')) return false;
  const inner = a.deeper(f, `${baseName(d.argv[0])} ${path}`, d.at, { origin: { file: path } });
  if (!inner) return true;
  runInterpreterActions(a, interpreterActions(family, text), inner, d, `${baseName(d.argv[0])} ${path}`);
  return true;
}

/** awk programs: system("cmd"), print | "cmd", "cmd" | getline run shell commands. */
const awk: Dispatcher = (a, d, f) => {
  a.emit(d, f);
  let i = 1;
  let program: string | undefined;
  while (i < d.argv.length) {
    const w = d.argv[i];
    if (w === '--') { i++; break; }
    if (w === '-f' || w === '--file' || w.startsWith('--file=') || /^-f./.test(w) || w === '-e' || w === '--source') {
      // program in a file (or given with -e): unknown when the name is dynamic
      const value = w.includes('=') ? w.slice(w.indexOf('=') + 1) : /^-f./.test(w) ? w.slice(2) : d.argv[i + 1];
      const k = w.includes('=') || /^-f./.test(w) ? i : i + 1;
      if (d.dynamic[k] && value !== undefined && isInputItem(value)) a.issue('opaque-interpreter', `${baseName(d.argv[0])} runs a program taken from its input (${value})`, f, d.at);
      if ((w === '-e' || w === '--source') && value !== undefined && !d.dynamic[k]) { program = value; break; }
      return true;
    }
    if (['-F', '-v', '--assign', '--field-separator'].includes(w)) { i += 2; continue; }
    if (w.startsWith('-') && w.length > 1) { i++; continue; }
    break;
  }
  program ??= d.argv[i];
  if (program === undefined) return true;
  if (d.argv[i] === program && d.dynamic[i]) {
    if (isInputItem(program)) a.issue('opaque-interpreter', `${baseName(d.argv[0])} runs a program taken from its input (${program})`, f, d.at);
    return true;
  }
  const inner = a.deeper(f, baseName(d.argv[0]), d.at, { stdin: { kind: 'inherit' }, redirects: [] });
  if (!inner) return true;
  const re = /\bsystem\s*\(\s*("(?:[^"\\]|\\.)*")?([^)]*)\)|\|\s*("(?:[^"\\]|\\.)*")|("(?:[^"\\]|\\.)*")\s*\|\s*getline/g;
  for (const m of program.matchAll(re)) {
    const literal = m[1] ?? m[3] ?? m[4];
    if (literal && m[3] && SHELLS.includes(baseName(awkString(literal).trim().split(/\s+/)[0] ?? ''))) {
      a.issue('opaque-interpreter', `${baseName(d.argv[0])} pipes text it builds into ${literal}: the code it runs is unknown until it runs`, inner, d.at);
    } else if (literal && !(m[1] && m[2].trim())) {
      a.walkSource(awkString(literal), inner, `the command in ${baseName(d.argv[0])}`, d.at);
    } else if (m[0].startsWith('system')) {
      a.issue('opaque-interpreter', `${baseName(d.argv[0])} runs a command built at run time (${m[0]})`, inner, d.at);
    }
  }
  return true;
};

/** An awk string literal ("..." with \\n, \\t, \\ddd octal, \\xHH escapes) as text. */
function awkString(literal: string): string {
  return decodeAnsiC(literal.slice(1, -1).replace(/\\\//g, '/')).text;
}

/** trap 'CODE' SIGNALS: the code runs when a signal (or EXIT) arrives. */
const trap: Dispatcher = (a, d, f) => {
  let i = 1;
  if (d.argv[1] === '--') i = 2;
  const code = d.argv[i];
  if (code === undefined || /^-[lpP]$/.test(code) || code === '-' || code === '' || d.argv.length <= i + 1) return false;
  a.emit(d, f);
  const inner = a.deeper(f, 'trap', d.at);
  if (!inner) return true;
  a.walkSource(code, inner, 'the code of trap', d.at);
  return true;
};

/**
 * `git config [--global|--local|--file F|set] alias.NAME VALUE`: later commands of the same input that call
 * `git NAME` run VALUE (recorded in the scope), and a `!` alias is shell code that runs whenever it is called,
 * so it is judged as meant when it is defined.
 */
function gitConfigAlias(a: Analyzer, d: Draft, f: Frame, at: number): boolean {
  const words: Array<{ w: string; dynamic: boolean }> = [];
  for (let k = at + 1; k < d.argv.length; k++) {
    const w = d.argv[k];
    if (['--file', '-f', '--blob', '--type', '--default', '--comment'].includes(w)) { k++; continue; }
    if (w.startsWith('-') || (words.length === 0 && (w === 'set' || w === '--add'))) continue;
    words.push({ w, dynamic: d.dynamic[k] });
  }
  const [key, value] = words;
  if (!key || !value || key.dynamic || !/^alias\./i.test(key.w)) return false;
  a.emit(d, f);
  const name = key.w.slice('alias.'.length).toLowerCase();
  if (!value.dynamic) (f.scope.gitAliases ??= new Map()).set(name, value.w);
  if (value.w.startsWith('!')) {
    const meant = a.deeper(f, 'as meant', d.at, { asMeant: `git alias ${name} is defined to run this whenever it is called`, stdin: { kind: 'inherit' }, redirects: [] });
    if (meant) a.walkSource(value.w.slice(1), meant, `the git alias ${name}`, d.at);
  }
  return true;
}

const GIT_VALUE_OPTIONS = ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env', '--super-prefix', '--list-cmds', '--attr-source'];
const GIT_REMOTE_VERBS = new Set(['fetch', 'pull', 'push', 'clone', 'ls-remote', 'archive', 'remote', 'submodule', 'fetch-pack', 'send-pack']);

/**
 * git runs other programs: `core.sshCommand` / GIT_SSH_COMMAND / GIT_SSH for remote verbs, and aliases
 * (`-c alias.x=reset` expands into git arguments; `alias.x=!cmd` is shell code).
 */
const git: Dispatcher = (a, d, f) => {
  const config: Record<string, string> = {};
  let i = 1;
  while (i < d.argv.length && d.argv[i].startsWith('-')) {
    const w = d.argv[i];
    if (w === '-c' || w.startsWith('-c')) {
      const kv = w === '-c' ? d.argv[i + 1] ?? '' : w.slice(2);
      const eq = kv.indexOf('=');
      if (eq > 0) config[kv.slice(0, eq).toLowerCase()] = kv.slice(eq + 1);
      i += w === '-c' ? 2 : 1;
      continue;
    }
    if (GIT_VALUE_OPTIONS.includes(w)) { i += 2; continue; }
    i++;
  }
  const verb = d.argv[i];
  if (verb === undefined) return false;
  if (verb === 'config') return gitConfigAlias(a, d, f, i);
  const alias = config[`alias.${verb.toLowerCase()}`] ?? f.scope.gitAliases?.get(verb.toLowerCase());
  if (alias !== undefined) {
    const inner = a.deeper(f, `git alias ${verb}`, d.at);
    if (!inner) return false;
    a.emit(d, f);
    if (alias.startsWith('!')) {
      const rest = d.argv.slice(i + 1).map(shellQuote).join(' ');
      a.walkSource(`${alias.slice(1)} ${rest}`.trim(), inner, `the git alias ${verb}`, d.at);
    } else {
      const expansion = a.parseWords(alias) ?? alias.split(/\s+/).filter(Boolean);
      const argv = [...d.argv.slice(0, i), ...expansion, ...d.argv.slice(i + 1)];
      a.emit({ ...d, argv, dynamic: argv.map((_w, k) => (k < i ? d.dynamic[k] : k >= i + expansion.length ? d.dynamic[k - expansion.length + 1] : false)) }, inner);
    }
    return true;
  }
  const shellCode = gitShellCode(d.argv.slice(i));
  if (shellCode.length) {
    a.emit(d, f);
    const inner = a.deeper(f, `git ${verb}`, d.at, { stdin: { kind: 'inherit' }, redirects: [] });
    if (inner) for (const code of shellCode) a.walkSource(code, inner, `the command git ${verb} runs`, d.at);
    return true;
  }
  if (!GIT_REMOTE_VERBS.has(verb)) return false;
  const sshCommand = config['core.sshcommand'] ?? d.env.GIT_SSH_COMMAND;
  const sshProgram = d.env.GIT_SSH;
  if (sshCommand === undefined && sshProgram === undefined) return false;
  a.emit(d, f);
  const inner = a.deeper(f, 'git ssh', d.at, { stdin: { kind: 'inherit' }, redirects: [] });
  if (!inner) return true;
  if (sshCommand !== undefined) a.walkSource(`${sshCommand} git@remote git-upload-pack`, inner, 'the ssh command of git', d.at);
  else if (sshProgram !== undefined) a.dispatch({ ...d, argv: [sshProgram, 'git@remote'], dynamic: [/[$`]/.test(sshProgram), false], stdin: { kind: 'inherit' }, redirects: [] }, inner);
  return true;
};

/** alias NAME=VALUE ...: remembered for later commands of the same input. */
const alias: Dispatcher = (_a, d, f) => {
  for (let i = 1; i < d.argv.length; i++) {
    const m = /^([^=\s/$`'"]+)=([\s\S]*)$/.exec(d.argv[i]);
    if (m && !d.dynamic[i]) (f.scope.aliases ??= new Map()).set(m[1], m[2]);
  }
  return false;
};

/** Shell code git runs for a subcommand: submodule foreach CMD, rebase --exec/-x CMD, bisect run CMD... */
function gitShellCode(args: string[]): string[] {
  const [verb, ...rest] = args;
  if (verb === 'submodule') {
    const k = rest.indexOf('foreach');
    if (k < 0) return [];
    const cmd = rest.slice(k + 1).filter((w, n, arr) => !(w.startsWith('--') && n < arr.findIndex((x) => !x.startsWith('--'))));
    return cmd.length ? [cmd.join(' ')] : [];
  }
  if (verb === 'rebase') {
    const out: string[] = [];
    rest.forEach((w, n) => {
      if ((w === '-x' || w === '--exec') && rest[n + 1] !== undefined) out.push(rest[n + 1]);
      else if (w.startsWith('--exec=')) out.push(w.slice(7));
    });
    return out;
  }
  if (verb === 'bisect' && rest[0] === 'run' && rest.length > 1) return [rest.slice(1).map(shellQuote).join(' ')];
  return [];
}

/** su [-] [-l] [USER] [-c CMD] / runuser -u USER -- CMD / runuser [-l USER] -c CMD. */
const su: Dispatcher = (a, d, f) => {
  const name = baseName(d.argv[0]);
  let command: string | undefined;
  let i = 1;
  for (; i < d.argv.length; i++) {
    const w = d.argv[i];
    if (w === '-c' || w === '--command' || /^-[a-zA-Z]+c$/.test(w)) { command = d.argv[++i]; continue; }
    if (w.startsWith('--command=')) { command = w.slice(10); continue; }
    if (name === 'runuser' && (w === '-u' || w === '--user')) { i++; continue; }
    if (name === 'runuser' && w === '--') { return unwrapAt(a, d, f, i + 1, name); }
    if (['-s', '--shell', '-g', '--group', '-G', '--supp-group', '-w', '--whitelist-environment'].includes(w)) { i++; continue; }
  }
  if (command === undefined) return false;
  const inner = a.deeper(f, `${name} -c`, d.at, { scope: copyScope(f.scope), stdin: d.stdin, redirects: d.redirects });
  if (!inner) return false;
  a.walkSource(command, inner, `the command of ${name} -c`, d.at);
  return true;
};

/**
 * GNU parallel: `parallel CMD ::: ARGS` runs CMD once per argument ({} replaced, else appended);
 * without ::: the arguments are the lines of stdin; without CMD the arguments are commands.
 */
const PARALLEL_INFO = ['--version', '--help', '-h', '--citation', '--bibtex', '--number-of-cpus', '--number-of-cores', '--number-of-sockets', '--number-of-threads', '--max-line-length-allowed', '--minversion', '--record-env'];
const PARALLEL_VALUES = new Set([
  '-j', '--jobs', '-P', '--max-procs', '-S', '--sshlogin', '--slf', '--sshloginfile', '--joblog', '-a', '--arg-file', '-d', '--delimiter',
  '-I', '--results', '--res', '--tmpdir', '--timeout', '--retries', '--delay', '-n', '--max-args', '-N', '--max-replace-args',
  '--colsep', '-C', '--nice', '-L', '--max-lines', '-l', '--header', '--env', '--workdir', '--wd', '--load', '--memfree',
  '--return', '--transferfile', '--tf', '--basefile', '--bf', '--rpl', '--tag-string', '--tagstring', '--block', '--block-size',
  '--halt', '--halt-on-error', '--termseq', '--arg-sep', '--arg-file-sep', '-E', '--eof', '--sqlmaster', '--sqlworker', '--shebang-wrap',
  '--limit', '--ssh', '--plain', '--profile', '-J', '--max-chars', '-s', '--seqreplace', '--progress-bar',
]);

/**
 * GNU parallel: `parallel CMD ::: ARGS` runs CMD once per argument ({} replaced, else appended);
 * without ::: the arguments are the lines of stdin; without CMD the arguments are commands.
 * A one-word CMD is a shell string; several words are argv.
 */
const parallel: Dispatcher = (a, d, f) => {
  a.emit(d, f);
  if (d.argv.slice(1).some((w) => PARALLEL_INFO.includes(w))) return true;
  if (d.argv.slice(1).some((w) => w === '--dry-run' || w === '--dryrun')) return true; // prints the commands only
  const sep = d.argv.findIndex((w) => w === ':::' || w === '::::' || w === ':::+' || w === '::::+');
  let i = 1;
  while (i < d.argv.length && d.argv[i].startsWith('-') && i !== sep) {
    if (PARALLEL_VALUES.has(d.argv[i])) i++;
    i++;
  }
  const end = sep >= 0 ? sep : d.argv.length;
  const template = d.argv.slice(i, end);
  const templateDynamic = d.dynamic.slice(i, end);
  // input from stdin or a file (not ::: literals) that becomes the program or the code, as with xargs
  if (template.length && (sep < 0 || d.argv[sep].startsWith('::::'))) {
    const why = inputBecomesCode(template, template.includes('{}') ? '{}' : undefined);
    if (why) a.issue('dynamic-command', `parallel hands its input to ${template.join(' ')}: ${why}, so the input decides what runs`, f, d.at);
  }
  const inner = a.deeper(f, 'parallel', d.at, { stdin: { kind: 'inherit' }, redirects: [], env: d.env });
  if (!inner) return true;
  let values: string[] | null = null;
  if (sep >= 0 && d.argv[sep].startsWith(':::') && !d.argv[sep].startsWith('::::')) values = d.argv.slice(sep + 1).filter((w) => !w.startsWith(':::'));
  else if (sep < 0) {
    const text = stdinText(a, d.stdin, f.scope.cwd);
    if (text !== undefined) values = text.split('\n').filter((l) => l.trim() !== '');
  }
  if (template.length === 0) {
    // the arguments themselves are the commands
    if (values === null) { a.issue('opaque-interpreter', 'parallel runs commands read from its input, unknown until it runs', inner, d.at); return true; }
    // commands piped in: as with `xargs sh -c`, what the input will hold when it really runs decides
    if (sep < 0) a.issue('dynamic-command', 'parallel runs each line of its input as a command, so the input decides what runs', inner, d.at);
    for (const v of values.slice(0, MAX_XARGS_RUNS)) a.walkSource(v, inner, 'a command run by parallel', d.at);
    return true;
  }
  const slot = /\{(?:\d+|\.|\/|\/\/|\/\.|#|%)?\}/g;
  const hasSlot = template.some((w) => slot.test(w));
  for (const v of values === null ? [null] : values.slice(0, MAX_XARGS_RUNS)) {
    if (template.length === 1) {
      if (templateDynamic[0] && (template[0] === XARGS_PLACEHOLDER || template[0].includes(XARGS_ITEM))) {
        a.issue('dynamic-command', `parallel runs a command taken from its input (${template[0]}), unknown until it runs`, inner, d.at);
        break;
      }
      const code = template[0].replace(slot, () => (v === null ? `"${XARGS_ITEM}"` : shellQuote(v)));
      a.walkSource(hasSlot || v === null ? (hasSlot ? code : `${code} "${XARGS_ITEM}"`) : `${code} ${shellQuote(v)}`, inner, 'the command of parallel', d.at);
      continue;
    }
    const argv = template.map((w) => w.replace(slot, () => (v === null ? XARGS_ITEM : v)));
    const dynamic = template.map((w, k) => templateDynamic[k] || (v === null && new RegExp(slot.source).test(w)));
    if (!hasSlot) { argv.push(v ?? XARGS_ITEM); dynamic.push(v === null); }
    a.dispatch({ ...d, argv, dynamic, stdin: { kind: 'inherit' }, redirects: [] }, inner);
  }
  return true;
};

// -----------------------------------------------------------------------------------------------------
// script, expect: programs that run a command in a pseudo-terminal
// -----------------------------------------------------------------------------------------------------

const SCRIPT_VALUES = ['-t', '--timing', '-T', '--log-timing', '-I', '--log-in', '-O', '--log-out', '-B', '--log-io', '-m', '--logging-format', '-E', '--echo', '-o', '--output-limit'];

/**
 * `script -q -c 'CMD' /dev/null` (util-linux) runs CMD through a shell; `script -q /dev/null CMD ARGS`
 * (BSD, macOS) runs the words after the log file.
 */
const scriptCmd: Dispatcher = (a, d, f) => {
  a.emit(d, f);
  const codes: Array<{ code: string; dynamic: boolean }> = [];
  let i = 1;
  for (; i < d.argv.length; i++) {
    const w = d.argv[i];
    if (w === '--') { i++; break; }
    if (!w.startsWith('-') || w === '-') break;
    if (w === '-c' || w === '--command' || /^-[a-zA-Z]+c$/.test(w)) { codes.push({ code: d.argv[i + 1] ?? '', dynamic: d.dynamic[i + 1] }); i++; continue; }
    if (w.startsWith('--command=')) { codes.push({ code: w.slice('--command='.length), dynamic: d.dynamic[i] }); continue; }
    if (/^-[a-zA-Z]*c./.test(w) && !w.startsWith('--')) { codes.push({ code: w.slice(w.indexOf('c') + 1), dynamic: d.dynamic[i] }); continue; }
    if (SCRIPT_VALUES.includes(w)) i++;
  }
  const inner = a.deeper(f, 'script', d.at, { scope: copyScope(f.scope), stdin: d.stdin, redirects: [], env: d.env });
  if (!inner) return true;
  for (const c of codes) {
    if (c.dynamic) a.issue('dynamic-command', `script -c runs shell code only known when it runs (${c.code})`, f, d.at);
    a.walkSource(c.code, inner, 'the command of script -c', d.at);
  }
  // BSD: script [options] [file [command ...]]
  if (!codes.length && i + 1 < d.argv.length) a.dispatch(sub(d, i + 1, { stdin: d.stdin, redirects: [] }), inner);
  return true;
};

/** Commands an expect (Tcl) program starts: `spawn CMD ARGS` and `exec CMD ARGS`, up to the end of the Tcl command. */
export function expectCommands(program: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[;\n{[])[ \t]*(spawn|exec)[ \t]+([^;\n\]}]*)/g;
  for (const m of program.matchAll(re)) {
    let words = m[2].trim();
    // spawn's own options
    for (;;) {
      const opt = /^(-ignore[ \t]+\S+|-(?:noecho|console|nottycopy|nottyinit|open|leaveopen|pty))[ \t]*/.exec(words);
      if (!opt) break;
      words = words.slice(opt[0].length);
    }
    if (words) out.push(words);
  }
  return out;
}

const expectCmd: Dispatcher = (a, d, f) => {
  a.emit(d, f);
  let program: string | undefined;
  let dynamic = false;
  let label = 'expect -c';
  for (let i = 1; i < d.argv.length; i++) {
    const w = d.argv[i];
    if (w === '-c') { program = (program ? `${program}\n` : '') + (d.argv[i + 1] ?? ''); dynamic ||= d.dynamic[i + 1]; i++; continue; }
    if (w === '-f' || (!w.startsWith('-') && program === undefined)) {
      const path = w === '-f' ? d.argv[i + 1] : w;
      if (path === undefined) break;
      if (d.dynamic[w === '-f' ? i + 1 : i]) { a.issue('dynamic-command', `expect runs a script whose path (${path}) is only known when it runs`, f, d.at); return true; }
      program = a.readFile(posix.resolve(f.scope.cwd, path)) ?? undefined;
      label = `expect ${path}`;
      if (program === undefined) a.issue('unreadable-script', `expect runs ${path}, which could not be read; what it spawns was not analysed`, f, d.at);
      break;
    }
    if (w === '--') break;
  }
  if (program === undefined) return true;
  if (dynamic) a.issue('opaque-interpreter', `expect runs a program only known when it runs (${program})`, f, d.at);
  const inner = a.deeper(f, label, d.at, { scope: copyScope(f.scope), stdin: { kind: 'inherit' }, redirects: [], env: d.env });
  if (!inner) return true;
  for (const command of expectCommands(program)) a.walkSource(command, inner, `a command spawned by ${label}`, d.at);
  return true;
};

/**
 * `aws ssm send-command --document-name AWS-RunShellScript --parameters commands=[…]`: the commands run on the
 * instances. The parameters come as JSON (`{"commands":[…]}`), shorthand (`commands=["a","b"]`, `commands=a`)
 * or a file (`file://p.json`). The aws command itself is judged as usual.
 */
const awsCli: Dispatcher = (a, d, f) => {
  const ssm = d.argv.indexOf('ssm');
  if (ssm < 0 || d.argv[ssm + 1] !== 'send-command') return false;
  a.emit(d, f);
  const at = d.argv.findIndex((w) => w === '--parameters' || w.startsWith('--parameters='));
  if (at < 0) return true;
  let raw = d.argv[at].startsWith('--parameters=') ? d.argv[at].slice('--parameters='.length) : d.argv[at + 1] ?? '';
  const dynamic = d.dynamic[d.argv[at].includes('=') ? at : at + 1];
  if (raw.startsWith('file://')) raw = a.readFile(posix.resolve(f.scope.cwd, raw.slice(7))) ?? '';
  let commands: unknown;
  try {
    commands = (JSON.parse(raw) as { commands?: unknown }).commands;
  } catch {
    const m = /^commands=([\s\S]*)$/.exec(raw.trim());
    if (m) {
      const v = m[1].trim();
      try { commands = v.startsWith('[') ? JSON.parse(v) : [v]; } catch { commands = v.replace(/^\[|\]$/g, '').split(',').map((x) => x.trim().replace(/^["']|["']$/g, '')); }
    }
  }
  const list = Array.isArray(commands) ? commands.filter((c): c is string => typeof c === 'string') : typeof commands === 'string' ? [commands] : [];
  if (list.length === 0) {
    if (raw.trim() !== '' || dynamic) a.issue('dynamic-command', `aws ssm send-command runs commands on instances that could not be read here (${d.argv[at + 1] ?? raw})`, f, d.at);
    return true;
  }
  for (const code of list) runShellString(a, d, f, code, dynamic ?? false, 'aws ssm send-command');
  return true;
};

/**
 * pwsh / powershell: -Command CODE, -File SCRIPT, -EncodedCommand BASE64, or a script on stdin. The code is
 * rewritten as the POSIX commands it amounts to (powershell.ts) and judged like any shell text.
 */
const powershell: Dispatcher = (a, d, f) => {
  a.emit(d, f);
  const input = powershellInput(d.argv);
  const name = baseName(d.argv[0]);
  let code: string | null = null;
  let what = `${name} -Command`;
  if (input.kind === 'none') return true;
  if (input.kind === 'code' || input.kind === 'encoded') {
    code = input.code;
    if (input.kind === 'encoded') what = `${name} -EncodedCommand`;
    if (d.dynamic.slice(1).some(Boolean) && /\$/.test(code)) a.issue('dynamic-command', `${what} runs code only known when it runs (${code})`, f, d.at);
  } else if (input.kind === 'file') {
    what = `${name} -File ${input.path}`;
    code = a.readFile(posix.resolve(f.scope.cwd, input.path));
    if (code === null) { a.issue('unreadable-script', `${what}: the script could not be read; what it runs was not analysed`, f, d.at); return true; }
  } else {
    const s = d.stdin;
    code = s.kind === 'heredoc' || s.kind === 'herestring' ? s.text : s.kind === 'pipe' ? s.text ?? null : s.kind === 'file' ? a.readFile(posix.resolve(f.scope.cwd, s.path)) : null;
    what = `${name} <stdin>`;
    if (code === null) { if (s.kind !== 'inherit') a.issue('opaque-interpreter', `${name} runs the PowerShell code on its stdin, unknown until it runs`, f, d.at); return true; }
  }
  let script: string;
  try {
    script = translatePowerShell(code);
  } catch (e) {
    a.issue('parse-error', `could not read the PowerShell code of ${what}: ${e instanceof Error ? e.message : String(e)}`, f, d.at);
    return true;
  }
  const cwd = input.workingDirectory !== undefined ? posix.resolve(f.scope.cwd, input.workingDirectory.replace(/\\/g, '/')) : f.scope.cwd;
  const inner = a.deeper(f, what, d.at, { scope: { ...copyScope(f.scope), vars: new VarMap(), cwd }, stdin: { kind: 'inherit' }, redirects: [] });
  if (inner) a.walkSource(script, inner, `the PowerShell code of ${what} (as POSIX commands)`, d.at);
  return true;
};

// -----------------------------------------------------------------------------------------------------
// make, npm & co.
// -----------------------------------------------------------------------------------------------------

const make: Dispatcher = (a, d, f) => {
  a.emit(d, f);
  const read = (p: string): string | null => a.readFile(p);
  const tool = baseName(d.argv[0]);
  const recipes = tool === 'just' ? justRecipes(d.argv, f.scope.cwd, read)
    : tool === 'task' || tool === 'go-task' ? taskRecipes(d.argv, f.scope.cwd, read)
    : makeRecipes(d.argv, f.scope.cwd, read);
  if (!recipes) return true;
  for (const problem of (recipes as Partial<TaskRecipes>).problems ?? []) a.issue('unreadable-script', `${tool}: ${problem}; what it runs was not analysed`, f, d.at);
  for (const r of recipes.lines) {
    const inner = a.deeper(f, `${tool === 'gmake' ? 'make' : tool} ${r.target}`, d.at, {
      scope: { ...copyScope(f.scope), vars: new VarMap(), cwd: r.dir ?? recipes.dir },
      origin: { file: r.file ?? recipes.file, line: r.line },
      stdin: { kind: 'inherit' },
      redirects: [],
      env: { ...d.env, ...recipes.env },
    });
    if (!inner) return true;
    a.walkSource(r.command, inner, `${r.file ?? recipes.file}:${r.line}`, d.at);
  }
  return true;
};

const packageManager: Dispatcher = (a, d, f) => {
  a.emit(d, f);
  const found = packageScripts(d.argv, f.scope.cwd, (p) => a.readFile(p));
  if (!found) {
    // no script of that name: yarn/pnpm/bun run the project's binary (`yarn cdk destroy`)
    const at = projectBinaryIndex(d.argv, f.scope.cwd, (p) => a.readFile(p));
    if (at !== null && !d.dynamic[at]) unwrapAt(a, d, f, at, `${baseName(d.argv[0])} ${d.argv[at]}`);
    return true;
  }
  walkPackageScripts(a, d, f, found, `${baseName(d.argv[0])} run`);
  return true;
};

/** Walks package.json scripts as the shell runs them: each in a fresh scope, from the package's file. */
function walkPackageScripts(a: Analyzer, d: Draft, f: Frame, found: PackageScripts, label: string): void {
  for (const s of found.scripts) {
    const inner = a.deeper(f, `${label} ${s.name}`, d.at, {
      scope: { ...copyScope(f.scope), vars: new VarMap() },
      origin: { file: found.file },
      stdin: { kind: 'inherit' },
      redirects: [],
      env: d.env,
    });
    if (!inner) return;
    a.walkSource(s.command, inner, `${found.file} script "${s.name}"`, d.at);
  }
}

// -----------------------------------------------------------------------------------------------------

/**
 * Tools that join their arguments with spaces and hand them to a shell (watch, ssh): the joined text is
 * what really runs. When a word holds spaces or shell syntax, its quoted form (what the user most likely
 * meant) is analysed too, so that a quoting mistake cannot hide a command either way.
 */
function walkJoined(a: Analyzer, words: string[], dynamic: boolean[], f: Frame, what: string, at: Draft['at']): void {
  a.walkSource(words.join(' '), f, what, at);
  if (words.length > 1 && words.some((w, k) => !dynamic[k] && /[\s;&|<>()$`'"\\]/.test(w))) {
    const before = a.issues.length;
    a.walkSource(words.map((w, k) => (dynamic[k] ? w : shellQuote(w))).join(' '), f, what, at);
    // the quoted reading is a second opinion: its parse errors are not the command's
    dropParseErrorsSince(a, before);
  }
}

/** Forgets the parse errors raised since issue number `before`: text read as a second opinion, not the command. */
function dropParseErrorsSince(a: Analyzer, before: number): void {
  for (const i of a.issues.slice(before)) if (i.kind === 'parse-error') a.issueKeys.delete(`${i.kind}\u0000${i.message}`);
  a.issues.splice(before, a.issues.length - before, ...a.issues.slice(before).filter((i) => i.kind !== 'parse-error'));
}

function shellQuote(w: string): string {
  return quoteForDisplay([w]);
}

/**
 * Tools that run the rest of their argv as a command: `PROG [SUB...] [options] [N operands] CMD...`, or
 * everything after `--` when the tool uses it. Options listed in `values` take a value.
 */
interface RunnerSpec {
  sub?: string[]; values?: string[]; operands?: number; label?: string;
  /** npx & co.: the first word names a package (`aws-cdk@2`), which installs a binary (`cdk`). */
  packages?: boolean;
  /** Options whose value is a shell string the runner runs (`npx -c 'cdk destroy'`). */
  call?: string[];
  /** Without one of the `call` options nothing is run (`gcloud compute ssh VM` opens a session). */
  callOnly?: boolean;
  /** The command is what follows `--`, and only that (`chamber exec SERVICE… -- CMD`). */
  afterDash?: boolean;
  /** Options that may come before the subcommand (pnpm --filter infra exec ...); these take a value. */
  globals?: string[];
}

/** Packages whose binary has another name than the package. */
const PACKAGE_BINARIES: Record<string, string> = {
  'aws-cdk': 'cdk', 'netlify-cli': 'netlify', 'firebase-tools': 'firebase', '@railway/cli': 'railway',
  'cdktf-cli': 'cdktf', '@angular/cli': 'ng', 'sequelize-cli': 'sequelize', '@nestjs/cli': 'nest',
  '@aws-amplify/cli': 'amplify', '@salesforce/cli': 'sf', 'heroku-cli': 'heroku', 'vercel-cli': 'vercel',
  '@prisma/cli': 'prisma', 'typeorm-cli': 'typeorm', 'knex-cli': 'knex', 'mongodb-shell': 'mongosh',
};

/**
 * The program a package runner runs for a package spec: `aws-cdk@2.100.0` -> `cdk`, `@scope/tool@1.2` ->
 * `tool`, `prisma@5` -> `prisma`. Paths, URLs and git specs are kept as written.
 */
export function packageBinary(spec: string): string {
  if (/^(?:[./~]|[a-z+]+:)/i.test(spec) || spec.includes('://')) return spec;
  const m = /^(@[^/@\s]+\/[^@\s]+|[^@\s]+)(?:@[^\s]*)?$/.exec(spec);
  if (!m) return spec;
  const name = m[1];
  const mapped = PACKAGE_BINARIES[name.toLowerCase()];
  if (mapped) return mapped;
  return name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
}

const RUNNERS: Record<string, RunnerSpec[]> = {
  'aws-vault': [{ sub: ['exec'], values: ['-d', '--duration', '-t', '--mfa-token', '-r', '--region', '--prompt', '-j'], operands: 1 }],
  op: [{ sub: ['run'], values: ['--env-file', '--account', '--config', '--session'] }],
  doppler: [{ sub: ['run'], values: ['-p', '--project', '-c', '--config', '--token', '--scope', '--command', '--mount', '--mount-format', '--name-transformer'], call: ['--command'] }],
  infisical: [{ sub: ['run'], values: ['--env', '--path', '--projectId', '--token', '--domain', '--tags', '--watch-interval', '--command'], call: ['--command'] }],
  sops: [{ sub: ['exec-env'], operands: 1 }],
  dotenv: [{ values: ['-e', '-v', '-c'] }],
  direnv: [{ sub: ['exec'], operands: 1 }],
  mise: [{ sub: ['exec'], values: ['-C', '--cd', '-j', '--jobs'] }, { sub: ['x'], values: ['-C', '--cd'] }],
  asdf: [{ sub: ['exec'] }],
  poetry: [{ sub: ['run'], values: ['-C', '--directory', '-P', '--project'] }],
  pipenv: [{ sub: ['run'] }],
  hatch: [{ sub: ['run'], values: ['-e', '--env'] }],
  pdm: [{ sub: ['run'], values: ['-p', '--project', '-g', '--global'] }],
  rye: [{ sub: ['run'] }],
  devbox: [{ sub: ['run'], values: ['-c', '--config', '-e', '--env', '--env-file'] }],
  conda: [{ sub: ['run'], values: ['-n', '--name', '-p', '--prefix', '--cwd'] }],
  mamba: [{ sub: ['run'], values: ['-n', '--name', '-p', '--prefix', '--cwd'] }],
  micromamba: [{ sub: ['run'], values: ['-n', '--name', '-p', '--prefix', '--cwd'] }],
  uv: [{ sub: ['run'], values: ['--with', '--python', '-p', '--project', '--directory', '--env-file', '--extra', '--group', '--package', '--index', '--index-url'] }, { sub: ['tool', 'run'], values: ['--with', '--python', '--from'] }],
  uvx: [{ values: ['--with', '--python', '--from'] }],
  bundle: [{ sub: ['exec'], values: ['--gemfile'] }],
  npx: [{ values: ['-p', '--package', '-c', '--call', '--cache', '--registry', '--userconfig', '-w', '--workspace'], packages: true, call: ['-c', '--call'] }],
  bunx: [{ values: ['-p', '--package'], packages: true }],
  pnpx: [{ values: ['-p', '--package'], packages: true }],
  pnpm: [{ sub: ['exec'], values: ['-C', '--dir', '--filter', '-F'], packages: true, call: [], globals: ['-C', '--dir', '--filter', '-F', '--workspace-concurrency', '--reporter', '--loglevel'] }, { sub: ['dlx'], values: ['--package'], packages: true }],
  yarn: [{ sub: ['exec'], packages: true }, { sub: ['dlx'], values: ['-p', '--package'], packages: true }],
  npm: [
    { sub: ['exec'], values: ['-p', '--package', '-c', '--call', '-w', '--workspace'], packages: true, call: ['-c', '--call'] },
    { sub: ['x'], values: ['-p', '--package', '-c', '--call', '-w', '--workspace'], packages: true, call: ['-c', '--call'] },
  ],
  bun: [{ sub: ['x'], values: ['-p', '--package'], packages: true }],
  strace: [{ values: ['-o', '-e', '-p', '-s', '-u', '-E', '-a', '-b', '-I', '-O', '-P', '-S', '-X'] }],
  ltrace: [{ values: ['-o', '-e', '-p', '-s', '-u', '-n', '-a', '-A', '-D', '-E', '-F', '-l', '-x'] }],
  gosu: [{ operands: 1 }],
  'su-exec': [{ operands: 1 }],
  chpst: [{ values: ['-u', '-U', '-b', '-e', '-/', '-n', '-l', '-L', '-m', '-d', '-o', '-p', '-f', '-c', '-r', '-t'] }],
  pkexec: [{ values: ['--user'] }],
  tini: [{ values: ['-p', '-e', '-l'] }],
  'dumb-init': [{ values: ['-r', '--rewrite'] }],
  'xvfb-run': [{ values: ['-n', '--server-num', '-s', '--server-args', '-f', '--auth-file', '-e', '--error-file', '-p', '--xauth-protocol'] }],
  firejail: [{}],
  proxychains: [{ values: ['-f'] }],
  proxychains4: [{ values: ['-f'] }],
  torsocks: [{ values: ['-u', '-p', '-a', '-P'] }],
  caffeinate: [{ values: ['-t', '-w'] }],
  'systemd-run': [{ values: ['-u', '--unit', '-p', '--property', '--description', '--slice', '-E', '--setenv', '--uid', '--gid', '--working-directory', '-M', '--machine', '--on-calendar', '--on-active', '--timer-property', '--path-property', '--socket-property', '-H', '--host'] }],
  rlwrap: [{ values: ['-f', '-H', '-l', '-P', '-a', '-e', '-O', '-s', '-t'] }],
  // secrets injected into a local command
  chamber: [{ sub: ['exec'], afterDash: true }],
  // commands run on a platform's machines or with its production environment
  heroku: ['run', 'run:detached', 'run:inside', 'local:run'].map((verb) => ({ sub: [verb], values: ['-a', '--app', '-r', '--remote', '-s', '--size', '-e', '--env', '--type', '-x', '--exit-code'] })),
  railway: [{ sub: ['run'], values: ['-s', '--service', '-e', '--environment'] }],
  fly: [{ sub: ['ssh', 'console'], values: ['-a', '--app', '-r', '--region', '-s', '--select', '--machine', '-u', '--user', '-A', '--address', '-C', '--command'], call: ['-C', '--command'], callOnly: true }],
  doctl: [{ sub: ['compute', 'ssh'], values: ['--ssh-command', '--ssh-key-path', '--ssh-port', '--ssh-user', '-c', '--context'], call: ['--ssh-command'], callOnly: true }],
  gcloud: [
    { sub: ['compute', 'ssh'], values: ['--command', '--zone', '--project', '--ssh-key-file', '--ssh-flag', '--container', '--tunnel-through-iap'], call: ['--command'], callOnly: true },
    { sub: ['alpha', 'compute', 'ssh'], values: ['--command', '--zone', '--project'], call: ['--command'], callOnly: true },
    { sub: ['beta', 'compute', 'ssh'], values: ['--command', '--zone', '--project'], call: ['--command'], callOnly: true },
  ],
  az: [
    { sub: ['vm', 'run-command', 'invoke'], values: ['--scripts', '-g', '--resource-group', '-n', '--name', '--command-id', '--parameters', '--ids', '--subscription'], call: ['--scripts'], callOnly: true },
    { sub: ['vmss', 'run-command', 'invoke'], values: ['--scripts', '-g', '--resource-group', '-n', '--name', '--command-id', '--instance-id', '--parameters'], call: ['--scripts'], callOnly: true },
    { sub: ['aks', 'command', 'invoke'], values: ['--command', '-c', '-g', '--resource-group', '-n', '--name', '--file', '-f', '--subscription'], call: ['--command', '-c'], callOnly: true },
  ],
};
RUNNERS.flyctl = RUNNERS.fly;

function runnerFor(name: string): Dispatcher {
  return (a, d, f) => {
    for (const spec of RUNNERS[name]) {
      const sub = spec.sub ?? [];
      let start = 1;
      if (spec.globals) {
        while (start < d.argv.length && d.argv[start].startsWith('-') && d.argv[start] !== '--') start += spec.globals.includes(d.argv[start]) ? 2 : 1;
      }
      if (!sub.every((w, k) => d.argv[start + k] === w)) continue;
      let i = start + sub.length;
      const dash = d.argv.indexOf('--', i);
      let from: number;
      if (spec.afterDash) {
        if (dash < 0) return false;
        from = dash + 1;
      } else if (dash >= 0 && (spec.operands ?? 0) === 0 && d.argv.slice(i, dash).every((w, k, arr) => w.startsWith('-') || (spec.values ?? []).includes(arr[k - 1] ?? ''))) {
        from = dash + 1;
      } else {
        const skipOptions = (): void => {
          while (i < d.argv.length && d.argv[i].startsWith('-') && d.argv[i] !== '--') {
            if ((spec.values ?? []).includes(d.argv[i])) i++;
            i++;
          }
        };
        skipOptions();
        if (spec.operands) {
          if (d.argv[i] === '--') i++;
          i += spec.operands;
          skipOptions(); // options may follow the operands too (aws-vault exec PROFILE -d 1h CMD)
        }
        if (d.argv[i] === '--') i++;
        from = i;
      }
      const label = [name, ...sub].join(' ');
      // npx -c 'CMD ARGS' / npm exec --call=...: a shell string
      const calls = spec.call?.length ? d.argv.slice(start + sub.length, spec.callOnly ? d.argv.length : from).flatMap((w, k, arr) => {
        const at = start + sub.length + k;
        if (spec.call!.includes(w) && arr[k + 1] !== undefined) return [{ code: arr[k + 1], dynamic: d.dynamic[at + 1] }];
        const eq = spec.call!.find((c) => c.startsWith('--') && w.startsWith(`${c}=`));
        return eq ? [{ code: w.slice(eq.length + 1), dynamic: d.dynamic[at] }] : [];
      }) : [];
      if (calls.length) {
        const inner = a.deeper(f, `${label} -c`, d.at, { env: d.env, stdin: d.stdin, redirects: d.redirects });
        if (!inner) return false;
        for (const c of calls) {
          if (c.dynamic && !/[$`]/.test(c.code)) a.issue('dynamic-command', `${label} -c runs shell code only known when it runs (${c.code})`, f, d.at);
          a.walkSource(c.code, inner, `the command of ${label} -c`, d.at);
        }
        return true;
      }
      if (spec.callOnly) return false;
      if (spec.packages && from < d.argv.length && !d.dynamic[from]) {
        const program = packageBinary(d.argv[from]);
        if (program !== d.argv[from]) {
          const argv = [...d.argv];
          argv[from] = program;
          return unwrapAt(a, { ...d, argv }, f, from, label);
        }
      }
      return unwrapAt(a, d, f, from, label);
    }
    return false;
  };
}

/**
 * npm-run-all / run-s / run-p SCRIPT… (names may be globs: `build:*`) and concurrently "CMD" "npm:SCRIPT"…: the
 * package scripts and commands they run.
 */
const CONCURRENTLY_VALUED = new Set(['-n', '--names', '-c', '--prefix-colors', '-p', '--prefix', '-l', '--prefix-length', '-t', '--timestamp-format', '--default-input-target', '--success', '-s', '--kill-signal', '--restart-tries', '--restart-after', '--max-processes', '-m', '--name-separator', '--handle-input', '--passthrough-arguments', '--cwd']);
const scriptRunner: Dispatcher = (a, d, f) => {
  a.emit(d, f);
  const tool = baseName(d.argv[0]);
  const read = (p: string) => a.readFile(p);
  const runScript = (name: string): void => {
    let names = [name];
    if (/[*?]/.test(name)) {
      let scripts: Record<string, unknown> = {};
      try { scripts = (JSON.parse(read(posix.resolve(f.scope.cwd, 'package.json')) ?? '{}') as { scripts?: Record<string, unknown> }).scripts ?? {}; } catch { /* unreadable: nothing to match */ }
      const re = new RegExp(`^${name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '.*').replace(/\*/g, '[^:]*').replace(/\?/g, '.')}$`);
      names = Object.keys(scripts).filter((k) => re.test(k));
    }
    for (const n of names) {
      const found = packageScripts(['npm', 'run', n], f.scope.cwd, read);
      if (found) walkPackageScripts(a, d, f, found, tool);
    }
  };
  for (let i = 1; i < d.argv.length; i++) {
    const w = d.argv[i];
    if (w === '--') continue;
    if (w.startsWith('-')) { if (tool === 'concurrently' && CONCURRENTLY_VALUED.has(w)) i++; continue; }
    if (d.dynamic[i]) { a.issue('dynamic-command', `${tool} runs ${w}, only known when it runs`, f, d.at); continue; }
    if (tool !== 'concurrently') { runScript(w); continue; }
    const npm = /^(npm|yarn|pnpm|bun):(.+)$/.exec(w);
    if (npm) { runScript(npm[2]); continue; }
    const inner = a.deeper(f, 'concurrently', d.at, { scope: copyScope(f.scope), stdin: { kind: 'inherit' }, redirects: [], env: d.env });
    if (inner) a.walkSource(w, inner, 'a command of concurrently', d.at);
  }
  return true;
};

// -----------------------------------------------------------------------------------------------------
// Programs that run a shell string, or type one into a shell: flock -c, sg, nix-shell --run, at/batch,
// tmux (new-session/new-window/split-window/respawn-*, run-shell, send-keys) and screen (CMD, -X stuff)
// -----------------------------------------------------------------------------------------------------

/** Walks `code` as shell text run by `label`; code only known at run time is an issue of its own. */
function runShellString(a: Analyzer, d: Draft, f: Frame, code: string, dynamic: boolean, label: string): void {
  const inner = a.deeper(f, label, d.at, { scope: copyScope(f.scope), stdin: { kind: 'inherit' }, redirects: [], env: d.env });
  if (!inner) return;
  if (dynamic && !/[$`]/.test(code)) a.issue('dynamic-command', `${label} runs shell code only known when it runs (${code})`, f, d.at);
  a.walkSource(code, inner, `the command of ${label}`, d.at);
}

/**
 * flock [options] FILE -c COMMAND | flock [options] FILE COMMAND [ARGS] | flock [options] FD. Options end at
 * the first operand (getopt "+"), so `-c` is looked for only right after the lock file.
 */
const flock: Dispatcher = (a, d, f) => {
  const s = scanOptions(d.argv, 1, { short: 'wEc', long: ['--timeout', '--wait', '--conflict-exit-code', '--command'] });
  const early = s.options.find((o) => o.name === '-c' || o.name === '--command');
  a.emit(d, f);
  if (early?.value !== undefined) {
    runShellString(a, d, f, early.value, d.dynamic[d.argv.indexOf(early.value)] ?? false, 'flock -c');
    return true;
  }
  const after = s.index + 1;
  const w = d.argv[after];
  if (w === '-c' || w === '--command') {
    if (d.argv[after + 1] !== undefined) runShellString(a, d, f, d.argv[after + 1], d.dynamic[after + 1], 'flock -c');
    return true;
  }
  if (w?.startsWith('--command=')) { runShellString(a, d, f, w.slice(10), d.dynamic[after], 'flock -c'); return true; }
  const inner = a.deeper(f, 'flock', d.at);
  if (inner && after < d.argv.length) a.dispatch(sub(d, after), inner);
  return true;
};

/** sg GROUP [-c] COMMAND: COMMAND is a shell string. */
const sg: Dispatcher = (a, d, f) => {
  a.emit(d, f);
  let i = d.argv[1] === '-' ? 2 : 1;
  i++; // the group
  if (d.argv[i] === '-c') i++;
  if (d.argv[i] !== undefined) runShellString(a, d, f, d.argv.slice(i).join(' '), d.dynamic.slice(i).some(Boolean), 'sg');
  return true;
};

/** nix-shell --run CMD / --command CMD: a shell string run inside the environment. */
const nixShell: Dispatcher = (a, d, f) => {
  a.emit(d, f);
  for (let i = 1; i < d.argv.length; i++) {
    if ((d.argv[i] === '--run' || d.argv[i] === '--command') && d.argv[i + 1] !== undefined) runShellString(a, d, f, d.argv[i + 1], d.dynamic[i + 1], `nix-shell ${d.argv[i]}`);
  }
  return true;
};

/** nix develop|shell … -c|--command CMD ARGS: the rest of argv is the command. */
const nix: Dispatcher = (a, d, f) => {
  // nix run nixpkgs#terraform -- destroy -auto-approve: the package's main program with the words after --
  if (d.argv[1] === 'run') {
    const installable = d.argv.slice(2).find((w) => !w.startsWith('-'));
    if (!installable) return false;
    const program = (installable.split('#')[1] ?? installable).split('.').pop() ?? '';
    if (!/^[\w.+-]+$/.test(program) || d.dynamic[d.argv.indexOf(installable)]) return false;
    const dash = d.argv.indexOf('--');
    a.emit(d, f);
    const inner = a.deeper(f, `nix run ${installable}`, d.at);
    if (inner) a.dispatch({ ...d, argv: [program, ...(dash >= 0 ? d.argv.slice(dash + 1) : [])], dynamic: [false, ...(dash >= 0 ? d.dynamic.slice(dash + 1) : [])] }, inner);
    return true;
  }
  if (d.argv[1] !== 'develop' && d.argv[1] !== 'shell') return false;
  const at = d.argv.findIndex((w, k) => k > 1 && (w === '-c' || w === '--command'));
  if (at < 0) return false;
  a.emit(d, f);
  const inner = a.deeper(f, `nix ${d.argv[1]} -c`, d.at);
  if (inner && at + 1 < d.argv.length) a.dispatch(sub(d, at + 1), inner);
  return true;
};

/**
 * Terraform orchestrators that run terraform for a component or stack: `atmos terraform SUB COMPONENT -s STACK
 * [args]` (`deploy` is apply -auto-approve), `terraspace up|down STACK [-y]` (apply/destroy; -y skips the prompt),
 * `terraspace all up|down`. Judged as the terraform command they run.
 */
const tfOrchestrator: Dispatcher = (a, d, f) => {
  const tool = baseName(d.argv[0]);
  let tf: string[] | null = null;
  if (tool === 'atmos' && d.argv[1] === 'terraform' && d.argv[2] && !d.argv[2].startsWith('-')) {
    const sub = d.argv[2];
    const rest = d.argv.slice(4).filter((w, k, arr) => !['-s', '--stack'].includes(w) && !['-s', '--stack'].includes(arr[k - 1] ?? ''));
    tf = sub === 'deploy' ? ['terraform', 'apply', '-auto-approve', ...rest] : ['terraform', sub, ...rest];
  } else if (tool === 'terraspace') {
    const words = d.argv.slice(1).filter((w) => w !== 'all');
    const verb = words[0];
    const yes = d.argv.includes('-y') || d.argv.includes('--yes') || d.argv.includes('--auto');
    if (verb === 'up' || verb === 'down') tf = ['terraform', verb === 'up' ? 'apply' : 'destroy', ...(yes ? ['-auto-approve'] : [])];
  }
  if (!tf) return false;
  a.emit(d, f);
  const inner = a.deeper(f, `${tool} ${d.argv[1] ?? ''}`.trim(), d.at);
  if (inner) a.dispatch({ ...d, argv: tf, dynamic: tf.map(() => false) }, inner);
  return true;
};

/**
 * Ansible: `ansible HOSTS -m shell|command|raw -a ARGS` runs ARGS on the hosts; `ansible-playbook PLAY.yml` runs
 * its tasks, whose shell/command/raw/script modules are read from the playbook (the `yaml` package, loaded on use).
 * Other modules (state=absent…) are the iac pack's.
 */
const SHELL_MODULES = /^(?:ansible\.builtin\.|ansible\.legacy\.)?(shell|command|raw)$/;
const ansible: Dispatcher = (a, d, f) => {
  a.emit(d, f);
  const tool = baseName(d.argv[0]);
  const label = tool;
  if (tool === 'ansible') {
    const m = d.argv.findIndex((w) => w === '-m' || w === '--module-name');
    const args = d.argv.findIndex((w) => w === '-a' || w === '--args');
    if (m < 0 || args < 0 || !SHELL_MODULES.test(d.argv[m + 1] ?? '') || d.argv[args + 1] === undefined) return true;
    if (d.argv.includes('--check') || d.argv.includes('-C')) return true;
    runShellString(a, d, f, d.argv[args + 1], d.dynamic[args + 1] ?? false, `ansible -m ${d.argv[m + 1]}`);
    return true;
  }
  if (d.argv.some((w) => ANSIBLE_NO_RUN_OPTIONS.includes(w))) return true;
  const Y = yaml();
  for (const book of ansiblePlaybookOperands(d.argv.slice(1))) {
    const text = a.readFile(posix.resolve(f.scope.cwd, book));
    if (text === null) continue; // no such playbook: ansible-playbook stops, nothing runs (as bash x.sh with no x.sh)
    let plays: unknown;
    try { plays = Y.parse(text); } catch (e) { a.issue('unreadable-script', `${label}: ${book} is not valid YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`, f, d.at); continue; }
    const commands: string[] = [];
    const visit = (task: unknown, depth: number): void => {
      if (depth > 8 || task === null || typeof task !== 'object') return;
      if (Array.isArray(task)) { for (const t of task) visit(t, depth + 1); return; }
      for (const [key, value] of Object.entries(task as Record<string, unknown>)) {
        if (['tasks', 'pre_tasks', 'post_tasks', 'handlers', 'block', 'rescue', 'always'].includes(key)) visit(value, depth + 1);
        else if (SHELL_MODULES.test(key)) {
          const cmd = typeof value === 'string' ? value : value && typeof value === 'object' ? (value as Record<string, unknown>).cmd ?? (value as Record<string, unknown>)._raw_params : undefined;
          if (typeof cmd === 'string') commands.push(cmd);
        }
      }
    };
    visit(plays, 0);
    // a Jinja expression is a value known only when the play runs: written as a variable the rules cannot resolve
    for (const c of commands) runShellString(a, d, f, c.replace(/\{\{\s*([A-Za-z_][\w.]*)[^}]*\}\}/g, (_m, v: string) => `\${ANSIBLE_${v.replace(/\./g, '_')}}`), false, `${label} ${book}`);
  }
  return true;
};

/** at/batch read the job's shell script from stdin or from -f FILE. Listing, removing and showing jobs run nothing. */
const atCmd: Dispatcher = (a, d, f) => {
  const s = scanOptions(d.argv, 1, { short: 'fqt' });
  a.emit(d, f);
  if (has(s, '-l', '-r', '-d', '-c', '-V')) return true;
  const file = s.options.find((o) => o.name === '-f')?.value;
  const script = file !== undefined ? a.readFile(posix.resolve(f.scope.cwd, file)) ?? undefined : stdinText(a, d.stdin, f.scope.cwd);
  if (script === undefined) return true;
  const inner = a.deeper(f, baseName(d.argv[0]), d.at, { scope: copyScope(f.scope), stdin: { kind: 'inherit' }, redirects: [] });
  if (inner) a.walkSource(script, inner, `the job given to ${baseName(d.argv[0])}`, d.at);
  return true;
};

/** tmux commands that start a shell command, with the options of each that take a value. */
const TMUX_VALUE_OPTIONS: Record<string, string> = {
  'new-session': 'cefFnstxy', 'new-window': 'ceFnt', 'split-window': 'ceFlt', 'respawn-pane': 'cet', 'respawn-window': 'cet',
  'run-shell': 'cdt', 'display-popup': 'bcdehSsTtwxy',
};
const TMUX_ALIASES: Record<string, string> = { new: 'new-session', neww: 'new-window', splitw: 'split-window', respawnp: 'respawn-pane', respawnw: 'respawn-window', run: 'run-shell', popup: 'display-popup' };
/** send-keys key names that are not text (Enter, C-m, Escape…). */
const TMUX_KEY_NAME = /^(?:Enter|Escape|Tab|BSpace|Space|Up|Down|Left|Right|Home|End|NPage|PPage|PageUp|PageDown|IC|DC|F\d+|[CMS]-.+)$/;

/** tmux: the commands that start a shell command in a pane, and send-keys typing text into one. */
const tmux: Dispatcher = (a, d, f) => {
  a.emit(d, f);
  let i = 1;
  while (i < d.argv.length && d.argv[i].startsWith('-')) i += /^-[LSf]$/.test(d.argv[i]) ? 2 : 1;
  const verb = d.argv[i];
  if (verb === undefined) return true;
  i++;
  if (verb === 'send-keys' || verb === 'send') {
    const text: string[] = [];
    let literal = false;
    for (; i < d.argv.length; i++) {
      const w = d.argv[i];
      if (w === '-l') { literal = true; continue; }
      if (/^-[tNc]$/.test(w)) { i++; continue; }
      if (/^-[a-zA-Z]+$/.test(w)) continue;
      if (!literal && TMUX_KEY_NAME.test(w)) { text.push(/^(?:Enter|C-m|C-j)$/.test(w) ? '\n' : ' '); continue; }
      text.push(w);
    }
    const typed = text.join('').trim();
    if (typed) runShellString(a, d, f, typed, d.dynamic.some(Boolean), 'tmux send-keys');
    return true;
  }
  const values = TMUX_VALUE_OPTIONS[TMUX_ALIASES[verb] ?? verb];
  if (values === undefined) return true;
  for (; i < d.argv.length; i++) {
    const w = d.argv[i];
    if (w === '--') { i++; break; }
    if (!w.startsWith('-') || w === '-') break;
    // a cluster of flags may end in one that takes a value (-dn NAME); -nNAME carries it
    const last = w[w.length - 1];
    const firstValue = [...w.slice(1)].findIndex((c) => values.includes(c));
    if (firstValue === w.length - 2 && values.includes(last)) i++;
  }
  if (i >= d.argv.length) return true;
  // one word: tmux runs it with the shell; several: as a command and its arguments
  if (i === d.argv.length - 1) runShellString(a, d, f, d.argv[i], d.dynamic[i], `tmux ${verb}`);
  else {
    const inner = a.deeper(f, `tmux ${verb}`, d.at);
    if (inner) a.dispatch(sub(d, i, { stdin: { kind: 'inherit' }, redirects: [] }), inner);
  }
  return true;
};

/** screen [options] [CMD ARGS]: runs CMD in a new window; `screen -X stuff TEXT` types TEXT into one. */
const screen: Dispatcher = (a, d, f) => {
  a.emit(d, f);
  let i = 1;
  for (; i < d.argv.length; i++) {
    const w = d.argv[i];
    if (!w.startsWith('-')) break;
    if (w === '-X') {
      const cmd = d.argv.slice(i + 1);
      if (cmd[0] === 'stuff' && cmd[1] !== undefined) runShellString(a, d, f, cmd[1].replace(/\\n|\^M|\r/g, '\n'), d.dynamic[i + 2], 'screen -X stuff');
      return true;
    }
    // options that take a value, alone or at the end of a cluster (-dmS name)
    if (/^-(?:[a-zA-Z]*[SceEhpTt]|Logfile)$/.test(w) && !/^-(?:ls|list|wipe|ln|fn|fa)$/.test(w)) i++;
  }
  const inner = a.deeper(f, 'screen', d.at);
  if (inner && i < d.argv.length) a.dispatch(sub(d, i, { stdin: { kind: 'inherit' }, redirects: [] }), inner);
  return true;
};

/**
 * rimraf / del-cli (`del`): Node's rm -rf for paths and globs. Judged as the rm -rf they are, unless a dry
 * run lists the paths only.
 */
const rimrafLike: Dispatcher = (a, d, f) => {
  const name = baseName(d.argv[0]);
  const operands = d.argv.map((w, k) => ({ w, k })).filter(({ w, k }) => k > 0 && !w.startsWith('-'));
  if (operands.length === 0 || d.argv.some((w) => w === '--dry-run' || (name !== 'rimraf' && w === '-d'))) return false;
  a.emit(d, f);
  const inner = a.deeper(f, name, d.at);
  if (inner) {
    a.dispatch({ ...d, argv: ['rm', '-rf', ...operands.map((o) => o.w)], dynamic: [false, false, ...operands.map((o) => d.dynamic[o.k])] }, inner);
  }
  return true;
};

/** gdb … --args PROGRAM ARGS runs PROGRAM when the session says run (a batch -ex run does at once). */
const gdb: Dispatcher = (a, d, f) => {
  const at = d.argv.indexOf('--args');
  if (at < 0) return false;
  return unwrapAt(a, d, f, at + 1, 'gdb --args');
};

/**
 * Runs for every command before its own dispatcher (hooks.ts): shell code in its options or in a pager/editor
 * variable is walked as well. Never replaces the command's own handling (always answers false).
 */
const embedded: Dispatcher = (a, d, f) => {
  const found = embeddedCode(d);
  if (found.length === 0) return false;
  const wrapper = baseName(d.argv[0] ?? '') in DISPATCHERS;
  for (const e of found) {
    // a wrapper passes its environment on to the command it runs, which is judged with it
    if (e.label.startsWith('$') && (wrapper || e.dynamic)) continue;
    const inner = a.deeper(f, e.label, d.at, { scope: copyScope(f.scope), stdin: { kind: 'inherit' }, redirects: [] });
    if (!inner) continue;
    if (e.kind === 'js') { runInterpreterActions(a, interpreterActions('node', e.code), inner, d, e.label); continue; }
    // text that does not parse as shell is refused by sh -c too: it runs nothing, so its parse error is not the command's
    const before = a.issues.length;
    a.walkSource(e.code, inner, `the command of ${e.label}`, d.at);
    dropParseErrorsSince(a, before);
  }
  return false;
};

export const DISPATCHERS: Record<string, Dispatcher> = {
  sudo, doas, env: envCmd, command: commandBuiltin, builtin, exec, nohup, time: timeCmd, timeout, nice, ionice, stdbuf,
  chroot: chrootLike('chroot', { long: ['--userspec', '--groups'] }, 1),
  setsid: chrootLike('setsid', {}, 0),
  unbuffer: chrootLike('unbuffer', {}, 0),
  chronic: chrootLike('chronic', {}, 0),
  rimraf: rimrafLike, 'del-cli': rimrafLike, del: rimrafLike,
  flock, sg, 'nix-shell': nixShell, nix, at: atCmd, batch: atCmd, tmux, screen, gdb,
  run0: chrootLike('run0', { short: 'ugD', long: ['--user', '--group', '--unit', '--property', '--description', '--slice', '--setenv', '--nice', '--chdir', '--machine', '--background'] }, 0),
  toybox: (a, d, f) => unwrapAt(a, d, f, 1, 'toybox'),
  chrt: chrootLike('chrt', { short: 'T', long: ['--sched-runtime', '--sched-period', '--sched-deadline'] }, 1),
  taskset: chrootLike('taskset', {}, 1),
  unshare: chrootLike('unshare', { short: 'SGRw', long: ['--setuid', '--setgroups', '--root', '--wd', '--map-user', '--map-group', '--propagation', '--kill-child'] }, 0),
  nsenter: chrootLike('nsenter', { short: 'tSGrwZ', long: ['--target', '--setuid', '--setgid', '--root', '--wd'] }, 0),
  fakeroot: chrootLike('fakeroot', { short: 'lsib', long: ['--lib', '--faked'] }, 0),
  eatmydata: chrootLike('eatmydata', {}, 0),
  nocache: chrootLike('nocache', {}, 0),
  catchsegv: chrootLike('catchsegv', {}, 0),
  valgrind: chrootLike('valgrind', {}, 0),
  watch, xargs, find, ssh, docker, podman: docker, kubectl, oc: kubectl,
  eval: evalCmd, source, '.': source, cd, pushd: cd, popd: cd,
  make, gmake: make, just: make, task: make, 'go-task': make,
  pwsh: powershell, powershell: powershell, 'pwsh-preview': powershell, aws: awsCli,
  'npm-run-all': scriptRunner, 'run-s': scriptRunner, 'run-p': scriptRunner, concurrently: scriptRunner,
  atmos: tfOrchestrator, terraspace: tfOrchestrator, ansible, 'ansible-playbook': ansible,
  awk, gawk: awk, mawk: awk, nawk: awk, busybox_awk: awk,
  su, runuser: su, trap, git, alias,
  parallel,
  script: scriptCmd, expect: expectCmd,
  '/': scriptPath,
  '*': embedded,
};
for (const s of SHELLS) DISPATCHERS[s] = shell;
for (const p of PACKAGE_MANAGERS) DISPATCHERS[p] = packageManager;
for (const r of Object.keys(RUNNERS)) {
  const run = runnerFor(r);
  const existing = DISPATCHERS[r];
  // pnpm/yarn: `exec`/`dlx` run a command; anything else is a package script
  DISPATCHERS[r] = existing ? (a, d, f) => run(a, d, f) || existing(a, d, f) : run;
}
for (const name of Object.keys(INTERPRETERS)) {
  for (const v of INTERPRETERS[name].commands) {
    // bun is a package manager and a runner too: only `bun -e CODE` is the interpreter
    const existing = DISPATCHERS[v];
    DISPATCHERS[v] = existing ? (a, d, f) => (interpreterCode(name, d.argv).kind === 'code' ? interpreter(a, d, f) : existing(a, d, f)) : interpreter;
  }
}
