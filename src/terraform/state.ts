/** Reading Terraform/OpenTofu state: raw state files (v3, v4) and the `show -json` state representation. */
import type { StateIdentity, StateModule, StateResource } from './plan-types.js';

export class StateFormatError extends Error {}

function indexSuffix(key: unknown): string {
  if (key === undefined || key === null) return '';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

interface RawV4Resource {
  module?: string;
  mode?: string;
  type?: string;
  name?: string;
  instances?: { index_key?: unknown; attributes?: Record<string, unknown>; deposed?: string }[];
}

/** Parses a raw state file's text (v3 or v4). Throws StateFormatError when it is not one. */
export function parseStateText(text: string): StateIdentity {
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new StateFormatError(`not valid JSON: ${(err as Error).message}`);
  }
  return stateIdentityOf(doc);
}

export function stateIdentityOf(doc: unknown): StateIdentity {
  if (doc === null || typeof doc !== 'object') throw new StateFormatError('not a JSON object');
  const d = doc as Record<string, unknown>;
  if (typeof d.lineage !== 'string' || typeof d.serial !== 'number') {
    throw new StateFormatError('no lineage and serial: not a raw state file (terraform state pull / terraform.tfstate)');
  }
  const resources: Record<string, string> = {};
  if (Array.isArray(d.resources)) {
    for (const r of d.resources as RawV4Resource[]) {
      if (r.mode === 'data') continue;
      const base = `${r.module ? `${r.module}.` : ''}${r.type}.${r.name}`;
      for (const inst of r.instances ?? []) {
        if (inst.deposed) continue;
        const id = inst.attributes?.id;
        resources[base + indexSuffix(inst.index_key)] = id === undefined || id === null ? '' : String(id);
      }
    }
  } else if (Array.isArray(d.modules)) {
    for (const m of d.modules as { path?: string[]; resources?: Record<string, { primary?: { id?: string } }> }[]) {
      const prefix = (m.path ?? ['root']).slice(1).map((p) => `module.${p}.`).join('');
      for (const [key, r] of Object.entries(m.resources ?? {})) {
        if (key.startsWith('data.')) continue;
        const parts = key.split('.');
        const addr = parts.length === 3 && /^\d+$/.test(parts[2]) ? `${parts[0]}.${parts[1]}[${parts[2]}]` : key;
        resources[prefix + addr] = r.primary?.id ?? '';
      }
    }
  }
  return {
    lineage: d.lineage,
    serial: d.serial,
    terraformVersion: typeof d.terraform_version === 'string' ? d.terraform_version : undefined,
    resources,
  };
}

/** Every resource in a `show -json` state module tree (prior_state.values.root_module), depth first. */
export function flattenStateModule(root: StateModule | undefined, out: StateResource[] = []): StateResource[] {
  if (!root) return out;
  for (const r of root.resources ?? []) out.push(r);
  for (const c of root.child_modules ?? []) flattenStateModule(c, out);
  return out;
}

/** address -> id of the managed resources in a `show -json` state representation. */
export function resourcesOfStateJson(root: StateModule | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of flattenStateModule(root)) {
    if (r.mode === 'data') continue;
    const id = r.values?.id;
    out[r.address] = id === undefined || id === null ? '' : String(id);
  }
  return out;
}
