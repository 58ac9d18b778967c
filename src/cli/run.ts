import type { CliCommand } from './io.js';
import { UserError } from '../core/errors.js';
import { guardedRun } from '../terraform/guarded-run.js';

const HELP = `Usage: twokey run [--protect GLOB]... [--json] [--report FILE] -- terraform|tofu|terragrunt ARGS…

Runs Terraform, OpenTofu or Terragrunt through the plan gate and the state guard:
  apply (no plan file)   becomes 'plan -out' + 'twokey plan check' + the decision; allowed plans apply
  apply PLANFILE         the plan file is checked first
  destroy / apply -destroy  becomes 'plan -destroy -out' + check
  import, refresh, taint, untaint   run after a copy of the state is kept
  state rm|mv|push|replace-provider, workspace delete, force-unlock, test   need a human approval
  everything else (init, plan, show, output, validate, fmt, state list…)    passes through

Before anything that changes state, the local state file is copied to $TWOKEY_HOME/state-backups
with its lineage and serial in the name. On ask or deny the run stops and files a request; once a
human has approved it ('twokey approve ID'), 'twokey run -- terraform apply PLANFILE' applies exactly
that plan file, once. The state is then recorded in the ledger.

--json prints the plan report as JSON on stderr (stdout belongs to the tool); --report FILE also writes
it, with the outcome (ran, exit, requestId), to FILE.

Exit codes: the tool's own exit code when it ran; 2 stopped for approval (ask); 3 denied; 1 error.
`;

export const command: CliCommand = {
  name: 'run',
  summary: 'Run terraform/tofu/terragrunt through the plan gate and state guard',
  help: HELP,
  async run(argv, io) {
    const protect: string[] = [];
    let json = false;
    let reportFile: string | undefined;
    let i = 0;
    for (; i < argv.length; i++) {
      const a = argv[i];
      if (a === '--') { i++; break; }
      if (a === '--protect') { const v = argv[++i]; if (!v) throw new UserError('--protect needs a value'); protect.push(v); continue; }
      if (a.startsWith('--protect=')) { protect.push(a.slice(10)); continue; }
      if (a === '--json') { json = true; continue; }
      if (a === '--report') { reportFile = argv[++i]; if (!reportFile) throw new UserError('--report needs a file'); continue; }
      if (a.startsWith('-')) throw new UserError(`unknown option '${a}'`, "Put the command after '--': twokey run -- terraform apply");
      break;
    }
    const cmd = argv.slice(i);
    if (cmd.length === 0) throw new UserError('nothing to run', 'Usage: twokey run -- terraform|tofu|terragrunt ARGS…');
    return guardedRun(cmd, { cwd: io.cwd, env: io.env, stdout: io.stdout, stderr: io.stderr, protect, json, reportFile });
  },
};
