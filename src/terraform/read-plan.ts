/**
 * Reading a plan from disk: plan JSON (UTF-8, UTF-16 with a BOM, with CLI-wrapper noise around it),
 * a binary plan file (zip: `show -json` is run on it, lineage and serial come from its tfstate), and
 * very large JSON plans that cannot fit in one string (streamed).
 */
import { openSync, readSync, closeSync, fstatSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import type { PlanJson, StateIdentity } from './plan-types.js';
import { looksLikeZip, openZip, ZipError } from './zip.js';
import { parseStateText } from './state.js';
import { streamPlanFile } from './stream-plan.js';

/** Files larger than this are streamed instead of read into one string. */
export const STREAM_THRESHOLD_BYTES = 256 * 1024 * 1024;

export interface LoadedPlan {
  plan: PlanJson;
  path: string;
  kind: 'json' | 'binary';
  /** The state the plan was made against, when the file says (binary plans). */
  state?: StateIdentity;
  /** Terraform configuration files inside a binary plan (`tfconfig/...`), for lifecycle facts. */
  configFiles?: Record<string, string>;
  /** Things said about the reading (noise skipped, encoding, streaming). */
  notes: string[];
  streamed: boolean;
  bytes: number;
}

export interface ReadPlanOptions {
  /** Binary to run `show -json` with on a binary plan (default: terraform, or tofu when only it exists). */
  tool?: string;
  /** Working directory for `show -json` (default: the plan file's directory). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Force the streaming path (tests), or change its threshold. */
  forceStream?: boolean;
  streamThreshold?: number;
}

/** Decodes bytes to text: UTF-8 (with or without BOM), UTF-16 LE/BE with a BOM, or BOM-less UTF-16 LE guessed from NULs. */
export function decodePlanBytes(buf: Buffer): { text: string; encoding: string } {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8 (BOM)' };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: buf.subarray(2).toString('utf16le'), encoding: 'utf-16le (BOM)' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return { text: swapped.toString('utf16le'), encoding: 'utf-16be (BOM)' };
  }
  if (buf.length >= 4 && buf[1] === 0 && buf[3] === 0 && buf[0] !== 0) return { text: buf.toString('utf16le'), encoding: 'utf-16le (no BOM)' };
  return { text: buf.toString('utf8'), encoding: 'utf-8' };
}

/** 1-based line and column of a character offset. */
export function lineColOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) { line++; last = i; }
  return { line, column: offset - last };
}

/** End (exclusive) of the JSON object starting at `start` ('{'), string-aware; -1 if it never closes. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) { depth--; if (depth === 0) return i + 1; }
  }
  return -1;
}

/** Offset of the first JSON syntax error in text[start..] (a small validator, used only on the error path). */
export function jsonErrorOffset(text: string, start = 0): number {
  let i = start;
  const ws = () => { while (i < text.length && ' \t\r\n'.includes(text[i])) i++; };
  const fail = (): never => { throw i; };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws(); if (text[i] !== '"') fail(); str(); ws();
        if (text[i] !== ':') fail(); i++; value(); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        fail();
      }
    } else if (c === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        value(); ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        fail();
      }
    } else if (c === '"') str();
    else {
      const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
      if (!m) fail();
      i += m![0].length;
    }
  };
  const str = () => {
    i++;
    while (i < text.length && text[i] !== '"') { if (text[i] === '\\') i++; else if (text.charCodeAt(i) < 0x20) fail(); i++; }
    if (i >= text.length) fail();
    i++;
  };
  try { value(); ws(); return i < text.length ? i : -1; } catch (at) { return typeof at === 'number' ? at : -1; }
}

function jsonErrorWhere(err: unknown, text: string, base: number): string {
  const msg = (err as Error).message.split('\n')[0];
  const m = /position (\d+)/.exec(msg);
  const at = m ? base + Number(m[1]) : jsonErrorOffset(text, base);
  const short = msg.replace(/ in JSON at position \d+.*$/, '').replace(/, ".*$/, '').replace(/ is not valid JSON$/, '');
  if (at < 0) return short;
  const { line, column } = lineColOf(text, Math.min(at, text.length));
  return `${short} at line ${line}, column ${column}`;
}

/**
 * The plan JSON inside text that may carry wrapper noise before and after it (e.g. `[command]terraform
 * show -json` lines, `::set-output` lines, a `%0A` escape). Throws UserError saying what and where.
 */
export function parsePlanText(text: string, file = 'plan'): { plan: PlanJson; notes: string[] } {
  const notes: string[] = [];
  const first = text.search(/\S/);
  if (first < 0) throw new UserError(`${file}: the file is empty, not a plan`, 'Make it with: terraform show -json PLANFILE > plan.json');
  if (text[first] === '{') {
    try {
      return { plan: asPlan(JSON.parse(text), file), notes };
    } catch (err) {
      if (err instanceof UserError) throw err;
      // fall through: maybe noise after the object
      const end = objectEnd(text, text.indexOf('{'));
      if (end < 0 || text.slice(end).trim() === '') {
        throw new UserError(`${file}: not valid JSON: ${jsonErrorWhere(err, text, first)}`, 'Is the file complete? Re-create it with: terraform show -json PLANFILE > plan.json');
      }
    }
  }
  // Noise around the JSON: find the plan object (prefer one that starts with "format_version").
  let start = text.search(/\{\s*"format_version"/);
  if (start < 0) start = text.search(/^\s*\{/m);
  if (start < 0) start = text.indexOf('{');
  if (start < 0) throw new UserError(`${file}: no JSON object found: this is not the output of 'terraform show -json'`, 'Make it with: terraform show -json PLANFILE > plan.json');
  while (text[start] !== '{') start++;
  const end = objectEnd(text, start);
  if (end < 0) {
    const { line } = lineColOf(text, start);
    throw new UserError(`${file}: the JSON object that starts at line ${line} never closes (truncated file?)`, 'Re-create it with: terraform show -json PLANFILE > plan.json');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(start, end));
  } catch (err) {
    throw new UserError(`${file}: not valid JSON: ${jsonErrorWhere(err, text, start)}`, 'Re-create it with: terraform show -json PLANFILE > plan.json');
  }
  const before = text.slice(0, start).trim();
  const after = text.slice(end).trim();
  if (before) notes.push(`skipped ${before.split('\n').length} line(s) of text before the JSON (CLI wrapper output)`);
  if (after) notes.push(`skipped text after the JSON (${after.slice(0, 40).replace(/\n/g, ' ')}…)`);
  return { plan: asPlan(parsed, file), notes };
}

function asPlan(value: unknown, file: string): PlanJson {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`${file}: the JSON is not an object, so it is not a plan`, 'Make it with: terraform show -json PLANFILE > plan.json');
  }
  const v = value as PlanJson;
  if (v.resource_changes === undefined && v.planned_values === undefined && v.format_version === undefined) {
    if ((v as Record<string, unknown>).lineage !== undefined && (v as Record<string, unknown>).resources !== undefined) {
      throw new UserError(`${file}: this is a state file, not a plan`, "Record it with 'twokey ledger record FILE', or check a plan made with 'terraform show -json PLANFILE'");
    }
    throw new UserError(`${file}: the JSON has no resource_changes, planned_values or format_version: it is not a Terraform plan`, 'Make it with: terraform show -json PLANFILE > plan.json');
  }
  if (v.resource_changes !== undefined && !Array.isArray(v.resource_changes)) {
    throw new UserError(`${file}: resource_changes is not a list`, 'The file is damaged; re-create it with terraform show -json');
  }
  return v;
}

