import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Ajv } from 'ajv';
import { REPO_ROOT } from '../helpers/env.js';
import { POLICY_SCHEMA } from '../../src/policy/schema.js';
import { validatePolicyText, type RuleCatalog } from '../../src/policy/validate.js';

const catalog: RuleCatalog = { ruleIds: new Set(['terraform.destroy', 'git.force-push']), packIds: new Set(['terraform', 'git', 'shell']) };

test('schema/policy.schema.json is the schema the code carries', () => {
  assert.deepEqual(JSON.parse(readFileSync(join(REPO_ROOT, 'schema', 'policy.schema.json'), 'utf8')), POLICY_SCHEMA);
});

// Examples a static schema can judge (rule ids are checked only by the validator, which knows the packs).
const EXAMPLES: [string, string][] = [
  ['minimal', 'version: 1\n'],
  ['full', 'version: 1\nrules:\n  terraform.destroy: ask\n  git.*: off\nallow: ["terraform plan *"]\ndeny: ["aws s3 rb *"]\nprotect: ["aws_db_instance.*"]\nprotected_paths: ["backups/**"]\napprovals: {ttl_minutes: 30}\ndrills: {max_age_days: 14}\n'],
  ['empty sections', 'version: 1\nrules:\nallow:\n'],
  ['no version', 'rules: {}\n'],
  ['version 2', 'version: 2\n'],
  ['unknown key', 'version: 1\nrulez: {}\n'],
  ['bad level', 'version: 1\nrules: {terraform.destroy: maybe}\n'],
  ['boolean level', 'version: 1\nrules: {terraform.destroy: false}\n'],
  ['allow not a list', 'version: 1\nallow: "terraform plan *"\n'],
  ['allow item not a string', 'version: 1\nallow: [3]\n'],
  ['pattern starting with *', 'version: 1\ndeny: ["* -rf"]\n'],
  ['ttl zero', 'version: 1\napprovals: {ttl_minutes: 0}\n'],
  ['ttl fraction', 'version: 1\napprovals: {ttl_minutes: 1.5}\n'],
  ['unknown approvals key', 'version: 1\napprovals: {ttl: 5}\n'],
  ['drills too old', 'version: 1\ndrills: {max_age_days: 99999}\n'],
  ['bad address', 'version: 1\nprotect: ["aws db"]\n'],
  ['rule key without a dot', 'version: 1\nrules: {destroy: deny}\n'],
];

test('the JSON Schema and the validator agree on every example', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(POLICY_SCHEMA);
  for (const [name, text] of EXAMPLES) {
    const bySchema = validate(parse(text)) as boolean;
    const byValidator = validatePolicyText(text, 'p.yaml', catalog).errors.length === 0;
    assert.equal(bySchema, byValidator, `${name}: schema says ${bySchema}, validator says ${byValidator} ${JSON.stringify(validate.errors)}`);
  }
  assert.ok(EXAMPLES.some(([, t]) => validate(parse(t))) && EXAMPLES.some(([, t]) => !validate(parse(t))));
});

test('the example in docs/policy.md is valid against the installed packs', async () => {
  const { defaultRuleCatalog } = await import('../../src/engine/catalog.js');
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'policy.md'), 'utf8');
  const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(example, 'docs/policy.md has a yaml example');
  assert.deepEqual(validatePolicyText(example, 'docs/policy.md', defaultRuleCatalog()).errors, []);
  const ajv = new Ajv({ allErrors: true, strict: false });
  assert.equal(ajv.validate(POLICY_SCHEMA, parse(example)), true);
});
