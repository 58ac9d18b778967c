// Plan analysis on synthetic plan JSON: every action, unknown actions/reasons, what dies with a
// resource (catalog defaults), protection removed, backups in the blast radius, projects, destroy mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzePlan, classifyActions, countActions, referencedResource } from '../../src/terraform/analyze.js';
import type { PlanJson, ResourceChange } from '../../src/terraform/plan-types.js';

function rc(address: string, type: string, actions: string[], before: unknown = {}, after: unknown = null, extra: Partial<ResourceChange> = {}): ResourceChange {
  return { address, type, mode: 'managed', name: address.split('.').pop(), change: { actions, before, after }, ...extra };
}
function plan(changes: ResourceChange[], more: Partial<PlanJson> = {}): PlanJson {
  return { format_version: '1.2', resource_changes: changes, ...more };
}
const rules = (p: PlanJson, o = {}) => analyzePlan(p, o).findings.map((f) => f.rule);

test('classifyActions: every action and both replace orders; unknown is unknown', () => {
  assert.equal(classifyActions(['no-op']), 'noop');
  assert.equal(classifyActions(['create']), 'create');
  assert.equal(classifyActions(['read']), 'read');
  assert.equal(classifyActions(['update']), 'update');
  assert.equal(classifyActions(['delete']), 'delete');
  assert.equal(classifyActions(['delete', 'create']), 'replace');
  assert.equal(classifyActions(['create', 'delete']), 'replace');
  assert.equal(classifyActions(['forget']), 'forget');
  assert.equal(classifyActions(['create', 'forget']), 'forget-replace');
  assert.equal(classifyActions(['forget', 'create']), 'forget-replace');
  assert.equal(classifyActions(['obliterate']), 'unknown');
  assert.equal(classifyActions(['delete', 'obliterate']), 'unknown');
  assert.equal(classifyActions([]), 'unknown');
});

test('counts: delete includes replacements; replace needs both; forget and forget+create', () => {
  const c = countActions([
    rc('a.a', 't', ['delete']), rc('a.b', 't', ['delete', 'create']), rc('a.c', 't', ['create', 'delete']),
    rc('a.d', 't', ['forget']), rc('a.e', 't', ['forget', 'create']), rc('a.f', 't', ['create', 'forget']),
    rc('a.g', 't', ['create']), rc('a.h', 't', ['update']), rc('a.i', 't', ['read']), rc('a.j', 't', ['no-op']), rc('a.k', 't', ['zap']),
  ]);
  assert.deepEqual(c, { create: 5, update: 1, delete: 3, replace: 2, forget: 3, read: 1, noop: 1, unknown: 1 });
});

test('decision defaults: nothing destroyed allow; ordinary ask; data deny; forget ask/deny', () => {
  assert.equal(analyzePlan(plan([rc('x.a', 'null_resource', ['create']), rc('x.b', 'null_resource', ['update'], { a: 1 }, { a: 2 })])).decision, 'allow');
  assert.equal(analyzePlan(plan([])).decision, 'allow');
  assert.equal(analyzePlan(plan([rc('aws_instance.web', 'aws_instance', ['delete'])])).decision, 'ask');
  assert.equal(analyzePlan(plan([rc('aws_vpc.main', 'aws_vpc', ['delete'])])).decision, 'ask', 'network: ask');
  assert.equal(analyzePlan(plan([rc('aws_db_instance.db', 'aws_db_instance', ['delete'])])).decision, 'deny');
  assert.equal(analyzePlan(plan([rc('aws_kms_key.k', 'aws_kms_key', ['delete', 'create'])])).decision, 'deny');
  assert.equal(analyzePlan(plan([rc('local_file.f', 'local_file', ['forget'])])).decision, 'ask');
  assert.equal(analyzePlan(plan([rc('aws_s3_bucket.b', 'aws_s3_bucket', ['forget'])])).decision, 'deny');
});

test('unknown actions and reasons count as destructive (fail closed)', () => {
  assert.deepEqual(rules(plan([rc('null_resource.a', 'null_resource', ['vaporize'])])), ['plan.unknown-action']);
  assert.equal(analyzePlan(plan([rc('aws_db_instance.a', 'aws_db_instance', ['vaporize'])])).decision, 'deny');
  const odd = analyzePlan(plan([rc('null_resource.a', 'null_resource', ['update'], {}, {}, { action_reason: 'delete_because_solar_flare' })]));
  assert.equal(odd.decision, 'ask');
  assert.equal(odd.findings[0].rule, 'plan.unknown-action');
  assert.equal(analyzePlan(plan([rc('null_resource.a', 'null_resource', ['delete'], {}, null, { action_reason: 'delete_because_no_resource_config' })])).findings[0].rule, 'plan.delete');
});

