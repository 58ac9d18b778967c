import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'daemon',
  summary: 'daemon',
  help: 'twokey daemon: not available yet',
  async run(_argv, io) {
    io.stderr('twokey daemon: not available yet\n');
    return 1;
  },
};
