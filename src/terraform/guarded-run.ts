/**
 * `twokey run -- terraform|tofu|terragrunt ARGS…`: read-only subcommands pass through; apply without a
 * plan file becomes `plan -out` + check + decision; apply of a plan file is checked first; destroy
 * becomes `plan -destroy -out` + check. Before anything that changes state, the local state is copied
 * under $TWOKEY_HOME/state-backups (lineage and serial in the name). An ask or deny stops the run and
 * files a request; an approval of exactly that plan file lets it apply once.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, delimiter, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../core/errors.js';
import { homePaths } from '../core/paths.js';
import { twokeyHome } from '../core/home.js';
import type { Finding } from '../core/types.js';
import { checkPlan } from './check.js';
import type { PlanAnalysis } from './analyze.js';
import { toHumanReport, toJsonReport } from './report.js';
import { writeFileSync } from 'node:fs';
import { planSubjectHash, sha256File, sha256Hex } from './plan-hash.js';
import { workdirIdentity, type WorkdirIdentity } from './workdir.js';
import { parseStateText } from './state.js';
import { readLedger, ledgerEntry, ledgerFindings, recordObservation, updateLedger } from './ledger.js';
import { journalDecision } from './journal-hook.js';
import { SHIM_MARKER } from './shim.js';

export const GUARD_ENV = 'TWOKEY_IN_RUN';
export const TOOLS = new Set(['terraform', 'tofu', 'terragrunt']);

export interface GuardedRunIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (t: string) => void;
  stderr: (t: string) => void;
  protect?: string[];
  /** Print the report as JSON (to stderr: stdout belongs to the tool). */
  json?: boolean;
  /** Also write the JSON report of the run to this file. */
  reportFile?: string;
}

/** What a subcommand does to state. */
export type SubcommandClass = 'read-only' | 'apply' | 'destroy' | 'state-write' | 'state-surgery';

const READ_ONLY = new Set(['version', 'validate', 'fmt', 'show', 'output', 'graph', 'providers', 'console', 'get', 'plan',
  'login', 'logout', 'metadata', 'modules', 'help', 'init', 'render-json', 'hclfmt', 'output-module-groups', 'graph-dependencies',
  'terragrunt-info', 'validate-inputs', 'info', 'find', 'list', 'dag', 'catalog', 'scaffold', 'hcl', 'stack', 'exec']);
const STATE_WRITE = new Set(['import', 'refresh', 'taint', 'untaint']);

export interface ParsedInvocation {
  tool: string;
  /** Global options before the subcommand (e.g. -chdir=DIR). */
  globals: string[];
  sub: string;
  /** For `state`/`workspace`: the second word. */
  sub2?: string;
  args: string[];
  chdir?: string;
  /** terragrunt run-all / run --all. */
  all: boolean;
}

export function parseInvocation(argv: readonly string[]): ParsedInvocation {
  if (argv.length === 0) throw new UserError('nothing to run', 'Usage: twokey run -- terraform|tofu|terragrunt ARGS…');
  const tool = basename(argv[0]);
  if (!TOOLS.has(tool)) throw new UserError(`'${argv[0]}' is not terraform, tofu or terragrunt`, 'twokey run guards only those; use `twokey check` for other commands');
  const globals: string[] = [];
  let i = 1;
  let chdir: string | undefined;
  while (i < argv.length && argv[i].startsWith('-')) {
    const g = argv[i];
    if (g.startsWith('-chdir=') || g.startsWith('--chdir=')) chdir = g.slice(g.indexOf('=') + 1);
    globals.push(g);
    i++;
  }
  let sub = argv[i] ?? '';
  let rest = argv.slice(i + 1);
  let all = false;
  if (tool === 'terragrunt' && (sub === 'run-all' || (sub === 'run' && rest.includes('--all')))) {
    all = true;
    const words = rest.filter((w) => !w.startsWith('-'));
    sub = words[0] ?? '';
    rest = rest.filter((w) => w !== sub && w !== '--all');
  } else if (tool === 'terragrunt' && sub === 'run') {
    const dd = rest.indexOf('--');
    const words = (dd >= 0 ? rest.slice(dd + 1) : rest).filter((w) => !w.startsWith('-'));
    sub = words[0] ?? '';
    rest = (dd >= 0 ? rest.slice(dd + 1) : rest).filter((w) => w !== sub);
  }
  let sub2: string | undefined;
  if (sub === 'state' || sub === 'workspace' || sub === 'providers') sub2 = rest.find((w) => !w.startsWith('-'));
  return { tool, globals, sub, sub2, args: rest, chdir, all };
}

