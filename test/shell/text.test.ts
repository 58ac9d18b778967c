import { test } from 'node:test';
import assert from 'node:assert/strict';
import { braceExpand } from '../../src/shell/analyze.js';
import { interpreterActions, interpreterCode } from '../../src/shell/interpreters.js';
import { makeRecipes, packageScripts } from '../../src/shell/scripts.js';
import { decodeAnsiC, echoOutput, printfOutput, quoteForDisplay } from '../../src/shell/text.js';
import { analyzeShell, quoteForDisplay as exported } from '../../src/shell/index.js';

test('ANSI-C quoting decodes like bash', () => {
  assert.equal(decodeAnsiC('\\x74\\x65rraform').text, 'terraform');
  assert.equal(decodeAnsiC('\\164\\145rra\\u0066orm').text, 'terraform');
  assert.equal(decodeAnsiC('a\\tb\\n\\\\\\\'').text, "a\tb\n\\'");
  assert.equal(decodeAnsiC('\\U0001F600').text, '😀');
  assert.equal(decodeAnsiC('\\cA').text, '\x01');
  assert.equal(decodeAnsiC('\\U00110000').invalid, true);
  assert.equal(decodeAnsiC('\\uD800').invalid, true);
});

test('echo and printf output', () => {
  assert.equal(echoOutput(['a', 'b']), 'a b\n');
  assert.equal(echoOutput(['-n', 'a']), 'a');
  assert.equal(echoOutput(['-e', 'a\\nb']), 'a\nb\n');
  assert.equal(echoOutput(['a\\nb']), 'a\\nb\n');
  assert.equal(printfOutput(['%s-%s\\n', 'a', 'b', 'c']), 'a-b\nc-\n');
  assert.equal(printfOutput(['DROP TABLE %s;', 'users']), 'DROP TABLE users;');
  assert.equal(printfOutput(['%d%%', '42']), '42%');
  // escapes in the format are whole sequences: hex, octal without a leading 0, unicode (as bash prints them)
  assert.equal(printfOutput(['\\x72\\x6d -rf /']), 'rm -rf /');
  assert.equal(printfOutput(['\\162\\155 -rf /']), 'rm -rf /');
  assert.equal(printfOutput(['r\\u006d']), 'rm');
  assert.equal(printfOutput(['%b', '\\0162m']), 'rm');
});

test('brace expansion', () => {
  assert.deepEqual(braceExpand('a{b,c}d'), ['abd', 'acd']);
  assert.deepEqual(braceExpand('{1..3}'), ['1', '2', '3']);
  assert.deepEqual(braceExpand('{a..c}'), ['a', 'b', 'c']);
  assert.deepEqual(braceExpand('x{1..5..2}'), ['x1', 'x3', 'x5']);
  assert.deepEqual(braceExpand('{a,b{1,2}}'), ['a', 'b1', 'b2']);
  assert.deepEqual(braceExpand('{a}'), ['{a}']);
  assert.deepEqual(braceExpand('${x}'), ['${x}']);
  assert.equal(braceExpand('{1..100000}').length, 256, 'bounded');
});

test('quoteForDisplay round-trips through the analyzer', () => {
  assert.equal(exported, quoteForDisplay);
  const words = ['rm', '-rf', 'my dir', "it's", '$HOME', 'a;b', ''];
  const shown = quoteForDisplay(words);
  assert.equal(shown, "rm -rf 'my dir' 'it'\\''s' '$HOME' 'a;b' ''");
  assert.deepEqual(analyzeShell(shown, { cwd: '/' }).commands[0].argv, words);
});

test('interpreter code is found behind its flags', () => {
  assert.deepEqual(interpreterCode('python', ['python3', '-u', '-c', 'x']), { kind: 'code', code: 'x', flag: '-c', at: 3 });
  assert.deepEqual(interpreterCode('python', ['python3', '-m', 'pip']), { kind: 'script', at: 2 });
  assert.deepEqual(interpreterCode('python', ['python3', 'x.py']), { kind: 'script', at: 1 });
  assert.deepEqual(interpreterCode('python', ['python3']), { kind: 'stdin' });
  assert.deepEqual(interpreterCode('node', ['node', '--version']), { kind: 'none' });
  assert.equal(interpreterCode('perl', ['perl', '-e', 'a', '-e', 'b']).kind, 'code');
  const perl = interpreterCode('perl', ['perl', '-e', 'a', '-e', 'b']);
  assert.equal(perl.kind === 'code' ? perl.code : '', 'a\nb');
});

