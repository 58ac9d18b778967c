// Each agent adapter fed that agent's documented payload shapes (fixtures/), checked for the exact answer and
// exit code, including the fail-closed paths. The gate is a recorded stand-in here: these tests are about the
// protocol; test/cli/hook.test.ts runs the real gate end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGENT_IDS, type AgentId, FAIL_CLOSED_PREFIX, answerBlocks, formatAnswer } from '../../src/agents/protocol.js';
import { respondToHook, type HookDeps } from '../../src/agents/respond.js';
import { ADAPTERS } from '../../src/agents/registry.js';
import { isProtectedPath } from '../../src/rules/protected-paths.js';
import type { GateRequest, GateResult } from '../../src/gate/command-gate.js';

const FIX = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(FIX, name), 'utf8');
const ctx = { cwd: '/somewhere/else', env: { HOME: '/home/user', TWOKEY_HOME: '/home/user/.twokey' } };

const DENY: GateResult = {
  decision: 'deny', rule: 'terraform.destroy', reason: 'destroys every resource in the state',
  loses: 'the RDS database and its automated backups', safer: 'run `terraform plan -destroy` and show it to a human',
  findings: [{ rule: 'terraform.destroy', level: 'deny', reason: 'destroys every resource in the state' }], requestId: 'r-123',
};
const DENY_TEXT = 'twokey denied this command (terraform.destroy): destroys every resource in the state. '
  + 'Would lose: the RDS database and its automated backups. Instead: run `terraform plan -destroy` and show it to a human. '
  + 'To release it: a human runs `twokey approve r-123`, then retry exactly the same command; or the human runs it themselves.';
const ASK: GateResult = { ...DENY, decision: 'ask', rule: 'terraform.apply', reason: 'applies changes to shared state', loses: undefined, findings: [], requestId: 'r-9' };
const ASK_NATIVE_TEXT = 'twokey asks a human to confirm (terraform.apply): applies changes to shared state. Instead: run `terraform plan -destroy` and show it to a human.';
const ASK_AS_DENY_TEXT = 'twokey blocked this command until a human approves it (terraform.apply): applies changes to shared state. '
  + 'Instead: run `terraform plan -destroy` and show it to a human. To release it: a human runs `twokey approve r-9`, then retry exactly the same command; or the human runs it themselves.';

function recordingDeps(result: GateResult | Error): { deps: HookDeps; calls: GateRequest[] } {
  const calls: GateRequest[] = [];
  return {
    calls,
    deps: {
      gate: async (req) => { calls.push(req); if (result instanceof Error) throw result; return result; },
      isProtectedPath,
    },
  };
}

const SHELL_FIXTURES: Record<AgentId, string[]> = {
  'claude-code': ['claude-code.bash.json'],
  codex: ['codex.bash.json'],
  'gemini-cli': ['gemini-cli.shell.json'],
  cursor: ['cursor.beforeShellExecution.json', 'cursor.preToolUse.shell.json'],
  'copilot-cli': ['copilot-cli.bash.json'],
  opencode: ['opencode.bash.json'],
};
const WRITE_FIXTURES: Record<AgentId, string[]> = {
  'claude-code': ['claude-code.write.json'],
  codex: ['codex.apply_patch.json'],
  'gemini-cli': ['gemini-cli.write_file.json'],
  cursor: ['cursor.preToolUse.write.json'],
  'copilot-cli': ['copilot-cli.edit.json'],
  opencode: ['opencode.write.json'],
};

