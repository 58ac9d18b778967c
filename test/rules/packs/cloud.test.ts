// Cloud and platform packs (aws, gcp, azure, iac, paas) beyond the RuleTester cases: global options between
// the program and its subcommand, dry runs and help, catch-alls for operations no rule names, package
// runners (npx/bunx/pnpm dlx), and that every finding of these packs explains itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimpleCommand } from '../../../src/core/types.js';
import { evaluateCommand } from '../../../src/engine/evaluate.js';
import { defaultPolicy } from '../../../src/policy/load.js';
import { ALL_PACKS } from '../../../src/rules/registry.js';
import { unlaunch, parseCli, pathHas } from '../../../src/rules/packs/shared-cloud.js';
import { sdkCalls, toCliName } from '../../../src/rules/packs/aws.js';
import { caseWorld, judgeCase, loadAllCases } from '../case-runner.js';

const MY_PACKS = ['terraform', 'iac', 'aws', 'gcp', 'azure', 'paas'];

const judge = (command: string, env: Record<string, string> = {}) =>
  evaluateCommand({ command, cwd: '/work/app', env: { HOME: '/home/agent', PATH: '/usr/bin:/bin', ...env } }, { policy: defaultPolicy() });

function sc(argv: string[]): SimpleCommand {
  return { argv, dynamic: argv.map(() => false), name: argv[0], env: {}, redirects: [], stdin: { kind: 'inherit' }, via: [], depth: 0, text: argv.join(' ') };
}

test('global options before the subcommand are skipped, with their values', () => {
  const cases: [string, string][] = [
    ['aws --profile prod --region eu-west-1 --output json s3 rb s3://x --force', 'aws.s3-rb'],
    ['aws --endpoint-url http://localhost:4566 rds delete-db-instance --db-instance-identifier d', 'aws.rds-delete'],
    ['gcloud --project acme --verbosity debug sql instances delete db1', 'gcp.sql-delete'],
    ['gcloud --zone us-central1-a compute disks delete d1', 'gcp.compute-storage-delete'],
    ['gcloud alpha spanner instances delete s1', 'gcp.database-delete'],
    ['az --subscription prod -o json group delete -n rg', 'azure.group-delete'],
    ['pulumi -C infra -s acme/prod destroy', 'iac.pulumi-destroy'],
    ['doctl -t TOKEN -o json databases delete abc', 'paas.doctl-data-delete'],
    ['fly -a my-app apps destroy my-app', 'paas.fly-destroy'],
    ['gsutil -o Boto:parallel_thread_count=4 -m rm -r gs://b', 'gcp.gsutil-rm'],
    ['bq --project_id acme rm -r -f ds', 'gcp.bq-rm'],
  ];
  for (const [cmd, rule] of cases) {
    const d = judge(cmd);
    assert.equal(d.decision, 'deny', `${cmd}: ${d.decision} ${d.rule}`);
    assert.ok(d.findings.some((f) => f.rule === rule), `${cmd}: expected ${rule}, got ${d.findings.map((f) => f.rule).join(',')}`);
  }
  // a global option whose value happens to be a verb does not make a delete
  assert.equal(judge('gcloud --project delete compute instances list').decision, 'allow');
  assert.equal(judge('az -o delete vm list').decision, 'allow');
  assert.equal(judge('aws --profile delete-db-instance rds describe-db-instances').decision, 'allow');
});

test('dry runs and help never block', () => {
  for (const cmd of [
    'aws ec2 terminate-instances --instance-ids i-1 --dry-run',
    'aws s3 rm s3://b --recursive --dryrun',
    'aws rds delete-db-instance --db-instance-identifier d --generate-cli-skeleton',
    'aws rds delete-db-instance help',
    'gcloud sql instances delete db --help',
    'az group delete --help',
    'pulumi destroy --preview-only',
    'kops delete cluster --name c',
    'gsutil rsync -n -d ./a gs://b',
    'supabase db push --dry-run',
    'heroku apps:destroy --help',
  ]) {
    assert.equal(judge(cmd).decision, 'allow', cmd);
  }
});

