import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inputArgumentProblem } from '../../src/shell/inputs.js';
import { analyze, kinds } from './helpers.js';

function dynamicArguments(command: string): string[] {
  return analyze(command).issues.filter((i) => i.kind === 'dynamic-arguments').map((i) => i.message);
}

test('unknown input that becomes arguments of git or find is an ask issue naming the upstream', () => {
  for (const [cmd, upstream, program] of [
    ['xargs -I{} git reset {}', 'xargs', 'git'],
    ['cat refs | xargs git checkout', 'xargs', 'git'],
    ['xargs find . -name "*.ts"', 'xargs', 'find'],
    ['xargs -I{} find {} -name x', 'xargs', 'find'],
    ['parallel git reset {}', 'parallel', 'git'],
    ['parallel find .', 'parallel', 'find'],
    ["parallel 'git reset'", 'parallel', 'git'],
    ['xargs sudo git clean -n', 'xargs', 'git'],
  ] as const) {
    const r = analyze(cmd);
    const issue = r.issues.find((i) => i.kind === 'dynamic-arguments');
    assert.ok(issue, `${cmd}: ${JSON.stringify(r.issues)}`);
    assert.equal(issue.level, 'ask');
    assert.match(issue.message, new RegExp(`input read by ${upstream} becomes arguments of ${program}`), cmd);
  }
});

test('file lists fed to ordinary programs, read-only git and literal input stay free of the issue', () => {
  for (const cmd of [
    "find . -name '*.log' | xargs rm",
    'git ls-files -z | xargs -0 wc -l',
    'ls | xargs -n1 echo',
    'find . -type f -exec grep -l TODO {} +',
    'cat files.txt | xargs -I{} cp {} backup/',
    'xargs git status',
    'git ls-files | xargs git blame',
    'xargs git log --oneline',
    'xargs -I{} git show origin/{}', // the item cannot start the word
    'xargs git add --', // after --, an item is a path
    'echo ok | xargs find . -name foo', // literal input: judged as written
    'parallel find . -exec echo -exec {} \\;', // the item is echo's argument
    'parallel find . -fprintf -exec {}', // the item is -fprintf's format
    'find . -exec git add {} +', // find's paths start with the starting point
  ]) {
    assert.deepEqual(dynamicArguments(cmd), [], cmd);
  }
});

test('literal input is resolved and judged as written, not flagged', () => {
  const r = analyze('echo --hard | xargs git reset');
  assert.ok(!kinds(r).includes('dynamic-arguments'));
  assert.ok(r.commands.some((c) => c.name === 'git' && c.argv.includes('--hard')));
});

test('parallel taking the whole command from its input is a dynamic command', () => {
  const r = analyze('cat cmds | xargs parallel');
  assert.ok(r.issues.some((i) => i.kind === 'dynamic-command' && /parallel runs a command taken from its input/.test(i.message)), JSON.stringify(r.issues));
});

test('inputArgumentProblem: only option positions of the listed programs count', () => {
  const d = (argv: string[]): boolean[] => argv.map((w) => w.includes('{xargs-input}') || w.includes('$XARGS_ITEM'));
  const check = (argv: string[]): string | null => inputArgumentProblem(argv[0], argv, d(argv), 'xargs');
  assert.match(check(['git', 'reset', '{xargs-input}']) ?? '', /--hard/);
  assert.equal(check(['git', 'diff', '{xargs-input}']), null);
  assert.match(check(['git', '-C', 'repo', '{xargs-input}']) ?? '', /git/, 'the subcommand itself from input');
  assert.equal(check(['git', 'reset', '--', '{xargs-input}']), null);
  assert.equal(check(['rm', '{xargs-input}']), null);
  assert.match(check(['find', '{xargs-input}']) ?? '', /-delete/);
  assert.equal(check(['find', '.', '-name', '$XARGS_ITEM']), null, 'the value of -name is a pattern');
});

test('an option word holding an input item counts, its value alone does not', () => {
  for (const cmd of [
    'xargs -I{} git reset --ha{}',
    'xargs -I{} git clean -d{}',
    'xargs -I{} git reflog --{}',
    'parallel git -c {} status', // -c name=value configures even a read-only subcommand
    'parallel git --config-env={} status',
    'parallel node --{} safe',
    'xargs -I{} perl -{} "print 1"',
    'xargs -I{} gawk -{} "BEGIN { print }"',
    'xargs -I{} python3.12 -{} x.py',
  ]) {
    assert.equal(dynamicArguments(cmd).length, 1, cmd);
  }
  for (const cmd of [
    'xargs -I{} git log --author={}',
    'xargs -I{} python3 x.py --file={}',
    'xargs -I{} python3 x.py -{}', // after the script: the script's own arguments
    'xargs node -e "console.log(1)"', // appended items are arguments of the code, not node options
    'xargs python3 script.py',
  ]) {
    assert.deepEqual(dynamicArguments(cmd), [], cmd);
  }
});

test('$(printf --hard) is empty in bash, $(env printf --hard) and $(/usr/bin/printf --hard) print it', () => {
  const git = (cmd: string): string[] => analyze(cmd).commands.find((c) => c.name === 'git')?.argv ?? [];
  assert.deepEqual(git('git reset $(printf --hard)'), ['git', 'reset']);
  assert.deepEqual(git('git reset $(printf -- --hard)'), ['git', 'reset', '--hard']);
  assert.deepEqual(git('git reset $(env printf --hard)'), ['git', 'reset', '--hard']);
  assert.deepEqual(git('git reset $(/usr/bin/printf --hard)'), ['git', 'reset', '--hard']);
  assert.deepEqual(git('git reset $(command printf --hard)'), ['git', 'reset']);
});

test('eval under parallel runs each input item as shell code', () => {
  const r = analyze("parallel eval 'printf safe'");
  assert.ok(r.issues.some((i) => i.kind === 'dynamic-command' && /eval runs its input/.test(i.message)), JSON.stringify(r.issues));
  assert.ok(!analyze("parallel eval 'printf safe' ::: a b").issues.some((i) => /eval runs its input/.test(i.message)), 'literal items are analysed as written');
});

test('an input item that builds an option of env or sudo is an issue; as a plain operand it is not', () => {
  for (const cmd of ['xargs -I{} env -{} git status', 'xargs -I{} sudo -{} git status', 'parallel sudo -{} true']) {
    assert.equal(dynamicArguments(cmd).length, 1, cmd);
  }
  for (const cmd of ['xargs -I{} env FOO={} git status', 'xargs sudo chmod 644', 'xargs -I{} timeout 5 cat {}']) {
    assert.deepEqual(dynamicArguments(cmd), [], cmd);
  }
});
