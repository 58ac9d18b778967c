// Helpers for the plan-gate tests: a human key in a temp TWOKEY_HOME (to approve requests the way
// `twokey approve` would, without a terminal), a signed user policy, and a copy of the fixture stack.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../helpers/env.js';

export const FIXTURE_STACK = join(REPO_ROOT, 'test', 'fixtures', 'terraform', 'prod');

export interface HumanKey { privateKey: KeyObject; fingerprint: string }

export async function makeHumanKey(home: string): Promise<HumanKey> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(join(home, 'keys'), { recursive: true, mode: 0o700 });
  writeFileSync(join(home, 'keys', 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const { fingerprintOf } = await import('../../src/approval/keys.js');
  return { privateKey, fingerprint: fingerprintOf(publicKey) };
}

export async function approveAsHuman(home: string, key: HumanKey, requestId: string): Promise<void> {
  const { approveRequest } = await import('../../src/approval/api.js');
  approveRequest(requestId, key.privateKey, key.fingerprint, { home });
}

export async function writeSignedUserPolicy(home: string, key: HumanKey, yaml: string): Promise<void> {
  const { signPolicyBytes } = await import('../../src/policy/signature.js');
  const path = join(home, 'policy.yaml');
  writeFileSync(path, yaml);
  writeFileSync(`${path}.sig`, JSON.stringify(signPolicyBytes(Buffer.from(yaml), key.privateKey)));
}

/** Environment for terraform in tests: no CLI config warnings, no checkpoint calls. */
export function tfEnv(home: string): NodeJS.ProcessEnv {
  return { TWOKEY_HOME: home, TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TWOKEY_SYSTEM_DIR: join(home, 'no-system-anchor'), NO_COLOR: '1' };
}

/** A fresh copy of the fixture stack, `terraform init`ed. */
export function stackCopy(dir: string, home: string): string {
  const stack = join(dir, 'prod');
  cpSync(FIXTURE_STACK, stack, { recursive: true });
  const r = spawnSync('terraform', ['init', '-input=false', '-no-color'], { cwd: stack, env: { ...process.env, ...tfEnv(home) }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`terraform init failed: ${r.stderr}`);
  return stack;
}

export function terraform(args: string[], cwd: string, home: string) {
  return spawnSync('terraform', args, { cwd, env: { ...process.env, ...tfEnv(home) }, encoding: 'utf8' });
}

/** The request id printed by a stopped `twokey run`. */
export function requestIdOf(stderr: string): string | undefined {
  return /request (r-[0-9a-f]{8})/.exec(stderr)?.[1];
}

/** The plan file path printed by a stopped `twokey run`. */
export function planPathOf(stderr: string): string | undefined {
  return /apply exactly this plan with: twokey run -- \S+ apply (\S+)/.exec(stderr)?.[1];
}
