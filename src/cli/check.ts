import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliCommand, CliIO } from './io.js';
import { UserError } from '../core/errors.js';
import { exitCodeFor, type CommandDecision } from '../core/types.js';
import { twokeyHome } from '../core/home.js';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { evaluateCommand } from '../engine/evaluate.js';
import { defaultRuleCatalog } from '../engine/catalog.js';
import { loadPolicy } from '../policy/load.js';
import type { EffectivePolicy } from '../policy/types.js';

/**
 * `twokey check`: a dry judgement of one command (or a batch), straight through the engine.
 * No approvals are looked up or consumed and no request is created: use the hook or `twokey run` for that.
 */

export interface CommandArgs {
  command: string | null;
  cwd: string;
  json: boolean;
  batch: string | null;
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quote one argv word for a POSIX shell, so that joining words keeps each one as the user gave it. */
export function shellQuote(word: string): string {
  if (word !== '' && SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Words after `--`: a single word is taken as a whole command line (`-- 'cd x && make'`); several words are
 * an argv as the calling shell already split it, re-quoted so nothing is re-interpreted.
 */
export function commandFromWords(words: readonly string[]): string {
  return words.length === 1 ? words[0] : words.map(shellQuote).join(' ');
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function parseCommandArgs(argv: readonly string[], io: CliIO, name: string, allowBatch: boolean): CommandArgs {
  const out: CommandArgs = { command: null, cwd: io.cwd, json: false, batch: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      const rest = argv.slice(i + 1);
      if (rest.length === 0) throw new UserError('nothing after `--`', `write the command after it: twokey ${name} -- terraform plan`);
      if (out.command !== null) throw new UserError('give the command either with --command or after `--`, not both');
      out.command = commandFromWords(rest);
      break;
    }
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new UserError(`${flag} needs a value`, `see twokey ${name} --help`);
      return v;
    };
    switch (flag) {
      case '--json': out.json = true; break;
      case '--cwd': {
        out.cwd = resolve(io.cwd, value());
        if (!isDirectory(out.cwd)) throw new UserError(`--cwd ${out.cwd} is not a directory`, 'give the directory the command would run in');
        break;
      }
      case '--command': case '-c':
        if (out.command !== null) throw new UserError('give the command either with --command or after `--`, not both');
        out.command = value();
        break;
      case '--batch':
        if (!allowBatch) throw new UserError(`unknown option --batch for twokey ${name}`);
        out.batch = value();
        break;
      default:
        throw new UserError(`unknown option '${a}'`, `put the command after \`--\` (twokey ${name} -- ${[a, ...argv.slice(i + 1)].join(' ')}), or see twokey ${name} --help`);
    }
  }
  if (out.command === null && out.batch === null) {
    throw new UserError('no command to check', `usage: twokey ${name} [--json] [--cwd DIR] -- CMD…   or   --command STRING${allowBatch ? '   or   --batch FILE|-' : ''}`);
  }
  if (out.command !== null && out.batch !== null) throw new UserError('--batch reads commands from a file: do not give a command as well');
  return out;
}

export function formatDecision(d: CommandDecision): string {
  const lines = [`${d.decision.toUpperCase()}${d.rule ? `  ${d.rule}` : ''}`, `  reason:      ${d.reason}`];
  if (d.loses) lines.push(`  would lose:  ${d.loses}`);
  if (d.safer) lines.push(`  safer:       ${d.safer}`);
  const others = d.findings.filter((f) => f.rule !== d.rule || f.reason !== d.reason);
  if (others.length) {
    lines.push('  also:');
    for (const f of others) lines.push(`    ${f.level.padEnd(5)} ${f.rule}: ${f.reason}${f.command ? `  [${f.command}]` : ''}`);
  }
  if (d.decision === 'ask') lines.push('  (ask: a human must confirm; exit 2)');
  return `${lines.join('\n')}\n`;
}

interface BatchLine { command: string; cwd?: string; env?: Record<string, string> }

function parseBatchLine(text: string): BatchLine | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return `not valid JSON (${(err as Error).message})`;
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'expected an object like {"command": "…", "cwd": "…"}';
  const o = v as Record<string, unknown>;
  if (typeof o.command !== 'string') return '"command" must be a string';
  if (o.cwd !== undefined && typeof o.cwd !== 'string') return '"cwd" must be a string';
  if (o.env !== undefined && (o.env === null || typeof o.env !== 'object' || Array.isArray(o.env) || Object.values(o.env).some((x) => typeof x !== 'string'))) {
    return '"env" must be an object of strings';
  }
  return { command: o.command, cwd: o.cwd as string | undefined, env: o.env as Record<string, string> | undefined };
}

interface BatchJob {
  kind: 'twokey-check-batch';
  lines: string[];
  /** 1-based number of lines[0] in the input. */
  firstLine: number;
  cwd: string;
  env: Record<string, string | undefined>;
  home: string;
}

interface BatchResult { out: string; failed: number }

/** Judge a run of batch lines; the policy is loaded once per distinct cwd (a batch is one snapshot). */
function judgeLines(job: BatchJob): BatchResult {
  const policies = new Map<string, EffectivePolicy>();
  const catalog = defaultRuleCatalog();
  let failed = 0;
  let out = '';
  job.lines.forEach((line, i) => {
    const raw = line.endsWith('\r') ? line.slice(0, -1) : line;
    const parsed = raw.trim() === '' ? 'empty line' : parseBatchLine(raw);
    let result: Record<string, unknown>;
    if (typeof parsed === 'string') {
      failed++;
      result = { line: job.firstLine + i, error: parsed };
    } else {
      try {
        const cwd = resolve(job.cwd, parsed.cwd ?? '.');
        let policy = policies.get(cwd);
        if (!policy) { policy = loadPolicy({ cwd, home: job.home, catalog }); policies.set(cwd, policy); }
        const d = evaluateCommand({ command: parsed.command, cwd, env: parsed.env ? { ...job.env, ...parsed.env } : job.env }, { home: job.home, policy });
        result = { decision: d.decision, rule: d.rule, reason: d.reason };
      } catch (err) {
        failed++;
        result = { line: job.firstLine + i, error: `internal error: ${(err as Error).message}` };
      }
    }
    out += `${JSON.stringify(result)}\n`;
  });
  return { out, failed };
}

// A batch worker: this same module, loaded in a worker thread, judges its share and posts it back.
if (!isMainThread && (workerData as BatchJob | undefined)?.kind === 'twokey-check-batch') {
  parentPort!.postMessage(judgeLines(workerData as BatchJob));
}

/** Lines per worker below which threads cost more than they save. */
const MIN_LINES_PER_WORKER = 300;

function judgeInWorker(job: BatchJob): Promise<BatchResult> {
  return new Promise((resolvePromise) => {
    let settled = false;
    const fallback = () => { if (!settled) { settled = true; resolvePromise(judgeLines(job)); } };
    try {
      const w = new Worker(new URL(import.meta.url), { workerData: job });
      w.once('message', (r: BatchResult) => { if (!settled) { settled = true; resolvePromise(r); } void w.terminate(); });
      w.once('error', fallback);
      w.once('exit', fallback);
    } catch {
      fallback();
    }
  });
}

/**
 * One output line per input line, in order. Large batches are split across worker threads (one per core,
 * at most 4), each judging a contiguous share; a worker that fails is redone in this thread.
 * Returns the exit code: 0, or 1 when a line could not be read.
 */
export async function runBatch(input: string, cwd: string, env: NodeJS.ProcessEnv, home: string, write: (s: string) => void): Promise<number> {
  const lines = input.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const threads = Math.max(1, Math.min(4, availableParallelism(), Math.floor(lines.length / MIN_LINES_PER_WORKER)));
  const share = Math.ceil(lines.length / threads);
  const jobs: BatchJob[] = [];
  for (let t = 0; t < threads; t++) {
    jobs.push({ kind: 'twokey-check-batch', lines: lines.slice(t * share, (t + 1) * share), firstLine: t * share + 1, cwd, env: { ...env }, home });
  }
  const pending = jobs.slice(1).map(judgeInWorker);
  const first = judgeLines(jobs[0]);
  write(first.out);
  let failed = first.failed;
  for (const p of pending) {
    const r = await p;
    write(r.out);
    failed += r.failed;
  }
  return failed ? 1 : 0;
}

export const command: CliCommand = {
  name: 'check',
  summary: 'Judge a shell command: allow (0), ask (2) or deny (3)',
  help: `twokey check: judge a shell command without running it

Usage:
  twokey check [--json] [--cwd DIR] -- CMD…
  twokey check [--json] [--cwd DIR] --command 'CMD STRING'
  twokey check --batch FILE|-           (JSON Lines in, JSON Lines out)

After \`--\`, one word is read as a whole command line (\`-- 'cd infra && terraform destroy'\`);
several words are the command's argv as your shell split it.

The command is parsed as bash would, every wrapper unwrapped (sudo, bash -c, env, xargs, scripts…), each
simple command judged by the rule packs, and the policy applied. This is a dry judgement: no approval is
used and no request is created.

Options:
  --json          print the decision as JSON (decision, rule, reason, loses, safer, findings, notices)
  --cwd DIR       judge as if run in DIR (default: the current directory)
  --command STR   the command line as one string
  --batch FILE|-  read JSON Lines {"command": "…", "cwd"?: "…", "env"?: {…}} from FILE or stdin and print one
                  line {"decision","rule","reason"} per input line, in order; a line that cannot be read gives
                  {"line": N, "error": "…"} and the batch goes on (exit 1 at the end)

Exit codes: 0 allow, 2 ask (a human must confirm), 3 deny, 1 error.
`,
  async run(argv, io) {
    const args = parseCommandArgs(argv, io, 'check', true);
    const home = twokeyHome(io.env);
    if (args.batch !== null) {
      let input: string;
      if (args.batch === '-') input = await io.readStdin();
      else {
        try {
          input = readFileSync(resolve(io.cwd, args.batch), 'utf8');
        } catch (err) {
          throw new UserError(`cannot read the batch file ${args.batch}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'give a JSON Lines file, or - for stdin');
        }
      }
      for (const n of loadPolicy({ cwd: args.cwd, home, catalog: defaultRuleCatalog() }).notices) io.stderr(`${n}\n`);
      return runBatch(input, args.cwd, io.env, home, io.stdout);
    }
    const decision = evaluateCommand({ command: args.command!, cwd: args.cwd, env: io.env }, { home });
    for (const n of decision.notices ?? []) io.stderr(`${n}\n`);
    if (args.json) io.stdout(`${JSON.stringify({ command: args.command, cwd: args.cwd, ...decision }, null, 2)}\n`);
    else io.stdout(formatDecision(decision));
    return exitCodeFor(decision.decision);
  },
};
