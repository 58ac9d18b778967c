// Gaps closed after the first analyzer: bare redirections, readers answering undefined, package runners,
// the directory a command runs in, Windows paths, assembled names, input pasted into shell strings,
// $0/$* of `bash -c`, interpreter code on stdin.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeShell } from '../../src/shell/index.js';
import { packageBinary } from '../../src/shell/wrappers.js';
import { baseName } from '../../src/shell/text.js';
import { evaluateCommand } from '../../src/engine/evaluate.js';
import { analyze, argvs, find, kinds, CWD } from './helpers.js';
import { runCli, tempDir } from '../helpers/env.js';

// ---------------------------------------------------------------------------------------------------------
// 1. Bare redirections
// ---------------------------------------------------------------------------------------------------------

test('a bare redirection is a command with argv [] that carries its redirects and assignments', () => {
  for (const [cmd, op, target, fd] of [
    ['> terraform.tfstate', '>', 'terraform.tfstate', undefined],
    ['>> app.db', '>>', 'app.db', undefined],
    ['2> f', '>', 'f', 2],
    ['x=1 > state.tfstate', '>', 'state.tfstate', undefined],
  ] as const) {
    const r = analyze(cmd);
    assert.equal(r.commands.length, 1, `${cmd}: ${JSON.stringify(argvs(r))}`);
    const c = r.commands[0];
    assert.deepEqual(c.argv, []);
    assert.equal(c.name, '');
    assert.deepEqual(c.redirects, [{ op, target, ...(fd !== undefined ? { fd } : {}) }]);
    assert.deepEqual(kinds(r), []);
  }
  assert.equal(analyze('x=1 > state.tfstate').commands[0].env.x, '1');
  // the assignment still happens in the shell: later commands see it
  assert.deepEqual(find(analyze('X=terraform > out.txt; $X destroy'), 'terraform').argv, ['terraform', 'destroy']);
  // a plain assignment or an empty input is still no command
  assert.equal(analyze('x=1').commands.length, 0);
  assert.equal(analyze('').commands.length, 0);
});

test('a bare redirection truncates: a script written as empty then run has nothing in it', () => {
  const r = analyze('> run.sh; bash run.sh', { 'run.sh': 'terraform destroy -auto-approve\n' });
  assert.ok(!r.commands.some((c) => c.name === 'terraform'), JSON.stringify(argvs(r)));
});

test('the engine sees a bare redirection: > terraform.tfstate is denied by the filesystem redirect rule', () => {
  const { dir, cleanup } = tempDir();
  try {
    for (const cmd of ['> terraform.tfstate', 'x=1 > prod.tfstate', '2> terraform.tfstate', '> app.db']) {
      const d = evaluateCommand({ command: cmd, cwd: dir, env: { HOME: dir, TWOKEY_HOME: join(dir, '.twokey') } }, { home: join(dir, '.twokey') });
      assert.equal(d.decision, 'deny', `${cmd}: ${JSON.stringify(d)}`);
      assert.equal(d.rule, 'filesystem.redirect-overwrite', cmd);
    }
    const ok = evaluateCommand({ command: '> notes.txt', cwd: dir, env: { HOME: dir } }, { home: join(dir, '.twokey') });
    assert.equal(ok.decision, 'allow', JSON.stringify(ok));
  } finally {
    cleanup();
  }
});

test('twokey check --command "> terraform.tfstate" exits 3 (deny)', () => {
  const { dir, cleanup } = tempDir();
  try {
    const r = runCli(['check', '--json', '--command', '> terraform.tfstate'], { cwd: dir, env: { TWOKEY_HOME: join(dir, '.twokey'), HOME: dir } });
    assert.equal(r.status, 3, r.stdout + r.stderr);
    assert.equal(JSON.parse(r.stdout).rule, 'filesystem.redirect-overwrite');
  } finally {
    cleanup();
  }
});

// ---------------------------------------------------------------------------------------------------------
// 2. readFile answering undefined
// ---------------------------------------------------------------------------------------------------------

