import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHclParser, findAttribute, findBlocks } from '../../src/posture/hcl.js';

test('hcl: blocks, labels, attributes and literal values, with exact ranges', async () => {
  const p = await loadHclParser();
  const text = '# 😀 ü comment\nresource "aws_db_instance" "db" {\n  deletion_protection = var.protect\n  tags = { Project = "shop", "Name" = "a-b" }\n  port = 5432\n  note = "say \\"hi\\""\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n';
  const f = p.parse('main.tf', text);
  assert.deepEqual(f.errors, []);
  const [block] = findBlocks(f.body, 'resource');
  assert.deepEqual(block.labels, ['aws_db_instance', 'db']);
  assert.equal(block.span.line, 2);
  const dp = findAttribute(block.body, 'deletion_protection');
  assert.ok(dp);
  assert.equal(dp.expr.kind, 'ref');
  assert.deepEqual(dp.expr.ref, ['var', 'protect']);
  // Offsets index the JS string (UTF-16), even after an astral character.
  assert.equal(text.slice(dp.expr.span.start, dp.expr.span.end), 'var.protect');
  assert.equal(text.slice(block.closeStart, block.closeStart + 1), '}');
  assert.equal(text.slice(block.openEnd - 1, block.openEnd), '{');
  const tags = findAttribute(block.body, 'tags');
  assert.deepEqual(tags?.expr.entries?.map((e) => [e.key, e.value.kind, e.value.value]), [['Project', 'literal', 'shop'], ['Name', 'literal', 'a-b']]);
  assert.equal(findAttribute(block.body, 'port')?.expr.value, 5432);
  assert.equal(findAttribute(block.body, 'note')?.expr.value, 'say "hi"');
  const lc = findBlocks(block.body, 'lifecycle')[0];
  assert.equal(findAttribute(lc.body, 'prevent_destroy')?.expr.value, true);
});

test('hcl: templates and computed expressions are not literals; references are collected', async () => {
  const p = await loadHclParser();
  const f = p.parse('x.tf', 'locals {\n  a = "${var.p}-db"\n  b = var.x ? 1 : 0\n  c = aws_s3_bucket.b[0].id\n  d = [for s in var.l : upper(s)]\n  e = var.a != null && !var.b\n}\n');
  const attrs = findBlocks(f.body, 'locals')[0].body.attributes;
  assert.equal(attrs[0].expr.kind, 'template');
  assert.deepEqual(attrs[0].expr.refs, [['var', 'p']]);
  assert.equal(attrs[1].expr.kind, 'cond');
  assert.deepEqual(attrs[1].expr.args?.map((a) => a.text), ['var.x', '1', '0']);
  assert.equal(attrs[3].expr.kind, 'other');
  const e = attrs[4].expr;
  assert.equal(e.kind, 'binary');
  assert.equal(e.op, '&&');
  assert.deepEqual(e.args?.map((a) => [a.kind, a.text]), [['binary', 'var.a != null'], ['unary', '!var.b']]);
  assert.deepEqual(e.args?.[0].args?.map((a) => a.kind), ['ref', 'literal']);
  assert.equal(attrs[2].expr.kind, 'ref');
  assert.deepEqual(attrs[2].expr.ref, ['aws_s3_bucket', 'b', 'id']);
});

test('hcl: syntax errors carry file, line and column', async () => {
  const p = await loadHclParser();
  const missingValue = p.parse('bad.tf', 'resource "a" "b" {\n  x = 1\n  y =\n}\n');
  assert.ok(missingValue.errors.length > 0);
  assert.equal(missingValue.errors[0].file, 'bad.tf');
  assert.equal(missingValue.errors[0].line, 3);
  const unclosed = p.parse('open.tf', 'resource "a" "b" {\n  x = 1\n');
  assert.ok(unclosed.errors.length > 0);
  assert.ok(unclosed.errors[0].line >= 2, `line ${unclosed.errors[0].line}`);
});

test('syntax errors: Terraform\'s own parser gives the exact message and position', async () => {
  const { terraformSyntaxErrors, parseDiagnostics } = await import('../../src/posture/exact-errors.js');
  const exact = await terraformSyntaxErrors('bad.tf', 'resource "a" "b" {\n  x = 1\n  y =\n}\n');
  assert.ok(Array.isArray(exact), String(exact));
  assert.equal(exact[0].line, 3);
  assert.equal(exact[0].column, 6);
  assert.match(exact[0].message, /Invalid expression/);
  assert.equal(await terraformSyntaxErrors('ok.tf', 'a = 1\n'), 'accepted');
  const two = parseDiagnostics('m.tf', 'parse config: [m.tf:2,7-3,1: Invalid multi-line string; Quoted strings may not be split. m.tf:4,1-2: Unterminated template string; No closing marker.]');
  assert.deepEqual(two.map((e) => [e.line, e.column]), [[2, 7], [4, 1]]);
  assert.match(two[1].message, /^Unterminated template string: No closing marker\.$/);
});
