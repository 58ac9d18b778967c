import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { drillSqlite } from '../../src/drill/sqlite.js';
import { runCli, tempDir } from '../helpers/env.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

describe('sqlite restore drill', () => {
  const work = tempDir('twokey-sqlite-drill-');
  const source = join(work.dir, 'app.sqlite');

  before(() => {
    const db = new Database(source);
    db.pragma('journal_mode = WAL');
    db.exec(`
      CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, avatar BLOB);
      CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER, kind TEXT, at REAL);
    `);
    const addUser = db.prepare('INSERT INTO users (email, avatar) VALUES (?, ?)');
    const addEvent = db.prepare('INSERT INTO events (user_id, kind, at) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (let i = 1; i <= 5000; i++) addUser.run(`u${i}@example.com`, Buffer.from([i % 256, 7]));
      for (let i = 1; i <= 40000; i++) addEvent.run(1 + (i % 5000), i % 3 ? 'view' : 'buy', i / 3);
    })();
    db.close();
  });
  after(() => work.cleanup());

  test('an online backup of the live database verifies: integrity, counts, checksums', async () => {
    const r = await drillSqlite({ source, checks: ["SELECT count(*) FROM events WHERE kind = 'buy'"] });
    assert.equal(r.ok, true, r.failures.join('\n'));
    assert.equal(r.backup.fresh, true);
    assert.deepEqual(r.tables.map((t) => [t.table, t.restoredRows]), [['events', 40000], ['users', 5000]]);
    assert.ok(r.checks[0].ok);
  });

  test('a backup missing a table, or with different rows, fails and names the table', async () => {
    const stale = join(work.dir, 'stale.sqlite');
    copyFileSync(source, stale);
    const db = new Database(stale);
    db.exec("DROP TABLE events; UPDATE users SET email = 'changed@example.com' WHERE id = 77");
    db.close();
    const r = await drillSqlite({ source, backup: stale });
    assert.equal(r.ok, false);
    assert.ok(r.failures.some((f) => f.startsWith('table events is missing')), r.failures.join('\n'));
    assert.ok(r.failures.some((f) => f.startsWith('table users: same row count (5000) but the rows differ')));
  });

  test('a corrupt backup file fails instead of passing', async () => {
    const corrupt = join(work.dir, 'corrupt.sqlite');
    const backup = join(work.dir, 'good-copy.sqlite');
    const r0 = await drillSqlite({ source });
    assert.equal(r0.ok, true);
    const src = new Database(source, { readonly: true });
    await src.backup(backup);
    src.close();
    const bytes = readFileSync(backup);
    // Overwrite pages in the middle of the file: the header survives, the b-trees do not.
    bytes.fill(0xa5, 8192, Math.min(bytes.length, 8192 * 6));
    writeFileSync(corrupt, bytes);
    const r = await drillSqlite({ source, backup: corrupt });
    assert.equal(r.ok, false);
    assert.ok(r.failures.length > 0);
  });

  test('the CLI reports, exits 0 or 3, journals, and `drills` tracks it', () => {
    const home = tempDir('twokey-home-');
    try {
      const env = { TWOKEY_HOME: home.dir };
      const ok = runCli(['drill', 'sqlite', '--source', source], { env });
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /^VERIFIED: sqlite restore of sqlite:/);
      assert.match(ok.stdout, /events\s+40000\s+40000\s+equal \(full\)/);
      const stale = join(work.dir, 'empty.sqlite');
      new Database(stale).close();
      const bad = runCli(['drill', 'sqlite', '--source', source, '--backup', stale, '--json'], { env });
      assert.equal(bad.status, 3);
      assert.equal(JSON.parse(bad.stdout).ok, false);
      const drills = runCli(['drills', '--json'], { env });
      const entry = JSON.parse(drills.stdout).databases.find((d: { target: string }) => d.target === `sqlite:${source}`);
      assert.equal(entry.status, 'fresh');
      assert.equal(entry.lastDrill.ok, false);
      const stale10 = runCli(['drills', '--max-age-days', '0.000000001'], { env });
      assert.equal(stale10.status, 2);
      assert.match(stale10.stdout, /STALE/);
    } finally {
      home.cleanup();
    }
  });
});
