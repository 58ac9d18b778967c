/**
 * A bash pattern (`*`, `?`, `[…]`, `[!…]`, `[[:alpha:]]`, `\x`) as an anchored regular expression. For file
 * names (`fileName: true`) `*` and `?` stop at `/` and a leading `.` is matched only by a literal `.`, as in
 * pathname expansion; for `${v%pattern}` and `case` (`fileName: false`) they match any character.
 * Null when the pattern cannot be turned into a regular expression.
 */
export function bashPatternRegExp(glob: string, fileName: boolean): RegExp | null {
  const any = fileName ? '[^/]' : '[\\s\\S]';
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\' && i + 1 < glob.length) { re += glob[++i].replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'); continue; }
    if (c === '*') { re += `${any}*`; continue; }
    if (c === '?') { re += any; continue; }
    if (c === '[') {
      const end = glob.indexOf(']', glob[i + 1] === ']' || (/[!^]/.test(glob[i + 1] ?? '') && glob[i + 2] === ']') ? i + 3 : i + 1);
      if (end < 0) { re += '\\['; continue; }
      let body = glob.slice(i + 1, end);
      // [[:alpha:]]: the class ends at the second ]
      if (/\[:[a-z]+:$/.test(body) && glob[end + 1] === ']') { body += ']'; i = end + 1; } else i = end;
      const negate = /^[!^]/.test(body);
      const inner = (negate ? body.slice(1) : body)
        .replace(/\[:alpha:\]/g, 'A-Za-z').replace(/\[:digit:\]/g, '0-9').replace(/\[:alnum:\]/g, 'A-Za-z0-9')
        .replace(/\[:lower:\]/g, 'a-z').replace(/\[:upper:\]/g, 'A-Z').replace(/\[:(?:punct|graph|print):\]/g, '!-~').replace(/\[:space:\]/g, '\\s')
        .replace(/\\/g, '\\\\').replace(/\]/g, '\\]');
      re += `[${negate ? '^' : ''}${inner}]`;
      continue;
    }
    re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${fileName && !glob.startsWith('.') ? '(?!\\.)' : ''}${re}$`, 's');
  } catch {
    return null;
  }
}
