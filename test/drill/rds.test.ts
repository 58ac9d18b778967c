// The RDS drill is tested against recorded AWS CLI responses (a stand-in `aws` answering from JSON files),
// not a live AWS account; the checks run through the real psql against a local PostgreSQL server.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { drillRds, SCRATCH_PREFIX } from '../../src/drill/rds.js';
import { findPgBin, startThrowawayServer, type ThrowawayServer } from '../../src/drill/pg-server.js';
import { REPO_ROOT, haveTool, runCli, tempDir } from '../helpers/env.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'aws-rds');

function recordings() {
  const t = tempDir('twokey-fake-aws-');
  cpSync(FIXTURES, t.dir, { recursive: true });
  const calls = () => readFileSync(join(t.dir, 'calls.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[]);
  return { ...t, aws: join(t.dir, 'fake-aws.mjs'), calls };
}

describe('rds drill plan (no --execute): only describe calls run, the rest is printed exactly', () => {
  test('point-in-time restore of the latest automated backup, placed like the source', () => {
    const rec = recordings();
    try {
      const r = runCli(['drill', 'rds', '--instance', 'prod-db', '--region', 'eu-west-1', '--scratch-id', 'twokey-drill-prod-db-test'], {
        env: { TWOKEY_AWS_BIN: rec.aws, FAKE_AWS_DIR: rec.dir },
      });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /restore-db-instance-to-point-in-time --source-db-instance-identifier prod-db --target-db-instance-identifier twokey-drill-prod-db-test --use-latest-restorable-time --db-instance-class db\.t3\.medium --db-subnet-group-name prod-private --vpc-security-group-ids sg-0db --no-multi-az --no-publicly-accessible/);
      assert.match(r.stdout, /rds wait db-instance-available --db-instance-identifier twokey-drill-prod-db-test --region eu-west-1/);
      assert.match(r.stdout, /delete-db-instance --db-instance-identifier twokey-drill-prod-db-test --skip-final-snapshot --delete-automated-backups/);
      assert.match(r.stdout, /automated backups reach 2026-11-26T09:55:00Z/);
      assert.match(r.stdout, /Nothing was changed/);
      const ops = rec.calls().map((c) => c[1]);
      assert.deepEqual(ops, ['describe-db-instances', 'describe-db-instance-automated-backups']);
    } finally {
      rec.cleanup();
    }
  });

  test('no automated backups: the newest available snapshot is restored', () => {
    const rec = recordings();
    try {
      const r = runCli(['drill', 'rds', '--instance', 'legacy-db', '--json'], { env: { TWOKEY_AWS_BIN: rec.aws, FAKE_AWS_DIR: rec.dir } });
      assert.equal(r.status, 0, r.stderr);
      const { plan } = JSON.parse(r.stdout);
      assert.equal(plan.source, 'snapshot');
      assert.equal(plan.snapshotId, 'legacy-db-2026-11-20', 'the newest snapshot that is available, not the one still being created');
      assert.ok(plan.scratchId.startsWith(SCRATCH_PREFIX));
      assert.deepEqual(plan.steps[0].argv.slice(1, 5), ['rds', 'restore-db-instance-from-db-snapshot', '--db-snapshot-identifier', 'legacy-db-2026-11-20']);
    } finally {
      rec.cleanup();
    }
  });

  test('nothing to restore is said plainly, and a scratch id that could name another instance is refused', () => {
    const rec = recordings();
    try {
      const none = runCli(['drill', 'rds', '--instance', 'orphan-db'], { env: { TWOKEY_AWS_BIN: rec.aws, FAKE_AWS_DIR: rec.dir } });
      assert.equal(none.status, 1);
      assert.match(none.stderr, /no automated backup window and no available snapshot/);
      const bad = runCli(['drill', 'rds', '--instance', 'prod-db', '--scratch-id', 'prod-db'], { env: { TWOKEY_AWS_BIN: rec.aws, FAKE_AWS_DIR: rec.dir } });
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /must start with 'twokey-drill-'/);
      const unknown = runCli(['drill', 'rds', '--instance', 'nope-db'], { env: { TWOKEY_AWS_BIN: rec.aws, FAKE_AWS_DIR: rec.dir } });
      assert.equal(unknown.status, 1);
      assert.match(unknown.stderr, /DBInstanceNotFound/);
    } finally {
      rec.cleanup();
    }
  });
});

