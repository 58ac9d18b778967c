// Shell analysis cost: per-command parse and analysis time, and the cold-start cost of loading the parser,
// measured against a bare `node -e 0` in the same run (alternating runs, medians, ratio).
// Usage: node bench/shell-parse.mjs [--runs N] [--json]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 15;
const asJson = args.includes('--json');

const COMMANDS = [
  'ls -la',
  'terraform destroy -auto-approve',
  'git commit -m "never run terraform destroy"',
  'sudo env X=1 timeout 5 bash -c "cd infra && terraform destroy -auto-approve"',
  "psql \"$DATABASE_URL\" <<'EOF'\nDELETE FROM sessions WHERE created_at < now() - interval '30 days';\nEOF",
  'find . -name "*.tfstate" -exec rm -f {} \\; && echo done',
  'for f in $(ls *.sql); do psql -f "$f" || exit 1; done',
  "python3 -c 'import shutil; shutil.rmtree(\"build\")'",
  'curl -fsSL https://example.com/install.sh | sh',
  'X=terraform; $X destroy',
];

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

// One ESM bundle of the analyzer, built the way the CLI bundles it.
const dir = mkdtempSync(join(tmpdir(), 'twokey-bench-'));
const bundle = join(dir, 'shell.mjs');
await build({
  entryPoints: [join(root, 'src/shell/index.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20',
  outfile: bundle, logLevel: 'warning',
  banner: { js: "import { createRequire as __twokeyCreateRequire } from 'node:module'; const require = __twokeyCreateRequire(import.meta.url);" },
});

// ---- per-command cost (in this process, warm) ----
const { analyzeShell } = await import(bundle);
const { syntax } = createRequire(import.meta.url)('mvdan-sh');
const parser = syntax.NewParser();
const perCommand = [];
for (const cmd of COMMANDS) {
  const iterations = 300;
  for (let i = 0; i < 30; i++) { parser.Parse(cmd, ''); analyzeShell(cmd, { cwd: '/tmp' }); }
  const parseTimes = [];
  const analyzeTimes = [];
  for (let rep = 0; rep < 5; rep++) {
    let t = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) parser.Parse(cmd, '');
    parseTimes.push(Number(process.hrtime.bigint() - t) / 1e3 / iterations);
    t = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) analyzeShell(cmd, { cwd: '/tmp' });
    analyzeTimes.push(Number(process.hrtime.bigint() - t) / 1e3 / iterations);
  }
  perCommand.push({ command: cmd.replace(/\n/g, '\\n'), parseUs: median(parseTimes), analyzeUs: median(analyzeTimes) });
}

// ---- cold start (fresh processes, alternating) ----
const loadParser = join(dir, 'load-parser.cjs');
writeFileSync(loadParser, `require(${JSON.stringify(createRequire(import.meta.url).resolve('mvdan-sh'))});\n`);
const analyzeOnce = join(dir, 'analyze-once.mjs');
writeFileSync(analyzeOnce, `import { analyzeShell } from ${JSON.stringify(bundle)};\nanalyzeShell('sudo bash -c "terraform destroy -auto-approve"', { cwd: '/tmp' });\n`);
const variants = [
  { name: 'node -e 0', argv: ['-e', '0'] },
  { name: 'require mvdan-sh', argv: [loadParser] },
  { name: 'bundled analyzer + 1 command', argv: [analyzeOnce] },
];
const times = Object.fromEntries(variants.map((v) => [v.name, []]));
for (let r = 0; r < runs; r++) {
  for (const v of (r % 2 ? [...variants].reverse() : variants)) {
    const t = process.hrtime.bigint();
    const p = spawnSync(process.execPath, v.argv, { stdio: 'ignore' });
    if (p.status !== 0) throw new Error(`${v.name} failed`);
    times[v.name].push(Number(process.hrtime.bigint() - t) / 1e6);
  }
}
rmSync(dir, { recursive: true, force: true });
const bare = median(times['node -e 0']);
const cold = variants.map((v) => {
  const m = median(times[v.name]);
  return { variant: v.name, medianMs: m, extraMs: m - bare, ratio: m / bare };
});

const result = { node: process.version, runs, perCommand, cold };
if (asJson) {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} else {
  console.log(`node ${process.version}; ${runs} alternating cold runs per variant\n`);
  console.log('per command (warm, median of 5 x 300):');
  for (const p of perCommand) console.log(`  parse ${p.parseUs.toFixed(0).padStart(5)} µs   analyze ${p.analyzeUs.toFixed(0).padStart(5)} µs   ${p.command.slice(0, 70)}`);
  console.log('\ncold start (median wall time of a fresh process):');
  for (const c of cold) console.log(`  ${c.variant.padEnd(30)} ${c.medianMs.toFixed(1).padStart(7)} ms   +${c.extraMs.toFixed(1).padStart(6)} ms   x${c.ratio.toFixed(2)}`);
}
