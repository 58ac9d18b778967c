// The second key, end to end through the built CLI: an agent (no terminal) against a human (a pty).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { runCli, BIN, REPO_ROOT } from '../helpers/env.js';
import { havePty, runCliInPty } from '../approval/pty.js';
import { agentRuns, claudePayload, journalEntries, PASSPHRASE, sandbox, type Sandbox } from '../approval/fixtures.js';
import { approveRequest, readRequest, signApproval, subjectKey, type ApprovalFile } from '../../src/approval/api.js';
import { unlockPrivateKey, fingerprintOf } from '../../src/approval/keys.js';
import { createPublicKey } from 'node:crypto';

const DESTROY = 'terraform destroy -auto-approve';

function humanApproves(sb: Sandbox, id: string, extra: string[] = []) {
  const r = runCliInPty(['approve', id, ...extra], [PASSPHRASE], { env: sb.env });
  assert.equal(r.status, 0, r.output);
  return r;
}

function approvalFiles(sb: Sandbox): string[] {
  const dir = join(sb.home, 'approvals');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')) : [];
}

test('an agent without a terminal cannot approve its own request; the attempt is journaled', { skip: !havePty() }, () => {
  const sb = sandbox();
  try {
    const first = agentRuns(sb, DESTROY);
    assert.equal(first.decision, 'deny');
    assert.ok(first.requestId, first.reason);
    // The agent tries the release text itself: no terminal.
    const r = runCli(['approve', first.requestId!], { env: sb.env, input: `${PASSPHRASE}\n` });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /refused: approving needs an interactive terminal/);
    assert.deepEqual(approvalFiles(sb), []);
    assert.equal(readRequest(sb.home, first.requestId!)?.status, 'pending');
    const refusals = journalEntries(sb).filter((e) => e.kind === 'approval-refused');
    assert.equal(refusals.length, 1);
    assert.equal(refusals[0].data?.requestId, first.requestId);
    // And it is still denied.
    assert.equal(agentRuns(sb, DESTROY).decision, 'deny');
  } finally { sb.cleanup(); }
});

test('a wrong passphrase at a terminal approves nothing and is journaled', { skip: !havePty() }, () => {
  const sb = sandbox();
  try {
    const first = agentRuns(sb, DESTROY);
    const r = runCliInPty(['approve', first.requestId!], ['not the passphrase'], { env: sb.env });
    assert.equal(r.status, 1);
    assert.match(r.output, /wrong passphrase/);
    assert.deepEqual(approvalFiles(sb), []);
    assert.ok(journalEntries(sb).some((e) => e.kind === 'approval-refused' && e.data?.reason === 'bad-passphrase'));
  } finally { sb.cleanup(); }
});

test('a human approval releases exactly that command once; reuse makes a new request', { skip: !havePty() }, () => {
  const sb = sandbox();
  try {
    const first = agentRuns(sb, DESTROY);
    humanApproves(sb, first.requestId!);
    assert.equal(approvalFiles(sb).length, 1);
    const released = agentRuns(sb, DESTROY);
    assert.equal(released.decision, 'allow');
    assert.deepEqual(approvalFiles(sb), []);
    assert.equal(readRequest(sb.home, first.requestId!)?.status, 'consumed');
    const again = agentRuns(sb, DESTROY);
    assert.equal(again.decision, 'deny');
    assert.notEqual(again.requestId, first.requestId);
    const kinds = journalEntries(sb).map((e) => e.kind);
    assert.ok(kinds.includes('approval'));
    assert.equal(kinds.filter((k) => k === 'approval-consumed').length, 1);
    assert.equal(runCli(['journal', 'verify'], { env: sb.env }).status, 0);
  } finally { sb.cleanup(); }
});

test('an approval does not stretch to a changed flag, another directory or another account', { skip: !havePty() }, () => {
  const sb = sandbox();
  try {
    const first = agentRuns(sb, DESTROY, sb.work, { AWS_PROFILE: 'staging' });
    humanApproves(sb, first.requestId!);
    const other = join(sb.work, '..', 'other');
    mkdirSync(other);
    const attempts: [string, string, NodeJS.ProcessEnv][] = [
      ['terraform destroy -auto-approve -lock=false', sb.work, { AWS_PROFILE: 'staging' }],
      [DESTROY, other, { AWS_PROFILE: 'staging' }],
      [DESTROY, sb.work, { AWS_PROFILE: 'prod' }],
    ];
    for (const [cmd, cwd, env] of attempts) {
      const a = agentRuns(sb, cmd, cwd, env);
      assert.equal(a.decision, 'deny', `${cmd} in ${cwd} with ${JSON.stringify(env)} was released`);
      assert.ok(a.requestId && a.requestId !== first.requestId);
    }
    // The approval is still there, unused, for exactly what was approved.
    assert.equal(approvalFiles(sb).length, 1);
    assert.equal(agentRuns(sb, DESTROY, sb.work, { AWS_PROFILE: 'staging' }).decision, 'allow');
  } finally { sb.cleanup(); }
});

