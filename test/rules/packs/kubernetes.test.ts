import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kubernetesPack } from '../../../src/rules/packs/kubernetes.js';
import { cases } from '../../../src/rules/packs/kubernetes.cases.js';
import { judge, runCases, uncoveredRules } from './p2-harness.js';

test('kubernetes: every blocked case is blocked by its rule at its level, every allowed case is allowed', () => {
  assert.deepEqual(runCases(kubernetesPack, cases), []);
});

test('kubernetes: every rule has a blocked case and an allowed near-miss', () => {
  assert.deepEqual(uncoveredRules(kubernetesPack, cases), []);
});

test('kubernetes: rule ids are namespaced by the pack and unique', () => {
  const ids = kubernetesPack.rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^kubernetes\.[a-z0-9-]+$/);
});

test('kubernetes: blocked cases stay blocked behind wrappers (sudo, bash -c, env, timeout, subshell)', () => {
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
      const v = judge(kubernetesPack, cmd, { cwd: '/work/project', env: c.env });
      if (v.decision === 'allow') failures.push(cmd);
    }
  }
  assert.deepEqual(failures, []);
});
