// doctor fails when an installed hook does not block the canary, and warns on fail-open settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/env.js';

test('a Cursor hook without failClosed is flagged; a hook command that does not block fails doctor', () => {
  const { dir, cleanup } = tempDir('tk-doc-');
  try {
    const home = join(dir, 'home');
    mkdirSync(join(home, '.cursor'), { recursive: true });
    const env = { HOME: home, TWOKEY_HOME: join(dir, 'tk'), TWOKEY_NO_DAEMON: '1' };
    assert.equal(runCli(['install', 'cursor'], { env }).status, 0);
    const file = join(home, '.cursor', 'hooks.json');
    const j = JSON.parse(readFileSync(file, 'utf8'));
    delete j.hooks.beforeShellExecution[0].failClosed;
    writeFileSync(file, JSON.stringify(j, null, 2));
    const warn = runCli(['doctor', '--json'], { env });
    const rep = JSON.parse(warn.stdout);
    assert.equal(warn.status, 0, 'it still fires');
    assert.ok(rep.hooks[0].warnings.some((w: string) => /failClosed/.test(w)), warn.stdout);

    // A hook entry that only looks like twokey's (prints an allow) is caught by the canary.
    j.hooks.beforeShellExecution[0].command = `echo '{"permission":"allow"}' # twokey hook cursor`;
    j.hooks.preToolUse = [];
    writeFileSync(file, JSON.stringify(j, null, 2));
    const bad = runCli(['doctor'], { env });
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /FAIL.*Cursor/);
    assert.match(bad.stdout, /NOT BLOCKED/);
  } finally { cleanup(); }
});

test('claude-code: a settings file that switches hooks off is flagged', () => {
  const { dir, cleanup } = tempDir('tk-doc-');
  try {
    const home = join(dir, 'home');
    mkdirSync(join(home, '.claude'), { recursive: true });
    writeFileSync(join(home, '.claude', 'settings.json'), '{ "disableAllHooks": true }\n');
    const env = { HOME: home, TWOKEY_HOME: join(dir, 'tk'), TWOKEY_NO_DAEMON: '1' };
    assert.equal(runCli(['install', 'claude-code'], { env }).status, 0);
    const r = runCli(['doctor', 'claude-code'], { env });
    assert.match(r.stdout, /disableAllHooks/);
  } finally { cleanup(); }
});
