import { openJournal } from '../journal/journal.js';
import { restoreProofs, type RestoreProof } from './proof.js';

/** The restore proofs recorded in the journal of `home` (every `drill` entry, per database). */
export function loadRestoreProofs(home: string): RestoreProof[] {
  const journal = openJournal(home);
  try {
    return restoreProofs(journal.list({ kind: 'drill' }));
  } finally {
    journal.close();
  }
}
