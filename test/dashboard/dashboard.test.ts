import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { openJournal } from '../../src/journal/journal.js';
import { createRequestSync } from '../../src/approval/api.js';
import { startDashboard } from '../../src/dashboard/server.js';
import { runCli, tempDir } from '../helpers/env.js';

function seedHome(home: string): string {
  const journal = openJournal(home);
  journal.append({ kind: 'decision', summary: 'allow: terraform plan', data: { decision: 'allow', command: 'terraform plan' } });
  journal.append({ kind: 'decision', summary: 'deny: terraform destroy -auto-approve', data: { decision: 'deny', command: 'terraform destroy -auto-approve' } });
  journal.append({ kind: 'drill', summary: 'VERIFIED', data: { engine: 'postgres', target: 'postgres://db:5432/shop', ok: true, at: new Date(Date.now() - 2 * 86_400_000).toISOString(), tables: 4, rows: 120000, backupBytes: 1, durationMs: 1, failures: [] } });
  journal.append({ kind: 'drill', summary: 'FAILED', data: { engine: 'sqlite', target: 'sqlite:/srv/old.db', ok: false, at: new Date().toISOString(), tables: 1, rows: 0, backupBytes: 1, durationMs: 1, failures: ['table users is missing'] } });
  journal.close();
  const { requestId } = createRequestSync({
    kind: 'command', hash: 'a'.repeat(64), cwd: home, display: 'psql -c "DROP TABLE users" <script>alert(1)</script>', agent: 'claude-code',
    decision: 'deny', reason: 'drops a table', findings: [],
  }, { home });
  return requestId;
}

function get(url: string, host?: string, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname: u.hostname, port: u.port, path: u.pathname, method, headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the dashboard serves requests, decisions, integrity and drills, escaped, read-only, loopback only', async () => {
  const home = tempDir('twokey-dash-');
  const dash = await startDashboard({ home: home.dir, refreshSeconds: 0 });
  try {
    const requestId = seedHome(home.dir);
    const page = await get(dash.url);
    assert.equal(page.status, 200);
    assert.match(page.body, /Waiting for a human \(1\)/);
    assert.ok(page.body.includes(`twokey approve ${requestId}`));
    assert.ok(page.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'agent-supplied text is escaped');
    assert.ok(!page.body.includes('<script>alert(1)'));
    assert.match(page.body, /intact<\/span> 5 entries/);
    assert.match(page.body, /postgres:\/\/db:5432\/shop<\/td><td><span class="pill fresh">fresh/);
    assert.match(page.body, /sqlite:\/srv\/old\.db<\/td><td><span class="pill none">none/);
    assert.match(page.body, /deny: terraform destroy -auto-approve/);
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);

    const api = await get(`${dash.url}api/model.json`);
    const model = JSON.parse(api.body);
    assert.equal(model.requests.pending[0].id, requestId);
    assert.deepEqual(model.decisions.byDecision, { allow: 1, deny: 1 });

    assert.equal((await get(dash.url, 'evil.example:80')).status, 421, 'a foreign Host (DNS rebinding) is refused');
    assert.equal((await get(dash.url, undefined, 'POST')).status, 405);
    assert.equal((await get(dash.url.replace(/\/[0-9a-f]{24}\//, '/wrongtoken/'))).status, 404);
  } finally {
    await dash.close();
    home.cleanup();
  }
});

test('the dashboard shows a tampered journal as tampered', async () => {
  const home = tempDir('twokey-dash-');
  try {
    seedHome(home.dir);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(home.dir, 'journal.sqlite'));
    db.prepare("UPDATE entries SET summary = 'allow: nothing to see' WHERE seq = 2").run();
    db.close();
    const out = join(home.dir, 'snapshot.html');
    const r = runCli(['dashboard', '--out', out], { env: { TWOKEY_HOME: home.dir } });
    assert.equal(r.status, 0, r.stderr);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /TAMPERED/);
    assert.match(html, /entry 2: edited/);
  } finally {
    home.cleanup();
  }
});

test('dashboard --json and --help', () => {
  const home = tempDir('twokey-dash-');
  try {
    const r = runCli(['dashboard', '--json'], { env: { TWOKEY_HOME: home.dir } });
    assert.equal(r.status, 0, r.stderr);
    const model = JSON.parse(r.stdout);
    assert.deepEqual(model.requests.pending, []);
    assert.equal(model.journal.exists, false);
    assert.match(runCli(['dashboard', '--help']).stdout, /read-only/);
    assert.equal(runCli(['dashboard', '--port', 'abc'], { env: { TWOKEY_HOME: home.dir } }).status, 1);
  } finally {
    home.cleanup();
  }
});
