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
