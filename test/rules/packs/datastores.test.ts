import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datastoresPack } from '../../../src/rules/packs/datastores.js';
import { cases } from '../../../src/rules/packs/datastores.cases.js';
import { judge, runCases, uncoveredRules } from './p2-harness.js';

test('datastores: every blocked case is blocked by its rule at its level, every allowed case is allowed', () => {
  assert.deepEqual(runCases(datastoresPack, cases), []);
});

test('datastores: every rule has a blocked case and an allowed near-miss', () => {
  assert.deepEqual(uncoveredRules(datastoresPack, cases), []);
});

test('datastores: rule ids are namespaced by the pack and unique', () => {
  const ids = datastoresPack.rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^datastores\.[a-z0-9-]+$/);
});

test('datastores: blocked cases stay blocked behind wrappers (sudo, bash -c, env, timeout, subshell)', () => {
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
      const v = judge(datastoresPack, cmd, { cwd: '/work/project', env: c.env });
      if (v.decision === 'allow') failures.push(cmd);
    }
  }
  assert.deepEqual(failures, []);
});

test('datastores: rules that destroy a whole database name it (RuleHit.database), so the gate can ask for a restore drill', () => {
  const at = { cwd: '/work/project' };
  const named: Array<[string, string | undefined]> = [
    ['dropdb shop', 'shop'],
    ['dropdb -h db.internal -U admin --if-exists billing', 'billing'],
    ['psql -c "DROP DATABASE analytics"', 'analytics'],
    ['mysql -e "drop database if exists legacy_app"', 'legacy_app'],
    ['mysqladmin -u root drop orders', 'orders'],
    ['mysql -e "DROP SCHEMA legacy"', 'legacy'],
    ['cqlsh -e "DROP KEYSPACE metrics"', 'metrics'],
    ['mongosh mongodb://db.example:27017/catalog --eval "db.dropDatabase()"', 'catalog'],
    ['mongosh --eval "db.getSiblingDB(\'audit\').dropDatabase()"', 'audit'],
    ['mongo inventory --eval "db.dropDatabase()"', 'inventory'],
    ['redis-cli FLUSHALL', 'redis'],
    ['redis-cli -h cache.internal -p 6380 FLUSHALL', 'cache.internal:6380'],
    ['redis-cli -n 2 FLUSHDB', '127.0.0.1:6379/2'],
    // a table, not a database: no name
    ['psql -c "DROP TABLE users"', undefined],
    ['psql -c "DROP SCHEMA reporting CASCADE"', undefined],
    ['mongosh shop --eval "db.orders.drop()"', undefined],
  ];
  for (const [command, database] of named) {
    const v = judge(datastoresPack, command, at);
    assert.equal(v.decision, 'deny', command);
    assert.equal(v.database, database, command);
  }
});
