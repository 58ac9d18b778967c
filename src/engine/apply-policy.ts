import type { Decision, SimpleCommand } from '../core/types.js';
import { DECISION_RANK, strictest } from '../core/types.js';
import type { EffectivePolicy, RuleSetting, SourcedPattern } from '../policy/types.js';
import { matchArgv } from '../policy/patterns.js';
import { packOf } from './catalog.js';

/**
 * How the policy changes one finding. Pure. The rules, in order:
 *  1. `rules: {id: off}` (or `pack.*: off`) drops the finding; a rule id entry beats a `pack.*` entry.
 *     shell.* findings cannot be dropped (validation refuses it; here `off` counts as `ask`).
 *  2. `ask`/`deny` set the level; a hit the rule itself escalated above its default (e.g. `rm -rf /`)
 *     keeps its escalation.
 *  3. An allow pattern matching the simple command clears an `ask`, never a `deny`.
 *  4. With a broken policy: no downgrade of any kind (no off, no ask below the default, no allow
 *     pattern), and an ask from a rule whose default is deny escalates to deny.
 */

export interface RawFinding {
  rule: string;
  /** The rule's default level (for shell issues: the level). */
  defaultLevel: Exclude<Decision, 'allow'>;
  /** The level the rule reported for this hit (hit.level ?? default). */
  hitLevel: Exclude<Decision, 'allow'>;
  /** Findings about a specific simple command carry it (for allow patterns). */
  cmd?: SimpleCommand;
}

export interface PolicyOutcome {
  level: Decision | null;
  /** What the policy did, for explain. */
  note?: string;
}

export function ruleSetting(policy: EffectivePolicy, ruleId: string): { setting: RuleSetting; key: string } | null {
  const exact = policy.rules[ruleId];
  if (exact) return { setting: exact, key: ruleId };
  const packKey = `${packOf(ruleId)}.*`;
  const pack = policy.rules[packKey];
  return pack ? { setting: pack, key: packKey } : null;
}

export function matchingPattern(patterns: readonly SourcedPattern[], cmd: SimpleCommand): SourcedPattern | null {
  for (const p of patterns) if (matchArgv(p.words, cmd.argv)) return p;
  return null;
}

export function applyPolicyToFinding(f: RawFinding, policy: EffectivePolicy): PolicyOutcome {
  const isShell = f.rule.startsWith('shell.');
  const configured = ruleSetting(policy, f.rule);
  const notes: string[] = [];
  let level: Decision = f.hitLevel;

  if (configured) {
    if (configured.setting === 'off') {
      if (policy.broken) notes.push(`policy sets ${configured.key}: off, not honoured while a policy file is broken`);
      else if (isShell) { level = 'ask'; notes.push(`${configured.key}: off is not allowed for shell findings; kept at ask`); }
      else return { level: null, note: `turned off by the policy (${configured.key}: off)` };
    } else {
      const escalated = DECISION_RANK[f.hitLevel] > DECISION_RANK[f.defaultLevel];
      const set: Decision = escalated ? strictest(configured.setting, f.hitLevel) : configured.setting;
      if (policy.broken && DECISION_RANK[set] < DECISION_RANK[level]) {
        notes.push(`policy sets ${configured.key}: ${configured.setting}, not honoured while a policy file is broken`);
      } else {
        if (set !== level) notes.push(`level set to ${set} by the policy (${configured.key}: ${configured.setting})`);
        level = set;
      }
    }
  }

  if (policy.broken) {
    const floor = strictest(f.hitLevel, f.defaultLevel);
    if (DECISION_RANK[floor] > DECISION_RANK[level]) {
      level = floor;
      notes.push(`raised to ${floor} because a policy file is broken (fail closed)`);
    }
    return { level, note: notes.join('; ') || undefined };
  }

  if (level === 'ask' && f.cmd && !isShell) {
    const allow = matchingPattern(policy.allow, f.cmd);
    if (allow) return { level: null, note: `cleared by the allow pattern "${allow.pattern}" (${allow.source})` };
  }
  return { level, note: notes.join('; ') || undefined };
}
