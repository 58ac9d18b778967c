import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datastoresPack } from '../../../src/rules/packs/datastores.js';
import { cases } from '../../../src/rules/packs/datastores.cases.js';
import { judge, packSuite } from './p2-harness.js';

packSuite(datastoresPack, cases);

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
