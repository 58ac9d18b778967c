import type { Node as YamlNode, Pair } from 'yaml';
import { yaml } from '../core/yaml-lazy.js';
import type { PolicyError, PolicyFile, RuleSetting } from './types.js';
import { RULE_SETTINGS } from './types.js';
import { splitPattern } from './patterns.js';

/**
 * Validates a policy file's text. Every error names the file, line and column of the offending node and
 * says how to fix it. Unknown keys are errors (a typo must not silently weaken the policy), with a
 * "did you mean" when a known key is close.
 */

export interface RuleCatalog {
  /** Every rule id the engine knows (`terraform.destroy`, `shell.parse-error`, …). */
  ruleIds: ReadonlySet<string>;
  /** Every pack id (`terraform`, `shell`, …), for `pack.*` entries. */
  packIds: ReadonlySet<string>;
}

export interface ValidationResult {
  policy: PolicyFile | null;
  errors: PolicyError[];
}

const TOP_KEYS = ['version', 'rules', 'allow', 'deny', 'protect', 'protected_paths', 'approvals', 'drills'] as const;
const APPROVAL_KEYS = ['ttl_minutes'] as const;
const DRILL_KEYS = ['max_age_days'] as const;

/** Shell-analysis findings may be raised or lowered to ask, never turned off: unreadable commands are never allowed. */
const NEVER_OFF_PREFIX = 'shell.';

