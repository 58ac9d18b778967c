import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'policy',
  summary: 'policy',
  help: 'twokey policy: not available yet',
  async run(_argv, io) {
    io.stderr('twokey policy: not available yet\n');
    return 1;
  },
};
