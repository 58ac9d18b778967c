import {
  createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, generateKeyPairSync,
  randomBytes, scrypt as scryptCb, type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CliIO } from '../cli/io.js';
import { homePaths, SYSTEM_PUBLIC_KEY, SYSTEM_TRUST_DIR } from '../core/paths.js';
import { UserError } from '../core/errors.js';
import { twokeyHome } from '../core/home.js';
import { openJournal } from '../journal/journal.js';

/**
 * The human's key pair: the second key. The private key never leaves disk unencrypted: it is stored as
 * PKCS#8 DER sealed with AES-256-GCM under a key derived from the passphrase with scrypt. The KDF
 * parameters are stored beside the ciphertext so they can be raised later without breaking old files.
 */

/** scrypt cost: N = 2^17, r = 8, p = 1 (about 128 MiB and ~0.6 s here): expensive to brute-force offline. */
export const DEFAULT_SCRYPT_LOG_N = 17;
export const MIN_SCRYPT_LOG_N = 14;
export const MIN_PASSPHRASE_LENGTH = 10;

export interface EncryptedKeyFile {
  format: 'twokey-ed25519-private-key';
  version: 1;
  kdf: { name: 'scrypt'; logN: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string };
  /** base64 of the encrypted PKCS#8 DER. */
  ciphertext: string;
  /** Fingerprint of the matching public key (sha256 of its SPKI DER, hex). */
  fingerprint: string;
  createdAt: string;
}

export interface TrustedKey {
  key: KeyObject;
  fingerprint: string;
  /** 'system' = the anchor under SYSTEM_TRUST_DIR (root-owned when made with sudo); 'home' = $TWOKEY_HOME/keys. */
  source: 'system' | 'home';
  path: string;
}

/** sha256 of the public key's SPKI DER, hex. */
export function fingerprintOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** `ab12cd34…` grouped for humans: `ab12 cd34 …` (first 32 hex digits). */
export function shortFingerprint(fp: string): string {
  return fp.slice(0, 32).replace(/(.{4})(?=.)/g, '$1 ');
}

function deriveKey(passphrase: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) => {
    scryptCb(passphrase.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => {
      if (err) reject(err); else resolve(key);
    });
  });
}

export async function encryptPrivateKey(privateKey: KeyObject, passphrase: string, logN = DEFAULT_SCRYPT_LOG_N): Promise<EncryptedKeyFile> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const r = 8;
  const p = 1;
  const key = await deriveKey(passphrase, salt, logN, r, p);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from('twokey-ed25519-private-key/1'));
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  const ciphertext = Buffer.concat([cipher.update(der), cipher.final()]);
  return {
    format: 'twokey-ed25519-private-key',
    version: 1,
    kdf: { name: 'scrypt', logN, r, p, salt: salt.toString('base64') },
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
    ciphertext: ciphertext.toString('base64'),
    fingerprint: fingerprintOf(createPublicKey(privateKey)),
    createdAt: new Date().toISOString(),
  };
}

