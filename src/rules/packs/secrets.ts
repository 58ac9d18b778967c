import type { CommandRule, RuleContext, RuleHit, RulePack, SimpleCommand } from '../../core/types.js';
import { envValue } from '../argv.js';

/**
 * Secret and key-value stores: HashiCorp Vault (and OpenBao's `bao`), etcd (`etcdctl`, `etcdutl`), Consul KV,
 * 1Password (`op`), Doppler, Infisical, Bitwarden (`bw`), GnuPG secret keys, pass/gopass, Nomad Variables. A deleted secret or encryption key
 * can leave every database and backup that depended on it unreadable, so wide or permanent deletions deny and
 * single, soft or recoverable deletions ask. Reads, listings and writes of new values pass.
 *
 * Kubernetes Secrets belong to the kubernetes pack; cloud secret managers and KMS to the aws/gcp/azure packs.
 * The datastores pack has older, narrower rules for `vault` and `etcdctl del --prefix`; the rules here cover
 * the same commands more fully, so both may report the same command.
 *
 * Facts from the tools' documentation and usage text as remembered; the ones not checked against a running
 * binary are marked "unverified" where they are used.
 */

// ---------------------------------------------------------------------------
// Argument reading shared by the tools here (Go `flag` and cobra both accept `-f v`, `-f=v`, `--f v`, `--f=v`)
// ---------------------------------------------------------------------------

interface ParsedArgs {
  /** Positional words, in order. */
  words: string[];
  /** Options by name without dashes; a bare boolean option has the value 'true'. */
  flags: Map<string, string[]>;
}

function parseArgs(argv: readonly string[], valueFlags: ReadonlySet<string>): ParsedArgs {
  const words: string[] = [];
  const flags = new Map<string, string[]>();
  const put = (name: string, value: string) => flags.set(name, [...(flags.get(name) ?? []), value]);
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--') { words.push(...argv.slice(i + 1)); break; }
    if (!w.startsWith('-') || w === '-') { words.push(w); continue; }
    const body = w.replace(/^--?/, '');
    const eq = body.indexOf('=');
    if (eq >= 0) { put(body.slice(0, eq), body.slice(eq + 1)); continue; }
    if (valueFlags.has(body) && i + 1 < argv.length) { put(body, argv[i + 1]); i++; continue; }
    put(body, 'true');
  }
  return { words, flags };
}

/** Is the boolean option set (present and not `=false`/`=0`)? */
function isOn(p: ParsedArgs, ...names: string[]): boolean {
  for (const n of names) {
    const v = p.flags.get(n);
    if (v && v.length > 0 && !/^(false|f|0)$/i.test(v[v.length - 1])) return true;
  }
  return false;
}

function value(p: ParsedArgs, ...names: string[]): string | undefined {
  let out: string | undefined;
  for (const n of names) { const v = p.flags.get(n); if (v && v.length) out = v[v.length - 1]; }
  return out;
}

function wantsHelp(p: ParsedArgs): boolean {
  return p.flags.has('help') || p.flags.has('h') || p.words[0] === 'help';
}

const is = (words: readonly string[], ...path: string[]) => path.every((alts, i) => alts.split('|').includes(words[i] ?? '\u0000'));

