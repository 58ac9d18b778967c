// Property: a blocked command stays blocked inside the wrappers an agent might put around it (issue 2,
// section 7): bash -c '…', sudo, env X=1, timeout 5, ( … ), cd x && …, nested in any order.
// At least ask, and a deny stays a deny. Plus the issue's acceptance commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DECISION_RANK, type RuleCase } from '../../src/core/types.js';
import { caseWorld, describeDecision, judgeCase, loadAllCases, ruleOf } from './case-runner.js';

const SUBDIR = 'x';
const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** References to the positional parameters ($1, $@…): inside `bash -c` they must be passed on, or they go empty. */
const POSITIONAL = /\$(?:[0-9@*#]|\{[0-9@*#])/;

export const WRAPPERS: Record<string, (inner: string) => string> = {
  'bash -c': (c) => (POSITIONAL.test(c) ? `bash -c ${sq(c)} bash "$@"` : `bash -c ${sq(c)}`),
  sudo: (c) => `sudo ${c}`,
  'env X=1': (c) => `env X=1 ${c}`,
  'timeout 5': (c) => `timeout 5 ${c}`,
  // A heredoc's terminator must stand alone on its line, so the closing parenthesis goes on the next one.
  subshell: (c) => (c.includes('\n') ? `( ${c}\n)` : `( ${c} )`),
  'cd x &&': (c) => `cd ${SUBDIR} && ${c}`,
};
const NAMES = Object.keys(WRAPPERS);

function wrap(command: string, chain: readonly string[]): string {
  return chain.reduceRight((inner, name) => WRAPPERS[name](inner), command);
}

/** sudo, env and timeout run one program: a line with operators or leading assignments goes inside bash -c first. */
function simpleOrGrouped(command: string, name: string): string {
  const complex = /[;&|]|^\s*\(/.test(command) || /^\s*[A-Za-z_][A-Za-z0-9_]*=/.test(command);
  const needsGroup = complex && (name === 'sudo' || name === 'env X=1' || name === 'timeout 5');
  return needsGroup ? WRAPPERS['bash -c'](command) : command;
}

function wrapSafely(command: string, chain: readonly string[]): string {
  return chain.reduceRight((inner, name) => WRAPPERS[name](simpleOrGrouped(inner, name)), command);
}

const allCases = await loadAllCases();
const blocked: RuleCase[] = [...allCases.values()].flatMap((c) => c.blocked).filter((c) => c.rule && ruleOf(c.rule));

function expectedLevel(c: RuleCase): 'ask' | 'deny' {
  return c.level ?? ruleOf(c.rule!)!.level;
}

/** Judge a case bare and under each chain of wrappers; returns the failures. */
function checkChains(c: RuleCase, chains: readonly (readonly string[])[]): string[] {
  // Each `cd x &&` in a chain moves one level down (the analyzer follows literal cd's), so the case's
  // files exist at every depth a chain can reach.
  const world = caseWorld(c, [1, 2, 3, 4].map((depth) => Array(depth).fill(SUBDIR).join('/')));
  try {
    const unwrapped = judgeCase(c.command, world);
    // The property is about wrappers: a case the engine does not block bare is the pack test's failure.
    if (unwrapped.decision === 'allow') return [];
    const want = expectedLevel(c) === 'deny' && unwrapped.decision === 'deny' ? 'deny' : 'ask';
    const failures: string[] = [];
    for (const chain of chains) {
      const command = wrapSafely(c.command, chain);
      const d = judgeCase(command, world);
      if (DECISION_RANK[d.decision] < DECISION_RANK[want]) failures.push(`${command}: ${describeDecision(d)}, expected at least ${want}`);
    }
    return failures;
  } finally {
    world.cleanup();
  }
}

/**
 * A case that names its own working directory (`cwd: '/etc'`) is about that directory: `cd x && cd x && …`
 * moves it to /etc/x/x, a different question (a restore there overwrites nothing live), so for such cases
 * the nests leave `cd` out.
 */
function check(c: RuleCase, chain: readonly string[]): string | null {
  const meaningful = c.cwd ? chain.filter((n) => n !== 'cd x &&') : chain;
  return checkChains(c, [meaningful])[0] ?? null;
}

test('every blocked case stays blocked under each single wrapper', () => {
  const failures: string[] = [];
  for (const c of blocked) failures.push(...checkChains(c, NAMES.map((n) => [n])));
  assert.deepEqual(failures, [], `${failures.length} of ${blocked.length * NAMES.length} wrapped cases not blocked:\n${failures.join('\n')}`);
});

test('property: blocked cases stay blocked under random nests of wrappers', () => {
  if (blocked.length === 0) return;
  fc.assert(
    fc.property(fc.constantFrom(...blocked), fc.array(fc.constantFrom(...NAMES), { minLength: 2, maxLength: 4 }), (c, chain) => {
      const failure = check(c, chain);
      assert.equal(failure, null, failure ?? '');
    }),
    { numRuns: 300 },
  );
});

const INCIDENT = 'terraform destroy -auto-approve';

test('acceptance: the incident command is denied bare and in every wrapper and pair of wrappers', () => {
  const world = caseWorld({ command: INCIDENT }, [SUBDIR]);
  try {
    const chains: string[][] = [[], ...NAMES.map((n) => [n]), ...NAMES.flatMap((a) => NAMES.map((b) => [a, b]))];
    const failures = chains
      .map((chain) => wrapSafely(INCIDENT, chain))
      .map((command) => ({ command, d: judgeCase(command, world) }))
      .filter(({ d }) => d.decision !== 'deny')
      .map(({ command, d }) => `${command}: ${describeDecision(d)}`);
    assert.deepEqual(failures, []);
    assert.equal(judgeCase(`sudo -u root bash -lc ${sq(`cd infra && timeout 600 env TF_IN_AUTOMATION=1 ${INCIDENT}`)}`, world).decision, 'deny');
  } finally {
    world.cleanup();
  }
});

test('acceptance: text is not a command, bare or wrapped', () => {
  const world = caseWorld({ command: '' }, [SUBDIR]);
  try {
    for (const text of ['git commit -m "never run terraform destroy"', 'grep -r "DROP TABLE" .', 'echo "rm -rf /"']) {
      for (const chain of [[], ['bash -c'], ['env X=1'], ['timeout 5'], ['subshell'], ['cd x &&']]) {
        const command = wrap(text, chain);
        const d = judgeCase(command, world);
        assert.equal(d.decision, 'allow', `${command}: ${describeDecision(d)} ${d.reason}`);
      }
    }
  } finally {
    world.cleanup();
  }
});
