// checkPlan in process: policy rule settings, drills feeding the gate, ledger missing-state on JSON plans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/env.js';
import { applyRuleSettings, checkPlan, databaseNames } from '../../src/terraform/check.js';
import type { PlanFinding } from '../../src/terraform/analyze.js';
import type { EffectivePolicy } from '../../src/policy/types.js';

function policy(rules: Record<string, 'off' | 'ask' | 'deny'>, broken = false): EffectivePolicy {
  return { rules, allow: [], deny: [], protect: [], protectedPaths: [], approvals: { ttlMinutes: 15 }, drills: { maxAgeDays: 30 }, broken, sources: [], notices: [] };
}
const F = (rule: string, severity: PlanFinding['severity']): PlanFinding => ({ rule, severity, address: 'a.b', type: 'a', message: 'm' });

test('policy rule settings: a rule or a pack can be turned off, raised or lowered; a broken policy never lowers', () => {
  const fs = [F('plan.delete', 'ask'), F('plan.delete-data', 'deny'), F('state.missing', 'deny')];
  assert.deepEqual(applyRuleSettings(fs, policy({ 'plan.delete': 'off' })).map((f) => f.rule), ['plan.delete-data', 'state.missing']);
  assert.deepEqual(applyRuleSettings(fs, policy({ 'plan.*': 'deny' })).map((f) => f.severity), ['deny', 'deny', 'deny']);
  assert.deepEqual(applyRuleSettings(fs, policy({ 'plan.delete-data': 'ask' })).map((f) => f.severity), ['ask', 'ask', 'deny']);
  assert.deepEqual(applyRuleSettings(fs, policy({ 'plan.delete': 'off', 'plan.delete-data': 'ask' }, true)).map((f) => f.severity), ['ask', 'deny', 'deny']);
});

test('drills feed the gate: a database deleted without a verified restore in 7 days is a finding', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const home = join(dir, 'home');
    const env = { ...process.env, TWOKEY_HOME: home };
    const planFile = join(dir, 'plan.json');
    writeFileSync(planFile, JSON.stringify({ format_version: '1.2', resource_changes: [
      { address: 'aws_db_instance.main', type: 'aws_db_instance', change: { actions: ['delete'], before: { identifier: 'shop', skip_final_snapshot: false }, after: null } },
    ] }));
    const rulesNow = async () => (await checkPlan(planFile, { cwd: dir, env, policy: null })).analysis.findings.map((f) => f.rule);
    assert.ok((await rulesNow()).includes('plan.no-verified-restore'), 'no drill at all');
    const { openJournal } = await import('../../src/journal/journal.js');
    const j = openJournal(home);
    const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    j.append({ kind: 'drill', summary: 'old drill', data: { engine: 'postgres', target: 'postgres://db.internal:5432/shop', ok: true, at: daysAgo(12), tables: 3, rows: 10, backupBytes: 1, durationMs: 1, failures: [] } });
    assert.ok((await rulesNow()).includes('plan.no-verified-restore'), '12 days old');
    j.append({ kind: 'drill', summary: 'failed drill', data: { engine: 'postgres', target: 'postgres://db.internal:5432/shop', ok: false, at: daysAgo(1), tables: 3, rows: 10, backupBytes: 1, durationMs: 1, failures: ['x'] } });
    assert.ok((await rulesNow()).includes('plan.no-verified-restore'), 'a failed drill proves nothing');
    j.append({ kind: 'drill', summary: 'good drill', data: { engine: 'postgres', target: 'postgres://db.internal:5432/shop', ok: true, at: daysAgo(2), tables: 3, rows: 10, backupBytes: 1, durationMs: 1, failures: [] } });
    j.close();
    const rules = await rulesNow();
    assert.ok(!rules.includes('plan.no-verified-restore'), JSON.stringify(rules));
    assert.ok(rules.includes('plan.delete-data'), 'still a data deletion: deny');
  } finally { cleanup(); }
});

test('databaseNames: identifier, name and the resource name', () => {
  assert.deepEqual(databaseNames('module.x.aws_db_instance.main[0]', { identifier: 'shop', id: 'db-123' }), ['shop', 'db-123', 'main']);
});

test('JSON plans are compared with the ledger (state missing) but not recorded', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const home = join(dir, 'home');
    const env = { ...process.env, TWOKEY_HOME: home };
    const { updateLedger, recordObservation, readLedger } = await import('../../src/terraform/ledger.js');
    const { workdirIdentity } = await import('../../src/terraform/workdir.js');
    updateLedger(join(home, 'ledger.json'), (l) => recordObservation(l, workdirIdentity(dir, env), { lineage: 'L', serial: 4, resources: { 'null_resource.a': '1', 'null_resource.b': '2' }, source: 't' }));
    const planFile = join(dir, 'plan.json');
    writeFileSync(planFile, JSON.stringify({ format_version: '1.2', resource_changes: [
      { address: 'null_resource.a', type: 'null_resource', change: { actions: ['create'], before: null, after: {} } },
      { address: 'null_resource.b', type: 'null_resource', change: { actions: ['create'], before: null, after: {} } },
    ] }));
    const r = await checkPlan(planFile, { cwd: dir, env, policy: null });
    assert.equal(r.analysis.decision, 'deny');
    assert.deepEqual(r.analysis.findings.map((f) => f.rule), ['state.missing']);
    assert.equal(Object.keys(readLedger(join(home, 'ledger.json')).entries).length, 1);
    const off = await checkPlan(planFile, { cwd: dir, env, policy: null, ledger: false });
    assert.equal(off.analysis.decision, 'allow');
  } finally { cleanup(); }
});

test('a plan file inside another Terraform working directory is judged against that directory', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const home = join(dir, 'home');
    const env = { ...process.env, TWOKEY_HOME: home };
    const { mkdirSync } = await import('node:fs');
    const { updateLedger, recordObservation } = await import('../../src/terraform/ledger.js');
    const { workdirIdentity } = await import('../../src/terraform/workdir.js');
    const stack = join(dir, 'stack');
    mkdirSync(stack);
    writeFileSync(join(stack, 'main.tf'), '');
    updateLedger(join(home, 'ledger.json'), (l) => recordObservation(l, workdirIdentity(stack, env), { lineage: 'L', serial: 1, resources: { 'null_resource.a': '1' }, source: 't' }));
    const planFile = join(stack, 'plan.json');
    writeFileSync(planFile, JSON.stringify({ format_version: '1.2', resource_changes: [{ address: 'null_resource.a', type: 'null_resource', change: { actions: ['create'], before: null, after: {} } }] }));
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    const r = await checkPlan(planFile, { cwd: elsewhere, env, policy: null });
    assert.equal(r.workdir.dir, workdirIdentity(stack, env).dir);
    assert.deepEqual(r.analysis.findings.map((f) => f.rule), ['state.missing']);
  } finally { cleanup(); }
});
