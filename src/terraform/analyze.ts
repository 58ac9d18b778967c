/**
 * Plan analysis: from plan JSON (any format version 0.1 to 1.2) to counts, per-change facts (what dies
 * with each deleted, replaced or forgotten resource), the blast radius, and findings with one decision.
 * Pure: no I/O. State-ledger findings and restore proofs come in through the options.
 */
import type { Decision } from '../core/types.js';
import { strictest } from '../core/types.js';
import {
  lookupResource, isDataBearing, defaultDeleteLevel, readAttribute, isUnsafeValue, explainDataClass,
  type AttributeFact, type ResourceFacts,
} from '../catalog/resources.js';
import type { ConfigModule, PlanJson, ResourceChange, StateResource } from './plan-types.js';
import { flattenStateModule } from './state.js';
import { baseAddress, compileGlobs, moduleOf } from './glob.js';

export type Severity = 'deny' | 'ask' | 'info';

export interface PlanFinding {
  rule: string;
  severity: Severity;
  address: string;
  type: string;
  message: string;
  /** What would be lost. */
  loses?: string;
  /** The safer way. */
  safer?: string;
}

export type ChangeKind = 'create' | 'update' | 'delete' | 'replace' | 'forget' | 'forget-replace' | 'read' | 'noop' | 'unknown';

export interface ChangeFacts {
  address: string;
  type: string;
  module: string;
  actions: string[];
  kind: ChangeKind;
  reason?: string;
  destructive: boolean;
  dataBearing: boolean;
  dataClass?: string;
  /** What dies with it (deleted/replaced/forgotten only). */
  losses: string[];
  /** What softens the loss (final snapshot taken, deletion protection on, object survives). */
  mitigations: string[];
  project?: string;
  /** Addresses (base) that depend on this resource, directly or transitively. */
  dependents: string[];
  protectedBy?: string;
  deposed?: string;
}

export interface PlanCounts {
  create: number; update: number; delete: number; replace: number; forget: number; read: number; noop: number;
  /** Changes whose actions twokey does not know (treated as destructive). */
  unknown: number;
}

export interface PlanAnalysis {
  decision: Decision;
  counts: PlanCounts;
  findings: PlanFinding[];
  changes: ChangeFacts[];
  destroyMode: boolean;
  formatVersion?: string;
  terraformVersion?: string;
  /** Distinct project-like tag values among the destroyed resources and their dependents. */
  projects: string[];
  /** Modules touched by destructive changes ('' is the root module). */
  modules: string[];
  /** One sentence on the blast radius, in words. */
  blastRadius: string;
  priorStateResources: number;
  notes: string[];
}

export interface RestoreProof { ageDays: number }

export interface AnalyzeOptions {
  /** Address globs whose deletion, replacement or forgetting is denied (from --protect and the policy). */
  protect?: readonly string[];
  /**
   * Last verified restore for a database (drills). When given, deleting a database whose last verified
   * restore is older than `restoreMaxAgeDays` (or absent) is a finding.
   */
  restoreProof?: (address: string, type: string, before: unknown) => RestoreProof | undefined;
  restoreMaxAgeDays?: number;
  /** Findings computed elsewhere (state ledger), merged into the decision. */
  extraFindings?: readonly PlanFinding[];
  /** Addresses that had `lifecycle { prevent_destroy = true }` in a configuration twokey saw before. */
  formerlyPreventDestroy?: readonly string[];
}

const KNOWN_ACTIONS = new Set(['no-op', 'create', 'read', 'update', 'delete', 'forget']);
const KNOWN_REASONS = new Set([
  'replace_because_cannot_update', 'replace_because_tainted', 'replace_by_request', 'replace_by_triggers',
  'delete_because_no_resource_config', 'delete_because_wrong_repetition', 'delete_because_count_index',
  'delete_because_each_key', 'delete_because_no_module', 'delete_because_no_move_target', 'delete_because_enabled_false',
  'read_because_config_unknown', 'read_because_dependency_pending', 'read_because_check_nested',
]);
const KNOWN_FORMAT_MAJORS = new Set(['0', '1']);

export function classifyActions(actions: readonly string[]): ChangeKind {
  if (!Array.isArray(actions) || actions.length === 0) return 'unknown';
  for (const a of actions) if (!KNOWN_ACTIONS.has(a)) return 'unknown';
  const has = (a: string) => actions.includes(a);
  if (has('delete') && has('create')) return 'replace';
  if (has('delete')) return 'delete';
  if (has('forget') && has('create')) return 'forget-replace';
  if (has('forget')) return 'forget';
  if (has('create')) return 'create';
  if (has('update')) return 'update';
  if (has('read')) return 'read';
  if (has('no-op')) return 'noop';
  return 'unknown';
}

