import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'doctor',
  summary: 'doctor',
  help: 'twokey doctor: not available yet',
  async run(_argv, io) {
    io.stderr('twokey doctor: not available yet\n');
    return 1;
  },
};
