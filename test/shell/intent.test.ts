// Commands as meant (src/shell/intent.ts): inputs that do not run what they spell only because of a slip,
// or that hand a known command to a program twokey does not know. Judged, never more strictly than ask.
import test from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCommand } from '../../src/engine/evaluate.js';
import { analyzeShell } from '../../src/shell/index.js';
import { CWD, kinds } from './helpers.js';
import { tempDir } from '../helpers/env.js';

const { dir: home } = tempDir('twokey-intent-home-');
const judge = (command: string) => evaluateCommand({ command, cwd: CWD, env: { HOME: '/home/agent', PATH: '/usr/bin:/bin' } }, { home });

test('a whole command quoted into one word is judged as the command it spells, at most ask', () => {
  for (const command of ["'rm -rf /'", "'git checkout -x;git checkout -f'", "'git reset --hard'", "'rm\nrm -rf /'"]) {
    const d = judge(command);
    assert.equal(d.decision, 'ask', `${command}: ${d.decision} ${d.rule}`);
    assert.match(d.reason, /as meant: .*quoted into one word/, command);
  }
  // the same words run for real are still denied: the cap applies only to the slip
  assert.equal(judge('rm -rf /').decision, 'deny');
});

test('a path with blanks is a real program, and a name from a variable is data: neither is re-read', () => {
  assert.equal(judge('"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" --headless').decision, 'allow');
  assert.equal(judge("bash -c '\"$1\"' _ 'git reset --hard'").decision, 'allow');
  assert.equal(judge("'ls -la'").decision, 'allow');
});

test('a word that only looks like an assignment is the program name: the command after it is judged', () => {
  for (const command of ['1A=2 git reset --hard', 'A-B=2 git reset --hard', '=2 git reset --hard']) {
    const d = judge(command);
    assert.equal(d.decision, 'ask', command);
    assert.equal(d.rule, 'git.reset-hard', command);
    assert.match(d.reason, /not a valid assignment/);
  }
  // a valid assignment is an assignment: the command is denied or asked on its own terms
  assert.equal(judge('A=2 git reset --hard').rule, 'git.reset-hard');
  assert.doesNotMatch(judge('A=2 git reset --hard').reason, /as meant/);
});

test('a program twokey does not know, given a known command or a script on stdin, may run it', () => {
  for (const command of ['tool git reset --hard', 'rtk -- git reset --hard', 'w1 w2 rm -rf /', 'xargs w1 w2 rm -rf /', 'tool rm -rf / git reset --hard', 'tool find . -delete', "tool sh -c 'git reset --hard'", "custom-tool <<'EOF'\ngit reset --hard\nEOF"]) {
    const d = judge(command);
    assert.equal(d.decision, 'ask', `${command}: ${d.decision} ${d.rule}`);
    assert.match(d.reason, /twokey does not know "(tool|custom-tool|rtk|w1)"/, command);
  }
  // programs that print or describe their arguments, and known programs, are not carriers
  for (const command of ['man git push --force', 'which rm', "cat <<'EOF'\nrm -rf /\nEOF", 'tool git status', 'tool a b c d e f git reset --hard', "tool <<'EOF'\nRun git reset --hard to start over.\nEOF", 'git commit -m "rm -rf /"']) {
    assert.equal(judge(command).decision, 'allow', command);
  }
});

test('interpreter code that reads as a shell command is judged as that command, at most ask', () => {
  for (const command of ['node -e "rm -rf /"', 'perl -e "rm -rf /"', 'ruby -e "rm -rf /"', "python3 - <<'PY'\ngit branch -D main\nPY"]) {
    const d = judge(command);
    assert.equal(d.decision, 'ask', `${command}: ${d.decision} ${d.rule}`);
    assert.match(d.reason, /reads as a shell command/);
  }
  for (const command of ["python -c 'print(1)'", 'node -e "console.log(\'rm -rf /\')"', "python3 - <<'PY'\nx = 1\nprint(x)\nPY", 'CODE=\'print(1)\'; python3 -c "$CODE"']) {
    assert.equal(judge(command).decision, 'allow', command);
  }
  // code held in a variable set elsewhere is unknown until it runs, as with bash -c "$CMD"
  assert.equal(judge('python3 -c "$CODE"').decision, 'ask');
});

