import type { CommandRule, RuleContext, RuleHit, RulePack, SimpleCommand } from '../../core/types.js';
import { DECISION_RANK } from '../../core/types.js';
import { dynamicOperationRule, has, hit, isHelpRequest, parseCli, recentCache, value, type CliCall, type Level, launcherAware } from './shared-cloud.js';

/**
 * AWS CLI. `aws [global options] SERVICE OPERATION [options]`. Reads (describe-*, list-*, get-*), dry runs
 * (`--dry-run`, `--dryrun`, `--generate-cli-skeleton`) and help are allowed. Deleting data stores,
 * their backups and the keys that decrypt them is denied; other deletes and protection removal ask.
 */

/** Global options that take a value as the next word. */
const AWS_VALUE_FLAGS = new Set([
  '--profile', '--region', '--output', '--endpoint-url', '--query', '--cli-connect-timeout', '--cli-read-timeout',
  '--ca-bundle', '--color', '--cli-binary-format', '--cli-input-json', '--cli-input-yaml',
]);

export interface AwsCall extends CliCall {
  service: string;
  op: string;
  /** help, a dry run or skeleton generation: nothing is deleted (computed once per command). */
  informational: boolean;
}

/** Every aws rule reads the same command in turn: the first parses it, the others reuse the parse. */
const awsCache = recentCache<AwsCall>(4);

function parseAws(cmd: Parameters<CommandRule['match']>[0]): AwsCall | null {
  const cached = awsCache.get(cmd);
  if (cached) return cached;
  const call = parseCli(cmd, AWS_VALUE_FLAGS);
  const [service = '', op = ''] = call.path;
  const aws = { ...call, service, op, informational: isHelpRequest(call) || has(call, '--dry-run', '--dryrun', '--generate-cli-skeleton') };
  return awsCache.set(cmd, undefined, aws);
}

/** Nothing is deleted: help, dry runs and skeleton generation (an option the operation lacks makes the CLI fail before any call). */
function informational(c: AwsCall): boolean {
  return c.informational;
}

interface AwsSpec {
  id: string;
  level: Level;
  summary: string;
  /** service -> operations (exact names, or a RegExp). */
  ops: Record<string, readonly string[] | RegExp>;
  /** Extra condition on top of service/op. */
  when?(c: AwsCall): boolean;
  describe(c: AwsCall, ctx: RuleContext): RuleHit;
}

function opMatches(spec: AwsSpec, c: AwsCall): boolean {
  const ops = spec.ops[c.service];
  if (!ops) return false;
  return ops instanceof RegExp ? ops.test(c.op) : ops.includes(c.op);
}

function awsRule(spec: AwsSpec): CommandRule {
  return {
    id: spec.id,
    level: spec.level,
    summary: spec.summary,
    commands: ['aws'],
    match(cmd, ctx) {
      const c = parseAws(cmd);
      if (!c || !opMatches(spec, c) || informational(c)) return null;
      if (spec.when && !spec.when(c)) return null;
      return spec.describe(c, ctx);
    },
  };
}

const id = (c: AwsCall, ...flags: string[]) => value(c, ...flags) ?? c.path[2] ?? '';
const profileNote = (c: AwsCall) => {
  const p = value(c, '--profile');
  return p ? ` (profile ${p})` : '';
};

/** Operations that delete a whole managed database (not a snapshot or one node of it), with the option naming it. */
const WHOLE_DATABASE_OPS: Record<string, readonly string[]> = {
  'elasticache delete-replication-group': ['--replication-group-id'],
  'elasticache delete-cache-cluster': ['--cache-cluster-id'],
  'elasticache delete-serverless-cache': ['--serverless-cache-name'],
  'elasticache delete-global-replication-group': ['--global-replication-group-id'],
  'redshift delete-cluster': ['--cluster-identifier'],
  'redshift-serverless delete-namespace': ['--namespace-name'],
  'docdb delete-db-cluster': ['--db-cluster-identifier'],
  'docdb delete-global-cluster': ['--global-cluster-identifier'],
  'docdb-elastic delete-cluster': ['--cluster-arn'],
  'neptune delete-db-cluster': ['--db-cluster-identifier'],
  'neptune delete-global-cluster': ['--global-cluster-identifier'],
  'neptune-graph delete-graph': ['--graph-identifier'],
  'memorydb delete-cluster': ['--cluster-name'],
  'memorydb delete-multi-region-cluster': ['--multi-region-cluster-name'],
  'dsql delete-cluster': ['--identifier'],
  'lightsail delete-relational-database': ['--relational-database-name'],
  'qldb delete-ledger': ['--name'],
  'timestream-write delete-database': ['--database-name'],
  'keyspaces delete-keyspace': ['--keyspace-name'],
};

function managedDbHit(c: AwsCall, skip: boolean): RuleHit {
  return hit(
    `aws ${c.service} ${c.op} deletes a managed data store or its backup${skip ? ', with no final snapshot' : ''}.`,
    `the data in ${c.path[2] ?? value(c, '--replication-group-id', '--cluster-identifier', '--domain-name', '--db-cluster-identifier', '--cluster-name', '--table-name', '--stream-name', '--vault-name', '--name', '--serverless-cache-name', '--namespace-name', '--graph-identifier', '--identifier', '--relational-database-name', '--database-name', '--keyspace-name', '--cache-cluster-id', '--global-cluster-identifier') ?? 'it'}${skip ? ' with no final snapshot' : ''}`,
    'take a snapshot/backup first (and keep the final-snapshot option); let a human delete it',
  );
}

