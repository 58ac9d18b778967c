import { createRequire } from 'node:module';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { homePaths } from '../core/paths.js';
import { canonicalJson, sha256Hex } from './canonical.js';

/**
 * The journal's contract (OWNER: second key, issue 5): an append-only, hash-chained log in SQLite under
 * $TWOKEY_HOME. Every decision, request, approval, rejection, guarded execution and drill is appended.
 *
 * Each entry stores the hash of the one before it; an entry's hash is sha256 over the canonical JSON of
 * {seq, at, kind, summary, data, prevHash}. Appends run in one `BEGIN IMMEDIATE` transaction that reads
 * the last hash, so parallel hook processes serialise on SQLite's write lock and never fork the chain.
 * WAL with synchronous=NORMAL: a crashed or killed writer never loses a committed entry (a power cut
 * may lose the last few, but never breaks the chain).
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

export type TamperKind = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'chain' | 'rewritten' | 'forged';

export interface TamperProblem {
  seq: number;
  kind: TamperKind;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  count: number;
  firstSeq: number | null;
  lastSeq: number | null;
  headHash: string;
  problems: TamperProblem[];
}

export interface Journal {
  append(entry: JournalInput): JournalEntry;
  list(opts?: { kind?: string; limit?: number; sinceSeq?: number }): JournalEntry[];
  close(): void;
  /** One entry by seq, or null. */
  get(seq: number): JournalEntry | null;
  /** Number of entries. */
  count(): number;
  /** Every entry in seq order, streamed. */
  iterate(): IterableIterator<JournalEntry>;
  /** Walk the whole chain and report every break. */
  verify(): VerifyReport;
  /**
   * Append `entry` and record `nonce` as used, in one transaction. Returns null (and appends nothing)
   * when the nonce was used before: the single-use guard for approvals.
   */
  appendOnce(nonce: string, entry: JournalInput): JournalEntry | null;
  /** The last entry's seq and hash ({0, GENESIS_HASH} when empty). */
  head(): { seq: number; hash: string };
  /** Was this nonce recorded by appendOnce? */
  nonceUsed(nonce: string): boolean;
  readonly path: string;
}

export const GENESIS_HASH = '0'.repeat(64);
const SCHEMA_VERSION = 2;

interface Row { seq: number; at: string; kind: string; summary: string; data: string | null; prev_hash: string; hash: string }

/** The hash of an entry: sha256 over canonical JSON of its fields and the previous hash. */
export function entryHash(e: { seq: number; at: string; kind: string; summary: string; data?: unknown; prevHash: string }): string {
  return entryHashFromText(e.seq, e.at, e.kind, e.summary, e.data === undefined || e.data === null ? null : canonicalJson(e.data), e.prevHash);
}

/**
 * The same hash from the stored canonical text of `data`: the canonical JSON of
 * {at, data, kind, prevHash, seq, summary} (keys in sorted order) built without re-parsing `data`.
 */
export function entryHashFromText(seq: number, at: string, kind: string, summary: string, dataText: string | null, prevHash: string): string {
  return sha256Hex(`{"at":${JSON.stringify(at)},"data":${dataText ?? 'null'},"kind":${JSON.stringify(kind)},"prevHash":${JSON.stringify(prevHash)},"seq":${JSON.stringify(seq)},"summary":${JSON.stringify(summary)}}`);
}

function parseData(text: string | null): unknown {
  if (text === null) return undefined;
  try { return JSON.parse(text); } catch { return text; }
}

function rowToEntry(r: Row): JournalEntry {
  const data = parseData(r.data);
  return { seq: r.seq, at: r.at, kind: r.kind, summary: r.summary, ...(data === undefined ? {} : { data }), prevHash: r.prev_hash, hash: r.hash };
}

function rowHash(r: Row, seq = r.seq): string {
  return entryHashFromText(seq, r.at, r.kind, r.summary, r.data, r.prev_hash);
}

type DatabaseCtor = typeof BetterSqlite3;
let DatabaseClass: DatabaseCtor | null = null;
function loadDatabase(): DatabaseCtor {
  if (!DatabaseClass) DatabaseClass = createRequire(import.meta.url)('better-sqlite3') as DatabaseCtor;
  return DatabaseClass;
}

