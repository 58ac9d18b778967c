import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeShell } from '../../src/shell/index.js';
import { OP, nodeType, parseBash } from '../../src/shell/mvdan.js';
import { analyze, argvs, kinds } from './helpers.js';

test('parse errors are ask issues with the line and column of the top-level input', () => {
  const r = analyze('echo ok\necho "abc');
  assert.deepEqual(kinds(r), ['parse-error']);
  assert.equal(r.issues[0].level, 'ask');
  assert.equal(r.issues[0].line, 2);
  assert.equal(r.issues[0].column, 6);
  assert.match(r.issues[0].message, /closing quote/);

  const unicode = analyze('echo é; echo "$(');
  assert.equal(unicode.issues[0].line, 1);
  assert.equal(unicode.issues[0].column, 15, 'columns count UTF-16 units, not UTF-8 bytes');

  for (const bad of ['if true; then', 'a &&', 'echo $((', "bash -c 'x", 'for x in; do', 'f() {']) {
    const k = analyze(bad);
    assert.ok(k.issues.some((i) => i.kind === 'parse-error' && i.level === 'ask'), bad);
  }
});

test('a parse error inside an unwrapped string points at the wrapper and says where inside', () => {
  const r = analyze("ls; bash -c 'echo \"unterminated'");
  assert.deepEqual(kinds(r), ['parse-error']);
  assert.equal(r.issues[0].line, 1);
  assert.equal(r.issues[0].column, 5);
  assert.match(r.issues[0].message, /bash -c.*line 1, column/);
  assert.deepEqual(r.issues[0].via, ['bash -c']);
  assert.deepEqual(argvs(r), [['ls']]);
});

test('unwrapping past maxDepth is a depth-limit issue (ask), not silence', () => {
  let cmd = 'terraform destroy -auto-approve';
  for (let i = 0; i < 10; i++) cmd = `bash -c ${JSON.stringify(cmd)}`;
  const deep = analyze(cmd);
  assert.ok(deep.issues.some((i) => i.kind === 'depth-limit' && i.level === 'ask'));
  const shallow = analyze(cmd, {}, { maxDepth: 12 });
  assert.deepEqual(kinds(shallow), []);
  assert.ok(shallow.commands.some((c) => c.argv.join(' ') === 'terraform destroy -auto-approve' && c.depth === 10));

  const files = { 'a.sh': 'bash b.sh\n', 'b.sh': 'bash a.sh\n' };
  const loop = analyze('bash a.sh', files, { maxDepth: 4 });
  assert.ok(loop.issues.some((i) => i.kind === 'depth-limit'), 'scripts calling each other stop at the limit');
  const recursive = analyze('f() { f; }; f');
  assert.deepEqual(kinds(recursive), []);
});

test('wrappers that run a suffix of their argv do not use up the depth bound; their own bound still stops a flood', () => {
  // sudo/env/timeout take a suffix of argv: each one shortens it, so a chain of them ends by itself. Counting
  // them as depth made `sudo env X=1 timeout 5 … python3 -c '…'` stop short of a deny (a flaky property test).
  const chain = 'sudo env X=1 timeout 5 sudo nice env Y=2 timeout 9 sudo nohup ';
  let cmd = `${chain}terraform destroy -auto-approve`;
  for (let i = 0; i < 3; i++) cmd = `bash -c ${JSON.stringify(cmd)}`;
  const r = analyze(cmd, {}, { maxDepth: 3 });
  assert.deepEqual(kinds(r), []);
  const tf = r.commands.find((c) => c.argv[0] === 'terraform');
  assert.ok(tf, 'the command under three shells and nine wrappers is found');
  assert.equal(tf.depth, 3 + 9, 'depth still counts every layer unwrapped');
  const flood = analyze(`${'sudo '.repeat(100)}rm -rf /`);
  assert.deepEqual(kinds(flood), ['depth-limit']);
  assert.ok(!flood.commands.some((c) => c.argv[0] === 'rm'));
});

test('input limits: too large is refused, malformed text is an ask issue and still analysed', () => {
  const big = analyze(`echo ${'x'.repeat(300 * 1024)}`);
  assert.deepEqual(kinds(big), ['input-too-large']);
  assert.equal(big.commands.length, 0);
  assert.deepEqual(kinds(analyze('echo 12345678901', {}, { maxBytes: 10 })), ['input-too-large']);

  const surrogate = analyze('echo \uD800; terraform destroy');
  assert.deepEqual(kinds(surrogate), ['malformed-input']);
  assert.equal(surrogate.issues[0].level, 'ask');
  assert.deepEqual(argvs(surrogate), [['echo', '\uFFFD'], ['terraform', 'destroy']], 'the next command is not merged into echo');
  assert.deepEqual(kinds(analyze('echo 😀')), [], 'a proper surrogate pair is fine');
  const nul = analyze('echo a\0b; rm -rf x');
  assert.deepEqual(kinds(nul), ['malformed-input']);
  assert.deepEqual(argvs(nul), [['echo', 'ab'], ['rm', '-rf', 'x']]);
});

