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
} as const;

export const REDIR_TEXT: Record<number, string> = {
  54: '>', 55: '>>', 56: '<', 57: '<>', 58: '<&', 59: '>&', 60: '>|', 61: '<<', 62: '<<-', 63: '<<<', 64: '&>', 65: '&>>',
};

export const syntax: SyntaxApi = mvdan.syntax;

let parser: { Parse(src: string, name: string): ShNode } | null = null;

export interface ParseFailure { message: string; offset: number }

/** Parses bash source; returns the File node or the parser's error with its byte offset. */
export function parseBash(src: string): { file: ShNode } | { error: ParseFailure } {
  parser ??= syntax.NewParser(syntax.KeepComments(false), syntax.Variant(syntax.LangBash));
  try {
    return { file: parser.Parse(src, '') };
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
}

export function nodeType(node: ShNode): string {
  return syntax.NodeType(node);
}

export function startOffset(node: ShNode): number {
  return node.Pos().Offset();
}

export function endOffset(node: ShNode): number {
  return node.End().Offset();
}

/** Go slices arrive as JS arrays (or null for nil). */
export function list(x: ShNode): ShNode[] {
  return Array.isArray(x) ? x : x && typeof x.length === 'number' ? Array.from(x as ArrayLike<ShNode>) : [];
}

/** Go nil pointers arrive as null. */
export function present(x: ShNode): boolean {
  return x !== null && x !== undefined;
}
