/**
 * PowerShell code (`pwsh -Command …`, `powershell.exe -EncodedCommand …`, a .ps1 file) rewritten as the POSIX
 * shell commands it amounts to, so the command rules judge it: native programs pass through (`terraform destroy`
 * is the same program in both shells), and the cmdlets that delete, move or overwrite files become rm, mv, cp
 * and redirections. Not a full PowerShell: statements, pipelines, quoting (including here-strings), comments,
 * `$env:` variables, script blocks, sub-expressions, the call operator and `Invoke-Expression` are read; what
 * cannot be read is an error (the caller asks), never a silent allow.
 *
 * Paths: a drive root or drive path (`C:\`, `C:\Windows`) is mapped to `/` and `/Windows` so that the path
 * rules see an absolute path outside the project; `\` separators become `/`.
 */

interface Part { text: string; quoted: boolean }
interface Word { parts: Part[]; /** Raw PowerShell text (for parameters such as -Recurse). */ raw: string; bare: boolean }
type Token = { kind: 'word'; word: Word } | { kind: 'op'; op: string } | { kind: 'block'; code: string; sub: boolean };

const MAX_NESTING = 8;

export class PowerShellError extends Error {}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r';
}

/** The text of a balanced (…) or {…} starting at `open`, and the index after its closing bracket. */
function balanced(code: string, open: number): { inner: string; end: number } {
  const close = code[open] === '(' ? ')' : '}';
  const opener = code[open];
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '`') { i++; continue; }
    if (c === "'") { const e = code.indexOf("'", i + 1); if (e < 0) break; i = e; continue; }
    if (c === '"') { let j = i + 1; while (j < code.length && code[j] !== '"') j += code[j] === '`' ? 2 : 1; i = j; continue; }
    if (c === opener) depth++;
    else if (c === close && --depth === 0) return { inner: code.slice(open + 1, i), end: i + 1 };
  }
  throw new PowerShellError(`unbalanced ${opener} at offset ${open}`);
}

/** `$env:NAME`, `${env:NAME}`, `$name`, `$true`... read from `code` at `i` (a `$`). */
function variable(code: string, i: number): { part: Part; end: number } | null {
  const braced = /^\$\{(?:env:)?([^}]+)\}/i.exec(code.slice(i));
  if (braced) return { part: { text: `\${${braced[1]}}`, quoted: false }, end: i + braced[0].length };
  const m = /^\$(env:)?([A-Za-z_][A-Za-z0-9_]*|_)/i.exec(code.slice(i));
  if (!m) return null;
  const name = m[2];
  if (!m[1] && /^(true|false|null)$/i.test(name)) return { part: { text: `$${name}`, quoted: true }, end: i + m[0].length };
  return { part: { text: `\${${name === '_' ? 'PSItem' : name}}`, quoted: false }, end: i + m[0].length };
}

