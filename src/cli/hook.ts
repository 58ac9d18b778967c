import type { CliCommand } from './io.js';
import { AGENT_IDS, isAgentId, failClosedAnswer } from '../agents/protocol.js';
import { answerHook } from '../agents/run-hook.js';

export const command: CliCommand = {
  name: 'hook',
  summary: "Answer an agent's pre-tool hook on stdin, in that agent's own shape",
  help: `Usage: twokey hook <agent>

Reads the agent's hook payload (JSON) on stdin, judges the shell command or file edit it announces, and
answers in that agent's exact shape. Agents: ${AGENT_IDS.join(', ')}.
Installed by \`twokey install <agent>\`; you rarely run it by hand.

  claude-code  PreToolUse: deny/ask as hookSpecificOutput JSON (exit 0); allow prints nothing
  codex        PreToolUse: deny as exit 2 with the reason on stderr; ask becomes deny with instructions
  gemini-cli   BeforeTool: {"decision","reason"}; ask becomes deny
  cursor       beforeShellExecution / preToolUse: {"permission","user_message","agent_message"}
  copilot-cli  preToolUse: {"permissionDecision","permissionDecisionReason"}; ask becomes deny
  opencode     read by the generated plugin: {"decision","message"}; the plugin throws to block

Fails closed: bad or empty stdin, an unknown payload, an internal error or no decision within
TWOKEY_HOOK_TIMEOUT_MS (default 5000) answers deny in the agent's blocking shape.
The fast path asks the twokey daemon (\`twokey daemon status\`); TWOKEY_NO_DAEMON=1 keeps it in-process.
`,
  async run(argv, io) {
    const agent = argv.find((a) => !a.startsWith('-'));
    if (!isAgentId(agent)) {
      io.stderr(`twokey hook: unknown agent '${agent ?? ''}'. Use one of: ${AGENT_IDS.join(', ')}.\n`);
      // An unknown agent cannot be answered in its shape; exit 2 blocks in the protocols that honour exit codes.
      return 2;
    }
    let stdin: string;
    try {
      stdin = await io.readStdin();
    } catch (err) {
      const a = failClosedAnswer(agent, `could not read stdin: ${(err as Error).message}`);
      io.stdout(a.stdout); io.stderr(a.stderr);
      return a.exitCode;
    }
    const answer = await answerHook(agent, stdin, { cwd: io.cwd, env: io.env });
    io.stdout(answer.stdout);
    io.stderr(answer.stderr);
    return answer.exitCode;
  },
};
