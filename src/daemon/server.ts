/**
 * The long-lived decision process: holds the parser, policy and journal open and answers hook requests over an
 * owner-only Unix socket at homePaths().socket. Same `answerHook` as the in-process path, so the same answer.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { appendFileSync, chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { ensureHome, twokeyHome } from '../core/home.js';
import { homePaths } from '../core/paths.js';
import { PROTOCOL_VERSION, VERSION } from '../core/version.js';
import { isAgentId } from '../agents/protocol.js';
import { answerHook, defaultHookDeps } from '../agents/run-hook.js';
import type { HookDeps } from '../agents/respond.js';
import { evaluateCommand } from '../engine/evaluate.js';
import { type DaemonRequest, type DaemonResponse, type DaemonStatus, MAX_REQUEST_BYTES, socketUnsafeReason } from './wire.js';

export const DEFAULT_IDLE_TIMEOUT_MS = 30 * 60 * 1000;

export interface DaemonOptions {
  env?: NodeJS.ProcessEnv;
  idleTimeoutMs?: number;
  deps?: HookDeps;
  /** buildIdOf(dist) of the code this daemon runs: a hook client of another build is not answered. */
  build?: string;
}

export function idleTimeoutFrom(env: NodeJS.ProcessEnv): number {
  const n = Number(env.TWOKEY_DAEMON_IDLE_MS);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_IDLE_TIMEOUT_MS;
}

/** Send one request and read one response (used by `twokey daemon status|stop` and the server's own liveness check). */
export function daemonCall(socketPath: string, req: DaemonRequest, timeoutMs = 2000): Promise<DaemonResponse | null> {
  if (socketUnsafeReason(socketPath) !== null) return Promise.resolve(null);
  return new Promise((resolveCall) => {
    let buf = '';
    let settled = false;
    const finish = (r: DaemonResponse | null) => { if (!settled) { settled = true; clearTimeout(t); s.destroy(); resolveCall(r); } };
    const s = connect(socketPath);
    const t = setTimeout(() => finish(null), timeoutMs);
    s.setEncoding('utf8');
    s.on('connect', () => s.write(`${JSON.stringify(req)}\n`));
    s.on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) { try { finish(JSON.parse(buf.slice(0, nl)) as DaemonResponse); } catch { finish(null); } }
    });
    s.on('error', () => finish(null));
    s.on('close', () => finish(null));
  });
}

