import type { AgentId } from './protocol.js';
import type { AgentAdapter } from './types.js';
import { claudeCode } from './claude-code.js';
import { codex } from './codex.js';
import { geminiCli } from './gemini-cli.js';
import { cursor } from './cursor.js';
import { copilotCli } from './copilot-cli.js';
import { opencode } from './opencode.js';

export const ADAPTERS: Record<AgentId, AgentAdapter> = {
  'claude-code': claudeCode,
  codex,
  'gemini-cli': geminiCli,
  cursor,
  'copilot-cli': copilotCli,
  opencode,
};
