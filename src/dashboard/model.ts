import { existsSync } from 'node:fs';
import { homePaths } from '../core/paths.js';
import type { RequestRecord } from '../approval/api.js';
import type { JournalEntry, VerifyReport } from '../journal/journal.js';
import type { LedgerEntry } from '../terraform/ledger.js';
import { restoreProofs, type RestoreProof } from '../drill/proof.js';

/** Everything the dashboard shows, read once per page view. Read-only: nothing here changes a file. */
export interface DashboardModel {
  generatedAt: string;
  home: string;
  requests: { pending: RequestRecord[]; recent: RequestRecord[] };
  decisions: { total: number; byDecision: Record<string, number>; recent: JournalEntry[] };
  journal: { path: string; exists: boolean; verify: VerifyReport | null; error?: string };
  drills: { maxAgeDays: number; databases: (RestoreProof & { status: 'fresh' | 'stale' | 'none' })[] };
  workspaces: (LedgerEntry & { key: string })[];
  keys: { trusted: boolean; source?: string; fingerprint?: string };
}

export interface ModelOptions {
  home: string;
  recent?: number;
  maxAgeDays?: number;
  now?: Date;
}

export async function buildDashboardModel(opts: ModelOptions): Promise<DashboardModel> {
  const paths = homePaths(opts.home);
  const recentN = opts.recent ?? 25;
  const now = opts.now ?? new Date();
  const maxAgeDays = opts.maxAgeDays ?? 7;

  const { listRequests } = await import('../approval/api.js');
  const all = existsSync(paths.requestsDir) ? listRequests(opts.home, { all: true }) : [];
  const byNewest = [...all].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  const model: DashboardModel = {
    generatedAt: now.toISOString(),
    home: opts.home,
    requests: { pending: byNewest.filter((r) => r.status === 'pending'), recent: byNewest.filter((r) => r.status !== 'pending').slice(0, recentN) },
    decisions: { total: 0, byDecision: {}, recent: [] },
    journal: { path: paths.journal, exists: existsSync(paths.journal), verify: null },
    drills: { maxAgeDays, databases: [] },
    workspaces: [],
    keys: { trusted: false },
  };

  if (model.journal.exists) {
    try {
      const { openJournal } = await import('../journal/journal.js');
      const journal = openJournal(opts.home);
      try {
        model.journal.verify = journal.verify();
        const entries = [...journal.iterate()];
        const decisions = entries.filter((e) => e.kind === 'decision');
        model.decisions.total = decisions.length;
        for (const e of decisions) {
          const d = decisionOf(e);
          model.decisions.byDecision[d] = (model.decisions.byDecision[d] ?? 0) + 1;
        }
        model.decisions.recent = entries.filter((e) => e.kind !== 'drill').slice(-recentN).reverse();
        model.drills.databases = restoreProofs(entries, now).map((p) => ({
          ...p,
          status: p.verifiedAgeDays === null ? 'none' : p.verifiedAgeDays > maxAgeDays ? 'stale' : 'fresh',
        }));
      } finally {
        journal.close();
      }
    } catch (err) {
      model.journal.error = (err as Error).message;
    }
  }

  if (existsSync(paths.ledger)) {
    const { readLedger } = await import('../terraform/ledger.js');
    const ledger = readLedger(paths.ledger);
    model.workspaces = Object.entries(ledger.entries).map(([key, e]) => ({ key, ...e })).sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
  }

  const { loadTrustedPublicKey } = await import('../approval/keys.js');
  const key = loadTrustedPublicKey(opts.home);
  if (key) model.keys = { trusted: true, source: key.source, fingerprint: key.fingerprint };
  return model;
}

/** The decision recorded in a journal entry's data, if it has one. */
export function decisionOf(e: Pick<JournalEntry, 'data' | 'summary'>): string {
  const data = e.data as { decision?: unknown } | undefined;
  if (data && typeof data.decision === 'string') return data.decision;
  const m = /\b(allow|ask|deny)\b/.exec(e.summary);
  return m ? m[1] : 'other';
}
