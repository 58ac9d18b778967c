// `twokey hook <agent>` end to end through bin/twokey.js (the lean client, then the real gate in-process):
// each agent's payload for a destructive command, a safe one and text that only mentions one; the fail-closed
// paths (bad stdin, unknown payload, watchdog) give the agent's exact blocking answer and exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempDir } from '../helpers/env.js';
import { AGENT_IDS, type AgentId, FAIL_CLOSED_PREFIX, answerBlocks } from '../../src/agents/protocol.js';
import { ADAPTERS } from '../../src/agents/registry.js';

function hook(agent: string, input: string, env: Record<string, string> = {}) {
  const { dir, cleanup } = tempDir('twokey-hook-');
  try {
    // A generous watchdog: a loaded CI machine must not turn a rule's deny into a fail-closed one.
    return runCli(['hook', agent], { input, cwd: dir, env: { TWOKEY_HOME: `${dir}/home`, TWOKEY_NO_DAEMON: '1', HOME: dir, TWOKEY_HOOK_TIMEOUT_MS: '30000', ...env } });
  } finally {
    cleanup();
  }
}

const payload = (agent: AgentId, command: string) => JSON.stringify(ADAPTERS[agent].shellPayload(command, '/tmp'));

for (const agent of AGENT_IDS) {
  test(`${agent}: terraform destroy -auto-approve is blocked by the terraform rule, in the agent's shape`, () => {
    const r = hook(agent, payload(agent, 'terraform destroy -auto-approve'));
    const v = answerBlocks(agent, { stdout: r.stdout, stderr: r.stderr, exitCode: r.status });
    assert.equal(v.blocks, true, `${r.stdout}${r.stderr}`);
    assert.match(v.message, /terraform\.destroy/);
    assert.ok(!v.message.startsWith(FAIL_CLOSED_PREFIX), v.message);
    assert.match(v.message, /Instead: /);
    if (agent === 'codex') { assert.equal(r.stdout, ''); assert.equal(r.status, 2); } else assert.equal(r.status, 0);
  });

  test(`${agent}: a safe command and a commit message that mentions destroy pass`, () => {
    for (const cmd of ['ls -la', 'git commit -m "terraform destroy -auto-approve is now blocked"']) {
      const r = hook(agent, payload(agent, cmd));
      assert.equal(r.status, 0, r.stderr);
      assert.equal(answerBlocks(agent, { stdout: r.stdout, stderr: r.stderr, exitCode: r.status }).blocks, false, `${cmd}: ${r.stdout}`);
      if (agent === 'claude-code' || agent === 'codex' || agent === 'copilot-cli') assert.equal(r.stdout, '', 'allow prints nothing');
    }
  });

  for (const [what, input] of [['empty stdin', ''], ['non-JSON stdin', 'terraform destroy'], ['an unknown payload shape', '{"hello":"world"}']] as const) {
    test(`${agent}: ${what} fails closed with the agent's deny shape`, () => {
      const r = hook(agent, input);
      const v = answerBlocks(agent, { stdout: r.stdout, stderr: r.stderr, exitCode: r.status });
      assert.equal(v.blocks, true, `${r.stdout}${r.stderr}`);
      assert.ok(v.message.startsWith(FAIL_CLOSED_PREFIX), v.message);
      assert.equal(r.status, agent === 'codex' ? 2 : 0);
    });
  }
}

test('claude-code: exact deny JSON for the watchdog (TWOKEY_HOOK_TIMEOUT_MS below the judgement time)', () => {
  const r = hook('claude-code', payload('claude-code', 'ls'), { TWOKEY_HOOK_TIMEOUT_MS: '300', TWOKEY_HOOK_TEST_DELAY_MS: '3000' });
  assert.equal(r.status, 0);
  const msg = `${FAIL_CLOSED_PREFIX} no decision within 300 ms (watchdog, TWOKEY_HOOK_TIMEOUT_MS). The command was blocked because twokey could not judge it. Run \`twokey doctor\` to find the fault; a human can run the command themselves if it is safe.`;
  assert.equal(r.stdout, `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: msg } })}\n`);
});

