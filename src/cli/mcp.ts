import type { CliCommand } from './io.js';

// Placeholder until its owner lands the command.
export const command: CliCommand = {
  name: 'mcp',
  summary: 'mcp',
  help: 'twokey mcp: not available yet',
  async run(_argv, io) {
    io.stderr('twokey mcp: not available yet\n');
    return 1;
  },
};
