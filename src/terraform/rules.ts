/** The plan gate's and state guard's rule ids, their default levels and one-line summaries (docs, policy validation). */
export interface PlanRuleInfo { id: string; level: 'deny' | 'ask' | 'info'; summary: string }

export const PLAN_RULES: readonly PlanRuleInfo[] = [
  { id: 'plan.delete-data', level: 'deny', summary: 'a data-bearing resource (database, backup, storage, keys, secrets…) is deleted or replaced' },
  { id: 'plan.forget-data', level: 'deny', summary: 'a data-bearing resource is forgotten (removed from state; the object survives unmanaged)' },
  { id: 'plan.delete', level: 'ask', summary: 'an ordinary resource is deleted' },
  { id: 'plan.replace', level: 'ask', summary: 'an ordinary resource is replaced (deleted, then created)' },
  { id: 'plan.forget', level: 'ask', summary: 'an ordinary resource is forgotten (removed from state)' },
  { id: 'plan.protected', level: 'deny', summary: 'a resource matching --protect or the policy protect: list is deleted, replaced or forgotten' },
  { id: 'plan.prevent-destroy-dropped', level: 'deny', summary: 'a resource configured with prevent_destroy when last seen is deleted (its block was removed)' },
  { id: 'plan.protection-removed', level: 'deny', summary: 'deletion protection off, force_destroy on, versioning suspended, retention to 0…: the first half of a destruction' },
  { id: 'plan.backups-in-blast-radius', level: 'deny', summary: 'backups or snapshots deleted in the same plan as their source' },
  { id: 'plan.unknown-action', level: 'ask', summary: 'an action or reason twokey does not know: treated as destructive (deny when data-bearing)' },
  { id: 'plan.destroy-all', level: 'ask', summary: 'a destroy-mode plan: everything in the state is deleted' },
  { id: 'plan.no-verified-restore', level: 'ask', summary: 'a database is deleted with no verified restore in the last 7 days' },
  { id: 'plan.errored', level: 'ask', summary: 'the plan errored: it is incomplete' },
  { id: 'plan.unknown-format', level: 'ask', summary: 'the plan format version is newer than twokey knows' },
  { id: 'plan.multiple-projects', level: 'info', summary: 'the deletions span more than one project (by tags)' },
  { id: 'state.foreign-lineage', level: 'deny', summary: 'the state has another lineage than the ledger knows for this directory/backend/workspace' },
  { id: 'state.rolled-back', level: 'deny', summary: 'the state serial is lower than the highest the ledger has seen' },
  { id: 'state.missing', level: 'deny', summary: 'the ledger knows resources the state no longer has (no prior state, or far fewer)' },
  { id: 'state.changed-behind-our-back', level: 'deny', summary: 'the local state file changed between two guarded actions without a guarded apply' },
  { id: 'state.new-environment', level: 'ask', summary: 'no history, empty state, all-create plan with data-bearing resources on a local backend' },
];
