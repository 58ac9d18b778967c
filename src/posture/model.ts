/**
 * A Terraform configuration as `audit` sees it: the root module's files, the local modules it calls
 * (followed recursively), and a small evaluator that resolves literal values through variables
 * (module arguments, tfvars, defaults) and locals, remembering where each value was written so that
 * `harden` can change it there. Pure: the files are read by `loadConfiguration` (the adapter) and
 * handed in as text.
 */
import type { HclAttribute, HclBlock, HclExpr, HclFile, HclSyntaxError, ScalarValue } from './hcl.js';
import { findAttribute, findBlocks } from './hcl.js';

export interface ConfigFile {
  /** Path relative to the audited directory, with '/' separators (what findings show). */
  rel: string;
  hcl: HclFile;
}

export interface VariableDecl {
  name: string;
  block: HclBlock;
  file: ConfigFile;
  default?: HclAttribute;
}

export interface ModuleInstance {
  /** '' for the root; `module.a.module.b` below it. */
  key: string;
  /** Directory relative to the audited directory ('' for the root). */
  dir: string;
  files: ConfigFile[];
  variables: Map<string, VariableDecl>;
  locals: Map<string, { attr: HclAttribute; file: ConfigFile }>;
  /** Arguments passed by the calling module block (or, at the root, tfvars values). */
  args: Map<string, { attr: HclAttribute; file: ConfigFile; scope: ModuleInstance | null }>;
  parent: ModuleInstance | null;
  /** The `module` block that called this instance (null at the root). */
  call: { name: string; block: HclBlock; file: ConfigFile; source: string } | null;
  resources: ResourceRef[];
}

export interface ResourceRef {
  /** Address without instance keys: `module.db.aws_db_instance.this`. */
  address: string;
  type: string;
  name: string;
  block: HclBlock;
  file: ConfigFile;
  module: ModuleInstance;
}

export interface Configuration {
  root: ModuleInstance;
  modules: ModuleInstance[];
  resources: ResourceRef[];
  /** Module calls that were not followed (registry or remote sources, missing directories). */
  unfollowed: UnfollowedModule[];
  /** *.tf.json files, which are not read. */
  skipped: string[];
  /** terraform.tfvars and *.auto.tfvars of the root. */
  tfvars: ConfigFile[];
}

/** A module call whose source is not a local path (registry, git, ...): its resources are not read. */
export interface UnfollowedModule {
  module: string;
  source: string;
  file: string;
  line: number;
  why: string;
  /** The call itself, for rules that know a registry module's defaults (not serialised). */
  call?: { name: string; block: HclBlock; file: ConfigFile; scope: ModuleInstance };
}

/** Where a resolved value was written: the literal `harden` would change. */
export interface ValueOrigin {
  file: ConfigFile;
  expr: HclExpr;
}

export type Resolved =
  /** `defaultOf`: the value is a variable's default (the variable and the instance that declares it). */
  | { known: true; value: unknown; origin: ValueOrigin | null; via: string[]; defaultOf?: { inst: ModuleInstance; name: string } }
  | { known: false; why: string; via: string[] };

/** What the adapter hands in: the text of every .tf file, by directory. */
export interface SourceTree {
  /** Parsed files of one directory (relative path, '' = root); null when the directory does not exist. */
  filesIn(dir: string): ConfigFile[] | null;
  /** tfvars files of the root (terraform.tfvars, *.auto.tfvars), parsed. */
  tfvars: ConfigFile[];
  skipped: string[];
  /**
   * Modules `terraform init` downloaded (.terraform/modules/modules.json): module key (`db`,
   * `db.db_instance`) -> directory relative to the root. Empty when init has not run.
   */
  installedModules?: ReadonlyMap<string, string>;
}

/** Directory of downloaded modules: their files are reported, but never edited by `harden`. */
export const INSTALLED_MODULES_DIR = '.terraform/modules';

