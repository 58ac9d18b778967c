import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { GateRequest, GateResult } from '../gate/command-gate.js';
import { type AgentId, type HookAnswer, type HookVerdict, MAX_HOOK_STDIN_BYTES, NATIVE_ASK, failClosedAnswer, formatAnswer } from './protocol.js';
import { ADAPTERS } from './registry.js';
import { PayloadError, type ToolCall } from './types.js';
import type { ProtectedPathCheck } from './protected.js';

export interface HookContext {
  /** The hook process's working directory (used when the payload names none). */
  cwd: string;
  /** The hook process's environment: the gate judges the command with it. */
  env: Readonly<Record<string, string | undefined>>;
}

export interface HookDeps {
  gate: (req: GateRequest) => Promise<GateResult>;
  isProtectedPath: ProtectedPathCheck;
}

/**
 * The one function behind `twokey hook <agent>`, in-process and in the daemon alike: stdin text in, the agent's
 * exact answer out. Never throws: every failure is a deny in the agent's blocking shape.
 */
export async function respondToHook(agent: AgentId, stdin: string, ctx: HookContext, deps: HookDeps): Promise<HookAnswer> {
  try {
    const call = readToolCall(agent, stdin);
    const cwd = resolveCwd(call.cwd, ctx.cwd);
    const verdict = await judge(agent, call, cwd, ctx, deps);
    return formatAnswer(agent, verdict);
  } catch (err) {
    const what = err instanceof PayloadError ? `unreadable ${agent} hook payload: ${err.message}` : `internal error: ${(err as Error)?.message ?? String(err)}`;
    return failClosedAnswer(agent, what);
  }
}

export function readToolCall(agent: AgentId, stdin: string): ToolCall {
  if (Buffer.byteLength(stdin, 'utf8') > MAX_HOOK_STDIN_BYTES) throw new PayloadError(`stdin is larger than ${MAX_HOOK_STDIN_BYTES} bytes`);
  if (stdin.trim() === '') throw new PayloadError('stdin is empty (expected the agent\'s JSON payload)');
  let payload: unknown;
  try {
    payload = JSON.parse(stdin);
  } catch (err) {
    throw new PayloadError(`stdin is not JSON (${(err as Error).message})`);
  }
  return ADAPTERS[agent].parse(payload);
}

function resolveCwd(fromPayload: string | undefined, fallback: string): string {
  if (fromPayload && isAbsolute(fromPayload)) return fromPayload;
  return fromPayload ? resolve(fallback, fromPayload) : fallback;
}

async function judge(agent: AgentId, call: ToolCall, cwd: string, ctx: HookContext, deps: HookDeps): Promise<HookVerdict> {
  if (call.kind === 'other') return { decision: 'allow', message: '' };
  if (call.kind === 'write') {
    const home = ctx.env.HOME && ctx.env.HOME !== '' ? ctx.env.HOME : homedir();
    // The strictest verdict over every path the tool writes.
    const hits = call.paths.map((path) => ({ abs: resolve(cwd, path), v: deps.isProtectedPath(resolve(cwd, path), { cwd, home, env: ctx.env }) }))
      .filter((h) => h.v.protected);
    const hit = hits.find((h) => h.v.level !== 'ask') ?? hits[0];
    if (hit) {
      const { abs, v } = hit;
      const decision = v.level === 'ask' ? 'ask' : 'deny';
      const askAsDeny = decision === 'ask' && !NATIVE_ASK.has(agent);
      const head = decision === 'deny' ? `twokey denied ${call.tool} on ${abs}`
        : askAsDeny ? `twokey blocked ${call.tool} on ${abs} until a human approves it` : `twokey asks a human to confirm ${call.tool} on ${abs}`;
      const instead = decision === 'deny'
        ? 'Instead: leave this file unchanged and tell the human what change you want; they can make it themselves (and re-sign the policy with `twokey policy sign` if it is the policy).'
        : v.category === 'state'
          ? 'Instead: change the infrastructure through terraform plan and apply, never by editing state; if this edit is really needed, the human makes it themselves.'
          : 'Instead: tell the human what change you want; they can make it themselves.';
      return { decision, message: `${head}: ${v.reason}. ${instead}` };
    }
    return { decision: 'allow', message: '' };
  }
  const result = await deps.gate({ command: call.command, cwd, env: ctx.env, agent });
  if (result?.decision !== 'allow' && result?.decision !== 'ask' && result?.decision !== 'deny') {
    throw new Error(`the gate answered an unknown decision (${JSON.stringify(result?.decision)})`);
  }
  return { decision: result.decision, message: result.decision === 'allow' ? '' : explain(agent, result) };
}

/** The text an agent reads for ask/deny: what, why, what would be lost, what to do instead, how a human releases it. */
export function explain(agent: AgentId | 'mcp' | 'cli', r: GateResult): string {
  const askAsDeny = r.decision === 'ask' && !NATIVE_ASK.has(agent as AgentId);
  const parts: string[] = [];
  if (r.decision === 'deny') parts.push(`twokey denied this command${r.rule ? ` (${r.rule})` : ''}: ${r.reason}`);
  else if (askAsDeny) parts.push(`twokey blocked this command until a human approves it${r.rule ? ` (${r.rule})` : ''}: ${r.reason}`);
  else parts.push(`twokey asks a human to confirm${r.rule ? ` (${r.rule})` : ''}: ${r.reason}`);
  if (r.loses) parts.push(`Would lose: ${r.loses}`);
  if (r.safer) parts.push(`Instead: ${r.safer}`);
  const others = r.findings.filter((f) => f.rule !== r.rule && f.level !== 'allow').map((f) => f.rule);
  if (others.length > 0) parts.push(`Also matched: ${[...new Set(others)].join(', ')}`);
  if (r.decision === 'deny' || askAsDeny) {
    const release = r.release ?? (r.requestId ? `a human runs \`twokey approve ${r.requestId}\`, then retry exactly the same command` : undefined);
    parts.push(release
      ? `To release it: ${release}; or the human runs it themselves.`
      : 'Do not retry it in another form; ask the human to run it themselves if it is really needed.');
  }
  for (const n of r.notices ?? []) parts.push(`Note: ${n}`);
  return parts.map((p) => (/[.!?]$/.test(p) ? p : `${p}.`)).join(' ');
}
