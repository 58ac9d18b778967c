import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runCli, tempDir } from '../helpers/env.js';

const FIX = join(REPO_ROOT, 'test', 'fixtures', 'posture');

test('harden: prints a unified diff and changes nothing without --write; --write applies it; a second run is a no-op', () => {
  const home = tempDir('twokey-home-');
  const t = tempDir();
  try {
    cpSync(join(FIX, 'incident'), t.dir, { recursive: true });
    const before = readFileSync(join(t.dir, 'modules', 'site', 'main.tf'), 'utf8');
    const env = { TWOKEY_HOME: home.dir };
    const dry = runCli(['harden', t.dir], { env });
    assert.equal(dry.status, 2, dry.stderr);
    assert.match(dry.stdout, /^--- a\/modules\/site\/main\.tf\n\+\+\+ b\/modules\/site\/main\.tf\n@@ /m);
    assert.match(dry.stdout, /^\+  deletion_protection = true$/m);
    assert.match(dry.stdout, /^-  default = true$/m, 'skip_final_snapshot default changes in variables.tf');
    assert.match(dry.stderr, /manual: .*posture\.local-state/);
    assert.equal(readFileSync(join(t.dir, 'modules', 'site', 'main.tf'), 'utf8'), before);

    const w = runCli(['harden', t.dir, '--write'], { env });
    assert.equal(w.status, 2, 'manual steps remain (backend, projects)');
    assert.notEqual(readFileSync(join(t.dir, 'modules', 'site', 'main.tf'), 'utf8'), before);
    const audit = JSON.parse(runCli(['audit', t.dir, '--json'], { env }).stdout);
    assert.deepEqual(audit.findings.map((f: { rule: string }) => f.rule).sort(), ['posture.local-state', 'posture.several-projects-one-state']);

    const again = runCli(['harden', t.dir, '--json'], { env });
    const j = JSON.parse(again.stdout);
    assert.deepEqual(j.files, []);
    assert.equal(j.diff, '');
    assert.equal(j.manual.length, 2);
  } finally { home.cleanup(); t.cleanup(); }
});

test('harden: exit 0 when there is nothing to do', () => {
  const home = tempDir('twokey-home-');
  const t = tempDir();
  try {
    cpSync(join(FIX, 's3-backend-no-lock', 'pass'), t.dir, { recursive: true });
    const r = runCli(['harden', t.dir], { env: { TWOKEY_HOME: home.dir } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /nothing to change/);
  } finally { home.cleanup(); t.cleanup(); }
});