const pgAvailable = haveTool(findPgBin('initdb') ?? 'initdb', 'the RDS drill --execute test (a local PostgreSQL stands in for the scratch instance)')
  && haveTool(findPgBin('psql') ?? 'psql', 'the RDS drill --execute test');

describe('rds drill --execute against recorded responses', { skip: !pgAvailable }, () => {
  let server: ThrowawayServer;
  before(async () => {
    server = await startThrowawayServer();
    const admin = new pg.Client({ connectionString: server.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE shop');
    await admin.end();
    const db = new pg.Client({ connectionString: server.url('shop') });
    await db.connect();
    await db.query("CREATE TABLE orders (id serial PRIMARY KEY, total numeric); INSERT INTO orders (total) SELECT g FROM generate_series(1, 2500) g");
    await db.end();
  });
  after(() => server?.stop());

  test('restores, checks through psql, journals, and deletes only the scratch instance', () => {
    const rec = recordings();
    const home = tempDir('twokey-home-');
    try {
      const env = { TWOKEY_AWS_BIN: rec.aws, FAKE_AWS_DIR: rec.dir, FAKE_AWS_PORT: String(server.port), TWOKEY_PSQL_BIN: findPgBin('psql')!, TWOKEY_HOME: home.dir };
      const r = runCli(['drill', 'rds', '--instance', 'prod-db', '--scratch-id', 'twokey-drill-exec', '--check', 'SELECT count(*) FROM orders', '--execute', '--json'], { env });
      assert.equal(r.status, 0, r.stderr + r.stdout);
      const { report } = JSON.parse(r.stdout);
      assert.equal(report.ok, true);
      assert.deepEqual(report.tables.map((t: { table: string; restoredRows: number }) => [t.table, t.restoredRows]), [['public.orders', 2500]]);
      assert.equal(report.checks[0].value, '2500');
      const mutations = rec.calls().filter((c) => /^(restore|delete|modify)/.test(c[1]));
      assert.deepEqual(mutations.map((c) => [c[1], c[3]]), [
        ['restore-db-instance-to-point-in-time', 'prod-db'],
        ['delete-db-instance', 'twokey-drill-exec'],
      ]);
      const drills = JSON.parse(runCli(['drills', '--json'], { env }).stdout);
      assert.ok(drills.databases.some((d: { target: string; status: string }) => d.target.endsWith('/prod-db') && d.status === 'fresh'));
    } finally {
      rec.cleanup();
      home.cleanup();
    }
  });

  test('a failing check fails the drill and the scratch is still deleted', async () => {
    const rec = recordings();
    process.env.FAKE_AWS_DIR = rec.dir;
    process.env.FAKE_AWS_PORT = String(server.port);
    try {
      const { report } = await drillRds({
        instance: 'prod-db', scratchId: 'twokey-drill-fail', execute: true, checks: ['SELECT count(*) FROM orders WHERE total < 0'],
        awsBin: rec.aws, psqlBin: findPgBin('psql')!,
      });
      assert.ok(report);
      assert.equal(report.ok, false);
      assert.ok(report.failures.some((f) => f.includes('total < 0')), report.failures.join('\n'));
      assert.ok(rec.calls().some((c) => c[1] === 'delete-db-instance' && c[3] === 'twokey-drill-fail'));
    } finally {
      delete process.env.FAKE_AWS_DIR;
      delete process.env.FAKE_AWS_PORT;
      rec.cleanup();
    }
  });
});
