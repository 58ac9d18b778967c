import { parseArgs } from 'node:util';
import type { CliCommand } from './io.js';
import { twokeyHome } from '../core/home.js';
import { listRequests, type RequestRecord } from '../approval/api.js';

const HELP = `twokey requests: the requests waiting for a human decision

Usage: twokey requests [--all] [--json]

Every ask or deny the gate makes becomes a request, bound to exactly what would run (a hash of the
command, its real working directory and the environment variables that change what it touches; for a
plan, the plan file with its state lineage, serial, backend and workspace).
  --all    also show rejected and used ones
  --json   print the request records as a JSON array

Release one: twokey approve ID (you, in your terminal).  Refuse one: twokey reject ID.
`;

export function age(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 90) return `${s}s`;
  if (s < 5400) return `${Math.round(s / 60)}m`;
  if (s < 129600) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

function line(r: RequestRecord): string {
  const head = `${r.id}  ${r.status.padEnd(8)} ${r.decision.padEnd(4)} ${r.kind.padEnd(7)} ${age(r.createdAt).padStart(4)} ago  ${r.agent}`;
  return `${head}\n    ${r.display.replace(/\s+/g, ' ').slice(0, 200)}\n    in ${r.cwd}\n    ${r.reason}`;
}

export const command: CliCommand = {
  name: 'requests',
  summary: 'List pending requests for a human decision',
  help: HELP,
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { all: { type: 'boolean' }, json: { type: 'boolean' } } });
    const list = listRequests(twokeyHome(io.env), { all: values.all });
    if (values.json) { io.stdout(`${JSON.stringify(list, null, 2)}\n`); return 0; }
    if (list.length === 0) { io.stdout(values.all ? 'No requests.\n' : 'No pending requests.\n'); return 0; }
    io.stdout(`${list.map(line).join('\n\n')}\n\nApprove one (you, in your own terminal): twokey approve ID\n`);
    return 0;
  },
};
