/**
 * HCL (Terraform) parsing with source ranges, on tree-sitter's HCL grammar (wasm, shipped inside the npm
 * packages: nothing is downloaded at run time). The tree is turned into a small syntax model that keeps
 * every node's offsets, so `harden` can edit the source text in place and leave comments and formatting
 * alone. Loaded lazily: only `audit` and `harden` pay for it, never the hook path.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Node as TsNode, Parser as TsParser } from 'web-tree-sitter';

/** Where a piece of source sits: offsets into the file's text (UTF-16 units), 1-based line and column. */
export interface Span {
  start: number;
  end: number;
  line: number;
  column: number;
}

export type ScalarValue = string | number | boolean | null;

/** An expression, with its literal value when it has one and the references it makes. */
export interface HclExpr {
  kind: 'literal' | 'ref' | 'object' | 'tuple' | 'template' | 'call' | 'cond' | 'binary' | 'unary' | 'other';
  span: Span;
  text: string;
  /** kind 'literal' */
  value?: ScalarValue;
  /** kind 'ref': `var.x` -> ['var','x'], `aws_s3_bucket.b.id` -> ['aws_s3_bucket','b','id'] */
  ref?: string[];
  /** kind 'object' */
  entries?: { key: string; value: HclExpr }[];
  /** kind 'tuple' */
  items?: HclExpr[];
  /** kind 'call': function name and arguments (`merge(a, b)`); 'cond': [condition, then, else]; 'binary': [left, right]; 'unary': [operand]. */
  fn?: string;
  args?: HclExpr[];
  /** kind 'binary' / 'unary': the operator (`==`, `!=`, `&&`, `||`, `<`, `!`, `-`, ...). */
  op?: string;
  /** Every traversal (`a.b.c`) anywhere inside the expression. */
  refs: string[][];
}