export function countActions(changes: readonly ResourceChange[]): PlanCounts {
  const c: PlanCounts = { create: 0, update: 0, delete: 0, replace: 0, forget: 0, read: 0, noop: 0, unknown: 0 };
  for (const rc of changes) {
    const a: readonly string[] = Array.isArray(rc?.change?.actions) ? rc.change.actions : [];
    let create = false, update = false, del = false, forget = false, read = false, noop = false, unknown = a.length === 0;
    for (const x of a) {
      if (x === 'create') create = true;
      else if (x === 'delete') del = true;
      else if (x === 'update') update = true;
      else if (x === 'no-op') noop = true;
      else if (x === 'read') read = true;
      else if (x === 'forget') forget = true;
      else unknown = true;
    }
    if (create) c.create++;
    if (update) c.update++;
    if (del) c.delete++;
    if (del && create) c.replace++;
    if (forget) c.forget++;
    if (read) c.read++;
    if (noop) c.noop++;
    if (unknown) c.unknown++;
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// Tags and projects

const PROJECT_KEYS = ['Project', 'project', 'app', 'App', 'application', 'Application', 'Environment', 'environment', 'env', 'Name'];

function tagsOf(values: unknown): Record<string, unknown> | undefined {
  if (!values || typeof values !== 'object') return undefined;
  const v = values as Record<string, unknown>;
  for (const k of ['tags', 'tags_all', 'labels']) {
    const t = v[k];
    if (t && typeof t === 'object' && !Array.isArray(t)) return t as Record<string, unknown>;
  }
  // terraform_data (and similar generic carriers) keep attributes under `input`.
  const input = v.input;
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    const t = (input as Record<string, unknown>).tags;
    if (t && typeof t === 'object' && !Array.isArray(t)) return t as Record<string, unknown>;
  }
  return undefined;
}

/** The project a resource belongs to, read from project-like tags (Project, app, Environment, Name, in that order). */
export function projectOf(values: unknown): string | undefined {
  const tags = tagsOf(values);
  if (!tags) return undefined;
  for (const k of PROJECT_KEYS) {
    const val = tags[k];
    if (typeof val === 'string' && val !== '') return k === 'Name' ? undefined : val;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Dependency graph (prior_state depends_on + configuration references)

type Graph = Map<string, Set<string>>; // dependency (base address or module) -> dependents (base address or module path)

function addEdge(g: Graph, from: string, to: string) {
  if (from === to) return;
  let s = g.get(from);
  if (!s) g.set(from, (s = new Set()));
  s.add(to);
}

function collectReferences(expr: unknown, out: string[]) {
  if (!expr || typeof expr !== 'object') return;
  if (Array.isArray(expr)) { for (const e of expr) collectReferences(e, out); return; }
  for (const [k, v] of Object.entries(expr as Record<string, unknown>)) {
    if (k === 'references' && Array.isArray(v)) { for (const r of v) if (typeof r === 'string') out.push(r); }
    else if (v && typeof v === 'object') collectReferences(v, out);
  }
}

/** `aws_vpc.main.id` -> `aws_vpc.main`; `data.x.y.z` -> `data.x.y`; `module.m.out` -> `module.m`; var/local/each/count -> undefined. */
export function referencedResource(ref: string): string | undefined {
  const clean = ref.replace(/\[[^\]]*\]/g, '');
  const parts = clean.split('.');
  const head = parts[0];
  if (['var', 'local', 'each', 'count', 'path', 'terraform', 'self'].includes(head)) return undefined;
  if (head === 'module') return parts.length >= 2 ? `module.${parts[1]}` : undefined;
  if (head === 'data') return parts.length >= 3 ? `data.${parts[1]}.${parts[2]}` : undefined;
  return parts.length >= 2 ? `${parts[0]}.${parts[1]}` : undefined;
}

function walkConfig(mod: ConfigModule | undefined, prefix: string, g: Graph) {
  if (!mod) return;
  const p = prefix ? `${prefix}.` : '';
  for (const r of mod.resources ?? []) {
    const refs: string[] = [];
    collectReferences(r.expressions, refs);
    collectReferences(r.count_expression, refs);
    collectReferences(r.for_each_expression, refs);
    for (const d of r.depends_on ?? []) refs.push(d);
    for (const ref of refs) {
      const target = referencedResource(ref);
      if (target) addEdge(g, p + target, p + r.address);
    }
  }
  for (const [name, call] of Object.entries(mod.module_calls ?? {})) {
    const child = `${p}module.${name}`;
    const refs: string[] = [];
    collectReferences(call.expressions, refs);
    for (const d of call.depends_on ?? []) refs.push(d);
    for (const ref of refs) {
      const target = referencedResource(ref);
      if (target) addEdge(g, p + target, child);
    }
    walkConfig(call.module, child, g);
  }
}

export function buildDependents(plan: PlanJson, stateResources: readonly StateResource[]): Graph {
  const g: Graph = new Map();
  for (const r of stateResources) {
    for (const d of r.depends_on ?? []) addEdge(g, baseAddress(d), baseAddress(r.address));
  }
  walkConfig(plan.configuration?.root_module, '', g);
  return g;
}

/** Module path of a base address with instance keys removed (`module.a["x"].aws_b.c` -> `module.a`). */
function moduleKeyless(address: string): string {
  if (!address.startsWith('module.')) return '';
  const m = moduleOf(address);
  return m.includes('[') ? m.replace(/\[[^\]]*\]/g, '') : m;
}

const NO_DEPENDENTS: string[] = [];

function dependentsOf(g: Graph, address: string, limit = 2000): string[] {
  if (g.size === 0) return NO_DEPENDENTS;
  const base = baseAddress(address);
  const start = [base, base.replace(/\[[^\]]*\]/g, '')];
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length && seen.size < limit) {
    const cur = queue.shift()!;
    for (const d of g.get(cur) ?? []) {
      if (!seen.has(d) && !start.includes(d)) { seen.add(d); queue.push(d); }
    }
    // A module depends on X, so every resource inside it does: expand module dependents via the graph keys.
  }
  return [...seen];
}

