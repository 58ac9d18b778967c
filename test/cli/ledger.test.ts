// `twokey ledger show|record` through the CLI, on the shared state files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli, tempDir, haveShared, SHARED_DIR } from '../helpers/env.js';

const TF = join(SHARED_DIR, 'fixtures', 'tfconfig');

test('ledger record: adopts the first state, refuses a foreign or older one, --accept overrides', { skip: !haveShared('ledger CLI test') }, () => {
  const { dir, cleanup } = tempDir();
  try {
    const env = { TWOKEY_HOME: join(dir, 'home'), TWOKEY_SYSTEM_DIR: join(dir, 'none') };
    const empty = runCli(['ledger', 'show'], { cwd: dir, env });
    assert.equal(empty.status, 0);
    assert.match(empty.stdout, /empty/);
    const first = runCli(['ledger', 'record', join(TF, 'tfplan2md__examples_azuredevops_terraform.tfstate'), '--json'], { cwd: dir, env });
    assert.equal(first.status, 0, first.stderr);
    assert.equal(JSON.parse(first.stdout).entry.serial, 5);
    const foreign = runCli(['ledger', 'record', join(TF, 'tf-summarize__example_terraform.tfstate')], { cwd: dir, env });
    assert.equal(foreign.status, 3);
    assert.match(foreign.stdout, /NOT adopted: the state has lineage f7a8b34c/);
    const shown = JSON.parse(runCli(['ledger', 'show', '--json'], { cwd: dir, env }).stdout);
    assert.equal(shown.entries[0].lineage, '6dcf942f-241a-66f7-a78a-aa4ac9a54a34');
    assert.equal(shown.entries[0].anomalies[0].kind, 'state.foreign-lineage');
    const binary = runCli(['ledger', 'record', join(TF, 'tfplan2md__examples_azuredevops_plan2.tfplan'), '--json'], { cwd: dir, env });
    assert.equal(binary.status, 0, binary.stderr);
    const accepted = runCli(['ledger', 'record', join(TF, 'tf-summarize__example_terraform.tfstate'), '--accept', '--json'], { cwd: dir, env });
    assert.equal(accepted.status, 0);
    assert.equal(JSON.parse(accepted.stdout).entry.lineage, 'f7a8b34c-b4c6-16ba-f017-1f2d5bda51da');
    const bad = runCli(['ledger', 'record', join(TF, 'tf-summarize__example_main.tf')], { cwd: dir, env });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /not a state file/);
  } finally { cleanup(); }
});
