/**
 * Posture rules: what in a Terraform configuration made the incident possible. Pure functions of the
 * parsed configuration (and of what git said about state files): no I/O here.
 */
import type { AttributeFact } from '../catalog/types.js';
import { attributesByRole, isDataBearing, isUnsafeValue, lookupResource } from '../catalog/resources.js';
import type { HclBlock, HclBody } from './hcl.js';
import { findAttribute, findBlocks } from './hcl.js';
import type { ConfigFile, Configuration, ModuleInstance, Resolved, ResourceRef } from './model.js';
import { lookupAttribute, resolveExpr, scalar } from './model.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

export interface GitFacts {
  /** Would `terraform.tfstate` in the audited directory be ignored by git? */
  stateIgnored: boolean;
  backupIgnored: boolean;
  /** State files present on disk that git neither tracks nor ignores. */
  untrackedStateFiles: string[];
  /** State files committed to git (relative to the audited directory's repo). */
  trackedStateFiles: string[];
  /** The audited directory relative to the work tree's top ('' at the top), for SARIF paths. */
  prefix: string;
}

/** Where an attribute edit goes: a block (resource, backend, nested block) in a file of a module. */
export interface EditTarget {
  file: ConfigFile;
  block: HclBlock;
  module: ModuleInstance;
  /** Resource address or block description, for messages. */
  label: string;
}

export type Repair =
  /** Set `path` (dotted, through nested blocks) in `target` to the HCL text `value`. */
  | { kind: 'set-attr'; target: EditTarget; path: string; value: string; also?: { path: string; value: string; onlyIfAbsent: true }[] }
  /** Add `lifecycle { prevent_destroy = true }` (merged into an existing lifecycle block). */
  | { kind: 'prevent-destroy'; target: EditTarget }
  /** Add an aws_s3_bucket_versioning resource for a bucket. */
  | { kind: 'add-versioning'; bucket: ResourceRef }
  /** Add state-file patterns to the audited directory's .gitignore. */
  | { kind: 'gitignore'; patterns: string[] };

export interface PostureFinding {
  rule: string;
  level: 'ask' | 'deny';
  severity: Severity;
  /** File relative to the audited directory, and 1-based line. */
  file: string;
  line: number;
  /** Resource address (or module/backend) the finding is about. */
  address?: string;
  /** The catalogued attribute the finding is about (dotted path through nested blocks), when there is one. */
  attribute?: string;
  message: string;
  why: string;
  fix: string;
  /** 'auto': `twokey harden` writes the fix; 'manual': a human must make it. */
  fixable: 'auto' | 'manual';
  repair?: Repair;
}

