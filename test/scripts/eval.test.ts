// npm run eval (scripts/eval.mjs) scores the peers' corpora through the built CLI. These tests run it on the
// smaller corpora: it must work, read eval/disagreements.jsonl, and keep its figures above floors measured on
// this commit (a regression guard; BENCHMARKS.md has the full figures).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, haveShared } from '../helpers/env.js';

interface Figures { block_rows: number; recall: number | null; allow_rows: number; fp_rate: number | null; errors: number }
interface Bound { rows: number; against_block: number; against_allow: number; block_rows: number; allow_rows: number; best_recall: number | null; least_fp_rate: number | null }
interface Entry { name: string; rows: number; all: Figures; net: Figures; disagreements: Record<string, number>; issue_bound?: Bound }

function evalJson(...args: string[]): { corpora: Entry[] } {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'eval.mjs'), '--json', ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `eval exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as { corpora: Entry[] };
}

test('eval scores claude-code-safety-net: every row answered, recall above its floor, disagreements read', { skip: !haveShared('the eval test') }, () => {
  const [e] = evalJson('--corpus', 'claude-code-safety-net').corpora;
  assert.equal(e.name, 'claude-code-safety-net');
  assert.equal(e.rows, 354, 'the default-context rows');
  assert.equal(e.all.errors, 0);
  assert.ok((e.all.recall ?? 0) >= 0.97, `recall ${e.all.recall}`);
  assert.ok((e.all.fp_rate ?? 1) <= 0.08, `FP ${e.all.fp_rate}`);
  // every listed disagreement that still holds is left out of "net"
  const listed = Object.values(e.disagreements).reduce((a, b) => a + b, 0);
  assert.ok(listed > 0);
  assert.equal(e.net.recall, 1);
  // rows the written requirements decide against the label bound what any tool could score as labelled
  const b = e.issue_bound;
  assert.ok(b && b.rows > 0, 'claude-code rows carry requirement clauses');
  assert.equal(b.against_block + b.against_allow, b.rows);
  assert.equal(b.least_fp_rate, b.against_allow / b.allow_rows);
  assert.equal(b.best_recall, (b.block_rows - b.against_block) / b.block_rows);
  assert.ok((e.all.fp_rate ?? 0) >= (b.least_fp_rate ?? 0), 'no answer set meeting the clauses beats the bound');
});

test('eval scores Dippy on its allow rows only (its block means "prompts"), with a false-positive rate under 1%', { skip: !haveShared('the eval test') }, () => {
  const [e] = evalJson('--corpus', 'dippy').corpora;
  assert.equal(e.all.block_rows, 0);
  assert.ok(e.all.allow_rows > 4000);
  assert.equal(e.all.errors, 0);
  assert.ok((e.all.fp_rate ?? 1) < 0.01, `FP ${e.all.fp_rate}`);
});

test('eval --contexts judges cwd rows from a real directory of their kind', { skip: !haveShared('the eval test') }, () => {
  const e = evalJson('--contexts', '--corpus', 'claude-code-safety-net (cwd rows)').corpora[0];
  assert.equal(e.name, 'claude-code-safety-net (cwd rows)');
  assert.equal(e.rows, 77);
  assert.equal(e.all.errors, 0);
  assert.ok((e.all.recall ?? 0) >= 0.5, `recall ${e.all.recall}`);
});

test('eval --help lists its options; an unknown corpus is an error that names the known ones', () => {
  const help = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'eval.mjs'), '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  for (const option of ['--json', '--misses', '--holdout', '--corpus', '--extended', '--contexts', '--dir']) assert.match(help.stdout, new RegExp(option));
  const bad = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'eval.mjs'), '--corpus', 'nope'], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /no corpus named "nope".*dippy/);
  // a misspelt option is an error, not a silent run of the default scoring
  const misspelt = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'eval.mjs'), '--holdot'], { encoding: 'utf8' });
  assert.equal(misspelt.status, 1);
  assert.match(misspelt.stderr, /unknown option '--holdot' \(argument 1\).*--help/);
  const valueless = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'eval.mjs'), '--json', '--seed'], { encoding: 'utf8' });
  assert.equal(valueless.status, 1);
  assert.match(valueless.stderr, /--seed needs a value/);
  assert.equal(valueless.stdout, '');
});

test('eval refuses a disagreements file whose clause does not fit its row, naming the line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twokey-eval-'));
  try {
    const file = join(dir, 'd.jsonl');
    const row = { corpus: 'dippy', command: 'ls', expect: 'allow', twokey: 'ask', category: 'policy', why: 'x' };
    // `text` asks for allow, but twokey's answer here is ask
    writeFileSync(file, `${JSON.stringify(row)}\n${JSON.stringify({ ...row, issue: 'text' })}\n`);
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'eval.mjs'), '--disagreements', file, '--corpus', 'dippy'], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /d\.jsonl:2: clause "text" asks for allow/);
    writeFileSync(file, `${JSON.stringify({ ...row, issue: 'nope' })}\n`);
    const unknown = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'eval.mjs'), '--disagreements', file], { encoding: 'utf8' });
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /d\.jsonl:1: issue clause "nope" is not one of obfuscation, dynamic/);
    const missing = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'eval.mjs'), '--disagreements', join(dir, 'absent.jsonl')], { encoding: 'utf8' });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /absent\.jsonl: no such file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
