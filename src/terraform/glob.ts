/** Address globs for `--protect` and the policy's `protect:` list: `*` any run of characters, `?` one. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A glob without an instance key also matches every instance of that resource (`x.db` matches `x.db[0]`).
  return new RegExp(`^${re}(\\[[^\\]]*\\])?$`);
}

export function compileGlobs(globs: readonly string[]): (address: string) => string | undefined {
  const compiled = globs.filter((g) => g.trim() !== '').map((g) => ({ g, re: globToRegExp(g.trim()) }));
  return (address) => compiled.find((c) => c.re.test(address))?.g;
}

/** `module.a.aws_x.y["k"]` -> `module.a.aws_x.y` (module instance keys kept). */
export function baseAddress(address: string): string {
  if (!address.endsWith(']')) return address;
  // the last '[' outside quotes: keys may contain brackets inside their quotes
  const quoted = address.endsWith('"]');
  const at = quoted ? address.lastIndexOf('["', address.length - 2) : address.lastIndexOf('[');
  return at > 0 ? address.slice(0, at) : address;
}

/** The module part of an address: `module.a["x"].module.b` or '' for the root module. */
export function moduleOf(address: string): string {
  if (!address.startsWith('module.')) return '';
  const parts = splitAddress(address);
  const mods: string[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    if (parts[i] !== 'module') break;
    mods.push(`module.${parts[i + 1]}`);
  }
  return mods.join('.');
}

/** Splits an address on dots outside brackets and quotes. */
export function splitAddress(address: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let quote = false;
  for (let i = 0; i < address.length; i++) {
    const ch = address[i];
    if (quote) { cur += ch; if (ch === '\\') { cur += address[++i] ?? ''; } else if (ch === '"') quote = false; continue; }
    if (ch === '"') { quote = true; cur += ch; continue; }
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '.' && depth === 0) { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  out.push(cur);
  return out;
}
