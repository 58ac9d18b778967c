// scripts/eval.mjs scores corpora as corpora/README.md says; checked here on a small made-up corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, tempDir } from '../helpers/env.js';

const row = (command: string, expect: 'block' | 'allow', context: unknown = 'default') => JSON.stringify({ command, expect, source: 'test', context });

test('eval: recall on block rows, FP rate on allow rows, default context only, dippy allow rows only', (t) => {
  const d = tempDir();
  t.after(d.cleanup);
  writeFileSync(join(d.dir, 'claude-code-safety-net.jsonl'), [
    row('terraform destroy -auto-approve', 'block'),
    row('ls -la', 'block'),
    row('git status', 'allow'),
    row('git push --force origin main', 'allow'),
    row('terraform destroy -auto-approve', 'allow', { cwd: '/tmp' }), // not default context: not scored
  ].join('\n'));
  writeFileSync(join(d.dir, 'dippy.jsonl'), [
    JSON.stringify({ command: 'ls', expect: 'allow', source: 't' }),
    JSON.stringify({ command: 'touch x', expect: 'block', source: 't' }), // dippy's block rows do not count
  ].join('\n'));
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'eval.mjs'), '--json', '--misses', '--misses-all', '--holdout', '--dir', d.dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  const cc = report.corpora.find((c: { name: string }) => c.name === 'claude-code-safety-net');
  assert.equal(cc.rows, 4);
  assert.deepEqual([cc.all.block_rows, cc.all.missed, cc.all.recall], [2, 1, 0.5]);
  assert.deepEqual([cc.all.allow_rows, cc.all.false_positives, cc.all.fp_rate], [2, 1, 0.5]);
  assert.deepEqual(cc.misses.map((m: { command: string }) => m.command), ['ls -la']);
  assert.deepEqual(cc.false_positives.map((m: { command: string }) => m.command), ['git push --force origin main']);
  assert.equal(cc.holdout.block_rows + cc.seen.block_rows, 2);
  const dippy = report.corpora.find((c: { name: string }) => c.name === 'dippy');
  assert.deepEqual([dippy.rows, dippy.all.block_rows, dippy.all.recall, dippy.all.false_positives], [1, 0, null, 0]);
  assert.equal(report.overall.all.allow_rows, 3);
});
