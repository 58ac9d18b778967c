import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'hook',
  summary: 'hook',
  help: 'twokey hook: not available yet',
  async run(_argv, io) {
    io.stderr('twokey hook: not available yet\n');
    return 1;
  },
};
