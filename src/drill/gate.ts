import type { CommandDecision, Decision, Finding } from '../core/types.js';
import { DECISION_RANK } from '../core/types.js';
import { describeAge, proofsForName, type RestoreProof } from './proof.js';

/** The finding the command gate adds when a command destroys a database with no recent verified restore. */
export const NO_RECENT_RESTORE_RULE = 'drill.no-recent-restore';

export interface RestoreProofGateOptions {
  maxAgeDays: number;
  /** The policy's setting for the rule: 'off' drops it, 'deny' escalates; default 'ask'. */
  setting?: 'off' | 'ask' | 'deny';
  /** Loads the drills from the journal; called at most once, and only when a finding names a database. */
  loadProofs: () => RestoreProof[];
}

function noRecentRestore(name: string, proofs: RestoreProof[], maxAgeDays: number): { fresh: boolean; text: string } {
  const matching = proofsForName(proofs, name);
  const verified = matching.filter((p) => p.verifiedAgeDays !== null).sort((a, b) => (a.verifiedAgeDays ?? 0) - (b.verifiedAgeDays ?? 0));
  const best = verified[0];
  if (best && (best.verifiedAgeDays ?? Infinity) <= maxAgeDays) return { fresh: true, text: '' };
  const when = best ? `its last verified restore was ${describeAge(best.verifiedAgeDays ?? 0)}` : matching.length ? 'no drill of it ever verified' : 'it was never restore-drilled';
  return { fresh: false, text: `there is no verified restore of database ${name} in the last ${maxAgeDays} days (${when})` };
}

/**
 * For every finding that names a database, check the drills: without a verified restore in the last
 * `maxAgeDays`, add a `drill.no-recent-restore` finding (ask by default; the policy can make it deny or off)
 * and say so in what would be lost. Pure apart from `loadProofs`.
 */
export function withRestoreProofs(decision: CommandDecision, opts: RestoreProofGateOptions): CommandDecision {
  if (opts.setting === 'off') return decision;
  const names = [...new Set(decision.findings.filter((f) => f.level !== 'allow').map((f) => f.database).filter((d): d is string => typeof d === 'string' && d !== ''))];
  if (names.length === 0) return decision;
  let proofs: RestoreProof[];
  try {
    proofs = opts.loadProofs();
  } catch {
    proofs = [];
  }
  const level: Exclude<Decision, 'allow'> = opts.setting === 'deny' ? 'deny' : 'ask';
  const added: Finding[] = [];
  for (const name of names) {
    const check = noRecentRestore(name, proofs, opts.maxAgeDays);
    if (check.fresh) continue;
    added.push({
      rule: NO_RECENT_RESTORE_RULE,
      level,
      reason: check.text,
      loses: `if its backups do not restore, ${name} is gone for good: nobody has proven they do`,
      safer: `prove the backup restores first (twokey drill postgres|sqlite|rds for ${name}), then ask a human to release this`,
      database: name,
    });
  }
  if (added.length === 0) return decision;
  const out: CommandDecision = { ...decision, findings: [...decision.findings, ...added] };
  const note = added.map((f) => f.reason).join('; ');
  if (DECISION_RANK[level] > DECISION_RANK[decision.decision]) {
    out.decision = level;
    out.rule = NO_RECENT_RESTORE_RULE;
    out.reason = added[0].reason;
    out.safer = added[0].safer;
    out.loses = decision.loses ? `${decision.loses}. ${added[0].loses}` : added[0].loses;
  } else {
    out.loses = decision.loses ? `${decision.loses}. Also: ${note}` : `Also: ${note}`;
  }
  return out;
}
