/**
 * Streaming reader for plan JSON too large for one JavaScript string (V8 stops near 512 MB). A small
 * byte-level scanner walks the file in chunks, tracks the path of the value it is in, and parses only
 * the pieces twokey needs, one at a time: each `resource_changes` element, each prior-state resource,
 * `configuration`, `output_changes` and the top-level scalars. UTF-8 only; text before the first `{`
 * (wrapper noise) is skipped.
 */
import { openSync, readSync, closeSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import type { PlanJson, ResourceChange, StateResource } from './plan-types.js';
import { slimChange, slimStateResource } from './analyze.js';

const TOP_LEVEL_KEEP = new Set(['format_version', 'terraform_version', 'errored', 'applyable', 'complete', 'timestamp', 'configuration', 'output_changes']);

type Target = 'change' | 'state-resource' | 'top';

/** Which values at `path` to parse whole ('#' marks an array element). */
export function captureTarget(path: readonly string[]): Target | null {
  const n = path.length;
  if (n === 1) return TOP_LEVEL_KEEP.has(path[0]) ? 'top' : null;
  if (n === 2 && path[0] === 'resource_changes' && path[1] === '#') return 'change';
  if (n >= 5 && path[0] === 'prior_state' && path[1] === 'values' && path[2] === 'root_module' && path[n - 2] === 'resources' && path[n - 1] === '#') {
    for (let i = 3; i < n - 2; i += 2) if (path[i] !== 'child_modules' || path[i + 1] !== '#') return null;
    return 'state-resource';
  }
  return null;
}

/** Could a value at `path` contain something captureTarget wants? (Prunes the path bookkeeping.) */
function mayContainTarget(path: readonly string[]): boolean {
  const n = path.length;
  if (n === 0) return true;
  if (path[0] === 'resource_changes') return n === 1;
  if (path[0] !== 'prior_state') return false;
  if (n === 1) return true;
  if (path[1] !== 'values') return false;
  if (n === 2) return true;
  if (path[2] !== 'root_module') return false;
  for (let i = 3; i < n; i++) {
    const want = (i - 3) % 2 === 0 ? ['child_modules', 'resources'] : ['#'];
    if (!want.includes(path[i])) return false;
    if (path[i] === 'resources') return i === n - 1;
  }
  return true;
}

interface Frame { isObject: boolean; key: string; interesting: boolean }

export interface StreamOptions {
  chunkBytes?: number;
  /** Keep each change whole (tests); by default only the attributes the analysis reads are kept. */
  keepWhole?: boolean;
}

export function streamPlanFile(absPath: string, display = absPath, opts: StreamOptions = {}): { plan: PlanJson; notes: string[] } {
  const chunkBytes = opts.chunkBytes ?? 16 * 1024 * 1024;
  const plan: PlanJson = {};
  const changes: ResourceChange[] = [];
  const stateResources: StateResource[] = [];
  let sawPrior = false;

  const stack: Frame[] = [];
  let started = false;
  let inString = false;
  let escape = false;
  let readingKey = false;
  let keyBytes: number[] = [];
  let inScalar = false;
  let expectKey = false;
  let done = false;

  // capture state
  let capturing: Target | null = null;
  let captureDepth = -1;
  let capturePath: string[] = [];
  let pieces: Buffer[] = [];
  let pieceStart = 0;

  const fd = openSync(absPath, 'r');
  let offset = 0;
  let line = 1;

  const pathNow = (): string[] => stack.map((f) => (f.isObject ? f.key : '#'));

  function deliver(text: string) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new UserError(`${display}: not valid JSON near line ${line}: ${(err as Error).message}`);
    }
    if (capturing === 'change') changes.push(opts.keepWhole ? value as ResourceChange : slimChange(value as ResourceChange));
    else if (capturing === 'state-resource') stateResources.push(opts.keepWhole ? value as StateResource : slimStateResource(value as StateResource));
    else (plan as Record<string, unknown>)[capturePath[0]] = value;
  }

  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(chunkBytes);
      const got = readSync(fd, chunk, 0, chunkBytes, offset);
      if (got === 0) break;
      const b = got < chunkBytes ? chunk.subarray(0, got) : chunk;
      pieceStart = 0;
      let i = 0;
      if (!started) {
        const at = b.indexOf(0x7b);
        if (at < 0) { offset += got; continue; }
        started = true;
        i = at;
      }
      for (; i < b.length && !done; i++) {
        if (inString && !readingKey) {
          // Fast path: jump to the closing quote (an even run of backslashes before it).
          if (escape) { escape = false; continue; }
          let q = b.indexOf(34, i);
          for (;;) {
            if (q < 0) break;
            let k = q - 1;
            while (k >= i && b[k] === 92) k--;
            if ((q - 1 - k) % 2 === 0) break;
            q = b.indexOf(34, q + 1);
          }
          if (q < 0) {
            let k = b.length - 1;
            while (k >= i && b[k] === 92) k--;
            escape = (b.length - 1 - k) % 2 === 1;
            i = b.length - 1;
            continue;
          }
          // Continue below at the closing quote.
          i = q;
        }
        const c = b[i];
        if (c === 10) line++;
        if (inString) {
          if (escape) { escape = false; if (readingKey) keyBytes.push(c); continue; }
          if (c === 92) { escape = true; if (readingKey) keyBytes.push(c); continue; }
          if (c !== 34) { if (readingKey) keyBytes.push(c); continue; }
          inString = false;
          if (readingKey) {
            readingKey = false;
            const raw = Buffer.from(keyBytes).toString('utf8');
            stack[stack.length - 1].key = raw.includes('\\') ? JSON.parse(`"${raw}"`) : raw;
            continue;
          }
          // end of a string value
          if (capturing && stack.length === captureDepth) { pieces.push(b.subarray(pieceStart, i + 1)); deliver(Buffer.concat(pieces).toString('utf8')); capturing = null; pieces = []; }
          continue;
        }
        if (inScalar) {
          if (c === 44 || c === 125 || c === 93 || c === 32 || c === 10 || c === 13 || c === 9) {
            inScalar = false;
            if (capturing && stack.length === captureDepth) { pieces.push(b.subarray(pieceStart, i)); deliver(Buffer.concat(pieces).toString('utf8')); capturing = null; pieces = []; }
          } else continue;
        }
        switch (c) {
          case 32: case 10: case 13: case 9: case 58: // whitespace, ':'
            break;
          case 44: // ','
            if (stack.length && stack[stack.length - 1].isObject) expectKey = true;
            break;
          case 123: case 91: { // '{' '['
            const top = stack[stack.length - 1];
            let interesting = false;
            if (capturing === null && (top === undefined || top.interesting)) {
              const p = pathNow();
              const target = top ? captureTarget(p) : null;
              if (target) startCapture(target, p, i);
              else interesting = mayContainTarget(p);
              if (p.length === 1 && p[0] === 'prior_state') sawPrior = true;
            }
            stack.push({ isObject: c === 123, key: '', interesting });
            expectKey = c === 123;
            break;
          }
          case 125: case 93: // '}' ']'
            stack.pop();
            expectKey = false;
            if (capturing && stack.length === captureDepth) { pieces.push(b.subarray(pieceStart, i + 1)); deliver(Buffer.concat(pieces).toString('utf8')); capturing = null; pieces = []; }
            if (stack.length === 0) done = true;
            break;
          case 34: // '"'
            if (stack.length && stack[stack.length - 1].isObject && expectKey) {
              readingKey = true; keyBytes = []; expectKey = false; inString = true;
            } else {
              valueStart(b, i); inString = true;
            }
            break;
          default:
            valueStart(b, i); inScalar = true;
        }
      }
      if (capturing) pieces.push(b.subarray(pieceStart));
      offset += got;
      if (done) break;
    }
  } finally {
    closeSync(fd);
  }
  if (!started) throw new UserError(`${display}: no JSON object found: this is not the output of 'terraform show -json'`);
  if (!done) throw new UserError(`${display}: the JSON ends early at line ${line} (truncated file?)`, 'Re-create it with: terraform show -json PLANFILE > plan.json');

  function valueStart(_b: Buffer, i: number) {
    if (capturing !== null) return;
    const top = stack[stack.length - 1];
    if (!top || !top.interesting) return;
    const p = pathNow();
    const target = captureTarget(p);
    if (target) startCapture(target, p, i);
  }

  function startCapture(target: Target, p: string[], i: number) {
    capturing = target;
    capturePath = p;
    captureDepth = stack.length;
    pieces = [];
    pieceStart = i;
  }

  plan.resource_changes = changes;
  if (sawPrior) plan.prior_state = { values: { root_module: { resources: stateResources } } };
  return { plan, notes: ['streamed: only resource_changes, prior_state resources, configuration and output_changes were read, each change kept with the attributes the analysis uses'] };
}