export function classify(inv: ParsedInvocation): SubcommandClass {
  const { sub, sub2, args } = inv;
  if (sub === 'destroy') return 'destroy';
  if (sub === 'apply') return args.includes('-destroy') || args.includes('--destroy') ? 'destroy' : 'apply';
  if (sub === 'state') {
    if (sub2 === 'list' || sub2 === 'show' || sub2 === 'pull' || sub2 === undefined) return 'read-only';
    return 'state-surgery';
  }
  if (sub === 'workspace') {
    if (sub2 === 'delete') return 'state-surgery';
    return 'read-only';
  }
  if (sub === 'force-unlock' || sub === 'test') return 'state-surgery';
  if (STATE_WRITE.has(sub)) return 'state-write';
  if (READ_ONLY.has(sub) || sub === '' || sub.startsWith('-')) return 'read-only';
  // Unknown subcommands: treated as able to change state (fail closed).
  return 'state-surgery';
}

/** The real binary for `tool` on PATH, skipping twokey's shim directory and any file carrying the shim marker. */
export function findRealBinary(tool: string, env: NodeJS.ProcessEnv): string | undefined {
  const home = twokeyHome(env);
  const skip = new Set<string>();
  for (const d of [homePaths(home).shimDir, env.TWOKEY_SHIM_DIR]) {
    if (!d) continue;
    skip.add(resolve(d));
    try { skip.add(realpathSync(d)); } catch { /* absent */ }
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const abs = resolve(dir);
    let real = abs;
    try { real = realpathSync(abs); } catch { continue; }
    if (skip.has(abs) || skip.has(real)) continue;
    const candidate = join(abs, tool);
    try {
      accessSync(candidate, constants.X_OK);
    } catch { continue; }
    try {
      const head = readFileSync(candidate).subarray(0, 4096).toString('latin1');
      if (head.includes(SHIM_MARKER)) continue;
    } catch { continue; }
    return candidate;
  }
  return undefined;
}

function runTool(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, capture = false): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(bin, args, {
    cwd, env: { ...env, [GUARD_ENV]: '1' }, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit', encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024,
  });
  if (r.error) throw new UserError(`could not run ${bin}: ${r.error.message}`);
  return { status: r.status ?? (r.signal ? 128 : 1), stdout: (r.stdout as string | null) ?? '', stderr: (r.stderr as string | null) ?? '' };
}

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(-80) || 'root';
}

/** Copies the local state file (if any) under state-backups, with lineage and serial in the name. */
export function backupLocalState(wd: WorkdirIdentity, env: NodeJS.ProcessEnv, why: string): string | undefined {
  if (!wd.localStatePath || !existsSync(wd.localStatePath)) return undefined;
  let lineage = 'unknown';
  let serial = -1;
  try { const s = parseStateText(readFileSync(wd.localStatePath, 'utf8')); lineage = s.lineage || 'none'; serial = s.serial; } catch { /* keep unknown */ }
  const dir = homePaths(twokeyHome(env)).stateBackupsDir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `${safeName(wd.dir)}--${safeName(wd.workspace)}--${lineage}--serial-${serial}--${stamp}--${safeName(why)}.tfstate`;
  const dest = join(dir, name);
  copyFileSync(wd.localStatePath, dest);
  return dest;
}

function localStateHash(wd: WorkdirIdentity): string | undefined {
  if (!wd.localStatePath || !existsSync(wd.localStatePath)) return undefined;
  return sha256File(wd.localStatePath);
}

/** Options for `plan` taken from apply/destroy arguments (apply-only flags dropped). */
export function planArgsFrom(args: readonly string[]): { planArgs: string[]; planFile?: string } {
  const planArgs: string[] = [];
  let planFile: string | undefined;
  const dropExact = new Set(['-auto-approve', '--auto-approve', '-destroy', '--destroy']);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (dropExact.has(a)) continue;
    if (/^--?(backup|state-out)=/.test(a)) continue;
    if (/^--?input(=.*)?$/.test(a)) continue;
    if (a.startsWith('-')) {
      // Options with a separate value (-var x=1, -target X, -var-file f, -replace X) keep the value.
      if (/^--?(var|var-file|target|replace|parallelism|lock-timeout|state)$/.test(a) && i + 1 < args.length) { planArgs.push(a, args[++i]); continue; }
      planArgs.push(a);
      continue;
    }
    if (planFile === undefined) planFile = a; else planArgs.push(a);
  }
  return { planArgs, planFile };
}

