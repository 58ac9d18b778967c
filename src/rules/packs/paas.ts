import type { CommandRule, RuleHit, RulePack, SimpleCommand } from '../../core/types.js';
import { DECISION_RANK } from '../../core/types.js';
import { classifySql } from '../sql.js';
import { dynamicOperationRule, has, hasShort, hit, isHelpRequest, parseCli, pathRules, pathSpecMatches, value, verbIndex, type CliCall, type PathSpec, launcherAware } from './shared-cloud.js';

/**
 * Platform CLIs: DigitalOcean (doctl), Fly.io (fly/flyctl), Heroku, Vercel, Netlify, Supabase, Railway,
 * plus Cloudflare wrangler, serverless database platforms (neonctl, pscale, turso, MongoDB atlas) and the
 * data platforms' CLIs (Databricks `databricks`, Snowflake `snow`).
 * Destroying apps, databases, volumes and projects is denied; other deletes ask; status, list, logs and
 * deploys are allowed (a deploy replaces code, not data).
 */

const VALUE_FLAGS: Record<string, ReadonlySet<string>> = {
  doctl: new Set(['-t', '--access-token', '-c', '--config', '--context', '-o', '--output', '-u', '--api-url', '--format', '--region']),
  fly: new Set(['-a', '--app', '-c', '--config', '-t', '--access-token', '-o', '--org', '-r', '--region', '--image', '-i']),
  heroku: new Set(['-a', '--app', '-r', '--remote', '--confirm', '-c']),
  vercel: new Set(['-t', '--token', '-S', '--scope', '--cwd', '-A', '--local-config', '-Q', '--global-config', '-T', '--team']),
  netlify: new Set(['--auth', '--site', '-s', '--filter', '--context', '--data', '-d']),
  supabase: new Set(['--workdir', '--profile', '-o', '--output', '--dns-resolver', '--network-id', '--project-ref', '--db-url', '-p', '--password', '-s', '--schema']),
  railway: new Set(['-p', '--project', '-s', '--service', '-e', '--environment', '--2fa-code']),
  wrangler: new Set(['-c', '--config', '-e', '--env', '--cwd', '--database', '--binding', '--namespace-id', '--command', '--file', '--jurisdiction', '--name']),
  neonctl: new Set(['--api-key', '--project-id', '--org-id', '--context-file', '-o', '--output', '--config-dir']),
  pscale: new Set(['--org', '--service-token', '--service-token-id', '-f', '--format', '--config']),
  turso: new Set(['--config-path', '-g', '--group']),
  atlas: new Set(['-P', '--profile', '--projectId', '--clusterName', '-o', '--output', '--env', '--url', '-u', '--dev-url', '--to', '--from', '-c', '--config']),
};
VALUE_FLAGS.databricks = new Set([
  '-p', '--profile', '-o', '--output', '-t', '--target', '--log-file', '--log-format', '--log-level', '--progress-format', '--json',
  // options of the legacy (Python) CLI that name the resource
  '--cluster-id', '--job-id', '--run-id', '--pipeline-id', '--scope', '--key', '--principal', '--path', '--full-name', '--name', '--id',
  '--metastore-id', '--workspace-id', '--timeout',
]);
VALUE_FLAGS.snow = new Set([
  '-c', '--connection', '--account', '--accountname', '--user', '--username', '--password', '--authenticator', '--private-key-file',
  '--private-key-path', '--token-file-path', '--database', '--dbname', '--schema', '--schemaname', '--role', '--rolename', '--warehouse',
  '--host', '--port', '--region', '--mfa-passcode', '--format', '--diag-log-path', '--diag-allowlist-path', '-D', '--variable',
  '-q', '--query', '-f', '--filename', '-p', '--project', '--env', '--entity-id', '--like', '--in', '--scope',
]);
VALUE_FLAGS.flyctl = VALUE_FLAGS.fly;
VALUE_FLAGS.neon = VALUE_FLAGS.neonctl;

const DELETE = /^(delete|destroy|rm|remove|purge|d)$/;
const nameArg = (c: CliCall, at: number) => c.path[at] ?? value(c, '-a', '--app', '--name') ?? 'the resource';
const yes = (c: CliCall) => (has(c, '--yes', '--force', '--confirm', '--auto-confirm') || hasShort(c, 'y') ? ' without a prompt' : '');

/** A hit that names the database it destroys, so the gate can ask whether a restore of it was proven. */
function withDatabase(name: string | undefined, h: RuleHit): RuleHit {
  return name ? { ...h, database: name } : h;
}

/** The Heroku Postgres database `pg:reset` or `addons:destroy` destroys: a unique add-on name, else the app. */
function herokuDatabase(sub: string, arg: string | undefined, app: string | undefined): string | undefined {
  if (sub === 'pg:reset') return arg && !/^(DATABASE(_URL)?|HEROKU_POSTGRESQL_\w+_URL)$/.test(arg) ? arg : app;
  if (sub === 'addons:destroy' || sub === 'addons:remove') {
    if (!arg || !/postgres/i.test(arg)) return undefined;
    return /^heroku-postgresql(:|$)/.test(arg) ? app : arg;
  }
  return undefined;
}

