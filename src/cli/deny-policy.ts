import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'deny-policy',
  summary: 'deny-policy',
  help: 'twokey deny-policy: not available yet',
  async run(_argv, io) {
    io.stderr('twokey deny-policy: not available yet\n');
    return 1;
  },
};
