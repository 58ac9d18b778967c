import type { CommandRule, RulePack } from '../../core/types.js';
import { boolFlag, dynamicOperationRule, has, hit, isHelpRequest, parseCli, value, pathRules, pathSpecMatches, type CliCall, type PathSpec, launcherAware } from './shared-cloud.js';

/**
 * Azure CLI: `az GROUP [SUBGROUP…] VERB [--options]`. Lists, shows and what-if are allowed. Deleting
 * resource groups, databases, storage, disks, VMs, clusters, registries and purging Key Vault objects is
 * denied (`--yes` only removes the last prompt); other deletes, lock and protection removal ask.
 */

const AZ_VALUE_FLAGS = new Set([
  '--output', '-o', '--query', '--subscription', '--resource-group', '-g', '--name', '-n', '--location', '-l',
  '--vault-name', '--account-name', '--container-name', '-c', '--server', '-s', '--workspace-name', '--cluster-name',
  '--registry', '--image', '--repository', '--mode', '--template-file', '--parameters', '-p', '--source', '-d',
  '--destination', '--pattern', '--resource-type', '--namespace', '--parent', '--lock-name', '--item-name',
  '--container', '--delete-backup-data', '--backup-management-type', '--force', '--account-key', '--auth-mode',
]);

function azCall(cmd: Parameters<CommandRule['match']>[0]): CliCall {
  return parseCli(cmd, AZ_VALUE_FLAGS);
}

/** An az rule over its command path: a PathSpec without the parts every az rule shares. */
type AzSpec = Omit<PathSpec, 'commands' | 'maxStart'>;

const nm = (c: CliCall) => value(c, '--name', '-n') ?? value(c, '--ids') ?? 'the resource';
const rg = (c: CliCall) => {
  const g = value(c, '--resource-group', '-g');
  return g ? ` in resource group ${g}` : '';
};
const sub = (c: CliCall) => {
  const s = value(c, '--subscription');
  return s ? ` (subscription ${s})` : '';
};
const noPrompt = (c: CliCall) => (has(c, '--yes', '-y') ? ' without a prompt (--yes)' : '');
const cmdText = (c: CliCall, n = 4) => ['az', ...c.path.slice(0, n)].join(' ');

/** Sub-resources under database groups whose deletion removes configuration, not data. */
const DB_CONFIG_NOUNS = /^(firewall-rule|vnet-rule|ad-admin|ad-only-auth|audit-policy|threat-policy|key|identity|parameter|configuration|private-endpoint-connection|sql-role-assignment|sql-role-definition|role|network-rule|tde-key|server-configuration|failover-group|replica|connection-policy|advanced-threat-protection-setting|ledger-digest-uploads|service-principal|microsoft-support)$/;
const DB_GROUPS = /^(sql|postgres|mysql|mariadb|cosmosdb|redis|redisenterprise|synapse|kusto|managed-cassandra|sql-vm)$/;

