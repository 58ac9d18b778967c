import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'check',
  summary: 'check',
  help: 'twokey check: not available yet',
  async run(_argv, io) {
    io.stderr('twokey check: not available yet\n');
    return 1;
  },
};