test('catch-alls ask for delete operations no specific rule names', () => {
  for (const [cmd, rule] of [
    ['aws amplify delete-app --app-id a1', 'aws.delete-operation'],
    ['aws transfer delete-server --server-id s-1', 'aws.delete-operation'],
    ['gcloud workflows delete nightly', 'gcp.delete-operation'],
    ['gcloud scheduler jobs delete backup-job', 'gcp.delete-operation'],
    ['az containerapp delete -n api -g rg', 'azure.delete-operation'],
    ['az functionapp delete -n fn -g rg', 'azure.delete-operation'],
    ['doctl vpcs delete 123', 'paas.delete-operation'],
    ['railway service delete api', 'paas.delete-operation'],
  ]) {
    const d = judge(cmd);
    assert.equal(d.decision, 'ask', `${cmd}: ${d.decision} ${d.rule}`);
    assert.equal(d.rule, rule, cmd);
  }
  // and the catch-alls stay quiet on reads
  for (const cmd of ['aws amplify list-apps', 'gcloud workflows describe nightly', 'az containerapp show -n api -g rg', 'doctl vpcs list']) {
    assert.equal(judge(cmd).decision, 'allow', cmd);
  }
});

test('package runners: the launched tool is judged as if typed directly', () => {
  assert.deepEqual(unlaunch(sc(['npx', '-y', 'aws-cdk@2.150.0', 'destroy', '--all']))?.argv, ['cdk', 'destroy', '--all']);
  assert.deepEqual(unlaunch(sc(['pnpm', 'dlx', 'wrangler', 'd1', 'delete', 'db']))?.argv, ['wrangler', 'd1', 'delete', 'db']);
  assert.deepEqual(unlaunch(sc(['npm', 'exec', '--', 'vercel', 'rm', 'p']))?.argv, ['vercel', 'rm', 'p']);
  assert.deepEqual(unlaunch(sc(['npx', '-p', 'firebase-tools', 'firebase', 'database:remove', '/']))?.argv, ['firebase', 'database:remove', '/']);
  assert.deepEqual(unlaunch(sc(['docker', 'run', '--rm', '-v', '/a:/b', '-w', '/b', 'hashicorp/terraform:1.9', 'destroy']))?.argv, ['terraform', 'destroy']);
  assert.deepEqual(unlaunch(sc(['docker', 'container', 'run', '--entrypoint=/usr/bin/pulumi', 'img', 'destroy', '-y']))?.argv, ['pulumi', 'destroy', '-y']);
  assert.equal(unlaunch(sc(['docker', 'run', '--rm', 'ubuntu', 'bash'])), null);
  assert.equal(unlaunch(sc(['docker', 'ps'])), null);
  assert.equal(unlaunch(sc(['npm', 'install'])), null);
  assert.equal(unlaunch(sc(['yarn', 'build'])), null);
  assert.equal(unlaunch(sc(['git', 'status'])), null);
  // versioned and scoped launches are judged by the tool's own rules, under their ids
  for (const [cmd, rule] of [
    ['yarn dlx @railway/cli delete --project p --yes', 'paas.railway-delete'],
    ['npx -y aws-cdk@2.150.0 destroy --force', 'iac.cdk-destroy'],
    ['npx aws-cdk@2 destroy', 'iac.cdk-destroy'],
    ['bunx wrangler@latest d1 delete prod', 'paas.wrangler-data-delete'],
    ['npx netlify-cli@17 sites:delete 123', 'paas.netlify-sites-delete'],
    ['npx -y firebase-tools@13 database:remove / -f', 'gcp.firebase-database-remove'],
    ['pnpx aws-cdk@2 destroy', 'iac.cdk-destroy'],
  ]) {
    const d = judge(cmd);
    assert.equal(d.decision, 'deny', `${cmd}: ${d.decision} ${d.rule}`);
    assert.equal(d.rule, rule, cmd);
  }
  assert.equal(judge('npx aws-cdk diff').decision, 'allow');
  assert.equal(judge('npx aws-cdk@2 synth').decision, 'allow');
});

test('path matching tolerates one unknown leading word and nothing more', () => {
  const call = parseCli(sc(['gcloud', '--unknown', 'v', 'sql', 'instances', 'delete', 'x']), new Set());
  assert.ok(pathHas(call.path, ['sql', 'instances', 'delete'], 1));
  assert.ok(!pathHas(['a', 'b', 'sql', 'instances', 'delete'], ['sql', 'instances', 'delete'], 1));
});

