import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findPgBin, startThrowawayServer, type ThrowawayServer } from './pg-server.js';
import { compareTable, runQueryCheck, type DrillReport, type QueryCheck, type SequenceCheck, type TableCheck } from './report.js';

export interface PostgresDrillOptions {
  /** Connection URL of the database the backup belongs to (read-only use: counts, checksums). */
  source: string;
  /** A pg_dump custom-format file; without it, a fresh dump of the source is taken. */
  backup?: string;
  /** A server to restore into (a scratch database is created there and dropped); without it, a throwaway server. */
  scratch?: string;
  /** Queries run on the restored database; each must return true or a non-zero count. */
  checks?: string[];
  /** Tables above this many rows get a bounded checksum (first and last `sampleRows` rows by key). */
  boundedAbove?: number;
  sampleRows?: number;
  progress?: (line: string) => void;
}

const DEFAULT_BOUNDED_ABOVE = 1_000_000;
const DEFAULT_SAMPLE_ROWS = 10_000;

/** postgres://host:port/db, without user or password: the identity the journal remembers. */
export function postgresTarget(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`--source is not a connection URL: ${JSON.stringify(url)} (expected postgresql://user@host:port/database)`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new Error(`--source must be a postgres:// or postgresql:// URL, not ${u.protocol}`);
  }
  const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres';
  return `postgres://${u.hostname || 'localhost'}:${u.port || '5432'}/${db}`;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  await client.connect();
  return client;
}

interface TableRef { schema: string; name: string; qualified: string; display: string }

async function listTables(client: pg.Client): Promise<TableRef[]> {
  const r = await client.query<{ table_schema: string; table_name: string }>(
    `SELECT table_schema, table_name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
       AND table_schema NOT LIKE 'pg_toast%'
     ORDER BY table_schema, table_name`,
  );
  return r.rows.map((row) => ({
    schema: row.table_schema,
    name: row.table_name,
    qualified: `${quoteIdent(row.table_schema)}.${quoteIdent(row.table_name)}`,
    display: row.table_schema === 'public' ? row.table_name : `${row.table_schema}.${row.table_name}`,
  }));
}

async function primaryKey(client: pg.Client, t: TableRef): Promise<string[]> {
  const r = await client.query<{ attname: string }>(
    `SELECT a.attname FROM pg_index i
     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary
     ORDER BY array_position(i.indkey, a.attnum)`,
    [t.qualified],
  );
  return r.rows.map((x) => x.attname);
}

