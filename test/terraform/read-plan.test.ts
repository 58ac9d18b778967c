// Reading plans: encodings, wrapper noise, clear errors with line and column, binary zips, streaming.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { tempDir, haveShared, SHARED_DIR } from '../helpers/env.js';
import { decodePlanBytes, parsePlanText, readPlanFile } from '../../src/terraform/read-plan.js';
import { listZipEntries, openZip } from '../../src/terraform/zip.js';
import { streamPlanFile } from '../../src/terraform/stream-plan.js';
import { analyzePlan } from '../../src/terraform/analyze.js';
import { UserError } from '../../src/core/errors.js';

const PLAN = { format_version: '1.2', resource_changes: [{ address: 'null_resource.a', type: 'null_resource', change: { actions: ['delete'], before: { id: 'x' }, after: null } }] };

test('decodes UTF-8 with BOM, UTF-16 LE and BE with BOM', () => {
  const text = JSON.stringify(PLAN);
  assert.equal(decodePlanBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])).text, text);
  assert.equal(decodePlanBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])).text, text);
  const be = Buffer.from(text, 'utf16le');
  be.swap16();
  assert.equal(decodePlanBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).text, text);
});

test('wrapper noise before and after the JSON is skipped and said', () => {
  const noisy = `[command]/usr/bin/terraform show -json plan\n${JSON.stringify(PLAN)}%0A\n::set-output name=exitcode::0\n`;
  const { plan, notes } = parsePlanText(noisy);
  assert.equal(plan.resource_changes?.length, 1);
  assert.equal(notes.length, 2);
  // braces inside strings do not confuse the scanner
  const tricky = { ...PLAN, weird: 'a } { " \\" }' };
  assert.equal(parsePlanText(`noise\n${JSON.stringify(tricky)}\ntrailer {`).plan.weird, 'a } { " \\" }');
});

test('errors say what is wrong and where', () => {
  const errOf = (t: string) => { try { parsePlanText(t, 'p.json'); } catch (e) { assert.ok(e instanceof UserError); return e.message; } return ''; };
  assert.match(errOf(''), /p\.json: the file is empty/);
  assert.match(errOf('{\n  "format_version": "1.2",\n  "resource_changes": [\n    {"address": }\n  ]\n}'), /p\.json: not valid JSON: .* at line 4, column \d+/);
  assert.match(errOf('{"format_version": "1.2", "resource_changes": ['), /never closes|not valid JSON/);
  assert.match(errOf('just some text'), /no JSON object found/);
  assert.match(errOf('{"version": 4, "lineage": "x", "serial": 1, "resources": []}'), /a state file, not a plan/);
  assert.match(errOf('{"hello": 1}'), /not a Terraform plan/);
  assert.match(errOf('{"format_version": "1.2", "resource_changes": {}}'), /resource_changes is not a list/);
});

test('readPlanFile: missing file, directory, truncated zip', () => {
  const { dir, cleanup } = tempDir();
  try {
    assert.throws(() => readPlanFile(join(dir, 'nope.json')), /no such file/);
    assert.throws(() => readPlanFile(dir), /is a directory/);
    writeFileSync(join(dir, 'bad.tfplan'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(10)]));
    assert.throws(() => readPlanFile(join(dir, 'bad.tfplan')), /damaged binary plan: .*(truncated|not a zip|too short)/);
  } finally { cleanup(); }
});

/** A zip with deflated and stored entries, built by hand. */
function makeZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  let i = 0;
  for (const [name, content] of Object.entries(files)) {
    const raw = Buffer.from(content);
    const deflate = i++ % 2 === 0;
    const data = deflate ? deflateRawSync(raw) : raw;
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(raw.length, 22); local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(data.length, 20); central.writeUInt32LE(raw.length, 24); central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cdir = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0); eocd.writeUInt16LE(Object.keys(files).length, 8); eocd.writeUInt16LE(Object.keys(files).length, 10);
  eocd.writeUInt32LE(cdir.length, 12); eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdir, eocd]);
}

test('zip reader: central directory, stored and deflated entries', () => {
  const zip = makeZip({ tfplan: 'binary-ish', tfstate: '{"version":4,"lineage":"abc","serial":7,"resources":[]}', 'tfconfig/m-/main.tf': 'resource "a" "b" {}' });
  assert.deepEqual(listZipEntries(zip).map((e) => e.name), ['tfplan', 'tfstate', 'tfconfig/m-/main.tf']);
  const z = openZip(zip);
  assert.equal(z.read('tfstate')!.toString(), '{"version":4,"lineage":"abc","serial":7,"resources":[]}');
  assert.equal(z.read('tfplan')!.toString(), 'binary-ish');
  assert.equal(z.read('missing'), undefined);
  assert.throws(() => listZipEntries(zip.subarray(0, zip.length - 30)), /truncated|damaged/);
});