test('interpreter actions: commands and destructive calls, nothing from plain code or comments', () => {
  assert.deepEqual(interpreterActions('python', 'print("rm -rf /")'), []);
  assert.deepEqual(interpreterActions('python', '# os.system("rm -rf /")\nx = 1'), []);
  assert.deepEqual(interpreterActions('python', 'import subprocess as sp\nsp.run(["ls", "-l"])').map((x) => (x.kind === 'argv' ? x.argv : x.kind)), [['ls', '-l']]);
  assert.deepEqual(interpreterActions('python', 'import shutil as s; s.rmtree("/srv")').map((x) => (x.kind === 'argv' ? x.argv : x.kind)), [['rm', '-rf', '/srv']]);
  assert.deepEqual(interpreterActions('python', 'from subprocess import run\nrun(["rm", "-rf", "x"])'), [{ kind: 'argv', argv: ['rm', '-rf', 'x'], dynamic: [false, false, false], text: 'run(["rm", "-rf", "x"])' }]);
  assert.deepEqual(interpreterActions('node', 'fs.rmSync(dir, { recursive: true })').map((x) => (x.kind === 'argv' ? x.argv : x.kind)), [['rm', '-r', 'dir']]);
  assert.deepEqual(interpreterActions('ruby', 'FileUtils.rm_rf "/srv"').map((x) => (x.kind === 'argv' ? x.argv : x.kind)), [['rm', '-rf', '/srv']]);
  assert.deepEqual(interpreterActions('python', 'os.system(f"rm -rf {d}")').map((x) => x.kind), ['shell'], 'an f-string with a space is still read as shell code');
  assert.deepEqual(interpreterActions('python', 'os.system(cmd)').map((x) => x.kind), ['opaque']);
});

test('Makefile recipes: default target, prerequisites, variables, prefixes, dry run', () => {
  const files: Record<string, string> = {
    '/p/Makefile': 'DIR ?= build\nall: clean\n\t@echo done\nclean:\n\t-rm -rf $(DIR) ${DIR}/x $$HOME\n.PHONY: all clean\n',
  };
  const read = (p: string) => files[p] ?? null;
  const r = makeRecipes(['make'], '/p', read);
  assert.ok(r);
  assert.deepEqual(r.lines.map((l) => [l.target, l.command, l.line]), [['clean', 'rm -rf build build/x $HOME', 5], ['all', 'echo done', 3]]);
  assert.deepEqual(makeRecipes(['make', 'DIR=/srv', 'clean'], '/p', read)?.lines.map((l) => l.command), ['rm -rf /srv /srv/x $HOME']);
  assert.deepEqual(makeRecipes(['make', '-n', 'clean'], '/p', read)?.lines, [], 'a dry run runs no plain recipe line');
  assert.equal(makeRecipes(['make'], '/q', read), null);
});

test('package.json scripts: run, lifecycle shortcuts, pre/post, arguments, builtins', () => {
  const files: Record<string, string> = { '/p/package.json': JSON.stringify({ scripts: { pretest: 'lint', test: 'node t.js', build: 'tsc', clean: 'rm -rf dist' } }) };
  const read = (p: string) => files[p] ?? null;
  assert.deepEqual(packageScripts(['npm', 'test'], '/p', read)?.scripts.map((s) => s.command), ['lint', 'node t.js']);
  assert.deepEqual(packageScripts(['npm', 'run', 'clean', '--', '--force'], '/p', read)?.scripts.map((s) => s.command), ['rm -rf dist --force']);
  assert.deepEqual(packageScripts(['yarn', 'clean'], '/p', read)?.scripts.map((s) => s.command), ['rm -rf dist']);
  assert.equal(packageScripts(['npm', 'clean'], '/p', read), null, 'npm X is not a script unless run');
  assert.equal(packageScripts(['pnpm', 'install'], '/p', read), null);
  assert.equal(packageScripts(['npm', 'run', 'missing'], '/p', read), null);
  assert.equal(packageScripts(['npm', 'run', 'x'], '/p', () => '{not json'), null);
});

test("printf: an invalid option prints nothing (bash's builtin), -- ends options, -v assigns", () => {
  assert.equal(printfOutput(['--hard']), '');
  assert.equal(printfOutput(['-delete']), '');
  assert.equal(printfOutput(['-rf', 'x']), '');
  assert.equal(printfOutput(['--', '--hard']), '--hard');
  assert.equal(printfOutput(['--', '-v']), '-v', 'after --, -v is the format');
  assert.equal(printfOutput(['-v', 'X', 'hi']), '');
  assert.equal(printfOutput(['-']), '-');
});

test('printf through a path or an exec wrapper is coreutils: the option-looking word is printed', () => {
  assert.equal(printfOutput(['--hard'], false), '--hard');
});