test('a readFile that answers undefined means "no such file", never the text "undefined"', () => {
  const readFile = (() => undefined) as unknown as (p: string) => string | null;
  const r = analyzeShell('cat notes.txt | sh', { cwd: CWD, readFile });
  assert.ok(!r.commands.some((c) => c.argv.includes('undefined') || c.name === 'undefined'), JSON.stringify(r.commands.map((c) => c.argv)));
  // the piped text is unknown, so sh running it is an issue
  assert.ok(r.issues.some((i) => i.kind === 'opaque-interpreter'), JSON.stringify(r.issues));
  const s = analyzeShell('X=$(cat v.txt); echo "$X"', { cwd: CWD, readFile });
  assert.ok(!s.commands.some((c) => c.argv.some((w) => w.includes('undefined'))), JSON.stringify(s.commands.map((c) => c.argv)));
  const sub = analyzeShell('echo "$(< v.txt)"', { cwd: CWD, readFile });
  assert.ok(find(sub, 'echo').dynamic[1], 'an unreadable $(< file) stays unknown');
});

// ---------------------------------------------------------------------------------------------------------
// 3. Package runners
// ---------------------------------------------------------------------------------------------------------

test('packageBinary: versions stripped, scoped names, the binary a known package installs', () => {
  const cases: Array<[string, string]> = [
    ['aws-cdk', 'cdk'], ['aws-cdk@2.100.0', 'cdk'], ['netlify-cli@17', 'netlify'], ['firebase-tools@latest', 'firebase'],
    ['@railway/cli', 'railway'], ['@railway/cli@3.0.1', 'railway'], ['cdktf-cli@0.20', 'cdktf'], ['@angular/cli@17', 'ng'],
    ['sequelize-cli', 'sequelize'], ['@nestjs/cli@10', 'nest'], ['prisma@5.1.0', 'prisma'], ['wrangler@3', 'wrangler'],
    ['vercel@latest', 'vercel'], ['supabase@1.2', 'supabase'], ['drizzle-kit@0.20', 'drizzle-kit'], ['heroku', 'heroku'],
    ['@scope/tool@1.2', 'tool'], ['serverless@3', 'serverless'], ['typeorm@0.3', 'typeorm'], ['knex@3', 'knex'],
    ['./bin/tool', './bin/tool'], ['github:user/repo', 'github:user/repo'],
  ];
  for (const [spec, bin] of cases) assert.equal(packageBinary(spec), bin, spec);
});

test('npx, bunx, pnpm dlx/exec, yarn dlx, npm exec / npm x run the package binary', () => {
  const rows: Array<[string, string[]]> = [
    ['npx aws-cdk@2.100.0 destroy --force', ['cdk', 'destroy', '--force']],
    ['npx --yes netlify-cli@17 sites:delete x', ['netlify', 'sites:delete', 'x']],
    ['npx -y firebase-tools projects:delete p', ['firebase', 'projects:delete', 'p']],
    ['bunx @railway/cli@3 down', ['railway', 'down']],
    ['pnpm dlx cdktf-cli@0.20 destroy', ['cdktf', 'destroy']],
    ['pnpm exec prisma migrate reset --force', ['prisma', 'migrate', 'reset', '--force']],
    ['yarn dlx @nestjs/cli@10 new app', ['nest', 'new', 'app']],
    ['npm exec -- sequelize-cli db:drop', ['sequelize', 'db:drop']],
    ['npm x -- prisma@5 db push --force-reset', ['prisma', 'db', 'push', '--force-reset']],
    ['npx -p aws-cdk cdk destroy', ['cdk', 'destroy']],
    ['npx --package=firebase-tools firebase projects:delete p', ['firebase', 'projects:delete', 'p']],
    ['npx @scope/tool@1.2 run', ['tool', 'run']],
  ];
  for (const [cmd, argv] of rows) {
    const r = analyze(cmd);
    assert.ok(r.commands.some((c) => JSON.stringify(c.argv) === JSON.stringify(argv)), `${cmd}: ${JSON.stringify(argvs(r))}`);
  }
  // npx -c / npm exec --call run a shell string
  assert.deepEqual(find(analyze("npx -c 'terraform destroy -auto-approve'"), 'terraform').argv, ['terraform', 'destroy', '-auto-approve']);
  assert.deepEqual(find(analyze("npm exec --call='rm -rf dist'"), 'rm').argv, ['rm', '-rf', 'dist']);
});

