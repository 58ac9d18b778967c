import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliCommand, CliIO } from './io.js';
import { UserError } from '../core/errors.js';
import { twokeyHome } from '../core/home.js';
import type { DrillReport } from '../drill/report.js';
import { renderDrillReport, summarizeDrill } from '../drill/report.js';
import { drillRecord } from '../drill/proof.js';

const HELP = `twokey drill: prove that a backup restores, and remember the proof

Usage:
  twokey drill postgres --source URL [--backup FILE] [--scratch URL] [--check SQL]... [--json]
  twokey drill sqlite   --source FILE [--backup FILE] [--check SQL]... [--json]
  twokey drill rds      --instance ID [--region R] [--profile P] [--check SQL]... [--execute] [--json]
  twokey drill schedule (postgres|sqlite|rds) DRILL-ARGS... --at HH:MM [--systemd] [--write] [--dir DIR]

postgres  Restores a pg_dump custom-format file (--backup), or a fresh dump of --source, into a scratch
          database, then checks: every source table present, equal row counts, a checksum per table
          (md5 over every row's text, in a stable order; tables over --bounded-above rows: the first and
          last --sample-rows rows by primary key), sequences not behind their columns, and each --check
          query returning true or a non-zero count. The scratch database lives on --scratch URL (created
          and dropped there) or on a throwaway server twokey starts (initdb + pg_ctl on a free loopback
          port, as the postgres user when run as root) and always stops.
sqlite    Takes an online backup of --source (or uses --backup), runs integrity_check on a restored copy,
          and compares every table's row count and checksum.
rds       Prints the exact AWS CLI commands of an RDS drill: restore the latest automated backup (or the
          newest snapshot) to a scratch instance named twokey-drill-*, wait, run the checks through psql,
          delete the scratch. Only read-only describe calls run unless --execute is given.
schedule  Prints a daily cron entry (or systemd service + timer with --systemd) that runs the drill;
          --write installs it (crontab, or unit files in ~/.config/systemd/user or --dir).

Every drill is written to the journal; 'twokey drills' shows the age of the last proof per database,
and the gates mention a database being deleted that has no verified restore in the last 7 days.

Options:
  --json          machine-readable report
  --quiet         no progress lines on stderr
Exit codes: 0 the restore was verified, 3 the drill ran and the backup failed verification,
            1 the drill could not run (bad arguments, missing tools, unreachable server).
`;

function progressTo(io: CliIO, quiet: boolean) {
  return (line: string) => { if (!quiet) io.stderr(`twokey drill: ${line}\n`); };
}

async function journalDrill(report: DrillReport, io: CliIO): Promise<void> {
  try {
    const { openJournal } = await import('../journal/journal.js');
    const journal = openJournal(twokeyHome(io.env));
    try {
      journal.append({ kind: 'drill', summary: summarizeDrill(report), data: drillRecord(report) });
    } finally {
      journal.close();
    }
  } catch (err) {
    io.stderr(`twokey drill: warning: the drill could not be written to the journal: ${(err as Error).message}\n`);
  }
}

function finish(report: DrillReport, json: boolean, io: CliIO): number {
  io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : renderDrillReport(report));
  return report.ok ? 0 : 3;
}

const commonOptions = {
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  check: { type: 'string', multiple: true },
} as const;

function parse<T extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UserError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''), "Run 'twokey drill --help' for the options.");
  }
}

async function runPostgres(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, {
    ...commonOptions, source: { type: 'string' }, backup: { type: 'string' }, scratch: { type: 'string' },
    'bounded-above': { type: 'string' }, 'sample-rows': { type: 'string' },
  });
  if (!values.source) throw new UserError('--source URL is required (the database the backup belongs to)', 'e.g. --source postgresql://app@db.internal:5432/shop');
  const { drillPostgres } = await import('../drill/postgres.js');
  const number = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new UserError(`--${name} ${v}: expected a positive whole number`);
    return n;
  };
  let report: DrillReport;
  try {
    report = await drillPostgres({
      source: values.source, backup: values.backup ? resolve(io.cwd, values.backup) : undefined, scratch: values.scratch,
      checks: values.check ?? [], boundedAbove: number(values['bounded-above'], 'bounded-above'),
      sampleRows: number(values['sample-rows'], 'sample-rows'), progress: progressTo(io, Boolean(values.quiet)),
    });
  } catch (err) {
    throw new UserError(`postgres drill could not run: ${(err as Error).message}`);
  }
  await journalDrill(report, io);
  return finish(report, Boolean(values.json), io);
}