/** Row count and checksum of one table, by a method that is the same on both sides. */
async function tableDigest(client: pg.Client, t: TableRef, method: 'full' | 'bounded', key: string[], sampleRows: number) {
  const count = Number((await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t.qualified}`)).rows[0].n);
  let checksum: string;
  if (method === 'full') {
    const r = await client.query<{ sum: string | null }>(
      `SELECT md5(coalesce(string_agg(h, ',' ORDER BY h), '')) AS sum FROM (SELECT md5(x::text) AS h FROM ${t.qualified} AS x) s`,
    );
    checksum = r.rows[0].sum ?? '';
  } else {
    const order = key.length ? key.map(quoteIdent).join(', ') : 'md5(x::text)';
    const desc = key.length ? key.map((k) => `${quoteIdent(k)} DESC`).join(', ') : 'md5(x::text) DESC';
    const r = await client.query<{ sum: string | null }>(
      `SELECT md5(coalesce(string_agg(h, ',' ORDER BY h), '')) AS sum FROM (
         (SELECT md5(x::text) AS h FROM ${t.qualified} AS x ORDER BY ${order} LIMIT ${sampleRows})
         UNION ALL
         (SELECT md5(x::text) AS h FROM ${t.qualified} AS x ORDER BY ${desc} LIMIT ${sampleRows})
       ) s`,
    );
    checksum = r.rows[0].sum ?? '';
  }
  return { count, checksum };
}

async function sequenceChecks(client: pg.Client): Promise<SequenceCheck[]> {
  const r = await client.query<{ seq: string; tbl: string; col: string; last_value: string | null }>(
    `SELECT format('%I.%I', sn.nspname, s.relname) AS seq, format('%I.%I', tn.nspname, t.relname) AS tbl, a.attname AS col,
            ps.last_value::text AS last_value
     FROM pg_class s
     JOIN pg_namespace sn ON sn.oid = s.relnamespace
     JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
     JOIN pg_class t ON t.oid = d.refobjid
     JOIN pg_namespace tn ON tn.oid = t.relnamespace
     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
     JOIN pg_sequences ps ON ps.schemaname = sn.nspname AND ps.sequencename = s.relname
     WHERE s.relkind = 'S'
     ORDER BY 1`,
  );
  const out: SequenceCheck[] = [];
  for (const row of r.rows) {
    const max = (await client.query<{ m: string | null }>(`SELECT max(${quoteIdent(row.col)})::text AS m FROM ${row.tbl}`)).rows[0].m;
    const lastValue = row.last_value === null ? null : Number(row.last_value);
    const maxValue = max === null ? null : Number(max);
    const ok = maxValue === null || (lastValue !== null && lastValue >= maxValue);
    out.push({ sequence: row.seq, table: row.tbl, column: row.col, lastValue, maxValue, ok });
  }
  return out;
}

function runTool(bin: string, args: string[], timeoutMs = 30 * 60_000) {
  return spawnSync(bin, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
}

/**
 * Restore a PostgreSQL backup into a scratch database and prove it: every source table present, equal row
 * counts and checksums, sequences not behind their columns, and the caller's checks true. Always drops the
 * scratch database and stops a throwaway server, whatever happens.
 */
export async function drillPostgres(opts: PostgresDrillOptions): Promise<DrillReport> {
  const progress = opts.progress ?? (() => {});
  const started = Date.now();
  const target = postgresTarget(opts.source);
  const work = mkdtempSync(join(tmpdir(), 'twokey-drill-'));
  let server: ThrowawayServer | null = null;
  let scratchAdmin: pg.Client | null = null;
  let scratchDb: string | null = null;
  const failures: string[] = [];
  try {
    // 1. The backup: given, or a fresh dump of the source.
    let backupPath: string;
    let fresh = false;
    if (opts.backup) {
      if (!existsSync(opts.backup)) throw new Error(`--backup ${opts.backup}: no such file`);
      backupPath = opts.backup;
    } else {
      const pgDump = findPgBin('pg_dump');
      if (!pgDump) throw new Error('pg_dump was not found; install the PostgreSQL client or pass --backup FILE');
      backupPath = join(work, 'source.dump');
      progress(`dumping ${target} (pg_dump -Fc)`);
      const r = runTool(pgDump, ['-Fc', '--no-owner', '-f', backupPath, '-d', opts.source]);
      if (r.status !== 0) throw new Error(`pg_dump failed (exit ${r.status}): ${r.stderr.trim().slice(0, 2000)}`);
      fresh = true;
    }
    const backupBytes = statSync(backupPath).size;

    // 2. The scratch: a database on the given server, or on a server of our own.
    let scratchServerUrl = opts.scratch;
    if (!scratchServerUrl) {
      server = await startThrowawayServer(progress);
      scratchServerUrl = server.url('postgres');
    }
    scratchDb = `twokey_drill_${randomBytes(6).toString('hex')}`;
    scratchAdmin = await connect(scratchServerUrl);
    await scratchAdmin.query(`CREATE DATABASE ${quoteIdent(scratchDb)}`);
    const scratchUrl = withDatabase(scratchServerUrl, scratchDb);

    // 3. Restore.
    const pgRestore = findPgBin('pg_restore');
    if (!pgRestore) throw new Error('pg_restore was not found; install the PostgreSQL client');
    progress(`restoring ${backupPath} into scratch database ${scratchDb}`);
    const restoreStarted = Date.now();
    const restored = runTool(pgRestore, ['--no-owner', '--no-privileges', '-d', scratchUrl, backupPath]);
    const restoreMs = Date.now() - restoreStarted;
    const restoreErrors = restored.status === 0 ? [] : restored.stderr.split('\n').map((l) => l.trim()).filter((l) => /error|fatal|could not/i.test(l)).slice(0, 20);
    if (restored.status !== 0) {
      failures.push(`pg_restore exited ${restored.status}: ${restoreErrors[0] ?? restored.stderr.trim().split('\n')[0] ?? 'no message'}`);
    }

    // 4. Verify against the source.
    const source = await connect(opts.source);
    const scratch = await connect(scratchUrl);
    const tables: TableCheck[] = [];
    const boundedAbove = opts.boundedAbove ?? DEFAULT_BOUNDED_ABOVE;
    const sampleRows = opts.sampleRows ?? DEFAULT_SAMPLE_ROWS;
    let restoredBytes: number | null = null;
    let sequences: SequenceCheck[] = [];
    const checks: QueryCheck[] = [];
    try {
      const sourceTables = await listTables(source);
      const restoredTables = new Set((await listTables(scratch)).map((t) => t.qualified));
      let i = 0;
      for (const t of sourceTables) {
        i++;
        progress(`verifying table ${i}/${sourceTables.length}: ${t.display}`);
        if (!restoredTables.has(t.qualified)) {
          const n = Number((await source.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t.qualified}`)).rows[0].n);
          tables.push({ table: t.display, sourceRows: n, restoredRows: null, method: 'none', ok: false, problem: 'missing from the restore' });
          failures.push(`table ${t.display} is missing from the restored database (the source has ${n} rows)`);
          continue;
        }
        const sourceCount = Number((await source.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t.qualified}`)).rows[0].n);
        const method: 'full' | 'bounded' = sourceCount > boundedAbove ? 'bounded' : 'full';
        const key = method === 'bounded' ? await primaryKey(source, t) : [];
        const s = await tableDigest(source, t, method, key, sampleRows);
        const r = await tableDigest(scratch, t, method, key, sampleRows);
        const { check, failure } = compareTable(t.display, s, r, method);
        if (failure) failures.push(failure);
        tables.push(check);
      }
      progress('checking sequences');
      sequences = await sequenceChecks(scratch);
      for (const s of sequences) {
        if (!s.ok) failures.push(`sequence ${s.sequence} is behind ${s.table}.${s.column}: last value ${s.lastValue ?? 'unset'}, column max ${s.maxValue}`);
      }
      for (const sql of opts.checks ?? []) {
        progress(`running check: ${sql}`);
        const { check, failure } = await runQueryCheck(sql, async () => {
          const r = await scratch.query(sql);
          return r.rows[0] ? Object.values(r.rows[0])[0] : undefined;
        });
        checks.push(check);
        if (failure) failures.push(failure);
      }
      restoredBytes = Number((await scratch.query<{ b: string }>('SELECT pg_database_size(current_database())::text AS b')).rows[0].b);
    } finally {
      await source.end().catch(() => {});
      await scratch.end().catch(() => {});
    }

    const methodText = `row counts with count(*); checksum = md5 over the sorted md5 of every row's text ('full'); tables over ${boundedAbove} rows: the first and last ${sampleRows} rows by primary key ('bounded')`;
    return {
      engine: 'postgres', target, ok: failures.length === 0, startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      backup: { path: backupPath, bytes: backupBytes, fresh },
      restore: { into: `${scratchDb} on ${server ? `a throwaway server (127.0.0.1:${server.port})` : postgresTarget(scratchServerUrl)}`, bytes: restoredBytes, durationMs: restoreMs, errors: restoreErrors },
      tables, sequences, checks, failures, method: methodText,
    };
  } finally {
    if (scratchAdmin) {
      if (scratchDb) {
        progress(`dropping scratch database ${scratchDb}`);
        await scratchAdmin.query(`DROP DATABASE IF EXISTS ${quoteIdent(scratchDb)} WITH (FORCE)`).catch(() => {});
      }
      await scratchAdmin.end().catch(() => {});
    }
    if (server) {
      progress('stopping the throwaway server');
      server.stop();
    }
    rmSync(work, { recursive: true, force: true });
  }
}