test('an expired approval is refused and journaled', () => {
  const sb = sandbox();
  return (async () => {
    try {
      const first = agentRuns(sb, DESTROY);
      const key = await unlockPrivateKey(sb.home, PASSPHRASE);
      const fp = fingerprintOf(createPublicKey(key));
      approveRequest(first.requestId!, key, fp, { home: sb.home, ttlMinutes: 15, now: new Date(Date.now() - 16 * 60_000) });
      assert.equal(approvalFiles(sb).length, 1);
      const a = agentRuns(sb, DESTROY);
      assert.equal(a.decision, 'deny');
      const refused = journalEntries(sb).filter((e) => e.kind === 'approval-refused');
      assert.equal(refused.length, 1);
      assert.equal(refused[0].data?.reason, 'expired');
      assert.deepEqual(approvalFiles(sb), []);
    } finally { sb.cleanup(); }
  })();
});

test('an approval signed by another key (the agent\'s own) is refused and journaled', () => {
  const sb = sandbox();
  try {
    const first = agentRuns(sb, DESTROY);
    const record = readRequest(sb.home, first.requestId!)!;
    const rogue = generateKeyPairSync('ed25519');
    const forged = signApproval({
      requestId: record.id, hash: record.hash, cwd: record.cwd, kind: 'command',
      expiresAt: new Date(Date.now() + 600_000).toISOString(), nonce: 'f'.repeat(64),
    }, rogue.privateKey, fingerprintOf(rogue.publicKey));
    mkdirSync(join(sb.home, 'approvals'), { recursive: true });
    writeFileSync(join(sb.home, 'approvals', `${subjectKey('command', record.hash, record.cwd)}.a-forged.json`), JSON.stringify(forged));
    assert.equal(agentRuns(sb, DESTROY).decision, 'deny');
    const refused = journalEntries(sb).filter((e) => e.kind === 'approval-refused');
    assert.equal(refused.length, 1);
    assert.equal(refused[0].data?.reason, 'wrong-key');
  } finally { sb.cleanup(); }
});

test('a used approval copied back is refused as a replay and journaled', { skip: !havePty() }, () => {
  const sb = sandbox();
  try {
    const first = agentRuns(sb, DESTROY);
    humanApproves(sb, first.requestId!);
    const [name] = approvalFiles(sb);
    assert.equal(agentRuns(sb, DESTROY).decision, 'allow');
    copyFileSync(join(sb.home, 'approvals', 'consumed', name), join(sb.home, 'approvals', name));
    assert.equal(agentRuns(sb, DESTROY).decision, 'deny');
    const refused = journalEntries(sb).filter((e) => e.kind === 'approval-refused');
    assert.equal(refused.length, 1);
    assert.equal(refused[0].data?.reason, 'replayed');
  } finally { sb.cleanup(); }
});

test('an approval whose payload was edited (expiry stretched by ten days) fails its signature', { skip: !havePty() }, () => {
  const sb = sandbox();
  try {
    const first = agentRuns(sb, DESTROY);
    humanApproves(sb, first.requestId!);
    const [name] = approvalFiles(sb);
    const path = join(sb.home, 'approvals', name);
    const file = JSON.parse(readFileSync(path, 'utf8')) as ApprovalFile;
    file.payload.expiresAt = new Date(Date.now() + 10 * 24 * 3600_000).toISOString();
    writeFileSync(path, JSON.stringify(file));
    assert.equal(agentRuns(sb, DESTROY).decision, 'deny');
    const refused = journalEntries(sb).filter((e) => e.kind === 'approval-refused');
    assert.equal(refused[0]?.data?.reason, 'bad-signature');
  } finally { sb.cleanup(); }
});


