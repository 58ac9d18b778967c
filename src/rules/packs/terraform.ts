import type { CommandRule, RuleContext, RuleHit, RulePack, SimpleCommand } from '../../core/types.js';
import { RESOURCE_FACTS } from '../../catalog/resources.data.js';
import { env, hit, recentCache, stdinAnswersYes, truthy, type Level, launcherAware } from './shared-cloud.js';

/**
 * Terraform, OpenTofu and Terragrunt. The incident command (`terraform destroy -auto-approve` against a
 * shared production state) and everything that leads to it: applies nobody reviewed, confirmation
 * skipped by flags, by TF_CLI_ARGS or by `yes |`, and state surgery. Planning, showing, listing and
 * validating stay free.
 */

const TF_PROGRAMS = ['terraform', 'tofu', 'terragrunt'] as const;

/** Terraform options that take their value as the next word (`-var-file x.tfvars`). */
const TF_VALUE_FLAGS = new Set([
  '-var', '-var-file', '-target', '-replace', '-exclude', '-out', '-state', '-state-out', '-backup',
  '-lock-timeout', '-parallelism', '-backend-config', '-from-module', '-plugin-dir', '-chdir', '-generate-config-out',
  '-config', '-provider', '-test-directory', '-filter', '-json-into',
]);

/** Terragrunt's own options that take a value, old (`--terragrunt-*`) and new names. */
const TG_VALUE_FLAGS = new Set([
  '--working-dir', '--config', '--queue-include-dir', '--queue-exclude-dir', '--log-level', '--log-format', '--tf-path',
  '--log-custom-format', '--provider-cache-hostname', '--provider-cache-port', '--provider-cache-token', '--report-file', '--report-format',
  '--strict-control', '--iam-assume-role-duration', '--iam-assume-role-web-identity-token', '--queue-excludes-file', '--auth-provider-cmd',
  '--terragrunt-iam-assume-role-duration', '--terragrunt-iam-web-identity-token',
  '--parallelism', '--source', '--source-map', '--download-dir', '--iam-assume-role', '--iam-assume-role-session-name',
  '--filter', '--out-dir', '--json-out-dir', '--feature', '--units-that-include', '--queue-include-units-reading',
  '--inputs-debug', '--provider-cache-dir', '--experiment',
  '--terragrunt-working-dir', '--terragrunt-config', '--terragrunt-include-dir', '--terragrunt-exclude-dir',
  '--terragrunt-log-level', '--terragrunt-tfpath', '--terragrunt-parallelism', '--terragrunt-source',
  '--terragrunt-source-map', '--terragrunt-download-dir', '--terragrunt-iam-role', '--terragrunt-modules-that-include',
]);

/** A Terraform-like invocation after global options, Terragrunt wrapping and TF_CLI_ARGS are resolved. */
export interface TfCall {
  program: string;
  /** Subcommand (`apply`, `destroy`, `state`, …); '' when none (e.g. `terraform -version`). */
  sub: string;
  /** Second-level subcommand for `state`, `workspace`, `providers`, `backend` (`rm`, `delete`, …). */
  sub2: string;
  /** Words after the subcommand as written, followed by words injected by TF_CLI_ARGS*. */
  args: string[];
  /** Positional words after the subcommand (option values skipped). */
  positionals: string[];
  /** Words that TF_CLI_ARGS / TF_CLI_ARGS_<sub> add, with the variable that added them. */
  injected: { variable: string; words: string[] }[];
  /** Terragrunt runs the command in every unit under the directory (`run --all`, `run-all`, `*-all`). */
  all: boolean;
  /** Terragrunt answers its own prompts (`--non-interactive`, TG_NON_INTERACTIVE, TERRAGRUNT_NON_INTERACTIVE). */
  nonInteractive: boolean;
  /** Asked for help or version only: nothing runs. */
  help: boolean;
}

function isOption(w: string): boolean {
  return w.startsWith('-') && w.length > 1;
}

/** Terraform reads `-x` and `--x` alike; normalise to one dash. */
function norm(w: string): string {
  return w.startsWith('--') ? w.slice(1) : w;
}

/** Go-style boolean flag: `-x`, `-x=true`, `-x=1`; `-x=false` is off. */
export function tfFlag(words: readonly string[], name: string): boolean {
  let on = false;
  for (const raw of words) {
    if (raw === '--') break;
    const w = norm(raw);
    if (w === name) on = true;
    else if (w.startsWith(`${name}=`)) on = !/^(false|0|f)$/i.test(w.slice(name.length + 1));
  }
  return on;
}

