// Shared helpers for posture tests: load a configuration directory and audit it in-process.
import { cpSync, mkdirSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, SHARED_DIR, tempDir } from '../helpers/env.js';
import { loadConfiguration, collectGitFacts } from '../../src/posture/load.js';
import { auditConfiguration, type PostureFinding } from '../../src/posture/rules.js';

export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'posture');
export const TFCONFIG = join(SHARED_DIR, 'fixtures', 'tfconfig');

export async function auditDir(dir: string, withGit = false): Promise<PostureFinding[]> {
  const config = await loadConfiguration(dir);
  return auditConfiguration(config, withGit ? collectGitFacts(dir) : null);
}

export function rulesOf(findings: readonly PostureFinding[]): string[] {
  return [...new Set(findings.map((f) => f.rule))].sort();
}

/** A temp copy of a fixture directory (tests never write into the repo or ../shared). */
export function copyFixture(src: string): { dir: string; cleanup: () => void } {
  const t = tempDir('twokey-posture-');
  cpSync(src, t.dir, { recursive: true });
  return t;
}

/**
 * The public RDS module laid out as it is upstream, from the flat files in ../shared: the root
 * variables.tf, modules/db_instance/main.tf, and a root main.tf (written here) that passes the
 * root variables into the module the way the upstream root module does.
 */
export function assembleRdsModule(): { dir: string; cleanup: () => void } {
  const t = tempDir('twokey-rds-');
  mkdirSync(join(t.dir, 'modules', 'db_instance'), { recursive: true });
  copyFileSync(join(TFCONFIG, 'terraform-aws-rds__variables.tf'), join(t.dir, 'variables.tf'));
  copyFileSync(join(TFCONFIG, 'terraform-aws-rds__modules_db_instance_main.tf'), join(t.dir, 'modules', 'db_instance', 'main.tf'));
  const passThrough = ['identifier', 'deletion_protection', 'delete_automated_backups', 'skip_final_snapshot', 'backup_retention_period', 'final_snapshot_identifier_prefix', 'create'];
  const body = passThrough.map((n) => `  ${n} = var.${n}`).join('\n');
  writeRootMain(t.dir, `module "db_instance" {\n  source = "./modules/db_instance"\n\n${body}\n}\n`);
  return t;
}

/** Write the root main.tf, declaring (with a null default) any passed variable the root variables.tf lacks. */
function writeRootMain(dir: string, text: string): void {
  const vars = readFileSync(join(dir, 'variables.tf'), 'utf8');
  const missing = ['create', 'final_snapshot_identifier_prefix', 'identifier'].filter((v) => !new RegExp(`variable "${v}"`).test(vars));
  const decls = missing.map((v) => `variable "${v}" {\n  default = null\n}\n`).join('\n');
  writeFileSync(join(dir, 'main.tf'), `${text}${decls ? `\n${decls}` : ''}`);
}

/**
 * A root that calls the public RDS module from the registry, as `terraform init` leaves it: the
 * module's files under .terraform/modules/db and the manifest that maps the module key to them.
 */
export function installedRdsModule(): { dir: string; cleanup: () => void } {
  const t = tempDir('twokey-rds-installed-');
  const vendored = join(t.dir, '.terraform', 'modules', 'db');
  mkdirSync(join(vendored, 'modules', 'db_instance'), { recursive: true });
  copyFileSync(join(TFCONFIG, 'terraform-aws-rds__variables.tf'), join(vendored, 'variables.tf'));
  copyFileSync(join(TFCONFIG, 'terraform-aws-rds__modules_db_instance_main.tf'), join(vendored, 'modules', 'db_instance', 'main.tf'));
  const passThrough = ['identifier', 'deletion_protection', 'delete_automated_backups', 'skip_final_snapshot', 'backup_retention_period', 'final_snapshot_identifier_prefix', 'create'];
  writeRootMain(vendored, `module "db_instance" {\n  source = "./modules/db_instance"\n\n${passThrough.map((n) => `  ${n} = var.${n}`).join('\n')}\n}\n`);
  writeFileSync(join(t.dir, '.terraform', 'modules', 'modules.json'), JSON.stringify({ Modules: [
    { Key: '', Source: '', Dir: '.' },
    { Key: 'db', Source: 'registry.terraform.io/terraform-aws-modules/rds/aws', Version: '6.10.0', Dir: '.terraform/modules/db' },
    { Key: 'db.db_instance', Source: './modules/db_instance', Dir: '.terraform/modules/db/modules/db_instance' },
  ] }));
  writeFileSync(join(t.dir, 'main.tf'), 'module "db" {\n  source  = "terraform-aws-modules/rds/aws"\n  version = "6.10.0"\n\n  identifier = "orders"\n}\n');
  return t;
}
