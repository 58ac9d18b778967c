/**
 * The lean hook client (dist/hook-client.js): what runs before every agent command. Node built-ins only.
 *   1. read stdin under a watchdog;
 *   2. ask the daemon over its owner-only Unix socket (version handshake);
 *   3. otherwise judge in-process with the full CLI bundle (loaded by a computed URL so esbuild cannot inline it),
 *      and start the daemon for next time (unless TWOKEY_NO_DAEMON=1).
 * Whatever fails, the agent gets a deny in its own blocking shape.
 */
import { connect } from 'node:net';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGENT_IDS, type AgentId, type HookAnswer, MAX_HOOK_STDIN_BYTES, failClosedAnswer, hookTimeoutMs, isAgentId } from '../agents/protocol.js';
import { PROTOCOL_VERSION, VERSION } from '../core/version.js';
import { twokeyHome } from '../core/home.js';
import { homePaths } from '../core/paths.js';
import { type DaemonRequest, type DaemonResponse, buildIdOf, isHookAnswer, socketUnsafeReason } from './wire.js';

/** Unix socket paths longer than this do not fit sockaddr_un on Linux/macOS. */
const MAX_SOCKET_PATH = 103;

export async function runHookClient(argv: string[]): Promise<void> {
  const agent = argv.find((a) => !a.startsWith('-'));
  if (argv.includes('--help') || argv.includes('-h') || !isAgentId(agent)) {
    if (!isAgentId(agent) && !argv.includes('--help') && !argv.includes('-h')) {
      process.stderr.write(`twokey hook: unknown agent '${agent ?? ''}'. Use one of: ${AGENT_IDS.join(', ')}.\n`);
      process.exitCode = 2;
      return;
    }
    const cli = await loadCli();
    process.exitCode = await cli.main(['hook', ...argv]);
    return;
  }
  const env = process.env;
  const timeoutMs = hookTimeoutMs(env);
  let answered = false;
  const emit = (answer: HookAnswer, exitNow: boolean) => {
    if (answered) return;
    answered = true;
    process.exitCode = answer.exitCode;
    if (answer.stderr) process.stderr.write(answer.stderr);
    if (exitNow) process.stdout.write(answer.stdout, () => process.exit(answer.exitCode));
    else if (answer.stdout) process.stdout.write(answer.stdout);
  };
  const watchdog = setTimeout(() => emit(failClosedAnswer(agent, `no decision within ${timeoutMs} ms (watchdog, TWOKEY_HOOK_TIMEOUT_MS)`), true), timeoutMs);
  try {
    const stdin = await readStdin();
    if (stdin === null) {
      emit(failClosedAnswer(agent, `unreadable ${agent} hook payload: stdin is larger than ${MAX_HOOK_STDIN_BYTES} bytes`), true);
      return;
    }
    const useDaemon = env.TWOKEY_NO_DAEMON !== '1';
    const socket = homePaths(twokeyHome(env)).socket;
    if (useDaemon) {
      const build = buildIdOf(dirname(fileURLToPath(import.meta.url)));
      const viaDaemon = await askDaemon(socket, { op: 'hook', protocol: PROTOCOL_VERSION, version: VERSION, build, agent, stdin, cwd: process.cwd(), env: { ...env } }, Math.max(200, timeoutMs / 2));
      if (viaDaemon) {
        emit(viaDaemon, false);
        return;
      }
    }
    const answer = await inProcess(agent, stdin);
    emit(answer, false);
    if (useDaemon) await startDaemonDetached(socket);
  } catch (err) {
    emit(failClosedAnswer(agent, `hook client error: ${(err as Error)?.message ?? String(err)}`), false);
  } finally {
    clearTimeout(watchdog);
  }
}

/** All of stdin, or null when it is larger than any agent payload. */
async function readStdin(): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_HOOK_STDIN_BYTES) return null;
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

interface CliBundle { main: (argv: string[], io?: unknown) => Promise<number> }

async function loadCli(): Promise<CliBundle> {
  // Computed at run time so esbuild leaves the full bundle out of this file.
  const url = new URL('./cli.js', import.meta.url).href;
  return (await import(url)) as CliBundle;
}

/** The same judgement as the daemon's, in this process, through the CLI's `hook` command. */
async function inProcess(agent: AgentId, stdin: string): Promise<HookAnswer> {
  const cli = await loadCli();
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (t: string) => { stdout += t; },
    stderr: (t: string) => { stderr += t; },
    readStdin: async () => stdin,
    env: process.env,
    cwd: process.cwd(),
    isTTY: false,
  };
  const exitCode = await cli.main(['hook', agent], io);
  // The hook command answers with 0 or 2 only; 1 means the CLI could not load or run it: never let that pass.
  if (exitCode === 1) return failClosedAnswer(agent, `the in-process hook failed: ${stderr.trim().split('\n')[0] || 'exit 1'}`);
  return { stdout, stderr, exitCode };
}

/**
 * One request to the daemon. Resolves null (fall back in-process) when it is not running, unsafe, too slow or
 * of another version; a daemon of another version is asked to exit so the next one matches.
 */
export function askDaemon(socketPath: string, req: DaemonRequest, timeoutMs: number): Promise<HookAnswer | null> {
  if (socketPath.length > MAX_SOCKET_PATH) return Promise.resolve(null);
  if (socketUnsafeReason(socketPath) !== null) return Promise.resolve(null);
  return new Promise((resolveAnswer) => {
    let settled = false;
    let buf = '';
    const done = (a: HookAnswer | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolveAnswer(a);
    };
    const sock = connect(socketPath);
    const timer = setTimeout(() => done(null), timeoutMs);
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(`${JSON.stringify(req)}\n`));
    sock.on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      let res: DaemonResponse;
      try { res = JSON.parse(buf.slice(0, nl)) as DaemonResponse; } catch { done(null); return; }
      const wantBuild = req.op === 'hook' ? req.build : undefined;
      if (res.protocol !== PROTOCOL_VERSION || res.version !== VERSION || (wantBuild !== undefined && res.build !== wantBuild)) {
        askOldDaemonToExit(socketPath);
        done(null);
        return;
      }
      done(res.ok && isHookAnswer(res.answer) ? res.answer : null);
    });
    sock.on('error', () => done(null));
    sock.on('close', () => done(null));
  });
}

function askOldDaemonToExit(socketPath: string): void {
  const s = connect(socketPath);
  s.on('connect', () => s.end(`${JSON.stringify({ op: 'shutdown', protocol: PROTOCOL_VERSION, version: VERSION, reason: 'version mismatch' })}\n`));
  s.on('error', () => { /* it is gone already */ });
}

/** Start the daemon for the next hook; never waits for it. */
async function startDaemonDetached(socketPath: string): Promise<void> {
  if (socketPath.length > MAX_SOCKET_PATH) return;
  try {
    // Loaded only on this (slow) path: the daemon path never pays for child_process.
    const { spawn } = await import('node:child_process');
    const entry = fileURLToPath(new URL('./daemon.js', import.meta.url));
    if (!existsSync(entry)) return;
    const child = spawn(process.execPath, [entry], { detached: true, stdio: 'ignore', env: process.env });
    child.on('error', () => { /* in-process keeps working */ });
    child.unref();
  } catch { /* in-process keeps working */ }
}
