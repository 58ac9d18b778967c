import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliCommand } from './io.js';
import { UserError } from '../core/errors.js';
import { twokeyHome } from '../core/home.js';

const HELP = `twokey dashboard: what is waiting for a human, what was decided, and what is proven

Usage:
  twokey dashboard [--port N] [--max-age-days N]     serve it on 127.0.0.1 until Ctrl-C
  twokey dashboard --out FILE                         write one snapshot as a self-contained HTML file
  twokey dashboard --json                             print the same data as JSON

Shows pending requests (with the command a human runs to release each), recent journal entries and
the allow/ask/deny counts, whether the journal's hash chain verifies and which key is trusted, the age
of the last verified restore per database, and the Terraform state ledger with its anomalies.
It is read-only: nothing on the page can approve, reject or change anything. The server listens on
loopback only, on a random path token, and refuses requests for any other Host.
Exit codes: 0 ok, 1 error.
`;

export const command: CliCommand = {
  name: 'dashboard',
  summary: 'Serve a read-only dashboard of requests, journal, drills and state',
  help: HELP,
  async run(argv, io) {
    let values: { port?: string; out?: string; json?: boolean; 'max-age-days'?: string };
    try {
      ({ values } = parseArgs({ args: argv, options: { port: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, 'max-age-days': { type: 'string' } }, strict: true }));
    } catch (err) {
      throw new UserError((err as Error).message, "Run 'twokey dashboard --help'.");
    }
    const maxAgeDays = values['max-age-days'] === undefined ? undefined : Number(values['max-age-days']);
    if (maxAgeDays !== undefined && !(maxAgeDays > 0)) throw new UserError(`--max-age-days ${values['max-age-days']}: expected a positive number`);
    const home = twokeyHome(io.env);
    if (values.json || values.out) {
      const { buildDashboardModel } = await import('../dashboard/model.js');
      const model = await buildDashboardModel({ home, maxAgeDays });
      if (values.json) io.stdout(`${JSON.stringify(model, null, 2)}\n`);
      if (values.out) {
        const { renderDashboard } = await import('../dashboard/render.js');
        const out = resolve(io.cwd, values.out);
        writeFileSync(out, renderDashboard(model));
        io.stderr(`twokey dashboard: wrote ${out}\n`);
      }
      return 0;
    }
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port ${values.port}: expected a port number`);
    const { startDashboard } = await import('../dashboard/server.js');
    const dash = await startDashboard({ home, port, maxAgeDays });
    io.stdout(`twokey dashboard: ${dash.url}\n(read-only, loopback only; Ctrl-C to stop)\n`);
    await new Promise<void>((done) => {
      const stop = () => { void dash.close().then(done); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
