import type { CommandRule, RuleContext, RulePack, SimpleCommand } from '../../core/types.js';
import { ANSIBLE_NO_RUN_OPTIONS, ansiblePlaybookOperands } from '../../core/ansible.js';
import { dynamicOperationRule, env, has, hit, hasShort, pathRules, truthy, value, type CliCall, type PathSpec, launcherAware } from './shared-cloud.js';

/**
 * Infrastructure-as-code tools other than Terraform: Pulumi, AWS CDK, SAM, Serverless Framework, eksctl
 * and kops. (`aws cloudformation delete-stack` lives in the aws pack.) Previews, diffs, synth, list and
 * validate are allowed; destroys are denied; deploys ask, like an unplanned `terraform apply`.
 */

const PULUMI_VALUE_FLAGS = new Set(['--cwd', '-C', '--stack', '-s', '--color', '--tracing', '--tracing-header', '--profiling', '-v', '--verbose', '--memprofilerate', '--config-file', '--target', '-t', '--message', '-m', '--parallel', '-p', '--exclude', '--secrets-provider', '--suppress-permalink', '--policy-pack', '--policy-pack-config', '--replace', '--target-replace', '--plan', '--import-file', '--file', '--from', '--org']);
const CDK_VALUE_FLAGS = new Set(['--build', '--app', '-a', '--context', '-c', '--profile', '--output', '-o', '--role-arn', '-r', '--plugin', '-p', '--ca-bundle-path', '--proxy', '--toolkit-stack-name', '--require-approval', '--parameters', '--exclusively', '-e', '--method', '-m', '--outputs-file', '-O', '--change-set-name', '--concurrency', '--asset-parallelism', '--build-exclude', '-E', '--tags', '-t', '--notification-arns']);
const SAM_VALUE_FLAGS = new Set(['--stack-name', '--region', '--profile', '--config-file', '--config-env', '--template-file', '-t', '--template', '--s3-bucket', '--s3-prefix', '--capabilities', '--parameter-overrides', '--tags', '--image-repository', '--role-arn', '--kms-key-id', '--resource-id', '--resource']);
const SLS_VALUE_FLAGS = new Set(['--stage', '-s', '--region', '-r', '--aws-profile', '--config', '-c', '--function', '-f', '--param', '--app', '--org']);
const EKSCTL_VALUE_FLAGS = new Set(['--name', '-n', '--region', '-r', '--profile', '--cluster', '--config-file', '-f', '--timeout', '--wait-interval', '--parallel']);
const KOPS_VALUE_FLAGS = new Set(['--name', '--state', '--config', '-v', '--filename', '-f']);

// ---------------------------------------------------------------- Pulumi

const skipConfirm = (c: CliCall, ctx: RuleContext) => has(c, '--yes') || hasShort(c, 'y') || truthy(env(c.cmd, ctx, 'PULUMI_SKIP_CONFIRMATIONS'));
const skipPreview = (c: CliCall) => has(c, '--skip-preview') || hasShort(c, 'f');
const stackOf = (c: CliCall) => value(c, '--stack', '-s') ?? 'the selected stack';