const SPECS: AwsSpec[] = [
  // ---------------------------------------------------------------- S3
  {
    id: 'aws.s3-rb', level: 'ask', summary: 'aws s3 rb (deny with --force: empties the bucket first)',
    ops: { s3: ['rb'] },
    describe: (c) => {
      const force = has(c, '--force');
      const b = c.path[2] ?? 'the bucket';
      return hit(
        force ? `aws s3 rb --force deletes every object in ${b}, then the bucket${profileNote(c)}.` : `aws s3 rb deletes bucket ${b}; its name becomes claimable by anyone.`,
        force ? `all current objects in ${b} (permanent on an unversioned bucket) and the bucket name` : `the bucket ${b} and its globally unique name`,
        `aws s3 ls ${b} --recursive --summarize (see what is there); keep the bucket and let a human remove it`,
        force ? 'deny' : undefined,
      );
    },
  },
  {
    id: 'aws.s3-rm', level: 'ask', summary: 'aws s3 rm (deny with --recursive)',
    ops: { s3: ['rm'] },
    describe: (c) => {
      const rec = has(c, '--recursive');
      const t = c.path[2] ?? 'the target';
      return hit(
        rec ? `aws s3 rm --recursive deletes every object under ${t}${has(c, '--exclude', '--include') ? ' (filters are easy to get wrong)' : ''}.` : `aws s3 rm deletes ${t}.`,
        rec ? `every object under ${t}; permanent unless the bucket is versioned` : `${t} (permanent unless the bucket is versioned)`,
        `aws s3 rm ${t}${rec ? ' --recursive' : ''} --dryrun (lists what would go), then let a human run it`,
        rec ? 'deny' : undefined,
      );
    },
  },
  {
    id: 'aws.s3-sync-delete', level: 'ask', summary: 'aws s3 sync --delete: removes destination objects missing from the source',
    ops: { s3: ['sync'] },
    when: (c) => has(c, '--delete'),
    describe: (c) => {
      const [src = 'SRC', dst = 'DST'] = c.path.slice(2);
      return hit(
        `aws s3 sync --delete removes every object in ${dst} that is not in ${src}; an empty or wrong source wipes the destination.`,
        `objects in ${dst} missing from ${src}`,
        `aws s3 sync ${src} ${dst} --delete --dryrun (review the deletions), or sync without --delete`,
      );
    },
  },
  {
    id: 'aws.s3-mv', level: 'ask', summary: 'aws s3 mv: copy then delete the source',
    ops: { s3: ['mv'] },
    describe: (c) => hit(
      `aws s3 mv deletes the source after copying${has(c, '--recursive') ? ', for every object under the prefix' : ''}, and overwrites the destination.`,
      'the source objects, and any destination object with the same key',
      `aws s3 cp ${c.path.slice(2).join(' ')}${has(c, '--recursive') ? ' --recursive' : ''} (keep the source until the copy is verified)`,
    ),
  },
  {
    id: 'aws.s3api-delete-bucket', level: 'ask', summary: 'aws s3api delete-bucket',
    ops: { s3api: ['delete-bucket'] },
    describe: (c) => hit(
      `aws s3api delete-bucket deletes bucket ${id(c, '--bucket')} and releases its globally unique name.`,
      'the bucket and its name (anyone can claim it afterwards)',
      `aws s3api list-object-versions --bucket ${id(c, '--bucket')} (confirm it is meant to go), then a human deletes it`,
    ),
  },
  {
    id: 'aws.s3api-delete-objects', level: 'ask', summary: 'aws s3api delete-object(s) (deny for specific versions or bypassing retention)',
    ops: { s3api: ['delete-object', 'delete-objects'] },
    describe: (c) => {
      const versioned = has(c, '--version-id') || /VersionId/.test(value(c, '--delete') ?? '');
      const bypass = has(c, '--bypass-governance-retention');
      const deny = versioned || bypass;
      return hit(
        bypass ? 'aws s3api delete with --bypass-governance-retention overrides Object Lock retention.'
          : versioned ? 'Deleting a specific object version is permanent: no delete marker, no undo.'
            : `aws s3api ${c.op} deletes objects from ${id(c, '--bucket')}.`,
        deny ? 'the object versions themselves (no recovery)' : 'the objects (recoverable only on a versioned bucket)',
        `aws s3api list-object-versions --bucket ${id(c, '--bucket')} first; let a human run the delete`,
        deny ? 'deny' : undefined,
      );
    },
  },
  {
    id: 'aws.s3-protection', level: 'ask', summary: 'suspending versioning, lifecycle expiry, object-lock and replication changes on a bucket',
    ops: { s3api: ['put-bucket-versioning', 'put-bucket-lifecycle-configuration', 'put-bucket-lifecycle', 'put-object-lock-configuration', 'delete-bucket-replication', 'delete-bucket-lifecycle', 'delete-bucket-policy', 'put-object-retention', 'put-object-legal-hold'] },
    when: (c) => c.op !== 'put-bucket-versioning' || /Suspended|^fileb?:/i.test(value(c, '--versioning-configuration') ?? 'Suspended'),
    describe: (c) => hit(
      `aws s3api ${c.op} weakens how bucket ${id(c, '--bucket')} recovers from deletes (versioning, expiry, lock, replication).`,
      'the ability to undo later deletes (old versions, replicas, retention)',
      `aws s3api get-${c.op.replace(/^(put|delete)-/, '')} --bucket ${id(c, '--bucket')} (review the current setting) and let a human change it`,
    ),
  },
  // ---------------------------------------------------------------- RDS
  {
    id: 'aws.rds-delete', level: 'deny', summary: 'aws rds delete-db-instance / delete-db-cluster / delete-global-cluster',
    ops: { rds: ['delete-db-instance', 'delete-db-cluster', 'delete-global-cluster'] },
    describe: (c) => {
      const target = id(c, '--db-instance-identifier', '--db-cluster-identifier', '--global-cluster-identifier');
      const skip = has(c, '--skip-final-snapshot');
      const keepBackups = has(c, '--no-delete-automated-backups');
      const worse: string[] = [];
      if (skip) worse.push('no final snapshot (--skip-final-snapshot)');
      if (!keepBackups) worse.push('automated backups deleted with it (the API default, or --delete-automated-backups)');
      return {
        ...hit(
          `aws rds ${c.op} deletes database ${target}${profileNote(c)}${worse.length ? `: ${worse.join('; ')}` : ''}.`,
          `the database ${target}${!keepBackups ? ', its automated backups and point-in-time recovery' : ''}${skip ? ', with no final snapshot' : ''}`,
          `aws rds create-db-snapshot (or create-db-cluster-snapshot) for ${target} first; then a human deletes it with --final-db-snapshot-identifier and --no-delete-automated-backups`,
        ),
        database: target,
      };
    },
  },
  {
    id: 'aws.rds-delete-backup', level: 'deny', summary: 'aws rds delete-db-snapshot / cluster snapshot / automated backups',
    ops: { rds: ['delete-db-snapshot', 'delete-db-cluster-snapshot', 'delete-db-instance-automated-backup', 'delete-db-cluster-automated-backup'] },
    describe: (c) => hit(
      `aws rds ${c.op} deletes a database backup (${id(c, '--db-snapshot-identifier', '--db-cluster-snapshot-identifier', '--dbi-resource-id', '--db-cluster-resource-id')}); it is often the last copy.`,
      'the backup and every restore it allowed',
      'aws rds describe-db-snapshots (check what else exists); leave backup deletion to a retention policy or a human',
    ),
  },
  {
    id: 'aws.rds-protection', level: 'ask', summary: 'aws rds modify-* removing deletion protection (deny for backup retention 0)',
    ops: { rds: ['modify-db-instance', 'modify-db-cluster'] },
    when: (c) => has(c, '--no-deletion-protection') || value(c, '--backup-retention-period') === '0',
    describe: (c) => {
      const zero = value(c, '--backup-retention-period') === '0';
      return hit(
        zero ? 'Setting --backup-retention-period 0 turns off automated backups and RDS deletes the existing ones.'
          : `--no-deletion-protection removes the guard that stops ${id(c, '--db-instance-identifier', '--db-cluster-identifier')} from being deleted.`,
        zero ? 'all automated backups and point-in-time recovery' : 'the protection against deleting the database (the usual first step of a deletion)',
        'leave deletion protection and retention on; a human changes them if the database really must go',
        zero ? 'deny' : undefined,
      );
    },
  },
  // ---------------------------------------------------------------- DynamoDB
  {
    id: 'aws.dynamodb-delete', level: 'deny', summary: 'aws dynamodb delete-table / delete-backup',
    ops: { dynamodb: ['delete-table', 'delete-backup'] },
    describe: (c) => ({
      ...hit(
        c.op === 'delete-table' ? `aws dynamodb delete-table deletes table ${id(c, '--table-name')} and every item in it.` : 'aws dynamodb delete-backup deletes an on-demand backup.',
        c.op === 'delete-table' ? `all items of ${id(c, '--table-name')} (only a PITR system backup may remain)` : 'the backup',
        c.op === 'delete-table' ? `aws dynamodb create-backup --table-name ${id(c, '--table-name')} --backup-name before-delete, then a human deletes the table` : 'aws dynamodb list-backups; leave deletion to a human',
      ),
      ...(c.op === 'delete-table' ? { database: id(c, '--table-name') } : {}),
    }),
  },
  {
    id: 'aws.dynamodb-protection', level: 'ask', summary: 'aws dynamodb turning off deletion protection or point-in-time recovery',
    ops: { dynamodb: ['update-table', 'update-continuous-backups'] },
    when: (c) => has(c, '--no-deletion-protection-enabled') || /PointInTimeRecoveryEnabled\s*=\s*false|"PointInTimeRecoveryEnabled"\s*:\s*false/i.test(c.words.join(' ')),
    describe: (c) => hit(
      `aws dynamodb ${c.op} removes a protection of ${id(c, '--table-name')} (deletion protection or point-in-time recovery).`,
      'the guard against deletion, or the PITR history (35 days of restore points)',
      'keep the protection; a human changes it if the table really must go',
    ),
  },
  {
    id: 'aws.dynamodb-items', level: 'ask', summary: 'aws dynamodb item deletes and bulk writes',
    ops: { dynamodb: ['delete-item', 'batch-write-item', 'execute-statement', 'batch-execute-statement', 'execute-transaction', 'transact-write-items'] },
    when: (c) => c.op === 'delete-item' || c.op === 'batch-write-item' || c.op === 'transact-write-items' || /\b(DELETE|UPDATE)\b/i.test(c.words.join(' ')),
    describe: (c) => hit(
      `aws dynamodb ${c.op} deletes or overwrites items.`,
      'the items it deletes or overwrites (recoverable only with PITR or a backup)',
      'run the matching query/scan first and review the keys; enable PITR before bulk changes',
    ),
  },
  // ---------------------------------------------------------------- retention that deletes what is older
  {
    id: 'aws.retention-shrink', level: 'ask', summary: 'shortening how long data or backups are kept (logs put-retention-policy, RDS/Redshift/ElastiCache backup retention under 7, kinesis decrease-stream-retention-period, ecr put-lifecycle-policy): what is older is deleted',
    ops: {
      logs: ['put-retention-policy'], kinesis: ['decrease-stream-retention-period'], ecr: ['put-lifecycle-policy'],
      rds: ['modify-db-instance', 'modify-db-cluster'], redshift: ['modify-cluster'], elasticache: ['modify-replication-group', 'modify-cache-cluster', 'modify-serverless-cache'],
    },
    when: (c) => {
      const small = (v: string | undefined) => v !== undefined && /^\d+$/.test(v) && Number(v) > 0 && Number(v) < 7;
      if (c.service === 'rds') return small(value(c, '--backup-retention-period'));
      if (c.service === 'redshift') return small(value(c, '--automated-snapshot-retention-period')) || value(c, '--automated-snapshot-retention-period') === '0';
      if (c.service === 'elasticache') return value(c, '--snapshot-retention-limit') === '0' || small(value(c, '--snapshot-retention-limit'));
      return true;
    },
    describe: (c) => hit(
      `aws ${c.service} ${c.op} shortens how long ${c.service === 'logs' ? 'log events' : c.service === 'kinesis' ? 'stream records' : c.service === 'ecr' ? 'images (by the lifecycle rules)' : 'automated backups'} are kept: everything older is deleted${c.service === 'logs' ? ` (retention ${value(c, '--retention-in-days') ?? '?'} days)` : ''}.`,
      'the data or backups older than the new limit, and the restore window they gave',
      'keep the current retention; export or snapshot what must stay first, and let a human change it',
    ),
  },
  {
    id: 'aws.account-close', level: 'deny', summary: 'aws account close-account: closes the AWS account and, after the reopen window, deletes everything in it',
    ops: { account: ['close-account'] },
    describe: () => hit('aws account close-account closes the account: its resources stop, and after 90 days every resource and all data in it are deleted.', 'every resource and all data in the account', 'a human closes accounts, after exporting what must stay'),
  },
  // ---------------------------------------------------------------- EC2 / EBS
  {
    id: 'aws.ec2-terminate', level: 'deny', summary: 'aws ec2 terminate-instances',
    ops: { ec2: ['terminate-instances'] },
    describe: (c) => hit(
      `aws ec2 terminate-instances destroys ${value(c, '--instance-ids') ?? 'the instances'}${profileNote(c)}; volumes with DeleteOnTermination go with them.`,
      'the instances, their instance-store data and every volume set to delete on termination',
      `aws ec2 terminate-instances --dry-run …; aws ec2 stop-instances (reversible) or create snapshots first`,
    ),
  },
  {
    id: 'aws.ec2-delete-storage', level: 'deny', summary: 'aws ec2 delete-volume / delete-snapshot / deregister-image',
    ops: { ec2: ['delete-volume', 'delete-snapshot', 'deregister-image', 'delete-fpga-image'] },
    describe: (c) => hit(
      `aws ec2 ${c.op} permanently deletes ${value(c, '--volume-id', '--snapshot-id', '--image-id') ?? 'block storage or a backup'}.`,
      c.op === 'delete-volume' ? 'the volume and its data (no recycle bin for volumes)' : 'the snapshot/image (recoverable only if a Recycle Bin rule matches)',
      c.op === 'delete-volume' ? `aws ec2 create-snapshot --volume-id ${value(c, '--volume-id') ?? 'VOL'} first, and --dry-run to check` : `aws ec2 ${c.op} --dry-run …; let a human delete backups`,
    ),
  },
  {
    id: 'aws.ec2-protection', level: 'ask', summary: 'aws ec2 removing termination/snapshot/image protection, forced volume detach',
    ops: { ec2: ['modify-instance-attribute', 'unlock-snapshot', 'disable-image-deregistration-protection', 'detach-volume', 'disable-snapshot-block-public-access'] },
    when: (c) => c.op !== 'modify-instance-attribute' && c.op !== 'detach-volume'
      || (c.op === 'modify-instance-attribute' && (has(c, '--no-disable-api-termination') || /disableApiTermination[\s=]+false|"Value"\s*:\s*false/i.test(c.words.join(' '))))
      || (c.op === 'detach-volume' && has(c, '--force')),
    describe: (c) => hit(
      `aws ec2 ${c.op} removes a protection against deletion or data loss.`,
      'the guard that prevents termination, snapshot deletion or image deregistration (or a clean detach)',
      'keep the protection; a human removes it if the resource really must go',
    ),
  },
  {
    id: 'aws.ec2-network', level: 'ask', summary: 'aws ec2 delete-vpc / subnet / gateways / release-address',
    ops: { ec2: ['delete-vpc', 'delete-subnet', 'delete-nat-gateway', 'delete-internet-gateway', 'delete-transit-gateway', 'release-address', 'delete-vpn-connection', 'delete-vpc-peering-connection'] },
    describe: (c) => hit(
      `aws ec2 ${c.op} removes network foundation${c.op === 'release-address' ? '; a released Elastic IP may never come back' : ''}.`,
      c.op === 'release-address' ? 'the public IP address (allow-lists and DNS pointing at it break)' : 'connectivity for everything inside it',
      `aws ec2 ${c.op} --dry-run …, and check dependents with describe-* first`,
    ),
  },
  // ---------------------------------------------------------------- file systems, backups, keys
  {
    id: 'aws.efs-delete', level: 'deny', summary: 'aws efs/fsx delete-file-system, fsx delete-backup/delete-volume',
    ops: { efs: ['delete-file-system'], fsx: ['delete-file-system', 'delete-backup', 'delete-volume', 'delete-snapshot'] },
    describe: (c) => hit(
      `aws ${c.service} ${c.op} permanently deletes ${value(c, '--file-system-id', '--backup-id', '--volume-id', '--snapshot-id') ?? 'a file system or its backup'}${/SkipFinalBackup\s*=\s*true|"SkipFinalBackup"\s*:\s*true/i.test(c.words.join(' ')) ? ', with no final backup' : ''}.`,
      'every file on it (or the backup)',
      'aws backup start-backup-job for the file system first; let a human delete it',
    ),
  },
  {
    id: 'aws.backup-delete-recovery-point', level: 'deny', summary: 'aws backup delete-recovery-point',
    ops: { backup: ['delete-recovery-point'] },
    describe: (c) => hit(
      `aws backup delete-recovery-point deletes a backup in vault ${value(c, '--backup-vault-name') ?? ''}.`.replace(' .', '.'),
      'the recovery point and every restore it allowed',
      'aws backup list-recovery-points-by-backup-vault; leave expiry to the backup plan lifecycle',
    ),
  },
  {
    id: 'aws.backup-weaken', level: 'ask', summary: 'aws backup deleting vaults, plans, selections, vault locks or shortening lifecycles',
    ops: { backup: ['delete-backup-vault', 'delete-backup-vault-lock-configuration', 'delete-backup-plan', 'delete-backup-selection', 'update-recovery-point-lifecycle', 'disassociate-recovery-point', 'delete-backup-vault-access-policy', 'put-backup-vault-access-policy', 'delete-logically-air-gapped-backup-vault'] },
    describe: (c) => hit(
      `aws backup ${c.op} removes part of the backup safety net.`,
      'future backups, a vault lock, or the retention of existing recovery points',
      'aws backup get-backup-plan / describe-backup-vault to review; let a human change it',
    ),
  },
  {
    id: 'aws.kms-key-deletion', level: 'deny', summary: 'aws kms schedule-key-deletion (crypto-shredding)',
    ops: { kms: ['schedule-key-deletion'] },
    describe: (c) => hit(
      `aws kms schedule-key-deletion: after ${value(c, '--pending-window-in-days') ?? '30'} days every ciphertext under key ${id(c, '--key-id')} is unreadable forever.`,
      'all data encrypted under the key (databases, volumes, buckets, secrets)',
      `aws kms disable-key --key-id ${id(c, '--key-id')} (reversible) and watch for failures; a human schedules deletion`,
    ),
  },
  {
    id: 'aws.kms-weaken', level: 'ask', summary: 'aws kms disable-key / key policy / imported material / aliases',
    ops: { kms: ['disable-key', 'put-key-policy', 'delete-imported-key-material', 'disable-key-rotation', 'delete-alias', 'update-alias'] },
    describe: (c) => hit(
      `aws kms ${c.op} can make data encrypted under ${id(c, '--key-id', '--alias-name')} unreadable or lock everyone out.`,
      'access to encrypted data until reverted (imported key material: until re-imported)',
      'aws kms describe-key / get-key-policy first; let a human change it',
    ),
  },
  // ---------------------------------------------------------------- DNS, stacks, identity, secrets
  {
    id: 'aws.route53-delete-zone', level: 'deny', summary: 'aws route53 delete-hosted-zone',
    ops: { route53: ['delete-hosted-zone'] },
    describe: (c) => hit(
      `aws route53 delete-hosted-zone deletes zone ${id(c, '--id')}; a recreated zone gets new name servers.`,
      'every record of the domain and its delegation (mail, web, verification)',
      `aws route53 list-resource-record-sets --hosted-zone-id ${id(c, '--id')} > zone-backup.json; let a human delete it`,
    ),
  },
  {
    id: 'aws.route53-records', level: 'ask', summary: 'aws route53 change-resource-record-sets (DELETE/UPSERT)',
    ops: { route53: ['change-resource-record-sets'] },
    when: (c) => !/"Action"\s*:\s*"CREATE"/.test(c.words.join(' ')) || /DELETE|UPSERT/.test(c.words.join(' ')),
    describe: (c) => hit(
      'aws route53 change-resource-record-sets deletes or overwrites DNS records.',
      'the records it deletes or overwrites (mail and verification outages)',
      `aws route53 list-resource-record-sets --hosted-zone-id ${id(c, '--hosted-zone-id')} > before.json first`,
    ),
  },
  {
    id: 'aws.cloudformation-delete-stack', level: 'deny', summary: 'aws cloudformation delete-stack / delete-stack-instances',
    ops: { cloudformation: ['delete-stack', 'delete-stack-instances'] },
    when: (c) => c.op === 'delete-stack' || !has(c, '--retain-stacks'),
    describe: (c) => hit(
      `aws cloudformation ${c.op} deletes every resource of ${id(c, '--stack-name', '--stack-set-name')} that has no Retain/Snapshot policy${(value(c, '--deletion-mode') ?? '').toUpperCase() === 'FORCE_DELETE_STACK' ? ', forcing past failures' : ''}.`,
      'every resource in the stack (databases, buckets, tables) without DeletionPolicy Retain',
      `aws cloudformation describe-stack-resources --stack-name ${id(c, '--stack-name', '--stack-set-name')} (see what goes); a human deletes it, with --retain-resources for data`,
    ),
  },
  {
    id: 'aws.cloudformation-deploy', level: 'ask', summary: 'aws cloudformation deploy / update-stack / execute-change-set (changes applied without a reviewed change set)',
    ops: { cloudformation: ['deploy', 'update-stack', 'execute-change-set', 'update-stack-set'] },
    when: (c) => !(c.op === 'deploy' && has(c, '--no-execute-changeset')),
    describe: (c) => hit(
      `aws cloudformation ${c.op} applies changes to ${id(c, '--stack-name', '--stack-set-name', '--change-set-name')} at once: a changed property that needs replacement deletes the resource (a database, a bucket) and makes a new one.`,
      'every resource the template change replaces or removes that has no DeletionPolicy/UpdateReplacePolicy Retain or Snapshot',
      c.op === 'deploy'
        ? 'aws cloudformation deploy … --no-execute-changeset, then aws cloudformation describe-change-set for a human to review and execute'
        : 'aws cloudformation create-change-set and describe-change-set (see what is replaced or removed); a human executes it',
    ),
  },
  {
    id: 'aws.cloudformation-protection', level: 'ask', summary: 'aws cloudformation turning off termination protection, a stack policy that allows every update, continue-update-rollback skipping resources',
    ops: { cloudformation: ['update-termination-protection', 'set-stack-policy', 'continue-update-rollback'] },
    when: (c) => (c.op === 'update-termination-protection' && has(c, '--no-enable-termination-protection'))
      || (c.op === 'set-stack-policy' && /"Effect"\s*:\s*"Allow"[\s\S]*"Action"\s*:\s*"Update:\*"|"Action"\s*:\s*"Update:\*"[\s\S]*"Effect"\s*:\s*"Allow"/.test(c.words.join(' ')) && !/"Deny"/.test(c.words.join(' ')))
      || (c.op === 'continue-update-rollback' && has(c, '--resources-to-skip')),
    describe: (c) => hit(
      c.op === 'set-stack-policy' ? `aws cloudformation set-stack-policy lets every update through on ${id(c, '--stack-name')}: replacements and deletions of protected resources are no longer refused.`
        : c.op === 'continue-update-rollback' ? `aws cloudformation continue-update-rollback --resources-to-skip marks resources of ${id(c, '--stack-name')} as rolled back without touching them: the stack and the real resources part ways.`
          : `Turning off termination protection on ${id(c, '--stack-name')} is the first step of deleting it.`,
      'the guard against deleting or replacing the stack\'s resources',
      'keep the protection; a human changes it',
    ),
  },
  {
    id: 'aws.iam-delete', level: 'ask', summary: 'aws iam delete-* / detach-* / remove-*',
    ops: { iam: /^(delete-|detach-|remove-)/ },
    describe: (c) => hit(
      `aws iam ${c.op} removes an identity, credential or permission; workloads and people relying on it stop working.`,
      'the principal/policy (a recreated one gets a new unique ID; trust relationships break)',
      `aws iam get-* / list-* to review who uses it; let a human remove it`,
    ),
  },
  {
    id: 'aws.iam-escalate', level: 'ask', summary: 'aws iam attaching policies, trust changes, new access keys',
    ops: { iam: ['attach-role-policy', 'attach-user-policy', 'attach-group-policy', 'put-role-policy', 'put-user-policy', 'put-group-policy', 'update-assume-role-policy', 'create-access-key', 'create-login-profile', 'update-login-profile', 'add-user-to-group'] },
    describe: (c) => hit(
      `aws iam ${c.op} grants permissions or creates long-lived credentials.`,
      'least privilege (the agent could give itself the power to delete anything)',
      'propose the policy change in code review (IaC) for a human to apply',
    ),
  },
  {
    id: 'aws.secrets-delete', level: 'ask', summary: 'aws secretsmanager delete-secret (deny with --force-delete-without-recovery)',
    ops: { secretsmanager: ['delete-secret'] },
    describe: (c) => {
      const force = has(c, '--force-delete-without-recovery');
      return hit(
        force ? `aws secretsmanager delete-secret --force-delete-without-recovery deletes ${id(c, '--secret-id')} immediately, with no recovery window.`
          : `aws secretsmanager delete-secret schedules ${id(c, '--secret-id')} for deletion (restorable during the window).`,
        force ? 'the secret value and every version of it, permanently' : 'the secret after the recovery window',
        `aws secretsmanager delete-secret --secret-id ${id(c, '--secret-id')} --recovery-window-in-days 30 (restorable with restore-secret), by a human`,
        force ? 'deny' : undefined,
      );
    },
  },
  {
    id: 'aws.secrets-overwrite', level: 'ask', summary: 'aws secretsmanager put-secret-value / update-secret replacing the value or its key',
    ops: { secretsmanager: ['put-secret-value', 'update-secret'] },
    when: (c) => has(c, '--secret-string', '--secret-binary', '--kms-key-id'),
    describe: (c) => hit(
      `aws secretsmanager ${c.op} replaces the current value of ${id(c, '--secret-id')}${has(c, '--kms-key-id') ? ' (or the key that encrypts it)' : ''}; only the previous version stays labelled.`,
      'the current secret value (apps reading AWSCURRENT switch immediately; older versions age out)',
      `aws secretsmanager get-secret-value --secret-id ${id(c, '--secret-id')} > backup (kept safe) first, or rotate-secret with a tested rotation function`,
    ),
  },
  {
    id: 'aws.ssm-delete-parameter', level: 'deny', summary: 'aws ssm delete-parameter(s)',
    ops: { ssm: ['delete-parameter', 'delete-parameters'] },
    describe: (c) => hit(
      `aws ssm ${c.op} deletes ${value(c, '--name') ?? value(c, '--names') ?? 'parameters'} immediately; SecureString values cannot be recovered.`,
      'the parameter values and their history',
      `aws ssm get-parameter --with-decryption --name … > backup first; let a human delete`,
    ),
  },
  {
    id: 'aws.ecr-delete', level: 'ask', summary: 'aws ecr delete-repository (deny with --force) / batch-delete-image',
    ops: { ecr: ['delete-repository', 'batch-delete-image'] },
    describe: (c) => {
      const force = c.op === 'delete-repository' && has(c, '--force');
      return hit(
        force ? `aws ecr delete-repository --force deletes ${id(c, '--repository-name')} with every image in it.` : `aws ecr ${c.op} deletes container images from ${id(c, '--repository-name')}.`,
        force ? 'every image in the repository (deployments pulling them break)' : 'the images (running deployments that pull them break)',
        `aws ecr list-images --repository-name ${id(c, '--repository-name')} first; prefer a lifecycle policy`,
        force ? 'deny' : undefined,
      );
    },
  },
  {
    id: 'aws.logs-delete-group', level: 'deny', summary: 'aws logs delete-log-group',
    ops: { logs: ['delete-log-group'] },
    describe: (c) => hit(
      `aws logs delete-log-group deletes ${id(c, '--log-group-name')} and every log event in it.`,
      'all log events of the group (audit and incident evidence)',
      `aws logs put-retention-policy --log-group-name ${id(c, '--log-group-name')} --retention-in-days N (let them expire), or export first with create-export-task`,
    ),
  },
  {
    id: 'aws.managed-db-delete', level: 'deny', summary: 'managed databases and their snapshots: ElastiCache, Redshift, OpenSearch, DocumentDB, Neptune, MemoryDB, …',
    ops: {
      elasticache: ['delete-replication-group', 'delete-cache-cluster', 'delete-serverless-cache', 'delete-snapshot', 'delete-serverless-cache-snapshot', 'delete-global-replication-group'],
      redshift: ['delete-cluster', 'delete-cluster-snapshot'],
      'redshift-serverless': ['delete-namespace', 'delete-workgroup', 'delete-snapshot'],
      opensearch: ['delete-domain'], es: ['delete-elasticsearch-domain', 'delete-domain'],
      docdb: ['delete-db-cluster', 'delete-db-instance', 'delete-db-cluster-snapshot', 'delete-global-cluster'],
      'docdb-elastic': ['delete-cluster', 'delete-cluster-snapshot'],
      neptune: ['delete-db-cluster', 'delete-db-instance', 'delete-db-cluster-snapshot', 'delete-global-cluster'],
      'neptune-graph': ['delete-graph', 'delete-graph-snapshot'],
      memorydb: ['delete-cluster', 'delete-snapshot', 'delete-multi-region-cluster'],
      dsql: ['delete-cluster'],
      lightsail: ['delete-relational-database', 'delete-relational-database-snapshot', 'delete-disk', 'delete-disk-snapshot', 'delete-instance-snapshot', 'delete-bucket'],
      qldb: ['delete-ledger'],
      'timestream-write': ['delete-database', 'delete-table'],
      keyspaces: ['delete-keyspace', 'delete-table'],
      glacier: ['delete-vault', 'delete-archive'],
      s3tables: ['delete-table-bucket', 'delete-table', 'delete-namespace'],
      kinesis: ['delete-stream'],
      glue: ['delete-database', 'delete-table', 'batch-delete-table'],
      'opensearchserverless': ['delete-collection'],
    },
    describe: (c) => {
      const skip = has(c, '--skip-final-snapshot', '--skip-final-cluster-snapshot');
      const whole = WHOLE_DATABASE_OPS[`${c.service} ${c.op}`];
      const name = whole ? value(c, ...whole) : undefined;
      return {
        ...managedDbHit(c, skip),
        ...(name ? { database: name } : {}),
      };
    },
  },
  {
    id: 'aws.eks-delete-cluster', level: 'deny', summary: 'aws eks delete-cluster',
    ops: { eks: ['delete-cluster'] },
    describe: (c) => hit(
      `aws eks delete-cluster deletes cluster ${id(c, '--name')} and its control plane.`,
      'the cluster, its workloads and (per reclaim policy) their persistent volumes',
      `aws eks describe-cluster --name ${id(c, '--name')}; back up with velero; let a human delete it`,
    ),
  },
  {
    id: 'aws.cognito-delete-user-pool', level: 'deny', summary: 'aws cognito-idp delete-user-pool',
    ops: { 'cognito-idp': ['delete-user-pool'] },
    describe: (c) => hit(
      `aws cognito-idp delete-user-pool deletes ${id(c, '--user-pool-id')} and every user account in it.`,
      'every user, their credentials and MFA setup (users must re-register)',
      'export users first; let a human delete the pool',
    ),
  },
  {
    id: 'aws.organizations', level: 'deny', summary: 'aws organizations close-account / leave / delete organization',
    ops: { organizations: ['close-account', 'remove-account-from-organization', 'leave-organization', 'delete-organization'] },
    describe: (c) => hit(
      `aws organizations ${c.op} removes or closes an AWS account.`,
      'a whole account (everything in it is scheduled for deletion when closed) or the organization guardrails',
      'let a human do account lifecycle changes in the console',
    ),
  },
  {
    id: 'aws.guardrails', level: 'ask', summary: 'removing audit trails, Recycle Bin rules, SCPs, config recorders',
    ops: {
      cloudtrail: ['delete-trail', 'stop-logging', 'delete-event-data-store'],
      rbin: ['delete-rule', 'unlock-rule'],
      organizations: ['detach-policy', 'delete-policy', 'disable-policy-type'],
      config: ['delete-configuration-recorder', 'stop-configuration-recorder', 'delete-delivery-channel'],
      guardduty: ['delete-detector'],
    },
    describe: (c) => hit(
      `aws ${c.service} ${c.op} removes an audit trail or a safety net (Recycle Bin, SCP, recorder).`,
      'the record of what happens next, or the net that would catch a deletion',
      'leave guardrails to a human',
    ),
  },
  {
    id: 'aws.lambda-delete-function', level: 'ask', summary: 'aws lambda delete-function',
    ops: { lambda: ['delete-function'] },
    describe: (c) => hit(
      `aws lambda delete-function deletes ${id(c, '--function-name')} and all its versions.`,
      'the function code, versions, aliases and triggers',
      `aws lambda get-function --function-name ${id(c, '--function-name')} (download the code) first`,
    ),
  },
  {
    id: 'aws.queues-delete', level: 'ask', summary: 'aws sqs delete-queue / purge-queue, sns delete-topic',
    ops: { sqs: ['delete-queue', 'purge-queue'], sns: ['delete-topic', 'unsubscribe'] },
    describe: (c) => hit(
      `aws ${c.service} ${c.op} drops ${c.op === 'purge-queue' ? 'every message in' : ''} ${value(c, '--queue-url', '--topic-arn') ?? 'the queue/topic'}.`.replace('  ', ' '),
      'the messages in flight (and, for deletes, the queue/topic and its subscriptions)',
      'drain or inspect messages with receive-message first; let a human delete it',
    ),
  },
  {
    id: 'aws.destructive-sql', level: 'ask', summary: 'SQL through athena / redshift-data / rds-data: DROP, TRUNCATE, DELETE or UPDATE (deny without WHERE)',
    ops: { athena: ['start-query-execution'], 'redshift-data': ['execute-statement', 'batch-execute-statement'], 'rds-data': ['execute-statement', 'batch-execute-statement'] },
    when: (c) => /\b(DROP|TRUNCATE|DELETE|UPDATE|MERGE|ALTER\s+TABLE\s+\S+\s+DROP)\b/i.test(sqlOf(c)),
    describe: (c) => {
      const sql = sqlOf(c);
      const drop = /\b(DROP\s+(TABLE|DATABASE|SCHEMA|VIEW)|TRUNCATE)\b|ALTER\s+TABLE\s+\S+\s+DROP/i.test(sql);
      const unscoped = /\b(DELETE\s+FROM|UPDATE)\b/i.test(sql) && !/\bWHERE\b/i.test(sql);
      // Athena DROP TABLE on a plain external table removes only the catalog entry; Iceberg tables lose data.
      const deny = (drop && c.service !== 'athena') || unscoped;
      return hit(
        `aws ${c.service} ${c.op} runs "${sql.replace(/\s+/g, ' ').slice(0, 80)}"${unscoped ? ' without a WHERE clause: every row is affected' : ''}.`,
        drop ? 'the dropped tables or databases and their rows' : 'the rows it deletes or overwrites',
        'run a SELECT COUNT(*) with the same condition first, and snapshot the database; a human runs destructive SQL',
        deny ? 'deny' : undefined,
      );
    },
  },
];

