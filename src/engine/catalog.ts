import type { AnalysisIssue, CommandRule, RulePack } from '../core/types.js';
import { ALL_PACKS } from '../rules/registry.js';
import type { RuleCatalog } from '../policy/validate.js';
import { PLAN_RULES } from '../terraform/rules.js';

/** Every kind of shell-analysis issue; each becomes a finding with rule id `shell.<kind>`. */
export const SHELL_ISSUE_KINDS: readonly AnalysisIssue['kind'][] = [
  'parse-error', 'dynamic-command', 'depth-limit', 'input-too-large', 'malformed-input',
  'unreadable-script', 'opaque-interpreter', 'remote-fetch-exec', 'dynamic-arguments',
];

/** Rule id used when the deny list of the policy matches a command. Not configurable. */
export const POLICY_DENY_RULE = 'policy.deny';
/** Rule id used when the analyzer itself fails (never an allow). */
export const ENGINE_ERROR_RULE = 'engine.internal-error';

export interface IndexedRule {
  rule: CommandRule;
  pack: RulePack;
  /** Position in ALL_PACKS order, so findings list in a stable order. */
  order: number;
}

export interface RuleIndex {
  byCommand: Map<string, IndexedRule[]>;
  any: IndexedRule[];
  all: IndexedRule[];
  /** rulesFor() results, per command name, computed on first use. */
  merged: Map<string, IndexedRule[]>;
}

/** Index rules by the command names they look at (plus '*' for any). */
export function buildRuleIndex(packs: readonly RulePack[]): RuleIndex {
  const byCommand = new Map<string, IndexedRule[]>();
  const any: IndexedRule[] = [];
  const all: IndexedRule[] = [];
  let order = 0;
  for (const pack of packs) {
    for (const rule of pack.rules) {
      const entry: IndexedRule = { rule, pack, order: order++ };
      all.push(entry);
      for (const name of rule.commands) {
        if (name === '*') { any.push(entry); continue; }
        const list = byCommand.get(name) ?? [];
        list.push(entry);
        byCommand.set(name, list);
      }
    }
  }
  return { byCommand, any, all, merged: new Map() };
}

/** Rules that look at a command called `name`, in pack order, each once. */
export function rulesFor(index: RuleIndex, name: string): IndexedRule[] {
  const cached = index.merged.get(name);
  if (cached) return cached;
  const merged = mergeRules(index, name);
  if (index.merged.size < 4096) index.merged.set(name, merged);
  return merged;
}

function mergeRules(index: RuleIndex, name: string): IndexedRule[] {
  const named = index.byCommand.get(name) ?? [];
  if (index.any.length === 0) return named;
  if (named.length === 0) return index.any;
  const seen = new Set<IndexedRule>();
  const out: IndexedRule[] = [];
  for (const r of [...named, ...index.any]) if (!seen.has(r)) { seen.add(r); out.push(r); }
  return out.sort((a, b) => a.order - b.order);
}

let defaultIndex: RuleIndex | null = null;

/** The index of ALL_PACKS, built once. */
export function defaultRuleIndex(): RuleIndex {
  defaultIndex ??= buildRuleIndex(ALL_PACKS);
  return defaultIndex;
}

/** Rule ids and pack ids a policy may name. */
export function ruleCatalog(packs: readonly RulePack[] = ALL_PACKS): RuleCatalog {
  const ruleIds = new Set<string>();
  const packIds = new Set<string>();
  for (const pack of packs) {
    packIds.add(pack.id);
    for (const rule of pack.rules) ruleIds.add(rule.id);
  }
  packIds.add('shell');
  packIds.add('drill');
  ruleIds.add('drill.no-recent-restore');
  // The plan gate's and state guard's rules share the policy file: one catalog, or a plan rule would
  // make the command gate's policy 'unknown rule' (broken).
  packIds.add('plan');
  packIds.add('state');
  for (const r of PLAN_RULES) ruleIds.add(r.id);
  for (const kind of SHELL_ISSUE_KINDS) ruleIds.add(`shell.${kind}`);
  return { ruleIds, packIds };
}

let defaultCatalog: RuleCatalog | null = null;
export function defaultRuleCatalog(): RuleCatalog {
  defaultCatalog ??= ruleCatalog();
  return defaultCatalog;
}

/** The pack id of a rule id (`terraform.destroy` -> `terraform`). */
export function packOf(ruleId: string): string {
  const dot = ruleId.indexOf('.');
  return dot < 0 ? ruleId : ruleId.slice(0, dot);
}
