import { test } from 'node:test';
import { cpus, loadavg } from 'node:os';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/env.js';
import { installKeys, projectPolicyPath, writePolicy } from '../policy/policy-fixtures.js';

function home(t: { after: (fn: () => void) => void }): string {
  const h = tempDir('twokey-home-');
  t.after(h.cleanup);
  return h.dir;
}

test('check: the incident command is denied (exit 3) with rule, reason, loss and the safer way', (t) => {
  const r = runCli(['check', '--', 'terraform', 'destroy', '-auto-approve'], { env: { TWOKEY_HOME: home(t) } });
  assert.equal(r.status, 3, r.stderr);
  assert.match(r.stdout, /^DENY {2}terraform\./);
  assert.match(r.stdout, /reason: {6}\S/);
  assert.match(r.stdout, /would lose: {2}\S/);
  assert.match(r.stdout, /safer: {7}.*plan/);
});

test('check: text is not a command (exit 0)', (t) => {
  const env = { TWOKEY_HOME: home(t) };
  for (const argv of [
    ['--command', 'git commit -m "never run terraform destroy"'],
    ['--', 'git', 'commit', '-m', 'never run terraform destroy'],
    ['--command', 'grep -r "DROP TABLE" .'],
    ['--command', 'echo "rm -rf /"'],
  ]) {
    const r = runCli(['check', ...argv], { env });
    assert.equal(r.status, 0, `${argv.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /^ALLOW/);
  }
});

test('check: a command name that stays dynamic is ask (exit 2)', (t) => {
  const r = runCli(['check', '--command', '$TOOL destroy'], { env: { TWOKEY_HOME: home(t) } });
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stdout, /^ASK {2}shell\./);
});

test('check --json: the whole decision', (t) => {
  const r = runCli(['check', '--json', '--', 'terraform destroy -auto-approve'], { env: { TWOKEY_HOME: home(t) } });
  assert.equal(r.status, 3);
  const d = JSON.parse(r.stdout);
  assert.equal(d.decision, 'deny');
  assert.equal(d.command, 'terraform destroy -auto-approve');
  assert.match(d.rule, /^terraform\./);
  assert.ok(Array.isArray(d.findings) && d.findings.length >= 1);
  assert.equal(typeof d.reason, 'string');
});

test('check: usage errors exit 1 and say what to do', (t) => {
  const env = { TWOKEY_HOME: home(t) };
  const none = runCli(['check'], { env });
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no command to check/);
  const unknown = runCli(['check', 'terraform', 'destroy'], { env });
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /unknown option 'terraform'.*--/s);
  const badCwd = runCli(['check', '--cwd', '/no/such/dir', '--', 'ls'], { env });
  assert.equal(badCwd.status, 1);
  assert.match(badCwd.stderr, /--cwd \/no\/such\/dir is not a directory/);
  assert.equal(runCli(['check', '--help'], { env }).status, 0);
  const notHelp = runCli(['check', '--', 'grep', '--help'], { env });
  assert.equal(notHelp.status, 0);
  assert.match(notHelp.stdout, /^ALLOW/);
});

test('check --cwd: the policy of that project applies (signed deny pattern); an unsigned one is ignored loudly', (t) => {
  const h = home(t);
  const p = tempDir('twokey-proj-');
  t.after(p.cleanup);
  mkdirSync(join(p.dir, '.git'));
  const keys = installKeys(h);
  writePolicy(projectPolicyPath(p.dir), 'version: 1\ndeny:\n  - "make deploy *"\n', keys);
  const denied = runCli(['check', '--cwd', p.dir, '--', 'make', 'deploy', 'prod'], { env: { TWOKEY_HOME: h } });
  assert.equal(denied.status, 3, denied.stdout + denied.stderr);
  assert.match(denied.stdout, /policy\.deny/);
  assert.equal(runCli(['check', '--', 'make', 'deploy', 'prod'], { env: { TWOKEY_HOME: h } }).status, 0);
  writeFileSync(projectPolicyPath(p.dir), 'version: 1\ndeny:\n  - "make deploy *"\nallow: ["rm *"]\n');
  const tampered = runCli(['check', '--cwd', p.dir, '--', 'make', 'deploy', 'prod'], { env: { TWOKEY_HOME: h } });
  assert.equal(tampered.status, 0, tampered.stdout);
  assert.match(tampered.stderr, /failed its signature check.*IGNORED/s);
});

test('check --batch: one answer per line, in order; bad lines get an error object and the batch goes on', (t) => {
  const input = [
    JSON.stringify({ command: 'terraform destroy -auto-approve' }),
    'not json',
    JSON.stringify({ command: 'ls -la', cwd: '/tmp' }),
    '',
    JSON.stringify({ cmd: 'x' }),
    JSON.stringify({ command: 'git commit -m "drop table users"' }),
  ].join('\n') + '\n';
  const r = runCli(['check', '--batch', '-'], { env: { TWOKEY_HOME: home(t) }, input });
  assert.equal(r.status, 1, r.stderr);
  const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(out.length, 6);
  assert.equal(out[0].decision, 'deny');
  assert.deepEqual(Object.keys(out[0]).sort(), ['decision', 'reason', 'rule']);
  assert.equal(out[1].line, 2);
  assert.match(out[1].error, /not valid JSON/);
  assert.equal(out[2].decision, 'allow');
  assert.deepEqual(out[3], { line: 4, error: 'empty line' });
  assert.match(out[4].error, /"command" must be a string/);
  assert.equal(out[5].decision, 'allow');
});

test('check --batch FILE: 10,000 distinct lines, in order, well under 10 s', (t) => {
  const d = tempDir();
  t.after(d.cleanup);
  const templates = [
    (i: number) => `git log --oneline -n ${i}`,
    (i: number) => `ls -la src/dir${i}`,
    (i: number) => `terraform plan -out plan${i}.tfplan`,
    (i: number) => `grep -rn "needle${i}" src | head -5`,
    (i: number) => `cd pkg${i} && npm test`,
    (i: number) => `kubectl get pods -n team${i}`,
    (i: number) => `echo ${i} | wc -c`,
    (i: number) => `rm -rf /srv/data${i}`,
    (i: number) => `cat file${i}.txt`,
    (i: number) => `terraform destroy -auto-approve -var n=${i}`,
  ];
  const lines = Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ command: templates[i % templates.length](i) }));
  const file = join(d.dir, 'batch.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const started = Date.now();
  const r = runCli(['check', '--batch', file], { env: { TWOKEY_HOME: home(t) }, timeoutMs: 120_000 });
  const elapsed = Date.now() - started;
  process.stderr.write(`check --batch: 10,000 lines in ${elapsed} ms\n`);
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(out.length, 10_000);
  for (let i = 0; i < out.length; i += 10) {
    assert.equal(out[i].decision, 'allow', `line ${i + 1}`); // git log
    assert.equal(out[i + 9].decision, 'deny', `line ${i + 10}`); // terraform destroy
  }
  // 10 s on a quiet machine (BENCHMARKS.md: 5.7 s). Other test files run beside this one, so the budget grows
  // with the load average per core measured meanwhile (a loaded 2-core CI box took 14 s where a quiet one took 4.9 s).
  const loadPerCore = Math.max(1, loadavg()[0] / Math.max(1, cpus().length));
  const budget = Math.round(10_000 * loadPerCore);
  assert.ok(elapsed < budget, `10,000 lines took ${elapsed} ms (budget ${budget} ms at load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
});
