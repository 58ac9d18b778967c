import type { CommandRule, RuleContext, RuleHit, RulePack, SimpleCommand } from '../../core/types.js';
import { envValue } from '../argv.js';
import { classifySql } from '../sql.js';
import { hit } from '../hit.js';

/**
 * ORMs and migration tools that drop, reset or roll back databases. Package runners (`npx prisma …`,
 * `pnpm exec`, `yarn`, `bunx`, `uv run`, `poetry run`, `bundle exec`, `python -m`) are looked through here, so
 * `npx prisma migrate reset` is judged as `prisma migrate reset`.
 */

interface Tool {
  /** Program name as the user wrote it, after runners (`prisma`, `rails`, `manage.py`, `artisan`, …). */
  prog: string;
  args: string[];
  env: Record<string, string>;
}

const RUNNERS = new Set(['npx', 'bunx', 'pnpx', 'pnpm', 'yarn', 'bun', 'npm', 'uv', 'uvx', 'poetry', 'pipenv', 'bundle', 'pdm', 'hatch', 'rye', 'dotenv', 'python', 'python3', 'php', 'mix', 'dotnet', 'go', 'cargo']);

function base(p: string): string {
  return p.split('/').pop() ?? p;
}

/** Unwrap package runners down to the tool that runs. Returns null when the command is not one of ours. */
export function toolOf(cmd: SimpleCommand): Tool | null {
  let a = cmd.argv.slice();
  const env: Record<string, string> = { ...cmd.env };
  for (let guard = 0; guard < 6 && a.length > 0; guard++) {
    const name = base(a[0]);
    const rest = a.slice(1);
    // trailing KEY=VALUE words for rake/rails (RAILS_ENV=production)
    if (name === 'npx' || name === 'bunx' || name === 'pnpx' || name === 'uvx') {
      let i = 0;
      while (i < rest.length && rest[i].startsWith('-')) i += ['-p', '--package', '-c', '--call', '--from', '--with'].includes(rest[i]) ? 2 : 1;
      a = rest.slice(i);
      continue;
    }
    if (name === 'pnpm' || name === 'yarn' || name === 'bun' || name === 'npm') {
      let i = 0;
      while (i < rest.length && rest[i].startsWith('-')) i += ['--filter', '-F', '--dir', '-C', '--cwd', '--prefix', '-w', '--workspace'].includes(rest[i]) ? 2 : 1;
      if (['exec', 'dlx', 'x'].includes(rest[i])) { i++; if (rest[i] === '--') i++; }
      else if (name === 'npm') return null; // npm run X is unwrapped by the shell analyser from package.json
      else if (rest[i] === 'run') return null;
      a = rest.slice(i);
      continue;
    }
    if (name === 'uv' || name === 'poetry' || name === 'pipenv' || name === 'pdm' || name === 'hatch' || name === 'rye') {
      let i = 0;
      while (i < rest.length && rest[i].startsWith('-')) i++;
      if (rest[i] !== 'run') return null;
      i++;
      while (i < rest.length && rest[i].startsWith('-')) i += ['--with', '--python', '-p', '--env', '-e', '--env-file'].includes(rest[i]) ? 2 : 1;
      a = rest.slice(i);
      continue;
    }
    if (name === 'bundle' && rest[0] === 'exec') { a = rest.slice(1); continue; }
    if (name === 'dotenv') { const i = rest.indexOf('--'); a = i >= 0 ? rest.slice(i + 1) : rest.filter((w) => !w.startsWith('-')); continue; }
    if (/^python(\d(\.\d+)?)?$/.test(name)) {
      let i = 0;
      while (i < rest.length && rest[i].startsWith('-') && rest[i] !== '-m') i++;
      if (rest[i] === '-m') {
        const mod = rest[i + 1] ?? '';
        if (mod === 'django') return { prog: 'manage.py', args: rest.slice(i + 2), env };
        if (mod === 'alembic' || mod === 'flask') return { prog: mod, args: rest.slice(i + 2), env };
        return null;
      }
      const script = rest[i] ?? '';
      if (base(script) === 'manage.py' || base(script) === 'django-admin') return { prog: 'manage.py', args: rest.slice(i + 1), env };
      return null;
    }
    if (name === 'php') {
      const i = rest.findIndex((w) => !w.startsWith('-'));
      if (i >= 0 && base(rest[i]) === 'artisan') return { prog: 'artisan', args: rest.slice(i + 1), env };
      return null;
    }
    if (name === 'manage.py' || name === 'django-admin' || name === 'django-admin.py') return { prog: 'manage.py', args: rest, env };
    return { prog: name, args: rest, env };
  }
  return null;
}


