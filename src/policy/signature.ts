import { createHash, createPublicKey, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homePaths, SYSTEM_PUBLIC_KEY, POLICY_SIGNATURE_SUFFIX } from '../core/paths.js';

/**
 * Policy signing (issue 5, section 4). A policy is used only when `<policy>.sig` beside it holds an
 * Ed25519 signature, by the trusted key, over exactly the policy's bytes. The trusted key is the system
 * trust anchor when it exists (written by `twokey init --system` where the agent cannot write), else
 * the public key in $TWOKEY_HOME. Without any trusted key every policy counts as unsigned.
 *
 * Signature file: {"alg":"ed25519","sha256":"<hex of the policy bytes>","signature":"<base64>",
 *                  "key":"<sha256 of the public key's SPKI DER, hex>"}
 */

export interface PolicySignatureFile {
  alg: 'ed25519';
  sha256: string;
  signature: string;
  key: string;
}

export type SignatureStatus =
  | { status: 'valid'; key: string }
  /** No .sig file, or no trusted key to check it against. */
  | { status: 'unsigned'; reason: string }
  /** A .sig exists but does not match these bytes, or was made by another key. */
  | { status: 'tampered'; reason: string };

export function signaturePathFor(policyPath: string): string {
  return `${policyPath}${POLICY_SIGNATURE_SUFFIX}`;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** sha256 (hex) of a public key's SPKI DER encoding. */
export function publicKeyFingerprint(key: KeyObject): string {
  const der = key.type === 'private' ? createPublicKey(key).export({ type: 'spki', format: 'der' }) : key.export({ type: 'spki', format: 'der' });
  return sha256Hex(der);
}

export interface TrustedKey {
  path: string;
  key: KeyObject;
  fingerprint: string;
}

/**
 * The key policies must be signed with: the system anchor when its file exists, else $TWOKEY_HOME's public
 * key; null when neither exists. A system anchor that exists but cannot be read or parsed trusts nothing
 * (fail closed: the home key must not stand in for a broken anchor). Same order as approval/keys.ts.
 */
export function trustedPublicKey(home: string, systemKeyPath: string = SYSTEM_PUBLIC_KEY): TrustedKey | null {
  if (existsSync(systemKeyPath)) return readEd25519(systemKeyPath);
  const homeKey = homePaths(home).publicKey;
  return existsSync(homeKey) ? readEd25519(homeKey) : null;
}

function readEd25519(path: string): TrustedKey | null {
  try {
    const key = createPublicKey(readFileSync(path));
    if (key.asymmetricKeyType !== 'ed25519') return null;
    return { path, key, fingerprint: publicKeyFingerprint(key) };
  } catch {
    return null;
  }
}

/** Check `bytes` (the policy as read) against the `.sig` text beside it. */
export function verifyPolicyBytes(bytes: Uint8Array, sigText: string | null, trusted: TrustedKey | null): SignatureStatus {
  if (trusted === null) return { status: 'unsigned', reason: 'no trusted public key (run `twokey init` to create the key pair)' };
  if (sigText === null) return { status: 'unsigned', reason: 'no signature file (sign it with `twokey policy sign`)' };
  let sig: Partial<PolicySignatureFile>;
  try {
    sig = JSON.parse(sigText) as Partial<PolicySignatureFile>;
  } catch {
    return { status: 'tampered', reason: 'the signature file is not valid JSON' };
  }
  if (sig.alg !== 'ed25519' || typeof sig.signature !== 'string' || typeof sig.sha256 !== 'string') {
    return { status: 'tampered', reason: 'the signature file is malformed (needs alg "ed25519", sha256, signature)' };
  }
  if (typeof sig.key === 'string' && sig.key !== trusted.fingerprint) {
    return { status: 'tampered', reason: `signed by another key (${sig.key.slice(0, 16)}…, trusted ${trusted.fingerprint.slice(0, 16)}…)` };
  }
  if (sig.sha256 !== sha256Hex(bytes)) return { status: 'tampered', reason: 'the policy changed since it was signed' };
  let ok = false;
  try {
    ok = edVerify(null, bytes, trusted.key, Buffer.from(sig.signature, 'base64'));
  } catch {
    ok = false;
  }
  return ok ? { status: 'valid', key: trusted.fingerprint } : { status: 'tampered', reason: 'the signature does not verify with the trusted key' };
}

/** Read the policy's `.sig` (null when absent) and verify. */
export function verifyPolicyFile(policyPath: string, bytes: Uint8Array, trusted: TrustedKey | null): SignatureStatus {
  const sigPath = signaturePathFor(policyPath);
  let sigText: string | null = null;
  try {
    sigText = readFileSync(sigPath, 'utf8');
  } catch {
    sigText = null;
  }
  return verifyPolicyBytes(bytes, sigText, trusted);
}

/** Produce the signature file for `bytes` with the human's private key. */
export function signPolicyBytes(bytes: Uint8Array, privateKey: KeyObject): PolicySignatureFile {
  const signature = edSign(null, bytes, privateKey).toString('base64');
  return { alg: 'ed25519', sha256: sha256Hex(bytes), signature, key: publicKeyFingerprint(privateKey) };
}
