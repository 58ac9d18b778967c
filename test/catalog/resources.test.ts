import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  lookupResource, isDataBearing, attributesByRole, explainRole, defaultDeleteLevel, readAttribute, readPath,
  isUnsafeValue, catalogTypes, explainDataClass,
} from '../../src/catalog/resources.js';
import type { AttributeRole } from '../../src/catalog/types.js';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { haveShared, tempDir, REPO_ROOT } from '../helpers/env.js';

test('lookupResource finds catalogued types and not others', () => {
  const db = lookupResource('aws_db_instance');
  assert.ok(db);
  assert.equal(db.dataClass, 'database');
  assert.equal(lookupResource('terraform_data'), undefined);
  assert.equal(lookupResource(''), undefined);
  assert.ok(catalogTypes().length > 100);
});

test('isDataBearing: databases, backups, buckets, keys, secrets yes; network and unknown no', () => {
  for (const t of ['aws_db_instance', 'aws_db_snapshot', 'aws_s3_bucket', 'aws_ebs_volume', 'aws_kms_key', 'aws_secretsmanager_secret']) {
    assert.ok(lookupResource(t), t);
    assert.equal(isDataBearing(t), true, t);
  }
  assert.equal(isDataBearing('aws_vpc'), false);
  assert.equal(isDataBearing('aws_instance'), false);
  assert.equal(isDataBearing('null_resource'), false);
});

test('defaultDeleteLevel denies data, asks for the rest', () => {
  assert.equal(defaultDeleteLevel('aws_db_instance'), 'deny');
  assert.equal(defaultDeleteLevel('aws_db_snapshot'), 'deny');
  assert.equal(defaultDeleteLevel('aws_s3_bucket'), 'deny');
  assert.equal(defaultDeleteLevel('aws_instance'), 'ask');
  assert.equal(defaultDeleteLevel('terraform_data'), 'ask');
  const sqs = lookupResource('aws_sqs_queue');
  if (sqs) assert.equal(defaultDeleteLevel('aws_sqs_queue'), sqs.severity === 'medium' ? 'ask' : 'deny');
});

test('attributesByRole returns the role attributes of a type', () => {
  const names = attributesByRole('aws_db_instance', 'backups_die_with_resource').map((a) => a.name);
  assert.deepEqual(names, ['delete_automated_backups']);
  assert.deepEqual(attributesByRole('aws_db_instance', 'api_delete_block').map((a) => a.name), ['deletion_protection']);
  assert.deepEqual(attributesByRole('nope', 'retention'), []);
});

test('explainRole and explainDataClass word every role and class', () => {
  const roles: AttributeRole[] = ['api_delete_block', 'iac_delete_block', 'protection_bypass', 'backup_on_delete',
    'backups_die_with_resource', 'retention', 'immutability', 'deletion_delay', 'abandon_on_destroy', 'cascade'];
  const seen = new Set<string>();
  for (const r of roles) {
    const w = explainRole(r);
    assert.ok(w.length > 20, r);
    seen.add(w);
  }
  assert.equal(seen.size, roles.length, 'each role has its own wording');
  assert.match(explainDataClass('key_material'), /unreadable/);
});

test('readAttribute uses the value, else the catalog default', () => {
  const [dab] = attributesByRole('aws_db_instance', 'backups_die_with_resource');
  assert.deepEqual(readAttribute({}, dab), { fact: dab, value: true, defaulted: true, unknown: false });
  assert.equal(readAttribute({ delete_automated_backups: false }, dab).value, false);
  assert.equal(readAttribute({ delete_automated_backups: null }, dab).defaulted, true);
  const [fin] = attributesByRole('aws_db_instance', 'backup_on_delete').filter((a) => a.name === 'final_snapshot_identifier');
  assert.equal(readAttribute({}, fin).unknown, true);
});

test('readPath descends nested blocks written as arrays', () => {
  assert.equal(readPath({ versioning_configuration: [{ status: 'Suspended' }] }, 'versioning_configuration.status'), 'Suspended');
  assert.equal(readPath({ a: { b: 3 } }, 'a.b'), 3);
  assert.equal(readPath({ a: [] }, 'a.b'), undefined);
  assert.equal(readPath(null, 'a'), undefined);
});

test('isUnsafeValue: unsafe values, thresholds, opposites of boolean guards', () => {
  const dp = attributesByRole('aws_db_instance', 'api_delete_block')[0];
  assert.equal(isUnsafeValue(dp, false), true);
  assert.equal(isUnsafeValue(dp, true), false);
  const ret = attributesByRole('aws_db_instance', 'retention').find((a) => a.name === 'backup_retention_period')!;
  assert.equal(isUnsafeValue(ret, 0), true);
  assert.equal(isUnsafeValue(ret, 3), true, 'below >=7');
  assert.equal(isUnsafeValue(ret, 14), false);
  const vs = attributesByRole('aws_s3_bucket_versioning', 'retention').find((a) => a.name === 'versioning_configuration.status')!;
  assert.equal(isUnsafeValue(vs, 'Suspended'), true);
  assert.equal(isUnsafeValue(vs, 'Enabled'), false);
  assert.equal(isUnsafeValue(dp, undefined), undefined);
});

test('the committed catalog data is what scripts/build-catalog.mjs makes from shared/reference/resources.yaml', { skip: !haveShared('catalog regeneration test') }, () => {
  const { dir, cleanup } = tempDir();
  try {
    const out = join(dir, 'resources.data.ts');
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build-catalog.mjs'), '--out', out], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(out, 'utf8'), readFileSync(join(REPO_ROOT, 'src', 'catalog', 'resources.data.ts'), 'utf8'));
  } finally { cleanup(); }
});
