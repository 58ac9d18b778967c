import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'requests',
  summary: 'requests',
  help: 'twokey requests: not available yet',
  async run(_argv, io) {
    io.stderr('twokey requests: not available yet\n');
    return 1;
  },
};
