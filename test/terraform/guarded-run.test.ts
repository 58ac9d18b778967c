// Guarded-run building blocks: how an invocation is read and classified, plan args, the real binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/env.js';
import { classify, findRealBinary, parseInvocation, planArgsFrom } from '../../src/terraform/guarded-run.js';
import { planSubjectHash } from '../../src/terraform/plan-hash.js';
import { shimScript, SHIM_MARKER } from '../../src/terraform/shim.js';

const cls = (...argv: string[]) => classify(parseInvocation(argv));

test('classify: apply, destroy, state surgery, read-only, unknown fails closed', () => {
  assert.equal(cls('terraform', 'apply'), 'apply');
  assert.equal(cls('terraform', '-chdir=infra', 'apply', '-auto-approve'), 'apply');
  assert.equal(cls('terraform', 'apply', '-destroy'), 'destroy');
  assert.equal(cls('tofu', 'destroy', '-auto-approve'), 'destroy');
  assert.equal(cls('terraform', 'state', 'rm', 'aws_db_instance.db'), 'state-surgery');
  assert.equal(cls('terraform', 'state', 'push', 'old.tfstate'), 'state-surgery');
  assert.equal(cls('terraform', 'state', 'list'), 'read-only');
  assert.equal(cls('terraform', 'workspace', 'delete', 'prod'), 'state-surgery');
  assert.equal(cls('terraform', 'workspace', 'select', 'prod'), 'read-only');
  assert.equal(cls('terraform', 'import', 'a.b', 'id'), 'state-write');
  assert.equal(cls('terraform', 'plan', '-destroy'), 'read-only');
  assert.equal(cls('terraform', 'init', '-upgrade'), 'read-only');
  assert.equal(cls('terraform', 'frobnicate'), 'state-surgery');
  assert.equal(cls('terragrunt', 'run-all', 'destroy'), 'destroy');
  assert.equal(parseInvocation(['terragrunt', 'run-all', 'destroy']).all, true);
  assert.equal(cls('terragrunt', 'run', '--', 'apply'), 'apply');
  assert.equal(parseInvocation(['terraform', '-chdir=infra', 'apply']).chdir, 'infra');
  assert.throws(() => parseInvocation(['rm', '-rf', '/']), /not terraform, tofu or terragrunt/);
});

test('planArgsFrom keeps plan options, drops apply-only ones, finds the plan file', () => {
  assert.deepEqual(planArgsFrom(['-auto-approve', '-var', 'a=1', '-target=x.y', '-input=false', '-destroy']), { planArgs: ['-var', 'a=1', '-target=x.y'], planFile: undefined });
  assert.deepEqual(planArgsFrom(['-lock=false', 'my.tfplan']), { planArgs: ['-lock=false'], planFile: 'my.tfplan' });
  assert.deepEqual(planArgsFrom(['-var-file', 'prod.tfvars', '-replace', 'a.b']).planArgs, ['-var-file', 'prod.tfvars', '-replace', 'a.b']);
});

test('findRealBinary skips the shim directory and any shim on PATH', () => {
  const { dir, cleanup } = tempDir();
  try {
    const home = join(dir, 'home');
    const shims = join(home, 'shims');
    const elsewhere = join(dir, 'other-shims');
    const real = join(dir, 'real');
    for (const d of [shims, elsewhere, real]) mkdirSync(d, { recursive: true });
    writeFileSync(join(shims, 'terraform'), shimScript('terraform', shims, '/node', '/twokey'));
    writeFileSync(join(elsewhere, 'terraform'), `#!/bin/sh\n# ${SHIM_MARKER}\n`);
    writeFileSync(join(real, 'terraform'), '#!/bin/sh\necho real\n');
    for (const f of [join(shims, 'terraform'), join(elsewhere, 'terraform'), join(real, 'terraform')]) chmodSync(f, 0o755);
    const env = { TWOKEY_HOME: home, PATH: [shims, elsewhere, real].join(':') };
    assert.equal(findRealBinary('terraform', env), join(real, 'terraform'));
    assert.equal(findRealBinary('terraform', { ...env, PATH: [shims, elsewhere].join(':') }), undefined);
  } finally { cleanup(); }
});

test('plan hash: bound to the file, lineage, serial, backend and workspace', () => {
  const base = { planSha256: 'a'.repeat(64), lineage: 'L', serial: 3, backend: 'local', workspace: 'default' };
  const h = planSubjectHash(base);
  assert.match(h, /^[0-9a-f]{64}$/);
  assert.equal(planSubjectHash({ ...base }), h);
  for (const change of [{ planSha256: 'b'.repeat(64) }, { lineage: 'M' }, { serial: 4 }, { backend: 's3' }, { workspace: 'prod' }]) {
    assert.notEqual(planSubjectHash({ ...base, ...change }), h, JSON.stringify(change));
  }
});
