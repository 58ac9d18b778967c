/**
 * The adapter that reads a configuration from disk (and asks git about state files). Everything it
 * learns is handed to the pure rules as data.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadHclParser, type HclParser, type HclSyntaxError } from './hcl.js';
import { buildConfiguration, ConfigParseError, type ConfigFile, type Configuration } from './model.js';
import type { GitFacts } from './rules.js';

const MAX_FILE_BYTES = 4 * 1024 * 1024;

function toRel(p: string): string {
  return p.split(sep).join('/');
}

function parseDir(parser: HclParser, rootDir: string, relDir: string, pick: (name: string) => boolean): ConfigFile[] {
  const abs = join(rootDir, relDir);
  return readdirSync(abs, { withFileTypes: true })
    .filter((e) => e.isFile() && pick(e.name))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const full = join(abs, name);
      const rel = toRel(relDir ? join(relDir, name) : name);
      const size = statSync(full).size;
      if (size > MAX_FILE_BYTES) throw new ConfigParseError([{ file: rel, line: 1, column: 1, message: `file is larger than ${MAX_FILE_BYTES} bytes` }]);
      return { rel, hcl: parser.parse(rel, readFileSync(full, 'utf8')) };
    });
}

/** Read and parse DIR and every local module it calls. Throws ConfigParseError (with file:line) on syntax errors. */
export async function loadConfiguration(rootDir: string): Promise<Configuration> {
  const parser = await loadHclParser();
  const cache = new Map<string, ConfigFile[] | null>();
  const skipped: string[] = [];
  const filesIn = (relDir: string): ConfigFile[] | null => {
    if (cache.has(relDir)) return cache.get(relDir) ?? null;
    const abs = join(rootDir, relDir);
    let files: ConfigFile[] | null = null;
    if (existsSync(abs) && statSync(abs).isDirectory()) {
      // OpenTofu reads x.tofu instead of x.tf when both exist.
      const names = new Set(readdirSync(abs));
      files = parseDir(parser, rootDir, relDir, (n) => n.endsWith('.tofu') || (n.endsWith('.tf') && !names.has(`${n.slice(0, -3)}.tofu`)));
      for (const n of readdirSync(abs)) if (n.endsWith('.tf.json')) skipped.push(toRel(relDir ? join(relDir, n) : n));
    }
    cache.set(relDir, files);
    return files;
  };
  const rootFiles = filesIn('');
  if (rootFiles === null) throw new ConfigParseError([{ file: rootDir, line: 0, column: 0, message: 'not a directory' }]);
  const tfvars = parseDir(parser, rootDir, '', (n) => n === 'terraform.tfvars' || n.endsWith('.auto.tfvars'));
  const config = buildConfiguration({ filesIn, tfvars, skipped, installedModules: readInstalledModules(rootDir) });
  const broken = [...cache.values(), tfvars].flatMap((fs) => fs ?? []).filter((f) => f.hcl.errors.length);
  if (broken.length) throw new ConfigParseError(await preciseErrors(broken));
  return config;
}

/** `.terraform/modules/modules.json`, written by `terraform init`: module key -> directory. */
function readInstalledModules(rootDir: string): Map<string, string> {
  const out = new Map<string, string>();
  const manifest = join(rootDir, '.terraform', 'modules', 'modules.json');
  if (!existsSync(manifest)) return out;
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { Modules?: { Key?: string; Dir?: string }[] };
    for (const m of parsed.Modules ?? []) {
      if (!m.Key || typeof m.Dir !== 'string') continue;
      const dir = toRel(m.Dir).replace(/^\.\//, '');
      if (dir.startsWith('../') || dir.startsWith('/')) continue;
      out.set(m.Key, dir);
    }
  } catch { /* an unreadable manifest: modules stay unfollowed, and are listed as such */ }
  return out;
}

/**
 * Replace tree-sitter's approximate error locations with Terraform's own messages (file:line:column)
 * when its parser can be loaded. If Terraform's parser accepts a file tree-sitter rejected, say so:
 * the audit still stops (a half-read configuration is never judged).
 */
async function preciseErrors(broken: ConfigFile[]): Promise<HclSyntaxError[]> {
  const { terraformSyntaxErrors } = await import('./exact-errors.js');
  const out: HclSyntaxError[] = [];
  for (const f of broken.slice(0, 5)) {
    const exact = await terraformSyntaxErrors(f.rel, f.hcl.text);
    if (exact === null) out.push(...f.hcl.errors);
    else if (exact === 'accepted') {
      const first = f.hcl.errors[0];
      out.push({ ...first, message: `${first.message} (twokey's HCL parser cannot read this construct, though Terraform's parser accepts the file; please report it)` });
    } else out.push(...exact);
  }
  return out;
}

function git(dir: string, args: string[]): { status: number | null; stdout: string } {
  const r = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', timeout: 15_000 });
  return { status: r.error ? null : r.status, stdout: r.stdout ?? '' };
}

/** State files under DIR (not inside .terraform, .git or node_modules), relative paths. */
function stateFilesUnder(rootDir: string, maxDepth = 4): string[] {
  const out: string[] = [];
  const walk = (rel: string, depth: number): void => {
    let entries;
    try { entries = readdirSync(join(rootDir, rel), { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (depth < maxDepth && !['.terraform', '.git', 'node_modules'].includes(e.name)) walk(childRel, depth + 1);
      } else if (/\.tfstate(\.|$)/.test(e.name)) out.push(childRel);
    }
  };
  walk('', 0);
  return out.sort();
}

/** What git says about state files in DIR; null when DIR is not in a git work tree (or git is absent). */
export function collectGitFacts(rootDir: string): GitFacts | null {
  const inside = git(rootDir, ['rev-parse', '--is-inside-work-tree']);
  if (inside.status !== 0 || inside.stdout.trim() !== 'true') return null;
  const ignored = (rel: string): boolean => git(rootDir, ['check-ignore', '-q', '--no-index', '--', rel]).status === 0;
  const tracked = git(rootDir, ['ls-files', '-z', '--', '*.tfstate', '*.tfstate.*']).stdout.split('\0').filter(Boolean);
  const present = stateFilesUnder(rootDir);
  const prefix = git(rootDir, ['rev-parse', '--show-prefix']).stdout.trim().replace(/\/$/, '');
  return {
    prefix,
    stateIgnored: ignored('terraform.tfstate'),
    backupIgnored: ignored('terraform.tfstate.backup'),
    untrackedStateFiles: present.filter((p) => !tracked.includes(p) && !ignored(p)),
    trackedStateFiles: tracked.map(toRel),
  };
}

export function relativeTo(rootDir: string, p: string): string {
  return toRel(relative(rootDir, p));
}