function tokenize(code: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    if (isSpace(c)) { i++; continue; }
    if (c === '`' && code[i + 1] === '\n') { i += 2; continue; } // line continuation
    if (c === '\n' || c === ';') { tokens.push({ kind: 'op', op: ';' }); i++; continue; }
    if (c === '#') { while (i < code.length && code[i] !== '\n') i++; continue; }
    if (c === '<' && code[i + 1] === '#') {
      const e = code.indexOf('#>', i + 2);
      if (e < 0) throw new PowerShellError(`unclosed block comment <# at offset ${i}`);
      i = e + 2;
      continue;
    }
    if (code.startsWith('&&', i) || code.startsWith('||', i)) { tokens.push({ kind: 'op', op: code.slice(i, i + 2) }); i += 2; continue; }
    if (c === '|') { tokens.push({ kind: 'op', op: '|' }); i++; continue; }
    if (c === '&' ) { tokens.push({ kind: 'op', op: '&' }); i++; continue; }
    if (c === '>' || (/[1-6*]/.test(c) && code[i + 1] === '>')) {
      const m = /^[1-6*]?>>?(?:&[12])?/.exec(code.slice(i))!;
      tokens.push({ kind: 'op', op: m[0] });
      i += m[0].length;
      continue;
    }
    if (c === '{' || c === '(' || (c === '$' && code[i + 1] === '(') || (c === '@' && (code[i + 1] === '(' || code[i + 1] === '{'))) {
      const open = c === '$' || c === '@' ? i + 1 : i;
      const b = balanced(code, open);
      tokens.push({ kind: 'block', code: b.inner, sub: c !== '{' && code[open] === '(' });
      i = b.end;
      continue;
    }
    // a word: bare text, quoted strings and variables run together until a space or an operator
    const word: Word = { parts: [], raw: '', bare: true };
    const start = i;
    while (i < code.length) {
      const ch = code[i];
      if (isSpace(ch) || ch === '\n' || ch === ';' || ch === '|' || ch === '&' || ch === '>' || ch === '(' || ch === ')' || ch === '{' || ch === '}') break;
      if (ch === '`') { word.parts.push({ text: code[i + 1] ?? '', quoted: true }); i += 2; continue; }
      if (ch === '@' && (code[i + 1] === "'" || code[i + 1] === '"') && code[i + 2] === '\n') {
        const q = code[i + 1];
        const e = code.indexOf(`\n${q}@`, i + 3);
        if (e < 0) throw new PowerShellError(`unclosed here-string @${q} at offset ${i}`);
        word.parts.push({ text: code.slice(i + 3, e), quoted: true });
        word.bare = false;
        i = e + 3;
        continue;
      }
      if (ch === "'") {
        let j = i + 1;
        let text = '';
        for (;;) {
          if (j >= code.length) throw new PowerShellError(`unclosed ' at offset ${i}`);
          if (code[j] === "'" && code[j + 1] === "'") { text += "'"; j += 2; continue; }
          if (code[j] === "'") break;
          text += code[j++];
        }
        word.parts.push({ text, quoted: true });
        word.bare = false;
        i = j + 1;
        continue;
      }
      if (ch === '"') {
        let j = i + 1;
        for (;;) {
          if (j >= code.length) throw new PowerShellError(`unclosed " at offset ${i}`);
          const d = code[j];
          if (d === '"' && code[j + 1] === '"') { word.parts.push({ text: '"', quoted: true }); j += 2; continue; }
          if (d === '"') break;
          if (d === '`') { const e = code[j + 1] ?? ''; word.parts.push({ text: ({ n: '\n', t: '\t', r: '\r', '0': '' } as Record<string, string>)[e] ?? e, quoted: true }); j += 2; continue; }
          if (d === '$' && code[j + 1] === '(') {
            const b = balanced(code, j + 1);
            word.parts.push({ text: `$(${translate(b.inner, 1)})`, quoted: false });
            j = b.end;
            continue;
          }
          if (d === '$') {
            const v = variable(code, j);
            if (v) { word.parts.push(v.part); j = v.end; continue; }
          }
          word.parts.push({ text: d, quoted: true });
          j++;
        }
        word.bare = false;
        i = j + 1;
        continue;
      }
      if (ch === '$') {
        const v = variable(code, i);
        if (v) { word.parts.push(v.part); i = v.end; continue; }
      }
      word.parts.push({ text: ch, quoted: false });
      i++;
    }
    if (i === start) throw new PowerShellError(`unexpected ${JSON.stringify(code[i])} at offset ${i}`);
    word.raw = code.slice(start, i);
    tokens.push({ kind: 'word', word });
  }
  return tokens;
}

/** The literal value of a word (variables as their bash form), for reading parameter values. */
function literal(w: Word): string {
  return w.parts.map((p) => p.text).join('');
}

/** A Windows path as the path rules should see it: `C:\` -> `/`, `C:\x\y` -> `/x/y`, `\` -> `/`. */
function posixPath(text: string): string {
  const drive = /^[A-Za-z]:(?:[\\/](.*))?$/s.exec(text);
  const rest = drive ? `/${drive[1] ?? ''}` : text;
  return rest.replace(/\\/g, '/');
}

/** Parts merged into runs: variables apart, adjacent literal text together (bare only when every piece is bare). */
function runs(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    const isVar = !p.quoted && p.text.startsWith('$');
    if (last && !isVar && !(!last.quoted && last.text.startsWith('$'))) out[out.length - 1] = { text: last.text + p.text, quoted: last.quoted || p.quoted };
    else out.push({ ...p });
  }
  return out;
}

/** One word for bash: literal text quoted where needed, variables and (bare) globs left for bash to expand. */
function bashWord(w: Word, asPath = false): string {
  return runs(w.parts).map((p) => (!p.quoted && p.text.startsWith('$') ? `"${p.text}"` : quoteLiteral(asPath ? posixPath(p.text) : p.text, !p.quoted))).join('') || "''";
}

/** Safe words stay as they are; bare PowerShell text keeps `~`, `*` and `?` for bash (Remove-Item expands them). */
function quoteLiteral(text: string, bare: boolean): string {
  if (text === '') return '';
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(text)) return text;
  if (bare) return text.split(/([*?~])/).map((s) => (s === '*' || s === '?' || s === '~' ? s : s ? quoteLiteral(s, false) : '')).join('');
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Is `raw` a switch or parameter `name` (case-insensitive, abbreviated to at least `min` letters)? */
function isParam(raw: string, name: string, min: number): boolean {
  const m = /^-([A-Za-z]+)(?::.*)?$/.exec(raw);
  if (!m) return false;
  const given = m[1].toLowerCase();
  return given.length >= min && name.toLowerCase().startsWith(given);
}

