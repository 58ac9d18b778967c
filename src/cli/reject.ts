import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'reject',
  summary: 'reject',
  help: 'twokey reject: not available yet',
  async run(_argv, io) {
    io.stderr('twokey reject: not available yet\n');
    return 1;
  },
};