/** All values of a Terraform option (`-replace=a`, `-replace a`). */
export function tfValues(words: readonly string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = norm(words[i]);
    if (w === name && i + 1 < words.length) { out.push(words[i + 1]); i++; }
    else if (w.startsWith(`${name}=`)) out.push(w.slice(name.length + 1));
  }
  return out;
}

function tfPositionals(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') { out.push(...words.slice(i + 1)); break; }
    if (isOption(w)) {
      if (!w.includes('=') && TF_VALUE_FLAGS.has(norm(w))) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

/** Split a TF_CLI_ARGS value the way Terraform does (shell-like words). */
export function splitCliArgs(v: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(v)) !== null) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

const HELP_WORDS = new Set(['-help', '--help', '-h', '-version', '--version', '-v', 'version', 'help']);

/** Resolve a terraform/tofu/terragrunt SimpleCommand into a TfCall (null for other programs). */
/** Every terraform rule reads the same command in turn (with the same environment): parse it once. */
const tfCache = recentCache<{ call: TfCall | null }>(4);

export function parseTf(cmd: SimpleCommand, ctx: RuleContext): TfCall | null {
  const cached = tfCache.get(cmd, ctx.env);
  if (cached) return cached.call;
  return tfCache.set(cmd, ctx.env, { call: parseTfUncached(cmd, ctx) }).call;
}

function parseTfUncached(cmd: SimpleCommand, ctx: RuleContext): TfCall | null {
  const program = cmd.name;
  if (!(TF_PROGRAMS as readonly string[]).includes(program)) return null;
  const words = cmd.argv.slice(1);
  let all = false;
  let nonInteractive = false;
  let i = 0;
  let sub = '';
  if (program === 'terragrunt') {
    nonInteractive = words.some((w) => w === '--non-interactive' || w === '--terragrunt-non-interactive')
      || truthy(env(cmd, ctx, 'TG_NON_INTERACTIVE')) || truthy(env(cmd, ctx, 'TERRAGRUNT_NON_INTERACTIVE'));
    // Walk Terragrunt's own words until the Terraform command.
    for (; i < words.length; i++) {
      const w = words[i];
      if (w === '--') continue;
      if (isOption(w)) {
        if (w === '--all' || w === '--graph') all = true;
        if (!w.includes('=') && TG_VALUE_FLAGS.has(w)) i++;
        continue;
      }
      if (w === 'run' || w === 'stack' || w === 'exec') continue;
      if (w === 'run-all' || w === 'graph') { all = true; continue; }
      const legacyAll = /^(apply|destroy|plan|output|validate)-all$/.exec(w);
      if (legacyAll) { all = true; sub = legacyAll[1]; i++; break; }
      sub = w; i++; break;
    }
  } else {
    for (; i < words.length; i++) {
      const w = words[i];
      if (isOption(w)) {
        if (HELP_WORDS.has(w)) return emptyCall(program, true);
        continue; // -chdir=DIR and other global options
      }
      sub = w; i++; break;
    }
  }
  const own = words.slice(i);
  const ownPositionals = tfPositionals(own);
  const sub2 = ['state', 'workspace', 'providers', 'backend', 'stack'].includes(sub) ? (ownPositionals[0] ?? '') : '';
  const injected: { variable: string; words: string[] }[] = [];
  if (sub) {
    const names = ['TF_CLI_ARGS', `TF_CLI_ARGS_${sub}`];
    if (sub2) names.push(`TF_CLI_ARGS_${sub}_${sub2}`);
    for (const name of names) {
      const v = env(cmd, ctx, name);
      if (v && v.trim()) injected.push({ variable: name, words: splitCliArgs(v) });
    }
  }
  // Terraform inserts TF_CLI_ARGS* right after the subcommand, before the words typed, and the last
  // occurrence of a flag wins: `TF_CLI_ARGS_apply=-auto-approve=false terraform apply -auto-approve` approves
  const args = [...injected.flatMap((x) => x.words), ...own];
  // help flags count before `--` only: after it `-h` is an operand (`terraform apply -- -h` applies a plan file named -h)
  const dash = own.indexOf('--');
  const flagsPart = dash >= 0 ? own.slice(0, dash) : own;
  const help = sub === 'help' || sub === 'version' || flagsPart.some((w, k) => HELP_WORDS.has(w) && w !== 'version' && w !== 'help' && w !== '-v' && !TF_VALUE_FLAGS.has(norm(flagsPart[k - 1] ?? '')));
  return { program, sub, sub2, args, positionals: ownPositionals, injected, all, nonInteractive, help };
}

function emptyCall(program: string, help: boolean): TfCall {
  return { program, sub: '', sub2: '', args: [], positionals: [], injected: [], all: false, nonInteractive: false, help };
}

// ---------------------------------------------------------------------------
// Facts used in messages
// ---------------------------------------------------------------------------

/** Resource types whose replacement destroys data (from the project's resource catalog). */
const DATA_CLASSES = new Set(['database', 'backup_snapshot', 'object_storage', 'file_system', 'block_storage', 'key_material', 'secret', 'logs_audit', 'queue_stream']);
const DATA_BEARING_TYPES: ReadonlyMap<string, string> = new Map(
  RESOURCE_FACTS.filter((r) => DATA_CLASSES.has(r.dataClass) && (r.severity === 'catastrophic' || r.severity === 'high'))
    .map((r) => [r.type, r.dataClass.replace('_', ' ')] as [string, string]),
);
const DATA_TYPE_HINT = /(^|_)(db|database|rds|sql|dynamodb|bucket|disk|volume|snapshot|backup|redis|elasticache|cosmosdb|spanner|bigtable|firestore|file_system|filestore|efs|kms|key_vault|secret|storage_account|opensearch|elasticsearch|redshift|docdb|neptune|memorydb|kinesis)(_|$)/;

/** Resource type of a Terraform address (`module.a.aws_db_instance.main["x"]` -> `aws_db_instance`). */
export function addressType(addr: string): string {
  const parts = addr.replace(/\[[^\]]*\]/g, '').split('.');
  let k = 0;
  while (parts[k] === 'module' && k + 2 <= parts.length) k += 2;
  if (parts[k] === 'data') k++;
  return parts[k] ?? '';
}