function show(s: string | undefined): string {
  if (s === undefined) return '';
  if (s === '') return '""';
  if (/[\s'"]/.test(s)) return `'${s.replace(/'/g, "'\\''")}'`;
  return s.includes('$') ? `"${s}"` : s;
}

// ---------------------------------------------------------------------------
// Rule plumbing: each tool has one classifier naming the rule a command belongs to.
// ---------------------------------------------------------------------------

interface Verdict {
  rule: string;
  hit: RuleHit;
}

type Classifier = (cmd: SimpleCommand, ctx: RuleContext) => Verdict | null;

function makeRule(name: string, level: 'ask' | 'deny', summary: string, commands: readonly string[], classify: Classifier): CommandRule {
  const id = `secrets.${name}`;
  return {
    id,
    level,
    summary,
    commands,
    match(cmd, ctx) {
      if (!commands.includes(cmd.name)) return null;
      const v = classify(cmd, ctx);
      return v && v.rule === id ? v.hit : null;
    },
  };
}

const verdict = (name: string, hit: RuleHit): Verdict => ({ rule: `secrets.${name}`, hit });

// ---------------------------------------------------------------------------
// HashiCorp Vault / OpenBao
// ---------------------------------------------------------------------------

const VAULT_NAMES = ['vault', 'bao'];
/** Vault options that take a value (Go flag: a bool option never takes the next word). */
const VAULT_VALUE = new Set([
  'address', 'agent-address', 'ca-cert', 'ca-path', 'client-cert', 'client-key', 'namespace', 'ns', 'tls-server-name', 'wrap-ttl',
  'mfa', 'header', 'format', 'field', 'mount', 'versions', 'version', 'method', 'path', 'cas', 'description', 'default-lease-ttl',
  'max-lease-ttl', 'type', 'plugin-name', 'plugin-version', 'options', 'max-versions', 'delete-version-after', 'custom-metadata',
  'unwrap-token', 'log-level', 'increment', 'mode',
]);

const KV_COPY = 'read and keep a copy first (vault kv get -format=json PATH > backup.json)';
const KV_SAFER = `${KV_COPY}; vault kv delete is a soft delete that vault kv undelete -versions=N reverses on KV v2`;

function vaultWho(cmd: SimpleCommand): string {
  return cmd.name === 'bao' ? 'bao' : 'vault';
}

/** A KV path as the user gave it, with -mount= folded in for display. */
function kvTarget(p: ParsedArgs, path: string | undefined): string {
  const mount = value(p, 'mount');
  return mount ? `${mount.replace(/\/$/, '')}/${path ?? ''}` : show(path);
}

function looksTransitMount(mount: string): boolean {
  return /transit|encrypt|kms|keymgmt|crypt/i.test(mount);
}

/** `vault delete PATH` (HTTP DELETE on any API path), judged by the path's shape. */
function vaultDeletePath(who: string, raw: string): Verdict {
  const path = raw.replace(/^\/+/, '').replace(/^v1\//, '');
  const seg = path.split('/').filter((s) => s !== '');
  if (seg[0] === 'sys' && seg[1] === 'mounts' && seg.length > 2) {
    return verdict('vault-secrets-disable', {
      reason: `${who} delete ${raw} unmounts the secrets engine at ${seg.slice(2).join('/')} and deletes all of its data`,
      loses: `every secret, key and role stored in the ${seg.slice(2).join('/')} mount`,
      safer: `export what the mount holds first; ${who} secrets move keeps the data under a new path`,
    });
  }
  if (seg[0] === 'sys' && seg[1] === 'namespaces' && seg.length > 2) {
    return verdict('vault-namespace-delete', {
      reason: `${who} delete ${raw} deletes the namespace ${seg.slice(2).join('/')} with every mount, secret and policy inside it`,
      loses: 'all secrets engines, auth methods, policies and secrets of the namespace',
      safer: 'list and export the namespace\'s mounts first; let a human run it',
    });
  }
  if (seg[0] === 'sys' && seg[1] === 'auth' && seg.length > 2) {
    return verdict('vault-auth-disable', {
      reason: `${who} delete ${raw} disables the auth method at ${seg.slice(2).join('/')}, deleting its roles and configuration and revoking the tokens it issued`,
      loses: `the ${seg.slice(2).join('/')} auth method's roles, users and configuration; every client that logs in through it is locked out`,
      safer: `${who} auth tune or a policy change to restrict it; keep its configuration in code so it can be recreated`,
    });
  }
  if (seg[0] === 'sys' && seg[1] === 'raw') {
    return verdict('vault-delete', {
      reason: `${who} delete ${raw} deletes an entry straight from Vault's storage backend, bypassing every engine`,
      loses: 'the raw storage entry; deleting the wrong one corrupts a mount, the keyring or the whole Vault',
      safer: 'take a snapshot first (vault operator raft snapshot save backup.snap); use the engine\'s own API',
      level: 'deny',
    });
  }
  if (seg.length > 2 && seg.indexOf('metadata') > 0) {
    const mi = seg.indexOf('metadata');
    return verdict('vault-kv-destroy', {
      reason: `${who} delete ${raw} deletes the KV v2 metadata of ${seg.slice(mi + 1).join('/')}: every version of the secret, permanently`,
      loses: `all versions of ${seg.slice(mi + 1).join('/')} and their history`,
      safer: `${who} kv delete (soft delete, reversible with vault kv undelete); ${KV_COPY}`,
    });
  }
  if (seg.length > 2 && seg.indexOf('data') > 0) {
    const di = seg.indexOf('data');
    return verdict('vault-kv-delete', {
      reason: `${who} delete ${raw} soft-deletes the latest version of the KV v2 secret ${seg.slice(di + 1).join('/')}`,
      loses: 'the current value until someone runs vault kv undelete; applications reading it fail meanwhile',
      safer: KV_SAFER,
    });
  }
  if (seg.length === 3 && seg[1] === 'keys') {
    const transit = looksTransitMount(seg[0]);
    return verdict('vault-transit-key-delete', {
      reason: transit
        ? `${who} delete ${raw} deletes the transit key ${seg[2]} with all its versions`
        : `${who} delete ${raw} deletes ${seg[2]} under ${seg[0]}/keys; if ${seg[0]} is a transit mount this destroys the encryption key`,
      loses: `every ciphertext encrypted under ${seg[2]} (database fields, backups, files) becomes permanently unreadable`,
      safer: `keep the key and set deletion_allowed=false; back it up first (${who} read ${seg[0]}/backup/${seg[2]}, needs exportable and allow_plaintext_backup); rotate instead of deleting`,
      level: transit ? 'deny' : 'ask',
    });
  }
  if (seg.length === 2 && seg[1] === 'root' && /pki/i.test(seg[0])) {
    return verdict('vault-delete', {
      reason: `${who} delete ${raw} deletes the PKI mount's issuers and their private keys`,
      loses: 'the CA\'s private keys: nothing issued from them can be renewed or revoked, and the CA must be rebuilt and redistributed',
      safer: `export the issuer first if it is exportable; rotate with a new issuer (${who} write ${seg[0]}/root/rotate/internal) instead of deleting`,
      level: 'deny',
    });
  }
  const pkiKey = seg.length === 3 && /pki/i.test(seg[0]) && (seg[1] === 'key' || seg[1] === 'issuer');
  return verdict('vault-delete', {
    reason: pkiKey
      ? `${who} delete ${raw} deletes the PKI ${seg[1]} ${seg[2]}${seg[1] === 'key' ? ' and its private key' : ''}`
      : `${who} delete ${raw} deletes whatever lives at that API path (a secret on a KV v1 mount is deleted permanently)`,
    loses: pkiKey ? 'the CA key material; certificates it issued cannot be renewed or revoked with it' : `the data at ${raw}; Vault keeps no copy of a KV v1 secret or a role it deletes`,
    safer: `${who} read ${raw} and keep the output before deleting; let a human run it`,
  });
}

/** `vault write PATH k=v…` is a write; only a few API paths make it a deletion. */
function vaultWritePath(who: string, raw: string, kv: readonly string[]): Verdict | null {
  const path = raw.replace(/^\/+/, '').replace(/^v1\//, '');
  const seg = path.split('/').filter((s) => s !== '');
  if (seg.length >= 3 && seg.indexOf('destroy') > 0) {
    const di = seg.indexOf('destroy');
    const versions = kv.find((w) => w.startsWith('versions='))?.slice(9);
    return verdict('vault-kv-destroy', {
      reason: `${who} write ${raw} permanently destroys ${versions ? `versions ${versions}` : 'versions'} of the KV v2 secret ${seg.slice(di + 1).join('/')}`,
      loses: `the destroyed versions' data; nothing can undelete them`,
      safer: `${who} kv delete -versions=N (soft delete, reversible with vault kv undelete); ${KV_COPY}`,
    });
  }
  if (seg.length >= 3 && seg.indexOf('delete') > 0) {
    const di = seg.indexOf('delete');
    return verdict('vault-kv-delete', {
      reason: `${who} write ${raw} soft-deletes versions of the KV v2 secret ${seg.slice(di + 1).join('/')}`,
      loses: 'those versions\' values until someone runs vault kv undelete',
      safer: KV_SAFER,
    });
  }
  if (seg.length === 4 && seg[1] === 'keys' && seg[3] === 'config' && kv.some((w) => /^deletion_allowed=(true|1|t)$/i.test(w))) {
    return verdict('vault-transit-key-delete', {
      reason: `${who} write ${raw} deletion_allowed=true arms the transit key ${seg[2]} for deletion (the step before ${who} delete ${seg.slice(0, 3).join('/')})`,
      loses: `nothing yet; it removes the guard that keeps the key ${seg[2]}, under which data is encrypted, from being deleted`,
      safer: 'leave deletion_allowed=false; rotate the key instead of deleting it',
      level: 'ask',
    });
  }
  if (seg.length === 4 && seg[1] === 'keys' && seg[3] === 'trim') {
    const min = kv.find((w) => w.startsWith('min_available_version='))?.slice(22);
    return verdict('vault-transit-key-delete', {
      reason: `${who} write ${raw} permanently deletes the versions of transit key ${seg[2]} below ${min ?? 'min_available_version'}`,
      loses: `every ciphertext still encrypted under a trimmed key version becomes unreadable`,
      safer: `rewrap all stored ciphertexts first (${who} write ${seg[0]}/rewrap/${seg[2]}), then raise min_decryption_version (reversible) instead of trimming`,
    });
  }
  if (path === 'sys/storage/raft/remove-peer') {
    return verdict('vault-operator', {
      reason: `${who} write ${raw} removes a server from the Vault Raft cluster`,
      loses: 'a storage replica; removing the wrong peers loses quorum and leaves the cluster unable to serve or recover',
      safer: `${who} operator raft list-peers first; let a human run it`,
    });
  }
  if (seg[0] === 'sys' && seg[1] === 'leases' && (seg[2] === 'revoke-prefix' || seg[2] === 'revoke-force')) {
    return verdict('vault-lease-revoke-prefix', {
      reason: `${who} write ${raw} revokes every lease under ${seg.slice(3).join('/') || 'the prefix'}${seg[2] === 'revoke-force' ? ', even where the backend fails to revoke' : ''}`,
      loses: 'every dynamic credential issued under the prefix (database users, cloud keys): applications using them stop working',
      safer: `${who} list sys/leases/lookup/PREFIX first; revoke single leases by id`,
    });
  }
  return null;
}

const classifyVault: Classifier = (cmd) => {
  const who = vaultWho(cmd);
  const p = parseArgs(cmd.argv.slice(1), VAULT_VALUE);
  // -output-curl-string / -output-policy print what would be sent and send nothing.
  if (wantsHelp(p) || isOn(p, 'output-curl-string', 'output-policy')) return null;
  // `vault unmount` / `vault auth-disable`: the pre-0.9 spellings, read as their successors (whether a current
  // binary still takes them is unverified).
  const w = p.words[0] === 'unmount' ? ['secrets', 'disable', ...p.words.slice(1)] : p.words[0] === 'auth-disable' ? ['auth', 'disable', ...p.words.slice(1)] : p.words;
  if (is(w, 'secrets', 'disable') && w[2] !== undefined) {
    return verdict('vault-secrets-disable', {
      reason: `${who} secrets disable ${w[2]} unmounts the secrets engine and deletes all data stored in it`,
      loses: `every secret, key and role in the ${w[2]} mount (a transit or KV mount: data encrypted or configured with them is lost too)`,
      safer: `${who} secrets list -detailed to check the path; export the data first; ${who} secrets move keeps it under a new path`,
    });
  }
  if (is(w, 'kv', 'metadata', 'delete') && w[3] !== undefined) {
    const target = kvTarget(p, w[3]);
    return verdict('vault-kv-destroy', {
      reason: `${who} kv metadata delete ${target} deletes the secret's metadata and every version of it, permanently`,
      loses: `all versions of ${target}; nothing can undelete them`,
      safer: `${who} kv delete ${target} (soft delete, reversible with vault kv undelete); ${KV_COPY}`,
    });
  }
  if (is(w, 'kv', 'destroy') && w[2] !== undefined) {
    const target = kvTarget(p, w[2]);
    const versions = value(p, 'versions');
    return verdict('vault-kv-destroy', {
      reason: `${who} kv destroy ${versions ? `-versions=${versions} ` : ''}${target} permanently removes the data of those versions`,
      loses: `versions ${versions ?? '(as given)'} of ${target}; nothing can undelete them`,
      safer: `${who} kv delete -versions=${versions ?? 'N'} ${target} (soft delete, reversible with vault kv undelete); ${KV_COPY}`,
    });
  }
  if (is(w, 'kv', 'delete') && w[2] !== undefined) {
    const target = kvTarget(p, w[2]);
    const versions = value(p, 'versions');
    return verdict('vault-kv-delete', {
      reason: `${who} kv delete ${target} deletes ${versions ? `versions ${versions}` : 'the latest version'} of the secret (soft on KV v2; on a KV v1 mount the secret is gone for good)`,
      loses: `the value of ${target} until undeleted (KV v2) or for ever (KV v1); applications reading it fail meanwhile`,
      safer: KV_SAFER,
    });
  }
  if (is(w, 'delete') && w[1] !== undefined) return vaultDeletePath(who, w[1]);
  if (is(w, 'write') && w[1] !== undefined) return vaultWritePath(who, w[1], w.slice(2));
  if (is(w, 'auth', 'disable') && w[2] !== undefined) {
    return verdict('vault-auth-disable', {
      reason: `${who} auth disable ${w[2]} removes the auth method with its roles and configuration and revokes every token it issued`,
      loses: `the ${w[2]} auth method's roles, users and configuration; every client logging in through it is locked out`,
      safer: `${who} auth list -detailed and ${who} read sys/auth/${w[2].replace(/\/$/, '')}/tune to record it first; keep auth configuration in code`,
    });
  }
  if (is(w, 'namespace', 'delete') && w[2] !== undefined) {
    return verdict('vault-namespace-delete', {
      reason: `${who} namespace delete ${w[2]} deletes the namespace with every mount, secret and policy inside it`,
      loses: 'all secrets engines, auth methods, policies and secrets of the namespace',
      safer: `${who} namespace list and ${who} secrets list -namespace=${w[2]} to see what lives there; export it first; let a human run it`,
    });
  }
  if (is(w, 'operator', 'raft', 'remove-peer')) {
    return verdict('vault-operator', {
      reason: `${who} operator raft remove-peer ${show(w[3])} removes a server from the Vault Raft cluster`,
      loses: 'a storage replica; removing the wrong peers loses quorum and leaves the cluster unable to serve or recover',
      safer: `${who} operator raft list-peers first; take a snapshot (${who} operator raft snapshot save backup.snap); let a human run it`,
    });
  }
  if (is(w, 'operator', 'raft', 'snapshot', 'restore')) {
    const force = isOn(p, 'force');
    return verdict('vault-operator', {
      reason: `${who} operator raft snapshot restore ${show(w[4])} replaces all of Vault's data with the snapshot${force ? ' (-force: even a snapshot from another cluster, whose keys may not match)' : ''}`,
      loses: 'every secret, key and lease written since the snapshot was taken',
      safer: `${who} operator raft snapshot save current.snap first; restore into a scratch cluster to check it`,
    });
  }
  if (is(w, 'operator', 'rekey') && !isOn(p, 'status', 'cancel', 'backup-retrieve')) {
    return verdict('vault-operator', {
      reason: `${who} operator rekey replaces Vault's unseal (or recovery) key shares once enough old shares are given`,
      loses: 'the ability to unseal Vault, and so every secret in it, if the new key shares are not all safely stored by their holders',
      safer: `${who} operator rekey -status to see progress; let the key holders run it with -pgp-keys so each share is encrypted to its holder`,
    });
  }
  if (is(w, 'lease', 'revoke') && (isOn(p, 'prefix') || isOn(p, 'force', 'f'))) {
    const prefix = isOn(p, 'prefix');
    return verdict('vault-lease-revoke-prefix', {
      reason: `${who} lease revoke ${prefix ? '-prefix ' : ''}${isOn(p, 'force', 'f') ? '-force ' : ''}${show(w[2])} revokes ${prefix ? 'every lease under the prefix' : 'the lease even where the backend fails to delete it'}`,
      loses: 'the dynamic credentials issued under it (database users, cloud keys): applications using them stop working',
      safer: `${who} list sys/leases/lookup/${show(w[2])} first; revoke single leases by id`,
    });
  }
  return null;
};

const vaultSecretsDisable = makeRule('vault-secrets-disable', 'deny', 'vault secrets disable / delete sys/mounts/X: unmount a secrets engine and delete all its data', VAULT_NAMES, classifyVault);
const vaultKvDestroy = makeRule('vault-kv-destroy', 'deny', 'vault kv metadata delete, kv destroy, delete M/metadata/X, write M/destroy/X: permanently delete KV v2 versions', VAULT_NAMES, classifyVault);
const vaultKvDelete = makeRule('vault-kv-delete', 'ask', 'vault kv delete, delete M/data/X, write M/delete/X: soft-delete KV versions (permanent on KV v1)', VAULT_NAMES, classifyVault);
const vaultTransitKeyDelete = makeRule('vault-transit-key-delete', 'deny', 'vault delete transit/keys/K, write …/keys/K/trim (deny); write …/keys/K/config deletion_allowed=true (ask)', VAULT_NAMES, classifyVault);
const vaultDelete = makeRule('vault-delete', 'ask', 'vault delete PATH on any other API path (deny for sys/raw and a PKI mount\'s root)', VAULT_NAMES, classifyVault);
const vaultAuthDisable = makeRule('vault-auth-disable', 'ask', 'vault auth disable / delete sys/auth/X: remove an auth method and revoke its tokens', VAULT_NAMES, classifyVault);
const vaultNamespaceDelete = makeRule('vault-namespace-delete', 'deny', 'vault namespace delete / delete sys/namespaces/X: delete a namespace and everything in it', VAULT_NAMES, classifyVault);
const vaultOperator = makeRule('vault-operator', 'ask', 'vault operator raft remove-peer, raft snapshot restore, rekey: cluster membership, whole-store restores, new unseal keys', VAULT_NAMES, classifyVault);
const vaultLeaseRevokePrefix = makeRule('vault-lease-revoke-prefix', 'ask', 'vault lease revoke -prefix / -force: revoke every dynamic credential under a prefix', VAULT_NAMES, classifyVault);

// ---------------------------------------------------------------------------
// etcd
// ---------------------------------------------------------------------------

const ETCD_NAMES = ['etcdctl', 'etcdutl'];
const ETCD_VALUE = new Set([
  'endpoints', 'cacert', 'cert', 'key', 'user', 'password', 'dial-timeout', 'command-timeout', 'keepalive-time', 'keepalive-timeout',
  'w', 'write-out', 'd', 'discovery-srv', 'discovery-srv-name', 'auth-jwt-token', 'data-dir', 'wal-dir', 'name', 'initial-cluster',
  'initial-cluster-token', 'initial-advertise-peer-urls', 'bump-revision', 'limit', 'rev', 'sort-by', 'order', 'consistency', 'lease',
  // v2 API globals
  'ca-file', 'cert-file', 'key-file', 'username', 'u', 'peers', 'C', 'timeout', 'total-timeout', 'output', 'o',
]);

const ETCD_SAFER = 'etcdctl snapshot save backup.db first; look at what would go with etcdctl get --prefix --keys-only KEY';

function wholeKeyspace(key: string | undefined): boolean {
  return key === undefined || key === '' || key === '/' || key === '\\0' || key === '\u0000';
}

function etcdTxnOps(cmd: SimpleCommand): string | null | undefined {
  const s = cmd.stdin;
  if (s.kind === 'heredoc' || s.kind === 'herestring') return s.text;
  if (s.kind === 'pipe') return s.text ?? null;
  if (s.kind === 'file') return null;
  return undefined;
}

const classifyEtcd: Classifier = (cmd, ctx) => {
  const p = parseArgs(cmd.argv.slice(1), ETCD_VALUE);
  if (wantsHelp(p)) return null;
  const w = p.words;
  const tool = cmd.name;
  if (is(w, 'snapshot', 'restore')) {
    const dir = value(p, 'data-dir');
    return verdict('etcd-snapshot-restore', {
      reason: `${tool} snapshot restore ${show(w[2])} builds a member data directory${dir ? ` in ${dir}` : ''} from the snapshot; a cluster started on it returns to the snapshot's state`,
      loses: 'every key written since the snapshot, once the cluster is started on the restored directory (for Kubernetes: every object created or changed since)',
      safer: 'etcdctl snapshot save current.db first; restore into a new --data-dir and check it before pointing members at it',
    });
  }
  if (tool !== 'etcdctl') return null;
  if (is(w, 'del') || (is(w, 'rm') && envValue(cmd, ctx.env, 'ETCDCTL_API') !== '3')) {
    const v2 = w[0] === 'rm';
    const key = w[1];
    const prefix = isOn(p, 'prefix');
    const fromKey = isOn(p, 'from-key');
    const recursive = v2 && isOn(p, 'recursive', 'r');
    const rangeEnd = !v2 ? w[2] : undefined;
    if (key === undefined && !prefix && !fromKey) return null;
    if (prefix || fromKey || recursive || rangeEnd !== undefined) {
      const all = (prefix || fromKey || recursive) && wholeKeyspace(key) || (recursive && key === '/');
      const what = prefix ? `every key starting with ${show(key)}` : fromKey ? `every key from ${show(key)} onwards` : recursive ? `the directory ${show(key)} and everything under it` : `every key from ${show(key)} up to ${show(rangeEnd)}`;
      return verdict('etcd-del-range', {
        reason: `etcdctl ${v2 ? 'rm' : 'del'} ${show(key)}${rangeEnd !== undefined ? ` ${show(rangeEnd)}` : ''}${prefix ? ' --prefix' : ''}${fromKey ? ' --from-key' : ''}${recursive ? ' --recursive' : ''} deletes ${all ? 'the whole keyspace' : what}`,
        loses: all ? 'everything stored in etcd (for a Kubernetes cluster: the entire cluster state)' : `${what} (for /registry: Kubernetes cluster state)`,
        safer: ETCD_SAFER,
      });
    }
    return verdict('etcd-del', {
      reason: `etcdctl ${v2 ? 'rm' : 'del'} ${show(key)} deletes the key`,
      loses: `the value of ${show(key)}; etcd keeps old revisions only until the next compaction`,
      safer: `etcdctl get ${show(key)} -w json and keep it first`,
    });
  }
  if (is(w, 'lease', 'revoke') && w[2] !== undefined) {
    return verdict('etcd-del', {
      reason: `etcdctl lease revoke ${w[2]} revokes the lease and deletes every key attached to it`,
      loses: 'all keys attached to the lease (for Kubernetes: events and leader-election records; for other apps, whatever they bound to it)',
      safer: `etcdctl lease timetolive ${w[2]} --keys to see which keys are attached`,
    });
  }
  if (is(w, 'txn')) {
    const ops = etcdTxnOps(cmd);
    if (ops === undefined) return null;
    if (ops === null) {
      return verdict('etcd-del', {
        reason: 'etcdctl txn reads its compares and operations from input twokey cannot see, which may delete keys',
        loses: 'whatever keys the transaction deletes',
        safer: 'give the operations inline (heredoc) so they can be checked; etcdctl snapshot save backup.db first',
      });
    }
    const dels = ops.split('\n').map((l) => l.trim()).filter((l) => /^del\s/.test(l));
    if (dels.length === 0) return null;
    const wide = dels.some((l) => /--prefix|--from-key/.test(l));
    return verdict(wide ? 'etcd-del-range' : 'etcd-del', {
      reason: `etcdctl txn runs ${dels.join('; ')}, deleting ${wide ? 'a range of keys' : 'keys'}`,
      loses: 'the keys the transaction deletes',
      safer: ETCD_SAFER,
    });
  }
  if (is(w, 'compact') && w[1] !== undefined) {
    return verdict('etcd-compact', {
      reason: `etcdctl compact ${w[1]} discards every key revision older than ${w[1]}`,
      loses: 'the history before that revision: older values cannot be read or watched again, and an earlier point cannot be recovered from etcd itself',
      safer: 'etcdctl snapshot save backup.db first; Kubernetes\' API server compacts on its own schedule, so a manual compaction is rarely needed',
    });
  }
  if (is(w, 'member', 'remove') && w[2] !== undefined) {
    return verdict('etcd-member-remove', {
      reason: `etcdctl member remove ${w[2]} takes the member out of the cluster`,
      loses: 'a replica of the cluster data; removing the wrong members loses quorum and the cluster stops accepting writes',
      safer: 'etcdctl member list and endpoint health first; take a snapshot; remove one member at a time',
    });
  }
  return null;
};

const etcdDelRange = makeRule('etcd-del-range', 'deny', 'etcdctl del --prefix / --from-key / KEY RANGE_END, v2 rm --recursive: delete a key range (Kubernetes state lives in etcd)', ETCD_NAMES, classifyEtcd);
const etcdDelKey = makeRule('etcd-del', 'ask', 'etcdctl del KEY, lease revoke (deletes attached keys), txn with del operations, v2 rm KEY', ETCD_NAMES, classifyEtcd);
const etcdCompact = makeRule('etcd-compact', 'ask', 'etcdctl compact REV: discard key history before a revision', ETCD_NAMES, classifyEtcd);
const etcdMemberRemove = makeRule('etcd-member-remove', 'ask', 'etcdctl member remove: take a member out of the cluster', ETCD_NAMES, classifyEtcd);
const etcdSnapshotRestore = makeRule('etcd-snapshot-restore', 'ask', 'etcdctl/etcdutl snapshot restore: roll cluster state back to a snapshot', ETCD_NAMES, classifyEtcd);

// ---------------------------------------------------------------------------
// Consul
// ---------------------------------------------------------------------------

const CONSUL_VALUE = new Set([
  'http-addr', 'token', 'token-file', 'datacenter', 'ca-file', 'ca-path', 'client-cert', 'client-key', 'tls-server-name', 'namespace',
  'partition', 'modify-index', 'separator', 'flags', 'session',
]);

const classifyConsul: Classifier = (cmd) => {
  const p = parseArgs(cmd.argv.slice(1), CONSUL_VALUE);
  if (wantsHelp(p)) return null;
  const w = p.words;
  if (is(w, 'kv', 'delete')) {
    const key = w[2];
    // `consul kv delete -recurse` with no key deletes every key (unverified against a binary; judged as such).
    if (isOn(p, 'recurse')) {
      const all = key === undefined || key === '' || key === '/';
      return verdict('consul-kv-delete', {
        reason: `consul kv delete -recurse ${show(key)} deletes ${all ? 'every key in the KV store' : `every key under ${key}`}`,
        loses: all ? 'the whole Consul KV store of the datacenter' : `all keys under ${key} (service configuration, feature flags, locks)`,
        safer: `consul kv export ${key ?? ''} > backup.json first (consul kv import restores it); consul snapshot save backup.snap`.replace('  ', ' '),
        level: 'deny',
      });
    }
    if (key === undefined) return null;
    return verdict('consul-kv-delete', {
      reason: `consul kv delete ${key} deletes the key`,
      loses: `the value of ${key}; Consul keeps no history of KV values`,
      safer: `consul kv get -detailed ${key} and keep it first (consul kv export ${key} > backup.json)`,
      level: 'ask',
    });
  }
  if (is(w, 'snapshot', 'restore')) {
    return verdict('consul-snapshot-restore', {
      reason: `consul snapshot restore ${show(w[2])} replaces the cluster's state (KV, catalog, ACLs, sessions, prepared queries) with the snapshot`,
      loses: 'every KV write, ACL token and registration made since the snapshot was taken',
      safer: 'consul snapshot save current.snap first; consul snapshot inspect the file to check its age',
    });
  }
  return null;
};

const consulKvDelete = makeRule('consul-kv-delete', 'deny', 'consul kv delete -recurse PREFIX (deny), consul kv delete KEY (ask)', ['consul'], classifyConsul);
const consulSnapshotRestore = makeRule('consul-snapshot-restore', 'ask', 'consul snapshot restore: replace all cluster state with a snapshot', ['consul'], classifyConsul);

// ---------------------------------------------------------------------------
// 1Password CLI (op v2 `op item delete`; v1 `op delete item`)
// ---------------------------------------------------------------------------

const OP_VALUE = new Set(['account', 'config', 'encoding', 'format', 'session', 'vault', 'fields', 'categories', 'tags']);

const classifyOp: Classifier = (cmd) => {
  const p = parseArgs(cmd.argv.slice(1), OP_VALUE);
  if (wantsHelp(p)) return null;
  const w = p.words;
  let kind: string | undefined;
  let target: string | undefined;
  if (['item', 'document', 'vault', 'user'].includes(w[0] ?? '') && ['delete', 'remove', 'rm'].includes(w[1] ?? '')) { kind = w[0]; target = w[2]; }
  else if (w[0] === 'delete' && ['item', 'document', 'vault', 'user'].includes(w[1] ?? '')) { kind = w[1]; target = w[2]; }
  if (!kind) return null;
  const vaultName = value(p, 'vault');
  if (kind === 'vault') {
    if (target === undefined) return null;
    return verdict('op-vault-delete', {
      reason: `op vault delete ${target} deletes the 1Password vault and every item in it`,
      loses: `all items, documents and their history in ${target}, for everyone it was shared with`,
      safer: `export or move the items first (op item list --vault ${target}); archive items instead (op item delete --archive)`,
    });
  }
  if (kind === 'user') {
    if (target === undefined) return null;
    return verdict('op-item-delete', {
      reason: `op user delete ${target} removes the user from the account, with their private vault`,
      loses: `${target}'s Private/Employee vault items that nobody else can read`,
      safer: `op user suspend ${target} (reversible with op user reactivate)`,
    });
  }
  if (isOn(p, 'archive')) return null; // moved to the Archive, restorable from the app
  if (target === '-' && cmd.stdin.kind === 'pipe') {
    return verdict('op-item-delete', {
      reason: `op ${kind} delete - deletes every ${kind} listed on its input`,
      loses: `each ${kind} piped in${vaultName ? ` from ${vaultName}` : ''}; the upstream listing may be a whole vault`,
      safer: `op ${kind} delete --archive (moves them to the Archive, restorable); review the list first`,
      level: 'deny',
    });
  }
  if (target === undefined) return null;
  return verdict('op-item-delete', {
    reason: `op ${kind} delete ${target} deletes the ${kind}${vaultName ? ` from ${vaultName}` : ''}`,
    loses: `the ${kind} and its history (1Password may keep it in Recently Deleted for a while; unverified, and not restorable from the CLI)`,
    safer: `op ${kind} delete --archive ${target} moves it to the Archive, where it can be restored; op ${kind} get ${target} first`,
  });
};

const opVaultDelete = makeRule('op-vault-delete', 'deny', 'op vault delete: delete a 1Password vault with all its items', ['op'], classifyOp);
const opItemDelete = makeRule('op-item-delete', 'ask', 'op item|document delete without --archive, op user delete (ask); piped bulk item delete (deny)', ['op'], classifyOp);

// ---------------------------------------------------------------------------
// Doppler and Infisical
// ---------------------------------------------------------------------------

const DOPPLER_VALUE = new Set(['p', 'project', 'c', 'config', 'token', 'scope', 'api-host', 'dashboard-host', 'configuration', 'e', 'environment', 'type']);
const DELETE_VERBS = ['delete', 'remove', 'rm', 'del'];

const classifyDoppler: Classifier = (cmd) => {
  const p = parseArgs(cmd.argv.slice(1), DOPPLER_VALUE);
  if (wantsHelp(p)) return null;
  const w = p.words;
  if (!DELETE_VERBS.includes(w[1] ?? '')) return null;
  const group = w[0] ?? '';
  if (group === 'secrets' || group === 'secret') {
    const names = w.slice(2);
    if (names.length === 0) return null;
    const cfg = value(p, 'c', 'config');
    return verdict('doppler-secrets-delete', {
      reason: `doppler secrets delete ${names.join(' ')} deletes ${names.length > 1 ? 'those secrets' : 'the secret'}${cfg ? ` from config ${cfg}` : ''}`,
      loses: `the value${names.length > 1 ? 's' : ''} of ${names.join(', ')}; services reading ${names.length > 1 ? 'them' : 'it'} fail at next start`,
      safer: 'doppler secrets download --no-file --format json > backup.json first; Doppler\'s config activity log can roll a config back (plan-dependent, unverified)',
    });
  }
  const kinds: Record<string, string> = { projects: 'project', project: 'project', environments: 'environment', environment: 'environment', envs: 'environment', configs: 'config', config: 'config' };
  const kind = kinds[group];
  if (!kind) return null;
  const target = w[2] ?? value(p, kind === 'project' ? 'project' : kind === 'config' ? 'config' : 'environment') ?? value(p, kind === 'project' ? 'p' : kind === 'config' ? 'c' : 'e');
  const what = kind === 'project' ? 'every environment, config and secret of the project' : kind === 'environment' ? 'every config and secret of the environment' : 'every secret in the config';
  return verdict('doppler-project-delete', {
    reason: `doppler ${group} delete ${show(target)} deletes the ${kind} and ${what}`,
    loses: `${what}${target ? ` (${target})` : ''}; services injected from it stop getting their secrets`,
    safer: 'doppler secrets download --no-file --format json > backup.json for each config first; let a human run it',
  });
};

const dopplerSecretsDelete = makeRule('doppler-secrets-delete', 'ask', 'doppler secrets delete NAME…: delete secrets from a config', ['doppler'], classifyDoppler);
const dopplerProjectDelete = makeRule('doppler-project-delete', 'deny', 'doppler projects|environments|configs delete: delete a whole project, environment or config with its secrets', ['doppler'], classifyDoppler);

const INFISICAL_VALUE = new Set(['env', 'path', 'type', 'projectId', 'token', 'domain', 'name', 'id']);

const classifyInfisical: Classifier = (cmd) => {
  const p = parseArgs(cmd.argv.slice(1), INFISICAL_VALUE);
  if (wantsHelp(p)) return null;
  const w = p.words;
  const env = value(p, 'env') ?? 'dev';
  if (is(w, 'secrets', 'folders', 'delete')) {
    const name = value(p, 'name') ?? w[3];
    return verdict('infisical-delete', {
      reason: `infisical secrets folders delete ${show(name)} deletes the folder with every secret and sub-folder in it (environment ${env})`,
      loses: `all secrets under ${value(p, 'path') ?? '/'}${name ?? ''} in ${env}`,
      safer: `infisical export --env=${env} --path=… --format=json > backup.json first; let a human run it`,
      level: 'deny',
    });
  }
  if (is(w, 'secrets', 'delete')) {
    const names = w.slice(2);
    if (names.length === 0) return null;
    return verdict('infisical-delete', {
      reason: `infisical secrets delete ${names.join(' ')} deletes ${names.length > 1 ? 'those secrets' : 'the secret'} from ${env}`,
      loses: `the value${names.length > 1 ? 's' : ''} of ${names.join(', ')} in ${env}`,
      safer: `infisical secrets get ${names.join(' ')} --env=${env} and keep the output first; Infisical's secret versions/snapshots may restore it (plan-dependent, unverified)`,
    });
  }
  return null;
};

const infisicalDelete = makeRule('infisical-delete', 'ask', 'infisical secrets delete (ask), infisical secrets folders delete (deny)', ['infisical'], classifyInfisical);

// ---------------------------------------------------------------------------
// Bitwarden CLI and GnuPG
// ---------------------------------------------------------------------------

const BW_VALUE = new Set(['session', 'organizationid', 'itemid']);

const classifyBw: Classifier = (cmd) => {
  const p = parseArgs(cmd.argv.slice(1), BW_VALUE);
  if (wantsHelp(p)) return null;
  const w = p.words;
  if (w[0] !== 'delete' || !['item', 'attachment', 'folder', 'org-collection', 'send'].includes(w[1] ?? '') || w[2] === undefined) return null;
  const permanent = isOn(p, 'permanent', 'p');
  const kind = w[1];
  if (kind === 'item' && !permanent) {
    return verdict('bitwarden-delete', {
      reason: `bw delete item ${w[2]} moves the item to the trash`,
      loses: 'nothing at once: the item sits in the trash (about 30 days, unverified) and bw restore item restores it',
      safer: `bw get item ${w[2]} first; bw restore item ${w[2]} undoes it`,
      level: 'ask',
    });
  }
  return verdict('bitwarden-delete', {
    reason: `bw delete ${kind} ${w[2]}${permanent ? ' --permanent' : ''} deletes the ${kind} permanently`,
    loses: kind === 'folder' || kind === 'org-collection' ? `the ${kind} (its items stay, unfiled)` : `the ${kind} and its contents; there is no trash for it`,
    safer: kind === 'item' ? `bw delete item ${w[2]} without --permanent (goes to the trash)` : `bw get ${kind} ${w[2]} and keep a copy first`,
    level: kind === 'item' ? 'deny' : 'ask',
  });
};

const bitwardenDelete = makeRule('bitwarden-delete', 'ask', 'bw delete item|attachment|folder|org-collection (ask; item --permanent: deny)', ['bw'], classifyBw);

const classifyGpg: Classifier = (cmd) => {
  const a = cmd.argv.slice(1);
  const op = a.find((w) => w === '--delete-secret-keys' || w === '--delete-secret-key' || w === '--delete-secret-and-public-keys' || w === '--delete-secret-and-public-key');
  if (!op) return null;
  const keys = a.filter((w) => !w.startsWith('-'));
  return verdict('gpg-delete-secret-key', {
    reason: `gpg ${op} ${keys.join(' ')} deletes the private key${keys.length > 1 ? 's' : ''} from the keyring`,
    loses: 'the ability to decrypt anything encrypted to that key (backups, sops/git-crypt secrets, mail) unless the key is backed up elsewhere',
    safer: `gpg --export-secret-keys --armor ${keys[0] ?? 'KEY'} > key.backup.asc first, stored offline; to retire a key, revoke or expire it instead`,
  });
};

const gpgDeleteSecretKey = makeRule('gpg-delete-secret-key', 'ask', 'gpg --delete-secret-keys: delete private keys (data encrypted to them becomes unreadable)', ['gpg', 'gpg2'], classifyGpg);

// ---------------------------------------------------------------------------
// pass (password-store) and gopass
// ---------------------------------------------------------------------------

const classifyPass: Classifier = (cmd) => {
  const p = parseArgs(cmd.argv.slice(1), new Set(['store', 'c', 'clip']));
  if (wantsHelp(p)) return null;
  const w = p.words;
  if (!['rm', 'remove', 'delete'].includes(w[0] ?? '') || w[1] === undefined) return null;
  const recursive = isOn(p, 'r', 'recursive') || p.flags.has('rf') || p.flags.has('fr');
  const names = w.slice(1);
  return verdict('pass-rm', {
    reason: `${cmd.name} rm ${recursive ? '-r ' : ''}${names.join(' ')} deletes ${recursive ? 'the entries and every password under them' : `the password entr${names.length > 1 ? 'ies' : 'y'}`}`,
    loses: `${names.join(', ')}${recursive ? ' and everything under them' : ''}; recoverable only if the store is a git repository (${cmd.name} git log)`,
    safer: `${cmd.name} show ${names[0]} first; with a git-backed store, ${cmd.name} git revert HEAD undoes it`,
  });
};

const passRm = makeRule('pass-rm', 'ask', 'pass/gopass rm [-r]: delete password-store entries', ['pass', 'gopass'], classifyPass);

// ---------------------------------------------------------------------------
// Nomad Variables
// ---------------------------------------------------------------------------

const NOMAD_VALUE = new Set(['address', 'region', 'namespace', 'token', 'ca-cert', 'ca-path', 'client-cert', 'client-key', 'tls-server-name', 'check-index']);

const classifyNomad: Classifier = (cmd) => {
  const p = parseArgs(cmd.argv.slice(1), NOMAD_VALUE);
  if (wantsHelp(p)) return null;
  const w = p.words;
  if (!is(w, 'var', 'purge') || w[2] === undefined) return null;
  return verdict('nomad-var-purge', {
    reason: `nomad var purge ${w[2]} permanently deletes the variable and every item in it${value(p, 'namespace') ? ` (namespace ${value(p, 'namespace')})` : ''}`,
    loses: `the secrets stored in ${w[2]}; jobs whose templates read them fail to render`,
    safer: `nomad var get -out json ${w[2]} > backup.json first`,
  });
};

const nomadVarPurge = makeRule('nomad-var-purge', 'ask', 'nomad var purge: delete a Nomad variable (secrets for jobs)', ['nomad'], classifyNomad);

export const secretsPack: RulePack = {
  id: 'secrets',
  description: 'Secret and configuration stores: Vault, etcd, Consul KV, 1Password, Doppler, Infisical — destroying secrets and key-value data',
  rules: [
    vaultSecretsDisable, vaultKvDestroy, vaultKvDelete, vaultTransitKeyDelete, vaultDelete, vaultAuthDisable, vaultNamespaceDelete, vaultOperator, vaultLeaseRevokePrefix,
    etcdDelRange, etcdDelKey, etcdCompact, etcdMemberRemove, etcdSnapshotRestore,
    consulKvDelete, consulSnapshotRestore,
    opVaultDelete, opItemDelete,
    dopplerSecretsDelete, dopplerProjectDelete,
    infisicalDelete,
    bitwardenDelete,
    gpgDeleteSecretKey,
    passRm,
    nomadVarPurge,
  ],
};