export interface HclAttribute {
  name: string;
  expr: HclExpr;
  span: Span;
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

export interface HclBlock {
  type: string;
  labels: string[];
  body: HclBody;
  span: Span;
  /** Offset just after the opening `{`. */
  openEnd: number;
  /** Offset of the closing `}`. */
  closeStart: number;
}

export interface HclSyntaxError {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface HclFile {
  path: string;
  text: string;
  body: HclBody;
  errors: HclSyntaxError[];
}

export interface HclParser {
  parse(path: string, text: string): HclFile;
}

let cached: Promise<HclParser> | undefined;

/** The parser, loaded once per process. */
export function loadHclParser(): Promise<HclParser> {
  cached ??= createParser();
  return cached;
}

async function createParser(): Promise<HclParser> {
  const require = createRequire(import.meta.url);
  // Liftoff only: the wasm compiles in a fraction of the time (measured +70 ms cold instead of +600 ms).
  try {
    (await import('node:v8')).setFlagsFromString('--liftoff-only');
  } catch { /* an older runtime without the flag: only slower */ }
  const { Parser, Language } = await import('web-tree-sitter');
  const runtimeWasm = require.resolve('web-tree-sitter/tree-sitter.wasm');
  await Parser.init({ locateFile: () => runtimeWasm } as unknown as Parameters<typeof Parser.init>[0]);
  const grammarDir = dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json'));
  const language = await Language.load(readFileSync(join(grammarDir, 'tree-sitter-terraform.wasm')));
  const parser: TsParser = new Parser();
  parser.setLanguage(language);
  return {
    parse(path, text) {
      const tree = parser.parse(text);
      if (!tree) return { path, text, body: { attributes: [], blocks: [] }, errors: [{ file: path, line: 1, column: 1, message: 'the parser returned nothing' }] };
      const root = tree.rootNode;
      const errors = root.hasError ? collectErrors(root, path, text) : [];
      const bodyNode = root.namedChildren.find((c) => c?.type === 'body') ?? null;
      const body = bodyNode ? convertBody(bodyNode, text) : { attributes: [], blocks: [] };
      tree.delete();
      return { path, text, body, errors };
    },
  };
}

function spanOf(node: TsNode): Span {
  return { start: node.startIndex, end: node.endIndex, line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

function kids(node: TsNode): TsNode[] {
  return node.children.filter((c): c is TsNode => c !== null);
}

function collectErrors(root: TsNode, file: string, text: string): HclSyntaxError[] {
  const out: HclSyntaxError[] = [];
  const walk = (n: TsNode): void => {
    if (out.length >= 5) return;
    if (n.isMissing) {
      out.push({ file, line: n.startPosition.row + 1, column: n.startPosition.column + 1, message: `missing ${JSON.stringify(n.type)}` });
      return;
    }
    if (n.isError) {
      const snippet = text.slice(n.startIndex, Math.min(n.endIndex, n.startIndex + 40)).split('\n')[0];
      out.push({ file, line: n.startPosition.row + 1, column: n.startPosition.column + 1, message: `unexpected ${JSON.stringify(snippet)}` });
      return;
    }
    if (!n.hasError) return;
    for (const c of kids(n)) walk(c);
  };
  walk(root);
  if (out.length === 0) out.push({ file, line: 1, column: 1, message: 'syntax error' });
  return out;
}

function convertBody(node: TsNode, text: string): HclBody {
  const body: HclBody = { attributes: [], blocks: [] };
  for (const c of kids(node)) {
    if (c.type === 'attribute') {
      const name = c.namedChildren.find((k) => k?.type === 'identifier');
      const exprNode = c.namedChildren.find((k) => k?.type === 'expression');
      if (name && exprNode) body.attributes.push({ name: name.text, expr: convertExpr(exprNode, text), span: spanOf(c) });
    } else if (c.type === 'block') {
      body.blocks.push(convertBlock(c, text));
    }
  }
  return body;
}

function convertBlock(node: TsNode, text: string): HclBlock {
  const children = kids(node);
  const type = children[0]?.text ?? '';
  const labels: string[] = [];
  let openEnd = node.startIndex;
  let closeStart = node.endIndex - 1;
  let body: HclBody = { attributes: [], blocks: [] };
  for (const c of children.slice(1)) {
    if (c.type === 'string_lit') labels.push(stringLitValue(c));
    else if (c.type === 'identifier') labels.push(c.text);
    else if (c.type === 'block_start') openEnd = c.endIndex;
    else if (c.type === 'block_end') closeStart = c.startIndex;
    else if (c.type === 'body') body = convertBody(c, text);
  }
  return { type, labels, body, span: spanOf(node), openEnd, closeStart };
}

function unescapeHcl(raw: string): string {
  return raw.replace(/\\(["\\nrt]|u[0-9a-fA-F]{4})/g, (_m, e: string) => {
    if (e === 'n') return '\n';
    if (e === 'r') return '\r';
    if (e === 't') return '\t';
    if (e.startsWith('u')) return String.fromCharCode(parseInt(e.slice(1), 16));
    return e;
  }).replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

function stringLitValue(node: TsNode): string {
  return unescapeHcl(kids(node).filter((k) => k.type === 'template_literal' || k.type === 'escape_sequence').map((k) => k.text).join(''));
}

/** A single named child, skipping wrapper nodes like `expression` and `collection_value`. */
function unwrap(node: TsNode): TsNode {
  let n = node;
  for (;;) {
    const named = n.namedChildren.filter((k): k is TsNode => k !== null);
    if ((n.type === 'expression' || n.type === 'collection_value' || n.type === 'literal_value') && named.length === 1) n = named[0];
    else return n;
  }
}

function convertExpr(exprNode: TsNode, text: string): HclExpr {
  const base = { span: spanOf(exprNode), text: exprNode.text, refs: collectRefs(exprNode) };
  const named = exprNode.namedChildren.filter((k): k is TsNode => k !== null);
  return convertSeq(exprNode.type === 'expression' ? named : [exprNode], base, text);
}

/** The operands of an operator are sibling nodes, not `expression` nodes: convert a run of them. */
function convertRun(nodes: TsNode[], text: string): HclExpr {
  const first = nodes[0];
  const last = nodes[nodes.length - 1];
  const span: Span = { start: first.startIndex, end: last.endIndex, line: first.startPosition.row + 1, column: first.startPosition.column + 1 };
  const refs = nodes.flatMap((n) => (n.type === 'variable_expr' ? [] : collectRefs(n)));
  if (first.type === 'variable_expr') {
    const parts = traversal(nodes);
    if (parts) refs.unshift(parts);
  }
  return convertSeq(nodes, { span, text: text.slice(span.start, span.end), refs }, text);
}

function convertSeq(named: TsNode[], base: { span: Span; text: string; refs: string[][] }, text: string): HclExpr {
  // A traversal: variable_expr followed by get_attr / index nodes (siblings inside `expression`).
  if (named[0]?.type === 'variable_expr') {
    const parts = traversal(named);
    if (parts) return { kind: 'ref', ref: parts, ...base };
    return { kind: 'other', ...base };
  }
  if (named.length !== 1) return { kind: 'other', ...base };
  const n = unwrap(named[0]);
  if (n.type === 'expression') return { ...convertExpr(n, text), span: base.span, text: base.text };
  switch (n.type) {
    case 'conditional': {
      const parts = n.namedChildren.filter((k): k is TsNode => k?.type === 'expression').map((k) => convertExpr(k, text));
      return parts.length === 3 ? { kind: 'cond', args: parts, ...base } : { kind: 'other', ...base };
    }
    case 'operation': {
      const op = n.namedChildren.find((k) => k?.type === 'binary_operation' || k?.type === 'unary_operation');
      if (!op) return { kind: 'other', ...base };
      const children = kids(op);
      const opIndex = children.findIndex((k) => !k.isNamed);
      if (opIndex < 0) return { kind: 'other', ...base };
      const before = children.slice(0, opIndex).filter((k) => k.isNamed);
      const after = children.slice(opIndex + 1).filter((k) => k.isNamed);
      if (op.type === 'unary_operation' && before.length === 0 && after.length) {
        return { kind: 'unary', op: children[opIndex].type, args: [convertRun(after, text)], ...base };
      }
      if (op.type === 'binary_operation' && before.length && after.length) {
        return { kind: 'binary', op: children[opIndex].type, args: [convertRun(before, text), convertRun(after, text)], ...base };
      }
      return { kind: 'other', ...base };
    }
  }
  switch (n.type) {
    case 'string_lit': return { kind: 'literal', value: stringLitValue(n), ...base };
    case 'numeric_lit': return { kind: 'literal', value: Number(n.text), ...base };
    case 'bool_lit': return { kind: 'literal', value: n.text === 'true', ...base };
    case 'null_lit': return { kind: 'literal', value: null, ...base };
    case 'template_expr': return { kind: 'template', ...base };
    case 'tuple': {
      const items = n.namedChildren.filter((k): k is TsNode => k?.type === 'expression').map((k) => convertExpr(k, text));
      return { kind: 'tuple', items, ...base };
    }
    case 'object': {
      const entries: { key: string; value: HclExpr }[] = [];
      for (const el of n.namedChildren) {
        if (el?.type !== 'object_elem') continue;
        const parts = el.namedChildren.filter((k): k is TsNode => k?.type === 'expression');
        if (parts.length < 2) continue;
        const keyExpr = convertExpr(parts[0], text);
        const key = keyExpr.kind === 'literal' ? String(keyExpr.value) : keyExpr.kind === 'ref' && keyExpr.ref?.length === 1 ? keyExpr.ref[0] : keyExpr.text;
        entries.push({ key, value: convertExpr(parts[parts.length - 1], text) });
      }
      return { kind: 'object', entries, ...base };
    }
    case 'function_call': {
      const name = n.namedChildren.find((k) => k?.type === 'identifier')?.text ?? '';
      const argsNode = n.namedChildren.find((k) => k?.type === 'function_arguments');
      const expanded = argsNode ? kids(argsNode).some((k) => k.type === 'expand_args' || k.text === '...') : false;
      if (expanded) return { kind: 'other', ...base };
      const args = (argsNode?.namedChildren ?? []).filter((k): k is TsNode => k?.type === 'expression').map((k) => convertExpr(k, text));
      return { kind: 'call', fn: name, args, ...base };
    }
    default:
      return { kind: 'other', ...base };
  }
}

/** `var.x`, `local.a.b`, `aws_s3_bucket.b.id`, `module.m.out` with literal indexes skipped. Null when not a plain traversal. */
function traversal(named: TsNode[]): string[] | null {
  const parts: string[] = [];
  for (const k of named) {
    if (k.type === 'variable_expr') parts.push(k.text);
    else if (k.type === 'get_attr') {
      const id = k.namedChildren.find((c) => c?.type === 'identifier');
      if (!id) return null;
      parts.push(id.text);
    } else if (k.type === 'index' || k.type === 'splat' || k.type === 'attr_splat' || k.type === 'full_splat') {
      continue;
    } else return null;
  }
  return parts;
}

function collectRefs(node: TsNode): string[][] {
  const out: string[][] = [];
  const walk = (n: TsNode): void => {
    const named = n.namedChildren.filter((k): k is TsNode => k !== null);
    for (let i = 0; i < named.length; i++) {
      const k = named[i];
      if (k.type === 'variable_expr') {
        const parts = [k.text];
        for (let j = i + 1; j < named.length; j++) {
          const g = named[j];
          if (g.type === 'get_attr') {
            const id = g.namedChildren.find((c) => c?.type === 'identifier');
            if (id) parts.push(id.text);
          } else if (g.type !== 'index' && g.type !== 'splat') break;
        }
        out.push(parts);
      } else {
        walk(k);
      }
    }
  };
  walk(node);
  return out;
}

// ---------------------------------------------------------------------------
// Small helpers over the syntax model
// ---------------------------------------------------------------------------

export function findAttribute(body: HclBody, name: string): HclAttribute | undefined {
  return body.attributes.find((a) => a.name === name);
}

export function findBlocks(body: HclBody, type: string): HclBlock[] {
  return body.blocks.filter((b) => b.type === type);
}

/** Follow a dotted path of nested blocks; null when one is absent. */
export function descend(body: HclBody, blockPath: readonly string[]): HclBody | null {
  let cur: HclBody = body;
  for (const name of blockPath) {
    const next = cur.blocks.find((b) => b.type === name);
    if (!next) return null;
    cur = next.body;
  }
  return cur;
}

/** The whitespace that starts the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const m = /^[ \t]*/.exec(text.slice(lineStart));
  return m ? m[0] : '';
}
