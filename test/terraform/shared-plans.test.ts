// All 67 real plans in ../shared/fixtures/plans: each gives a verdict, exact counts (checked against
// INDEX.tsv's with_delete and action_counts), and a deletion of a catalogued database, backup or storage
// resource is denied. Also the binary plans and state files in ../shared/fixtures/tfconfig.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR, haveShared } from '../helpers/env.js';
import { readPlanFile, readBinaryPlanContents } from '../../src/terraform/read-plan.js';
import { analyzePlan } from '../../src/terraform/analyze.js';
import { parseStateText } from '../../src/terraform/state.js';
import { lookupResource } from '../../src/catalog/resources.js';

const PLANS = join(SHARED_DIR, 'fixtures', 'plans');
const TFCONFIG = join(SHARED_DIR, 'fixtures', 'tfconfig');

function tsv(path: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split('\t'));
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}

/** action_counts like `create:2;delete/create:1` -> how many changes include each action. */
function expectedCounts(actionCounts: string) {
  const out = { create: 0, update: 0, delete: 0, replace: 0, forget: 0, read: 0, noop: 0 };
  for (const part of actionCounts.split(';').filter(Boolean)) {
    const [key, n] = part.split(':');
    const acts = key.split('/');
    const num = Number(n);
    if (acts.includes('create')) out.create += num;
    if (acts.includes('update')) out.update += num;
    if (acts.includes('delete')) out.delete += num;
    if (acts.includes('delete') && acts.includes('create')) out.replace += num;
    if (acts.includes('forget')) out.forget += num;
    if (acts.includes('read')) out.read += num;
    if (acts.includes('no-op')) out.noop += num;
  }
  return out;
}

test('every shared plan gives a verdict with exact counts', { skip: !haveShared('the shared plan corpus test') }, () => {
  const rows = tsv(join(PLANS, 'INDEX.tsv'));
  assert.equal(rows.length, 67);
  let checked = 0;
  for (const row of rows) {
    const loaded = readPlanFile(join(PLANS, row.file));
    const a = analyzePlan(loaded.plan);
    assert.ok(['allow', 'ask', 'deny'].includes(a.decision), row.file);
    if (row.kind.startsWith('edge:not-valid-json')) {
      // The index could not read it; twokey reads past the wrapper noise.
      assert.ok(loaded.notes.some((n) => /before the JSON/.test(n)), row.file);
      continue;
    }
    const { unknown, ...counts } = a.counts;
    assert.equal(unknown, 0, row.file);
    assert.equal(counts.delete, Number(row.with_delete), `${row.file}: counts.delete`);
    assert.deepEqual(counts, expectedCounts(row.action_counts), `${row.file}: counts`);
    const destructive = counts.delete + counts.forget;
    if (destructive === 0) assert.equal(a.decision, 'allow', `${row.file}: nothing deleted -> allow`);
    else assert.notEqual(a.decision, 'allow', `${row.file}: deletes are never allowed silently`);
    checked++;
  }
  assert.equal(checked, 66);
});

test('deleting a catalogued database, backup or storage resource is denied (shared plans + the same plans retyped)', { skip: !haveShared() }, () => {
  const rows = tsv(join(PLANS, 'INDEX.tsv')).filter((r) => Number(r.with_delete) > 0);
  let denied = 0;
  for (const row of rows) {
    const loaded = readPlanFile(join(PLANS, row.file));
    const rcs = loaded.plan.resource_changes ?? [];
    const dataDeletes = rcs.filter((rc) => rc.change.actions.includes('delete') && ['database', 'backup_snapshot', 'object_storage'].includes(lookupResource(rc.type)?.dataClass ?? ''));
    const a = analyzePlan(loaded.plan);
    if (dataDeletes.length) { assert.equal(a.decision, 'deny', row.file); denied++; }
    // Retype every deleted resource as a database, a snapshot and a bucket: each must be denied.
    for (const type of ['aws_db_instance', 'aws_db_snapshot', 'aws_s3_bucket', 'google_sql_database_instance', 'azurerm_storage_account']) {
      assert.ok(lookupResource(type), type);
      const retyped = { ...loaded.plan, resource_changes: rcs.map((rc) => (rc.change.actions.includes('delete') ? { ...rc, type, address: `${type}.x_${rc.address.replace(/[^a-z0-9_]/gi, '_')}` } : rc)) };
      assert.equal(analyzePlan(retyped).decision, 'deny', `${row.file} as ${type}`);
    }
  }
  assert.ok(denied >= 1, `the s3 bucket deletion in the corpus is denied (got ${denied})`);
});

test('UTF-16 and wrapper-noise plans parse', { skip: !haveShared() }, () => {
  const utf16 = readPlanFile(join(PLANS, 'checkov__tests_terraform_parser_resources_plan_encodings_tfplan_win_utf16.json'));
  assert.equal(utf16.plan.resource_changes?.length, 1);
  assert.ok(utf16.notes.some((n) => /utf-16le/.test(n)));
  const wrapped = readPlanFile(join(PLANS, 'infracost__cmd_infracost_testdata_plan_with_terraform_wrapper.json'));
  assert.equal(wrapped.plan.format_version, '0.2');
  assert.ok(Array.isArray(wrapped.plan.resource_changes));
});

test('binary plans and state files in shared/fixtures/tfconfig: lineage and serial as indexed', { skip: !haveShared() }, () => {
  const rows = tsv(join(TFCONFIG, 'INDEX.tsv'));
  let bins = 0;
  let states = 0;
  for (const row of rows) {
    const buf = readFileSync(join(TFCONFIG, row.file));
    if (row.kind.startsWith('binary-plan')) {
      const c = readBinaryPlanContents(buf, row.file);
      assert.equal(c.state?.lineage ?? '', row.lineage, row.file);
      assert.equal(c.state?.serial ?? 0, Number(row.serial || 0), row.file);
      assert.ok(Object.keys(c.configFiles).length > 0, row.file);
      bins++;
    } else if (row.kind.startsWith('tfstate')) {
      const s = parseStateText(buf.toString('utf8'));
      assert.equal(s.lineage, row.lineage, row.file);
      assert.equal(s.serial, Number(row.serial), row.file);
      assert.ok(Object.keys(s.resources).length >= Number(row.resources) || Number(row.resources) === 0, row.file);
      states++;
    }
  }
  assert.equal(bins, 4);
  assert.ok(states >= 8);
});
