/**
 * `harden`: turn audit findings into edits of the source text, by ranges, so comments and formatting
 * survive. Pure: it gets the parsed configuration and the current .gitignore text, and returns the new
 * text of each file it changes plus what it could not change (to be done by hand).
 */
import type { HclBlock } from './hcl.js';
import { findAttribute, findBlocks, indentAt } from './hcl.js';
import type { ConfigFile } from './model.js';
import { INSTALLED_MODULES_DIR, resolveExpr } from './model.js';
import type { EditTarget, PostureFinding, Repair } from './rules.js';

export interface TextEdit {
  /** File relative to the audited directory. */
  file: string;
  start: number;
  end: number;
  text: string;
  /**
   * An insertion at the end of a block: all insertions into the same block become one edit,
   * `head` + the lines (a blank line between each, so terraform fmt alignment holds) + `tail`.
   */
  insert?: { key: string; head: string; tail: string; lines: string };
  /**
   * Attributes for a block that does not exist yet: those with the same key become one new block
   * (`point_in_time_recovery { ... }` created once, with every attribute that goes into it).
   */
  newBlock?: { key: string; open: string; close: string; indent: string; name: string; value: string };
}

export interface HardenResult {
  /** New text per changed file (relative path -> text). */
  changed: Map<string, { before: string; after: string }>;
  /** Findings fixed by the edits. */
  fixed: PostureFinding[];
  /** What must be done by hand, with the reason. */
  manual: { finding: PostureFinding; why: string }[];
}

type EditOrManual = { edits: TextEdit[] } | { manual: string };

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndOf(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i + 1;
}

function bodyIndent(text: string, block: HclBlock): string {
  const first = [...block.body.attributes.map((a) => a.span.start), ...block.body.blocks.map((b) => b.span.start)].sort((a, b) => a - b)[0];
  const firstIsOnOwnLine = first !== undefined && text.slice(lineStartOf(text, first), first).trim() === '';
  if (first !== undefined && firstIsOnOwnLine) return indentAt(text, first);
  const unit = /^\t/.test(indentAt(text, block.span.start)) ? '\t' : '  ';
  return indentAt(text, block.span.start) + unit;
}

/** Insert lines (already indented, each ending in '\n') at the end of a block's body, before its closing brace. */
function insertAtEnd(file: ConfigFile, block: HclBlock, lines: string): TextEdit[] {
  const text = file.hcl.text;
  const closeLineStart = lineStartOf(text, block.closeStart);
  const braceAlone = closeLineStart > block.openEnd && text.slice(closeLineStart, block.closeStart).trim() === '';
  const empty = block.body.attributes.length === 0 && block.body.blocks.length === 0;
  const key = `${file.rel}:${block.span.start}`;
  if (braceAlone) {
    // A blank line before the new lines keeps `terraform fmt` alignment groups as they were.
    const prevLine = text.slice(lineStartOf(text, closeLineStart - 1), closeLineStart).trim();
    const head = empty || prevLine === '' || prevLine.endsWith('{') ? '' : '\n';
    return [{ file: file.rel, start: closeLineStart, end: closeLineStart, text: head + lines, insert: { key, head, tail: '', lines } }];
  }
  // A one-line block (`x { a = 1 }`) or a closing brace after content: open it up onto lines.
  const outer = indentAt(text, block.span.start);
  const inner = text.slice(block.openEnd, block.closeStart).trim();
  const innerIndent = `${outer}${outer.startsWith('\t') ? '\t' : '  '}`;
  const head = `\n${inner ? `${innerIndent}${inner}\n\n` : ''}`;
  return [{ file: file.rel, start: block.openEnd, end: block.closeStart, text: head + lines + outer, insert: { key, head, tail: outer, lines } }];
}

/** The deepest existing block along `parts`, and the names of the blocks still missing below it. */
function deepestBlock(block: HclBlock, parts: readonly string[]): { block: HclBlock; missing: string[] } {
  let cur = block;
  for (let i = 0; i < parts.length; i++) {
    const next = cur.body.blocks.find((b) => b.type === parts[i]);
    if (!next) return { block: cur, missing: parts.slice(i) };
    cur = next;
  }
  return { block: cur, missing: [] };
}

