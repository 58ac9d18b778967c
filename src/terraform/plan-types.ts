/** The parts of Terraform/OpenTofu plan JSON (`show -json`, format 0.1 to 1.2) that twokey reads. */

export interface PlanChange {
  actions: string[];
  before?: unknown;
  after?: unknown;
  after_unknown?: unknown;
  replace_paths?: unknown;
  importing?: unknown;
}

export interface ResourceChange {
  address: string;
  module_address?: string;
  mode?: string;
  type: string;
  name?: string;
  index?: unknown;
  provider_name?: string;
  previous_address?: string;
  deposed?: string;
  action_reason?: string;
  change: PlanChange;
}

export interface StateResource {
  address: string;
  mode?: string;
  type?: string;
  name?: string;
  index?: unknown;
  values?: Record<string, unknown>;
  depends_on?: string[];
}

export interface StateModule {
  address?: string;
  resources?: StateResource[];
  child_modules?: StateModule[];
}

export interface ConfigResource {
  address: string;
  mode?: string;
  type?: string;
  name?: string;
  expressions?: Record<string, unknown>;
  depends_on?: string[];
  count_expression?: unknown;
  for_each_expression?: unknown;
}

export interface ConfigModule {
  resources?: ConfigResource[];
  module_calls?: Record<string, { source?: string; expressions?: Record<string, unknown>; module?: ConfigModule; depends_on?: string[] }>;
}

export interface PlanJson {
  format_version?: string;
  terraform_version?: string;
  resource_changes?: ResourceChange[];
  resource_drift?: ResourceChange[];
  prior_state?: { format_version?: string; terraform_version?: string; values?: { root_module?: StateModule } };
  planned_values?: { root_module?: StateModule };
  configuration?: { root_module?: ConfigModule };
  output_changes?: Record<string, { actions: string[] }>;
  errored?: boolean;
  applyable?: boolean;
  complete?: boolean;
  [key: string]: unknown;
}

/** Lineage and serial of the state a plan was made against (from a binary plan's tfstate, or a state file). */
export interface StateIdentity {
  lineage: string;
  serial: number;
  terraformVersion?: string;
  /** address -> id, for managed resources. */
  resources: Record<string, string>;
}
