// The self-protection pack, through the real engine (shell analyzer -> rules -> default policy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cases } from '../../src/rules/packs/self.cases.js';
import { evaluateCommand } from '../../src/engine/evaluate.js';
import { defaultPolicy } from '../../src/policy/load.js';
import { isProtectedPath, containsProtected, twokeyInstallRoot } from '../../src/rules/protected-paths.js';
import { join } from 'node:path';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const HOME = '/home/agent';
const CWD = '/work/app';
const BASE_ENV = { HOME, PATH: '/usr/bin:/bin' };

function judge(command: string, env: Record<string, string> = {}, cwd = CWD) {
  return evaluateCommand({ command, cwd, env: { ...BASE_ENV, ...env } }, { policy: defaultPolicy(), home: env.TWOKEY_HOME ?? join(HOME, '.twokey') });
}

for (const c of cases.blocked) {
  test(`blocked: ${c.command}${c.note ? ` (${c.note})` : ''}`, () => {
    const d = judge(c.command, c.env, c.cwd);
    const f = d.findings.find((x) => x.rule === c.rule);
    assert.ok(f, `${c.command}: expected ${c.rule}, got ${JSON.stringify(d.findings.map((x) => [x.rule, x.level]))}`);
    assert.equal(f.level, c.level);
    assert.ok(f.reason.length > 10 && f.safer, 'explains itself');
  });
}

for (const c of cases.allowed) {
  test(`allowed by the self pack: ${c.command.split('\n')[0]}${c.note ? ` (${c.note})` : ''}`, () => {
    const d = judge(c.command, c.env, c.cwd);
    const selfFindings = d.findings.filter((f) => f.rule.startsWith('self.'));
    assert.deepEqual(selfFindings.map((f) => f.rule), [], `${c.command}: ${JSON.stringify(selfFindings)}`);
  });
}

const opts = { cwd: CWD, home: HOME, env: { HOME } };

test('isProtectedPath: categories and levels', () => {
  const expect: [string, string | null, boolean?][] = [
    ['/home/agent/.twokey/keys/private.key.enc', 'twokey-home', true],
    ['/home/agent/.twokey/journal.sqlite-wal', 'twokey-home', true],
    ['/etc/twokey/public.pem', 'trust-anchor', true],
    ['/work/app/.twokey/policy.yaml', 'project-policy', true],
    ['/home/agent/.claude/settings.json', 'agent-hooks', true],
    ['/work/app/.claude/settings.local.json', 'agent-hooks', true],
    ['/home/agent/.codex/config.toml', 'agent-hooks', true],
    ['/home/agent/.gemini/settings.json', 'agent-hooks', true],
    ['/work/app/.cursor/hooks.json', 'agent-hooks', true],
    ['/work/app/.github/hooks/anything.json', 'agent-hooks', true],
    ['/home/agent/.config/opencode/plugins/twokey.js', 'agent-hooks', true],
    ['/work/app/envs/prod/terraform.tfstate', 'state'],
    ['/work/app/terraform.tfstate.backup', 'state'],
    ['/work/app/src/main.ts', null],
    ['/work/app/.claude/commands/deploy.md', null],
    ['/home/agent/.twokeyfoo', null],
  ];
  for (const [p, cat, read] of expect) {
    const v = isProtectedPath(p, opts);
    assert.equal(v.category ?? null, cat, p);
    assert.equal(v.protected, cat !== null, p);
    if (cat) assert.equal(Boolean(v.readProtected), Boolean(read), `${p} readProtected`);
  }
  assert.equal(isProtectedPath('relative/.twokey/x', opts).category, 'project-policy');
  assert.equal(isProtectedPath('/srv/tk/approvals/a.json', { ...opts, env: { TWOKEY_HOME: '/srv/tk' } }).category, 'twokey-home');
  assert.equal(isProtectedPath('/opt/anchor/public.pem', { ...opts, env: { TWOKEY_SYSTEM_DIR: '/opt/anchor' } }).category, 'trust-anchor');
  assert.equal(isProtectedPath('/work/app/secrets/db.env', { ...opts, globs: ['secrets/**'] }).category, 'policy');
});

test("isProtectedPath: twokey's own dist/ and bin/", () => {
  const root = twokeyInstallRoot();
  assert.ok(root, 'the install root is found from the module location');
  assert.equal(isProtectedPath(join(root!, 'dist', 'cli.js'), opts).category, 'twokey-install');
  assert.equal(isProtectedPath(join(root!, 'bin', 'twokey.js'), opts).category, 'twokey-install');
  assert.equal(isProtectedPath(join(root!, 'src', 'cli', 'main.ts'), opts).protected, false);
});

test('containsProtected: parents of protected places', () => {
  assert.equal(containsProtected('/home/agent', opts).category, 'twokey-home');
  assert.equal(containsProtected('/home/agent/.claude', opts).category, 'agent-hooks');
  // Project-level places may not exist and rules cannot look: only the directory itself counts.
  assert.equal(containsProtected('/work/app', opts).protected, false);
  assert.equal(containsProtected('/work/app/.claude', opts).category, 'agent-hooks');
  assert.equal(containsProtected('/work/app/.twokey', opts).category, 'project-policy');
  assert.equal(containsProtected('/work/app/build', opts).protected, false);
});

test("find -exec that rewrites files reaches a project's own hook settings only when the project has them", () => {
  const dir = mkdtempSync(join(tmpdir(), 'twokey-find-'));
  try {
    const command = "find . -type f -exec sed -i 's/foo/bar/g' {} +";
    assert.equal(judge(command, {}, dir).decision, 'allow', 'no settings in this project');
    mkdirSync(join(dir, '.claude'));
    writeFileSync(join(dir, '.claude', 'settings.json'), '{"hooks":{}}');
    const d = judge(command, {}, dir);
    assert.equal(d.decision, 'ask');
    assert.equal(d.rule, 'self.find-write-protected');
    assert.equal(judge("find . -name '*.py' -exec sed -i 's/foo/bar/g' {} +", {}, dir).decision, 'allow', 'a name filter that cannot select them');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
