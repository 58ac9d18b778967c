import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/env.js';
import { findProjectPolicy, loadPolicy, salvageStrictParts } from '../../src/policy/load.js';
import type { RuleCatalog } from '../../src/policy/validate.js';
import { homePaths } from '../../src/core/paths.js';
import { installKeys, projectPolicyPath, signFile, writePolicy } from './policy-fixtures.js';

const catalog: RuleCatalog = {
  ruleIds: new Set(['terraform.destroy', 'git.force-push', 'git.reset-hard', 'shell.parse-error']),
  packIds: new Set(['terraform', 'git', 'shell']),
};

function setup(t: { after: (fn: () => void) => void }) {
  const h = tempDir('twokey-home-');
  const p = tempDir('twokey-proj-');
  t.after(() => { h.cleanup(); p.cleanup(); });
  mkdirSync(join(p.dir, '.git'));
  const systemKeyPath = join(h.dir, 'no-system-anchor.pem');
  const load = (cwd = p.dir) => loadPolicy({ cwd, home: h.dir, catalog, systemKeyPath });
  return { home: h.dir, project: p.dir, load };
}

test('no policy files: built-in defaults, no notices', (t) => {
  const { load } = setup(t);
  const p = load();
  assert.deepEqual(p.rules, {});
  assert.equal(p.broken, false);
  assert.deepEqual(p.notices, []);
  assert.equal(p.approvals.ttlMinutes, 15);
  assert.equal(p.drills.maxAgeDays, 7);
  assert.ok(p.protectedPaths.includes('**/*.tfstate'));
});

test('a single signed file may set the limits in either direction from the defaults', (t) => {
  const { home, load } = setup(t);
  const keys = installKeys(home);
  writePolicy(homePaths(home).userPolicy, 'version: 1\napprovals: {ttl_minutes: 30}\ndrills: {max_age_days: 14}\n', keys);
  const p = load();
  assert.equal(p.approvals.ttlMinutes, 30);
  assert.equal(p.drills.maxAgeDays, 14);
});

test('merge: user then project; project wins rule by rule, lists add up, limits take the smaller', (t) => {
  const { home, project, load } = setup(t);
  const keys = installKeys(home);
  writePolicy(homePaths(home).userPolicy, `version: 1
rules:
  git.force-push: off
  git.reset-hard: deny
allow: ["make test"]
approvals: {ttl_minutes: 5}
drills: {max_age_days: 60}
`, keys);
  writePolicy(projectPolicyPath(project), `version: 1
rules:
  git.force-push: ask
allow: ["terraform plan *"]
deny: ["aws s3 rb *"]
protected_paths: ["backups/**"]
approvals: {ttl_minutes: 30}
drills: {max_age_days: 7}
`, keys);
  const p = load(join(project));
  assert.deepEqual(p.sources.map((s) => [s.scope, s.status]), [['user', 'used'], ['project', 'used']]);
  assert.deepEqual(p.rules, { 'git.force-push': 'ask', 'git.reset-hard': 'deny' });
  assert.deepEqual(p.allow.map((a) => a.pattern), ['make test', 'terraform plan *']);
  assert.deepEqual(p.deny.map((a) => [a.pattern, a.source]), [['aws s3 rb *', projectPolicyPath(project)]]);
  assert.ok(p.protectedPaths.includes('backups/**'));
  assert.equal(p.approvals.ttlMinutes, 5);
  assert.equal(p.drills.maxAgeDays, 7);
  assert.deepEqual(p.notices, []);
});

test('the project policy is found from a subdirectory, but not above the git root', (t) => {
  const { project } = setup(t);
  const sub = join(project, 'infra', 'prod');
  mkdirSync(sub, { recursive: true });
  writePolicy(projectPolicyPath(project), 'version: 1\n');
  assert.equal(findProjectPolicy(sub), projectPolicyPath(project));
  const inner = join(project, 'vendor', 'other');
  mkdirSync(join(inner, '.git'), { recursive: true });
  assert.equal(findProjectPolicy(inner), null);
});

