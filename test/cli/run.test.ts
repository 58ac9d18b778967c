// End to end through `twokey run` with real Terraform and the terraform_data production stack in
// test/fixtures/terraform/prod: the incident's steps, decided as a careful human would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { haveTool, runCli, tempDir } from '../helpers/env.js';
import { approveAsHuman, makeHumanKey, stackCopy, tfEnv, terraform, writeSignedUserPolicy, type HumanKey } from '../terraform/helpers.js';

interface RunReport {
  decision: string;
  counts: Record<string, number>;
  findings: { rule: string; severity: string; address: string; message: string }[];
  projects: string[];
  destroyMode: boolean;
  ran: boolean;
  exit: number;
  requestId?: string;
  plan: string;
  deleted: { address: string; kind: string; reason: string | null }[];
}

const rulesOf = (r: RunReport) => r.findings.map((f) => f.rule);

test('twokey run: the incident, step by step, with real terraform', { skip: !haveTool('terraform', 'the guarded-run end-to-end test') }, async (t) => {
  const { dir, cleanup } = tempDir('twokey-run-');
  t.after(cleanup);
  const home = join(dir, 'home');
  const key: HumanKey = await makeHumanKey(home);
  const stack = stackCopy(dir, home);
  const env = tfEnv(home);
  let n = 0;
  const run = (args: string[], protect: string[] = []): { status: number | null; stderr: string; report: RunReport } => {
    const reportFile = join(dir, `report-${++n}.json`);
    const r = runCli(['run', ...protect.flatMap((p) => ['--protect', p]), '--report', reportFile, '--', 'terraform', ...args], { cwd: stack, env, timeoutMs: 120_000 });
    const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) as RunReport : ({} as RunReport);
    return { status: r.status, stderr: r.stderr, report };
  };
  const state = join(stack, 'terraform.tfstate');
  const mainTf = join(stack, 'main.tf');
  const originalMain = readFileSync(mainTf, 'utf8');

  await t.test('first plan with no state, db protected: "is this really a new environment?" -> ask; approved plan applies once', async () => {
    const r = run(['apply', '-auto-approve'], ['terraform_data.db']);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.report.decision, 'ask');
    assert.ok(rulesOf(r.report).includes('state.new-environment'), JSON.stringify(r.report.findings));
    assert.equal(r.report.counts.create, 11);
    assert.equal(existsSync(state), false, 'nothing applied');
    assert.ok(r.report.requestId);
    // Asking again is not a way around the question: a plan that was never applied is not history.
    const rerun = run(['apply', '-auto-approve'], ['terraform_data.db']);
    assert.equal(rerun.status, 2, rerun.stderr);
    assert.ok(rulesOf(rerun.report).includes('state.new-environment'), JSON.stringify(rerun.report.findings));
    assert.equal(existsSync(state), false, 'still nothing applied');
    await approveAsHuman(home, key, r.report.requestId!);
    const applied = run(['apply', r.report.plan], ['terraform_data.db']);
    assert.equal(applied.status, 0, applied.stderr);
    assert.equal(applied.report.ran, true);
    assert.ok(existsSync(state));
    const again = run(['apply', r.report.plan], ['terraform_data.db']);
    assert.notEqual(again.status, 0, 'an approval is single use, and the plan is stale');
  });

  await t.test('ledger learned the lineage; a no-change apply is allowed', () => {
    const ledger = JSON.parse(runCli(['ledger', 'show', '--json'], { cwd: stack, env }).stdout);
    assert.equal(ledger.entries.length, 1);
    const lineage = JSON.parse(readFileSync(state, 'utf8')).lineage;
    assert.equal(ledger.entries[0].lineage, lineage);
    assert.equal(Object.keys(ledger.entries[0].resources).length, 11);
    assert.deepEqual(ledger.entries[0].preventDestroy, ['terraform_data.db']);
    const r = run(['apply', '-auto-approve']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.report.decision, 'allow');
  });

  const before = join(dir, 'serial-before.tfstate');
  await t.test('an allowed create moves the serial on; state backups carry lineage and serial', () => {
    copyFileSync(state, before);
    const r = run(['apply', '-auto-approve', '-var', 'snapshot_days=["mon","tue","wed","thu"]']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.report.counts.create, 1);
    const backups = readdirSync(join(home, 'state-backups'));
    const lineage = JSON.parse(readFileSync(before, 'utf8')).lineage;
    assert.ok(backups.some((b) => b.includes(lineage) && /serial-\d+/.test(b)), backups.join('\n'));
  });
  const snapshotsVar = ['-var', 'snapshot_days=["mon","tue","wed","thu"]'];

  await t.test('count shrink: ordinary deletes in two projects -> ask, said in words', () => {
    const r = run(['apply', '-auto-approve', '-var', 'site_count=1', ...snapshotsVar]);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.report.counts.delete, 2);
    assert.deepEqual(r.report.deleted.map((d) => d.reason), ['delete_because_count_index', 'delete_because_count_index']);
    assert.deepEqual(r.report.projects, ['site-a', 'site-b']);
    assert.match(r.stderr, /this plan touches two projects \(site-a, site-b\)/);
  });

  const good = join(dir, 'good.tfstate');
  await t.test('an older copy of the same lineage -> deny (rolled back)', () => {
    copyFileSync(state, good);
    copyFileSync(before, state);
    const r = run(['apply', '-auto-approve', ...snapshotsVar]);
    assert.equal(r.status, 3, r.stderr);
    assert.ok(rulesOf(r.report).includes('state.rolled-back'), JSON.stringify(rulesOf(r.report)));
    copyFileSync(good, state);
  });

  await t.test('the old copy unpacked in a fresh directory -> deny (twokey knows a newer serial elsewhere)', () => {
    const fresh = join(dir, 'unpacked');
    const copy = stackCopy(fresh, home);
    copyFileSync(before, join(copy, 'terraform.tfstate'));
    const reportFile = join(dir, 'report-unpacked.json');
    const r = runCli(['run', '--report', reportFile, '--', 'terraform', 'apply', '-auto-approve', ...snapshotsVar], { cwd: copy, env, timeoutMs: 120_000 });
    assert.equal(r.status, 3, r.stderr);
    const rep = JSON.parse(readFileSync(reportFile, 'utf8')) as RunReport;
    const f = rep.findings.find((x) => x.rule === 'state.rolled-back');
    assert.ok(f, JSON.stringify(rep.findings));
    assert.match(f.message, /older copy: twokey has seen serial \d+ of the same lineage in /);
  });

  await t.test('a state copied over from another lineage, then destroy -> deny (foreign lineage)', () => {
    const other = join(dir, 'other');
    const otherStack = stackCopy(other, home);
    const applied = terraform(['apply', '-auto-approve', '-input=false', '-no-color'], otherStack, join(dir, 'unused-home'));
    assert.equal(applied.status, 0, applied.stderr);
    copyFileSync(join(otherStack, 'terraform.tfstate'), state);
    writeFileSync(mainTf, originalMain.replace(/lifecycle \{\s*prevent_destroy = true\s*\}/, ''));
    const r = run(['destroy', '-auto-approve', ...snapshotsVar]);
    assert.equal(r.status, 3, r.stderr);
    assert.ok(rulesOf(r.report).includes('state.foreign-lineage'), JSON.stringify(rulesOf(r.report)));
    assert.equal(r.report.destroyMode, true);
    assert.ok(JSON.parse(readFileSync(state, 'utf8')).resources.length > 0, 'nothing destroyed');
    copyFileSync(good, state);
    writeFileSync(mainTf, originalMain);
  });

  await t.test('the state file is missing -> deny (the plan would recreate everything)', () => {
    rmSync(state);
    const r = run(['apply', '-auto-approve', ...snapshotsVar]);
    assert.equal(r.status, 3, r.stderr);
    assert.ok(rulesOf(r.report).includes('state.missing'), JSON.stringify(rulesOf(r.report)));
    copyFileSync(good, state);
  });

  await t.test('the state restored as it was: allowed again (no false alarm)', () => {
    const r = run(['apply', '-auto-approve', ...snapshotsVar]);
    assert.equal(r.status, 0, r.stderr);
  });

  await t.test('destroy of everything (prevent_destroy taken out of the config) -> deny, destroy-mode, three projects', () => {
    writeFileSync(mainTf, originalMain.replace(/lifecycle \{\s*prevent_destroy = true\s*\}/, ''));
    const r = run(['destroy', '-auto-approve', ...snapshotsVar]);
    assert.equal(r.status, 3, r.stderr);
    assert.equal(r.report.destroyMode, true);
    assert.equal(r.report.counts.delete, 12);
    const rules = rulesOf(r.report);
    assert.ok(rules.includes('plan.prevent-destroy-dropped'), JSON.stringify(rules));
    assert.ok(rules.includes('plan.backups-in-blast-radius'), JSON.stringify(rules));
    assert.ok(rules.includes('plan.destroy-all'));
    assert.deepEqual(r.report.projects, ['shared', 'site-a', 'site-b']);
    writeFileSync(mainTf, originalMain);
  });

  await t.test('the db block removed despite prevent_destroy -> deny (the ledger remembers)', () => {
    const withoutDb = originalMain
      .replace(/resource "terraform_data" "db" \{[\s\S]*?\n\}\n/, '')
      .replace(/resource "terraform_data" "db_snapshot" \{[\s\S]*?\n\}\n/, '')
      .replace(/terraform_data\.db\.id/g, '"gone"');
    writeFileSync(mainTf, withoutDb);
    const r = run(['apply', '-auto-approve']);
    assert.equal(r.status, 3, r.stderr);
    const dbFinding = r.report.findings.find((f) => f.rule === 'plan.prevent-destroy-dropped');
    assert.equal(dbFinding?.address, 'terraform_data.db');
    assert.ok(rulesOf(r.report).includes('plan.backups-in-blast-radius'));
    writeFileSync(mainTf, originalMain);
  });

  await t.test('the policy protect: list (signed user policy) denies deleting the db', async () => {
    await writeSignedUserPolicy(home, key, 'version: 1\nprotect:\n  - terraform_data.db\n');
    const r = run(['apply', '-auto-approve', '-replace=terraform_data.vpc', ...snapshotsVar]);
    // replacing the vpc is an ordinary replace: ask, and the db (protected) is only updated
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.report.counts.replace, 1);
    assert.equal(r.report.deleted[0].address, 'terraform_data.vpc');
    writeFileSync(mainTf, originalMain.replace(/lifecycle \{\s*prevent_destroy = true\s*\}/, ''));
    const d = run(['apply', '-auto-approve', '-replace=terraform_data.db', ...snapshotsVar]);
    assert.equal(d.status, 3, d.stderr);
    assert.ok(d.report.findings.some((f) => f.rule === 'plan.protected' && f.address === 'terraform_data.db'), JSON.stringify(d.report.findings));
    writeFileSync(mainTf, originalMain);
    rmSync(join(home, 'policy.yaml'));
    rmSync(join(home, 'policy.yaml.sig'));
  });

  await t.test('a module removed -> ask, deletes because of no module', () => {
    writeFileSync(mainTf, originalMain.replace(/module "site_b" \{[\s\S]*?\n\}\n/, ''));
    const r = run(['apply', '-auto-approve', ...snapshotsVar]);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.report.counts.delete, 3);
    // Terraform 1.11 gives delete_because_no_resource_config here; older versions delete_because_no_module.
    assert.ok(r.report.deleted.every((d) => d.address.startsWith('module.site_b.') && ['delete_because_no_module', 'delete_because_no_resource_config'].includes(d.reason ?? '')), JSON.stringify(r.report.deleted));
    assert.deepEqual(r.report.projects, ['site-b']);
  });

  await t.test('a removed block (forget) -> ask, counted as forget, nothing deleted', () => {
    writeFileSync(mainTf, `${originalMain.replace(/module "site_b" \{[\s\S]*?\n\}\n/, '')}\nremoved {\n  from = module.site_b\n  lifecycle {\n    destroy = false\n  }\n}\n`);
    const r = run(['apply', '-auto-approve', ...snapshotsVar]);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.report.counts.forget, 3);
    assert.equal(r.report.counts.delete, 0);
    assert.ok(rulesOf(r.report).every((x) => x === 'plan.forget'), JSON.stringify(rulesOf(r.report)));
    writeFileSync(mainTf, originalMain);
  });

  await t.test('read-only subcommands pass through', () => {
    const r = runCli(['run', '--', 'terraform', 'state', 'list'], { cwd: stack, env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /terraform_data\.db/);
  });

  await t.test('state surgery (state rm) stops for a human', () => {
    const r = runCli(['run', '--', 'terraform', 'state', 'rm', 'terraform_data.vpc'], { cwd: stack, env });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /request r-[0-9a-f]{8}/);
    assert.match(terraform(['state', 'list'], stack, home).stdout, /terraform_data\.vpc/);
  });
});

