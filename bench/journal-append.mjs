// Journal benchmark: appends per second in one process (the daemon's case), the cost of opening the
// journal and appending once in a fresh process (the hook fallback's case) against a bare `node -e 0`,
// and how long `verify` takes. Usage: node bench/journal-append.mjs [--appends N] [--runs N]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { appends: { type: 'string', default: '5000' }, runs: { type: 'string', default: '15' } } });
const APPENDS = Number(values.appends);
const RUNS = Number(values.runs);

// Bundle the real journal module next to node_modules (so better-sqlite3 resolves), as the CLI bundle does.
const out = join(root, 'bench', '.out');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, 'src/journal/journal.ts')], bundle: true, platform: 'node', target: 'node20', format: 'esm',
  outfile: join(out, 'journal.mjs'), external: ['better-sqlite3'], logLevel: 'warning',
});
const appendOnce = join(out, 'append-once.mjs');
writeFileSync(appendOnce, `import { openJournal } from './journal.mjs';\nconst j = openJournal(process.argv[2]);\nj.append({ kind: 'decision', summary: 'allow: ls', data: { command: 'ls', decision: 'allow' } });\nj.close();\n`);
const openOnly = join(out, 'import-only.mjs');
writeFileSync(openOnly, `import { openJournal } from './journal.mjs';\nopenJournal(process.argv[2]);\n`);

const { openJournal } = await import(join(out, 'journal.mjs'));
const work = mkdtempSync(join(tmpdir(), 'twokey-bench-journal-'));
try {
  // 1. In-process appends (each its own BEGIN IMMEDIATE transaction, as in production).
  const j = openJournal(join(work, 'inproc'));
  j.append({ kind: 'warmup', summary: 'warm up' });
  let t = process.hrtime.bigint();
  for (let i = 0; i < APPENDS; i++) j.append({ kind: 'decision', summary: `allow: cmd ${i}`, data: { command: `cmd ${i}`, decision: 'allow', cwd: '/work/app', agent: 'claude-code' } });
  const appendMs = Number(process.hrtime.bigint() - t) / 1e6;
  t = process.hrtime.bigint();
  const report = j.verify();
  const verifyMs = Number(process.hrtime.bigint() - t) / 1e6;
  j.close();
  if (!report.ok || report.count !== APPENDS + 1) throw new Error(`verify failed: ${JSON.stringify(report.problems.slice(0, 3))}`);

  // 2. Fresh processes, interleaved so machine load hits every variant alike.
  const home = join(work, 'fresh');
  spawnSync(process.execPath, [appendOnce, home]); // create the database first: measure the steady state
  const variants = {
    'node -e 0': [process.execPath, ['-e', '0']],
    'import journal module': [process.execPath, [openOnly, home]],
    'open + append once': [process.execPath, [appendOnce, home]],
  };
  const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const [name, [cmd, args]] of Object.entries(variants)) {
      const s = process.hrtime.bigint();
      const res = spawnSync(cmd, args, { stdio: 'ignore' });
      if (res.status !== 0) throw new Error(`${name} failed`);
      times[name].push(Number(process.hrtime.bigint() - s) / 1e6);
    }
  }
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
  const bare = median(times['node -e 0']);
  console.log(`journal-append: ${new Date().toISOString()}, node ${process.version}, ${APPENDS} appends, ${RUNS} interleaved fresh-process runs`);
  console.log(`  in-process append: ${(APPENDS / (appendMs / 1000)).toFixed(0)} appends/s (${(appendMs / APPENDS * 1000).toFixed(0)} µs each; WAL, synchronous=NORMAL, one BEGIN IMMEDIATE each)`);
  console.log(`  verify ${APPENDS + 1} entries: ${verifyMs.toFixed(0)} ms`);
  for (const [name, xs] of Object.entries(times)) {
    const m = median(xs);
    console.log(`  ${name.padEnd(24)} median ${m.toFixed(1)} ms  (+${(m - bare).toFixed(1)} ms, ${(m / bare).toFixed(2)}x bare node)`);
  }
  console.log(JSON.stringify({ appendsPerSecond: Math.round(APPENDS / (appendMs / 1000)), verifyMs: Math.round(verifyMs), medians: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Number(median(v).toFixed(1))])) }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
