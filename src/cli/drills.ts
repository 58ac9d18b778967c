import { parseArgs } from 'node:util';
import type { CliCommand } from './io.js';
import { UserError } from '../core/errors.js';
import { twokeyHome } from '../core/home.js';
import { describeAge } from '../drill/proof.js';

export const DEFAULT_MAX_AGE_DAYS = 7;

const HELP = `twokey drills: the last verified restore of each database, and its age

Usage: twokey drills [--json] [--max-age-days N]

Reads the drills recorded in the journal ('twokey drill ...'). A database whose last verified restore is
older than --max-age-days (default ${DEFAULT_MAX_AGE_DAYS}) or that never verified is marked STALE / NONE.
Exit codes: 0 every database has a fresh proof, 2 at least one is stale or never verified, 1 error.
`;

export const command: CliCommand = {
  name: 'drills',
  summary: 'Show the last verified restore per database',
  help: HELP,
  async run(argv, io) {
    let values: { json?: boolean; 'max-age-days'?: string };
    try {
      ({ values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, 'max-age-days': { type: 'string' } }, strict: true }));
    } catch (err) {
      throw new UserError((err as Error).message, "Run 'twokey drills --help'.");
    }
    const maxAge = values['max-age-days'] === undefined ? DEFAULT_MAX_AGE_DAYS : Number(values['max-age-days']);
    if (!Number.isFinite(maxAge) || maxAge <= 0) throw new UserError(`--max-age-days ${values['max-age-days']}: expected a positive number`);
    const { loadRestoreProofs } = await import('../drill/proof-store.js');
    const proofs = loadRestoreProofs(twokeyHome(io.env));
    const rows = proofs.map((p) => ({
      ...p,
      status: p.verifiedAgeDays === null ? 'none' : p.verifiedAgeDays > maxAge ? 'stale' : 'fresh',
    }));
    if (values.json) {
      io.stdout(`${JSON.stringify({ maxAgeDays: maxAge, databases: rows }, null, 2)}\n`);
    } else if (rows.length === 0) {
      io.stdout("No drills recorded yet. Prove a backup with 'twokey drill postgres --source URL' (or sqlite, rds).\n");
    } else {
      for (const r of rows) {
        const mark = r.status === 'fresh' ? 'ok   ' : r.status === 'stale' ? 'STALE' : 'NONE ';
        const verified = r.lastVerified ? `last verified ${describeAge(r.verifiedAgeDays ?? 0)} (${r.lastVerified.at}, ${r.lastVerified.tables} tables, ${r.lastVerified.rows} rows)` : 'never verified';
        const lastFailed = !r.lastDrill.ok ? `; last drill FAILED ${r.lastDrill.at}: ${r.lastDrill.failures[0] ?? ''}` : '';
        io.stdout(`${mark} ${r.target}: ${verified}${lastFailed}\n`);
      }
    }
    return rows.every((r) => r.status === 'fresh') ? 0 : 2;
  },
};
