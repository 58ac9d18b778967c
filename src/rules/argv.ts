import type { SimpleCommand } from '../core/types.js';

/**
 * Small, shared helpers for reading a simple command's argv in rules. Options are matched the way
 * GNU/POSIX tools read them: `--flag`, `--flag=value`, `--flag value`, and short clusters (`-rf`).
 */

/** Words after the program name, stopping nowhere (use `positionals` to skip flags). */
export function args(cmd: SimpleCommand): string[] {
  return cmd.argv.slice(1);
}

/** True when any of `names` is present. Long names as '--force', short as '-f' (also found inside clusters like '-rf'). */
export function hasFlag(cmd: SimpleCommand | string[], ...names: string[]): boolean {
  const words = Array.isArray(cmd) ? cmd : cmd.argv.slice(1);
  for (const w of words) {
    if (w === '--') break;
    for (const n of names) {
      if (n.startsWith('--') || (n.startsWith('-') && n.length > 2)) {
        // long option, or a single-dash long option (terraform's -auto-approve)
        if (w === n || w.startsWith(`${n}=`)) return true;
      } else if (n.startsWith('-') && n.length === 2) {
        if (w === n) return true;
        if (/^-[A-Za-z0-9]{2,}$/.test(w) && !w.startsWith('--') && w.includes(n[1])) return true;
      }
    }
  }
  return false;
}

/** The value of an option (`--name=v`, `--name v`, `-n v`, `-nv`, a cluster ending in it: `-sSo v`), or undefined. Last one wins. */
export function flagValue(cmd: SimpleCommand | string[], ...names: string[]): string | undefined {
  const words = Array.isArray(cmd) ? cmd : cmd.argv.slice(1);
  let found: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') break;
    for (const n of names) {
      if (w === n && i + 1 < words.length) found = words[i + 1];
      else if (w.startsWith(`${n}=`)) found = w.slice(n.length + 1);
      else if (n.length === 2 && n.startsWith('-') && w.startsWith(n) && w.length > 2 && !w.startsWith('--')) found = w.slice(2);
      // getopt: flags clustered before an option that takes a value (`curl -sSo FILE`, `tar -xzf ARCHIVE`)
      else if (n.length === 2 && n.startsWith('-') && /^-[a-zA-Z]{2,}$/.test(w) && w.endsWith(n[1]) && i + 1 < words.length) found = words[i + 1];
    }
  }
  return found;
}

/** All values of a repeatable option. */
export function flagValues(cmd: SimpleCommand | string[], ...names: string[]): string[] {
  const words = Array.isArray(cmd) ? cmd : cmd.argv.slice(1);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') break;
    for (const n of names) {
      if (w === n && i + 1 < words.length) { out.push(words[i + 1]); i++; }
      else if (w.startsWith(`${n}=`)) out.push(w.slice(n.length + 1));
    }
  }
  return out;
}

/**
 * Positional words (not options), skipping the values of options listed in `valueFlags`.
 * Everything after `--` is positional.
 */
export function positionals(cmd: SimpleCommand | readonly string[], valueFlags: readonly string[] | ReadonlySet<string> = []): string[] {
  const words: readonly string[] = Array.isArray(cmd) ? cmd : (cmd as SimpleCommand).argv.slice(1);
  const takesValue = (w: string): boolean => (valueFlags instanceof Set ? valueFlags.has(w) : (valueFlags as readonly string[]).includes(w));
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') { out.push(...words.slice(i + 1)); break; }
    if (w.startsWith('-') && w !== '-') {
      if (!w.includes('=') && takesValue(w)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

/** Does the positional sequence start with `path` (each element may be 'a|b' alternatives or '*')? */
export function startsWithPath(words: readonly string[], path: readonly string[]): boolean {
  if (words.length < path.length) return false;
  return path.every((p, i) => p === '*' || p.split('|').includes(words[i]));
}

/** Environment value as the command would see it: its own assignments first, then the inherited env. */
export function envValue(cmd: SimpleCommand, inherited: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(cmd.env, name) ? cmd.env[name] : inherited[name];
}
