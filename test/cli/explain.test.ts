import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempDir } from '../helpers/env.js';

test('explain: shows the unwrapping, the rules that fired and the decision', (t) => {
  const h = tempDir();
  t.after(h.cleanup);
  const r = runCli(['explain', '--', `sudo bash -c 'terraform destroy -auto-approve'`], { env: { TWOKEY_HOME: h.dir } });
  assert.equal(r.status, 3, r.stderr);
  assert.match(r.stdout, /parsed 1 simple command/);
  assert.match(r.stdout, /argv: {2}\["terraform","destroy","-auto-approve"\]/);
  assert.match(r.stdout, /via: {3}sudo > bash -c/);
  assert.match(r.stdout, /FIRED {3}terraform\.destroy/);
  assert.match(r.stdout, /decision \(.* ms\):\nDENY/);
});

test('explain --json: the trace as data; text in a commit message reaches no rule', (t) => {
  const h = tempDir();
  t.after(h.cleanup);
  const r = runCli(['explain', '--json', '--command', 'git commit -m "terraform destroy"'], { env: { TWOKEY_HOME: h.dir } });
  assert.equal(r.status, 0, r.stderr);
  const trace = JSON.parse(r.stdout);
  assert.equal(trace.commands.length, 1);
  assert.deepEqual(trace.commands[0].argv, ['git', 'commit', '-m', 'terraform destroy']);
  assert.ok(trace.commands[0].rules.every((x: { outcome: string }) => x.outcome === 'no-match'));
  assert.equal(trace.decision.decision, 'allow');
});

test('rules: lists every pack and rule, as text and JSON', (t) => {
  const h = tempDir();
  t.after(h.cleanup);
  const r = runCli(['rules', '--json'], { env: { TWOKEY_HOME: h.dir } });
  assert.equal(r.status, 0, r.stderr);
  const { packs } = JSON.parse(r.stdout) as { packs: { id: string; rules: { id: string; level: string }[] }[] };
  const tf = packs.find((p) => p.id === 'terraform');
  assert.ok(tf && tf.rules.length > 0);
  for (const p of packs) for (const rule of p.rules) assert.ok(rule.id.startsWith(`${p.id}.`), rule.id);
  assert.ok(packs.some((p) => p.id === 'shell'));
  const text = runCli(['rules', 'terraform'], { env: { TWOKEY_HOME: h.dir } });
  assert.match(text.stdout, /^terraform: /);
  assert.match(text.stdout, /terraform\.destroy +deny/);
  assert.equal(runCli(['rules', 'nopack'], { env: { TWOKEY_HOME: h.dir } }).status, 1);
});
