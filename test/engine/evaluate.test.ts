import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandRule, RulePack } from '../../src/core/types.js';
import { flagValue } from '../../src/rules/argv.js';
import { buildRuleIndex } from '../../src/engine/catalog.js';
import { evaluateCommand, explainCommand, type EvaluateOptions } from '../../src/engine/evaluate.js';
import { defaultPolicy, overlayPolicy } from '../../src/policy/load.js';
import type { EffectivePolicy } from '../../src/policy/types.js';
import { haveTool } from '../helpers/env.js';
import { tempDir } from '../helpers/env.js';

// A pack of made-up commands, so these tests pin the engine and not the real packs.
const rules: CommandRule[] = [
  {
    id: 'fake.boom', level: 'deny', summary: 'boom destroys', commands: ['boom'],
    match: () => ({ reason: 'boom destroys everything', loses: 'the world', safer: 'boom --dry-run' }),
  },
  {
    id: 'fake.maybe', level: 'ask', summary: 'maybe risky', commands: ['maybe'],
    match: (cmd) => (cmd.argv.includes('--safe') ? null : { reason: 'maybe is risky' }),
  },
  {
    id: 'fake.throws', level: 'ask', summary: 'a broken rule', commands: ['crash'],
    match: () => { throw new Error('rule bug 42'); },
  },
  {
    id: 'fake.sql-file', level: 'ask', summary: 'SQL files that drop', commands: ['psqlx'],
    inputFiles: (cmd) => { const f = flagValue(cmd, '-f'); return f ? [f] : []; },
    match: (cmd, ctx) => {
      const f = flagValue(cmd, '-f');
      const text = f ? ctx.files.get(f) : undefined;
      if (f && text === undefined) return { reason: `cannot read ${f}` };
      return text && /drop/i.test(text) ? { reason: 'the file drops a table', level: 'deny' } : null;
    },
  },
  {
    id: 'fake.env', level: 'ask', summary: 'env-dependent', commands: ['envcheck'],
    match: (_cmd, ctx) => (ctx.env.DANGER === '1' ? { reason: `DANGER is set (cwd ${ctx.cwd})` } : null),
  },
  {
    id: 'fake.any-nuke', level: 'deny', summary: 'any --nuke', commands: ['*'],
    match: (cmd) => (cmd.argv.includes('--nuke') ? { reason: 'nuke flag' } : null),
  },
];
const pack: RulePack = { id: 'fake', description: 'made-up commands', rules };
const index = buildRuleIndex([pack]);

function opts(policy: EffectivePolicy = defaultPolicy()): EvaluateOptions {
  return { index, policy };
}
const judge = (command: string, o: EvaluateOptions = opts(), cwd = '/tmp', env: Record<string, string> = {}) => evaluateCommand({ command, cwd, env }, o);

test('nothing matches: allow, with no rule and a reason', () => {
  const d = judge('echo hi | grep h');
  assert.equal(d.decision, 'allow');
  assert.equal(d.rule, null);
  assert.match(d.reason, /no rule matched \(2 commands checked\)/);
  assert.deepEqual(d.findings, []);
});

test('strictest finding wins and explains the decision', () => {
  const d = judge('maybe; boom && echo done');
  assert.equal(d.decision, 'deny');
  assert.equal(d.rule, 'fake.boom');
  assert.equal(d.reason, 'boom destroys everything');
  assert.equal(d.loses, 'the world');
  assert.equal(d.safer, 'boom --dry-run');
  assert.deepEqual(d.findings.map((f) => [f.rule, f.level]), [['fake.maybe', 'ask'], ['fake.boom', 'deny']]);
});

test('rules see commands inside wrappers, and findings say how they were reached', () => {
  const d = judge(`sudo bash -c 'maybe'`);
  assert.equal(d.decision, 'ask');
  assert.equal(d.rule, 'fake.maybe');
  assert.ok((d.findings[0].via ?? []).length >= 1, JSON.stringify(d.findings[0]));
  assert.equal(judge('maybe --safe').decision, 'allow');
});

