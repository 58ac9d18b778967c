// Runs a pack's RuleCase through the full engine path (analyzer, every pack's rules, built-in policy),
// in a temporary cwd holding the case's files. Shared by packs.test.ts and wrappers.property.test.ts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import type { CommandDecision, PackCases, RuleCase, RulePack } from '../../src/core/types.js';
import { ALL_PACKS } from '../../src/rules/registry.js';
import { evaluateCommand, explainCommand, type EvaluationTrace } from '../../src/engine/evaluate.js';
import { defaultPolicy } from '../../src/policy/load.js';

export const CASE_HOME = '/home/agent';


/** `<pack>.cases.ts` of every pack, by pack id. */
export async function loadAllCases(): Promise<Map<string, PackCases>> {
  const out = new Map<string, PackCases>();
  for (const pack of ALL_PACKS) {
    const mod = (await import(`../../src/rules/packs/${pack.id}.cases.js`)) as { cases?: PackCases };
    if (mod.cases) out.set(pack.id, mod.cases);
  }
  return out;
}

export interface CaseWorld {
  cwd: string;
  env: Record<string, string>;
  cleanup: () => void;
}

/**
 * A cwd for the case: a fresh temporary directory (as the packs' own harnesses use), its files written
 * relative to it (and, for `cd x && …` wrappers, also under x/). An absolute case cwd without files is used as
 * is and nothing is created there.
 */
export function caseWorld(c: RuleCase, alsoUnder: string[] = []): CaseWorld {
  const env: Record<string, string> = { HOME: CASE_HOME, PATH: '/usr/local/bin:/usr/bin:/bin', ...(c.env ?? {}) };
  // an absolute case cwd is a place the case talks about (/etc, /srv): judged as is, never created (the
  // analyzer follows a literal `cd x` without looking at the disk, so x/ need not exist there either)
  if (c.cwd && isAbsolute(c.cwd) && !c.files) return { cwd: c.cwd, env, cleanup: () => {} };
  const root = mkdtempSync(join(tmpdir(), 'twokey-case-'));
  const cwd = c.cwd ? (isAbsolute(c.cwd) ? c.cwd : join(root, c.cwd)) : root;
  mkdirSync(cwd, { recursive: true });
  for (const base of [cwd, ...alsoUnder.map((d) => join(cwd, d))]) {
    mkdirSync(base, { recursive: true });
    for (const [rel, text] of Object.entries(c.files ?? {})) {
      const path = isAbsolute(rel) ? rel : join(base, rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  }
  return { cwd, env, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function judgeCase(command: string, world: CaseWorld): CommandDecision {
  return evaluateCommand({ command, cwd: world.cwd, env: world.env }, { policy: defaultPolicy() });
}

export function traceCase(command: string, world: CaseWorld): EvaluationTrace {
  return explainCommand({ command, cwd: world.cwd, env: world.env }, { policy: defaultPolicy() });
}

export function ruleOf(id: string): { pack: RulePack; level: 'ask' | 'deny' } | null {
  for (const pack of ALL_PACKS) {
    const r = pack.rules.find((x) => x.id === id);
    if (r) return { pack, level: r.level };
  }
  return null;
}

export function describeDecision(d: CommandDecision): string {
  return `${d.decision} ${d.rule ?? ''} [${d.findings.map((f) => `${f.rule}:${f.level}`).join(', ')}]`;
}
