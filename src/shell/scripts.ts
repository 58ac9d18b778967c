import { posix } from 'node:path';

/**
 * Script files a command runs by name: Makefile recipes (`make TARGET`) and package.json scripts
 * (`npm run X`). Pure: the caller's readFile supplies the text.
 */

type ReadFile = (absPath: string) => string | null;

export interface RecipeLine {
  target: string;
  command: string;
  line: number;
  /** Where this line runs and the file it is in, when they differ from the recipes' own (Taskfile tasks with `dir:`, includes). */
  dir?: string;
  file?: string;
}

export interface MakeRecipes { file: string; dir: string; lines: RecipeLine[]; env: Record<string, string> }

const MAKE_VALUE_OPTIONS = ['-f', '--file', '--makefile', '-C', '--directory', '-I', '--include-dir', '-o', '--old-file', '--assume-old', '-W', '--what-if', '--new-file', '--assume-new', '-l', '--load-average', '-O', '--output-sync', '--eval'];
const MAKE_DRY = ['-n', '--dry-run', '--just-print', '--recon', '-q', '--question', '-p', '--print-data-base'];

interface MakeRule { targets: string[]; prereqs: string[]; recipe: Array<{ text: string; line: number }> }

/** The recipe lines `make ARGS` would run, targets' prerequisites first. null when there is no Makefile or nothing runs. */
export function makeRecipes(argv: string[], cwd: string, readFile: ReadFile): MakeRecipes | null {
  let dir = cwd;
  let file: string | undefined;
  const targets: string[] = [];
  const cliVars: Record<string, string> = {};
  // -n/-q/-p: recipes are printed, not run, except lines marked `+` and those that call $(MAKE); the makefile is
  // still read, so its $(shell …) calls run
  let dry = false;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--help' || w === '-h' || w === '--version' || w === '-v') return null;
    if (MAKE_DRY.includes(w) || /^-[a-zA-Z]*n[a-zA-Z]*$/.test(w) && !w.startsWith('--')) { dry = true; continue; }
    if (w === '-f' || w === '--file' || w === '--makefile') { file = argv[++i]; continue; }
    if (w.startsWith('-f') && w.length > 2 && !w.startsWith('--')) { file = w.slice(2); continue; }
    if (w.startsWith('--file=') || w.startsWith('--makefile=')) { file = w.slice(w.indexOf('=') + 1); continue; }
    if (w === '-C' || w === '--directory') { dir = posix.resolve(dir, argv[++i] ?? '.'); continue; }
    if (w.startsWith('-C') && w.length > 2) { dir = posix.resolve(dir, w.slice(2)); continue; }
    if (w.startsWith('--directory=')) { dir = posix.resolve(dir, w.slice(12)); continue; }
    if (MAKE_VALUE_OPTIONS.includes(w)) { i++; continue; }
    if (w.startsWith('-')) continue;
    const assign = /^([A-Za-z_][A-Za-z0-9_]*)\s*:?=(.*)$/.exec(w);
    if (assign) { cliVars[assign[1]] = assign[2]; continue; }
    targets.push(w);
  }
  const candidates = file ? [file] : ['GNUmakefile', 'makefile', 'Makefile'];
  let text: string | null = null;
  let used = '';
  for (const c of candidates) {
    text = readFile(posix.resolve(dir, c));
    if (text !== null) { used = c; break; }
  }
  if (text === null) return null;
  const { rules, vars, parseTime, includes } = parseMakefile(text);
  // include / -include: their rules, variables and $(shell) calls are the makefile's too
  const pending = [...includes];
  for (let n = 0; n < pending.length && n < 16; n++) {
    const inc = readFile(posix.resolve(dir, pending[n]));
    if (inc === null) continue;
    const more = parseMakefile(inc);
    rules.push(...more.rules);
    for (const [k, v] of Object.entries(more.vars)) vars[k] ??= v;
    parseTime.push(...more.parseTime);
    pending.push(...more.includes);
  }
  // make's own variables: recursive make and the directory it runs in
  vars.MAKE ??= 'make';
  vars.CURDIR ??= dir;
  Object.assign(vars, cliVars);
  const wanted = targets.length ? targets : firstTarget(rules);
  const fileLabel = dir === cwd ? used : posix.relative(cwd, posix.join(dir, used)) || used;
  const lines: RecipeLine[] = parseTime.map((p) => ({ target: '(reading the makefile)', command: expandMake(p.text, vars, '', []), line: p.line }));
  if (!wanted) return lines.length ? { file: fileLabel, dir, lines, env: cliVars } : null;
  const seen = new Set<string>();
  const visit = (target: string, depth: number): void => {
    if (seen.has(target) || depth > 16 || lines.length > 500) return;
    seen.add(target);
    let matching = rules.filter((r) => r.targets.includes(target)).map((r) => ({ r, prereqs: r.prereqs }));
    if (!matching.some((m) => m.r.recipe.length)) {
      // a pattern rule (%.o: %.c) makes the target when no explicit rule has a recipe for it
      for (const r of rules) {
        const pattern = r.targets.find((t) => t.includes('%'));
        if (!pattern) continue;
        const [pre, post] = pattern.split('%');
        if (target.length >= pre.length + post.length && target.startsWith(pre) && target.endsWith(post)) {
          const stem = target.slice(pre.length, target.length - post.length);
          matching = [...matching, { r, prereqs: r.prereqs.map((p) => p.replace('%', stem)) }];
          break;
        }
      }
    }
    for (const m of matching) for (const p of m.prereqs) visit(p, depth + 1);
    for (const m of matching) {
      for (const step of m.r.recipe) {
        if (dry && !/^[\s@-]*\+/.test(step.text) && !/\$[({]MAKE[)}]/.test(step.text)) continue;
        lines.push({ target, command: expandMake(step.text, vars, target, m.prereqs), line: step.line });
      }
    }
  };
  for (const t of wanted) visit(t, 0);
  return { file: fileLabel, dir, lines, env: cliVars };
}

