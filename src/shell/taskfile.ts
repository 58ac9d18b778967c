import { posix } from 'node:path';
import type { Document, LineCounter as LineCounterType } from 'yaml';
import { yaml } from '../core/yaml-lazy.js';
import type { MakeRecipes, RecipeLine } from './scripts.js';

/**
 * `task NAME…` (Task, taskfile.dev): the shell commands a Taskfile runs for the named tasks, with their deps
 * and the tasks they call first, each in its task's `dir`. Read from the Taskfile's YAML (the `yaml` package,
 * loaded only when a `task` command is judged). Pure: the caller's readFile supplies the text.
 *
 * Also read as shell: `sh:` of dynamic variables, `preconditions`, `status` checks and `defer:` commands (Task
 * runs all of them). Go templates stay as text except `{{.CLI_ARGS}}`, which is what follows `--`.
 */

type ReadFile = (absPath: string) => string | null;

export interface TaskRecipes extends MakeRecipes {
  /** Why the Taskfile (or a task's definition) could not be read: what runs is unknown. */
  problems: string[];
}

const TASKFILES = ['Taskfile.yml', 'taskfile.yml', 'Taskfile.yaml', 'taskfile.yaml', 'Taskfile.dist.yml', 'taskfile.dist.yml', 'Taskfile.dist.yaml', 'taskfile.dist.yaml'];
/** Options that only print (nothing runs). */
const PRINT_ONLY = new Set(['-n', '--dry', '-l', '--list', '-a', '--list-all', '--summary', '-i', '--init', '-h', '--help', '--version', '--completion']);
/** Options that take a separate value. */
const VALUE_OPTIONS = new Set(['-d', '--dir', '-t', '--taskfile', '-o', '--output', '-C', '--concurrency', '-I', '--interval', '--sort', '--output-group-begin', '--output-group-end', '--completion']);
const MAX_TASK_DEPTH = 16;

interface Loaded { doc: Document; lines: LineCounterType; path: string; dir: string }

/** The argv of `task` split into task names, variable overrides and CLI_ARGS. Null when it only prints. */
function readArgv(argv: string[], cwd: string): { names: string[]; file?: string; dir: string; cliArgs: string[] } | null {
  const names: string[] = [];
  let file: string | undefined;
  let dir = cwd;
  let cliArgs: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--') { cliArgs = argv.slice(i + 1); break; }
    if (PRINT_ONLY.has(w) || /^--(?:dry|list|list-all|summary)=(?:true|1)?$/.test(w)) return null;
    if (w === '-t' || w === '--taskfile') { file = argv[++i]; continue; }
    if (w.startsWith('--taskfile=')) { file = w.slice('--taskfile='.length); continue; }
    if (w === '-d' || w === '--dir') { dir = posix.resolve(cwd, argv[++i] ?? '.'); continue; }
    if (w.startsWith('--dir=')) { dir = posix.resolve(cwd, w.slice('--dir='.length)); continue; }
    if (VALUE_OPTIONS.has(w)) { i++; continue; }
    if (w.startsWith('-')) continue;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) continue; // a variable for the templates
    names.push(w);
  }
  return { names: names.length ? names : ['default'], file, dir, cliArgs };
}

