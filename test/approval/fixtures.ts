// Shared set-up for the second-key tests: a private TWOKEY_HOME with a key pair made through the real
// `twokey init` in a pty (fast scrypt cost), and a claude-code hook call as an agent makes it.
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/env.js';
import { runCliInPty } from './pty.js';

export const PASSPHRASE = 'correct horse battery staple';

export interface Sandbox {
  home: string;
  work: string;
  env: NodeJS.ProcessEnv;
  cleanup: () => void;
}

export function sandbox(opts: { init?: boolean } = {}): Sandbox {
  const t = tempDir('twokey-2k-');
  const root = realpathSync(t.dir);
  const home = join(root, 'home');
  const work = join(root, 'work');
  mkdirSync(work, { recursive: true });
  // Never the machine's /etc/twokey: a private, absent system anchor.
  const env = { TWOKEY_HOME: home, TWOKEY_SYSTEM_DIR: join(root, 'system'), TWOKEY_NO_DAEMON: '1' };
  if (opts.init !== false) {
    const r = runCliInPty(['init', '--kdf-log-n', '14'], [PASSPHRASE, PASSPHRASE], { env });
    if (r.status !== 0) throw new Error(`init failed: ${r.output}`);
  }
  return { home, work, env, cleanup: t.cleanup };
}

/** What claude-code sends before running a Bash command. */
export function claudePayload(command: string, cwd: string): string {
  return JSON.stringify({
    session_id: 'test-session', transcript_path: '/tmp/transcript.jsonl', cwd, permission_mode: 'default',
    hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: 'toolu_test',
  });
}

export interface HookAnswer { decision: 'allow' | 'ask' | 'deny'; reason: string; requestId?: string; raw: string }

/** Run the agent hook for `command` in `cwd` and read the decision from claude-code's answer shape. */
export function agentRuns(sb: Sandbox, command: string, cwd = sb.work, extraEnv: NodeJS.ProcessEnv = {}): HookAnswer {
  const r = runCli(['hook', 'claude-code'], { env: { ...sb.env, ...extraEnv }, input: claudePayload(command, cwd), cwd });
  if (r.status !== 0) throw new Error(`hook exited ${r.status}: ${r.stderr}`);
  if (r.stdout.trim() === '') return { decision: 'allow', reason: '', raw: '' };
  const out = JSON.parse(r.stdout).hookSpecificOutput;
  const reason: string = out.permissionDecisionReason ?? '';
  const m = reason.match(/twokey approve (r-[0-9a-f]{8})/);
  return { decision: out.permissionDecision, reason, requestId: m?.[1], raw: r.stdout };
}

export function journalKinds(sb: Sandbox): string[] {
  const r = runCli(['journal', 'list', '--limit', '1000', '--json'], { env: sb.env });
  return (JSON.parse(r.stdout) as { kind: string }[]).map((e) => e.kind);
}

export function journalEntries(sb: Sandbox): { seq: number; kind: string; summary: string; data?: Record<string, unknown> }[] {
  const r = runCli(['journal', 'list', '--limit', '1000', '--json'], { env: sb.env });
  return JSON.parse(r.stdout);
}
