export type DataClass =
  | 'database' | 'backup_snapshot' | 'object_storage' | 'block_storage' | 'file_system' | 'key_material'
  | 'secret' | 'dns' | 'identity' | 'network_foundation' | 'queue_stream' | 'compute' | 'logs_audit'
  | 'code_artifact' | 'account_container' | 'protection_control';

export type DestroySeverity = 'catastrophic' | 'high' | 'medium' | 'low';

export type AttributeRole =
  | 'api_delete_block' | 'iac_delete_block' | 'protection_bypass' | 'backup_on_delete'
  | 'backups_die_with_resource' | 'retention' | 'immutability' | 'deletion_delay'
  | 'abandon_on_destroy' | 'cascade';

export interface AttributeFact {
  name: string;
  role: AttributeRole;
  type?: string;
  default?: unknown;
  /** Value a guard should require; strings like ">=7" are numeric thresholds. */
  safe?: unknown;
  /** Value that raises the risk. */
  unsafe?: unknown;
}

export interface ResourceFacts {
  type: string;
  provider: string;
  dataClass: DataClass;
  severity: DestroySeverity;
  attributes: AttributeFact[];
}
