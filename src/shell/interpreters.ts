/**
 * Interpreter one-liners (python -c, node -e, perl -e, ruby -e, php -r) and interpreter scripts: finds the
 * commands they would run (os.system, subprocess, child_process, system, backticks...) and turns
 * destructive library calls into the equivalent shell command (shutil.rmtree(p) -> rm -rf p), so the
 * command rules apply to them. Code that cannot be read is not a finding by itself: only a call that runs
 * a command built at run time is reported ('opaque').
 */

export type InterpreterAction =
  | { kind: 'shell'; code: string }
  | { kind: 'argv'; argv: string[]; dynamic: boolean[]; text: string }
  | { kind: 'opaque'; text: string };

interface Family {
  commands: readonly string[];
  /** Options that carry code. */
  codeFlags: readonly string[];
  /** Options that take a value (skipped). */
  valueFlags: readonly string[];
  /** Options after which no code is run from argv (a module, a version query). */
  otherFlags?: readonly string[];
  /** Several code options are joined (perl -e, ruby -e). */
  joinCode?: boolean;
}

export const INTERPRETERS: Record<string, Family> = {
  python: { commands: ['python', 'python2', 'python3', 'pypy', 'pypy3'], codeFlags: ['-c'], valueFlags: ['-W', '-X', '-Q'], otherFlags: ['-m', '-V', '--version', '-h', '--help'] },
  node: { commands: ['node', 'nodejs', 'deno', 'tsx', 'ts-node', 'bun'], codeFlags: ['-e', '--eval', '-p', '--print'], valueFlags: ['-r', '--require', '--import', '--loader', '--experimental-loader', '--input-type', '--conditions', '-C', '--title', '--env-file', '--inspect-port', '--redirect-warnings', '--unhandled-rejections', '--dns-result-order', '--openssl-config', '--icu-data-dir', '--cpu-prof-dir', '--heap-prof-dir', '--diagnostic-dir', '--report-dir', '--report-filename', '--experimental-policy', '--secure-heap', '--stack-trace-limit'], otherFlags: ['-v', '--version', '-h', '--help'] },
  perl: { commands: ['perl'], codeFlags: ['-e', '-E'], valueFlags: ['-I', '-M', '-m'], otherFlags: ['-v', '-V', '--version'], joinCode: true },
  ruby: { commands: ['ruby'], codeFlags: ['-e'], valueFlags: ['-r', '-I', '-C', '-E', '--encoding'], otherFlags: ['-v', '--version'], joinCode: true },
  php: { commands: ['php'], codeFlags: ['-r'], valueFlags: ['-d', '-c', '-z'], otherFlags: ['-v', '--version', '-m', '-i'] },
  lua: { commands: ['lua', 'luajit'], codeFlags: ['-e'], valueFlags: ['-l'], otherFlags: ['-v'], joinCode: true },
  r: { commands: ['Rscript', 'R'], codeFlags: ['-e'], valueFlags: ['--default-packages'], otherFlags: ['--version', '--help'], joinCode: true },
  julia: { commands: ['julia'], codeFlags: ['-e', '--eval', '-E', '--print'], valueFlags: ['-t', '--threads', '-p', '--procs', '--project', '-J', '--sysimage', '-O', '--optimize', '--color'], otherFlags: ['-v', '--version', '-h', '--help'] },
  applescript: { commands: ['osascript'], codeFlags: ['-e'], valueFlags: ['-l', '-s'], joinCode: true },
};

/**
 * The code an interpreter command runs from its argv: {code} for -c/-e, null when it runs a file, a module
 * or nothing at all, undefined when it reads its program from stdin.
 */
export type InterpreterInput =
  | { kind: 'code'; code: string; flag: string; at: number }
  /** Runs a script file or module named by argv[at]. */
  | { kind: 'script'; at: number }
  /** Runs nothing (version, help). */
  | { kind: 'none' }
  /** Reads its program from stdin. */
  | { kind: 'stdin' };

