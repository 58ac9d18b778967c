import { spawnSync } from 'node:child_process';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { AnalysisIssue, CommandDecision, Decision, Finding, RuleContext, RuleHit, ShellAnalysis, SimpleCommand } from '../core/types.js';
import { DECISION_RANK } from '../core/types.js';
import { twokeyHome } from '../core/home.js';
import { analyzeShell } from '../shell/index.js';
import type { EffectivePolicy } from '../policy/types.js';
import { defaultPolicy, loadPolicy } from '../policy/load.js';
import { defaultRuleCatalog, defaultRuleIndex, ENGINE_ERROR_RULE, POLICY_DENY_RULE, rulesFor, type RuleIndex } from './catalog.js';
import { applyPolicyToFinding, matchingPattern, ruleSetting, type RawFinding } from './apply-policy.js';
import { NO_RECENT_RESTORE_RULE, withRestoreProofs } from '../drill/gate.js';
import { loadRestoreProofs } from '../drill/proof-store.js';

/** What the gate is asked about: one command line, where it would run, with which environment. */
export interface CommandRequest {
  command: string;
  cwd: string;
  env?: Readonly<Record<string, string | undefined>>;
}

/** Knobs for tests and long-lived callers; everything has a sensible default. */
export interface EvaluateOptions {
  /** $TWOKEY_HOME for the policy and trust anchor (default: from the process environment). */
  home?: string;
  /** Use this policy instead of loading one (tests, `policy show`). */
  policy?: EffectivePolicy;
  /** Rule index to use (default: every pack in ALL_PACKS). */
  index?: RuleIndex;
  /** How deep the analyzer follows scripts, `bash -c` and the like (default: the analyzer's own bound). */
  maxDepth?: number;
}

/** Files read for the analyzer (scripts, Makefiles, package.json) and for rules (`-f x.sql`) are bounded. */
export const MAX_INPUT_FILE_BYTES = 1024 * 1024;

