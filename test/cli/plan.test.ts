// `twokey plan check` through the built CLI: exit codes, report formats, errors, --protect, binary plans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, haveShared, haveTool, SHARED_DIR } from '../helpers/env.js';
import { stackCopy, terraform, tfEnv } from '../terraform/helpers.js';

const PLANS = join(SHARED_DIR, 'fixtures', 'plans');
const envFor = (home: string) => ({ TWOKEY_HOME: home, TWOKEY_SYSTEM_DIR: join(home, 'none') });

test('plan check: exit codes and --json shape on real plans', { skip: !haveShared('plan check CLI test') }, () => {
  const { dir, cleanup } = tempDir();
  try {
    const env = envFor(dir);
    const allow = runCli(['plan', 'check', '--json', join(PLANS, 'terraform-json__testdata_110_basic_plan.json')], { env });
    assert.equal(allow.status, 0, allow.stderr);
    const j = JSON.parse(allow.stdout);
    assert.equal(j.decision, 'allow');
    assert.deepEqual(Object.keys(j.counts).sort(), ['create', 'delete', 'forget', 'noop', 'read', 'replace', 'update']);
    assert.equal(j.counts.create, 7);
    const ask = runCli(['plan', 'check', '--json', join(PLANS, 'tfplan2md__examples_azuredevops_terraform_plan2.json')], { env });
    assert.equal(ask.status, 2);
    const k = JSON.parse(ask.stdout);
    assert.equal(k.counts.delete, 2);
    assert.equal(k.counts.replace, 1);
    for (const f of k.findings) for (const field of ['rule', 'severity', 'address', 'type', 'message']) assert.ok(field in f, field);
    const deny = runCli(['plan', 'check', join(PLANS, 'policy-engine__pkg_input_golden_test_tfplan_resource-changes_plan.json')], { env });
    assert.equal(deny.status, 3);
    assert.match(deny.stdout, /^DENY/);
    assert.match(deny.stdout, /Data that dies:\n\s+delete\s+aws_s3_bucket\.delete_bucket\s+\[object_storage\]/);
  } finally { cleanup(); }
});

test('plan check: --markdown, --sarif, --protect, UTF-16 file', { skip: !haveShared() }, () => {
  const { dir, cleanup } = tempDir();
  try {
    const env = envFor(dir);
    const file = join(PLANS, 'tfplan-validator__test_fixtures_delete_plan.json');
    const md = runCli(['plan', 'check', '--markdown', file], { env });
    assert.equal(md.status, 2);
    assert.match(md.stdout, /^### .* twokey plan check: \*\*ask\*\*/);
    assert.match(md.stdout, /\| delete \| `local_file\.foo` \|/);
    const sarif = JSON.parse(runCli(['plan', 'check', '--sarif', file], { env }).stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0].results.some((r: { ruleId: string; level: string }) => r.ruleId === 'plan.delete' && r.level === 'warning'));
    const prot = runCli(['plan', 'check', '--json', '--protect', 'local_file.*', file], { env });
    assert.equal(prot.status, 3);
    assert.ok(JSON.parse(prot.stdout).findings.some((f: { rule: string }) => f.rule === 'plan.protected'));
    const utf16 = runCli(['plan', 'check', join(PLANS, 'checkov__tests_terraform_parser_resources_plan_encodings_tfplan_win_utf16.json')], { env });
    assert.equal(utf16.status, 0, utf16.stderr);
    assert.match(utf16.stdout, /read as utf-16le/);
  } finally { cleanup(); }
});

test('plan check: a bad file is an error (exit 1) saying what and where', () => {
  const { dir, cleanup } = tempDir();
  try {
    const env = envFor(dir);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{\n "format_version": "1.2",\n "resource_changes": [\n  {"address": }\n ]\n}\n');
    const r = runCli(['plan', 'check', bad], { env });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /bad\.json: not valid JSON: .* at line 4, column \d+/);
    assert.equal(runCli(['plan', 'check', join(dir, 'missing.json')], { env }).status, 1);
    assert.match(runCli(['plan', 'check'], { env }).stderr, /missing PLAN/);
    assert.match(runCli(['plan', 'frobnicate', 'x'], { env }).stderr, /unknown subcommand/);
    const help = runCli(['plan', '--help'], { env });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: twokey plan check/);
  } finally { cleanup(); }
});

test('plan check on a binary plan: show -json is run, lineage and serial recorded in the ledger', { skip: !haveTool('terraform', 'binary plan check') }, () => {
  const { dir, cleanup } = tempDir();
  try {
    const home = join(dir, 'home');
    const stack = stackCopy(dir, home);
    const env = tfEnv(home);
    assert.equal(terraform(['apply', '-auto-approve', '-input=false'], stack, home).status, 0);
    assert.equal(terraform(['plan', '-out=p.tfplan', '-input=false', '-var', 'site_count=1'], stack, home).status, 0);
    const r = runCli(['plan', 'check', '--json', 'p.tfplan'], { cwd: stack, env });
    assert.equal(r.status, 2, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.counts.delete, 2);
    assert.ok(j.state.lineage.length > 10);
    const ledger = JSON.parse(runCli(['ledger', 'show', '--json'], { cwd: stack, env }).stdout);
    assert.equal(ledger.entries[0].lineage, j.state.lineage);
    assert.equal(ledger.entries[0].serial, j.state.serial);
    // protected db replaced -> deny
    const noPd = join(stack, 'main.tf');
    writeFileSync(noPd, readFileSync(noPd, 'utf8').replace(/lifecycle \{\s*prevent_destroy = true\s*\}/, ''));
    assert.equal(terraform(['plan', '-out=r.tfplan', '-input=false', '-replace=terraform_data.db'], stack, home).status, 0);
    const d = runCli(['plan', 'check', '--json', '--protect', 'terraform_data.db', 'r.tfplan'], { cwd: stack, env });
    assert.equal(d.status, 3, d.stderr);
    const dj = JSON.parse(d.stdout);
    assert.equal(dj.counts.replace, 1);
    assert.ok(dj.findings.some((f: { rule: string; address: string }) => f.rule === 'plan.protected' && f.address === 'terraform_data.db'));
    // the snapshots depend on the db: the blast radius says so
    const db = dj.deleted.find((x: { address: string }) => x.address === 'terraform_data.db');
    assert.ok(db.dependents.includes('terraform_data.db_snapshot'), JSON.stringify(db.dependents));
    assert.ok(db.dependents.includes('module.site_a'));
  } finally { cleanup(); }
});

test('plan check: a binary plan terraform cannot show is an error naming the file and the reason', { skip: !haveShared() || !haveTool('terraform') }, () => {
  const { dir, cleanup } = tempDir();
  try {
    const r = runCli(['plan', 'check', join(SHARED_DIR, 'fixtures', 'tfconfig', 'tfplan2md__examples_azuredevops_plan2.tfplan')], { cwd: dir, env: envFor(dir) });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /plan2\.tfplan: is a binary plan, and 'terraform show -json' refused it \(exit 1\): .*created by Terraform 1\.14\.2/);
  } finally { cleanup(); }
});

test('plan check - reads the plan from standard input', { skip: !haveShared() }, () => {
  const { dir, cleanup } = tempDir();
  try {
    const input = readFileSync(join(PLANS, 'policy-engine__pkg_input_golden_test_tfplan_resource-changes_plan.json'), 'utf8');
    const r = runCli(['plan', 'check', '--json', '-'], { cwd: dir, env: envFor(dir), input });
    assert.equal(r.status, 3, r.stderr);
    assert.equal(JSON.parse(r.stdout).counts.delete, 1);
  } finally { cleanup(); }
});
