#!/usr/bin/env node
// Cold start of the hook an agent runs before every command, measured in one run, alternating variants each
// round so load drifts hit them all alike: bare `node -e 0`, `twokey hook claude-code` answered by the daemon,
// the same with the in-process fallback (TWOKEY_NO_DAEMON=1), and the cc-safety-net package's Claude Code hook,
// all fed the same Claude PreToolUse payload. Medians, p90 and ratios to bare node.
//   node bench/hook-cold-start.mjs [--runs N] [--json] [--command "git status"]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const RUNS = Number(opt('--runs', '20'));
const COMMAND = opt('--command', 'git status');
const JSON_OUT = args.includes('--json');

const bin = join(root, 'bin', 'twokey.js');
const ccsn = join(root, 'node_modules', 'cc-safety-net', 'dist', 'bin', 'cc-safety-net.js');
if (!existsSync(join(root, 'dist', 'hook-client.js'))) { console.error('build first: node scripts/build.mjs'); process.exit(1); }

const sandbox = mkdtempSync(join(tmpdir(), 'tk-bench-'));
const env = { ...process.env, HOME: sandbox, TWOKEY_HOME: join(sandbox, 'tk'), CC_SAFETY_NET_HOME: join(sandbox, 'ccsn'), TWOKEY_NO_DAEMON: '' };
const payload = JSON.stringify({
  session_id: 'bench', transcript_path: '/dev/null', cwd: sandbox, permission_mode: 'default', hook_event_name: 'PreToolUse',
  tool_name: 'Bash', tool_input: { command: COMMAND, description: 'bench' }, tool_use_id: 'toolu_bench',
});

const variants = [
  { name: 'node -e 0', argv: ['-e', '0'], env },
  { name: 'twokey hook (daemon)', argv: [bin, 'hook', 'claude-code'], env },
  { name: 'twokey hook (in-process)', argv: [bin, 'hook', 'claude-code'], env: { ...env, TWOKEY_NO_DAEMON: '1' } },
];
if (existsSync(ccsn)) variants.push({ name: 'cc-safety-net -cc', argv: [ccsn, '-cc'], env });
else console.error('cc-safety-net is not installed (npm install --save-dev cc-safety-net): skipping it');

function once(v) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, v.argv, { input: payload, env: v.env, cwd: sandbox, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${v.name} exited ${r.status}: ${r.stderr}`);
  return { ms, out: r.stdout };
}

const start = spawnSync(process.execPath, [bin, 'daemon', 'start'], { env, encoding: 'utf8' });
if (start.status !== 0) { console.error(`daemon did not start: ${start.stderr}${start.stdout}`); process.exit(1); }
try {
  // The two twokey paths must answer alike; warm the OS file cache for everyone.
  for (const v of variants) for (let i = 0; i < 3; i++) once(v);
  const a = once(variants[1]).out;
  const b = once(variants[2]).out;
  if (a !== b) throw new Error(`daemon and in-process answers differ:\n${a}\n${b}`);
  const times = Object.fromEntries(variants.map((v) => [v.name, []]));
  for (let round = 0; round < RUNS; round++) {
    const order = variants.map((_, i) => (i + round) % variants.length);
    for (const i of order) times[variants[i].name].push(once(variants[i]).ms);
  }
  const stat = (xs) => {
    const s = [...xs].sort((x, y) => x - y);
    const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))];
    return { median: q(0.5), p90: q(0.9), min: s[0] };
  };
  const bare = stat(times['node -e 0']).median;
  const rows = variants.map((v) => ({ variant: v.name, ...stat(times[v.name]), ratio: stat(times[v.name]).median / bare }));
  const daemon = rows.find((r) => r.variant === 'twokey hook (daemon)');
  const cc = rows.find((r) => r.variant === 'cc-safety-net -cc');
  const st = spawnSync(process.execPath, [bin, 'daemon', 'status', '--json'], { env, encoding: 'utf8' });
  let judgeMedianMs = null;
  try { judgeMedianMs = JSON.parse(st.stdout).status?.judgeMedianMs ?? null; } catch { /* reported as null */ }
  const verdict = { withinBudget: daemon.ratio <= 1.25, fasterThanCcSafetyNet: cc ? daemon.median < cc.median : null };
  if (JSON_OUT) {
    console.log(JSON.stringify({ runs: RUNS, command: COMMAND, node: process.version, rows, daemonJudgeMedianMs: judgeMedianMs, verdict }, null, 2));
  } else {
    console.log(`hook cold start: ${RUNS} alternating runs each, Claude PreToolUse payload for \`${COMMAND}\`, node ${process.version}`);
    console.log('variant                      median ms   p90 ms   min ms   x bare node');
    for (const r of rows) console.log(`${r.variant.padEnd(28)} ${r.median.toFixed(1).padStart(9)} ${r.p90.toFixed(1).padStart(8)} ${r.min.toFixed(1).padStart(8)} ${r.ratio.toFixed(2).padStart(8)}x`);
    console.log(`time the daemon spends judging one request (median): ${judgeMedianMs ?? '?'} ms`);
    console.log(`daemon path <= 1.25x bare node: ${verdict.withinBudget ? 'yes' : 'NO'}; faster than cc-safety-net: ${verdict.fasterThanCcSafetyNet === null ? 'n/a' : verdict.fasterThanCcSafetyNet ? 'yes' : 'NO'}`);
  }
} finally {
  spawnSync(process.execPath, [bin, 'daemon', 'stop'], { env });
  rmSync(sandbox, { recursive: true, force: true });
}