/** The rules, with their one-line summaries (for docs and SARIF). */
export const POSTURE_RULES: Record<string, { level: 'ask' | 'deny'; severity: Severity; summary: string; why: string }> = {
  'posture.unprotected-database': {
    level: 'deny', severity: 'critical',
    summary: 'A database with no deletion protection, no prevent_destroy, and backups that die with it',
    why: 'One `terraform destroy` or one DeleteDBInstance call removes the database and the backups you would restore it from: this is how the February 2026 incident lost its data.',
  },
  'posture.no-deletion-protection': {
    level: 'ask', severity: 'high',
    summary: 'Data-bearing resource without API-level deletion protection',
    why: 'Without API-level protection the cloud deletes the resource on the first request, from Terraform, the console or an agent with credentials.',
  },
  'posture.no-prevent-destroy': {
    level: 'ask', severity: 'medium',
    summary: 'Data-bearing resource without lifecycle { prevent_destroy = true }',
    why: 'prevent_destroy makes Terraform refuse any plan that would destroy the resource, including `terraform destroy` and replacements.',
  },
  'posture.no-final-snapshot': {
    level: 'ask', severity: 'high',
    summary: 'No final snapshot or backup is taken when the resource is deleted',
    why: 'With the final snapshot skipped, deleting the resource leaves nothing to restore from once automated backups are gone.',
  },
  'posture.backups-die-with-resource': {
    level: 'ask', severity: 'high',
    summary: 'Automated backups are deleted together with the resource',
    why: 'When backups are deleted with their source, one destroy removes both the data and every way back to it.',
  },
  'posture.no-backup-retention': {
    level: 'ask', severity: 'high',
    summary: 'Backup retention is 0 or not set, or point-in-time recovery / versioning is off',
    why: 'With no retention there are no automated backups (or only the provider default of one day) to restore from; without point-in-time recovery or versioning an overwrite or delete cannot be undone.',
  },
  'posture.force-destroy': {
    level: 'ask', severity: 'high',
    summary: 'A protection bypass (force_destroy and similar) is on',
    why: 'force_destroy lets Terraform delete a non-empty bucket, zone or vault together with everything in it instead of failing safely.',
  },
  'posture.bucket-versioning-off': {
    level: 'ask', severity: 'high',
    summary: 'S3 bucket versioning is missing, suspended or disabled',
    why: 'Without versioning an overwrite or delete of an object (such as a state file) cannot be undone.',
  },
  'posture.short-deletion-window': {
    level: 'ask', severity: 'medium',
    summary: 'Key or secret deletion window shorter than the safe value',
    why: 'A scheduled key deletion can be cancelled only inside its window; once the key is gone every backup and volume encrypted under it is unreadable. A 7-day window can pass over a holiday unnoticed.',
  },
  'posture.backups-in-blast-radius': {
    level: 'ask', severity: 'high',
    summary: 'Snapshots or backups managed in the same configuration as their source',
    why: 'A backup in the same state as its source is destroyed by the same `terraform destroy`: it is inside the blast radius it should survive.',
  },
  'posture.local-state': {
    level: 'ask', severity: 'high',
    summary: 'No backend or a local backend: the state lives on one machine',
    why: 'A local state can be lost, overwritten by an old copy, or missing on another machine, and a plan made without it recreates (or destroys) everything.',
  },
  'posture.s3-backend-no-lock': {
    level: 'ask', severity: 'medium',
    summary: 'S3 backend without state locking',
    why: 'Without a lock two runs (a human and an agent) can write the same state at once and one overwrites the other.',
  },
  'posture.state-bucket-unversioned': {
    level: 'ask', severity: 'high',
    summary: 'The S3 bucket that holds the state has no versioning',
    why: 'Without versioning an overwritten or deleted state file cannot be recovered, and a state overwritten by an old copy is how the incident started.',
  },
  'posture.tfstate-not-ignored': {
    level: 'ask', severity: 'high',
    summary: '*.tfstate is not ignored by git',
    why: 'State files hold secrets and resource IDs; committed, they leak, and a stale copy checked out later silently replaces the real state.',
  },
  'posture.tfstate-committed': {
    level: 'ask', severity: 'high',
    summary: 'A state file is committed to git',
    why: 'A committed state leaks secrets, and checking out an old commit puts an old state in place of the current one.',
  },
  'posture.several-projects-one-state': {
    level: 'ask', severity: 'high',
    summary: 'Resources of several projects in one state',
    why: 'One state for several projects means a destroy aimed at one of them takes the others with it: in the incident two sites shared one state.',
  },
};

function finding(rule: string, at: { file: string; line: number }, fields: Omit<PostureFinding, 'rule' | 'level' | 'severity' | 'file' | 'line' | 'why'> & { level?: 'ask' | 'deny'; severity?: Severity }): PostureFinding {
  const meta = POSTURE_RULES[rule];
  return { rule, level: fields.level ?? meta.level, severity: fields.severity ?? meta.severity, file: at.file, line: at.line, why: meta.why, ...fields };
}

// ---------------------------------------------------------------------------
// Reading catalogued attributes
// ---------------------------------------------------------------------------

interface FactReading {
  fact: AttributeFact;
  /** 'written': set in the configuration and resolved; 'default': absent, catalog default; 'unset': absent, no default; 'unknown': set but not resolvable here. */
  source: 'written' | 'default' | 'unset' | 'unknown';
  value: unknown;
  line: number;
  /** How the value was found, for the message. */
  how: string;
}

function describeResolution(attrText: string, r: Resolved | undefined): string {
  if (!r) return attrText;
  const chain = r.via.length ? ` via ${r.via.join(' -> ')}` : '';
  return r.known ? `${attrText}${chain}` : `${attrText} (${r.why})`;
}

/**
 * null when a parent block on the attribute's path is absent (the attribute does not apply), unless
 * `absentParentIsDefault` (e.g. no `point_in_time_recovery {}` block means recovery is off).
 */
function readFact(res: ResourceRef, fact: AttributeFact, absentParentIsDefault = false): FactReading | null {
  const lookup = lookupAttribute(res, fact.name);
  if (lookup.dynamic) return null;
  if (!lookup.holder && !absentParentIsDefault) return null;
  if (!lookup.attr) {
    const source = fact.default === undefined ? 'unset' : 'default';
    const how = source === 'unset' ? `${fact.name} is not set` : `${fact.name} is not set (default ${JSON.stringify(fact.default)})`;
    return { fact, source, value: fact.default, line: res.block.span.line, how };
  }
  const r = lookup.resolved;
  const attrText = `${fact.name} = ${lookup.attr.expr.text.replace(/\s+/g, ' ')}`;
  if (!r?.known || (scalar(r.value) === undefined && r.value !== undefined)) {
    return { fact, source: 'unknown', value: undefined, line: lookup.attr.span.line, how: describeResolution(attrText, r) };
  }
  if (r.value === null || r.value === undefined) {
    const source = fact.default === undefined ? 'unset' : 'default';
    return { fact, source, value: fact.default, line: lookup.attr.span.line, how: `${describeResolution(attrText, r)}: null, so ${source === 'unset' ? 'unset' : `the default ${JSON.stringify(fact.default)}`}` };
  }
  const shown = JSON.stringify(r.value);
  const how = r.via.length ? `${describeResolution(attrText, r)} = ${shown}` : attrText;
  return { fact, source: 'written', value: r.value, line: lookup.attr.span.line, how };
}

