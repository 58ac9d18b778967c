import { join } from 'node:path';
import { type AgentAdapter, type ToolCall, asObject, optionalString, requirePath, requireString } from './types.js';

/**
 * Gemini CLI `BeforeTool`: stdin { session_id, transcript_path, cwd, hook_event_name, timestamp, tool_name,
 * tool_input }. Shell tool `run_shell_command` (tool_input.command, optional dir_path); file tools `write_file`
 * and `replace` (tool_input.file_path). Answer { decision, reason }; no ask at hook level.
 */
export const geminiCli: AgentAdapter = {
  id: 'gemini-cli',
  displayName: 'Gemini CLI',
  scopes: ['user', 'project'],
  target: (scope, home, cwd) => ({
    file: scope === 'user' ? join(home, '.gemini', 'settings.json') : join(cwd, '.gemini', 'settings.json'),
    mode: 'merge-json',
  }),
  detect: { dirs: ['.gemini'], bins: ['gemini'] },
  parse(payload): ToolCall {
    const p = asObject(payload, 'Gemini CLI BeforeTool payload');
    const tool = requireString(p, 'tool_name', 'payload');
    const cwd = optionalString(p, 'cwd');
    if (tool === 'run_shell_command') {
      const input = asObject(p.tool_input, 'payload.tool_input');
      const dir = optionalString(input, 'dir_path') ?? optionalString(input, 'directory');
      return { kind: 'shell', tool, command: requireString(input, 'command', 'tool_input'), cwd: dir && cwd ? join(cwd, dir) : dir ?? cwd };
    }
    if (tool === 'write_file' || tool === 'replace') {
      const input = asObject(p.tool_input, 'payload.tool_input');
      return { kind: 'write', tool, paths: [requirePath(input, ['file_path', 'absolute_path', 'path'], 'tool_input')], cwd };
    }
    return { kind: 'other', tool, cwd };
  },
  shellPayload: (command, cwd) => ({
    session_id: 'twokey-canary', transcript_path: '/dev/null', cwd, hook_event_name: 'BeforeTool',
    timestamp: '2026-01-01T00:00:00.000Z', tool_name: 'run_shell_command', tool_input: { command, description: 'twokey canary' },
  }),
  writePayload: (path, cwd) => ({
    session_id: 'twokey-canary', transcript_path: '/dev/null', cwd, hook_event_name: 'BeforeTool',
    timestamp: '2026-01-01T00:00:00.000Z', tool_name: 'write_file', tool_input: { file_path: path, content: '' },
  }),
};
