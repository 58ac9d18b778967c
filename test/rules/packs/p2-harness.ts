// Runs one rule pack over a command line the way the engine does, without the policy layer: the real shell
// analyzer turns the line into simple commands, each rule indexed for the command's name gets its
// inputFiles read from the case's files (relative to cwd), and the strictest hit wins. Used by the
// datastores, migrations, filesystem, git, kubernetes and containers pack tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Decision, PackCases, RuleCase, RuleContext, RulePack } from '../../../src/core/types.js';
import { DECISION_RANK } from '../../../src/core/types.js';
import { analyzeShell } from '../../../src/shell/index.js';

export interface PackVerdict {
  decision: Decision;
  rule: string | null;
  reason?: string;
  loses?: string;
  safer?: string;
  /** The database the deciding hit names (RuleHit.database). */
  database?: string;
}

export const TEST_HOME = '/home/agent';
export const BUILTIN_PROTECTED = ['**/*.tfstate', '**/*.tfstate.backup', '**/terraform.tfstate.d/**', '**/.git', '**/.twokey/**'];

function readRel(cwd: string, p: string): string | undefined {
  try {
    return readFileSync(isAbsolute(p) ? p : join(cwd, p), 'utf8');
  } catch {
    return undefined;
  }
}

/** Judge `command` in `cwd` with only `pack`'s rules. */
export function judge(pack: RulePack, command: string, opts: { cwd: string; env?: Record<string, string>; home?: string; protectedPaths?: string[] }): PackVerdict {
  const analysis = analyzeShell(command, { cwd: opts.cwd, env: opts.env ?? {}, readFile: (p) => readRel(opts.cwd, p) ?? null });
  let best: PackVerdict = { decision: 'allow', rule: null };
  for (const cmd of analysis.commands) {
    const files = new Map<string, string>();
    // where the command runs, as the engine takes it: after `cd DIR` / `env -C DIR` the analyzer's record
    const ctx: RuleContext = { cwd: cmd.cwd ? resolve(opts.cwd, cmd.cwd) : opts.cwd, ...(cmd.cwdUnknown ? { cwdUnknown: true } : {}), env: { ...(opts.env ?? {}), ...cmd.env }, files, protectedPaths: opts.protectedPaths ?? BUILTIN_PROTECTED, home: opts.home ?? TEST_HOME };
    for (const rule of pack.rules) {
      if (!rule.commands.includes(cmd.name) && !rule.commands.includes('*')) continue;
      if (rule.inputFiles) for (const f of rule.inputFiles(cmd)) { const t = readRel(opts.cwd, f); if (t !== undefined) files.set(f, t); }
      const hit = rule.match(cmd, ctx);
      if (!hit) continue;
      const level = hit.level ?? rule.level;
      if (DECISION_RANK[level] > DECISION_RANK[best.decision]) best = { decision: level, rule: rule.id, reason: hit.reason, loses: hit.loses, safer: hit.safer, ...(hit.database ? { database: hit.database } : {}) };
    }
  }
  return best;
}

/** A temp working directory holding the case's files. */
export function caseDir(c: RuleCase): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'twokey-p2-case-'));
  for (const [rel, text] of Object.entries(c.files ?? {})) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Run every case of a pack; returns a list of failures (empty when all pass). */
export function runCases(pack: RulePack, cases: PackCases): string[] {
  const failures: string[] = [];
  const levelOf = (id: string) => pack.rules.find((r) => r.id === id)?.level;
  for (const c of cases.blocked) {
    const { dir, cleanup } = caseDir(c);
    try {
      const v = judge(pack, c.command, { cwd: c.cwd ?? dir, env: c.env });
      const want = c.level ?? (c.rule ? levelOf(c.rule) : undefined);
      if (v.decision === 'allow') failures.push(`blocked case allowed: ${c.command}`);
      else if (c.rule && v.rule !== c.rule) failures.push(`blocked case ${c.command}: rule ${v.rule}, expected ${c.rule}`);
      else if (want && v.decision !== want) failures.push(`blocked case ${c.command}: ${v.decision}, expected ${want}`);
      else if (!v.reason || !v.loses || !v.safer) failures.push(`blocked case ${c.command}: hit lacks reason/loses/safer`);
    } finally { cleanup(); }
  }
  for (const c of cases.allowed) {
    const { dir, cleanup } = caseDir(c);
    try {
      const v = judge(pack, c.command, { cwd: c.cwd ?? dir, env: c.env });
      if (v.decision !== 'allow') failures.push(`allowed case blocked (${v.decision} by ${v.rule}): ${c.command}`);
    } finally { cleanup(); }
  }
  return failures;
}

/** Rules of the pack with no blocked case, or no allowed near-miss naming them in `note`. */
export function uncoveredRules(pack: RulePack, cases: PackCases): string[] {
  const blocked = new Set(cases.blocked.map((c) => c.rule));
  const nearMiss = new Set(cases.allowed.map((c) => c.rule ?? c.note?.match(/near-miss of ([\w.-]+)/)?.[1]));
  return pack.rules.filter((r) => !blocked.has(r.id) || !nearMiss.has(r.id)).map((r) => r.id);
}

/**
 * The four checks every pack test starts with: its cases through the pack, a blocked and an allowed case per
 * rule, namespaced unique rule ids, and blocked cases staying blocked behind the common wrappers.
 */
export function packSuite(pack: RulePack, cases: PackCases): void {
  const id = pack.id;
  test(`${id}: every blocked case is blocked by its rule at its level, every allowed case is allowed`, () => {
    assert.deepEqual(runCases(pack, cases), []);
  });

  test(`${id}: every rule has a blocked case and an allowed near-miss`, () => {
    assert.deepEqual(uncoveredRules(pack, cases), []);
  });

  test(`${id}: rule ids are namespaced by the pack and unique`, () => {
    const ids = pack.rules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const ruleId of ids) assert.match(ruleId, new RegExp(`^${id}\\.[a-z0-9-]+$`));
  });

  test(`${id}: blocked cases stay blocked behind wrappers (sudo, bash -c, env, timeout, subshell)`, () => {
    const wrap = [
      (c: string) => `sudo ${c}`,
      (c: string) => `bash -c '${c.replace(/'/g, "'\\''")}'`,
      (c: string) => `env X=1 ${c}`,
      (c: string) => `timeout 5 ${c}`,
      (c: string) => `( ${c} )`,
    ];
    const failures: string[] = [];
    for (const c of cases.blocked.filter((x) => !x.files && !x.command.includes('\n') && !x.command.includes('<<') && !/^[A-Z_]+=/.test(x.command))) {
      for (const w of wrap) {
        const cmd = w(c.command);
        const v = judge(pack, cmd, { cwd: '/work/project', env: c.env });
        if (v.decision === 'allow') failures.push(cmd);
      }
    }
    assert.deepEqual(failures, []);
  });
}
