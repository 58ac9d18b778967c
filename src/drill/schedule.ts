import { createHash } from 'node:crypto';

/** A drill to run on a schedule: `twokey drill <engine> <args>` every day at a time. */
export interface ScheduleSpec {
  engine: 'postgres' | 'sqlite' | 'rds';
  /** The drill's own arguments, exactly as they will run. */
  drillArgs: string[];
  /** HH:MM, local time of the machine. */
  at: string;
  /** Absolute command that runs twokey (node + bin path). */
  twokeyCommand: string[];
  /** Where the drill's output is appended. */
  logFile: string;
}

export function parseTime(at: string): { hour: number; minute: number } {
  const m = /^(\d{1,2}):(\d{2})$/.exec(at);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new Error(`--at ${JSON.stringify(at)}: expected HH:MM (24-hour), e.g. 03:30`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** Passwords never go into crontabs or unit files: use ~/.pgpass or PGPASSFILE. */
export function assertNoSecrets(args: string[]): void {
  for (const a of args) {
    try {
      const u = new URL(a);
      if (u.password) throw new Error(`${u.protocol}//…: the URL carries a password, which would be written into a crontab or unit file. Remove it and put it in ~/.pgpass (or PGPASSFILE) instead.`);
    } catch (err) {
      if (err instanceof TypeError) continue; // not a URL
      throw err;
    }
  }
}

function q(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function scheduleId(spec: ScheduleSpec): string {
  return `twokey-drill-${spec.engine}-${createHash('sha256').update(spec.drillArgs.join('\0')).digest('hex').slice(0, 10)}`;
}

export function drillCommandLine(spec: ScheduleSpec): string {
  return [...spec.twokeyCommand, 'drill', spec.engine, ...spec.drillArgs].map(q).join(' ');
}

/** One crontab line, tagged so that installing again replaces it instead of adding a second. */
export function cronEntry(spec: ScheduleSpec): string {
  const { hour, minute } = parseTime(spec.at);
  return `${minute} ${hour} * * * ${drillCommandLine(spec)} >> ${q(spec.logFile)} 2>&1 # ${scheduleId(spec)}`;
}

/** Merge a cron entry into an existing crontab text: replaces the line with the same id, else appends. */
export function mergeCrontab(existing: string, entry: string, id: string): string {
  const lines = existing.split('\n').filter((l, i, all) => !(i === all.length - 1 && l === ''));
  const kept = lines.filter((l) => !l.endsWith(`# ${id}`));
  return `${[...kept, entry].join('\n')}\n`;
}

export function systemdUnits(spec: ScheduleSpec): { service: string; timer: string; name: string } {
  const { hour, minute } = parseTime(spec.at);
  const name = scheduleId(spec);
  const service = [
    '[Unit]',
    `Description=twokey restore drill (${spec.engine})`,
    '',
    '[Service]',
    'Type=oneshot',
    `ExecStart=/bin/sh -c ${q(`${drillCommandLine(spec)} >> ${q(spec.logFile)} 2>&1`)}`,
    '',
  ].join('\n');
  const timer = [
    '[Unit]',
    `Description=Daily twokey restore drill (${spec.engine})`,
    '',
    '[Timer]',
    `OnCalendar=*-*-* ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00`,
    'Persistent=true',
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
  return { service, timer, name };
}
