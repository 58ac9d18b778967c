import { parseArgs } from 'node:util';
import { chownSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliCommand, CliIO } from './io.js';
import { UserError } from '../core/errors.js';
import { twokeyHome } from '../core/home.js';
import { homePaths, SYSTEM_TRUST_DIR } from '../core/paths.js';
import {
  createKeyPair, DEFAULT_SCRYPT_LOG_N, fingerprintOf, MIN_PASSPHRASE_LENGTH, MIN_SCRYPT_LOG_N, readPassphrase,
  shortFingerprint, writeSystemAnchor,
} from '../approval/keys.js';
import { createPublicKey } from 'node:crypto';
import { openJournal } from '../journal/journal.js';

const HELP = `twokey init: create the human's key pair (the second key)

Usage: twokey init [--force] [--kdf-log-n N] [--json]
       sudo twokey init --system         publish your existing public key as the system trust anchor

Run this yourself, in your own terminal. It creates an Ed25519 key pair under $TWOKEY_HOME/keys: the
private key sealed with your passphrase (scrypt N=2^${DEFAULT_SCRYPT_LOG_N}, r=8, p=1 + AES-256-GCM, file mode 0600),
the public key beside it. It prints the public key's fingerprint (sha256 of its DER encoding).
The passphrase is read from the terminal only: an agent's shell has no terminal and is refused.

Options:
  --force         replace an existing key pair (every unused approval becomes invalid)
  --system        copy the public key to ${SYSTEM_TRUST_DIR} (dir 0755, file 0644, owned by root): approvals
                  and policy signatures are then checked against that copy, which the agent's user
                  cannot replace. Run with sudo after a plain 'twokey init'.
  --kdf-log-n N   scrypt cost as a power of two (${MIN_SCRYPT_LOG_N}..22, default ${DEFAULT_SCRYPT_LOG_N}); higher is slower to brute-force
  --json          print {"fingerprint", "privateKey", "publicKey", "systemAnchor"} on stdout
`;

/** Under sudo, the invoking user's $TWOKEY_HOME (sudo drops TWOKEY_HOME and sets HOME to root's). */
function homeForSystemInit(io: CliIO): { home: string; uid?: number; gid?: number } {
  const sudoUser = io.env.SUDO_USER;
  if (io.env.TWOKEY_HOME || !sudoUser || process.getuid?.() !== 0) return { home: twokeyHome(io.env) };
  try {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.split(':')[0] === sudoUser);
    const dir = line?.split(':')[5];
    if (dir) return { home: join(dir, '.twokey'), uid: Number(io.env.SUDO_UID), gid: Number(io.env.SUDO_GID) };
  } catch { /* fall through */ }
  return { home: twokeyHome(io.env) };
}

function journalQuietly(home: string, kind: string, summary: string, data: unknown): void {
  try { const j = openJournal(home); j.append({ kind, summary, data }); j.close(); } catch { /* best effort */ }
}

export const command: CliCommand = {
  name: 'init',
  summary: 'Create the human key pair (the second key)',
  help: HELP,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { force: { type: 'boolean' }, system: { type: 'boolean' }, 'kdf-log-n': { type: 'string' }, json: { type: 'boolean' } },
      allowPositionals: false,
    });
    const logN = values['kdf-log-n'] === undefined ? DEFAULT_SCRYPT_LOG_N : Number(values['kdf-log-n']);
    if (!Number.isInteger(logN) || logN < MIN_SCRYPT_LOG_N || logN > 22) {
      throw new UserError(`--kdf-log-n must be an integer from ${MIN_SCRYPT_LOG_N} to 22 (got '${values['kdf-log-n']}')`);
    }
    const { home, uid, gid } = values.system ? homeForSystemInit(io) : { home: twokeyHome(io.env) } as { home: string; uid?: number; gid?: number };
    const paths = homePaths(home);

    let fingerprint: string;
    let created = false;
    const haveKey = existsSync(paths.privateKey) && existsSync(paths.publicKey);
    if (values.system && haveKey && !values.force) {
      fingerprint = fingerprintOf(createPublicKey(readFileSync(paths.publicKey, 'utf8')));
    } else {
      if (haveKey && !values.force) {
        throw new UserError(`a key pair already exists in ${paths.keysDir} (fingerprint shown by 'twokey init --system' or in ${paths.publicKey})`,
          'Keep it. To replace it (all unused approvals become invalid): twokey init --force');
      }
      const passphrase = await readPassphrase(io, 'New passphrase for the second key: ');
      if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
        throw new UserError(`the passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters`, 'A few unrelated words make a good one. It protects the key against offline guessing.');
      }
      const again = await readPassphrase(io, 'Same passphrase again: ');
      if (again !== passphrase) throw new UserError('the two passphrases differ; nothing was written');
      const keys = await createKeyPair(home, passphrase, { force: values.force, logN });
      fingerprint = keys.fingerprint;
      created = true;
      if (uid !== undefined && gid !== undefined && Number.isInteger(uid) && Number.isInteger(gid)) {
        for (const p of [paths.home, paths.keysDir, paths.privateKey, paths.publicKey]) { try { chownSync(p, uid, gid); } catch { /* keep going */ } }
      }
      journalQuietly(home, 'init', `key pair created, fingerprint ${fingerprint.slice(0, 16)}`, { fingerprint, replaced: Boolean(values.force && haveKey) });
    }

    let anchor: string | null = null;
    if (values.system) {
      try {
        anchor = writeSystemAnchor(readFileSync(paths.publicKey, 'utf8'));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new UserError(`cannot write the system trust anchor in ${SYSTEM_TRUST_DIR}: ${(err as Error).message}`,
          code === 'EACCES' || code === 'EPERM' ? 'Run it with sudo: sudo twokey init --system' : undefined);
      }
      journalQuietly(home, 'init', `system trust anchor written to ${anchor}`, { fingerprint, anchor });
    }

    if (values.json) {
      io.stdout(`${JSON.stringify({ fingerprint, created, privateKey: paths.privateKey, publicKey: paths.publicKey, systemAnchor: anchor })}\n`);
      return 0;
    }
    io.stdout([
      created ? `Created the second key in ${paths.keysDir}` : `Using the existing key in ${paths.keysDir}`,
      `  fingerprint: ${shortFingerprint(fingerprint)}`,
      `  full:        ${fingerprint}`,
      anchor ? `  trust anchor: ${anchor} (approvals and policy signatures are checked against this copy)` : `  trust anchor: ${paths.publicKey}${existsSync(SYSTEM_TRUST_DIR) ? '' : `  (for an anchor the agent cannot replace: sudo twokey init --system)`}`,
      '',
      'Keep the passphrase to yourself: anyone who has it can approve what an agent asks.',
      '',
    ].join('\n'));
    return 0;
  },
};
