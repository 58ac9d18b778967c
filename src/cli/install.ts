import type { CliCommand, CliIO } from './io.js';
import { UserError } from '../core/errors.js';
import { twokeyHome } from '../core/home.js';
import { AGENT_IDS, type AgentId, isAgentId } from '../agents/protocol.js';
import { ADAPTERS } from '../agents/registry.js';
import type { Scope } from '../agents/types.js';
import { type InstallContext, type Plan, applyPlan, defaultTwokeyArgv, detectAgent, planInstall } from '../agents/install.js';

export interface InstallArgs { agents: AgentId[]; scope?: Scope; dryRun: boolean; json: boolean }

export function parseInstallArgs(argv: string[], io: CliIO, verb: string): InstallArgs {
  let scope: Scope | undefined;
  let all = false;
  let dryRun = false;
  let json = false;
  const named: AgentId[] = [];
  for (const a of argv) {
    if (a === '--project') scope = 'project';
    else if (a === '--user') scope = 'user';
    else if (a === '--all') all = true;
    else if (a === '--dry-run') dryRun = true;
    else if (a === '--json') json = true;
    else if (a.startsWith('-')) throw new UserError(`unknown option ${a}`, `Run 'twokey ${verb} --help'.`);
    else if (isAgentId(a)) named.push(a);
    else throw new UserError(`unknown agent '${a}'`, `Agents: ${AGENT_IDS.join(', ')}.`);
  }
  const home = io.env.HOME && io.env.HOME !== '' ? io.env.HOME : undefined;
  if (!home) throw new UserError('HOME is not set', 'twokey needs HOME to find the agents\' settings.');
  // install --all: the agents found here; uninstall --all: every agent (removing is safe where nothing is installed).
  const agents = all ? (verb === 'uninstall' ? [...AGENT_IDS] : AGENT_IDS.filter((id) => detectAgent(id, home, io.env.PATH))) : named;
  if (!all && agents.length === 0) throw new UserError(`name an agent or --all`, `Agents: ${AGENT_IDS.join(', ')}.`);
  return { agents, scope, dryRun, json };
}

export function installContext(io: CliIO): InstallContext {
  return { home: io.env.HOME as string, cwd: io.cwd, twokeyHome: twokeyHome(io.env), twokeyArgv: defaultTwokeyArgv() };
}

/** What the human still has to do after an install, where the agent needs it. */
const NEXT_STEP: Partial<Record<AgentId, string>> = {
  codex: 'Codex runs a new hook only once you trust it: start Codex, open /hooks and trust the twokey hook.',
  opencode: 'restart OpenCode so it loads the plugin.',
};

export function printPlans(io: CliIO, plans: (Plan & { backup?: string; error?: string })[], json: boolean, dryRun: boolean): void {
  if (json) {
    io.stdout(`${JSON.stringify(plans.map((p) => ({ agent: p.agent, scope: p.scope, file: p.file, summary: p.summary, changed: p.before !== p.after, dryRun, backup: p.backup, error: p.error, after: dryRun ? p.after : undefined })), null, 2)}\n`);
    return;
  }
  for (const p of plans) {
    if (p.error) { io.stdout(`${p.agent}: ERROR ${p.error}\n`); continue; }
    io.stdout(`${ADAPTERS[p.agent].displayName} (${p.scope}): ${dryRun ? 'would ' : ''}${p.summary}${p.backup ? ` (backup: ${p.backup})` : ''}\n`);
    const next = NEXT_STEP[p.agent];
    if (next && p.after !== null && p.after !== p.before && !dryRun) io.stdout(`  next: ${next}\n`);
    if (dryRun && p.after !== null && p.after !== p.before) io.stdout(`--- ${p.file} would read:\n${p.after}${p.after.endsWith('\n') ? '' : '\n'}---\n`);
  }
}

export const command: CliCommand = {
  name: 'install',
  summary: "Install twokey's hook into an agent's settings",
  help: `Usage: twokey install <agent>... [--user|--project] [--dry-run] [--json]
       twokey install --all [--user|--project] [--dry-run]

Adds twokey's pre-tool hook to the agent's own settings file, in place: merged with your hooks, formatting
kept, the file backed up first (<file>.twokey-backup-<time>), installing twice changes nothing.
--all installs for every agent found on this machine (config directory in HOME or binary on PATH).

  claude-code  ~/.claude/settings.json | .claude/settings.json   PreToolUse: Bash; Write|Edit|MultiEdit|NotebookEdit
  codex        ~/.codex/hooks.json | .codex/hooks.json           PreToolUse: Bash; apply_patch (trust it in /hooks)
  gemini-cli   ~/.gemini/settings.json | .gemini/settings.json   BeforeTool: run_shell_command; write_file|replace
  cursor       ~/.cursor/hooks.json | .cursor/hooks.json         beforeShellExecution + preToolUse, failClosed: true
  copilot-cli  .github/hooks/twokey.json (default --project) | ~/.copilot/hooks/twokey.json
  opencode     ~/.config/opencode/plugins/twokey.js | .opencode/plugins/twokey.js (plugin, throws to block)

The hook command is absolute (node + this checkout's bin/twokey.js), so it works from any directory.
Then run \`twokey doctor\` to prove each hook fires. \`twokey uninstall <agent>\` removes only twokey's entries.
`,
  async run(argv, io) {
    const args = parseInstallArgs(argv, io, 'install');
    const ctx = installContext(io);
    if (args.agents.length === 0) { io.stderr('twokey install --all: no agent found (no config directory in HOME, no binary on PATH)\n'); return 1; }
    const results: (Plan & { backup?: string; error?: string })[] = [];
    let failed = false;
    for (const agent of args.agents) {
      const scope = args.scope ?? ADAPTERS[agent].scopes[0];
      try {
        const plan = planInstall(agent, scope, ctx);
        const applied = args.dryRun ? {} : applyPlan(plan, ctx, 'install');
        results.push({ ...plan, ...applied });
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        failed = true;
        results.push({ agent, scope, file: ADAPTERS[agent].target(scope, ctx.home, ctx.cwd).file, before: null, after: null, summary: 'failed', error: `${err.message}${err.hint ? ` ${err.hint}` : ''}` });
      }
    }
    printPlans(io, results, args.json, args.dryRun);
    return failed ? 1 : 0;
  },
};


