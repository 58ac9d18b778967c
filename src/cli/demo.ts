import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'demo',
  summary: 'demo',
  help: 'twokey demo: not available yet',
  async run(_argv, io) {
    io.stderr('twokey demo: not available yet\n');
    return 1;
  },
};
