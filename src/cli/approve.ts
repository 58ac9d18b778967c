import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'approve',
  summary: 'approve',
  help: 'twokey approve: not available yet',
  async run(_argv, io) {
    io.stderr('twokey approve: not available yet\n');
    return 1;
  },
};
