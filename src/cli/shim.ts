import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'shim',
  summary: 'shim',
  help: 'twokey shim: not available yet',
  async run(_argv, io) {
    io.stderr('twokey shim: not available yet\n');
    return 1;
  },
};
