// Restore drills against a real PostgreSQL 15 server that the test starts and stops itself.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { findPgBin, startThrowawayServer, type ThrowawayServer } from '../../src/drill/pg-server.js';
import { drillPostgres } from '../../src/drill/postgres.js';
import { haveTool, runCli, tempDir } from '../helpers/env.js';

const initdb = findPgBin('initdb');
const available = haveTool(initdb ?? 'initdb', 'the PostgreSQL restore drill tests (initdb, pg_ctl, pg_dump, pg_restore)');

describe('postgres restore drill', { skip: !available }, () => {
  let server: ThrowawayServer;
  let sourceUrl: string;
  const work = tempDir('twokey-drill-test-');
  const pgDump = findPgBin('pg_dump')!;

  async function sql(text: string, db = 'shop') {
    const c = new pg.Client({ connectionString: server.url(db) });
    await c.connect();
    try { return await c.query(text); } finally { await c.end(); }
  }

  function dump(name: string, extra: string[] = []): string {
    const file = join(work.dir, name);
    const r = spawnSync(pgDump, ['-Fc', '-f', file, ...extra, '-d', sourceUrl], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    chmodSync(file, 0o644);
    return file;
  }

  before(async () => {
    chmodSync(work.dir, 0o755);
    server = await startThrowawayServer();
    sourceUrl = server.url('shop');
    await sql('CREATE DATABASE shop', 'postgres');
    await sql(`
      CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT '2024-01-01');
      INSERT INTO customers (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 20000) g;
      CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id int REFERENCES customers(id), total numeric(10,2), note text);
      INSERT INTO orders (customer_id, total, note) SELECT 1 + (g % 20000), (g % 977) / 7.0, CASE WHEN g % 5 = 0 THEN NULL ELSE 'n' || g END FROM generate_series(1, 100000) g;
      CREATE SCHEMA billing;
      CREATE TABLE billing.invoices (number text PRIMARY KEY, amount numeric, paid boolean);
      INSERT INTO billing.invoices SELECT 'INV-' || g, g * 1.5, g % 3 = 0 FROM generate_series(1, 5000) g;
      CREATE TABLE audit_log (at timestamptz, message text);
      INSERT INTO audit_log SELECT '2024-01-01'::timestamptz + g * interval '1 minute', 'event ' || g FROM generate_series(1, 3000) g;
    `);
  });

  after(() => {
    server?.stop();
    work.cleanup();
  });

  test('a good dump restores and verifies: tables, counts, checksums, sequences, checks', async () => {
    const backup = dump('good.dump');
    const r = await drillPostgres({ source: sourceUrl, backup, scratch: server.url('postgres'), checks: ['SELECT count(*) FROM orders WHERE total >= 0', 'SELECT bool_and(email LIKE \'%@%\') FROM customers'] });
    assert.equal(r.ok, true, r.failures.join('\n'));
    assert.deepEqual(r.tables.map((t) => t.table).sort(), ['audit_log', 'billing.invoices', 'customers', 'orders']);
    const orders = r.tables.find((t) => t.table === 'orders')!;
    assert.equal(orders.restoredRows, 100000);
    assert.equal(orders.sourceChecksum, orders.restoredChecksum);
    assert.ok(r.sequences.length >= 2, 'serial sequences are checked');
    assert.ok(r.sequences.every((s) => s.ok));
    assert.equal(r.checks.length, 2);
    assert.ok(r.checks.every((c) => c.ok));
    assert.ok(r.backup.bytes > 100_000, 'a dump of this size is not trivial');
    assert.ok(r.restore.bytes && r.restore.bytes > 0);
    // The scratch database was dropped.
    const left = await sql("SELECT count(*)::int AS n FROM pg_database WHERE datname LIKE 'twokey_drill_%'", 'postgres');
    assert.equal(left.rows[0].n, 0);
  });

  test('a dump that lost a table fails and names the table', async () => {
    const backup = dump('no-audit.dump', ['-T', 'audit_log']);
    const r = await drillPostgres({ source: sourceUrl, backup, scratch: server.url('postgres') });
    assert.equal(r.ok, false);
    assert.ok(r.failures.some((f) => f.includes('audit_log') && f.includes('missing')), r.failures.join('\n'));
    assert.equal(r.tables.find((t) => t.table === 'audit_log')?.restoredRows, null);
    assert.ok(r.tables.filter((t) => t.table !== 'audit_log').every((t) => t.ok));
  });

  test('a truncated dump fails', async () => {
    const good = dump('for-truncation.dump');
    const truncated = join(work.dir, 'truncated.dump');
    const bytes = readFileSync(good);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    chmodSync(truncated, 0o644);
    assert.ok(statSync(truncated).size < bytes.length);
    const r = await drillPostgres({ source: sourceUrl, backup: truncated, scratch: server.url('postgres') });
    assert.equal(r.ok, false);
    assert.ok(r.failures.some((f) => f.startsWith('pg_restore exited')), r.failures.join('\n'));
    assert.ok(r.failures.some((f) => /table \S+( is missing|: restored)/.test(f)), 'the tables the truncation lost are named');
  });

  test('a dump whose rows differ from the source fails on the checksum and names the table', async () => {
    const backup = dump('before-edit.dump');
    await sql("UPDATE billing.invoices SET amount = amount + 1 WHERE number = 'INV-42'");
    try {
      const r = await drillPostgres({ source: sourceUrl, backup, scratch: server.url('postgres') });
      assert.equal(r.ok, false);
      assert.deepEqual(r.failures.filter((f) => f.includes('rows differ')).map((f) => f.split(':')[0]), ['table billing.invoices']);
      const inv = r.tables.find((t) => t.table === 'billing.invoices')!;
      assert.equal(inv.sourceRows, inv.restoredRows, 'same count, different rows');
      assert.notEqual(inv.sourceChecksum, inv.restoredChecksum);
    } finally {
      await sql("UPDATE billing.invoices SET amount = amount - 1 WHERE number = 'INV-42'");
    }
  });

  test('the bounded checksum on big tables still sees a changed edge row, and says it was bounded', async () => {
    const backup = dump('bounded.dump');
    await sql("UPDATE orders SET note = 'edited' WHERE id = 1");
    try {
      const r = await drillPostgres({ source: sourceUrl, backup, scratch: server.url('postgres'), boundedAbove: 10000, sampleRows: 100 });
      const orders = r.tables.find((t) => t.table === 'orders')!;
      assert.equal(orders.method, 'bounded');
      assert.equal(orders.ok, false);
      assert.match(r.method, /first and last 100 rows by primary key/);
      assert.equal(r.tables.find((t) => t.table === 'billing.invoices')?.method, 'full');
    } finally {
      await sql("UPDATE orders SET note = 'n1' WHERE id = 1");
    }
  });

  test('a check query that fails is caught and named', async () => {
    const backup = dump('checks.dump');
    const r = await drillPostgres({ source: sourceUrl, backup, scratch: server.url('postgres'), checks: ['SELECT count(*) FROM orders WHERE total < 0', 'SELECT * FROM no_such_table'] });
    assert.equal(r.ok, false);
    assert.equal(r.checks.length, 2);
    assert.ok(r.failures.some((f) => f.includes('total < 0') && f.includes('returned 0')), r.failures.join('\n'));
    assert.ok(r.failures.some((f) => f.includes('no_such_table') && f.includes('failed')));
  });

  test('a sequence behind its column is caught', async () => {
    await sql('CREATE TABLE tickets (id serial PRIMARY KEY, subject text); INSERT INTO tickets (subject) VALUES (\'a\'), (\'b\'); INSERT INTO tickets (id, subject) VALUES (500, \'imported\')');
    try {
      const backup = dump('seq.dump');
      const r = await drillPostgres({ source: sourceUrl, backup, scratch: server.url('postgres') });
      assert.equal(r.ok, false);
      assert.ok(r.failures.some((f) => f.includes('tickets_id_seq') && f.includes('behind')), r.failures.join('\n'));
    } finally {
      await sql('DROP TABLE tickets');
    }
  });

  test('the CLI restores a fresh dump on a throwaway server of its own, journals it, and `drills` shows its age', async () => {
    const home = tempDir('twokey-home-');
    try {
      const env = { TWOKEY_HOME: home.dir };
      const r = runCli(['drill', 'postgres', '--source', sourceUrl, '--check', 'SELECT count(*) FROM customers', '--json'], { env, timeoutMs: 180_000 });
      assert.equal(r.status, 0, r.stderr);
      const report = JSON.parse(r.stdout);
      assert.equal(report.ok, true);
      assert.equal(report.backup.fresh, true);
      assert.match(report.restore.into, /throwaway server/);
      assert.match(r.stderr, /starting a throwaway PostgreSQL server/);
      assert.match(r.stderr, /stopping the throwaway server/);
      const drills = runCli(['drills', '--json'], { env });
      assert.equal(drills.status, 0, drills.stderr);
      const listed = JSON.parse(drills.stdout);
      const shop = listed.databases.find((d: { target: string }) => d.target.endsWith('/shop'));
      assert.ok(shop, drills.stdout);
      assert.equal(shop.status, 'fresh');
      assert.ok(shop.verifiedAgeDays < 0.01);
      // A failed drill is recorded but does not replace the proof.
      const bad = join(work.dir, 'empty.dump');
      writeFileSync(bad, 'PGDMP');
      chmodSync(bad, 0o644);
      const failed = runCli(['drill', 'postgres', '--source', sourceUrl, '--backup', bad, '--scratch', server.url('postgres'), '--quiet'], { env, timeoutMs: 120_000 });
      assert.equal(failed.status, 3, failed.stdout + failed.stderr);
      assert.match(failed.stdout, /FAILED/);
      const after = JSON.parse(runCli(['drills', '--json'], { env }).stdout);
      const shop2 = after.databases.find((d: { target: string }) => d.target.endsWith('/shop'));
      assert.equal(shop2.lastDrill.ok, false);
      assert.equal(shop2.lastVerified.ok, true);
    } finally {
      home.cleanup();
    }
  });

  test('bad arguments are clear errors, not crashes', () => {
    const noSource = runCli(['drill', 'postgres']);
    assert.equal(noSource.status, 1);
    assert.match(noSource.stderr, /--source URL is required/);
    const badUrl = runCli(['drill', 'postgres', '--source', 'mysql://x/y']);
    assert.equal(badUrl.status, 1);
    assert.match(badUrl.stderr, /postgres:\/\/ or postgresql:\/\//);
    const missing = runCli(['drill', 'postgres', '--source', sourceUrl, '--backup', '/nonexistent.dump']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no such file/);
  });
});
