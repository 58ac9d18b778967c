// Every destructive operation in ../shared/reference/commands.yaml (the facts the packs are built from) is
// accounted for: one example command per entry, and what the command gate answers. An entry twokey allows
// says why. A new entry in the reference fails this test until it is added here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { evaluateCommand } from '../../src/engine/evaluate.js';
import { SHARED_DIR, haveShared, tempDir } from '../helpers/env.js';

type Expect = 'blocked' | { allow: string };

/** reference id -> an example command and twokey's answer ('blocked' = ask or deny). */
const EXAMPLES: Record<string, [string, Expect]> = {
  'tf.destroy': ["terraform destroy -auto-approve", 'blocked'],
  'tf.apply_destroy': ["terraform apply -destroy -auto-approve", 'blocked'],
  'tf.apply_auto_approve': ["terraform apply -auto-approve", 'blocked'],
  'tf.apply_planfile': ["terraform apply tfplan", 'blocked'],
  'tf.plan_destroy': ["terraform plan -destroy -out=destroy.tfplan", { allow: "planning a destroy into a file is the safe path twokey recommends: a human reviews the plan, and applying it goes through the plan gate" }],
  'tf.replace': ["terraform apply -replace=aws_db_instance.main", 'blocked'],
  'tf.taint': ["terraform taint aws_db_instance.main", 'blocked'],
  'tf.state_rm': ["terraform state rm aws_db_instance.main", 'blocked'],
  'tf.state_push': ["terraform state push old.tfstate", 'blocked'],
  'tf.state_push_force': ["terraform state push -force old.tfstate", 'blocked'],
  'tf.state_mv': ["terraform state mv aws_db_instance.a aws_db_instance.b", 'blocked'],
  'tf.force_unlock': ["terraform force-unlock -force 6638d1b1-8b44-4f36-a3bc-3a7d1e2b0b3f", 'blocked'],
  'tf.workspace_delete': ["terraform workspace delete -force staging", 'blocked'],
  'tf.workspace_switch': ["terraform workspace select prod", { allow: "selecting a workspace deletes nothing; the state guard checks the workspace, lineage and serial when a plan or apply runs" }],
  'tf.init_backend_change': ["terraform init -migrate-state -force-copy", 'blocked'],
  'tf.import': ["terraform import aws_db_instance.main prod-db", 'blocked'],
  'tf.refresh_only_auto': ["terraform apply -refresh-only -auto-approve", 'blocked'],
  'tf.lock_false': ["terraform apply -lock=false", 'blocked'],
  'tf.state_file_write': ["tar -xzf old-state.tar.gz terraform.tfstate", 'blocked'],
  'tf.env_auto': ["TF_CLI_ARGS_apply=-auto-approve terraform apply", 'blocked'],
  'tg.run_all_destroy': ["terragrunt run --all destroy", 'blocked'],
  'tg.destroy': ["terragrunt destroy", 'blocked'],
  'tg.run_all_apply': ["terragrunt run-all apply", 'blocked'],
  'pulumi.destroy': ["pulumi destroy --yes", 'blocked'],
  'pulumi.up_yes': ["pulumi up --yes", 'blocked'],
  'pulumi.stack_rm': ["pulumi stack rm prod --force --yes", 'blocked'],
  'pulumi.state_delete': ["pulumi state delete urn:pulumi:prod::app::aws:rds/instance:Instance::db", 'blocked'],
  'pulumi.refresh_yes': ["pulumi refresh --yes", 'blocked'],
  'cdk.destroy': ["cdk destroy --all --force", 'blocked'],
  'sam.delete': ["sam delete --no-prompts", 'blocked'],
  'sls.remove': ["serverless remove --stage prod", 'blocked'],
  'cfn.delete_stack': ["aws cloudformation delete-stack --stack-name prod", 'blocked'],
  'cfn.disable_termination_protection': ["aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name prod", 'blocked'],
  'eksctl.delete': ["eksctl delete cluster --name prod", 'blocked'],
  'kops.delete': ["kops delete cluster --name prod.k8s.local --yes", 'blocked'],
  'aws.rds.delete_db_instance': ["aws rds delete-db-instance --db-instance-identifier prod --skip-final-snapshot", 'blocked'],
  'aws.rds.delete_db_cluster': ["aws rds delete-db-cluster --db-cluster-identifier prod --skip-final-snapshot", 'blocked'],
  'aws.rds.delete_snapshots': ["aws rds delete-db-snapshot --db-snapshot-identifier nightly", 'blocked'],
  'aws.rds.delete_global_cluster': ["aws rds delete-global-cluster --global-cluster-identifier global", 'blocked'],
  'aws.rds.disable_protection': ["aws rds modify-db-instance --db-instance-identifier prod --no-deletion-protection", 'blocked'],
  'aws.rds.retention_zero': ["aws rds modify-db-instance --db-instance-identifier prod --backup-retention-period 0", 'blocked'],
  'aws.s3.rb_force': ["aws s3 rb s3://prod-assets --force", 'blocked'],
  'aws.s3.rm_recursive': ["aws s3 rm s3://prod-assets --recursive", 'blocked'],
  'aws.s3.sync_delete': ["aws s3 sync ./site s3://prod-assets --delete", 'blocked'],
  'aws.s3.mv': ["aws s3 mv s3://prod-assets/data s3://other/data --recursive", 'blocked'],
  'aws.s3api.delete_bucket': ["aws s3api delete-bucket --bucket prod-assets", 'blocked'],
  'aws.s3api.delete_versions': ["aws s3api delete-object --bucket prod-assets --key a.csv --version-id 3HL4kqtJlcpXroDTDmJ", 'blocked'],
  'aws.s3api.weaken_protection': ["aws s3api put-bucket-versioning --bucket prod-assets --versioning-configuration Status=Suspended", 'blocked'],
  'aws.dynamodb.delete_table': ["aws dynamodb delete-table --table-name orders", 'blocked'],
  'aws.dynamodb.delete_backup': ["aws dynamodb delete-backup --backup-arn arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/1", 'blocked'],
  'aws.dynamodb.weaken': ["aws dynamodb update-table --table-name orders --no-deletion-protection-enabled", 'blocked'],
  'aws.dynamodb.bulk_delete': ["aws dynamodb execute-statement --statement \"DELETE FROM orders\"", 'blocked'],
  'aws.ec2.terminate': ["aws ec2 terminate-instances --instance-ids i-0abc", 'blocked'],
  'aws.ec2.delete_volume': ["aws ec2 delete-volume --volume-id vol-0abc", 'blocked'],
  'aws.ec2.delete_snapshot': ["aws ec2 delete-snapshot --snapshot-id snap-0abc", 'blocked'],
  'aws.ec2.weaken': ["aws ec2 modify-instance-attribute --instance-id i-0abc --no-disable-api-termination", 'blocked'],
  'aws.ec2.network': ["aws ec2 delete-vpc --vpc-id vpc-0abc", 'blocked'],
  'aws.backup.delete_recovery_point': ["aws backup delete-recovery-point --backup-vault-name prod --recovery-point-arn arn:aws:backup:x", 'blocked'],
  'aws.backup.weaken': ["aws backup delete-backup-vault --backup-vault-name prod", 'blocked'],
  'aws.kms.schedule_deletion': ["aws kms schedule-key-deletion --key-id 1234abcd --pending-window-in-days 7", 'blocked'],
  'aws.kms.weaken': ["aws kms disable-key --key-id 1234abcd", 'blocked'],
  'aws.secrets.delete': ["aws secretsmanager delete-secret --secret-id prod/db --force-delete-without-recovery", 'blocked'],
  'aws.ssm.delete_parameter': ["aws ssm delete-parameter --name /prod/db/password", 'blocked'],
  'aws.iam.delete': ["aws iam delete-role --role-name deployer", 'blocked'],
  'aws.iam.escalate': ["aws iam attach-role-policy --role-name agent --policy-arn arn:aws:iam::aws:policy/AdministratorAccess", 'blocked'],
  'aws.route53.delete_zone': ["aws route53 delete-hosted-zone --id Z123", 'blocked'],
  'aws.route53.delete_records': ["aws route53 change-resource-record-sets --hosted-zone-id Z123 --change-batch file://delete.json", 'blocked'],
  'aws.storage.fs': ["aws efs delete-file-system --file-system-id fs-0abc", 'blocked'],
  'aws.db.other': ["aws redshift delete-cluster --cluster-identifier dw --skip-final-cluster-snapshot", 'blocked'],
  'aws.other.delete': ["aws ecr delete-repository --repository-name app --force", 'blocked'],
  'aws.org.close': ["aws organizations close-account --account-id 123456789012", 'blocked'],
  'aws.audit.weaken': ["aws cloudtrail stop-logging --name org-trail", 'blocked'],
  'gcloud.sql.instances_delete': ["gcloud sql instances delete prod-db --quiet", 'blocked'],
  'gcloud.sql.weaken': ["gcloud sql instances patch prod-db --no-deletion-protection", 'blocked'],
  'gcloud.sql.restore_backup': ["gcloud sql backups restore 1234 --restore-instance=prod-db", 'blocked'],
  'gcloud.sql.db_delete': ["gcloud sql databases delete shop --instance=prod-db", 'blocked'],
  'gcloud.storage.rm': ["gcloud storage rm --recursive gs://prod-assets", 'blocked'],
  'gcloud.storage.buckets_delete': ["gcloud storage buckets delete gs://prod-assets", 'blocked'],
  'gcloud.storage.rsync_delete': ["gsutil rsync -d -r ./site gs://prod-assets", 'blocked'],
  'gcloud.projects.delete': ["gcloud projects delete prod-project", 'blocked'],
  'gcloud.compute.instances_delete': ["gcloud compute instances delete vm-1 --delete-disks=all", 'blocked'],
  'gcloud.compute.disks': ["gcloud compute disks delete data-disk", 'blocked'],
  'gcloud.databases': ["gcloud spanner databases delete orders --instance=prod", 'blocked'],
  'gcloud.container.delete': ["gcloud container clusters delete prod", 'blocked'],
  'gcloud.kms.destroy': ["gcloud kms keys versions destroy 1 --key k --keyring r --location global", 'blocked'],
  'gcloud.secrets.delete': ["gcloud secrets delete db-password", 'blocked'],
  'gcloud.dns.delete': ["gcloud dns managed-zones delete prod-zone", 'blocked'],
  'gcloud.iam': ["gcloud iam service-accounts delete deployer@prod.iam.gserviceaccount.com", 'blocked'],
  'bq.rm': ["bq rm -r -f -d prod:analytics", 'blocked'],
  'gcloud.other': ["gcloud pubsub topics delete orders", 'blocked'],
  'firebase.firestore_delete': ["firebase firestore:delete --all-collections --force", 'blocked'],
  'firebase.database_remove': ["firebase database:remove / --force", 'blocked'],
  'firebase.other': ["firebase functions:delete api --force", 'blocked'],
  'az.group.delete': ["az group delete --name prod-rg --yes", 'blocked'],
  'az.deployment.complete': ["az deployment group create --mode Complete --resource-group prod-rg --template-file main.json", 'blocked'],
  'az.storage': ["az storage account delete --name prodstore --yes", 'blocked'],
  'az.sql': ["az sql db delete --name shop --server prod-sql --resource-group prod-rg --yes", 'blocked'],
  'az.keyvault.purge': ["az keyvault purge --name prod-kv", 'blocked'],
  'az.lock.delete': ["az lock delete --name keep --resource-group prod-rg", 'blocked'],
  'az.backup.disable_delete': ["az backup protection disable --container-name c --item-name i --vault-name v --resource-group prod-rg --delete-backup-data true --yes", 'blocked'],
  'az.compute': ["az disk delete --name data --resource-group prod-rg --yes", 'blocked'],
  'az.network_dns': ["az network dns zone delete --name example.com --resource-group prod-rg --yes", 'blocked'],
  'az.logs.delete': ["az monitor log-analytics workspace delete --workspace-name logs --resource-group prod-rg --force true --yes", 'blocked'],
  'az.identity': ["az ad app delete --id 00000000-0000-0000-0000-000000000000", 'blocked'],
  'az.acr': ["az acr delete --name prodacr --yes", 'blocked'],
  'k8s.delete_namespace': ["kubectl delete namespace prod", 'blocked'],
  'k8s.delete_pvc_pv': ["kubectl delete pvc data-postgres-0", 'blocked'],
  'k8s.delete_all': ["kubectl delete all --all -A", 'blocked'],
  'k8s.delete_crd': ["kubectl delete crd certificates.cert-manager.io", 'blocked'],
  'k8s.delete_stateful': ["kubectl delete statefulset postgres", 'blocked'],
  'k8s.apply_prune': ["kubectl apply --prune --all -f manifests/", 'blocked'],
  'k8s.replace_force': ["kubectl replace --force -f deploy.yaml", 'blocked'],
  'k8s.drain': ["kubectl drain node-1 --delete-emptydir-data --force", 'blocked'],
  'k8s.weaken': ["kubectl patch pv pv-1 -p '{\"spec\":{\"persistentVolumeReclaimPolicy\":\"Delete\"}}'", 'blocked'],
  'k8s.exec_destructive': ["kubectl exec postgres-0 -- psql -c \"DROP DATABASE shop\"", 'blocked'],
  'etcd.del': ["etcdctl del \"\" --prefix", 'blocked'],
  'helm.uninstall': ["helm uninstall postgres -n prod", 'blocked'],
  'helm.upgrade_force': ["helm upgrade app ./chart --force", 'blocked'],
  'helmfile.destroy': ["helmfile destroy", 'blocked'],
  'argocd.app_delete': ["argocd app delete prod-app --cascade -y", 'blocked'],
  'flux.delete': ["flux delete kustomization apps -s", 'blocked'],
  'velero.backup_delete': ["velero backup delete nightly --confirm", 'blocked'],
  'docker.volume_rm': ["docker volume rm pgdata", 'blocked'],
  'docker.volume_prune': ["docker volume prune -a -f", 'blocked'],
  'docker.system_prune': ["docker system prune -a --volumes -f", 'blocked'],
  'docker.compose_down_v': ["docker compose down -v", 'blocked'],
  'docker.rm': ["docker container prune -f", 'blocked'],
  'sql.drop_database': ["psql -c \"DROP DATABASE shop\"", 'blocked'],
  'sql.drop_table': ["mysql -e \"DROP TABLE orders\" shop", 'blocked'],
  'sql.truncate': ["psql -c \"TRUNCATE orders CASCADE\"", 'blocked'],
  'sql.delete_no_where': ["psql -c \"DELETE FROM orders\"", 'blocked'],
  'sql.update_no_where': ["psql -c \"UPDATE users SET email = NULL\"", 'blocked'],
  'sql.alter_drop': ["psql -c \"ALTER TABLE users DROP COLUMN email\"", 'blocked'],
  'sql.cli_drop': ["dropdb shop", 'blocked'],
  'mongo.drop': ["mongosh shop --eval \"db.dropDatabase()\"", 'blocked'],
  'redis.flush': ["redis-cli FLUSHALL", 'blocked'],
  'search.delete_index': ["curl -X DELETE http://localhost:9200/orders", 'blocked'],
  'kafka.delete': ["kafka-topics.sh --bootstrap-server localhost:9092 --delete --topic orders", 'blocked'],
  'vault.delete': ["vault kv metadata delete secret/prod/db", 'blocked'],
  'prisma.reset': ["npx prisma migrate reset --force", 'blocked'],
  'rails.db_drop': ["bin/rails db:drop", 'blocked'],
  'django.flush': ["python manage.py flush --noinput", 'blocked'],
  'js.orm_drop': ["npx sequelize db:drop", 'blocked'],
  'flyway.clean': ["flyway clean", 'blocked'],
  'supabase.reset_linked': ["supabase db reset --linked", 'blocked'],
  'fs.rm_rf': ["rm -rf ~", 'blocked'],
  'fs.find_delete': ["find / -name \"*.db\" -delete", 'blocked'],
  'fs.shred': ["shred -u prod.db", 'blocked'],
  'fs.block_device': ["dd if=/dev/zero of=/dev/sda bs=1M", 'blocked'],
  'fs.volume_mgmt': ["zfs destroy -r tank/data", 'blocked'],
  'fs.sync_delete': ["rsync -a --delete ./empty/ /var/lib/postgresql/", 'blocked'],
  'fs.overwrite': ["truncate -s 0 prod.db", 'blocked'],
  'fs.permissions': ["chmod -R 777 /", 'blocked'],
  'git.push_force': ["git push --force origin main", 'blocked'],
  'git.push_force_with_lease': ["git push --force-with-lease origin main", { allow: "the safer alternative twokey recommends for git push --force: it refuses when the remote moved" }],
  'git.push_mirror_delete': ["git push --mirror", 'blocked'],
  'git.reset_hard': ["git reset --hard HEAD~3", 'blocked'],
  'git.clean': ["git clean -fdx", 'blocked'],
  'git.history_rewrite': ["git filter-branch --tree-filter 'rm -f secrets.txt' HEAD", 'blocked'],
  'git.branch_delete': ["git branch -D feature", 'blocked'],
  'git.gc_prune': ["git gc --prune=now", 'blocked'],
  'gh.repo_delete': ["gh repo delete acme/app --yes", 'blocked'],
  'gh.other': ["gh release delete v1.0.0 --cleanup-tag -y", 'blocked'],
  'heroku.apps_destroy': ["heroku apps:destroy --app shop --confirm shop", 'blocked'],
  'heroku.pg_reset': ["heroku pg:reset DATABASE_URL --confirm shop", 'blocked'],
  'fly.destroy': ["fly volumes destroy vol_123 -y", 'blocked'],
  'vercel.remove': ["vercel remove shop --yes", 'blocked'],
  'netlify.sites_delete': ["netlify sites:delete 1234 --force", 'blocked'],
  'wrangler.delete': ["wrangler d1 delete prod-db", 'blocked'],
  'doctl.delete': ["doctl databases delete 1234 --force", 'blocked'],
  'dbaas.delete': ["pscale database delete shop --force", 'blocked'],
};