function thresholdOf(spec: unknown): number | undefined {
  if (typeof spec !== 'string') return undefined;
  const m = /^>=\s*(-?\d+(?:\.\d+)?)$/.exec(spec.trim());
  return m ? Number(m[1]) : undefined;
}

/** Does the value break the catalog's guard? Unset with no default counts as unprotected. */
function violates(reading: FactReading): boolean {
  if (reading.source === 'unknown') return false;
  const { fact, value } = reading;
  if (value === undefined) return fact.safe !== undefined;
  const r = isUnsafeValue(fact, value);
  if (r !== undefined) return r;
  if (fact.safe !== undefined && thresholdOf(fact.safe) === undefined) return String(value).toLowerCase() !== String(fact.safe).toLowerCase();
  return false;
}

function hclLiteral(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

function targetOf(res: ResourceRef): EditTarget {
  return { file: res.file, block: res.block, module: res.module, label: res.address };
}

function at(res: ResourceRef, line = res.block.span.line) {
  return { file: res.file.rel, line };
}

// ---------------------------------------------------------------------------
// Per-resource rules
// ---------------------------------------------------------------------------

interface ResourceState {
  res: ResourceRef;
  apiProtected: boolean;
  hasApiFact: boolean;
  preventDestroy: boolean;
  backupsDie: string[];
}

function preventDestroyOf(res: ResourceRef): { on: boolean; line: number } {
  const lc = findBlocks(res.block.body, 'lifecycle')[0];
  const attr = lc ? findAttribute(lc.body, 'prevent_destroy') : undefined;
  if (!attr) return { on: false, line: (lc ?? res.block).span.line };
  return { on: attr.expr.kind === 'literal' && attr.expr.value === true, line: attr.span.line };
}

function byRole(attributes: readonly AttributeFact[], role: AttributeFact['role']): AttributeFact[] {
  return attributes.filter((a) => a.role === role);
}

function protectionFacts(attributes: readonly AttributeFact[]): AttributeFact[] {
  return [...byRole(attributes, 'api_delete_block'), ...byRole(attributes, 'iac_delete_block')]
    .filter((f) => f.safe !== undefined && !/stop/.test(f.name));
}

/**
 * Public registry modules whose variables pass straight to one catalogued resource, with the defaults
 * their variables.tf declares (terraform-aws-modules/rds: deletion_protection = false,
 * delete_automated_backups = true, skip_final_snapshot = false). A call that leaves them out gets them.
 */
export const KNOWN_MODULES: Record<string, { type: string; defaults: Record<string, unknown> }> = {
  'terraform-aws-modules/rds/aws': { type: 'aws_db_instance', defaults: { deletion_protection: false, delete_automated_backups: true, skip_final_snapshot: false } },
};

export function knownModuleKey(source: string): string | undefined {
  const base = source.replace(/^registry\.terraform\.io\//, '').split('//')[0].split('?')[0];
  return Object.prototype.hasOwnProperty.call(KNOWN_MODULES, base) ? base : undefined;
}

/** Registry-module calls seen as the resource they create, judged on their arguments and the module's defaults. */
function knownModuleResources(config: Configuration): { res: ResourceRef; facts: AttributeFact[] }[] {
  const out: { res: ResourceRef; facts: AttributeFact[] }[] = [];
  for (const u of config.unfollowed) {
    const key = knownModuleKey(u.source);
    if (!key || !u.call) continue;
    const known = KNOWN_MODULES[key];
    const catalog = lookupResource(known.type);
    if (!catalog) continue;
    const facts = catalog.attributes.filter((f) => f.name in known.defaults).map((f) => ({ ...f, default: known.defaults[f.name] }));
    out.push({
      res: { address: u.module, type: known.type, name: u.call.name, block: u.call.block, file: u.call.file, module: u.call.scope },
      facts,
    });
  }
  return out;
}

function auditResource(res: ResourceRef, out: PostureFinding[], moduleFacts?: AttributeFact[]): ResourceState {
  const catalogFacts = lookupResource(res.type);
  const facts = catalogFacts && moduleFacts ? { ...catalogFacts, attributes: moduleFacts } : catalogFacts;
  const state: ResourceState = { res, apiProtected: true, hasApiFact: false, preventDestroy: true, backupsDie: [] };
  if (!facts) return state;
  const dataBearing = isDataBearing(res.type);
  const target = targetOf(res);

  if (dataBearing) {
    for (const fact of protectionFacts(facts.attributes)) {
      const r = readFact(res, fact);
      if (!r) continue;
      if (!fact.name.includes('.')) state.hasApiFact = true;
      if (!violates(r)) continue;
      if (!fact.name.includes('.')) state.apiProtected = false;
      out.push(finding('posture.no-deletion-protection', at(res, r.line), {
        address: res.address,
        attribute: fact.name,
        message: `${res.address}: ${r.how}; the ${facts.dataClass.replace(/_/g, ' ')} can be deleted by a single API call.`,
        fix: `Set ${fact.name} = ${hclLiteral(fact.safe)}.`,
        fixable: 'auto',
        repair: { kind: 'set-attr', target, path: fact.name, value: hclLiteral(fact.safe) },
      }));
    }
    if (!state.hasApiFact) state.apiProtected = false;

    if (facts.severity === 'catastrophic' && !moduleFacts) {
      const pd = preventDestroyOf(res);
      state.preventDestroy = pd.on;
      if (!pd.on) {
        out.push(finding('posture.no-prevent-destroy', at(res, pd.line), {
          address: res.address,
          message: `${res.address} (${facts.dataClass.replace(/_/g, ' ')}) has no lifecycle { prevent_destroy = true }.`,
          fix: 'Add lifecycle { prevent_destroy = true } (remove it deliberately, in a reviewed change, when the resource must go).',
          fixable: 'auto',
          repair: { kind: 'prevent-destroy', target },
        }));
      }
    }

    for (const fact of byRole(facts.attributes, 'backups_die_with_resource')) {
      const r = readFact(res, fact);
      if (!r || !violates(r)) continue;
      state.backupsDie.push(`${fact.name} ${r.source === 'written' ? `= ${JSON.stringify(r.value)}` : `unset (default ${JSON.stringify(r.value)})`}`);
      out.push(finding('posture.backups-die-with-resource', at(res, r.line), {
        address: res.address,
        attribute: fact.name,
        message: `${res.address}: ${r.how}; deleting it deletes its automated backups too.`,
        fix: `Set ${fact.name} = ${hclLiteral(fact.safe)} so the automated backups outlive the resource for their retention period.`,
        fixable: 'auto',
        repair: { kind: 'set-attr', target, path: fact.name, value: hclLiteral(fact.safe) },
      }));
    }

    for (const fact of byRole(facts.attributes, 'retention')) {
      const min = thresholdOf(fact.safe);
      if (min === undefined && fact.safe !== true) continue;
      // A switch that turns backups on (point-in-time recovery, versioning): a missing block means off.
      const r = readFact(res, fact, fact.safe === true);
      if (!r || r.source === 'unknown') continue;
      let off: boolean;
      let goal: string;
      if (min !== undefined) {
        off = r.source === 'unset' || r.value === 0 || (r.source === 'default' && typeof r.value === 'number' && r.value < min);
        goal = String(Math.max(min, 7));
      } else {
        off = r.value !== true;
        goal = 'true';
      }
      if (!off) continue;
      state.backupsDie.push(`${fact.name} ${r.source === 'written' ? `= ${JSON.stringify(r.value)}` : 'unset'}`);
      out.push(finding('posture.no-backup-retention', at(res, r.line), {
        address: res.address,
        attribute: fact.name,
        message: `${res.address}: ${r.how}; ${min !== undefined ? `keep at least ${min}` : 'backups of this kind are off'}.`,
        fix: `Set ${fact.name} = ${goal}.`,
        fixable: 'auto',
        repair: { kind: 'set-attr', target, path: fact.name, value: goal },
      }));
    }
  }

  for (const fact of byRole(facts.attributes, 'backup_on_delete')) {
    if (fact.unsafe === undefined) continue;
    const r = readFact(res, fact);
    if (!r || !violates(r)) continue;
    if (dataBearing) state.backupsDie.push(`${fact.name} = ${JSON.stringify(r.value)}`);
    const identifier = moduleFacts ? null : finalSnapshotIdentifier(res, fact);
    out.push(finding('posture.no-final-snapshot', at(res, r.line), {
      address: res.address,
      attribute: fact.name,
      message: `${res.address}: ${r.how}; nothing is kept when it is deleted.`,
      fix: `Set ${fact.name} = ${hclLiteral(fact.safe)}${identifier ? ` and give ${identifier.path}` : ''}.`,
      fixable: 'auto',
      repair: { kind: 'set-attr', target, path: fact.name, value: hclLiteral(fact.safe), also: identifier ? [{ ...identifier, onlyIfAbsent: true }] : undefined },
    }));
  }

  for (const fact of byRole(facts.attributes, 'protection_bypass')) {
    if (fact.unsafe === undefined) continue;
    const r = readFact(res, fact);
    if (!r || r.source !== 'written' || !violates(r)) continue;
    out.push(finding('posture.force-destroy', at(res, r.line), {
      address: res.address,
      attribute: fact.name,
      message: `${res.address}: ${r.how}; a destroy removes everything inside it instead of failing.`,
      fix: `Set ${fact.name} = ${hclLiteral(fact.safe ?? false)} (empty it deliberately when it must go).`,
      fixable: 'auto',
      repair: { kind: 'set-attr', target, path: fact.name, value: hclLiteral(fact.safe ?? false) },
    }));
  }

  for (const fact of byRole(facts.attributes, 'deletion_delay')) {
    if (typeof fact.safe !== 'number') continue;
    const r = readFact(res, fact);
    if (!r || r.source !== 'written' || typeof r.value !== 'number' || r.value >= fact.safe) continue;
    out.push(finding('posture.short-deletion-window', at(res, r.line), {
      address: res.address,
      attribute: fact.name,
      message: `${res.address}: ${r.how}; after a deletion is scheduled there are only ${r.value} days to notice and cancel it (safe: ${fact.safe}).`,
      fix: `Set ${fact.name} = ${fact.safe}.`,
      fixable: 'auto',
      repair: { kind: 'set-attr', target, path: fact.name, value: String(fact.safe) },
    }));
  }
  return state;
}

/** For AWS `skip_final_snapshot = false` a `final_snapshot_identifier` is required: derive one from the resource's identifier. */
function finalSnapshotIdentifier(res: ResourceRef, fact: AttributeFact): { path: string; value: string } | null {
  if (fact.name !== 'skip_final_snapshot') return null;
  const idFact = attributesByRole(res.type, 'backup_on_delete').find((f) => f.name !== fact.name && f.unsafe === undefined && f.safe === undefined);
  if (!idFact) return null;
  const idAttr = findAttribute(res.block.body, 'identifier') ?? findAttribute(res.block.body, 'cluster_identifier');
  if (idAttr?.expr.kind === 'literal' && typeof idAttr.expr.value === 'string') return { path: idFact.name, value: JSON.stringify(`${idAttr.expr.value}-final`) };
  if (idAttr && idAttr.expr.kind !== 'other' && idAttr.expr.kind !== 'object' && idAttr.expr.kind !== 'tuple') {
    const inner = idAttr.expr.kind === 'template' ? idAttr.expr.text.slice(1, -1) : `\${${idAttr.expr.text}}`;
    if (!idAttr.expr.text.startsWith('<<')) return { path: idFact.name, value: `"${inner}-final"` };
  }
  return { path: idFact.name, value: JSON.stringify(`${res.name.replace(/_/g, '-')}-final`) };
}

// ---------------------------------------------------------------------------
// Rules across resources
// ---------------------------------------------------------------------------

function sameModuleTarget(ref: string[], inst: ModuleInstance, byKey: Map<string, ResourceRef>): ResourceRef | undefined {
  if (ref.length < 2) return undefined;
  return byKey.get(`${inst.key}|${ref[0]}.${ref[1]}`);
}

function refsOfBody(body: HclBody): string[][] {
  return [...body.attributes.flatMap((a) => a.expr.refs), ...body.blocks.flatMap((b) => refsOfBody(b.body))];
}

interface BucketVersioning {
  bucket: ResourceRef;
  status: 'enabled' | 'off' | 'missing' | 'unknown';
  /** The versioning resource and the reading of its status, when one exists. */
  versioning?: ResourceRef;
  line: number;
  how: string;
}

function bucketName(res: ResourceRef): string | undefined {
  const a = findAttribute(res.block.body, 'bucket');
  if (!a) return undefined;
  const r = resolveExpr(a.expr, res.file, res.module);
  return r.known && typeof r.value === 'string' ? r.value : undefined;
}

function versioningOfBuckets(config: Configuration): BucketVersioning[] {
  const buckets = config.resources.filter((r) => r.type === 'aws_s3_bucket');
  const versionings = config.resources.filter((r) => r.type === 'aws_s3_bucket_versioning');
  return buckets.map((bucket) => {
    const name = bucketName(bucket);
    const legacy = findBlocks(bucket.block.body, 'versioning')[0];
    const match = versionings.find((v) => {
      const a = findAttribute(v.block.body, 'bucket');
      if (!a) return false;
      if (a.expr.refs.some((ref) => ref[0] === 'aws_s3_bucket' && ref[1] === bucket.name) && v.module === bucket.module) return true;
      const r = resolveExpr(a.expr, v.file, v.module);
      return name !== undefined && r.known && r.value === name;
    });
    if (match) {
      const status = lookupAttribute(match, 'versioning_configuration.status');
      if (!status.attr) return { bucket, status: 'missing', versioning: match, line: match.block.span.line, how: `${match.address} sets no versioning_configuration.status` };
      const r = status.resolved;
      const text = `${match.address}: status = ${status.attr.expr.text}`;
      if (!r?.known || typeof r.value !== 'string') return { bucket, status: 'unknown', versioning: match, line: status.attr.span.line, how: text };
      return { bucket, status: r.value === 'Enabled' ? 'enabled' : 'off', versioning: match, line: status.attr.span.line, how: `${text}${r.via.length ? ` (${JSON.stringify(r.value)})` : ''}` };
    }
    if (legacy) {
      const en = findAttribute(legacy.body, 'enabled');
      const r = en ? resolveExpr(en.expr, bucket.file, bucket.module) : undefined;
      if (r?.known && r.value === true) return { bucket, status: 'enabled', line: legacy.span.line, how: 'versioning { enabled = true }' };
      if (r && !r.known) return { bucket, status: 'unknown', line: legacy.span.line, how: 'versioning block' };
      return { bucket, status: 'off', line: en?.span.line ?? legacy.span.line, how: `${bucket.address}: versioning { enabled = ${en?.expr.text ?? 'false'} }` };
    }
    return { bucket, status: 'missing', line: bucket.block.span.line, how: `${bucket.address} has no aws_s3_bucket_versioning resource` };
  });
}

function versioningRepair(v: BucketVersioning): Repair | undefined {
  if (v.versioning) return { kind: 'set-attr', target: targetOf(v.versioning), path: 'versioning_configuration.status', value: '"Enabled"' };
  if (findBlocks(v.bucket.block.body, 'versioning')[0]) return { kind: 'set-attr', target: targetOf(v.bucket), path: 'versioning.enabled', value: 'true' };
  return { kind: 'add-versioning', bucket: v.bucket };
}

function auditVersioning(versioning: BucketVersioning[], out: PostureFinding[]): void {
  for (const v of versioning) {
    if (v.status === 'enabled' || v.status === 'unknown') continue;
    const repair = versioningRepair(v);
    out.push(finding('posture.bucket-versioning-off', { file: (v.versioning ?? v.bucket).file.rel, line: v.line }, {
      address: v.bucket.address,
      message: `${v.how}: versioning is ${v.status === 'missing' ? 'not enabled' : 'off'}.`,
      fix: v.versioning || findBlocks(v.bucket.block.body, 'versioning')[0] ? 'Set the versioning status to "Enabled".' : `Add an aws_s3_bucket_versioning resource for ${v.bucket.address} with status = "Enabled".`,
      fixable: repair ? 'auto' : 'manual',
      repair,
    }));
  }
}

function auditBackupsInBlastRadius(config: Configuration, out: PostureFinding[]): void {
  const byKey = new Map(config.resources.map((r) => [`${r.module.key}|${r.type}.${r.name}`, r]));
  for (const res of config.resources) {
    if (lookupResource(res.type)?.dataClass !== 'backup_snapshot') continue;
    const sources = new Map<string, ResourceRef>();
    for (const ref of refsOfBody(res.block.body)) {
      const t = sameModuleTarget(ref, res.module, byKey);
      if (t && t !== res && isDataBearing(t.type) && lookupResource(t.type)?.dataClass !== 'backup_snapshot') sources.set(t.address, t);
    }
    if (sources.size === 0) continue;
    const names = [...sources.keys()].join(', ');
    out.push(finding('posture.backups-in-blast-radius', at(res), {
      address: res.address,
      message: `${res.address} backs up ${names} and lives in the same state: a destroy of this configuration deletes both.`,
      fix: 'Manage backups outside this state (AWS Backup in a separate account or configuration, or copies to another region/account); until then keep prevent_destroy on the backup.',
      fixable: 'manual',
    }));
  }
}

function rootTerraformBlocks(config: Configuration): { file: ConfigFile; block: HclBlock }[] {
  return config.root.files.flatMap((file) => findBlocks(file.hcl.body, 'terraform').map((block) => ({ file, block })));
}

function auditBackend(config: Configuration, versioning: BucketVersioning[], out: PostureFinding[]): void {
  const isRoot = config.root.resources.length > 0 || config.root.files.some((f) => findBlocks(f.hcl.body, 'module').length > 0);
  if (!isRoot) return;
  const tf = rootTerraformBlocks(config);
  const backends = tf.flatMap(({ file, block }) => findBlocks(block.body, 'backend').map((b) => ({ file, block: b })));
  const cloud = tf.some(({ block }) => findBlocks(block.body, 'cloud').length > 0);
  if (cloud) return;
  if (backends.length === 0) {
    const first = config.root.files[0];
    out.push(finding('posture.local-state', { file: tf[0]?.file.rel ?? first?.rel ?? '.', line: tf[0]?.block.span.line ?? 1 }, {
      message: 'No backend is configured: the state is a terraform.tfstate file on whichever machine runs Terraform.',
      fix: 'Add a remote backend (for AWS: backend "s3" with use_lockfile = true on a versioned bucket in another account or project), then `terraform init -migrate-state`. twokey does not write this: the bucket and key are yours to choose.',
      fixable: 'manual',
    }));
    return;
  }
  for (const { file, block } of backends) {
    const kind = block.labels[0] ?? '';
    const where = { file: file.rel, line: block.span.line };
    if (kind === 'local') {
      out.push(finding('posture.local-state', where, {
        message: 'backend "local": the state is a file on one machine.',
        fix: 'Move the state to a remote backend with locking and versioning, then `terraform init -migrate-state`.',
        fixable: 'manual',
      }));
    }
    if (kind !== 's3') continue;
    const lock = findAttribute(block.body, 'use_lockfile');
    const dynamo = findAttribute(block.body, 'dynamodb_table');
    const lockOn = lock?.expr.kind === 'literal' && lock.expr.value === true;
    if (!lockOn && !dynamo) {
      out.push(finding('posture.s3-backend-no-lock', { file: file.rel, line: lock?.span.line ?? block.span.line }, {
        message: `backend "s3" has ${lock ? `use_lockfile = ${lock.expr.text}` : 'no use_lockfile'} and no dynamodb_table: nothing stops two concurrent writes.`,
        fix: 'Set use_lockfile = true (Terraform 1.10+; S3-native locking), then `terraform init -reconfigure`.',
        fixable: 'auto',
        repair: { kind: 'set-attr', target: { file, block, module: config.root, label: 'backend "s3"' }, path: 'use_lockfile', value: 'true' },
      }));
    }
    const bucketAttr = findAttribute(block.body, 'bucket');
    const stateBucket = bucketAttr?.expr.kind === 'literal' && typeof bucketAttr.expr.value === 'string' ? bucketAttr.expr.value : undefined;
    if (!stateBucket) continue;
    for (const v of versioning) {
      if (bucketName(v.bucket) !== stateBucket || v.status === 'enabled' || v.status === 'unknown') continue;
      const repair = versioningRepair(v);
      out.push(finding('posture.state-bucket-unversioned', { file: file.rel, line: bucketAttr?.span.line ?? block.span.line }, {
        address: v.bucket.address,
        message: `The state bucket "${stateBucket}" is declared here as ${v.bucket.address} (${v.bucket.file.rel}:${v.bucket.block.span.line}) without versioning.`,
        fix: `Enable versioning on ${v.bucket.address}.`,
        fixable: repair ? 'auto' : 'manual',
        repair,
      }));
    }
  }
}

export const STATE_IGNORE_PATTERNS = ['*.tfstate', '*.tfstate.*'];

function auditGit(git: GitFacts | null, out: PostureFinding[]): void {
  if (!git) return;
  if (!git.stateIgnored || !git.backupIgnored || git.untrackedStateFiles.length) {
    const present = git.untrackedStateFiles.length ? ` Unignored state files here: ${git.untrackedStateFiles.join(', ')}.` : '';
    out.push(finding('posture.tfstate-not-ignored', { file: '.gitignore', line: 1 }, {
      message: `git would not ignore ${!git.stateIgnored ? 'terraform.tfstate' : 'terraform.tfstate.backup'} in this directory.${present}`,
      fix: `Add ${STATE_IGNORE_PATTERNS.join(' and ')} to .gitignore.`,
      fixable: 'auto',
      repair: { kind: 'gitignore', patterns: STATE_IGNORE_PATTERNS },
    }));
  }
  for (const f of git.trackedStateFiles) {
    out.push(finding('posture.tfstate-committed', { file: f, line: 1 }, {
      message: `${f} is committed to git.`,
      fix: `Run \`git rm --cached ${f}\`, move the state to a remote backend, and rotate any secret it held (it stays in history).`,
      fixable: 'manual',
    }));
  }
}

// ---------------------------------------------------------------------------
// Several projects in one state
// ---------------------------------------------------------------------------

const PROJECT_TAG_KEYS = ['Project', 'project', 'app', 'App', 'Application', 'application'];

function tagsOf(res: ResourceRef): Record<string, unknown> {
  const a = findAttribute(res.block.body, 'tags');
  if (!a) return {};
  const r = resolveExpr(a.expr, res.file, res.module);
  return r.known && r.value && typeof r.value === 'object' && !Array.isArray(r.value) ? (r.value as Record<string, unknown>) : {};
}

function defaultProjectTags(inst: ModuleInstance): string | undefined {
  for (const file of inst.files) {
    for (const p of findBlocks(file.hcl.body, 'provider')) {
      for (const dt of findBlocks(p.body, 'default_tags')) {
        const a = findAttribute(dt.body, 'tags');
        if (!a) continue;
        const r = resolveExpr(a.expr, file, inst);
        if (r.known && r.value && typeof r.value === 'object') {
          for (const k of PROJECT_TAG_KEYS) {
            const v = (r.value as Record<string, unknown>)[k];
            if (typeof v === 'string' && v) return v;
          }
        }
      }
    }
  }
  return undefined;
}

/** A module call at the root whose local source is called more than once: each call is one copy of a stack. */
function repeatedStackOf(res: ResourceRef): string | undefined {
  let inst: ModuleInstance | null = res.module;
  while (inst?.parent && inst.parent.parent) inst = inst.parent;
  if (!inst?.call || !inst.parent) return undefined;
  const source = inst.call.source;
  const siblings = inst.parent.files.flatMap((f) => findBlocks(f.hcl.body, 'module')).filter((b) => {
    const s = findAttribute(b.body, 'source');
    return s?.expr.kind === 'literal' && s.expr.value === source;
  });
  return siblings.length > 1 ? `module.${inst.call.name}` : undefined;
}

function auditProjects(config: Configuration, out: PostureFinding[]): void {
  const groups = new Map<string, { how: string; resources: ResourceRef[] }>();
  const add = (key: string, how: string, res: ResourceRef) => {
    const g = groups.get(key) ?? { how, resources: [] };
    g.resources.push(res);
    groups.set(key, g);
  };
  const rootDefault = defaultProjectTags(config.root);
  const byNameOnly = new Set<string>();
  for (const res of config.resources) {
    const tags = tagsOf(res);
    const tagKey = PROJECT_TAG_KEYS.find((k) => typeof tags[k] === 'string' && tags[k]);
    if (tagKey) { add(`${String(tags[tagKey])}`, `tag ${tagKey} = "${String(tags[tagKey])}"`, res); continue; }
    const stack = repeatedStackOf(res);
    if (stack) { add(stack, `${stack} (one of several calls of the same module)`, res); continue; }
    if (rootDefault) { add(rootDefault, `provider default_tags "${rootDefault}"`, res); continue; }
    const name = tags.Name;
    if (typeof name === 'string' && /^[A-Za-z0-9]+[-_]/.test(name) && isDataBearing(res.type)) {
      // Keyed by the bare prefix, so "shop-db" joins a group tagged Project = "shop".
      const prefix = name.split(/[-_]/)[0];
      add(prefix, `Name prefix "${prefix}-"`, res);
      byNameOnly.add(prefix);
    }
  }
  const real = [...groups.entries()];
  if (real.length < 2) return;
  const nameOnly = real.every(([k, g]) => byNameOnly.has(k) && g.how.startsWith('Name prefix'));
  const summary = real.map(([, g]) => `${g.how}: ${g.resources.length} resource(s), e.g. ${g.resources[0].address}`).join('; ');
  const second = real[1][1].resources[0];
  const tf = rootTerraformBlocks(config)[0];
  out.push(finding('posture.several-projects-one-state', tf ? { file: tf.file.rel, line: tf.block.span.line } : at(second), {
    severity: nameOnly ? 'medium' : 'high',
    message: `One state holds ${real.length} projects: ${summary}.`,
    fix: 'Give each project its own root configuration and state (its own backend key or workspace), and move resources with `terraform state mv` or `moved`/`import` blocks.',
    fixable: 'manual',
  }));
}

// ---------------------------------------------------------------------------

/** Every posture finding for a configuration, sorted by file and line. */
export function auditConfiguration(config: Configuration, git: GitFacts | null): PostureFinding[] {
  const out: PostureFinding[] = [];
  const states = [
    ...config.resources.map((r) => auditResource(r, out)),
    ...knownModuleResources(config).map(({ res, facts }) => ({ ...auditResource(res, out, facts), preventDestroy: false })),
  ];
  for (const s of states) {
    const facts = lookupResource(s.res.type);
    if (facts?.dataClass !== 'database' || s.apiProtected || s.preventDestroy || s.backupsDie.length === 0) continue;
    out.push(finding('posture.unprotected-database', at(s.res), {
      address: s.res.address,
      message: `${s.res.address} has no deletion protection, no prevent_destroy, and ${s.backupsDie.join(', ')}: one destroy loses the database and its backups.`,
      fix: 'Apply the fixes of the findings on this resource: deletion protection on, prevent_destroy, keep automated backups and a final snapshot.',
      fixable: 'auto',
    }));
  }
  const versioning = versioningOfBuckets(config);
  auditVersioning(versioning, out);
  auditBackupsInBlastRadius(config, out);
  auditBackend(config, versioning, out);
  auditGit(git, out);
  auditProjects(config, out);
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
}

export function decisionOf(findings: readonly PostureFinding[]): 'allow' | 'ask' | 'deny' {
  if (findings.some((f) => f.level === 'deny')) return 'deny';
  return findings.length ? 'ask' : 'allow';
}
