import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runCli, tempDir } from '../helpers/env.js';
import { installKeys, projectPolicyPath, writePolicy } from '../policy/policy-fixtures.js';

function dirs(t: { after: (fn: () => void) => void }) {
  const h = tempDir('twokey-home-');
  const p = tempDir('twokey-proj-');
  t.after(() => { h.cleanup(); p.cleanup(); });
  mkdirSync(join(p.dir, '.git'));
  return { home: h.dir, project: p.dir };
}

test('policy validate: errors name file:line:col and the fix (exit 1)', (t) => {
  const { home, project } = dirs(t);
  writePolicy(projectPolicyPath(project), 'version: 1\nrules:\n  terraform.destroy: nope\nallwo: []\n');
  const r = runCli(['policy', 'validate'], { cwd: project, env: { TWOKEY_HOME: home } });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /policy\.yaml:3:22: rule 'terraform\.destroy': level must be off, ask or deny/);
  assert.match(r.stdout, /policy\.yaml:4:1: unknown key 'allwo'; did you mean 'allow'\?/);
  assert.match(r.stdout, /fix: /);
  const json = JSON.parse(runCli(['policy', 'validate', '--json', projectPolicyPath(project)], { env: { TWOKEY_HOME: home } }).stdout);
  assert.equal(json.files[0].valid, false);
  assert.deepEqual(json.files[0].errors.map((e: { line: number }) => e.line), [3, 4]);
});

test('policy validate: a valid but unsigned file passes validation and is flagged as ignored', (t) => {
  const { home, project } = dirs(t);
  writePolicy(projectPolicyPath(project), 'version: 1\nallow: ["terraform plan *"]\n');
  const r = runCli(['policy', 'validate'], { cwd: project, env: { TWOKEY_HOME: home } });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /valid; signature: unsigned/);
  assert.match(r.stdout, /IGNORES this file until a human signs it/);
});

test('policy show: sources, statuses and notices', (t) => {
  const { home, project } = dirs(t);
  const keys = installKeys(home);
  writePolicy(join(home, 'policy.yaml'), 'version: 1\napprovals: {ttl_minutes: 5}\n', keys);
  writePolicy(projectPolicyPath(project), 'version: 1\nrules: {terraform.destroy: off}\n');
  const r = runCli(['policy', 'show', '--json'], { cwd: project, env: { TWOKEY_HOME: home } });
  assert.equal(r.status, 0, r.stderr);
  const p = JSON.parse(r.stdout);
  assert.deepEqual(p.sources.map((s: { scope: string; status: string }) => `${s.scope}:${s.status}`), ['user:used', 'project:ignored-unsigned']);
  assert.equal(p.approvals.ttlMinutes, 5);
  assert.deepEqual(p.rules, {});
  assert.equal(p.notices.length, 1);
  const text = runCli(['policy', 'show'], { cwd: project, env: { TWOKEY_HOME: home } });
  assert.match(text.stderr, /is not signed/);
  assert.match(text.stdout, /project .*\[ignored-unsigned\]/);
});

test('policy schema: prints the published schema', () => {
  const r = runCli(['policy', 'schema']);
  assert.equal(r.status, 0);
  assert.deepEqual(JSON.parse(r.stdout), JSON.parse(readFileSync(join(REPO_ROOT, 'schema', 'policy.schema.json'), 'utf8')));
});

test('policy sign: refused without an interactive terminal; an invalid policy is never signed', (t) => {
  const { home, project } = dirs(t);
  installKeys(home);
  writePolicy(projectPolicyPath(project), 'version: 1\n');
  const r = runCli(['policy', 'sign'], { cwd: project, env: { TWOKEY_HOME: home } });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /refused: a passphrase is read only from an interactive terminal/);
  writeFileSync(projectPolicyPath(project), 'version: 1\nrulez: {}\n');
  const bad = runCli(['policy', 'sign'], { cwd: project, env: { TWOKEY_HOME: home } });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /refusing to sign an invalid policy/);
});

test('a broken signed policy fails closed for destructive commands and stays open for the rest, loudly', (t) => {
  const { home, project } = dirs(t);
  const keys = installKeys(home);
  writePolicy(projectPolicyPath(project), 'version: 1\nrules:\n  terraform.destroy: off\nallow: ["terraform destroy *"]\nbogus: 1\n', keys);
  const destroy = runCli(['check', '--', 'terraform', 'destroy', '-auto-approve'], { cwd: project, env: { TWOKEY_HOME: home } });
  assert.equal(destroy.status, 3, destroy.stdout);
  assert.match(destroy.stderr, /is invalid; failing closed/);
  const ls = runCli(['check', '--', 'ls', '-la'], { cwd: project, env: { TWOKEY_HOME: home } });
  assert.equal(ls.status, 0, ls.stdout);
  assert.match(ls.stderr, /is invalid; failing closed/);
});
