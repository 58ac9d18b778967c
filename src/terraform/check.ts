/**
 * `plan check` end to end: read the plan, look up the working directory's ledger entry and policy,
 * analyse, apply the policy's rule settings, and (for binary plans, which carry lineage and serial)
 * record what was seen. Used by `twokey plan check` and by guarded runs.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { EffectivePolicy } from '../policy/types.js';
import { homePaths } from '../core/paths.js';
import { twokeyHome } from '../core/home.js';
import { isDataBearing, lookupResource } from '../catalog/resources.js';
import { analyzePlan, type AnalyzeOptions, type PlanAnalysis, type PlanFinding, type RestoreProof } from './analyze.js';
import { readPlanFile, type LoadedPlan } from './read-plan.js';
import { resourcesOfStateJson } from './state.js';
import { workdirIdentity, type WorkdirIdentity } from './workdir.js';
import { crossDirectoryFindings, ledgerEntry, ledgerFindings, preventDestroyAddresses, readLedger, recordObservation, updateLedger, type StateObservation } from './ledger.js';
import { compileGlobs } from './glob.js';

export interface CheckPlanOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** --protect globs (added to the policy's protect list). */
  protect?: readonly string[];
  /** Consult and update the ledger (default true). */
  ledger?: boolean;
  /** Guarded run: also check the local state file's hash against the last guarded action. */
  guarded?: boolean;
  localStateHash?: string;
  /** Tool for `show -json` on binary plans. */
  tool?: string;
  /** Policy to apply (default: loaded for cwd; pass null to skip loading). */
  policy?: EffectivePolicy | null;
  /** Last verified restore per database (default: from the drills recorded in the journal). null: none. */
  restoreProof?: ((address: string, type: string, before: unknown) => RestoreProof | undefined) | null;
  forceStream?: boolean;
}

export interface CheckPlanResult {
  loaded: LoadedPlan;
  analysis: PlanAnalysis;
  workdir: WorkdirIdentity;
  observation: StateObservation;
  policyNotices: string[];
}

async function loadPolicyFor(cwd: string, home: string): Promise<EffectivePolicy | null> {
  try {
    const [{ loadPolicy }, { defaultRuleCatalog }] = await Promise.all([import('../policy/load.js'), import('../engine/catalog.js')]);
    return loadPolicy({ cwd, home, catalog: defaultRuleCatalog() });
  } catch (err) {
    // The policy module is someone else's; if it cannot load, strict defaults apply, loudly.
    return { rules: {}, allow: [], deny: [], protect: [], protectedPaths: [], approvals: { ttlMinutes: 15 }, drills: { maxAgeDays: 7 }, broken: true, sources: [], notices: [`policy could not be loaded (${(err as Error).message}): strict defaults`] };
  }
}

/** Applies the policy's `rules:` settings to plan findings. A broken policy never lowers anything. */
export function applyRuleSettings(findings: PlanFinding[], policy: EffectivePolicy | null): PlanFinding[] {
  if (!policy) return findings;
  const out: PlanFinding[] = [];
  for (const f of findings) {
    const pack = f.rule.split('.')[0];
    const setting = policy.rules[f.rule] ?? policy.rules[`${pack}.*`];
    if (!setting || f.severity === 'info') { out.push(f); continue; }
    if (setting === 'off') { if (policy.broken) out.push(f); continue; }
    if (policy.broken && setting === 'ask' && f.severity === 'deny') { out.push(f); continue; }
    out.push({ ...f, severity: setting });
  }
  return out;
}

function observationOf(loaded: LoadedPlan, localStateHash?: string): StateObservation {
  const st = loaded.state;
  const hasLineage = st !== undefined && st.lineage !== '';
  const resources = hasLineage ? st.resources
    : loaded.plan.prior_state ? resourcesOfStateJson(loaded.plan.prior_state.values?.root_module) : {};
  return {
    lineage: hasLineage ? st.lineage : undefined,
    serial: hasLineage ? st.serial : undefined,
    resources,
    stateHash: localStateHash,
    source: loaded.kind === 'binary' ? `binary plan ${loaded.path}` : `plan ${loaded.path}`,
  };
}

/** Is `dir` a Terraform working directory (so that "local backend" is a fact, not a guess)? */
function isTerraformWorkdir(dir: string): boolean {
  try {
    return existsSync(join(dir, '.terraform')) || readdirSync(dir).some((n) => n.endsWith('.tf') || n.endsWith('.tf.json') || n.endsWith('.tofu'));
  } catch {
    return false;
  }
}