function sqlOf(c: AwsCall): string {
  return [value(c, '--query-string', '--sql'), ...c.words.filter((_, i, a) => a[i - 1] === '--sqls')].filter(Boolean).join(' ; ');
}

/** Does a specific rule already speak for this call? */
const covered = (c: AwsCall) => SPECS.some((s) => opMatches(s, c) && (!s.when || s.when(c)));

/** Flags that switch off a deletion guard, on any service (docdb, neptune, elbv2, cognito, lightsail, …). */
const PROTECTION_OFF = /^--no-(deletion-protection|enable-termination-protection|deletion-protection-enabled|disable-api-termination|disable-api-stop)$|deletion_protection\.enabled,?\s*Value=false|deletion_protection\.enabled=false/i;

const genericProtection: CommandRule = {
  id: 'aws.protection-removal',
  level: 'ask',
  summary: 'any aws operation that switches off deletion/termination protection',
  commands: ['aws'],
  match(cmd) {
    const c = parseAws(cmd);
    if (!c || informational(c) || !c.op) return null;
    const inactive = value(c, '--deletion-protection') ?? '';
    if (!c.words.some((w) => PROTECTION_OFF.test(w)) && !/^(INACTIVE|false)$/i.test(inactive)) return null;
    if (covered(c)) return null;
    return hit(
      `aws ${c.service} ${c.op} switches off a deletion guard.`,
      'the protection against deleting the resource (the usual first step of a deletion)',
      'keep the protection on; a human removes it if the resource really must go',
    );
  },
};

