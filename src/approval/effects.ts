import type { CommandDecision } from '../core/types.js';
import type { GateRequest, GateResult } from '../gate/command-gate.js';
import { twokeyHome } from '../core/home.js';
import { commandHash, displayEnv, meaningfulEnv } from './hash.js';
import { consumeApprovalSync, createRequestSync, journalFor, type ApprovalSubject } from './api.js';

/**
 * Effects after a decision: find and consume a matching human approval, otherwise create a request;
 * journal everything. An allow costs one journal append; an ask/deny without an approval costs a
 * readdir, one request file and one append.
 */
export async function applyCommandEffects(req: GateRequest, decision: CommandDecision): Promise<GateResult> {
  return applyCommandEffectsSync(req, decision);
}

export function applyCommandEffectsSync(req: GateRequest, decision: CommandDecision, home: string = twokeyHome()): GateResult {
  const notices = [...(decision.notices ?? [])];
  const journalSafely = (kind: string, summary: string, data: unknown): void => {
    try {
      journalFor(home).append({ kind, summary, data });
    } catch (err) {
      notices.push(`journal unavailable: ${(err as Error).message}`);
    }
  };
  // Policy notices (unsigned or tampered policy ignored, …) go on record with the decision they shaped.
  const base = { command: req.command, cwd: req.cwd, agent: req.agent, rule: decision.rule, ...(decision.notices?.length ? { notices: decision.notices } : {}) };

  if (decision.decision === 'allow') {
    journalSafely('decision', `allow: ${oneLine(req.command)}`, { ...base, decision: 'allow' });
    return withNotices({ ...decision }, notices);
  }

  const hash = commandHash(req);
  const subject: ApprovalSubject = {
    kind: 'command',
    hash,
    cwd: req.cwd,
    display: req.command,
    agent: req.agent,
    decision: decision.decision,
    reason: decision.reason,
    findings: decision.findings,
    // What the hash binds besides the command text and directory (secret-looking values hidden).
    detail: { env: displayEnv(meaningfulEnv(req.env)) },
  };

  try {
    const consumed = consumeApprovalSync(subject, { home });
    if (consumed) {
      // The consumption itself is journaled (approval-consumed); this entry records the released decision.
      journalSafely('decision', `allow once (approval ${consumed.approvalId}): ${oneLine(req.command)}`, {
        ...base, decision: 'allow', was: decision.decision, hash, approvalId: consumed.approvalId, requestId: consumed.requestId,
      });
      return withNotices({
        ...decision,
        decision: 'allow',
        reason: `released once by human approval ${consumed.approvalId} (request ${consumed.requestId}); it was: ${decision.reason}`,
        approvalId: consumed.approvalId,
        requestId: consumed.requestId,
      }, notices);
    }
  } catch (err) {
    // Fail closed: a broken approval store never releases anything.
    notices.push(`approval lookup failed: ${(err as Error).message}`);
  }

  let requestId: string | undefined;
  let release: string | undefined;
  try {
    const created = createRequestSync(subject, { home, noJournal: true });
    requestId = created.requestId;
    release = created.release;
  } catch (err) {
    notices.push(`could not record a request: ${(err as Error).message}`);
  }
  journalSafely('decision', `${decision.decision}${requestId ? ` (request ${requestId})` : ''}: ${oneLine(req.command)}`, {
    ...base, decision: decision.decision, reason: decision.reason, hash, requestId: requestId ?? null,
    rules: decision.findings.map((f) => f.rule),
  });
  return withNotices({ ...decision, ...(requestId ? { requestId } : {}), ...(release ? { release } : {}) }, notices);
}

function withNotices<T extends CommandDecision>(result: T, notices: string[]): T {
  return notices.length ? { ...result, notices } : result;
}

function oneLine(text: string, max = 200): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
