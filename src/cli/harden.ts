import type { CliCommand } from './io.js';
import { UserError } from '../core/errors.js';

/**
 * `twokey harden [DIR] [--write]`: the fixes for `twokey audit`'s findings, as a unified diff or
 * written in place. Edits go into the source text by ranges (comments and layout stay), values that
 * come from a variable are changed at their default (or tfvars / module argument) when that is a
 * literal here, and anything that cannot be written safely is listed as manual.
 */
function parseArgs(argv: readonly string[]): { dir: string; write: boolean; json: boolean } {
  let dir: string | null = null;
  let write = false;
  let json = false;
  for (const a of argv) {
    if (a === '--write' || a === '-w') write = true;
    else if (a === '--json') json = true;
    else if (a.startsWith('-')) throw new UserError(`unknown option '${a}'`, 'Run `twokey harden --help`.');
    else if (dir === null) dir = a;
    else throw new UserError(`one directory only (got '${dir}' and '${a}')`);
  }
  return { dir: dir ?? '.', write, json };
}

export const command: CliCommand = {
  name: 'harden',
  summary: 'Write the fixes for audit findings (diff, or --write)',
  help: `Usage: twokey harden [DIR] [--write] [--json]

Prints the fixes for \`twokey audit DIR\` as a unified diff (default), or writes them in place
(--write). Edits are made in the source text, so comments and formatting survive:
  deletion_protection = true (and per-type names)     skip_final_snapshot = false + final_snapshot_identifier
  delete_automated_backups = false                    backup_retention_period = 7 when 0 or unset
  force_destroy = false                               lifecycle { prevent_destroy = true } (merged)
  KMS deletion_window_in_days = 30                    aws_s3_bucket_versioning with status "Enabled"
  use_lockfile = true in an S3 backend                *.tfstate patterns in .gitignore
When a value comes from a variable, its default (or the tfvars value, or the module argument) is
changed where it is a literal in the audited directory; otherwise the change is reported as manual.
A backend, moving backups out of the state, and splitting projects are always manual.
Running it twice changes nothing. The result is parsed again before anything is written.

Exit codes: 0 nothing to change (or written), 2 changes proposed (diff printed) or manual steps remain,
1 error.
`,
  async run(argv, io) {
    const args = parseArgs(argv);
    const { runHarden } = await import('../posture/run-harden.js');
    const { unifiedDiff } = await import('../posture/diff.js');
    const plan = await runHarden(args.dir, io.cwd, args.write);
    if (args.json) {
      io.stdout(`${JSON.stringify({
        directory: args.dir,
        written: args.write,
        files: [...plan.changed.keys()],
        diff: [...plan.changed].map(([f, { before, after }]) => unifiedDiff(f, before, after)).join(''),
        fixed: plan.fixed.map((f) => ({ rule: f.rule, file: f.file, line: f.line, address: f.address })),
        manual: plan.manual.map((m) => ({ rule: m.finding.rule, file: m.finding.file, line: m.finding.line, address: m.finding.address, what: m.why })),
      }, null, 2)}\n`);
    } else {
      if (!args.write) for (const [f, { before, after }] of plan.changed) io.stdout(unifiedDiff(f, before, after));
      const lines: string[] = [];
      if (plan.changed.size === 0) lines.push(`twokey harden: nothing to change automatically in ${args.dir}`);
      else lines.push(`twokey harden: ${args.write ? 'wrote' : 'would change'} ${plan.changed.size} file(s) (${[...plan.changed.keys()].join(', ')}), fixing ${plan.fixed.length} finding(s)${args.write ? '' : '; run with --write to apply'}`);
      if (plan.changed.size && [...plan.changed.keys()].some((f) => /\.(tf|tofu)$/.test(f))) lines.push('  then: terraform validate && terraform plan (expect only in-place updates; an attribute newer than your pinned provider fails validate: upgrade the provider or drop that line)');
      for (const m of plan.manual) lines.push(`manual: ${m.finding.file}:${m.finding.line} ${m.finding.rule}: ${m.why}`);
      io.stderr(`${lines.join('\n')}\n`);
    }
    if (plan.changed.size && !args.write) return 2;
    return plan.manual.length ? 2 : 0;
  },
};
