import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'journal',
  summary: 'journal',
  help: 'twokey journal: not available yet',
  async run(_argv, io) {
    io.stderr('twokey journal: not available yet\n');
    return 1;
  },
};
