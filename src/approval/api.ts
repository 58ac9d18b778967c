import type { Finding } from '../core/types.js';

/**
 * The second key's contract (OWNER: issue 5). Gates call these; only `twokey approve` (a human at a
 * terminal with the passphrase) can create an approval.
 */
export interface ApprovalSubject {
  kind: 'command' | 'plan';
  /** Canonical sha256 (hex) of exactly what would run: see src/approval/hash.ts. */
  hash: string;
  cwd: string;
  /** What would run, for display: the command line, or `terraform apply PLANFILE`. */
  display: string;
  agent: string;
  decision: 'ask' | 'deny';
  reason: string;
  findings: Finding[];
  /** Kind-specific detail shown by `twokey approve` (for a plan: deletions, data lost, blast radius). */
  detail?: unknown;
}

export interface ConsumedApproval { approvalId: string; requestId: string }
export interface CreatedRequest { requestId: string; release: string }

/** Find a valid (signed, unexpired, unused, same cwd) approval for this subject and consume it atomically. */
export async function consumeApproval(_subject: ApprovalSubject): Promise<ConsumedApproval | null> {
  throw new Error('consumeApproval: not implemented yet');
}

/** Record a request a human can approve or reject (`twokey approve ID`). Idempotent per hash+cwd while pending. */
export async function createRequest(_subject: ApprovalSubject): Promise<CreatedRequest> {
  throw new Error('createRequest: not implemented yet');
}
