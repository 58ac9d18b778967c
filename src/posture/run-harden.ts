/**
 * The harden pipeline shared by the CLI and tests: audit, plan the edits, re-parse every changed
 * file, and (with write) put the new text in place. A fix that would not parse is never written.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../core/errors.js';
import { loadHclParser } from './hcl.js';
import { planHarden, type HardenResult } from './harden.js';
import { runAudit, type AuditRun } from './run-audit.js';

export interface HardenRun extends HardenResult {
  audit: AuditRun;
}

export async function runHarden(dirArg: string, cwd: string, write: boolean): Promise<HardenRun> {
  const audit = await runAudit(dirArg, cwd);
  const files = [...audit.config.modules.flatMap((m) => m.files), ...audit.config.tfvars];
  const uniqueFiles = [...new Map(files.map((f) => [f.rel, f])).values()];
  const gitignorePath = join(audit.dir, '.gitignore');
  const gitignore = existsSync(gitignorePath) ? readFileSync(gitignorePath, 'utf8') : null;
  const plan = planHarden(audit.findings, uniqueFiles, gitignore);
  const parser = await loadHclParser();
  for (const [file, { after }] of plan.changed) {
    if (!/\.(tf|tofu|tfvars)$/.test(file)) continue;
    const errors = parser.parse(file, after).errors;
    if (errors.length) {
      throw new UserError(`internal: the fix for ${file} would not parse (${errors[0].file}:${errors[0].line}:${errors[0].column}: ${errors[0].message}); nothing was written`,
        'Please report this with the file; make the changes listed by `twokey audit` by hand meanwhile.');
    }
  }
  if (write) for (const [file, { after }] of plan.changed) writeFileSync(join(audit.dir, file), after);
  return { ...plan, audit };
}
