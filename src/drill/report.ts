/** What a restore drill proved, for one database. Shared by the postgres, sqlite and rds drills. */
export interface TableCheck {
  table: string;
  sourceRows: number | null;
  restoredRows: number | null;
  /** 'full': md5 over every row's text, in md5 order. 'bounded': md5 over the first and last N rows by key. */
  method: 'full' | 'bounded' | 'none';
  sourceChecksum?: string;
  restoredChecksum?: string;
  ok: boolean;
  problem?: string;
}

export interface SequenceCheck {
  sequence: string;
  table: string;
  column: string;
  lastValue: number | null;
  maxValue: number | null;
  ok: boolean;
}

export interface QueryCheck {
  sql: string;
  value: string | null;
  ok: boolean;
  problem?: string;
}

export interface DrillReport {
  engine: 'postgres' | 'sqlite' | 'rds';
  /** Stable identity of the database the drill proves (no credentials): postgres://host:port/db, sqlite:/abs/path. */
  target: string;
  ok: boolean;
  startedAt: string;
  durationMs: number;
  backup: { path: string; bytes: number; fresh: boolean };
  restore: { into: string; bytes: number | null; durationMs: number; errors: string[] };
  tables: TableCheck[];
  sequences: SequenceCheck[];
  checks: QueryCheck[];
  /** Every failure in one sentence, naming the table or check. */
  failures: string[];
  /** How the checksums were computed, stated once for the report. */
  method: string;
}

export function summarizeDrill(r: DrillReport): string {
  const rows = r.tables.reduce((n, t) => n + (t.restoredRows ?? 0), 0);
  const verdict = r.ok ? 'VERIFIED' : 'FAILED';
  return `${verdict}: ${r.engine} restore of ${r.target}: ${r.tables.length} tables, ${rows} rows, backup ${formatBytes(r.backup.bytes)}, ${(r.durationMs / 1000).toFixed(1)} s`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function renderDrillReport(r: DrillReport): string {
  const lines: string[] = [summarizeDrill(r), ''];
  lines.push(`backup:   ${r.backup.path} (${formatBytes(r.backup.bytes)}${r.backup.fresh ? ', taken now' : ''})`);
  lines.push(`restored: into ${r.restore.into}${r.restore.bytes != null ? `, ${formatBytes(r.restore.bytes)}` : ''}, in ${(r.restore.durationMs / 1000).toFixed(1)} s`);
  lines.push(`method:   ${r.method}`);
  lines.push('');
  const width = Math.max(5, ...r.tables.map((t) => t.table.length));
  lines.push(`  ${'table'.padEnd(width)}  ${'source'.padStart(9)}  ${'restored'.padStart(9)}  checksum`);
  for (const t of r.tables) {
    const sum = t.method === 'none' ? '-' : t.sourceChecksum === t.restoredChecksum ? `equal (${t.method})` : `DIFFERS (${t.method})`;
    lines.push(`${t.ok ? ' ' : '!'} ${t.table.padEnd(width)}  ${String(t.sourceRows ?? '-').padStart(9)}  ${String(t.restoredRows ?? 'missing').padStart(9)}  ${sum}`);
  }
  if (r.sequences.length) {
    lines.push('');
    for (const s of r.sequences) {
      lines.push(`${s.ok ? ' ' : '!'} sequence ${s.sequence} (${s.table}.${s.column}): last value ${s.lastValue ?? 'unset'}, column max ${s.maxValue ?? 'none'}`);
    }
  }
  if (r.checks.length) {
    lines.push('');
    for (const c of r.checks) lines.push(`${c.ok ? ' ' : '!'} check ${JSON.stringify(c.sql)} -> ${c.value ?? 'no row'}${c.problem ? `: ${c.problem}` : ''}`);
  }
  if (r.failures.length) {
    lines.push('', 'What failed:');
    for (const f of r.failures) lines.push(`  - ${f}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A `--check` query passes when its first column of its first row is true or a non-zero number. */
export function checkValuePasses(value: unknown): boolean {
  if (value === true) return true;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 't' || v === 'true') return true;
    const n = Number(v);
    return v !== '' && Number.isFinite(n) && n !== 0;
  }
  return false;
}

/** Compare one table's digest on both sides: the check, and the failure sentence when they differ. */
export function compareTable(
  table: string,
  source: { count: number; checksum: string },
  restored: { count: number; checksum: string },
  method: 'full' | 'bounded',
): { check: TableCheck; failure?: string } {
  const check: TableCheck = {
    table, sourceRows: source.count, restoredRows: restored.count, method,
    sourceChecksum: source.checksum, restoredChecksum: restored.checksum, ok: true,
  };
  if (source.count !== restored.count) {
    check.ok = false;
    check.problem = `row count ${restored.count}, source ${source.count}`;
    return { check, failure: `table ${table}: restored ${restored.count} rows, the source has ${source.count}` };
  }
  if (source.checksum !== restored.checksum) {
    check.ok = false;
    check.problem = 'rows differ';
    return { check, failure: `table ${table}: same row count (${source.count}) but the rows differ (checksum ${restored.checksum.slice(0, 12)} vs source ${source.checksum.slice(0, 12)})` };
  }
  return { check };
}

/** Run one `--check` query through `firstValue` (the first column of its first row): the check and its failure. */
export async function runQueryCheck(sql: string, firstValue: () => unknown): Promise<{ check: QueryCheck; failure?: string }> {
  try {
    const first = await firstValue();
    const ok = checkValuePasses(first);
    const value = first === undefined || first === null ? null : String(first);
    if (ok) return { check: { sql, value, ok } };
    return {
      check: { sql, value, ok, problem: 'returned neither true nor a non-zero count' },
      failure: `check ${JSON.stringify(sql)} returned ${value ?? 'no row'}`,
    };
  } catch (err) {
    const message = (err as Error).message;
    return { check: { sql, value: null, ok: false, problem: message }, failure: `check ${JSON.stringify(sql)} failed: ${message}` };
  }
}
