import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'uninstall',
  summary: 'uninstall',
  help: 'twokey uninstall: not available yet',
  async run(_argv, io) {
    io.stderr('twokey uninstall: not available yet\n');
    return 1;
  },
};
