/**
 * The journal's contract (OWNER: second key, issue 5): an append-only, hash-chained log in SQLite under
 * $TWOKEY_HOME. Every decision, request, approval, rejection, guarded execution and drill is appended.
 */
export interface JournalInput {
  /** 'decision' | 'request' | 'approval' | 'rejection' | 'execution' | 'drill' | 'ledger' | 'policy' | ... */
  kind: string;
  /** One line a human can scan. */
  summary: string;
  /** Structured detail (JSON-serialisable). */
  data?: unknown;
}

export interface JournalEntry extends JournalInput {
  seq: number;
  /** ISO time. */
  at: string;
  prevHash: string;
  hash: string;
}

export interface Journal {
  append(entry: JournalInput): JournalEntry;
  list(opts?: { kind?: string; limit?: number; sinceSeq?: number }): JournalEntry[];
  close(): void;
}

export function openJournal(_home?: string): Journal {
  throw new Error('openJournal: not implemented yet');
}
