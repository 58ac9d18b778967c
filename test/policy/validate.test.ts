import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatePolicyText, didYouMean, type RuleCatalog } from '../../src/policy/validate.js';
import { formatPolicyError } from '../../src/policy/types.js';

const catalog: RuleCatalog = {
  ruleIds: new Set(['terraform.destroy', 'terraform.apply-without-plan', 'git.force-push', 'shell.parse-error']),
  packIds: new Set(['terraform', 'git', 'shell']),
};
const FILE = '/p/.twokey/policy.yaml';
const check = (text: string) => validatePolicyText(text, FILE, catalog);

test('a complete valid policy parses into its fields', () => {
  const r = check(`version: 1
rules:
  terraform.destroy: deny
  git.*: ask
  git.force-push: off
allow:
  - "terraform plan *"
deny:
  - "aws s3 rb *"
protect:
  - "aws_db_instance.*"
protected_paths:
  - "backups/**"
approvals:
  ttl_minutes: 10
drills:
  max_age_days: 7
`);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.policy, {
    version: 1,
    rules: { 'terraform.destroy': 'deny', 'git.*': 'ask', 'git.force-push': 'off' },
    allow: ['terraform plan *'],
    deny: ['aws s3 rb *'],
    protect: ['aws_db_instance.*'],
    protected_paths: ['backups/**'],
    approvals: { ttl_minutes: 10 },
    drills: { max_age_days: 7 },
  });
});

test('an unknown key names file, line, column and suggests the close key', () => {
  const r = check('version: 1\nrule:\n  terraform.destroy: ask\n');
  assert.equal(r.policy, null);
  assert.equal(r.errors.length, 1);
  const e = r.errors[0];
  assert.equal(e.file, FILE);
  assert.equal(e.line, 2);
  assert.equal(e.column, 1);
  assert.match(e.message, /unknown key 'rule'; did you mean 'rules'\?/);
  assert.match(formatPolicyError(e), /^\/p\/\.twokey\/policy\.yaml:2:1: /);
});

test('a bad level points at the value and says the allowed levels', () => {
  const r = check('version: 1\nrules:\n  terraform.destroy: maybe\n');
  assert.equal(r.errors.length, 1);
  assert.deepEqual([r.errors[0].line, r.errors[0].column], [3, 22]);
  assert.match(r.errors[0].message, /off, ask or deny/);
  assert.match(r.errors[0].fix ?? '', /terraform\.destroy: ask/);
});

test('a YAML boolean level is refused with a hint', () => {
  const r = check('version: 1\nrules:\n  terraform.destroy: false\n');
  assert.match(r.errors[0].message, /not a boolean|rather than a boolean/);
});

test('an unknown rule id suggests the nearest known id', () => {
  const r = check('version: 1\nrules:\n  terraform.destory: off\n');
  assert.deepEqual([r.errors[0].line, r.errors[0].column], [3, 3]);
  assert.match(r.errors[0].message, /unknown rule 'terraform\.destory'; did you mean 'terraform\.destroy'\?/);
});

test('an unknown pack in pack.* is an error; shell findings cannot be turned off', () => {
  assert.match(check('version: 1\nrules:\n  terrafrom.*: off\n').errors[0].message, /unknown rule pack 'terrafrom'; did you mean 'terraform'/);
  const r = check('version: 1\nrules:\n  shell.parse-error: off\n');
  assert.match(r.errors[0].message, /cannot be turned off/);
  assert.deepEqual(check('version: 1\nrules:\n  shell.parse-error: deny\n').errors, []);
});

test('YAML syntax errors carry their position', () => {
  const r = check('version: 1\nallow:\n  - "terraform plan *\n');
  assert.equal(r.policy, null);
  assert.ok(r.errors.length >= 1);
  assert.match(r.errors[0].message, /^YAML syntax/);
  assert.ok(r.errors[0].line >= 3, `line ${r.errors[0].line}`);
});

test('duplicate keys are refused', () => {
  const r = check('version: 1\nrules:\n  git.force-push: off\n  git.force-push: deny\n');
  assert.equal(r.policy, null);
  assert.match(r.errors[0].fix ?? '', /remove one/);
});

test('version is required and must be 1', () => {
  assert.match(check('rules: {}\n').errors[0].message, /missing `version`/);
  const v2 = check('version: 2\n');
  assert.match(v2.errors[0].message, /unsupported version 2/);
  assert.equal(v2.errors[0].line, 1);
  assert.equal(v2.errors[0].column, 10);
  assert.match(check('').errors[0].message, /empty/);
  assert.match(check('- a\n- b\n').errors[0].message, /must be a mapping/);
});

test('patterns, lists and numbers are checked one by one', () => {
  const r = check('version: 1\nallow:\n  - ok *\n  - \'git "commit\'\n  - 3\napprovals:\n  ttl_minutes: 0\n  ttl_minuts: 5\ndrills:\n  max_age_days: 1.5\n');
  const messages = r.errors.map((e) => `${e.line}:${e.column} ${e.message}`);
  assert.equal(r.errors.length, 5, messages.join('\n'));
  assert.match(messages[0], /^4:5 allow pattern 'git "commit': unterminated double quote/);
  assert.match(messages[1], /^5:5 each `allow` entry must be a string/);
  assert.match(messages[2], /^7:16 `approvals.ttl_minutes` must be a whole number from 1 to 1440/);
  assert.match(messages[3], /^8:3 unknown key 'approvals.ttl_minuts'; did you mean 'ttl_minutes'/);
  assert.match(messages[4], /^10:17 `drills.max_age_days` must be a whole number/);
});

test('empty sections are allowed', () => {
  assert.deepEqual(check('version: 1\nrules:\nallow:\ndeny: []\n').errors, []);
});

test('did-you-mean stays quiet when nothing is close', () => {
  assert.equal(didYouMean('zzzzzz', ['rules', 'allow']), '');
});
