// harden --write, then audit: none of the findings harden fixed may remain, every file still parses,
// a second run changes nothing, and Terraform's own formatter and validator agree where they can run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { haveShared, haveTool, tempDir } from '../helpers/env.js';
import { FIXTURES, TFCONFIG, assembleRdsModule, copyFixture } from './helpers.js';
import { runHarden } from '../../src/posture/run-harden.js';
import { runAudit } from '../../src/posture/run-audit.js';
import type { PostureFinding } from '../../src/posture/rules.js';
import { applyEdits } from '../../src/posture/harden.js';
import { unifiedDiff } from '../../src/posture/diff.js';

/** Every directory under test/fixtures/posture that holds .tf files at its top. */
function fixtureDirs(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir);
    if (entries.some((e) => e.endsWith('.tf'))) { out.push(dir); return; }
    for (const e of entries) if (statSync(join(dir, e)).isDirectory()) walk(join(dir, e));
  };
  walk(root);
  return out.sort();
}

function key(f: PostureFinding): string {
  return `${f.rule}|${f.address ?? f.file}|${f.attribute ?? ''}`;
}

const terraform = spawnSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).status === 0;

function fmtClean(dir: string): boolean {
  const r = spawnSync('terraform', ['fmt', '-check', '-recursive'], { cwd: dir, encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
  return r.status === 0;
}

async function hardenRoundTrip(dir: string, label: string, checkFmt = true): Promise<{ fixed: number }> {
  const dry = await runHarden(dir, dir, false);
  // terraform fmt runs only where harden changes a .tf file (it costs a process each time).
  const fmtBefore = checkFmt && terraform && [...dry.changed.keys()].some((f) => f.endsWith('.tf')) && fmtClean(dir);
  const first = await runHarden(dir, dir, true);
  const after = await runAudit(dir, dir); // throws (with file:line) if a written file no longer parses
  const remaining = new Set(after.findings.map(key));
  for (const f of first.fixed) {
    if (f.rule === 'posture.unprotected-database' || !remaining.has(key(f))) continue;
    assert.fail(`${label}: harden claimed to fix ${key(f)} (${f.file}:${f.line}) but audit still reports it`);
  }
  // The deny-level summary has no edit of its own: it must go once its parts are fixed.
  const manualRules = new Set(first.manual.map((m) => m.finding.rule));
  if (!manualRules.has('posture.no-deletion-protection')) {
    assert.deepEqual(after.findings.filter((f) => f.rule === 'posture.unprotected-database').map((f) => f.address), [], `${label}: unprotected-database remains`);
  }
  const second = await runHarden(dir, dir, false);
  assert.equal(second.changed.size, 0, `${label}: a second harden would change ${[...second.changed.keys()].join(', ')}`);
  if (fmtBefore) assert.ok(fmtClean(dir), `${label}: terraform fmt -check passed before harden and fails after`);
  return { fixed: first.fixed.length };
}

test('harden --write then audit, on every posture fixture; terraform fmt -check holds before and after', async () => {
  const all = copyFixture(FIXTURES);
  try {
    // One formatter run over the whole tree before and one after (each run is a process).
    if (terraform) assert.ok(fmtClean(all.dir), 'the fixtures are terraform-fmt clean to begin with');
    let fixedTotal = 0;
    for (const dir of fixtureDirs(all.dir)) {
      fixedTotal += (await hardenRoundTrip(dir, dir.slice(all.dir.length + 1), false)).fixed;
    }
    assert.ok(fixedTotal >= 30, `fixed ${fixedTotal}`);
    if (terraform) assert.ok(fmtClean(all.dir), 'terraform fmt -check fails after harden');
  } finally { all.cleanup(); }
});

test('harden keeps comments and layout, merges into an existing lifecycle block, and edits tfvars', async () => {
  const t = copyFixture(join(FIXTURES, 'harden-layout'));
  try {
    const before = readFileSync(join(t.dir, 'main.tf'), 'utf8');
    const run = await runHarden(t.dir, t.dir, true);
    const after = readFileSync(join(t.dir, 'main.tf'), 'utf8');
    for (const comment of ['# Keep this comment.', '# set in terraform.tfvars', '# shared state bucket']) assert.ok(after.includes(comment), comment);
    assert.equal((after.match(/lifecycle \{/g) ?? []).length, (before.match(/lifecycle \{/g) ?? []).length + 1, 'one new lifecycle block (kms), the db one merged');
    assert.match(after, /ignore_changes = \[engine_version\]\n\n    prevent_destroy = true\n  \}/);
    assert.match(after, /lifecycle \{ prevent_destroy = true \}/);
    assert.match(after, /versioning_configuration \{ status = "Enabled" \}/);
    assert.match(after, /final_snapshot_identifier = "layout-db-final"/);
    assert.match(after, /use_lockfile = true/);
    assert.equal(readFileSync(join(t.dir, 'terraform.tfvars'), 'utf8'), '# Environment values\nprotect_db = true\n');
    // Lines harden did not touch are byte-identical.
    const untouched = before.split('\n').filter((l) => !/(true|false|= 0|= 7|Disabled|^  }$|^}$|^$)/.test(l));
    for (const l of untouched) assert.ok(after.includes(l), `kept: ${l}`);
    assert.ok(run.manual.length === 0, JSON.stringify(run.manual.map((m) => m.why)));
  } finally { t.cleanup(); }
});

test('harden adds a versioning resource for a bucket without one, and .gitignore patterns in a git repo', { skip: !haveTool('git', 'gitignore edit') }, async () => {
  const t = copyFixture(join(FIXTURES, 'bucket-versioning-off', 'fail'));
  try {
    assert.equal(spawnSync('git', ['init', '-q'], { cwd: t.dir }).status, 0);
    const run = await runHarden(t.dir, t.dir, true);
    const text = readFileSync(join(t.dir, 'main.tf'), 'utf8');
    assert.match(text, /resource "aws_s3_bucket_versioning" "exports" \{\n  bucket = aws_s3_bucket\.exports\.id\n\n  versioning_configuration \{\n    status = "Enabled"\n  \}\n\}/);
    assert.ok(existsSync(join(t.dir, '.gitignore')));
    assert.match(readFileSync(join(t.dir, '.gitignore'), 'utf8'), /^\*\.tfstate$/m);
    assert.ok(run.fixed.some((f) => f.rule === 'posture.tfstate-not-ignored'));
    const again = await runAudit(t.dir, t.dir);
    assert.deepEqual(again.findings.filter((f) => f.rule === 'posture.bucket-versioning-off' || f.rule === 'posture.tfstate-not-ignored'), []);
  } finally { t.cleanup(); }
});

test('a computed value is not guessed; a literal module argument is where the fix is written', async () => {
  const t = tempDir();
  try {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(t.dir, 'main.tf'), 'variable "env" {\n  type = string\n}\n\nresource "aws_s3_bucket" "b" {\n  bucket        = "x"\n  force_destroy = var.env == "dev" ? true : true\n}\n');
    const run = await runHarden(t.dir, t.dir, false);
    // The conditional is not resolvable: no force-destroy finding, so nothing to edit for it.
    assert.ok(!run.fixed.some((f) => f.rule === 'posture.force-destroy'));
    writeFileSync(join(t.dir, 'main.tf'), 'module "m" {\n  source = "./m"\n  fd     = true\n}\n');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(t.dir, 'm'));
    writeFileSync(join(t.dir, 'm', 'main.tf'), 'variable "fd" {}\n\nresource "aws_s3_bucket" "b" {\n  bucket        = "x"\n  force_destroy = var.fd\n}\n');
    const run2 = await runHarden(t.dir, t.dir, true);
    assert.ok(run2.fixed.some((f) => f.rule === 'posture.force-destroy'));
    assert.match(readFileSync(join(t.dir, 'main.tf'), 'utf8'), /fd     = false/, 'the literal module argument is where the value is changed');
    assert.match(readFileSync(join(t.dir, 'm', 'main.tf'), 'utf8'), /force_destroy = var\.fd/);
  } finally { t.cleanup(); }
});