/** Run the daemon until shutdown, idle timeout or a signal. Resolves when it has stopped. */
export async function runDaemon(opts: DaemonOptions = {}): Promise<{ started: boolean; reason: string }> {
  const env = opts.env ?? process.env;
  const home = ensureHome(undefined, env);
  const paths = homePaths(home);
  const logFile = `${home}/daemon.log`;
  const log = (msg: string) => { try { appendFileSync(logFile, `${new Date().toISOString()} [${process.pid}] ${msg}\n`, { mode: 0o600 }); } catch { /* logging never breaks the daemon */ } };
  const deps = opts.deps ?? defaultHookDeps();
  const idleTimeoutMs = opts.idleTimeoutMs ?? idleTimeoutFrom(env);

  if (existsSync(paths.socket)) {
    const alive = await daemonCall(paths.socket, { op: 'ping', protocol: PROTOCOL_VERSION, version: VERSION }, 1000);
    if (alive) return { started: false, reason: `already running (pid ${alive.ok && alive.status ? alive.status.pid : '?'})` };
    // Slow to answer is not dead: never unlink the socket of a live daemon (it would linger unreachable).
    const owner = pidFromFile(paths.daemonPid);
    if (owner !== null && owner !== process.pid && processAlive(owner)) return { started: false, reason: `pid ${owner} holds the socket` };
    rmSync(paths.socket, { force: true });
  }

  const startedAt = new Date().toISOString();
  let requests = 0;
  const recent: number[] = [];
  let idleTimer: NodeJS.Timeout | undefined;
  let stopping = false;
  let resolveStopped: (v: { started: boolean; reason: string }) => void = () => {};
  const stopped = new Promise<{ started: boolean; reason: string }>((r) => { resolveStopped = r; });

  const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? Math.round(s[Math.floor(s.length / 2)] * 10) / 10 : undefined; };
  const status = (): DaemonStatus => ({ pid: process.pid, version: VERSION, protocol: PROTOCOL_VERSION, startedAt, requests, idleTimeoutMs, judgeMedianMs: median(recent), socket: paths.socket, home });
  const build = opts.build ?? '';
  const envelope = { protocol: PROTOCOL_VERSION, version: VERSION, build };

  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    clearTimeout(idleTimer);
    log(`stopping: ${why}`);
    server.close(() => {
      // Remove only our own socket and pid file (a newer daemon may have replaced them).
      try { if (readFileSync(paths.daemonPid, 'utf8').trim() === String(process.pid)) { rmSync(paths.daemonPid, { force: true }); rmSync(paths.socket, { force: true }); } } catch { /* gone */ }
      resolveStopped({ started: true, reason: why });
    });
    for (const c of connections) c.destroy();
  };
  const touch = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => stop(`idle for ${idleTimeoutMs} ms`), idleTimeoutMs);
    idleTimer.unref?.();
  };

  const connections = new Set<Socket>();
  const server: Server = createServer((conn) => {
    connections.add(conn);
    conn.on('close', () => connections.delete(conn));
    let buf = '';
    let handled = false;
    conn.setEncoding('utf8');
    conn.on('error', () => { /* client went away */ });
    conn.on('data', (d: string) => {
      if (handled) return;
      buf += d;
      if (buf.length > MAX_REQUEST_BYTES) { handled = true; reply(conn, { ok: false, ...envelope, error: 'request too large' }); return; }
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      handled = true;
      touch();
      void handle(buf.slice(0, nl)).then((res) => reply(conn, res.response)).then(() => undefined);
    });
  });

  const handle = async (line: string): Promise<{ response: DaemonResponse }> => {
    let req: DaemonRequest;
    try { req = JSON.parse(line) as DaemonRequest; } catch { return { response: { ok: false, ...envelope, error: 'request is not JSON' } }; }
    if (req.protocol !== PROTOCOL_VERSION || req.version !== VERSION) {
      log(`version mismatch: client ${req.version}/${req.protocol}, daemon ${VERSION}/${PROTOCOL_VERSION}; exiting so a matching daemon can start`);
      setImmediate(() => stop('version mismatch'));
      return { response: { ok: false, ...envelope, error: 'version mismatch' } };
    }
    if (req.op === 'ping') return { response: { ok: true, ...envelope, status: status() } };
    if (req.op === 'shutdown') { setImmediate(() => stop(`asked to exit${req.reason ? ` (${req.reason})` : ''}`)); return { response: { ok: true, ...envelope, status: status() } }; }
    if (req.op === 'hook') {
      if (req.build !== undefined && req.build !== build) {
        log(`build mismatch: client ${req.build}, daemon ${build}; exiting so a daemon of this build can start`);
        setImmediate(() => stop('build mismatch'));
        return { response: { ok: false, ...envelope, error: 'build mismatch' } };
      }
      if (!isAgentId(req.agent)) return { response: { ok: false, ...envelope, error: `unknown agent '${String(req.agent)}'` } };
      requests++;
      try {
        const t0 = performance.now();
        const answer = await answerHook(req.agent, String(req.stdin ?? ''), { cwd: String(req.cwd), env: req.env ?? {} }, deps);
        recent.push(performance.now() - t0);
        if (recent.length > 200) recent.shift();
        return { response: { ok: true, ...envelope, answer } };
      } catch (err) {
        log(`hook error: ${(err as Error).stack ?? String(err)}`);
        return { response: { ok: false, ...envelope, error: 'internal error' } };
      }
    }
    return { response: { ok: false, ...envelope, error: 'unknown op' } };
  };

  let listened = await listenOn(server, paths.socket);
  if (listened === 'in-use') {
    const alive = await daemonCall(paths.socket, { op: 'ping', protocol: PROTOCOL_VERSION, version: VERSION }, 1000);
    if (alive) return { started: false, reason: 'already running' };
    rmSync(paths.socket, { force: true });
    listened = await listenOn(server, paths.socket);
    if (listened === 'in-use') return { started: false, reason: 'socket in use' };
  }

  chmodSync(paths.socket, 0o600);
  writeFileSync(paths.daemonPid, `${process.pid}\n`, { mode: 0o600 });
  log(`started: version ${VERSION}, protocol ${PROTOCOL_VERSION}, socket ${paths.socket}, idle timeout ${idleTimeoutMs} ms`);
  touch();
  // Warm the parser, rules and policy with a decision that has no effects (no request, no journal entry).
  try { evaluateCommand({ command: 'git status && ls -la | head -n 1', cwd: home, env }); } catch (err) { log(`warm-up failed: ${(err as Error).message}`); }
  const onSignal = (sig: NodeJS.Signals) => stop(`signal ${sig}`);
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const result = await stopped;
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  return result;
}

function pidFromFile(file: string): number | null {
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Listen with an owner-only umask, so the socket is never reachable by others even for an instant. */
function listenOn(server: Server, path: string): Promise<'ok' | 'in-use'> {
  return new Promise((res, rej) => {
    const oldMask = process.umask(0o177);
    const onError = (err: NodeJS.ErrnoException) => {
      process.umask(oldMask);
      if (err.code === 'EADDRINUSE') res('in-use'); else rej(err);
    };
    server.once('error', onError);
    server.listen(path, () => { process.umask(oldMask); server.off('error', onError); res('ok'); });
  });
}

function reply(conn: Socket, res: DaemonResponse): Promise<void> {
  return new Promise((r) => conn.end(`${JSON.stringify(res)}\n`, () => r()));
}
