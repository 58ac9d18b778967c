import type { CommandRule, RuleContext, RuleHit, RulePack, SimpleCommand } from '../../core/types.js';
import { flagValue, hasFlag, positionals } from '../argv.js';
import { classifyMongoJs, classifyRedisText, classifyRedisWords, classifySql, includedFiles, type SqlDialect, type SqlEffect } from '../sql.js';
import { posix } from 'node:path';

/**
 * SQL and datastore clients. The SQL a client would run is gathered from every place it can come from:
 * `-c`/`-e`/`--command`/`--execute`/`-q`/`-Q` arguments, positional SQL (sqlite3, duckdb), heredocs and
 * here-strings, literal pipes (`echo … | psql`), `< file` and `-f FILE` (read through inputFiles), and the
 * upstream `cat FILE | psql`. Every statement is classified by ../sql.ts.
 */

type Source = { kind: 'text'; text: string; where: string; dynamic?: boolean } | { kind: 'file'; path: string; where: string };

interface ClientSpec {
  dialect: SqlDialect;
  /** Options whose value is SQL. */
  sqlFlags: string[];
  /** Options whose value is a file of SQL. */
  fileFlags: string[];
  /** Options that take a value (to skip when finding positionals). */
  valueFlags: string[];
  /** How positional words are used: 'db' (database name only), 'sqlite' (DB then SQL), 'script' (script files). */
  positional: 'db' | 'sqlite' | 'script';
}

const CLIENTS: Record<string, ClientSpec> = {
  psql: {
    dialect: 'postgres', sqlFlags: ['-c', '--command'], fileFlags: ['-f', '--file'],
    valueFlags: ['-d', '--dbname', '-h', '--host', '-p', '--port', '-U', '--username', '-v', '--set', '--variable', '-o', '--output', '-L', '--log-file', '-P', '--pset', '-F', '--field-separator', '-R', '--record-separator', '-T', '--table-attr'],
    positional: 'db',
  },
  mysql: {
    dialect: 'mysql', sqlFlags: ['-e', '--execute'], fileFlags: [],
    valueFlags: ['-h', '--host', '-P', '--port', '-u', '--user', '-D', '--database', '-S', '--socket', '--default-character-set', '--defaults-file', '--defaults-extra-file', '--login-path', '--protocol', '--ssl-ca', '--ssl-cert', '--ssl-key', '--init-command'],
    positional: 'db',
  },
  sqlite3: { dialect: 'sqlite', sqlFlags: ['-cmd', '--cmd'], fileFlags: ['-init', '--init'], valueFlags: ['-separator', '-newline', '-nullvalue', '-vfs', '-maxsize', '-pagecache', '-lookaside', '-mmap', '-heap', '-A', '-zip'], positional: 'sqlite' },
  duckdb: { dialect: 'generic', sqlFlags: ['-c', '-s', '-cmd'], fileFlags: ['-f', '-init'], valueFlags: ['-separator', '-newline', '-nullvalue'], positional: 'sqlite' },
  'clickhouse-client': { dialect: 'generic', sqlFlags: ['-q', '--query'], fileFlags: ['--queries-file'], valueFlags: ['-h', '--host', '--port', '-u', '--user', '--password', '-d', '--database', '--format', '-f', '--config-file', '-C'], positional: 'db' },
  cqlsh: { dialect: 'generic', sqlFlags: ['-e', '--execute'], fileFlags: ['-f', '--file'], valueFlags: ['-u', '--username', '-p', '--password', '-k', '--keyspace', '--cqlshrc', '--encoding', '--cqlversion', '--protocol-version', '--connect-timeout', '--request-timeout'], positional: 'db' },
  sqlcmd: { dialect: 'generic', sqlFlags: ['-Q', '-q', '--query'], fileFlags: ['-i', '--input-file'], valueFlags: ['-S', '--server', '-U', '--user-name', '-P', '--password', '-d', '--database-name', '-o', '-W', '-s', '-h'], positional: 'db' },
  'snowsql': { dialect: 'generic', sqlFlags: ['-q', '--query'], fileFlags: ['-f', '--filename'], valueFlags: ['-a', '--accountname', '-u', '--username', '-d', '--dbname', '-s', '--schemaname', '-r', '--rolename', '-w', '--warehouse', '-c', '--connection'], positional: 'db' },
  'cockroach': { dialect: 'postgres', sqlFlags: ['-e', '--execute'], fileFlags: ['-f', '--file'], valueFlags: ['--url', '--host', '--port', '--user', '--database', '-d', '--certs-dir'], positional: 'db' },
  'usql': { dialect: 'generic', sqlFlags: ['-c', '--command'], fileFlags: ['-f', '--file'], valueFlags: ['-o', '--out', '-v', '--set'], positional: 'db' },
  'pgcli': { dialect: 'postgres', sqlFlags: [], fileFlags: [], valueFlags: ['-h', '--host', '-p', '--port', '-U', '--username', '-d', '--dbname'], positional: 'db' },
  'mycli': { dialect: 'mysql', sqlFlags: ['-e', '--execute'], fileFlags: [], valueFlags: ['-h', '--host', '-P', '--port', '-u', '--user', '-D', '--database'], positional: 'db' },
  'litecli': { dialect: 'sqlite', sqlFlags: ['-e', '--execute'], fileFlags: [], valueFlags: [], positional: 'db' },
  // MySQL Shell: -e runs SQL with --sql/--sqlc/--sqlx (its JS/Python modes are datastores.mysqlsh-code's)
  mysqlsh: { dialect: 'mysql', sqlFlags: ['-e', '--execute'], fileFlags: ['-f', '--file'], valueFlags: ['-u', '--user', '-h', '--host', '-P', '--port', '-D', '--schema', '--database', '-S', '--socket', '--uri', '--password'], positional: 'db' },
};
CLIENTS.mariadb = CLIENTS.mysql;
CLIENTS['mariadb-client'] = CLIENTS.mysql;
CLIENTS['clickhouse'] = { ...CLIENTS['clickhouse-client'] };
CLIENTS['turso'] = CLIENTS.sqlite3;
// InfluxDB 1.x: influx -execute 'DROP DATABASE x' (InfluxQL reads close enough to SQL for DROP/DELETE)
CLIENTS.influx = { dialect: 'generic', sqlFlags: ['-execute'], fileFlags: [], valueFlags: ['-host', '-port', '-username', '-password', '-database', '-format', '-precision', '-path', '-type'], positional: 'db' };