// ---------------------------------------------------------------------------------------------
// What dies with a resource

function fmt(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
}

function lossesFor(facts: ResourceFacts, before: unknown): { losses: string[]; mitigations: string[] } {
  const losses: string[] = [explainDataClass(facts.dataClass)];
  const mitigations: string[] = [];
  const read = (a: AttributeFact) => readAttribute(before, a);
  const said = (r: ReturnType<typeof read>) => `${r.fact.name} = ${fmt(r.value)}${r.defaulted ? ' (provider default)' : ''}`;
  const backupOnDelete = facts.attributes.filter((a) => a.role === 'backup_on_delete');
  for (const a of facts.attributes) {
    const r = read(a);
    if (r.unknown) continue;
    const unsafe = isUnsafeValue(a, r.value);
    switch (a.role) {
      case 'backups_die_with_resource':
        if (unsafe === true || (unsafe === undefined && r.value === true)) losses.push(`its automated backups are deleted with it (${said(r)})`);
        else if (unsafe === false) mitigations.push(`automated backups are kept (${said(r)})`);
        break;
      case 'backup_on_delete':
        if (a.type === 'string') {
          if (typeof r.value === 'string' && r.value !== '' && !backupOnDelete.some((b) => b !== a && b.type === 'bool' && isUnsafeValue(b, read(b).value) === true)) {
            mitigations.push(`a final snapshot is taken (${a.name} = ${fmt(r.value)})`);
          }
        } else if (unsafe === true) losses.push(`no final snapshot is taken (${said(r)})`);
        break;
      case 'protection_bypass':
        if (unsafe === true || (unsafe === undefined && r.value === true)) losses.push(`everything inside goes too (${said(r)})`);
        break;
      case 'cascade':
        if (unsafe === true || (unsafe === undefined && r.value === true)) losses.push(`its children are deleted too (${said(r)})`);
        break;
      case 'retention':
        if (unsafe === true && !r.defaulted) losses.push(`there is little or no history to restore from (${said(r)})`);
        break;
      case 'api_delete_block':
        if (unsafe === false && !r.defaulted) mitigations.push(`the cloud refuses the delete while ${a.name} is on, unless this plan turns it off`);
        break;
      case 'abandon_on_destroy':
        if (r.value === true && !r.defaulted) mitigations.push(`destroy only forgets it in state; the object survives (${said(r)})`);
        break;
      default:
        break;
    }
  }
  return { losses, mitigations };
}

// ---------------------------------------------------------------------------------------------
// Protection removed (the first half of a destruction)