export class ConfigParseError extends Error {
  constructor(readonly errors: HclSyntaxError[]) {
    super(errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n'));
    this.name = 'ConfigParseError';
  }
}

const MODULE_META_ARGS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);
const MAX_MODULE_DEPTH = 12;

export function buildConfiguration(tree: SourceTree): Configuration {
  const modules: ModuleInstance[] = [];
  const unfollowed: Configuration['unfollowed'] = [];
  const rootFiles = tree.filesIn('') ?? [];
  const root = makeInstance('', '', rootFiles, null, null);
  for (const tv of tree.tfvars) {
    for (const attr of tv.hcl.body.attributes) root.args.set(attr.name, { attr, file: tv, scope: null });
  }
  const visit = (inst: ModuleInstance, depth: number, chain: string[]): void => {
    modules.push(inst);
    for (const file of inst.files) {
      for (const block of findBlocks(file.hcl.body, 'module')) {
        const name = block.labels[0] ?? '';
        const srcAttr = findAttribute(block.body, 'source');
        const source = srcAttr?.expr.kind === 'literal' && typeof srcAttr.expr.value === 'string' ? srcAttr.expr.value : null;
        const where = { module: `${inst.key ? `${inst.key}.` : ''}module.${name}`, source: source ?? srcAttr?.expr.text ?? '', file: file.rel, line: block.span.line };
        const isLocal = source !== null && (source.startsWith('./') || source.startsWith('../'));
        const moduleKey = [...inst.key.split('.').filter((_, i) => i % 2 === 1), name].join('.');
        const installed = isLocal ? undefined : tree.installedModules?.get(moduleKey);
        if (!isLocal && installed === undefined) {
          unfollowed.push({ ...where, why: 'not a local path and not installed by `terraform init`: its resources are not audited here', call: { name, block, file, scope: inst } });
          continue;
        }
        const dir = installed !== undefined ? installed : joinRel(inst.dir, source ?? '');
        if (dir === null) { unfollowed.push({ ...where, why: 'points outside the audited directory' }); continue; }
        if (depth >= MAX_MODULE_DEPTH || chain.includes(dir)) { unfollowed.push({ ...where, why: 'module nesting too deep or cyclic' }); continue; }
        const files = tree.filesIn(dir);
        if (files === null) { unfollowed.push({ ...where, why: `directory ${dir || '.'} not found` }); continue; }
        const child = makeInstance(where.module, dir, files, inst, { name, block, file, source: source ?? '' });
        for (const attr of block.body.attributes) {
          if (!MODULE_META_ARGS.has(attr.name)) child.args.set(attr.name, { attr, file, scope: inst });
        }
        visit(child, depth + 1, [...chain, dir]);
      }
    }
  };
  visit(root, 0, ['']);
  return { root, modules, resources: modules.flatMap((m) => m.resources), unfollowed, skipped: tree.skipped, tfvars: tree.tfvars };
}

function makeInstance(key: string, dir: string, files: ConfigFile[], parent: ModuleInstance | null, call: ModuleInstance['call']): ModuleInstance {
  const inst: ModuleInstance = { key, dir, files, variables: new Map(), locals: new Map(), args: new Map(), parent, call, resources: [] };
  for (const file of files) {
    for (const block of file.hcl.body.blocks) {
      if (block.type === 'variable' && block.labels[0]) {
        inst.variables.set(block.labels[0], { name: block.labels[0], block, file, default: findAttribute(block.body, 'default') });
      } else if (block.type === 'locals') {
        for (const attr of block.body.attributes) inst.locals.set(attr.name, { attr, file });
      } else if (block.type === 'resource' && block.labels.length >= 2) {
        const [type, name] = block.labels;
        inst.resources.push({ address: `${key ? `${key}.` : ''}${type}.${name}`, type, name, block, file, module: inst });
      }
    }
  }
  return inst;
}