function toCoreFindings(a: PlanAnalysis): Finding[] {
  return a.findings.filter((f) => f.severity !== 'info').map((f) => ({
    rule: f.rule, level: f.severity === 'info' ? 'allow' : f.severity, reason: f.message,
    ...(f.loses ? { loses: f.loses } : {}), ...(f.safer ? { safer: f.safer } : {}),
    ...(f.address ? { command: f.address } : {}),
  }));
}

/** Records the state after a guarded apply (local file; else `state pull`), as the new baseline. */
function recordAfterApply(bin: string, inv: ParsedInvocation, wd: WorkdirIdentity, cwd: string, env: NodeJS.ProcessEnv, io: GuardedRunIO) {
  let text: string | undefined;
  if (wd.localStatePath && existsSync(wd.localStatePath)) text = readFileSync(wd.localStatePath, 'utf8');
  else if (inv.tool !== 'terragrunt') {
    const r = runTool(bin, [...inv.globals, 'state', 'pull'], cwd, env, true);
    if (r.status === 0 && r.stdout.trim()) text = r.stdout;
  }
  if (!text) return;
  try {
    const st = parseStateText(text);
    const hash = localStateHash(wd);
    updateLedger(homePaths(twokeyHome(env)).ledger, (l) => recordObservation(l, wd, {
      lineage: st.lineage, serial: st.serial, resources: st.resources, stateHash: hash, source: 'guarded apply',
    }, { accept: true, guardedAction: true }));
  } catch (err) {
    io.stderr(`twokey: warning: could not record the state after apply: ${(err as Error).message}\n`);
  }
}

