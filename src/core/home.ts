import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { mkdirSync, chmodSync } from 'node:fs';

/** `$TWOKEY_HOME`, or `~/.twokey`. Holds keys, approvals, journal, ledger, daemon socket. */
export function twokeyHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.TWOKEY_HOME;
  if (fromEnv && fromEnv.trim() !== '') return resolve(fromEnv);
  return join(env.HOME && env.HOME !== '' ? env.HOME : homedir(), '.twokey');
}

/** Create `$TWOKEY_HOME` (and a sub-directory) owner-only; returns the path. */
export function ensureHome(sub?: string, env: NodeJS.ProcessEnv = process.env): string {
  const home = twokeyHome(env);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  try { chmodSync(home, 0o700); } catch { /* not ours to change */ }
  if (!sub) return home;
  const dir = join(home, sub);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
