import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'ledger',
  summary: 'ledger',
  help: 'twokey ledger: not available yet',
  async run(_argv, io) {
    io.stderr('twokey ledger: not available yet\n');
    return 1;
  },
};
