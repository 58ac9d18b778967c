// `twokey shim install`: shims route terraform through `twokey run`, find the real binary, never recurse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, haveTool } from '../helpers/env.js';
import { stackCopy, tfEnv } from '../terraform/helpers.js';

test('shim install writes executable shims; refuses to overwrite a foreign file', () => {
  const { dir, cleanup } = tempDir();
  try {
    const env = { TWOKEY_HOME: join(dir, 'home') };
    const r = runCli(['shim', 'install', '--dir', join(dir, 'shims'), '--json'], { env });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.written.length, 3);
    for (const f of out.written) {
      assert.ok(statSync(f).mode & 0o100);
      assert.match(readFileSync(f, 'utf8'), /TWOKEY-SHIM-v1/);
    }
    assert.equal(runCli(['shim', 'install', '--dir', join(dir, 'shims')], { env }).status, 0, 'reinstall over own shims is fine');
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other', 'terraform'), '#!/bin/sh\necho real\n');
    const refused = runCli(['shim', 'install', '--dir', join(dir, 'other')], { env });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /not a twokey shim; refusing/);
  } finally { cleanup(); }
});

test('shims on PATH: read-only passes through, a destructive apply stops, no recursion', { skip: !haveTool('terraform', 'shim end-to-end test') }, () => {
  const { dir, cleanup } = tempDir();
  try {
    const home = join(dir, 'home');
    const stack = stackCopy(dir, home);
    const shims = join(dir, 'shims');
    assert.equal(runCli(['shim', 'install', '--dir', shims], { env: { TWOKEY_HOME: home } }).status, 0);
    const env = { ...process.env, ...tfEnv(home), PATH: `${shims}:${process.env.PATH}` };
    const sh = (cmd: string) => spawnSync('sh', ['-c', cmd], { cwd: stack, env, encoding: 'utf8', timeout: 120_000 });
    const v = sh('terraform version');
    assert.equal(v.status, 0, v.stderr);
    assert.match(v.stdout, /Terraform v\d/);
    const first = sh('terraform apply -auto-approve');
    assert.equal(first.status, 0, first.stderr);
    const shrink = sh('terraform apply -auto-approve -var site_count=0');
    assert.equal(shrink.status, 2, shrink.stderr);
    assert.match(shrink.stderr, /STOPPED/);
    // Inside a guarded run the shim goes straight to the real binary (terragrunt -> terraform).
    const inner = spawnSync('sh', ['-c', 'terraform version'], { cwd: stack, env: { ...env, TWOKEY_IN_RUN: '1' }, encoding: 'utf8' });
    assert.equal(inner.status, 0);
    assert.match(inner.stdout, /Terraform v\d/);
  } finally { cleanup(); }
});
