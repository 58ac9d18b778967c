import type { CliCommand } from './io.js';
import { UserError } from '../core/errors.js';
import { ADAPTERS } from '../agents/registry.js';
import { type Plan, applyPlan, planUninstall } from '../agents/install.js';
import { installContext, parseInstallArgs, printPlans } from './install.js';
import type { Scope } from '../agents/types.js';

export const command: CliCommand = {
  name: 'uninstall',
  summary: "Remove twokey's hook from an agent's settings",
  help: `Usage: twokey uninstall <agent>... [--user|--project] [--dry-run] [--json]
       twokey uninstall --all

Removes only twokey's hook entries and keeps everything else. When the file is exactly as twokey left it,
the pre-install file is restored byte for byte from its backup (or the file is removed when twokey created it).
Without --user/--project both scopes are cleaned.
`,
  async run(argv, io) {
    const args = parseInstallArgs(argv, io, 'uninstall');
    const ctx = installContext(io);
    const results: (Plan & { backup?: string; error?: string })[] = [];
    let failed = false;
    for (const agent of args.agents) {
      const scopes: readonly Scope[] = args.scope ? [args.scope] : ADAPTERS[agent].scopes;
      for (const scope of scopes) {
        try {
          const plan = planUninstall(agent, scope, ctx);
          if (plan.before === null && scopes.length > 1 && !args.scope) continue;
          const applied = args.dryRun ? {} : applyPlan(plan, ctx, 'uninstall');
          results.push({ ...plan, ...applied });
        } catch (err) {
          if (!(err instanceof UserError)) throw err;
          failed = true;
          results.push({ agent, scope, file: ADAPTERS[agent].target(scope, ctx.home, ctx.cwd).file, before: null, after: null, summary: 'failed', error: err.message });
        }
      }
    }
    if (results.length === 0) io.stdout('nothing to uninstall\n');
    printPlans(io, results, args.json, args.dryRun);
    return failed ? 1 : 0;
  },
};
