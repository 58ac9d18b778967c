import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyPath, dataKindOf, expandWord, globMatch, isLiveStateName, resolvePath, type PathContext, globSpellsDataName } from '../../src/rules/paths.js';
import { bashPatternRegExp } from '../../src/core/glob.js';

const ctx: PathContext = { cwd: '/work/project', home: '/home/agent', env: { TMPDIR: '/tmp/agent-tmp', EMPTY: '' }, protectedPaths: ['**/.twokey/**', 'secrets/**'] };
const kind = (w: string, dynamic = /\$|`/.test(w), c: PathContext = ctx) => classifyPath(w, dynamic, c).kind;

test('root, system directories and globs over them', () => {
  assert.equal(kind('/'), 'root');
  assert.equal(kind('/*'), 'root');
  assert.equal(kind('//'), 'root');
  assert.equal(kind('/tmp/../'), 'root');
  assert.equal(kind('/etc'), 'system');
  assert.equal(kind('/home/someone'), 'system');
  assert.equal(kind('/usr/local/lib'), 'system');
  assert.equal(kind('/etc/*'), 'system');
  assert.equal(kind('/opt/app/releases'), 'outside');
});

test('home, important home folders, home caches, ~user', () => {
  assert.equal(kind('~'), 'home');
  assert.equal(kind('$HOME'), 'home');
  assert.equal(kind('"$HOME"'.replace(/"/g, '')), 'home');
  assert.equal(kind('~/'), 'home');
  assert.equal(kind('~/*'), 'home');
  assert.equal(kind('~/.ssh'), 'home-important');
  assert.equal(kind('~/Documents'), 'home-important');
  assert.equal(kind('~/.cache/pip'), 'build');
  assert.equal(kind('~/projects/other'), 'outside');
  assert.equal(resolvePath('~bob/x', ctx), '/home/bob/x');
});

test('the working directory, its parents and unscoped globs', () => {
  assert.equal(kind('.'), 'cwd');
  assert.equal(kind('./'), 'cwd');
  assert.equal(kind('..'), 'cwd');
  assert.equal(kind('/work'), 'cwd');
  assert.equal(kind('*'), 'cwd-glob');
  assert.equal(kind('./*'), 'cwd-glob');
  assert.equal(kind('.*'), 'cwd-glob');
  assert.equal(kind('build/*'), 'build');
  assert.equal(kind('*.egg-info'), 'inside');
  assert.equal(kind('*/'), 'cwd-glob');
  assert.equal(kind('/work/proj*'), 'cwd');
  assert.equal(kind('/work/other-*'), 'outside');
  assert.equal(kind('node_modules'), 'build');
  assert.equal(kind('src/generated'), 'inside');
});

test('data by name: .git, Terraform state, databases, backups; lock files and snapshots are not data', () => {
  assert.equal(kind('.git'), 'git-dir');
  assert.equal(kind('vendor/lib/.git/objects'), 'git-dir');
  assert.equal(kind('.git/index.lock'), 'inside');
  assert.equal(kind('terraform.tfstate'), 'tfstate');
  assert.equal(kind('env/prod/terraform.tfstate.backup'), 'tfstate');
  assert.equal(kind('*.tfstate'), 'tfstate');
  assert.equal(kind('terraform.tfstate.d'), 'tfstate');
  assert.equal(kind('pgdata'), 'database');
  assert.equal(kind('/var/lib/mysql'), 'database');
  assert.equal(kind('db/app.sqlite3'), 'database');
  assert.equal(kind('backups'), 'backup');
  assert.equal(kind('prod-2026.sql.gz'), 'backup');
  assert.equal(kind('__snapshots__'), 'inside');
  assert.equal(kind('Thumbs.db'), 'inside');
  assert.equal(dataKindOf('/x/schema.sql'), null);
});

test('variables: known values substituted, unknown ones treated as empty, ${X:?} aborts, substitutions are opaque', () => {
  assert.equal(kind('$TMPDIR/build'), 'temp');
  assert.equal(kind('$UNSET/*'), 'root');
  assert.equal(kind('$UNSET/'), 'unknown-variable');
  assert.equal(kind('$EMPTY'), 'unknown-variable');
  assert.equal(kind('$UNSET/build'), 'unknown-variable');
  assert.equal(kind('${UNSET:-/tmp}/build'), 'temp');
  assert.equal(kind('${UNSET:?}/build'), 'inside');
  assert.equal(kind('$(date +%s)/out'), 'dynamic');
  assert.equal(kind('`hostname`/out'), 'dynamic');
  // pwd prints the directory the command runs in, like $PWD
  assert.equal(kind('$(pwd)/notes'), 'inside');
  assert.equal(kind('`pwd`/out'), 'build');
  assert.equal(kind('$(pwd)'), 'cwd');
  assert.equal(kind('$(pwd -P)/..'), 'cwd');
  assert.deepEqual(expandWord('$A/${B}', { ...ctx, env: { A: '/x' } }), { value: '/x/', unknown: ['B'], opaque: false });
});

test('temp directories and policy-protected paths', () => {
  assert.equal(kind('/tmp/x'), 'temp');
  assert.equal(kind('/var/tmp/*'), 'temp');
  assert.equal(kind('/tmp'), 'temp');
  assert.equal(kind('.twokey'), 'protected');
  assert.equal(kind('secrets/prod.env'), 'protected');
  assert.equal(kind('/', false, { ...ctx, cwd: '/' }), 'root');
  assert.equal(kind('/etc', false, { ...ctx, cwd: '/' }), 'system');
});

test('globMatch and live state names', () => {
  assert.ok(globMatch('**/*.tfstate', '/a/b/terraform.tfstate'));
  assert.ok(!globMatch('*.tfstate', '/a/b/terraform.tfstate'));
  assert.ok(globMatch('/a/?/c', '/a/b/c'));
  assert.ok(isLiveStateName('infra/terraform.tfstate'));
  assert.ok(isLiveStateName('prod.tfstate'));
  assert.ok(!isLiveStateName('terraform.tfstate.bak'));
  assert.ok(!isLiveStateName('terraform-backup-20260201.tfstate'));
});

test('a command that moved away from the project (cd .., cd /x, pushd) still may not delete it', () => {
  const moved: PathContext = { ...ctx, cwd: '/work', projectDir: '/work/project' };
  for (const word of ['project', './project/', 'proj*', '*', '/work']) assert.equal(classifyPath(word, false, moved).kind, 'cwd', word);
  assert.equal(classifyPath('other', false, moved).kind, 'inside', 'beside the project: an ordinary directory');
  assert.equal(classifyPath('x*', false, moved).kind, 'inside', 'a glob that cannot match the project');
  assert.equal(classifyPath('project/build', false, moved).kind, 'build');
  const far: PathContext = { ...ctx, cwd: '/tmp', projectDir: '/tmp/agent/project' };
  assert.equal(classifyPath('agent', false, far).kind, 'cwd', 'an ancestor of the project');
});

test('a glob that spells a well-known data name is aimed at it; one too vague to spell it is not', () => {
  const kinds = (word: string) => classifyPath(word, false, ctx).kind;
  for (const word of ['.gi?', '.[g]it', '.[[:alpha:]]it', './.?it', '.g[!x]t']) assert.equal(kinds(word), 'git-dir', word);
  assert.equal(classifyPath('.gi?', false, ctx).resolved, '/work/project/.git');
  for (const word of ['backup?', 'back*', 'dump[s]']) assert.equal(kinds(word), 'backup', word);
  for (const word of ['terraform.*', 'terraform.tfst?te']) assert.equal(kinds(word), 'tfstate', word);
  assert.equal(kinds('db.sqlite?'), 'database');
  for (const word of ['b*', '?git', 'dist*', 'build?', '*.log', '.cache?']) assert.notEqual(kinds(word), 'git-dir', word);
  assert.equal(globSpellsDataName('b*'), null, 'one literal character aims at nothing');
  assert.equal(globSpellsDataName('?git'), null, 'a leading . is matched only by a literal . (no dotglob)');
  assert.equal(bashPatternRegExp('[!.]*', true)?.test('.git'), false);
  assert.equal(bashPatternRegExp('.[[:digit:]]x', true)?.test('.7x'), true);
});

test('expansions the path rules do not work out are opaque, never a literal path', () => {
  for (const word of ['${x,,}', '${a[@]}', '${!ref}', '${x:3}', '.git${@}', '${x/a/b}']) assert.equal(expandWord(word, ctx).opaque, true, word);
  assert.equal(expandWord('${TMPDIR:-/tmp}/x', ctx).opaque, false);
  assert.equal(kind('${a[@]}'), 'dynamic');
});