test('an unsigned policy is ignored in favour of the defaults, loudly', (t) => {
  const { home, project, load } = setup(t);
  installKeys(home);
  writePolicy(projectPolicyPath(project), 'version: 1\nrules:\n  terraform.destroy: off\n');
  const p = load();
  assert.deepEqual(p.rules, {});
  assert.equal(p.sources[0].status, 'ignored-unsigned');
  assert.equal(p.notices.length, 1);
  assert.match(p.notices[0], /is not signed .*IGNORED.*built-in strict defaults.*twokey policy sign/s);
});

test('with no trusted key at all, a policy counts as unsigned', (t) => {
  const { project, load } = setup(t);
  writePolicy(projectPolicyPath(project), 'version: 1\nrules:\n  terraform.destroy: off\n');
  const p = load();
  assert.equal(p.sources[0].status, 'ignored-unsigned');
  assert.match(p.notices[0], /no trusted public key/);
});

test('a policy changed after signing is ignored, loudly; the re-signed one is used again (no stale cache)', (t) => {
  const { home, project, load } = setup(t);
  const keys = installKeys(home);
  const path = projectPolicyPath(project);
  writePolicy(path, 'version: 1\nrules:\n  git.force-push: deny\n', keys);
  assert.deepEqual(load().rules, { 'git.force-push': 'deny' });
  appendFileSync(path, '  terraform.destroy: off\n');
  const tampered = load();
  assert.deepEqual(tampered.rules, {});
  assert.equal(tampered.sources[0].status, 'ignored-tampered');
  assert.match(tampered.notices[0], /failed its signature check \(the policy changed since it was signed\).*IGNORED/s);
  signFile(path, keys);
  assert.deepEqual(load().rules, { 'git.force-push': 'deny', 'terraform.destroy': 'off' });
});

test('a signed but invalid policy is broken: fail closed, keep only its stricter parts, say so', (t) => {
  const { home, project, load } = setup(t);
  const keys = installKeys(home);
  writePolicy(projectPolicyPath(project), `version: 1
rules:
  terraform.destroy: off
  git.force-push: deny
  nonsense.rule: ask
allow: ["rm -rf *"]
deny: ["aws s3 rb *"]
`, keys);
  const p = load();
  assert.equal(p.broken, true);
  assert.equal(p.sources[0].status, 'broken');
  assert.deepEqual(p.rules, { 'git.force-push': 'deny' });
  assert.deepEqual(p.allow, []);
  assert.deepEqual(p.deny.map((d) => d.pattern), ['aws s3 rb *']);
  assert.match(p.notices[0], /is invalid; failing closed.*policy\.yaml:5:3: unknown rule 'nonsense\.rule'/s);
});

test('an unreadable policy counts as broken', (t) => {
  const { home, project, load } = setup(t);
  installKeys(home);
  mkdirSync(projectPolicyPath(project), { recursive: true }); // a directory where the file should be
  const p = load();
  assert.equal(p.broken, true);
  assert.match(p.notices[0], /is broken/);
});

test('salvage keeps nothing from text that is not a mapping', () => {
  assert.equal(salvageStrictParts('- a\n', catalog), null);
  const garbage = salvageStrictParts('{{{', catalog);
  assert.deepEqual([garbage?.deny ?? [], garbage?.rules ?? {}], [[], {}]);
});

test('plan-gate and drill rule ids are valid in the one policy both gates read', async (t) => {
  const { home, project } = setup(t);
  const keys = installKeys(home);
  writePolicy(homePaths(home).userPolicy, 'version: 1\nrules:\n  plan.delete: deny\n  state.*: deny\n  drill.no-recent-restore: deny\n', keys);
  const { ruleCatalog } = await import('../../src/engine/catalog.js');
  const p = loadPolicy({ cwd: project, home, catalog: ruleCatalog(), systemKeyPath: join(home, 'no-system-anchor.pem') });
  assert.equal(p.broken, false, p.notices.join('\n'));
  assert.deepEqual(p.rules, { 'plan.delete': 'deny', 'state.*': 'deny', 'drill.no-recent-restore': 'deny' });
});