/** Join a module source to its caller's directory, normalised; null when it climbs above the audited root. */
export function joinRel(base: string, source: string): string | null {
  const parts = base ? base.split('/') : [];
  for (const seg of source.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

// ---------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------

const MAX_EVAL_DEPTH = 24;

/** Resolve an expression written in `file` of `inst` to a value, as far as literals allow. */
export function resolveExpr(expr: HclExpr, file: ConfigFile, inst: ModuleInstance, depth = 0, via: string[] = []): Resolved {
  if (depth > MAX_EVAL_DEPTH) return { known: false, why: 'too many indirections', via };
  switch (expr.kind) {
    case 'literal':
      return { known: true, value: expr.value, origin: { file, expr }, via };
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const e of expr.entries ?? []) {
        const r = resolveExpr(e.value, file, inst, depth + 1, via);
        out[e.key] = r.known ? r.value : undefined;
      }
      return { known: true, value: out, origin: null, via };
    }
    case 'tuple': {
      const items = (expr.items ?? []).map((i) => resolveExpr(i, file, inst, depth + 1, via));
      return { known: true, value: items.map((r) => (r.known ? r.value : undefined)), origin: null, via };
    }
    case 'ref':
      return resolveRef(expr.ref ?? [], inst, depth, via);
    case 'call':
      if (expr.fn === 'merge') {
        // merge() of objects that are all known here (tags = merge(local.tags, { Name = "x" })).
        const merged: Record<string, unknown> = {};
        for (const a of expr.args ?? []) {
          const r = resolveExpr(a, file, inst, depth + 1, via);
          if (!r.known || r.value === null || typeof r.value !== 'object' || Array.isArray(r.value)) {
            return { known: false, why: `\`${shorten(expr.text)}\` merges a value not known here`, via };
          }
          Object.assign(merged, r.value);
        }
        return { known: true, value: merged, origin: null, via };
      }
      if (expr.fn === 'coalesce') {
        // The first argument that is neither null nor "", as Terraform does; unknown if one before it is unknown.
        for (const a of expr.args ?? []) {
          const r = resolveExpr(a, file, inst, depth + 1, via);
          if (!r.known) return r;
          if (r.value !== null && r.value !== '') return r;
        }
        return { known: false, why: `\`${shorten(expr.text)}\` has no non-null argument`, via };
      }
      return { known: false, why: `\`${shorten(expr.text)}\` is computed`, via };
    case 'cond': {
      const [c, t, e] = expr.args ?? [];
      const cond = resolveExpr(c, file, inst, depth + 1, via);
      if (!cond.known || typeof cond.value !== 'boolean') return { known: false, why: `the condition of \`${shorten(expr.text)}\` is not known here`, via };
      return resolveExpr(cond.value ? t : e, file, inst, depth + 1, [...cond.via, `${shorten(c.text)} is ${cond.value}`]);
    }
    case 'unary': {
      const r = resolveExpr((expr.args ?? [])[0], file, inst, depth + 1, via);
      if (r.known && expr.op === '!' && typeof r.value === 'boolean') return { known: true, value: !r.value, origin: null, via: r.via };
      if (r.known && expr.op === '-' && typeof r.value === 'number') return { known: true, value: -r.value, origin: null, via: r.via };
      return { known: false, why: `\`${shorten(expr.text)}\` is computed`, via };
    }
    case 'binary': {
      const [lx, rx] = expr.args ?? [];
      const l = resolveExpr(lx, file, inst, depth + 1, via);
      const r = resolveExpr(rx, file, inst, depth + 1, l.via);
      const v = l.known && r.known ? binaryValue(expr.op ?? '', l.value, r.value) : undefined;
      if (v === undefined) return { known: false, why: `\`${shorten(expr.text)}\` is computed`, via };
      return { known: true, value: v, origin: null, via: r.via };
    }
    default:
      return { known: false, why: `\`${shorten(expr.text)}\` is computed`, via };
  }
}

