// The state ledger: findings for foreign, rolled-back, missing and changed-behind-our-back states;
// a suspicious observation never becomes the baseline; concurrent writers lose nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { tempDir, REPO_ROOT } from '../helpers/env.js';
import {
  emptyLedger, ledgerFindings, preventDestroyAddresses, readLedger, recordObservation, updateLedger, type LedgerEntry,
} from '../../src/terraform/ledger.js';

const ID = { dir: '/w', backend: 'local', workspace: 'default' };
const entry = (over: Partial<LedgerEntry> = {}): LedgerEntry => ({
  ...ID, lineage: 'L1', serial: 10, resources: { 'a.x': '1', 'a.y': '2', 'a.z': '3' }, firstSeen: 't0', lastSeen: 't1', ...over,
});
const rulesOf = (fs: { rule: string }[]) => fs.map((f) => f.rule);

test('findings: foreign lineage, rolled back, missing, changed behind our back; none when consistent', () => {
  assert.deepEqual(rulesOf(ledgerFindings(entry(), { lineage: 'L2', serial: 50, resources: { 'a.x': '1', 'a.y': '2', 'a.z': '3' }, source: 't' })), ['state.foreign-lineage']);
  assert.deepEqual(rulesOf(ledgerFindings(entry(), { lineage: 'L1', serial: 9, resources: { 'a.x': '1', 'a.y': '2', 'a.z': '3' }, source: 't' })), ['state.rolled-back']);
  assert.deepEqual(rulesOf(ledgerFindings(entry(), { resources: {}, source: 't' })), ['state.missing']);
  assert.deepEqual(rulesOf(ledgerFindings(entry(), { resources: { 'a.x': '1' }, source: 't' })), ['state.missing']);
  assert.deepEqual(rulesOf(ledgerFindings(entry(), { lineage: 'L1', serial: 10, resources: { 'a.x': '1', 'a.y': '2' }, source: 't' })), [], 'losing one of three is not "far fewer"');
  assert.deepEqual(rulesOf(ledgerFindings(entry({ stateHash: 'h1' }), { stateHash: 'h2', source: 't' }, { guarded: true })), ['state.changed-behind-our-back']);
  assert.deepEqual(rulesOf(ledgerFindings(entry({ stateHash: 'h1' }), { stateHash: 'h2', source: 't' })), [], 'hash only checked on guarded actions');
  assert.deepEqual(rulesOf(ledgerFindings(entry(), { lineage: 'L1', serial: 11, resources: { 'a.x': '1', 'a.y': '2', 'a.z': '3', 'a.w': '4' }, source: 't' })), []);
  assert.deepEqual(ledgerFindings(undefined, { lineage: 'L9', serial: 0, resources: {}, source: 't' }), []);
  assert.deepEqual(rulesOf(ledgerFindings(entry({ lineage: '' }), { lineage: 'L2', serial: 1, resources: { 'a.x': '1', 'a.y': '2', 'a.z': '3' }, source: 't' })), [], 'first lineage after an empty start');
});

test('recordObservation: suspicious observations are anomalies, not baselines; --accept adopts', () => {
  const l = emptyLedger();
  recordObservation(l, ID, { lineage: 'L1', serial: 3, resources: { 'a.x': '1', 'a.y': '2' }, source: 't' });
  const foreign = recordObservation(l, ID, { lineage: 'L2', serial: 99, resources: {}, source: 't' });
  assert.equal(foreign.adopted, false);
  assert.equal(foreign.entry.lineage, 'L1');
  assert.equal(foreign.entry.anomalies?.length, 2);
  const older = recordObservation(l, ID, { lineage: 'L1', serial: 2, resources: { 'a.x': '1', 'a.y': '2' }, source: 't' });
  assert.equal(older.adopted, false);
  assert.equal(older.entry.serial, 3);
  const newer = recordObservation(l, ID, { lineage: 'L1', serial: 5, resources: { 'a.x': '1', 'a.y': '2', 'a.z': '3' }, source: 't' });
  assert.equal(newer.adopted, true);
  assert.equal(newer.entry.serial, 5);
  const accepted = recordObservation(l, ID, { lineage: 'L2', serial: 1, resources: {}, source: 't' }, { accept: true });
  assert.equal(accepted.adopted, true);
  assert.equal(accepted.entry.lineage, 'L2');
  assert.equal(accepted.entry.serial, 1);
  assert.deepEqual(accepted.entry.resources, {});
});

test('prevent_destroy addresses from binary-plan configuration files, modules included, comments ignored', () => {
  const files = {
    'tfconfig/m-/main.tf': 'resource "aws_db_instance" "db" {\n  lifecycle {\n    prevent_destroy = true\n  }\n}\nresource "aws_vpc" "v" {\n  # prevent_destroy = true\n}\n',
    'tfconfig/m-site/main.tf': 'resource "aws_s3_bucket" "b" {\n lifecycle { prevent_destroy = true }\n}\n',
  };
  assert.deepEqual(preventDestroyAddresses(files).sort(), ['aws_db_instance.db', 'module.site.aws_s3_bucket.b']);
});

test('updateLedger: 6 processes x 20 updates under the lock lose nothing', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const path = join(dir, 'ledger.json');
    const script = `
      import { updateLedger, recordObservation } from ${JSON.stringify(join(REPO_ROOT, 'src/terraform/ledger.ts'))};
      const w = process.argv[process.argv.length - 1];
      for (let i = 0; i < 20; i++) updateLedger(${JSON.stringify(path)}, (l) => recordObservation(l, { dir: '/w' + w + '-' + i, backend: 'local', workspace: 'default' }, { lineage: 'L', serial: i, resources: {}, source: 't' }));
    `;
    await Promise.all([0, 1, 2, 3, 4, 5].map((w) => new Promise<void>((res, rej) => {
      const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, String(w)], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (d) => { err += d; });
      p.on('exit', (code) => (code === 0 ? res() : rej(new Error(`writer ${w} exit ${code}: ${err}`))));
    })));
    assert.equal(Object.keys(readLedger(path).entries).length, 120);
    updateLedger(path, () => undefined);
  } finally { cleanup(); }
});

test('an older copy of a state twokey knows from another directory is a rollback', async () => {
  const { crossDirectoryFindings } = await import('../../src/terraform/ledger.js');
  const l = emptyLedger();
  recordObservation(l, { dir: '/prod', backend: 'local', workspace: 'default' }, { lineage: 'L1', serial: 40, resources: { 'a.b': '1' }, source: 't' });
  const fresh = { dir: '/tmp/unpacked', backend: 'local', workspace: 'default' };
  const f = crossDirectoryFindings(l, fresh, { lineage: 'L1', serial: 12, resources: { 'a.b': '1' }, source: 't' });
  assert.deepEqual(f.map((x) => x.rule), ['state.rolled-back']);
  assert.match(f[0].message, /serial 40 of the same lineage in \/prod/);
  assert.deepEqual(crossDirectoryFindings(l, fresh, { lineage: 'L1', serial: 40, source: 't' }), []);
  assert.deepEqual(crossDirectoryFindings(l, fresh, { lineage: 'L2', serial: 1, source: 't' }), []);
});
