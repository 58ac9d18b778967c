// `twokey requests` and `twokey reject`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/env.js';
import { havePty, runCliInPty } from '../approval/pty.js';
import { agentRuns, journalEntries, PASSPHRASE, sandbox } from '../approval/fixtures.js';

test('each ask/deny is a request; asking again for the same thing reuses it', () => {
  const sb = sandbox({ init: false });
  try {
    const a = agentRuns(sb, 'terraform destroy -auto-approve');
    const b = agentRuns(sb, 'terraform destroy -auto-approve');
    assert.equal(a.requestId, b.requestId);
    const c = agentRuns(sb, 'terraform destroy -auto-approve -target=terraform_data.web');
    assert.notEqual(c.requestId, a.requestId);
    const list = JSON.parse(runCli(['requests', '--json'], { env: sb.env }).stdout) as { id: string; asked: number; status: string; cwd: string; hash: string; findings: unknown[] }[];
    assert.equal(list.length, 2);
    const first = list.find((r) => r.id === a.requestId)!;
    assert.equal(first.asked, 2);
    assert.equal(first.status, 'pending');
    assert.equal(first.cwd, sb.work);
    assert.match(first.hash, /^[0-9a-f]{64}$/);
    assert.ok(first.findings.length > 0);
    const text = runCli(['requests'], { env: sb.env }).stdout;
    assert.match(text, new RegExp(`${a.requestId}\\s+pending\\s+deny`));
    assert.match(text, /twokey approve ID/);
  } finally { sb.cleanup(); }
});

test('reject withdraws an unused approval; the agent is still denied; --all shows it', { skip: !havePty() }, () => {
  const sb = sandbox();
  try {
    const a = agentRuns(sb, 'terraform destroy -auto-approve');
    const ok = runCliInPty(['approve', a.requestId!], [PASSPHRASE], { env: sb.env });
    assert.equal(ok.status, 0, ok.output);
    const r = runCli(['reject', a.requestId!, '--reason', 'wrong account'], { env: sb.env });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readdirSync(join(sb.home, 'approvals')).filter((n) => n.endsWith('.json')).length, 0);
    assert.ok(existsSync(join(sb.home, 'approvals', 'withdrawn')));
    assert.equal(agentRuns(sb, 'terraform destroy -auto-approve').decision, 'deny');
    const pending = JSON.parse(runCli(['requests', '--json'], { env: sb.env }).stdout) as { id: string }[];
    assert.ok(!pending.some((x) => x.id === a.requestId));
    const all = JSON.parse(runCli(['requests', '--all', '--json'], { env: sb.env }).stdout) as { id: string; status: string; rejectReason?: string }[];
    const rejected = all.find((x) => x.id === a.requestId)!;
    assert.equal(rejected.status, 'rejected');
    assert.equal(rejected.rejectReason, 'wrong account');
    assert.ok(journalEntries(sb).some((e) => e.kind === 'rejection' && e.data?.requestId === a.requestId));
    // A rejected request cannot be approved.
    const late = runCliInPty(['approve', a.requestId!], [PASSPHRASE], { env: sb.env });
    assert.equal(late.status, 1);
    assert.match(late.output, /was rejected/);
  } finally { sb.cleanup(); }
});

test('bad request ids are refused clearly (no path tricks)', () => {
  const sb = sandbox({ init: false });
  try {
    for (const id of ['../keys/private.key.enc', 'r-XYZ', '']) {
      const r = runCli(['reject', id], { env: sb.env });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /is not a request id|give exactly one request id/);
    }
    const missing = runCli(['reject', 'r-00000000'], { env: sb.env });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no request r-00000000/);
    writeFileSync(join(sb.work, 'x'), '');
    assert.equal(runCli(['requests'], { env: sb.env }).stdout, 'No pending requests.\n');
  } finally { sb.cleanup(); }
});
