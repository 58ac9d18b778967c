import mvdan from 'mvdan-sh';

/**
 * The one place that touches the shell parser (mvdan-sh: mvdan.cc/sh/v3 compiled to JS by GopherJS).
 * Its nodes are Go structs seen from JS: fields are properties, positions are methods. The package has no
 * types, so nodes are typed loosely here (`ShNode`) and read through the small helpers below.
 */

// Go structs without TypeScript types: every field read goes through this alias on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ShNode = any;

export interface SyntaxApi {
  NewParser(...options: unknown[]): { Parse(src: string, name: string): ShNode };
  NodeType(node: ShNode): string;
  Walk(node: ShNode, fn: (node: ShNode) => boolean): void;
  SplitBraces(word: ShNode): ShNode;
  KeepComments(keep: boolean): unknown;
  Variant(lang: unknown): unknown;
  LangBash: unknown;
}

/** Operator codes of mvdan.cc/sh/v3 (measured from the package; test/shell checks them). */
export const OP = {
  and: 10, or: 11, pipe: 12, pipeAll: 13,
  redirOut: 54, appOut: 55, redirIn: 56, rdrInOut: 57, dplIn: 58, dplOut: 59, clbOut: 60,
  hdoc: 61, dashHdoc: 62, wordHdoc: 63, rdrAll: 64, appAll: 65,
  procIn: 66, procOut: 67,
  // parameter expansion operators
  alternateUnset: 68, alternateUnsetOrNull: 69, defaultUnset: 70, defaultUnsetOrNull: 71,
  errorUnset: 72, errorUnsetOrNull: 73, assignUnset: 74, assignUnsetOrNull: 75,
  removeSmallSuffix: 76, removeLargeSuffix: 77, removeSmallPrefix: 78, removeLargePrefix: 79,
  upperFirst: 80, upperAll: 81, lowerFirst: 82, lowerAll: 83,
} as const;

export const REDIR_TEXT: Record<number, string> = {
  54: '>', 55: '>>', 56: '<', 57: '<>', 58: '<&', 59: '>&', 60: '>|', 61: '<<', 62: '<<-', 63: '<<<', 64: '&>', 65: '&>>',
};

export const syntax: SyntaxApi = mvdan.syntax;

let parser: { Parse(src: string, name: string): ShNode } | null = null;

export interface ParseFailure { message: string; offset: number }

/**
 * Parses bash source into a plain JS syntax tree (see `toPlain`); returns the parser's error with its byte
 * offset when the source does not parse.
 */
export function parseBash(src: string): { file: ShNode } | { error: ParseFailure } {
  parser ??= syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));
  let wrapped: ShNode;
  try {
    wrapped = parser.Parse(src, '');
  } catch (e) {
    const err = e as ShNode;
    let offset = 0;
    try { offset = typeof err?.Pos?.Offset === 'function' ? err.Pos.Offset() : 0; } catch { offset = 0; }
    const message = typeof err?.Text === 'string' ? err.Text
      : typeof err?.Feature === 'string' ? `${err.Feature} is not supported`
      : err instanceof Error ? err.message : String(err);
    // a fresh parser after a failure, in case the old one kept state
    parser = null;
    return { error: { message, offset } };
  }
  const internal = wrapped?.__internal_object__;
  // Without the Go value behind the wrapper the plain tree cannot be built: fail closed (a parse error).
  if (!internal || typeof internal.constructor?.kind !== 'number') {
    return { error: { message: 'the shell parser returned an unexpected value (mvdan-sh internals changed?)', offset: 0 } };
  }
  return { file: toPlain(internal, internal.constructor) };
}

// -----------------------------------------------------------------------------------------------------
// Plain trees. Reading the GopherJS wrappers field by field costs a copy and an allocation per access
// (measured: 4-30x the parse itself), so the Go values behind the wrapper are converted once into plain
// objects: { type: 'CallExpr', pos, end, ...exported fields }, slices as arrays, nil as null, Go's UTF-8
// byte strings decoded, syntax.Pos as its byte offset.
// -----------------------------------------------------------------------------------------------------

interface GoType { kind: number; string: string; elem?: GoType; nil?: unknown; fields?: Array<{ prop: string; exported: boolean; typ: GoType }> }

const KIND = { interface: 20, ptr: 22, slice: 23, string: 24, struct: 25 } as const;
const SKIPPED_FIELDS = new Set(['Comments', 'Last']);
const fieldCache = new Map<GoType, Array<{ prop: string; typ: GoType }>>();

function exportedFields(t: GoType): Array<{ prop: string; typ: GoType }> {
  let f = fieldCache.get(t);
  if (!f) {
    f = (t.fields ?? []).filter((x) => x.exported && !SKIPPED_FIELDS.has(x.prop)).map((x) => ({ prop: x.prop, typ: x.typ }));
    fieldCache.set(t, f);
  }
  return f;
}

function goString(s: string): string {
  // GopherJS keeps Go strings as byte strings: decode UTF-8 when there is any non-ASCII byte
  return /[\x80-\xff]/.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s;
}

export function toPlain(v: ShNode, t: GoType): ShNode {
  switch (t.kind) {
    case KIND.interface: {
      const dyn = v?.constructor as GoType | undefined;
      if (v === null || v === undefined || !dyn || typeof dyn.kind !== 'number') return null;
      return toPlain(v, dyn);
    }
    case KIND.ptr:
      if (v === null || v === undefined || v === t.nil || !t.elem || t.elem.kind !== KIND.struct) return null;
      return structToPlain(v, t.elem, t.string);
    case KIND.slice: {
      if (!v || !v.$array) return [];
      const out: ShNode[] = [];
      for (let i = 0; i < v.$length; i++) out.push(toPlain(v.$array[v.$offset + i], t.elem as GoType));
      return out;
    }
    case KIND.string:
      return goString(v);
    case KIND.struct:
      if (t.string === 'syntax.Pos') return v.offs;
      return structToPlain(v, t, t.string);
    default:
      return v;
  }
}

function structToPlain(v: ShNode, st: GoType, name: string): ShNode {
  const o: Record<string, unknown> = { type: name.slice(name.lastIndexOf('.') + 1) };
  for (const f of exportedFields(st)) o[f.prop] = toPlain(v[f.prop], f.typ);
  if (typeof v.Pos === 'function' && typeof v.End === 'function') {
    o.pos = v.Pos().offs;
    o.end = v.End().offs;
  }
  return o;
}

export function nodeType(node: ShNode): string {
  return node.type;
}

export function startOffset(node: ShNode): number {
  return node.pos;
}

export function endOffset(node: ShNode): number {
  return node.end;
}

/** Visits every node under `node` (depth first); `fn` returns false to skip a node's children. */
export function walkPlain(node: ShNode, fn: (n: ShNode) => boolean): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) { for (const x of node) walkPlain(x, fn); return; }
  if (typeof node.type === 'string' && !fn(node)) return;
  for (const k of Object.keys(node)) {
    const x = node[k];
    if (x !== null && typeof x === 'object') walkPlain(x, fn);
  }
}

/** Go slices arrive as JS arrays (or null for nil). */
export function list(x: ShNode): ShNode[] {
  return Array.isArray(x) ? x : x && typeof x.length === 'number' ? Array.from(x as ArrayLike<ShNode>) : [];
}

/** Go nil pointers arrive as null. */
export function present(x: ShNode): boolean {
  return x !== null && x !== undefined;
}
