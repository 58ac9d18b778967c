// Time bounds for long inputs. The bounds are generous (the machine running the suite may be loaded): they
// are there to catch work that grows with the square of the input, which turns these cases into tens of
// seconds (measured before the fixes: 77 s for 50,000 assignments, 17 s for 3,000 variables then 5,000
// commands). Typical figures on an idle core are in docs/decisions.md.
import test from 'node:test';
import assert from 'node:assert/strict';
import { analyzeShell } from '../../src/shell/index.js';

function timed(command: string): { ms: number; commands: number; issues: string[] } {
  const t = performance.now();
  const r = analyzeShell(command, { cwd: '/work/proj', readFile: () => null });
  return { ms: performance.now() - t, commands: r.commands.length, issues: r.issues.map((i) => i.kind) };
}

// the parser's first call compiles it; what is measured below is the analysis
analyzeShell('echo warm | cat', { cwd: '/work/proj' });

test('a 60 KB command of 10,000 words is analysed quickly', () => {
  const r = timed(`tool git status ${'value '.repeat(10000)}`);
  assert.equal(r.commands, 1);
  assert.ok(r.ms < 3000, `took ${Math.round(r.ms)} ms`);
});

test('many statements: each position is found through a line index, not a scan from the start', () => {
  // 100 KB; a scan per statement made this about 12 s
  const r = timed('X=1; '.repeat(20000));
  assert.deepEqual(r.issues, []);
  assert.ok(r.ms < 5000, `took ${Math.round(r.ms)} ms`);
  const lines = timed('X=1\n'.repeat(20000));
  assert.ok(lines.ms < 5000, `took ${Math.round(lines.ms)} ms`);
});

test('many variables then many commands: the env record is not rebuilt per command', () => {
  const command = Array.from({ length: 3000 }, (_, i) => `V${i}=x;`).join(' ') + ' echo a;'.repeat(4000);
  const r = timed(command);
  assert.equal(r.commands, 4000);
  assert.ok(r.ms < 3000, `took ${Math.round(r.ms)} ms`);
});

test('many distinct issues and a cd chain stay linear', () => {
  const dyn = timed(Array.from({ length: 4000 }, (_, i) => `$A${i}`).join('; '));
  assert.equal(dyn.issues.filter((k) => k === 'dynamic-command').length, 4000);
  assert.ok(dyn.ms < 3000, `took ${Math.round(dyn.ms)} ms`);
  const cds = timed('cd a; '.repeat(4000));
  assert.ok(cds.ms < 3000, `took ${Math.round(cds.ms)} ms`);
});

test('a 256 KiB input (the default limit) is analysed within a few seconds, and a longer one is refused', () => {
  const near = 256 * 1024 - 8;
  const r = timed('echo a; '.repeat(Math.floor(near / 8)));
  // the command budget stops the walk; the parse of the whole input (mvdan-sh) is most of the time
  assert.ok(r.issues.includes('input-too-large'));
  assert.ok(r.ms < 8000, `took ${Math.round(r.ms)} ms`);
  const over = timed('x'.repeat(256 * 1024 + 1));
  assert.deepEqual(over.issues, ['input-too-large']);
  assert.ok(over.ms < 100, `took ${Math.round(over.ms)} ms`);
});