/** Subcommands of s5cmd and s3cmd, to find the one after global options. */
const S3_COMPATIBLE_VERBS: Record<string, Set<string>> = {
  s5cmd: new Set(['ls', 'cp', 'mv', 'rm', 'rb', 'mb', 'sync', 'cat', 'pipe', 'run', 'select', 'sign', 'du', 'version', 'bucket-version', 'head']),
  s3cmd: new Set(['mb', 'rb', 'ls', 'la', 'put', 'get', 'del', 'rm', 'restore', 'sync', 'du', 'info', 'cp', 'modify', 'mv', 'setacl', 'setpolicy', 'delpolicy', 'setcors', 'delcors', 'payer', 'multipart', 'abortmp', 'listmp', 'accesslog', 'sign', 'signurl', 'fixbucket', 'expire', 'setlifecycle', 'getlifecycle', 'dellifecycle', 'ws-create', 'ws-delete', 'ws-info', 'cfcreate', 'cfdelete', 'cfmodify', 'cfinfo', 'cfinval', 'cfinvalinfo']),
};
/** Global options of s5cmd and s3cmd that take a separate value. */
const S3_COMPATIBLE_VALUED = new Set(['--numworkers', '--retry-count', '-r', '--endpoint-url', '--profile', '--credentials-file', '--log', '--request-payer', '-c', '--config', '--access_key', '--secret_key', '--host', '--host-bucket', '--region', '--bucket-location', '--access_token', '--ca-certs']);

