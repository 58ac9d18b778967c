import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { haveTool, tempDir } from '../helpers/env.js';
import { FIXTURES, auditDir, copyFixture, rulesOf } from './helpers.js';
import { POSTURE_RULES } from '../../src/posture/rules.js';

/** fixture directory name -> the rule its `fail*` cases must raise and its `pass` case must not. */
const RULE_FIXTURES: Record<string, string> = {
  'unprotected-database': 'posture.unprotected-database',
  'no-deletion-protection': 'posture.no-deletion-protection',
  'no-prevent-destroy': 'posture.no-prevent-destroy',
  'no-final-snapshot': 'posture.no-final-snapshot',
  'backups-die-with-resource': 'posture.backups-die-with-resource',
  'no-backup-retention': 'posture.no-backup-retention',
  'force-destroy': 'posture.force-destroy',
  'bucket-versioning-off': 'posture.bucket-versioning-off',
  'short-deletion-window': 'posture.short-deletion-window',
  'backups-in-blast-radius': 'posture.backups-in-blast-radius',
  'local-state': 'posture.local-state',
  's3-backend-no-lock': 'posture.s3-backend-no-lock',
  'state-bucket-unversioned': 'posture.state-bucket-unversioned',
  'several-projects-one-state': 'posture.several-projects-one-state',
  // The public RDS module called from the registry: judged on its arguments and its known defaults.
  'registry-rds-module': 'posture.unprotected-database',
};

for (const [dir, rule] of Object.entries(RULE_FIXTURES)) {
  test(`${rule}: the failing fixture is found, the passing one is not`, async () => {
    const fails = ['fail', 'fail-local-backend'].filter((d) => existsSync(join(FIXTURES, dir, d)));
    assert.ok(fails.length > 0);
    for (const f of fails) {
      const findings = await auditDir(join(FIXTURES, dir, f));
      const hit = findings.filter((x) => x.rule === rule);
      assert.ok(hit.length > 0, `${dir}/${f}: expected ${rule}, got ${rulesOf(findings).join(', ')}`);
      for (const h of hit) {
        assert.ok(h.file.endsWith('.tf') && h.line >= 1, `${rule} has a file:line (${h.file}:${h.line})`);
        assert.ok(h.why.length > 20 && h.fix.length > 10 && h.message.length > 10);
        assert.equal(h.level, POSTURE_RULES[rule].level);
      }
    }
    const pass = await auditDir(join(FIXTURES, dir, 'pass'));
    assert.deepEqual(pass.filter((x) => x.rule === rule), [], `${dir}/pass must not raise ${rule}`);
  });
}

test('every rule has a case: fixtures here, or git repositories built in the tests below', () => {
  const covered = new Set([...Object.values(RULE_FIXTURES), 'posture.tfstate-not-ignored', 'posture.tfstate-committed']);
  assert.deepEqual(Object.keys(POSTURE_RULES).filter((r) => !covered.has(r)), []);
});

test('values are resolved through locals, variable defaults and tfvars, and the finding says how', async () => {
  const retention = await auditDir(join(FIXTURES, 'no-backup-retention', 'fail'));
  const r = retention.find((f) => f.rule === 'posture.no-backup-retention');
  assert.ok(r);
  assert.match(r.message, /local\.retention_days/);
  assert.equal(r.line, 12);
  const layout = await auditDir(join(FIXTURES, 'harden-layout'));
  const dp = layout.find((f) => f.rule === 'posture.no-deletion-protection');
  assert.ok(dp, 'deletion_protection = var.protect_db with protect_db = false in terraform.tfvars');
  assert.match(dp.message, /terraform\.tfvars:2/);
});

test('incident stack: two sites in one local state, each database unprotected with backups that die with it', async () => {
  const findings = await auditDir(join(FIXTURES, 'incident'));
  const deny = findings.filter((f) => f.rule === 'posture.unprotected-database');
  assert.deepEqual(deny.map((f) => f.address).sort(), ['module.site_a.aws_db_instance.main', 'module.site_b.aws_db_instance.main']);
  assert.ok(deny.every((f) => f.level === 'deny' && f.file === 'modules/site/main.tf'));
  const projects = findings.find((f) => f.rule === 'posture.several-projects-one-state');
  assert.ok(projects);
  assert.match(projects.message, /course-platform/);
  assert.match(projects.message, /landing-pages/);
  assert.ok(findings.some((f) => f.rule === 'posture.local-state'));
  const snap = findings.filter((f) => f.rule === 'posture.no-final-snapshot');
  assert.equal(snap.length, 2);
  assert.match(snap[0].message, /variables\.tf:17/);
  // Not data-bearing: the VPC, subnets, ECS and the load balancer raise no per-resource finding.
  assert.ok(!findings.some((f) => /aws_(vpc|subnet|ecs_|lb\.)/.test(f.address ?? '')));
});

