import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliCommand, CliIO } from './io.js';
import { UserError } from '../core/errors.js';
import { ensureHome } from '../core/home.js';
import { homePaths } from '../core/paths.js';
import { PROTOCOL_VERSION, VERSION } from '../core/version.js';
import { daemonCall, runDaemon } from '../daemon/server.js';
import { buildIdOf, socketUnsafeReason } from '../daemon/wire.js';

/** dist/daemon.js, found from wherever this chunk sits inside dist/. */
function daemonEntry(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 3; i++) {
    if (existsSync(join(dir, 'daemon.js')) && existsSync(join(dir, 'cli.js'))) return join(dir, 'daemon.js');
    dir = dirname(dir);
  }
  throw new UserError('dist/daemon.js is missing', "Run 'npm run build' in the twokey checkout.");
}

const ping = (socket: string, timeoutMs = 1500) => daemonCall(socket, { op: 'ping', protocol: PROTOCOL_VERSION, version: VERSION }, timeoutMs);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function status(io: CliIO, json: boolean): Promise<number> {
  const paths = homePaths(ensureHome(undefined, io.env));
  const res = await ping(paths.socket);
  const unsafe = socketUnsafeReason(paths.socket);
  if (json) {
    io.stdout(`${JSON.stringify({ running: !!res?.ok, socket: paths.socket, status: res && res.ok ? res.status : undefined, version: res?.version, clientVersion: VERSION, socketProblem: unsafe === 'not running' ? undefined : unsafe ?? undefined }, null, 2)}\n`);
    return res?.ok ? 0 : 3;
  }
  if (res?.ok && res.status) {
    const s = res.status;
    io.stdout(`twokey daemon: running (pid ${s.pid}, version ${s.version}, protocol ${s.protocol}) since ${s.startedAt}; ${s.requests} hook requests${s.judgeMedianMs !== undefined ? ` (median ${s.judgeMedianMs} ms to judge)` : ''}; idle exit after ${Math.round(s.idleTimeoutMs / 60000)} min\n  socket ${s.socket}\n  log    ${join(s.home, 'daemon.log')}\n`);
    return 0;
  }
  if (res && !res.ok) { io.stdout(`twokey daemon: a daemon of version ${res.version} answers (${res.error}); hooks use the in-process path until it is replaced\n`); return 3; }
  io.stdout(`twokey daemon: not running${unsafe && unsafe !== 'not running' ? ` (${unsafe})` : ''}; hooks judge in-process (slower) and start it on first use\n`);
  return 3;
}

export const command: CliCommand = {
  name: 'daemon',
  summary: 'Run, start, stop or query the long-lived decision process',
  help: `Usage: twokey daemon start|stop|status|run [--json]

The daemon keeps the shell parser, policy and journal loaded and answers \`twokey hook\` over an owner-only Unix
socket in $TWOKEY_HOME (daemon.sock), so a hook costs little more than starting node. Hooks start it on first use
(unless TWOKEY_NO_DAEMON=1) and judge in-process, with the same answer, while it is not running. It exits after
30 minutes idle (TWOKEY_DAEMON_IDLE_MS) and when a client of another version asks it to. Log: $TWOKEY_HOME/daemon.log.

  start   start it in the background (no-op when running)
  stop    ask it to exit
  status  is it running, which version, how many requests (exit 0 running, 3 not)
  run     run it in the foreground (for supervisors and debugging)
`,
  async run(argv, io) {
    const sub = argv.find((a) => !a.startsWith('-'));
    const json = argv.includes('--json');
    const paths = homePaths(ensureHome(undefined, io.env));
    switch (sub) {
      case 'status':
        return status(io, json);
      case 'run': {
        const r = await runDaemon({ env: io.env, build: buildIdOf(dirname(daemonEntry())) });
        io.stderr(`twokey daemon: ${r.started ? 'stopped' : 'not started'}: ${r.reason}\n`);
        return r.started || r.reason === 'already running' ? 0 : 1;
      }
      case 'start': {
        if ((await ping(paths.socket))?.ok) { io.stdout('twokey daemon: already running\n'); return 0; }
        const child = spawn(process.execPath, [daemonEntry()], { detached: true, stdio: 'ignore', env: io.env });
        child.unref();
        for (let i = 0; i < 50; i++) {
          await sleep(100);
          if ((await ping(paths.socket, 500))?.ok) return status(io, json);
        }
        io.stderr(`twokey daemon: did not answer within 5 s; see ${join(paths.home, 'daemon.log')}\n`);
        return 1;
      }
      case 'stop': {
        const res = await daemonCall(paths.socket, { op: 'shutdown', protocol: PROTOCOL_VERSION, version: VERSION, reason: 'twokey daemon stop' });
        if (!res) { io.stdout('twokey daemon: not running\n'); return 0; }
        for (let i = 0; i < 50; i++) {
          if (!existsSync(paths.socket)) { io.stdout('twokey daemon: stopped\n'); return 0; }
          await sleep(100);
        }
        const pid = existsSync(paths.daemonPid) ? readFileSync(paths.daemonPid, 'utf8').trim() : '?';
        io.stderr(`twokey daemon: asked pid ${pid} to exit, but its socket is still there\n`);
        return 1;
      }
      default:
        throw new UserError(`unknown subcommand '${sub ?? ''}'`, "Use start, stop, status or run ('twokey daemon --help').");
    }
  },
};