test('four agents racing for one approval: exactly one is released', { skip: !havePty() }, async () => {
  const sb = sandbox();
  try {
    const first = agentRuns(sb, DESTROY);
    humanApproves(sb, first.requestId!);
    const answers = await Promise.all(Array.from({ length: 4 }, () => new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'hook', 'claude-code'], { cwd: REPO_ROOT, env: { ...process.env, ...sb.env }, stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c) => { out += c; });
      child.on('error', reject);
      child.on('close', () => resolve(out));
      child.stdin.end(claudePayload(DESTROY, sb.work));
    })));
    const allowed = answers.filter((a) => a.trim() === '');
    assert.equal(allowed.length, 1, answers.join('\n'));
    assert.equal(journalEntries(sb).filter((e) => e.kind === 'approval-consumed').length, 1);
  } finally { sb.cleanup(); }
});

test('the agent cannot loosen the policy: unsigned or changed-after-signing is ignored; signing needs the terminal', { skip: !havePty() }, () => {
  const sb = sandbox();
  try {
    const policy = join(sb.home, 'policy.yaml');
    // Human signs a harmless policy.
    writeFileSync(policy, 'version: 1\napprovals:\n  ttl_minutes: 10\n');
    const signed = runCliInPty(['policy', 'sign', policy], [PASSPHRASE], { env: sb.env });
    assert.equal(signed.status, 0, signed.output);
    // Agent edits it to switch the destroy rules off.
    writeFileSync(policy, 'version: 1\nrules:\n  terraform.*: off\n');
    const a = agentRuns(sb, DESTROY);
    assert.equal(a.decision, 'deny');
    const last = journalEntries(sb).filter((e) => e.kind === 'decision').pop();
    assert.ok(Array.isArray(last?.data?.notices) && (last!.data!.notices as string[]).some((n) => /policy/i.test(n)), `the ignored policy is on record: ${JSON.stringify(last?.data)}`);
    // Agent tries to re-sign it: no terminal.
    const r = runCli(['policy', 'sign', policy], { env: sb.env, input: `${PASSPHRASE}\n` });
    assert.equal(r.status, 1);
    assert.equal(agentRuns(sb, DESTROY).decision, 'deny');
    // A wrong passphrase at a real terminal signs nothing, and is journaled too.
    const wrong = runCliInPty(['policy', 'sign', policy], ['not the passphrase'], { env: sb.env });
    assert.equal(wrong.status, 1);
    assert.ok(journalEntries(sb).some((e) => e.kind === 'passphrase-refused' && e.data?.reason === 'wrong-passphrase'));
    assert.equal(agentRuns(sb, DESTROY).decision, 'deny');
    // Unsigned from scratch: same.
    rmSync(`${policy}.sig`);
    assert.equal(agentRuns(sb, DESTROY).decision, 'deny');
    // An unsigned project policy is ignored too.
    mkdirSync(join(sb.work, '.twokey'), { recursive: true });
    writeFileSync(join(sb.work, '.twokey', 'policy.yaml'), 'version: 1\nrules:\n  terraform.*: off\n  self.*: off\n');
    assert.equal(agentRuns(sb, DESTROY).decision, 'deny');
    assert.equal(agentRuns(sb, `cat ${sb.home}/keys/private.key.enc`).decision, 'deny');
    const kinds = journalEntries(sb).map((e) => e.kind);
    assert.ok(kinds.includes('passphrase-refused'), kinds.join(','));
  } finally { sb.cleanup(); }
});

test('the plan-kind approval does not stretch to a regenerated plan', () => {
  const sb = sandbox();
  return (async () => {
    try {
      const { createRequest, consumeApproval } = await import('../../src/approval/api.js');
      const subject = { kind: 'plan' as const, hash: 'a'.repeat(64), cwd: sb.work, display: 'terraform apply tfplan', agent: 'test', decision: 'ask' as const, reason: 'deletes 3', findings: [] };
      const { requestId } = await createRequest(subject, { home: sb.home });
      const key = await unlockPrivateKey(sb.home, PASSPHRASE);
      approveRequest(requestId, key, fingerprintOf(createPublicKey(key)), { home: sb.home });
      // The same directory, a regenerated plan (another file hash): nothing.
      assert.equal(await consumeApproval({ ...subject, hash: 'b'.repeat(64) }, { home: sb.home }), null);
      // The approved plan: once.
      assert.equal((await consumeApproval(subject, { home: sb.home }))?.requestId, requestId);
      assert.equal(await consumeApproval(subject, { home: sb.home }), null);
    } finally { sb.cleanup(); }
  })();
});
