/**
 * Each agent's hook answer shape, and nothing else: no imports, so the lean hook client (which must load only
 * node built-ins) can answer in the agent's own blocking shape when everything else fails (watchdog, crash,
 * daemon gone, bundle missing). Where each fact was checked: docs/agents.md.
 */

export const AGENT_IDS = ['claude-code', 'codex', 'gemini-cli', 'cursor', 'copilot-cli', 'opencode'] as const;
export type AgentId = (typeof AGENT_IDS)[number];

export function isAgentId(name: unknown): name is AgentId {
  return typeof name === 'string' && (AGENT_IDS as readonly string[]).includes(name);
}

/** Default watchdog: below every agent's own hook timeout (Claude Code 60 s, Cursor/Copilot defaults >= 10 s). */
export const DEFAULT_HOOK_TIMEOUT_MS = 5000;

/** `TWOKEY_HOOK_TIMEOUT_MS`, or the default. */
export function hookTimeoutMs(env: Readonly<Record<string, string | undefined>>): number {
  const n = Number(env.TWOKEY_HOOK_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_HOOK_TIMEOUT_MS;
}

/** Largest stdin a hook accepts: a payload past this is not an agent's tool call. */
export const MAX_HOOK_STDIN_BYTES = 4 * 1024 * 1024;

/** What the hook process prints and how it exits. */
export interface HookAnswer {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The hook's verdict before it is put in an agent's shape. `message` is what the agent (and the human) read. */
export interface HookVerdict {
  decision: 'allow' | 'ask' | 'deny';
  message: string;
}

/** Agents whose hook protocol has a native "ask the human" answer. Elsewhere ask is answered as deny. */
export const NATIVE_ASK: ReadonlySet<AgentId> = new Set<AgentId>(['claude-code', 'cursor']);

/** Prefix of every fail-closed message: `doctor` uses it to tell "blocked by a rule" from "blocked because broken". */
export const FAIL_CLOSED_PREFIX = 'twokey failed closed:';

const line = (value: unknown): string => `${JSON.stringify(value)}\n`;

/**
 * The verdict in the agent's exact shape. Allow prints nothing where an explicit allow would skip the user's own
 * permission prompts (claude-code, codex, copilot-cli) or be read as a malformed answer (codex).
 */
export function formatAnswer(agent: AgentId, verdict: HookVerdict): HookAnswer {
  const decision = verdict.decision === 'ask' && !NATIVE_ASK.has(agent) ? 'deny' : verdict.decision;
  const msg = verdict.message;
  switch (agent) {
    case 'claude-code':
      if (decision === 'allow') return { stdout: '', stderr: '', exitCode: 0 };
      return {
        stdout: line({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision, permissionDecisionReason: msg } }),
        stderr: '',
        exitCode: 0,
      };
    case 'codex':
      // Codex honours only a deny; exit 2 with the reason on stderr is its oldest, schema-free blocking contract.
      if (decision === 'allow') return { stdout: '', stderr: '', exitCode: 0 };
      return { stdout: '', stderr: `${msg}\n`, exitCode: 2 };
    case 'gemini-cli':
      // `{}` is the documented pass-through: an explicit allow could skip Gemini's own confirmation.
      if (decision === 'allow') return { stdout: '{}\n', stderr: '', exitCode: 0 };
      return { stdout: line({ decision: 'deny', reason: msg }), stderr: '', exitCode: 0 };
    case 'cursor':
      if (decision === 'allow') return { stdout: line({ permission: 'allow' }), stderr: '', exitCode: 0 };
      return { stdout: line({ permission: decision, user_message: msg, agent_message: msg }), stderr: '', exitCode: 0 };
    case 'copilot-cli':
      if (decision === 'allow') return { stdout: '', stderr: '', exitCode: 0 };
      return { stdout: line({ permissionDecision: 'deny', permissionDecisionReason: msg }), stderr: '', exitCode: 0 };
    case 'opencode':
      // Read by the generated plugin (src/agents/opencode.ts), which throws to block on anything but an allow.
      if (decision === 'allow') return { stdout: line({ decision: 'allow' }), stderr: '', exitCode: 0 };
      return { stdout: line({ decision: 'deny', message: msg }), stderr: '', exitCode: 0 };
  }
}

/** Any internal error, bad stdin, unknown payload or timeout: a deny in the agent's own blocking shape. */
export function failClosedAnswer(agent: AgentId, error: string): HookAnswer {
  const message = `${FAIL_CLOSED_PREFIX} ${error}. The command was blocked because twokey could not judge it. `
    + 'Run `twokey doctor` to find the fault; a human can run the command themselves if it is safe.';
  return formatAnswer(agent, { decision: 'deny', message });
}

/** Does this printed answer block the tool call? (doctor and tests read answers with it.) */
export function answerBlocks(agent: AgentId, answer: { stdout: string; stderr?: string; exitCode: number | null }): { blocks: boolean; message: string } {
  if (agent === 'opencode' && answer.exitCode !== 0) return { blocks: true, message: (answer.stderr ?? '').trim() };
  if (agent === 'codex' || answer.exitCode !== 0) return { blocks: answer.exitCode === 2, message: (answer.stderr ?? '').trim() };
  let parsed: Record<string, unknown> = {};
  try { parsed = answer.stdout.trim() === '' ? {} : JSON.parse(answer.stdout) as Record<string, unknown>; } catch { return { blocks: false, message: 'unparseable answer' }; }
  const hso = parsed.hookSpecificOutput as Record<string, unknown> | undefined;
  switch (agent) {
    case 'claude-code': return { blocks: hso?.permissionDecision === 'deny', message: String(hso?.permissionDecisionReason ?? '') };
    case 'gemini-cli': return { blocks: parsed.decision === 'deny', message: String(parsed.reason ?? '') };
    case 'cursor': return { blocks: parsed.permission === 'deny', message: String(parsed.agent_message ?? '') };
    case 'copilot-cli': return { blocks: parsed.permissionDecision === 'deny', message: String(parsed.permissionDecisionReason ?? '') };
    case 'opencode': return { blocks: parsed.decision !== 'allow', message: String(parsed.message ?? '') };
  }
}
