import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'install',
  summary: 'install',
  help: 'twokey install: not available yet',
  async run(_argv, io) {
    io.stderr('twokey install: not available yet\n');
    return 1;
  },
};
