import type { CommandRule, RulePack } from '../../core/types.js';
import { dynamicOperationRule, has, hasShort, hit, isHelpRequest, parseCli, recentCache, value, pathRules, pathSpecMatches, type CliCall, type PathSpec, launcherAware } from './shared-cloud.js';

/**
 * Google Cloud: gcloud (incl. `gcloud storage`), gsutil, bq and firebase. Lists, describes, reads and
 * dry runs are allowed. Deleting databases, disks, backups, projects and keys is denied (gcloud answers
 * its own "continue? (Y/n)" with the default when no terminal is attached, so --quiet is not needed to
 * lose data); other deletes ask.
 */

const GCLOUD_VALUE_FLAGS = new Set([
  '--project', '--account', '--configuration', '--format', '--verbosity', '--impersonate-service-account',
  '--billing-project', '--flags-file', '--trace-token', '--region', '--zone', '--filter', '--limit', '--page-size',
  '--sort-by', '--location', '--instance', '--cluster', '--keyring', '--key', '--secret', '--database', '--zone-name',
  '--service', '--resource-type', '--iam-account', '--member', '--role', '--bucket', '--namespace',
]);
const GSUTIL_VALUE_FLAGS = new Set(['-o', '-h', '-u', '-i']);
const BQ_VALUE_FLAGS = new Set([
  '--project_id', '--dataset_id', '--location', '--format', '--apilog', '--api', '--api_version', '--job_id',
  '--bigqueryrc', '--credential_file', '--destination_table', '--parameter', '--max_rows', '-n',
]);
const FIREBASE_VALUE_FLAGS = new Set(['--project', '-P', '--token', '--account', '--config', '-c', '--instance', '--only', '--except', '--database']);

const RELEASE_TRACKS = new Set(['alpha', 'beta', 'preview']);

const gcloudCache = recentCache<CliCall>(4);

/** gcloud call with release tracks (`alpha`, `beta`, `preview`) dropped from the front of the path. */
function gcloudCall(cmd: Parameters<CommandRule['match']>[0]): CliCall {
  const hit0 = gcloudCache.get(cmd);
  if (hit0) return hit0;
  const parsed = parseCli(cmd, GCLOUD_VALUE_FLAGS);
  let k = 0;
  while (k < parsed.path.length && RELEASE_TRACKS.has(parsed.path[k])) k++;
  const call = { ...parsed, path: parsed.path.slice(k), dynamicPath: parsed.dynamicPath.slice(k) };
  return gcloudCache.set(cmd, undefined, call);
}

/** A gcloud rule over its command path (`a|b` alternatives, `*` any word): a PathSpec without the shared parts. */
type GcloudSpec = Omit<PathSpec, 'commands' | 'maxStart'>;

/** gcloud commands that delete a whole database (not a table, backup or index of one): `GROUP NOUN delete NAME`. */
const WHOLE_DATABASE = /^(spanner (instances|databases)|bigtable instances|alloydb clusters|firestore databases|redis (instances|clusters)|memorystore instances)$/;

/** The name of the database a gcloud delete destroys, when it destroys a whole one. */
function wholeDatabaseName(c: CliCall): string | undefined {
  const del = c.path.indexOf('delete');
  if (del < 2 || !WHOLE_DATABASE.test(c.path.slice(del - 2, del).join(' '))) return undefined;
  return c.path[del + 1] ?? (c.path[del - 2] === 'firestore' ? value(c, '--database') : undefined);
}

/** First positional after the matched path: the resource name. */
function target(c: CliCall, after: string): string {
  const i = c.path.indexOf(after);
  return (i >= 0 ? c.path[i + 1] : undefined) ?? 'the resource';
}
const proj = (c: CliCall) => {
  const p = value(c, '--project');
  return p ? ` in project ${p}` : '';
};

