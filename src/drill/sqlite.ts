import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { compareTable, runQueryCheck, type DrillReport, type QueryCheck, type TableCheck } from './report.js';

export interface SqliteDrillOptions {
  /** The live database file. */
  source: string;
  /** A backup file to prove; without it, an online backup of the source is taken now. */
  backup?: string;
  checks?: string[];
  progress?: (line: string) => void;
}

type Database = BetterSqlite3.Database;

function openDb(path: string, readonly: boolean): Database {
  const require = createRequire(import.meta.url);
  const Ctor = require('better-sqlite3') as typeof BetterSqlite3;
  return new Ctor(path, { readonly, fileMustExist: true });
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function userTables(db: Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[])
    .map((r) => r.name);
}

/** count and sha256 over every row (as JSON of its values), rows sorted by their digest: order-independent. */
function tableDigest(db: Database, table: string): { count: number; checksum: string } {
  const rows = db.prepare(`SELECT * FROM ${quoteIdent(table)}`).raw(true).iterate() as IterableIterator<unknown[]>;
  const digests: string[] = [];
  for (const row of rows) {
    const text = JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? `x'${v.toString('hex')}'` : v));
    digests.push(createHash('sha256').update(text).digest('hex'));
  }
  digests.sort();
  return { count: digests.length, checksum: createHash('sha256').update(digests.join(',')).digest('hex') };
}

/**
 * SQLite restore drill: take (or use) a backup, open it as a restore would, run integrity_check, and
 * compare every table's row count and checksum with the source.
 */
export async function drillSqlite(opts: SqliteDrillOptions): Promise<DrillReport> {
  const progress = opts.progress ?? (() => {});
  const started = Date.now();
  const sourcePath = resolve(opts.source);
  if (!existsSync(sourcePath)) throw new Error(`--source ${opts.source}: no such file`);
  const work = mkdtempSync(join(tmpdir(), 'twokey-drill-sqlite-'));
  const failures: string[] = [];
  try {
    const source = openDb(sourcePath, true);
    let backupPath: string;
    let fresh = false;
    try {
      if (opts.backup) {
        if (!existsSync(opts.backup)) throw new Error(`--backup ${opts.backup}: no such file`);
        backupPath = resolve(opts.backup);
      } else {
        backupPath = join(work, 'online-backup.sqlite');
        progress(`taking an online backup of ${sourcePath}`);
        await source.backup(backupPath);
        fresh = true;
      }
    } catch (err) {
      source.close();
      throw err;
    }
    const backupBytes = statSync(backupPath).size;

    // Restore = a copy of the backup opened as its own database (the backup itself is never written).
    const restoredPath = join(work, 'restored.sqlite');
    const restoreStarted = Date.now();
    copyFileSync(backupPath, restoredPath);
    const restoreErrors: string[] = [];
    let restored: Database | null = null;
    try {
      restored = openDb(restoredPath, false);
      const integrity = restored.pragma('integrity_check') as { integrity_check: string }[];
      const bad = integrity.map((r) => r.integrity_check).filter((m) => m !== 'ok');
      if (bad.length) {
        restoreErrors.push(...bad.slice(0, 20));
        failures.push(`integrity_check failed: ${bad[0]}`);
      }
    } catch (err) {
      restoreErrors.push((err as Error).message);
      failures.push(`the backup does not open as a SQLite database: ${(err as Error).message}`);
    }
    const restoreMs = Date.now() - restoreStarted;

    const tables: TableCheck[] = [];
    const checks: QueryCheck[] = [];
    try {
      const restoredTables = new Set(restored ? safeTables(restored, restoreErrors) : []);
      const sourceTables = userTables(source);
      let i = 0;
      for (const table of sourceTables) {
        i++;
        progress(`verifying table ${i}/${sourceTables.length}: ${table}`);
        const s = tableDigest(source, table);
        if (!restored || !restoredTables.has(table)) {
          tables.push({ table, sourceRows: s.count, restoredRows: null, method: 'none', ok: false, problem: 'missing from the restore' });
          failures.push(`table ${table} is missing from the restored database (the source has ${s.count} rows)`);
          continue;
        }
        let r: { count: number; checksum: string };
        try {
          r = tableDigest(restored, table);
        } catch (err) {
          tables.push({ table, sourceRows: s.count, restoredRows: null, method: 'none', ok: false, problem: (err as Error).message });
          failures.push(`table ${table} cannot be read from the restore: ${(err as Error).message}`);
          continue;
        }
        const { check, failure } = compareTable(table, s, r, 'full');
        if (failure) failures.push(failure);
        tables.push(check);
      }
      for (const sql of opts.checks ?? []) {
        if (!restored) break;
        const db = restored;
        const { check, failure } = await runQueryCheck(sql, () => {
          const row = db.prepare(sql).raw(true).get() as unknown[] | undefined;
          return row ? row[0] : undefined;
        });
        checks.push(check);
        if (failure) failures.push(failure);
      }
    } finally {
      source.close();
      restored?.close();
    }
    return {
      engine: 'sqlite', target: `sqlite:${sourcePath}`, ok: failures.length === 0, startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      backup: { path: backupPath, bytes: backupBytes, fresh },
      restore: { into: 'a scratch copy of the backup', bytes: statSync(restoredPath).size, durationMs: restoreMs, errors: restoreErrors },
      tables, sequences: [], checks, failures,
      method: "PRAGMA integrity_check on the restored copy; per table: row count, and sha256 over the sorted sha256 of every row's values ('full')",
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function safeTables(db: Database, errors: string[]): string[] {
  try {
    return userTables(db);
  } catch (err) {
    errors.push((err as Error).message);
    return [];
  }
}