test('streaming reader gives the same analysis as the normal one (shared plans, small chunks)', { skip: !haveShared() }, () => {
  const dir = join(SHARED_DIR, 'fixtures', 'plans');
  const names = readFileSync(join(dir, 'INDEX.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0])
    .filter((n) => !n.includes('utf16'));
  for (const name of names) {
    const normal = readPlanFile(join(dir, name));
    const whole = streamPlanFile(join(dir, name), name, { chunkBytes: 4096 + (name.length % 7), keepWhole: true });
    assert.deepEqual(whole.plan.resource_changes, normal.plan.resource_changes ?? [], name);
    const streamed = streamPlanFile(join(dir, name), name, { chunkBytes: 65536 });
    assert.equal(streamed.plan.resource_changes?.length, normal.plan.resource_changes?.length ?? 0, name);
    assert.equal(streamed.plan.format_version, normal.plan.format_version, name);
    const a = analyzePlan(normal.plan);
    const b = analyzePlan(streamed.plan);
    assert.equal(b.decision, a.decision, name);
    assert.deepEqual(b.counts, a.counts, name);
    assert.deepEqual(b.findings.map((f) => f.rule), a.findings.map((f) => f.rule), name);
  }
});

test('streaming reader: prior state in nested modules, escapes, truncation', () => {
  const { dir, cleanup } = tempDir();
  try {
    const p = {
      format_version: '1.2', planned_values: { root_module: { resources: [{ address: 'x.y', values: { s: '{[' } }] } },
      resource_changes: [{ address: 'a.b', type: 'a', change: { actions: ['delete'], before: { s: 'q\\"}]' } } }],
      prior_state: { values: { root_module: { resources: [{ address: 'a.b', mode: 'managed', values: { id: '1' } }],
        child_modules: [{ address: 'module.m', resources: [{ address: 'module.m.c.d', mode: 'managed', depends_on: ['a.b'] }], child_modules: [{ address: 'module.m.module.n', resources: [{ address: 'module.m.module.n.e.f', mode: 'managed' }] }] }] } } },
      configuration: { root_module: {} },
      'key "with" escapes': 1,
    };
    const f = join(dir, 'p.json');
    writeFileSync(f, `noise line\n${JSON.stringify(p, null, 2)}\n`);
    const { plan } = streamPlanFile(f, 'p.json', { chunkBytes: 7, keepWhole: true });
    assert.deepEqual(plan.resource_changes, p.resource_changes);
    assert.deepEqual(plan.prior_state?.values?.root_module?.resources?.map((r) => r.address), ['a.b', 'module.m.c.d', 'module.m.module.n.e.f']);
    assert.deepEqual(plan.configuration, { root_module: {} });
    const a = analyzePlan(plan);
    assert.deepEqual(a.changes[0].dependents, ['module.m.c.d']);
    writeFileSync(f, JSON.stringify(p).slice(0, 200));
    assert.throws(() => streamPlanFile(f, 'p.json'), /ends early at line 1 \(truncated/);
    // forced through readPlanFile
    writeFileSync(f, JSON.stringify(p));
    const loaded = readPlanFile(f, { forceStream: true });
    assert.equal(loaded.streamed, true);
    assert.equal(loaded.plan.resource_changes?.length, 1);
  } finally { cleanup(); }
});

test('streamed (slimmed) changes give the same findings, losses and blast radius as whole ones', () => {
  const { dir, cleanup } = tempDir();
  try {
    const p = {
      format_version: '1.2',
      resource_changes: [
        { address: 'aws_db_instance.db', type: 'aws_db_instance', change: { actions: ['delete'], before: { id: 'db-1', identifier: 'prod', skip_final_snapshot: true, engine: 'postgres', big: 'x'.repeat(1000), tags: { Project: 'shop' } }, after: null } },
        { address: 'aws_db_snapshot.s', type: 'aws_db_snapshot', change: { actions: ['delete'], before: { db_instance_identifier: 'prod', db_snapshot_identifier: 'snap' }, after: null } },
        { address: 'aws_s3_bucket_versioning.v', type: 'aws_s3_bucket_versioning', change: { actions: ['update'], before: { versioning_configuration: [{ status: 'Enabled' }] }, after: { versioning_configuration: [{ status: 'Suspended' }] }, after_unknown: {} } },
        { address: 'terraform_data.t', type: 'terraform_data', change: { actions: ['delete'], before: { input: { tags: { Project: 'web' }, other: 1 } }, after: null } },
      ],
    };
    const f = join(dir, 'p.json');
    writeFileSync(f, JSON.stringify(p));
    const whole = analyzePlan(readPlanFile(f).plan);
    const slim = analyzePlan(readPlanFile(f, { forceStream: true }).plan);
    assert.deepEqual(slim.findings, whole.findings);
    assert.deepEqual(slim.changes, whole.changes);
    assert.deepEqual(slim.projects, ['shop', 'web']);
    assert.ok(whole.findings.some((x) => x.rule === 'plan.protection-removed'));
    assert.ok(whole.findings.some((x) => x.rule === 'plan.backups-in-blast-radius' && /its source/.test(x.message)));
  } finally { cleanup(); }
});

test('streaming: escaped quotes and backslash runs across every chunk boundary', () => {
  const { dir, cleanup } = tempDir();
  try {
    const tricky = ['\\', '\\\\', '"', '\\"', 'a\\\\"b', '}]{[', '\\u0041', 'é€𝄞'];
    const p = { format_version: '1.2', resource_changes: tricky.map((t, i) => ({ address: `x.y${i}`, type: 'x', change: { actions: ['delete'], before: { id: t, ['k"' + t]: t }, after: null } })) };
    const f = join(dir, 'p.json');
    writeFileSync(f, JSON.stringify(p));
    for (let chunk = 1; chunk <= 12; chunk++) {
      assert.deepEqual(streamPlanFile(f, 'p.json', { chunkBytes: chunk, keepWhole: true }).plan.resource_changes, p.resource_changes, `chunk ${chunk}`);
    }
  } finally { cleanup(); }
});

test('a UTF-16 plan on the streaming path is refused with the way to convert it', () => {
  const { dir, cleanup } = tempDir();
  try {
    const f = join(dir, 'p.json');
    writeFileSync(f, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(PLAN), 'utf16le')]));
    assert.throws(() => readPlanFile(f, { forceStream: true }), (e: unknown) => e instanceof UserError && /UTF-16/.test(e.message) && /iconv/.test(e.hint ?? ''));
    assert.equal(readPlanFile(f).plan.resource_changes?.length, 1, 'below the threshold it is read whole');
  } finally { cleanup(); }
});
