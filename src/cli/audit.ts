import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'audit',
  summary: 'audit',
  help: 'twokey audit: not available yet',
  async run(_argv, io) {
    io.stderr('twokey audit: not available yet\n');
    return 1;
  },
};
