import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'harden',
  summary: 'harden',
  help: 'twokey harden: not available yet',
  async run(_argv, io) {
    io.stderr('twokey harden: not available yet\n');
    return 1;
  },
};