export function dataClassOf(type: string): string | undefined {
  return DATA_BEARING_TYPES.get(type) ?? (DATA_TYPE_HINT.test(type) ? 'data store' : undefined);
}

function name(c: TfCall): string {
  return c.program === 'terragrunt' ? 'terragrunt' : c.program;
}

/** "in every unit under this directory" for terragrunt run --all. */
function scope(c: TfCall): string {
  return c.all ? ' in every Terragrunt unit under this directory' : '';
}

function injectedNote(c: TfCall, flag: string): string {
  const src = c.injected.find((x) => tfFlag(x.words, flag));
  return src ? ` (injected by ${src.variable})` : '';
}

function planFile(c: TfCall): string | undefined {
  return c.sub === 'apply' ? c.positionals[0] : undefined;
}

function destroySafer(c: TfCall): string {
  const p = name(c);
  if (p === 'terragrunt') {
    return `terragrunt ${c.all ? 'run --all -- ' : ''}plan -destroy -out=destroy.tfplan, then hand each plan to a human: twokey plan check destroy.tfplan; after approval: twokey run -- terragrunt apply destroy.tfplan`;
  }
  return `${p} plan -destroy -out=destroy.tfplan, then hand the plan to a human: twokey plan check destroy.tfplan; after approval: twokey run -- ${p} apply destroy.tfplan`;
}

function applySafer(c: TfCall): string {
  const p = name(c);
  return `${p} plan -out=tfplan, then twokey plan check tfplan; after approval: twokey run -- ${p} apply tfplan`;
}

