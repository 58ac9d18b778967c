// Shared by the policy and engine tests: a key pair in a temp $TWOKEY_HOME, and signed policy files.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { homePaths } from '../../src/core/paths.js';
import { signPolicyBytes, signaturePathFor } from '../../src/policy/signature.js';

export interface TestKeys { privateKey: KeyObject; publicKey: KeyObject }

/** Create an Ed25519 key pair and install its public key as $home's trusted key. */
export function installKeys(home: string): TestKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const p = homePaths(home);
  mkdirSync(p.keysDir, { recursive: true });
  writeFileSync(p.publicKey, publicKey.export({ type: 'spki', format: 'pem' }));
  return { privateKey, publicKey };
}

/** Write a policy file and, when `keys` is given, its signature. */
export function writePolicy(path: string, text: string, keys?: TestKeys): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  if (keys) signFile(path, keys);
}

export function signFile(path: string, keys: TestKeys): void {
  const sig = signPolicyBytes(readFileSync(path), keys.privateKey);
  writeFileSync(signaturePathFor(path), JSON.stringify(sig));
}

export function projectPolicyPath(projectDir: string): string {
  return join(projectDir, '.twokey', 'policy.yaml');
}
