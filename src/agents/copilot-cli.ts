import { join } from 'node:path';
import { type AgentAdapter, type ToolCall, PayloadError, asObject, optionalString, requirePath, requireString } from './types.js';

const SHELL_TOOLS = new Set(['bash', 'shell', 'powershell']);
const WRITE_TOOLS = new Set(['edit', 'create', 'write', 'str_replace_editor']);

/**
 * GitHub Copilot CLI `preToolUse` (`.github/hooks/*.json`, version 1): stdin { timestamp, cwd, toolName, toolArgs }
 * where toolArgs is a JSON *string* (an object in the SDK; both are read). Answer { permissionDecision: "deny",
 * permissionDecisionReason }; ask is answered as deny.
 */
export const copilotCli: AgentAdapter = {
  id: 'copilot-cli',
  displayName: 'GitHub Copilot CLI',
  scopes: ['project', 'user'],
  target: (scope, home, cwd) => ({
    file: scope === 'project' ? join(cwd, '.github', 'hooks', 'twokey.json') : join(home, '.copilot', 'hooks', 'twokey.json'),
    mode: 'own-file',
  }),
  detect: { dirs: ['.copilot'], bins: ['copilot'] },
  parse(payload): ToolCall {
    const p = asObject(payload, 'Copilot CLI preToolUse payload');
    const tool = requireString(p, 'toolName', 'payload');
    const cwd = optionalString(p, 'cwd');
    const raw = p.toolArgs;
    let args: Record<string, unknown>;
    if (typeof raw === 'string') {
      let parsed: unknown;
      try { parsed = JSON.parse(raw); } catch { throw new PayloadError('payload.toolArgs is a string that is not JSON'); }
      args = asObject(parsed, 'payload.toolArgs');
    } else {
      args = asObject(raw, 'payload.toolArgs');
    }
    if (SHELL_TOOLS.has(tool)) return { kind: 'shell', tool, command: requireString(args, 'command', 'toolArgs'), cwd };
    if (WRITE_TOOLS.has(tool)) return { kind: 'write', tool, paths: [requirePath(args, ['path', 'file_path', 'filePath'], 'toolArgs')], cwd };
    return { kind: 'other', tool, cwd };
  },
  shellPayload: (command, cwd) => ({
    timestamp: 1767225600000, cwd, toolName: 'bash', toolArgs: JSON.stringify({ command, description: 'twokey canary' }),
  }),
  writePayload: (path, cwd) => ({
    timestamp: 1767225600000, cwd, toolName: 'edit', toolArgs: JSON.stringify({ path, old_str: 'a', new_str: 'b' }),
  }),
};
