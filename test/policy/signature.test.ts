import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/env.js';
import { publicKeyFingerprint, sha256Hex, signPolicyBytes, trustedPublicKey, verifyPolicyBytes } from '../../src/policy/signature.js';
import { installKeys } from './policy-fixtures.js';

const POLICY = Buffer.from('version: 1\nrules:\n  terraform.destroy: ask\n');

test('a policy signed by the trusted key verifies; one changed byte does not', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const keys = installKeys(dir);
  const trusted = trustedPublicKey(dir, join(dir, 'no-system-anchor.pem'));
  assert.ok(trusted);
  assert.equal(trusted.fingerprint, publicKeyFingerprint(keys.publicKey));
  const sig = JSON.stringify(signPolicyBytes(POLICY, keys.privateKey));
  assert.equal(verifyPolicyBytes(POLICY, sig, trusted).status, 'valid');
  const changed = Buffer.from(POLICY.toString().replace('ask', 'off'));
  const r = verifyPolicyBytes(changed, sig, trusted);
  assert.equal(r.status, 'tampered');
  assert.match((r as { reason: string }).reason, /changed since it was signed/);
});

test('a signature whose sha256 was edited to match still fails the Ed25519 check', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  const keys = installKeys(dir);
  const trusted = trustedPublicKey(dir, join(dir, 'none.pem'))!;
  const sig = signPolicyBytes(POLICY, keys.privateKey);
  const changed = Buffer.from('version: 1\nrules:\n  terraform.destroy: off\n');
  const forged = { ...sig, sha256: sha256Hex(changed) };
  const r = verifyPolicyBytes(changed, JSON.stringify(forged), trusted);
  assert.equal(r.status, 'tampered');
  assert.match((r as { reason: string }).reason, /does not verify/);
});

test('signed by another key: tampered; no signature or no trusted key: unsigned', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  installKeys(dir);
  const trusted = trustedPublicKey(dir, join(dir, 'none.pem'))!;
  const other = generateKeyPairSync('ed25519');
  const r = verifyPolicyBytes(POLICY, JSON.stringify(signPolicyBytes(POLICY, other.privateKey)), trusted);
  assert.equal(r.status, 'tampered');
  assert.match((r as { reason: string }).reason, /another key/);
  assert.equal(verifyPolicyBytes(POLICY, null, trusted).status, 'unsigned');
  assert.equal(verifyPolicyBytes(POLICY, '{"alg":"ed25519"}', null).status, 'unsigned');
  assert.equal(verifyPolicyBytes(POLICY, 'not json', trusted).status, 'tampered');
});

test('the system anchor wins over the home key; a corrupt anchor trusts nothing', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  installKeys(dir);
  const system = generateKeyPairSync('ed25519');
  const anchor = join(dir, 'system.pem');
  writeFileSync(anchor, system.publicKey.export({ type: 'spki', format: 'pem' }));
  assert.equal(trustedPublicKey(dir, anchor)?.fingerprint, publicKeyFingerprint(system.publicKey));
  writeFileSync(anchor, 'garbage');
  assert.equal(trustedPublicKey(dir, anchor), null);
  assert.ok(readFileSync(anchor, 'utf8'));
});