const PROTECTION_ROLES = new Set(['api_delete_block', 'iac_delete_block', 'protection_bypass', 'retention', 'immutability', 'backup_on_delete', 'backups_die_with_resource']);

/** Guard attributes recognised on any resource type, catalogued or not. */
const GENERIC_GUARDS: readonly AttributeFact[] = [
  { name: 'deletion_protection', role: 'api_delete_block', type: 'bool', safe: true, unsafe: false },
  { name: 'deletion_protection_enabled', role: 'api_delete_block', type: 'bool', safe: true, unsafe: false },
  { name: 'termination_protection', role: 'api_delete_block', type: 'bool', safe: true, unsafe: false },
  { name: 'disable_api_termination', role: 'api_delete_block', type: 'bool', safe: true, unsafe: false },
  { name: 'force_destroy', role: 'protection_bypass', type: 'bool', safe: false, unsafe: true },
  { name: 'force_delete', role: 'protection_bypass', type: 'bool', safe: false, unsafe: true },
  { name: 'skip_final_snapshot', role: 'backup_on_delete', type: 'bool', safe: false, unsafe: true },
  { name: 'delete_automated_backups', role: 'backups_die_with_resource', type: 'bool', safe: false, unsafe: true },
  { name: 'versioning.enabled', role: 'retention', type: 'bool', safe: true, unsafe: false },
  { name: 'versioning_configuration.status', role: 'retention', type: 'string', safe: 'Enabled', unsafe: 'Suspended' },
];

function isUnknownAfter(afterUnknown: unknown, name: string): boolean {
  if (!afterUnknown || typeof afterUnknown !== 'object') return false;
  return (afterUnknown as Record<string, unknown>)[name.split('.')[0]] === true;
}

export function protectionRemovals(rc: ResourceChange, facts: ResourceFacts | undefined): string[] {
  const { before, after, after_unknown: afterUnknown } = rc.change;
  if (!before || typeof before !== 'object' || !after || typeof after !== 'object') return [];
  const guards = new Map<string, AttributeFact>();
  for (const g of GENERIC_GUARDS) guards.set(g.name, g);
  for (const a of facts?.attributes ?? []) if (PROTECTION_ROLES.has(a.role)) guards.set(a.name, a);
  const out: string[] = [];
  // Any retention-like number going from positive to zero.
  for (const [k, bv] of Object.entries(before as Record<string, unknown>)) {
    if (!/retention/.test(k) || guards.has(k) || typeof bv !== 'number' || bv <= 0) continue;
    const av = (after as Record<string, unknown>)[k];
    if (av === 0 && !isUnknownAfter(afterUnknown, k)) out.push(`${k}: ${bv} -> 0`);
  }
  for (const a of guards.values()) {
    if (isUnknownAfter(afterUnknown, a.name)) continue;
    const b = readAttribute(before, a);
    const f = readAttribute(after, a);
    if (b.unknown || f.unknown || (b.defaulted && f.defaulted)) continue;
    if (JSON.stringify(b.value) === JSON.stringify(f.value)) continue;
    if (isUnsafeValue(a, f.value) === true && isUnsafeValue(a, b.value) !== true) {
      out.push(`${a.name}: ${fmt(b.value)} -> ${fmt(f.value)}`);
    }
  }
  return out;
}

const REASON_WORDS: Record<string, string> = {
  replace_because_cannot_update: 'an attribute cannot change in place',
  replace_because_tainted: 'it is tainted',
  replace_by_request: '-replace was asked for',
  replace_by_triggers: 'replace_triggered_by fired',
  delete_because_no_resource_config: 'its block is gone from the configuration',
  delete_because_wrong_repetition: 'count/for_each changed kind',
  delete_because_count_index: 'count went down',
  delete_because_each_key: 'its for_each key is gone',
  delete_because_no_module: 'its module is gone',
  delete_because_no_move_target: 'its moved-block target does not exist',
  delete_because_enabled_false: 'enabled = false',
};

/** Why Terraform deletes or replaces something, in words (with the attributes that force a replacement). */
export function reasonWords(reason: string | undefined, replacePaths: unknown): string {
  const parts: string[] = [];
  if (reason) parts.push(REASON_WORDS[reason] ?? `reason '${reason}'`);
  if (Array.isArray(replacePaths) && replacePaths.length) {
    const paths = replacePaths.slice(0, 3).map((p) => (Array.isArray(p) ? p.join('.') : String(p)));
    parts.push(`forced by ${paths.join(', ')}${replacePaths.length > 3 ? ', …' : ''}`);
  }
  return parts.join('; ');
}

