import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'plan',
  summary: 'plan',
  help: 'twokey plan: not available yet',
  async run(_argv, io) {
    io.stderr('twokey plan: not available yet\n');
    return 1;
  },
};
