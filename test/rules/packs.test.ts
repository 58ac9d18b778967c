// The RuleTester: every pack's own cases (src/rules/packs/<pack>.cases.ts) through the full engine path.
// A blocked case must be blocked by the rule it names, at the level it expects (default: the rule's own);
// an allowed case must be allowed with every pack loaded. Plus structural checks on the packs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DECISION_RANK } from '../../src/core/types.js';
import { ALL_PACKS } from '../../src/rules/registry.js';
import { caseWorld, describeDecision, judgeCase, loadAllCases, ruleOf, traceCase } from './case-runner.js';

const allCases = await loadAllCases();

test('every rule id is unique and prefixed by its pack id; every pack has a cases file', () => {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const pack of ALL_PACKS) {
    if (!allCases.has(pack.id)) problems.push(`pack ${pack.id}: no cases export in ${pack.id}.cases.ts`);
    else if (allCases.get(pack.id)!.pack !== pack.id) problems.push(`pack ${pack.id}: its cases file says pack '${allCases.get(pack.id)!.pack}'`);
    for (const rule of pack.rules) {
      if (!rule.id.startsWith(`${pack.id}.`)) problems.push(`${rule.id}: not prefixed by '${pack.id}.'`);
      if (seen.has(rule.id)) problems.push(`${rule.id}: defined in ${seen.get(rule.id)} and ${pack.id}`);
      seen.set(rule.id, pack.id);
      if (rule.commands.length === 0) problems.push(`${rule.id}: looks at no command`);
      if (!rule.summary) problems.push(`${rule.id}: no summary`);
    }
  }
  assert.deepEqual(problems, []);
});

for (const pack of ALL_PACKS) {
  test(`pack ${pack.id}: blocked cases are blocked by the named rule at the expected level`, () => {
    const cases = allCases.get(pack.id);
    if (!cases) return;
    const failures: string[] = [];
    for (const c of cases.blocked) {
      const world = caseWorld(c);
      try {
        const d = judgeCase(c.command, world);
        if (!c.rule) { failures.push(`${c.command}: the case names no rule`); continue; }
        const rule = ruleOf(c.rule);
        if (!rule) { failures.push(`${c.command}: names unknown rule ${c.rule}`); continue; }
        const level = c.level ?? rule.level;
        const f = d.findings.find((x) => x.rule === c.rule);
        if (!f) failures.push(`${c.command}: expected ${c.rule} (${level}), got ${describeDecision(d)}`);
        else if (f.level !== level) failures.push(`${c.command}: ${c.rule} fired at ${f.level}, expected ${level}`);
        else if (DECISION_RANK[d.decision] < DECISION_RANK[level]) failures.push(`${c.command}: decision ${d.decision} below ${level}`);
        else if (!f.reason) failures.push(`${c.command}: ${c.rule} gave no reason`);
      } finally {
        world.cleanup();
      }
    }
    assert.deepEqual(failures, [], `${failures.length} of ${cases.blocked.length} blocked cases fail:\n${failures.join('\n')}`);
  });

  test(`pack ${pack.id}: allowed cases are allowed with every pack loaded`, () => {
    const cases = allCases.get(pack.id);
    if (!cases) return;
    const failures: string[] = [];
    for (const c of cases.allowed) {
      const world = caseWorld(c);
      try {
        const d = judgeCase(c.command, world);
        if (d.decision !== 'allow') failures.push(`${c.command}: ${describeDecision(d)} (${d.reason})`);
      } finally {
        world.cleanup();
      }
    }
    assert.deepEqual(failures, [], `${failures.length} of ${cases.allowed.length} allowed cases fail:\n${failures.join('\n')}`);
  });
}

test('every rule has at least one blocked case naming it and one allowed case it looked at and let pass', () => {
  const blocked = new Set<string>();
  const passed = new Set<string>();
  for (const cases of allCases.values()) {
    for (const c of cases.blocked) if (c.rule) blocked.add(c.rule);
    for (const c of cases.allowed) {
      if (c.rule) passed.add(c.rule);
      const world = caseWorld(c);
      try {
        for (const cmd of traceCase(c.command, world).commands) for (const r of cmd.rules) if (r.outcome === 'no-match') passed.add(r.rule);
      } finally {
        world.cleanup();
      }
    }
  }
  const missing: string[] = [];
  for (const pack of ALL_PACKS) {
    for (const rule of pack.rules) {
      const lacks = [!blocked.has(rule.id) && 'blocked', !passed.has(rule.id) && 'allowed'].filter(Boolean);
      if (lacks.length) missing.push(`${rule.id}: no ${lacks.join(' and no ')} case`);
    }
  }
  assert.deepEqual(missing, [], `${missing.length} rules lack cases:\n${missing.join('\n')}`);
});
