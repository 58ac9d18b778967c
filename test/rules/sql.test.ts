import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyMongoJs, classifyRedisText, classifyRedisWords, classifySql, includedFiles, splitSql } from '../../src/rules/sql.js';

const kinds = (sql: string, dialect?: Parameters<typeof classifySql>[1]) => classifySql(sql, dialect).map((e) => `${e.kind}:${e.level}`);

test('splitSql: statements split on ; outside strings, comments and dollar quotes', () => {
  const s = splitSql("SELECT 'a;b'; /* x; */ SELECT $$ c; d $$; -- e;\nSELECT \"f;g\"", 'postgres');
  assert.equal(s.statements.length, 3);
  assert.equal(s.statements[0].tokens[1].kind, 'string');
  assert.equal(s.statements[0].tokens[1].text, 'a;b');
  assert.equal(s.statements[1].tokens[1].text, ' c; d ');
  assert.equal(s.statements[2].tokens[1].kind, 'quoted-ident');
});

test('splitSql: psql meta-commands and sqlite dot-commands are kept apart', () => {
  const pg = splitSql('\\d users\n\\i drop.sql\nSELECT 1;', 'postgres');
  assert.deepEqual(pg.meta.map((m) => m.name), ['\\d', '\\i']);
  assert.equal(pg.statements.length, 1);
  const lite = splitSql('.tables\n.read x.sql\nSELECT 1;', 'sqlite');
  assert.deepEqual(lite.meta.map((m) => m.name), ['.tables', '.read']);
  assert.deepEqual(includedFiles('.read x.sql\n', 'sqlite'), ['x.sql']);
  assert.deepEqual(includedFiles('\\i ./drop.sql\n', 'postgres'), ['./drop.sql']);
});

test('splitSql: nested block comments, E-strings with escapes, MySQL # comments and backslash escapes', () => {
  assert.deepEqual(kinds('/* outer /* inner */ DROP TABLE x; */ SELECT 1'), []);
  assert.deepEqual(kinds("SELECT E'it\\'s; DROP TABLE x'"), []);
  assert.deepEqual(kinds("# DROP TABLE x\nSELECT 'a\\';DROP TABLE y'", 'mysql'), []);
  assert.deepEqual(kinds('SELECT `DROP TABLE x`', 'mysql'), []);
});

test('classify: DROP DATABASE/SCHEMA/KEYSPACE and DROP TABLE deny; lesser drops ask, CASCADE escalates', () => {
  assert.deepEqual(kinds('DROP DATABASE prod'), ['drop-database:deny']);
  assert.deepEqual(kinds('drop schema if exists public cascade;'), ['drop-database:deny']);
  assert.deepEqual(kinds('DROP KEYSPACE metrics'), ['drop-database:deny']);
  assert.deepEqual(kinds('DROP TABLE IF EXISTS "Users"'), ['drop-table:deny']);
  assert.deepEqual(kinds('drop temporary table t'), ['drop-table:deny']);
  assert.deepEqual(kinds('DROP INDEX CONCURRENTLY idx'), ['drop-other:ask']);
  assert.deepEqual(kinds('DROP VIEW v'), ['drop-other:ask']);
  assert.deepEqual(kinds('DROP TYPE mood CASCADE'), ['drop-other:deny']);
  assert.deepEqual(kinds('DROP MATERIALIZED VIEW mv'), ['drop-other:ask']);
  assert.deepEqual(kinds('DROP OWNED BY app'), ['drop-owned:deny']);
  assert.deepEqual(kinds('DROP ROLE app'), ['drop-role:ask']);
  assert.equal(classifySql('DROP TABLE public.orders')[0].target, 'public.orders');
});

test('classify: deleting MySQL binary logs (point-in-time recovery) denies wholesale, asks before a point', () => {
  assert.deepEqual(kinds('RESET MASTER', 'mysql'), ['purge-binlogs:deny']);
  assert.deepEqual(kinds('reset binary logs and gtids;', 'mysql'), ['purge-binlogs:deny']);
  assert.deepEqual(kinds("PURGE BINARY LOGS BEFORE '2026-11-01'", 'mysql'), ['purge-binlogs:ask']);
  assert.deepEqual(kinds("PURGE MASTER LOGS TO 'mysql-bin.000010'", 'mysql'), ['purge-binlogs:ask']);
  assert.deepEqual(kinds('RESET QUERY CACHE', 'mysql'), []);
  assert.deepEqual(kinds('SHOW BINARY LOGS', 'mysql'), []);
});

test('classify: TRUNCATE, DELETE and UPDATE without WHERE deny; trivially-true WHERE counts as none; LIMIT/JOIN ask', () => {
  assert.deepEqual(kinds('TRUNCATE logs'), ['truncate:deny']);
  assert.deepEqual(kinds('truncate table a, b cascade'), ['truncate:deny']);
  assert.deepEqual(kinds('DELETE FROM users'), ['delete-all:deny']);
  assert.deepEqual(kinds('DELETE FROM users WHERE 1=1'), ['delete-all:deny']);
  assert.deepEqual(kinds('delete from users where TRUE;'), ['delete-all:deny']);
  assert.deepEqual(kinds("DELETE FROM users WHERE 'a' = 'a'"), ['delete-all:deny']);
  assert.deepEqual(kinds('DELETE FROM users WHERE id = 1'), []);
  assert.deepEqual(kinds('DELETE FROM users WHERE id IN (SELECT id FROM bans)'), []);
  assert.deepEqual(kinds('DELETE FROM logs LIMIT 100'), ['delete-limited:ask']);
  assert.deepEqual(kinds('UPDATE users SET admin = true'), ['update-all:deny']);
  assert.deepEqual(kinds('UPDATE users SET admin = true WHERE id = 3'), []);
  assert.deepEqual(kinds('UPDATE t SET a = (SELECT max(b) FROM u WHERE u.id = 1)'), ['update-all:deny']);
});