const PULUMI: PathSpec[] = [
  {
    id: 'iac.pulumi-destroy', level: 'deny', summary: 'pulumi destroy / down', commands: ['pulumi'],
    paths: [['destroy|down']],
    when: (c) => !has(c, '--preview-only'),
    describe: (c, ctx) => {
      const auto = skipConfirm(c, ctx);
      const targets = [value(c, '--target', '-t')].filter(Boolean);
      return hit(
        `pulumi destroy deletes every resource in ${stackOf(c)}${auto ? ', without confirmation (--yes / PULUMI_SKIP_CONFIRMATIONS)' : ''}${skipPreview(c) ? ' and without a preview (--skip-preview)' : ''}${has(c, '--remove') ? '; --remove also deletes the stack and its configuration' : ''}${targets.length ? ` (targeted: ${targets.join(', ')})` : ''}.`,
        `every resource of ${stackOf(c)} that is not protected (databases, buckets and their data included)`,
        `pulumi destroy --preview-only --stack ${stackOf(c).replace('the selected stack', 'STACK')} (review what would go); a human runs the destroy`,
      );
    },
  },
  {
    id: 'iac.pulumi-up', level: 'ask', summary: 'pulumi up/update (deny with --yes plus --skip-preview)', commands: ['pulumi'],
    paths: [['up|update']],
    describe: (c, ctx) => {
      const auto = skipConfirm(c, ctx);
      const blind = auto && skipPreview(c);
      return hit(
        blind ? 'pulumi up --yes --skip-preview applies changes nobody has previewed, deletes and replacements included.'
          : auto ? 'pulumi up --yes applies the diff without confirmation; replacements and deletes included.'
            : 'pulumi up applies infrastructure changes to the stack.',
        'any resource the update deletes or replaces',
        `pulumi preview --diff --stack ${stackOf(c).replace('the selected stack', 'STACK')} (review deletes/replaces), then a human runs pulumi up`,
        blind ? 'deny' : undefined,
      );
    },
  },
  {
    id: 'iac.pulumi-stack-rm', level: 'ask', summary: 'pulumi stack rm (deny with --force or --remove-backups)', commands: ['pulumi'],
    paths: [['stack', 'rm|remove']],
    describe: (c) => {
      const force = has(c, '--force') || hasShort(c, 'f') || has(c, '--remove-backups');
      const name = c.path[2] ?? stackOf(c);
      return hit(
        force ? `pulumi stack rm --force removes stack ${name} and its state even though it still manages resources; they keep running, unmanaged${has(c, '--remove-backups') ? ', and its state backups are deleted' : ''}.`
          : `pulumi stack rm removes stack ${name}, its configuration and history.`,
        'the stack state and history (recoverable only from a pulumi stack export)',
        `pulumi stack export --stack ${name} --file ${name}.json (a backup) first; a human removes stacks`,
        force ? 'deny' : undefined,
      );
    },
  },
  {
    id: 'iac.pulumi-state-edit', level: 'ask', summary: 'pulumi state delete/unprotect/edit/move/rename, stack import', commands: ['pulumi'],
    paths: [['state', 'delete|unprotect|edit|move|rename|repair'], ['stack', 'import']],
    describe: (c) => {
      const importForce = c.path[1] === 'import' && has(c, '--force');
      return hit(
        c.path[1] === 'import' ? `pulumi stack import replaces the state of ${stackOf(c)} with a file${importForce ? ', skipping the checks (--force)' : ''}.`
          : `pulumi state ${c.path[1]} edits the state directly${c.path[1] === 'unprotect' ? ', removing the protect flag that blocks deletion' : ''}.`,
        c.path[1] === 'unprotect' ? 'the protection against deleting the resource' : 'correct tracking of real resources (the next update may create or delete the wrong things)',
        `pulumi stack export --file backup.json first; a human edits state`,
        importForce ? 'deny' : undefined,
      );
    },
  },
  {
    id: 'iac.pulumi-refresh-yes', level: 'ask', summary: 'pulumi refresh --yes (drops resources it cannot see from state)', commands: ['pulumi'],
    paths: [['refresh']],
    when: (c, ctx) => skipConfirm(c, ctx),
    describe: () => hit(
      'pulumi refresh --yes writes the refresh result to state without review; resources the current credentials cannot see are dropped.',
      'state entries for resources not visible with these credentials/region',
      'pulumi refresh --preview-only (review), then a human confirms',
    ),
  },
  {
    id: 'iac.pulumi-unattended', level: 'ask', summary: 'pulumi deployment run (a destroy or update run in Pulumi Cloud, no prompt; destroy denies) and pulumi watch (updates on every file change)', commands: ['pulumi'],
    paths: [['deployment', 'run'], ['watch']],
    describe: (c) => {
      const op = c.path[0] === 'deployment' ? (c.path[2] ?? 'update') : 'watch';
      return hit(
        op === 'watch' ? 'pulumi watch applies every change to the stack as files change, deletes and replacements included, with no preview or prompt.' : `pulumi deployment run ${op} runs a ${op} of the stack in Pulumi Cloud with no confirmation.`,
        op === 'destroy' ? 'every resource of the stack' : 'any resource the update replaces or deletes',
        'pulumi preview (review), then a human runs pulumi up',
        op === 'destroy' ? 'deny' : undefined,
      );
    },
  },
  {
    id: 'iac.pulumi-import', level: 'ask', summary: 'pulumi import: adopt existing resources into the stack', commands: ['pulumi'],
    paths: [['import']],
    when: (c) => !has(c, '--preview-only'),
    describe: () => hit(
      'pulumi import adopts existing (possibly production) resources; a later destroy of this stack deletes them.',
      'nothing now; the adopted resources become destroyable by this stack',
      'pulumi import --preview-only, and add the resources with protect: true',
    ),
  },
];