// ---------------------------------------------------------------------------------------------

const BACKUP_NAME = /snapshot|backup|recovery_point|replica/i;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function numberWord(n: number): string {
  return ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'][n] ?? String(n);
}

export function analyzePlan(plan: PlanJson, opts: AnalyzeOptions = {}): PlanAnalysis {
  // Malformed entries (not objects, no change) are kept as changes with no actions: unknown, destructive.
  const rcs = (Array.isArray(plan.resource_changes) ? plan.resource_changes : []).map((rc) =>
    rc && typeof rc === 'object' && rc.change && typeof rc.change === 'object' ? rc
      : { address: String((rc as ResourceChange | null)?.address ?? '(malformed entry)'), type: String((rc as ResourceChange | null)?.type ?? ''), change: { actions: [] } } as ResourceChange);
  const counts = countActions(rcs);
  const findings: PlanFinding[] = [];
  const notes: string[] = [];
  const protectedBy = compileGlobs(opts.protect ?? []);
  const formerlyProtected = new Set(opts.formerlyPreventDestroy ?? []);
  const stateResources = flattenStateModule(plan.prior_state?.values?.root_module);
  const managedState = stateResources.filter((r) => r.mode !== 'data');
  const fv = typeof plan.format_version === 'string' ? plan.format_version : undefined;
  if (fv && !KNOWN_FORMAT_MAJORS.has(fv.split('.')[0])) {
    findings.push({ rule: 'plan.unknown-format', severity: 'ask', address: '', type: '', message: `plan format version ${fv} is newer than twokey knows (0.1 to 1.x): read as best it can` });
  }
  if (plan.errored === true) {
    findings.push({ rule: 'plan.errored', severity: 'ask', address: '', type: '', message: 'the plan errored: it is incomplete, so what it would change is not fully known' });
  }

  let graph: Graph | undefined;
  const changes: ChangeFacts[] = [];
  for (const rc of rcs) {
    const actions = Array.isArray(rc.change?.actions) ? rc.change.actions : [];
    const kind = classifyActions(actions);
    const type = typeof rc.type === 'string' ? rc.type : '';
    const address = typeof rc.address === 'string' ? rc.address : '(no address)';
    const reasonUnknown = rc.action_reason !== undefined && !KNOWN_REASONS.has(rc.action_reason);
    const isData = rc.mode === 'data';
    const destructive = kind === 'unknown' || (!isData && (kind === 'delete' || kind === 'replace' || kind === 'forget' || kind === 'forget-replace' || reasonUnknown));
    if (!destructive) {
      // Non-destructive changes: only protection removal matters.
      if (kind === 'update' && !isData) {
        const removed = protectionRemovals(rc, lookupResource(type));
        if (removed.length) {
          findings.push({
            rule: 'plan.protection-removed', severity: 'deny', address, type,
            message: `${address}: protection removed (${removed.join('; ')}): the first half of a destruction`,
            loses: 'the guard that stops the next plan, console click or CLI call from deleting the data',
            safer: 'keep the protection on; remove it only in a separate, approved change when the deletion itself is intended',
          });
        }
      }
      continue;
    }
    graph ??= buildDependents(plan, stateResources);
    const facts = lookupResource(type);
    const dataBearing = isDataBearing(type);
    const before = rc.change?.before;
    let { losses, mitigations } = facts ? lossesFor(facts, before) : { losses: [] as string[], mitigations: [] as string[] };
    if (kind === 'forget' || kind === 'forget-replace') {
      // Nothing is deleted: the object lives on, outside Terraform's care (and outside twokey's plan gate).
      losses = facts ? [`Terraform stops managing ${explainDataClass(facts.dataClass)}; later changes to it are no longer planned or checked`] : [];
      mitigations = ['the real object is kept; only Terraform stops managing it'];
    }
    const protectedGlob = protectedBy(address);
    const cf: ChangeFacts = {
      address, type, module: moduleOf(address), actions, kind, reason: rc.action_reason, destructive: true,
      dataBearing, dataClass: facts?.dataClass, losses, mitigations, project: projectOf(before),
      dependents: dependentsOf(graph, address), protectedBy: protectedGlob, deposed: rc.deposed,
    };
    changes.push(cf);
    const verb = kind === 'replace'
      ? (actions[0] === 'create' ? 'replaced (a new one is created, then the old one and its data deleted)' : 'replaced (deleted, then created empty)')
      : kind === 'forget' ? 'forgotten (removed from state)'
        : kind === 'forget-replace' ? 'forgotten and created anew' : kind === 'unknown' ? `changed with actions twokey does not know (${actions.join('+') || 'none'})` : 'deleted';
    const lossText = losses.length ? losses.join('; ') : undefined;
    const why = reasonWords(rc.action_reason, rc.change?.replace_paths);
    const what = `${address}${rc.deposed ? ` (deposed object ${rc.deposed})` : ''} is ${verb}${why ? ` (${why})` : ''}`;
    if (kind === 'unknown' || reasonUnknown) {
      findings.push({ rule: 'plan.unknown-action', severity: dataBearing || protectedGlob ? 'deny' : 'ask', address, type,
        message: `${what}: ${reasonUnknown ? 'a reason' : 'an action'} twokey does not know, treated as destructive`, loses: lossText });
    }
    if (protectedGlob) {
      findings.push({ rule: 'plan.protected', severity: 'deny', address, type, message: `${what}, and it is protected (${protectedGlob})`, loses: lossText,
        safer: 'keep the resource: add lifecycle { prevent_destroy = true }, or move it out of this plan with a moved/removed block' });
    }
    if (formerlyProtected.has(baseAddress(address)) || formerlyProtected.has(address)) {
      cf.protectedBy ??= 'prevent_destroy (when twokey last saw its configuration)';
      findings.push({ rule: 'plan.prevent-destroy-dropped', severity: 'deny', address, type,
        message: `${what}, although its configuration had lifecycle { prevent_destroy = true } when twokey last saw it: the protection went away with the block`,
        safer: 'restore the resource block (with prevent_destroy) or use a removed block with lifecycle { destroy = false }' });
    }
    if (kind === 'unknown' || reasonUnknown) continue;
    if (dataBearing || (facts && defaultDeleteLevel(type) === 'deny')) {
      const level = defaultDeleteLevel(type);
      findings.push({
        rule: kind === 'forget' || kind === 'forget-replace' ? 'plan.forget-data' : 'plan.delete-data', severity: level, address, type,
        message: `${what}: ${losses[0] ?? 'data'}${losses.length > 1 ? `; ${losses.slice(1).join('; ')}` : ''}`,
        loses: lossText,
        safer: kind === 'replace' ? 'find the attribute that forces replacement (replace_paths) and change it in place, or migrate the data first'
          : 'keep it (lifecycle { prevent_destroy = true }), take a final snapshot you have restored once, and delete in a separate approved change',
      });
    } else {
      findings.push({
        rule: kind === 'forget' || kind === 'forget-replace' ? 'plan.forget' : kind === 'replace' ? 'plan.replace' : 'plan.delete', severity: 'ask', address, type,
        message: what + (facts ? `: ${explainDataClass(facts.dataClass)}` : ''),
        loses: lossText,
      });
    }
    if (opts.restoreProof && facts?.dataClass === 'database' && kind !== 'forget') {
      const proof = opts.restoreProof(address, type, before);
      const max = opts.restoreMaxAgeDays ?? 7;
      if (!proof || proof.ageDays > max) {
        findings.push({ rule: 'plan.no-verified-restore', severity: 'ask', address, type,
          message: proof ? `${address}: the last verified restore is ${Math.floor(proof.ageDays)} days old (more than ${max})` : `${address}: no verified restore of this database on record (twokey drill)`,
          safer: 'run a restore drill first (twokey drill) so the backup is known to restore' });
      }
    }
  }

  // Protection removed on resources that are replaced: compare before/after too.
  for (const rc of rcs) {
    if (classifyActions(rc.change?.actions ?? []) !== 'replace') continue;
    const removed = protectionRemovals(rc, lookupResource(rc.type));
    if (removed.length) {
      findings.push({ rule: 'plan.protection-removed', severity: 'deny', address: rc.address, type: rc.type,
        message: `${rc.address}: protection removed while it is replaced (${removed.join('; ')})` });
    }
  }

  // Backups inside the blast radius.
  const destroyed = changes.filter((c) => c.destructive && c.kind !== 'forget' && c.kind !== 'forget-replace');
  const isBackup = (c: ChangeFacts) => c.dataClass === 'backup_snapshot' || (!c.dataClass && BACKUP_NAME.test(c.address.slice(c.address.lastIndexOf('.') + 1)));
  const sources: ChangeFacts[] = [];
  const backups: ChangeFacts[] = [];
  for (const c of destroyed) {
    if (isBackup(c)) backups.push(c);
    else if (c.dataBearing || c.protectedBy) sources.push(c);
  }
  if (sources.length && backups.length) {
    // Identifiers of the sources (id, identifier, arn, name in their prior values), to find backups that name them.
    const rcByAddress = new Map(rcs.map((r) => [r.address, r]));
    const sourceIds: { id: string; source: ChangeFacts }[] = [];
    for (const src of sources.slice(0, 1000)) {
      const b = rcByAddress.get(src.address)?.change?.before as Record<string, unknown> | null | undefined;
      if (b && typeof b === 'object') for (const k of ['id', 'identifier', 'arn', 'name']) if (typeof b[k] === 'string' && (b[k] as string).length > 3) sourceIds.push({ id: b[k] as string, source: src });
    }
    for (const b of backups.slice(0, 1000)) {
      const base = baseAddress(b.address);
      const keyless = base.replace(/\[[^\]]*\]/g, '');
      const linked = sources.filter((s) => s.dependents.some((d) => d === base || d === keyless || moduleKeyless(b.address).startsWith(d)));
      const text = JSON.stringify(rcByAddress.get(b.address)?.change?.before ?? '');
      for (const { id, source } of sourceIds) if (source.address !== b.address && text.includes(JSON.stringify(id)) && !linked.includes(source)) linked.push(source);
      const src = linked.length ? linked : sources;
      findings.push({
        rule: 'plan.backups-in-blast-radius', severity: 'deny', address: b.address, type: b.type,
        message: `backups inside the blast radius: ${b.address} is deleted in the same plan as ${linked.length ? 'its source' : 'the data it may back up'}, ${src.slice(0, 3).map((s) => s.address).join(', ')}${src.length > 3 ? ` and ${src.length - 3} more` : ''}: afterwards no copy is left`,
        loses: 'the data and every copy of it',
        safer: 'never delete a backup in the same change as its source; keep the snapshots until a restore from them has been verified',
      });
    }
  }

  // Destroy mode: everything in state goes, nothing is created or kept.
  const destructiveCount = changes.filter((c) => c.destructive).length;
  const creates = counts.create;
  const plannedLeft = destructiveCount === 0 ? 0 : flattenStateModule(plan.planned_values?.root_module).filter((r) => r.mode !== 'data').length;
  const onlyDeletes = destructiveCount > 0 && rcs.every((rc) => rc.mode === 'data' || ['delete', 'forget', 'noop', 'read'].includes(classifyActions(rc.change?.actions ?? [])));
  const destroyMode = counts.delete > 0 && destructiveCount > 0 && onlyDeletes && creates === 0 && counts.update === 0 && plannedLeft === 0
    && (managedState.length === 0 || everyStateResourceGoes(managedState, rcs));
  if (destroyMode) {
    findings.push({ rule: 'plan.destroy-all', severity: 'ask', address: '', type: '',
      message: `destroy-mode plan: every resource in this state is deleted (${plural(destructiveCount, 'resource')})`,
      safer: 'destroy only what you mean to (terraform plan -destroy -target=...), and only with the state you expect (check lineage and serial)' });
  }

  // Blast radius in words: projects and modules.
  const affected = changes.filter((c) => c.destructive);
  const projectSet = new Set<string>();
  const moduleSet = new Set<string>();
  const baseToProject = new Map<string, string>();
  if (affected.length) {
    for (const r of stateResources) { const p = projectOf(r.values); if (p) baseToProject.set(baseAddress(r.address), p); }
    // Without a prior state (older formats), the changes' before values stand in for it.
    if (stateResources.length === 0) for (const rc of rcs) if (rc.change?.before) { const p = projectOf(rc.change.before); if (p) baseToProject.set(baseAddress(rc.address), p); }
    for (const c of affected) if (c.project) baseToProject.set(baseAddress(c.address), c.project);
  }
  // Projects per module (keyless), and per enclosing module, for module-level dependents.
  const projectsByModule = new Map<string, Set<string>>();
  for (const [base, proj] of baseToProject) {
    const parts = moduleKeyless(base).split('.');
    for (let i = 2; i <= parts.length; i += 2) {
      const m = parts.slice(0, i).join('.');
      let set = projectsByModule.get(m);
      if (!set) projectsByModule.set(m, (set = new Set()));
      set.add(proj);
    }
  }
  let dependentTotal = 0;
  const dependentSet = new Set<string>();
  for (const c of affected) {
    if (c.project) projectSet.add(c.project);
    moduleSet.add(c.module.includes('[') ? c.module.replace(/\[[^\]]*\]/g, '') : c.module);
    for (const d of c.dependents) {
      dependentSet.add(d);
      const p = baseToProject.get(d);
      if (p) projectSet.add(p);
      if (d.startsWith('module.')) for (const proj of projectsByModule.get(d) ?? []) projectSet.add(proj);
    }
  }
  dependentTotal = dependentSet.size;
  const projects = [...projectSet].sort();
  const modules = [...moduleSet].sort();
  let blastRadius = affected.length === 0 ? 'nothing is deleted, replaced or forgotten'
    : `${plural(affected.length, 'resource')} deleted, replaced or forgotten`;
  if (affected.length) {
    if (dependentTotal) blastRadius += `; ${plural(dependentTotal, 'more thing')} depend${dependentTotal === 1 ? 's' : ''} on them`;
    if (projects.length === 1) blastRadius += `; this plan touches one project (${projects[0]})`;
    if (projects.length > 1) blastRadius += `; this plan touches ${numberWord(projects.length)} projects (${projects.join(', ')})`;
    const modNames = modules.map((m) => m || 'root module');
    blastRadius += `; in ${plural(modules.length, 'module')} (${modNames.slice(0, 6).join(', ')}${modNames.length > 6 ? ', …' : ''})`;
  }
  if (projects.length > 1 && affected.length) {
    findings.push({ rule: 'plan.multiple-projects', severity: 'info', address: '', type: '', message: `this plan touches ${numberWord(projects.length)} projects: ${projects.join(', ')}` });
  }

  for (const f of opts.extraFindings ?? []) findings.push(f);

  let decision: Decision = 'allow';
  for (const f of findings) if (f.severity !== 'info') decision = strictest(decision, f.severity);
  findings.sort((a, b) => rank(b.severity) - rank(a.severity));
  return {
    decision, counts, findings, changes, destroyMode, formatVersion: fv,
    terraformVersion: typeof plan.terraform_version === 'string' ? plan.terraform_version : undefined,
    projects, modules, blastRadius, priorStateResources: managedState.length, notes,
  };
}