const GCLOUD_SPECS: GcloudSpec[] = [
  {
    id: 'gcp.sql-delete', level: 'deny', summary: 'gcloud sql instances/databases/backups delete',
    paths: [['sql', 'instances|databases|backups', 'delete']],
    describe: (c) => {
      const what = c.path[c.path.indexOf('sql') + 1];
      const name = target(c, 'delete');
      const finalBackup = has(c, '--enable-final-backup');
      const h = hit(
        what === 'instances' ? `gcloud sql instances delete removes Cloud SQL instance ${name}${proj(c)}; its automated backups go with it unless retained${finalBackup ? ' (a final backup is requested)' : ''}.`
          : what === 'databases' ? `gcloud sql databases delete drops database ${name} (every table in it).`
            : `gcloud sql backups delete deletes backup ${name}.`,
        what === 'instances' ? `the instance ${name}, all its databases${finalBackup ? '' : ' and its automated backups'}` : what === 'databases' ? `all data in ${name}` : 'the backup and every restore it allowed',
        what === 'backups' ? 'gcloud sql backups list --instance=…; leave expiry to the retention setting' : `gcloud sql backups create --instance=${what === 'instances' ? name : value(c, '--instance') ?? 'INSTANCE'} first; a human deletes it (with --enable-final-backup for instances)`,
      );
      return what === 'backups' ? h : { ...h, database: name };
    },
  },
  {
    id: 'gcp.sql-restore', level: 'deny', summary: 'gcloud sql backups restore / instances restore-backup onto an existing instance',
    paths: [['sql', 'backups', 'restore'], ['sql', 'instances', 'restore-backup']],
    describe: (c) => hit(
      `Restoring a backup onto ${value(c, '--restore-instance') ?? target(c, 'restore-backup')} overwrites all of its current data.`,
      'everything written to the target instance since that backup',
      'restore into a new instance (gcloud sql instances clone or restore to a fresh instance) and compare',
    ),
  },
  {
    id: 'gcp.sql-import', level: 'ask', summary: 'gcloud sql import sql/bak/csv: loads a file into an existing database',
    paths: [['sql', 'import']],
    describe: (c) => hit(
      `gcloud sql import loads ${c.path[c.path.indexOf('import') + 1] ?? ''} data into ${c.path[c.path.indexOf('import') + 2] ?? 'the instance'}; a dump made with --clean (or a .bak) drops and replaces what is there.`,
      'the current contents of every table the file replaces',
      'import into a new database or instance first, check it, then switch over; gcloud sql export first for a way back',
    ),
  },
  {
    id: 'gcp.sql-protection', level: 'ask', summary: 'gcloud sql instances patch removing deletion protection or backups',
    paths: [['sql', 'instances', 'patch']],
    when: (c) => has(c, '--no-deletion-protection', '--no-retain-backups-on-delete', '--no-backup', '--enable-point-in-time-recovery=false', '--enable-bin-log=false')
      || /^[0-6]$/.test(value(c, '--retained-backups-count') ?? '') || /^[0-1]$/.test(value(c, '--retained-transaction-log-days') ?? ''),
    describe: (c) => hit(
      `gcloud sql instances patch ${target(c, 'patch')} removes deletion protection or backups.`,
      'the guard against deletion, or the backups that would survive it',
      'keep deletion protection and backups on; a human changes them',
    ),
  },
  {
    id: 'gcp.projects-delete', level: 'deny', summary: 'gcloud projects delete',
    paths: [['projects', 'delete']],
    describe: (c) => hit(
      `gcloud projects delete shuts down every resource in project ${target(c, 'delete')}; after about 30 days it is purged for good.`,
      'every resource and all data in the project',
      `gcloud projects describe ${target(c, 'delete')}; a human deletes projects (undo: gcloud projects undelete within 30 days)`,
    ),
  },
  {
    id: 'gcp.compute-instances-delete', level: 'deny', summary: 'gcloud compute instances delete (ask with --keep-disks=all)',
    paths: [['compute', 'instances', 'delete']],
    describe: (c) => {
      const keep = value(c, '--keep-disks') === 'all';
      return hit(
        `gcloud compute instances delete removes ${target(c, 'delete')}${proj(c)}; ${keep ? 'disks are kept (--keep-disks=all)' : `disks set to auto-delete (the boot disk by default${value(c, '--delete-disks') ? `, and --delete-disks=${value(c, '--delete-disks')}` : ''}) are deleted with it`}.`,
        keep ? 'the VM (its disks survive)' : 'the VM and its auto-delete disks',
        `gcloud compute disks snapshot … first, or delete with --keep-disks=all; gcloud compute instances stop is reversible`,
        keep ? 'ask' : undefined,
      );
    },
  },
  {
    id: 'gcp.compute-storage-delete', level: 'deny', summary: 'gcloud compute disks/snapshots/images/machine-images delete',
    paths: [['compute', 'disks|snapshots|images|machine-images|instant-snapshots', 'delete']],
    describe: (c) => hit(
      `gcloud compute ${c.path[c.path.indexOf('compute') + 1]} delete permanently deletes ${target(c, 'delete')}.`,
      'the disk data or the backup/image',
      'gcloud compute disks snapshot DISK (before deleting a disk); leave backup deletion to snapshot schedules or a human',
    ),
  },
  {
    id: 'gcp.storage-rm', level: 'ask', summary: 'gcloud storage rm / objects delete (deny recursive, all-versions or wildcards)',
    paths: [['storage', 'rm'], ['storage', 'objects', 'delete']],
    describe: (c) => {
      const urls = c.path.slice(c.path.indexOf(c.path.includes('rm') ? 'rm' : 'delete') + 1);
      const wild = urls.some((u) => /[*?[]/.test(u));
      const bulk = has(c, '--recursive', '--all-versions') || hasShort(c, 'r') || hasShort(c, 'R') || hasShort(c, 'a') || wild;
      return hit(
        bulk ? `gcloud storage rm ${has(c, '--all-versions') || hasShort(c, 'a') ? 'with --all-versions ' : ''}deletes every object under ${urls.join(' ') || 'the URL'}${has(c, '--recursive') || hasShort(c, 'r') || hasShort(c, 'R') ? ' (a bucket URL deletes the bucket too)' : ''}.`
          : `gcloud storage rm deletes ${urls.join(' ') || 'objects'}.`,
        bulk ? 'every matching object (recoverable only inside the soft-delete window)' : 'the objects (recoverable only inside the soft-delete window)',
        `gcloud storage ls ${urls.join(' ') || 'gs://BUCKET/PREFIX'} (review), then let a human delete`,
        bulk ? 'deny' : undefined,
      );
    },
  },
  {
    id: 'gcp.storage-bucket-delete', level: 'ask', summary: 'gcloud storage buckets delete',
    paths: [['storage', 'buckets', 'delete']],
    describe: (c) => hit(
      `gcloud storage buckets delete removes ${target(c, 'delete')}; its name becomes reusable by anyone.`,
      'the bucket and its name',
      `gcloud storage ls ${target(c, 'delete')}; let a human delete the bucket`,
    ),
  },
  {
    id: 'gcp.storage-rsync-delete', level: 'ask', summary: 'gcloud storage rsync --delete-unmatched-destination-objects',
    paths: [['storage', 'rsync']],
    when: (c) => has(c, '--delete-unmatched-destination-objects'),
    describe: (c) => hit(
      'rsync with --delete-unmatched-destination-objects deletes destination objects missing from the source; a wrong source wipes the destination.',
      'objects in the destination that the source lacks',
      'run it with --dry-run first, or without the delete option',
    ),
  },
  {
    id: 'gcp.container-clusters-delete', level: 'deny', summary: 'gcloud container clusters delete',
    paths: [['container', 'clusters', 'delete']],
    describe: (c) => hit(
      `gcloud container clusters delete removes GKE cluster ${target(c, 'delete')}${proj(c)} with every workload on it.`,
      'the cluster, its workloads and (per reclaim policy) their persistent volumes',
      'back up with Backup for GKE or velero first; a human deletes clusters',
    ),
  },
  {
    id: 'gcp.database-delete', level: 'deny', summary: 'Spanner, Bigtable, AlloyDB, Firestore, Memorystore, Filestore deletes',
    paths: [
      ['spanner|bigtable|alloydb|firestore|redis|filestore|memorystore|memcache|datastore', '*', 'delete'],
      ['spanner|bigtable|alloydb|firestore|redis|filestore|memorystore', '*', '*', 'delete'],
      ['firestore', 'bulk-delete'],
    ],
    describe: (c) => {
      const h = hit(
        `gcloud ${c.path.slice(0, c.path.indexOf('delete') >= 0 ? c.path.indexOf('delete') + 1 : 2).join(' ')} deletes a managed database, its data or its backups${has(c, '--force') ? ' (--force also removes what depends on it)' : ''}.`,
        `all data in ${target(c, c.path.includes('delete') ? 'delete' : 'bulk-delete')}`,
        'export or back it up first (gcloud … backups create / export); a human deletes it',
      );
      const name = wholeDatabaseName(c);
      return name ? { ...h, database: name } : h;
    },
  },
  {
    id: 'gcp.kms-destroy', level: 'deny', summary: 'gcloud kms keys versions destroy (crypto-shredding)',
    paths: [['kms', 'keys', 'versions', 'destroy']],
    describe: (c) => hit(
      `gcloud kms keys versions destroy schedules key version ${target(c, 'destroy')} for destruction; afterwards its ciphertext is unrecoverable.`,
      'all data encrypted with that key version',
      `gcloud kms keys versions disable ${target(c, 'destroy')} --key … (reversible); a human destroys keys`,
    ),
  },
  {
    id: 'gcp.secrets-delete', level: 'deny', summary: 'gcloud secrets delete / secrets versions destroy',
    paths: [['secrets', 'delete'], ['secrets', 'versions', 'destroy']],
    describe: (c) => hit(
      `gcloud secrets ${c.path.includes('destroy') ? 'versions destroy' : 'delete'} permanently removes ${target(c, c.path.includes('destroy') ? 'destroy' : 'delete')}.`,
      'the secret value(s); there is no undelete',
      'gcloud secrets versions disable … (reversible); a human deletes secrets',
    ),
  },
  {
    id: 'gcp.dns-zone-delete', level: 'deny', summary: 'gcloud dns managed-zones delete',
    paths: [['dns', 'managed-zones', 'delete']],
    describe: (c) => hit(
      `gcloud dns managed-zones delete removes zone ${target(c, 'delete')}; a recreated zone gets new name servers.`,
      'every record of the zone and its delegation',
      `gcloud dns record-sets export zone.yaml --zone=${target(c, 'delete')}; a human deletes zones`,
    ),
  },
  {
    id: 'gcp.deployment-delete', level: 'deny', summary: 'gcloud deployment-manager / infra-manager deployments delete',
    paths: [['deployment-manager|infra-manager', 'deployments', 'delete']],
    when: (c) => value(c, '--delete-policy')?.toLowerCase() !== 'abandon',
    describe: (c) => hit(
      `Deleting deployment ${target(c, 'delete')} deletes every resource it created.`,
      'every resource in the deployment (databases and buckets included)',
      'gcloud deployment-manager deployments delete … --delete-policy=ABANDON keeps the resources; review with describe first',
    ),
  },
  {
    id: 'gcp.iam', level: 'ask', summary: 'gcloud IAM removals and policy replacement',
    paths: [['iam', 'service-accounts|roles', 'delete|disable'], ['iam', 'service-accounts', 'keys', 'delete'], ['projects|organizations|folders|resource-manager', 'remove-iam-policy-binding|set-iam-policy'], ['*', '*', 'set-iam-policy|remove-iam-policy-binding']],
    describe: (c) => hit(
      `gcloud ${c.path.slice(0, 4).join(' ')} removes identities or permissions; workloads relying on them stop working.`,
      'access for the affected workloads and people (a replaced policy can lock everyone out)',
      'gcloud … get-iam-policy > policy-backup.yaml first; let a human change IAM',
    ),
  },
];

/** Every spec with what all gcloud rules share: the program, and the path may start one word in. */
const GCLOUD_PATH_SPECS: PathSpec[] = GCLOUD_SPECS.map((spec) => ({ ...spec, commands: ['gcloud'], maxStart: 1 }));

/** Switching off a deletion guard or recovery window on any gcloud resource. */
const gcloudProtection: CommandRule = {
  id: 'gcp.protection-removal',
  level: 'ask',
  summary: 'gcloud … update/patch switching off deletion protection, soft delete, versioning or retention',
  commands: ['gcloud'],
  match(cmd, ctx) {
    const c = gcloudCall(cmd);
    if (isHelpRequest(c) || !c.path.some((w) => /^(update|patch)$/.test(w))) return null;
    if (GCLOUD_PATH_SPECS.some((s) => pathSpecMatches(s, c, ctx))) return null;
    const off = c.words.find((w) => /^--retention-days=[0-6]$|^--retention-period=0[a-z]*$|^--no-(enable-)?(deletion|delete|drop)-protection$|^--(deletion-protection|delete-protection-state|enable-drop-protection)=(false|disabled)$|^--delete-protection-state=DELETE_PROTECTION_DISABLED$|^--clear-soft-delete$|^--soft-delete-duration=0[a-z]*$|^--no-versioning$|^--clear-retention-period$|^--no-enable-pitr$|^--no-enable-point-in-time-recovery$/i.test(w));
    if (!off) return null;
    return hit(
      `gcloud ${c.path.slice(0, 4).join(' ')} ${off} removes a guard against data loss.`,
      'the protection or recovery window that would catch a later deletion',
      'keep the protection on; a human changes it if the resource really must go',
    );
  },
};

/** Any other gcloud delete/destroy: ask. */
const gcloudGenericDelete: CommandRule = {
  id: 'gcp.delete-operation',
  level: 'ask',
  summary: 'any other gcloud … delete / destroy / purge',
  commands: ['gcloud'],
  match(cmd, ctx) {
    const c = gcloudCall(cmd);
    if (isHelpRequest(c) || has(c, '--dry-run', '--validate-only')) return null;
    // gcloud's own housekeeping (configurations, components, credentials) holds no cloud data.
    if (/^(config|components|auth|topic|help|info|version|init|feedback|survey)$/.test(c.path[0] ?? '')) return null;
    const head = c.path.slice(1, 5);
    if (!head.some((w) => /^(delete|destroy|purge|bulk-delete|delete-.*|remove-.*)$/.test(w))) return null;
    if (GCLOUD_PATH_SPECS.some((s) => pathSpecMatches(s, c, ctx))) return null;
    const verbAt = c.path.findIndex((w, i) => i > 0 && /^(delete|destroy|purge|bulk-delete|delete-.*|remove-.*)$/.test(w));
    return hit(
      `gcloud ${c.path.slice(0, verbAt + 1).join(' ')} deletes or removes something${proj(c)}.`,
      `whatever ${c.path.slice(0, verbAt).join(' ')} holds`,
      `gcloud ${c.path.slice(0, verbAt).join(' ')} describe/list first; then let a human run it`,
    );
  },
};

// ---------------------------------------------------------------- gsutil

function gsutilCall(cmd: Parameters<CommandRule['match']>[0]): { sub: string; rest: string[]; call: CliCall } {
  const call = parseCli(cmd, GSUTIL_VALUE_FLAGS);
  const sub = call.path[0] ?? '';
  const at = call.words.indexOf(sub);
  return { sub, rest: at >= 0 ? call.words.slice(at + 1) : [], call };
}

const gsutilRm: CommandRule = {
  id: 'gcp.gsutil-rm', level: 'ask', summary: 'gsutil rm (deny with -r/-R/-a or wildcards) and gsutil rb', commands: ['gsutil'],
  match(cmd) {
    const { sub, rest, call } = gsutilCall(cmd);
    if (call.words.some((w) => w === '--help') || sub === 'help') return null;
    if (sub === 'rb') {
      const b = rest.filter((w) => !w.startsWith('-'));
      return hit(`gsutil rb deletes bucket ${b.join(' ') || ''}; its name becomes reusable by anyone.`.replace(' ;', ';'), 'the bucket and its name', `gsutil ls ${b[0] ?? 'gs://BUCKET'}; let a human remove the bucket`);
    }
    if (sub !== 'rm') return null;
    const urls = rest.filter((w) => !w.startsWith('-'));
    const bulk = hasShort(rest, 'r') || hasShort(rest, 'R') || hasShort(rest, 'a') || urls.some((u) => /[*?[]/.test(u)) || (hasShort(rest, 'I') && urls.length === 0);
    return hit(
      bulk ? `gsutil ${call.words.includes('-m') ? '-m ' : ''}rm deletes every object under ${urls.join(' ') || 'the listed URLs'}${hasShort(rest, 'a') ? ', all versions included' : ''}${hasShort(rest, 'r') || hasShort(rest, 'R') ? ' (a bucket URL removes the bucket too)' : ''}.`
        : `gsutil rm deletes ${urls.join(' ') || 'objects'}.`,
      bulk ? 'every matching object (recoverable only inside the soft-delete window)' : 'the objects (recoverable only inside the soft-delete window)',
      `gsutil ls -r ${urls[0] ?? 'gs://BUCKET/PREFIX'} (review), then let a human delete`,
      bulk ? 'deny' : undefined,
    );
  },
};

const gsutilProtection: CommandRule = {
  id: 'gcp.gsutil-protection', level: 'ask', summary: 'gsutil versioning set off / lifecycle set / retention clear', commands: ['gsutil'],
  match(cmd) {
    const { sub, rest } = gsutilCall(cmd);
    const action = rest[0];
    const off = (sub === 'versioning' && action === 'set' && rest[1] === 'off') || (sub === 'lifecycle' && action === 'set') || (sub === 'retention' && action === 'clear');
    if (!off) return null;
    return hit(
      `gsutil ${sub} ${rest.slice(0, 2).join(' ')} ${sub === 'lifecycle' ? 'installs rules that delete objects automatically' : 'removes a recovery guard'} on ${rest.filter((w) => w.startsWith('gs://')).join(' ') || 'the bucket'}.`,
      sub === 'lifecycle' ? 'objects matched by the lifecycle rules' : 'old object versions / retention that would let you undo deletes',
      `gsutil ${sub} get ${rest.filter((w) => w.startsWith('gs://'))[0] ?? 'gs://BUCKET'} (review the current setting); a human changes it`,
    );
  },
};

const gsutilRsyncDelete: CommandRule = {
  id: 'gcp.gsutil-rsync-delete', level: 'ask', summary: 'gsutil rsync -d (mirror deletions)', commands: ['gsutil'],
  match(cmd) {
    const { sub, rest } = gsutilCall(cmd);
    if (sub !== 'rsync' || !hasShort(rest, 'd') || hasShort(rest, 'n')) return null;
    const urls = rest.filter((w) => !w.startsWith('-'));
    return hit(
      `gsutil rsync -d deletes objects in ${urls[1] ?? 'the destination'} that ${urls[0] ?? 'the source'} lacks; a wrong or empty source wipes it.`,
      'destination objects missing from the source',
      `gsutil rsync -n -d ${urls.join(' ')} (dry run) first, or sync without -d`,
    );
  },
};

// ---------------------------------------------------------------- bq

function bqCall(cmd: Parameters<CommandRule['match']>[0]): { sub: string; rest: string[]; call: CliCall } {
  const call = parseCli(cmd, BQ_VALUE_FLAGS);
  const sub = call.path[0] ?? '';
  const at = call.words.indexOf(sub);
  return { sub, rest: at >= 0 ? call.words.slice(at + 1) : [], call };
}

const bqRm: CommandRule = {
  id: 'gcp.bq-rm', level: 'ask', summary: 'bq rm (deny recursive dataset removal or -f)', commands: ['bq'],
  match(cmd) {
    const { sub, rest, call } = bqCall(cmd);
    if (sub !== 'rm' || isHelpRequest(call)) return null;
    const recursive = rest.some((w) => w === '-r' || w === '--recursive' || w === '--recursive=true');
    const force = rest.some((w) => w === '-f' || w === '--force' || w === '--force=true');
    const dataset = rest.some((w) => w === '-d' || w === '--dataset');
    const what = rest.filter((w) => !w.startsWith('-'))[0] ?? 'the table';
    return hit(
      recursive ? `bq rm -r removes dataset ${what} and every table in it${force ? ', without asking (-f)' : ''}.`
        : `bq rm ${force ? '-f ' : ''}removes ${dataset ? 'dataset' : 'table'} ${what}${force ? ' without asking' : ''}.`,
      recursive ? `every table in ${what} (time travel does not bring back a dropped dataset)` : `${what} (time travel may restore a table for up to 7 days)`,
      `bq show ${what} / bq ls ${what}; bq cp ${what} ${what}_backup first, then let a human remove it`,
      recursive || force ? 'deny' : undefined,
    );
  },
};

const bqExpiry: CommandRule = {
  id: 'gcp.bq-expiration', level: 'ask', summary: 'bq update/mk setting table or partition expiration (data is deleted when it passes)', commands: ['bq'],
  match(cmd) {
    const { sub, rest, call } = bqCall(cmd);
    if (sub !== 'update' || isHelpRequest(call)) return null;
    const exp = rest.find((w) => /^--(expiration|default_table_expiration|default_partition_expiration|time_partitioning_expiration)(=|$)/.test(w));
    if (!exp) return null;
    return hit(
      `bq update ${exp} makes BigQuery delete tables or partitions once they pass the expiration.`,
      'the tables/partitions older than the new expiration',
      'bq show (current expiration) first; a human changes retention',
    );
  },
};

const bqDestructiveSql: CommandRule = {
  id: 'gcp.bq-destructive-sql', level: 'ask', summary: 'bq query with DROP/TRUNCATE/DELETE (deny without WHERE), overwriting loads and copies', commands: ['bq'],
  inputFiles(cmd) {
    return bqCall(cmd).sub === 'query' && cmd.stdin.kind === 'file' ? [cmd.stdin.path] : [];
  },
  match(cmd, ctx) {
    const { sub, rest, call } = bqCall(cmd);
    if (isHelpRequest(call) || has(rest, '--dry_run', '--dry_run=true')) return null;
    if (sub === 'load' || sub === 'cp') {
      const overwrite = rest.some((w) => w === '--replace' || w === '--replace=true' || w === '-f' || w === '--force' || w === '--force=true');
      if (!overwrite) return null;
      const dst = rest.filter((w) => !w.startsWith('-')).slice(-1)[0] ?? (sub === 'load' ? rest.filter((w) => !w.startsWith('-'))[0] : 'the destination');
      return hit(`bq ${sub} with --replace/-f overwrites ${dst}.`, `the current contents of ${dst}`, `bq cp ${dst} ${dst}_backup first, or load into a new table`);
    }
    if (sub !== 'query') return null;
    // the SQL: operands, or stdin (a here-document, a pipe, a file) when there are none
    const st = cmd.stdin;
    const stdinSql = st.kind === 'heredoc' || st.kind === 'herestring' ? st.text : st.kind === 'pipe' ? st.text : st.kind === 'file' ? ctx.files.get(st.path) : undefined;
    const operands = rest.filter((w) => !w.startsWith('-'));
    if (operands.length === 0 && stdinSql === undefined && (st.kind === 'pipe' || st.kind === 'file')) {
      return hit('bq query reads its SQL from stdin, which twokey could not read here.', 'whatever the SQL does (DROP, DELETE, TRUNCATE…)', 'pass the SQL as an argument so it can be checked, or run it with --dry_run first');
    }
    // string literals say nothing about what runs (`SELECT 'DROP TABLE' AS label`)
    const sql = [...operands, ...(stdinSql !== undefined ? [stdinSql] : [])].join(' ').replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
    const replace = rest.some((w) => w === '--replace' || w === '--replace=true');
    const drop = /\b(DROP\s+(TABLE|SCHEMA|DATASET|VIEW|MATERIALIZED\s+VIEW|EXTERNAL\s+TABLE)|TRUNCATE\s+TABLE)\b/i.test(sql);
    const del = /\bDELETE\s+(FROM\s+)?[`\w.-]+/i.test(sql);
    const upd = /\b(UPDATE\s+[`\w.-]+\s+SET|MERGE\s+)/i.test(sql);
    const hasWhere = /\bWHERE\b/i.test(sql) && !/\bWHERE\s+(TRUE|1\s*=\s*1)\b/i.test(sql);
    if (drop || ((del || upd) && !hasWhere)) {
      return hit(
        drop ? 'bq query runs a DROP/TRUNCATE statement.' : `bq query runs ${del ? 'DELETE' : 'UPDATE'} without a WHERE clause: every row is affected.`,
        'the table or dataset contents (time travel may help for 7 days; a dropped dataset is gone)',
        'SELECT COUNT(*) with the same condition first (or --dry_run); snapshot the table with CREATE SNAPSHOT TABLE',
        'deny',
      );
    }
    if (del || upd || replace) {
      return hit(
        replace ? 'bq query --replace overwrites the destination table with the query result.' : `bq query runs ${del ? 'DELETE' : 'UPDATE/MERGE'} on existing rows.`,
        'the rows it deletes or overwrites',
        'run the same condition as SELECT COUNT(*) first, or with --dry_run',
      );
    }
    return null;
  },
};

// ---------------------------------------------------------------- firebase

function firebaseCall(cmd: Parameters<CommandRule['match']>[0]): { sub: string; rest: string[]; call: CliCall } {
  const call = parseCli(cmd, FIREBASE_VALUE_FLAGS);
  const sub = call.path[0] ?? '';
  const at = call.words.indexOf(sub);
  return { sub, rest: at >= 0 ? call.words.slice(at + 1) : [], call };
}

const firestoreDelete: CommandRule = {
  id: 'gcp.firebase-firestore-delete', level: 'ask', summary: 'firebase firestore:delete (deny recursive or --all-collections), firestore:databases:delete', commands: ['firebase'],
  match(cmd) {
    const { sub, rest, call } = firebaseCall(cmd);
    if (isHelpRequest(call)) return null;
    if (sub === 'firestore:databases:delete') {
      const name = rest.find((w) => !w.startsWith('-'));
      const h = hit(`firebase firestore:databases:delete deletes the whole Firestore database ${name ?? ''}.`.replace(' .', '.'), 'every document in the database', 'gcloud firestore export gs://BUCKET first; a human deletes databases', 'deny');
      return name ? { ...h, database: name } : h;
    }
    if (sub !== 'firestore:delete') return null;
    const all = has(rest, '--all-collections');
    const rec = has(rest, '--recursive') || hasShort(rest, 'r');
    const path = rest.filter((w) => !w.startsWith('-'))[0] ?? '';
    return hit(
      all ? 'firebase firestore:delete --all-collections deletes the ENTIRE database.' : `firebase firestore:delete ${rec ? '-r ' : ''}deletes ${path || 'documents'}${rec ? ' and every subcollection below it' : ''}.`,
      all ? 'every document in the database' : rec ? `everything under ${path || 'the path'}` : `the document ${path}`,
      'gcloud firestore export gs://BUCKET first (or enable PITR); a human runs the delete',
      all || rec ? 'deny' : undefined,
    );
  },
};

const rtdbRemove: CommandRule = {
  id: 'gcp.firebase-database-remove', level: 'deny', summary: 'firebase database:remove (and database:set/update overwriting data)', commands: ['firebase'],
  match(cmd) {
    const { sub, rest, call } = firebaseCall(cmd);
    if (isHelpRequest(call)) return null;
    if (!['database:remove', 'database:set', 'database:update', 'database:instances:delete'].includes(sub)) return null;
    const path = rest.filter((w) => !w.startsWith('-'))[0] ?? '/';
    const root = path === '/' || path === '';
    if (sub === 'database:remove' || sub === 'database:instances:delete') {
      const instance = sub === 'database:instances:delete' ? rest.find((w) => !w.startsWith('-')) : value(call, '--instance');
      const h = hit(
        sub === 'database:instances:delete' ? `firebase database:instances:delete deletes the Realtime Database instance${instance ? ` ${instance}` : ''} with all its data.`
          : `firebase ${sub} deletes ${root ? 'the whole Realtime Database' : `everything at ${path}`}.`,
        sub === 'database:instances:delete' || root ? 'every node in the database' : `all data under ${path}`,
        `firebase database:get ${sub === 'database:instances:delete' ? '/' : path} > backup.json first; a human runs the removal`,
      );
      // the whole database: an instance deleted, or the root of a named instance removed
      const whole = sub === 'database:instances:delete' || root;
      return whole && instance ? { ...h, database: instance } : h;
    }
    return hit(
      `firebase ${sub} overwrites the data at ${path}${root ? ' (the root: the whole database)' : ''}.`,
      root ? 'the whole database content' : `the current data under ${path}`,
      `firebase database:get ${path} > backup.json first`,
      root && sub === 'database:set' ? 'deny' : 'ask',
    );
  },
};

const firebaseOther: CommandRule = {
  id: 'gcp.firebase-delete', level: 'ask', summary: 'other firebase *:delete / hosting:disable / deploy --force', commands: ['firebase'],
  match(cmd) {
    const { sub, rest, call } = firebaseCall(cmd);
    if (isHelpRequest(call)) return null;
    if (['firestore:delete', 'firestore:databases:delete', 'database:remove', 'database:instances:delete'].includes(sub)) return null;
    if (sub === 'deploy' && has(rest, '--force', '-f')) {
      return hit('firebase deploy --force deletes Cloud Functions (and other resources) that are missing from this directory without asking.', 'deployed functions absent from the local source', 'firebase deploy without --force (it lists what it would delete and asks)');
    }
    if (!/(^|:)(delete|remove|disable|uninstall|destroy)$/.test(sub) && !/:delete:|:remove:/.test(sub)) return null;
    return hit(`firebase ${sub} removes ${rest.filter((w) => !w.startsWith('-'))[0] ?? 'a deployed resource'}.`, 'the deployed resource or its data', 'review with the matching :list/:get command first; let a human run it');
  },
};

const GCP_RULES: CommandRule[] = ([
    ...pathRules(GCLOUD_PATH_SPECS, GCLOUD_VALUE_FLAGS, (c) => has(c, '--dry-run'), gcloudCall),
    gcloudProtection,
    gcloudGenericDelete,
    gsutilRm,
    gsutilProtection,
    gsutilRsyncDelete,
    bqRm,
    bqExpiry,
    bqDestructiveSql,
    firestoreDelete,
    rtdbRemove,
    firebaseOther,
    dynamicOperationRule('gcp.dynamic-operation', ['gcloud', 'gsutil', 'bq', 'firebase'], (n) => ({ gcloud: GCLOUD_VALUE_FLAGS, gsutil: GSUTIL_VALUE_FLAGS, bq: BQ_VALUE_FLAGS, firebase: FIREBASE_VALUE_FLAGS })[n] ?? new Set(), 3),
  ]).map(launcherAware);

export const gcpPack: RulePack = {
  id: 'gcp',
  description: 'gcloud, gsutil, bq and firebase',
  rules: GCP_RULES,
};