test('a module called twice with the same source is seen as two stacks even without tags', async () => {
  const t = tempDir();
  try {
    writeFileSync(join(t.dir, 'main.tf'), 'terraform {\n  backend "s3" {\n    bucket       = "b"\n    key          = "k"\n    region       = "eu-west-1"\n    use_lockfile = true\n  }\n}\n\nmodule "shop" {\n  source = "./stack"\n}\n\nmodule "blog" {\n  source = "./stack"\n}\n');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(t.dir, 'stack'));
    writeFileSync(join(t.dir, 'stack', 'main.tf'), 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n');
    const findings = await auditDir(t.dir);
    const p = findings.find((f) => f.rule === 'posture.several-projects-one-state');
    assert.ok(p);
    assert.match(p.message, /module\.shop/);
    assert.match(p.message, /module\.blog/);
    // One call only: one project.
    writeFileSync(join(t.dir, 'main.tf'), 'module "shop" {\n  source = "./stack"\n}\n');
    assert.equal((await auditDir(t.dir)).filter((f) => f.rule === 'posture.several-projects-one-state').length, 0);
  } finally { t.cleanup(); }
});

test('remote module sources are listed as not followed, not silently dropped', async () => {
  const t = tempDir();
  try {
    writeFileSync(join(t.dir, 'main.tf'), 'module "db" {\n  source  = "terraform-aws-modules/rds/aws"\n  version = "6.0.0"\n}\n');
    const { loadConfiguration } = await import('../../src/posture/load.js');
    const config = await loadConfiguration(t.dir);
    assert.equal(config.unfollowed.length, 1);
    assert.equal(config.unfollowed[0].module, 'module.db');
    assert.equal(config.unfollowed[0].line, 1);
  } finally { t.cleanup(); }
});

