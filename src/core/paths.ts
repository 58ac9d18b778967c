import { join } from 'node:path';
import { twokeyHome } from './home.js';

/** Where twokey keeps its files under $TWOKEY_HOME. One place, so the gate can protect them all. */
export function homePaths(home: string = twokeyHome()) {
  return {
    home,
    keysDir: join(home, 'keys'),
    /** Ed25519 private key, encrypted with the human's passphrase. */
    privateKey: join(home, 'keys', 'private.key.enc'),
    /** Ed25519 public key (PEM). */
    publicKey: join(home, 'keys', 'public.pem'),
    requestsDir: join(home, 'requests'),
    approvalsDir: join(home, 'approvals'),
    journal: join(home, 'journal.sqlite'),
    ledger: join(home, 'ledger.json'),
    stateBackupsDir: join(home, 'state-backups'),
    userPolicy: join(home, 'policy.yaml'),
    socket: join(home, 'daemon.sock'),
    daemonPid: join(home, 'daemon.pid'),
    shimDir: join(home, 'shims'),
  };
}

/** The trust anchor `twokey init --system` writes where the agent's user cannot: checked before the home copy. */
export const SYSTEM_TRUST_DIR = process.env.TWOKEY_SYSTEM_DIR ?? '/etc/twokey';
export const SYSTEM_PUBLIC_KEY = join(SYSTEM_TRUST_DIR, 'public.pem');

/** The project policy, relative to a project root. Its signature sits beside it as `policy.yaml.sig`. */
export const PROJECT_POLICY = join('.twokey', 'policy.yaml');
export const POLICY_SIGNATURE_SUFFIX = '.sig';
