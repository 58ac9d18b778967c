// Runs the whole test suite with node's own runner (TypeScript through tsx), after a fresh build:
// CLI tests spawn bin/twokey.js, which runs the bundle. `node scripts/test.mjs test/shell` runs a subset.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passthrough = process.argv.slice(2).filter((a) => a.startsWith('-'));

function collect(dir, out) {
  const st = statSync(dir);
  if (st.isFile()) { if (dir.endsWith('.test.ts')) out.push(dir); return out; }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    collect(join(dir, entry.name), out);
  }
  return out;
}

if (!process.env.TWOKEY_SKIP_BUILD) {
  const b = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const files = (roots.length ? roots.map((r) => join(root, r)) : [join(root, 'test')])
  .flatMap((r) => collect(r, []))
  .sort()
  .map((f) => relative(root, f));
if (files.length === 0) { console.error('no test files found'); process.exit(1); }
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...passthrough, ...files], {
  stdio: 'inherit', cwd: root, env: { ...process.env, TWOKEY_REPO_ROOT: root },
});
process.exit(r.status ?? 1);
