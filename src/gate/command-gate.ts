import type { CommandDecision } from '../core/types.js';
import { evaluateCommand, type CommandRequest } from '../engine/evaluate.js';
import { applyCommandEffects } from '../approval/effects.js';

export interface GateRequest extends CommandRequest {
  /** Which agent asked (claude-code, codex, ...), or 'cli' / 'mcp'. */
  agent: string;
}

/** The final answer after effects: a consumed approval may turn ask/deny into allow once. */
export interface GateResult extends CommandDecision {
  /** Id of the request created for a human (ask/deny without approval). */
  requestId?: string;
  /** Id of the approval that released this exact command, if one was consumed. */
  approvalId?: string;
  /** How a human releases it (printed to the agent for ask-as-deny). */
  release?: string;
}

/**
 * The one entry point every adapter (hook, daemon, MCP, `twokey run`) uses for a shell command:
 * evaluate, then effects (approval lookup/consume, request creation, journal entry).
 */
export async function gateCommand(req: GateRequest): Promise<GateResult> {
  const decision = evaluateCommand(req);
  return applyCommandEffects(req, decision);
}