function everyStateResourceGoes(state: readonly StateResource[], rcs: readonly ResourceChange[]): boolean {
  const going = new Set<string>();
  for (const rc of rcs) if (rc.change?.actions?.includes('delete') || rc.change?.actions?.includes('forget')) going.add(rc.address);
  return state.every((r) => going.has(r.address));
}

function rank(s: Severity): number {
  return s === 'deny' ? 2 : s === 'ask' ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Slimming (streamed plans): keep only what the analysis reads, so memory stays bounded.

const KEEP_KEY = /^(tags|tags_all|labels|id|identifier|arn|name)$|(_id|_identifier|_arn|_name)$/;

/** The attribute values the analysis reads for a resource type: catalogued attributes, guards, tags, identifiers. */
export function slimValues(type: string, values: unknown): unknown {
  if (!values || typeof values !== 'object' || Array.isArray(values)) return values;
  const v = values as Record<string, unknown>;
  const keep = new Set<string>(GENERIC_GUARDS.map((g) => g.name));
  for (const a of lookupResource(type)?.attributes ?? []) keep.add(a.name.split('.')[0]);
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    if (keep.has(k) || (KEEP_KEY.test(k) && (val === null || typeof val !== 'object' || k === 'tags' || k === 'tags_all' || k === 'labels'))) out[k] = val;
    else if (k === 'input' && val && typeof val === 'object' && !Array.isArray(val) && 'tags' in (val as object)) out[k] = { tags: (val as Record<string, unknown>).tags };
  }
  return out;
}

export function slimChange(rc: ResourceChange): ResourceChange {
  if (!rc || typeof rc !== 'object' || !rc.change || typeof rc.change !== 'object') return rc;
  const { change, ...rest } = rc;
  return {
    ...rest,
    change: {
      actions: change.actions,
      before: slimValues(rc.type, change.before),
      after: slimValues(rc.type, change.after),
      ...(change.after_unknown && typeof change.after_unknown === 'object' ? { after_unknown: slimValues(rc.type, change.after_unknown) } : {}),
      ...(change.replace_paths !== undefined ? { replace_paths: change.replace_paths } : {}),
    },
  };
}

export function slimStateResource(r: StateResource): StateResource {
  if (!r || typeof r !== 'object') return r;
  return { address: r.address, mode: r.mode, type: r.type, name: r.name, index: r.index, depends_on: r.depends_on, values: slimValues(r.type ?? '', r.values) as Record<string, unknown> | undefined };
}