/** The remote database `supabase db reset` destroys: the project ref, or the database named in --db-url. */
function supabaseDatabase(c: CliCall): string | undefined {
  const ref = value(c, '--project-ref');
  if (ref) return ref;
  const url = value(c, '--db-url');
  if (!url) return undefined;
  try {
    const u = new URL(url);
    const project = /^db\.([a-z0-9]+)\.supabase\.co$/.exec(u.hostname)?.[1];
    return project ?? (u.pathname.replace(/^\//, '') || u.hostname);
  } catch {
    return undefined;
  }
}

/** neonctl/pscale/turso/atlas: the project, database, branch or cluster a delete destroys (not backups or groups). */
function dbaasDatabase(c: CliCall, verb: number): string | undefined {
  if (verb < 1 || !/^(projects?|databases?|db|branch(es)?|clusters?)$/.test(c.path[verb - 1])) return undefined;
  const args = c.path.slice(verb + 1);
  // pscale branch delete DB BRANCH: the branch of that database
  if (c.tool === 'pscale' && /^branch/.test(c.path[verb - 1]) && args.length >= 2) return `${args[0]}/${args[1]}`;
  return args[0] ?? value(c, '--project-id', '--clusterName');
}

const SPECS: PathSpec[] = [
  // ------------------------------------------------------------ DigitalOcean
  {
    id: 'paas.doctl-data-delete', level: 'deny', summary: 'doctl databases/volumes/droplets/snapshots/clusters/registries delete', commands: ['doctl'],
    paths: [
      ['databases|database|db|dbs|d', 'delete|rm|d'], ['databases|database|db|dbs|d', 'db|backups', 'delete|rm|d'],
      ['compute', 'volume|droplet|snapshot|image|d|v|s', 'delete|rm|d'],
      ['kubernetes|k8s|k', 'cluster|c', 'delete|rm|d|delete-selective'],
      ['registry|r', 'delete|rm|d'],
    ],
    describe: (c) => {
      const verb = verbIndex(c, DELETE);
      const what = c.path.slice(0, verb).join(' ');
      // `databases delete CLUSTER` destroys the cluster, `databases db delete CLUSTER DB` one database of it
      const dbName = /^(databases|database|db|dbs|d)$/.test(c.path[0]) && verb >= 1 && c.path[verb - 1] !== 'backups'
        ? (c.path[1] === 'db' ? c.path[verb + 2] : c.path[verb + 1]) : undefined;
      return withDatabase(dbName, hit(
        `doctl ${c.path.slice(0, verb + 1).join(' ')} deletes ${c.path[1] === 'db' && c.path[verb + 2] ? `database ${c.path[verb + 2]} of cluster ${c.path[verb + 1]}` : c.path[verb + 1] ?? 'the resource'}${yes(c)}${has(c, '--dangerous') ? ', and --dangerous also deletes its volumes and load balancers' : ''}.`,
        /databases|db/.test(what) ? 'the database and its data (backups of a deleted cluster are not kept)' : 'the resource and the data on it',
        `doctl ${what} get ${c.path[verb + 1] ?? 'ID'} (review); take a snapshot/backup; a human deletes it`,
      ));
    },
  },
  // ------------------------------------------------------------ Fly.io
  {
    id: 'paas.fly-destroy', level: 'deny', summary: 'fly apps destroy / fly destroy / volumes destroy / postgres|mysql|redis|storage destroy', commands: ['fly', 'flyctl'],
    paths: [['destroy|delete'], ['apps|app', 'destroy|delete|remove|rm'], ['volumes|volume|vol', 'destroy|delete|rm'], ['postgres|pg|mpg|mysql|redis|storage|tigris|ext', 'destroy|delete|rm'], ['ext', '*', 'destroy|delete|rm']],
    describe: (c) => {
      const volume = /^vol/.test(c.path[0]);
      const target = c.path[c.path.findIndex((w) => /^(destroy|delete|remove|rm)$/.test(w)) + 1] ?? value(c, '-a', '--app') ?? 'the app';
      const database = /^(postgres|pg|mpg|mysql)$/.test(c.path[0]) && target !== 'the app' ? target : undefined;
      return withDatabase(database, hit(
        volume ? `fly volumes destroy permanently deletes volume ${target} and all its data${yes(c)}.` : `fly ${c.path.slice(0, 2).join(' ')} destroys ${target}${yes(c)}, with its volumes, machines and data.`,
        volume ? 'every file on the volume (only snapshots, 5 days by default, remain)' : 'the app or database, its volumes and data',
        volume ? `fly volumes snapshots create ${target} first; a human destroys volumes` : `fly status / fly volumes list -a ${target} (review); a human destroys apps`,
      ));
    },
  },
  {
    id: 'paas.fly-machine-destroy', level: 'ask', summary: 'fly machine destroy / remove', commands: ['fly', 'flyctl'],
    paths: [['machine|machines|m', 'destroy|remove|rm|kill']],
    describe: (c) => hit(`fly machine ${c.path[1]} removes machine ${c.path[2] ?? ''}${has(c, '--force') ? ' even while running (--force)' : ''}.`.replace('  ', ' '), 'the machine (an attached volume is kept)', 'fly machine stop (reversible)'),
  },
  // ------------------------------------------------------------ Heroku
  {
    id: 'paas.heroku-destroy', level: 'deny', summary: 'heroku apps:destroy, pg:reset, addons:destroy, pg:copy, pg:backups:delete/restore, spaces:destroy', commands: ['heroku'],
    paths: [['apps:destroy|destroy|apps:delete|pg:reset|addons:destroy|addons:remove|pg:copy|pg:backups:delete|pg:backups:restore|spaces:destroy|redis:reset'], ['pg:backups', 'delete|restore']],
    describe: (c) => {
      const sub = c.path[0];
      const app = value(c, '-a', '--app', '--confirm') ?? 'the app';
      const reason: Record<string, string> = {
        'apps:destroy': `heroku apps:destroy permanently deletes ${app} with its add-ons (Heroku Postgres included) and their data.`,
        destroy: `heroku destroy permanently deletes ${app} with its add-ons and their data.`,
        'pg:reset': `heroku pg:reset deletes every table and row in ${c.path[1] ?? 'the database'} of ${app}.`,
        'addons:destroy': `heroku addons:destroy deletes ${c.path[1] ?? 'the add-on'} and the data it holds (a Postgres add-on is the database).`,
        'pg:copy': `heroku pg:copy overwrites ${c.path[2] ?? 'the target database'} with ${c.path[1] ?? 'the source'}.`,
        'pg:backups:delete': 'heroku pg:backups:delete deletes a database backup.',
        'pg:backups:restore': `heroku pg:backups:restore overwrites the current data of ${c.path[2] ?? 'the database'} with a backup.`,
        'spaces:destroy': 'heroku spaces:destroy deletes a Private Space and everything in it.',
        'redis:reset': 'heroku redis:reset erases all Redis data.',
      };
      return withDatabase(herokuDatabase(sub, c.path[1], value(c, '-a', '--app', '--confirm')), hit(
        (reason[sub] ?? `heroku ${c.path.slice(0, 2).join(' ')} deletes or overwrites data of ${app}.`) + (has(c, '--confirm') ? ' --confirm answers the safety prompt in advance.' : ''),
        /pg:copy|restore/.test(sub + c.path[1]) ? 'everything currently in the target database' : 'the app/database and its data',
        `heroku pg:backups:capture -a ${app.replace('the app', 'APP')} first; a human runs it`,
      ));
    },
  },
  {
    id: 'paas.heroku-push-db', level: 'ask', summary: 'heroku pg:push (writes a local database to Heroku)', commands: ['heroku'],
    paths: [['pg:push']],
    describe: (c) => hit(`heroku pg:push copies a local database into ${c.path[2] ?? 'a Heroku database'}.`, 'the remote database contents if it was not empty', 'heroku pg:backups:capture first'),
  },
  // ------------------------------------------------------------ Vercel
  {
    id: 'paas.vercel-remove', level: 'ask', summary: 'vercel remove/rm (deny for a whole project), vercel project rm', commands: ['vercel'],
    paths: [['remove|rm'], ['project|projects', 'rm|remove']],
    describe: (c) => {
      const projectCmd = c.path[0] === 'project' || c.path[0] === 'projects';
      const targets = c.path.slice(projectCmd ? 2 : 1);
      const wholeProject = projectCmd || (!has(c, '--safe') && !hasShort(c, 's') && targets.some((t) => !t.includes('.') && !/^dpl_/.test(t) && !/^https?:/.test(t)));
      return hit(
        wholeProject ? `vercel ${projectCmd ? 'project rm' : 'remove'} ${targets.join(' ')} removes the entire project: deployments, domains and environment variables${yes(c)}.`
          : `vercel remove deletes deployment(s) ${targets.join(' ')}.`,
        wholeProject ? 'all deployments, domains, environment variables and settings of the project' : 'those deployments',
        wholeProject ? `vercel remove ${targets.join(' ')} --safe (keeps deployments with an alias), or vercel project ls to review; a human removes projects` : 'vercel ls (review), then remove specific deployment URLs',
        wholeProject ? 'deny' : undefined,
      );
    },
  },
  // ------------------------------------------------------------ Netlify
  {
    id: 'paas.netlify-sites-delete', level: 'deny', summary: 'netlify sites:delete (and api deleteSite)', commands: ['netlify'],
    paths: [['sites:delete'], ['api', 'deleteSite']],
    describe: (c) => hit(
      `netlify ${c.path.slice(0, 2).join(' ')} permanently deletes site ${c.path[1] === 'deleteSite' ? value(c, '--data', '-d') ?? '' : c.path[1] ?? ''}${yes(c)}; there is no undo.`.replace('  ', ' '),
      'the site, every deploy, its forms data and settings',
      'netlify sites:list / netlify status (confirm the site); a human deletes sites',
    ),
  },
  // ------------------------------------------------------------ Supabase
  {
    id: 'paas.supabase-remote-reset', level: 'deny', summary: 'supabase db reset --linked / --db-url (resets a remote database)', commands: ['supabase'],
    paths: [['db', 'reset']],
    when: (c) => has(c, '--linked', '--db-url'),
    describe: (c) => withDatabase(supabaseDatabase(c), hit(
      `supabase db reset ${has(c, '--linked') ? '--linked' : '--db-url'} drops and recreates the REMOTE database${yes(c)}.`,
      'all data in the linked (remote) project database',
      'supabase db dump --linked -f backup.sql first; reset only the local database (supabase db reset)',
    )),
  },
  {
    id: 'paas.supabase-projects-delete', level: 'deny', summary: 'supabase projects delete', commands: ['supabase'],
    paths: [['projects', 'delete']],
    describe: (c) => withDatabase(c.path[2] ?? value(c, '--project-ref'), hit(`supabase projects delete deletes project ${c.path[2] ?? value(c, '--project-ref') ?? ''} with its database, storage and auth users.`.replace('  ', ' '), 'the whole project: database, storage objects, users', 'supabase db dump first; a human deletes projects')),
  },
  {
    id: 'paas.supabase-remote-change', level: 'ask', summary: 'supabase db push / migration repair / branches delete / storage rm (deny recursive)', commands: ['supabase'],
    paths: [['db', 'push'], ['migration', 'repair'], ['branches', 'delete'], ['storage', 'rm'], ['stop']],
    when: (c) => !(c.path[0] === 'stop' && !has(c, '--no-backup')) && !(c.path[1] === 'push' && has(c, '--dry-run', '--local')),
    describe: (c) => {
      const rec = c.path[0] === 'storage' && (has(c, '--recursive') || hasShort(c, 'r'));
      const text: Record<string, string> = {
        push: 'supabase db push applies local migrations to the remote database (destructive migrations included).',
        repair: 'supabase migration repair rewrites the remote migration history; the next push may re-run or skip migrations.',
        delete: `supabase branches delete deletes preview branch ${c.path[2] ?? ''} and its database.`.replace('  ', ' '),
        rm: `supabase storage rm${rec ? ' -r' : ''} deletes ${c.path.slice(2).join(' ') || 'objects'}${rec ? ' and everything below' : ''}.`,
        stop: 'supabase stop --no-backup deletes the local database volumes.',
      };
      return hit(
        text[c.path[1] ?? c.path[0]] ?? text[c.path[0]] ?? `supabase ${c.path.join(' ')}`,
        c.path[0] === 'storage' ? 'the stored objects' : 'database data or migration history',
        c.path[1] === 'push' ? 'supabase db push --dry-run (review), supabase db dump --linked -f backup.sql first' : 'back up first (supabase db dump / storage cp); a human runs it',
        rec ? 'deny' : undefined,
      );
    },
  },
  // ------------------------------------------------------------ Railway
  {
    id: 'paas.railway-delete', level: 'deny', summary: 'railway delete (project), volume/environment delete', commands: ['railway'],
    paths: [['delete|rm|remove'], ['project|projects', 'delete|rm|remove'], ['volume|volumes', 'delete|rm|remove'], ['environment|env', 'delete|rm|remove']],
    describe: (c) => {
      const kind = c.path[0] === 'volume' || c.path[0] === 'volumes' ? 'volume' : c.path[0] === 'environment' || c.path[0] === 'env' ? 'environment' : 'project';
      const what = kind === 'volume' ? 'the volume and every file on it' : `the ${kind}${value(c, '-p', '--project') ? ` ${value(c, '-p', '--project')}` : ''} with its services, deployments and data`;
      return hit(
        `railway ${c.path.slice(0, kind === 'project' && c.path[0] !== 'project' ? 1 : 2).join(' ')} permanently deletes ${what}${yes(c)}.`,
        kind === 'volume' ? 'every file on the volume' : `every service, database and volume in the ${kind}`,
        'railway status / railway list (confirm the target); back up databases; a human deletes it',
      );
    },
  },
  {
    id: 'paas.railway-down', level: 'ask', summary: 'railway down (removes the latest deployment)', commands: ['railway'],
    paths: [['down']],
    describe: () => hit('railway down removes the most recent deployment of the service.', 'the running deployment (the service goes down)', 'railway redeploy / railway status first'),
  },
  // ------------------------------------------------------------ Cloudflare wrangler
  {
    id: 'paas.wrangler-data-delete', level: 'deny', summary: 'wrangler d1/r2 bucket/kv namespace/vectorize delete, d1 time-travel restore', commands: ['wrangler'],
    paths: [['d1', 'delete'], ['r2', 'bucket', 'delete'], ['kv', 'namespace', 'delete'], ['kv:namespace', 'delete'], ['vectorize', 'delete'], ['d1', 'time-travel', 'restore'], ['queues', 'delete']],
    describe: (c) => withDatabase(c.path[0] === 'd1' && c.path[1] === 'delete' ? c.path[2] : undefined, hit(
      `wrangler ${c.path.slice(0, c.path.findIndex((w) => w === 'delete' || w === 'restore') + 1).join(' ')} ${c.path.includes('restore') ? 'overwrites' : 'deletes'} ${c.path[c.path.findIndex((w) => w === 'delete' || w === 'restore') + 1] ?? 'the data store'}${has(c, '-y', '--skip-confirmation') ? ' without confirmation' : ''}.`,
      c.path.includes('restore') ? 'everything written since the restore point' : 'all data in it',
      c.path[0] === 'd1' ? 'wrangler d1 export DB --remote --output backup.sql first' : 'export or copy the data first; a human deletes it',
    )),
  },
  {
    id: 'paas.wrangler-d1-sql', level: 'deny', summary: 'wrangler d1 execute --remote with DROP/TRUNCATE/DELETE without WHERE', commands: ['wrangler'],
    paths: [['d1', 'execute']],
    when: (c) => !has(c, '--local') && /\b(DROP\s+TABLE|DROP\s+INDEX|TRUNCATE)\b|\bDELETE\s+FROM\s+[\w"`[\].]+\s*(;|$)/i.test(value(c, '--command') ?? ''),
    describe: (c) => hit(
      `wrangler d1 execute runs "${(value(c, '--command') ?? '').slice(0, 80)}" against ${has(c, '--remote') ? 'the production (remote)' : 'the'} database.`,
      'the dropped or emptied tables',
      'wrangler d1 export DB --remote --output backup.sql first; test with --local',
    ),
  },
  // ------------------------------------------------------------ serverless databases
  {
    id: 'paas.dbaas-delete', level: 'deny', summary: 'neonctl/pscale/turso/MongoDB atlas deletes of projects, branches, databases, clusters, backups (Ariga atlas schema clean is the migrations pack\'s)', commands: ['neonctl', 'neon', 'pscale', 'turso', 'atlas'],
    paths: [
      ['projects|project|branches|branch|databases|database|db|clusters|cluster|backup|backups|group|groups', 'delete|destroy|reset|rm'],
      ['backups|backup', 'snapshots|snapshot|schedule', 'delete|rm'],
    ],
    describe: (c) => {
      const verb = c.path.findIndex((w) => /^(delete|destroy|reset|rm)$/.test(w));
      const database = dbaasDatabase(c, verb);
      return withDatabase(database, hit(
        c.path[verb] === 'reset' ? `${c.tool} ${c.path.slice(0, verb + 1).join(' ')} overwrites ${database ?? c.path[verb + 1] ?? 'the branch'} with its parent's data${yes(c)}.`
          : `${c.tool} ${c.path.slice(0, verb + 1).join(' ')} deletes ${database ?? c.path[verb + 1] ?? 'the resource'}${yes(c)}.`,
        'the database/branch/cluster data (provider history may allow a restore for a short time)',
        'create a backup/branch first; a human runs it',
      ));
    },
  },
];

/** Any other delete/destroy in these CLIs: ask. */
const GENERIC_TOOLS = [
  'doctl', 'fly', 'flyctl', 'heroku', 'vercel', 'netlify', 'supabase', 'railway', 'wrangler', 'neonctl', 'neon', 'pscale', 'turso', 'atlas',
  // other clouds and platforms whose CLIs name deletions the same way (`hcloud volume delete`, `cf delete-service`,
  // `openstack volume delete`, `oci db autonomous-database delete`, `linode-cli volumes delete`)
  'cf', 'render', 'upstash', 'planetscale', 'mongocli', 'hcloud', 'scw', 'linode-cli', 'vultr-cli', 'civo', 'exo', 'ibmcloud', 'oci', 'openstack', 'aliyun', 'tccli', 'stripe',
  // object-storage and cloud CLIs of other providers (`ossutil rm oss://b -r -f`, `coscli rm`, `upctl server delete`)
  'ossutil', 'ossutil64', 'coscli', 'coscmd', 'obsutil', 'upctl',
];
/**
 * Verbs that delete, or overwrite a machine's disk: delete/destroy/rm…, `X-delete` and `X-rm` (ibmcloud
 * `service-instance-delete`, linode-cli `mysql-delete`), `terminate`, `rb`, `rebuild`/`reinstall`/`reimage`,
 * and the PascalCase API names of aliyun and tccli (`DeleteInstances`, `TerminateDisks`, `DestroyDBInstance`).
 */
const GENERIC_DELETE_VERB = /^(delete|destroy|rm|remove|purge|unset|del|delete-.+|.+-delete|.+-rm|terminate|rb|rebuild|reinstall|reimage|(Delete|Terminate|Destroy|Remove|Release|Purge)[A-Z]\w*)$/;
const genericDelete: CommandRule = {
  id: 'paas.delete-operation', level: 'ask', summary: 'any other delete/destroy/remove in the platform CLIs', commands: GENERIC_TOOLS,
  match(cmd, ctx) {
    const call = parseCli(cmd, VALUE_FLAGS[cmd.name] ?? new Set());
    if (isHelpRequest(call) || has(call, '--dry-run')) return null;
    const colonVerb = call.path.findIndex((w, i) => i <= 1 && /:(destroy|delete|remove|rm|unset|reset|disable|purge)$/.test(w));
    const at = colonVerb >= 0 ? colonVerb : call.path.findIndex((w, i) => i <= 3 && GENERIC_DELETE_VERB.test(w));
    if (at < 0) return null;
    if (SPECS.some((s) => s.commands.includes(cmd.name) && pathSpecMatches(s, call, ctx))) return null;
    return hit(
      `${cmd.name} ${call.path.slice(0, at + 1).join(' ')} deletes or removes ${call.path[at + 1] ?? 'something'}.`,
      `whatever ${call.path.slice(0, at + 1).join(' ')} removes`,
      `look first with the matching list/get/status command; then let a human run it`,
    );
  },
};

// ------------------------------------------------------------ Databricks
/** Unity Catalog objects that hold data: deleting one deletes its tables' data (managed tables and volumes). */
const DBX_DATA_GROUPS = /^(metastores|catalogs|schemas|tables|volumes|online-tables)$/;
const DBX_DB_GROUPS = /^(metastores|catalogs|schemas)$/;
const DBX_DELETE = /^(delete|permanent-delete|delete-[\w-]+|destroy|rm|remove|trash|purge)$/;
/** Groups that only prefix another group: `databricks account metastores delete`, legacy `databricks unity-catalog catalogs delete`. */
const DBX_PREFIX = new Set(['account', 'unity-catalog']);

interface DbxOp { group: string; verb: string; target: string; level: 'ask' | 'deny'; database?: string; text: string; loses: string; safer: string }

function databricksOp(c: CliCall): DbxOp | null {
  const start = DBX_PREFIX.has(c.path[0] ?? '') ? 1 : 0;
  const group = c.path[start] ?? '';
  const verb = c.path[start + 1] ?? '';
  if (!DBX_DELETE.test(verb) && !(group === 'api' && verb === 'delete')) return null;
  const target = c.path[start + 2] ?? value(c, '--full-name', '--name', '--id', '--cluster-id', '--job-id', '--pipeline-id', '--path', '--metastore-id', '--scope') ?? '';
  const named = target || 'the object';
  const force = has(c, '--force');
  const recursive = has(c, '--recursive') || hasShort(c, 'r');
  const shownCmd = ['databricks', ...c.path.slice(0, start + 2)].join(' ');
  if (DBX_DATA_GROUPS.test(group) && verb === 'delete') {
    const container = DBX_DB_GROUPS.test(group);
    return {
      group, verb, target, level: 'deny', ...(container && target ? { database: target } : {}),
      text: `${shownCmd} deletes ${group.replace(/s$/, '')} ${named}${container ? (force ? ' with everything in it (--force deletes it even when it is not empty)' : ' (and, if it is not empty and --force is added, everything in it)') : ' and its data (managed tables and volumes lose their files)'}.`,
      loses: container ? `every schema, table and volume in ${named} (managed data is deleted with it)` : `the data of ${named}`,
      safer: `databricks ${group} get ${target || 'NAME'} (review); clone or back up the data first (DEEP CLONE); a human deletes Unity Catalog objects`,
    };
  }
  if (group === 'database' && /^delete-(database-instance|database-catalog|synced-database-table)$/.test(verb)) {
    const instance = verb === 'delete-database-instance';
    return {
      group, verb, target, level: 'deny', ...(instance && target ? { database: target } : {}),
      text: `${shownCmd} deletes ${instance ? 'Lakebase database instance' : verb.replace('delete-', '').replace(/-/g, ' ')} ${named}${instance && has(c, '--purge') ? ' and purges it (no restore)' : ''}.`,
      loses: instance ? `the Postgres database instance ${named} and every database in it` : `the data of ${named}`,
      safer: 'take a backup or a child instance first; a human deletes databases',
    };
  }
  if (group === 'pipelines' && verb === 'delete') {
    return {
      group, verb, target, level: 'deny',
      text: `${shownCmd} deletes pipeline ${named}; for a Unity Catalog pipeline the deletion cascades to every streaming table and materialized view it publishes.`,
      loses: `the pipeline ${named} and the tables it publishes`,
      safer: `databricks pipelines get ${target || 'ID'} (see what it publishes); stop it instead (databricks pipelines stop), and let a human delete it`,
    };
  }
  if (group === 'workspace' && (verb === 'delete' || verb === 'rm')) {
    return {
      group, verb, target, level: recursive ? 'deny' : 'ask',
      text: recursive ? `${shownCmd} --recursive deletes ${named} and every notebook, file and folder below it.` : `${shownCmd} deletes ${named} from the workspace.`,
      loses: recursive ? `every notebook and file under ${named}` : `the notebook or file ${named}`,
      safer: `databricks workspace export${recursive ? '-dir' : ''} ${target || 'PATH'} ./backup first; a human deletes workspace folders`,
    };
  }
  if (group === 'fs' && (verb === 'rm' || verb === 'delete')) {
    return {
      group, verb, target, level: recursive ? 'deny' : 'ask',
      text: `${shownCmd}${recursive ? ' -r' : ''} deletes ${named}${recursive ? ' and everything below it' : ''} (DBFS and Unity Catalog volume files have no recycle bin).`,
      loses: recursive ? `every file under ${named}` : `the file ${named}`,
      safer: `databricks fs ls ${target || 'PATH'} (review); copy it away first (databricks fs cp -r); a human deletes it`,
    };
  }
  if (group === 'bundle' && verb === 'destroy') {
    const auto = has(c, '--auto-approve');
    return {
      group, verb, target, level: auto ? 'deny' : 'ask',
      text: `databricks bundle destroy deletes every resource the bundle deployed (jobs, pipelines with their tables, schemas, volumes)${auto ? ' without asking (--auto-approve)' : ''}.`,
      loses: 'the deployed jobs, pipelines and any schemas/volumes the bundle defines, with their data',
      safer: 'databricks bundle summary (review what is deployed); a human runs bundle destroy',
    };
  }
  if (group === 'api') {
    const data = /\/(unity-catalog\/(metastores|catalogs|schemas|tables|volumes)|pipelines|database\/instances)\//.test(`${target}/`);
    return {
      group, verb, target, level: data ? 'deny' : 'ask',
      text: `databricks api delete ${named} calls the REST API to delete that object${data ? ' (a data object: catalog, schema, table, volume, pipeline or database)' : ''}.`,
      loses: `whatever ${named} names${data ? ' and its data' : ''}`,
      safer: `databricks api get ${target || 'PATH'} (review); a human deletes it`,
    };
  }
  return {
    group, verb, target, level: 'ask',
    text: `${shownCmd} deletes ${named}${verb === 'permanent-delete' ? ' permanently (its configuration cannot be restored)' : ''}.`,
    loses: `the ${group.replace(/s$/, '')} ${named}`,
    safer: `databricks ${group} get ${target || 'ID'} / list (review); then let a human run it`,
  };
}

const databricksDelete: CommandRule = {
  id: 'paas.databricks-delete', level: 'ask',
  summary: 'databricks deletes: Unity Catalog metastores/catalogs/schemas/tables/volumes, pipelines, Lakebase instances, workspace delete --recursive, fs rm -r (deny); other deletes (ask)',
  commands: ['databricks'],
  match(cmd) {
    const c = parseCli(cmd, VALUE_FLAGS.databricks);
    if (isHelpRequest(c)) return null;
    const op = databricksOp(c);
    if (!op) return null;
    const h = hit(op.text, op.loses, op.safer, op.level === 'deny' ? 'deny' : undefined);
    return op.database ? { ...h, database: op.database } : h;
  },
};

// ------------------------------------------------------------ Snowflake CLI (snow)
/** Object types whose drop deletes data (tables, stages' files) rather than a definition. */
const SNOW_DATA_OBJECTS = /^(database|schema|table|dynamic[-_]table|hybrid[-_]table|iceberg[-_]table|event[-_]table|stage)$/;

/**
 * SQL that `snow sql` runs: `-q/--query`, `-f/--filename` files, or standard input with `-i/--stdin`.
 * A source whose text cannot be known before it runs (a variable, an unreadable file, a program's output)
 * has `text: null`.
 */
function snowSql(c: CliCall, cmd: SimpleCommand, files: ReadonlyMap<string, string>): { text: string | null; where: string }[] {
  const out: { text: string | null; where: string }[] = [];
  const dyn = (i: number) => cmd.dynamic[i + 1] === true;
  for (let i = 0; i < c.words.length; i++) {
    const w = c.words[i];
    if ((w === '-q' || w === '--query') && i + 1 < c.words.length) out.push({ text: dyn(i + 1) ? null : c.words[i + 1], where: `${w} argument (${c.words[i + 1]})` });
    else if (w.startsWith('--query=')) out.push({ text: dyn(i) ? null : w.slice('--query='.length), where: '--query argument' });
  }
  for (const f of snowSqlFiles(c)) out.push({ text: files.get(f) ?? null, where: f });
  if (has(c, '-i', '--stdin')) {
    const s = cmd.stdin;
    if (s.kind === 'heredoc' || s.kind === 'herestring') out.push({ text: s.text, where: 'standard input' });
    else if (s.kind === 'pipe') out.push({ text: s.text ?? null, where: 'standard input' });
    else if (s.kind === 'file') out.push({ text: files.get(s.path) ?? null, where: s.path });
    else out.push({ text: null, where: 'standard input' });
  }
  return out;
}

function snowSqlFiles(c: CliCall): string[] {
  const out: string[] = [];
  for (let i = 0; i < c.words.length; i++) {
    const w = c.words[i];
    if ((w === '-f' || w === '--filename') && i + 1 < c.words.length) out.push(c.words[i + 1]);
    else if (w.startsWith('--filename=')) out.push(w.slice('--filename='.length));
  }
  return out;
}

const snowflakeDrop: CommandRule = {
  id: 'paas.snowflake-drop', level: 'ask',
  summary: 'snow object drop of databases/schemas/tables/stages and destructive SQL through snow sql (deny); other snow drop/remove/teardown (ask)',
  commands: ['snow'],
  inputFiles(cmd) {
    const c = parseCli(cmd, VALUE_FLAGS.snow);
    if (c.path[0] !== 'sql') return [];
    const stdinFile = cmd.stdin.kind === 'file' && has(c, '-i', '--stdin') ? [cmd.stdin.path] : [];
    return [...snowSqlFiles(c), ...stdinFile];
  },
  match(cmd, ctx) {
    const c = parseCli(cmd, VALUE_FLAGS.snow);
    if (isHelpRequest(c)) return null;
    if (c.path[0] === 'sql') {
      let worst: { level: 'ask' | 'deny'; statement: string; description: string; database?: string; where: string } | null = null;
      const sources = snowSql(c, cmd, ctx.files);
      for (const src of sources) {
        if (src.text === null) continue;
        for (const e of classifySql(src.text, 'generic')) {
          if (!worst || DECISION_RANK[e.level] > DECISION_RANK[worst.level]) worst = { level: e.level, statement: e.statement, description: e.description, database: e.database, where: src.where };
        }
      }
      if (!worst) {
        const unseen = sources.find((s) => s.text === null);
        if (!unseen) return null;
        return hit(
          `snow sql runs SQL from ${unseen.where}, which cannot be read before it runs: it may drop or delete data.`,
          'unknown: whatever that SQL drops or deletes',
          'write the SQL out literally (snow sql -q \'…\') or keep the file in the project so it can be checked',
        );
      }
      const h: RuleHit = hit(
        `snow sql would run "${worst.statement}" (from its ${worst.where}): ${worst.description}.`,
        'the dropped or emptied objects and their rows (Time Travel may allow UNDROP for a limited time)',
        'run a SELECT COUNT(*) over the same objects first, and clone them (CREATE … CLONE); a human runs destructive SQL',
        worst.level === 'deny' ? 'deny' : undefined,
      );
      return worst.database ? { ...h, database: worst.database } : h;
    }
    if (c.path[0] === 'object' && c.path[1] === 'drop') {
      const type = (c.path[2] ?? '').toLowerCase();
      const name = c.path[3] ?? 'the object';
      const data = SNOW_DATA_OBJECTS.test(type);
      const h = hit(
        `snow object drop ${type} ${name} drops the ${type.replace(/[-_]/g, ' ') || 'object'}${data ? (type === 'stage' ? ' and the files staged in it' : ' and all its data') : ''}.`,
        data ? `the data in ${name}${type === 'database' || type === 'schema' ? ' (every table in it)' : ''}; UNDROP only works within the Time Travel retention` : `the ${type || 'object'} ${name}`,
        `snow object describe ${type || 'TYPE'} ${name} (review); clone it first (CREATE … CLONE); a human drops it`,
        data ? 'deny' : undefined,
      );
      return (type === 'database' || type === 'schema') && c.path[3] ? { ...h, database: c.path[3] } : h;
    }
    const at = c.path.findIndex((w, i) => i <= 2 && /^(drop|remove|teardown|delete|rm)$/.test(w));
    if (at < 0) return null;
    const cascade = c.path[at] === 'teardown' && has(c, '--cascade');
    return hit(
      `snow ${c.path.slice(0, at + 1).join(' ')} ${[c.path[at] === 'teardown' ? 'drops the application' : 'removes', ...c.path.slice(at + 1, at + 3)].join(' ')}${cascade ? ' and every object it owns in the account (--cascade), databases included' : ''}.`,
      cascade ? 'the application and the databases and objects it owns' : `whatever snow ${c.path.slice(0, at + 1).join(' ')} removes`,
      `look first (snow ${c.path.slice(0, Math.max(at, 1)).join(' ')} list / describe); then let a human run it`,
      cascade ? 'deny' : undefined,
    );
  },
};

function build(): CommandRule[] {
  return SPECS.flatMap((s) => pathRules([s], VALUE_FLAGS[s.commands[0]] ?? new Set()));
}

const PAAS_RULES: CommandRule[] = ([...build(), genericDelete, databricksDelete, snowflakeDrop, dynamicOperationRule('paas.dynamic-operation', [...GENERIC_TOOLS, 'databricks', 'snow'], (n) => VALUE_FLAGS[n] ?? new Set(), 3)]).map(launcherAware);

export const paasPack: RulePack = {
  id: 'paas',
  description: 'doctl, flyctl, heroku, vercel, netlify, supabase, railway, wrangler, neonctl, pscale, turso, atlas, databricks, snow; deletions in other platform CLIs (cf, render, hcloud, scw, linode-cli, oci, openstack, stripe…)',
  rules: PAAS_RULES,
};
