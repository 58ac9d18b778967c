// The daemon path and the in-process path give byte-identical answers; the client refuses unsafe sockets,
// falls back on a daemon of another version and asks it to exit; the daemon exits when idle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/env.js';
import { AGENT_IDS, type AgentId } from '../../src/agents/protocol.js';
import { ADAPTERS } from '../../src/agents/registry.js';
import { readFileSync } from 'node:fs';
import { REPO_ROOT } from '../helpers/env.js';

/** The version the built bundle reports (esbuild defines it from package.json). */
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

// Deny, allow, ask-level and text-only commands: the decisions differ, the two paths must not.
const COMMANDS = ['terraform destroy -auto-approve', 'ls -la', 'git push --force origin main', 'echo "terraform destroy" > notes.txt'];

function withHome(fn: (env: Record<string, string>, dir: string) => void | Promise<void>) {
  return async () => {
    const { dir, cleanup } = tempDir('tk-d-');
    // A short idle timeout: a daemon that a test's hook starts in the background never outlives the test for long.
    const env = { TWOKEY_HOME: join(dir, 'h'), HOME: dir, TWOKEY_HOOK_TIMEOUT_MS: '30000', TWOKEY_DAEMON_IDLE_MS: '20000' };
    try {
      await fn(env, dir);
    } finally {
      runCli(['daemon', 'stop'], { env });
      cleanup();
    }
  };
}

function requests(env: Record<string, string>): number {
  const r = runCli(['daemon', 'status', '--json'], { env });
  const j = JSON.parse(r.stdout) as { running: boolean; status?: { requests: number } };
  return j.running ? j.status!.requests : -1;
}

test('daemon start: owner-only socket and directory; status reports it', withHome((env) => {
  const s = runCli(['daemon', 'start'], { env });
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stdout, /running \(pid \d+/);
  assert.equal(statSync(join(env.TWOKEY_HOME, 'daemon.sock')).mode & 0o777, 0o600);
  assert.equal(statSync(env.TWOKEY_HOME).mode & 0o777, 0o700);
  assert.equal(requests(env), 0);
  const again = runCli(['daemon', 'start'], { env });
  assert.match(again.stdout, /already running/);
}));

test('the same payloads through the daemon and the in-process fallback give byte-identical answers', withHome((env, dir) => {
  assert.equal(runCli(['daemon', 'start'], { env }).status, 0);
  let expected = 0;
  for (const agent of AGENT_IDS) {
    const inputs = [...COMMANDS.map((c) => JSON.stringify(ADAPTERS[agent].shellPayload(c, dir))), 'not json'];
    const w = ADAPTERS[agent].writePayload(join(dir, 'prod.tfstate'), dir);
    if (w) inputs.push(JSON.stringify(w));
    for (const input of inputs) {
      const viaDaemon = runCli(['hook', agent], { env, input, cwd: dir });
      expected++;
      const inProcess = runCli(['hook', agent], { env: { ...env, TWOKEY_NO_DAEMON: '1' }, input, cwd: dir });
      assert.deepEqual(viaDaemon, inProcess, `${agent}: ${input.slice(0, 80)}`);
    }
  }
  const served = requests(env);
  // Strict where nothing else rebuilds dist/ (CI); on a shared work tree a concurrent rebuild changes the build
  // id, the daemon is replaced (by design) and its count restarts.
  if (process.env.CI) assert.equal(served, expected, 'every daemon-path call was answered by the daemon');
  else assert.ok(served >= 1, `the daemon answered ${served} of ${expected}`);
}));

test('a socket directory open to others is not trusted: the client judges in-process', withHome((env, dir) => {
  assert.equal(runCli(['daemon', 'start'], { env }).status, 0);
  chmodSync(env.TWOKEY_HOME, 0o755);
  try {
    const input = JSON.stringify(ADAPTERS['claude-code'].shellPayload('terraform destroy -auto-approve', dir));
    const r = runCli(['hook', 'claude-code'], { env, input, cwd: dir });
    assert.equal(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision, 'deny');
  } finally {
    chmodSync(env.TWOKEY_HOME, 0o700);
  }
  assert.equal(requests(env), 0);
}));

for (const [what, version, build] of [['another version', '0.0.0-old', undefined], ['the same version but another build', VERSION, 'stale-build']] as const) test(`a daemon of ${what} is not used, and is asked to exit`, withHome(async (env, dir) => {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(env.TWOKEY_HOME, { recursive: true, mode: 0o700 });
  const sock = join(env.TWOKEY_HOME, 'daemon.sock');
  const seen: string[] = [];
  const fake = createServer((c) => {
    c.setEncoding('utf8');
    c.on('data', (d: string) => {
      const req = JSON.parse(d.split('\n')[0]) as { op: string };
      seen.push(req.op);
      const allow = { stdout: '', stderr: '', exitCode: 0 };
      c.end(`${JSON.stringify({ ok: true, protocol: 1, version, build, answer: allow })}\n`);
    });
  });
  await new Promise<void>((r) => fake.listen(sock, r));
  chmodSync(sock, 0o600);
  try {
    const input = JSON.stringify(ADAPTERS['claude-code'].shellPayload('terraform destroy -auto-approve', dir));
    const r = await new Promise<{ stdout: string }>((resolve) => {
      // async spawn: the fake server lives in this process
      import('node:child_process').then(({ execFile }) => {
        const child = execFile(process.execPath, [join(process.env.TWOKEY_REPO_ROOT ?? process.cwd(), 'bin', 'twokey.js'), 'hook', 'claude-code'],
          { env: { ...process.env, ...env, TWOKEY_NO_DAEMON: '' }, cwd: dir }, (_e, stdout) => resolve({ stdout }));
        child.stdin!.end(input);
      });
    });
    assert.equal(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision, 'deny', 'the old daemon\'s allow was not used');
    await new Promise((res) => setTimeout(res, 200));
    assert.deepEqual(seen.slice(0, 2), ['hook', 'shutdown']);
  } finally {
    await new Promise((r) => fake.close(r));
  }
}));

test('the hook starts the daemon for next time; the daemon exits when idle and removes its socket', withHome(async (env, dir) => {
  const idleEnv = { ...env, TWOKEY_DAEMON_IDLE_MS: '1500' };
  const input = JSON.stringify(ADAPTERS.cursor.shellPayload('ls', dir));
  const r = runCli(['hook', 'cursor'], { env: idleEnv, input, cwd: dir });
  assert.deepEqual(JSON.parse(r.stdout), { permission: 'allow' });
  const sock = join(env.TWOKEY_HOME, 'daemon.sock');
  const waitFor = async (cond: () => boolean, ms: number) => {
    for (const end = Date.now() + ms; Date.now() < end;) { if (cond()) return true; await new Promise((res) => setTimeout(res, 50)); }
    return cond();
  };
  assert.ok(await waitFor(() => existsSync(sock), 15_000), 'daemon started by the first hook');
  const gone = await waitFor(() => !existsSync(sock), 20_000);
  assert.ok(gone, 'socket removed after the idle timeout');
}));

test('daemon stop when not running is not an error', withHome((env) => {
  const r = runCli(['daemon', 'stop'], { env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /not running/);
  assert.equal(runCli(['daemon', 'status'], { env }).status, 3);
}));

export const _agents: AgentId[] = [...AGENT_IDS];