test('a failing readFile is an unreadable-script issue; the rest is still analysed', () => {
  const r = analyzeShell('bash x.sh; rm -rf /srv', {
    cwd: '/p',
    readFile: () => { throw new Error('disk on fire'); },
  });
  assert.deepEqual(r.issues.map((i) => [i.kind, i.level]), [['unreadable-script', 'ask']]);
  assert.match(r.issues[0].message, /disk on fire/);
  assert.deepEqual(r.commands.map((c) => c.argv), [['bash', 'x.sh'], ['rm', '-rf', '/srv']]);
});

test('an exception inside the analyzer becomes an ask issue, never an allow', () => {
  // a cwd that is not a string makes path resolution throw deep inside the walk
  const r = analyzeShell('bash x.sh', { cwd: undefined as unknown as string, readFile: () => 'ls' });
  assert.equal(r.commands.length, 0);
  assert.equal(r.issues.length, 1);
  assert.equal(r.issues[0].level, 'ask');
  assert.match(r.issues[0].message, /analyzer failed/);
});

test('no readFile: scripts are simply not read', () => {
  const r = analyzeShell('bash x.sh && make nuke', { cwd: '/p' });
  assert.deepEqual(r.commands.map((c) => c.argv), [['bash', 'x.sh'], ['make', 'nuke']]);
  assert.deepEqual(r.issues, []);
});

test('opts.env resolves a command name given as a variable, and nothing else', () => {
  const r = analyzeShell('$TF destroy "$DIR"', { cwd: '/p', env: { TF: 'terraform', DIR: '/srv' } });
  assert.deepEqual(r.commands.map((c) => c.argv), [['terraform', 'destroy', '$DIR']]);
  assert.deepEqual(r.issues, []);
});

test('mvdan-sh operator codes are the ones the analyzer relies on', () => {
  const codes: Array<[string, number]> = [['a > f', OP.redirOut], ['a >> f', OP.appOut], ['a < f', OP.redirIn], ['a <<< w', OP.wordHdoc], ['a &> f', OP.rdrAll], ['a >| f', OP.clbOut]];
  for (const [src, op] of codes) {
    const p = parseBash(src);
    assert.ok('file' in p);
    assert.equal(p.file.Stmts[0].Redirs[0].Op, op, src);
  }
  for (const [src, op] of [['a && b', OP.and], ['a || b', OP.or], ['a | b', OP.pipe], ['a |& b', OP.pipeAll]] as Array<[string, number]>) {
    const p = parseBash(src);
    assert.ok('file' in p);
    assert.equal(nodeType(p.file.Stmts[0].Cmd), 'BinaryCmd');
    assert.equal(p.file.Stmts[0].Cmd.Op, op, src);
  }
  const pe = parseBash('echo ${a:-b} ${a-b} ${a:=b} ${a:+b}');
  assert.ok('file' in pe);
  assert.deepEqual(pe.file.Stmts[0].Cmd.Args.slice(1).map((w: { Parts: Array<{ Exp: { Op: number } }> }) => w.Parts[0].Exp.Op),
    [OP.defaultUnsetOrNull, OP.defaultUnset, OP.assignUnsetOrNull, OP.alternateUnsetOrNull]);
});

test('property: any string gives commands or issues, never a throw, and issues are never allow', () => {
  fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => {
    const r = analyzeShell(s, { cwd: '/p', readFile: () => null });
    assert.ok(Array.isArray(r.commands) && Array.isArray(r.issues));
    for (const i of r.issues) assert.notEqual(i.level, 'allow');
    for (const c of r.commands) assert.equal(c.argv.length, c.dynamic.length);
  }), { numRuns: 300 });
  const alphabet = fc.constantFrom('bash -c ', "'", '"', '$(', ')', '`', ' | ', ' && ', 'rm -rf /', '\\', '<<EOF\n', 'EOF\n', '{', '}', '$X', 'X=1 ', ';', 'sudo ', 'xargs ', 'eval ');
  fc.assert(fc.property(fc.array(alphabet, { maxLength: 14 }), (parts) => {
    const r = analyzeShell(parts.join(''), { cwd: '/p', readFile: () => null });
    for (const i of r.issues) assert.notEqual(i.level, 'allow');
  }), { numRuns: 400 });
});

test('property: a destructive command stays visible inside every wrapper', () => {
  const wrappers = [
    (c: string) => `bash -c ${JSON.stringify(c)}`,
    (c: string) => `sudo ${c}`,
    (c: string) => `env X=1 ${c}`,
    (c: string) => `timeout 5 ${c}`,
    (c: string) => `( ${c} )`,
    (c: string) => `cd x && ${c}`,
    (c: string) => `nohup ${c} &`,
    (c: string) => `eval ${JSON.stringify(c)}`,
  ];
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: wrappers.length - 1 }), { maxLength: 5 }), (picks) => {
    let cmd = 'terraform destroy -auto-approve';
    for (const p of picks) cmd = wrappers[p](cmd);
    const r = analyzeShell(cmd, { cwd: '/p' });
    const found = r.commands.some((c) => c.argv.join(' ') === 'terraform destroy -auto-approve');
    // `sudo ( x )` is not valid shell: a parse error (ask) is the right answer there
    const invalid = r.issues.some((i) => i.kind === 'parse-error' && i.level === 'ask');
    assert.ok(found || invalid, `lost in ${cmd}: ${JSON.stringify(r)}`);
    if (!invalid) assert.deepEqual(r.issues, [], cmd);
  }), { numRuns: 200 });
});
