/**
 * Pure text helpers for shell words: escape removal, ANSI-C quoting, echo/printf output, display quoting.
 */

/** Backslash removal outside quotes: `\x` -> `x`, backslash-newline -> nothing. */
export function unescapeUnquoted(s: string): string {
  return s.includes('\\') ? s.replace(/\\([\s\S])/g, (_m, c: string) => (c === '\n' ? '' : c)) : s;
}

/** Backslash removal inside double quotes: only before $ ` " \ and newline. */
export function unescapeDoubleQuoted(s: string): string {
  return s.includes('\\') ? s.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c)) : s;
}

/** Backslash removal in an unquoted heredoc body: before $ ` \ and newline. */
export function unescapeHeredoc(s: string): string {
  return s.includes('\\') ? s.replace(/\\([$`\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c)) : s;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  '\\': '\\', "'": "'", '"': '"', '?': '?',
};

function codePoint(n: number): string {
  return n >= 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '';
}

/**
 * Decodes bash `$'...'` (ANSI-C quoting): \a \b \e \f \n \r \t \v \\ \' \" \?, octal \nnn, \xHH, \uHHHH,
 * \UHHHHHHHH, \cX. `echoMode` is echo -e / printf %b: octal is written \0nnn and \c ends the output.
 */
export function decodeAnsiC(s: string, echoMode = false): { text: string; stopped: boolean; invalid: boolean } {
  let out = '';
  let invalid = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) { out += c; continue; }
    const n = s[i + 1];
    if (n in SIMPLE_ESCAPES && !(echoMode && (n === "'" || n === '?'))) { out += SIMPLE_ESCAPES[n]; i++; continue; }
    if (echoMode && n === 'c') return { text: out, stopped: true, invalid };
    if (!echoMode && n === 'c' && i + 2 < s.length) { out += String.fromCharCode(s.charCodeAt(i + 2) & 0x1f); i += 2; continue; }
    const octal = echoMode ? /^0([0-7]{0,3})/.exec(s.slice(i + 1)) : /^([0-7]{1,3})/.exec(s.slice(i + 1));
    if (octal) { out += String.fromCharCode(parseInt(octal[1] || '0', 8) & 0xff); i += octal[0].length; continue; }
    const hex = n === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 2))
      : n === 'u' ? /^[0-9a-fA-F]{1,4}/.exec(s.slice(i + 2))
      : n === 'U' ? /^[0-9a-fA-F]{1,8}/.exec(s.slice(i + 2)) : null;
    if (hex) {
      const cp = codePoint(parseInt(hex[0], 16));
      if (cp === '') invalid = true;
      out += cp;
      i += 1 + hex[0].length;
      continue;
    }
    out += c;
  }
  return { text: out, stopped: false, invalid };
}

/** What `echo ARGS` prints (bash builtin: -n, -e, -E flags). */
export function echoOutput(args: string[]): string {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length; i++) {
    if (!/^-[neE]+$/.test(args[i])) break;
    for (const f of args[i].slice(1)) {
      if (f === 'n') newline = false; else if (f === 'e') escapes = true; else escapes = false;
    }
  }
  const body = args.slice(i).join(' ');
  if (!escapes) return newline ? `${body}\n` : body;
  const d = decodeAnsiC(body, true);
  return d.stopped || !newline ? d.text : `${d.text}\n`;
}

/** What `printf FORMAT ARGS` prints, for %s %b %d %i %c %% and escapes; the format is reused while args remain. */
export function printfOutput(args: string[], builtin = true): string {
  let rest = args;
  if (rest[0] === '--') rest = rest.slice(1);
  // bash's printf: -v VAR assigns instead of printing; any other option word (`printf --hard`,
  // `printf -delete`) is invalid: a usage error on stderr and nothing on stdout
  // (coreutils' printf, run through a path or a wrapper such as env, prints such a word as the format)
  else if (builtin && rest[0] !== undefined && rest[0].startsWith('-') && rest[0] !== '-') return '';
  if (rest.length === 0) return '';
  const format = rest[0];
  const values = rest.slice(1);
  let out = '';
  let used = 0;
  for (let round = 0; round < 64; round++) {
    let consumed = false;
    // an escape is the whole sequence: \x72, \162, \u0072 (one character each), not only its first letter
    const piece = format.replace(/%([-+ #0]*\d*(?:\.\d+)?)([sbdicuxXo%])|\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[\s\S])/g, (m, _flags: string, conv?: string, esc?: string) => {
      // in the format an octal escape has no leading 0 (\162); in a %b argument it does (\0162)
      if (esc !== undefined) return /^[0-7]/.test(esc) ? String.fromCharCode(parseInt(esc, 8) & 0xff) : decodeAnsiC(m, true).text;
      if (conv === '%') return '%';
      const v = values[used] ?? '';
      if (used < values.length) { used++; consumed = true; }
      if (conv === 'b') return decodeAnsiC(v, true).text;
      if (conv === 'd' || conv === 'i' || conv === 'u') return String(parseInt(v, 10) || 0);
      if (conv === 'c') return v.slice(0, 1);
      return v;
    });
    out += piece;
    if (!consumed || used >= values.length) break;
  }
  return out;
}

/** Splits on IFS whitespace (space, tab, newline). */
export function splitFields(s: string): string[] {
  return s.split(/[ \t\n]+/).filter((w) => w.length > 0);
}

/** Quotes argv for display so that a shell would read the same words back. */
export function quoteForDisplay(argv: string[]): string {
  return argv.map(quoteWord).join(' ');
}

function quoteWord(w: string): string {
  if (w === '') return "''";
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w)) return w;
  return `'${w.replace(/'/g, `'\\''`)}'`;
}

/**
 * Last path component of a command word (`/usr/local/bin/terraform` -> `terraform`). A Windows path
 * (`C:\Program Files\Git\bin\git.exe`, `\\host\share\x.exe`, Git Bash and WSL run these) splits on
 * backslashes too and loses its executable suffix: it names `git`.
 */
export function baseName(word: string): string {
  if (/^(?:[A-Za-z]:[\\/]|\\\\)/.test(word)) {
    const parts = word.split(/[\\/]+/).filter(Boolean);
    return (parts[parts.length - 1] ?? word).replace(/\.(?:exe|com|bat|cmd)$/i, '');
  }
  const trimmed = word.replace(/\/+$/, '');
  const i = trimmed.lastIndexOf('/');
  return i >= 0 ? trimmed.slice(i + 1) : trimmed;
}
