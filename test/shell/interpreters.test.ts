// Interpreter code: names bound to string literals are read through; values the code computes stay unknown.
import test from 'node:test';
import assert from 'node:assert/strict';
import { interpreterActions } from '../../src/shell/interpreters.js';
import { analyze, find } from './helpers.js';

const argvOf = (family: string, code: string) => interpreterActions(family, code).flatMap((a) => (a.kind === 'argv' ? [a.argv] : []));

test('an argument that names a variable bound to a string literal is that string', () => {
  assert.deepEqual(argvOf('python', 'import shutil; d = ".git"; shutil.rmtree(d)'), [['rm', '-rf', '.git']]);
  assert.deepEqual(argvOf('node', 'const p = "/etc"; require("fs").rmSync(p, { recursive: true })'), [['rm', '-r', '/etc']]);
  assert.deepEqual(argvOf('ruby', 'require "fileutils"; t = "backups"\nFileUtils.rm_rf(t)'), [['rm', '-rf', 'backups']]);
  assert.deepEqual(argvOf('python', 'import tempfile, shutil\nd = tempfile.mkdtemp()\nshutil.rmtree(d)'), [['rm', '-rf', '/tmp/tmp.XXXXXXXX']]);
  // bound twice: which value holds at the call is not known
  const twice = interpreterActions('python', 'import shutil\nd = "build"\nd = "/"\nshutil.rmtree(d)');
  assert.equal(twice[0].kind === 'argv' && twice[0].dynamic[2], true);
});

test('a value the code computes reaches the rules as an unknown value, not as a file of that name', () => {
  const rm = find(analyze("python3 -c 'import shutil,sys; shutil.rmtree(sys.argv[1])' backups"), 'rm');
  assert.deepEqual(rm.argv, ['rm', '-rf', '$(sys.argv[1])']);
  assert.equal(rm.dynamic[2], true);
});

test('R, Julia and AppleScript one-liners: their deletes and shell calls', () => {
  const rm = (command: string) => find(analyze(command), 'rm').argv;
  assert.deepEqual(rm(`Rscript -e 'unlink("data", recursive = TRUE)'`), ['rm', '-rf', 'data']);
  assert.deepEqual(rm(`Rscript -e 'file.remove("a.csv")'`), ['rm', 'a.csv']);
  assert.deepEqual(find(analyze(`Rscript -e 'system("dropdb app")'`), 'dropdb').argv, ['dropdb', 'app']);
  assert.deepEqual(rm(`julia -e 'rm("data"; recursive=true)'`), ['rm', '-rf', 'data']);
  assert.deepEqual(rm("julia -e 'run(`rm -rf /srv`)'"), ['rm', '-rf', '/srv']);
  assert.deepEqual(rm(`osascript -e 'do shell script "rm -rf ~/work"'`), ['rm', '-rf', '~/work']);
  assert.equal(analyze(`osascript -e 'display notification "rm -rf done"'`).commands.some((c) => c.name === 'rm'), false);
});