// cloud CLIs that run SQL: gcloud sql connect (SQL on stdin), gcloud spanner databases execute-sql --sql /
// ddl update --ddl, az postgres|mysql flexible-server execute -q / -f
CLIENTS.gcloud = { dialect: 'generic', sqlFlags: ['--sql', '--ddl'], fileFlags: ['--ddl-file'], valueFlags: ['--user', '--database', '--project', '--port', '--instance', '--region', '--zone'], positional: 'db' };
CLIENTS.az = { dialect: 'generic', sqlFlags: ['-q', '--querytext'], fileFlags: ['-f', '--file-path'], valueFlags: ['-n', '--name', '-u', '--admin-user', '-p', '--admin-password', '-d', '--database-name', '-g', '--resource-group', '--subscription'], positional: 'db' };
// heroku pg:psql [DATABASE] -c SQL -a APP: psql against the app's database
CLIENTS.heroku = { dialect: 'postgres', sqlFlags: ['-c', '--command'], fileFlags: ['-f', '--file'], valueFlags: ['-a', '--app', '-r', '--remote', '--credential'], positional: 'db' };

const SQL_CLIENTS = Object.keys(CLIENTS);

/** clickhouse's multi-tool form: `clickhouse client -q …`. */
function clientArgs(cmd: SimpleCommand): string[] {
  const a = cmd.argv.slice(1);
  if (cmd.name === 'clickhouse' && a[0] === 'client') return a.slice(1);
  if (cmd.name === 'cockroach' && a[0] === 'sql') return a.slice(1);
  if (cmd.name === 'turso' && a[0] === 'db' && a[1] === 'shell') return a.slice(3);
  if (cmd.name === 'heroku' && a[0] === 'pg:psql') return a.slice(1);
  if (cmd.name === 'gcloud') return a.filter((w) => !/^(sql|connect|spanner|databases|execute-sql|ddl|update|alpha|beta)$/.test(w));
  if (cmd.name === 'az') return a.slice(3);
  return a;
}

function isHelp(a: string[]): boolean {
  return a.some((w) => w === '--help' || w === '-?' || w === '--version' || w === '-V');
}

/**
 * `-tAc`: single-letter options run together, the last one (or one before an attached value) taking the SQL or
 * the file. Null when the word is not such a cluster, starts with the option itself (read above), or meets an
 * option that takes a value first. Clients whose options are long words with one dash (sqlite3 -cmd) have none.
 */
function clusterOption(w: string, spec: ClientSpec): { flag: string; rest: string } | null {
  if (spec.positional === 'sqlite' || !/^-[A-Za-z0-9]{2,}/.test(w) || w.includes('=')) return null;
  const takesCode = (f: string) => spec.sqlFlags.includes(f) || spec.fileFlags.includes(f);
  if ([...spec.sqlFlags, ...spec.fileFlags, ...spec.valueFlags].includes(w) || takesCode(w.slice(0, 2))) return null;
  for (let k = 1; k < w.length; k++) {
    const f = `-${w[k]}`;
    if (takesCode(f)) return { flag: f, rest: w.slice(k + 1) };
    if (spec.valueFlags.includes(f)) return null;
  }
  return null;
}

/** gcloud sql connect / spanner databases execute-sql / spanner databases ddl update (alpha/beta too). */
function gcloudRunsSql(argv: readonly string[]): boolean {
  const words = argv.slice(1).filter((w) => !w.startsWith('-') && w !== 'alpha' && w !== 'beta');
  return (words[0] === 'sql' && words[1] === 'connect') || (words[0] === 'spanner' && words[1] === 'databases' && (words[2] === 'execute-sql' || (words[2] === 'ddl' && words[3] === 'update')));
}

/** Where the SQL this command runs comes from. */
function sqlSources(cmd: SimpleCommand, spec: ClientSpec): Source[] {
  if ((cmd.name === 'clickhouse' && cmd.argv[1] !== 'client') || (cmd.name === 'cockroach' && cmd.argv[1] !== 'sql') || (cmd.name === 'turso' && !(cmd.argv[1] === 'db' && cmd.argv[2] === 'shell')) || (cmd.name === 'heroku' && cmd.argv[1] !== 'pg:psql') || (cmd.name === 'gcloud' && !gcloudRunsSql(cmd.argv)) || (cmd.name === 'az' && !(/^(postgres|mysql)$/.test(cmd.argv[1] ?? '') && cmd.argv[2] === 'flexible-server' && cmd.argv[3] === 'execute'))) return [];
  const a = clientArgs(cmd);
  const out: Source[] = [];
  const offset = cmd.argv.length - a.length;
  for (let i = 0; i < a.length; i++) {
    const w = a[i];
    for (const f of spec.sqlFlags) {
      if (w === f && i + 1 < a.length) { out.push({ kind: 'text', text: a[i + 1], where: `${f} argument`, dynamic: cmd.dynamic[offset + i + 1] }); }
      else if (f.startsWith('--') && w.startsWith(`${f}=`)) out.push({ kind: 'text', text: w.slice(f.length + 1), where: `${f} argument`, dynamic: cmd.dynamic[offset + i] });
      else if (f.length === 2 && w.startsWith(f) && w.length > 2 && !w.startsWith('--')) out.push({ kind: 'text', text: w.slice(2), where: `${f} argument`, dynamic: cmd.dynamic[offset + i] });
    }
    for (const f of spec.fileFlags) {
      if (w === f && i + 1 < a.length && a[i + 1] !== '-') out.push({ kind: 'file', path: a[i + 1], where: `${f} file` });
      else if (f.startsWith('--') && w.startsWith(`${f}=`)) out.push({ kind: 'file', path: w.slice(f.length + 1), where: `${f} file` });
    }
    // a getopt cluster ending in the option: psql -tAc SQL, -Atf FILE, mysql -BNe SQL, clickhouse-client -nq SQL
    const c = clusterOption(w, spec);
    if (c) {
      const attached = c.rest !== '';
      const value = attached ? c.rest : a[i + 1];
      if (value === undefined) continue;
      const at = offset + i + (attached ? 0 : 1);
      if (spec.sqlFlags.includes(c.flag)) out.push({ kind: 'text', text: value, where: `${c.flag} argument`, dynamic: cmd.dynamic[at] });
      else if (value !== '-') out.push({ kind: 'file', path: value, where: `${c.flag} file` });
    }
  }
  if (spec.positional === 'sqlite') {
    const pos = positionals(a, [...spec.valueFlags, ...spec.sqlFlags, ...spec.fileFlags]);
    // sqlite3 [options] FILENAME [SQL...]
    for (const sql of pos.slice(1)) out.push({ kind: 'text', text: sql, where: 'SQL argument' });
  }
  const s = cmd.stdin;
  if (s.kind === 'heredoc' || s.kind === 'herestring') out.push({ kind: 'text', text: s.text, where: s.kind });
  else if (s.kind === 'pipe') {
    // (an analyser version reported unknown pipe text as the string 'undefined': treat it as unknown)
    if (s.text !== undefined && s.text !== 'undefined') out.push({ kind: 'text', text: s.text, where: 'piped input' });
    else {
      const last = s.from[s.from.length - 1];
      if (last && (last.name === 'cat' || last.name === 'type')) for (const p of positionals(last)) out.push({ kind: 'file', path: p, where: `file piped in by cat` });
    }
  } else if (s.kind === 'file') out.push({ kind: 'file', path: s.path, where: '< input file' });
  return out;
}