test("'*' rules look at every command", () => {
  assert.equal(judge('anything --nuke').rule, 'fake.any-nuke');
  assert.equal(judge('maybe --nuke').decision, 'deny');
});

test('a rule that throws fails closed: deny, naming the rule and the error; unless the policy turned it off', () => {
  const d = judge('crash now');
  assert.equal(d.decision, 'deny');
  assert.equal(d.rule, 'fake.throws');
  assert.match(d.reason, /failed on this command \(rule bug 42\); failing closed/);
  const off = overlayPolicy(defaultPolicy(), { version: 1, rules: { 'fake.throws': 'off' } }, '/p');
  assert.equal(judge('crash now', opts(off)).decision, 'allow');
  assert.equal(judge('crash now', opts({ ...off, broken: true })).decision, 'deny');
});

test('files a rule asks for are read relative to cwd and handed over', (t) => {
  const { dir, cleanup } = tempDir();
  t.after(cleanup);
  writeFileSync(join(dir, 'drop.sql'), 'DROP TABLE users;');
  writeFileSync(join(dir, 'ok.sql'), 'SELECT 1;');
  assert.equal(judge('psqlx -f drop.sql', opts(), dir).decision, 'deny');
  assert.equal(judge(`psqlx -f ${join(dir, 'drop.sql')}`, opts(), '/').decision, 'deny');
  assert.equal(judge('psqlx -f ok.sql', opts(), dir).decision, 'allow');
  assert.match(judge('psqlx -f missing.sql', opts(), dir).reason, /cannot read missing\.sql/);
});

test('an unclosed quote that bash also rejects runs nothing: allowed, unless the text with the quote closed is not', { skip: !haveTool('bash', 'the unclosed-quote check') }, () => {
  const prose = judge(`echo 'unterminated`);
  assert.equal(prose.decision, 'allow');
  assert.match(prose.notices?.join(' ') ?? '', /bash rejects this command/);
  // what bash would run before the broken part, or what the text means once closed, is still judged
  assert.equal(judge(`envcheck ; echo 'x`, opts(), '/tmp', { DANGER: '1' }).decision, 'ask');
  assert.equal(judge(`DANGER=1 envcheck 'x`).rule, 'shell.parse-error');
});

test('a redirection operator left dangling at the end runs nothing: allowed, unless the text without it is not', { skip: !haveTool('bash', 'the dangling-redirection check') }, () => {
  for (const command of ['cat <<<', 'cat <<', 'cat < <', 'ls >']) {
    const d = judge(command);
    assert.equal(d.decision, 'allow', command);
    assert.match(d.notices?.join(' ') ?? '', /at the end has no word after it/, command);
  }
  assert.equal(judge('DANGER=1 envcheck <<<').rule, 'shell.parse-error');
  // a dangling operator in the middle is not a slip this mends
  assert.equal(judge('cat < ; echo ok').rule, 'shell.parse-error');
});

test("the rule context's env merges the inherited env with the command's own assignments", () => {
  assert.equal(judge('envcheck').decision, 'allow');
  assert.equal(judge('DANGER=1 envcheck').decision, 'ask');
  assert.equal(judge('envcheck', opts(), '/tmp', { DANGER: '1' }).decision, 'ask');
  assert.equal(judge('DANGER=0 envcheck', opts(), '/tmp', { DANGER: '1' }).decision, 'allow');
});

test('analysis issues become shell.<kind> findings, never an allow', () => {
  const parse = judge(`echo ok; if true; then echo 'x'`);
  assert.equal(parse.decision, 'ask');
  assert.equal(parse.rule, 'shell.parse-error');
  assert.ok(parse.safer);
  const dyn = judge('$CMD --force');
  assert.notEqual(dyn.decision, 'allow');
  assert.match(dyn.rule ?? '', /^shell\./);
});