test('what dies with an RDS instance: automated backups by default, no final snapshot when skipped', () => {
  const a = analyzePlan(plan([rc('aws_db_instance.db', 'aws_db_instance', ['delete'], { skip_final_snapshot: true, deletion_protection: false })]));
  const c = a.changes[0];
  assert.ok(c.losses.some((l) => /automated backups are deleted with it \(delete_automated_backups = true \(provider default\)\)/.test(l)), c.losses.join('|'));
  assert.ok(c.losses.some((l) => /no final snapshot/.test(l)));
  const kept = analyzePlan(plan([rc('aws_db_instance.db', 'aws_db_instance', ['delete'], { skip_final_snapshot: false, final_snapshot_identifier: 'last', delete_automated_backups: false })])).changes[0];
  assert.ok(!kept.losses.some((l) => /automated backups/.test(l)));
  assert.ok(kept.mitigations.some((m) => /final snapshot is taken/.test(m)));
  assert.ok(kept.mitigations.some((m) => /automated backups are kept/.test(m)));
  const bucket = analyzePlan(plan([rc('aws_s3_bucket.b', 'aws_s3_bucket', ['delete'], { force_destroy: true })])).changes[0];
  assert.ok(bucket.losses.some((l) => /everything inside goes too \(force_destroy = true\)/.test(l)));
});

test('protection removed in the plan is denied: deletion_protection, force_destroy, versioning, retention', () => {
  const cases: [string, string, unknown, unknown][] = [
    ['aws_db_instance.db', 'aws_db_instance', { deletion_protection: true }, { deletion_protection: false }],
    ['aws_s3_bucket.b', 'aws_s3_bucket', { force_destroy: false }, { force_destroy: true }],
    ['aws_s3_bucket_versioning.v', 'aws_s3_bucket_versioning', { versioning_configuration: [{ status: 'Enabled' }] }, { versioning_configuration: [{ status: 'Suspended' }] }],
    ['aws_db_instance.r', 'aws_db_instance', { backup_retention_period: 7 }, { backup_retention_period: 0 }],
    ['google_thing.x', 'google_thing', { deletion_protection: true }, { deletion_protection: false }],
  ];
  for (const [addr, type, before, after] of cases) {
    const a = analyzePlan(plan([rc(addr, type, ['update'], before, after)]));
    assert.equal(a.decision, 'deny', addr);
    assert.equal(a.findings[0].rule, 'plan.protection-removed', addr);
  }
  // Turning protection ON, or an unrelated change, is fine.
  assert.equal(analyzePlan(plan([rc('aws_db_instance.db', 'aws_db_instance', ['update'], { deletion_protection: false }, { deletion_protection: true })])).decision, 'allow');
  assert.equal(analyzePlan(plan([rc('aws_db_instance.db', 'aws_db_instance', ['update'], { deletion_protection: true, tags: {} }, { deletion_protection: true, tags: { a: 'b' } })])).decision, 'allow');
});

test('backups inside the blast radius: snapshots deleted with their source', () => {
  const p = plan([
    rc('aws_db_instance.db', 'aws_db_instance', ['delete'], { id: 'db-prod-1', identifier: 'prod' }),
    rc('aws_db_snapshot.nightly', 'aws_db_snapshot', ['delete'], { db_instance_identifier: 'db-prod-1' }),
  ]);
  const f = analyzePlan(p).findings.find((x) => x.rule === 'plan.backups-in-blast-radius');
  assert.ok(f);
  assert.match(f.message, /its source, aws_db_instance\.db/);
  // A snapshot deleted alone is a data deletion, not "inside the blast radius".
  assert.ok(!rules(plan([rc('aws_db_snapshot.nightly', 'aws_db_snapshot', ['delete'])])).includes('plan.backups-in-blast-radius'));
});

test('blast radius: dependents from prior_state depends_on and configuration references; projects in words', () => {
  const p = plan([
    rc('aws_vpc.main', 'aws_vpc', ['delete'], { id: 'vpc-1', tags: { Project: 'shared' } }),
  ], {
    prior_state: { values: { root_module: {
      resources: [{ address: 'aws_vpc.main', mode: 'managed', type: 'aws_vpc', values: { tags: { Project: 'shared' } } }],
      child_modules: [
        { address: 'module.a', resources: [{ address: 'module.a.aws_instance.web[0]', mode: 'managed', values: { tags: { Project: 'site-a' } }, depends_on: ['aws_vpc.main'] }] },
        { address: 'module.b', resources: [{ address: 'module.b.aws_instance.web', mode: 'managed', values: { tags: { Project: 'site-b' } } }] },
      ],
    } } },
    configuration: { root_module: { module_calls: { b: { source: './b', expressions: { vpc: { references: ['aws_vpc.main.id', 'aws_vpc.main'] } }, module: { resources: [] } } } } },
  });
  const a = analyzePlan(p);
  assert.deepEqual(a.changes[0].dependents.sort(), ['module.a.aws_instance.web', 'module.b']);
  assert.deepEqual(a.projects, ['shared', 'site-a', 'site-b']);
  assert.match(a.blastRadius, /this plan touches three projects \(shared, site-a, site-b\)/);
});