/** S3-compatible clients: s5cmd, s3cmd, Backblaze's b2 and the MinIO client (`mc`). */
const s3Compatible: CommandRule = {
  id: 'aws.s3-compatible-delete',
  level: 'ask',
  summary: 's5cmd/s3cmd/b2/MinIO mc rm/del/rb (deny for recursive, wildcard or forced bucket removal); sync/mirror that deletes and mc admin removals (ask)',
  commands: ['s5cmd', 's3cmd', 'b2', 'mc', 'mcli'],
  match(cmd) {
    const words = cmd.argv.slice(1);
    // global options with values come first (`s5cmd --numworkers 64 rm`, `s3cmd -c cfg del`): the subcommand
    // is the first word that is one
    const verbs = S3_COMPATIBLE_VERBS[cmd.name];
    let sub = verbs ? words.find((w, k) => verbs.has(w) && (k === 0 || !S3_COMPATIBLE_VALUED.has(words[k - 1]))) : words.find((w) => !w.startsWith('-'));
    if (words.includes('--help') || words.includes('--dry-run') || words.includes('-n')) return null;
    // s3cmd sync --delete-removed / b2 sync --delete: the destination loses what the source does not have
    if (sub === 'sync' && (cmd.name === 's3cmd' || cmd.name === 'b2' || cmd.name === 's5cmd') && words.some((w) => w === '--delete-removed' || w === '--delete' || w === '--delete-after')) {
      return hit(`${cmd.name} sync ${words.includes('--delete') ? '--delete' : '--delete-removed'} deletes every object at the destination that is not in the source; an empty or wrong source wipes it.`, 'objects missing from the source', `${cmd.name} sync --dry-run first (review)`);
    }
    // b2 v3 names: delete-bucket, delete-file-version; b2 v4: `b2 bucket delete`, `b2 file … rm`
    if (cmd.name === 'b2' && (sub === 'delete-bucket' || sub === 'delete-file-version' || (sub === 'bucket' && words.includes('delete')))) sub = sub === 'delete-file-version' ? 'rm' : 'rb';
    if (cmd.name !== 's5cmd' && sub !== undefined && !words.includes('--help')) {
      const other = minioOther(cmd.name, sub, words);
      if (other) return other;
    }
    if (!sub || !['rm', 'rb', 'del'].includes(sub)) return null;
    const targets = words.slice(words.indexOf(sub) + 1).filter((w) => !w.startsWith('-'));
    const bulk = targets.some((t) => /[*?]/.test(t)) || words.some((w) => /^(--recursive|-r|--force|--purge|--versions)$/.test(w)) || sub === 'rb' && cmd.name === 's5cmd';
    return hit(
      `${cmd.name} ${sub} deletes ${targets.join(' ') || 'objects'}${bulk ? ' in bulk' : ''}.`,
      bulk ? 'every matching object (and the bucket for rb)' : 'the objects or bucket',
      `${cmd.name} ls ${targets[0] ?? ''} (review); versioning on the bucket; a human deletes`.replace(' ;', ';'),
      bulk ? 'deny' : undefined,
    );
  },
};