/** Upstream stage that produces a database dump that replaces tables (`mysqldump … | mysql`, `pg_dump --clean … | psql`). */
function dumpRestoreUpstream(cmd: SimpleCommand): string | null {
  if (cmd.stdin.kind !== 'pipe' || (cmd.stdin.text !== undefined && cmd.stdin.text !== 'undefined')) return null;
  for (const up of cmd.stdin.from) {
    if (up.name === 'mysqldump' || up.name === 'mariadb-dump') {
      if (up.argv.includes('--skip-add-drop-table') || up.argv.includes('--no-create-info') || up.argv.includes('-t')) continue;
      return `${up.name} (which writes DROP TABLE before each table by default)`;
    }
    if ((up.name === 'pg_dump' || up.name === 'pg_dumpall') && hasFlag(up, '-c', '--clean')) return `${up.name} --clean (which drops every object before recreating it)`;
  }
  return null;
}

function shortWhere(src: Source): string {
  return src.kind === 'file' ? `${src.where} ${src.path}` : src.where;
}

/**
 * sqlite3 -readonly / duckdb -readonly cannot change anything, and an in-memory database (`:memory:`, or no
 * file at all) holds nothing that outlives the command.
 */
function readOnly(cmd: SimpleCommand): boolean {
  if (cmd.argv.some((w) => w === '-readonly' || w === '--readonly')) return true;
  const spec = CLIENTS[cmd.name];
  if (spec?.positional !== 'sqlite' || cmd.name === 'turso') return false;
  const db = positionals(clientArgs(cmd), [...spec.valueFlags, ...spec.sqlFlags, ...spec.fileFlags])[0];
  return db === ':memory:' || (db === undefined && cmd.stdin.kind !== 'inherit');
}

function firstSqlHit(cmd: SimpleCommand, ctx: RuleContext, kinds: readonly SqlEffect['kind'][]): { effect: SqlEffect; where: string } | null {
  const spec = CLIENTS[cmd.name];
  if (!spec || isHelp(cmd.argv) || readOnly(cmd)) return null;
  for (const src of sqlSources(cmd, spec)) {
    const texts: { text: string; where: string }[] = [];
    if (src.kind === 'text') texts.push({ text: src.text, where: shortWhere(src) });
    else {
      const t = ctx.files.get(src.path);
      if (t !== undefined) {
        texts.push({ text: t, where: shortWhere(src) });
        for (const inc of includedFiles(t, spec.dialect)) {
          const it = ctx.files.get(inc) ?? ctx.files.get(posix.join(posix.dirname(src.path), inc));
          if (it !== undefined) texts.push({ text: it, where: `${inc} (included by ${src.path})` });
        }
      }
    }
    for (const { text, where } of texts) {
      for (const inc of src.kind === 'text' ? includedFiles(text, spec.dialect) : []) {
        const it = ctx.files.get(inc);
        if (it !== undefined) texts.push({ text: it, where: `${inc} (included)` });
      }
      const effects = classifySql(text, spec.dialect).filter((e) => kinds.includes(e.kind));
      if (effects.length) {
        const worst = effects.find((e) => e.level === 'deny') ?? effects[0];
        return { effect: worst, where };
      }
    }
  }
  return null;
}

const PROD_HINT = /(^|[^a-z])(prod|production|prd|live)([^a-z]|$)/i;

/** The connection target when it names production (host, database, URL or DATABASE_URL/PGHOST), else null. */
function productionTarget(cmd: SimpleCommand, ctx: RuleContext): string | null {
  const words = cmd.argv.slice(1).filter((w) => !/\s/.test(w));
  const w = words.find((x) => PROD_HINT.test(x) && !x.startsWith('-'));
  if (w) return w;
  for (const name of ['DATABASE_URL', 'PGHOST', 'PGDATABASE', 'MYSQL_HOST', 'PGSERVICE']) {
    const v = cmd.env[name] ?? ctx.env[name];
    if (v && PROD_HINT.test(v)) return `${name}=${v.replace(/\/\/[^@/]*@/, '//…@')}`;
  }
  return null;
}

function sqlFileInputs(cmd: SimpleCommand): string[] {
  const spec = CLIENTS[cmd.name];
  if (!spec) return [];
  const files: string[] = [];
  for (const s of sqlSources(cmd, spec)) {
    if (s.kind === 'file') files.push(s.path);
    else for (const inc of includedFiles(s.text, spec.dialect)) files.push(inc);
  }
  return files;
}

function clientName(cmd: SimpleCommand): string {
  return cmd.name;
}

function sqlRule(id: string, level: 'ask' | 'deny', summary: string, kinds: readonly SqlEffect['kind'][], safer: (e: SqlEffect, cmd: SimpleCommand) => string, loses: (e: SqlEffect) => string): CommandRule {
  return {
    id,
    level,
    summary,
    commands: SQL_CLIENTS,
    inputFiles: sqlFileInputs,
    match(cmd, ctx) {
      const hit = firstSqlHit(cmd, ctx, kinds);
      if (!hit) return null;
      const prod = productionTarget(cmd, ctx);
      const escalate = hit.effect.level === 'ask' && prod !== null;
      return {
        reason: `${clientName(cmd)} would run "${hit.effect.statement}" (from its ${hit.where}): it ${hit.effect.description}${escalate ? `, against what looks like production (${prod})` : ''}`,
        loses: loses(hit.effect),
        safer: safer(hit.effect, cmd),
        level: escalate ? 'deny' : hit.effect.level,
        ...(databaseDropped(hit.effect, cmd) ? { database: databaseDropped(hit.effect, cmd) } : {}),
      };
    },
  };
}

/** The whole database a statement drops: DROP DATABASE / KEYSPACE, and DROP SCHEMA where a schema is a database (MySQL, MariaDB). */
function databaseDropped(e: SqlEffect, cmd: SimpleCommand): string | undefined {
  if (e.database) return e.database;
  if (e.kind === 'drop-database' && e.target && CLIENTS[cmd.name]?.dialect === 'mysql' && /^\s*drop\s+schema\b/i.test(e.statement)) return e.target;
  return undefined;
}