test('destroy mode: everything in state deleted, nothing created', () => {
  const prior = { values: { root_module: { resources: [{ address: 'null_resource.a', mode: 'managed' }, { address: 'null_resource.b', mode: 'managed' }] } } };
  assert.equal(analyzePlan(plan([rc('null_resource.a', 'null_resource', ['delete']), rc('null_resource.b', 'null_resource', ['delete'])], { prior_state: prior })).destroyMode, true);
  assert.equal(analyzePlan(plan([rc('null_resource.a', 'null_resource', ['delete']), rc('null_resource.b', 'null_resource', ['no-op'])], { prior_state: prior })).destroyMode, false);
});

test('--protect globs deny; instances of a protected address match', () => {
  const p = plan([rc('module.x.null_resource.db[0]', 'null_resource', ['delete'])]);
  assert.equal(analyzePlan(p, { protect: ['module.x.null_resource.db'] }).decision, 'deny');
  assert.equal(analyzePlan(p, { protect: ['module.*.null_resource.*'] }).decision, 'deny');
  assert.equal(analyzePlan(p, { protect: ['null_resource.db'] }).decision, 'ask');
});

test('restore proof: a database deleted without a verified restore in 7 days gets a finding', () => {
  const p = plan([rc('aws_db_instance.db', 'aws_db_instance', ['delete'])]);
  const none = analyzePlan(p, { restoreProof: () => undefined });
  assert.ok(none.findings.some((f) => f.rule === 'plan.no-verified-restore'));
  const old = analyzePlan(p, { restoreProof: () => ({ ageDays: 9 }) });
  assert.match(old.findings.find((f) => f.rule === 'plan.no-verified-restore')!.message, /9 days old/);
  assert.ok(!analyzePlan(p, { restoreProof: () => ({ ageDays: 2 }) }).findings.some((f) => f.rule === 'plan.no-verified-restore'));
  assert.ok(!analyzePlan(p).findings.some((f) => f.rule === 'plan.no-verified-restore'), 'no drills wired: no claim either way');
});

test('format versions 0.1 to 1.2 read alike; a future major asks', () => {
  for (const fv of ['0.1', '0.2', '1.0', '1.1', '1.2']) {
    assert.equal(analyzePlan(plan([rc('null_resource.a', 'null_resource', ['delete'])], { format_version: fv })).decision, 'ask', fv);
  }
  assert.ok(rules(plan([rc('null_resource.a', 'null_resource', ['create'])], { format_version: '2.0' })).includes('plan.unknown-format'));
});

test('referencedResource', () => {
  assert.equal(referencedResource('aws_vpc.main.id'), 'aws_vpc.main');
  assert.equal(referencedResource('data.aws_ami.x.id'), 'data.aws_ami.x');
  assert.equal(referencedResource('module.site.out'), 'module.site');
  assert.equal(referencedResource('var.x'), undefined);
  assert.equal(referencedResource('aws_instance.web[0].id'), 'aws_instance.web');
});

test('malformed entries never crash and never allow', () => {
  const p = { format_version: '1.2', resource_changes: [null, { address: 'x.y', type: 'x' }, { address: 'x.z', type: 'x', change: { actions: 'delete' } }] } as unknown as PlanJson;
  const a = analyzePlan(p);
  assert.equal(a.decision, 'ask');
  assert.equal(a.counts.unknown, 3);
  assert.equal(a.counts.delete, 0);
  assert.equal(a.findings.filter((f) => f.rule === 'plan.unknown-action').length, 3);
});

test('protection removed, generic forms: inline versioning disabled, any retention to zero', () => {
  const inline = analyzePlan(plan([rc('aws_s3_bucket.old', 'aws_s3_bucket', ['update'], { versioning: [{ enabled: true, mfa_delete: false }] }, { versioning: [{ enabled: false, mfa_delete: false }] })]));
  assert.equal(inline.findings[0]?.rule, 'plan.protection-removed');
  const retention = analyzePlan(plan([rc('somecloud_db.x', 'somecloud_db', ['update'], { snapshot_retention_days: 14 }, { snapshot_retention_days: 0 })]));
  assert.equal(retention.findings[0]?.rule, 'plan.protection-removed');
  assert.match(retention.findings[0].message, /snapshot_retention_days: 14 -> 0/);
  assert.equal(analyzePlan(plan([rc('somecloud_db.x', 'somecloud_db', ['update'], { snapshot_retention_days: 14 }, { snapshot_retention_days: 7 })])).decision, 'allow');
});

test('an unknown action on a data source is still not allowed; a forget says the object survives', () => {
  assert.equal(analyzePlan(plan([{ ...rc('data.x.y', 'x', ['teleport']), mode: 'data' }])).decision, 'ask');
  assert.equal(analyzePlan(plan([{ ...rc('data.x.y', 'x', ['read']), mode: 'data' }])).decision, 'allow');
  const f = analyzePlan(plan([rc('aws_db_instance.db', 'aws_db_instance', ['forget'], { delete_automated_backups: true })]));
  assert.equal(f.decision, 'deny');
  assert.equal(f.findings[0].rule, 'plan.forget-data');
  assert.ok(!f.changes[0].losses.some((l) => /automated backups/.test(l)), 'nothing is deleted by a forget');
  assert.match(f.changes[0].losses[0], /Terraform stops managing a database/);
});
