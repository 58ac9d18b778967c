import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SimpleCommand } from '../../src/core/types.js';
import { defaultPolicy } from '../../src/policy/load.js';
import { overlayPolicy } from '../../src/policy/load.js';
import type { EffectivePolicy, PolicyFile } from '../../src/policy/types.js';
import { applyPolicyToFinding, type RawFinding } from '../../src/engine/apply-policy.js';

function cmd(argv: string[]): SimpleCommand {
  return { argv, dynamic: argv.map(() => false), name: argv[0], env: {}, redirects: [], stdin: { kind: 'inherit' }, via: [], depth: 0, text: argv.join(' ') };
}
function policy(file: Omit<PolicyFile, 'version'>, broken = false): EffectivePolicy {
  return { ...overlayPolicy(defaultPolicy(), { version: 1, ...file }, '/test/policy.yaml'), broken };
}
const askFinding = (argv: string[]): RawFinding => ({ rule: 'git.reset-hard', defaultLevel: 'ask', hitLevel: 'ask', cmd: cmd(argv) });
const denyFinding = (argv: string[]): RawFinding => ({ rule: 'terraform.destroy', defaultLevel: 'deny', hitLevel: 'deny', cmd: cmd(argv) });

test('no policy: the hit level stands', () => {
  assert.equal(applyPolicyToFinding(askFinding(['git', 'reset', '--hard']), defaultPolicy()).level, 'ask');
  assert.equal(applyPolicyToFinding(denyFinding(['terraform', 'destroy']), defaultPolicy()).level, 'deny');
});

test('off drops, a rule id entry beats its pack.* entry', () => {
  assert.equal(applyPolicyToFinding(askFinding(['git']), policy({ rules: { 'git.*': 'off' } })).level, null);
  assert.equal(applyPolicyToFinding(askFinding(['git']), policy({ rules: { 'git.*': 'off', 'git.reset-hard': 'deny' } })).level, 'deny');
});

test('ask/deny set the level, but a hit the rule escalated above its default keeps its escalation', () => {
  assert.equal(applyPolicyToFinding(denyFinding(['terraform', 'destroy']), policy({ rules: { 'terraform.destroy': 'ask' } })).level, 'ask');
  const escalated: RawFinding = { rule: 'fs.rm-recursive', defaultLevel: 'ask', hitLevel: 'deny', cmd: cmd(['rm', '-rf', '/']) };
  assert.equal(applyPolicyToFinding(escalated, policy({ rules: { 'fs.rm-recursive': 'ask' } })).level, 'deny');
  assert.equal(applyPolicyToFinding(escalated, policy({ rules: { 'fs.rm-recursive': 'off' } })).level, null);
});

test('an allow pattern clears an ask, never a deny', () => {
  const p = policy({ allow: ['git reset *', 'terraform destroy *'] });
  const cleared = applyPolicyToFinding(askFinding(['git', 'reset', '--hard']), p);
  assert.equal(cleared.level, null);
  assert.match(cleared.note ?? '', /allow pattern "git reset \*"/);
  assert.equal(applyPolicyToFinding(denyFinding(['terraform', 'destroy', '-auto-approve']), p).level, 'deny');
  assert.equal(applyPolicyToFinding(askFinding(['git', 'status']), p).level, 'ask');
});

test('shell findings: off counts as ask, allow patterns do not clear them', () => {
  const f: RawFinding = { rule: 'shell.dynamic-command', defaultLevel: 'ask', hitLevel: 'ask' };
  assert.equal(applyPolicyToFinding(f, policy({ rules: { 'shell.*': 'off' } })).level, 'ask');
});

test('broken policy: no downgrade, no allow pattern, and asks of deny-default rules escalate', () => {
  const p = policy({ rules: { 'terraform.destroy': 'ask', 'git.reset-hard': 'off' }, allow: ['git reset *'] }, true);
  assert.equal(applyPolicyToFinding(denyFinding(['terraform', 'destroy']), p).level, 'deny');
  assert.equal(applyPolicyToFinding(askFinding(['git', 'reset', '--hard']), p).level, 'ask');
  const deEscalated: RawFinding = { rule: 'terraform.destroy', defaultLevel: 'deny', hitLevel: 'ask', cmd: cmd(['terraform', 'destroy', '-target=x']) };
  assert.equal(applyPolicyToFinding(deEscalated, defaultPolicy()).level, 'ask');
  const r = applyPolicyToFinding(deEscalated, p);
  assert.equal(r.level, 'deny');
  assert.match(r.note ?? '', /broken/);
  // upgrades are still honoured
  assert.equal(applyPolicyToFinding(askFinding(['git', 'reset']), policy({ rules: { 'git.reset-hard': 'deny' } }, true)).level, 'deny');
});