function quoteWord(w: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

export function taskRecipes(argv: string[], cwd: string, readFile: ReadFile): TaskRecipes | null {
  const args = readArgv(argv, cwd);
  if (!args) return null;
  const Y = yaml();
  const problems: string[] = [];
  const load = (path: string): Loaded | null => {
    const text = readFile(path);
    if (text === null) return null;
    const lines = new Y.LineCounter();
    const doc = Y.parseDocument(text, { lineCounter: lines, uniqueKeys: false });
    if (doc.errors.length) {
      const e = doc.errors[0];
      problems.push(`${path}: not valid YAML (${e.message.split('\n')[0]})`);
      return null;
    }
    return { doc, lines, path, dir: posix.dirname(path) };
  };
  let root: Loaded | null = null;
  for (const candidate of args.file ? [args.file] : TASKFILES) {
    const path = posix.resolve(args.dir, candidate);
    root = load(path);
    if (root || problems.length) break;
  }
  if (!root) return problems.length ? { file: args.file ?? 'Taskfile.yml', dir: args.dir, lines: [], env: {}, problems } : null;

  const cliArgs = args.cliArgs.map(quoteWord).join(' ');
  const out: RecipeLine[] = [];
  const seen = new Set<string>();
  const lineOf = (l: Loaded, node: unknown): number => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? l.lines.linePos(range[0]).line : 1;
  };
  const rel = (p: string) => posix.relative(cwd, p) || posix.basename(p);
  const shell = (l: Loaded, taskName: string, dir: string, node: unknown, text: unknown): void => {
    if (typeof text !== 'string') return;
    out.push({ target: taskName, command: text.replace(/\{\{\s*\.CLI_ARGS\s*\}\}/g, cliArgs), line: lineOf(l, node), dir, file: rel(l.path) });
  };
  /** `sh:` of dynamic variables in a `vars:` map. */
  const dynamicVars = (l: Loaded, taskName: string, dir: string, varsNode: unknown): void => {
    if (!Y.isMap(varsNode)) return;
    for (const pair of varsNode.items) {
      if (Y.isMap(pair.value)) {
        const sh = pair.value.get('sh', true);
        if (Y.isScalar(sh)) shell(l, taskName, dir, sh, sh.value);
      }
    }
  };
  /** Includes: `ns: path` or `ns: {taskfile: path, dir: d}`; a task named `ns:task` lives there. */
  const included = (l: Loaded, ns: string): { file: Loaded; dir: string } | null => {
    const inc = l.doc.getIn(['includes', ns], true);
    let path: unknown;
    let dir: unknown;
    if (Y.isScalar(inc)) path = inc.value;
    else if (Y.isMap(inc)) { path = inc.get('taskfile'); dir = inc.get('dir'); }
    if (typeof path !== 'string') return null;
    let abs = posix.resolve(l.dir, path);
    let file = load(abs);
    if (!file && !/\.ya?ml$/.test(abs)) {
      for (const name of TASKFILES) { abs = posix.join(posix.resolve(l.dir, path), name); file = load(abs); if (file) break; }
    }
    if (!file) return null;
    return { file, dir: typeof dir === 'string' ? posix.resolve(l.dir, dir) : file.dir };
  };

  const visit = (l: Loaded, baseDir: string, name: string, depth: number): void => {
    if (depth > MAX_TASK_DEPTH) { problems.push(`tasks call each other deeper than ${MAX_TASK_DEPTH}`); return; }
    const colon = name.indexOf(':');
    const direct = l.doc.getIn(['tasks', name], true);
    if (direct === undefined && colon > 0) {
      const inc = included(l, name.slice(0, colon));
      if (inc) { visit(inc.file, inc.dir, name.slice(colon + 1), depth + 1); return; }
      problems.push(`task ${name} comes from an include of ${rel(l.path)} that could not be read`);
      return;
    }
    if (direct === undefined) return; // task fails: no such task, nothing runs
    const key = `${l.path}\u0000${name}`;
    if (seen.has(key)) return;
    seen.add(key);
    // short forms: `name: cmd` and `name: [cmd, cmd]`
    if (Y.isScalar(direct)) { shell(l, name, baseDir, direct, direct.value); return; }
    if (Y.isSeq(direct)) { for (const item of direct.items) if (Y.isScalar(item)) shell(l, name, baseDir, item, item.value); return; }
    if (!Y.isMap(direct)) { problems.push(`task ${name} in ${rel(l.path)} is not a map, a command or a list of commands`); return; }
    const dirValue = direct.get('dir');
    const dir = typeof dirValue === 'string' && !dirValue.includes('{{') ? posix.resolve(baseDir, dirValue) : baseDir;
    if (typeof dirValue === 'string' && dirValue.includes('{{')) problems.push(`task ${name} runs in a directory set by a template (${dirValue})`);
    dynamicVars(l, name, dir, direct.get('vars', true));
    const deps = direct.get('deps', true);
    if (Y.isSeq(deps)) {
      for (const dep of deps.items) {
        if (Y.isScalar(dep) && typeof dep.value === 'string') visit(l, baseDir, dep.value, depth + 1);
        else if (Y.isMap(dep) && typeof dep.get('task') === 'string') visit(l, baseDir, dep.get('task') as string, depth + 1);
      }
    }
    for (const list of ['preconditions', 'status']) {
      const checks = direct.get(list, true);
      if (!Y.isSeq(checks)) continue;
      for (const c of checks.items) {
        if (Y.isScalar(c)) shell(l, name, dir, c, c.value);
        else if (Y.isMap(c)) { const sh = c.get('sh', true); if (Y.isScalar(sh)) shell(l, name, dir, sh, sh.value); }
      }
    }
    const single = direct.get('cmd', true);
    const cmds = direct.get('cmds', true);
    const items = Y.isSeq(cmds) ? cmds.items : single !== undefined ? [single] : [];
    for (const item of items) {
      if (Y.isScalar(item)) { shell(l, name, dir, item, item.value); continue; }
      if (!Y.isMap(item)) continue;
      const call = item.get('task');
      if (typeof call === 'string') { visit(l, baseDir, call, depth + 1); continue; }
      const cmd = item.get('cmd', true);
      if (Y.isScalar(cmd)) shell(l, name, dir, cmd, cmd.value);
      const deferred: unknown = item.get('defer', true);
      if (Y.isScalar(deferred)) shell(l, name, dir, deferred, deferred.value);
      else if (Y.isMap(deferred)) {
        const deferredTask = deferred.get('task');
        if (typeof deferredTask === 'string') visit(l, baseDir, deferredTask, depth + 1);
      }
    }
  };
  dynamicVars(root, 'vars', root.dir, root.doc.get('vars', true));
  for (const name of args.names) visit(root, root.dir, name, 0);
  return { file: rel(root.path), dir: root.dir, lines: out, env: {}, problems };
}