function dumpHint(e: SqlEffect, cmd: SimpleCommand): string {
  const t = e.target ?? 'the table';
  if (cmd.name === 'psql' || cmd.name === 'cockroach' || cmd.name === 'pgcli') return `back it up first (pg_dump -t ${t} -f ${t.replace(/\W/g, '_')}.sql), rename instead of dropping (ALTER TABLE ${t} RENAME TO ${t}_old), and let a human run the drop`;
  if (cmd.name === 'mysql' || cmd.name === 'mariadb' || cmd.name === 'mycli') return `back it up first (mysqldump DB ${t} > ${t}.sql), rename instead of dropping (RENAME TABLE ${t} TO ${t}_old), and let a human run the drop`;
  if (cmd.name === 'sqlite3' || cmd.name === 'litecli') return `copy the database file first (sqlite3 DB ".backup backup.db"), then let a human run it`;
  return 'take a backup or snapshot first and let a human run it';
}

const dropDatabase = sqlRule('datastores.sql-drop-database', 'deny', 'DROP DATABASE / SCHEMA / KEYSPACE run through a SQL client', ['drop-database', 'drop-owned'],
  (e, cmd) => (cmd.name === 'psql' ? `pg_dump the database first (pg_dump -Fc -f backup.dump DB); rename it (ALTER DATABASE ${e.target ?? 'db'} RENAME TO …_old) instead of dropping` : 'dump the database first, rename it instead of dropping, and let a human run the drop'),
  (e) => `every table and row in ${e.target ?? 'the database'}; irreversible without a backup or point-in-time recovery`);

const dropTable = sqlRule('datastores.sql-drop-table', 'deny', 'DROP TABLE (and DROP … CASCADE, DROP VIEW/INDEX/… as ask) run through a SQL client', ['drop-table', 'drop-other', 'drop-role'],
  dumpHint, (e) => (e.kind === 'drop-table' ? `the table ${e.target ?? ''} and all its rows` : `${e.target ?? 'the object'} (${e.kind === 'drop-role' ? 'the role and its grants' : 'rebuildable, but dependants break'})`));

const truncate = sqlRule('datastores.sql-truncate', 'deny', 'TRUNCATE run through a SQL client', ['truncate'],
  dumpHint, (e) => `every row of ${e.target ?? 'the table'} (TRUNCATE is not undone by DELETE-style recovery and CASCADE empties referencing tables too)`);

const deleteAll = sqlRule('datastores.sql-delete-without-where', 'deny', 'DELETE without WHERE (or WHERE 1=1) run through a SQL client', ['delete-all', 'delete-limited'],
  (e) => `add a WHERE clause that names the rows; check the count first (SELECT count(*) FROM ${e.target ?? 't'} WHERE …), and run it inside BEGIN … ROLLBACK to see the effect`,
  (e) => `every row of ${e.target ?? 'the table'}`);

const updateAll = sqlRule('datastores.sql-update-without-where', 'deny', 'UPDATE without WHERE run through a SQL client', ['update-all', 'update-limited'],
  (e) => `add a WHERE clause that names the rows (check with SELECT count(*) FROM ${e.target ?? 't'} WHERE …), inside BEGIN … ROLLBACK first`,
  (e) => `the previous values of the updated columns in every row of ${e.target ?? 'the table'}`);

const alterDrop = sqlRule('datastores.sql-alter-drop', 'deny', 'ALTER TABLE … DROP COLUMN/PARTITION (deny) or DROP CONSTRAINT/INDEX (ask)', ['alter-drop-column', 'alter-drop-constraint'],
  (e) => (e.kind === 'alter-drop-column' ? `copy the column first (CREATE TABLE ${e.target ?? 't'}_backup AS SELECT …), deploy code that stops using it, and let a human drop it` : 'check nothing relies on it; note its definition so it can be recreated'),
  (e) => (e.kind === 'alter-drop-column' ? `the data stored in that column of ${e.target ?? 'the table'}` : 'an integrity guarantee (no rows)'));

const purgeBinlogs = sqlRule('datastores.sql-purge-binlogs', 'deny', 'RESET MASTER / RESET BINARY LOGS AND GTIDS (deny), PURGE BINARY LOGS (ask): delete MySQL binary logs', ['purge-binlogs'],
  () => 'copy the binary logs somewhere safe first (mysqlbinlog --read-from-remote-server --raw), and let binlog_expire_logs_seconds expire them',
  () => 'the binary logs: the changes since the last full backup can no longer be replayed');

