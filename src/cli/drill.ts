import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'drill',
  summary: 'drill',
  help: 'twokey drill: not available yet',
  async run(_argv, io) {
    io.stderr('twokey drill: not available yet\n');
    return 1;
  },
};