export function validatePolicyText(text: string, file: string, catalog: RuleCatalog): ValidationResult {
  const { LineCounter, parseDocument, isMap, isScalar } = yaml();
  const lc = new LineCounter();
  const errors: PolicyError[] = [];
  const at = (node: YamlNode | Pair | null | undefined, message: string, fix?: string): void => {
    const offset = nodeOffset(node);
    const { line, col } = offset === null ? { line: 1, col: 1 } : lc.linePos(offset);
    errors.push({ file, line: Math.max(1, line), column: Math.max(1, col), message, fix });
  };

  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false, version: '1.2' });
  for (const e of doc.errors) {
    const { line, col } = lc.linePos(e.pos[0]);
    errors.push({ file, line: Math.max(1, line), column: Math.max(1, col), message: `YAML syntax: ${firstLine(e.message)}`, fix: yamlFix(e.code) });
  }
  if (errors.length) return { policy: null, errors };

  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    at(null, 'the policy is empty', 'start the file with `version: 1`');
    return { policy: null, errors };
  }
  if (!isMap(root)) {
    at(root, 'the policy must be a mapping of keys (version, rules, allow, …)', 'start the file with `version: 1` on its own line');
    return { policy: null, errors };
  }

  const policy: PolicyFile = { version: 1 };
  let sawVersion = false;
  for (const pair of root.items) {
    const key = keyName(pair);
    const value = pair.value as YamlNode | null;
    if (key === null) { at(pair.key as YamlNode, 'keys must be plain words', `use one of: ${TOP_KEYS.join(', ')}`); continue; }
    switch (key) {
      case 'version': {
        sawVersion = true;
        if (!isScalar(value) || value.value !== 1) at(value ?? pair, `unsupported version ${describe(value)}`, 'write `version: 1` (the only version this twokey reads)');
        break;
      }
      case 'rules': {
        if (value === null || (isScalar(value) && value.value === null)) break;
        if (!isMap(value)) { at(value, '`rules` must be a mapping of rule id to off|ask|deny', 'e.g.\n    rules:\n      git.branch-force-delete: off'); break; }
        const rules: Record<string, RuleSetting> = {};
        for (const rp of value.items) {
          const id = keyName(rp);
          const v = rp.value as YamlNode | null;
          if (id === null) { at(rp.key as YamlNode, 'a rule id must be a plain string'); continue; }
          const idError = checkRuleId(id, catalog);
          if (idError) { at(rp.key as YamlNode, idError.message, idError.fix); continue; }
          if (!isScalar(v) || typeof v.value !== 'string' || !RULE_SETTINGS.includes(v.value as RuleSetting)) {
            const hint = isScalar(v) && typeof v.value === 'boolean' ? ' (write `off` rather than a boolean)' : '';
            at(v ?? rp, `rule '${id}': level must be off, ask or deny, not ${describe(v)}${hint}`, `write \`${id}: ask\` (or off / deny)`);
            continue;
          }
          const setting = v.value as RuleSetting;
          if (setting === 'off' && id.startsWith(NEVER_OFF_PREFIX)) {
            at(v, `rule '${id}' cannot be turned off: a command twokey cannot read is never allowed`, `use \`${id}: ask\` or \`deny\``);
            continue;
          }
          rules[id] = setting;
        }
        policy.rules = rules;
        break;
      }
      case 'allow':
      case 'deny': {
        const list = stringList(value, key, at, (s, node) => {
          const parsed = splitPattern(s);
          if (parsed.error) { at(node, `${key} pattern '${s}': ${parsed.error}`, 'write the program and its leading arguments, e.g. "terraform plan *"'); return false; }
          return true;
        });
        if (list) policy[key] = list;
        break;
      }
      case 'protect': {
        const list = stringList(value, key, at, (s, node) => {
          if (!/^[A-Za-z0-9_.*?\-[\]"]+$/.test(s)) { at(node, `protect entry '${s}' is not a Terraform address glob`, 'e.g. "aws_db_instance.*" or "module.data.*"'); return false; }
          return true;
        });
        if (list) policy.protect = list;
        break;
      }
      case 'protected_paths': {
        const list = stringList(value, key, at, (s, node) => {
          if (s.trim() === '') { at(node, 'an empty protected path protects nothing', 'remove it or write a glob such as "backups/**"'); return false; }
          return true;
        });
        if (list) policy.protected_paths = list;
        break;
      }
      case 'approvals': {
        const m = numberMap(value, key, APPROVAL_KEYS, at, { ttl_minutes: [1, 1440] });
        if (m) policy.approvals = m;
        break;
      }
      case 'drills': {
        const m = numberMap(value, key, DRILL_KEYS, at, { max_age_days: [1, 3650] });
        if (m) policy.drills = m;
        break;
      }
      default:
        at(pair.key as YamlNode, `unknown key '${key}'${didYouMean(key, TOP_KEYS)}`, `the keys are: ${TOP_KEYS.join(', ')}`);
    }
  }
  if (!sawVersion) at(root, 'missing `version`', 'add `version: 1` as the first line');
  return { policy: errors.length ? null : policy, errors };
}

const isMap = (n: unknown) => yaml().isMap(n);
const isSeq = (n: unknown) => yaml().isSeq(n);
const isScalar = (n: unknown) => yaml().isScalar(n);

type At = (node: YamlNode | Pair | null | undefined, message: string, fix?: string) => void;

function stringList(value: YamlNode | null, key: string, at: At, check: (s: string, node: YamlNode) => boolean): string[] | null {
  if (value === null || (isScalar(value) && value.value === null)) return [];
  if (!isSeq(value)) { at(value, `\`${key}\` must be a list of strings`, `write it as\n    ${key}:\n      - "…"`); return null; }
  const out: string[] = [];
  let ok = true;
  for (const item of value.items as (YamlNode | null)[]) {
    if (!isScalar(item) || typeof item.value !== 'string') { at(item, `each \`${key}\` entry must be a string, not ${describe(item)}`, 'quote it: - "…"'); ok = false; continue; }
    if (check(item.value, item)) out.push(item.value); else ok = false;
  }
  return ok ? out : null;
}

function numberMap<K extends string>(value: YamlNode | null, key: string, keys: readonly K[], at: At, ranges: Record<K, [number, number]>): Partial<Record<K, number>> | null {
  if (value === null || (isScalar(value) && value.value === null)) return {};
  if (!isMap(value)) { at(value, `\`${key}\` must be a mapping`, `e.g.\n    ${key}:\n      ${keys[0]}: ${ranges[keys[0]][0]}`); return null; }
  const out: Partial<Record<K, number>> = {};
  let ok = true;
  for (const p of value.items) {
    const k = keyName(p);
    const v = p.value as YamlNode | null;
    if (k === null || !(keys as readonly string[]).includes(k)) {
      at(p.key as YamlNode, `unknown key '${key}.${k ?? '?'}'${didYouMean(k ?? '', keys)}`, `the keys under ${key} are: ${keys.join(', ')}`);
      ok = false;
      continue;
    }
    const [min, max] = ranges[k as K];
    if (!isScalar(v) || typeof v.value !== 'number' || !Number.isInteger(v.value) || v.value < min || v.value > max) {
      at(v ?? p, `\`${key}.${k}\` must be a whole number from ${min} to ${max}, not ${describe(v)}`, `e.g. \`${k}: ${min === 1 ? Math.min(max, 15) : min}\``);
      ok = false;
      continue;
    }
    out[k as K] = v.value;
  }
  return ok ? out : null;
}

function checkRuleId(id: string, catalog: RuleCatalog): { message: string; fix: string } | null {
  if (id.endsWith('.*')) {
    const pack = id.slice(0, -2);
    if (catalog.packIds.has(pack)) return null;
    return { message: `unknown rule pack '${pack}'${didYouMean(pack, [...catalog.packIds])}`, fix: `the packs are: ${[...catalog.packIds].join(', ')} (see \`twokey rules\`)` };
  }
  if (catalog.ruleIds.has(id)) return null;
  const suggestion = didYouMean(id, [...catalog.ruleIds, ...[...catalog.packIds].map((p) => `${p}.*`)]);
  return { message: `unknown rule '${id}'${suggestion}`, fix: 'list the rule ids with `twokey rules`; `<pack>.*` sets a whole pack' };
}

function keyName(pair: Pair): string | null {
  const k = pair.key;
  if (isScalar(k) && (typeof k.value === 'string' || typeof k.value === 'number')) return String(k.value);
  return null;
}

function nodeOffset(node: YamlNode | Pair | null | undefined): number | null {
  if (!node) return null;
  const range = (node as { range?: [number, number, number] | null }).range;
  if (range) return range[0];
  const key = (node as Pair).key as { range?: [number, number, number] } | undefined;
  if (key && key.range) return key.range[0];
  return null;
}

function describe(node: YamlNode | null | undefined): string {
  if (node === null || node === undefined) return 'nothing';
  if (isScalar(node)) return node.value === null ? 'an empty value' : JSON.stringify(node.value);
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  return 'this value';
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

function yamlFix(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY': return 'remove one of the two entries';
    case 'TAB_AS_INDENT': return 'indent with spaces, not tabs';
    case 'BAD_INDENT': return 'line the key up with its siblings (two spaces per level)';
    case 'MISSING_CHAR': return 'close the quote or bracket';
    default: return 'fix the YAML syntax at this position';
  }
}

/** "; did you mean 'x'?" when a candidate is within a small edit distance. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  let best: string | null = null;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDist) { bestDist = d; best = c; }
  }
  if (best === null) return '';
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDist <= limit ? `; did you mean '${best}'?` : '';
}

export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
