import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../journal/canonical.js';
import type { Journal, TamperProblem } from '../journal/journal.js';

/**
 * Signed checkpoints: each human approval signs the journal's head (seq and hash of the last entry)
 * with the human key and stores the signature in the approval's journal entry. A chain rewritten from
 * some entry on (every hash recomputed) then no longer matches a signed checkpoint after it, and a
 * forged approval entry carries no valid signature. The hash chain alone cannot show either.
 */
export interface Checkpoint { seq: number; hash: string; signature: string }

export function signCheckpoint(head: { seq: number; hash: string }, privateKey: KeyObject): Checkpoint {
  return { seq: head.seq, hash: head.hash, signature: sign(null, Buffer.from(canonicalJson({ seq: head.seq, hash: head.hash })), privateKey).toString('base64') };
}

export function checkpointSignatureValid(c: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(canonicalJson({ seq: c.seq, hash: c.hash })), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

function isCheckpoint(v: unknown): v is Checkpoint {
  const c = v as Checkpoint;
  return typeof c === 'object' && c !== null && Number.isInteger(c.seq) && typeof c.hash === 'string' && typeof c.signature === 'string';
}

/** Check every approval entry's checkpoint against the trusted key and the entries it names. */
export function verifyCheckpoints(journal: Journal, publicKey: KeyObject | null): { checked: number; problems: TamperProblem[] } {
  const problems: TamperProblem[] = [];
  let checked = 0;
  for (const e of journal.iterate()) {
    if (e.kind !== 'approval') continue;
    const data = e.data as { checkpoint?: unknown } | undefined;
    if (!isCheckpoint(data?.checkpoint)) {
      problems.push({ seq: e.seq, kind: 'forged', message: `approval entry ${e.seq} carries no signed checkpoint: twokey approve did not write it` });
      continue;
    }
    const c = data.checkpoint;
    if (!publicKey) continue;
    checked++;
    if (!checkpointSignatureValid(c, publicKey)) {
      problems.push({ seq: e.seq, kind: 'forged', message: `approval entry ${e.seq}: its checkpoint signature does not verify against the trusted key` });
      continue;
    }
    if (c.seq === 0) continue;
    const at = journal.get(c.seq);
    if (!at || at.hash !== c.hash) {
      problems.push({ seq: c.seq, kind: 'rewritten', message: `entry ${c.seq} is not the one the human's approval at seq ${e.seq} signed: the journal was rewritten up to there` });
    }
  }
  return { checked, problems };
}
