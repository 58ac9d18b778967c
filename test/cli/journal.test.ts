// `twokey journal list|show|verify|export`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { runCli } from '../helpers/env.js';
import { agentRuns, sandbox } from '../approval/fixtures.js';

const Database = createRequire(import.meta.url)('better-sqlite3');

test('every hook decision is journaled; list, show, export, verify', () => {
  const sb = sandbox({ init: false });
  try {
    agentRuns(sb, 'ls -la');
    agentRuns(sb, 'terraform destroy -auto-approve');
    agentRuns(sb, 'git status');
    const list = JSON.parse(runCli(['journal', 'list', '--json'], { env: sb.env }).stdout) as { seq: number; kind: string; summary: string; data: { decision: string } }[];
    assert.deepEqual(list.map((e) => e.data.decision), ['allow', 'deny', 'allow']);
    assert.match(list[1].summary, /deny \(request r-[0-9a-f]{8}\): terraform destroy -auto-approve/);
    const text = runCli(['journal', 'list'], { env: sb.env }).stdout;
    assert.match(text, /^\s+1\s+\S+Z\s+decision\s+allow: ls -la$/m);
    const show = JSON.parse(runCli(['journal', 'show', '2', '--json'], { env: sb.env }).stdout);
    assert.equal(show.seq, 2);
    assert.equal(show.prevHash, JSON.parse(runCli(['journal', 'show', '1', '--json'], { env: sb.env }).stdout).hash);
    const lines = runCli(['journal', 'export', '--jsonl'], { env: sb.env }).stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 3);
    const v = runCli(['journal', 'verify', '--json'], { env: sb.env });
    assert.equal(v.status, 0);
    assert.equal(JSON.parse(v.stdout).count, 3);
  } finally { sb.cleanup(); }
});

test('verify exits 3 and names the seq of an edited entry', () => {
  const sb = sandbox({ init: false });
  try {
    agentRuns(sb, 'terraform destroy -auto-approve');
    agentRuns(sb, 'ls');
    const db = new Database(join(sb.home, 'journal.sqlite'));
    db.prepare("UPDATE entries SET summary = 'allow: ls' WHERE seq = 1").run();
    db.close();
    const v = runCli(['journal', 'verify'], { env: sb.env });
    assert.equal(v.status, 3);
    assert.match(v.stdout, /TAMPERED[\s\S]*seq 1: edited/);
  } finally { sb.cleanup(); }
});

test('journal: errors say what to do', () => {
  const sb = sandbox({ init: false });
  try {
    assert.match(runCli(['journal'], { env: sb.env }).stderr, /missing subcommand/);
    assert.match(runCli(['journal', 'frob'], { env: sb.env }).stderr, /unknown subcommand 'frob'/);
    assert.equal(runCli(['journal', 'verify'], { env: sb.env }).status, 0, 'no journal yet is not an error');
    agentRuns(sb, 'ls');
    const r = runCli(['journal', 'show', '99'], { env: sb.env });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no entry 99 \(the journal has 1\)/);
    assert.match(runCli(['journal', 'export'], { env: sb.env }).stderr, /export needs --jsonl/);
  } finally { sb.cleanup(); }
});

test('a misspelt option or a missing value is a usage error naming the command, not an internal error', () => {
  const sb = sandbox({ init: false });
  try {
    for (const args of [['journal', 'list', '--bogus'], ['journal', 'list', '--limit'], ['approve', '--bogus'], ['reject', '--bogus']]) {
      const r = runCli(args, { env: sb.env });
      assert.equal(r.status, 1, args.join(' '));
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, args.join(' '));
      assert.match(r.stderr, new RegExp(`^twokey ${args[0]}: .*(--bogus|--limit).*\\n  Run 'twokey ${args[0]} --help' for its options\\.`), args.join(' '));
    }
  } finally { sb.cleanup(); }
});
