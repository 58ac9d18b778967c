import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runCli, tempDir } from '../helpers/env.js';

const FIX = join(REPO_ROOT, 'test', 'fixtures', 'posture');

function env() {
  const home = tempDir('twokey-home-');
  return { home, env: { TWOKEY_HOME: home.dir } };
}

test('audit: exit 3 on the incident stack, with rule, file:line, why and fix in --json', () => {
  const { home, env: e } = env();
  try {
    const r = runCli(['audit', join(FIX, 'incident'), '--json'], { env: e });
    assert.equal(r.status, 3, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.decision, 'deny');
    const deny = out.findings.filter((f: { level: string }) => f.level === 'deny');
    assert.equal(deny.length, 2);
    for (const f of out.findings) {
      assert.ok(f.rule && f.severity && f.file && f.line >= 1 && f.why && f.fix && f.message, JSON.stringify(f));
      assert.equal(f.repair, undefined, 'internal repair data is not printed');
    }
    assert.equal(out.counts.deny, 2);
  } finally { home.cleanup(); }
});

test('audit: exit 2 for ask-level findings only, 0 for none', () => {
  const { home, env: e } = env();
  const t = tempDir();
  try {
    // Copies outside any git repository: the repo's own .gitignore is not what is audited here.
    cpSync(join(FIX, 's3-backend-no-lock'), t.dir, { recursive: true });
    assert.equal(runCli(['audit', join(t.dir, 'fail')], { env: e }).status, 2);
    const clean = runCli(['audit', join(t.dir, 'pass')], { env: e });
    assert.equal(clean.status, 0, clean.stdout);
    assert.match(clean.stdout, /no findings/);
  } finally { home.cleanup(); t.cleanup(); }
});

test('audit: a syntax error is exit 1 with file:line', () => {
  const { home, env: e } = env();
  const t = tempDir();
  try {
    writeFileSync(join(t.dir, 'ok.tf'), 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n');
    writeFileSync(join(t.dir, 'broken.tf'), 'resource "aws_db_instance" "db" {\n  engine = "postgres"\n  deletion_protection =\n}\n');
    const r = runCli(['audit', t.dir], { env: e });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /broken\.tf:3:\d+/);
    assert.equal(r.stdout, '');
  } finally { home.cleanup(); t.cleanup(); }
});

test('audit: not a directory, no .tf files, unknown option: exit 1 with a clear message', () => {
  const { home, env: e } = env();
  const t = tempDir();
  try {
    const missing = runCli(['audit', join(t.dir, 'nope')], { env: e });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /not a directory/);
    const empty = runCli(['audit', t.dir], { env: e });
    assert.equal(empty.status, 1);
    assert.match(empty.stderr, /no \*\.tf files/);
    assert.equal(runCli(['audit', '--bogus'], { env: e }).status, 1);
  } finally { home.cleanup(); t.cleanup(); }
});

test('audit --sarif is SARIF 2.1.0 with a rule for each result; --markdown is a table', () => {
  const { home, env: e } = env();
  try {
    const s = runCli(['audit', join(FIX, 'harden-layout'), '--sarif'], { env: e });
    assert.equal(s.status, 3);
    const sarif = JSON.parse(s.stdout);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    assert.ok(run.results.length > 5);
    for (const res of run.results) {
      assert.ok(ids.includes(res.ruleId));
      assert.equal(ids[res.ruleIndex], res.ruleId);
      assert.ok(res.locations[0].physicalLocation.region.startLine >= 1);
      assert.ok(['error', 'warning'].includes(res.level));
      // Paths are relative to the repository's top (what code-scanning uploads expect) when in a work tree.
      if (existsSync(join(REPO_ROOT, '.git'))) assert.match(res.locations[0].physicalLocation.artifactLocation.uri, /^test\/fixtures\/posture\/harden-layout\//);
    }
    const m = runCli(['audit', join(FIX, 'harden-layout'), '--markdown'], { env: e });
    assert.match(m.stdout, /\| level \| where \| rule \| finding \| fix \|/);
    assert.match(m.stdout, /`main\.tf:\d+`/);
  } finally { home.cleanup(); }
});

test('audit defaults to the current directory and follows ./modules', () => {
  const { home, env: e } = env();
  const t = tempDir();
  try {
    mkdirSync(join(t.dir, 'modules', 'db'), { recursive: true });
    writeFileSync(join(t.dir, 'main.tf'), 'module "db" {\n  source = "./modules/db"\n  protect = false\n}\n');
    writeFileSync(join(t.dir, 'modules', 'db', 'main.tf'), 'variable "protect" {\n  default = true\n}\n\nresource "aws_dynamodb_table" "t" {\n  name                        = "t"\n  hash_key                    = "id"\n  deletion_protection_enabled = var.protect\n}\n');
    const r = runCli(['audit', '--json'], { env: e, cwd: t.dir });
    const out = JSON.parse(r.stdout);
    const f = out.findings.find((x: { rule: string }) => x.rule === 'posture.no-deletion-protection');
    assert.ok(f, r.stdout);
    assert.equal(f.file, 'modules/db/main.tf');
    assert.equal(f.line, 8);
    assert.match(f.message, /argument at main\.tf:3/);
  } finally { home.cleanup(); t.cleanup(); }
});
