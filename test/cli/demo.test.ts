// `twokey demo incident` end to end: with real Terraform when installed, and the recorded replay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { haveTool, runCli } from '../helpers/env.js';

test('twokey demo incident with real Terraform ends with the database intact', { skip: !haveTool('terraform', 'the live incident demo'), timeout: 300_000 }, () => {
  const r = runCli(['demo', 'incident'], { timeoutMs: 300_000, env: { TWOKEY_HOME: '/nonexistent-demo-uses-its-own' } });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /Step 1\. No state/);
  assert.match(r.stdout, /ASK \(plan: 7 create\)[\s\S]*state\.new-environment/);
  assert.match(r.stdout, /DENY \[terraform\.destroy\], request r-[0-9a-f]{8}/);
  assert.match(r.stdout, /DENY \[self\.approve\]/);
  assert.match(r.stdout, /refused: approving needs an interactive terminal/);
  assert.match(r.stdout, /state\.foreign-lineage/);
  assert.match(r.stdout, /Step 7\.[\s\S]*a new plan is a new request[\s\S]*ASK \(plan: 1 delete[\s\S]*released by the human's approval of request r-[0-9a-f]{8}[\s\S]*terraform ran \(exit 0\)[\s\S]*And a second time:\n[^\n]*\n  twokey → DENY/);
  assert.match(r.stdout, /The database is intact: terraform_data\.db is still [0-9a-f-]{36}/);
  assert.match(r.stdout, /Journal intact/);
  assert.doesNotMatch(r.stdout, /UNEXPECTED/);
});

test('twokey demo incident --replay judges the recorded plans and says it is a replay', { timeout: 120_000 }, () => {
  const r = runCli(['demo', 'incident', '--replay'], { timeoutMs: 120_000 });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /replaying the plans recorded by a real run/);
  // The no-state step: the recorded run (with the real state and ledger) asked; the live check of the JSON
  // alone may or may not, and says why when it differs.
  assert.match(r.stdout, /Step 1\. first plan with no state[\s\S]*recorded run with the ledger: ASK \[state\.new-environment\]/);
  assert.match(r.stdout, /DENY now \[[^\]]*plan\.destroy-all/);
  assert.match(r.stdout, /refused: approving needs an interactive terminal/);
});

test('twokey demo rejects an unknown scenario with a clear message', () => {
  const r = runCli(['demo', 'something']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /unknown demo 'something'/);
});
