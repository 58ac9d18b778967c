import { isAbsolute, join } from 'node:path';
import { type AgentAdapter, type ToolCall, PayloadError, asObject, optionalString, requireString } from './types.js';

/** File paths named in an apply_patch body (`*** Add File: p`, `*** Update File: p`, `*** Delete File: p`, `*** Move to: p`). */
export function patchPaths(patch: string): string[] {
  const out: string[] = [];
  for (const m of patch.matchAll(/^\*\*\* (?:Add File|Update File|Delete File|Move to): (.+)$/gm)) out.push(m[1].trim());
  return out;
}

/**
 * Codex `PreToolUse` (hooks.json, same envelope as Claude Code): stdin adds `turn_id` and `model`; tool `Bash`
 * with `tool_input.command`, `apply_patch` with the patch text. Only a deny is honoured.
 */
export const codex: AgentAdapter = {
  id: 'codex',
  displayName: 'Codex CLI',
  scopes: ['user', 'project'],
  target: (scope, home, cwd) => ({
    file: scope === 'user' ? join(home, '.codex', 'hooks.json') : join(cwd, '.codex', 'hooks.json'),
    mode: 'merge-json',
  }),
  detect: { dirs: ['.codex'], bins: ['codex'] },
  parse(payload): ToolCall {
    const p = asObject(payload, 'Codex PreToolUse payload');
    const tool = requireString(p, 'tool_name', 'payload');
    const cwd = optionalString(p, 'cwd');
    const input = p.tool_input;
    if (tool === 'Bash' || tool === 'shell' || tool === 'local_shell') {
      const obj = asObject(input, 'payload.tool_input');
      const command = obj.command;
      // Some Codex shells pass argv (["bash","-lc","..."]): judge the script it runs.
      if (Array.isArray(command) && command.every((w) => typeof w === 'string')) {
        const words = command as string[];
        const script = words.length >= 3 && /^(ba|z|da|k)?sh$/.test(words[0].split('/').pop() ?? '') && /^-[a-z]*c$/.test(words[1]) ? words[2] : words.map(shellQuote).join(' ');
        return { kind: 'shell', tool, command: script, cwd };
      }
      return { kind: 'shell', tool, command: requireString(obj, 'command', 'tool_input'), cwd };
    }
    if (tool === 'apply_patch' || tool === 'Edit' || tool === 'Write') {
      const text = typeof input === 'string' ? input
        : typeof (input as Record<string, unknown> | null)?.command === 'string' ? String((input as Record<string, unknown>).command)
        : typeof (input as Record<string, unknown> | null)?.patch === 'string' ? String((input as Record<string, unknown>).patch)
        : typeof (input as Record<string, unknown> | null)?.input === 'string' ? String((input as Record<string, unknown>).input) : null;
      if (text === null) throw new PayloadError('apply_patch payload has no patch text in tool_input');
      const paths = patchPaths(text);
      if (paths.length === 0) throw new PayloadError('apply_patch payload names no file (no "*** Update File:" line)');
      return { kind: 'write', tool, paths, cwd };
    }
    return { kind: 'other', tool, cwd };
  },
  shellPayload: (command, cwd) => ({
    session_id: 'twokey-canary', turn_id: 'turn-canary', transcript_path: null, cwd, model: 'canary',
    hook_event_name: 'PreToolUse', permission_mode: 'default', tool_name: 'Bash', tool_input: { command }, tool_use_id: 'call_canary',
  }),
  writePayload: (path, cwd) => ({
    session_id: 'twokey-canary', turn_id: 'turn-canary', transcript_path: null, cwd, model: 'canary',
    hook_event_name: 'PreToolUse', permission_mode: 'default', tool_name: 'apply_patch',
    tool_input: { command: `*** Begin Patch\n*** Update File: ${isAbsolute(path) ? path : path}\n@@\n-a\n+b\n*** End Patch\n` }, tool_use_id: 'call_canary',
  }),
};

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