function mRule(id: string, level: 'ask' | 'deny', summary: string, commands: readonly string[], match: (t: Tool, cmd: SimpleCommand, ctx: RuleContext) => RuleHit | null): CommandRule {
  return {
    id, level, summary, commands,
    match(cmd, ctx) {
      const t = toolOf(cmd);
      if (!t || t.args.includes('--help') || t.args.includes('-h')) return null;
      return match(t, cmd, ctx);
    },
  };
}

/** The database name in a connection URL (`postgres://u@h/shop?x=1` -> 'shop', `sqlite:///db.sqlite3` -> 'db.sqlite3'). */
export function databaseNameFromUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\/+([^?#]+)/i.exec(url.trim());
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]).replace(/\/+$/, '') || undefined;
  } catch {
    return m[1];
  }
}

/** DATABASE_URL as the command would see it (its own assignment first, then the inherited environment). */
function databaseUrlName(cmd: SimpleCommand, ctx: RuleContext): string | undefined {
  return databaseNameFromUrl(envValue(cmd, ctx.env, 'DATABASE_URL'));
}

function withDatabase(h: RuleHit, database: string | undefined): RuleHit {
  return database ? { ...h, database } : h;
}

const JS_RUNNERS = ['npx', 'bunx', 'pnpx', 'pnpm', 'yarn', 'bun'];

const prisma = mRule('migrations.prisma-reset', 'deny', 'prisma migrate reset, prisma db push --force-reset / --accept-data-loss', ['prisma', ...JS_RUNNERS], (t, cmd, ctx) => {
  if (t.prog !== 'prisma') return null;
  const [a0, a1] = t.args.filter((w) => !w.startsWith('-'));
  if (a0 === 'migrate' && a1 === 'reset') {
    return withDatabase(hit('prisma migrate reset drops the database (or every table in it), re-creates it and re-applies all migrations', 'every row in the database', 'prisma migrate dev --create-only to see the pending SQL; back up first (pg_dump); use a throwaway database for resets'), databaseUrlName(cmd, ctx));
  }
  if (a0 === 'db' && a1 === 'push' && t.args.some((w) => w === '--force-reset' || w === '--accept-data-loss')) {
    const reset = t.args.includes('--force-reset');
    return withDatabase(hit(reset ? 'prisma db push --force-reset drops and re-creates the whole database schema' : 'prisma db push --accept-data-loss applies schema changes that drop columns or tables without asking', reset ? 'every row in the database' : 'data in the dropped columns/tables', 'prisma migrate diff to see the SQL first, and prisma migrate dev with a reviewed migration'), reset ? databaseUrlName(cmd, ctx) : undefined);
  }
  return null;
});

const RAILS_DESTRUCTIVE = /^db:(drop|drop:all|reset|purge|purge:all|schema:load|structure:load|migrate:reset|truncate_all|setup|seed:replant|test:purge)(:[a-z_]+)?$/;
const RAILS_ROLLBACK = /^db:(rollback|migrate:down|migrate:redo|fixtures:load)(:[a-z_]+)?$/;

function railsEnv(t: Tool, cmd: SimpleCommand): string | undefined {
  const arg = t.args.find((w) => /^RAILS_ENV=|^RACK_ENV=/.test(w));
  if (arg) return arg.split('=')[1];
  const e = t.args.indexOf('-e');
  if (e >= 0) return t.args[e + 1];
  return envValue(cmd, {}, 'RAILS_ENV') ?? envValue(cmd, {}, 'RACK_ENV');
}

