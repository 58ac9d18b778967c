import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'rules',
  summary: 'rules',
  help: 'twokey rules: not available yet',
  async run(_argv, io) {
    io.stderr('twokey rules: not available yet\n');
    return 1;
  },
};