// ---------------------------------------------------------------- CDK, SAM, Serverless, eksctl, kops

const OTHER: PathSpec[] = [
  {
    id: 'iac.cdk-destroy', level: 'deny', summary: 'cdk destroy', commands: ['cdk'],
    paths: [['destroy']],
    describe: (c) => {
      const stacks = c.path.slice(1);
      return hit(
        `cdk destroy deletes ${has(c, '--all') ? 'ALL stacks of the app' : stacks.length ? `stack(s) ${stacks.join(', ')}` : 'the stack'} and every resource without a RETAIN/SNAPSHOT removal policy${has(c, '--force') || hasShort(c, 'f') ? ', without confirmation (--force)' : ''}.`,
        'every resource in the stack(s) without a retain policy (tables, buckets, databases included)',
        `cdk diff ${stacks.join(' ')} and aws cloudformation describe-stack-resources (see what goes); a human runs cdk destroy`.replace('  ', ' '),
      );
    },
  },
  {
    id: 'iac.cdk-deploy', level: 'ask', summary: 'cdk deploy / watch (apply without a reviewed change set)', commands: ['cdk'],
    paths: [['deploy|watch']],
    // --no-execute only creates the change set (what this rule recommends)
    when: (c) => !has(c, '--no-execute', '--execute=false'),
    describe: (c) => hit(
      `cdk ${c.path[0]} updates CloudFormation stacks; replacements and removals in the diff are executed${value(c, '--require-approval') === 'never' ? ' (--require-approval never: no security prompt either)' : ''}${has(c, '--hotswap', '--hotswap-fallback') || c.path[0] === 'watch' ? ' (hotswap bypasses CloudFormation)' : ''}.`,
      'any resource the change set replaces or removes',
      'cdk diff (review replacements), or cdk deploy --no-execute to create a change set a human executes',
    ),
  },
  {
    id: 'iac.cdk-import', level: 'ask', summary: 'cdk import: adopt existing resources into a stack', commands: ['cdk'],
    paths: [['import']],
    describe: () => hit(
      'cdk import adopts existing (possibly production) resources into a CloudFormation stack; a later cdk destroy deletes them.',
      'nothing now; the adopted resources become destroyable by this app',
      'cdk import --record-resource-mapping mapping.json (review the mapping) and give the resources RemovalPolicy.RETAIN',
    ),
  },
  {
    id: 'iac.cdk-gc', level: 'ask', summary: 'cdk gc (deletes unused bootstrap assets)', commands: ['cdk'],
    paths: [['gc']],
    when: (c) => !has(c, '--action=print') && value(c, '--action') !== 'print',
    describe: () => hit('cdk gc deletes assets in the bootstrap bucket and repository that it thinks are unused.', 'container images and files older deployments or rollbacks need', 'cdk gc --unstable=gc --action=print (list only)'),
  },
  {
    id: 'iac.sam-delete', level: 'deny', summary: 'sam delete', commands: ['sam'],
    paths: [['delete']],
    describe: (c) => hit(
      `sam delete deletes stack ${value(c, '--stack-name') ?? ''} and its artifacts${has(c, '--no-prompts') ? ', without prompts (--no-prompts)' : ''}.`.replace('  ', ' '),
      'every resource of the SAM application (tables and buckets without DeletionPolicy Retain included)',
      'aws cloudformation describe-stack-resources --stack-name … (see what goes); a human runs sam delete',
    ),
  },
  {
    id: 'iac.sam-deploy', level: 'ask', summary: 'sam deploy / sam sync (apply infrastructure changes)', commands: ['sam'],
    paths: [['deploy|sync']],
    when: (c) => !has(c, '--no-execute-changeset'),
    describe: (c) => hit(
      `sam ${c.path[0]} changes the deployed stack${c.path[0] === 'sync' ? ' directly (sync skips change-set review)' : has(c, '--no-confirm-changeset') ? ' without showing the change set' : ''}.`,
      'any resource the change set replaces or removes',
      'sam deploy --no-execute-changeset (review the change set), then a human executes it',
    ),
  },
  {
    id: 'iac.serverless-remove', level: 'deny', summary: 'serverless / sls remove', commands: ['serverless', 'sls'],
    paths: [['remove']],
    describe: (c) => hit(
      `${c.tool} remove deletes the service stack${value(c, '--stage', '-s') ? ` for stage ${value(c, '--stage', '-s')}` : ''}, with the tables and buckets defined in its resources.`,
      'every resource of the service stack',
      `${c.tool} info (see what is deployed); a human removes services`,
    ),
  },
  {
    id: 'iac.serverless-deploy', level: 'ask', summary: 'serverless / sls deploy', commands: ['serverless', 'sls'],
    paths: [['deploy']],
    when: (c) => !has(c, '--noDeploy') && c.path[1] !== 'list',
    describe: (c) => hit(`${c.tool} deploy updates the service stack; resources removed from serverless.yml are deleted.`, 'resources dropped from the configuration', `${c.tool} package, then review the CloudFormation template (or serverless plugin diff) before deploying`),
  },
  {
    id: 'iac.eksctl-delete', level: 'ask', summary: 'eksctl delete (deny for clusters)', commands: ['eksctl'],
    paths: [['delete']],
    describe: (c) => {
      const cluster = c.path[1] === 'cluster';
      return hit(
        cluster ? `eksctl delete cluster removes ${value(c, '--name', '-n') ?? c.path[2] ?? 'the cluster'}, its node groups and CloudFormation stacks.` : `eksctl delete ${c.path[1] ?? ''} removes part of the cluster.`.replace('  ', ' '),
        cluster ? 'the cluster, its workloads and (per reclaim policy) persistent volumes' : 'the nodes or add-on and what runs on them',
        'eksctl get … (review); back up with velero; a human deletes clusters',
        cluster ? 'deny' : undefined,
      );
    },
  },
  {
    id: 'iac.kops-delete', level: 'ask', summary: 'kops delete --yes (deny for clusters; without --yes it is a preview)', commands: ['kops'],
    paths: [['delete']],
    when: (c) => has(c, '--yes') || hasShort(c, 'y'),
    describe: (c) => {
      const cluster = c.path[1] === 'cluster';
      return hit(
        `kops delete ${c.path[1] ?? ''} --yes deletes ${cluster ? 'the whole cluster and its cloud resources' : 'the named objects'}.`.replace('  ', ' '),
        cluster ? 'the cluster, its volumes and cloud resources' : 'the instance group or secret',
        `kops delete ${c.path.slice(1).join(' ')} (without --yes: a preview), then a human confirms`,
        cluster ? 'deny' : undefined,
      );
    },
  },
  {
    id: 'iac.cdktf-destroy', level: 'deny', summary: 'cdktf destroy (CDK for Terraform)', commands: ['cdktf'],
    paths: [['destroy']],
    describe: (c) => hit(
      `cdktf destroy runs terraform destroy for ${c.path.slice(1).join(', ') || 'the stack'}${has(c, '--auto-approve') ? ' without a prompt (--auto-approve)' : ''}.`,
      'every resource in the stack state (databases and their backups included)',
      'cdktf synth, then terraform plan -destroy -out=destroy.tfplan in cdktf.out/stacks/STACK and twokey plan check destroy.tfplan',
    ),
  },
  {
    id: 'iac.cdktf-deploy', level: 'ask', summary: 'cdktf deploy/apply (deny with --auto-approve)', commands: ['cdktf'],
    paths: [['deploy|apply|watch']],
    describe: (c) => {
      const auto = has(c, '--auto-approve') || c.path[0] === 'watch';
      return hit(
        `cdktf ${c.path[0]} applies a fresh Terraform plan${auto ? ' without a prompt' : ''}; deletes and replacements included.`,
        'any resource the plan deletes or replaces',
        'cdktf diff (review), then terraform plan -out=tfplan in cdktf.out/stacks/STACK and twokey plan check tfplan',
        auto ? 'deny' : undefined,
      );
    },
  },
  {
    id: 'iac.app-platform-delete', level: 'deny', summary: 'amplify delete, copilot app/env delete, sst remove, eb terminate: a whole application backend', commands: ['amplify', 'copilot', 'sst', 'eb'],
    paths: [['delete'], ['app|env', 'delete'], ['remove'], ['terminate']],
    when: (c) => !(c.tool === 'amplify' && c.path[0] !== 'delete') && !(c.tool === 'copilot' && c.path[0] === 'remove') && !(c.tool === 'eb' && c.path[0] !== 'terminate') && !(c.tool === 'sst' && c.path[0] !== 'remove'),
    describe: (c) => hit(
      `${c.tool} ${c.path.slice(0, 2).join(' ')} deletes ${c.tool === 'eb' ? 'the Elastic Beanstalk environment (and an RDS database created with it)' : 'the application backend and every cloud resource it created'}${has(c, '--yes', '--force', '--all') || hasShort(c, 'y') ? ' without a prompt' : ''}.`,
      'the backend resources: databases, tables, buckets, user pools',
      `${c.tool} status / describe (review what exists); back up data stores; a human deletes the backend`,
    ),
  },
  {
    id: 'iac.app-platform-part-delete', level: 'ask', summary: 'copilot svc/job delete, amplify env remove', commands: ['amplify', 'copilot'],
    paths: [['svc|job|storage', 'delete'], ['env', 'remove']],
    when: (c) => !(c.tool === 'copilot' && c.path[0] === 'env'),
    describe: (c) => hit(`${c.tool} ${c.path.slice(0, 2).join(' ')} removes part of the application and its cloud resources.`, 'the service/environment resources and data they hold', `${c.tool} status first; a human runs it`),
  },
];