test('commands judged as meant raise no analysis issues of their own', () => {
  // re-read, the odd name is `$X --force` (a dynamic command name): no dynamic-command issue from the re-read
  const r = analyzeShell("'$X --force'", { cwd: CWD, knownCommand: () => true });
  assert.deepEqual(kinds(r), []);
  assert.ok(r.commands.some((c) => c.asMeant && c.argv[0] === '$X'));
  // the same text as a real command is an issue
  assert.deepEqual(kinds(analyzeShell('$X --force', { cwd: CWD })), ['dynamic-command']);
});

test('xargs whose input becomes the program or the code asks, even with literal input', () => {
  for (const command of ['echo ok | xargs bash -c', 'echo ok | xargs sudo --', "printf 'rm -rf /tmp/victim\\n' | xargs env --", "printf '%s\\n' 'print(1)' | xargs python -c", 'xargs nice -n 5']) {
    const d = judge(command);
    assert.equal(d.decision, 'ask', command);
    assert.match(d.reason, /the input decides what runs/, command);
  }
  assert.match(judge("printf 'echo ok\\n' | parallel").reason, /parallel runs each line of its input as a command/);
  assert.equal(judge("parallel ::: 'echo ok' 'ls'").decision, 'allow');
  // a replacement string that is the whole code or the program is the same thing
  for (const command of ['echo ok | xargs -I{} bash -c {}', 'echo ok | parallel bash -c {}', 'echo ok | xargs -I% %']) {
    assert.match(judge(command).reason, /the input decides what runs/, command);
  }
  for (const command of ["ls | xargs -I{} sh -c 'echo \"$1\"' _ {}", 'ls | xargs -I{} rm {}', "parallel bash -c {} ::: 'echo hi'", 'ls | parallel gzip {}']) {
    assert.equal(judge(command).decision, 'allow', command);
  }
  for (const command of ["find . -name '*.ts' | xargs grep foo", 'ls | xargs -n1 echo', 'echo a | xargs env FOO=1 cat', "printf 'a\\n' | xargs -I{} sh -c 'echo \"$1\"' _ {}"]) {
    assert.equal(judge(command).decision, 'allow', command);
  }
});

test('a subcommand in capitals, a dash that is not ASCII, or command -v with arguments: the fixed command is judged, at most ask', () => {
  for (const [command, rule] of [
    ['git RESET --HARD', 'git.reset-hard'], ['GIT CHECKOUT -- file', 'git.discard-changes'], ['git reset \u2010\u2010hard', 'git.reset-hard'],
    ['git reset \u2013hard', 'git.reset-hard'], ['rm \u2013rf /', 'filesystem.rm-root'], ['command -V git reset --hard', 'git.reset-hard'],
    ['command -pvV -- git reset --hard', 'git.reset-hard'],
  ] as const) {
    const d = judge(command);
    assert.equal(d.decision, 'ask', `${command}: ${d.decision} ${d.rule}`);
    assert.equal(d.rule, rule, command);
    assert.match(d.reason, /as meant/, command);
  }
  // capitals in names of things, and a plain lookup, are not slips
  for (const command of ['command -v git', 'git push origin HEAD', 'kubectl get pods -n PROD', 'git commit -m "RESET --HARD"', 'make BUILD']) {
    assert.equal(judge(command).decision, 'allow', command);
  }
  // a program name in capitals is the program itself on a case-insensitive disk: judged as written, a deny stays a deny
  assert.equal(judge('TERRAFORM destroy -auto-approve').decision, 'deny');
});