// ---------------------------------------------------------------------------------------------------------
// 4. cwd
// ---------------------------------------------------------------------------------------------------------

test('cwd: set after a literal cd / pushd, restored by popd, unset after cd "$X" or cd -', () => {
  const r = analyze('rm a; cd infra && rm b; cd ../ops; rm c');
  assert.equal(find(r, 'rm', 0).cwd, undefined);
  assert.equal(find(r, 'rm', 1).cwd, `${CWD}/infra`);
  assert.equal(find(r, 'rm', 2).cwd, `${CWD}/ops`);
  assert.equal(find(analyze('cd /srv/app && terraform destroy'), 'terraform').cwd, '/srv/app');
  assert.equal(find(analyze('cd -- /srv && ls'), 'ls').cwd, '/srv');
  const p = analyze('pushd /srv/a; rm x; popd; rm y');
  assert.equal(find(p, 'rm', 0).cwd, '/srv/a');
  assert.equal(find(p, 'rm', 1).cwd, undefined, 'popd returns to the request cwd');
  assert.equal(find(analyze('cd "$X" && rm -rf build'), 'rm').cwd, undefined);
  assert.equal(find(analyze('cd /srv; cd "$X"; rm -rf build'), 'rm').cwd, undefined);
  assert.equal(find(analyze('cd /srv; cd -; rm -rf build'), 'rm').cwd, undefined);
  assert.equal(find(analyze('cd "$X"; cd /opt; rm -rf build'), 'rm').cwd, '/opt');
  assert.equal(find(analyze('cd "$X"; cd sub; rm -rf build'), 'rm').cwd, undefined, 'relative to an unknown directory');
  // a subshell's cd stays inside it
  assert.equal(find(analyze('(cd /srv && ls); rm -rf build'), 'rm').cwd, undefined);
  assert.equal(find(analyze('(cd /srv && ls); rm -rf build'), 'ls').cwd, '/srv');
  // cd ~ uses the HOME the caller passes, else stays unknown
  assert.equal(find(analyze('cd ~/proj && rm -rf x', {}, { env: { HOME: '/home/u' } }), 'rm').cwd, '/home/u/proj');
  assert.equal(find(analyze('cd && rm -rf x'), 'rm').cwd, undefined);
});

test('the engine judges a command in the directory an earlier cd moved it to', () => {
  const { dir, cleanup } = tempDir();
  try {
    mkdirSync(join(dir, 'infra'));
    writeFileSync(join(dir, 'infra', 'terraform.tfstate'), '{}');
    const d = evaluateCommand({ command: 'cd infra && > terraform.tfstate', cwd: dir, env: { HOME: dir } }, { home: join(dir, '.twokey') });
    assert.equal(d.decision, 'deny', JSON.stringify(d));
    assert.match(d.reason, /infra\/terraform\.tfstate/);
  } finally {
    cleanup();
  }
});

// ---------------------------------------------------------------------------------------------------------
// 5. Corpus misses in the shell layer
// ---------------------------------------------------------------------------------------------------------

test('Windows paths name their program: backslashes split, .exe dropped', () => {
  assert.equal(baseName('C:\\Program Files\\Git\\bin\\git.exe'), 'git');
  assert.equal(baseName('c:/tools/terraform.EXE'), 'terraform');
  assert.equal(baseName('\\\\server\\share\\rm.exe'), 'rm');
  assert.equal(baseName('/usr/bin/git'), 'git');
  const r = analyze('"C:\\Program Files\\Git\\bin\\git.exe" reset --hard');
  assert.equal(r.commands[0].name, 'git');
  // wrappers given as .exe still unwrap
  assert.deepEqual(find(analyze("bash.exe -c 'terraform destroy'"), 'terraform').argv, ['terraform', 'destroy']);
});

