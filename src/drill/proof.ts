import type { JournalEntry } from '../journal/journal.js';
import type { DrillReport } from './report.js';

/** What the journal remembers of one drill (the `data` of a `drill` entry). */
export interface DrillRecord {
  engine: DrillReport['engine'];
  target: string;
  ok: boolean;
  at: string;
  tables: number;
  rows: number;
  backupBytes: number;
  durationMs: number;
  failures: string[];
}

export function drillRecord(r: DrillReport): DrillRecord {
  return {
    engine: r.engine, target: r.target, ok: r.ok, at: r.startedAt,
    tables: r.tables.length, rows: r.tables.reduce((n, t) => n + (t.restoredRows ?? 0), 0),
    backupBytes: r.backup.bytes, durationMs: r.durationMs, failures: r.failures.slice(0, 10),
  };
}

/** Per database: the last drill, and the last one that verified. */
export interface RestoreProof {
  target: string;
  engine: string;
  lastDrill: DrillRecord;
  lastVerified: DrillRecord | null;
  /** Age of the last verified restore in days (fractional), or null when none ever verified. */
  verifiedAgeDays: number | null;
}

export function restoreProofs(entries: readonly Pick<JournalEntry, 'kind' | 'data'>[], now: Date = new Date()): RestoreProof[] {
  const byTarget = new Map<string, RestoreProof>();
  for (const e of entries) {
    if (e.kind !== 'drill' || !e.data || typeof e.data !== 'object') continue;
    const rec = e.data as DrillRecord;
    if (typeof rec.target !== 'string' || typeof rec.at !== 'string') continue;
    const cur = byTarget.get(rec.target) ?? { target: rec.target, engine: rec.engine, lastDrill: rec, lastVerified: null, verifiedAgeDays: null };
    if (rec.at >= cur.lastDrill.at) cur.lastDrill = rec;
    if (rec.ok && (!cur.lastVerified || rec.at >= cur.lastVerified.at)) cur.lastVerified = rec;
    byTarget.set(rec.target, cur);
  }
  for (const p of byTarget.values()) {
    p.verifiedAgeDays = p.lastVerified ? (now.getTime() - Date.parse(p.lastVerified.at)) / 86_400_000 : null;
  }
  return [...byTarget.values()].sort((a, b) => a.target.localeCompare(b.target));
}

/**
 * The drill targets a name may refer to: `shop` matches postgres://h:p/shop, sqlite:/x/shop.db and rds:r/shop.
 * Used by the gates to say "this database has no verified restore".
 */
export function proofsForName(proofs: readonly RestoreProof[], name: string): RestoreProof[] {
  const n = name.toLowerCase();
  return proofs.filter((p) => {
    const t = p.target.toLowerCase();
    const last = t.split(/[/:]/).filter(Boolean).pop() ?? '';
    return t === n || last === n || last.replace(/\.(sqlite3?|db)$/, '') === n;
  });
}

export function describeAge(days: number): string {
  if (days < 1 / 24) return 'less than an hour ago';
  if (days < 1) return `${Math.round(days * 24)} hours ago`;
  return `${Math.floor(days)} day${Math.floor(days) === 1 ? '' : 's'} ago`;
}
