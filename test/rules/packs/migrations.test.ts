import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrationsPack } from '../../../src/rules/packs/migrations.js';
import { cases } from '../../../src/rules/packs/migrations.cases.js';
import { judge, runCases, uncoveredRules } from './p2-harness.js';

test('migrations: every blocked case is blocked by its rule at its level, every allowed case is allowed', () => {
  assert.deepEqual(runCases(migrationsPack, cases), []);
});

test('migrations: every rule has a blocked case and an allowed near-miss', () => {
  assert.deepEqual(uncoveredRules(migrationsPack, cases), []);
});

test('migrations: rule ids are namespaced by the pack and unique', () => {
  const ids = migrationsPack.rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^migrations\.[a-z0-9-]+$/);
});

test('migrations: blocked cases stay blocked behind wrappers (sudo, bash -c, env, timeout, subshell)', () => {
  const wrap = [
    (c: string) => `sudo ${c}`,
    (c: string) => `bash -c '${c.replace(/'/g, "'\\''")}'`,
    (c: string) => `env X=1 ${c}`,
    (c: string) => `timeout 5 ${c}`,
    (c: string) => `( ${c} )`,
  ];
  const failures: string[] = [];
  for (const c of cases.blocked.filter((x) => !x.files && !x.command.includes('\n') && !x.command.includes('<<') && !/^[A-Z_]+=/.test(x.command))) {
    for (const w of wrap) {
      const cmd = w(c.command);
      const v = judge(migrationsPack, cmd, { cwd: '/work/project', env: c.env });
      if (v.decision === 'allow') failures.push(cmd);
    }
  }
  assert.deepEqual(failures, []);
});

test('migrations: resets that destroy a whole database name it (RuleHit.database)', () => {
  const at = { cwd: '/work/project' };
  const named: Array<[string, string | undefined, Record<string, string>?]> = [
    ['DATABASE_URL=postgres://app@localhost:5432/shop_dev npx prisma migrate reset --force', 'shop_dev'],
    ['npx prisma migrate reset', 'orders', { DATABASE_URL: 'postgresql://u:p@db/orders?schema=public' }],
    ['npx prisma migrate reset', undefined],
    ['bin/rails db:drop', 'rails'],
    ['DATABASE_URL=mysql2://root@localhost/blog_dev rails db:reset', 'blog_dev'],
    ['python manage.py flush --noinput', 'django'],
    ['DATABASE_URL=postgres://localhost/crm python manage.py flush', 'crm'],
  ];
  for (const [command, database, env] of named) {
    const v = judge(migrationsPack, command, { ...at, env });
    assert.equal(v.decision, 'deny', command);
    assert.equal(v.database, database, command);
  }
  // a rollback reverts some migrations, not the database: no name
  assert.equal(judge(migrationsPack, 'rails db:rollback', at).database, undefined);
});

test('migrations: supabase db reset --linked / --db-url is left to paas.supabase-remote-reset; the local reset asks', () => {
  const at = { cwd: '/work/project' };
  assert.equal(judge(migrationsPack, 'supabase db reset --linked', at).decision, 'allow');
  assert.equal(judge(migrationsPack, 'supabase db reset --db-url postgres://x@h/db', at).decision, 'allow');
  const local = judge(migrationsPack, 'supabase db reset', at);
  assert.equal(local.decision, 'ask');
  assert.equal(local.rule, 'migrations.supabase-db-reset');
});
