import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { checkValuePasses, type DrillReport, type QueryCheck, type TableCheck } from './report.js';

/**
 * RDS restore drill, driven through the AWS CLI: restore the latest automated backup (point in time) or
 * the newest snapshot into a scratch instance, wait for it, run the checks through psql, delete the
 * scratch. Without --execute only read-only `describe` calls run and the mutating commands are printed.
 * Tested against recorded AWS CLI responses (a stand-in `aws` on PATH), not a live account.
 */
export interface RdsDrillOptions {
  instance: string;
  region?: string;
  profile?: string;
  /** Scratch instance id; must start with `twokey-drill-` (the only instance this drill ever deletes). */
  scratchId?: string;
  checks?: string[];
  /** psql user and database for the checks (default: the source's master user and DB name). */
  user?: string;
  database?: string;
  execute: boolean;
  awsBin?: string;
  psqlBin?: string;
  progress?: (line: string) => void;
  /** Injected for tests; defaults to spawnSync. */
  runner?: (argv: string[]) => { status: number | null; stdout: string; stderr: string };
}

export interface RdsStep {
  title: string;
  argv: string[];
  mutates: boolean;
}

export interface RdsPlan {
  instance: string;
  scratchId: string;
  source: 'point-in-time' | 'snapshot' | 'unknown';
  snapshotId?: string;
  steps: RdsStep[];
  notes: string[];
}

export const SCRATCH_PREFIX = 'twokey-drill-';

function defaultRunner(argv: string[]) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 60 * 60_000, maxBuffer: 32 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.error ? r.error.message : r.stderr ?? '' };
}

export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function renderArgv(argv: string[]): string {
  return argv.map(shellQuote).join(' ');
}

interface DbInstance {
  DBInstanceIdentifier: string;
  DBInstanceClass?: string;
  Engine?: string;
  DBName?: string;
  MasterUsername?: string;
  DBSubnetGroup?: { DBSubnetGroupName?: string };
  VpcSecurityGroups?: { VpcSecurityGroupId: string }[];
  BackupRetentionPeriod?: number;
  Endpoint?: { Address: string; Port: number };
  DBInstanceStatus?: string;
}