const valueFlagsFor: Record<string, ReadonlySet<string>> = {
  pulumi: PULUMI_VALUE_FLAGS, cdk: CDK_VALUE_FLAGS, sam: SAM_VALUE_FLAGS, serverless: SLS_VALUE_FLAGS, sls: SLS_VALUE_FLAGS,
  eksctl: EKSCTL_VALUE_FLAGS, kops: KOPS_VALUE_FLAGS,
  cdktf: new Set(['--app', '-a', '--output', '-o', '--var', '--var-file', '--parallelism']),
  amplify: new Set(['--envName', '--appId']), copilot: new Set(['-n', '--name', '-a', '--app', '-e', '--env']),
  sst: new Set(['--stage', '--config']), eb: new Set(['--profile', '--region', '-r']),
};

function build(specs: readonly PathSpec[]): CommandRule[] {
  return specs.flatMap((s) => pathRules([s], valueFlagsFor[s.commands[0]] ?? new Set()));
}

/** Ansible modules told to remove what they manage (`state=absent`), ad hoc or in a playbook. */
const ANSIBLE_PLAYBOOK = (cmd: SimpleCommand) => (cmd.name === 'ansible-playbook' ? ansiblePlaybookOperands(cmd.argv.slice(1)) : []);
const ansibleAbsent: CommandRule = {
  id: 'iac.ansible-absent',
  level: 'ask',
  summary: 'ansible / ansible-playbook with modules set to state=absent (deleting what they manage: instances, databases, buckets, files)',
  commands: ['ansible', 'ansible-playbook'],
  inputFiles: ANSIBLE_PLAYBOOK,
  match(cmd, ctx) {
    const a = cmd.argv.slice(1);
    if (a.some((w) => ANSIBLE_NO_RUN_OPTIONS.includes(w))) return null;
    if (cmd.name === 'ansible') {
      const args = a[a.findIndex((w) => w === '-a' || w === '--args') + 1] ?? '';
      const module = a[a.findIndex((w) => w === '-m' || w === '--module-name') + 1] ?? '';
      if (!/\bstate\s*=\s*absent\b/.test(args)) return null;
      return hit(`ansible -m ${module} with state=absent removes what the module manages on every matched host or account.`, 'the resources or files the module removes', 'run it with --check --diff first; a human runs it');
    }
    const extra = a.some((w) => /\bstate\s*=\s*absent\b/.test(w));
    const book = ANSIBLE_PLAYBOOK(cmd).find((p) => /^\s*(state:\s*['"]?absent|[^#\n]*\bstate=absent\b)/m.test(ctx.files.get(p) ?? ''));
    if (!book && !extra) return null;
    return hit(`ansible-playbook ${book ?? ''} has tasks with state: absent${extra ? ' (or sets it with -e)' : ''}: they delete what those modules manage.`, 'the resources, data or files those tasks remove', `ansible-playbook ${book ?? 'PLAY.yml'} --check --diff first; a human runs it`);
  },
};

const IAC_RULES: CommandRule[] = ([...build(PULUMI), ...build(OTHER), ansibleAbsent, dynamicOperationRule('iac.dynamic-operation', Object.keys(valueFlagsFor), (n) => valueFlagsFor[n] ?? new Set(), 2)]).map(launcherAware);

export const iacPack: RulePack = {
  id: 'iac',
  description: 'Pulumi, AWS CDK, CloudFormation (SAM, Serverless) and eksctl/kops',
  rules: IAC_RULES,
};
