import { gateCommand } from '../gate/command-gate.js';
import { type AgentId, type HookAnswer, failClosedAnswer, hookTimeoutMs } from './protocol.js';
import { isProtectedPathWithPolicy } from './protected.js';
import { type HookContext, type HookDeps, respondToHook } from './respond.js';

export function defaultHookDeps(): HookDeps {
  return { gate: gateCommand, isProtectedPath: isProtectedPathWithPolicy };
}

/**
 * `respondToHook` under a watchdog. `TWOKEY_HOOK_TEST_DELAY_MS` delays the judgement (tests of the watchdog use it;
 * it can only make the hook slower, and a slow hook is a deny).
 */
export async function answerHook(agent: AgentId, stdin: string, ctx: HookContext, deps: HookDeps = defaultHookDeps()): Promise<HookAnswer> {
  const timeoutMs = hookTimeoutMs(ctx.env);
  const delay = Number(ctx.env.TWOKEY_HOOK_TEST_DELAY_MS);
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<HookAnswer>((res) => {
    timer = setTimeout(() => res(failClosedAnswer(agent, `no decision within ${timeoutMs} ms (watchdog, TWOKEY_HOOK_TIMEOUT_MS)`)), timeoutMs);
  });
  const work = (async () => {
    if (Number.isFinite(delay) && delay > 0) await new Promise((r) => setTimeout(r, delay));
    return respondToHook(agent, stdin, ctx, deps);
  })();
  try {
    return await Promise.race([work, watchdog]);
  } finally {
    clearTimeout(timer);
  }
}
