/** Appends plan-gate decisions and guarded executions to the journal; a journal failure is reported, never hidden. */
import { twokeyHome } from '../core/home.js';

export async function journalDecision(env: NodeJS.ProcessEnv, entry: { summary: string; data?: unknown; kind?: 'decision' | 'execution' | 'ledger' }, warn: (t: string) => void): Promise<void> {
  try {
    const { openJournal } = await import('../journal/journal.js');
    const journal = openJournal(twokeyHome(env));
    try {
      journal.append({ kind: entry.kind ?? 'decision', summary: entry.summary, data: entry.data });
    } finally {
      journal.close();
    }
  } catch (err) {
    warn(`twokey: warning: could not write the journal: ${(err as Error).message}\n`);
  }
}
