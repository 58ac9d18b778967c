/**
 * The daemon's socket protocol: one JSON line in, one JSON line out, one request per connection.
 * Lean on purpose (node built-ins only): the hook client imports it.
 */
import { lstatSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { HookAnswer } from '../agents/protocol.js';

export type DaemonRequest =
  | { op: 'hook'; protocol: number; version: string; build?: string; agent: string; stdin: string; cwd: string; env: Record<string, string | undefined> }
  | { op: 'ping'; protocol: number; version: string }
  | { op: 'shutdown'; protocol: number; version: string; reason?: string };

export type DaemonResponse =
  | { ok: true; protocol: number; version: string; build?: string; answer?: HookAnswer; status?: DaemonStatus }
  | { ok: false; protocol: number; version: string; build?: string; error: string };

export interface DaemonStatus {
  pid: number;
  version: string;
  protocol: number;
  startedAt: string;
  requests: number;
  idleTimeoutMs: number;
  /** Median time the daemon spent judging the last (up to 200) hook requests, in ms. */
  judgeMedianMs?: number;
  socket: string;
  home: string;
}

/**
 * Which build of dist/ a process runs: a rebuild with the same VERSION (new rules, a fix) must not be answered by
 * a daemon still holding the old code, so the handshake compares this too. '' when dist/cli.js is missing.
 */
export function buildIdOf(distDir: string): string {
  try {
    const st = statSync(join(distDir, 'cli.js'));
    return `${Math.round(st.mtimeMs)}-${st.size}`;
  } catch {
    return '';
  }
}

/** Largest request line the daemon reads (stdin cap + env + envelope). */
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

/**
 * Is the socket safe to talk to? Its directory must be owner-only and ours, the socket ours: otherwise another
 * user could answer "allow" for us. Returns the reason it is not, or null when it is.
 */
export function socketUnsafeReason(socketPath: string): string | null {
  const uid = typeof process.getuid === 'function' ? process.getuid() : -1;
  try {
    const dir = lstatSync(dirname(socketPath));
    if (!dir.isDirectory()) return `${dirname(socketPath)} is not a directory`;
    if (uid >= 0 && dir.uid !== uid) return `${dirname(socketPath)} is owned by uid ${dir.uid}, not ${uid}`;
    if ((dir.mode & 0o077) !== 0) return `${dirname(socketPath)} is open to group/others (mode ${(dir.mode & 0o777).toString(8)})`;
    const sock = lstatSync(socketPath);
    if (!sock.isSocket()) return `${socketPath} is not a socket`;
    if (uid >= 0 && sock.uid !== uid) return `${socketPath} is owned by uid ${sock.uid}, not ${uid}`;
    return null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not running' : (err as Error).message;
  }
}

export function isHookAnswer(x: unknown): x is HookAnswer {
  const a = x as HookAnswer | null;
  return !!a && typeof a.stdout === 'string' && typeof a.stderr === 'string' && Number.isInteger(a.exitCode);
}