export async function guardedRun(argv: readonly string[], io: GuardedRunIO): Promise<number> {
  const inv = parseInvocation(argv);
  const env = io.env;
  const depth = Number(env.TWOKEY_RUN_DEPTH ?? '0');
  if (depth > 2) throw new UserError('twokey run is calling itself (shim recursion?)', 'Check that the real terraform binary is on PATH after the shim directory');
  const bin = findRealBinary(inv.tool, env);
  if (!bin) throw new UserError(`'${inv.tool}' was not found on PATH (outside twokey's shim directory)`, `Install ${inv.tool}, or fix PATH`);
  const childEnv: NodeJS.ProcessEnv = { ...env, TWOKEY_RUN_DEPTH: String(depth + 1) };
  const cwd = inv.chdir ? resolve(io.cwd, inv.chdir) : io.cwd;
  const wd = workdirIdentity(cwd, env);
  const klass = classify(inv);
  const rest = argv.slice(1);
  const say = (t: string) => io.stderr(t.endsWith('\n') ? t : `${t}\n`);

  if (klass === 'read-only') {
    return runTool(bin, [...rest], io.cwd, childEnv).status;
  }

  if (inv.all) {
    say(`twokey: '${inv.tool} ${argv.slice(1).join(' ')}' changes many stacks at once and cannot be checked plan by plan; run each stack's apply through twokey instead.`);
    return await stopForApproval(inv, io, {
      kind: 'command', hash: sha256Hex(JSON.stringify(['twokey-run-v1', argv, wd.dir, wd.workspace])), cwd: wd.dir,
      display: argv.join(' '), decision: 'ask', reason: `${inv.tool} run-all ${inv.sub} cannot be plan-checked`, findings: [],
    }, () => runTool(bin, [...rest], io.cwd, childEnv).status);
  }

  if (klass === 'state-write' || klass === 'state-surgery') {
    const backup = backupLocalState(wd, env, inv.sub);
    if (backup) say(`twokey: state copied to ${backup}`);
    if (klass === 'state-write') {
      const code = runTool(bin, [...rest], io.cwd, childEnv).status;
      if (code === 0) recordAfterApply(bin, inv, wd, cwd, env, io);
      await journalDecision(env, { kind: 'execution', summary: `${argv.join(' ')} (exit ${code})`, data: { argv, cwd: wd.dir, exit: code, backup } }, io.stderr);
      return code;
    }
    const words = [inv.sub, inv.sub2].filter(Boolean).join(' ');
    return await stopForApproval(inv, io, {
      kind: 'command', hash: sha256Hex(JSON.stringify(['twokey-run-v1', argv, wd.dir, wd.workspace])), cwd: wd.dir,
      display: argv.join(' '), decision: 'ask',
      reason: `'${inv.tool} ${words}' edits state directly (outside a plan): a human must confirm`, findings: [],
    }, () => {
      const code = runTool(bin, [...rest], io.cwd, childEnv).status;
      if (code === 0) recordAfterApply(bin, inv, wd, cwd, env, io);
      return code;
    });
  }

  // apply / destroy
  const { planArgs, planFile: givenPlan } = planArgsFrom(inv.args);
  const stateHash = localStateHash(wd);
  // "Changed behind our back": checked before anything else touches the state.
  const entry = ledgerEntry(readLedger(homePaths(twokeyHome(env)).ledger), wd);
  const behind = ledgerFindings(entry, { stateHash, source: 'local state file' }, { guarded: true }).filter((f) => f.rule === 'state.changed-behind-our-back');
  const backup = backupLocalState(wd, env, klass);
  if (backup) say(`twokey: state copied to ${backup}`);

  let planPath: string;
  if (givenPlan && klass === 'apply') {
    planPath = resolve(cwd, givenPlan);
    if (!existsSync(planPath)) throw new UserError(`plan file '${givenPlan}' not found`);
  } else {
    const plansDir = join(twokeyHome(env), 'plans');
    mkdirSync(plansDir, { recursive: true, mode: 0o700 });
    planPath = join(plansDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.tfplan`);
    const args = [...inv.globals, 'plan', '-input=false', `-out=${planPath}`, ...(klass === 'destroy' ? ['-destroy'] : []), ...planArgs];
    say(`twokey: planning first: ${inv.tool} ${args.join(' ')}`);
    const r = runTool(bin, args, io.cwd, childEnv);
    if (r.status !== 0) {
      say(`twokey: the plan failed (exit ${r.status}); nothing was applied.`);
      return r.status;
    }
  }

  const result = await checkPlan(planPath, { cwd, env: childEnv, protect: io.protect, guarded: true, localStateHash: undefined, tool: inv.tool === 'terragrunt' ? bin : bin });
  const st = result.loaded.state;
  const extra = behind;
  let analysis = result.analysis;
  if (extra.length) {
    analysis = { ...analysis, findings: [...analysis.findings.filter((f) => f.severity === 'deny'), ...extra, ...analysis.findings.filter((f) => f.severity !== 'deny')], decision: 'deny' };
  }
  const reportCtx = { file: planPath, notes: result.policyNotices, state: st && st.lineage ? { lineage: st.lineage, serial: st.serial } : undefined };
  const jsonReport = toJsonReport(analysis, reportCtx) as Record<string, unknown>;
  if (io.json) say(JSON.stringify(jsonReport));
  else say(toHumanReport(analysis, reportCtx));
  const writeReport = (extra: Record<string, unknown>) => {
    if (io.reportFile) writeFileSync(io.reportFile, `${JSON.stringify({ ...jsonReport, plan: planPath, ...extra }, null, 2)}\n`);
  };
  const hash = planSubjectHash({ planSha256: sha256File(planPath), lineage: st?.lineage ?? '', serial: st?.serial ?? 0, backend: wd.backend, workspace: wd.workspace });
  const applyArgs = [...inv.globals, 'apply', '-input=false', ...planArgs.filter((a) => /^--?(parallelism|lock|lock-timeout|no-color|compact-warnings)/.test(a)), planPath];
  const doApply = () => {
    const code = runTool(bin, applyArgs, io.cwd, childEnv).status;
    recordAfterApply(bin, inv, wd, cwd, env, io);
    return code;
  };
  if (analysis.decision === 'allow') {
    const code = doApply();
    writeReport({ ran: true, exit: code, hash });
    await journalDecision(env, { kind: 'execution', summary: `${inv.tool} apply ${planPath} (allowed, exit ${code})`, data: { argv, cwd: wd.dir, plan: planPath, hash, decision: 'allow', exit: code, counts: analysis.counts } }, io.stderr);
    return code;
  }
  return await stopForApproval(inv, io, {
    onOutcome: (o) => writeReport({ ...o, hash }),
    kind: 'plan', hash, cwd: wd.dir, display: `${inv.tool} apply ${planPath}`, decision: analysis.decision,
    reason: analysis.findings.find((f) => f.severity === analysis.decision)?.message ?? analysis.blastRadius,
    findings: toCoreFindings(analysis),
    detail: {
      plan: planPath, lineage: st?.lineage ?? '', serial: st?.serial ?? 0, backend: wd.backend, workspace: wd.workspace,
      counts: analysis.counts, blastRadius: analysis.blastRadius, projects: analysis.projects, destroyMode: analysis.destroyMode,
      deleted: analysis.changes.filter((c) => c.destructive).slice(0, 200).map((c) => ({ address: c.address, kind: c.kind, losses: c.losses })),
    },
  }, doApply, planPath);
}

interface StopSubject {
  kind: 'plan' | 'command';
  hash: string;
  cwd: string;
  display: string;
  decision: 'ask' | 'deny';
  reason: string;
  findings: Finding[];
  detail?: unknown;
  onOutcome?: (o: { ran: boolean; exit: number; requestId?: string; approvalId?: string }) => void;
}

async function stopForApproval(inv: ParsedInvocation, io: GuardedRunIO, s: StopSubject, runApproved: () => number, planPath?: string): Promise<number> {
  const env = io.env;
  const api = await import('../approval/api.js');
  const home = twokeyHome(env);
  const { onOutcome, ...rest } = s;
  const subject = { ...rest, agent: agentFromEnv(env) };
  let consumed: { approvalId: string; requestId: string } | null = null;
  try {
    consumed = await api.consumeApproval(subject, { home });
  } catch (err) {
    io.stderr(`twokey: approvals unavailable (${(err as Error).message}): stopping (fail closed)\n`);
  }
  if (consumed) {
    io.stderr(`twokey: approval ${consumed.approvalId} (request ${consumed.requestId}) consumed: running exactly this once\n`);
    const code = runApproved();
    onOutcome?.({ ran: true, exit: code, requestId: consumed.requestId, approvalId: consumed.approvalId });
    await journalDecision(env, { kind: 'execution', summary: `${s.display} (approved by ${consumed.approvalId}, exit ${code})`, data: { ...consumed, hash: s.hash, cwd: s.cwd, exit: code } }, io.stderr);
    return code;
  }
  let requestId = '';
  try {
    const created = await api.createRequest(subject, { home });
    requestId = created.requestId;
    io.stderr(`\ntwokey: ${s.decision === 'deny' ? 'DENIED' : 'STOPPED'}: ${s.reason}\n`);
    io.stderr(`twokey: request ${created.requestId}: ${created.release}\n`);
    if (planPath) io.stderr(`twokey: after approval, apply exactly this plan with: twokey run -- ${inv.tool} apply ${planPath}\n`);
  } catch (err) {
    io.stderr(`\ntwokey: ${s.decision === 'deny' ? 'DENIED' : 'STOPPED'}: ${s.reason}\ntwokey: could not file a request: ${(err as Error).message}\n`);
  }
  onOutcome?.({ ran: false, exit: s.decision === 'deny' ? 3 : 2, requestId });
  await journalDecision(env, { kind: 'decision', summary: `${s.decision} ${s.display}`, data: { requestId, hash: s.hash, cwd: s.cwd, decision: s.decision, rules: s.findings.map((f) => f.rule) } }, io.stderr);
  return s.decision === 'deny' ? 3 : 2;
}

/**
 * Which agent is running `twokey run` (for the request a human reads): TWOKEY_AGENT when set (the shims
 * and hooks may set it), else the marker variables the agents put in their shells' environment.
 */
export function agentFromEnv(env: NodeJS.ProcessEnv): string {
  if (env.TWOKEY_AGENT) return env.TWOKEY_AGENT;
  if (env.CLAUDECODE) return 'claude-code';
  if (env.CODEX_SANDBOX || env.CODEX_SANDBOX_NETWORK_DISABLED) return 'codex';
  if (env.GEMINI_CLI) return 'gemini-cli';
  if (env.CURSOR_AGENT || env.CURSOR_TRACE_ID) return 'cursor';
  return 'unknown';
}
