// A small, self-contained stand-in for the shell analyzer, used only by the cloud pack unit tests so they
// can exercise match() on realistic command lines: words with quotes resolved, `X=1` prefixes, `a | b`
// pipes (stdin of the last stage), and `&&` / `;` / `||` lists. It is deliberately simple; the real
// analyzer (src/shell) is tested on its own.
import type { CommandRule, Decision, RuleContext, RulePack, SimpleCommand } from '../../../src/core/types.js';

function words(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") { const j = text.indexOf("'", i + 1); cur += text.slice(i + 1, j < 0 ? undefined : j); i = j < 0 ? text.length : j; inWord = true; continue; }
    if (ch === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) { if (text[j] === '\\' && j + 1 < text.length) { j++; } cur += text[j]; }
      i = j; inWord = true; continue;
    }
    if (ch === '\\' && i + 1 < text.length) { cur += text[++i]; inWord = true; continue; }
    if (/\s/.test(ch)) { if (inWord) { out.push(cur); cur = ''; inWord = false; } continue; }
    cur += ch; inWord = true;
  }
  if (inWord) out.push(cur);
  return out;
}

/** Split on an operator outside quotes. */
function splitTop(text: string, ops: RegExp): string[] {
  const parts: string[] = [];
  let q: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) { if (ch === q) q = null; else if (ch === '\\' && q === '"') i++; continue; }
    if (ch === "'" || ch === '"') { q = ch; continue; }
    if (ch === '\\') { i++; continue; }
    ops.lastIndex = i;
    const m = ops.exec(text);
    if (m && m.index === i) { parts.push(text.slice(start, i)); i += m[0].length - 1; start = i + 1; }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

function simple(text: string, stdin: SimpleCommand['stdin']): SimpleCommand {
  let argv = words(text);
  const env: Record<string, string> = {};
  while (argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0])) {
    const [k, ...v] = argv[0].split('=');
    env[k] = v.join('=');
    argv = argv.slice(1);
  }
  const redirects: SimpleCommand['redirects'] = [];
  const hs = argv.indexOf('<<<');
  if (hs >= 0) { stdin = { kind: 'herestring', text: argv[hs + 1] ?? '' }; argv = argv.slice(0, hs); }
  return {
    argv, dynamic: argv.map(() => false), name: (argv[0] ?? '').split('/').pop() ?? '', env, redirects, stdin, via: [], depth: 0, text,
  };
}

/** Command line -> simple commands (with pipe stdin filled in). */
export function commandsOf(line: string): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  for (const seg of splitTop(line, /&&|\|\||;/y)) {
    const stages = splitTop(seg, /\|/y);
    let prev: SimpleCommand[] = [];
    for (const st of stages) {
      const stdin: SimpleCommand['stdin'] = prev.length ? { kind: 'pipe', from: prev } : { kind: 'inherit' };
      const sc = simple(st, stdin);
      out.push(sc);
      prev = [sc];
    }
  }
  return out;
}

export interface Verdict { decision: Decision; rule: string | null; reason?: string; safer?: string; loses?: string; all: string[] }

const RANK: Record<Decision, number> = { allow: 0, ask: 1, deny: 2 };

export function ctxFor(env: Record<string, string> = {}): RuleContext {
  return { cwd: '/work/project', env, files: new Map(), protectedPaths: [], home: '/home/agent' };
}

/** Strictest hit of the given packs over every simple command of `line`. */
export function decide(packs: readonly RulePack[], line: string, env: Record<string, string> = {}): Verdict {
  const ctx = ctxFor(env);
  let best: Verdict = { decision: 'allow', rule: null, all: [] };
  const all: string[] = [];
  for (const cmd of commandsOf(line)) {
    for (const pack of packs) {
      for (const rule of pack.rules as CommandRule[]) {
        if (!rule.commands.includes('*') && !rule.commands.includes(cmd.name)) continue;
        const h = rule.match(cmd, ctx);
        if (!h) continue;
        const level = h.level ?? rule.level;
        all.push(`${rule.id}:${level}`);
        if (RANK[level] > RANK[best.decision]) best = { decision: level, rule: rule.id, reason: h.reason, safer: h.safer, loses: h.loses, all };
      }
    }
  }
  best.all = all;
  return best;
}
