// Signed checkpoints: a journal rewritten in full (every hash recomputed) passes the chain check but
// not the human's signatures; an approval entry written without `twokey approve` is named as forged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { openJournal, entryHash } from '../../src/journal/journal.js';
import { createRequestSync, approveRequest } from '../../src/approval/api.js';
import { signCheckpoint, verifyCheckpoints } from '../../src/approval/checkpoint.js';
import { fingerprintOf } from '../../src/approval/keys.js';
import { tempDir } from '../helpers/env.js';

const Database = createRequire(import.meta.url)('better-sqlite3');

/** 5 decisions, a request (6), a genuine approval (7) signing the head at 6, 3 more decisions (8..10). */
function setUp() {
  const t = tempDir();
  const home = join(t.dir, 'home');
  const journal = openJournal(home);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  for (let i = 0; i < 5; i++) journal.append({ kind: 'decision', summary: `allow: cmd ${i}` });
  const { requestId } = createRequestSync({ kind: 'command', hash: 'c'.repeat(64), cwd: t.dir, display: 'terraform destroy', agent: 'test', decision: 'deny', reason: 'r', findings: [] }, { home, journal });
  approveRequest(requestId, privateKey, fingerprintOf(publicKey), { home, journal });
  for (let i = 0; i < 3; i++) journal.append({ kind: 'decision', summary: `allow: later ${i}` });
  return { ...t, home, journal, publicKey };
}

test('checkpoints of genuine approvals verify', () => {
  const s = setUp();
  try {
    assert.equal(s.journal.verify().ok, true);
    const r = verifyCheckpoints(s.journal, s.publicKey);
    assert.equal(r.checked, 1);
    assert.deepEqual(r.problems, []);
  } finally { s.journal.close(); s.cleanup(); }
});

test('a full rewrite from entry 2 on passes the chain check but breaks the signed checkpoint', () => {
  const s = setUp();
  try {
    s.journal.close();
    const db = new Database(join(s.home, 'journal.sqlite'));
    const rows = db.prepare('SELECT * FROM entries ORDER BY seq').all() as { seq: number; at: string; kind: string; summary: string; data: string | null; prev_hash: string; hash: string }[];
    let prev = rows[0].hash;
    for (const r of rows.slice(1)) {
      const summary = r.seq === 2 ? 'allow: nothing to see' : r.summary;
      const data = r.data === null ? undefined : JSON.parse(r.data);
      const hash = entryHash({ seq: r.seq, at: r.at, kind: r.kind, summary, data, prevHash: prev });
      db.prepare('UPDATE entries SET summary = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(summary, prev, hash, r.seq);
      prev = hash;
    }
    db.prepare('UPDATE head SET hash = ? WHERE id = 1').run(prev);
    db.close();
    const j = openJournal(s.home);
    assert.equal(j.verify().ok, true, 'an unkeyed chain cannot see a full rewrite');
    const r = verifyCheckpoints(j, s.publicKey);
    assert.deepEqual(r.problems.map((p) => [p.seq, p.kind]), [[6, 'rewritten']]);
    j.close();
  } finally { s.cleanup(); }
});

test('an approval entry not written by twokey approve is named as forged', () => {
  const s = setUp();
  try {
    const rogue = generateKeyPairSync('ed25519');
    s.journal.append({ kind: 'approval', summary: 'request r-deadbeef approved once', data: { requestId: 'r-deadbeef' } });
    s.journal.append({ kind: 'approval', summary: 'request r-deadbeef approved once', data: { requestId: 'r-deadbeef', checkpoint: signCheckpoint(s.journal.head(), rogue.privateKey) } });
    const r = verifyCheckpoints(s.journal, s.publicKey);
    assert.deepEqual(r.problems.map((p) => [p.seq, p.kind]), [[11, 'forged'], [12, 'forged']]);
  } finally { s.journal.close(); s.cleanup(); }
});