test('every blocked case of the cloud packs yields findings that carry reason, loss and a safer command', async () => {
  const all = await loadAllCases();
  const problems: string[] = [];
  let checked = 0;
  for (const id of MY_PACKS) {
    for (const c of all.get(id)?.blocked ?? []) {
      const world = caseWorld(c);
      try {
        const d = judgeCase(c.command, world);
        for (const f of d.findings.filter((x) => MY_PACKS.includes(x.rule.split('.')[0]))) {
          checked++;
          if (!f.reason || f.reason.length < 20) problems.push(`${c.command}: ${f.rule} reason too thin: ${f.reason}`);
          if (!f.loses) problems.push(`${c.command}: ${f.rule} says nothing about what would be lost`);
          if (!f.safer) problems.push(`${c.command}: ${f.rule} offers no safer alternative`);
          if (/undefined|\[object/.test(`${f.reason} ${f.loses} ${f.safer}`)) problems.push(`${c.command}: ${f.rule} message has a hole: ${f.reason} | ${f.loses} | ${f.safer}`);
        }
      } finally {
        world.cleanup();
      }
    }
  }
  assert.ok(checked > 300, `only ${checked} findings checked`);
  assert.deepEqual(problems, []);
});

test('the cloud packs are registered; every rule looks at real program names, none at every command', () => {
  for (const id of MY_PACKS) {
    const pack = ALL_PACKS.find((p) => p.id === id);
    assert.ok(pack, id);
    for (const r of pack.rules) {
      assert.ok(!r.commands.includes('*'), `${r.id} looks at every command`);
      // npm-family runners reach the rules already unwrapped by the shell analysis: no rule needs to look at them
      assert.ok(!r.commands.some((c) => ['npx', 'npm', 'yarn', 'pnpm', 'bunx'].includes(c)), `${r.id}: ${r.commands.join(',')}`);
      assert.ok(r.commands.length > 0 && r.commands.every((c) => /^[a-z][a-z0-9-]*$/.test(c)), `${r.id}: ${r.commands.join(',')}`);
    }
  }
});

test('SDK calls map onto the CLI operations, keyword arguments onto flags', () => {
  assert.equal(toCliName('delete_db_instance'), 'delete-db-instance');
  assert.equal(toCliName('DeleteDBInstance'), 'delete-db-instance');
  assert.equal(toCliName('deleteDBClusterSnapshot'), 'delete-db-cluster-snapshot');
  assert.equal(toCliName('ScheduleKeyDeletion'), 'schedule-key-deletion');
  const calls = sdkCalls("rds = boto3.client('rds')\nrds.delete_db_instance(DBInstanceIdentifier='db', SkipFinalSnapshot=True, DeleteAutomatedBackups=False)");
  assert.equal(calls.length, 1);
  assert.equal(calls[0].service, 'rds');
  assert.equal(calls[0].op, 'delete-db-instance');
  assert.deepEqual(calls[0].flags, ['--db-instance-identifier', 'db', '--skip-final-snapshot', '--no-delete-automated-backups']);
  assert.deepEqual(sdkCalls("boto3.client('s3').get_object(Bucket='b', Key='k')"), []);
  const keep = judge("python3 -c \"import boto3; boto3.client('rds').delete_db_instance(DBInstanceIdentifier='db', FinalDBSnapshotIdentifier='final', DeleteAutomatedBackups=False)\"");
  assert.equal(keep.decision, 'deny', 'still a database deletion');
  assert.doesNotMatch(keep.reason, /automated backups deleted/);
});

test('each command is parsed once for all the rules of a pack, and interleaved commands keep their own parse', () => {
  const ctx = { cwd: '/work/app', env: {}, files: new Map<string, string>(), protectedPaths: [], home: '/home/agent' };
  for (const [packId, argv] of [
    ['aws', ['aws', '--profile', 'prod', 'rds', 'describe-db-instances']],
    ['gcp', ['gcloud', '--project', 'acme', 'compute', 'instances', 'list']],
    ['azure', ['az', 'vm', 'list', '-g', 'rg']],
    ['paas', ['fly', 'status', '-a', 'app']],
  ] as const) {
    let slices = 0;
    const words = [...argv];
    const counted = new Proxy(words, { get(target, prop, receiver) { if (prop === 'slice') slices++; return Reflect.get(target, prop, receiver); } });
    const cmd: SimpleCommand = { ...sc(words), argv: counted };
    const rules = ALL_PACKS.find((p) => p.id === packId)!.rules.filter((r) => r.commands.includes(cmd.name));
    assert.ok(rules.length > 3, packId);
    for (const r of rules) assert.equal(r.match(cmd, ctx), null, `${r.id} on a read`);
    assert.equal(slices, 1, `${packId}: ${rules.length} rules split argv ${slices} times`);
  }
  // two commands judged alternately: each keeps its own answer
  const rules = ALL_PACKS.find((p) => p.id === 'aws')!.rules;
  const del = sc(['aws', 'rds', 'delete-db-instance', '--db-instance-identifier', 'shop']);
  const read = sc(['aws', 'rds', 'describe-db-instances']);
  const ctx2 = { ...ctx, env: {} };
  for (let round = 0; round < 3; round++) {
    for (const r of rules) {
      assert.equal(r.match(read, ctx2), null, r.id);
      const h = r.match(del, ctx2);
      if (r.id === 'aws.rds-delete') assert.equal(h?.database, 'shop');
    }
  }
});

test('deletions of a whole database name it (so the gate can ask for a restore proof); parts and backups do not', () => {
  const named: [string, string, string][] = [
    ['gcloud spanner instances delete prod-spanner', 'gcp.database-delete', 'prod-spanner'],
    ['gcloud firestore databases delete --database=orders', 'gcp.database-delete', 'orders'],
    ['gcloud alloydb clusters delete main --region=us-east1', 'gcp.database-delete', 'main'],
    ['aws redshift delete-cluster --cluster-identifier dw --skip-final-cluster-snapshot', 'aws.managed-db-delete', 'dw'],
    ['aws docdb delete-db-cluster --db-cluster-identifier docs', 'aws.managed-db-delete', 'docs'],
    ['aws elasticache delete-replication-group --replication-group-id sessions', 'aws.managed-db-delete', 'sessions'],
    ['heroku pg:reset postgresql-curved-12345 -a shop', 'paas.heroku-destroy', 'postgresql-curved-12345'],
    ['heroku addons:destroy heroku-postgresql -a shop --confirm shop', 'paas.heroku-destroy', 'shop'],
    ['doctl databases db delete 9cc1 appdb', 'paas.doctl-data-delete', 'appdb'],
    ['fly postgres destroy shop-db --yes', 'paas.fly-destroy', 'shop-db'],
    ['supabase db reset --db-url postgresql://postgres:pw@db.abcdefgh.supabase.co:5432/postgres', 'paas.supabase-remote-reset', 'abcdefgh'],
    ['pscale database delete shop --force', 'paas.dbaas-delete', 'shop'],
    ['turso db destroy shop --yes', 'paas.dbaas-delete', 'shop'],
    ['wrangler d1 delete shop-d1 -y', 'paas.wrangler-data-delete', 'shop-d1'],
    ['databricks schemas delete main.sales --force', 'paas.databricks-delete', 'main.sales'],
    ["snow sql -q 'DROP DATABASE analytics'", 'paas.snowflake-drop', 'analytics'],
  ];
  for (const [cmd, rule, db] of named) {
    const d = judge(cmd);
    const f = d.findings.find((x) => x.rule === rule);
    assert.ok(f, `${cmd}: ${rule} did not fire (${d.rule})`);
    assert.equal(f.database, db, cmd);
    assert.ok(d.findings.some((x) => x.rule === 'drill.no-recent-restore' && x.database === db), `${cmd}: no restore-proof finding`);
  }
  for (const [cmd, rule] of [
    ['gcloud spanner backups delete b1 --instance=prod', 'gcp.database-delete'],
    ['gcloud bigtable instances tables delete events --instance=prod', 'gcp.database-delete'],
    ['aws redshift delete-cluster-snapshot --snapshot-identifier s1', 'aws.managed-db-delete'],
    ['aws docdb delete-db-instance --db-instance-identifier docs-1', 'aws.managed-db-delete'],
    ['heroku addons:destroy heroku-redis -a shop', 'paas.heroku-destroy'],
    ['fly apps destroy web', 'paas.fly-destroy'],
    ['doctl databases backups delete 9cc1', 'paas.doctl-data-delete'],
    ['databricks tables delete main.sales.orders', 'paas.databricks-delete'],
  ]) {
    const f = judge(cmd).findings.find((x) => x.rule === rule);
    assert.ok(f, `${cmd}: ${rule} did not fire`);
    assert.equal(f.database, undefined, cmd);
  }
});