/** `psql -c "$SQL"`: the statement is a variable that cannot be read before it runs. */
const opaqueSql: CommandRule = {
  id: 'datastores.sql-unknown',
  level: 'ask',
  summary: 'SQL client whose SQL cannot be read: a variable (-c "$SQL"), an unreadable -f/< file, or a dump that drops tables piped in',
  commands: SQL_CLIENTS,
  inputFiles: sqlFileInputs,
  match(cmd, ctx) {
    const spec = CLIENTS[cmd.name];
    if (!spec || isHelp(cmd.argv)) return null;
    for (const src of sqlSources(cmd, spec)) {
      if (src.kind === 'text' && src.text.includes('$') && src.text.replace(/\$\{[^}]*\}|\$\([^)]*\)|`[^`]*`|\$[A-Za-z_][A-Za-z0-9_]*/g, '').replace(/["'\s;]/g, '') === '') {
        return { reason: `${cmd.name} runs SQL from a variable (${src.text}) whose value cannot be seen before it runs`, loses: 'whatever the SQL does', safer: 'put the statement in the command literally, or in a file the gate can read' };
      }
      if (src.kind === 'file' && !ctx.files.has(src.path) && src.path !== '-' && !src.path.startsWith('/dev/')) {
        return { reason: `${cmd.name} runs SQL from ${src.path}, which could not be read before running (missing, unreadable or created by an earlier step)`, loses: 'whatever the SQL file does', safer: `create the file first, then run ${cmd.name} in a separate command so the gate can read it` };
      }
      // `\i file` / `.read file` / `source file` given on the command line: the same, for the file it pulls in
      const unread = src.kind === 'text' ? includedFiles(src.text, spec.dialect).find((inc) => !ctx.files.has(inc) && !inc.startsWith('/dev/')) : undefined;
      if (unread !== undefined) {
        return { reason: `${cmd.name} runs SQL from ${unread} (included by ${shortWhere(src)}), which could not be read before running`, loses: 'whatever the SQL file does', safer: `create the file first, then run ${cmd.name} in a separate command so the gate can read it` };
      }
    }
    const dump = dumpRestoreUpstream(cmd);
    if (dump) {
      return { reason: `${cmd.name} loads a dump from ${dump} into its target`, loses: 'the current contents of every table in the dump, in the target database', safer: 'restore into a new, empty database first and switch over after checking it', level: 'ask' };
    }
    return null;
  },
};

// ---------------------------------------------------------------------------
// client tools that drop by themselves
// ---------------------------------------------------------------------------

const dropdb: CommandRule = {
  id: 'datastores.dropdb',
  level: 'deny',
  summary: 'dropdb / mysqladmin drop / dropuser: drop a database (or role) from the command line',
  commands: ['dropdb', 'mysqladmin', 'mariadb-admin', 'dropuser'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (isHelp(a)) return null;
    if (cmd.name === 'dropdb') {
      const db = positionals(cmd, ['-h', '--host', '-p', '--port', '-U', '--username', '--maintenance-db'])[0];
      return { ...(db ? { database: db } : {}), reason: `dropdb removes the database ${db ?? ''}`.trim(), loses: `every table and row in ${db ?? 'the database'}`, safer: `pg_dump -Fc -f ${db ?? 'db'}.dump ${db ?? 'DB'} first; rename it (ALTER DATABASE … RENAME TO …_old) instead` };
    }
    if (cmd.name === 'dropuser') {
      const u = positionals(cmd, ['-h', '--host', '-p', '--port', '-U', '--username'])[0];
      return { reason: `dropuser removes the role ${u ?? ''}`.trim(), loses: 'the role and its privileges', safer: 'ALTER ROLE … NOLOGIN to disable it instead', level: 'ask' };
    }
    const pos = positionals(cmd, ['-h', '--host', '-P', '--port', '-u', '--user', '-S', '--socket', '--defaults-file']);
    const i = pos.findIndex((w) => w.toLowerCase() === 'drop');
    if (i < 0) return null;
    return { ...(pos[i + 1] ? { database: pos[i + 1] } : {}), reason: `${cmd.name} drop removes the database ${pos[i + 1] ?? ''}`.trim(), loses: `every table and row in ${pos[i + 1] ?? 'the database'}`, safer: `mysqldump ${pos[i + 1] ?? 'DB'} > backup.sql first, and let a human drop it` };
  },
};

/**
 * PostgreSQL's server-side tools that remove a cluster or the means to recover it: pg_dropcluster (Debian's
 * wrapper: deletes the data directory), pg_resetwal / pg_resetxlog (throws away WAL; the server may start on
 * inconsistent data), pg_archivecleanup (deletes archived WAL, which point-in-time recovery replays).
 */
const pgServerTools: CommandRule = {
  id: 'datastores.pg-server-destroy',
  level: 'deny',
  summary: 'pg_dropcluster, pg_resetwal/pg_resetxlog (deny); pg_archivecleanup (ask): delete a PostgreSQL cluster, its WAL or its WAL archive',
  commands: ['pg_dropcluster', 'pg_resetwal', 'pg_resetxlog', 'pg_archivecleanup'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (isHelp(a) || hasFlag(a, '-V', '--version')) return null;
    const pos = positionals(cmd, ['-D', '--pgdata', '-c', '-e', '-l', '-m', '-o', '-O', '-u', '-x', '--wal-segsize', '--char-signedness']);
    if (cmd.name === 'pg_dropcluster') {
      const [version, name] = pos;
      return { reason: `pg_dropcluster ${version ?? ''} ${name ?? ''} deletes the cluster's data directory, configuration and logs${hasFlag(a, '--stop') ? ', stopping it first' : ''}`.replace(/\s+/g, ' '), loses: 'every database in the cluster', safer: 'pg_dumpall first (or a base backup), and let a human drop the cluster' };
    }
    if (cmd.name === 'pg_archivecleanup') {
      if (hasFlag(a, '-n')) return null; // dry run: lists what it would remove
      return { reason: `pg_archivecleanup deletes archived WAL files in ${pos[0] ?? 'the archive'} older than ${pos[1] ?? 'the given segment'}`, loses: 'point-in-time recovery into the span those WAL files covered', safer: 'run it with -n first (lists the files); keep the archive until a newer base backup is verified', level: 'ask' };
    }
    if (hasFlag(a, '-n', '--dry-run')) return null;
    return { reason: `${cmd.name} throws away the write-ahead log${pos[0] || flagValue(cmd, '-D', '--pgdata') ? ` of ${flagValue(cmd, '-D', '--pgdata') ?? pos[0]}` : ''}: the server may start on inconsistent data, with committed transactions lost`, loses: 'transactions not yet written to the data files, and the consistency of the database', safer: 'restore from a backup instead; if it must run, copy the whole data directory first and let a human run it' };
  },
};

const restoreClean: CommandRule = {
  id: 'datastores.restore-clean',
  level: 'deny',
  summary: 'pg_restore --clean / mongorestore --drop: drop existing objects before restoring into the target',
  commands: ['pg_restore', 'mongorestore'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (isHelp(a) || hasFlag(a, '-l', '--list')) return null;
    if (cmd.name === 'pg_restore') {
      if (!hasFlag(a, '-c', '--clean')) return null;
      if (!hasFlag(a, '-d', '--dbname')) return null; // without a target it only prints SQL
      return { reason: 'pg_restore --clean drops every object in the target database before recreating it from the dump', loses: 'the current data of every object in the dump, in the target database (a wrong target or an old dump overwrites newer data)', safer: 'restore into a new, empty database (createdb restore_check && pg_restore -d restore_check …) and switch after checking' };
    }
    if (!a.includes('--drop')) return null;
    return { reason: 'mongorestore --drop drops each collection before restoring it', loses: 'the current documents of every restored collection', safer: 'restore into a new database (--nsFrom/--nsTo) and compare first' };
  },
};

// ---------------------------------------------------------------------------
// MongoDB, Redis
// ---------------------------------------------------------------------------

function mongoSources(cmd: SimpleCommand): Source[] {
  const a = cmd.argv.slice(1);
  const out: Source[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '--eval' && i + 1 < a.length) out.push({ kind: 'text', text: a[i + 1], where: '--eval argument', dynamic: cmd.dynamic[i + 2] });
    else if (a[i].startsWith('--eval=')) out.push({ kind: 'text', text: a[i].slice(7), where: '--eval argument' });
    else if ((a[i] === '-f' || a[i] === '--file') && a[i + 1]) out.push({ kind: 'file', path: a[i + 1], where: 'script' });
    else if (!a[i].startsWith('-') && /\.(js|mjs|cjs)$/.test(a[i])) out.push({ kind: 'file', path: a[i], where: 'script' });
  }
  const s = cmd.stdin;
  if (s.kind === 'heredoc' || s.kind === 'herestring') out.push({ kind: 'text', text: s.text, where: s.kind });
  else if (s.kind === 'pipe' && s.text !== undefined) out.push({ kind: 'text', text: s.text, where: 'piped input' });
  else if (s.kind === 'file') out.push({ kind: 'file', path: s.path, where: '< input file' });
  return out;
}

/**
 * The database a mongosh/mongo script works on, when it can be read: `db.getSiblingDB('x')` or `use x` in the
 * script, else the connection string or database argument (`mongosh mongodb://host/shop`, `mongo shop`, `--db shop`).
 */
