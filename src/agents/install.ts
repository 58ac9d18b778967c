/**
 * Install, uninstall and inspect twokey's hook in each agent's settings, editing the file in place: merged with
 * the user's own hooks (never dropping one), formatting kept where the format allows (jsonc-parser edits), a
 * backup first, idempotent (twice = once), and uninstall removes only twokey's entries.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// The ESM build: esbuild would otherwise bundle the UMD one, whose lazy require()s break inside the bundle.
import * as jsonc from 'jsonc-parser/lib/esm/main.js';
import { UserError } from '../core/errors.js';
import type { AgentId } from './protocol.js';
import { ADAPTERS } from './registry.js';
import type { Scope } from './types.js';
import { OPENCODE_PLUGIN_MARKER, opencodePluginSource } from './opencode.js';

/** Seconds (or ms for Gemini) the agent waits for the hook: above twokey's own 5 s watchdog. */
const AGENT_TIMEOUT_S = 30;

export interface InstallContext {
  home: string;
  cwd: string;
  /** twokey's home, where the install records (for byte-exact uninstall) live. */
  twokeyHome: string;
  /** argv that runs the hook, e.g. [process.execPath, '/abs/bin/twokey.js']. */
  twokeyArgv: readonly string[];
  now?: () => Date;
}

/** `node /abs/bin/twokey.js`: absolute, so the hook works from any cwd and whatever PATH the agent has. */
export function defaultTwokeyArgv(): string[] {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const bin = join(dir, 'bin', 'twokey.js');
    if (existsSync(bin)) return [process.execPath, bin];
    dir = dirname(dir);
  }
  throw new UserError('cannot find bin/twokey.js next to this twokey build', 'Run twokey from its checkout or npm install.');
}

