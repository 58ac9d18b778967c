import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian (and most distributions) keep initdb/pg_ctl/pg_dump/pg_restore. */
export function findPgBin(tool: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates: string[] = [];
  if (env.TWOKEY_PG_BINDIR) candidates.push(join(env.TWOKEY_PG_BINDIR, tool));
  const cfg = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (cfg.status === 0) candidates.push(join(cfg.stdout.trim(), tool));
  const lib = '/usr/lib/postgresql';
  if (existsSync(lib)) {
    for (const v of readdirSync(lib).sort((a, b) => Number(b) - Number(a))) candidates.push(join(lib, v, 'bin', tool));
  }
  for (const c of candidates) if (existsSync(c)) return c;
  const onPath = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return onPath.status === 0 ? onPath.stdout.trim() : null;
}

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL server twokey starts on a temporary directory and a free loopback port, and always stops. */
export interface ThrowawayServer {
  url: (database?: string) => string;
  port: number;
  dataDir: string;
  stop: () => void;
}

function postgresUid(): { uid: number; gid: number } | null {
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) return null;
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/**
 * initdb + pg_ctl start. initdb and pg_ctl refuse to run as root: as root they run as the `postgres` user
 * (runuser), with the directory handed to that user.
 */
export async function startThrowawayServer(log: (line: string) => void = () => {}): Promise<ThrowawayServer> {
  const initdb = findPgBin('initdb');
  const pgCtl = findPgBin('pg_ctl');
  if (!initdb || !pgCtl) {
    throw new Error('PostgreSQL server binaries (initdb, pg_ctl) were not found; install PostgreSQL (Debian: apt-get install postgresql) or pass --scratch URL');
  }
  const root = mkdtempSync(join(tmpdir(), 'twokey-drill-pg-'));
  const dataDir = join(root, 'data');
  const sockDir = root;
  const asRoot = process.getuid?.() === 0;
  let runAs: string[] = [];
  let user = process.env.USER || 'postgres';
  if (asRoot) {
    const pg = postgresUid();
    if (!pg) throw new Error("running as root, and there is no 'postgres' user to run initdb as");
    chownSync(root, pg.uid, pg.gid);
    chmodSync(root, 0o700);
    runAs = ['runuser', '-u', 'postgres', '--'];
    user = 'postgres';
  }
  const run = (argv: string[], opts: SpawnSyncOptions = {}) => {
    const full = [...runAs, ...argv];
    const r = spawnSync(full[0], full.slice(1), { encoding: 'utf8', timeout: 120_000, ...opts });
    if (r.status !== 0) {
      throw new Error(`${argv[0]} failed (exit ${r.status}): ${String(r.stderr || r.stdout).trim().slice(0, 2000)}`);
    }
    return r;
  };
  log(`starting a throwaway PostgreSQL server in ${root}`);
  run([initdb, '-D', dataDir, '-U', user, '--auth=trust', '--encoding=UTF8', '--no-sync']);
  const port = await freeLoopbackPort();
  const opts = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${sockDir} -c fsync=off -c full_page_writes=off`;
  let started = false;
  const stop = () => {
    if (started) {
      spawnSync(runAs[0] ?? pgCtl, [...runAs.slice(1), ...(runAs.length ? [pgCtl] : []), '-D', dataDir, '-m', 'immediate', '-w', 'stop'], { encoding: 'utf8', timeout: 60_000 });
      started = false;
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    run([pgCtl, '-D', dataDir, '-o', opts, '-l', join(root, 'server.log'), '-w', '-t', '60', 'start']);
    started = true;
  } catch (err) {
    stop();
    throw err;
  }
  const onExit = () => stop();
  process.once('exit', onExit);
  return {
    port,
    dataDir,
    url: (database = 'postgres') => `postgresql://${encodeURIComponent(user)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    stop: () => { process.removeListener('exit', onExit); stop(); },
  };
}
