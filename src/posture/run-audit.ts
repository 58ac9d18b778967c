/**
 * The audit pipeline shared by `twokey audit` and `twokey harden`: read (adapter), judge (pure rules).
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { collectGitFacts, loadConfiguration } from './load.js';
import { ConfigParseError, type Configuration } from './model.js';
import { auditConfiguration, decisionOf, type PostureFinding } from './rules.js';
import type { AuditReport } from './report.js';

export interface AuditRun {
  dir: string;
  config: Configuration;
  findings: PostureFinding[];
  report: AuditReport;
}

export async function runAudit(dirArg: string, cwd: string): Promise<AuditRun> {
  const dir = resolve(cwd, dirArg);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(`${dirArg}: not a directory`, 'Give the directory that holds the Terraform configuration (*.tf).');
  }
  let config: Configuration;
  try {
    config = await loadConfiguration(dir);
  } catch (err) {
    if (err instanceof ConfigParseError) {
      throw new UserError(`cannot parse the configuration:\n${err.errors.map((e) => `  ${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n')}`,
        'Fix the syntax error (`terraform validate` shows Terraform\'s own message), then run the audit again.');
    }
    throw err;
  }
  if (config.root.files.length === 0) {
    throw new UserError(`${dirArg}: no *.tf files here`, 'Run the audit in (or point it at) the root module of a Terraform configuration.');
  }
  const git = collectGitFacts(dir);
  const findings = auditConfiguration(config, git);
  return { dir, config, findings, report: { decision: decisionOf(findings), directory: dirArg, findings, unfollowed: config.unfollowed, skipped: config.skipped, git: git !== null, repoPrefix: git?.prefix || undefined } };
}
