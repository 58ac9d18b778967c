// What `twokey approve` shows, and the approval's lifetime from the signed policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeRequest } from '../../src/cli/approve.js';
import type { RequestRecord } from '../../src/approval/api.js';
import { havePty, runCliInPty } from '../approval/pty.js';
import { agentRuns, PASSPHRASE, sandbox } from '../approval/fixtures.js';

const base: RequestRecord = {
  version: 1, id: 'r-0123abcd', createdAt: '2026-02-01T10:00:00.000Z', status: 'pending', kind: 'plan', hash: 'f'.repeat(64),
  cwd: '/work/infra', display: 'terraform apply destroy.tfplan', agent: 'claude-code', decision: 'deny',
  reason: 'aws_db_instance.main is deleted, and it holds data', asked: 1, lastAskedAt: '2026-02-01T10:00:00.000Z',
  findings: [{ rule: 'plan.data-loss', level: 'deny', reason: 'aws_db_instance.main is deleted', loses: 'the database and its automated backups', safer: 'take a final snapshot first' }],
};

test('a plan request shows what is deleted, what data dies and the blast radius', () => {
  const text = describeRequest({
    ...base,
    detail: {
      lineage: 'abc', serial: 41, backend: 's3', workspace: 'prod', destroyMode: true,
      counts: { create: 0, delete: 2, replace: 0, noop: 0 },
      blastRadius: '2 resources deleted; 5 more things depend on them; this plan touches two projects (shop, billing)',
      projects: ['shop', 'billing'],
      deleted: [
        { address: 'aws_db_instance.main', kind: 'delete', losses: ['automated backups are deleted with it (delete_automated_backups = true)', 'no final snapshot (skip_final_snapshot = true)'] },
        { address: 'aws_s3_bucket.assets', kind: 'delete', losses: [] },
      ],
    },
  });
  assert.match(text, /Plan to apply:\n\s+terraform apply destroy\.tfplan/);
  assert.match(text, /Directory: \/work\/infra/);
  assert.match(text, /Changes: 2 delete\s+\(DESTROY MODE/);
  assert.match(text, /State: lineage abc, serial 41, backend s3, workspace prod/);
  assert.match(text, /Blast radius: 2 resources deleted; 5 more things depend on them; this plan touches two projects/);
  assert.match(text, /- aws_db_instance\.main\n\s+data lost: automated backups are deleted with it[^\n]*\n\s+data lost: no final snapshot/);
  assert.match(text, /would lose: the database and its automated backups/);
  assert.match(text, /safer:\s+take a final snapshot first/);
});

test('a command request shows the command, the directory and the environment it is bound to', () => {
  const text = describeRequest({ ...base, kind: 'command', display: 'terraform destroy -auto-approve', detail: { env: { AWS_PROFILE: 'prod', DATABASE_URL: '(hidden, sha256:0123456789ab)' } } });
  assert.match(text, /Command:\n\s+terraform destroy -auto-approve/);
  assert.match(text, /AWS_PROFILE: prod/);
  assert.match(text, /DATABASE_URL: \(hidden/);
});

test('the approval lifetime comes from the signed policy (approvals.ttl_minutes), --ttl overrides', { skip: !havePty() }, () => {
  const sb = sandbox();
  try {
    const policy = join(sb.home, 'policy.yaml');
    writeFileSync(policy, 'version: 1\napprovals:\n  ttl_minutes: 5\n');
    assert.equal(runCliInPty(['policy', 'sign', policy], [PASSPHRASE], { env: sb.env }).status, 0);
    const a = agentRuns(sb, 'terraform destroy -auto-approve');
    const before = Date.now();
    const r = runCliInPty(['approve', a.requestId!, '--json'], [PASSPHRASE], { env: sb.env });
    assert.equal(r.status, 0, r.output);
    const out = JSON.parse(r.output.slice(r.output.indexOf('{"requestId"')).split('\n')[0].trim());
    const minutes = (Date.parse(out.expiresAt) - before) / 60_000;
    assert.ok(minutes > 4.5 && minutes <= 5.1, `expires in ${minutes} min`);
    const b = agentRuns(sb, 'terraform destroy -auto-approve -lock=false');
    const r2 = runCliInPty(['approve', b.requestId!, '--json', '--ttl', '2'], [PASSPHRASE], { env: sb.env });
    const out2 = JSON.parse(r2.output.slice(r2.output.indexOf('{"requestId"')).split('\n')[0].trim());
    const minutes2 = (Date.parse(out2.expiresAt) - Date.now()) / 60_000;
    assert.ok(minutes2 > 1.5 && minutes2 <= 2.01, `expires in ${minutes2} min`);
  } finally { sb.cleanup(); }
});
