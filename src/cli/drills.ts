import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'drills',
  summary: 'drills',
  help: 'twokey drills: not available yet',
  async run(_argv, io) {
    io.stderr('twokey drills: not available yet\n');
    return 1;
  },
};
