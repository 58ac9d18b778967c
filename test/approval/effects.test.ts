// applyCommandEffects in-process: one journal entry per decision, requests for ask/deny, fail closed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { applyCommandEffectsSync } from '../../src/approval/effects.js';
import { approveRequest, readRequest } from '../../src/approval/api.js';
import { fingerprintOf } from '../../src/approval/keys.js';
import { commandHash } from '../../src/approval/hash.js';
import { openJournal } from '../../src/journal/journal.js';
import type { CommandDecision } from '../../src/core/types.js';
import { tempDir } from '../helpers/env.js';

const deny: CommandDecision = { decision: 'deny', rule: 'terraform.destroy', reason: 'destroys everything', findings: [{ rule: 'terraform.destroy', level: 'deny', reason: 'destroys everything' }] };
const allow: CommandDecision = { decision: 'allow', rule: null, reason: 'nothing destructive', findings: [] };

function world() {
  const t = tempDir();
  const home = join(t.dir, 'home');
  mkdirSync(home);
  return { ...t, home, req: (command: string, env: Record<string, string> = {}) => ({ command, cwd: t.dir, env, agent: 'test' }) };
}

test('allow: passes through, one journal entry', () => {
  const w = world();
  try {
    const r = applyCommandEffectsSync(w.req('ls'), allow, w.home);
    assert.equal(r.decision, 'allow');
    assert.equal(r.requestId, undefined);
    const j = openJournal(w.home);
    assert.deepEqual(j.list().map((e) => [e.kind, (e.data as { decision: string }).decision]), [['decision', 'allow']]);
    j.close();
  } finally { w.cleanup(); }
});

test('deny: a request with the release text, one journal entry; an approval releases it once', () => {
  const w = world();
  try {
    const r = applyCommandEffectsSync(w.req('terraform destroy -auto-approve', { AWS_PROFILE: 'prod' }), deny, w.home);
    assert.equal(r.decision, 'deny');
    assert.match(r.release ?? '', new RegExp(`twokey approve ${r.requestId}`));
    const rec = readRequest(w.home, r.requestId!)!;
    assert.equal(rec.hash, commandHash({ command: 'terraform destroy -auto-approve', cwd: w.dir, env: { AWS_PROFILE: 'prod' } }));
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    mkdirSync(join(w.home, 'keys'), { recursive: true });
    writeFileSync(join(w.home, 'keys', 'public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    approveRequest(r.requestId!, privateKey, fingerprintOf(publicKey), { home: w.home });
    const released = applyCommandEffectsSync(w.req('terraform destroy -auto-approve', { AWS_PROFILE: 'prod' }), deny, w.home);
    assert.equal(released.decision, 'allow');
    assert.ok(released.approvalId);
    assert.match(released.reason, /released once by human approval/);
    assert.equal(applyCommandEffectsSync(w.req('terraform destroy -auto-approve', { AWS_PROFILE: 'prod' }), deny, w.home).decision, 'deny');
  } finally { w.cleanup(); }
});

test('fail closed: a broken approval store never releases; a broken journal never turns a block into an allow', () => {
  const w = world();
  try {
    writeFileSync(join(w.home, 'approvals'), 'not a directory');
    const r = applyCommandEffectsSync(w.req('terraform destroy'), deny, w.home);
    assert.equal(r.decision, 'deny');
    assert.ok(r.notices?.some((n) => /approval lookup failed/.test(n)), JSON.stringify(r.notices));
    const w2 = world();
    try {
      mkdirSync(join(w2.home, 'journal.sqlite'));
      const a = applyCommandEffectsSync(w2.req('ls'), allow, w2.home);
      assert.equal(a.decision, 'allow');
      assert.ok(a.notices?.some((n) => /journal unavailable/.test(n)));
      const d = applyCommandEffectsSync(w2.req('terraform destroy'), deny, w2.home);
      assert.equal(d.decision, 'deny');
      assert.ok(d.requestId, 'the request is still filed');
    } finally { w2.cleanup(); }
  } finally { w.cleanup(); }
});