/** Read a text file under the size bound, or null (absent, unreadable, too large, a directory). */
export function readBoundedFile(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_INPUT_FILE_BYTES) return null;
    const buf = Buffer.alloc(st.size);
    let read = 0;
    while (read < st.size) {
      const n = readSync(fd, buf, read, st.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buf.subarray(0, read).toString('utf8');
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

// ---------------------------------------------------------------------------
// Trace (for `twokey explain`)
// ---------------------------------------------------------------------------

export interface RuleAttempt {
  rule: string;
  /** fired; no-match; error (the rule threw: deny); dropped (fired, then cleared by the policy); off (not run). */
  outcome: 'fired' | 'no-match' | 'error' | 'dropped' | 'off';
  /** Level after the policy (fired), or the level it would have had (dropped). */
  level?: Decision;
  reason?: string;
  error?: string;
  /** What the policy did to this finding. */
  policy?: string;
}

export interface CommandTrace {
  index: number;
  text: string;
  argv: string[];
  name: string;
  via: string[];
  depth: number;
  env: Record<string, string>;
  stdin: SimpleCommand['stdin']['kind'];
  redirects: { op: string; target: string | null }[];
  origin?: SimpleCommand['origin'];
  /** Set when the command does not run as written, only as the input means it (findings capped at ask). */
  asMeant?: string;
  /** Files rules asked for, and whether they could be read. */
  inputFiles: { path: string; read: boolean }[];
  rules: RuleAttempt[];
  denyPattern?: string;
}

export interface EvaluationTrace {
  command: string;
  cwd: string;
  policy: { broken: boolean; sources: EffectivePolicy['sources']; rules: EffectivePolicy['rules']; allow: string[]; deny: string[] };
  issues: (AnalysisIssue & { outcome: RuleAttempt })[];
  analyzerError?: string;
  commands: CommandTrace[];
  decision: CommandDecision;
  elapsedMs: number;
}

// ---------------------------------------------------------------------------

interface Collected {
  raw: RawFinding;
  finding: Finding;
  order: number;
}

function findingFromHit(ruleId: string, level: Decision, hit: RuleHit, cmd?: SimpleCommand): Finding {
  const f: Finding = { rule: ruleId, level, reason: hit.reason };
  if (hit.loses) f.loses = hit.loses;
  if (hit.safer) f.safer = hit.safer;
  if (hit.database) f.database = hit.database;
  if (cmd) {
    f.command = cmd.text;
    if (cmd.via.length) f.via = [...cmd.via];
  }
  return f;
}

/** Every analysis issue is at least an ask: a command twokey cannot read is never an allow. */
function issueLevel(issue: AnalysisIssue): Exclude<Decision, 'allow'> {
  return issue.level === 'deny' ? 'deny' : 'ask';
}

function issueSafer(kind: AnalysisIssue['kind']): string {
  switch (kind) {
    case 'parse-error': return 'write the command so that bash can parse it, or run it yourself';
    case 'dynamic-command': return 'write the program name literally instead of through a variable or substitution';
    case 'remote-fetch-exec': return 'download the script, read it, and run the file';
    case 'opaque-interpreter': return 'write the code to a file the reviewer can read, or call the tool directly';
    case 'unreadable-script': return 'make the script readable (and under 1 MiB) so twokey can read what it runs';
    case 'depth-limit': return 'call the inner command directly instead of through layers of wrappers';
    case 'dynamic-arguments': return 'list the items first, check them, then run the command on them literally (or put them after --)';
    default: return 'split the command into smaller, literal commands';
  }
}

function decide(collected: Collected[], commandCount: number, notices: string[]): CommandDecision {
  const findings = collected.map((c) => c.finding);
  let best: Collected | null = null;
  for (const c of collected) {
    if (c.finding.level === 'allow') continue;
    if (best === null) { best = c; continue; }
    const rank = DECISION_RANK[c.finding.level] - DECISION_RANK[best.finding.level];
    // Stricter wins; at equal level a rule's finding explains better than a shell issue.
    if (rank > 0 || (rank === 0 && best.raw.rule.startsWith('shell.') && !c.raw.rule.startsWith('shell.'))) best = c;
  }
  const decision: CommandDecision = best
    ? {
        decision: best.finding.level,
        rule: best.finding.rule,
        reason: best.finding.reason,
        findings,
      }
    : {
        decision: 'allow',
        rule: null,
        reason: commandCount === 0 ? 'nothing to run' : `no rule matched (${commandCount} command${commandCount === 1 ? '' : 's'} checked)`,
        findings,
      };
  if (best?.finding.loses) decision.loses = best.finding.loses;
  if (best?.finding.safer) decision.safer = best.finding.safer;
  if (notices.length) decision.notices = [...notices];
  return decision;
}

/**
 * The name rules are looked up by. On case-insensitive file systems (macOS by default, Windows) `RM` and
 * `Git.exe` run rm and git, so the lookup folds case and drops a Windows executable suffix: a rule sees
 * the command as `rm`. argv stays as written.
 */
export function lookupName(name: string): string {
  return name.toLowerCase().replace(/\.(exe|cmd|bat|com)$/, '');
}

function withLookupName(cmd: SimpleCommand): SimpleCommand {
  const name = lookupName(cmd.name);
  return name === cmd.name ? cmd : { ...cmd, name };
}

/** A SimpleCommand may carry the directory it runs in (after `cd`); older analyzers do not. */
function commandCwd(cmd: SimpleCommand, fallback: string): string {
  const own = (cmd as SimpleCommand & { cwd?: unknown }).cwd;
  return typeof own === 'string' && own !== '' ? resolve(fallback, own) : fallback;
}

function homeDirFor(env: Readonly<Record<string, string | undefined>>): string {
  const h = env.HOME;
  return h && h !== '' ? h : homedir();
}

function mergedEnv(inherited: Readonly<Record<string, string | undefined>>, own: Record<string, string>): Readonly<Record<string, string | undefined>> {
  if (Object.keys(own).length === 0) return inherited;
  return { ...inherited, ...own };
}

function readInputFiles(paths: readonly string[], cwd: string, into: Map<string, string>, trace?: { path: string; read: boolean }[]): void {
  for (const p of paths) {
    if (into.has(p)) continue;
    const text = readBoundedFile(isAbsolute(p) ? p : resolve(cwd, p));
    if (text !== null) into.set(p, text);
    trace?.push({ path: p, read: text !== null });
  }
}

/** The policy, or, when loading it fails unexpectedly, the defaults marked broken (fail closed, loudly). */
function safeLoadPolicy(cwd: string, home: string): EffectivePolicy {
  try {
    return loadPolicy({ cwd, home, catalog: defaultRuleCatalog() });
  } catch (err) {
    const p = defaultPolicy();
    p.broken = true;
    p.notices.push(`twokey: the policy could not be loaded (${(err as Error).message}); failing closed for destructive commands`);
    return p;
  }
}

/** The answer when the engine itself fails: never an allow. */
function internalErrorDecision(err: unknown): CommandDecision {
  const message = err instanceof Error ? err.message : String(err);
  const reason = `twokey's engine failed on this command (${message}); failing closed`;
  return {
    decision: 'deny',
    rule: ENGINE_ERROR_RULE,
    reason,
    safer: 'run the command yourself if it is safe, and report the error',
    findings: [{ rule: ENGINE_ERROR_RULE, level: 'deny', reason }],
  };
}

/**
 * Does bash itself refuse to parse this text (`bash -n`, which reads without running anything)? Asked only
 * after twokey's parser failed too; false when bash is absent or says anything but a syntax error.
 */
function bashRejects(command: string): boolean {
  const r = spawnSync('bash', ['-n', '-c', command], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'ignore', 'pipe'] });
  return r.error === undefined && r.status === 2 && /unexpected EOF|syntax error/.test(r.stderr ?? '');
}

