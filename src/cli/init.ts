import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'init',
  summary: 'init',
  help: 'twokey init: not available yet',
  async run(_argv, io) {
    io.stderr('twokey init: not available yet\n');
    return 1;
  },
};