test('twokey run -- tofu / terragrunt: the same gate, through whichever binary is named', { skip: !haveTool('terraform', 'the tofu/terragrunt routing test') }, async (t) => {
  const { dir, cleanup } = tempDir('twokey-run-tofu-');
  t.after(cleanup);
  const home = join(dir, 'home');
  const stack = stackCopy(dir, home);
  // Stand-ins: OpenTofu and Terragrunt are not installed here; these forward to terraform and log their calls.
  const bin = join(dir, 'bin');
  const log = join(dir, 'calls.log');
  const { mkdirSync, chmodSync } = await import('node:fs');
  mkdirSync(bin);
  const realTf = (await import('node:child_process')).spawnSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).stdout.trim();
  for (const name of ['tofu', 'terragrunt']) {
    writeFileSync(join(bin, name), `#!/bin/sh\necho "${name} $*" >> '${log}'\nexec '${realTf}' "$@"\n`);
    chmodSync(join(bin, name), 0o755);
  }
  const env = { ...tfEnv(home), PATH: `${bin}:${process.env.PATH}` };
  assert.equal(runCli(['run', '--', 'tofu', 'apply', '-auto-approve'], { cwd: stack, env, timeoutMs: 120_000 }).status, 0);
  const shrink = runCli(['run', '--json', '--', 'terragrunt', 'apply', '-auto-approve', '-var', 'site_count=1'], { cwd: stack, env, timeoutMs: 120_000 });
  assert.equal(shrink.status, 2, shrink.stderr);
  const report = JSON.parse(shrink.stderr.split('\n').find((l) => l.startsWith('{"decision"'))!);
  assert.equal(report.counts.delete, 2);
  const calls = readFileSync(log, 'utf8');
  assert.match(calls, /^tofu plan -input=false -out=/m);
  assert.match(calls, /^tofu show -json -no-color /m);
  assert.match(calls, /^tofu apply -input=false /m);
  assert.match(calls, /^terragrunt plan -input=false -out=/m);
  assert.match(calls, /^terragrunt show -json -no-color /m);
  assert.doesNotMatch(calls, /^terragrunt apply/m, 'stopped before apply');
});
