import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { openJournal, entryHash, GENESIS_HASH } from '../../src/journal/journal.js';
import { tempDir, REPO_ROOT } from '../helpers/env.js';

const WRITER = join(REPO_ROOT, 'test', 'journal', 'writer.fixture.ts');
const Database = createRequire(import.meta.url)('better-sqlite3');

function fill(home: string, n: number) {
  const j = openJournal(home);
  for (let i = 1; i <= n; i++) j.append({ kind: i % 2 ? 'decision' : 'request', summary: `entry ${i}`, data: { i } });
  return j;
}

function raw(home: string) {
  return new Database(join(home, 'journal.sqlite'));
}

test('append chains each entry to the previous one', () => {
  const { dir, cleanup } = tempDir();
  try {
    const j = fill(dir, 5);
    const all = [...j.iterate()];
    assert.deepEqual(all.map((e) => e.seq), [1, 2, 3, 4, 5]);
    assert.equal(all[0].prevHash, GENESIS_HASH);
    for (let i = 1; i < all.length; i++) assert.equal(all[i].prevHash, all[i - 1].hash);
    for (const e of all) assert.equal(entryHash(e), e.hash);
    assert.deepEqual(j.list({ limit: 2 }).map((e) => e.seq), [4, 5]);
    assert.deepEqual(j.list({ sinceSeq: 1, limit: 2 }).map((e) => e.seq), [2, 3]);
    assert.deepEqual(j.list({ kind: 'request' }).map((e) => e.seq), [2, 4]);
    assert.deepEqual(j.get(3)?.data, { i: 3 });
    assert.equal(j.verify().ok, true);
    j.close();
  } finally { cleanup(); }
});

test('appendOnce records a nonce once: the second use appends nothing', () => {
  const { dir, cleanup } = tempDir();
  try {
    const j = openJournal(dir);
    assert.ok(j.appendOnce('n1', { kind: 'approval-consumed', summary: 'first' }));
    assert.equal(j.appendOnce('n1', { kind: 'approval-consumed', summary: 'again' }), null);
    assert.equal(j.count(), 1);
    assert.equal(j.nonceUsed('n1'), true);
    assert.equal(j.nonceUsed('n2'), false);
    j.close();
  } finally { cleanup(); }
});

test('verify names the seq of an edited entry', () => {
  const { dir, cleanup } = tempDir();
  try {
    fill(dir, 10).close();
    const db = raw(dir);
    db.prepare("UPDATE entries SET summary = 'nothing happened' WHERE seq = 6").run();
    db.close();
    const r = openJournal(dir).verify();
    assert.equal(r.ok, false);
    assert.deepEqual(r.problems.map((p) => [p.seq, p.kind]), [[6, 'edited']]);
  } finally { cleanup(); }
});

test('verify names a deleted entry', () => {
  const { dir, cleanup } = tempDir();
  try {
    fill(dir, 10).close();
    const db = raw(dir);
    db.prepare('DELETE FROM entries WHERE seq = 4').run();
    db.close();
    const r = openJournal(dir).verify();
    assert.equal(r.ok, false);
    assert.equal(r.problems[0].seq, 4);
    assert.equal(r.problems[0].kind, 'deleted');
  } finally { cleanup(); }
});

test('verify names an entry deleted with the rest renumbered', () => {
  const { dir, cleanup } = tempDir();
  try {
    fill(dir, 10).close();
    const db = raw(dir);
    db.prepare('DELETE FROM entries WHERE seq = 4').run();
    for (let s = 5; s <= 10; s++) db.prepare('UPDATE entries SET seq = ? WHERE seq = ?').run(s - 1, s);
    db.close();
    const r = openJournal(dir).verify();
    assert.equal(r.ok, false);
    assert.equal(r.problems[0].kind, 'deleted');
    assert.equal(r.problems[0].seq, 4);
  } finally { cleanup(); }
});