export async function decryptPrivateKey(file: EncryptedKeyFile, passphrase: string): Promise<KeyObject> {
  if (file.format !== 'twokey-ed25519-private-key' || file.version !== 1 || file.kdf?.name !== 'scrypt' || file.cipher?.name !== 'aes-256-gcm') {
    throw new UserError('the private key file has an unknown format', 'Re-create it with `twokey init --force` (a human, at a terminal).');
  }
  if (!Number.isInteger(file.kdf.logN) || file.kdf.logN < MIN_SCRYPT_LOG_N || file.kdf.logN > 22) {
    throw new UserError(`the private key file has an out-of-range scrypt cost (2^${file.kdf.logN})`);
  }
  const key = await deriveKey(passphrase, Buffer.from(file.kdf.salt, 'base64'), file.kdf.logN, file.kdf.r, file.kdf.p);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.cipher.iv, 'base64'));
  decipher.setAAD(Buffer.from('twokey-ed25519-private-key/1'));
  decipher.setAuthTag(Buffer.from(file.cipher.tag, 'base64'));
  let der: Buffer;
  try {
    der = Buffer.concat([decipher.update(Buffer.from(file.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new UserError('wrong passphrase (or the private key file was altered)');
  }
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

/** Write a file atomically (temp + rename) with the given mode. */
export function writeFileAtomic(path: string, text: string, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, text, { mode, flag: 'wx' });
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

export interface CreatedKeys { fingerprint: string; privateKeyPath: string; publicKeyPath: string }

/** Generate and store a new key pair under `home`. Refuses to overwrite an existing key unless `force`. */
export async function createKeyPair(home: string, passphrase: string, opts: { force?: boolean; logN?: number } = {}): Promise<CreatedKeys> {
  const paths = homePaths(home);
  if (!opts.force && (existsSync(paths.privateKey) || existsSync(paths.publicKey))) {
    throw new UserError(`a key already exists in ${paths.keysDir}`, 'Keep it, or replace it with `twokey init --force` (every pending approval becomes invalid).');
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const sealed = await encryptPrivateKey(privateKey, passphrase, opts.logN);
  mkdirSync(paths.home, { recursive: true, mode: 0o700 });
  mkdirSync(paths.keysDir, { recursive: true, mode: 0o700 });
  chmodSync(paths.keysDir, 0o700);
  writeFileAtomic(paths.privateKey, `${JSON.stringify(sealed, null, 2)}\n`, 0o600);
  writeFileAtomic(paths.publicKey, publicKey.export({ type: 'spki', format: 'pem' }).toString(), 0o644);
  return { fingerprint: sealed.fingerprint, privateKeyPath: paths.privateKey, publicKeyPath: paths.publicKey };
}

/** Copy the public key to the system trust anchor (needs root). Directory 0755, file 0644. */
export function writeSystemAnchor(publicKeyPem: string, dir = SYSTEM_TRUST_DIR): string {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
  const path = join(dir, 'public.pem');
  writeFileAtomic(path, publicKeyPem, 0o644);
  return path;
}

/** Decrypt the human's private key. Throws UserError on a missing key or a wrong passphrase. */
export async function unlockPrivateKey(home: string, passphrase: string, opts: { journal?: boolean } = {}): Promise<KeyObject> {
  const path = homePaths(home).privateKey;
  if (!existsSync(path)) throw new UserError(`no private key at ${path}`, 'A human runs `twokey init` first.');
  let file: EncryptedKeyFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as EncryptedKeyFile;
  } catch (err) {
    throw new UserError(`cannot read the private key file ${path}: ${(err as Error).message}`);
  }
  let key: KeyObject;
  try {
    key = await decryptPrivateKey(file, passphrase);
  } catch (err) {
    if (opts.journal !== false) journalWrongPassphrase(home);
    throw err;
  }
  const trusted = loadTrustedPublicKey(home);
  if (trusted && fingerprintOf(createPublicKey(key)) !== trusted.fingerprint) {
    throw new UserError(
      `the private key in ${path} does not match the trusted public key (${trusted.source}: ${trusted.path})`,
      'Signatures made with it would be rejected. Restore the right key, or re-run `sudo twokey init --system --force`.',
    );
  }
  return key;
}

function readPublicKey(path: string): KeyObject | null {
  try {
    const key = createPublicKey(readFileSync(path, 'utf8'));
    return key.asymmetricKeyType === 'ed25519' ? key : null;
  } catch {
    return null;
  }
}

/**
 * The public key approvals and policy signatures are checked against: the system anchor first (written by
 * `sudo twokey init --system`, not writable by the agent's user), else `$TWOKEY_HOME/keys/public.pem`.
 * When a system anchor file exists but cannot be parsed, nothing is trusted (fail closed).
 */
export function loadTrustedPublicKey(home?: string): TrustedKey | null {
  if (existsSync(SYSTEM_PUBLIC_KEY)) {
    const key = readPublicKey(SYSTEM_PUBLIC_KEY);
    if (!key) return null;
    return { key, fingerprint: fingerprintOf(key), source: 'system', path: SYSTEM_PUBLIC_KEY };
  }
  const path = homePaths(home).publicKey;
  if (!existsSync(path)) return null;
  const key = readPublicKey(path);
  if (!key) return null;
  return { key, fingerprint: fingerprintOf(key), source: 'home', path };
}

/**
 * Read a passphrase from the interactive terminal, without echo. Refuses when stdin/stdout is not a
 * terminal: an agent's shell tool has none. There is deliberately no environment-variable or file
 * override: tests and the demo drive a real pseudo-terminal (util-linux `script`), and the security
 * of an approval rests on the passphrase, which only the human knows (see SECURITY.md).
 */
export async function readPassphrase(io: CliIO, prompt: string): Promise<string> {
  if (!io.isTTY || !process.stdin.isTTY) {
    journalRefusal(io, prompt);
    throw new UserError(
      'refused: a passphrase is read only from an interactive terminal, and this process has none',
      'Only a human at a terminal can do this. If you are an agent: ask the human to run this command themselves.',
    );
  }
  const stdin = process.stdin;
  io.stderr(prompt);
  const wasRaw = stdin.isRaw;
  stdin.setRawMode(true);
  try {
    return await new Promise<string>((resolve, reject) => {
      let value = '';
      let done = false;
      const consume = (text: string): void => {
        const chars = [...text];
        for (let i = 0; i < chars.length && !done; i++) {
          const ch = chars[i];
          const finish = (fn: () => void) => { done = true; pendingTerminalInput = chars.slice(i + 1).join(''); cleanup(); io.stderr('\n'); fn(); };
          if (ch === '\r' || ch === '\n') { finish(() => resolve(value)); return; }
          if (ch === '\u0003') { finish(() => reject(new UserError('cancelled'))); return; }
          if (ch === '\u0004') { if (value === '') { finish(() => reject(new UserError('no passphrase given'))); return; } continue; }
          if (ch === '\u007f' || ch === '\b') { value = [...value].slice(0, -1).join(''); continue; }
          if (ch === '\u0015') { value = ''; continue; }
          if (ch >= ' ') value += ch;
        }
      };
      const onData = (chunk: Buffer) => consume(chunk.toString('utf8'));
      const onEnd = () => { if (!done) { done = true; cleanup(); reject(new UserError('no passphrase given (terminal closed)')); } };
      const cleanup = () => { stdin.off('data', onData); stdin.off('end', onEnd); stdin.pause(); };
      // Input typed ahead of the prompt (after the previous line) is read first.
      const ahead = pendingTerminalInput;
      pendingTerminalInput = '';
      consume(ahead);
      if (!done) { stdin.on('data', onData); stdin.on('end', onEnd); stdin.resume(); }
    });
  } finally {
    stdin.setRawMode(wasRaw);
  }
}

/** A wrong passphrase is journaled (which command tried it). */
function journalWrongPassphrase(home: string): void {
  try {
    const journal = openJournal(home);
    journal.append({
      kind: 'passphrase-refused',
      summary: `wrong passphrase: twokey ${process.argv.slice(2).join(' ')}`.slice(0, 200),
      data: { argv: process.argv.slice(2), reason: 'wrong-passphrase', pid: process.pid, ppid: process.ppid },
    });
    journal.close();
  } catch { /* the refusal stands even when the journal is unavailable */ }
}

/** Every refused passphrase read is journaled (which command asked, and why it was refused). */
function journalRefusal(io: CliIO, prompt: string): void {
  try {
    const journal = openJournal(twokeyHome(io.env));
    journal.append({
      kind: 'passphrase-refused',
      summary: `passphrase refused (no interactive terminal): twokey ${process.argv.slice(2).join(' ')}`.slice(0, 200),
      data: { argv: process.argv.slice(2), prompt: prompt.trim(), pid: process.pid, ppid: process.ppid },
    });
    journal.close();
  } catch { /* the refusal stands even when the journal is unavailable */ }
}

/** Terminal input received after a line that was already returned (typed ahead of the next prompt). */
let pendingTerminalInput = '';