function confirmationSkipped(c: TfCall, cmd: SimpleCommand): string | null {
  if (tfFlag(c.args, '-auto-approve')) return `-auto-approve${injectedNote(c, '-auto-approve')}`;
  if (c.program === 'terragrunt' && c.nonInteractive) return 'Terragrunt non-interactive mode';
  if (stdinAnswersYes(cmd)) return 'a piped "yes"';
  return null;
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

interface TfRuleSpec {
  id: string;
  level: Level;
  summary: string;
  match(c: TfCall, cmd: SimpleCommand, ctx: RuleContext): RuleHit | null;
}

function tfRule(spec: TfRuleSpec): CommandRule {
  return {
    id: spec.id,
    level: spec.level,
    summary: spec.summary,
    commands: TF_PROGRAMS,
    match(cmd, ctx) {
      const c = parseTf(cmd, ctx);
      if (!c || c.help || !c.sub) return null;
      return spec.match(c, cmd, ctx);
    },
  };
}

const STATE_LOSS = 'every resource in the active state (whatever state file, backend and workspace are selected), including databases and their automated backups';

const destroy = tfRule({
  id: 'terraform.destroy',
  level: 'deny',
  summary: 'terraform/tofu/terragrunt destroy (and run --all destroy, destroy-all)',
  match(c, cmd) {
    if (c.sub !== 'destroy') return null;
    const skipped = confirmationSkipped(c, cmd);
    const targets = tfValues(c.args, '-target');
    return hit(
      `${name(c)} destroy deletes every resource the current state describes${scope(c)}${skipped ? `, without a prompt (${skipped})` : ''}${targets.length ? ` (narrowed by -target ${targets.join(', ')}, still a destroy)` : ''}.`,
      targets.length ? `the targeted resources (${targets.join(', ')}) and everything that depends on them` : STATE_LOSS,
      destroySafer(c),
    );
  },
});

const applyDestroy = tfRule({
  id: 'terraform.apply-destroy',
  level: 'deny',
  summary: 'apply -destroy (the same as destroy)',
  match(c) {
    if (c.sub !== 'apply' || !tfFlag(c.args, '-destroy') || planFile(c)) return null;
    return hit(
      `${name(c)} apply -destroy${injectedNote(c, '-destroy')} is a destroy of everything in the current state${scope(c)}.`,
      STATE_LOSS,
      destroySafer(c),
    );
  },
});

const autoApprove = tfRule({
  id: 'terraform.auto-approve',
  level: 'deny',
  summary: 'apply/destroy with -auto-approve or Terragrunt non-interactive mode: nobody sees the plan',
  match(c) {
    if (c.sub !== 'apply' && c.sub !== 'destroy') return null;
    if (c.sub === 'apply' && planFile(c)) return null; // a saved plan never prompts: apply-planfile decides
    const aa = tfFlag(c.args, '-auto-approve');
    const ni = c.program === 'terragrunt' && c.nonInteractive;
    if (!aa && !ni) return null;
    const how = aa ? `-auto-approve${injectedNote(c, '-auto-approve')}` : 'Terragrunt non-interactive mode (--non-interactive / TG_NON_INTERACTIVE)';
    // apply -refresh-only changes no infrastructure: it rewrites the state to match what exists (resources
    // deleted outside Terraform drop out of it), so it asks rather than denies
    if (c.sub === 'apply' && tfFlag(c.args, '-refresh-only') && !tfFlag(c.args, '-destroy')) {
      return hit(`${name(c)} apply -refresh-only with ${how} rewrites the state to match the real infrastructure${scope(c)} without showing the changes: resources missing upstream drop out of the state.`, 'state entries of resources that no longer exist upstream (infrastructure is not changed)', `${name(c)} plan -refresh-only first, and apply it with a human`, 'ask');
    }
    return hit(
      `${name(c)} ${c.sub} with ${how} executes whatever the fresh plan contains${scope(c)}, deletes and replacements included, with no human looking at it.`,
      'any resource the plan deletes or replaces, decided by whatever state is active right now',
      c.sub === 'destroy' ? destroySafer(c) : applySafer(c),
    );
  },
});

const cliArgsEnv = tfRule({
  id: 'terraform.cli-args-env',
  level: 'deny',
  summary: 'TF_CLI_ARGS / TF_CLI_ARGS_apply / TF_CLI_ARGS_destroy injecting -auto-approve or -destroy',
  match(c) {
    if (c.sub !== 'apply' && c.sub !== 'destroy') return null;
    for (const inj of c.injected) {
      const bad = ['-auto-approve', '-destroy'].filter((f) => tfFlag(inj.words, f));
      if (bad.length) {
        return hit(
          `${inj.variable} silently adds ${bad.join(' and ')} to this ${name(c)} ${c.sub}: the command line looks reviewed but is not.`,
          c.sub === 'destroy' || bad.includes('-destroy') ? STATE_LOSS : 'any resource the plan deletes or replaces',
          `unset ${inj.variable}; then ${bad.includes('-destroy') || c.sub === 'destroy' ? destroySafer(c) : applySafer(c)}`,
        );
      }
    }
    return null;
  },
});

const pipedYes = tfRule({
  id: 'terraform.piped-confirmation',
  level: 'deny',
  summary: '`yes |`, `echo yes |` or a here-string answering the apply/destroy prompt',
  match(c, cmd) {
    if (!stdinAnswersYes(cmd)) return null;
    const prompting = ['apply', 'destroy', 'import', 'force-unlock'].includes(c.sub)
      || (c.sub === 'state' && ['rm', 'mv', 'push', 'replace-provider'].includes(c.sub2))
      || (c.sub === 'workspace' && c.sub2 === 'delete')
      || (c.sub === 'init' && (tfFlag(c.args, '-migrate-state') || tfFlag(c.args, '-reconfigure')));
    if (!prompting) return null;
    return hit(
      `Standard input answers ${name(c)} ${[c.sub, c.sub2].filter(Boolean).join(' ')}'s confirmation prompt automatically: the one question meant for a human is answered by a pipe.`,
      c.sub === 'destroy' || tfFlag(c.args, '-destroy') ? STATE_LOSS : 'whatever the command changes, unseen',
      c.sub === 'destroy' || tfFlag(c.args, '-destroy') ? destroySafer(c) : applySafer(c),
    );
  },
});

const replace = tfRule({
  id: 'terraform.replace',
  level: 'ask',
  summary: 'apply -replace=ADDR (deny for databases, buckets, disks and other data-bearing types)',
  match(c) {
    if (c.sub !== 'apply' || planFile(c)) return null;
    const addrs = tfValues(c.args, '-replace');
    if (!addrs.length) return null;
    const dataAddrs = addrs.filter((a) => dataClassOf(addressType(a)) !== undefined);
    const level: Level | undefined = dataAddrs.length ? 'deny' : undefined;
    return hit(
      dataAddrs.length
        ? `-replace forces delete-then-create of ${dataAddrs.join(', ')} (${dataAddrs.map((a) => dataClassOf(addressType(a))).join(', ')}): the new object starts empty.`
        : `-replace forces delete-then-create of ${addrs.join(', ')}.`,
      dataAddrs.length ? `the data held by ${dataAddrs.join(', ')}` : `the current ${addrs.join(', ')} objects (IDs, attached state)`,
      `${name(c)} plan ${addrs.map((a) => `-replace=${a}`).join(' ')} -out=tfplan, then twokey plan check tfplan`,
      level,
    );
  },
});

const applyUnplanned = tfRule({
  id: 'terraform.apply-unplanned',
  level: 'ask',
  summary: 'apply without a saved, reviewed plan file',
  match(c) {
    if (c.sub !== 'apply' || planFile(c)) return null;
    return hit(
      `${name(c)} apply computes a new plan and executes it${scope(c)}; nobody has reviewed what it deletes or replaces.`,
      'any resource the new plan deletes or replaces (an empty or swapped state makes it recreate or destroy everything)',
      applySafer(c),
    );
  },
});

const applyPlanFile = tfRule({
  id: 'terraform.apply-planfile',
  level: 'ask',
  summary: 'apply of a saved plan file that twokey has not checked (saved plans never prompt)',
  match(c) {
    const pf = planFile(c);
    if (!pf) return null;
    return hit(
      `${name(c)} apply ${pf} runs the saved plan without any prompt; a plan made with -destroy is applied silently.`,
      `whatever ${pf} deletes or replaces`,
      `twokey plan check ${pf}; after approval: twokey run -- ${name(c)} apply ${pf}`,
    );
  },
});

function stateRule(id: string, sub2: string, summary: string, describe: (c: TfCall) => RuleHit | null): CommandRule {
  return tfRule({
    id, level: 'ask', summary,
    match(c) {
      if (c.sub !== 'state' || c.sub2 !== sub2) return null;
      return describe(c);
    },
  });
}

const stateRm = stateRule('terraform.state-rm', 'rm', 'state rm: forget resources (the next apply may create duplicates or lose track of data)', (c) => {
  if (tfFlag(c.args, '-dry-run')) return null;
  const addrs = c.positionals.slice(1);
  return hit(
    `${name(c)} state rm makes Terraform forget ${addrs.length ? addrs.join(', ') : 'resources'}; a module address forgets everything inside it, and the next plan believes they do not exist.`,
    'the link between the state and real objects (recoverable only by import or a state backup)',
    `${name(c)} state rm -dry-run ${addrs.join(' ')}, then a reviewed \`removed { lifecycle { destroy = false } }\` block, applied through twokey run`.replace(/\s+,/, ','),
  );
});

const stateMv = stateRule('terraform.state-mv', 'mv', 'state mv: re-address resources in state', (c) => {
  if (tfFlag(c.args, '-dry-run')) return null;
  return hit(
    `${name(c)} state mv rewrites resource addresses in the state; a wrong move shows up as destroy+create in the next plan.`,
    'correct addressing of existing resources (mistakes turn into deletes on the next apply)',
    `${name(c)} state mv -dry-run …, or a reviewed \`moved {}\` block planned with ${name(c)} plan -out=tfplan and twokey plan check tfplan`,
  );
});

const statePush = stateRule('terraform.state-push', 'push', 'state push: overwrite the backend state (deny with -force)', (c) => {
  const force = tfFlag(c.args, '-force');
  return hit(
    force
      ? `${name(c)} state push -force replaces the backend state without the lineage and serial checks: an old or foreign state becomes the truth, and the next plan destroys or recreates the wrong resources.`
      : `${name(c)} state push overwrites the backend state with a local file.`,
    'the current remote state (recoverable only from backend versioning or a state backup)',
    `${name(c)} state pull > current.tfstate (a backup), then let a human run the push after comparing lineage and serial`,
    force ? 'deny' : undefined,
  );
});

const stateReplaceProvider = stateRule('terraform.state-replace-provider', 'replace-provider', 'state replace-provider: rewrite provider addresses in state', (c) => hit(
  `${name(c)} state replace-provider rewrites which provider owns resources in the state.`,
  'correct provider mapping of existing resources',
  `${name(c)} state pull > backup.tfstate first, and run it with a human watching`,
));

const forceUnlock = tfRule({
  id: 'terraform.force-unlock',
  level: 'ask',
  summary: 'force-unlock: remove another run\'s state lock',
  match(c) {
    if (c.sub !== 'force-unlock') return null;
    return hit(
      `${name(c)} force-unlock removes a state lock another run may still hold; two writers can corrupt the state.`,
      'state consistency (concurrent writes)',
      'find and stop the run that holds the lock; let a human unlock it',
    );
  },
});

const workspaceDelete = tfRule({
  id: 'terraform.workspace-delete',
  level: 'ask',
  summary: 'workspace delete (deny with -force: the state is deleted while resources keep running)',
  match(c) {
    if (c.sub !== 'workspace' || c.sub2 !== 'delete') return null;
    const force = tfFlag(c.args, '-force');
    const ws = c.positionals[1] ?? 'the workspace';
    return hit(
      force
        ? `${name(c)} workspace delete -force deletes the state of ${ws} even though it still tracks resources; they keep running, unmanaged.`
        : `${name(c)} workspace delete removes ${ws} and its state.`,
      `the state of workspace ${ws} (unrecoverable without backend versioning)`,
      `${name(c)} workspace select ${ws} && ${name(c)} state list (see what it still tracks), then let a human delete it`,
      force ? 'deny' : undefined,
    );
  },
});

const initMigrate = tfRule({
  id: 'terraform.init-migrate',
  level: 'ask',
  summary: 'init -migrate-state / -force-copy: copy state between backends (deny with -force-copy)',
  match(c) {
    if (c.sub !== 'init') return null;
    const forceCopy = tfFlag(c.args, '-force-copy');
    const migrate = tfFlag(c.args, '-migrate-state');
    // Plain -reconfigure (no migration) is routine in CI and changes nothing by itself: the plan gate and
    // state ledger catch an empty or foreign state at apply time.
    if (!forceCopy && !migrate) return null;
    if (forceCopy) {
      return hit(
        `${name(c)} init -force-copy copies state into the new backend without asking, overwriting any state already there.`,
        'the state stored in the destination backend',
        `${name(c)} init -migrate-state (answer the prompts yourself) after backing up both states with ${name(c)} state pull`,
        'deny',
      );
    }
    return hit(
      `${name(c)} init -migrate-state copies state between backends; answering wrong overwrites one of them.`,
      'the link to the current state (the next plan may propose creating or destroying everything)',
      `${name(c)} state pull > backup.tfstate first; then run it with a human answering the prompts`,
    );
  },
});

const importRule = tfRule({
  id: 'terraform.import',
  level: 'ask',
  summary: 'import: adopt an existing (possibly production) object into this state',
  match(c) {
    if (c.sub !== 'import') return null;
    const [addr, id] = c.positionals;
    return hit(
      `${name(c)} import adopts ${id ?? 'an existing object'} as ${addr ?? 'a resource'}; a later destroy of this configuration deletes it.`,
      'nothing now; the adopted object becomes destroyable by this configuration',
      'an `import {}` block planned with plan -out and checked with twokey plan check',
    );
  },
});

const taint = tfRule({
  id: 'terraform.taint',
  level: 'ask',
  summary: 'taint/untaint: mark a resource for (or spare it from) replacement',
  match(c) {
    if (c.sub !== 'taint' && c.sub !== 'untaint') return null;
    const addr = c.positionals[0] ?? 'a resource';
    const dc = dataClassOf(addressType(addr));
    return hit(
      c.sub === 'taint'
        ? `${name(c)} taint marks ${addr} to be destroyed and recreated on the next apply${dc ? ` (a ${dc}: the new one starts empty)` : ''}.`
        : `${name(c)} untaint edits the state so ${addr} is no longer replaced.`,
      c.sub === 'taint' ? `${addr}${dc ? ' and its data' : ''} on the next apply` : 'a replacement someone asked for',
      `${name(c)} plan -replace=${addr} -out=tfplan, then twokey plan check tfplan`,
    );
  },
});

const lockDisabled = tfRule({
  id: 'terraform.lock-disabled',
  level: 'ask',
  summary: '-lock=false on a command that writes state',
  match(c) {
    const writes = ['apply', 'destroy', 'import', 'taint', 'untaint', 'refresh'].includes(c.sub) || (c.sub === 'state' && ['rm', 'mv', 'push', 'replace-provider'].includes(c.sub2));
    if (!writes) return null;
    if (!c.args.some((w) => /^--?lock=(false|0|f)$/i.test(w))) return null;
    return hit(
      `-lock=false lets this ${name(c)} ${c.sub} write the state while another run may be writing it too.`,
      'state consistency (a corrupted or half-written state)',
      `run it without -lock=false; if the lock is stale, find its owner first`,
    );
  },
});

const dynamicSub: CommandRule = {
  id: 'terraform.dynamic-subcommand',
  level: 'ask',
  summary: 'terraform/tofu/terragrunt whose subcommand is only known at run time ($ACTION, $(…))',
  commands: TF_PROGRAMS,
  match(cmd, ctx) {
    const c = parseTf(cmd, ctx);
    if (!c || !c.sub) return null;
    const at = cmd.argv.indexOf(c.sub, 1);
    const second = c.sub2 ? cmd.argv.indexOf(c.sub2, at + 1) : -1;
    if (!(at > 0 && cmd.dynamic[at]) && !(second > 0 && cmd.dynamic[second])) return null;
    const auto = tfFlag(c.args, '-auto-approve');
    return hit(
      `${name(c)} ${c.sub}${c.sub2 ? ` ${c.sub2}` : ''}: the subcommand is only known when the command runs, so it may be destroy or apply${auto ? ', and -auto-approve would skip the prompt' : ''}.`,
      'unknown: possibly everything in the active state',
      `write the subcommand out (${name(c)} plan, ${name(c)} plan -destroy -out=destroy.tfplan), or have a human run it`,
      auto ? 'deny' : undefined,
    );
  },
};

const tgBackendDelete = tfRule({
  id: 'terraform.terragrunt-backend-delete',
  level: 'deny',
  summary: 'terragrunt backend delete: delete the remote state storage',
  match(c) {
    if (c.program !== 'terragrunt' || c.sub !== 'backend') return null;
    if (c.sub2 === 'delete') {
      return hit(
        'terragrunt backend delete deletes the remote state of the unit(s); the resources keep running with nothing tracking them.',
        'the Terraform state in the backend (bucket objects / lock table entries)',
        'terragrunt run -- state pull > backup.tfstate, then let a human delete it',
      );
    }
    if (c.sub2 === 'migrate') {
      return hit('terragrunt backend migrate moves state between backends.', 'the destination state if it already exists', 'back up both states first; run it with a human watching', 'ask');
    }
    return null;
  },
});

/** A path Terraform would write that is a live state file (`terraform.tfstate`, `*.tfstate`, not a temp copy). */
function liveStatePath(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '-' && /(^|\/)[^/]*\.tfstate$/.test(value) && !/^\/(tmp|var\/tmp)\//.test(value);
}

const statePathOverwrite = tfRule({
  id: 'terraform.state-path-overwrite',
  level: 'deny',
  summary: 'a plan file (-out), state output (-state-out) or backup (-backup) written over a live state file, or -state-out that makes another state the live one',
  match(c) {
    const out = tfValues(c.args, '-out').pop();
    if (liveStatePath(out)) {
      return hit(`${name(c)} ${c.sub} -out=${out} writes a plan file (a zip archive) over the state file ${out}: the state is gone and the next run recreates everything.`, 'the Terraform state: the record of every resource', `${name(c)} ${c.sub} -out=plan.tfplan (any name that is not a state)`);
    }
    const backup = tfValues(c.args, '-backup').pop();
    if (liveStatePath(backup)) {
      return hit(`${name(c)} ${c.sub} -backup=${backup} writes the previous state over ${backup}.`, `the state in ${backup}`, 'leave -backup at its default, or give a new file name');
    }
    const stateOut = tfValues(c.args, '-state-out').pop();
    const stateIn = tfValues(c.args, '-state').pop();
    if (liveStatePath(stateOut) && stateIn !== undefined && stateIn !== stateOut) {
      return hit(`${name(c)} ${c.sub} -state=${stateIn} -state-out=${stateOut} writes ${stateIn}'s content (another lineage, or an old serial) over ${stateOut}: the incident's swap, done by Terraform.`, `the state in ${stateOut}`, 'work on a copy: -state-out=a new file, then compare lineage and serial (twokey state check) before anything replaces the live state');
    }
    return null;
  },
});

const refresh = tfRule({
  id: 'terraform.refresh',
  level: 'ask',
  summary: 'terraform refresh: apply -refresh-only -auto-approve under an old name (resources the credentials or region cannot see drop out of the state)',
  match(c) {
    if (c.sub !== 'refresh') return null;
    return hit(`${name(c)} refresh rewrites the state to match what the current credentials see${scope(c)}, with no review: resources in another region or account, or hidden by a wrong variable, drop out of the state (HashiCorp deprecated it for this reason).`, 'state entries of resources that are not visible to this run', `${name(c)} plan -refresh-only, reviewed, then ${name(c)} apply -refresh-only`);
  },
});

/** Variables that make later runs skip a review or pick another state, when exported for the rest of the session. */
const POISON_VARS = /^(TF_CLI_ARGS(_[a-z_]+)?|TF_WORKSPACE|TF_DATA_DIR|TG_NON_INTERACTIVE|TERRAGRUNT_NON_INTERACTIVE|TG_TF_PATH|TERRAGRUNT_TFPATH|PULUMI_SKIP_CONFIRMATIONS)$/;

const exportedEnv: CommandRule = {
  id: 'terraform.exported-env',
  level: 'ask',
  summary: 'export of TF_CLI_ARGS*, TF_WORKSPACE, TF_DATA_DIR, TG_NON_INTERACTIVE or PULUMI_SKIP_CONFIRMATIONS: every later command in the session inherits it',
  commands: ['export', 'declare', 'typeset', 'readonly', 'local'],
  match(cmd) {
    if (cmd.name !== 'export' && !cmd.argv.some((w) => /^-[a-zA-Z]*x/.test(w))) return null;
    const set = cmd.argv.slice(1).map((w) => /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(w)).find((m) => m && POISON_VARS.test(m[1]) && m[2] !== '');
    if (!set) return null;
    return hit(`export ${set[1]}=${set[2]} stays in the shell: every later terraform, terragrunt or pulumi command of the session inherits it, out of sight of the command line that is reviewed.`, 'whatever those later commands then do without the review the variable removes', `put ${set[1]}=… in front of the single command that needs it, where it can be seen`);
  },
};

export const terraformPack: RulePack = {
  id: 'terraform',
  description: 'Terraform, OpenTofu and Terragrunt',
  rules: ([
    destroy,
    applyDestroy,
    cliArgsEnv,
    pipedYes,
    autoApprove,
    replace,
    applyUnplanned,
    applyPlanFile,
    stateRm,
    stateMv,
    statePush,
    stateReplaceProvider,
    forceUnlock,
    workspaceDelete,
    initMigrate,
    importRule,
    taint,
    lockDisabled,
    tgBackendDelete,
    statePathOverwrite,
    refresh,
    exportedEnv,
    dynamicSub,
  ]).map(launcherAware),
};