/** MinIO client operations beyond rm/rb that remove data or access: `mc mirror --remove`, `mc admin … remove`. */
function minioOther(name: string, sub: string, words: string[]): RuleHit | null {
  const rest = words.slice(words.indexOf(sub) + 1).filter((w) => !w.startsWith('-'));
  if (sub === 'mirror' && words.some((w) => w === '--remove' || w === '--delete')) {
    if (words.includes('--dry-run')) return null;
    const [src = 'SRC', dst = 'DST'] = rest;
    return hit(
      `${name} mirror --remove deletes every object in ${dst} that is not in ${src}; an empty or wrong source wipes the destination.`,
      `objects in ${dst} missing from ${src}`,
      `${name} mirror --dry-run --remove ${src} ${dst} (review), or mirror without --remove`,
    );
  }
  if (sub !== 'admin') return null;
  // mc admin GROUP VERB ALIAS ARGS: bucket/user/policy/group/… removal
  const verbAt = rest.findIndex((w, i) => i <= 2 && /^(remove|rm|delete|del|unset|disable|detach|clear|reset)$/.test(w));
  if (verbAt < 1) return null;
  const group = rest.slice(0, verbAt).join(' ');
  const bucket = rest[0] === 'bucket' && verbAt === 1; // not `bucket remote rm` (a replication target)
  return hit(
    `${name} admin ${group} ${rest[verbAt]} changes the server: it removes or disables ${rest.slice(verbAt + 1).join(' ') || 'the target'}.`,
    bucket ? 'the bucket (its objects) or its configuration' : `the ${group} entry (access for users and applications that rely on it)`,
    `${name} admin ${group} info/ls first (review); a human makes the change`,
    bucket && /^(remove|rm|delete|del)$/.test(rest[verbAt]) ? 'deny' : undefined,
  );
}

