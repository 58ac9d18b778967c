import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'run',
  summary: 'run',
  help: 'twokey run: not available yet',
  async run(_argv, io) {
    io.stderr('twokey run: not available yet\n');
    return 1;
  },
};