function setAttr(target: EditTarget, path: string, value: string): EditOrManual {
  const parts = path.split('.');
  const name = parts[parts.length - 1];
  const { block: holder, missing } = deepestBlock(target.block, parts.slice(0, -1));
  if (missing.length) {
    // Create the missing nested blocks (`point_in_time_recovery { enabled = true }`).
    const text = target.file.hcl.text;
    const indent = bodyIndent(text, holder);
    const unit = indent.startsWith('\t') ? '\t' : '  ';
    const open = missing.map((b, i) => `${indent}${unit.repeat(i)}${b} {\n`).join('');
    const close = missing.map((_, i) => `${indent}${unit.repeat(missing.length - 1 - i)}}\n`).join('');
    const [edit] = insertAtEnd(target.file, holder, `${open}${close}`);
    const key = `${target.file.rel}:${holder.span.start}:${missing.join('.')}`;
    return { edits: [{ ...edit, newBlock: { key, open, close, indent: indent + unit.repeat(missing.length), name, value } }] };
  }
  const attr = findAttribute(holder.body, name);
  if (!attr) {
    const indent = bodyIndent(target.file.hcl.text, holder);
    return { edits: insertAtEnd(target.file, holder, `${indent}${name} = ${value}\n`) };
  }
  if (attr.expr.kind === 'literal') {
    return { edits: [{ file: target.file.rel, start: attr.expr.span.start, end: attr.expr.span.end, text: value }] };
  }
  const r = resolveExpr(attr.expr, target.file, target.module);
  const call = r.known ? r.defaultOf?.inst.call : undefined;
  if (r.known && r.origin?.file.rel.startsWith(`${INSTALLED_MODULES_DIR}/`) && call && !call.file.rel.startsWith(`${INSTALLED_MODULES_DIR}/`) && r.defaultOf) {
    // The value is a downloaded module's default: pass the argument in the call, in your own file.
    const indent = bodyIndent(call.file.hcl.text, call.block);
    return { edits: insertAtEnd(call.file, call.block, `${indent}${r.defaultOf.name} = ${value}\n`) };
  }
  if (r.known && r.origin && r.origin.expr.kind === 'literal') {
    return { edits: [{ file: r.origin.file.rel, start: r.origin.expr.span.start, end: r.origin.expr.span.end, text: value }] };
  }
  const why = r.known ? 'its value is not a single literal' : r.why;
  return { manual: `${target.label}: ${name} = ${attr.expr.text} (${why}); make it ${value} where the value is set` };
}

function preventDestroy(target: EditTarget): EditOrManual {
  const lc = findBlocks(target.block.body, 'lifecycle')[0];
  if (lc) return setAttr({ ...target, block: lc }, 'prevent_destroy', 'true');
  const text = target.file.hcl.text;
  const indent = bodyIndent(text, target.block);
  const unit = indent.startsWith('\t') ? '\t' : '  ';
  return { edits: insertAtEnd(target.file, target.block, `${indent}lifecycle {\n${indent}${unit}prevent_destroy = true\n${indent}}\n`) };
}

function addVersioning(repair: Extract<Repair, { kind: 'add-versioning' }>, takenNames: Set<string>): EditOrManual {
  const b = repair.bucket;
  if (findAttribute(b.block.body, 'count') || findAttribute(b.block.body, 'for_each')) {
    return { manual: `${b.address} uses count/for_each: add an aws_s3_bucket_versioning per instance by hand` };
  }
  const dir = b.file.rel.includes('/') ? b.file.rel.slice(0, b.file.rel.lastIndexOf('/')) : '';
  let name = b.name;
  while (takenNames.has(`${dir}|${name}`)) name = `${name}_versioning`;
  takenNames.add(`${dir}|${name}`);
  const text = [
    '',
    '',
    `resource "aws_s3_bucket_versioning" "${name}" {`,
    `  bucket = aws_s3_bucket.${b.name}.id`,
    '',
    '  versioning_configuration {',
    '    status = "Enabled"',
    '  }',
    '}',
  ].join('\n');
  return { edits: [{ file: b.file.rel, start: b.block.span.end, end: b.block.span.end, text }] };
}

function gitignoreText(current: string | null, patterns: readonly string[]): string | null {
  const have = new Set((current ?? '').split(/\r?\n/).map((l) => l.trim()));
  const missing = patterns.filter((p) => !have.has(p));
  if (missing.length === 0) return null;
  const base = current ?? '';
  const sep = base === '' || base.endsWith('\n') ? '' : '\n';
  return `${base}${sep}# Terraform state: secrets inside, and never to be restored from git (twokey harden)\n${missing.join('\n')}\n`;
}

