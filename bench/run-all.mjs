#!/usr/bin/env node
// Runs every benchmark in bench/, one after the other, each printing its ratios against a baseline measured
// in the same run (bare `node -e 0`, a bare JSON.parse, cc-safety-net's hook). `npm run bench`.
//   node bench/run-all.mjs [--quick]    --quick: fewer runs, and a 2,000-change plan instead of 15,000
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const benches = [
  ['hook-cold-start.mjs', quick ? ['--runs', '10'] : ['--runs', '20']],
  ['shell-parse.mjs', quick ? ['--runs', '7'] : []],
  ['journal-append.mjs', []],
  ['plan-check.mjs', quick ? ['--changes', '2000', '--runs', '3'] : []],
];
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
let failed = 0;
for (const [file, args] of benches) {
  console.log(`\n== ${file} ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [join(here, file), ...args], { stdio: 'inherit' });
  if (r.status !== 0) { failed++; console.log(`(${file} exited ${r.status})`); }
}
process.exit(failed ? 1 : 0);
