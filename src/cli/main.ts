import type { CliCommand, CliIO } from './io.js';
import { processIO } from './io.js';
import { UserError } from '../core/errors.js';
import { VERSION } from '../core/version.js';

/**
 * Every command, loaded lazily so that `twokey hook` and `twokey check` pay only for what they use.
 * One file per command in src/cli/<name>.ts, each exporting `command: CliCommand`.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ command: CliCommand }> }> = {
  check: { summary: 'Judge a shell command: allow (0), ask (2) or deny (3)', load: () => import('./check.js') },
  explain: { summary: 'Show how a command was parsed, unwrapped and judged', load: () => import('./explain.js') },
  rules: { summary: 'List the rule packs and their rules', load: () => import('./rules.js') },
  policy: { summary: 'Validate, show or sign the policy file', load: () => import('./policy.js') },
  hook: { summary: 'Answer an agent hook (claude-code, codex, gemini-cli, cursor, copilot-cli, opencode)', load: () => import('./hook.js') },
  install: { summary: "Install twokey's hook into an agent's settings", load: () => import('./install.js') },
  uninstall: { summary: "Remove twokey's hook from an agent's settings", load: () => import('./uninstall.js') },
  doctor: { summary: 'Prove each installed hook fires and fails closed', load: () => import('./doctor.js') },
  mcp: { summary: 'Serve check_command and run_command over MCP (stdio)', load: () => import('./mcp.js') },
  daemon: { summary: 'Run, start, stop or query the long-lived decision process', load: () => import('./daemon.js') },
  plan: { summary: 'Check a Terraform/OpenTofu plan: `twokey plan check PLAN`', load: () => import('./plan.js') },
  run: { summary: 'Run terraform/tofu/terragrunt through the plan gate and state guard', load: () => import('./run.js') },
  shim: { summary: 'Install terraform/tofu/terragrunt shims that route through `twokey run`', load: () => import('./shim.js') },
  ledger: { summary: 'Show or record the state ledger', load: () => import('./ledger.js') },
  init: { summary: 'Create the human key pair (the second key)', load: () => import('./init.js') },
  requests: { summary: 'List pending requests for a human decision', load: () => import('./requests.js') },
  approve: { summary: 'Approve a request (human, interactive terminal, passphrase)', load: () => import('./approve.js') },
  reject: { summary: 'Reject a request', load: () => import('./reject.js') },
  journal: { summary: 'List, show, verify or export the tamper-evident journal', load: () => import('./journal.js') },
  demo: { summary: 'Replay the incident with real Terraform: `twokey demo incident`', load: () => import('./demo.js') },
  audit: { summary: 'Audit Terraform configuration for data-loss posture', load: () => import('./audit.js') },
  harden: { summary: 'Write the fixes for audit findings (diff, or --write)', load: () => import('./harden.js') },
  'deny-policy': { summary: "Generate a deny policy for an agent's cloud role", load: () => import('./deny-policy.js') },
  drill: { summary: 'Restore drills: postgres, sqlite, rds, schedule', load: () => import('./drill.js') },
  drills: { summary: 'Show the last verified restore per database', load: () => import('./drills.js') },
  dashboard: { summary: 'Serve a read-only dashboard of requests, journal, drills and state', load: () => import('./dashboard.js') },
};

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    `twokey ${VERSION}: a second key between AI agents and the tools that destroy data`,
    '',
    'Usage: twokey <command> [options]      twokey <command> --help',
    '',
    'Commands:',
    ...lines,
    '',
    'Exit codes: 0 allow/success, 1 error, 2 ask (a human must confirm), 3 deny.',
    'Environment: TWOKEY_HOME (default ~/.twokey) holds keys, approvals, journal and ledger.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === 'help' && rest[0] && COMMANDS[rest[0]]) return main([rest[0], '--help'], io);
    io.stdout(mainHelp());
    return 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`twokey: unknown command '${name}'. Run 'twokey --help' for the list.\n`);
    return 1;
  }
  let mod: { command: CliCommand };
  try {
    mod = await entry.load();
  } catch (err) {
    io.stderr(`twokey: command '${name}' failed to load: ${(err as Error).message}\n`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    // `--` ends options: `twokey check -- grep --help` is a command to check, not a help request.
    const dashdash = rest.indexOf('--');
    const helpAt = Math.min(...['--help', '-h'].map((f) => rest.indexOf(f)).filter((i) => i >= 0));
    if (dashdash < 0 || helpAt < dashdash) {
      io.stdout(mod.command.help.endsWith('\n') ? mod.command.help : `${mod.command.help}\n`);
      return 0;
    }
  }
  try {
    return await mod.command.run(rest, io);
  } catch (err) {
    if (err instanceof UserError) {
      io.stderr(`twokey ${name}: ${err.message}\n${err.hint ? `  ${err.hint}\n` : ''}`);
      return 1;
    }
    // node:util parseArgs rejects an unknown option, a missing value or a stray operand: a usage error, not a crash
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      io.stderr(`twokey ${name}: ${(err as Error).message}\n  Run 'twokey ${name} --help' for its options.\n`);
      return 1;
    }
    io.stderr(`twokey ${name}: internal error: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

export const COMMAND_NAMES = Object.keys(COMMANDS);