/** What an interpreter command runs, from its argv: code given with -c/-e, a script, stdin, or nothing. */
export function interpreterCode(family: string, argv: string[]): InterpreterInput {
  const spec = INTERPRETERS[family];
  const codes: string[] = [];
  let flag = '';
  let codeAt = -1;
  let i = 1;
  if (family === 'node' && argv[0].replace(/^.*\//, '') === 'deno') {
    if (argv[1] === 'eval') return argv[2] !== undefined ? { kind: 'code', code: argv[2], flag: 'eval', at: 2 } : { kind: 'none' };
    return argv[1] === 'run' && argv[2] !== undefined ? { kind: 'script', at: argv.findIndex((w, k) => k > 1 && !w.startsWith('-')) } : { kind: 'none' };
  }
  const codeLetters = spec.codeFlags.filter((f) => /^-[a-zA-Z]$/.test(f)).map((f) => f[1]);
  while (i < argv.length) {
    const w = argv[i];
    if (w === '-') return { kind: 'stdin' };
    if (w === '--') { i++; break; }
    if (!w.startsWith('-')) break;
    const longCode = spec.codeFlags.find((f) => f.startsWith('--') && (w === f || w.startsWith(`${f}=`)));
    // -c CODE, -cCODE, clusters ending in a code letter (-vc, -pe, -ne, -lne), --eval CODE, --eval=CODE
    const cluster = /^-([a-zA-Z]+)$/.exec(w);
    const clusterCode = !longCode && cluster && codeLetters.includes(cluster[1].slice(-1)) && (family !== 'python' || !/[mWX]/.test(cluster[1].slice(0, -1)));
    const attachedCode = !longCode && !clusterCode && codeLetters.find((l) => w.startsWith(`-${l}`) && w.length > 2 && !w.startsWith('--') && family !== 'perl' && family !== 'ruby');
    if (longCode || clusterCode || attachedCode) {
      let code: string | undefined;
      let at: number;
      if (longCode && w.startsWith(`${longCode}=`)) { code = w.slice(longCode.length + 1); at = i; i += 1; }
      else if (attachedCode) { code = w.slice(2); at = i; i += 1; }
      else { code = argv[i + 1]; at = i + 1; i += 2; }
      if (code === undefined) return { kind: 'none' };
      codes.push(code);
      flag = longCode ?? `-${clusterCode ? cluster![1].slice(-1) : attachedCode}`;
      if (codeAt < 0) codeAt = at;
      if (!spec.joinCode) return { kind: 'code', code, flag, at };
      continue;
    }
    if (spec.otherFlags?.includes(w)) return w === '-m' ? { kind: 'script', at: i + 1 } : { kind: 'none' };
    if (spec.valueFlags.includes(w)) { i += 2; continue; }
    i++;
  }
  if (codes.length) return { kind: 'code', code: codes.join('\n'), flag, at: codeAt };
  return i < argv.length ? { kind: 'script', at: i } : { kind: 'stdin' };
}

// -----------------------------------------------------------------------------------------------------
// Reading literals in source code
// -----------------------------------------------------------------------------------------------------

interface Lit { value: string; dynamic: boolean }

const QUOTES = new Set(["'", '"', '`']);

/** Reads a string literal starting at code[i] (after an optional python prefix). */
function readString(code: string, start: number): { lit: Lit; end: number } | null {
  let i = start;
  const prefix = /^[rRbBuUfF]{0,2}(?=['"])/.exec(code.slice(i))?.[0] ?? '';
  i += prefix.length;
  const q = code[i];
  if (!QUOTES.has(q)) return null;
  const triple = code.startsWith(q.repeat(3), i) && q !== '`';
  const close = triple ? q.repeat(3) : q;
  i += close.length;
  const raw = /r/i.test(prefix);
  let value = '';
  const dynamic = /f/i.test(prefix);
  while (i < code.length) {
    if (code.startsWith(close, i)) {
      return { lit: { value, dynamic: dynamic || (q === '`' && /\$\{/.test(value)) || (q === '"' && /#\{/.test(value)) }, end: i + close.length };
    }
    const c = code[i];
    if (c === '\\' && !raw && i + 1 < code.length) {
      const n = code[i + 1];
      const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"', '`': '`', $: '$' };
      value += map[n] ?? `\\${n}`;
      i += 2;
      continue;
    }
    if (c === '\n' && !triple && q !== '`') return null;
    value += c;
    i++;
  }
  return null; // unterminated
}

/** Splits call arguments starting just after '(' (or after the name, for paren-less perl/ruby calls). */
function readArgs(code: string, start: number, paren: boolean): { args: string[]; end: number } {
  const args: string[] = [];
  let depth = 0;
  let cur = '';
  let i = start;
  while (i < code.length) {
    const c = code[i];
    if (QUOTES.has(c) || (/[rRbBfFuU]/.test(c) && QUOTES.has(code[i + 1] ?? '') && !/\w/.test(code[i - 1] ?? ''))) {
      const s = readString(code, i);
      if (s) { cur += code.slice(i, s.end); i = s.end; continue; }
    }
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) {
      if (depth === 0) { if (cur.trim()) args.push(cur.trim()); return { args, end: i + 1 }; }
      depth--;
    }
    if (!paren && depth === 0 && (c === ';' || c === '\n' || /^\s(?:if|unless|or|and)\b/.test(code.slice(i, i + 8)))) break;
    if (c === ',' && depth === 0) { args.push(cur.trim()); cur = ''; i++; continue; }
    cur += c;
    i++;
  }
  if (cur.trim()) args.push(cur.trim());
  return { args, end: i };
}

/**
 * Names bound to a string literal in the code being read (`d = ".git"`, `const p = '/srv'`), for arguments
 * that name them. Set by interpreterActions for the duration of one read.
 */
let boundStrings: ReadonlyMap<string, string> = new Map();

/** `NAME = 'literal'` (python, ruby, lua), `const|let|var NAME = 'literal'` (js), `$NAME = 'literal'` (perl, php). */
function stringBindings(code: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of code.matchAll(/(?:^|[;\n{]|\b(?:const|let|var|local|my|our)\s)\s*(\$?[A-Za-z_]\w*)\s*=\s*(?=[rRbBuU]?['"`])/g)) {
    const s = readString(code, (m.index ?? 0) + m[0].length);
    if (!s || s.lit.dynamic) continue;
    // the whole right-hand side is the literal (not `d = "x" + y`)
    if (!/^[ \t]*(?:$|[;\n)}#]|\/\/)/.test(code.slice(s.end))) continue;
    // bound twice to different values: unknown which holds where it is used
    if (out.has(m[1]) && out.get(m[1]) !== s.lit.value) { out.set(m[1], '\u0000'); continue; }
    out.set(m[1], s.lit.value);
  }
  // a fresh temporary directory: tempfile.mkdtemp(), fs.mkdtempSync(…), Dir.mktmpdir
  for (const m of code.matchAll(/(?:^|[;\n{]|\b(?:const|let|var|local|my|our)\s)\s*(\$?[A-Za-z_]\w*)\s*=\s*(?:tempfile\.mkdtemp|(?:fs\.)?mkdtempSync|Dir\.mktmpdir|File::Temp->newdir)\s*\(/g)) {
    if (!out.has(m[1])) out.set(m[1], '/tmp/tmp.XXXXXXXX');
  }
  for (const [k, v] of out) if (v === '\u0000') out.delete(k);
  return out;
}

/** A whole-argument literal: 'x', "x", or a non-literal expression kept as written (dynamic). */
function literalArg(arg: string): Lit {
  const s = readString(arg, 0);
  if (s && s.end === arg.length) return s.lit;
  const bound = boundStrings.get(arg.trim());
  if (bound !== undefined) return { value: bound, dynamic: false };
  // glob("/etc/*") / <*.log>: a glob pattern, which the equivalent shell command leaves as written
  const glob = /^(?:glob\s*\(\s*|<)([\s\S]*?)\s*(?:\)|>)$/.exec(arg);
  if (glob) {
    const g = readString(glob[1], 0);
    if (g && g.end === glob[1].length) return g.lit;
  }
  // "a" + "b" concatenations of literals
  const parts = arg.split(/\s*[+.]\s*/);
  if (parts.length > 1) {
    const lits = parts.map((p) => readString(p, 0));
    if (lits.every((l, k) => l && l.end === parts[k].length)) return { value: lits.map((l) => l!.lit.value).join(''), dynamic: lits.some((l) => l!.lit.dynamic) };
  }
  return { value: arg, dynamic: true };
}

/** ['a', 'b'] / ("a", "b") / qw(a b) as argv; null when the argument is not a list literal. */
function listArg(arg: string): Lit[] | null {
  const t = arg.trim();
  const qw = /^qw\s*[([{/]([\s\S]*)[)\]}/]$/.exec(t);
  if (qw) return qw[1].split(/\s+/).filter(Boolean).map((value) => ({ value, dynamic: false }));
  const m = /^[[(]([\s\S]*)[\])]$/.exec(t);
  if (!m) return null;
  return readArgs(`${m[1]})`, 0, true).args.map(literalArg);
}

function argvAction(words: Lit[], text: string): InterpreterAction {
  return { kind: 'argv', argv: words.map((w) => w.value), dynamic: words.map((w) => w.dynamic), text };
}

function shellOrOpaque(arg: Lit, text: string): InterpreterAction {
  return arg.dynamic && !/\s/.test(arg.value.trim()) ? { kind: 'opaque', text } : { kind: 'shell', code: arg.value };
}

/** A call that runs a command: one string (through a shell) or a list (argv). */
function commandCall(args: string[], text: string, shellByDefault: boolean): InterpreterAction | null {
  if (args.length === 0) return null;
  const list = listArg(args[0]);
  if (list) return argvAction(list, text);
  const shellFlag = args.slice(1).some((a) => /shell\s*[=:]\s*(True|true)/.test(a));
  const rest = args.slice(1).map((a) => listArg(a)).find((l) => l !== null);
  const first = literalArg(args[0]);
  if (rest && !shellFlag) return argvAction([first, ...rest], text);
  if (args.length > 1 && !shellByDefault && !shellFlag && !rest) {
    // perl/ruby system('rm', '-rf', 'x'): several words, no shell
    const words = args.filter((a) => !/^\{|^\w+\s*[=:]/.test(a)).map(literalArg);
    if (words.length > 1) return argvAction(words, text);
  }
  return shellOrOpaque(first, text);
}

/** Destructive library call -> shell equivalent. `recursive` decides rm -rf for fs.rm-style calls. */
function libraryCall(command: string[], args: string[], text: string, paths = 1): InterpreterAction | null {
  if (args.length < paths) return null;
  const words = args.slice(0, paths).map(literalArg);
  return argvAction([...command.map((value) => ({ value, dynamic: false })), ...words], text);
}

// -----------------------------------------------------------------------------------------------------
// Per-language call tables
// -----------------------------------------------------------------------------------------------------

type CallHandler = (args: string[], text: string) => InterpreterAction | null;

interface CallPattern { re: RegExp; handle: CallHandler; parenOptional?: boolean }

const rmRf = (args: string[], text: string) => libraryCall(['rm', '-rf'], args, text);
const rm = (args: string[], text: string) => libraryCall(['rm'], args, text);
const rmF = (args: string[], text: string) => libraryCall(['rm', '-f'], args, text);
const rmdir = (args: string[], text: string) => libraryCall(['rmdir'], args, text);
const mv = (args: string[], text: string) => libraryCall(['mv'], args, text, 2);
const cp = (args: string[], text: string) => libraryCall(['cp'], args, text, 2);
const shellCall: CallHandler = (args, text) => (args.length ? shellOrOpaque(literalArg(args[0]), text) : null);
const runCall = (shellByDefault: boolean): CallHandler => (args, text) => commandCall(args, text, shellByDefault);

/** fs.rmSync(p, { recursive: true, force: true }) and friends. */
const nodeRm: CallHandler = (args, text) => {
  const opts = args.slice(1).join(',');
  const flags = `${/recursive\s*:\s*true/.test(opts) ? 'r' : ''}${/force\s*:\s*true/.test(opts) ? 'f' : ''}`;
  return libraryCall(flags ? ['rm', `-${flags}`] : ['rm'], args, text);
};
const nodeRmdir: CallHandler = (args, text) => (/recursive\s*:\s*true/.test(args.slice(1).join(',')) ? libraryCall(['rm', '-rf'], args, text) : rmdir(args, text));
/** Path('x').unlink() / .rmdir(): the path is the argument of Path(). */
const pathMethod = (command: string[]): CallHandler => (args, text) => libraryCall(command, args, text);

const PATTERNS: Record<string, CallPattern[]> = {
  python: [
    { re: /\bos\.(?:system|popen)\s*\(/g, handle: shellCall },
    { re: /\b(?:subprocess|commands)\.(?:getoutput|getstatusoutput)\s*\(/g, handle: shellCall },
    { re: /\b(?:subprocess\.)?(?:run|call|check_call|check_output|Popen)\s*\(/g, handle: runCall(false) },
    { re: /\bos\.exec[lv]p?e?\s*\(/g, handle: (args, text) => (args.length > 1 ? commandCall(args.slice(1).length === 1 && listArg(args[1]) ? [args[1]] : [args.slice(1).join(',')], text, false) : null) },
    { re: /\bshutil\.rmtree\s*\(/g, handle: rmRf },
    { re: /\bos\.(?:remove|unlink)\s*\(/g, handle: rm },
    { re: /\bos\.(?:rmdir|removedirs)\s*\(/g, handle: rmdir },
    { re: /\b(?:shutil\.move|os\.rename|os\.replace)\s*\(/g, handle: mv },
    { re: /\bshutil\.(?:copy|copy2|copyfile)\s*\(/g, handle: cp },
    { re: /\bPath\s*\(([^()]*)\)\s*\.unlink\s*\(/g, handle: pathMethod(['rm']) },
    { re: /\bPath\s*\(([^()]*)\)\s*\.rmdir\s*\(/g, handle: pathMethod(['rmdir']) },
  ],
  node: [
    { re: /\b(?:execSync|exec)\s*\(/g, handle: runCall(true) },
    { re: /\b(?:spawnSync|spawn|execFileSync|execFile)\s*\(/g, handle: runCall(false) },
    { re: /\b(?:rmSync|rm)\s*\(/g, handle: nodeRm },
    { re: /\brmdirSync\s*\(|\brmdir\s*\(/g, handle: nodeRmdir },
    { re: /\b(?:unlinkSync|unlink)\s*\(/g, handle: rm },
    { re: /\b(?:renameSync|rename)\s*\(/g, handle: mv },
    { re: /\b(?:copyFileSync|copyFile|cpSync)\s*\(/g, handle: cp },
    { re: /\bDeno\.(?:removeSync|remove)\s*\(/g, handle: nodeRm },
    { re: /\bBun\.spawn(?:Sync)?\s*\(/g, handle: runCall(false) },
  ],
  perl: [
    { re: /\b(?:system|exec)\b\s*\(?/g, handle: runCall(false), parenOptional: true },
    { re: /\bqx\s*([({[/|])/g, handle: shellCall },
    { re: /\bunlink\b\s*\(?/g, handle: rm, parenOptional: true },
    { re: /\b(?:rmtree|remove_tree)\b\s*\(?/g, handle: rmRf, parenOptional: true },
    { re: /\brmdir\b\s*\(?/g, handle: rmdir, parenOptional: true },
    { re: /\brename\b\s*\(?/g, handle: mv, parenOptional: true },
  ],
  ruby: [
    { re: /\b(?:Kernel\.)?(?:system|exec|spawn)\b\s*\(?/g, handle: runCall(false), parenOptional: true },
    { re: /\b(?:IO\.popen|Open3\.(?:capture2e?|capture3|popen2e?|popen3))\s*\(?/g, handle: runCall(true), parenOptional: true },
    { re: /\bFileUtils\.(?:rm_rf|rm_r|remove_dir|remove_entry|remove_entry_secure|rmtree)\b\s*\(?/g, handle: rmRf, parenOptional: true },
    { re: /\bFileUtils\.rm_f\b\s*\(?/g, handle: rmF, parenOptional: true },
    { re: /\bFileUtils\.(?:rm|remove)\b\s*\(?/g, handle: rm, parenOptional: true },
    { re: /\bFile\.(?:delete|unlink)\b\s*\(?/g, handle: rm, parenOptional: true },
    { re: /\b(?:Dir\.(?:rmdir|delete|unlink)|FileUtils\.rmdir)\b\s*\(?/g, handle: rmdir, parenOptional: true },
    { re: /\b(?:FileUtils\.mv|File\.rename)\b\s*\(?/g, handle: mv, parenOptional: true },
  ],
  lua: [
    { re: /\b(?:os\.execute|io\.popen)\s*\(/g, handle: shellCall },
    { re: /\bos\.remove\s*\(/g, handle: rm },
    { re: /\bos\.rename\s*\(/g, handle: mv },
  ],
  r: [
    { re: /\bsystem\s*\(/g, handle: shellCall },
    { re: /\bsystem2\s*\(/g, handle: (args, text) => (args.length ? argvAction([literalArg(args[0]), ...(args[1] ? (listArg(args[1].replace(/^c\s*\(/, '(')) ?? [literalArg(args[1])]) : [])], text) : null) },
    { re: /\bunlink\s*\(/g, handle: (args, text) => libraryCall(args.slice(1).some((x) => /recursive\s*=\s*(TRUE|T)\b/.test(x)) ? ['rm', '-rf'] : ['rm', '-f'], args, text) },
    { re: /\bfile\.remove\s*\(/g, handle: rm },
    { re: /\bfile\.rename\s*\(/g, handle: mv },
  ],
  julia: [
    // keyword arguments follow a `;`: rm("x"; recursive=true)
    { re: /\brm\s*\(/g, handle: (raw, text) => { const args = raw.flatMap((x) => x.split(/\s*;\s*/)); return libraryCall(args.slice(1).some((x) => /recursive\s*=\s*true/.test(x)) ? ['rm', '-rf'] : ['rm'], args, text); } },
    { re: /\bmv\s*\(/g, handle: mv },
  ],
  applescript: [
    { re: /\bdo shell script\b\s*/g, handle: shellCall, parenOptional: true },
  ],
  php: [
    { re: /\b(?:system|exec|shell_exec|passthru|popen|proc_open)\s*\(/g, handle: shellCall },
    { re: /\bunlink\s*\(/g, handle: rm },
    { re: /\brmdir\s*\(/g, handle: rmdir },
    { re: /\brename\s*\(/g, handle: mv },
  ],
};

/** Backtick / %x() command strings (perl, ruby, php). */
function backtickCommands(code: string, family: string): InterpreterAction[] {
  if (family === 'python' || family === 'node' || family === 'lua' || family === 'r' || family === 'applescript') return [];
  const out: InterpreterAction[] = [];
  for (const m of code.matchAll(/`([^`]*)`|%x\(([^)]*)\)|%x\{([^}]*)\}|%x\[([^\]]*)\]/g)) {
    out.push({ kind: 'shell', code: m[1] ?? m[2] ?? m[3] ?? m[4] ?? '' });
  }
  return out;
}

/** Perl qx with any delimiter. */
function qxCommand(code: string, index: number, open: string): { code: string; end: number } {
  const close = ({ '(': ')', '{': '}', '[': ']' } as Record<string, string>)[open] ?? open;
  const end = code.indexOf(close, index);
  return { code: code.slice(index, end < 0 ? code.length : end), end: end < 0 ? code.length : end + 1 };
}

/** The commands a piece of interpreter code would run, in source order. */
export function interpreterActions(family: string, code: string): InterpreterAction[] {
  const found: Array<{ at: number; action: InterpreterAction }> = [];
  let stripped = stripComments(code, family);
  if (family === 'python') {
    // `import subprocess as sp` / `import shutil as sh`: read sp.run as subprocess.run
    for (const m of stripped.matchAll(/\bimport\s+(subprocess|os|shutil)\s+as\s+(\w+)/g)) {
      stripped = stripped.replace(new RegExp(`\\b${m[2]}\\.`, 'g'), `${m[1]}.`);
    }
    // __import__("shutil").rmtree(...) is shutil.rmtree(...)
    stripped = stripped.replace(/\b__import__\s*\(\s*['"](subprocess|os|shutil)['"]\s*\)\s*\./g, '$1.');
    // from shutil import rmtree [as rt]: a bare rmtree(...) / rt(...) is shutil.rmtree(...) (subprocess keeps its own check)
    for (const m of stripped.matchAll(/\bfrom\s+(os|shutil)\s+import\s+([\w\s,]+)/g)) {
      for (const item of m[2].split(',')) {
        const [name, as] = item.trim().split(/\s+as\s+/);
        if (!/^\w+$/.test(name ?? '')) continue;
        const local = as?.trim() || name;
        stripped = stripped.replace(new RegExp(`(^|[^.\\w])${local}\\s*\\(`, 'g'), `$1${m[1]}.${name}(`);
      }
    }
  }
  boundStrings = stringBindings(stripped);
  try {
    return actionsIn(family, stripped, found);
  } finally {
    boundStrings = new Map();
  }
}

function actionsIn(family: string, stripped: string, found: Array<{ at: number; action: InterpreterAction }>): InterpreterAction[] {
  const nodeHasChildProcess = /child_process/.test(stripped);
  for (const p of PATTERNS[family] ?? []) {
    p.re.lastIndex = 0;
    for (const m of stripped.matchAll(p.re)) {
      const at = m.index ?? 0;
      const before = stripped[at - 1] ?? '';
      if (family === 'node' && /exec|spawn/.test(m[0]) && !m[0].startsWith('Bun.') && !nodeHasChildProcess) continue;
      if (family === 'node' && before === '.' && /\b(?:rm|unlink|rename|rmdir|copyFile)\s*\(/.test(m[0]) && !/\b(?:fs|fsp|promises|fs\.promises)\s*\.\s*$/.test(stripped.slice(Math.max(0, at - 20), at))) continue;
      if (family === 'node' && before !== '.' && /^(?:rm|unlink|rename|rmdir|copyFile)\s*\(/.test(m[0]) && !/\{[^}]*\b(?:rm|unlink|rename|rmdir|copyFile)\b[^}]*\}\s*=\s*require\(['"]fs|import\s*\{[^}]*\b(?:rm|unlink|rename|rmdir|copyFile)\b/.test(stripped)) continue;
      if ((family === 'python') && /^(?:run|call|check_call|check_output|Popen)/.test(m[0]) && before === '.' && !stripped.slice(Math.max(0, at - 11), at).endsWith('subprocess.')) continue;
      if (family === 'python' && /^(?:run|call|check_call|check_output|Popen)/.test(m[0]) && before !== '.' && !new RegExp(`from\\s+subprocess\\s+import[^\\n]*\\b${m[0].replace(/\s*\($/, '')}\\b`).test(stripped)) continue;
      if ((family === 'perl' || family === 'ruby') && before === '.' && !/^(?:FileUtils|File|Dir|IO|Open3|Kernel)/.test(m[0])) continue;
      if (family === 'perl' && /^qx/.test(m[0])) {
        const q = qxCommand(stripped, at + m[0].length, m[1]);
        found.push({ at, action: { kind: 'shell', code: q.code } });
        continue;
      }
      let args: string[];
      let text: string;
      if (p.re.source.includes('Path\\s*\\(')) {
        args = [m[1]];
        text = m[0];
      } else {
        const paren = m[0].trimEnd().endsWith('(');
        if (!paren && !p.parenOptional) continue;
        const r = readArgs(stripped, at + m[0].length, paren);
        args = r.args;
        text = stripped.slice(at, r.end).trim();
        if (!paren && args.length === 0) continue;
      }
      const action = p.handle(args, text);
      if (action) found.push({ at, action });
    }
  }
  for (const b of backtickCommands(stripped, family)) found.push({ at: stripped.indexOf(b.kind === 'shell' ? b.code : ''), action: b });
  return found.sort((x, y) => x.at - y.at).map((f) => f.action);
}

/** Removes line comments (not inside strings, roughly) so that commented-out calls do not count. */
function stripComments(code: string, family: string): string {
  const marker = family === 'node' || family === 'php' ? '//' : family === 'lua' || family === 'applescript' ? '--' : '#';
  return code.split('\n').map((line) => {
    let inQuote: string | null = null;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (inQuote) { if (c === '\\') i++; else if (c === inQuote) inQuote = null; continue; }
      if (c === '"' || c === "'" || c === '`') { inQuote = c; continue; }
      if (line.startsWith(marker, i) && (marker !== '#' || family !== 'ruby' || line[i + 1] !== '{')) return line.slice(0, i);
    }
    return line;
  }).join('\n');
}
