import { parseArgs } from 'node:util';
import type { CliCommand } from './io.js';
import { UserError } from '../core/errors.js';
import { twokeyHome } from '../core/home.js';
import { rejectRequest, validateRequestId } from '../approval/api.js';

const HELP = `twokey reject: refuse a request

Usage: twokey reject ID [--reason TEXT] [--json]

Marks the request rejected and withdraws any approval of it that was not used yet. The agent gets a
new request if it tries again. Rejecting needs no passphrase (it can only make things safer).
`;

export const command: CliCommand = {
  name: 'reject',
  summary: 'Reject a request',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, options: { reason: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true });
    if (positionals.length !== 1) throw new UserError('give exactly one request id', 'Usage: twokey reject ID   (list them with `twokey requests`)');
    const id = validateRequestId(positionals[0]);
    const r = rejectRequest(id, { home: twokeyHome(io.env), reason: values.reason });
    if (values.json) io.stdout(`${JSON.stringify({ id: r.id, status: r.status, rejectedAt: r.rejectedAt })}\n`);
    else io.stdout(`Rejected ${r.id}: ${r.display.replace(/\s+/g, ' ').slice(0, 160)}\n`);
    return 0;
  },
};
