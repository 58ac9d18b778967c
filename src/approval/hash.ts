import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { canonicalJson, sha256Hex } from '../journal/canonical.js';

/**
 * What an approval is bound to. A command's hash covers the command text exactly as it would run, the
 * real working directory and every environment variable that changes which account, state, cluster or
 * database the command touches. Change one flag, one directory or one of those variables: new hash,
 * new request. (A plan's hash comes from the plan gate: the plan file's sha256 with lineage, serial,
 * backend and workspace.)
 */

/** Exact names whose value changes what a command touches. */
const MEANINGFUL_ENV_NAMES = new Set([
  'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_ROLE_ARN', 'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ENDPOINT_URL',
  'KUBECONFIG', 'KUBE_CONTEXT', 'KUBECTL_CONTEXT', 'HELM_KUBECONTEXT', 'HELM_NAMESPACE',
  'PGHOST', 'PGPORT', 'PGDATABASE', 'PGUSER', 'PGSERVICE', 'PGSERVICEFILE', 'DATABASE_URL',
  'MYSQL_HOST', 'MYSQL_TCP_PORT', 'MYSQL_DATABASE', 'REDIS_URL', 'MONGODB_URI', 'MONGO_URL',
  'DOCKER_HOST', 'DOCKER_CONTEXT', 'DIGITALOCEAN_CONTEXT', 'HEROKU_APP', 'FLY_APP', 'VERCEL_ORG_ID', 'VERCEL_PROJECT_ID',
  'TG_WORKING_DIR', 'TERRAGRUNT_WORKING_DIR',
]);

/** Prefixes whose variables all count (TF_WORKSPACE, TF_CLI_ARGS_apply, GOOGLE_CLOUD_PROJECT, ARM_SUBSCRIPTION_ID, …). */
const MEANINGFUL_ENV_PREFIXES = ['TF_', 'TG_', 'TERRAGRUNT_', 'GOOGLE_', 'CLOUDSDK_', 'AZURE_', 'ARM_', 'PULUMI_', 'AWS_VAULT', 'OCI_', 'ALIBABA_CLOUD_', 'SUPABASE_', 'PLANETSCALE_'];

/** Names that look like secrets: hashed for binding but never stored in a request in clear. */
const SECRET_NAME = /(SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|ACCESS_KEY|SESSION|_KEY$|_URL$|_URI$)/;

export function isMeaningfulEnv(name: string): boolean {
  return MEANINGFUL_ENV_NAMES.has(name) || MEANINGFUL_ENV_PREFIXES.some((p) => name.startsWith(p));
}

/** The meaningful variables of `env`, sorted by name; unset and empty ones are left out. */
export function meaningfulEnv(env: Readonly<Record<string, string | undefined>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!env) return out;
  for (const name of Object.keys(env).sort()) {
    const v = env[name];
    if (v !== undefined && v !== '' && isMeaningfulEnv(name)) out[name] = v;
  }
  return out;
}

/** For display in a request: secret-looking values become `sha256:abcd…`. */
export function displayEnv(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) out[k] = SECRET_NAME.test(k) ? `(hidden, sha256:${sha256Hex(v).slice(0, 12)})` : v;
  return out;
}

/** The directory as the OS sees it (symlinks resolved); the absolute path when it does not exist. */
export function canonicalCwd(cwd: string): string {
  try {
    return realpathSync(cwd);
  } catch {
    return resolve(cwd);
  }
}

export interface CommandSubjectInput {
  command: string;
  cwd: string;
  env?: Readonly<Record<string, string | undefined>>;
}

/** The exact object a command approval is bound to. */
export function commandSubject(input: CommandSubjectInput): { kind: 'command'; command: string; cwd: string; env: Record<string, string> } {
  return { kind: 'command', command: input.command, cwd: canonicalCwd(input.cwd), env: meaningfulEnv(input.env) };
}

/** sha256 (hex) over the canonical JSON of {kind, command, cwd, env}. The command text is not normalised: every byte counts. */
export function commandHash(input: CommandSubjectInput): string {
  return sha256Hex(canonicalJson(commandSubject(input)));
}
