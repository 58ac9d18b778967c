// Terraform pack behaviour beyond the RuleTester cases: what the decisions say, TF_CLI_ARGS from the inherited
// environment, Terragrunt normalisation, the -replace data-bearing check, and the parsing helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCommand } from '../../../src/engine/evaluate.js';
import { defaultPolicy } from '../../../src/policy/load.js';
import { addressType, dataClassOf, splitCliArgs, tfFlag, tfValues } from '../../../src/rules/packs/terraform.js';

const judge = (command: string, env: Record<string, string> = {}) =>
  evaluateCommand({ command, cwd: '/work/app', env: { HOME: '/home/agent', PATH: '/usr/bin:/bin', ...env } }, { policy: defaultPolicy() });

test('the incident command is denied and the decision says why, what dies and the reviewed path instead', () => {
  const d = judge('terraform destroy -auto-approve');
  assert.equal(d.decision, 'deny');
  assert.equal(d.rule, 'terraform.destroy');
  assert.match(d.reason, /without a prompt \(-auto-approve\)/);
  assert.match(d.loses ?? '', /automated backups/);
  assert.match(d.safer ?? '', /terraform plan -destroy -out=destroy\.tfplan/);
  assert.match(d.safer ?? '', /twokey plan check destroy\.tfplan/);
  assert.match(d.safer ?? '', /twokey run -- terraform apply destroy\.tfplan/);
});

test('tofu gets tofu in its safer command', () => {
  const d = judge('tofu destroy');
  assert.equal(d.decision, 'deny');
  assert.match(d.safer ?? '', /^tofu plan -destroy/);
});

test('-target narrows the loss but not the decision', () => {
  const d = judge('terraform destroy -target=aws_db_instance.main -target module.cache');
  assert.equal(d.decision, 'deny');
  assert.match(d.loses ?? '', /aws_db_instance\.main, module\.cache/);
});

test('TF_CLI_ARGS inherited from the agent environment turns an innocent apply into a deny', () => {
  for (const [name, value] of [['TF_CLI_ARGS', '-auto-approve'], ['TF_CLI_ARGS_apply', '-input=false -auto-approve'], ['TF_CLI_ARGS_apply', '"-destroy"']]) {
    const d = judge('terraform apply', { [name]: value });
    assert.equal(d.decision, 'deny', `${name}=${value}`);
    assert.ok(d.findings.some((f) => f.rule === 'terraform.cli-args-env' && f.reason.includes(name)), `${name}: ${JSON.stringify(d.findings)}`);
  }
  // TF_CLI_ARGS_destroy only reaches destroy; on apply it is inert (apply still asks, as any unplanned apply).
  const onApply = judge('terraform apply', { TF_CLI_ARGS_destroy: '-auto-approve' });
  assert.equal(onApply.decision, 'ask');
  assert.equal(onApply.rule, 'terraform.apply-unplanned');
  // The command's own assignment wins over the inherited one.
  const cleared = judge('TF_CLI_ARGS_apply= terraform apply', { TF_CLI_ARGS_apply: '-auto-approve' });
  assert.equal(cleared.decision, 'ask');
});

test('a piped or here-string "yes" is a deny; a pipe of anything else is not', () => {
  for (const cmd of ['yes | terraform apply', 'yes y | terraform apply', "printf 'y\\n' | tofu apply", 'echo -n yes | terraform destroy', 'terraform apply <<< "yes"', 'terraform apply <<EOF\nyes\nEOF']) {
    const d = judge(cmd);
    assert.equal(d.decision, 'deny', cmd);
    assert.ok(d.findings.some((f) => f.rule === 'terraform.piped-confirmation'), `${cmd}: ${JSON.stringify(d.findings.map((f) => f.rule))}`);
  }
  const other = judge('echo no | terraform apply');
  assert.ok(!other.findings.some((f) => f.rule === 'terraform.piped-confirmation'));
  assert.equal(judge('yes | terraform plan').decision, 'allow');
});

test('-replace of a catalogued data store is a deny, of a web server an ask, in plans it is free', () => {
  const db = judge('terraform apply -replace=module.db.aws_rds_cluster.main');
  assert.equal(db.decision, 'deny');
  assert.match(db.reason, /aws_rds_cluster\.main/);
  assert.equal(judge('terraform apply -replace=aws_instance.web').decision, 'ask');
  assert.equal(judge('terraform plan -replace=aws_db_instance.main -out=p').decision, 'allow');
});

test('a saved plan applied with -auto-approve asks (the flag adds nothing to a saved plan) instead of denying', () => {
  const d = judge('terraform apply -auto-approve tfplan');
  assert.equal(d.decision, 'ask');
  assert.equal(d.rule, 'terraform.apply-planfile');
  assert.match(d.safer ?? '', /twokey plan check tfplan/);
});

test('terragrunt: run --all scope is named, non-interactive mode counts as auto-approve, plans stay free', () => {
  const all = judge('terragrunt run --all -- destroy');
  assert.equal(all.decision, 'deny');
  assert.match(all.reason, /every Terragrunt unit/);
  assert.equal(judge('terragrunt run-all apply', { TG_NON_INTERACTIVE: 'true' }).decision, 'deny');
  assert.equal(judge('terragrunt run-all apply', { TG_NON_INTERACTIVE: 'false' }).decision, 'ask');
  assert.equal(judge('terragrunt --working-dir live/prod run --all plan').decision, 'allow');
  assert.equal(judge('terragrunt --working-dir live/prod run --all destroy').decision, 'deny');
});

test('state push -force and workspace delete -force escalate to deny; plain forms ask', () => {
  assert.equal(judge('terraform state push x.tfstate').decision, 'ask');
  assert.equal(judge('terraform state push -force x.tfstate').decision, 'deny');
  assert.equal(judge('terraform workspace delete old').decision, 'ask');
  assert.equal(judge('terraform workspace delete -force old').decision, 'deny');
});

test('helpers: Go-style flags, repeated values, TF_CLI_ARGS splitting, address types', () => {
  assert.equal(tfFlag(['-auto-approve'], '-auto-approve'), true);
  assert.equal(tfFlag(['--auto-approve=true'], '-auto-approve'), true);
  assert.equal(tfFlag(['-auto-approve=false'], '-auto-approve'), false);
  assert.equal(tfFlag(['-auto-approve', '-auto-approve=0'], '-auto-approve'), false);
  assert.deepEqual(tfValues(['-replace=a.b', '-replace', 'c.d', '-target=x'], '-replace'), ['a.b', 'c.d']);
  assert.deepEqual(splitCliArgs('-input=false "-var=a b" \'-auto-approve\''), ['-input=false', '-var=a b', '-auto-approve']);
  assert.equal(addressType('module.a.module.b.aws_db_instance.main["x"]'), 'aws_db_instance');
  assert.equal(addressType('google_sql_database_instance.primary[0]'), 'google_sql_database_instance');
  assert.equal(addressType('data.aws_s3_bucket.logs'), 'aws_s3_bucket');
  assert.ok(dataClassOf('aws_db_instance'));
  assert.ok(dataClassOf('azurerm_storage_account'));
  assert.equal(dataClassOf('aws_instance'), undefined);
  assert.equal(dataClassOf('aws_security_group'), undefined);
});