const shq = (w: string) => (/^[A-Za-z0-9_./=:@%+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

export function hookCommand(agent: AgentId, ctx: InstallContext): string {
  return [...ctx.twokeyArgv, 'hook', agent].map(shq).join(' ');
}

/** Is this hook command twokey's hook for `agent`? (However it was spelled: path, quoting, `npx twokey`.) */
export function isOurCommand(command: unknown, agent: AgentId): boolean {
  if (typeof command !== 'string') return false;
  const esc = agent.replace(/[-]/g, '\\-');
  return new RegExp(`twokey(?:\\.js)?['"]?\\s+hook\\s+${esc}(?:\\s|$)`).test(command);
}

// ---------------------------------------------------------------------------------------------------------------
// What each agent's settings hold

interface EnvelopeSpec { kind: 'envelope'; event: string; groups: { matcher: string; entry: Record<string, unknown> }[] }
interface CursorSpec { kind: 'cursor'; events: { event: string; entry: Record<string, unknown> }[] }
type JsonSpec = EnvelopeSpec | CursorSpec;

function jsonSpec(agent: AgentId, command: string): JsonSpec | null {
  switch (agent) {
    case 'claude-code': return { kind: 'envelope', event: 'PreToolUse', groups: [
      { matcher: 'Bash', entry: { type: 'command', command, timeout: AGENT_TIMEOUT_S } },
      { matcher: 'Write|Edit|MultiEdit|NotebookEdit', entry: { type: 'command', command, timeout: AGENT_TIMEOUT_S } },
    ] };
    case 'codex': return { kind: 'envelope', event: 'PreToolUse', groups: [
      { matcher: 'Bash', entry: { type: 'command', command, timeout: AGENT_TIMEOUT_S } },
      { matcher: 'apply_patch', entry: { type: 'command', command, timeout: AGENT_TIMEOUT_S } },
    ] };
    case 'gemini-cli': return { kind: 'envelope', event: 'BeforeTool', groups: [
      { matcher: 'run_shell_command', entry: { type: 'command', name: 'twokey', command, timeout: AGENT_TIMEOUT_S * 1000 } },
      { matcher: 'write_file|replace', entry: { type: 'command', name: 'twokey', command, timeout: AGENT_TIMEOUT_S * 1000 } },
    ] };
    case 'cursor': return { kind: 'cursor', events: [
      { event: 'beforeShellExecution', entry: { command, failClosed: true, timeout: AGENT_TIMEOUT_S } },
      { event: 'preToolUse', entry: { command, matcher: 'Write|Edit|Delete', failClosed: true, timeout: AGENT_TIMEOUT_S } },
    ] };
    default: return null;
  }
}

function ownFileContent(agent: AgentId, ctx: InstallContext): string {
  const command = hookCommand(agent, ctx);
  if (agent === 'copilot-cli') {
    return `${JSON.stringify({
      version: 1,
      hooks: { preToolUse: [{ type: 'command', bash: command, timeoutSec: AGENT_TIMEOUT_S, comment: 'twokey: human-only approvals for destructive commands (twokey uninstall copilot-cli removes this file)' }] },
    }, null, 2)}\n`;
  }
  if (agent === 'opencode') return opencodePluginSource([...ctx.twokeyArgv, 'hook', 'opencode'], AGENT_TIMEOUT_S * 1000);
  throw new Error(`${agent} has no own-file hook`);
}

export function isOurOwnFile(agent: AgentId, text: string): boolean {
  if (agent === 'opencode') return text.startsWith(OPENCODE_PLUGIN_MARKER);
  try {
    const j = JSON.parse(text) as { hooks?: { preToolUse?: { bash?: string }[] } };
    return (j.hooks?.preToolUse ?? []).some((h) => isOurCommand(h.bash, agent));
  } catch { return false; }
}

// ---------------------------------------------------------------------------------------------------------------
// JSON editing

/** The file's indentation unit and line ending, read from its own text. */
function style(text: string): { unit: string; eol: string } {
  const m = /\n([ \t]+)["}\]{\[]/.exec(text);
  return { unit: m?.[1]?.startsWith('\t') ? '\t' : ' '.repeat(Math.min(8, m?.[1]?.length ?? 2)), eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

function lineIndentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

function pretty(value: unknown, unit: string, baseIndent: string, eol: string): string {
  return JSON.stringify(value, null, unit).split('\n').join(`${eol}${baseIndent}`);
}

/**
 * Append `value` at `path` (the last segment is an array index or an object key), creating missing containers,
 * and touching no byte of the existing entries: the new text is indented like its siblings.
 */
function appendAt(text: string, path: (string | number)[], value: unknown): string {
  const { unit, eol } = style(text);
  const root = jsonc.parseTree(text);
  if (!root) throw new Error('empty document');
  let node: jsonc.Node = root;
  let i = 0;
  for (; i < path.length - 1; i++) {
    const next = jsonc.findNodeAtLocation(node, [path[i]]);
    if (!next) break;
    node = next;
  }
  // Wrap what does not exist yet: path ['hooks','PreToolUse',0] under an existing `hooks` becomes {"PreToolUse":[value]}.
  let wrapped: unknown = value;
  for (let j = path.length - 1; j > i; j--) wrapped = typeof path[j] === 'number' ? [wrapped] : { [path[j] as string]: wrapped };
  const key = typeof path[i] === 'string' && node.type === 'object' ? path[i] as string : undefined;
  const children = node.children ?? [];
  const containerIndent = lineIndentAt(text, node.offset);
  const childIndent = children.length > 0 ? lineIndentAt(text, children[0].offset) : containerIndent + unit;
  const entry = `${key !== undefined ? `${JSON.stringify(key)}: ` : ''}${pretty(wrapped, unit, childIndent, eol)}`;
  if (children.length > 0) {
    const last = children[children.length - 1];
    const at = last.offset + last.length;
    const sameLine = !text.slice(children[0].offset - (children[0].offset - node.offset), children[0].offset).includes('\n');
    const sep = sameLine ? ', ' : `,${eol}${childIndent}`;
    return text.slice(0, at) + sep + (sameLine ? `${key !== undefined ? `${JSON.stringify(key)}: ` : ''}${JSON.stringify(wrapped)}` : entry) + text.slice(at);
  }
  const open = node.offset + 1;
  const close = node.offset + node.length - 1;
  return `${text.slice(0, open)}${eol}${childIndent}${entry}${eol}${containerIndent}${text.slice(close)}`;
}

/**
 * Remove the array element or object property at `path`, exactly undoing `appendAt`: the last child goes with
 * the separator before it, another child with the separator after it, a sole child leaves `[]` / `{}`.
 */
function removeAt(text: string, path: (string | number)[]): string {
  const root = jsonc.parseTree(text);
  const value = root && jsonc.findNodeAtLocation(root, path);
  if (!value) return text;
  const node = value.parent?.type === 'property' ? value.parent : value;
  const container = node.parent;
  if (!container) return text;
  const siblings = container.children ?? [];
  const i = siblings.indexOf(node);
  const end = (n: jsonc.Node) => n.offset + n.length;
  if (siblings.length === 1) return text.slice(0, container.offset + 1) + text.slice(end(container) - 1);
  if (i === siblings.length - 1) return text.slice(0, end(siblings[i - 1])) + text.slice(end(node));
  return text.slice(0, node.offset) + text.slice(siblings[i + 1].offset);
}

function parseSettings(file: string, text: string): Record<string, unknown> {
  const errors: jsonc.ParseError[] = [];
  const value = jsonc.parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const e = errors[0];
    const before = text.slice(0, e.offset);
    const line = before.split('\n').length;
    const col = e.offset - before.lastIndexOf('\n');
    throw new UserError(`${file}:${line}:${col}: not valid JSON (${jsonc.printParseErrorCode(e.error)}); twokey left it unchanged`, 'Fix the file (or move it aside) and run the install again.');
  }
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UserError(`${file}: the settings are not a JSON object; twokey left it unchanged`);
  return value as Record<string, unknown>;
}


type Json = Record<string, unknown>;
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Remove every twokey entry for `agent`; a group left empty by it goes too. Containers left empty are pruned. */
function removeOurs(agent: AgentId, text: string, file: string): { text: string; removed: number } {
  let removed = 0;
  let root = parseSettings(file, text);
  const hooks = (root.hooks ?? {}) as Json;
  if (typeof hooks !== 'object' || hooks === null) return { text, removed };
  for (const event of Object.keys(hooks)) {
    const list = asArray(hooks[event]);
    for (let gi = list.length - 1; gi >= 0; gi--) {
      const group = list[gi] as Json;
      if (group && typeof group === 'object' && Array.isArray(group.hooks)) {
        const inner = group.hooks as Json[];
        const ours = inner.map((h, i) => (isOurCommand(h?.command, agent) ? i : -1)).filter((i) => i >= 0);
        if (ours.length === 0) continue;
        removed += ours.length;
        if (ours.length === inner.length) text = removeAt(text, ['hooks', event, gi]);
        else for (const hi of ours.reverse()) text = removeAt(text, ['hooks', event, gi, 'hooks', hi]);
      } else if (group && typeof group === 'object' && isOurCommand(group.command, agent)) {
        removed++;
        text = removeAt(text, ['hooks', event, gi]);
      }
    }
  }
  // Prune what is left empty by the removal: an event list, then `hooks` itself.
  root = parseSettings(file, text);
  const after = (root.hooks ?? {}) as Json;
  if (removed > 0 && typeof after === 'object' && after !== null) {
    for (const event of Object.keys(after)) if (Array.isArray(after[event]) && (after[event] as unknown[]).length === 0) text = removeAt(text, ['hooks', event]);
    const again = parseSettings(file, text);
    if (again.hooks && typeof again.hooks === 'object' && Object.keys(again.hooks as Json).length === 0) text = removeAt(text, ['hooks']);
  }
  return { text, removed };
}

function addOurs(agent: AgentId, text: string, file: string, command: string): string {
  const spec = jsonSpec(agent, command);
  if (!spec) throw new Error(`${agent} is not a JSON-settings agent`);
  let root = parseSettings(file, text);
  if (root.hooks !== undefined && (typeof root.hooks !== 'object' || root.hooks === null || Array.isArray(root.hooks))) {
    throw new UserError(`${file}: "hooks" is not an object; twokey left the file unchanged`);
  }
  if (spec.kind === 'envelope') {
    for (const g of spec.groups) {
      root = parseSettings(file, text);
      const list = asArray((root.hooks as Json | undefined)?.[spec.event]);
      text = appendAt(text, ['hooks', spec.event, list.length], { matcher: g.matcher, hooks: [g.entry] });
    }
  } else {
    if (root.version === undefined) text = appendAt(text, ['version'], 1);
    for (const e of spec.events) {
      root = parseSettings(file, text);
      const list = asArray((root.hooks as Json | undefined)?.[e.event]);
      text = appendAt(text, ['hooks', e.event, list.length], e.entry);
    }
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------------------
// Plans and their application

export interface Plan {
  agent: AgentId;
  scope: Scope;
  file: string;
  /** The file's text now, or null when it does not exist. */
  before: string | null;
  /** The text to write, or null to delete the file. */
  after: string | null;
  /** One line for humans: what changes. */
  summary: string;
  /** When uninstalling restores the pre-install bytes from this backup. */
  restoreFrom?: string;
}

interface InstallRecord { agent: AgentId; file: string; existedBefore: boolean; backup?: string; writtenSha256: string; at: string }

const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const recordsFile = (ctx: InstallContext) => join(ctx.twokeyHome, 'installs.json');

function readRecords(ctx: InstallContext): InstallRecord[] {
  try { return JSON.parse(readFileSync(recordsFile(ctx), 'utf8')) as InstallRecord[]; } catch { return []; }
}

function writeRecords(ctx: InstallContext, records: InstallRecord[]): void {
  mkdirSync(ctx.twokeyHome, { recursive: true, mode: 0o700 });
  writeFileSync(recordsFile(ctx), `${JSON.stringify(records, null, 2)}\n`, { mode: 0o600 });
}

const readOrNull = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : null);

export function planInstall(agent: AgentId, scope: Scope, ctx: InstallContext): Plan {
  const adapter = ADAPTERS[agent];
  if (!adapter.scopes.includes(scope)) throw new UserError(`${adapter.displayName} has no ${scope}-scope hooks; use --${adapter.scopes[0]}`);
  const target = adapter.target(scope, ctx.home, ctx.cwd);
  const before = readOrNull(target.file);
  if (target.mode === 'own-file') {
    if (before !== null && !isOurOwnFile(agent, before)) {
      throw new UserError(`${target.file} exists and is not twokey's; twokey left it unchanged`, 'Move it aside, or merge the hook from `twokey install ' + agent + ' --dry-run` by hand.');
    }
    const after = ownFileContent(agent, ctx);
    return { agent, scope, file: target.file, before, after, summary: before === after ? 'already installed' : `write ${target.file}` };
  }
  if (before !== null && hasExactInstall(agent, parseSettings(target.file, before), hookCommand(agent, ctx))) {
    return { agent, scope, file: target.file, before, after: before, summary: 'already installed' };
  }
  const base = before ?? '{}';
  const cleaned = removeOurs(agent, base, target.file).text;
  let after = addOurs(agent, cleaned, target.file, hookCommand(agent, ctx));
  if (before === null) after = `${JSON.stringify(JSON.parse(after), null, 2)}\n`;
  return { agent, scope, file: target.file, before, after, summary: before === after ? 'already installed' : `${before === null ? 'create' : 'update'} ${target.file}` };
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Does the file hold exactly twokey's entries for this agent (and no stray ones)? Then install changes nothing. */
function hasExactInstall(agent: AgentId, root: Json, command: string): boolean {
  const spec = jsonSpec(agent, command);
  const hooks = root.hooks as Json | undefined;
  if (!spec || !hooks || typeof hooks !== 'object') return false;
  let ours = 0;
  for (const list of Object.values(hooks)) {
    for (const g of asArray(list) as Json[]) {
      if (Array.isArray(g?.hooks)) ours += (g.hooks as Json[]).filter((h) => isOurCommand(h?.command, agent)).length;
      else if (isOurCommand(g?.command, agent)) ours++;
    }
  }
  if (spec.kind === 'envelope') {
    const list = asArray(hooks[spec.event]) as Json[];
    const found = spec.groups.every((want) => list.some((g) => g?.matcher === want.matcher && Array.isArray(g.hooks) && (g.hooks as unknown[]).length === 1 && sameJson((g.hooks as unknown[])[0], want.entry)));
    return found && ours === spec.groups.length;
  }
  const found = spec.events.every((want) => asArray(hooks[want.event]).some((e) => sameJson(e, want.entry)));
  return found && ours === spec.events.length && root.version !== undefined;
}

export function planUninstall(agent: AgentId, scope: Scope, ctx: InstallContext): Plan {
  const adapter = ADAPTERS[agent];
  const target = adapter.target(scope, ctx.home, ctx.cwd);
  const before = readOrNull(target.file);
  if (before === null) return { agent, scope, file: target.file, before, after: null, summary: 'not installed (no file)' };
  const record = readRecords(ctx).find((r) => r.file === target.file && r.agent === agent);
  if (record && record.writtenSha256 === sha(before)) {
    // Untouched since twokey wrote it: give back exactly what was there.
    if (record.existedBefore && record.backup && existsSync(record.backup)) {
      return { agent, scope, file: target.file, before, after: readFileSync(record.backup, 'utf8'), summary: `restore ${target.file} from ${record.backup}`, restoreFrom: record.backup };
    }
    if (!record.existedBefore) return { agent, scope, file: target.file, before, after: null, summary: `remove ${target.file} (twokey created it)` };
  }
  if (target.mode === 'own-file') {
    if (!isOurOwnFile(agent, before)) return { agent, scope, file: target.file, before, after: before, summary: 'not installed (file is not twokey\'s)' };
    return { agent, scope, file: target.file, before, after: null, summary: `remove ${target.file}` };
  }
  const { text, removed } = removeOurs(agent, before, target.file);
  return { agent, scope, file: target.file, before, after: text, summary: removed === 0 ? 'not installed' : `remove ${removed} twokey hook entr${removed === 1 ? 'y' : 'ies'} from ${target.file}` };
}

/** Write a plan: back up the existing file first, record what was written (for a byte-exact uninstall). */
export function applyPlan(plan: Plan, ctx: InstallContext, kind: 'install' | 'uninstall'): { backup?: string } {
  if (plan.after === plan.before) return {};
  let backup: string | undefined;
  if (plan.before !== null) {
    const stamp = (ctx.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
    backup = `${plan.file}.twokey-backup-${stamp}`;
    copyFileSync(plan.file, backup);
  }
  if (plan.after === null) rmSync(plan.file, { force: true });
  else {
    mkdirSync(dirname(plan.file), { recursive: true });
    writeFileSync(plan.file, plan.after);
  }
  const records = readRecords(ctx).filter((r) => !(r.file === plan.file && r.agent === plan.agent));
  if (kind === 'install' && plan.after !== null) {
    const previous = readRecords(ctx).find((r) => r.file === plan.file && r.agent === plan.agent);
    // Reinstalling over our own earlier install keeps the original pre-install backup.
    const keepOriginal = previous && plan.before !== null && previous.writtenSha256 === sha(plan.before);
    records.push({
      agent: plan.agent, file: plan.file,
      existedBefore: keepOriginal ? previous.existedBefore : plan.before !== null,
      backup: keepOriginal ? previous.backup : backup,
      writtenSha256: sha(plan.after), at: (ctx.now?.() ?? new Date()).toISOString(),
    });
  }
  writeRecords(ctx, records);
  return { backup };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading what is installed (doctor)

export interface InstalledHook {
  agent: AgentId;
  scope: Scope;
  file: string;
  /** The hook commands twokey finds for this agent in the file (with the event/matcher they hang on). */
  commands: { event: string; matcher?: string; command: string; failClosed?: boolean }[];
  /** Settings that let a command through despite the hook. */
  warnings: string[];
}

export function inspectInstall(agent: AgentId, scope: Scope, ctx: Pick<InstallContext, 'home' | 'cwd'>): InstalledHook | null {
  const target = ADAPTERS[agent].target(scope, ctx.home, ctx.cwd);
  const text = readOrNull(target.file);
  if (text === null) return null;
  const warnings: string[] = [];
  const commands: InstalledHook['commands'] = [];
  if (agent === 'opencode') {
    if (!isOurOwnFile(agent, text)) return null;
    const m = /const HOOK = (\[.*\]);/.exec(text);
    const argv = m ? (JSON.parse(m[1]) as string[]) : [];
    commands.push({ event: 'tool.execute.before', command: argv.map(shq).join(' ') });
    return { agent, scope, file: target.file, commands, warnings };
  }
  let root: Json;
  try { root = parseSettings(target.file, text); } catch (err) { return { agent, scope, file: target.file, commands, warnings: [(err as Error).message] }; }
  const hooks = (root.hooks ?? {}) as Json;
  for (const [event, list] of Object.entries(hooks)) {
    for (const group of asArray(list) as Json[]) {
      if (!group || typeof group !== 'object') continue;
      if (Array.isArray(group.hooks)) {
        for (const h of group.hooks as Json[]) if (isOurCommand(h?.command, agent)) commands.push({ event, matcher: typeof group.matcher === 'string' ? group.matcher : undefined, command: String(h.command) });
      } else if (isOurCommand(group.command, agent) || isOurCommand(group.bash, agent)) {
        commands.push({ event, matcher: typeof group.matcher === 'string' ? group.matcher : undefined, command: String(group.command ?? group.bash), failClosed: group.failClosed === true });
      }
    }
  }
  if (commands.length === 0) return null;
  warnings.push(...failOpenWarnings(agent, root, commands, ctx.home, target.file));
  return { agent, scope, file: target.file, commands, warnings };
}

function failOpenWarnings(agent: AgentId, root: Json, commands: InstalledHook['commands'], home: string, file: string): string[] {
  const w: string[] = [];
  const matchers = commands.map((c) => c.matcher ?? '');
  const covers = (tool: string) => matchers.some((m) => m === '' || m === '*' || safeTest(m, tool));
  switch (agent) {
    case 'claude-code':
      if (!covers('Bash')) w.push(`${file}: no PreToolUse matcher covers Bash: shell commands are not checked`);
      if (!covers('Write')) w.push(`${file}: no PreToolUse matcher covers Write/Edit: protected files are not guarded`);
      if (root.disableAllHooks === true) w.push(`${file}: "disableAllHooks": true switches every hook off`);
      break;
    case 'codex': {
      if (!covers('Bash')) w.push(`${file}: no PreToolUse matcher covers Bash`);
      const toml = readOrNull(join(home, '.codex', 'config.toml')) ?? '';
      if (/^\s*(codex_hooks|hooks)\s*=\s*false/m.test(toml)) w.push(`${join(home, '.codex', 'config.toml')}: [features] turns hooks off`);
      w.push('Codex runs a new or changed hook only after you trust it: open /hooks in Codex and trust the twokey hook');
      break;
    }
    case 'gemini-cli': {
      if (!covers('run_shell_command')) w.push(`${file}: no BeforeTool matcher covers run_shell_command`);
      const hc = root.hooksConfig as Json | undefined;
      if (hc?.enabled === false || (root.hooks as Json | undefined)?.enabled === false || (root.tools as Json | undefined)?.enableHooks === false) w.push(`${file}: hooks are disabled in the settings`);
      break;
    }
    case 'cursor':
      for (const c of commands) if (c.failClosed !== true) w.push(`${file}: the ${c.event} hook lacks "failClosed": true, so Cursor runs the command when the hook crashes or times out`);
      if (!commands.some((c) => c.event === 'beforeShellExecution' || (c.event === 'preToolUse' && covers('Shell')))) w.push(`${file}: no beforeShellExecution hook: shell commands are not checked`);
      break;
    default:
      break;
  }
  return w;
}

function safeTest(pattern: string, tool: string): boolean {
  try { return new RegExp(`^(?:${pattern})$`).test(tool); } catch { return pattern === tool; }
}

/** Is the agent installed here? Its config dir under home, or its binary on PATH. */
export function detectAgent(agent: AgentId, home: string, pathEnv: string | undefined): boolean {
  const d = ADAPTERS[agent].detect;
  if (d.dirs.some((dir) => existsSync(join(home, dir)))) return true;
  const dirs = (pathEnv ?? '').split(':').filter(Boolean);
  return d.bins.some((b) => dirs.some((p) => existsSync(resolve(p, b))));
}
