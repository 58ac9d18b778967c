/**
 * Allow/deny patterns of the policy file: argv-prefix globs.
 *
 *   "terraform plan *"       terraform plan, with any further arguments (or none)
 *   "rm -rf ./build"         exactly that argv
 *   "kubectl get *"          any `kubectl get …`
 *   "npm run test*"          `npm run test`, `npm run test:unit` (glob inside a word), nothing after
 *
 * A pattern is split into words like a shell would (single and double quotes group, backslash escapes).
 * Each word is a glob over one argv word: `*` any run of characters, `?` one character, `\*` a literal.
 * A final bare `*` word matches any number of remaining words, including none; otherwise the pattern
 * must cover the whole argv. The first word is compared with the program's basename as well as argv[0]
 * as written, so "terraform plan *" matches `/usr/bin/terraform plan`. Patterns apply to every simple
 * command after unwrapping (`sudo`, `bash -c`, pipes…), never to the raw command line.
 */

export interface PatternParseResult {
  words: string[];
  error?: string;
}

/** Split a pattern into words, shell-style quotes. Returns an error for an unterminated quote or an empty pattern. */
export function splitPattern(pattern: string): PatternParseResult {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (quote) {
      if (ch === quote) { quote = null; continue; }
      if (ch === '*' || ch === '?') { cur += `\\${ch}`; continue; } // quoted glob chars are literal
      if (ch === '\\' && quote === '"' && i + 1 < pattern.length) { cur += escapeGlob(pattern[++i]); continue; }
      cur += ch === '\\' ? '\\\\' : ch;
      continue;
    }
    if (ch === '"' || ch === "'") { quote = ch; inWord = true; continue; }
    if (ch === '\\' && i + 1 < pattern.length) { cur += escapeGlob(pattern[++i]); inWord = true; continue; }
    if (/\s/.test(ch)) {
      if (inWord) { words.push(cur); cur = ''; inWord = false; }
      continue;
    }
    cur += ch;
    inWord = true;
  }
  if (quote) return { words: [], error: `unterminated ${quote === '"' ? 'double' : 'single'} quote` };
  if (inWord) words.push(cur);
  if (words.length === 0) return { words: [], error: 'empty pattern' };
  if (words[0] === '*') return { words, error: 'a pattern must start with a program name, not `*`' };
  return { words };
}

function escapeGlob(ch: string): string {
  return ch === '*' || ch === '?' || ch === '\\' ? `\\${ch}` : ch;
}

const globCache = new Map<string, RegExp>();

/** Compile one glob word (with `\` escapes) to an anchored RegExp. */
export function globWordToRegExp(word: string): RegExp {
  const cached = globCache.get(word);
  if (cached) return cached;
  let src = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    if (ch === '\\' && i + 1 < word.length) { src += escapeRegExp(word[++i]); continue; }
    if (ch === '*') src += '[\\s\\S]*';
    else if (ch === '?') src += '[\\s\\S]';
    else src += escapeRegExp(ch);
  }
  const re = new RegExp(`^${src}$`);
  globCache.set(word, re);
  return re;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

/** Does the pattern (already split) match this argv? */
export function matchArgv(words: readonly string[], argv: readonly string[]): boolean {
  if (argv.length === 0 || words.length === 0) return false;
  const openEnded = words.length > 1 && words[words.length - 1] === '*';
  const fixed = openEnded ? words.length - 1 : words.length;
  if (openEnded ? argv.length < fixed : argv.length !== fixed) return false;
  const first = globWordToRegExp(words[0]);
  if (!first.test(argv[0]) && !first.test(basename(argv[0]))) return false;
  for (let i = 1; i < fixed; i++) {
    if (!globWordToRegExp(words[i]).test(argv[i])) return false;
  }
  return true;
}

/** Glob over paths (for protected_paths): `**` any number of segments, `*` within a segment, `?` one char. */
export function pathGlobToRegExp(glob: string): RegExp {
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') { i++; src += '(?:[^/]*/)*'; } else src += '.*';
    } else if (ch === '*') src += '[^/]*';
    else if (ch === '?') src += '[^/]';
    else src += escapeRegExp(ch);
  }
  return new RegExp(`^${src}$`);
}
