/**
 * The hash an approval of a plan is bound to: the plan file's sha256 plus the identity of the state it
 * was made against (lineage, serial) and where that state lives (backend, workspace). Regenerating the
 * plan, or a state that moved on, gives a different hash: a new request.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface PlanHashInput {
  /** sha256 (hex) of the binary plan file's bytes. */
  planSha256: string;
  lineage: string;
  serial: number;
  backend: string;
  workspace: string;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha256File(path: string): string {
  return sha256Hex(readFileSync(path));
}

/** Canonical: fixed key order, one JSON line, tagged with a version so the format can change safely. */
export function planSubjectHash(input: PlanHashInput): string {
  const canonical = JSON.stringify(['twokey-plan-v1', input.planSha256, input.lineage, input.serial, input.backend, input.workspace]);
  return sha256Hex(canonical);
}
