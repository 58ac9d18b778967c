/**
 * `twokey mcp`: a stdio MCP server for agents without hooks. `check_command` judges a command; `run_command`
 * runs it only when the gate allows it (bash -c, with a timeout and an output cap), otherwise returns the decision
 * and what to do instead. The SDK (about 150 ms to import) is loaded only here.
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { gateCommand, type GateResult } from '../gate/command-gate.js';
import { explain } from '../agents/respond.js';
import { VERSION } from '../core/version.js';

export const OUTPUT_CAP_BYTES = 64 * 1024;
export const DEFAULT_RUN_TIMEOUT_MS = 120_000;
export const MAX_RUN_TIMEOUT_MS = 10 * 60_000;

export interface McpContext { cwd: string; env: NodeJS.ProcessEnv }

function decisionJson(r: GateResult) {
  return {
    decision: r.decision, rule: r.rule, reason: r.reason, loses: r.loses, safer: r.safer,
    requestId: r.requestId, release: r.release, findings: r.findings, notices: r.notices,
    instructions: r.decision === 'allow' ? undefined : explain('mcp', r),
  };
}

function resolveCwd(cwd: string | undefined, ctx: McpContext): string {
  const dir = cwd ? (isAbsolute(cwd) ? cwd : resolve(ctx.cwd, cwd)) : ctx.cwd;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`cwd ${dir} is not a directory`);
  return dir;
}

export interface RunOutcome { exitCode: number | null; signal: string | null; timedOut: boolean; stdout: string; stderr: string; truncated: { stdout: boolean; stderr: boolean } }

/** bash -c COMMAND with a timeout and a cap on each stream (the rest is drained and counted, not kept). */
export function runCapped(command: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<RunOutcome> {
  return new Promise((resolveRun) => {
    const child = spawn('bash', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const streams = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    const sizes = { stdout: 0, stderr: 0 };
    const truncated = { stdout: false, stderr: false };
    const collect = (which: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const room = OUTPUT_CAP_BYTES - sizes[which];
      if (room > 0) streams[which].push(chunk.subarray(0, room));
      if (chunk.length > room) truncated[which] = true;
      sizes[which] += Math.min(chunk.length, Math.max(room, 0));
    };
    child.stdout.on('data', collect('stdout'));
    child.stderr.on('data', collect('stderr'));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({
        exitCode: code, signal, timedOut,
        stdout: Buffer.concat(streams.stdout).toString('utf8'), stderr: Buffer.concat(streams.stderr).toString('utf8'), truncated,
      });
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      resolveRun({ exitCode: null, signal: null, timedOut, stdout: '', stderr: `could not start bash: ${err.message}`, truncated });
    });
  });
}

const text = (value: unknown, isError = false) => ({ content: [{ type: 'text' as const, text: JSON.stringify(value, null, 2) }], isError });

export async function runMcpServer(ctx: McpContext): Promise<void> {
  const { McpServer } = await import('@modelcontextprotocol/sdk/server/mcp.js');
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const { z } = await import('zod');
  const server = new McpServer({ name: 'twokey', version: VERSION });

  server.registerTool('check_command', {
    description: 'Judge a shell command before running it: allow, ask (a human must approve) or deny, with the rule, the reason, what would be lost and the safer alternative.',
    inputSchema: { command: z.string().min(1).describe('The shell command line'), cwd: z.string().optional().describe('Directory it would run in (default: the server\'s)') },
  }, async ({ command, cwd }) => {
    try {
      const r = await gateCommand({ command, cwd: resolveCwd(cwd, ctx), env: ctx.env, agent: 'mcp' });
      return text(decisionJson(r));
    } catch (err) {
      return text({ decision: 'deny', reason: `twokey failed closed: ${(err as Error).message}` }, true);
    }
  });

  server.registerTool('run_command', {
    description: `Run a shell command (bash -c) only if twokey allows it. Output is capped at ${OUTPUT_CAP_BYTES / 1024} KiB per stream. Anything twokey asks about or denies is not run: the answer says what to do instead and how a human releases it.`,
    inputSchema: {
      command: z.string().min(1).describe('The shell command line'),
      cwd: z.string().optional().describe('Directory to run in (default: the server\'s)'),
      timeout_ms: z.number().int().positive().max(MAX_RUN_TIMEOUT_MS).optional().describe(`Kill it after this long (default ${DEFAULT_RUN_TIMEOUT_MS})`),
    },
  }, async ({ command, cwd, timeout_ms }) => {
    let dir: string;
    let r: GateResult;
    try {
      dir = resolveCwd(cwd, ctx);
      r = await gateCommand({ command, cwd: dir, env: ctx.env, agent: 'mcp' });
    } catch (err) {
      return text({ ran: false, decision: 'deny', reason: `twokey failed closed: ${(err as Error).message}` }, true);
    }
    if (r.decision !== 'allow') return text({ ran: false, ...decisionJson(r) }, true);
    const out = await runCapped(command, dir, ctx.env, timeout_ms ?? DEFAULT_RUN_TIMEOUT_MS);
    return text({ ran: true, decision: 'allow', ...out }, out.exitCode !== 0);
  });

  const transport = new StdioServerTransport();
  await server.connect(transport);
  await new Promise<void>((res) => { transport.onclose = () => res(); process.stdin.on('end', () => res()); });
}