/** Any other destructive-looking operation: ask. Keeps recall on services no rule names. */
const genericDelete: CommandRule = {
  id: 'aws.delete-operation',
  level: 'ask',
  summary: 'any other aws delete-*/terminate-*/purge-*/deregister-*/remove-* operation',
  commands: ['aws'],
  match(cmd) {
    const c = parseAws(cmd);
    if (!c || informational(c) || !c.op) return null;
    if (!/(^|-)(delete|purge|terminate|destroy)(-|$)|^(deregister|remove|reset)-|^disable-.*-protection/.test(c.op)) return null;
    if (covered(c)) return null;
    return hit(
      `aws ${c.service} ${c.op} deletes or removes something.`,
      `whatever ${c.op} removes in ${c.service}`,
      `look first (aws ${c.service} describe-*/list-*/get-*), then let a human run it`,
    );
  },
};

// ---------------------------------------------------------------------------
// The same operations through the SDKs: boto3 (python -c / scripts) and the JavaScript SDK (node -e / scripts)
// ---------------------------------------------------------------------------

const INTERPRETERS = ['python', 'python3', 'python2', 'node', 'nodejs', 'bun', 'deno', 'tsx', 'ts-node'];
const PY_VALUE_OPTS = new Set(['-W', '-X', '-m', '--check-hash-based-pycs']);
const JS_VALUE_OPTS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--conditions', '-C', '--input-type']);
const SCRIPT_EXT = /\.(py|js|mjs|cjs|ts|mts)$/;

function isPython(name: string): boolean {
  return name.startsWith('python');
}

