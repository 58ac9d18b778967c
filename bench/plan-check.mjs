// Plan-check speed: a real 15,000-change plan made with terraform_data and count (cached under
// bench/.out/, making it takes a while), checked by twokey's reader + analysis, against a bare
// JSON.parse of the same text in the same run. Target: check <= 2x JSON.parse.
//   node bench/plan-check.mjs [--changes N] [--delete] [--runs R] [--huge MB]
// --delete also applies the N resources once (slow, cached) and benches the plan that deletes them all
// (the heavy path: every change is destructive, with prior state).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
const N = opt('--changes', 15000);
const RUNS = opt('--runs', 5);
const withDelete = args.includes('--delete');
const HUGE_MB = opt('--huge', 0);
const out = join(root, 'bench', '.out', `plan-${N}`);
mkdirSync(out, { recursive: true });
const env = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };

function tf(argv, what) {
  const t0 = Date.now();
  const r = spawnSync('terraform', argv, { cwd: out, env, encoding: 'utf8', maxBuffer: 2 * 1024 * 1024 * 1024 });
  if (r.status !== 0) { console.error(`terraform ${argv.join(' ')} failed:\n${r.stderr}`); process.exit(1); }
  console.error(`  ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r.stdout;
}

function makePlan(file, varArgs) {
  if (existsSync(file)) return;
  if (spawnSync('sh', ['-c', 'command -v terraform']).status !== 0) { console.error('terraform is not installed: cannot make the bench plan'); process.exit(1); }
  console.error(`making ${file} (cached afterwards)…`);
  writeFileSync(join(out, 'main.tf'), `variable "n" {\n  type = number\n}\nresource "terraform_data" "node" {\n  count = var.n\n  input = {\n    index = count.index\n    tags  = { Project = "bench-\${count.index % 3}", Name = "node-\${count.index}" }\n  }\n}\n`);
  if (!existsSync(join(out, '.terraform'))) tf(['init', '-input=false'], 'init');
  tf(['plan', '-input=false', '-refresh=false', '-out=bench.tfplan', ...varArgs], 'plan');
  writeFileSync(file, tf(['show', '-json', 'bench.tfplan'], 'show -json'));
}

// The code measured is bundled the way the CLI ships (esbuild), not run through a TypeScript loader.
const bundle = join(root, 'bench', '.out', 'plan-check-bundle.mjs');
await build({
  stdin: { contents: "export { parsePlanText, readPlanFile } from './src/terraform/read-plan.ts'; export { analyzePlan } from './src/terraform/analyze.ts';", resolveDir: root, loader: 'ts' },
  bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
const { parsePlanText, analyzePlan, readPlanFile } = await import(bundle);

if (HUGE_MB > 0) {
  // A plan larger than V8's string limit: generated in a temp dir, then checked (streamed, not crashed on).
  const { mkdtempSync, openSync, writeSync, closeSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'twokey-huge-'));
  const file = join(dir, 'huge-plan.json');
  const t0 = Date.now();
  const fd = openSync(file, 'w');
  writeSync(fd, '{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{"root_module":{}},"resource_changes":[');
  const pad = 'x'.repeat(2000);
  let n = 0;
  let bytes = 0;
  let batch = [];
  while (bytes < HUGE_MB * 1024 * 1024) {
    const type = n % 5000 === 0 ? 'aws_db_instance' : 'terraform_data';
    const rcJson = JSON.stringify({ address: `${type}.n[${n}]`, mode: 'managed', type, name: 'n', index: n, change: { actions: ['delete'], before: { id: `id-${n}`, padding: pad, tags: { Project: `p${n % 3}` } }, after: null }, action_reason: 'delete_because_count_index' });
    batch.push((n ? ',' : '') + rcJson);
    bytes += rcJson.length + 1;
    n++;
    if (batch.length === 2000) { writeSync(fd, batch.join('')); batch = []; }
  }
  writeSync(fd, `${batch.join('')}],"configuration":{"root_module":{}}}`);
  closeSync(fd);
  const genS = (Date.now() - t0) / 1000;
  let stringError = '';
  try { readFileSync(file, 'utf8'); } catch (err) { stringError = err.code ?? err.message; }
  const t1 = Date.now();
  const loaded = readPlanFile(file);
  const a = analyzePlan(loaded.plan);
  const checkS = (Date.now() - t1) / 1000;
  const r = { label: `huge plan (${HUGE_MB} MB)`, bytes: statSync(file).size, changes: n, generateSeconds: genS, readAsStringError: stringError || null,
    streamed: loaded.streamed, checkSeconds: checkS, decision: a.decision, counts: a.counts, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
  console.log(JSON.stringify(r));
  rmSync(dir, { recursive: true, force: true });
  process.exit(r.streamed && a.counts.delete === n ? 0 : 1);
}

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }

function bench(label, file) {
  const text = readFileSync(file, 'utf8');
  const parseMs = [];
  const checkMs = [];
  let analysis;
  for (let i = 0; i < RUNS + 1; i++) {
    // interleaved, first round is warm-up
    let t = process.hrtime.bigint();
    JSON.parse(text);
    const p = Number(process.hrtime.bigint() - t) / 1e6;
    t = process.hrtime.bigint();
    const { plan } = parsePlanText(text, file);
    analysis = analyzePlan(plan, { protect: ['terraform_data.node[7]'] });
    const c = Number(process.hrtime.bigint() - t) / 1e6;
    if (i > 0) { parseMs.push(p); checkMs.push(c); }
  }
  const mp = median(parseMs);
  const mc = median(checkMs);
  const result = {
    label, file, bytes: statSync(file).size, changes: analysis.counts, decision: analysis.decision,
    jsonParseMs: Math.round(mp), checkMs: Math.round(mc), ratio: Number((mc / mp).toFixed(2)), target: 2, ok: mc / mp <= 2, runs: RUNS,
  };
  console.log(JSON.stringify(result));
  return result;
}

const createPlan = join(out, 'plan-create.json');
makePlan(createPlan, ['-var', `n=${N}`]);
const results = [bench(`${N} creates (terraform_data, count)`, createPlan)];

{
  // A destroy of all N: derived from the real plan (every create turned into a delete of the same
  // object, with a prior state holding it). Applying N terraform_data resources for real takes
  // terraform minutes per thousand, so --delete below is only practical for small N.
  const derived = join(out, 'plan-delete-derived.json');
  if (!existsSync(derived)) {
    const p = JSON.parse(readFileSync(createPlan, 'utf8'));
    const state = [];
    for (const rc of p.resource_changes) {
      const values = { ...rc.change.after, id: `id-${rc.address}`, output: rc.change.after?.input ?? null };
      rc.change = { actions: ['delete'], before: values, after: null, after_unknown: {}, before_sensitive: {}, after_sensitive: false };
      rc.action_reason = 'delete_because_count_index';
      state.push({ address: rc.address, mode: 'managed', type: rc.type, name: rc.name, index: rc.index, provider_name: rc.provider_name, values });
    }
    p.prior_state = { format_version: '1.0', terraform_version: p.terraform_version, values: { root_module: { resources: state } } };
    p.planned_values = { root_module: {} };
    writeFileSync(derived, JSON.stringify(p));
  }
  results.push(bench(`${N} deletes with prior state (derived from the real plan)`, derived));
}

if (withDelete) {
  const deletePlan = join(out, 'plan-delete.json');
  if (!existsSync(deletePlan)) {
    if (!existsSync(join(out, 'terraform.tfstate'))) {
      console.error(`applying ${N} resources once (slow, cached)…`);
      tf(['apply', '-input=false', '-auto-approve', '-parallelism=50', '-var', `n=${N}`], 'apply');
    }
    tf(['plan', '-input=false', '-refresh=false', '-out=bench-delete.tfplan', '-var', 'n=0'], 'plan (delete all)');
    writeFileSync(deletePlan, tf(['show', '-json', 'bench-delete.tfplan'], 'show -json'));
  }
  results.push(bench(`${N} deletes with prior state`, deletePlan));
}
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
