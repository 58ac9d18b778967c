/**
 * twokey's data-class catalog: what kind of data a Terraform/OpenTofu resource type holds, how bad its
 * deletion is, and which of its attributes protect (or endanger) that data. The facts are generated into
 * resources.data.ts by scripts/build-catalog.mjs; the wording here is twokey's own. Pure, no I/O.
 */
import { RESOURCE_FACTS } from './resources.data.js';
import type { AttributeFact, AttributeRole, DataClass, DestroySeverity, ResourceFacts } from './types.js';

export type { AttributeFact, AttributeRole, DataClass, DestroySeverity, ResourceFacts } from './types.js';

const BY_TYPE: ReadonlyMap<string, ResourceFacts> = new Map(RESOURCE_FACTS.map((r) => [r.type, r]));

/** Every catalogued resource type (for listings and tests). */
export function catalogTypes(): string[] {
  return [...BY_TYPE.keys()];
}

/** The catalogued facts for a resource type, or undefined when the catalog does not know it. */
export function lookupResource(type: string): ResourceFacts | undefined {
  return BY_TYPE.get(type);
}

/**
 * Data classes whose resources hold data that may exist nowhere else: deleting one loses the data
 * itself (or, for keys, makes other data unreadable).
 */
export const DATA_BEARING_CLASSES: ReadonlySet<DataClass> = new Set<DataClass>([
  'database', 'backup_snapshot', 'object_storage', 'block_storage', 'file_system', 'key_material',
  'secret', 'queue_stream', 'logs_audit', 'code_artifact',
]);

/** Does deleting a resource of this type lose data (per the catalog)? Unknown types: false. */
export function isDataBearing(type: string): boolean {
  const facts = BY_TYPE.get(type);
  return facts !== undefined && DATA_BEARING_CLASSES.has(facts.dataClass);
}

/** The catalogued attributes of a type that play a role (e.g. every `api_delete_block` of aws_db_instance). */
export function attributesByRole(type: string, role: AttributeRole): AttributeFact[] {
  return BY_TYPE.get(type)?.attributes.filter((a) => a.role === role) ?? [];
}

const ROLE_WORDS: Record<AttributeRole, string> = {
  api_delete_block: 'the cloud API itself refuses to delete the resource while this is set, whoever asks',
  iac_delete_block: 'only Terraform/OpenTofu (the provider) refuses to delete while this is set; the console or CLI still can',
  protection_bypass: 'when set, destroying the resource also empties it or overrides its protections',
  backup_on_delete: 'decides whether a final snapshot or backup is taken when the resource is deleted',
  backups_die_with_resource: 'decides whether the backups (or attached disks) are deleted together with the resource',
  retention: 'how long backups, versions or point-in-time history are kept; zero or off means no way back',
  immutability: 'a write-once lock that keeps data undeletable for a period',
  deletion_delay: 'a soft-delete window during which a deletion can still be undone',
  abandon_on_destroy: 'destroy only forgets the resource in state; the real object survives',
  cascade: 'deleting the resource also deletes its children or associated resources',
};

/** twokey's one-line explanation of what an attribute role means for data. */
export function explainRole(role: AttributeRole): string {
  return ROLE_WORDS[role] ?? `attribute role '${String(role)}'`;
}

const CLASS_WORDS: Record<DataClass, string> = {
  database: 'a database: its rows',
  backup_snapshot: 'a backup or snapshot: the way back after a loss',
  object_storage: 'object storage: the objects in it',
  block_storage: 'a disk or volume: the data on it',
  file_system: 'a file system: the files on it',
  key_material: 'encryption keys: everything encrypted with them becomes unreadable',
  secret: 'a secret whose value may exist nowhere else',
  dns: 'DNS: the domain stops resolving and name servers change when recreated',
  identity: 'identities (users, roles, pools) and what depends on them',
  network_foundation: 'network foundation that everything else sits on',
  queue_stream: 'a queue or stream: messages in flight',
  compute: 'compute whose deletion can take attached disks or cluster state with it',
  logs_audit: 'logs and audit trails (forensics, compliance)',
  code_artifact: 'source repositories or artifact registries',
  account_container: 'a container (account, project, resource group, namespace): everything inside it',
  protection_control: 'a lock or guardrail: deleting it removes a safety layer',
};