/** Trailing redirection operators with no word after them (`cat <<<`, `cat < <`, `ls >`). */
const DANGLING_REDIRECTS = /(?:\s*(?:<<<|<<-?|&>>?|\d*>>|\d*>[|&]?|\d*<[&>]?))+\s*$/;

/**
 * A slip that makes the whole input a syntax error, and the text with it mended: a quote never closed
 * (closed at the end), a redirection operator with no word after it at the end (removed). Null otherwise.
 */
function mendedSlip(command: string, message: string): { text: string; why: string } | null {
  const quote = /without closing quote (['"`])$/.exec(message);
  if (quote) return { text: `${command}${quote[1]}`, why: `a ${quote[1]} quote is never closed` };
  if (/must be followed by a word$/.test(message)) {
    const dangling = DANGLING_REDIRECTS.exec(command);
    if (dangling && dangling.index > 0) return { text: command.slice(0, dangling.index), why: `${dangling[0].trim()} at the end has no word after it` };
  }
  return null;
}

/** The shared path of evaluateCommand and explainCommand. `trace` is filled when given. */
function judge(req: CommandRequest, opts: EvaluateOptions, trace?: EvaluationTrace, repairing = false): CommandDecision {
  const started = performance.now();
  const cwd = resolve(req.cwd || '.');
  const inherited: Readonly<Record<string, string | undefined>> = req.env ?? process.env;
  const home = opts.home ?? twokeyHome(process.env);
  const policy = opts.policy ?? safeLoadPolicy(cwd, home);
  const index = opts.index ?? defaultRuleIndex();
  const userHome = homeDirFor(inherited);
  const collected: Collected[] = [];
  let order = 0;

  const push = (raw: RawFinding, hit: RuleHit, cmd: SimpleCommand | undefined, attempt?: RuleAttempt): void => {
    const outcome = applyPolicyToFinding(raw, policy);
    // a command that does not run as written, only as the input means it: at most a question, saying so
    if (cmd?.asMeant && outcome.level === 'deny') outcome.level = 'ask';
    if (attempt) {
      attempt.policy = outcome.note;
      attempt.level = outcome.level ?? raw.hitLevel;
      attempt.outcome = outcome.level === null ? 'dropped' : attempt.outcome;
    }
    if (outcome.level === null) return;
    const said = cmd?.asMeant ? { ...hit, reason: `${hit.reason} (as meant: ${cmd.asMeant})` } : hit;
    collected.push({ raw, finding: findingFromHit(raw.rule, outcome.level, said, cmd), order: order++ });
  };

  let analysis: ShellAnalysis;
  try {
    analysis = analyzeShell(req.command, {
      cwd,
      env: inherited as Record<string, string | undefined>,
      readFile: (path: string) => readBoundedFile(isAbsolute(path) ? path : resolve(cwd, path)),
      maxDepth: opts.maxDepth,
      knownCommand: (name: string) => index.byCommand.has(lookupName(name)),
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (trace) trace.analyzerError = message;
    analysis = { commands: [], issues: [] };
    push(
      { rule: ENGINE_ERROR_RULE, defaultLevel: 'deny', hitLevel: 'deny' },
      { reason: `the shell analyzer failed on this command (${message}); failing closed`, safer: 'split the command into simpler commands, or run it yourself' },
      undefined,
    );
  }

  // `echo 'unterminated`, `cat <<<`: bash refuses the whole input, so nothing of it runs. The parse error is
  // dropped only when bash itself rejects the text and the text with the slip mended (the quote closed, the
  // dangling redirection operator removed) would be allowed too, so a parser that disagreed with bash could
  // not hide a command; otherwise it stays an ask.
  const notices = [...policy.notices];
  const slip = !repairing && analysis.issues.length === 1 && analysis.issues[0].kind === 'parse-error' && !analysis.issues[0].via
    ? mendedSlip(req.command, analysis.issues[0].message) : null;
  if (slip) {
    const mended = judge({ ...req, command: slip.text }, { ...opts, policy, index, home }, undefined, true);
    if (mended.decision === 'allow' && bashRejects(req.command)) {
      analysis = { commands: [], issues: [] };
      notices.push(`bash rejects this command (${slip.why}), so nothing of it runs; mended, it would be allowed as well`);
    }
  }

  for (const issue of analysis.issues) {
    const level = issueLevel(issue);
    const attempt: RuleAttempt | undefined = trace ? { rule: `shell.${issue.kind}`, outcome: 'fired' } : undefined;
    push(
      { rule: `shell.${issue.kind}`, defaultLevel: level, hitLevel: level },
      { reason: issue.message, safer: issueSafer(issue.kind) },
      undefined,
      attempt,
    );
    if (trace && attempt) trace.issues.push({ ...issue, outcome: attempt });
  }

  analysis.commands.forEach((parsed, i) => {
    const cmd = withLookupName(parsed);
    // Where this command runs: the analyzer's own record of `cd` when it gives one, else the request's cwd.
    const cmdCwd = commandCwd(cmd, cwd);
    const ctx: RuleContext = {
      cwd: cmdCwd,
      ...(cmd.cwdUnknown ? { cwdUnknown: true } : {}),
      env: mergedEnv(inherited, cmd.env),
      files: new Map<string, string>(),
      protectedPaths: policy.protectedPaths,
      home: userHome,
      ...(cmdCwd !== cwd ? { projectDir: cwd } : {}),
    };
    const ct: CommandTrace | undefined = trace
      ? {
          index: i, text: cmd.text, argv: [...cmd.argv], name: cmd.name, via: [...cmd.via], depth: cmd.depth, env: { ...cmd.env },
          stdin: cmd.stdin.kind, redirects: cmd.redirects.map((r) => ({ op: r.op, target: r.target })), origin: cmd.origin,
          ...(cmd.asMeant ? { asMeant: cmd.asMeant } : {}),
          inputFiles: [], rules: [],
        }
      : undefined;

    const deny = policy.deny.length ? matchingPattern(policy.deny, cmd) : null;
    if (deny) {
      if (ct) ct.denyPattern = deny.pattern;
      push(
        { rule: POLICY_DENY_RULE, defaultLevel: 'deny', hitLevel: 'deny', cmd },
        { reason: `the policy denies this command (pattern "${deny.pattern}" in ${deny.source})`, safer: 'ask a human to run it, or to change the signed policy' },
        cmd,
      );
    }

    for (const { rule } of rulesFor(index, cmd.name)) {
      // A rule the (healthy) policy turns off is not run at all, so its failures cannot block either.
      const setting = policy.broken ? null : ruleSetting(policy, rule.id);
      if (setting?.setting === 'off') {
        if (ct) ct.rules.push({ rule: rule.id, outcome: 'off', policy: `turned off by the policy (${setting.key}: off)` });
        continue;
      }
      const attempt: RuleAttempt | undefined = ct ? { rule: rule.id, outcome: 'no-match' } : undefined;
      let hit: RuleHit | null;
      try {
        if (rule.inputFiles) readInputFiles(rule.inputFiles(cmd), cmdCwd, ctx.files as Map<string, string>, ct?.inputFiles);
        hit = rule.match(cmd, ctx);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (attempt) { attempt.outcome = 'error'; attempt.error = message; ct!.rules.push(attempt); }
        collected.push({
          raw: { rule: rule.id, defaultLevel: 'deny', hitLevel: 'deny', cmd },
          finding: findingFromHit(rule.id, 'deny', { reason: `rule ${rule.id} failed on this command (${message}); failing closed`, safer: 'report this to the twokey maintainers; run the command yourself if it is safe' }, cmd),
          order: order++,
        });
        continue;
      }
      if (hit) {
        const hitLevel = hit.level ?? rule.level;
        if (attempt) { attempt.outcome = 'fired'; attempt.reason = hit.reason; }
        push({ rule: rule.id, defaultLevel: rule.level, hitLevel, cmd }, hit, cmd, attempt);
      }
      if (attempt) ct!.rules.push(attempt);
    }
    if (ct) trace!.commands.push(ct);
  });

  collected.sort((a, b) => a.order - b.order);
  const decision = withRestoreProofs(decide(collected, analysis.commands.length, notices), {
    maxAgeDays: policy.drills.maxAgeDays,
    setting: ruleSetting(policy, NO_RECENT_RESTORE_RULE)?.setting,
    loadProofs: () => loadRestoreProofs(home),
  });
  if (trace) {
    trace.decision = decision;
    trace.policy = {
      broken: policy.broken,
      sources: policy.sources,
      rules: policy.rules,
      allow: policy.allow.map((p) => p.pattern),
      deny: policy.deny.map((p) => p.pattern),
    };
    trace.elapsedMs = performance.now() - started;
  }
  return decision;
}

/**
 * Command string -> shell facts -> rule findings -> policy -> one decision. Pure apart from reading the
 * files rules and the shell analyzer ask for (scripts, -f SQL files), through `readFile`.
 * OWNER: engine (issue 2). This signature is the contract the hooks, the daemon, MCP and `check` call.
 */
export function evaluateCommand(req: CommandRequest, opts: EvaluateOptions = {}): CommandDecision {
  try {
    return judge(req, opts);
  } catch (err) {
    return internalErrorDecision(err);
  }
}

/** The same judgement, with the trace `twokey explain` prints: what was parsed, unwrapped, tried and fired. */
export function explainCommand(req: CommandRequest, opts: EvaluateOptions = {}): EvaluationTrace {
  const trace: EvaluationTrace = {
    command: req.command,
    cwd: resolve(req.cwd || '.'),
    policy: { broken: false, sources: [], rules: {}, allow: [], deny: [] },
    issues: [],
    commands: [],
    decision: { decision: 'deny', rule: ENGINE_ERROR_RULE, reason: 'not evaluated', findings: [] },
    elapsedMs: 0,
  };
  try {
    judge(req, opts, trace);
  } catch (err) {
    trace.analyzerError ??= `engine failure: ${(err as Error)?.message ?? String(err)}`;
    trace.decision = internalErrorDecision(err);
  }
  return trace;
}
