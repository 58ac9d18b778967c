import { test } from 'node:test';
import assert from 'node:assert/strict';
import { migrationsPack } from '../../../src/rules/packs/migrations.js';
import { cases } from '../../../src/rules/packs/migrations.cases.js';
import { judge, packSuite } from './p2-harness.js';

packSuite(migrationsPack, cases);

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