export function mongoDatabaseName(cmd: SimpleCommand, script: string): string | undefined {
  const sibling = /getSiblingDB\s*\(\s*["'`]([^"'`]+)["'`]/.exec(script)?.[1];
  if (sibling) return sibling;
  const use = /(?:^|[;\n])\s*use\s+([A-Za-z0-9_-]+)/.exec(script)?.[1];
  if (use) return use;
  const a = cmd.argv.slice(1);
  const flag = a.indexOf('--db');
  if (flag >= 0 && a[flag + 1]) return a[flag + 1];
  const eq = a.find((w) => w.startsWith('--db='));
  if (eq) return eq.slice(5);
  const valueFlags = new Set(['--eval', '-f', '--file', '-u', '--username', '-p', '--password', '--host', '--port', '--authenticationDatabase', '--authenticationMechanism', '--tlsCAFile', '--tlsCertificateKeyFile']);
  for (let i = 0; i < a.length; i++) {
    const w = a[i];
    if (valueFlags.has(w)) { i++; continue; }
    if (w.startsWith('-') || /\.(js|mjs|cjs)$/.test(w)) continue;
    const uri = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?/]+)/.exec(w);
    if (uri) return decodeURIComponent(uri[1]);
    if (/^mongodb(\+srv)?:/.test(w)) return undefined;
    const hostDb = /^[^/\s]+\/([A-Za-z0-9_-]+)$/.exec(w);
    if (hostDb) return hostDb[1];
    if (/^[A-Za-z0-9_-]+$/.test(w)) return w;
  }
  return undefined;
}

const mongoDrop: CommandRule = {
  id: 'datastores.mongo-drop',
  level: 'deny',
  summary: 'mongosh/mongo running dropDatabase(), .drop(), deleteMany({}) / remove({}), dropAllUsers()',
  commands: ['mongosh', 'mongo'],
  inputFiles(cmd) {
    return mongoSources(cmd).flatMap((s) => (s.kind === 'file' ? [s.path] : []));
  },
  match(cmd, ctx) {
    if (isHelp(cmd.argv)) return null;
    for (const src of mongoSources(cmd)) {
      const text = src.kind === 'text' ? src.text : ctx.files.get(src.path);
      if (text === undefined) continue;
      const effects = classifyMongoJs(text);
      if (effects.length === 0) continue;
      const e = effects.find((x) => x.level === 'deny') ?? effects[0];
      const dropsDatabase = /dropDatabase|runCommand/.test(e.what) && /dropDatabase/.test(text);
      const database = dropsDatabase ? mongoDatabaseName(cmd, text) : undefined;
      return {
        ...(database ? { database } : {}),
        reason: `${cmd.name} would run ${e.what} (from its ${shortWhere(src)}): it ${e.description}`,
        loses: e.level === 'deny' ? 'the documents (and indexes) of the database or collection; irreversible without a backup' : 'index definitions or field values',
        safer: 'mongodump --db DB --collection C --out backup/ first; for deletions use an explicit filter and check it with countDocuments(filter)',
        level: e.level,
      };
    }
    return null;
  },
};

const REDIS_VALUE_FLAGS = ['-h', '-p', '-s', '-a', '-u', '-r', '-i', '-n', '-d', '-D', '-e', '--user', '--pass', '--askpass', '--tls', '--sni', '--cacert', '--cacertdir', '--cert', '--key', '--pattern', '--count', '--quoted-pattern', '--rdb', '--functions-rdb', '--eval', '--ldb', '--memkeys-samples', '--replica', '--cluster', '-c', '-x', '-t'];
const REDIS_BOOL = new Set(['-c', '-x', '-e', '--no-auth-warning', '--raw', '--no-raw', '--csv', '--json', '--quoted-json', '--stat', '--latency', '--latency-history', '--latency-dist', '--bigkeys', '--memkeys', '--hotkeys', '--scan', '--intrinsic-latency', '--verbose', '--version', '--help', '--tls', '--insecure', '-3', '-2', '--resp2', '--resp3', '--ldb', '--ldb-sync-mode']);

function redisCommandWords(cmd: SimpleCommand): string[] {
  const a = cmd.argv.slice(1);
  let i = 0;
  while (i < a.length && a[i].startsWith('-')) {
    if (REDIS_BOOL.has(a[i])) { i++; continue; }
    if (REDIS_VALUE_FLAGS.includes(a[i])) { i += 2; continue; }
    i++;
  }
  return a.slice(i);
}

const redisFlush: CommandRule = {
  id: 'datastores.redis-flush',
  level: 'deny',
  summary: 'redis-cli FLUSHALL / FLUSHDB (as arguments, piped or in a heredoc), and mass DEL fed by xargs',
  commands: ['redis-cli', 'valkey-cli', 'keydb-cli', 'xargs', 'parallel', 'nc', 'ncat', 'netcat', 'socat', 'telnet'],
  match(cmd) {
    if (isHelp(cmd.argv)) return null;
    if (cmd.name === 'xargs' || cmd.name === 'parallel') return massDelete(cmd);
    // the protocol typed straight at the port: `printf 'FLUSHALL\r\n' | nc prod 6379`
    if (['nc', 'ncat', 'netcat', 'socat', 'telnet'].includes(cmd.name)) {
      if (!cmd.argv.some((w) => /(^|[:,])(6379|6380|26379)$/.test(w))) return null;
      const s = cmd.stdin;
      const text = s.kind === 'heredoc' || s.kind === 'herestring' ? s.text : s.kind === 'pipe' ? s.text : undefined;
      const e = text !== undefined ? classifyRedisText(text.replace(/\r/g, ''))[0] : null;
      if (!e) return null;
      return { reason: `${cmd.name} sends ${e.what} to a Redis port: it ${e.description}`, loses: 'every key (cache, sessions, queues, anything stored only in Redis)', safer: 'save a snapshot first (BGSAVE), and use redis-cli so the command can be reviewed', level: e.level };
    }
    const words = redisCommandWords(cmd);
    const direct = classifyRedisWords(words);
    const s = cmd.stdin;
    const fromInput = s.kind === 'heredoc' || s.kind === 'herestring' ? classifyRedisText(s.text)[0] : s.kind === 'pipe' && s.text !== undefined ? classifyRedisText(s.text)[0] : null;
    const e = direct ?? fromInput;
    if (e) {
      const db = cmd.argv.includes('-n') ? ` (database ${cmd.argv[cmd.argv.indexOf('-n') + 1]})` : '';
      return {
        ...(e.level === 'deny' ? { database: redisTargetName(cmd, e.what) } : {}),
        reason: `${cmd.name} ${e.what}${db}: it ${e.description}`,
        loses: e.level === 'deny' ? 'every key (cache, sessions, queues, anything stored only in Redis); irreversible without an RDB/AOF backup' : 'which data set clients see',
        safer: 'save a snapshot first (redis-cli BGSAVE, then copy dump.rdb), and delete specific keys by pattern with --scan --pattern PREFIX:* | xargs redis-cli UNLINK',
        level: e.level,
      };
    }
    const verb = (words[0] ?? '').toUpperCase();
    const keys = words.slice(1).filter((w) => !/^\{[^{}\s]*\}$/.test(w));
    if ((verb === 'DEL' || verb === 'UNLINK') && keys.length === 0 && cmd.via.some((v) => /^xargs|^parallel/.test(v))) {
      return { reason: `${cmd.name} ${verb} deletes every key its input lists`, loses: 'the listed keys', safer: 'run the key listing alone first and check it; narrow --pattern to one prefix', level: 'ask' };
    }
    return null;
  },
};

/** The Redis server (and database number for FLUSHDB) a redis-cli command talks to: `host:port[/n]`, or 'redis' when nothing is said. */
export function redisTargetName(cmd: SimpleCommand, what: string): string {
  const a = cmd.argv.slice(1);
  const value = (flag: string) => { const i = a.indexOf(flag); return i >= 0 ? a[i + 1] : undefined; };
  const uri = value('-u');
  if (uri) {
    try {
      const u = new URL(uri);
      const n = u.pathname.replace(/^\//, '');
      return `${u.hostname}:${u.port || '6379'}${what === 'FLUSHDB' && n ? `/${n}` : ''}`;
    } catch { /* fall through */ }
  }
  const host = value('-h');
  const port = value('-p');
  const n = value('-n');
  if (host === undefined && port === undefined && (n === undefined || what !== 'FLUSHDB')) return 'redis';
  return `${host ?? '127.0.0.1'}:${port ?? '6379'}${what === 'FLUSHDB' && n !== undefined ? `/${n}` : ''}`;
}

/** `redis-cli --scan [--pattern '*'] | xargs redis-cli DEL`: the whole key space, key by key. */
function massDelete(cmd: SimpleCommand): RuleHit | null {
  const i = cmd.argv.findIndex((w, k) => k > 0 && /^(redis-cli|valkey-cli|keydb-cli)$/.test(w.split('/').pop() ?? ''));
  if (i < 0) return null;
  const verb = cmd.argv.slice(i + 1).find((w) => !w.startsWith('-'))?.toUpperCase();
  if (verb !== 'DEL' && verb !== 'UNLINK') return null;
  if (cmd.stdin.kind !== 'pipe') return null;
  const upstream = cmd.stdin.from.map((c) => c.argv.join(' ')).join(' | ');
  if (!/redis-cli|valkey-cli|keydb-cli/.test(upstream)) return null;
  const pattern = /--pattern\s+(\S+)/.exec(upstream)?.[1] ?? /KEYS\s+(\S+)/i.exec(upstream)?.[1];
  const all = pattern === undefined || pattern === '*';
  return {
    reason: `${upstream} | ${cmd.argv.slice(i).join(' ')} deletes ${all ? 'every key in the database' : `every key matching ${pattern}`}`,
    loses: all ? 'the whole Redis data set' : `keys matching ${pattern}`,
    safer: 'count the keys first (redis-cli --scan --pattern P | wc -l); BGSAVE a snapshot; narrow the pattern to one prefix',
    level: all ? 'deny' : 'ask',
  };
}

/** MySQL's own tools that empty tables or take the server down: mysqlimport --delete, mysqladmin shutdown, pt-archiver --purge, pt-online-schema-change/gh-ost --alter "DROP …" --execute. */
const mysqlTools: CommandRule = {
  id: 'datastores.mysql-tools',
  level: 'ask',
  summary: 'mysqlimport --delete (deny), pt-archiver --purge, pt-online-schema-change / gh-ost dropping columns (deny), mysqladmin shutdown (ask)',
  commands: ['mysqlimport', 'mariadb-import', 'mysqladmin', 'mariadb-admin', 'pt-archiver', 'pt-online-schema-change', 'gh-ost'],
  match(cmd) {
    if (isHelp(cmd.argv)) return null;
    const a = cmd.argv.slice(1);
    if (cmd.name === 'mysqlimport' || cmd.name === 'mariadb-import') {
      if (!hasFlag(cmd, '-d', '--delete')) return null;
      return { reason: `${cmd.name} --delete empties each table before loading its file`, loses: 'every row already in the tables it loads', safer: 'load into a new table and swap, after mysqldump of the current one', level: 'deny' };
    }
    if (cmd.name === 'mysqladmin' || cmd.name === 'mariadb-admin') {
      return positionals(cmd, ['-h', '--host', '-P', '--port', '-u', '--user', '-S', '--socket', '--defaults-file']).some((w) => w.toLowerCase() === 'shutdown')
        ? { reason: `${cmd.name} shutdown stops the MySQL server: every client loses it`, loses: 'availability (and open transactions)', safer: 'ask the owner; stop it through the service manager when planned' }
        : null;
    }
    if (cmd.name === 'pt-archiver') {
      if (!a.includes('--purge') || a.includes('--dry-run')) return null;
      const everyRow = /^\s*(1\s*=\s*1|true)\s*$/i.test(flagValue(cmd, '--where') ?? '');
      return { reason: `pt-archiver --purge deletes the rows it selects${everyRow ? ' (--where matches every row)' : ''} without archiving them anywhere`, loses: 'the purged rows', safer: 'archive to a file or table (--file / --dest) instead of --purge, after a --dry-run', level: everyRow ? 'deny' : 'ask' };
    }
    // pt-online-schema-change / gh-ost: --alter "DROP COLUMN x" applied with --execute
    if (!a.includes('--execute')) return null;
    const alter = flagValue(cmd, '--alter');
    if (!alter || !/\bDROP\b/i.test(alter)) return null;
    const effects = classifySql(`ALTER TABLE t ${alter}`, 'mysql').filter((e) => e.kind === 'alter-drop-column');
    if (!effects.length) return null;
    return { reason: `${cmd.name} --execute rebuilds the table with "${alter}": ${effects[0].description.replace(/ of the table| of t\b/, '')}`, loses: 'the dropped column\'s data in every row', safer: `run it without --execute (a dry run) first and back the table up`, level: 'deny' };
  },
};

/**
 * MySQL Shell in its JavaScript or Python mode (the default): `session.sql("DROP …")`, `dropSchema("x")`,
 * `dba.dropMetadataSchema()`. The SQL inside the strings is read as SQL.
 */
const mysqlshCode: CommandRule = {
  id: 'datastores.mysqlsh-code',
  level: 'deny',
  summary: 'mysqlsh -e in JS/Python mode: session.sql("DROP …"), dropSchema/dropCollection, dba.dropMetadataSchema',
  commands: ['mysqlsh'],
  match(cmd) {
    if (cmd.argv.some((w) => /^--sql[cx]?$/.test(w)) || isHelp(cmd.argv)) return null;
    const code = flagValue(cmd, '-e', '--execute');
    if (code === undefined) return null;
    const drop = /\b(?:drop(?:Schema|Collection|Table|View|MetadataSchema)|dropCluster|dissolve)\s*\(/.exec(code);
    if (drop) return { reason: `mysqlsh runs ${drop[0].replace(/\s*\($/, '')}(), which drops what it names`, loses: 'the schema, collection, table or cluster metadata it names, with its data', safer: 'dump it first (util.dumpSchemas) and let a human run the drop' };
    for (const m of code.matchAll(/\.(?:sql|runSql)\s*\(\s*(['"`])([\s\S]*?)\1/g)) {
      const effects = classifySql(m[2], 'mysql').filter((e) => e.level === 'deny' || e.level === 'ask');
      if (effects.length) {
        const e = effects.find((x) => x.level === 'deny') ?? effects[0];
        return { reason: `mysqlsh runs ${e.statement}: it ${e.description}`, loses: e.description, safer: 'back up first (util.dumpTables / mysqldump) and let a human run it', level: e.level === 'deny' ? 'deny' : 'ask' };
      }
    }
    return null;
  },
};

