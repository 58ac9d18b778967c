/** Where a Terraform working directory keeps its state: backend type, workspace, local state file. */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export interface WorkdirIdentity {
  /** Real path of the working directory. */
  dir: string;
  backend: string;
  workspace: string;
  /** The local state file, when the backend is local (whether or not it exists yet). */
  localStatePath?: string;
}

function readJson(path: string): Record<string, unknown> | undefined {
  try { return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>; } catch { return undefined; }
}

export function workdirIdentity(cwd: string, env: NodeJS.ProcessEnv = process.env): WorkdirIdentity {
  let dir = resolve(cwd);
  try { dir = realpathSync(dir); } catch { /* keep */ }
  const dataDir = env.TF_DATA_DIR ? resolve(dir, env.TF_DATA_DIR) : join(dir, '.terraform');
  let workspace = env.TF_WORKSPACE && env.TF_WORKSPACE !== '' ? env.TF_WORKSPACE : 'default';
  if (!env.TF_WORKSPACE) {
    try { const w = readFileSync(join(dataDir, 'environment'), 'utf8').trim(); if (w) workspace = w; } catch { /* default */ }
  }
  const backendDoc = readJson(join(dataDir, 'terraform.tfstate'));
  const backend = backendDoc?.backend as { type?: string; config?: Record<string, unknown> } | undefined;
  const type = backend?.type ?? 'local';
  let localStatePath: string | undefined;
  if (type === 'local') {
    const cfg = backend?.config ?? {};
    const wsDir = typeof cfg.workspace_dir === 'string' && cfg.workspace_dir ? cfg.workspace_dir : 'terraform.tfstate.d';
    const p = typeof cfg.path === 'string' && cfg.path ? cfg.path : 'terraform.tfstate';
    localStatePath = workspace === 'default' ? (isAbsolute(p) ? p : join(dir, p)) : join(dir, wsDir, workspace, 'terraform.tfstate');
  }
  return { dir, backend: type, workspace, localStatePath };
}

export function ledgerKey(id: Pick<WorkdirIdentity, 'dir' | 'backend' | 'workspace'>): string {
  return `${id.dir}|${id.backend}|${id.workspace}`;
}

export function localStateExists(id: WorkdirIdentity): boolean {
  return id.localStatePath !== undefined && existsSync(id.localStatePath);
}
