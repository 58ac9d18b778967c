import type { CommandDecision } from '../core/types.js';
import type { GateRequest, GateResult } from '../gate/command-gate.js';

/**
 * Effects after a decision: find and consume a matching human approval, otherwise create a request;
 * journal everything. OWNER: second key (issue 5). Until then decisions pass through unchanged.
 */
export async function applyCommandEffects(_req: GateRequest, decision: CommandDecision): Promise<GateResult> {
  return { ...decision };
}