const REMOVE = new Set(['remove-item', 'rm', 'del', 'erase', 'rd', 'rmdir', 'ri']);
const MOVE = new Set(['move-item', 'mv', 'move', 'mi']);
const COPY = new Set(['copy-item', 'cp', 'copy', 'cpi']);
const OVERWRITE = new Set(['set-content', 'sc', 'out-file', 'clear-content', 'clc']);
const EVALUATE = new Set(['invoke-expression', 'iex']);
const START = new Set(['start-process', 'saps', 'start']);
/** Parameters of the file cmdlets that take a value (besides -Path/-Destination). */
const VALUED = ['filter', 'include', 'exclude', 'erroraction', 'warningaction', 'informationaction', 'stream', 'credential', 'encoding', 'value', 'inputobject', 'width', 'pipelinevariable', 'outvariable', 'errorvariable'];

/** Splits a file cmdlet's words into switches and path operands (positional, -Path, -LiteralPath, -Destination). */
function fileArgs(words: Word[]): { paths: Word[]; destination?: Word; recurse: boolean; force: boolean; whatIf: boolean } {
  const paths: Word[] = [];
  let destination: Word | undefined;
  let recurse = false;
  let force = false;
  let whatIf = false;
  for (let i = 0; i < words.length; i++) {
    const raw = words[i].bare ? words[i].raw : '';
    if (!raw.startsWith('-')) { paths.push(words[i]); continue; }
    const inline = raw.includes(':') ? raw.slice(raw.indexOf(':') + 1) : undefined;
    if (isParam(raw, 'Recurse', 1)) { recurse = !/^\$false$/i.test(inline ?? ''); continue; }
    if (isParam(raw, 'Force', 1)) { force = !/^\$false$/i.test(inline ?? ''); continue; }
    if (isParam(raw, 'WhatIf', 2)) { whatIf = !/^\$false$/i.test(inline ?? ''); continue; }
    if (isParam(raw, 'Destination', 1)) { destination = words[++i]; continue; }
    if (isParam(raw, 'Path', 2) || isParam(raw, 'LiteralPath', 2) || /^-(lp|pspath)$/i.test(raw.split(':')[0])) { const v = words[++i]; if (v) paths.push(v); continue; }
    if (VALUED.some((n) => isParam(raw, n, 3)) && inline === undefined) { i++; continue; }
  }
  return { paths, destination, recurse, force, whatIf };
}

/** One PowerShell command (its words) as one bash command line, or null for nothing that runs. */
function command(words: Word[], depth: number): string | null {
  if (words.length === 0) return null;
  const name = literal(words[0]).replace(/\.exe$/i, '');
  const lower = name.toLowerCase();
  const rest = words.slice(1);
  if (REMOVE.has(lower)) {
    const a = fileArgs(rest);
    if (a.whatIf || a.paths.length === 0) return null;
    return ['rm', ...(a.recurse ? ['-r'] : []), ...(a.force ? ['-f'] : []), '--', ...a.paths.map((p) => bashWord(p, true))].join(' ');
  }
  if (MOVE.has(lower) || COPY.has(lower)) {
    const a = fileArgs(rest);
    const [source, positionalDestination] = a.paths;
    const destination = a.destination ?? positionalDestination;
    if (a.whatIf || !source || !destination) return null;
    const verb = MOVE.has(lower) ? 'mv' : 'cp';
    return [verb, ...(verb === 'cp' && a.recurse ? ['-r'] : []), ...(a.force ? ['-f'] : []), '--', bashWord(source, true), bashWord(destination, true)].join(' ');
  }
  if (OVERWRITE.has(lower)) {
    const a = fileArgs(rest);
    if (a.whatIf || a.paths.length === 0) return null;
    // Set-Content -Path P -Value V: the first path operand is the file; Clear-Content empties every one
    const targets = lower === 'clear-content' || lower === 'clc' ? a.paths : a.paths.slice(0, 1);
    return targets.map((p) => `: > ${bashWord(p, true)}`).join('; ');
  }
  if (EVALUATE.has(lower)) {
    const code = rest.find((w) => !(w.bare && w.raw.startsWith('-')));
    if (!code) return null;
    const dynamic = code.parts.some((p) => !p.quoted && p.text.startsWith('$'));
    return dynamic ? `eval ${bashWord(code)}` : `{ ${translate(literal(code), depth + 1)}\n}`;
  }
  if (START.has(lower)) {
    let file: Word | undefined;
    let args: Word | undefined;
    for (let i = 0; i < rest.length; i++) {
      const raw = rest[i].bare ? rest[i].raw : '';
      if (isParam(raw, 'FilePath', 1)) { file = rest[++i]; continue; }
      if (isParam(raw, 'ArgumentList', 1) || /^-args$/i.test(raw)) { args = rest[++i]; continue; }
      if (raw.startsWith('-')) { if (!/^-(wait|nonewwindow|passthru|usenewenvironment|noNewWindow)$/i.test(raw)) i++; continue; }
      if (!file) file = rest[i];
      else if (!args) args = rest[i];
    }
    if (!file) return null;
    // -ArgumentList 'a b c' or a, b, c: the words the program gets
    const argText = args ? literal(args).split(/\s*,\s*|\s+/).filter(Boolean).map((s) => quoteLiteral(s, false)).join(' ') : '';
    return `${bashWord(file)}${argText ? ` ${argText}` : ''}`;
  }
  return words.map((w, k) => (k === 0 ? quoteLiteral(name, false) : bashWord(w))).join(' ');
}