const rails = mRule('migrations.rails-db-drop', 'deny', 'rails/rake db:drop, db:reset, db:purge, db:schema:load, db:migrate:reset, db:truncate_all (ask for db:rollback)', ['rails', 'rake', 'bin/rails', 'bin/rake', 'bundle', 'spring'], (t, cmd, ctx) => {
  if (!['rails', 'rake', 'spring'].includes(t.prog)) return null;
  const tasks = t.args.filter((w) => /^db:/.test(w));
  const bad = tasks.find((w) => RAILS_DESTRUCTIVE.test(w));
  const env = railsEnv(t, cmd);
  const override = t.args.some((w) => /^DISABLE_DATABASE_ENVIRONMENT_CHECK=/.test(w)) || cmd.env.DISABLE_DATABASE_ENVIRONMENT_CHECK !== undefined;
  if (bad) {
    const testOnly = env === 'test' && !override;
    return withDatabase(hit(`${t.prog} ${bad} ${/drop|purge/.test(bad) ? 'drops' : /truncate|replant/.test(bad) ? 'empties every table of' : 'drops and re-creates the schema of'} the ${env ?? 'development'} database${override ? ', with the production safety check disabled' : ''}`,
      `every row in the ${env ?? 'current'} database`, `back up first (${t.prog} db:schema:dump plus a pg_dump/mysqldump of the data); run resets against a throwaway database`, testOnly ? 'ask' : 'deny'), testOnly ? undefined : databaseUrlName(cmd, ctx) ?? 'rails');
  }
  const rb = tasks.find((w) => RAILS_ROLLBACK.test(w));
  if (rb) return hit(`${t.prog} ${rb} runs migrations backwards, which usually drops the tables or columns they added`, 'data in the tables/columns the reverted migrations created', `check the down methods first (${t.prog} db:migrate:status); back up the affected tables`, 'ask');
  if (tasks.includes('db:migrate') && t.args.some((w) => /^VERSION=0+$/.test(w))) return hit(`${t.prog} db:migrate VERSION=0 reverts every migration`, 'every table the migrations created, with its rows', 'never migrate to 0 on a database with data');
  return null;
});

