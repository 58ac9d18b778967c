// The real configurations in ../shared/fixtures/tfconfig: public modules and checkov's examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { haveShared, tempDir } from '../helpers/env.js';
import { TFCONFIG, assembleRdsModule, auditDir } from './helpers.js';
import { loadConfiguration } from '../../src/posture/load.js';

const shared = haveShared('posture tests on real configurations');

/** 1-based line of the first line of `file` matching `re`. */
function lineOf(file: string, re: RegExp): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => re.test(l));
  assert.ok(i >= 0, `${re} in ${file}`);
  return i + 1;
}

/** One shared .tf file alone in a temp directory (named main.tf). */
async function auditOne(name: string) {
  const t = tempDir();
  try {
    copyFileSync(join(TFCONFIG, name), join(t.dir, 'main.tf'));
    return await auditDir(t.dir);
  } finally { t.cleanup(); }
}

test('terraform-aws-rds: the root defaults deletion_protection = false and delete_automated_backups = true reach the module', { skip: !shared }, async () => {
  const t = assembleRdsModule();
  try {
    const findings = await auditDir(t.dir);
    const mod = join(t.dir, 'modules', 'db_instance', 'main.tf');
    const vars = join(t.dir, 'variables.tf');
    const dp = findings.find((f) => f.rule === 'posture.no-deletion-protection' && f.attribute === 'deletion_protection');
    assert.ok(dp, findings.map((f) => `${f.rule} ${f.address}`).join('\n'));
    assert.equal(dp.address, 'module.db_instance.aws_db_instance.this');
    assert.equal(dp.file, 'modules/db_instance/main.tf');
    assert.equal(dp.line, lineOf(mod, /^\s*deletion_protection\s*=\s*var\.deletion_protection/));
    const dpDefault = lineOf(vars, /^variable "deletion_protection"/) + 3;
    assert.match(dp.message, new RegExp(`variables\\.tf:${dpDefault}\\b`));
    assert.match(dp.message, /= false/);

    const dab = findings.find((f) => f.rule === 'posture.backups-die-with-resource');
    assert.ok(dab);
    assert.equal(dab.line, lineOf(mod, /^\s*delete_automated_backups\s*=\s*var\.delete_automated_backups/));
    assert.match(dab.message, /= true/);
    assert.ok(findings.some((f) => f.rule === 'posture.unprotected-database' && f.level === 'deny'));
  } finally { t.cleanup(); }
});

test('terraform-aws-rds: the module directory alone, with the variables beside it, gives the same two findings', { skip: !shared }, async () => {
  const t = tempDir();
  try {
    copyFileSync(join(TFCONFIG, 'terraform-aws-rds__modules_db_instance_main.tf'), join(t.dir, 'main.tf'));
    copyFileSync(join(TFCONFIG, 'terraform-aws-rds__variables.tf'), join(t.dir, 'variables.tf'));
    const findings = await auditDir(t.dir);
    assert.ok(findings.some((f) => f.rule === 'posture.no-deletion-protection' && f.attribute === 'deletion_protection' && f.address === 'aws_db_instance.this'));
    assert.ok(findings.some((f) => f.rule === 'posture.backups-die-with-resource' && f.address === 'aws_db_instance.this'));
  } finally { t.cleanup(); }
});

test('checkov example (aws RDS): fail and fail2 lack deletion protection, pass has it', { skip: !shared }, async () => {
  const findings = await auditOne('checkov__tests_terraform_checks_resource_aws_example_RDSInstanceDeletionProtection_main.tf');
  const flagged = new Set(findings.filter((f) => f.rule === 'posture.no-deletion-protection').map((f) => f.address));
  assert.deepEqual([...flagged].sort(), ['aws_db_instance.fail', 'aws_db_instance.fail2']);
});

test('checkov examples (GCP): deletion_protection = false is found, true is not', { skip: !shared }, async () => {
  const spanner = await auditOne('checkov__tests_terraform_checks_resource_gcp_example_SpannerDatabaseDeletionProtection_main.tf');
  const sp = spanner.filter((f) => f.rule === 'posture.no-deletion-protection' && f.attribute === 'deletion_protection').map((f) => f.address);
  assert.deepEqual(sp, ['google_spanner_database.fail']);
  const bq = await auditOne('checkov__tests_terraform_checks_resource_gcp_example_BigQueryTableDeletionProtection_main.tf');
  const bqFlagged = bq.filter((f) => f.rule === 'posture.no-deletion-protection').map((f) => f.address);
  assert.ok(bqFlagged.includes('google_bigquery_table.fail2'));
  assert.ok(!bqFlagged.includes('google_bigquery_table.pass'));
});

test('every shared .tf file parses and audits without error', { skip: !shared }, async () => {
  const names = readdirSync(TFCONFIG).filter((n) => n.endsWith('.tf'));
  assert.ok(names.length >= 10);
  for (const name of names) {
    const t = tempDir();
    try {
      copyFileSync(join(TFCONFIG, name), join(t.dir, 'main.tf'));
      const config = await loadConfiguration(t.dir);
      assert.ok(config.root.files.length === 1, name);
      await auditDir(t.dir);
    } finally { t.cleanup(); }
  }
});

test('terraform-aws-rds-aurora main.tf: skip_final_snapshot and deletion_protection flow from variables it does not declare: no guesses', { skip: !shared }, async () => {
  const findings = await auditOne('terraform-aws-rds-aurora__main.tf');
  // Undeclared variables are unknown: no finding claims a value for them.
  assert.ok(!findings.some((f) => f.rule === 'posture.no-final-snapshot'));
  assert.ok(!findings.some((f) => f.rule === 'posture.no-deletion-protection' && f.attribute === 'deletion_protection'));
});

test('terraform-aws-rds installed by terraform init: followed through .terraform/modules, fixed by module arguments in your own file', { skip: !shared }, async () => {
  const { installedRdsModule } = await import('./helpers.js');
  const { runHarden } = await import('../../src/posture/run-harden.js');
  const t = installedRdsModule();
  try {
    const findings = await auditDir(t.dir);
    const dp = findings.find((f) => f.rule === 'posture.no-deletion-protection' && f.attribute === 'deletion_protection');
    assert.ok(dp, findings.map((f) => `${f.rule} ${f.address}`).join('\n'));
    assert.equal(dp.address, 'module.db.module.db_instance.aws_db_instance.this');
    assert.equal(dp.file, '.terraform/modules/db/modules/db_instance/main.tf');
    assert.match(dp.message, /\.terraform\/modules\/db\/variables\.tf:\d+/);
    const vendoredBefore = readFileSync(join(t.dir, '.terraform', 'modules', 'db', 'variables.tf'), 'utf8');
    const run = await runHarden(t.dir, t.dir, true);
    const root = readFileSync(join(t.dir, 'main.tf'), 'utf8');
    assert.match(root, /deletion_protection = true/);
    assert.match(root, /delete_automated_backups = false/);
    assert.equal(readFileSync(join(t.dir, '.terraform', 'modules', 'db', 'variables.tf'), 'utf8'), vendoredBefore, 'downloaded module files are never edited');
    assert.ok(run.manual.some((m) => /downloaded by `terraform init`/.test(m.why)), 'what needs an edit inside the module is listed as manual');
    const after = await auditDir(t.dir);
    assert.ok(!after.some((f) => f.rule === 'posture.no-deletion-protection' && f.attribute === 'deletion_protection' && f.address === dp.address));
    assert.ok(!after.some((f) => f.rule === 'posture.unprotected-database'));
  } finally { t.cleanup(); }
});