test('classify: ALTER TABLE DROP COLUMN/PARTITION deny (COLUMN keyword optional); constraints and defaults ask', () => {
  assert.deepEqual(kinds('ALTER TABLE t DROP COLUMN c'), ['alter-drop-column:deny']);
  assert.deepEqual(kinds('ALTER TABLE t DROP c', 'mysql'), ['alter-drop-column:deny']);
  assert.deepEqual(kinds('ALTER TABLE t DROP PARTITION p2020'), ['alter-drop-column:deny']);
  assert.deepEqual(kinds('ALTER TABLE t DROP CONSTRAINT fk, DROP COLUMN c'), ['alter-drop-column:deny']);
  assert.deepEqual(kinds('ALTER TABLE t DROP CONSTRAINT fk'), ['alter-drop-constraint:ask']);
  assert.deepEqual(kinds('ALTER TABLE t ALTER COLUMN c DROP NOT NULL'), ['alter-drop-constraint:ask']);
  assert.deepEqual(kinds('ALTER TABLE t ADD COLUMN c int'), []);
});

test('classify: verbs inside other statements are not statements (ON DELETE, GRANT, FOR UPDATE, upserts, function bodies)', () => {
  assert.deepEqual(kinds('CREATE TABLE t (u int REFERENCES u ON DELETE CASCADE ON UPDATE CASCADE)'), []);
  assert.deepEqual(kinds('GRANT SELECT, UPDATE, DELETE ON t TO app'), []);
  assert.deepEqual(kinds('SELECT * FROM t FOR UPDATE'), []);
  assert.deepEqual(kinds('INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET n = 1'), []);
  assert.deepEqual(kinds('CREATE FUNCTION f() RETURNS void AS $f$ DELETE FROM t $f$ LANGUAGE sql'), []);
  assert.deepEqual(kinds('EXPLAIN DELETE FROM t'), []);
});

test('classify: statements that do run: CTEs, EXPLAIN ANALYZE, DO blocks, EXECUTE of literals', () => {
  assert.deepEqual(kinds('WITH gone AS (DELETE FROM t RETURNING *) SELECT count(*) FROM gone'), ['delete-all:deny']);
  assert.deepEqual(kinds('WITH ids AS (SELECT 1) DELETE FROM t'), ['delete-all:deny']);
  assert.deepEqual(kinds('EXPLAIN ANALYZE DELETE FROM t'), ['delete-all:deny']);
  assert.deepEqual(kinds('DO $$ BEGIN DROP TABLE x; END $$;'), ['drop-table:deny']);
  assert.deepEqual(kinds("DO $$ BEGIN EXECUTE 'TRUNCATE t'; END $$"), ['truncate:deny']);
});

test('redis: FLUSHALL/FLUSHDB in any case, per line of input', () => {
  assert.equal(classifyRedisWords(['flushall'])?.level, 'deny');
  assert.equal(classifyRedisWords(['FLUSHDB', 'ASYNC'])?.what, 'FLUSHDB');
  assert.equal(classifyRedisWords(['GET', 'flushall']), null);
  assert.equal(classifyRedisText('SET a 1\nFLUSHALL\n').length, 1);
});

test('mongo: dropDatabase, drop, deleteMany({}) and remove({}) deny; filtered deletes and strings do not count', () => {
  assert.deepEqual(classifyMongoJs('db.dropDatabase()').map((e) => e.level), ['deny']);
  assert.deepEqual(classifyMongoJs("db.getCollection('users').drop()").map((e) => e.what), ['.drop()']);
  assert.deepEqual(classifyMongoJs('db.users.deleteMany({})').map((e) => e.what), ['deleteMany({})']);
  assert.deepEqual(classifyMongoJs('db.users.remove( { } )').map((e) => e.what), ['deleteMany({})']);
  assert.deepEqual(classifyMongoJs('db.users.deleteMany({ expired: true })'), []);
  assert.deepEqual(classifyMongoJs('print("db.dropDatabase()") // db.x.drop()'), []);
  assert.deepEqual(classifyMongoJs('db.users.updateMany({}, { $set: { a: 1 } })').map((e) => e.level), ['ask']);
});

test('transactions: BEGIN … ROLLBACK undoes what it holds (MySQL DDL and DROP DATABASE excepted); COMMIT keeps it', () => {
  assert.deepEqual(kinds('BEGIN; DELETE FROM t; ROLLBACK;'), []);
  assert.deepEqual(kinds('START TRANSACTION; UPDATE t SET a = 1; SELECT count(*) FROM t; ROLLBACK;'), []);
  assert.deepEqual(kinds('BEGIN; DROP TABLE t; ROLLBACK;', 'postgres'), []);
  assert.deepEqual(kinds('BEGIN; DROP TABLE t; ROLLBACK;', 'mysql'), ['drop-table:deny']);
  assert.deepEqual(kinds('BEGIN; DELETE FROM t; COMMIT;'), ['delete-all:deny']);
  assert.deepEqual(kinds('BEGIN; DELETE FROM t;'), ['delete-all:deny']);
  assert.deepEqual(kinds('BEGIN; DELETE FROM t; ROLLBACK TO SAVEPOINT s; COMMIT;'), ['delete-all:deny']);
});