const django = mRule('migrations.django-flush', 'deny', 'manage.py flush / reset_db / migrate APP zero; ORM .delete() on every row', ['python', 'python3', 'manage.py', './manage.py', 'django-admin', 'uv', 'poetry', 'pipenv'], (t, cmd, ctx) => {
  if (t.prog !== 'manage.py') return null;
  const [sub, ...rest] = t.args.filter((w) => !w.startsWith('-') || w === '-c');
  const database = (): string => databaseUrlName(cmd, ctx) ?? (t.args.find((w) => w.startsWith('--database='))?.slice(11)) ?? 'django';
  if (sub === 'flush') return withDatabase(hit('manage.py flush deletes all data from every table', 'every row in the database (the schema stays)', 'dump first (manage.py dumpdata > backup.json); use a throwaway test database'), database());
  if (sub === 'reset_db' || sub === 'reset_schema') return withDatabase(hit(`manage.py ${sub} drops and re-creates the database`, 'every row in the database', 'dump first (manage.py dumpdata > backup.json)'), database());
  if (sub === 'migrate' && rest[1] === 'zero') return hit(`manage.py migrate ${rest[0]} zero unapplies every migration of ${rest[0]}, dropping its tables`, `every table (and row) of the ${rest[0]} app`, `manage.py sqlmigrate ${rest[0]} 0001 --backwards to read the SQL first; dump the app's data (manage.py dumpdata ${rest[0]})`);
  if (sub === 'shell' || sub === 'shell_plus') {
    const i = t.args.indexOf('-c');
    const code = i >= 0 ? t.args[i + 1] ?? '' : t.args.find((w) => w.startsWith('--command='))?.slice(10) ?? '';
    if (/\.objects\s*\.\s*all\s*\(\s*\)\s*\.\s*delete\s*\(/.test(code) || /\.objects\s*\.\s*delete\s*\(/.test(code)) {
      return hit('the Django shell command deletes every row of a model (objects.all().delete())', 'every row of that model\'s table, and cascaded rows', 'filter the queryset to the rows you mean and check .count() first');
    }
  }
  if (sub === 'dbshell') return null; // SQL fed to dbshell is judged through its stdin by the datastores rules when the analyser exposes it
  return null;
});

const dbshellSql: CommandRule = {
  id: 'migrations.django-dbshell-sql',
  level: 'deny',
  summary: 'manage.py dbshell fed destructive SQL through a heredoc or pipe',
  commands: ['python', 'python3', 'manage.py', './manage.py', 'django-admin', 'rails', 'bin/rails'],
  match(cmd) {
    const t = toolOf(cmd);
    if (!t) return null;
    const isShell = (t.prog === 'manage.py' && t.args[0] === 'dbshell') || (t.prog === 'rails' && (t.args[0] === 'dbconsole' || t.args[0] === 'db'));
    if (!isShell) return null;
    const s = cmd.stdin;
    const text = s.kind === 'heredoc' || s.kind === 'herestring' ? s.text : s.kind === 'pipe' ? s.text : undefined;
    if (!text) return null;
    const e = classifySql(text)[0];
    if (!e) return null;
    return { reason: `${t.prog} ${t.args[0]} would run "${e.statement}": it ${e.description}`, loses: 'the affected rows/tables', safer: 'back up first and run the statement with a WHERE clause or against a copy', level: e.level };
  },
};

interface Simple { prog: string[]; match: (args: string[]) => { what: string; level: 'ask' | 'deny'; loses: string; safer: string } | null; id: string; summary: string }

function positional(args: string[]): string[] {
  return args.filter((w) => !w.startsWith('-'));
}

const SIMPLE: Simple[] = [
  {
    id: 'migrations.knex-rollback', prog: ['knex'], summary: 'knex migrate:rollback --all (deny) / migrate:rollback, migrate:down (ask)',
    match: (a) => {
      const p = positional(a);
      if (p[0] === 'migrate:rollback') return a.includes('--all') ? { what: 'knex migrate:rollback --all reverts every migration', level: 'deny', loses: 'every table the migrations created', safer: 'roll back one batch at a time after a backup' } : { what: 'knex migrate:rollback reverts the last batch of migrations', level: 'ask', loses: 'tables/columns the batch added', safer: 'read the down() functions first and back up' };
      if (p[0] === 'migrate:down') return { what: 'knex migrate:down reverts a migration', level: 'ask', loses: 'tables/columns it added', safer: 'back up first' };
      return null;
    },
  },
  {
    id: 'migrations.sequelize-drop', prog: ['sequelize', 'sequelize-cli'], summary: 'sequelize db:drop, db:migrate:undo:all (deny); db:migrate:undo, db:seed:undo:all (ask)',
    match: (a) => {
      const p = positional(a)[0] ?? '';
      if (p === 'db:drop') return { what: 'sequelize db:drop drops the database', level: 'deny', loses: 'every table and row', safer: 'dump the database first' };
      if (p === 'db:migrate:undo:all') return { what: 'sequelize db:migrate:undo:all reverts every migration', level: 'deny', loses: 'every table the migrations created', safer: 'undo one migration at a time after a backup' };
      if (p === 'db:migrate:undo' || p === 'db:seed:undo:all' || p === 'db:seed:undo') return { what: `sequelize ${p} reverts migrations/seeds`, level: 'ask', loses: 'the tables or rows they created', safer: 'back up first' };
      return null;
    },
  },
  {
    id: 'migrations.typeorm-drop', prog: ['typeorm', 'typeorm-ts-node-commonjs', 'typeorm-ts-node-esm'], summary: 'typeorm schema:drop (deny); migration:revert, schema:sync (ask)',
    match: (a) => {
      const p = positional(a)[0] ?? '';
      if (p === 'schema:drop') return { what: 'typeorm schema:drop drops every table', level: 'deny', loses: 'every table and row of the connection', safer: 'dump the database first' };
      if (p === 'migration:revert' || p === 'schema:sync') return { what: `typeorm ${p} changes the schema (${p === 'schema:sync' ? 'may drop columns that left the entities' : 'reverts the last migration'})`, level: 'ask', loses: 'dropped columns/tables', safer: p === 'schema:sync' ? 'typeorm schema:log to see the SQL first' : 'back up first' };
      return null;
    },
  },
  {
    id: 'migrations.drizzle-push-force', prog: ['drizzle-kit'], summary: 'drizzle-kit push --force: apply data-loss statements without asking',
    match: (a) => {
      const p = positional(a)[0] ?? '';
      if (p === 'push' && (a.includes('--force') || a.includes('-f'))) return { what: 'drizzle-kit push --force applies schema changes, including data-loss statements, without confirmation', level: 'deny', loses: 'data in dropped tables/columns', safer: 'drizzle-kit generate and review the SQL migration; drizzle-kit push without --force asks first' };
      if (p === 'drop') return { what: 'drizzle-kit drop deletes a migration file from the journal', level: 'ask', loses: 'the migration and its history entry', safer: 'keep migrations; write a new one' };
      return null;
    },
  },
  {
    id: 'migrations.alembic-downgrade', prog: ['alembic'], summary: 'alembic downgrade base (deny) / downgrade REV (ask)',
    match: (a) => {
      const p = positional(a);
      if (p[0] !== 'downgrade' || a.includes('--sql')) return null;
      if (p[1] === 'base') return { what: 'alembic downgrade base reverts every migration', level: 'deny', loses: 'every table the migrations created', safer: 'alembic downgrade base --sql to read the SQL first; back up' };
      return { what: `alembic downgrade ${p[1] ?? ''} reverts migrations`, level: 'ask', loses: 'tables/columns they added', safer: `alembic downgrade ${p[1] ?? 'REV'} --sql to read the SQL first` };
    },
  },
  {
    id: 'migrations.flyway-clean', prog: ['flyway', 'liquibase'], summary: 'flyway clean, liquibase drop-all (deny); flyway undo, liquibase rollback (ask)',
    match: (a) => {
      const p = positional(a).map((w) => w.toLowerCase());
      if (p.includes('clean')) return { what: 'flyway clean drops every object in the configured schemas', level: 'deny', loses: 'every table, view and row in those schemas', safer: 'keep cleanDisabled=true; use a throwaway database' };
      if (p.includes('drop-all') || p.includes('dropall')) return { what: 'liquibase drop-all drops every database object', level: 'deny', loses: 'every table and row', safer: 'back up first; use a throwaway database' };
      const rb = p.find((w) => w === 'undo' || w.startsWith('rollback'));
      if (rb && !rb.endsWith('-sql')) return { what: `${rb} reverts applied changesets/migrations`, level: 'ask', loses: 'tables/columns they created', safer: `${rb}-sql (liquibase) / flyway info to preview` };
      return null;
    },
  },
  {
    id: 'migrations.supabase-db-reset', prog: ['supabase'], summary: 'supabase db reset of the local database (ask); the remote reset is paas.supabase-remote-reset',
    match: (a) => {
      const p = positional(a);
      if (p[0] !== 'db' || p[1] !== 'reset') return null;
      // the remote reset (--linked / --db-url) is paas.supabase-remote-reset's to judge
      if (a.some((w) => w === '--linked' || w === '--db-url' || w.startsWith('--db-url='))) return null;
      return { what: 'supabase db reset re-creates the local database from migrations', level: 'ask', loses: 'local data not in seed.sql', safer: 'supabase db dump --local --data-only > local.sql first' };
    },
  },
  {
    id: 'migrations.diesel-reset', prog: ['diesel', 'sqlx'], summary: 'diesel/sqlx database reset/drop, diesel migration revert --all (deny); migration revert/redo, sqlx migrate revert (ask)',
    match: (a) => {
      const p = positional(a);
      if (p[0] === 'migrate' && p[1] === 'revert') return { what: 'sqlx migrate revert runs a down migration', level: 'ask', loses: 'what the migration created', safer: 'read the .down.sql first and back up' };
      if (p[0] === 'database' && (p[1] === 'reset' || p[1] === 'drop')) return { what: `diesel database ${p[1]} drops the database`, level: 'deny', loses: 'every table and row', safer: 'dump the database first' };
      if (p[0] === 'migration' && (p[1] === 'revert' || p[1] === 'redo')) return a.includes('--all') || a.includes('-a') ? { what: `diesel migration ${p[1]} --all reverts every migration`, level: 'deny', loses: 'every table the migrations created', safer: 'revert one at a time after a backup' } : { what: `diesel migration ${p[1]} runs a down migration`, level: 'ask', loses: 'what the migration created', safer: 'read down.sql first' };
      return null;
    },
  },
  {
    id: 'migrations.ecto-drop', prog: ['mix'], summary: 'mix ecto.drop / ecto.reset / ecto.rollback --all (deny); ecto.rollback (ask)',
    match: (a) => {
      const task = positional(a)[0] ?? '';
      if (task === 'ecto.drop' || task === 'ecto.reset') return { what: `mix ${task} drops the database`, level: 'deny', loses: 'every table and row', safer: 'dump the database first; reset only a test database' };
      if (task === 'ecto.rollback') return a.includes('--all') ? { what: 'mix ecto.rollback --all reverts every migration', level: 'deny', loses: 'every table the migrations created', safer: 'roll back one step after a backup' } : { what: 'mix ecto.rollback reverts migrations', level: 'ask', loses: 'what they created', safer: 'read the down functions first' };
      return null;
    },
  },
  {
    id: 'migrations.laravel-fresh', prog: ['artisan'], summary: 'php artisan migrate:fresh / migrate:reset / migrate:refresh / db:wipe (deny); migrate:rollback (ask)',
    match: (a) => {
      const task = positional(a)[0] ?? '';
      if (['migrate:fresh', 'migrate:reset', 'migrate:refresh', 'db:wipe'].includes(task)) return { what: `artisan ${task} drops every table${task === 'migrate:refresh' || task === 'migrate:fresh' ? ' and re-runs the migrations' : ''}`, level: 'deny', loses: 'every row in the database', safer: 'back up first (php artisan db:dump or mysqldump); use --pretend where available' };
      if (task === 'migrate:rollback' && !a.includes('--pretend')) return { what: 'artisan migrate:rollback reverts the last batch', level: 'ask', loses: 'what the batch created', safer: 'php artisan migrate:rollback --pretend to see the SQL' };
      return null;
    },
  },
  {
    id: 'migrations.go-migrate-drop', prog: ['migrate', 'dbmate', 'goose', 'atlas', 'sqitch'], summary: 'golang-migrate drop/down, dbmate drop, goose reset, atlas schema clean (deny); single-step downs (ask)',
    match: (a) => {
      const p = positional(a);
      if (p.includes('drop') && !p.includes('rollback')) return { what: 'the migration tool drops everything in the database', level: 'deny', loses: 'every table and row', safer: 'dump the database first' };
      if (p.includes('reset') && !p.includes('schema')) return { what: 'the migration tool reverts every migration', level: 'deny', loses: 'every table the migrations created', safer: 'revert one step after a backup' };
      if (p[0] === 'schema' && p[1] === 'clean') return { what: 'atlas schema clean drops every object in the schema', level: 'deny', loses: 'every table and row', safer: 'atlas schema diff first' };
      if (p[0] === 'schema' && p[1] === 'apply' && (a.includes('--auto-approve') || a.includes('--yes'))) return { what: 'atlas schema apply --auto-approve applies the diff to the desired schema without showing it, drops included', level: 'ask', loses: 'tables and columns missing from the desired schema', safer: 'atlas schema apply --dry-run (or without --auto-approve) to review the plan' };
      const down = p.findIndex((w) => w === 'down' || w === 'rollback' || w === 'revert' || w === 'down-to');
      if (down >= 0) {
        const n = p[down + 1];
        if (p[down] === 'down' && (n === undefined || a.includes('-all') || a.includes('--all')) && a.some((w) => w === '-database' || w === '--database' || w === '-path' || w === '-source')) {
          return { what: 'migrate down without a count reverts every migration', level: 'deny', loses: 'every table the migrations created', safer: 'migrate down 1 after a backup' };
        }
        if (p[down] === 'down-to' && n === '0') return { what: 'goose down-to 0 reverts every migration', level: 'deny', loses: 'every table the migrations created', safer: 'goose down (one step) after a backup' };
        return { what: `${p[down]} reverts migrations`, level: 'ask', loses: 'what they created', safer: 'read the down migration first' };
      }
      return null;
    },
  },
  {
    id: 'migrations.dotnet-ef-drop', prog: ['dotnet'], summary: 'dotnet ef database drop, database update 0 (deny); migrations remove (ask)',
    match: (a) => {
      const p = positional(a);
      if (p[0] !== 'ef') return null;
      if (p[1] === 'database' && p[2] === 'drop' && !a.includes('--dry-run')) return { what: 'dotnet ef database drop drops the database', level: 'deny', loses: 'every table and row', safer: 'dotnet ef database drop --dry-run shows which database; dump it first' };
      if (p[1] === 'database' && p[2] === 'update' && p[3] === '0') return { what: 'dotnet ef database update 0 reverts every migration', level: 'deny', loses: 'every table the migrations created', safer: 'dotnet ef migrations script to read the SQL; revert one migration at a time after a backup' };
      if (p[1] === 'migrations' && p[2] === 'remove') return { what: 'dotnet ef migrations remove deletes the last migration (and reverts it with --force)', level: 'ask', loses: 'the migration, and with --force what it created', safer: 'keep migrations; add a new one' };
      return null;
    },
  },
  {
    id: 'migrations.hasura-down', prog: ['hasura'], summary: 'hasura migrate apply --down all (deny) / --down N, metadata clear (ask)',
    match: (a) => {
      const p = positional(a);
      if (p[0] === 'migrate' && p[1] === 'apply' && a.includes('--down') && !a.includes('--dry-run')) {
        const n = a[a.indexOf('--down') + 1];
        return n === 'all' ? { what: 'hasura migrate apply --down all reverts every migration', level: 'deny', loses: 'every table the migrations created', safer: 'hasura migrate apply --down 1 --dry-run to read the SQL; back up' } : { what: `hasura migrate apply --down ${n ?? ''} reverts migrations`, level: 'ask', loses: 'what they created', safer: 'add --dry-run to read the SQL first' };
      }
      if (p[0] === 'metadata' && p[1] === 'clear') return { what: 'hasura metadata clear removes all tracked tables, relationships and permissions', level: 'ask', loses: 'the GraphQL API\'s metadata (not the data)', safer: 'hasura metadata export first' };
      return null;
    },
  },
];

const simpleRules: CommandRule[] = SIMPLE.map((s) => ({
  id: s.id,
  level: 'deny' as const,
  summary: s.summary,
  commands: [...s.prog, ...JS_RUNNERS, 'python', 'python3', 'uv', 'poetry', 'php'],
  match(cmd: SimpleCommand) {
    const t = toolOf(cmd);
    if (!t || !s.prog.includes(t.prog) || t.args.includes('--help') || t.args.includes('-h')) return null;
    const m = s.match(t.args);
    if (!m) return null;
    return { reason: m.what, loses: m.loses, safer: m.safer, level: m.level };
  },
}));

export const migrationsPack: RulePack = {
  id: 'migrations',
  description: 'ORMs and migration tools: prisma, rails/rake, django, knex, sequelize, typeorm, drizzle-kit, alembic, flyway, liquibase, supabase db reset, diesel, sqlx, ecto, laravel, golang-migrate/dbmate/goose/atlas, dotnet ef, hasura',
  rules: [prisma, rails, django, dbshellSql, ...simpleRules],
};
