// Property: for any mix of settings and layouts of a database, a bucket and a key, harden's output
// parses, fixes every finding it claims to fix, and a second pass has nothing to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadHclParser, type HclParser } from '../../src/posture/hcl.js';
import { buildConfiguration, type ConfigFile } from '../../src/posture/model.js';
import { auditConfiguration } from '../../src/posture/rules.js';
import { planHarden } from '../../src/posture/harden.js';

function auditText(parser: HclParser, text: string) {
  const file: ConfigFile = { rel: 'main.tf', hcl: parser.parse('main.tf', text) };
  assert.deepEqual(file.hcl.errors, [], text);
  const config = buildConfiguration({ filesIn: (d) => (d === '' ? [file] : null), tfvars: [], skipped: [] });
  const findings = auditConfiguration(config, null);
  return { file, findings, plan: planHarden(findings, [file], null) };
}

const boolOrUnset = fc.constantFrom<string | null>(null, 'true', 'false');
const attr = (name: string, v: string | null) => (v === null ? '' : `  ${name} = ${v}\n`);

const database = fc.record({
  protection: boolOrUnset,
  skipFinal: boolOrUnset,
  deleteBackups: boolOrUnset,
  retention: fc.constantFrom<string | null>(null, '0', '1', '14'),
  lifecycle: fc.constantFrom('none', 'empty', 'oneline-false', 'ignore-changes', 'true'),
  comment: fc.boolean(),
}).map((d) => {
  const lc = {
    none: '',
    empty: '\n  lifecycle {\n  }\n',
    'oneline-false': '  lifecycle { prevent_destroy = false }\n',
    'ignore-changes': '\n  lifecycle {\n    ignore_changes = [tags]\n  }\n',
    true: '\n  lifecycle {\n    prevent_destroy = true\n  }\n',
  }[d.lifecycle];
  return `resource "aws_db_instance" "db" {\n${d.comment ? '  # keep me\n' : ''}  identifier = "app-db"\n${attr('deletion_protection', d.protection)}${attr('skip_final_snapshot', d.skipFinal)}${attr('delete_automated_backups', d.deleteBackups)}${attr('backup_retention_period', d.retention)}${lc}}\n`;
});

const bucket = fc.record({
  forceDestroy: boolOrUnset,
  versioning: fc.constantFrom('none', 'Enabled', 'Suspended', 'oneline-Disabled'),
}).map((b) => {
  const v = b.versioning === 'none' ? ''
    : b.versioning === 'oneline-Disabled' ? '\nresource "aws_s3_bucket_versioning" "files" {\n  bucket = aws_s3_bucket.files.id\n  versioning_configuration { status = "Disabled" }\n}\n'
      : `\nresource "aws_s3_bucket_versioning" "files" {\n  bucket = aws_s3_bucket.files.id\n  versioning_configuration {\n    status = "${b.versioning}"\n  }\n}\n`;
  return `resource "aws_s3_bucket" "files" {\n  bucket = "app-files"\n${attr('force_destroy', b.forceDestroy)}}\n${v}`;
});

const key = fc.constantFrom<number | null>(null, 7, 10, 30).map((w) => `resource "aws_kms_key" "k" {\n${w === null ? '  description = "k"\n' : `  deletion_window_in_days = ${w}\n`}}\n`);

test('harden on generated configurations: parses, fixes what it claims, idempotent', async () => {
  const parser = await loadHclParser();
  let fixedTotal = 0;
  fc.assert(fc.property(database, bucket, key, fc.boolean(), (db, b, k, crlf) => {
    let text = `${db}\n${b}\n${k}`;
    if (crlf) text = text.replace(/\n/g, '\r\n');
    const first = auditText(parser, text);
    const after = first.plan.changed.get('main.tf')?.after ?? text;
    fixedTotal += first.plan.fixed.length;
    if (crlf) assert.ok(!after.replace(/\r\n/g, '').includes('\n'), 'line endings kept');
    if (text.includes('# keep me')) assert.ok(after.includes('# keep me'));
    const second = auditText(parser, after);
    const remaining = new Set(second.findings.map((f) => `${f.rule}|${f.address}|${f.attribute ?? ''}`));
    for (const f of first.plan.fixed) assert.ok(!remaining.has(`${f.rule}|${f.address}|${f.attribute ?? ''}`), `${f.rule} ${f.attribute ?? ''} remains in:\n${after}`);
    assert.ok(!second.findings.some((f) => f.rule === 'posture.unprotected-database'), after);
    assert.equal(second.plan.changed.size, 0, `second pass would change:\n${after}`);
  }), { numRuns: 150, seed: 20260226 });
  assert.ok(fixedTotal > 300, `only ${fixedTotal} fixes over 150 runs: the generator is not exercising harden`);
});