export async function drillRds(opts: RdsDrillOptions): Promise<{ plan: RdsPlan; report?: DrillReport }> {
  const run = opts.runner ?? defaultRunner;
  const progress = opts.progress ?? (() => {});
  const aws = opts.awsBin ?? 'aws';
  const common = [...(opts.region ? ['--region', opts.region] : []), ...(opts.profile ? ['--profile', opts.profile] : []), '--output', 'json'];
  const awsCall = (...args: string[]) => [aws, ...args, ...common];
  const readJson = <T>(argv: string[]): T => {
    const r = run(argv);
    if (r.status !== 0) throw new Error(`${renderArgv(argv)} failed (exit ${r.status}): ${r.stderr.trim().slice(0, 1000)}`);
    try {
      return JSON.parse(r.stdout) as T;
    } catch {
      throw new Error(`${renderArgv(argv)} did not print JSON: ${r.stdout.slice(0, 200)}`);
    }
  };

  const scratchId = opts.scratchId ?? `${SCRATCH_PREFIX}${opts.instance.slice(0, 30)}-${randomBytes(3).toString('hex')}`.toLowerCase();
  if (!scratchId.startsWith(SCRATCH_PREFIX)) {
    throw new Error(`--scratch-id must start with '${SCRATCH_PREFIX}': the drill deletes its scratch instance and nothing else`);
  }
  if (scratchId === opts.instance) throw new Error('the scratch instance id equals the source instance id');

  // Read-only discovery (runs in plan mode too).
  progress(`describing ${opts.instance}`);
  const described = readJson<{ DBInstances: DbInstance[] }>(awsCall('rds', 'describe-db-instances', '--db-instance-identifier', opts.instance));
  const src = described.DBInstances?.[0];
  if (!src) throw new Error(`no RDS instance ${opts.instance} in the describe-db-instances answer`);
  const notes: string[] = [];
  const placement: string[] = [];
  if (src.DBInstanceClass) placement.push('--db-instance-class', src.DBInstanceClass);
  if (src.DBSubnetGroup?.DBSubnetGroupName) placement.push('--db-subnet-group-name', src.DBSubnetGroup.DBSubnetGroupName);
  if (src.VpcSecurityGroups?.length) placement.push('--vpc-security-group-ids', ...src.VpcSecurityGroups.map((g) => g.VpcSecurityGroupId));
  placement.push('--no-multi-az', '--no-publicly-accessible', '--tags', 'Key=twokey-drill,Value=true');

  progress('looking for automated backups');
  const automated = readJson<{ DBInstanceAutomatedBackups?: { RestoreWindow?: { LatestTime?: string }; Status?: string }[] }>(
    awsCall('rds', 'describe-db-instance-automated-backups', '--db-instance-identifier', opts.instance),
  );
  const pitr = (automated.DBInstanceAutomatedBackups ?? []).find((b) => b.RestoreWindow?.LatestTime);
  let restore: RdsStep;
  let source: RdsPlan['source'];
  let snapshotId: string | undefined;
  if (pitr && (src.BackupRetentionPeriod ?? 1) > 0) {
    source = 'point-in-time';
    notes.push(`restores the latest restorable time (automated backups reach ${pitr.RestoreWindow?.LatestTime})`);
    restore = {
      title: 'restore the latest automated backup into a scratch instance',
      argv: awsCall('rds', 'restore-db-instance-to-point-in-time', '--source-db-instance-identifier', opts.instance,
        '--target-db-instance-identifier', scratchId, '--use-latest-restorable-time', ...placement),
      mutates: true,
    };
  } else {
    progress('no automated backup window: looking for snapshots');
    const snaps = readJson<{ DBSnapshots?: { DBSnapshotIdentifier: string; SnapshotCreateTime?: string; Status?: string }[] }>(
      awsCall('rds', 'describe-db-snapshots', '--db-instance-identifier', opts.instance),
    );
    const newest = (snaps.DBSnapshots ?? [])
      .filter((s) => (s.Status ?? 'available') === 'available')
      .sort((a, b) => String(b.SnapshotCreateTime).localeCompare(String(a.SnapshotCreateTime)))[0];
    if (!newest) {
      throw new Error(`${opts.instance} has no automated backup window and no available snapshot: there is nothing to restore. That is the finding.`);
    }
    source = 'snapshot';
    snapshotId = newest.DBSnapshotIdentifier;
    notes.push(`restores snapshot ${snapshotId} taken ${newest.SnapshotCreateTime ?? 'at an unknown time'}`);
    restore = {
      title: `restore snapshot ${snapshotId} into a scratch instance`,
      argv: awsCall('rds', 'restore-db-instance-from-db-snapshot', '--db-snapshot-identifier', snapshotId,
        '--db-instance-identifier', scratchId, ...placement),
      mutates: true,
    };
  }
  const steps: RdsStep[] = [
    restore,
    { title: 'wait until the scratch instance is available', argv: awsCall('rds', 'wait', 'db-instance-available', '--db-instance-identifier', scratchId), mutates: false },
    { title: "read the scratch instance's endpoint", argv: awsCall('rds', 'describe-db-instances', '--db-instance-identifier', scratchId), mutates: false },
    { title: 'run the checks through psql (table counts, --check queries)', argv: [opts.psqlBin ?? 'psql', `host=<scratch endpoint> port=<port> dbname=${opts.database ?? src.DBName ?? 'postgres'} user=${opts.user ?? src.MasterUsername ?? 'postgres'}`, '-At', '-c', '<each check>'], mutates: false },
    { title: 'delete the scratch instance (and only it)', argv: awsCall('rds', 'delete-db-instance', '--db-instance-identifier', scratchId, '--skip-final-snapshot', '--delete-automated-backups'), mutates: true },
    { title: 'wait until the scratch instance is gone', argv: awsCall('rds', 'wait', 'db-instance-deleted', '--db-instance-identifier', scratchId), mutates: false },
  ];
  if (!/postgres/i.test(src.Engine ?? 'postgres')) notes.push(`engine ${src.Engine}: the checks run through psql, which needs a PostgreSQL engine; run them with your engine's client`);
  const plan: RdsPlan = { instance: opts.instance, scratchId, source, snapshotId, steps, notes };
  if (!opts.execute) return { plan };

  // --execute: run the plan; the scratch is deleted whatever happens after it was created.
  const started = Date.now();
  const failures: string[] = [];
  const tables: TableCheck[] = [];
  const checks: QueryCheck[] = [];
  let created = false;
  const restoreStarted = Date.now();
  try {
    progress(steps[0].title);
    readJson(steps[0].argv);
    created = true;
    progress(steps[1].title);
    const waited = run(steps[1].argv);
    if (waited.status !== 0) throw new Error(`waiting for ${scratchId} failed: ${waited.stderr.trim()}`);
    const scratch = readJson<{ DBInstances: DbInstance[] }>(steps[2].argv).DBInstances?.[0];
    if (!scratch?.Endpoint) throw new Error(`${scratchId} has no endpoint after the wait`);
    const conn = `host=${scratch.Endpoint.Address} port=${scratch.Endpoint.Port} dbname=${opts.database ?? src.DBName ?? 'postgres'} user=${opts.user ?? src.MasterUsername ?? 'postgres'}`;
    const psql = (sql: string) => run([opts.psqlBin ?? 'psql', conn, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
    progress('counting rows in the restored tables');
    const listed = psql("SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1");
    if (listed.status !== 0) throw new Error(`psql on the scratch instance failed: ${listed.stderr.trim()}`);
    for (const table of listed.stdout.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const c = psql(`SELECT count(*) FROM ${table}`);
      const n = c.status === 0 ? Number(c.stdout.trim()) : null;
      tables.push({ table, sourceRows: null, restoredRows: n, method: 'none', ok: n !== null, problem: n === null ? c.stderr.trim() : undefined });
      if (n === null) failures.push(`table ${table} cannot be read from the restore: ${c.stderr.trim()}`);
    }
    if (tables.length === 0) failures.push('the restored database has no tables');
    for (const sql of opts.checks ?? []) {
      const r = psql(sql);
      const value = r.status === 0 ? r.stdout.split('\n')[0]?.split('|')[0] ?? null : null;
      const ok = r.status === 0 && checkValuePasses(value);
      checks.push({ sql, value, ok, problem: r.status !== 0 ? r.stderr.trim() : ok ? undefined : 'returned neither true nor a non-zero count' });
      if (!ok) failures.push(`check ${JSON.stringify(sql)} ${r.status !== 0 ? `failed: ${r.stderr.trim()}` : `returned ${value ?? 'no row'}`}`);
    }
  } catch (err) {
    failures.push((err as Error).message);
  } finally {
    if (created) {
      progress(steps[4].title);
      const del = run(steps[4].argv);
      if (del.status !== 0) failures.push(`could not delete the scratch instance ${scratchId}: ${del.stderr.trim()} (delete it by hand)`);
      else run(steps[5].argv);
    }
  }
  const report: DrillReport = {
    engine: 'rds', target: `rds:${opts.region ?? 'default-region'}/${opts.instance}`, ok: failures.length === 0,
    startedAt: new Date(started).toISOString(), durationMs: Date.now() - started,
    backup: { path: source === 'snapshot' ? `snapshot ${snapshotId}` : 'automated backups (latest restorable time)', bytes: 0, fresh: false },
    restore: { into: `scratch instance ${scratchId}`, bytes: null, durationMs: Date.now() - restoreStarted, errors: [] },
    tables, sequences: [], checks, failures,
    method: 'row counts per table through psql on the restored instance; --check queries must return true or a non-zero count',
  };
  return { plan, report };
}

export function renderRdsPlan(plan: RdsPlan): string {
  const lines = [`RDS restore drill for ${plan.instance} (scratch instance: ${plan.scratchId})`, ...plan.notes.map((n) => `  note: ${n}`), ''];
  plan.steps.forEach((s, i) => {
    lines.push(`${i + 1}. ${s.title}${s.mutates ? '  [changes AWS]' : ''}`);
    lines.push(`   ${renderArgv(s.argv)}`);
  });
  lines.push('', 'Nothing was changed. Run with --execute to carry this out; only the scratch instance is ever deleted.');
  return `${lines.join('\n')}\n`;
}