test('the policy: off, deny patterns, allow patterns, notices', () => {
  const p = (file: Parameters<typeof overlayPolicy>[1]) => overlayPolicy(defaultPolicy(), file, '/x/policy.yaml');
  assert.equal(judge('maybe', opts(p({ version: 1, rules: { 'fake.maybe': 'off' } }))).decision, 'allow');
  assert.equal(judge('maybe', opts(p({ version: 1, allow: ['maybe *'] }))).decision, 'allow');
  assert.equal(judge('boom', opts(p({ version: 1, allow: ['boom *'] }))).decision, 'deny');
  const denied = judge('cd /tmp && ls -la', opts(p({ version: 1, deny: ['ls *'] })));
  assert.equal(denied.decision, 'deny');
  assert.equal(denied.rule, 'policy.deny');
  assert.match(denied.reason, /pattern "ls \*" in \/x\/policy\.yaml/);
  const noted = judge('echo ok', opts({ ...defaultPolicy(), notices: ['policy unsigned'] }));
  assert.deepEqual(noted.notices, ['policy unsigned']);
});

test('explainCommand traces parse, unwrap, rules tried and fired, and agrees with evaluateCommand', () => {
  const t = explainCommand({ command: `sudo bash -c 'maybe --x' ; echo hi`, cwd: '/tmp', env: {} }, opts());
  assert.deepEqual(t.decision, judge(`sudo bash -c 'maybe --x' ; echo hi`));
  const maybe = t.commands.find((c) => c.name === 'maybe');
  assert.ok(maybe, JSON.stringify(t.commands));
  assert.deepEqual(maybe.argv, ['maybe', '--x']);
  assert.ok(maybe.via.length >= 1);
  assert.deepEqual(maybe.rules.map((r) => [r.rule, r.outcome]), [['fake.maybe', 'fired'], ['fake.any-nuke', 'no-match']]);
  const echo = t.commands.find((c) => c.name === 'echo');
  assert.deepEqual(echo?.rules.map((r) => r.rule), ['fake.any-nuke']);
  const off = explainCommand({ command: 'maybe', cwd: '/tmp', env: {} }, opts(overlayPolicy(defaultPolicy(), { version: 1, rules: { 'fake.maybe': 'off' } }, '/p')));
  assert.equal(off.commands[0].rules[0].outcome, 'off');
  assert.match(off.commands[0].rules[0].policy ?? '', /turned off/);
  const cleared = explainCommand({ command: 'maybe', cwd: '/tmp', env: {} }, opts(overlayPolicy(defaultPolicy(), { version: 1, allow: ['maybe'] }, '/p')));
  assert.equal(cleared.commands[0].rules[0].outcome, 'dropped');
  assert.match(cleared.commands[0].rules[0].policy ?? '', /allow pattern "maybe"/);
});

test('an engine failure is a deny, never an exception or an allow', () => {
  const broken = { ...defaultPolicy(), allow: null as unknown as EffectivePolicy['allow'] }; // corrupt on purpose
  const d = evaluateCommand({ command: 'maybe', cwd: '/tmp', env: {} }, { index, policy: broken });
  assert.equal(d.decision, 'deny');
  assert.equal(d.rule, 'engine.internal-error');
  assert.match(d.reason, /failing closed/);
  const t = explainCommand({ command: 'maybe', cwd: '/tmp', env: {} }, { index, policy: broken });
  assert.equal(t.decision.decision, 'deny');
});

test('rules are found for names in another case or with a Windows suffix (case-insensitive file systems)', () => {
  assert.equal(judge('BOOM').rule, 'fake.boom');
  assert.equal(judge('/usr/local/bin/Boom.exe now').rule, 'fake.boom');
  const t = explainCommand({ command: 'MAYBE', cwd: '/tmp', env: {} }, opts());
  assert.deepEqual(t.commands[0].argv, ['MAYBE']);
  assert.equal(t.commands[0].name, 'maybe');
});