function whichTool(env: NodeJS.ProcessEnv): string {
  for (const t of ['terraform', 'tofu']) {
    const r = spawnSync('sh', ['-c', `command -v ${t}`], { env, encoding: 'utf8' });
    if (r.status === 0) return t;
  }
  return 'terraform';
}

/** Reads lineage/serial and the configuration files out of a binary plan's zip. */
export function readBinaryPlanContents(buf: Buffer, file: string): { state?: StateIdentity; configFiles: Record<string, string> } {
  let zip;
  try {
    zip = openZip(buf);
  } catch (err) {
    if (err instanceof ZipError) throw new UserError(`${file}: damaged binary plan: ${err.message}`, 'Re-create it with terraform plan -out');
    throw err;
  }
  if (!zip.names.includes('tfplan')) throw new UserError(`${file}: a zip archive without a 'tfplan' entry is not a Terraform plan`);
  const configFiles: Record<string, string> = {};
  for (const n of zip.names) if (n.startsWith('tfconfig/') && n.endsWith('.tf')) configFiles[n] = zip.read(n)!.toString('utf8');
  const stateBytes = zip.read('tfstate');
  let state: StateIdentity | undefined;
  if (stateBytes) {
    try { state = parseStateText(stateBytes.toString('utf8')); } catch { state = undefined; }
  }
  return { state, configFiles };
}

/** Reads a plan file of any kind. Throws UserError saying what is wrong with the file. */
export function readPlanFile(path: string, opts: ReadPlanOptions = {}): LoadedPlan {
  const abs = resolve(opts.cwd ?? process.cwd(), path);
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a plan file' : (err as Error).message}`);
  }
  let size: number;
  const head = Buffer.alloc(4);
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UserError(`${path}: is a directory, not a plan file`);
    size = st.size;
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  const threshold = opts.streamThreshold ?? STREAM_THRESHOLD_BYTES;
  if (!looksLikeZip(head) && (opts.forceStream || size > threshold)) {
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      throw new UserError(`${path}: a UTF-16 plan of ${size} bytes is too large to read whole, and the streaming reader reads UTF-8 only`,
        `Convert it first: iconv -f UTF-16 -t UTF-8 ${path} > plan-utf8.json`);
    }
    const { plan, notes } = streamPlanFile(abs, path);
    return { plan, path: abs, kind: 'json', notes: [`streamed ${size} bytes`, ...notes], streamed: true, bytes: size };
  }
  const buf = readFileSync(abs);
  if (looksLikeZip(buf)) {
    const { state, configFiles } = readBinaryPlanContents(buf, path);
    const env = opts.env ?? process.env;
    const tool = opts.tool ?? whichTool(env);
    const r = spawnSync(tool, ['show', '-json', '-no-color', abs], {
      cwd: opts.cwd ?? dirname(abs), env, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024,
    });
    if (r.error) {
      throw new UserError(`${path}: is a binary plan, and running '${tool} show -json' on it failed: ${r.error.message}`,
        `Install ${tool}, or convert it yourself: ${tool} show -json ${path} > plan.json`);
    }
    if (r.status !== 0) {
      throw new UserError(`${path}: is a binary plan, and '${tool} show -json' refused it (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' ')}`,
        `Run it from the working directory the plan was made in (after '${tool} init'), or pass a JSON plan`);
    }
    const { plan, notes } = parsePlanText(r.stdout, path);
    return { plan, path: abs, kind: 'binary', state, configFiles, notes: [`binary plan read with '${tool} show -json'`, ...notes], streamed: false, bytes: size };
  }
  const { text, encoding } = decodePlanBytes(buf);
  const { plan, notes } = parsePlanText(text, path);
  if (encoding !== 'utf-8') notes.unshift(`read as ${encoding}`);
  return { plan, path: abs, kind: 'json', notes, streamed: false, bytes: size };
}