/** PowerShell code as a bash script of the commands it runs. Throws PowerShellError when it cannot be read. */
export function translate(code: string, depth = 0): string {
  if (depth > MAX_NESTING) throw new PowerShellError(`nested deeper than ${MAX_NESTING}`);
  const tokens = tokenize(code.replace(/^\uFEFF/, ''));
  const lines: string[] = [];
  let words: Word[] = [];
  let line = '';
  let redirect = '';
  const flush = (joiner: string): void => {
    const c = command(words, depth);
    words = [];
    if (c !== null) line += `${c}${redirect}`;
    else if (line.endsWith(' | ')) line = line.slice(0, -3);
    redirect = '';
    if (joiner === ';') { if (line.trim()) lines.push(line); line = ''; }
    else if (line) line += ` ${joiner} `;
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'word') { words.push(t.word); continue; }
    if (t.kind === 'block') {
      // script blocks and sub-expressions run their code (ForEach-Object { … }, $( … ), ( … ))
      lines.push(`{ ${translate(t.code, depth + 1)}\n}`);
      continue;
    }
    if (t.op === '&' && words.length === 0) continue; // the call operator: & 'C:\tools\x.exe' args
    if (/>/.test(t.op)) {
      const target = tokens[k + 1];
      if (target?.kind !== 'word') throw new PowerShellError(`a redirection ${t.op} without a target`);
      if (!/&[12]$/.test(t.op)) redirect += ` ${t.op.replace(/^\*/, '&')} ${bashWord(target.word, true)}`;
      k++;
      continue;
    }
    flush(t.op === '|' ? '|' : t.op === '&&' ? '&&' : t.op === '||' ? '||' : ';');
  }
  flush(';');
  return lines.join('\n') || ':';
}

/** The code a `pwsh`/`powershell` command line runs, from its argv. */
export type PowerShellInput =
  | { kind: 'code'; code: string }
  | { kind: 'file'; path: string }
  | { kind: 'encoded'; code: string }
  | { kind: 'stdin' }
  | { kind: 'none' };

const HOST_VALUED = ['executionpolicy', 'windowstyle', 'workingdirectory', 'inputformat', 'outputformat', 'configurationname', 'custompipename', 'version', 'settingsfile', 'psconsolefile', 'encodedarguments', 'configurationfile'];

export function powershellInput(argv: string[]): PowerShellInput & { workingDirectory?: string } {
  const legacy = /^powershell(\.exe)?$/i.test(argv[0].replace(/^.*[\\/]/, ''));
  let workingDirectory: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    if (w === '-') return { kind: 'stdin', workingDirectory };
    if (!w.startsWith('-') && !w.startsWith('/')) {
      // a bare first argument: Windows PowerShell reads it as -Command, pwsh as -File
      return legacy ? { kind: 'code', code: argv.slice(i).join(' '), workingDirectory } : { kind: 'file', path: w, workingDirectory };
    }
    const raw = w.replace(/^\//, '-');
    if (isParam(raw, 'Command', 1)) return { kind: 'code', code: argv.slice(i + 1).join(' '), workingDirectory };
    if (isParam(raw, 'File', 1)) return argv[i + 1] ? { kind: 'file', path: argv[i + 1], workingDirectory } : { kind: 'none' };
    if (isParam(raw, 'EncodedCommand', 1) || /^-ec$/i.test(raw)) {
      const b64 = argv[i + 1] ?? '';
      return { kind: 'encoded', code: Buffer.from(b64, 'base64').toString('utf16le'), workingDirectory };
    }
    if (/^-(help|h|\?|version|v)$/i.test(raw) && !argv[i + 1]?.match(/^\d/)) return { kind: 'none' };
    if (isParam(raw, 'WorkingDirectory', 2) || /^-wd$/i.test(raw)) { workingDirectory = argv[++i]; continue; }
    if (HOST_VALUED.some((n) => isParam(raw, n, 2)) || /^-(ep|ex|w|if|of)$/i.test(raw)) { i++; continue; }
  }
  return { kind: 'stdin', workingDirectory };
}