const referencePath = join(SHARED_DIR, 'reference', 'commands.yaml');

function referenceIds(): string[] {
  const doc = parse(readFileSync(referencePath, 'utf8')) as { tools: { commands: { id: string }[] }[] };
  return doc.tools.flatMap((t) => t.commands.map((c) => c.id));
}

test('every entry of the destructive-command reference has an example here, and nothing else does', { skip: !haveShared('the reference coverage test') }, () => {
  const ids = referenceIds();
  assert.ok(ids.length >= 150, `expected the reference's ~171 entries, read ${ids.length}`);
  assert.deepEqual(ids.filter((id) => !(id in EXAMPLES)), [], 'reference entries without an example');
  assert.deepEqual(Object.keys(EXAMPLES).filter((id) => !ids.includes(id)), [], 'examples for entries the reference does not have');
});

test('the command gate answers every reference example as listed', () => {
  const { dir, cleanup } = tempDir('twokey-reference-');
  try {
    const wrong: string[] = [];
    for (const [id, [command, expect]] of Object.entries(EXAMPLES)) {
      const d = evaluateCommand({ command, cwd: dir, env: { HOME: '/home/agent', PATH: '/usr/bin:/bin' } }, { home: dir });
      const blocked = d.decision !== 'allow';
      if (expect === 'blocked' ? !blocked : blocked) wrong.push(`${id}: ${command} -> ${d.decision} ${d.rule ?? ''} (expected ${expect === 'blocked' ? 'ask or deny' : 'allow'})`);
      else if (blocked && !d.rule) wrong.push(`${id}: ${command} -> ${d.decision} without a rule id`);
    }
    assert.deepEqual(wrong, []);
  } finally {
    cleanup();
  }
});