function resolveRef(ref: string[], inst: ModuleInstance, depth: number, via: string[]): Resolved {
  const [head, name, ...rest] = ref;
  if (!name) return { known: false, why: `\`${ref.join('.')}\` is not a value`, via };
  if (head === 'var') {
    const step = `var.${name}${inst.key ? ` in ${inst.key}` : ''}`;
    const arg = inst.args.get(name);
    let r: Resolved;
    if (arg) {
      const where = `${arg.file.rel}:${arg.attr.span.line}`;
      r = arg.scope ? resolveExpr(arg.attr.expr, arg.file, arg.scope, depth + 1, [...via, `${step} (argument at ${where})`])
        : resolveExpr(arg.attr.expr, arg.file, inst, depth + 1, [...via, `${step} (tfvars ${where})`]);
    } else {
      const decl = inst.variables.get(name);
      if (!decl) return { known: false, why: `${step} is not declared`, via };
      if (!decl.default) return { known: false, why: `${step} has no default and no value here`, via };
      r = resolveExpr(decl.default.expr, decl.file, inst, depth + 1, [...via, `${step} (default at ${decl.file.rel}:${decl.default.span.line})`]);
      if (r.known && !r.defaultOf) r = { ...r, defaultOf: { inst, name } };
    }
    return rest.length ? pick(r, rest) : r;
  }
  if (head === 'local') {
    const local = inst.locals.get(name);
    if (!local) return { known: false, why: `local.${name} is not defined`, via };
    const r = resolveExpr(local.attr.expr, local.file, inst, depth + 1, [...via, `local.${name} (${local.file.rel}:${local.attr.span.line})`]);
    return rest.length ? pick(r, rest) : r;
  }
  return { known: false, why: `\`${ref.join('.')}\` is known only after apply`, via };
}

function pick(r: Resolved, path: string[]): Resolved {
  if (!r.known) return r;
  let v: unknown = r.value;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return { known: false, why: `no attribute ${p}`, via: r.via };
    v = (v as Record<string, unknown>)[p];
  }
  if (v === undefined) return { known: false, why: `no attribute ${path.join('.')}`, via: r.via };
  return { known: true, value: v, origin: null, via: r.via };
}

/** ==, !=, &&, ||, and numeric comparisons over known scalars; undefined when not evaluable here. */
function binaryValue(op: string, a: unknown, b: unknown): boolean | undefined {
  const scalarA = scalar(a);
  const scalarB = scalar(b);
  if (op === '==' || op === '!=') {
    if (scalarA === undefined || scalarB === undefined) return undefined;
    return (scalarA === scalarB) === (op === '==');
  }
  if ((op === '&&' || op === '||') && typeof a === 'boolean' && typeof b === 'boolean') return op === '&&' ? a && b : a || b;
  if (typeof a === 'number' && typeof b === 'number') {
    if (op === '<') return a < b;
    if (op === '<=') return a <= b;
    if (op === '>') return a > b;
    if (op === '>=') return a >= b;
  }
  return undefined;
}

function shorten(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}

/** An attribute of a resource, looked up by a dotted path through nested blocks. */
export interface AttributeLookup {
  /** The attribute when present. */
  attr?: HclAttribute;
  /** The body that holds (or would hold) it; null when a parent block on the path is absent. */
  holder: HclBlock | null;
  /** A parent on the path is written as a `dynamic` block: its content is not known here. */
  dynamic?: boolean;
  resolved?: Resolved;
}

export function lookupAttribute(res: ResourceRef, path: string): AttributeLookup {
  const parts = path.split('.');
  let holder: HclBlock = res.block;
  for (const blockName of parts.slice(0, -1)) {
    const next = holder.body.blocks.find((b) => b.type === blockName);
    if (!next) {
      const dynamic = holder.body.blocks.some((b) => b.type === 'dynamic' && b.labels[0] === blockName);
      return { holder: null, dynamic };
    }
    holder = next;
  }
  const attr = findAttribute(holder.body, parts[parts.length - 1]);
  if (!attr) return { holder };
  return { attr, holder, resolved: resolveExpr(attr.expr, res.file, res.module) };
}

export function scalar(v: unknown): ScalarValue | undefined {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;
}
