import type { CliCommand } from './io.js';

export const command: CliCommand = {
  name: 'mcp',
  summary: 'Serve check_command and run_command over MCP (stdio)',
  help: `Usage: twokey mcp

A Model Context Protocol server on stdio, for agents without hooks. Add it to the agent's MCP settings as the
command \`twokey mcp\` (absolute path recommended), and take the agent's own shell tool away.

Tools:
  check_command {command, cwd?}               -> {decision, rule, reason, loses, safer, requestId, instructions}
  run_command   {command, cwd?, timeout_ms?}  runs \`bash -c command\` only when twokey allows it; output capped
                                              at 64 KiB per stream (truncation reported); otherwise the decision
                                              and how a human releases it (\`twokey approve <requestId>\`)
`,
  async run(_argv, io) {
    const { runMcpServer } = await import('../mcp/server.js');
    await runMcpServer({ cwd: io.cwd, env: io.env });
    return 0;
  },
};