/** Names a database resource may be known by in drills: identifier, name, db name, the resource name. */
export function databaseNames(address: string, before: unknown): string[] {
  const names: string[] = [];
  if (before && typeof before === 'object') {
    const b = before as Record<string, unknown>;
    for (const k of ['identifier', 'cluster_identifier', 'db_name', 'database_name', 'name', 'id']) if (typeof b[k] === 'string' && b[k]) names.push(b[k] as string);
  }
  const last = address.slice(address.lastIndexOf('.') + 1).replace(/\[.*$/, '');
  names.push(last);
  return [...new Set(names)];
}

function deletesADatabase(rcs: readonly { type: string; change: { actions: string[] } }[]): boolean {
  return rcs.some((rc) => rc?.change?.actions?.includes?.('delete') && lookupResource(rc.type)?.dataClass === 'database');
}

/** restoreProof backed by the drills in the journal, loaded on first use (only when a database is deleted). */
async function journalRestoreProof(home: string): Promise<(address: string, type: string, before: unknown) => RestoreProof | undefined> {
  const [{ loadRestoreProofs }, { proofsForName }] = await Promise.all([import('../drill/proof-store.js'), import('../drill/proof.js')]);
  let proofs: ReturnType<typeof loadRestoreProofs> | undefined;
  return (address, _type, before) => {
    proofs ??= loadRestoreProofs(home);
    let best: number | undefined;
    for (const n of databaseNames(address, before)) {
      for (const p of proofsForName(proofs, n)) if (p.verifiedAgeDays !== null && (best === undefined || p.verifiedAgeDays < best)) best = p.verifiedAgeDays;
    }
    return best === undefined ? undefined : { ageDays: best };
  };
}

export async function checkPlan(file: string, opts: CheckPlanOptions): Promise<CheckPlanResult> {
  const env = opts.env ?? process.env;
  const home = twokeyHome(env);
  // A plan file inside another Terraform working directory belongs to that directory (its ledger
  // entry, its providers for `show -json`); otherwise to the directory twokey runs in.
  const planDir = dirname(resolve(opts.cwd, file));
  const wdDir = planDir !== resolve(opts.cwd) && isTerraformWorkdir(planDir) ? planDir : opts.cwd;
  const loaded = readPlanFile(resolve(opts.cwd, file), { cwd: wdDir, env, tool: opts.tool, forceStream: opts.forceStream });
  const workdir = workdirIdentity(wdDir, env);
  const policy = opts.policy === undefined ? await loadPolicyFor(opts.cwd, home) : opts.policy;
  const protect = [...(opts.protect ?? []), ...(policy?.protect ?? [])];
  const useLedger = opts.ledger !== false;
  const ledgerPath = homePaths(home).ledger;
  const ledgerNow = useLedger ? readLedger(ledgerPath) : undefined;
  const entry = ledgerNow ? ledgerEntry(ledgerNow, workdir) : undefined;
  const observation = observationOf(loaded, opts.localStateHash);
  const stateFindings = useLedger ? ledgerFindings(entry, observation, { guarded: opts.guarded }) : [];
  if (ledgerNow && !stateFindings.some((f) => f.rule === 'state.rolled-back' || f.rule === 'state.foreign-lineage')) {
    stateFindings.push(...crossDirectoryFindings(ledgerNow, workdir, observation));
  }

  // No history: an empty prior state with an all-create plan of data-bearing resources on a local backend.
  const rcs = loaded.plan.resource_changes ?? [];
  // An entry recorded from an earlier plan that was never applied is not history: only resources seen count,
  // or re-running the same apply would slip past this question.
  const hasHistory = entry !== undefined && Object.keys(entry.resources ?? {}).length > 0;
  if (useLedger && !hasHistory && Object.keys(observation.resources ?? {}).length === 0 && workdir.backend === 'local' && isTerraformWorkdir(workdir.dir)) {
    const isProtected = compileGlobs(protect);
    const acts = (rc: { change?: { actions?: string[] } } | null) => (Array.isArray(rc?.change?.actions) ? rc.change.actions : []);
    const allCreate = rcs.length > 0 && rcs.every((rc) => rc?.mode === 'data' || (acts(rc).length === 1 && ['create', 'no-op', 'read'].includes(acts(rc)[0])));
    const dataCreates = rcs.filter((rc) => acts(rc).includes('create') && (isDataBearing(rc.type) || isProtected(rc.address)));
    if (allCreate && dataCreates.length) {
      stateFindings.push({
        rule: 'state.new-environment', severity: 'ask', address: '', type: '',
        message: `is this really a new environment? The plan starts from an empty state on a local backend and creates ${dataCreates.length} data-bearing resource(s) (${dataCreates.slice(0, 3).map((r) => r.address).join(', ')}): if the real state exists elsewhere, this creates duplicates and the next plan may destroy the originals`,
        safer: 'check the backend configuration and workspace first (terraform workspace show, terraform state list)',
      });
    }
  }

  const aopts: AnalyzeOptions = {
    protect,
    extraFindings: stateFindings,
    formerlyPreventDestroy: entry?.preventDestroy,
    restoreProof: opts.restoreProof === null ? undefined : opts.restoreProof
      ?? (deletesADatabase(rcs) ? await journalRestoreProof(home).catch(() => undefined) : undefined),
    // Issue 7: 7 days by default (the policy's drills.max_age_days).
    restoreMaxAgeDays: policy?.drills.maxAgeDays ?? 7,
  };
  const raw = analyzePlan(loaded.plan, aopts);
  const findings = applyRuleSettings(raw.findings, policy);
  let decision: PlanAnalysis['decision'] = 'allow';
  for (const f of findings) if (f.severity === 'deny') decision = 'deny'; else if (f.severity === 'ask' && decision === 'allow') decision = 'ask';
  if (policy?.broken && decision === 'allow' && raw.changes.some((c) => c.destructive)) decision = 'ask';
  const analysis: PlanAnalysis = { ...raw, findings, decision };

  // Record binary plans (they carry lineage and serial) and configuration facts.
  if (useLedger && loaded.kind === 'binary') {
    const preventDestroy = loaded.configFiles ? preventDestroyAddresses(loaded.configFiles) : [];
    updateLedger(ledgerPath, (l) => recordObservation(l, workdir, observation, { preventDestroy }));
  }
  return { loaded, analysis, workdir, observation, policyNotices: policy?.notices ?? [] };
}
