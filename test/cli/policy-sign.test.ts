// `twokey policy sign` for real: a human at a (pseudo-)terminal with the passphrase signs the policy,
// which from then on applies; a wrong passphrase signs nothing. Driven through util-linux `script`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, haveTool, runCli, tempDir } from '../helpers/env.js';
import { createKeyPair } from '../../src/approval/keys.js';

const PASSPHRASE = 'correct horse battery staple';

function signAtTerminal(cwd: string, home: string, passphrase: string) {
  const cmd = `${process.execPath} ${BIN} policy sign`;
  return spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd, env: { ...process.env, TWOKEY_HOME: home }, input: `${passphrase}\n`, encoding: 'utf8', timeout: 60_000 });
}

test('policy sign at a terminal: the signed policy applies; a later edit is ignored again; a wrong passphrase signs nothing', async (t) => {
  if (!haveTool('script', 'signing at a pseudo-terminal')) return;
  const h = tempDir('twokey-home-');
  const p = tempDir('twokey-proj-');
  t.after(() => { h.cleanup(); p.cleanup(); });
  mkdirSync(join(p.dir, '.git'));
  mkdirSync(join(p.dir, '.twokey'));
  const policy = join(p.dir, '.twokey', 'policy.yaml');
  writeFileSync(policy, 'version: 1\ndeny: ["make deploy *"]\n');
  await createKeyPair(h.dir, PASSPHRASE, { logN: 14 });
  const env = { TWOKEY_HOME: h.dir };

  assert.equal(runCli(['check', '--', 'make', 'deploy', 'prod'], { cwd: p.dir, env }).status, 0, 'unsigned: ignored');

  const wrong = signAtTerminal(p.dir, h.dir, 'not the passphrase at all');
  assert.notEqual(wrong.status, 0, wrong.stdout);
  assert.equal(existsSync(`${policy}.sig`), false);

  const signed = signAtTerminal(p.dir, h.dir, PASSPHRASE);
  assert.equal(signed.status, 0, signed.stdout + signed.stderr);
  assert.match(signed.stdout, /signed .*policy\.yaml/);
  assert.ok(existsSync(`${policy}.sig`));
  const denied = runCli(['check', '--', 'make', 'deploy', 'prod'], { cwd: p.dir, env });
  assert.equal(denied.status, 3, denied.stdout + denied.stderr);
  assert.match(denied.stdout, /policy\.deny/);
  assert.equal(denied.stderr, '');

  appendFileSync(policy, 'allow: ["rm *"]\n');
  const edited = runCli(['check', '--', 'make', 'deploy', 'prod'], { cwd: p.dir, env });
  assert.equal(edited.status, 0);
  assert.match(edited.stderr, /failed its signature check/);
});