/** Apply non-overlapping edits to a text (later edits that overlap an earlier one are dropped). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.i - b.i);
  let out = '';
  let pos = 0;
  for (const { e } of sorted) {
    if (e.start < pos) continue;
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}

export function planHarden(findings: readonly PostureFinding[], files: readonly ConfigFile[], gitignore: string | null): HardenResult {
  const texts = new Map(files.map((f) => [f.rel, f.hcl.text]));
  const edits: TextEdit[] = [];
  const seen = new Set<string>();
  const fixed: PostureFinding[] = [];
  const manual: HardenResult['manual'] = [];
  const takenNames = new Set(versioningNames(files));
  let gitignorePatterns: string[] = [];
  const addEdits = (es: TextEdit[]) => {
    for (const e of es) {
      const key = `${e.file}:${e.start}:${e.end}:${e.text}:${e.newBlock ? `${e.newBlock.name}=${e.newBlock.value}` : ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edits.push(e);
    }
  };
  for (const f of findings) {
    if (f.fixable === 'manual' || !f.repair) {
      if (f.fixable === 'manual') manual.push({ finding: f, why: f.fix });
      continue;
    }
    const r = f.repair;
    let result: EditOrManual;
    if (r.kind === 'set-attr') {
      result = setAttr(r.target, r.path, r.value);
      if ('edits' in result) {
        for (const extra of r.also ?? []) {
          if (findAttribute(r.target.block.body, extra.path)) continue;
          const more = setAttr(r.target, extra.path, extra.value);
          if ('edits' in more) result.edits.push(...more.edits);
        }
      }
    } else if (r.kind === 'prevent-destroy') result = preventDestroy(r.target);
    else if (r.kind === 'add-versioning') {
      const key = `versioning:${r.bucket.address}`;
      if (seen.has(key)) { fixed.push(f); continue; }
      seen.add(key);
      result = addVersioning(r, takenNames);
    } else {
      gitignorePatterns = [...new Set([...gitignorePatterns, ...r.patterns])];
      result = { edits: [] };
    }
    if ('edits' in result) {
      const outside = result.edits.find((e) => !texts.has(e.file));
      const downloaded = result.edits.find((e) => e.file.startsWith(`${INSTALLED_MODULES_DIR}/`));
      if (outside) result = { manual: `${outside.file} is not part of the audited configuration: change the value there by hand` };
      else if (downloaded) result = { manual: `${downloaded.file} belongs to a module downloaded by \`terraform init\` (overwritten on the next init): set it through the module's arguments, or use a fork` };
    }
    if ('manual' in result) manual.push({ finding: f, why: result.manual });
    else { addEdits(result.edits); fixed.push(f); }
  }
  // Attributes bound for the same new block: one block, `=` aligned as terraform fmt does.
  const blocks = new Map<string, TextEdit[]>();
  for (const e of edits) if (e.newBlock) blocks.set(e.newBlock.key, [...(blocks.get(e.newBlock.key) ?? []), e]);
  const dropped = new Set<TextEdit>();
  for (const group of blocks.values()) {
    const nb = group[0].newBlock!;
    const width = Math.max(...group.map((e) => e.newBlock!.name.length));
    const attrs = group.map((e) => `${nb.indent}${e.newBlock!.name.padEnd(width)} = ${e.newBlock!.value}\n`).join('');
    group[0].insert = { ...group[0].insert!, lines: `${nb.open}${attrs}${nb.close}` };
    for (const e of group.slice(1)) dropped.add(e);
  }
  // Every insertion into the same block: one edit, the new lines separated by blank lines.
  const inserts = new Map<string, TextEdit[]>();
  for (const e of edits) if (e.insert && !dropped.has(e)) inserts.set(e.insert.key, [...(inserts.get(e.insert.key) ?? []), e]);
  for (const group of inserts.values()) {
    const ins = group[0].insert!;
    group[0].text = `${ins.head}${group.map((e) => e.insert!.lines).join('\n')}${ins.tail}`;
    for (const e of group.slice(1)) dropped.add(e);
  }
  const merged = edits.filter((e) => !dropped.has(e));
  const changed = new Map<string, { before: string; after: string }>();
  const byFile = new Map<string, TextEdit[]>();
  for (const e of merged) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, es] of byFile) {
    const before = texts.get(file);
    if (before === undefined) continue;
    // Keep the file's line endings: inserted text uses '\n', a CRLF file gets '\r\n'.
    const crlf = before.includes('\r\n');
    const after = applyEdits(before, crlf ? es.map((e) => ({ ...e, text: e.text.replace(/\r?\n/g, '\r\n') })) : es);
    if (after !== before) changed.set(file, { before, after });
  }
  if (gitignorePatterns.length) {
    const after = gitignoreText(gitignore, gitignorePatterns);
    if (after !== null) changed.set('.gitignore', { before: gitignore ?? '', after });
  }
  return { changed, fixed, manual };
}

/** `dir|name` of existing aws_s3_bucket_versioning resources, so added ones do not collide. */
export function versioningNames(files: readonly ConfigFile[]): string[] {
  return files.flatMap((f) => {
    const dir = f.rel.includes('/') ? f.rel.slice(0, f.rel.lastIndexOf('/')) : '';
    return findBlocks(f.hcl.body, 'resource').filter((b) => b.labels[0] === 'aws_s3_bucket_versioning').map((b) => `${dir}|${b.labels[1] ?? ''}`);
  });
}
