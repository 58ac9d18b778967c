/**
 * Prove each installed hook fires: run the configured hook command with a canary destructive payload in a
 * throwaway TWOKEY_HOME and check the agent would be blocked by a rule (not merely by a crash).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AGENT_IDS, type AgentId, FAIL_CLOSED_PREFIX, answerBlocks } from './protocol.js';
import { ADAPTERS } from './registry.js';
import { type InstalledHook, inspectInstall } from './install.js';

export const CANARY_COMMAND = 'terraform destroy -auto-approve';

export interface ProbeResult {
  what: 'shell' | 'write' | 'plugin';
  command: string;
  ok: boolean;
  detail: string;
  /** How long the hook took (in-process, cold: the daemon makes later calls faster). */
  ms?: number;
}

export interface AgentReport {
  agent: AgentId;
  scope: string;
  file: string;
  ok: boolean;
  probes: ProbeResult[];
  warnings: string[];
}

function judgeProbe(agent: AgentId, r: { stdout: string; stderr: string; exitCode: number | null; error?: string }): { ok: boolean; detail: string } {
  if (r.error) return { ok: false, detail: `the hook did not run: ${r.error}` };
  const v = answerBlocks(agent, r);
  const message = v.message || r.stderr.trim();
  if (!v.blocks) return { ok: false, detail: `NOT BLOCKED: the hook answered ${JSON.stringify((r.stdout || r.stderr).trim().slice(0, 300))} (exit ${r.exitCode})` };
  if (message.startsWith(FAIL_CLOSED_PREFIX)) return { ok: false, detail: `blocks only because twokey fails closed: ${message.slice(0, 300)}` };
  return { ok: true, detail: `blocked: ${message.slice(0, 160)}${message.length > 160 ? '…' : ''}` };
}

function runHookCommand(command: string, payload: unknown, env: NodeJS.ProcessEnv, cwd: string) {
  const t0 = Date.now();
  const r = spawnSync('/bin/sh', ['-c', command], { input: JSON.stringify(payload), encoding: 'utf8', env, cwd, timeout: 30_000 });
  // EPIPE: the command exited without reading its stdin; what it printed still counts.
  const fatal = r.error && (r.error as NodeJS.ErrnoException).code !== 'EPIPE' ? r.error.message : undefined;
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', exitCode: r.status, error: fatal, ms: Date.now() - t0 };
}

async function probePlugin(file: string, env: NodeJS.ProcessEnv, cwd: string): Promise<ProbeResult> {
  const saved = { ...process.env };
  try {
    Object.assign(process.env, { TWOKEY_HOME: env.TWOKEY_HOME, TWOKEY_NO_DAEMON: '1' });
    const mod = await import(`${pathToFileURL(file).href}?probe=${Date.now()}`) as { TwokeyGuard?: (ctx: { directory: string }) => Promise<Record<string, (i: unknown, o: unknown) => Promise<void>>> };
    if (typeof mod.TwokeyGuard !== 'function') return { what: 'plugin', command: file, ok: false, detail: 'the plugin exports no TwokeyGuard' };
    const hooks = await mod.TwokeyGuard({ directory: cwd });
    const before = hooks['tool.execute.before'];
    if (typeof before !== 'function') return { what: 'plugin', command: file, ok: false, detail: 'the plugin has no tool.execute.before' };
    try {
      await before({ tool: 'bash', sessionID: 'twokey-canary', callID: 'c1' }, { args: { command: CANARY_COMMAND } });
      return { what: 'plugin', command: file, ok: false, detail: 'NOT BLOCKED: tool.execute.before returned for the canary' };
    } catch (err) {
      const m = (err as Error).message;
      return { what: 'plugin', command: file, ok: !m.startsWith(FAIL_CLOSED_PREFIX), detail: m.startsWith(FAIL_CLOSED_PREFIX) ? `blocks only because twokey fails closed: ${m.slice(0, 300)}` : `blocked (throws): ${m.slice(0, 160)}` };
    }
  } catch (err) {
    return { what: 'plugin', command: file, ok: false, detail: `the plugin does not load: ${(err as Error).message}` };
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

export async function probeInstall(inst: InstalledHook, baseEnv: NodeJS.ProcessEnv): Promise<AgentReport> {
  const sandbox = mkdtempSync(join(tmpdir(), 'twokey-doctor-'));
  // A generous watchdog here: doctor proves the rules fire; how long a probe took is reported beside it.
  const env: NodeJS.ProcessEnv = { ...baseEnv, TWOKEY_HOME: join(sandbox, 'home'), TWOKEY_NO_DAEMON: '1', TWOKEY_HOOK_TIMEOUT_MS: baseEnv.TWOKEY_HOOK_TIMEOUT_MS ?? '20000' };
  const probes: ProbeResult[] = [];
  try {
    const adapter = ADAPTERS[inst.agent];
    for (const command of [...new Set(inst.commands.map((c) => c.command))]) {
      const shell = runHookCommand(command, adapter.shellPayload(CANARY_COMMAND, sandbox), env, sandbox);
      probes.push({ what: 'shell', command, ...judgeProbe(inst.agent, shell), ms: shell.ms });
      // A deny-level protected path for every agent: twokey's own policy file.
      const writePayload = adapter.writePayload(join(env.TWOKEY_HOME as string, 'policy.yaml'), sandbox);
      if (writePayload !== null && inst.commands.some((c) => c.event !== 'beforeShellExecution')) {
        const write = runHookCommand(command, writePayload, env, sandbox);
        probes.push({ what: 'write', command, ...judgeProbe(inst.agent, write), ms: write.ms });
      }
    }
    if (inst.agent === 'opencode') probes.push(await probePlugin(inst.file, env, sandbox));
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
  }
  return { agent: inst.agent, scope: inst.scope, file: inst.file, ok: probes.length > 0 && probes.every((p) => p.ok), probes, warnings: inst.warnings };
}

export function findInstalls(home: string, cwd: string, only?: AgentId[]): InstalledHook[] {
  const out: InstalledHook[] = [];
  for (const agent of only ?? AGENT_IDS) {
    for (const scope of ADAPTERS[agent].scopes) {
      const inst = inspectInstall(agent, scope, { home, cwd });
      if (inst) out.push(inst);
    }
  }
  return out;
}