async function runSqlite(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, { ...commonOptions, source: { type: 'string' }, backup: { type: 'string' } });
  if (!values.source) throw new UserError('--source FILE is required (the live SQLite database)');
  const { drillSqlite } = await import('../drill/sqlite.js');
  let report: DrillReport;
  try {
    report = await drillSqlite({
      source: resolve(io.cwd, values.source), backup: values.backup ? resolve(io.cwd, values.backup) : undefined,
      checks: values.check ?? [], progress: progressTo(io, Boolean(values.quiet)),
    });
  } catch (err) {
    throw new UserError(`sqlite drill could not run: ${(err as Error).message}`);
  }
  await journalDrill(report, io);
  return finish(report, Boolean(values.json), io);
}

async function runRds(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, {
    ...commonOptions, instance: { type: 'string' }, region: { type: 'string' }, profile: { type: 'string' },
    'scratch-id': { type: 'string' }, user: { type: 'string' }, database: { type: 'string' }, execute: { type: 'boolean' },
  });
  if (!values.instance) throw new UserError('--instance ID is required (the RDS DB instance identifier)');
  const { drillRds, renderRdsPlan } = await import('../drill/rds.js');
  let result: Awaited<ReturnType<typeof drillRds>>;
  try {
    result = await drillRds({
      instance: values.instance, region: values.region, profile: values.profile, scratchId: values['scratch-id'],
      user: values.user, database: values.database, checks: values.check ?? [], execute: Boolean(values.execute),
      awsBin: io.env.TWOKEY_AWS_BIN, psqlBin: io.env.TWOKEY_PSQL_BIN, progress: progressTo(io, Boolean(values.quiet)),
    });
  } catch (err) {
    throw new UserError(`rds drill could not run: ${(err as Error).message}`);
  }
  if (!result.report) {
    io.stdout(values.json ? `${JSON.stringify({ plan: result.plan }, null, 2)}\n` : renderRdsPlan(result.plan));
    return 0;
  }
  await journalDrill(result.report, io);
  if (values.json) {
    io.stdout(`${JSON.stringify({ plan: result.plan, report: result.report }, null, 2)}\n`);
    return result.report.ok ? 0 : 3;
  }
  return finish(result.report, false, io);
}

function twokeyCommand(): string[] {
  const bin = resolve(fileURLToPath(new URL('../bin/twokey.js', import.meta.url)));
  return [process.execPath, existsSync(bin) ? bin : resolve(fileURLToPath(new URL('../../bin/twokey.js', import.meta.url)))];
}