test('harden on the real RDS module and every shared .tf file: round trip holds', { skip: !haveShared('harden on real configurations') }, async () => {
  const rds = assembleRdsModule();
  try {
    const r = await hardenRoundTrip(rds.dir, 'terraform-aws-rds');
    assert.ok(r.fixed >= 3);
    const vars = readFileSync(join(rds.dir, 'variables.tf'), 'utf8');
    assert.match(vars, /variable "deletion_protection" \{[^}]*default\s+= true/);
    assert.match(vars, /variable "delete_automated_backups" \{[^}]*default\s+= false/);
  } finally { rds.cleanup(); }
  for (const name of readdirSync(TFCONFIG).filter((n) => n.endsWith('.tf'))) {
    const t = tempDir();
    try {
      copyFileSync(join(TFCONFIG, name), join(t.dir, 'main.tf'));
      await hardenRoundTrip(t.dir, name, false); // fmt is checked on the assembled RDS module above
    } finally { t.cleanup(); }
  }
});

test('terraform validate passes after harden on a configuration that needs no provider', { skip: !haveTool('terraform', 'terraform validate after harden') }, async () => {
  const t = copyFixture(join(FIXTURES, 'validate-builtin'));
  try {
    const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    const run = await runHarden(t.dir, t.dir, true);
    assert.ok(run.fixed.some((f) => f.rule === 'posture.s3-backend-no-lock'));
    const init = spawnSync('terraform', ['init', '-backend=false', '-input=false'], { cwd: t.dir, encoding: 'utf8', env, timeout: 120_000 });
    assert.equal(init.status, 0, init.stderr);
    const v = spawnSync('terraform', ['validate', '-no-color'], { cwd: t.dir, encoding: 'utf8', env, timeout: 120_000 });
    assert.equal(v.status, 0, v.stdout + v.stderr);
  } finally { t.cleanup(); }
});

