import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandDecision, RulePack } from '../../src/core/types.js';
import { withRestoreProofs, NO_RECENT_RESTORE_RULE } from '../../src/drill/gate.js';
import { restoreProofs } from '../../src/drill/proof.js';
import { evaluateCommand } from '../../src/engine/evaluate.js';
import { buildRuleIndex } from '../../src/engine/catalog.js';
import { defaultPolicy } from '../../src/policy/load.js';
import { openJournal } from '../../src/journal/journal.js';
import { tempDir } from '../helpers/env.js';

const day = 86_400_000;
function drill(target: string, ok: boolean, daysAgo: number) {
  return { kind: 'drill', data: { engine: 'postgres', target, ok, at: new Date(Date.now() - daysAgo * day).toISOString(), tables: 3, rows: 10, backupBytes: 1, durationMs: 1, failures: ok ? [] : ['x'] } };
}

const askDropShop: CommandDecision = {
  decision: 'ask', rule: 'datastores.drop', reason: 'drops database shop', loses: 'every table of shop',
  findings: [{ rule: 'datastores.drop', level: 'ask', reason: 'drops database shop', database: 'shop' }],
};

test('no verified restore in the window: a finding, escalating an ask only when the policy says deny', () => {
  const proofs = restoreProofs([drill('postgres://db:5432/shop', true, 12)]);
  const asked = withRestoreProofs(askDropShop, { maxAgeDays: 7, loadProofs: () => proofs });
  assert.equal(asked.decision, 'ask');
  const f = asked.findings.find((x) => x.rule === NO_RECENT_RESTORE_RULE)!;
  assert.match(f.reason, /no verified restore of database shop in the last 7 days \(its last verified restore was 12 days ago\)/);
  assert.match(asked.loses ?? '', /Also: there is no verified restore of database shop/);
  const denied = withRestoreProofs(askDropShop, { maxAgeDays: 7, setting: 'deny', loadProofs: () => proofs });
  assert.equal(denied.decision, 'deny');
  assert.equal(denied.rule, NO_RECENT_RESTORE_RULE);
  assert.equal(withRestoreProofs(askDropShop, { maxAgeDays: 7, setting: 'off', loadProofs: () => proofs }), askDropShop);
});

test('a fresh verified restore adds nothing; a failed recent drill does not count as proof', () => {
  const fresh = restoreProofs([drill('postgres://db:5432/shop', true, 2)]);
  assert.equal(withRestoreProofs(askDropShop, { maxAgeDays: 7, loadProofs: () => fresh }), askDropShop);
  const failedOnly = restoreProofs([drill('postgres://db:5432/shop', false, 0)]);
  const r = withRestoreProofs(askDropShop, { maxAgeDays: 7, loadProofs: () => failedOnly });
  assert.match(r.findings.at(-1)!.reason, /no drill of it ever verified/);
});

test('proofs are only loaded when a finding names a database', () => {
  let loads = 0;
  const plain: CommandDecision = { decision: 'deny', rule: 'git.reset-hard', reason: 'x', findings: [{ rule: 'git.reset-hard', level: 'deny', reason: 'x' }] };
  withRestoreProofs(plain, { maxAgeDays: 7, loadProofs: () => { loads++; return []; } });
  assert.equal(loads, 0);
});

test('through the engine: a rule that names a database gets the drill finding from the journal', () => {
  const home = tempDir('twokey-home-');
  try {
    const pack: RulePack = {
      id: 'testdb', description: 'test', rules: [{
        id: 'testdb.drop', level: 'ask', summary: 'drop', commands: ['dropdb'],
        match: (cmd) => ({ reason: `dropdb drops ${cmd.argv.at(-1)}`, database: cmd.argv.at(-1) }),
      }],
    };
    const index = buildRuleIndex([pack]);
    const policy = defaultPolicy();
    const never = evaluateCommand({ command: 'dropdb shop', cwd: home.dir }, { home: home.dir, index, policy });
    assert.ok(never.findings.some((f) => f.rule === NO_RECENT_RESTORE_RULE && /never restore-drilled/.test(f.reason)), JSON.stringify(never.findings));
    const j = openJournal(home.dir);
    j.append({ kind: 'drill', summary: 'VERIFIED', data: drill('postgres://db:5432/shop', true, 1).data });
    j.close();
    const proven = evaluateCommand({ command: 'dropdb shop', cwd: home.dir }, { home: home.dir, index, policy });
    assert.ok(!proven.findings.some((f) => f.rule === NO_RECENT_RESTORE_RULE));
    assert.equal(proven.decision, 'ask');
  } finally {
    home.cleanup();
  }
});