test('a command name assembled from command output is an issue, also inside parallel and xargs', () => {
  for (const cmd of ['parallel r$(printf m) -rf ::: child', 'r$(printf m) -rf /', 'xargs r$(printf m) -rf', '"r$(echo m)" -rf x', 'g$(printf it) br$(printf anch) -D x']) {
    const r = analyze(cmd);
    assert.ok(r.commands.some((c) => c.name === 'rm' || c.name === 'git'), `${cmd}: the resolved command is still seen ${JSON.stringify(argvs(r))}`);
    assert.ok(kinds(r).includes('dynamic-command'), `${cmd}: ${JSON.stringify(r.issues)}`);
  }
  // command output as an argument is ordinary, and a name that is only a substitution is what it resolves to
  assert.deepEqual(kinds(analyze('git commit -m "$(printf done)"')), []);
  assert.deepEqual(kinds(analyze('$(echo hello)')), []);
  assert.deepEqual(kinds(analyze('`echo pwd`')), []);
  assert.deepEqual(kinds(analyze('parallel rm -rf ::: child')), []);
});

test('input pasted into a shell string (xargs -I, find -exec, parallel) is an ask issue; known input is resolved', () => {
  for (const cmd of [
    "find src -type f | xargs -I{} sh -c 'echo {}; sed -n 1,20p {}'",
    "find src -type f | sort | xargs -I{} sh -c 'echo {}; sed -n 1,20p {}'",
    "find . -name '*.log' -exec sh -c 'gzip {}' \\;",
    "find . -name '*.log' -execdir bash -c 'cat {}' \\;",
    "ls | parallel bash -c 'echo {}'",
    "xargs -I % bash -lc 'echo %'",
  ]) {
    const r = analyze(cmd);
    assert.ok(r.issues.some((i) => i.kind === 'dynamic-command' && /pasted/.test(i.message) && i.level === 'ask'), `${cmd}: ${JSON.stringify(r.issues)}`);
  }
  // input passed as an argument, not as code: no issue
  assert.deepEqual(kinds(analyze("find src -type f | sort | xargs -I{} sh -c 'wc -l \"$1\"' _ {}")), []);
  assert.deepEqual(kinds(analyze("find . -exec sh -c 'wc -l \"$1\"' _ {} \\;")), []);
  // literal input is substituted and analysed as it is
  const known = analyze("printf 'a.txt\\n' | xargs -I{} sh -c 'rm -rf {}'");
  assert.deepEqual(find(known, 'rm').argv, ['rm', '-rf', 'a.txt']);
  assert.ok(!known.issues.some((i) => /pasted/.test(i.message)), JSON.stringify(known.issues));
  assert.deepEqual(find(analyze("parallel sh -c 'rm -rf {}' ::: build"), 'rm').argv, ['rm', '-rf', 'build']);
});

test('bash -c CODE NAME ARGS: $0 is NAME; $* and $@ follow IFS', () => {
  assert.deepEqual(find(analyze("bash -c '$0 destroy' terraform"), 'terraform').argv, ['terraform', 'destroy']);
  assert.deepEqual(find(analyze("bash -c 'IFS=,; $*' _ 'rm,-rf,/'"), 'rm').argv, ['rm', '-rf', '/']);
  // quoted "$*" joins with the first IFS character into one word: a command named "rm,-rf,/"
  assert.deepEqual(argvs(analyze("bash -c 'IFS=,; \"$*\"' _ rm -rf /")), [['rm,-rf,/']]);
  // unquoted $* with IFS=, keeps 'rm -rf /' one field (a program of that name does not exist); the value came
  // from an argument, not from a name the input quoted, so it is not judged as meant (intent.ts)
  assert.deepEqual(argvs(analyze("bash -c 'IFS=,; $*' _ 'rm -rf /'")), [['rm -rf /']]);
  // written that way in the input, it is: the command as written, then the command it spells
  const quoted = analyze("'rm -rf /tmp/x'");
  assert.deepEqual(argvs(quoted), [['rm -rf /tmp/x'], ['rm', '-rf', '/tmp/x']]);
  assert.equal(quoted.commands[0].asMeant, undefined);
  assert.match(quoted.commands[1].asMeant ?? '', /quoted into one word/);
  assert.deepEqual(find(analyze("bash -c '\"$@\"' _ rm -rf /"), 'rm').argv, ['rm', '-rf', '/']);
  assert.deepEqual(find(analyze("bash -c '$*' _ rm -rf /"), 'rm').argv, ['rm', '-rf', '/']);
  assert.deepEqual(find(analyze("find . -exec bash -c 'IFS=,; $*' _ 'rm,-rf,/' \\;"), 'rm').argv, ['rm', '-rf', '/']);
  // an unknown $* of the outer shell used as the inner shell's code: not the inner shell's (empty) $*
  assert.ok(kinds(analyze("xargs sh -c 'sh -c \"${*}\"' _")).includes('dynamic-command'));
  assert.ok(kinds(analyze("bash -c 'bash -c \"$1\"' _ \"$X\"")).includes('dynamic-command'));
  assert.deepEqual(kinds(analyze("bash -c 'bash -c \"$1\"' _ 'ls -la'")), []);
});