function git(dir: string, ...args: string[]): void {
  const r = spawnSync('git', ['-C', dir, '-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

test('posture.tfstate-not-ignored and posture.tfstate-committed: from git itself', { skip: !haveTool('git', 'git facts') }, async () => {
  const t = copyFixture(join(FIXTURES, 'local-state', 'pass'));
  try {
    git(t.dir, 'init', '-q');
    writeFileSync(join(t.dir, 'terraform.tfstate'), '{"version":4,"serial":1,"lineage":"x","resources":[]}\n');
    let findings = await auditDir(t.dir, true);
    const notIgnored = findings.find((f) => f.rule === 'posture.tfstate-not-ignored');
    assert.ok(notIgnored, rulesOf(findings).join(','));
    assert.match(notIgnored.message, /terraform\.tfstate/);
    assert.equal(findings.filter((f) => f.rule === 'posture.tfstate-committed').length, 0);

    // Committed: found even after the file is ignored later.
    git(t.dir, 'add', 'terraform.tfstate', 'main.tf');
    git(t.dir, 'commit', '-q', '-m', 'oops');
    writeFileSync(join(t.dir, '.gitignore'), '*.tfstate\n*.tfstate.*\n');
    findings = await auditDir(t.dir, true);
    assert.equal(findings.filter((f) => f.rule === 'posture.tfstate-not-ignored').length, 0);
    const committed = findings.find((f) => f.rule === 'posture.tfstate-committed');
    assert.ok(committed);
    assert.equal(committed.file, 'terraform.tfstate');

    git(t.dir, 'rm', '-q', '--cached', 'terraform.tfstate');
    findings = await auditDir(t.dir, true);
    assert.deepEqual(findings.filter((f) => f.rule.startsWith('posture.tfstate')), []);
  } finally { t.cleanup(); }
});

test('registry RDS module: the defaults it leaves out are findings on the module call', async () => {
  const findings = await auditDir(join(FIXTURES, 'registry-rds-module', 'fail'));
  const onCall = findings.filter((f) => f.address === 'module.db');
  assert.deepEqual(onCall.map((f) => f.rule).sort(), ['posture.backups-die-with-resource', 'posture.no-deletion-protection', 'posture.unprotected-database']);
  assert.ok(onCall.every((f) => f.line === 2));
  const pass = await auditDir(join(FIXTURES, 'registry-rds-module', 'pass'));
  assert.deepEqual(pass.filter((f) => f.address === 'module.db'), []);
});

test('several projects by Name prefix: two prefixes are two projects, a prefix equal to a Project tag is the same one', async () => {
  const t = tempDir();
  try {
    const bucket = (id: string, tags: string) => `resource "aws_s3_bucket" "${id}" {\n  bucket = "${id}"\n  tags = ${tags}\n}\n`;
    writeFileSync(join(t.dir, 'main.tf'), bucket('a', '{ Name = "shop-files" }') + bucket('b', '{ Name = "blog-files" }'));
    const two = (await auditDir(t.dir)).find((f) => f.rule === 'posture.several-projects-one-state');
    assert.ok(two);
    assert.equal(two.severity, 'medium');
    writeFileSync(join(t.dir, 'main.tf'), bucket('a', '{ Project = "shop" }') + bucket('b', '{ Name = "shop-files" }'));
    assert.equal((await auditDir(t.dir)).filter((f) => f.rule === 'posture.several-projects-one-state').length, 0);
  } finally { t.cleanup(); }
});

test('tags built with merge() of known objects count for the project grouping', async () => {
  const t = tempDir();
  try {
    writeFileSync(join(t.dir, 'main.tf'), [
      'locals {\n  shop = { Project = "shop", Owner = "a" }\n  blog = { Project = "blog" }\n}\n',
      'resource "aws_sqs_queue" "a" {\n  name = "a"\n  tags = merge(local.shop, { Name = "a" })\n}\n',
      'resource "aws_sqs_queue" "b" {\n  name = "b"\n  tags = merge(local.blog, { Name = "b" })\n}\n',
    ].join('\n'));
    const p = (await auditDir(t.dir)).find((f) => f.rule === 'posture.several-projects-one-state');
    assert.ok(p);
    assert.match(p.message, /Project = "shop"/);
    assert.match(p.message, /Project = "blog"/);
    // An unknown argument makes the whole merge unknown: no guess.
    writeFileSync(join(t.dir, 'main.tf'), 'resource "aws_sqs_queue" "a" {\n  name = "a"\n  tags = merge(var.tags, { Project = "x" })\n}\n\nresource "aws_sqs_queue" "b" {\n  name = "b"\n  tags = { Project = "y" }\n}\n');
    assert.equal((await auditDir(t.dir)).filter((f) => f.rule === 'posture.several-projects-one-state').length, 0);
  } finally { t.cleanup(); }
});

test('OpenTofu: x.tofu is read instead of x.tf', async () => {
  const t = tempDir();
  try {
    writeFileSync(join(t.dir, 'main.tf'), 'resource "aws_kms_key" "k" {\n  deletion_window_in_days = 7\n}\n');
    writeFileSync(join(t.dir, 'main.tofu'), 'resource "aws_kms_key" "k" {\n  deletion_window_in_days = 30\n}\n');
    assert.equal((await auditDir(t.dir)).filter((f) => f.rule === 'posture.short-deletion-window').length, 0);
    writeFileSync(join(t.dir, 'keys.tofu'), 'resource "aws_kms_key" "k2" {\n  deletion_window_in_days = 10\n}\n');
    const f = (await auditDir(t.dir)).filter((x) => x.rule === 'posture.short-deletion-window');
    assert.deepEqual(f.map((x) => `${x.file}:${x.line}`), ['keys.tofu:2']);
  } finally { t.cleanup(); }
});

test('conditionals, comparisons and coalesce() are evaluated when their inputs are known', async () => {
  const t = tempDir();
  try {
    writeFileSync(join(t.dir, 'main.tf'), [
      'variable "env" {\n  default = "prod"\n}\n',
      'variable "retention" {\n  default = null\n}\n',
      'resource "aws_db_instance" "db" {\n  identifier          = "x"\n  deletion_protection = var.env == "prod" ? false : true\n  backup_retention_period = coalesce(var.retention, 0)\n}\n',
    ].join('\n'));
    const findings = await auditDir(t.dir);
    const dp = findings.find((f) => f.rule === 'posture.no-deletion-protection');
    assert.ok(dp);
    assert.match(dp.message, /var\.env == "prod" is true/);
    assert.ok(findings.some((f) => f.rule === 'posture.no-backup-retention'));
    // An unknown condition: no claim either way.
    writeFileSync(join(t.dir, 'main.tf'), 'variable "env" {}\n\nresource "aws_db_instance" "db" {\n  identifier          = "x"\n  deletion_protection = var.env == "prod" ? false : true\n}\n');
    assert.equal((await auditDir(t.dir)).filter((f) => f.rule === 'posture.no-deletion-protection').length, 0);
  } finally { t.cleanup(); }
});