const AZ_SPECS: AzSpec[] = [
  {
    id: 'azure.group-delete', level: 'deny', summary: 'az group delete (every resource in the group)',
    paths: [['group', 'delete']],
    describe: (c) => hit(
      `az group delete removes resource group ${nm(c)}${sub(c)} and EVERY resource in it${noPrompt(c)}${has(c, '--no-wait') ? ', with no chance to cancel (--no-wait)' : ''}${has(c, '--force-deletion-types', '-f') ? ', force-deleting VMs/scale sets' : ''}.`,
      `every resource in ${nm(c)}: databases, storage accounts, disks, vaults, whether managed by IaC or not`,
      `az resource list -g ${nm(c)} -o table (see what would go); az lock create --lock-type CanNotDelete -g ${nm(c)} -n keep; a human deletes resource groups`,
    ),
  },
  {
    id: 'azure.deployment-complete', level: 'deny', summary: 'az deployment group create --mode Complete (deletes resources not in the template)',
    paths: [['deployment', 'group', 'create'], ['group', 'deployment', 'create']],
    when: (c) => (value(c, '--mode') ?? '').toLowerCase() === 'complete',
    describe: (c) => hit(
      `Complete mode deletes every resource${rg(c)} that the template does not mention.`,
      'resources in the group missing from the template (often databases and storage created elsewhere)',
      `az deployment group what-if ${c.words.filter((w, i, a) => !(w === '--mode' || a[i - 1] === '--mode' || /^--mode=/.test(w))).slice(3).join(' ')} (review), or Incremental mode / deployment stacks`,
    ),
  },
  {
    id: 'azure.storage-delete', level: 'deny', summary: 'az storage account/container/share/fs delete and blob delete-batch',
    paths: [['storage', 'account|container|share|fs|container-rm|share-rm|queue|table', 'delete'], ['storage', 'blob|file', 'delete-batch']],
    // delete-batch --dryrun only lists what it would delete
    when: (c) => !c.words.includes('--dryrun'),
    describe: (c) => {
      const what = c.path[c.path.indexOf('storage') + 1];
      const acct = value(c, '--account-name') ?? (what === 'account' ? nm(c) : undefined);
      return hit(
        `${cmdText(c)} deletes ${what === 'account' ? `storage account ${nm(c)} and every container, share, queue and table in it` : `${what === 'blob' || what === 'file' ? `${what}s matching ${value(c, '--pattern') ?? '*'} in` : what} ${value(c, '--source', '-s', '--name', '-n') ?? ''}`.trim()}${acct && what !== 'account' ? ` (account ${acct})` : ''}${noPrompt(c)}.`,
        what === 'account' ? 'all data in the account (an account delete is not covered by blob soft delete)' : 'the data in it (recoverable only if soft delete is on)',
        `az storage ${what === 'account' ? 'account show' : `${what === 'blob' || what === 'file' ? what : what} list`} … (review); enable soft delete; a human deletes storage`,
      );
    },
  },
  {
    id: 'azure.storage-remove', level: 'ask', summary: 'az storage remove (deny with --recursive)',
    paths: [['storage', 'remove']],
    describe: (c) => {
      const rec = has(c, '--recursive', '-r');
      return hit(
        `az storage remove deletes ${value(c, '--name', '-n', '--path') ?? 'blobs/files'} from ${value(c, '--container-name', '-c', '--share-name', '-s') ?? 'the container'}${rec ? ', recursively' : ''}.`,
        rec ? 'everything under the path (recoverable only if soft delete is on)' : 'the object (recoverable only if soft delete is on)',
        'az storage blob list … (review); enable soft delete; a human removes',
        rec ? 'deny' : undefined,
      );
    },
  },
  {
    id: 'azure.storage-object-delete', level: 'ask', summary: 'az storage blob/file/directory delete (single objects)',
    paths: [['storage', 'blob|file|directory', 'delete'], ['storage', 'fs', 'directory|file', 'delete'], ['storage', 'entity|message', 'delete|clear']],
    describe: (c) => hit(
      `${cmdText(c, 4)} deletes ${value(c, '--name', '-n', '--path') ?? 'an object'}${has(c, '--delete-snapshots') ? ' with its snapshots' : ''}.`,
      'the object (recoverable only if soft delete is on)',
      'download it first (az storage blob download), then let a human delete it',
    ),
  },
  {
    id: 'azure.storage-protection', level: 'ask', summary: 'turning off blob/container soft delete or versioning',
    paths: [['storage', 'account', 'blob-service-properties', 'update'], ['storage', 'blob', 'service-properties', 'delete-policy', 'update'], ['storage', 'account', 'file-service-properties', 'update']],
    when: (c) => c.words.some((w, i, a) => /^--(enable-delete-retention|enable-container-delete-retention|enable-versioning|enable-change-feed|enable|enable-restore-policy)$/.test(w) && /^false$/i.test(a[i + 1] ?? '')) || c.words.some((w) => /^--(enable-delete-retention|enable-container-delete-retention|enable-versioning|enable)=false$/i.test(w)),
    describe: () => hit('This turns off soft delete or versioning: later deletes become permanent.', 'the ability to undo deletes of blobs and containers', 'keep soft delete and versioning on; a human changes them'),
  },
  {
    id: 'azure.database-delete', level: 'deny', summary: 'az sql/postgres/mysql/cosmosdb/redis … delete (servers, databases, containers, backups)',
    paths: [['*', 'delete'], ['*', '*', 'delete'], ['*', '*', '*', 'delete'], ['*', '*', '*', '*', 'delete']],
    when: (c) => DB_GROUPS.test(c.path[0] ?? '') && !c.path.slice(1, c.path.indexOf('delete')).some((w) => DB_CONFIG_NOUNS.test(w)),
    describe: (c) => {
      const verb = c.path.indexOf('delete');
      const h = hit(
        `${['az', ...c.path.slice(0, verb + 1)].join(' ')} deletes ${nm(c)}${rg(c)}${noPrompt(c)}${c.path.includes('server') || c.path.includes('flexible-server') ? '; deleting a server deletes all its databases' : ''}.`,
        `all data in ${nm(c)} (point-in-time restore of a deleted database is limited and not always available)`,
        'export or back it up first (az sql db export / az postgres flexible-server backup / cosmosdb continuous backup); a human deletes databases',
      );
      const name = value(c, '--name', '-n');
      return name ? { ...h, database: name } : h;
    },
  },
  {
    id: 'azure.keyvault-purge', level: 'deny', summary: 'az keyvault purge / key|secret|certificate purge (permanent)',
    paths: [['keyvault', 'purge'], ['keyvault', 'key|secret|certificate', 'purge']],
    describe: (c) => hit(
      `${cmdText(c, 3)} permanently erases ${nm(c)} from Key Vault's soft-delete bin.`,
      'the vault or key/secret/certificate for good; data encrypted with a purged key is unreadable',
      `az keyvault recover --name ${nm(c)} (or key/secret recover) instead; a human purges`,
    ),
  },
  {
    id: 'azure.keyvault-delete', level: 'ask', summary: 'az keyvault delete / key|secret|certificate delete (soft delete)',
    paths: [['keyvault', 'delete'], ['keyvault', 'key|secret|certificate', 'delete']],
    describe: (c) => hit(
      `${cmdText(c, 3)} soft-deletes ${nm(c)}; anything using it fails until it is recovered.`,
      'access to the vault or key/secret (recoverable during the retention period unless purged)',
      `az keyvault ${c.path[1] === 'delete' ? '' : `${c.path[1]} `}backup … first; a human deletes`.replace('  ', ' '),
    ),
  },
  {
    id: 'azure.lock-delete', level: 'ask', summary: 'az lock delete / resource lock delete (removes a CanNotDelete guardrail)',
    paths: [['lock', 'delete'], ['group|resource|account', 'lock', 'delete']],
    describe: (c) => hit(
      `${cmdText(c, 3)} removes lock ${value(c, '--name', '-n', '--lock-name') ?? ''}: the guard that stops deletions.`.replace(' :', ':'),
      'the protection against deleting the locked resources (the usual first step of a deletion)',
      'leave the lock; a human removes it if the resource really must go',
    ),
  },
  {
    id: 'azure.backup-delete', level: 'deny', summary: 'az backup vault delete, protection disable --delete-backup-data true, dataprotection deletes',
    paths: [['backup', 'vault', 'delete'], ['backup', 'protection', 'disable'], ['dataprotection', 'backup-vault|backup-instance', 'delete'], ['backup', 'recoverypoint', 'delete']],
    when: (c) => !(c.path.includes('disable')) || (value(c, '--delete-backup-data') ?? '').toLowerCase() === 'true',
    describe: (c) => hit(
      c.path.includes('disable') ? 'az backup protection disable --delete-backup-data true stops backups AND deletes the existing backup data.' : `${cmdText(c, 3)} deletes backups or the vault holding them${has(c, '--force') ? ' (--force deletes the backup items too)' : ''}.`,
      'the backups (soft-deleted for 14 days only where soft delete is on)',
      'az backup protection disable --delete-backup-data false (keeps existing backups); a human deletes backup data',
    ),
  },
  {
    id: 'azure.backup-weaken', level: 'ask', summary: 'az backup protection disable (keeping data) / soft delete off / policy delete',
    paths: [['backup', 'protection', 'disable'], ['backup', 'policy', 'delete'], ['backup', 'vault', 'backup-properties', 'set']],
    when: (c) => (c.path.includes('disable') && (value(c, '--delete-backup-data') ?? 'false').toLowerCase() !== 'true') || c.path.includes('policy') || /disable/i.test(value(c, '--soft-delete-feature-state') ?? '') || c.path.includes('delete'),
    describe: (c) => hit(`${cmdText(c, 4)} stops future backups or weakens their protection.`, 'future restore points (and soft delete protection)', 'keep protection on; a human changes backup settings'),
  },
  {
    id: 'azure.compute-delete', level: 'deny', summary: 'az vm/vmss/disk/snapshot/aks delete',
    paths: [['vm|vmss|disk|snapshot|aks|image|sig|restore-point', 'delete'], ['sig', 'image-version|image-definition', 'delete'], ['restore-point', 'collection', 'delete']],
    describe: (c) => hit(
      `${cmdText(c, 3)} deletes ${nm(c)}${rg(c)}${noPrompt(c)}${has(c, '--force-deletion') ? ' (forced)' : ''}.`,
      c.path[0] === 'aks' ? 'the cluster, its workloads and (per reclaim policy) their persistent volumes'
        : c.path[0] === 'vm' || c.path[0] === 'vmss' ? 'the VM(s) and any OS/data disks set to delete with them'
          : 'the disk, snapshot or image data',
      c.path[0] === 'disk' || c.path[0] === 'vm' ? `az snapshot create --source … first; az vm deallocate is reversible` : 'back it up first; a human deletes it',
    ),
  },
  {
    id: 'azure.acr-delete', level: 'deny', summary: 'az acr delete / acr repository delete',
    paths: [['acr', 'delete'], ['acr', 'repository', 'delete']],
    describe: (c) => hit(
      `${cmdText(c, 3)} deletes ${c.path[1] === 'repository' ? `repository ${value(c, '--repository', '--image') ?? ''} and all its images` : `registry ${nm(c)} and every image in it`}.`.replace('  ', ' '),
      'the container images (deployments pulling them break)',
      'az acr repository show-tags / az acr import to a backup registry first; prefer acr purge with --dry-run',
    ),
  },
  {
    id: 'azure.log-analytics-delete', level: 'ask', summary: 'az monitor log-analytics workspace delete (deny with --force)',
    paths: [['monitor', 'log-analytics', 'workspace', 'delete']],
    describe: (c) => {
      const force = boolFlag(c, '--force') || has(c, '-f');
      return hit(
        `Deleting Log Analytics workspace ${value(c, '--workspace-name', '-n', '--name') ?? ''}${force ? ' with --force skips the 14-day soft delete' : ' soft-deletes it for 14 days'}.`.replace('  ', ' '),
        force ? 'every log and audit record in the workspace, permanently' : 'the logs (recoverable for 14 days)',
        'export the data first; a human deletes workspaces (without --force)',
        force ? 'deny' : undefined,
      );
    },
  },
  {
    id: 'azure.resource-delete', level: 'ask', summary: 'az resource delete (deny for database, storage, vault, disk resource types)',
    paths: [['resource', 'delete']],
    describe: (c) => {
      const ids = [...c.words.filter((w) => /\/providers\//i.test(w)), value(c, '--resource-type', '--namespace') ?? ''].join(' ');
      const data = /Microsoft\.(Sql|DBfor\w+|DocumentDB|Storage|KeyVault|Cache|RecoveryServices|DataProtection|Synapse|Kusto|NetApp)|Microsoft\.Compute\/(disks|snapshots)/i.test(ids);
      return hit(
        `az resource delete removes ${ids.trim() || nm(c)}${data ? ' (a data-bearing resource type)' : ''}.`,
        data ? 'the data held by the resource' : 'the resource',
        'az resource show --ids … (review); a human deletes it',
        data ? 'deny' : undefined,
      );
    },
  },
];

/** Every spec with what all az rules share: the program, and the path may start one word in. */
const AZ_PATH_SPECS: PathSpec[] = AZ_SPECS.map((spec) => ({ ...spec, commands: ['az'], maxStart: 1 }));

/** azcopy remove, and sync that deletes destination files. */
const azcopy: CommandRule = {
  id: 'azure.azcopy-delete', level: 'ask', summary: 'azcopy remove (deny recursive) and sync --delete-destination=true', commands: ['azcopy'],
  match(cmd) {
    const words = cmd.argv.slice(1);
    const sub = words[0];
    if (words.includes('--help') || words.includes('-h') || words.some((w) => /^--dry-run(=true)?$/.test(w))) return null;
    if (sub === 'remove' || sub === 'rm') {
      const rec = words.some((w) => /^--recursive(=true)?$/.test(w));
      const target = words.slice(1).find((w) => !w.startsWith('-')) ?? 'the target';
      return hit(`azcopy remove deletes ${target.replace(/\?.*$/, '')}${rec ? ' and everything below it' : ''}.`, rec ? 'every blob/file under the path' : 'the blob or file', 'azcopy list (review) or azcopy remove --dry-run; a human deletes', rec ? 'deny' : undefined);
    }
    if (sub === 'sync' && words.some((w) => /^--delete-destination(=(true|prompt))?$/i.test(w) && !/=false$/i.test(w))) {
      return hit('azcopy sync --delete-destination deletes destination files missing from the source; a wrong source wipes it.', 'destination files the source lacks', 'azcopy sync … --dry-run first, or without --delete-destination');
    }
    return null;
  },
};

/** Any other az … delete / purge: ask. */
const azGenericDelete: CommandRule = {
  id: 'azure.delete-operation', level: 'ask', summary: 'any other az … delete / purge / remove / untag', commands: ['az'],
  match(cmd, ctx) {
    const c = azCall(cmd);
    if (isHelpRequest(c) || c.words.includes('--dryrun')) return null;
    const verbAt = c.path.findIndex((w, i) => i > 0 && i < 6 && /^(delete|purge|delete-batch|remove|remove-.+|clear|wipe|untag)$/.test(w));
    if (verbAt < 0) return null;
    // The CLI's own housekeeping (extensions, config, cached tokens) holds no cloud data.
    if (/^(extension|config|cache|account|interactive|feedback|upgrade|bicep|login|logout)$/.test(c.path[0] ?? '')) return null;
    if (AZ_PATH_SPECS.some((s) => pathSpecMatches(s, c, ctx))) return null;
    return hit(
      `${['az', ...c.path.slice(0, verbAt + 1)].join(' ')} deletes or removes ${nm(c)}${rg(c)}.`,
      `whatever ${['az', ...c.path.slice(0, verbAt)].join(' ')} holds`,
      `az ${c.path.slice(0, verbAt).join(' ')} show/list first; then let a human run it`,
    );
  },
};

/** `az rest -m DELETE -u URL`: a raw ARM call; the whole resource group when the URL ends at one. */
const azRestDelete: CommandRule = {
  id: 'azure.rest-delete', level: 'ask', summary: 'az rest --method DELETE (any case, -m): a raw ARM delete; deny for a whole resource group or subscription-level object', commands: ['az'],
  match(cmd) {
    const c = azCall(cmd);
    const a = c.words;
    if (a[0] !== 'rest' || isHelpRequest(c)) return null;
    let method: string | undefined;
    let url: string | undefined;
    for (let i = 1; i < a.length; i++) {
      if (a[i] === '-m' || a[i] === '--method') method = a[++i];
      else if (a[i].startsWith('--method=')) method = a[i].slice('--method='.length);
      else if (a[i] === '-u' || a[i] === '--url' || a[i] === '--uri') url = a[++i];
      else if (a[i].startsWith('--url=') || a[i].startsWith('--uri=')) url = a[i].slice(a[i].indexOf('=') + 1);
    }
    if ((method ?? '').toLowerCase() !== 'delete') return null;
    const path = (url ?? '').replace(/^https?:\/\/[^/]+/, '').split('?')[0].replace(/\/+$/, '');
    const wholeGroup = /\/resourcegroups\/[^/]+$/i.test(path) || /^\/subscriptions\/[^/]+$/i.test(path);
    return hit(`az rest --method DELETE ${url ?? ''} deletes the Azure resource at that address${wholeGroup ? ': a whole resource group (everything in it)' : ''}.`, wholeGroup ? 'every resource in the group, with its data' : 'the resource at that address', 'az resource show --ids … first; then let a human delete it', wholeGroup ? 'deny' : undefined);
  },
};

export const azurePack: RulePack = {
  id: 'azure',
  description: 'Azure CLI (az)',
  rules: ([...pathRules(AZ_PATH_SPECS, AZ_VALUE_FLAGS), azGenericDelete, azRestDelete, azcopy, dynamicOperationRule('azure.dynamic-operation', ['az'], () => AZ_VALUE_FLAGS, 3)]).map(launcherAware),
};