function firstTarget(rules: MakeRule[]): string[] | null {
  for (const r of rules) {
    const t = r.targets.find((x) => !x.startsWith('.') && !x.includes('%'));
    if (t) return [t];
  }
  return null;
}

/** `$(shell CMD)` calls in a line of makefile text (balanced parentheses). */
function shellCalls(line: string): string[] {
  const out: string[] = [];
  for (let at = line.indexOf('$(shell '); at >= 0; at = line.indexOf('$(shell ', at + 1)) {
    let depth = 0;
    for (let k = at + 1; k < line.length; k++) {
      if (line[k] === '(') depth++;
      else if (line[k] === ')' && --depth === 0) { out.push(line.slice(at + 8, k)); break; }
    }
  }
  return out;
}

function parseMakefile(text: string): { rules: MakeRule[]; vars: Record<string, string>; parseTime: Array<{ text: string; line: number }>; includes: string[] } {
  const rules: MakeRule[] = [];
  const vars: Record<string, string> = {};
  const parseTime: Array<{ text: string; line: number }> = [];
  const includes: string[] = [];
  const raw = text.split('\n');
  let current: MakeRule | null = null;
  for (let i = 0; i < raw.length; i++) {
    const lineNo = i + 1;
    let line = raw[i];
    while (line.endsWith('\\') && i + 1 < raw.length) {
      i++;
      line = current && line.startsWith('\t') ? `${line}\n${raw[i]}` : `${line.slice(0, -1)} ${raw[i].trim()}`;
    }
    if (line.startsWith('\t')) {
      if (current) current.recipe.push({ text: line.slice(1), line: lineNo });
      continue;
    }
    const stripped = line.replace(/(^|[^\\])#.*$/, '$1');
    if (!stripped.trim()) continue;
    // read when make reads the makefile, whatever it is asked to build: $(shell …) outside recipes, VAR != cmd
    for (const call of shellCalls(stripped)) parseTime.push({ text: call, line: lineNo });
    const shellAssign = /^\s*(?:export\s+|override\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*!=\s*(.*)$/.exec(stripped);
    if (shellAssign) parseTime.push({ text: shellAssign[1], line: lineNo });
    const include = /^\s*-?(?:include|sinclude)\s+(.+)$/.exec(stripped);
    if (include) { includes.push(...include[1].trim().split(/\s+/).filter((f) => !/[$%*]/.test(f))); current = null; continue; }
    const assign = /^\s*(?:export\s+|override\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(::=|:=|\?=|\+=|!=|=)\s*(.*)$/.exec(stripped);
    if (assign) {
      const [, name, op, value] = assign;
      if (op === '?=' && name in vars) continue;
      if (op === '!=') { vars[name] = ''; continue; }
      vars[name] = op === '+=' && vars[name] ? `${vars[name]} ${value.trim()}` : value.trim();
      current = null;
      continue;
    }
    const rule = /^([^:=]+?)\s*::?\s*([^=]*)$/.exec(stripped);
    if (rule && !/^\s*(?:ifeq|ifneq|ifdef|ifndef|else|endif|include|-include|define|endef)\b/.test(stripped)) {
      const [prereqs, inline] = rule[2].split(';');
      current = {
        targets: rule[1].trim().split(/\s+/),
        prereqs: prereqs.split('|').join(' ').trim().split(/\s+/).filter(Boolean),
        recipe: inline !== undefined && inline.trim() ? [{ text: inline.trim(), line: lineNo }] : [],
      };
      rules.push(current);
      continue;
    }
    current = null;
  }
  return { rules, vars, parseTime, includes };
}

/** $(VAR) / ${VAR} from simple assignments, $@ $< $^, $$ -> $, and the @ - + recipe prefixes removed. */
function expandMake(text: string, vars: Record<string, string>, target: string, prereqs: string[]): string {
  let t = text.replace(/^[\s@+-]+/, '');
  for (let round = 0; round < 8; round++) {
    const next = t
      .replace(/\$[({]([A-Za-z_][A-Za-z0-9_.-]*)[)}]/g, (m, name: string) => (name in vars ? vars[name] : m))
      .replace(/\$([@<^])/g, (_m, v: string) => (v === '@' ? target : v === '<' ? prereqs[0] ?? '' : prereqs.join(' ')));
    if (next === t) break;
    t = next;
  }
  return t.replace(/\$\$/g, '$');
}

// -----------------------------------------------------------------------------------------------------

export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn', 'bun'];

const NPM_LIFECYCLE_SHORTCUTS: Record<string, string> = { test: 'test', t: 'test', tst: 'test', start: 'start', stop: 'stop', restart: 'restart' };

/** bun's own subcommands besides the package manager's (`bun build` bundles; `yarn build` runs the script). */
const BUN_BUILTINS = new Set(['build', 'test', 'upgrade', 'repl', 'init', 'create', 'link', 'pm']);

/** Built-in subcommands that are not scripts (for pnpm/yarn/bun, where `pnpm X` runs script X otherwise). */
const PM_BUILTINS = new Set([
  'install', 'i', 'add', 'remove', 'rm', 'uninstall', 'un', 'update', 'up', 'upgrade', 'ci', 'init', 'create', 'publish',
  'pack', 'link', 'unlink', 'audit', 'outdated', 'list', 'ls', 'why', 'info', 'view', 'exec', 'dlx', 'x', 'config',
  'set', 'get', 'cache', 'store', 'login', 'logout', 'whoami', 'version', 'help', 'import', 'rebuild', 'prune', 'dedupe',
  'patch', 'setup', 'env', 'global', 'bin', 'root', 'workspaces', 'workspace', 'plugin', 'dlx', 'fetch', 'deploy',
  'install-test', 'it', 'install-ci-test', 'cit', 'explain', 'search', 'doctor', 'owner', 'team', 'token', 'profile',
]);

const JUSTFILES = ['justfile', 'Justfile', '.justfile', 'JUSTFILE'];

/**
 * `just [RECIPE…]`: the lines of the recipes it runs (the first recipe when none is named), with the recipes
 * they depend on first. Recipe bodies are indented lines under `name params: deps`; `@` (quiet) and `-`
 * (ignore errors) prefixes are dropped. Recipes with a shebang line are scripts: their body is read as shell
 * when the shebang names a shell, and skipped otherwise (python, node…). Null without a justfile.
 */
export function justRecipes(argv: string[], cwd: string, readFile: ReadFile): MakeRecipes | null {
  let file: string | undefined;
  let dir = cwd;
  const names: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    if (w === '-f' || w === '--justfile') { file = argv[++i]; continue; }
    if (w === '-d' || w === '--working-directory') { dir = posix.resolve(cwd, argv[++i] ?? '.'); continue; }
    if (['-n', '--dry-run', '-l', '--list', '--summary', '--show', '-s', '--dump', '--evaluate', '--variables', '--choose', '--edit', '--init', '--fmt', '--help', '-h', '--version', '-V'].includes(w)) return null;
    if (w.startsWith('-')) continue;
    if (/^[A-Za-z_][\w-]*=/.test(w)) continue; // a variable override
    names.push(w);
  }
  let path: string | undefined;
  let text: string | null = null;
  for (const candidate of file ? [file] : JUSTFILES) {
    path = posix.resolve(cwd, candidate);
    text = readFile(path);
    if (text !== null) break;
  }
  if (text === null || path === undefined) return null;
  const recipes = new Map<string, { deps: string[]; body: Array<{ text: string; line: number }> }>();
  let order: string[] = [];
  let current: { deps: string[]; body: Array<{ text: string; line: number }> } | null = null;
  text.split('\n').forEach((raw, idx) => {
    const line = raw.replace(/\r$/, '');
    if (/^[ \t]+\S/.test(line) && current) { current.body.push({ text: line.trim(), line: idx + 1 }); return; }
    if (line.trim() === '' || line.trimStart().startsWith('#')) { if (!/^[ \t]/.test(line)) current = current && line.trim() === '' ? current : null; return; }
    // a recipe header: [@]name params*: deps  (not `name := value`, not `set …`, not `alias x := y`)
    const m = /^@?([A-Za-z_][\w-]*)((?:\s+[+*$]?[A-Za-z_][\w-]*(?:=(?:'[^']*'|"[^"]*"|\S+))?)*)\s*:(?!=)(.*)$/.exec(line);
    if (m && !/^(set|alias|export|import|mod)$/.test(m[1])) {
      current = { deps: m[3].trim().split(/\s+/).filter((w) => /^[A-Za-z_][\w-]*$/.test(w)), body: [] };
      recipes.set(m[1], current);
      order = [...order, m[1]];
      return;
    }
    current = null;
  });
  const wanted = names.filter((n) => recipes.has(n));
  if (wanted.length === 0 && names.length === 0 && order.length) wanted.push(order[0]);
  const lines: RecipeLine[] = [];
  const seen = new Set<string>();
  const visit = (name: string, depth: number): void => {
    const r = recipes.get(name);
    if (!r || seen.has(name) || depth > 16) return;
    seen.add(name);
    for (const dep of r.deps) visit(dep, depth + 1);
    const shebang = r.body[0]?.text.startsWith('#!') ? r.body[0].text : undefined;
    if (shebang && !/\b(ba|z|da|k)?sh\b/.test(shebang)) return;
    for (const b of shebang ? r.body.slice(1) : r.body) lines.push({ target: name, command: b.text.replace(/^[@-]+/, ''), line: b.line });
  };
  for (const n of wanted) visit(n, 0);
  const rel = posix.relative(cwd, path) || posix.basename(path);
  return { file: rel, dir, lines, env: {} };
}

export interface PackageScripts { file: string; scripts: Array<{ name: string; command: string }> }

/** Verbs (and npm's accepted misspellings) that install the project itself. */
const INSTALL_VERBS = new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'ci', 'clean-install', 'ic', 'install-clean', 'isntall-clean']);
/** Other commands that run the project's lifecycle scripts, in order. */
const OTHER_LIFECYCLES: Record<string, string[]> = {
  version: ['preversion', 'version', 'postversion'],
  publish: ['prepublishOnly', 'prepack', 'prepare', 'postpack', 'publish', 'postpublish'],
  pack: ['prepack', 'prepare', 'postpack'],
};
/** The project's lifecycle scripts an install runs, in order (npm, yarn classic, pnpm and bun run these). */
const INSTALL_LIFECYCLE = ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare'];

/**
 * The scripts `npm run X` (and `npm test`, `yarn X`, `pnpm X`, `bun run X`) runs, with its pre/post scripts;
 * for an install of the project itself (`npm install`, `npm ci`, `yarn`), its install and prepare scripts.
 */
export function packageScripts(argv: string[], cwd: string, readFile: ReadFile): PackageScripts | null {
  const tool = argv[0].replace(/^.*\//, '');
  let dir = cwd;
  const words: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--prefix' || w === '--cwd' || w === '-C' || w === '--dir') { dir = posix.resolve(dir, argv[++i] ?? '.'); continue; }
    if (w.startsWith('--prefix=') || w.startsWith('--cwd=') || w.startsWith('--dir=')) { dir = posix.resolve(dir, w.slice(w.indexOf('=') + 1)); continue; }
    if (w === '--') { words.push(...argv.slice(i)); break; }
    if (w.startsWith('-') && words.length === 0) continue;
    words.push(w);
  }
  let script: string | undefined;
  let extra: string[] = [];
  const [verb, ...rest] = words;
  if (verb === 'run' || verb === 'run-script' || verb === 'rum' || verb === 'urn') {
    script = rest.find((w) => !w.startsWith('-'));
    extra = rest.slice(rest.indexOf(script ?? '') + 1);
  } else if (verb !== undefined && NPM_LIFECYCLE_SHORTCUTS[verb]) {
    script = NPM_LIFECYCLE_SHORTCUTS[verb];
    extra = rest;
  } else if (verb !== undefined && tool !== 'npm' && !PM_BUILTINS.has(verb) && !(tool === 'bun' && BUN_BUILTINS.has(verb))) {
    script = verb;
    extra = rest;
  }
  // `npm install` / `npm ci` / `yarn` / `pnpm install` / `bun install` with no package named: the project's own
  // install and prepare lifecycle scripts run too
  const installsProject = ((verb !== undefined && INSTALL_VERBS.has(verb)) || (verb === undefined && tool === 'yarn'))
    && !rest.some((w) => !w.startsWith('-')) && tool !== 'npx' && !argv.includes('--ignore-scripts');
  // npm version / publish / pack run their own lifecycle scripts (a dry run or --ignore-scripts does not)
  const lifecycle = verb !== undefined && OTHER_LIFECYCLES[verb] && (verb !== 'version' || rest.some((w) => !w.startsWith('-'))) && !argv.includes('--ignore-scripts') && !argv.includes('--dry-run') && tool !== 'npx' ? OTHER_LIFECYCLES[verb] : undefined;
  if (!script && !installsProject && !lifecycle) return null;
  const text = readFile(posix.resolve(dir, 'package.json'));
  if (text === null) return null;
  let scripts: Record<string, unknown>;
  try {
    const pkg = JSON.parse(text) as { scripts?: Record<string, unknown> };
    scripts = pkg.scripts ?? {};
  } catch {
    return null;
  }
  const pick = (name: string): string | undefined => (typeof scripts[name] === 'string' ? scripts[name] as string : undefined);
  const file = dir === cwd ? 'package.json' : posix.join(posix.relative(cwd, dir), 'package.json');
  if (!script) {
    const ran = (lifecycle ?? INSTALL_LIFECYCLE).flatMap((name) => { const command = pick(name); return command === undefined ? [] : [{ name, command }]; });
    return ran.length ? { file, scripts: ran } : null;
  }
  const main = pick(script);
  if (main === undefined) return null;
  const args = extra.filter((w) => w !== '--').map((w) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
  const out: PackageScripts['scripts'] = [];
  const pre = pick(`pre${script}`);
  const post = pick(`post${script}`);
  if (pre !== undefined) out.push({ name: `pre${script}`, command: pre });
  out.push({ name: script, command: args ? `${main} ${args}` : main });
  if (post !== undefined) out.push({ name: `post${script}`, command: post });
  return { file, scripts: out };
}

/** Package managers that run a binary of the project (node_modules/.bin) when no script has the name. */
const BINARY_FALLBACK = new Set(['yarn', 'pnpm', 'bun']);
/** Options of yarn/pnpm/bun, before the command, that take a separate value. */
const PM_VALUE_OPTIONS = new Set(['--cwd', '--prefix', '-C', '--dir', '--filter', '-F', '--workspace-concurrency', '--reporter', '--loglevel']);

/**
 * `yarn cdk destroy`, `pnpm cdk destroy`, `yarn run cdk`, `bun run cdk`: when package.json has no script of
 * that name, the package manager runs the project's binary of that name. The index in argv of the binary's
 * name, or null when a script (or a built-in subcommand) runs instead.
 */
export function projectBinaryIndex(argv: string[], cwd: string, readFile: ReadFile): number | null {
  const tool = argv[0].replace(/^.*\//, '');
  if (!BINARY_FALLBACK.has(tool)) return null;
  let dir = cwd;
  let i = 1;
  for (; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--cwd' || w === '--prefix' || w === '-C' || w === '--dir') { dir = posix.resolve(dir, argv[++i] ?? '.'); continue; }
    if (/^--(?:cwd|prefix|dir)=/.test(w)) { dir = posix.resolve(dir, w.slice(w.indexOf('=') + 1)); continue; }
    if (PM_VALUE_OPTIONS.has(w)) { i++; continue; }
    if (!w.startsWith('-') || w === '--') break;
  }
  if (argv[i] === '--') i++;
  const verb = argv[i];
  if (verb === undefined) return null;
  let at = i;
  if (verb === 'run' && tool !== 'pnpm') {
    at = i + 1;
    while (at < argv.length && argv[at].startsWith('-')) at++;
  } else if (PM_BUILTINS.has(verb) || verb === 'run' || verb === 'run-script' || NPM_LIFECYCLE_SHORTCUTS[verb]) {
    return null;
  }
  const name = argv[at];
  if (name === undefined) return null;
  const text = readFile(posix.resolve(dir, 'package.json'));
  if (text !== null) {
    try {
      const scripts = (JSON.parse(text) as { scripts?: Record<string, unknown> }).scripts ?? {};
      if (typeof scripts[name] === 'string') return null;
    } catch {
      // an unreadable package.json has no scripts the manager could run
    }
  }
  return at;
}
