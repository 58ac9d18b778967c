import { join } from 'node:path';
import { type AgentAdapter, type ToolCall, PayloadError, asObject, optionalString, requirePath, requireString } from './types.js';

const WRITE_TOOLS = new Set(['Write', 'Edit', 'Delete', 'StrReplace', 'MultiEdit']);

/**
 * Cursor hooks (`hooks.json`, version 1). `beforeShellExecution`: stdin { hook_event_name, conversation_id,
 * generation_id, workspace_roots, command, cwd }. `preToolUse`: { hook_event_name, tool_name: "Shell" | "Write" |
 * "Delete" | ..., tool_input }. Answer { permission: allow | deny | ask, user_message, agent_message }.
 * Hooks fail open unless the entry has `failClosed: true`.
 */
export const cursor: AgentAdapter = {
  id: 'cursor',
  displayName: 'Cursor',
  scopes: ['user', 'project'],
  target: (scope, home, cwd) => ({
    file: scope === 'user' ? join(home, '.cursor', 'hooks.json') : join(cwd, '.cursor', 'hooks.json'),
    mode: 'merge-json',
  }),
  detect: { dirs: ['.cursor'], bins: ['cursor', 'cursor-agent'] },
  parse(payload): ToolCall {
    const p = asObject(payload, 'Cursor hook payload');
    const event = requireString(p, 'hook_event_name', 'payload');
    const roots = Array.isArray(p.workspace_roots) ? p.workspace_roots.filter((r): r is string => typeof r === 'string') : [];
    const cwd = optionalString(p, 'cwd') ?? roots[0];
    if (event === 'beforeShellExecution') return { kind: 'shell', tool: 'Shell', command: requireString(p, 'command', 'payload'), cwd };
    if (event === 'preToolUse') {
      const tool = requireString(p, 'tool_name', 'payload');
      const input = asObject(typeof p.tool_input === 'string' ? parseJson(p.tool_input) : p.tool_input, 'payload.tool_input');
      const toolCwd = optionalString(input, 'cwd') ?? optionalString(input, 'working_directory') ?? cwd;
      if (tool === 'Shell' || tool === 'Terminal') return { kind: 'shell', tool, command: requireString(input, 'command', 'tool_input'), cwd: toolCwd };
      if (WRITE_TOOLS.has(tool)) return { kind: 'write', tool, paths: [requirePath(input, ['file_path', 'path', 'target_file'], 'tool_input')], cwd };
      return { kind: 'other', tool, cwd };
    }
    throw new PayloadError(`Cursor event '${event}' is not one twokey answers (beforeShellExecution, preToolUse)`);
  },
  shellPayload: (command, cwd) => ({
    hook_event_name: 'beforeShellExecution', conversation_id: 'twokey-canary', generation_id: 'gen-canary',
    workspace_roots: [cwd], command, cwd,
  }),
  writePayload: (path, cwd) => ({
    hook_event_name: 'preToolUse', conversation_id: 'twokey-canary', generation_id: 'gen-canary',
    workspace_roots: [cwd], tool_name: 'Write', tool_input: { file_path: path, contents: '' },
  }),
};

function parseJson(text: string): unknown {
  try { return JSON.parse(text); } catch { throw new PayloadError('payload.tool_input is a string that is not JSON'); }
}