/**
 * Admin tools of datastores that delete data without SQL: mongoimport --drop, Cassandra's nodetool
 * clearsnapshot (its backups) and removenode, HDFS deletes (trash is off unless fs.trash.interval is set, and
 * -skipTrash bypasses it), InfluxDB 2 buckets, orgs and predicate deletes. InfluxQL (`influx -execute`) is
 * read as SQL by the SQL rules.
 */
const adminTools: CommandRule = {
  id: 'datastores.admin-tools',
  level: 'ask',
  summary: 'mongoimport --drop, nodetool clearsnapshot (deny) / removenode / assassinate, hdfs dfs -rm -r (deny with -skipTrash) / -expunge, influx bucket|org delete and influx delete (deny), influx bucket update --retention',
  commands: ['mongoimport', 'nodetool', 'hdfs', 'hadoop', 'influx'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (a.includes('--help') || a.includes('-h') && cmd.name !== 'nodetool') return null;
    if (cmd.name === 'mongoimport') {
      if (!a.includes('--drop')) return null;
      return { reason: 'mongoimport --drop drops the collection before importing into it', loses: 'every document the collection held', safer: 'import into a new collection and swap, or mongodump the collection first' };
    }
    if (cmd.name === 'nodetool') {
      const verb = a.find((w, k) => !w.startsWith('-') && !['-h', '--host', '-p', '--port', '-u', '--username', '-pw', '--password', '-pwf', '--password-file'].includes(a[k - 1] ?? ''));
      if (verb === 'clearsnapshot') {
        const tagged = a.some((w) => w === '-t' || w.startsWith('--tag')) && !a.includes('--all');
        return { reason: `nodetool clearsnapshot ${tagged ? 'deletes the named snapshot' : 'deletes every snapshot on the node'}: Cassandra's snapshots are its backups`, loses: tagged ? 'that snapshot' : 'every snapshot (backup) on the node', safer: 'nodetool listsnapshots first; copy snapshots off the node before clearing them', level: tagged ? 'ask' : 'deny' };
      }
      if (verb === 'removenode' || verb === 'assassinate' || verb === 'decommission') {
        return { reason: `nodetool ${verb} takes a node out of the ring${verb === 'decommission' ? '' : ' without streaming its data'}: with a replication factor of 1 its data is gone`, loses: 'the data only that node holds', safer: 'check the keyspaces\' replication first (nodetool status, DESCRIBE KEYSPACE), and repair' };
      }
      return null;
    }
    if (cmd.name === 'hdfs' || cmd.name === 'hadoop') {
      if (!['dfs', 'fs'].includes(a[0] ?? '')) return null;
      const op = a.find((w) => /^-(rm|rmr|rmdir|expunge)$/.test(w));
      if (!op) return null;
      if (op === '-expunge') return { reason: `${cmd.name} ${a[0]} -expunge empties the HDFS trash`, loses: 'every file deleted recently (the trash is their only copy)', safer: 'leave the trash to expire by itself' };
      const recursive = op === '-rmr' || a.some((w) => /^-[rRf]*[rR][rRf]*$/.test(w) && w !== op);
      const skipTrash = a.includes('-skipTrash');
      if (!recursive && !skipTrash) return null;
      const paths = a.filter((w) => !w.startsWith('-') && w !== a[0]);
      return { reason: `${cmd.name} ${a[0]} ${op}${recursive ? ' -r' : ''}${skipTrash ? ' -skipTrash' : ''} deletes ${paths.join(' ') || 'the paths'}${skipTrash ? ' at once, bypassing the trash' : ' (into the trash only where fs.trash.interval is set; it is 0, no trash, by default)'}`, loses: `everything under ${paths.join(' ') || 'those paths'}`, safer: `${cmd.name} ${a[0]} -ls -R first; rely on snapshots (hdfs dfsadmin -allowSnapshot) for data that matters`, level: skipTrash && recursive ? 'deny' : 'ask' };
    }
    // influx (2.x): bucket/org delete, predicate delete, retention changes
    const [noun, verb] = a;
    if ((noun === 'bucket' || noun === 'org' || noun === 'organization') && verb === 'delete') {
      return { reason: `influx ${noun} delete deletes the ${noun === 'bucket' ? 'bucket with every point in it' : 'organization with its buckets'}`, loses: `every time series in the ${noun}`, safer: 'influx backup first; a human deletes', level: 'deny' };
    }
    if (noun === 'delete') {
      return { reason: 'influx delete removes every point in the time range that matches the predicate (no predicate: all of them)', loses: 'the deleted points (there is no undo)', safer: 'query the same range and predicate first; influx backup', level: a.some((w) => w === '-p' || w.startsWith('--predicate')) ? 'ask' : 'deny' };
    }
    if (noun === 'bucket' && verb === 'update' && a.some((w) => w === '-r' || w.startsWith('--retention'))) {
      return { reason: 'influx bucket update --retention shortens how long points are kept: older points are deleted by the next retention check', loses: 'points older than the new retention period', safer: 'influx backup first; change retention with a human' };
    }
    return null;
  },
};

export const datastoresPack: RulePack = {
  id: 'datastores',
  description: 'SQL and datastore clients (psql, mysql/mariadb, sqlite3, duckdb, clickhouse, cqlsh, sqlcmd, mongosh, redis-cli, dropdb, mysqladmin, pg_restore); etcd, Vault, Kafka and search engines have their own packs (secrets, messaging, search)',
  rules: [dropDatabase, dropTable, truncate, deleteAll, updateAll, alterDrop, purgeBinlogs, opaqueSql, dropdb, pgServerTools, restoreClean, mongoDrop, redisFlush, mysqlshCode, mysqlTools, adminTools],
};

export { sqlSources, CLIENTS };