function openDatabase(path: string): BetterSqlite3.Database {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) {
    try { closeSync(openSync(path, 'a', 0o600)); } catch { /* sqlite reports the real error */ }
  }
  const Database = loadDatabase();
  const db = new Database(path, { timeout: 10_000 });
  db.pragma('busy_timeout = 10000');
  if ((db.pragma('user_version', { simple: true }) as number) !== SCHEMA_VERSION) {
    db.pragma('journal_mode = WAL');
    db.transaction(() => {
      db.exec(`
        CREATE TABLE IF NOT EXISTS entries (
          seq INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, summary TEXT NOT NULL,
          data TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS entries_kind ON entries(kind, seq);
        CREATE TABLE IF NOT EXISTS used_nonces (nonce TEXT PRIMARY KEY, seq INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
      `);
      // The head row is written with every entry: entries removed from (or added to) the end behind
      // twokey's back no longer match it.
      db.exec('INSERT OR IGNORE INTO head (id, seq, hash) SELECT 1, seq, hash FROM entries ORDER BY seq DESC LIMIT 1');
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
    try { chmodSync(path, 0o600); } catch { /* not ours */ }
  }
  db.pragma('synchronous = NORMAL');
  return db;
}

/**
 * Open the journal lazily: nothing is loaded or opened until the first call, so a process that only
 * decides `allow` from the daemon never pays for SQLite. `home` defaults to $TWOKEY_HOME.
 */
export function openJournal(home?: string): Journal {
  const path = homePaths(home).journal;
  let db: BetterSqlite3.Database | null = null;
  let stmts: {
    last: BetterSqlite3.Statement;
    insert: BetterSqlite3.Statement;
    insertNonce: BetterSqlite3.Statement;
    nonce: BetterSqlite3.Statement;
    setHead: BetterSqlite3.Statement;
  } | null = null;

  let appendTx: BetterSqlite3.Transaction<(i: JournalInput) => JournalEntry> | null = null;
  const ensure = () => {
    if (!db) {
      db = openDatabase(path);
      stmts = {
        last: db.prepare('SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1'),
        insert: db.prepare('INSERT INTO entries (seq, at, kind, summary, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)'),
        insertNonce: db.prepare('INSERT OR IGNORE INTO used_nonces (nonce, seq) VALUES (?, ?)'),
        nonce: db.prepare('SELECT seq FROM used_nonces WHERE nonce = ?'),
        setHead: db.prepare('INSERT OR REPLACE INTO head (id, seq, hash) VALUES (1, ?, ?)'),
      };
    }
    return { db: db!, s: stmts! };
  };

  const insertEntry = (input: JournalInput): JournalEntry => {
    const { s } = ensure();
    const last = s.last.get() as { seq: number; hash: string } | undefined;
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const at = new Date().toISOString();
    const dataText = input.data === undefined || input.data === null ? null : canonicalJson(input.data);
    const hash = entryHashFromText(seq, at, input.kind, input.summary, dataText, prevHash);
    s.insert.run(seq, at, input.kind, input.summary, dataText, prevHash, hash);
    s.setHead.run(seq, hash);
    return { seq, at, kind: input.kind, summary: input.summary, ...(dataText === null ? {} : { data: input.data }), prevHash, hash };
  };

  const journal: Journal = {
    path,
    append(input) {
      const { db: d } = ensure();
      appendTx ??= d.transaction((i: JournalInput) => insertEntry(i));
      return appendTx.immediate(input);
    },
    appendOnce(nonce, input) {
      const { db: d, s } = ensure();
      return d.transaction(() => {
        if (s.nonce.get(nonce)) return null;
        const entry = insertEntry(input);
        s.insertNonce.run(nonce, entry.seq);
        return entry;
      }).immediate();
    },
    nonceUsed(nonce) {
      const { s } = ensure();
      return Boolean(s.nonce.get(nonce));
    },
    list(opts = {}) {
      const { db: d } = ensure();
      const where: string[] = [];
      const params: unknown[] = [];
      if (opts.kind) { where.push('kind = ?'); params.push(opts.kind); }
      if (opts.sinceSeq !== undefined) { where.push('seq > ?'); params.push(opts.sinceSeq); }
      const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const limit = opts.limit !== undefined && opts.limit >= 0 ? Math.floor(opts.limit) : -1;
      // With sinceSeq: the first `limit` after it. Without: the last `limit`. Always returned in seq order.
      const rows = opts.sinceSeq !== undefined || limit < 0
        ? d.prepare(`SELECT * FROM entries ${w} ORDER BY seq ASC LIMIT ?`).all(...params, limit) as Row[]
        : (d.prepare(`SELECT * FROM entries ${w} ORDER BY seq DESC LIMIT ?`).all(...params, limit) as Row[]).reverse();
      return rows.map(rowToEntry);
    },
    get(seq) {
      const { db: d } = ensure();
      const r = d.prepare('SELECT * FROM entries WHERE seq = ?').get(seq) as Row | undefined;
      return r ? rowToEntry(r) : null;
    },
    count() {
      const { db: d } = ensure();
      return (d.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
    },
    *iterate() {
      const { db: d } = ensure();
      for (const r of d.prepare('SELECT * FROM entries ORDER BY seq ASC').iterate() as IterableIterator<Row>) yield rowToEntry(r);
    },
    verify() {
      const { db: d } = ensure();
      const head = d.prepare('SELECT seq, hash FROM head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
      return verifyRows(d.prepare('SELECT * FROM entries ORDER BY seq ASC').iterate() as IterableIterator<Row>, head ?? null);
    },
    head() {
      const { s } = ensure();
      const last = s.last.get() as { seq: number; hash: string } | undefined;
      return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
    },
    close() {
      if (db) { db.close(); db = null; stmts = null; appendTx = null; }
    },
  };
  return journal;
}

const MOVE_WINDOW = 64;

/** Walk rows in seq order; report edits, gaps, moved (inserted/deleted/reordered) entries and chain breaks. */
export function verifyRows(rows: Iterable<Row>, head: { seq: number; hash: string } | null = null): VerifyReport {
  const problems: TamperProblem[] = [];
  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  let count = 0;
  let firstSeq: number | null = null;
  // Entries whose stored hash matches their contents at another seq: seq -> original seq.
  const moved: { seq: number; from: number }[] = [];
  for (const r of rows) {
    count++;
    if (firstSeq === null) firstSeq = r.seq;
    if (r.seq !== prevSeq + 1) {
      const a = prevSeq + 1;
      const b = r.seq - 1;
      problems.push({ seq: a, kind: 'deleted', message: a === b ? `entry ${a} is missing (deleted)` : `entries ${a}..${b} are missing (deleted)` });
    }
    const contentsOk = rowHash(r) === r.hash;
    if (!contentsOk) {
      let from: number | null = null;
      for (let delta = 1; delta <= MOVE_WINDOW && from === null; delta++) {
        for (const s of [r.seq - delta, r.seq + delta]) {
          if (s >= 1 && rowHash(r, s) === r.hash) { from = s; break; }
        }
      }
      if (from !== null) moved.push({ seq: r.seq, from });
      else problems.push({ seq: r.seq, kind: 'edited', message: `entry ${r.seq} was edited: its contents no longer match its hash` });
    } else if (r.prev_hash !== prevHash && r.seq === prevSeq + 1) {
      problems.push({ seq: r.seq, kind: 'chain', message: `entry ${r.seq} does not follow entry ${prevSeq}: the entry before it was replaced, or entries were inserted or removed` });
    }
    prevSeq = r.seq;
    prevHash = r.hash;
  }
  problems.push(...classifyMoves(moved));
  if (head) {
    if (head.seq > prevSeq) {
      const a = prevSeq + 1;
      problems.push({ seq: a, kind: 'deleted', message: a === head.seq ? `entry ${a}, the last one written, is missing (deleted from the end)` : `entries ${a}..${head.seq}, the last ones written, are missing (deleted from the end)` });
    } else if (head.seq < prevSeq) {
      problems.push({ seq: head.seq + 1, kind: 'inserted', message: `entries ${head.seq + 1}..${prevSeq} were added at the end without twokey (the last entry twokey wrote is ${head.seq})` });
    } else if (count > 0 && head.hash !== prevHash && !problems.some((p) => p.seq === prevSeq)) {
      problems.push({ seq: prevSeq, kind: 'edited', message: `entry ${prevSeq}, the last one written, is not the entry twokey wrote there (replaced)` });
    }
  }
  problems.sort((a, b) => a.seq - b.seq);
  // A chain break right after a reported edit/move is the same event: keep the report short.
  const reported = new Set(problems.filter((p) => p.kind !== 'chain').map((p) => p.seq));
  const trimmed = problems.filter((p) => p.kind !== 'chain' || !reported.has(p.seq - 1) && !reported.has(p.seq));
  return { ok: trimmed.length === 0, count, firstSeq, lastSeq: count ? prevSeq : null, headHash: prevHash, problems: trimmed };
}

function classifyMoves(moved: { seq: number; from: number }[]): TamperProblem[] {
  const out: TamperProblem[] = [];
  const byFrom = new Map(moved.map((m) => [m.from, m.seq]));
  const handled = new Set<number>();
  for (const m of moved) {
    if (handled.has(m.seq)) continue;
    // Swapped pair (or a cycle through it): reordered.
    if (byFrom.get(m.seq) === m.from || moved.some((o) => o.from === m.seq && o.seq !== m.seq && Math.sign(o.seq - o.from) !== Math.sign(m.seq - m.from))) {
      out.push({ seq: Math.min(m.seq, m.from), kind: 'reordered', message: `entries were reordered: entry ${m.from} now sits at seq ${m.seq}` });
      handled.add(m.seq);
      continue;
    }
    // A run of entries shifted by the same offset: entries were inserted (offset > 0) or deleted (offset < 0) before it.
    const offset = m.seq - m.from;
    let end = m.seq;
    for (const o of moved) if (o.seq - o.from === offset && o.seq > end && o.seq <= end + 1) end = o.seq;
    for (const o of moved) if (o.seq - o.from === offset) handled.add(o.seq);
    if (offset > 0) {
      const a = m.seq - offset;
      out.push({ seq: a, kind: 'inserted', message: `${offset} entr${offset === 1 ? 'y was' : 'ies were'} inserted at seq ${a}${offset > 1 ? `..${m.seq - 1}` : ''}: entry ${m.from} and after were renumbered` });
    } else {
      out.push({ seq: m.seq, kind: 'deleted', message: `${-offset} entr${offset === -1 ? 'y was' : 'ies were'} deleted before seq ${m.from} and the rest renumbered (entry ${m.from} now sits at seq ${m.seq})` });
    }
  }
  return out;
}
