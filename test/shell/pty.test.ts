import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectCommands } from '../../src/shell/wrappers.js';
import { analyze, argvs, kinds } from './helpers.js';

function ranGitResetHard(command: string, files: Record<string, string> = {}): boolean {
  return argvs(analyze(command, files)).some((a) => a.join(' ') === 'git reset --hard');
}

test('script runs its -c command (util-linux) or the words after the log file (BSD)', () => {
  for (const cmd of [
    'script -q -c "git reset --hard" /dev/null',
    'script -qc "git reset --hard" /dev/null',
    'script --command="git reset --hard" /dev/null',
    'script --command "git reset --hard" -q /dev/null',
    'script -q /dev/null git reset --hard',
  ]) {
    assert.ok(ranGitResetHard(cmd), cmd);
  }
  assert.deepEqual(argvs(analyze('script -q out.log')), [['script', '-q', 'out.log']]);
  assert.ok(kinds(analyze('script -q -c "$CMD" /dev/null')).includes('dynamic-command'));
});

test('expect: the commands it spawns or execs are analysed, from -c or a script file', () => {
  assert.deepEqual(expectCommands('spawn -noecho ssh host\nexpect "$ "\nsend "ls\\r"'), ['ssh host']);
  assert.deepEqual(expectCommands('set x [exec git status]; spawn -ignore HUP rm -rf build'), ['git status', 'rm -rf build']);
  assert.ok(ranGitResetHard("expect -c 'spawn git reset --hard; interact'"));
  assert.ok(ranGitResetHard('expect reset.exp', { 'reset.exp': 'spawn git reset --hard\nexpect eof\n' }));
  assert.ok(ranGitResetHard('expect -f reset.exp', { 'reset.exp': 'spawn git reset --hard\n' }));
  assert.ok(kinds(analyze('expect missing.exp')).includes('unreadable-script'));
  // text sent to the program is not a command
  assert.ok(!argvs(analyze(`expect -c 'spawn bash; send "echo hi\\r"'`)).some((a) => a[0] === 'echo'));
});

test('unbuffer runs its command', () => {
  assert.ok(ranGitResetHard('unbuffer git reset --hard'));
});
