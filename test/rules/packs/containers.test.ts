import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containersPack } from '../../../src/rules/packs/containers.js';
import { cases } from '../../../src/rules/packs/containers.cases.js';
import { judge, runCases, uncoveredRules } from './p2-harness.js';

test('containers: every blocked case is blocked by its rule at its level, every allowed case is allowed', () => {
  assert.deepEqual(runCases(containersPack, cases), []);
});

test('containers: every rule has a blocked case and an allowed near-miss', () => {
  assert.deepEqual(uncoveredRules(containersPack, cases), []);
});

test('containers: rule ids are namespaced by the pack and unique', () => {
  const ids = containersPack.rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^containers\.[a-z0-9-]+$/);
});

test('containers: blocked cases stay blocked behind wrappers (sudo, bash -c, env, timeout, subshell)', () => {
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
      const v = judge(containersPack, cmd, { cwd: '/work/project', env: c.env });
      if (v.decision === 'allow') failures.push(cmd);
    }
  }
  assert.deepEqual(failures, []);
});