test('codex and gemini-cli: the watchdog answers in their own blocking shape too', () => {
  const c = hook('codex', payload('codex', 'ls'), { TWOKEY_HOOK_TIMEOUT_MS: '300', TWOKEY_HOOK_TEST_DELAY_MS: '3000' });
  assert.equal(c.status, 2);
  assert.match(c.stderr, /no decision within 300 ms/);
  const g = hook('gemini-cli', payload('gemini-cli', 'ls'), { TWOKEY_HOOK_TIMEOUT_MS: '300', TWOKEY_HOOK_TEST_DELAY_MS: '3000' });
  assert.equal(JSON.parse(g.stdout).decision, 'deny');
});

test('an unknown agent name exits 2 (the blocking exit code) with a message', () => {
  const r = hook('vim', '{}');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown agent 'vim'/);
});

test('claude-code: Write into twokey home is denied; Write to Terraform state is a native ask', () => {
  const { dir, cleanup } = tempDir('twokey-hook-');
  try {
    const env = { TWOKEY_HOME: `${dir}/home`, TWOKEY_NO_DAEMON: '1', HOME: dir };
    const w = runCli(['hook', 'claude-code'], { env, cwd: dir, input: JSON.stringify(ADAPTERS['claude-code'].writePayload(`${dir}/home/policy.yaml`, dir)) });
    assert.equal(JSON.parse(w.stdout).hookSpecificOutput.permissionDecision, 'deny');
    const s = runCli(['hook', 'claude-code'], { env, cwd: dir, input: JSON.stringify(ADAPTERS['claude-code'].writePayload(`${dir}/terraform.tfstate`, dir)) });
    assert.equal(JSON.parse(s.stdout).hookSpecificOutput.permissionDecision, 'ask');
    const g = runCli(['hook', 'gemini-cli'], { env, cwd: dir, input: JSON.stringify(ADAPTERS['gemini-cli'].writePayload(`${dir}/terraform.tfstate`, dir)) });
    assert.equal(JSON.parse(g.stdout).decision, 'deny', 'no ask in gemini: deny with instructions');
    assert.match(JSON.parse(g.stdout).reason, /until a human approves it/);
  } finally { cleanup(); }
});

test('a CLI bundle that cannot load still gives a deny in the agent shape (claude-code JSON, codex exit 2)', async () => {
  const { mkdirSync, copyFileSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { spawnSync } = await import('node:child_process');
  const { REPO_ROOT } = await import('../helpers/env.js');
  const { dir, cleanup } = tempDir('twokey-broken-');
  try {
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'dist'));
    copyFileSync(join(REPO_ROOT, 'bin', 'twokey.js'), join(dir, 'bin', 'twokey.js'));
    copyFileSync(join(REPO_ROOT, 'dist', 'hook-client.js'), join(dir, 'dist', 'hook-client.js'));
    writeFileSync(join(dir, 'dist', 'cli.js'), "throw new Error('bundle is corrupt');\n");
    const env = { ...process.env, TWOKEY_HOME: join(dir, 'home'), HOME: dir, TWOKEY_NO_DAEMON: '1' };
    const run = (agent: AgentId) => spawnSync(process.execPath, [join(dir, 'bin', 'twokey.js'), 'hook', agent], { input: payload(agent, 'ls'), env, encoding: 'utf8' });
    const c = run('claude-code');
    assert.equal(c.status, 0);
    const out = JSON.parse(c.stdout).hookSpecificOutput;
    assert.equal(out.permissionDecision, 'deny');
    assert.match(out.permissionDecisionReason, /^twokey failed closed: hook client error: bundle is corrupt/);
    const x = run('codex');
    assert.equal(x.status, 2);
    assert.match(x.stderr, /bundle is corrupt/);
  } finally { cleanup(); }
});