test('interpreter code on a heredoc or here-string is analysed like -c; -p/--print like -e', () => {
  assert.deepEqual(find(analyze('python3 <<EOF\nimport shutil\nshutil.rmtree("/tmp/test")\nEOF'), 'rm').argv, ['rm', '-rf', '/tmp/test']);
  assert.deepEqual(find(analyze('python3 - <<\'PY\'\nimport os\nos.system("git reset --hard")\nPY'), 'git').argv, ['git', 'reset', '--hard']);
  assert.ok(find(analyze('perl <<EOF\nunlink glob("/etc/*");\nEOF'), 'rm').argv.includes('/etc/*'));
  assert.deepEqual(find(analyze("python3 -c \"import os; os.remove('/etc/passwd')\""), 'rm').argv, ['rm', '/etc/passwd']);
  assert.deepEqual(find(analyze('node -pe \'require("child_process").execSync("rm -rf /")\''), 'rm').argv, ['rm', '-rf', '/']);
  assert.deepEqual(find(analyze('node --print \'require("child_process").execSync("rm -rf /")\''), 'rm').argv, ['rm', '-rf', '/']);
  assert.deepEqual(find(analyze('ruby <<< \'system("git clean -fdx")\''), 'git').argv, ['git', 'clean', '-fdx']);
});

test('watch, awk string escapes: the command inside is seen', () => {
  // watch joins its words and runs them with sh -c: both readings are analysed
  assert.ok(analyze("watch sh -c 'git reset --hard'").commands.some((c) => JSON.stringify(c.argv) === '["git","reset","--hard"]'));
  assert.deepEqual(find(analyze("awk 'BEGIN { system(\"rm\\x20-rf\\x20/\") }'"), 'rm').argv, ['rm', '-rf', '/']);
  assert.deepEqual(find(analyze("awk 'BEGIN { system(\"rm\\040-rf\\040/\") }'"), 'rm').argv, ['rm', '-rf', '/']);
});

test('a startup file named on the command line that cannot be read is an issue; source -p with an unknown path too', () => {
  for (const cmd of ['BASH_ENV=/tmp/unknown-startup.sh bash safe.sh', 'ENV=/tmp/unknown-startup.sh ksh -i safe.sh', 'bash --rcfile /tmp/unknown-startup.sh -i safe.sh']) {
    assert.ok(kinds(analyze(cmd, { 'safe.sh': 'echo hi\n' })).includes('unreadable-script'), cmd);
  }
  // --rcfile is read by interactive shells only
  assert.deepEqual(kinds(analyze("bash --rcfile /tmp/unknown-startup.sh -c 'printf safe'")), []);
  assert.deepEqual(kinds(analyze('bash --init-file /tmp/unknown-startup.sh safe.sh', { 'safe.sh': 'echo hi\n' })), []);
  // readable: analysed, no issue
  const r = analyze('BASH_ENV=./env.sh bash safe.sh', { 'safe.sh': 'echo hi\n', 'env.sh': 'git reset --hard\n' });
  assert.deepEqual(kinds(r), []);
  assert.deepEqual(find(r, 'git').argv, ['git', 'reset', '--hard']);
  assert.ok(kinds(analyze('. -p "$DIR" safe.sh')).includes('dynamic-command'));
});
