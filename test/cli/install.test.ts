// install -> doctor -> uninstall for each agent in a temporary HOME: merged with the user's own hooks, idempotent,
// proven to fire by doctor, and uninstall gives back the original bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/env.js';
import { AGENT_IDS, type AgentId } from '../../src/agents/protocol.js';
import { ADAPTERS } from '../../src/agents/registry.js';

/** Settings a user already has, with their own hook, comments and their own formatting. */
const EXISTING: Partial<Record<AgentId, string>> = {
  'claude-code': '{\n    // mine\n    "model": "opus",\n    "hooks": {\n        "PreToolUse": [\n            { "matcher": "Bash", "hooks": [ { "type": "command", "command": "my-audit.sh" } ] }\n        ]\n    }\n}\n',
  codex: '{\n  "hooks": {\n    "PreToolUse": [\n      {\n        "matcher": "Bash",\n        "hooks": [{ "type": "command", "command": "/usr/local/bin/log-it" }]\n      }\n    ]\n  }\n}\n',
  'gemini-cli': '{\n\t"theme": "dark",\n\t"hooks": {\n\t\t"BeforeTool": [\n\t\t\t{ "matcher": "read_file", "hooks": [ { "type": "command", "command": "echo {}" } ] }\n\t\t]\n\t}\n}\n',
  cursor: '{\n  "version": 1,\n  "hooks": {\n    "afterFileEdit": [ { "command": "./format.sh" } ]\n  }\n}\n',
};

function setup() {
  const { dir, cleanup } = tempDir('tk-inst-');
  const home = join(dir, 'home');
  const project = join(dir, 'project');
  mkdirSync(home, { recursive: true });
  mkdirSync(project, { recursive: true });
  const env = { HOME: home, TWOKEY_HOME: join(dir, 'tk'), TWOKEY_NO_DAEMON: '1', PATH: '/usr/bin:/bin' };
  return { dir, home, project, env, cleanup };
}

for (const agent of AGENT_IDS) {
  test(`${agent}: install merges, twice is once, doctor proves it fires, uninstall restores the file byte for byte`, () => {
    const s = setup();
    try {
      const scope = ADAPTERS[agent].scopes[0];
      const file = ADAPTERS[agent].target(scope, s.home, s.project).file;
      const original = EXISTING[agent];
      if (original) { mkdirSync(join(file, '..'), { recursive: true }); writeFileSync(file, original); }

      const first = runCli(['install', agent], { env: s.env, cwd: s.project });
      assert.equal(first.status, 0, first.stderr + first.stdout);
      const installed = readFileSync(file, 'utf8');
      assert.ok(installed.includes(agent === 'opencode' ? '"hook","opencode"' : `twokey.js hook ${agent}`), installed);
      if (original) {
        // the user's own hook and formatting survive: their original lines are still there, in order
        const userLines = original.split('\n').filter((l) => /command|matcher|model|theme|mine/.test(l));
        for (const l of userLines) assert.ok(installed.includes(l), `kept: ${l}`);
        assert.ok(readFileSync(file, 'utf8') !== original);
        assert.ok(first.stdout.includes('backup'), first.stdout);
      }
      if (agent === 'cursor') assert.match(installed, /"failClosed": true/);

      const second = runCli(['install', agent], { env: s.env, cwd: s.project });
      assert.equal(second.status, 0);
      assert.match(second.stdout, /already installed/);
      assert.equal(readFileSync(file, 'utf8'), installed, 'installing twice = one hook');

      const doc = runCli(['doctor', agent, '--json'], { env: s.env, cwd: s.project });
      const report = JSON.parse(doc.stdout) as { ok: boolean; hooks: { agent: string; ok: boolean; probes: { what: string; ok: boolean; detail: string }[] }[] };
      assert.equal(doc.status, 0, doc.stdout);
      assert.equal(report.hooks.length, 1);
      assert.ok(report.hooks[0].probes.some((p) => p.what === 'shell' && p.ok && /terraform\.destroy/.test(p.detail)), doc.stdout);

      const un = runCli(['uninstall', agent], { env: s.env, cwd: s.project });
      assert.equal(un.status, 0, un.stderr);
      if (original) assert.equal(readFileSync(file, 'utf8'), original, 'restored byte for byte');
      else assert.equal(existsSync(file), false, 'twokey created it, uninstall removes it');
      const after = runCli(['doctor', agent], { env: s.env, cwd: s.project });
      assert.equal(after.status, 1);
      assert.match(after.stdout, /no twokey hook is installed/);
    } finally {
      s.cleanup();
    }
  });
}

test('uninstall after the user edited the file removes only twokey entries and keeps their edit', () => {
  const s = setup();
  try {
    const file = join(s.home, '.claude', 'settings.json');
    mkdirSync(join(s.home, '.claude'));
    writeFileSync(file, EXISTING['claude-code']!);
    assert.equal(runCli(['install', 'claude-code'], { env: s.env }).status, 0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"model": "opus"', '"model": "sonnet"'));
    assert.equal(runCli(['uninstall', 'claude-code'], { env: s.env }).status, 0);
    const text = readFileSync(file, 'utf8');
    assert.equal(text, EXISTING['claude-code']!.replace('"model": "opus"', '"model": "sonnet"'));
  } finally { s.cleanup(); }
});

test('--dry-run writes nothing; invalid JSON is refused with file:line:col and left unchanged', () => {
  const s = setup();
  try {
    const dry = runCli(['install', 'gemini-cli', '--dry-run'], { env: s.env });
    assert.equal(dry.status, 0);
    assert.match(dry.stdout, /would create/);
    assert.equal(existsSync(join(s.home, '.gemini', 'settings.json')), false);
    const file = join(s.home, '.claude', 'settings.json');
    mkdirSync(join(s.home, '.claude'));
    writeFileSync(file, '{\n  "hooks": {\n    "PreToolUse": [,\n  }\n');
    const bad = runCli(['install', 'claude-code'], { env: s.env });
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:\\d+: not valid JSON`));
    assert.equal(readFileSync(file, 'utf8'), '{\n  "hooks": {\n    "PreToolUse": [,\n  }\n');
  } finally { s.cleanup(); }
});

test('install --all finds the agents whose config directory exists and installs only those', () => {
  const s = setup();
  try {
    mkdirSync(join(s.home, '.cursor'));
    mkdirSync(join(s.home, '.gemini'));
    const r = runCli(['install', '--all', '--json'], { env: s.env, cwd: s.project });
    assert.equal(r.status, 0, r.stderr);
    const agents = (JSON.parse(r.stdout) as { agent: string }[]).map((p) => p.agent).sort();
    assert.deepEqual(agents, ['cursor', 'gemini-cli']);
    assert.ok(existsSync(join(s.home, '.cursor', 'hooks.json')));
    assert.equal(existsSync(join(s.home, '.claude', 'settings.json')), false);
  } finally { s.cleanup(); }
});

test('--project writes the project settings, not the user ones; codex install says to trust the hook', () => {
  const s = setup();
  try {
    const r = runCli(['install', 'claude-code', '--project'], { env: s.env, cwd: s.project });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(s.project, '.claude', 'settings.json')));
    assert.equal(existsSync(join(s.home, '.claude', 'settings.json')), false);
    const c = runCli(['install', 'codex'], { env: s.env, cwd: s.project });
    assert.match(c.stdout, /open \/hooks and trust/);
  } finally { s.cleanup(); }
});
