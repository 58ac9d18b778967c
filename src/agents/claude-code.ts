import { join } from 'node:path';
import { type AgentAdapter, type ToolCall, asObject, optionalString, requirePath, requireString } from './types.js';

/** Claude Code tools whose input names a file they write. */
const WRITE_TOOLS: Record<string, readonly string[]> = {
  Write: ['file_path'],
  Edit: ['file_path'],
  MultiEdit: ['file_path'],
  NotebookEdit: ['notebook_path'],
};

/**
 * Claude Code `PreToolUse`: stdin { session_id, transcript_path, cwd, permission_mode, hook_event_name,
 * tool_name, tool_input, tool_use_id }. Settings: `hooks.PreToolUse[] = { matcher, hooks: [{ type, command }] }`
 * in ~/.claude/settings.json or <project>/.claude/settings.json.
 */
export const claudeCode: AgentAdapter = {
  id: 'claude-code',
  displayName: 'Claude Code',
  scopes: ['user', 'project'],
  target: (scope, home, cwd) => ({
    file: scope === 'user' ? join(home, '.claude', 'settings.json') : join(cwd, '.claude', 'settings.json'),
    mode: 'merge-json',
  }),
  detect: { dirs: ['.claude'], bins: ['claude'] },
  parse(payload): ToolCall {
    const p = asObject(payload, 'Claude Code PreToolUse payload');
    const tool = requireString(p, 'tool_name', 'payload');
    const input = asObject(p.tool_input, 'payload.tool_input');
    const cwd = optionalString(p, 'cwd');
    if (tool === 'Bash') return { kind: 'shell', tool, command: requireString(input, 'command', 'tool_input'), cwd };
    const keys = WRITE_TOOLS[tool];
    if (keys) return { kind: 'write', tool, paths: [requirePath(input, keys, 'tool_input')], cwd };
    return { kind: 'other', tool, cwd };
  },
  shellPayload: (command, cwd) => ({
    session_id: 'twokey-canary', transcript_path: '/dev/null', cwd, permission_mode: 'default',
    hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command, description: 'twokey canary' },
    tool_use_id: 'toolu_twokey_canary',
  }),
  writePayload: (path, cwd) => ({
    session_id: 'twokey-canary', transcript_path: '/dev/null', cwd, permission_mode: 'default',
    hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: path, content: '' },
    tool_use_id: 'toolu_twokey_canary',
  }),
};