test('verify names an inserted entry, even one with a correctly computed hash', () => {
  const { dir, cleanup } = tempDir();
  try {
    fill(dir, 10).close();
    const db = raw(dir);
    for (let s = 10; s >= 5; s--) db.prepare('UPDATE entries SET seq = ? WHERE seq = ?').run(s + 1, s);
    const prev = db.prepare('SELECT hash FROM entries WHERE seq = 4').get() as { hash: string };
    const fake = { seq: 5, at: new Date().toISOString(), kind: 'approval', summary: 'forged approval', data: { forged: true }, prevHash: prev.hash };
    db.prepare('INSERT INTO entries (seq, at, kind, summary, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(5, fake.at, fake.kind, fake.summary, JSON.stringify(fake.data), fake.prevHash, entryHash(fake));
    db.close();
    const r = openJournal(dir).verify();
    assert.equal(r.ok, false);
    assert.equal(r.problems[0].kind, 'inserted');
    assert.equal(r.problems[0].seq, 5);
  } finally { cleanup(); }
});

test('verify notices entries removed from the end, or appended without twokey', () => {
  const { dir, cleanup } = tempDir();
  try {
    fill(dir, 10).close();
    let db = raw(dir);
    db.prepare('DELETE FROM entries WHERE seq >= 9').run();
    db.close();
    let r = openJournal(dir).verify();
    assert.equal(r.ok, false);
    assert.deepEqual(r.problems.map((p) => [p.seq, p.kind]), [[9, 'deleted']]);
    assert.match(r.problems[0].message, /entries 9\.\.10, the last ones written, are missing/);
    // Put a well-formed entry 9 back by hand: the chain links, but twokey did not write it.
    db = raw(dir);
    const prev = db.prepare('SELECT hash FROM entries WHERE seq = 8').get() as { hash: string };
    const e = { seq: 9, at: new Date().toISOString(), kind: 'decision', summary: 'allow: ls', prevHash: prev.hash };
    db.prepare('INSERT INTO entries (seq, at, kind, summary, data, prev_hash, hash) VALUES (?, ?, ?, ?, NULL, ?, ?)').run(9, e.at, e.kind, e.summary, e.prevHash, entryHash(e));
    db.prepare('DELETE FROM head').run();
    db.prepare('INSERT INTO head (id, seq, hash) VALUES (1, 8, ?)').run(prev.hash);
    db.close();
    r = openJournal(dir).verify();
    assert.equal(r.ok, false);
    assert.deepEqual(r.problems.map((p) => [p.seq, p.kind]), [[9, 'inserted']]);
  } finally { cleanup(); }
});

test('verify names reordered entries', () => {
  const { dir, cleanup } = tempDir();
  try {
    fill(dir, 10).close();
    const db = raw(dir);
    db.prepare('UPDATE entries SET seq = -1 WHERE seq = 3').run();
    db.prepare('UPDATE entries SET seq = 3 WHERE seq = 7').run();
    db.prepare('UPDATE entries SET seq = 7 WHERE seq = -1').run();
    db.close();
    const r = openJournal(dir).verify();
    assert.equal(r.ok, false);
    assert.equal(r.problems[0].kind, 'reordered');
    assert.equal(r.problems[0].seq, 3);
  } finally { cleanup(); }
});

function runWriter(home: string, count: number, tag: string): Promise<{ code: number | null; seqs: number[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, home, String(count), tag], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, seqs: out.split('\n').filter(Boolean).map(Number) }));
  });
}

test('8 processes x 500 parallel appends: nothing lost, the chain verifies', { timeout: 180_000 }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => runWriter(dir, 500, `w${i}`)));
    for (const r of results) { assert.equal(r.code, 0); assert.equal(r.seqs.length, 500); }
    const j = openJournal(dir);
    const report = j.verify();
    assert.equal(report.ok, true, JSON.stringify(report.problems.slice(0, 5)));
    assert.equal(report.count, 4000);
    assert.equal(report.lastSeq, 4000);
    const allSeqs = results.flatMap((r) => r.seqs).sort((a, b) => a - b);
    assert.deepEqual(allSeqs, Array.from({ length: 4000 }, (_, i) => i + 1));
    const perWriter = new Map<string, number>();
    for (const e of j.iterate()) {
      const tag = (e.data as { tag: string }).tag;
      perWriter.set(tag, (perWriter.get(tag) ?? 0) + 1);
    }
    assert.deepEqual([...perWriter.values()], Array(8).fill(500));
    j.close();
  } finally { cleanup(); }
});

test('a writer killed with SIGKILL mid-stream leaves a journal that verifies and holds every acknowledged entry', { timeout: 120_000 }, async () => {
  const { dir, cleanup } = tempDir();
  try {
    const acknowledged: number[] = [];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, '-1', 'victim'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      let buf = '';
      child.stdout.on('data', (c) => {
        buf += c;
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        for (const l of lines) if (l) acknowledged.push(Number(l));
        if (acknowledged.length >= 300) child.kill('SIGKILL');
      });
      child.on('error', reject);
      child.on('close', (_code, signal) => { assert.equal(signal, 'SIGKILL'); resolve(); });
    });
    assert.ok(acknowledged.length >= 300);
    const j = openJournal(dir);
    const report = j.verify();
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    const present = new Set([...j.iterate()].map((e) => e.seq));
    for (const seq of acknowledged) assert.ok(present.has(seq), `acknowledged entry ${seq} is missing`);
    // It is still writable and the chain continues.
    const next = j.append({ kind: 'decision', summary: 'after the crash' });
    assert.equal(next.seq, report.count + 1);
    assert.equal(j.verify().ok, true);
    j.close();
  } finally { cleanup(); }
});