async function runSchedule(argv: string[], io: CliIO): Promise<number> {
  const [engine, ...rest] = argv;
  if (engine !== 'postgres' && engine !== 'sqlite' && engine !== 'rds') {
    throw new UserError(`schedule needs the drill kind first: postgres, sqlite or rds (got ${engine ?? 'nothing'})`, 'e.g. twokey drill schedule postgres --source postgresql://app@db/shop --at 03:30');
  }
  // Our own options are taken out; everything else is the drill's, validated by parsing it as the drill would.
  const own = { at: '', systemd: false, write: false, dir: '', json: false };
  const drillArgs: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--at') own.at = rest[++i] ?? '';
    else if (a.startsWith('--at=')) own.at = a.slice(5);
    else if (a === '--systemd') own.systemd = true;
    else if (a === '--write') own.write = true;
    else if (a === '--dir') own.dir = rest[++i] ?? '';
    else if (a === '--json' && !drillArgs.includes('--json')) own.json = true;
    else drillArgs.push(a);
  }
  if (!own.at) throw new UserError('--at HH:MM is required (when the drill runs each day)');
  const { assertNoSecrets, cronEntry, mergeCrontab, scheduleId, systemdUnits, parseTime } = await import('../drill/schedule.js');
  try {
    parseTime(own.at);
    assertNoSecrets(drillArgs);
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  const known: Record<string, string[]> = {
    postgres: ['--source', '--backup', '--scratch', '--check', '--bounded-above', '--sample-rows', '--quiet'],
    sqlite: ['--source', '--backup', '--check', '--quiet'],
    rds: ['--instance', '--region', '--profile', '--scratch-id', '--check', '--user', '--database', '--execute', '--quiet'],
  };
  for (const a of drillArgs) {
    if (a.startsWith('--') && !known[engine].includes(a.split('=')[0])) throw new UserError(`${a} is not an option of 'twokey drill ${engine}'`);
  }
  if (!drillArgs.some((a) => a === '--source' || a === '--instance' || a.startsWith('--source=') || a.startsWith('--instance='))) {
    throw new UserError(`the scheduled drill needs its own ${engine === 'rds' ? '--instance' : '--source'}`);
  }
  const home = twokeyHome(io.env);
  const spec = { engine, drillArgs: [...drillArgs, '--quiet'], at: own.at, twokeyCommand: twokeyCommand(), logFile: join(home, 'drills.log') } as const;
  const id = scheduleId({ ...spec, drillArgs: [...spec.drillArgs] });
  if (own.systemd) {
    const units = systemdUnits({ ...spec, drillArgs: [...spec.drillArgs] });
    const dir = own.dir ? resolve(io.cwd, own.dir) : join(io.env.HOME ?? homedir(), '.config', 'systemd', 'user');
    if (own.write) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${units.name}.service`), units.service);
      writeFileSync(join(dir, `${units.name}.timer`), units.timer);
    }
    if (own.json) {
      io.stdout(`${JSON.stringify({ kind: 'systemd', id, dir, written: own.write, service: units.service, timer: units.timer })}\n`);
    } else {
      io.stdout(`# ${join(dir, `${units.name}.service`)}\n${units.service}\n# ${join(dir, `${units.name}.timer`)}\n${units.timer}\n`);
      io.stdout(own.write
        ? `Written. Enable it with: systemctl --user daemon-reload && systemctl --user enable --now ${units.name}.timer\n`
        : 'Not written: run again with --write to install these units.\n');
    }
    return 0;
  }
  const entry = cronEntry({ ...spec, drillArgs: [...spec.drillArgs] });
  if (own.write) {
    const current = spawnSync('crontab', ['-l'], { encoding: 'utf8' });
    if (current.error) throw new UserError(`crontab is not available (${current.error.message}); use --systemd, or install cron`);
    const merged = mergeCrontab(current.status === 0 ? current.stdout : '', entry, id);
    const wrote = spawnSync('crontab', ['-'], { input: merged, encoding: 'utf8' });
    if (wrote.status !== 0) throw new UserError(`crontab refused the new table: ${wrote.stderr.trim()}`);
  }
  if (own.json) io.stdout(`${JSON.stringify({ kind: 'cron', id, entry, written: own.write })}\n`);
  else io.stdout(`${entry}\n${own.write ? 'Installed in your crontab (an earlier entry for the same drill was replaced).\n' : 'Not installed: run again with --write to add it to your crontab.\n'}`);
  return 0;
}

export const command: CliCommand = {
  name: 'drill',
  summary: 'Restore drills: postgres, sqlite, rds, schedule',
  help: HELP,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    switch (sub) {
      case 'postgres': return runPostgres(rest, io);
      case 'sqlite': return runSqlite(rest, io);
      case 'rds': return runRds(rest, io);
      case 'schedule': return runSchedule(rest, io);
      default:
        throw new UserError(sub ? `unknown drill '${sub}'` : 'which drill? postgres, sqlite, rds or schedule', "Run 'twokey drill --help'.");
    }
  },
};

