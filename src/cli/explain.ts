import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'explain',
  summary: 'explain',
  help: 'twokey explain: not available yet',
  async run(_argv, io) {
    io.stderr('twokey explain: not available yet\n');
    return 1;
  },
};