test('applyEdits and unifiedDiff: small cases', () => {
  assert.equal(applyEdits('abc', [{ file: 'f', start: 1, end: 2, text: 'X' }, { file: 'f', start: 3, end: 3, text: '!' }]), 'aXc!');
  const d = unifiedDiff('f.tf', 'a\nb\nc\n', 'a\nB\nc\n');
  assert.equal(d, '--- a/f.tf\n+++ b/f.tf\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
  assert.equal(unifiedDiff('f.tf', 'same\n', 'same\n'), '');
});

test('harden keeps CRLF line endings in a CRLF file', async () => {
  const t = tempDir();
  try {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(t.dir, 'main.tf'), 'resource "aws_kms_key" "k" {\r\n  description = "k"\r\n}\r\n');
    await runHarden(t.dir, t.dir, true);
    const text = readFileSync(join(t.dir, 'main.tf'), 'utf8');
    assert.match(text, /prevent_destroy = true/);
    assert.equal(text.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
  } finally { t.cleanup(); }
});

test('harden creates a missing nested block once, with every attribute that belongs in it, aligned', async () => {
  const t = tempDir();
  try {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(t.dir, 'main.tf'), 'resource "google_sql_database_instance" "db" {\n  name = "x"\n\n  settings {\n    tier = "db-f1-micro"\n  }\n}\n');
    await runHarden(t.dir, t.dir, true);
    const text = readFileSync(join(t.dir, 'main.tf'), 'utf8');
    assert.equal((text.match(/backup_configuration \{/g) ?? []).length, 1);
    assert.match(text, /backup_configuration \{\n      enabled                        = true\n      point_in_time_recovery_enabled = true\n    \}/);
    const after = await runAudit(t.dir, t.dir);
    assert.deepEqual(after.findings.filter((f) => f.rule === 'posture.no-backup-retention'), []);
    // A `dynamic` block is not known here: nothing is claimed about what is inside it.
    writeFileSync(join(t.dir, 'main.tf'), 'resource "google_sql_database_instance" "db" {\n  name = "x"\n  settings {\n    tier = "db-f1-micro"\n    dynamic "backup_configuration" {\n      for_each = var.b\n      content {\n        enabled = false\n      }\n    }\n  }\n}\n');
    const dyn = await runAudit(t.dir, t.dir);
    assert.ok(!dyn.findings.some((f) => f.attribute?.startsWith('settings.backup_configuration')));
  } finally { t.cleanup(); }
});

test('several insertions into one one-line block become one edit that still parses and formats', async () => {
  const t = tempDir();
  try {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(t.dir, 'main.tf'), 'resource "google_sql_database_instance" "db" {\n  name = "x"\n  settings { tier = "db-f1-micro" }\n}\n');
    const run = await runHarden(t.dir, t.dir, true);
    const text = readFileSync(join(t.dir, 'main.tf'), 'utf8');
    for (const attr of ['retain_backups_on_delete = true', 'deletion_protection_enabled = true', 'point_in_time_recovery_enabled = true']) assert.ok(text.includes(attr), `${attr}\n${text}`);
    assert.equal((text.match(/settings \{/g) ?? []).length, 1);
    assert.ok(text.includes('tier = "db-f1-micro"'));
    const after = await runAudit(t.dir, t.dir);
    for (const f of run.fixed) assert.ok(!after.findings.some((a) => key(a) === key(f)), `still reported: ${key(f)}`);
    assert.equal((await runHarden(t.dir, t.dir, false)).changed.size, 0);
    if (terraform) assert.ok(fmtClean(t.dir), text);
  } finally { t.cleanup(); }
});