/** What is lost when a resource of this data class is deleted, in twokey's words. */
export function explainDataClass(dataClass: DataClass): string {
  return CLASS_WORDS[dataClass] ?? `data class '${String(dataClass)}'`;
}

/**
 * The decision twokey takes by default for deleting (or replacing, or forgetting) a resource of this
 * type: 'deny' for data that may not come back (data-bearing classes at high or catastrophic severity,
 * containers that cascade, protection layers, catastrophic DNS), 'ask' for the rest. Unknown types: 'ask'.
 */
export function defaultDeleteLevel(type: string): 'ask' | 'deny' {
  const facts = BY_TYPE.get(type);
  if (!facts) return 'ask';
  const severe = facts.severity === 'catastrophic' || facts.severity === 'high';
  if (DATA_BEARING_CLASSES.has(facts.dataClass)) return severe ? 'deny' : 'ask';
  if (facts.dataClass === 'account_container' || facts.dataClass === 'protection_control') return severe ? 'deny' : 'ask';
  if (facts.dataClass === 'dns' && facts.severity === 'catastrophic') return 'deny';
  return 'ask';
}

/** The value found for an attribute in a resource's attribute object, and whether it came from the catalog default. */
export interface AttributeReading {
  fact: AttributeFact;
  value: unknown;
  /** True when the attribute was absent (or null) and the catalog default is used. */
  defaulted: boolean;
  /** True when absent and the catalog has no default either. */
  unknown: boolean;
}

/**
 * Reads a dotted attribute path (`versioning_configuration.status`) from Terraform JSON values, where a
 * nested block is an array of objects: the first block's value is used (`[{status: "Enabled"}]`).
 */
export function readPath(values: unknown, path: string): unknown {
  let cur: unknown = values;
  for (const part of path.split('.')) {
    while (Array.isArray(cur)) cur = cur[0];
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** The value of a catalogued attribute in `values`, falling back to the catalog default when absent. */
export function readAttribute(values: unknown, fact: AttributeFact): AttributeReading {
  const raw = readPath(values, fact.name);
  if (raw === undefined || raw === null) {
    if (fact.default !== undefined) return { fact, value: fact.default, defaulted: true, unknown: false };
    return { fact, value: undefined, defaulted: false, unknown: true };
  }
  return { fact, value: raw, defaulted: false, unknown: false };
}

function thresholdOf(spec: unknown): number | undefined {
  if (typeof spec !== 'string') return undefined;
  const m = /^>=\s*(-?\d+(?:\.\d+)?)$/.exec(spec.trim());
  return m ? Number(m[1]) : undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === 'string' && typeof b === 'boolean') return a.toLowerCase() === String(b);
  if (typeof a === 'boolean' && typeof b === 'string') return String(a) === b.toLowerCase();
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Is this value the catalog's unsafe value (or below its safe threshold)? `undefined` when the catalog
 * has no opinion on the attribute.
 */
export function isUnsafeValue(fact: AttributeFact, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (fact.unsafe !== undefined) {
    if (Array.isArray(fact.unsafe) && Array.isArray(value)) {
      return fact.unsafe.some((u) => value.some((v) => sameValue(v, u)));
    }
    if (sameValue(value, fact.unsafe)) return true;
  }
  const min = thresholdOf(fact.safe);
  if (min !== undefined && typeof value === 'number') return value < min;
  if (fact.safe !== undefined && thresholdOf(fact.safe) === undefined) {
    if (sameValue(value, fact.safe)) return false;
    if (fact.unsafe !== undefined) return false;
    // a boolean guard whose safe value is known: the opposite is unsafe
    if (typeof fact.safe === 'boolean' && typeof value === 'boolean') return value !== fact.safe;
  }
  if (fact.unsafe !== undefined) return false;
  return undefined;
}