/** Inline code (`-c`, `-e`, `--eval`, `-p`) and the script path, if any. */
function interpreterInput(cmd: SimpleCommand): { inline: string[]; script?: string } {
  const words = cmd.argv.slice(1);
  const inline: string[] = [];
  const valueOpts = isPython(cmd.name) ? PY_VALUE_OPTS : JS_VALUE_OPTS;
  const codeOpts = isPython(cmd.name) ? ['-c'] : ['-e', '--eval', '-p', '--print'];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (codeOpts.includes(w) && i + 1 < words.length) { inline.push(words[i + 1]); return { inline }; }
    const eq = codeOpts.find((o) => o.startsWith('--') && w.startsWith(`${o}=`));
    if (eq) { inline.push(w.slice(eq.length + 1)); return { inline }; }
    if (w.startsWith('-')) { if (valueOpts.has(w)) i++; continue; }
    if (w === 'run' && (cmd.name === 'deno' || cmd.name === 'bun')) continue;
    return { inline, script: SCRIPT_EXT.test(w) ? w : undefined };
  }
  if (cmd.stdin.kind === 'heredoc' || cmd.stdin.kind === 'herestring') inline.push(cmd.stdin.text);
  return { inline };
}

/** `DeleteDBInstance` / `deleteDBInstance` / `delete_db_instance` -> `delete-db-instance`. */
export function toCliName(op: string): string {
  return op.replace(/_/g, '-').replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').toLowerCase();
}

interface SdkCall { service?: string; op: string; flags: string[]; text: string }

function kwargFlags(args: string): string[] {
  const out: string[] = [];
  const re = /([A-Za-z]\w*)\s*[=:]\s*(True|False|true|false|'[^']*'|"[^"]*"|`[^`]*`|\d+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(args)) !== null) {
    const flag = `--${toCliName(m[1])}`;
    const v = m[2];
    if (/^(true)$/i.test(v)) out.push(flag);
    else if (/^(false)$/i.test(v)) out.push(`--no-${flag.slice(2)}`);
    else out.push(flag, v.replace(/^['"`]|['"`]$/g, ''));
  }
  return out;
}

/** Text between an opening parenthesis (just before `from`) and its match, bounded. */
function balancedArgs(code: string, from: number): string {
  let depth = 1;
  for (let i = from; i < code.length && i < from + 4000; i++) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')' && --depth === 0) return code.slice(from, i);
  }
  return code.slice(from, from + 4000);
}

/** Destructive-looking SDK calls in a piece of Python or JavaScript. */
export function sdkCalls(code: string): SdkCall[] {
  const services = new Set<string>();
  for (const m of code.matchAll(/\b(?:client|resource)\(\s*(?:service_name\s*=\s*)?['"]([\w-]+)['"]/g)) services.add(m[1]);
  for (const m of code.matchAll(/@aws-sdk\/client-([\w-]+)/g)) services.add(m[1]);
  for (const m of code.matchAll(/new\s+(?:AWS\.)?([A-Z][A-Za-z0-9]*)\s*\(/g)) if (/^(S3|RDS|EC2|DynamoDB|KMS|EFS|Route53|CloudFormation|IAM|SecretsManager|SSM|ECR|Lambda|Backup|ElastiCache|Redshift|EKS)$/.test(m[1])) services.add(m[1].toLowerCase());
  const calls: SdkCall[] = [];
  const destructive = /^(delete|terminate|purge|deregister|schedule[-_]?key[-_]?deletion|batch[-_]?delete|remove|modify[-_]?db|update[-_]?(table|continuous)|put[-_]?bucket[-_]?(versioning|lifecycle))/i;
  // client.delete_db_instance(...), rds.deleteDBInstance(...), new DeleteDBInstanceCommand({...})
  for (const m of code.matchAll(/\.([a-z][a-zA-Z0-9_]*)\s*\(|new\s+([A-Z][A-Za-z0-9]*)Command\s*\(/g)) {
    const op = m[1] ?? m[2];
    if (!destructive.test(op)) continue;
    const args = balancedArgs(code, (m.index ?? 0) + m[0].length);
    calls.push({ op: toCliName(op), flags: kwargFlags(args), text: `${m[0]}${args.slice(0, 60)})` });
  }
  // boto3 resource API: bucket.objects.all().delete(), bucket.object_versions.delete(), Bucket('b').delete()
  if (/\.(objects|object_versions)\.(all|filter)\([^)]*\)\.delete\(\)|\.(objects|object_versions)\.delete\(\)/.test(code)) {
    const versions = /object_versions/.test(code);
    calls.push({ service: versions ? 's3api' : 's3', op: versions ? 'delete-objects' : 'rm', flags: versions ? ['--version-id', 'all'] : ['--recursive'], text: versions ? 'object_versions.delete()' : 'objects.all().delete()' });
  }
  if (/\.Bucket\([^)]*\)\.delete\(\)/.test(code)) calls.push({ service: 's3api', op: 'delete-bucket', flags: [], text: 'Bucket(...).delete()' });
  // SDK operation names are the API's: for S3 those are the s3api commands.
  const known = [...services].map((x) => (x.toLowerCase() === 's3' ? 's3api' : x.toLowerCase()));
  return calls.flatMap((c) => (c.service ? [c] : (known.length ? known : [undefined]).map((service) => ({ ...c, service }))));
}

const SPEC_RULES = SPECS.map(awsRule);
const SERVICES_WITH_RULES = [...new Set(SPECS.flatMap((s) => Object.keys(s.ops)))];

const sdkCall: CommandRule = {
  id: 'aws.sdk-call',
  level: 'ask',
  summary: 'the same destructive AWS operations called through boto3 or the JavaScript SDK (python -c, node -e, scripts)',
  commands: INTERPRETERS,
  inputFiles(cmd) {
    const { script } = interpreterInput(cmd);
    return script ? [script] : [];
  },
  match(cmd, ctx) {
    const { inline, script } = interpreterInput(cmd);
    const code = [...inline, ...(script && ctx.files.get(script) !== undefined ? [ctx.files.get(script) as string] : [])].join('\n');
    if (!/boto3|botocore|aws-sdk|@aws-sdk/.test(code)) return null;
    let best: { hit: RuleHit; level: 'ask' | 'deny'; call: SdkCall } | null = null;
    for (const call of sdkCalls(code)) {
      const services = call.service ? [call.service] : SERVICES_WITH_RULES;
      for (const service of services) {
        const argv = ['aws', service, call.op, ...call.flags];
        const synthetic: SimpleCommand = { ...cmd, argv, dynamic: argv.map(() => false), name: 'aws' };
        for (const rule of [...SPEC_RULES, genericDelete]) {
          const h = rule.match(synthetic, ctx);
          if (!h) continue;
          const level = h.level ?? rule.level;
          if (!best || DECISION_RANK[level] > DECISION_RANK[best.level]) best = { hit: h, level, call: { ...call, service } };
        }
      }
    }
    if (!best) return null;
    return hit(
      `${cmd.name} calls the AWS SDK (${best.call.text.replace(/\s+/g, ' ')}): ${best.hit.reason}`,
      best.hit.loses,
      best.hit.safer ? `${best.hit.safer} (the same applies to SDK calls)` : undefined,
      best.level,
    );
  },
};

export const awsPack: RulePack = {
  id: 'aws',
  description: 'AWS CLI',
  rules: ([...SPEC_RULES, genericProtection, genericDelete, s3Compatible, sdkCall, dynamicOperationRule('aws.dynamic-operation', ['aws'], () => AWS_VALUE_FLAGS, 2)]).map(launcherAware),
};
