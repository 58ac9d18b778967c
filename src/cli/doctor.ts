import type { CliCommand, CliIO } from './io.js';
import { UserError } from '../core/errors.js';
import { twokeyHome } from '../core/home.js';
import { DEFAULT_HOOK_TIMEOUT_MS, isAgentId, type AgentId } from '../agents/protocol.js';
import { ADAPTERS } from '../agents/registry.js';
import { type AgentReport, CANARY_COMMAND, findInstalls, probeInstall } from '../agents/doctor.js';
import { policyFilesFor, readPolicyBytes } from '../policy/load.js';
import { trustedPublicKey, verifyPolicyFile } from '../policy/signature.js';

/** Policy files that apply here but are unsigned or changed since signing (ignored for the strict defaults). */
function policyWarnings(io: CliIO): string[] {
  const out: string[] = [];
  try {
    const home = twokeyHome(io.env);
    const trusted = trustedPublicKey(home);
    for (const f of policyFilesFor(io.cwd, home)) {
      const read = readPolicyBytes(f.path);
      if (!read.ok) { out.push(`${f.path}: unreadable policy (${read.error.message}): strict defaults apply`); continue; }
      const s = verifyPolicyFile(f.path, read.bytes, trusted);
      if (s.status !== 'valid') out.push(`${f.path}: policy ${s.status} (${s.reason}): it is ignored and the strict defaults apply; a human runs \`twokey policy sign\``);
    }
  } catch (err) {
    out.push(`could not check the policy signature: ${(err as Error).message}`);
  }
  return out;
}

export const command: CliCommand = {
  name: 'doctor',
  summary: 'Prove each installed hook fires and fails closed',
  help: `Usage: twokey doctor [agent...] [--json]

For every twokey hook installed (user and project settings of each agent), runs the configured hook command
with a canary destructive payload (\`${CANARY_COMMAND}\`, and a write to twokey's own policy file where the
agent's hook sees file edits) in a throwaway TWOKEY_HOME, and checks the agent would be blocked by a rule (a hook that
blocks only because twokey crashed is reported too). Warns on settings that let commands through anyway:
Cursor hooks without failClosed, hooks switched off, matchers that miss the shell tool, an unsigned policy.
Exit 0 when every installed hook blocks the canary, 1 when one does not (or none is installed).
`,
  async run(argv, io) {
    const json = argv.includes('--json');
    const only: AgentId[] = [];
    for (const a of argv) {
      if (a === '--json') continue;
      if (a.startsWith('-')) throw new UserError(`unknown option ${a}`);
      if (!isAgentId(a)) throw new UserError(`unknown agent '${a}'`);
      only.push(a);
    }
    const home = io.env.HOME;
    if (!home) throw new UserError('HOME is not set');
    const installs = findInstalls(home, io.cwd, only.length ? only : undefined);
    const reports: AgentReport[] = [];
    for (const inst of installs) reports.push(await probeInstall(inst, io.env));
    const policy = policyWarnings(io);
    const ok = reports.length > 0 && reports.every((r) => r.ok);
    if (json) {
      io.stdout(`${JSON.stringify({ ok, canary: CANARY_COMMAND, hooks: reports, policyWarnings: policy }, null, 2)}\n`);
      return ok ? 0 : 1;
    }
    if (reports.length === 0) io.stdout('twokey doctor: no twokey hook is installed here. Run `twokey install <agent>` or `twokey install --all`.\n');
    for (const r of reports) {
      io.stdout(`${r.ok ? 'OK  ' : 'FAIL'} ${ADAPTERS[r.agent].displayName} (${r.scope}) ${r.file}\n`);
      for (const p of r.probes) io.stdout(`     ${p.ok ? 'ok  ' : 'FAIL'} ${p.what}: ${p.detail}${p.ms !== undefined ? ` (${p.ms} ms${p.ms > DEFAULT_HOOK_TIMEOUT_MS ? `: slower than the ${DEFAULT_HOOK_TIMEOUT_MS} ms watchdog, the agent would get a fail-closed deny` : ''})` : ''}\n`);
      for (const w of r.warnings) io.stdout(`     warn ${w}\n`);
    }
    for (const w of policy) io.stdout(`warn ${w}\n`);
    return ok ? 0 : 1;
  },
};
