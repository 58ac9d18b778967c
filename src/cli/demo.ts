import { parseArgs } from 'node:util';
import type { CliCommand } from './io.js';
import { UserError } from '../core/errors.js';

const HELP = `twokey demo incident: replay the February 2026 incident with twokey in the way

Usage: twokey demo incident [--keep] [--replay]

In a temporary directory, with real Terraform (the built-in terraform_data resource: no provider
download, no cloud account), an agent meets a shared production state:
  1. no state: the plan wants to recreate everything, the database included -> the plan gate asks;
     a human approves exactly that plan (a new environment) and it applies once
  2. an old state archive from another lineage is unpacked over the current state
  3. the agent runs terraform destroy -auto-approve -> the command gate denies it and files a request
  4. the agent tries to approve its own request -> denied by the hook, refused without a terminal
  5. the guarded destroy (twokey run) -> the state guard denies the foreign lineage
  6. the human restores the state and a safe plan goes through
and it ends by checking that the database is intact. The human is played by the demo with a
throwaway key; it types the passphrase into 'twokey approve' through a pseudo-terminal.

Without Terraform on PATH it replays plans recorded from a real run, and says so.
  --keep     keep the temporary directory (journal, requests, state) to look at afterwards
  --replay   replay the recorded plans even when Terraform is installed
Exit code 0 when every destructive step was stopped and the database is intact, 1 otherwise.
`;

export const command: CliCommand = {
  name: 'demo',
  summary: 'Replay the incident with real Terraform: `twokey demo incident`',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { keep: { type: 'boolean' }, replay: { type: 'boolean' }, record: { type: 'string' } },
      allowPositionals: true,
    });
    if (positionals[0] !== 'incident' || positionals.length > 1) {
      throw new UserError(`unknown demo '${positionals.join(' ')}'`, 'Usage: twokey demo incident [--keep] [--replay]');
    }
    const { runIncidentDemo } = await import('../demo/incident.js');
    return runIncidentDemo(io, { keep: values.keep, replay: values.replay, recordTo: values.record });
  },
};
