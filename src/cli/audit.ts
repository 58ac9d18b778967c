import type { CliCommand } from './io.js';
import { UserError } from '../core/errors.js';
import { exitCodeFor } from '../core/types.js';
import { VERSION } from '../core/version.js';

/**
 * `twokey audit [DIR]`: read a Terraform configuration (and the local modules it calls) and report
 * what would let one command lose data: unprotected databases, backups that die with their source,
 * state on one machine, several projects in one state. Exit 0 none, 2 ask, 3 deny, 1 error.
 */
type Format = 'text' | 'json' | 'markdown' | 'sarif';

function parseArgs(argv: readonly string[]): { dir: string; format: Format } {
  let dir: string | null = null;
  let format: Format = 'text';
  for (const a of argv) {
    if (a === '--json') format = 'json';
    else if (a === '--markdown' || a === '--md') format = 'markdown';
    else if (a === '--sarif') format = 'sarif';
    else if (a.startsWith('--format=')) {
      const f = a.slice('--format='.length);
      if (f !== 'text' && f !== 'json' && f !== 'markdown' && f !== 'sarif') throw new UserError(`unknown format '${f}'`, 'Use text, json, markdown or sarif.');
      format = f;
    } else if (a.startsWith('-')) throw new UserError(`unknown option '${a}'`, 'Run `twokey audit --help`.');
    else if (dir === null) dir = a;
    else throw new UserError(`one directory only (got '${dir}' and '${a}')`);
  }
  return { dir: dir ?? '.', format };
}

export const command: CliCommand = {
  name: 'audit',
  summary: 'Audit Terraform configuration for data-loss posture',
  help: `Usage: twokey audit [DIR] [--json | --markdown | --sarif]

Reads the Terraform configuration in DIR (default: .) with the local modules it calls
(source = "./..."), resolving literal variable defaults, module arguments and tfvars, and reports
per resource, with file and line:
  posture.unprotected-database       a database with no deletion protection, no prevent_destroy,
                                     and backups that die with it (deny)
  posture.no-deletion-protection     deletion_protection (and per-type names) off or unset
  posture.no-prevent-destroy         no lifecycle { prevent_destroy = true } on data-bearing resources
  posture.no-final-snapshot          skip_final_snapshot = true (and equivalents)
  posture.backups-die-with-resource  delete_automated_backups unset or true
  posture.no-backup-retention        backup retention 0 or unset
  posture.force-destroy              force_destroy = true (and other protection bypasses)
  posture.bucket-versioning-off      S3 bucket without versioning
  posture.short-deletion-window      KMS/secret deletion window below the safe value
  posture.backups-in-blast-radius    snapshots/backups managed in the same state as their source
  posture.local-state                no backend, or backend "local"
  posture.s3-backend-no-lock         S3 backend without use_lockfile or dynamodb_table
  posture.state-bucket-unversioned   the state bucket, declared here, has no versioning
  posture.tfstate-not-ignored        git does not ignore *.tfstate
  posture.tfstate-committed          a state file is committed
  posture.several-projects-one-state resources of several projects (tags, repeated modules) in one state

Output: text (default), --json, --markdown, --sarif (SARIF 2.1.0).
Exit codes: 0 no findings, 2 findings for a human to look at, 3 deny-level findings,
1 error (a parse error is reported with file:line:column).
Fix what can be fixed automatically with \`twokey harden DIR\` (a diff) or \`twokey harden DIR --write\`.
`,
  async run(argv, io) {
    const args = parseArgs(argv);
    const { runAudit } = await import('../posture/run-audit.js');
    const report = await import('../posture/report.js');
    const run = await runAudit(args.dir, io.cwd);
    const r = run.report;
    if (args.format === 'json') io.stdout(report.auditJson(r));
    else if (args.format === 'markdown') io.stdout(report.auditMarkdown(r));
    else if (args.format === 'sarif') io.stdout(report.auditSarif(r, VERSION));
    else io.stdout(report.auditText(r));
    return exitCodeFor(r.decision);
  },
};
