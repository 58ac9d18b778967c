// `twokey init`: the human's key pair, made at a terminal only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { runCli } from '../helpers/env.js';
import { havePty, runCliInPty } from '../approval/pty.js';
import { agentRuns, journalEntries, PASSPHRASE, sandbox } from '../approval/fixtures.js';
import { readRequest, signApproval, subjectKey } from '../../src/approval/api.js';
import { decryptPrivateKey, fingerprintOf, unlockPrivateKey } from '../../src/approval/keys.js';

test('init refuses without a terminal, writes nothing, and journals the attempt', () => {
  const sb = sandbox({ init: false });
  try {
    const r = runCli(['init'], { env: sb.env, input: `${PASSPHRASE}\n${PASSPHRASE}\n` });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /refused: a passphrase is read only from an interactive terminal/);
    assert.equal(existsSync(join(sb.home, 'keys', 'private.key.enc')), false);
    assert.ok(journalEntries(sb).some((e) => e.kind === 'passphrase-refused'));
  } finally { sb.cleanup(); }
});

test('init at a terminal: sealed private key 0600, public key, fingerprint = sha256 of the DER', { skip: !havePty() }, async () => {
  const sb = sandbox({ init: false });
  try {
    const r = runCliInPty(['init', '--kdf-log-n', '14', '--json'], [PASSPHRASE, PASSPHRASE], { env: sb.env });
    assert.equal(r.status, 0, r.output);
    const out = JSON.parse(r.output.slice(r.output.indexOf('{"fingerprint"')).split('\n')[0].trim());
    const priv = join(sb.home, 'keys', 'private.key.enc');
    const pub = join(sb.home, 'keys', 'public.pem');
    assert.equal(statSync(priv).mode & 0o777, 0o600);
    assert.equal(statSync(join(sb.home, 'keys')).mode & 0o777, 0o700);
    const pubKey = createPublicKey(readFileSync(pub, 'utf8'));
    assert.equal(out.fingerprint, createHash('sha256').update(pubKey.export({ type: 'spki', format: 'der' })).digest('hex'));
    const sealed = JSON.parse(readFileSync(priv, 'utf8'));
    assert.equal(sealed.kdf.name, 'scrypt');
    assert.equal(sealed.kdf.logN, 14);
    assert.equal(sealed.cipher.name, 'aes-256-gcm');
    assert.doesNotMatch(readFileSync(priv, 'utf8'), /BEGIN PRIVATE KEY/);
    const key = await unlockPrivateKey(sb.home, PASSPHRASE);
    assert.equal(fingerprintOf(createPublicKey(key)), out.fingerprint);
    await assert.rejects(unlockPrivateKey(sb.home, 'wrong passphrase!'), /wrong passphrase/);
    // A flipped ciphertext byte is caught by the GCM tag.
    const bad = { ...sealed, ciphertext: Buffer.from(Buffer.from(sealed.ciphertext, 'base64').map((b: number, i: number) => (i === 5 ? b ^ 1 : b))).toString('base64') };
    await assert.rejects(decryptPrivateKey(bad, PASSPHRASE), /wrong passphrase \(or the private key file was altered\)/);
  } finally { sb.cleanup(); }
});

test('init will not replace a key without --force, nor accept a short or mistyped passphrase', { skip: !havePty() }, () => {
  const sb = sandbox();
  try {
    const before = readFileSync(join(sb.home, 'keys', 'public.pem'), 'utf8');
    const again = runCliInPty(['init', '--kdf-log-n', '14'], [PASSPHRASE, PASSPHRASE], { env: sb.env });
    assert.equal(again.status, 1);
    assert.match(again.output, /a key pair already exists/);
    assert.equal(readFileSync(join(sb.home, 'keys', 'public.pem'), 'utf8'), before);
    const fresh = sandbox({ init: false });
    try {
      const short = runCliInPty(['init', '--kdf-log-n', '14'], ['short', 'short'], { env: fresh.env });
      assert.equal(short.status, 1);
      assert.match(short.output, /at least 10 characters/);
      const typo = runCliInPty(['init', '--kdf-log-n', '14'], [PASSPHRASE, `${PASSPHRASE}x`], { env: fresh.env });
      assert.equal(typo.status, 1);
      assert.match(typo.output, /the two passphrases differ/);
      assert.equal(existsSync(join(fresh.home, 'keys', 'private.key.enc')), false);
    } finally { fresh.cleanup(); }
  } finally { sb.cleanup(); }
});

test('init --system: the anchor (0755 dir, 0644 file) wins over a public key the agent swaps into the home', { skip: !havePty() }, () => {
  const sb = sandbox();
  try {
    const anchorDir = sb.env.TWOKEY_SYSTEM_DIR!;
    const r = runCli(['init', '--system'], { env: sb.env });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(statSync(anchorDir).mode & 0o777, 0o755);
    assert.equal(statSync(join(anchorDir, 'public.pem')).mode & 0o777, 0o644);
    // The agent replaces the home public key with its own and signs an approval with it.
    const first = agentRuns(sb, 'terraform destroy -auto-approve');
    const rec = readRequest(sb.home, first.requestId!)!;
    const rogue = generateKeyPairSync('ed25519');
    writeFileSync(join(sb.home, 'keys', 'public.pem'), rogue.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const forged = signApproval({ requestId: rec.id, hash: rec.hash, cwd: rec.cwd, kind: 'command', expiresAt: new Date(Date.now() + 600_000).toISOString(), nonce: 'e'.repeat(64) }, rogue.privateKey, fingerprintOf(rogue.publicKey));
    mkdirSync(join(sb.home, 'approvals'), { recursive: true });
    writeFileSync(join(sb.home, 'approvals', `${subjectKey('command', rec.hash, rec.cwd)}.a-rogue.json`), JSON.stringify(forged));
    assert.equal(agentRuns(sb, 'terraform destroy -auto-approve').decision, 'deny');
    const refused = journalEntries(sb).filter((e) => e.kind === 'approval-refused');
    assert.equal(refused.length, 1);
    assert.equal(refused[0].data?.reason, 'wrong-key');
  } finally { sb.cleanup(); }
});

test('init --help and bad options', () => {
  assert.match(runCli(['init', '--help']).stdout, /--system/);
  const r = runCli(['init', '--kdf-log-n', '3']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--kdf-log-n must be an integer from 14 to 22/);
});