/** The exact deny answer each agent documents. */
function expectedDeny(agent: AgentId, msg: string): { stdout: string; stderr: string; exitCode: number } {
  switch (agent) {
    case 'claude-code': return { stdout: `{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":${JSON.stringify(msg)}}}\n`, stderr: '', exitCode: 0 };
    case 'codex': return { stdout: '', stderr: `${msg}\n`, exitCode: 2 };
    case 'gemini-cli': return { stdout: `{"decision":"deny","reason":${JSON.stringify(msg)}}\n`, stderr: '', exitCode: 0 };
    case 'cursor': return { stdout: `{"permission":"deny","user_message":${JSON.stringify(msg)},"agent_message":${JSON.stringify(msg)}}\n`, stderr: '', exitCode: 0 };
    case 'copilot-cli': return { stdout: `{"permissionDecision":"deny","permissionDecisionReason":${JSON.stringify(msg)}}\n`, stderr: '', exitCode: 0 };
    case 'opencode': return { stdout: `{"decision":"deny","message":${JSON.stringify(msg)}}\n`, stderr: '', exitCode: 0 };
  }
}

for (const agent of AGENT_IDS) {
  for (const file of SHELL_FIXTURES[agent]) {
    test(`${agent} ${file}: the gate sees the command and cwd from the payload; deny is the exact documented shape`, async () => {
      const { deps, calls } = recordingDeps(DENY);
      const answer = await respondToHook(agent, fixture(file), ctx, deps);
      assert.equal(calls.length, 1);
      assert.equal(calls[0].command, 'terraform destroy -auto-approve');
      assert.equal(calls[0].cwd, '/home/user/infra');
      assert.equal(calls[0].agent, agent);
      assert.deepEqual(answer, expectedDeny(agent, DENY_TEXT));
      assert.equal(answerBlocks(agent, answer).blocks, true);
    });

    test(`${agent} ${file}: ask is the agent's ask where it has one, else a deny that says how a human releases it`, async () => {
      const { deps } = recordingDeps(ASK);
      const answer = await respondToHook(agent, fixture(file), ctx, deps);
      if (agent === 'claude-code') {
        assert.deepEqual(answer, { stdout: `{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"ask","permissionDecisionReason":${JSON.stringify(ASK_NATIVE_TEXT)}}}\n`, stderr: '', exitCode: 0 });
      } else if (agent === 'cursor') {
        assert.deepEqual(answer, { stdout: `{"permission":"ask","user_message":${JSON.stringify(ASK_NATIVE_TEXT)},"agent_message":${JSON.stringify(ASK_NATIVE_TEXT)}}\n`, stderr: '', exitCode: 0 });
      } else {
        assert.deepEqual(answer, expectedDeny(agent, ASK_AS_DENY_TEXT));
      }
    });

    test(`${agent} ${file}: allow`, async () => {
      const { deps } = recordingDeps({ decision: 'allow', rule: null, reason: 'no rule matched', findings: [] });
      const answer = await respondToHook(agent, fixture(file), ctx, deps);
      const expected = {
        'claude-code': '', codex: '', 'copilot-cli': '',
        'gemini-cli': '{}\n', cursor: '{"permission":"allow"}\n', opencode: '{"decision":"allow"}\n',
      }[agent];
      assert.deepEqual(answer, { stdout: expected, stderr: '', exitCode: 0 });
      assert.equal(answerBlocks(agent, answer).blocks, false);
    });

    test(`${agent} ${file}: a gate that throws fails closed in the agent's deny shape`, async () => {
      const { deps } = recordingDeps(new Error('engine exploded'));
      const answer = await respondToHook(agent, fixture(file), ctx, deps);
      const msg = `${FAIL_CLOSED_PREFIX} internal error: engine exploded. The command was blocked because twokey could not judge it. Run \`twokey doctor\` to find the fault; a human can run the command themselves if it is safe.`;
      assert.deepEqual(answer, expectedDeny(agent, msg));
    });
  }

  for (const file of WRITE_FIXTURES[agent]) {
    test(`${agent} ${file}: a file edit on Terraform state is an ask (native) or a deny, never silent`, async () => {
      const { deps, calls } = recordingDeps(DENY);
      const answer = await respondToHook(agent, fixture(file), ctx, deps);
      assert.equal(calls.length, 0);
      const text = answer.stdout + answer.stderr;
      assert.match(text, /tfstate is Terraform state/);
      if (agent === 'claude-code') assert.equal(JSON.parse(answer.stdout).hookSpecificOutput.permissionDecision, 'ask');
      else if (agent === 'cursor') assert.equal(JSON.parse(answer.stdout).permission, 'ask');
      else assert.equal(answerBlocks(agent, answer).blocks, true, text);
    });

    test(`${agent} ${file}: a file edit inside twokey's home is denied`, async () => {
      const { deps } = recordingDeps(DENY);
      const text = fixture(file).replace(/\/home\/user\/infra\/terraform\.tfstate|prod\.tfstate/g, '/home/user/.twokey/policy.yaml');
      const answer = await respondToHook(agent, text, ctx, deps);
      assert.equal(answerBlocks(agent, answer).blocks, true, JSON.stringify(answer));
      assert.match(answer.stdout + answer.stderr, /twokey denied .* inside twokey's home/);
    });

    test(`${agent} ${file}: the same edit on an ordinary file is allowed`, async () => {
      const { deps } = recordingDeps(DENY);
      const text = fixture(file).replace(/terraform\.tfstate|prod\.tfstate/g, 'main.tf');
      const answer = await respondToHook(agent, text, ctx, deps);
      assert.equal(answerBlocks(agent, answer).blocks, false, JSON.stringify(answer));
    });
  }

  const broken: [string, string, RegExp][] = [
    ['empty stdin', '', /stdin is empty/],
    ['whitespace stdin', ' \n', /stdin is empty/],
    ['non-JSON stdin', 'rm -rf /', /stdin is not JSON/],
    ['a JSON array', '[1,2]', /is not a JSON object/],
    ['a JSON string', '"terraform destroy"', /is not a JSON object/],
  ];
  for (const [what, stdin, why] of broken) {
    test(`${agent}: ${what} fails closed (deny, exact shape)`, async () => {
      const { deps, calls } = recordingDeps({ decision: 'allow', rule: null, reason: '', findings: [] });
      const answer = await respondToHook(agent, stdin, ctx, deps);
      assert.equal(calls.length, 0);
      const v = answerBlocks(agent, answer);
      assert.equal(v.blocks, true);
      const text = answer.stdout + answer.stderr;
      assert.match(text, why);
      const msg = (agent === 'codex' ? answer.stderr.trimEnd() : v.message);
      assert.deepEqual(answer, expectedDeny(agent, msg));
      assert.ok(msg.startsWith(`${FAIL_CLOSED_PREFIX} unreadable ${agent} hook payload:`), msg);
    });
  }

  test(`${agent}: a shell payload without its command fails closed`, async () => {
    const payload = ADAPTERS[agent].shellPayload('x', '/tmp') as Record<string, unknown>;
    const stripped = JSON.parse(JSON.stringify(payload, (k, v) => (k === 'command' ? undefined : v)));
    if (typeof stripped.toolArgs === 'string') stripped.toolArgs = JSON.stringify({ description: 'no command' });
    const { deps, calls } = recordingDeps({ decision: 'allow', rule: null, reason: '', findings: [] });
    const answer = await respondToHook(agent, JSON.stringify(stripped), ctx, deps);
    assert.equal(calls.length, 0);
    assert.equal(answerBlocks(agent, answer).blocks, true);
    assert.match(answer.stdout + answer.stderr, /command/);
  });

  test(`${agent}: the doctor canary payload reaches the gate with the canary command`, async () => {
    const { deps, calls } = recordingDeps(DENY);
    await respondToHook(agent, JSON.stringify(ADAPTERS[agent].shellPayload('terraform destroy -auto-approve', '/srv/app')), ctx, deps);
    assert.deepEqual(calls.map((c) => [c.command, c.cwd]), [['terraform destroy -auto-approve', '/srv/app']]);
  });
}

test('claude-code: NotebookEdit reads notebook_path; tools twokey does not guard are allowed silently', async () => {
  const { deps, calls } = recordingDeps(DENY);
  assert.deepEqual(ADAPTERS['claude-code'].parse(JSON.parse(fixture('claude-code.notebook.json'))), { kind: 'write', tool: 'NotebookEdit', paths: ['/home/user/infra/analysis.ipynb'], cwd: '/home/user/infra' });
  const read = JSON.stringify({ ...JSON.parse(fixture('claude-code.bash.json')), tool_name: 'Read', tool_input: { file_path: '/etc/passwd' } });
  assert.deepEqual(await respondToHook('claude-code', read, ctx, deps), { stdout: '', stderr: '', exitCode: 0 });
  assert.equal(calls.length, 0);
});

test('codex: argv-form commands are judged as the script they run; apply_patch paths come from the patch headers', () => {
  const call = ADAPTERS.codex.parse({ tool_name: 'Bash', cwd: '/w', tool_input: { command: ['bash', '-lc', 'terraform destroy -auto-approve'] } });
  assert.deepEqual(call, { kind: 'shell', tool: 'Bash', command: 'terraform destroy -auto-approve', cwd: '/w' });
  const patch = ADAPTERS.codex.parse(JSON.parse(fixture('codex.apply_patch.json')));
  assert.deepEqual(patch, { kind: 'write', tool: 'apply_patch', paths: ['prod.tfstate'], cwd: '/home/user/infra' });
});

test('copilot-cli: toolArgs as an object (SDK shape) is read too; toolArgs that is not JSON fails closed', async () => {
  const call = ADAPTERS['copilot-cli'].parse({ toolName: 'bash', cwd: '/w', toolArgs: { command: 'ls' } });
  assert.deepEqual(call, { kind: 'shell', tool: 'bash', command: 'ls', cwd: '/w' });
  const { deps } = recordingDeps(DENY);
  const answer = await respondToHook('copilot-cli', JSON.stringify({ toolName: 'bash', cwd: '/w', toolArgs: '{not json' }), ctx, deps);
  assert.match(answer.stdout, /"permissionDecision":"deny".*toolArgs is a string that is not JSON/);
});

test('cursor: an event twokey does not answer fails closed rather than passing', async () => {
  const { deps } = recordingDeps(DENY);
  const answer = await respondToHook('cursor', JSON.stringify({ hook_event_name: 'beforeMCPExecution', tool_name: 'x' }), ctx, deps);
  assert.equal(JSON.parse(answer.stdout).permission, 'deny');
});

test('the payload cwd wins over the hook process cwd; a relative one resolves against it', async () => {
  const { deps, calls } = recordingDeps(DENY);
  await respondToHook('claude-code', JSON.stringify({ ...JSON.parse(fixture('claude-code.bash.json')), cwd: 'sub/dir' }), ctx, deps);
  assert.equal(calls[0].cwd, '/somewhere/else/sub/dir');
  const noCwd = JSON.parse(fixture('opencode.bash.json'));
  delete noCwd.cwd;
  await respondToHook('opencode', JSON.stringify(noCwd), ctx, deps);
  assert.equal(calls[1].cwd, '/somewhere/else');
});

test('formatAnswer never lets ask through as allow for agents without a native ask', () => {
  for (const agent of AGENT_IDS) {
    const a = formatAnswer(agent, { decision: 'ask', message: 'm' });
    assert.equal(answerBlocks(agent, a).blocks || agent === 'claude-code' || agent === 'cursor', true, agent);
  }
});

test('a gate answer that is not allow/ask/deny fails closed instead of reaching the agent', async () => {
  const { deps } = recordingDeps({ decision: 'maybe', rule: null, reason: '', findings: [] } as unknown as GateResult);
  const answer = await respondToHook('claude-code', fixture('claude-code.bash.json'), ctx, deps);
  const out = JSON.parse(answer.stdout).hookSpecificOutput;
  assert.equal(out.permissionDecision, 'deny');
  assert.match(out.permissionDecisionReason, /unknown decision/);
});
