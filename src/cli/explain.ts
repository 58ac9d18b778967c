import type { CliCommand } from './io.js';
import { exitCodeFor } from '../core/types.js';
import { twokeyHome } from '../core/home.js';
import { explainCommand, type EvaluationTrace } from '../engine/evaluate.js';
import { formatDecision, parseCommandArgs } from './check.js';

function formatTrace(t: EvaluationTrace): string {
  const out: string[] = [];
  out.push(`command: ${t.command}`);
  out.push(`cwd:     ${t.cwd}`);
  const used = t.policy.sources.filter((s) => s.status === 'used');
  out.push(`policy:  ${t.policy.sources.length === 0 ? 'built-in defaults (no policy file found)' : t.policy.sources.map((s) => `${s.scope} ${s.path} [${s.status}]`).join('; ')}`);
  if (t.policy.broken) out.push('         A POLICY FILE IS BROKEN: failing closed (no downgrades, no allow patterns)');
  if (used.length) {
    const rules = Object.entries(t.policy.rules).map(([k, v]) => `${k}=${v}`);
    if (rules.length) out.push(`         rules: ${rules.join(', ')}`);
    if (t.policy.allow.length) out.push(`         allow: ${t.policy.allow.map((p) => JSON.stringify(p)).join(', ')}`);
    if (t.policy.deny.length) out.push(`         deny:  ${t.policy.deny.map((p) => JSON.stringify(p)).join(', ')}`);
  }
  out.push('');
  if (t.analyzerError) out.push(`analyzer error: ${t.analyzerError}`);
  out.push(`parsed ${t.commands.length} simple command${t.commands.length === 1 ? '' : 's'} that would run:`);
  for (const c of t.commands) {
    out.push(`  [${c.index}] ${c.text}`);
    out.push(`      argv:  ${JSON.stringify(c.argv)}`);
    if (c.via.length) out.push(`      via:   ${c.via.join(' > ')}  (depth ${c.depth})`);
    if (Object.keys(c.env).length) out.push(`      env:   ${Object.entries(c.env).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    if (c.stdin !== 'inherit') out.push(`      stdin: ${c.stdin}`);
    if (c.redirects.length) out.push(`      redirects: ${c.redirects.map((r) => `${r.op} ${r.target ?? '(dynamic)'}`).join(', ')}`);
    if (c.origin) out.push(`      from:  ${c.origin.file}${c.origin.line ? `:${c.origin.line}` : ''}`);
    if (c.asMeant) out.push(`      as meant (at most ask): ${c.asMeant}`);
    for (const f of c.inputFiles) out.push(`      read:  ${f.path}${f.read ? '' : ' (could not be read)'}`);
    if (c.denyPattern) out.push(`      DENY pattern matched: "${c.denyPattern}"`);
    if (c.rules.length === 0) out.push(`      rules: none look at '${c.name}'`);
    const quiet = c.rules.filter((r) => r.outcome === 'no-match');
    for (const r of c.rules.filter((x) => x.outcome !== 'no-match')) {
      const mark = r.outcome === 'fired' ? 'FIRED  ' : r.outcome === 'dropped' ? 'dropped' : r.outcome === 'off' ? 'off    ' : 'ERROR  ';
      out.push(`      ${mark} ${r.rule}${r.level ? ` (${r.level})` : ''}: ${r.reason ?? r.error ?? ''}${r.policy ? `\n              policy: ${r.policy}` : ''}`);
    }
    if (quiet.length) out.push(`      no match: ${quiet.map((r) => r.rule).join(', ')}`);
  }
  if (t.issues.length) {
    out.push('analysis issues:');
    for (const i of t.issues) {
      out.push(`  shell.${i.kind} (${i.outcome.level ?? i.level})${i.line ? ` at ${i.line}:${i.column ?? 1}` : ''}: ${i.message}${i.via?.length ? ` [via ${i.via.join(' > ')}]` : ''}`);
    }
  }
  out.push('');
  out.push(`decision (${t.elapsedMs.toFixed(1)} ms):`);
  out.push(formatDecision(t.decision).trimEnd());
  return `${out.join('\n')}\n`;
}

export const command: CliCommand = {
  name: 'explain',
  summary: 'Show how a command was parsed, unwrapped and judged',
  help: `twokey explain: show how a command is parsed, unwrapped and judged

Usage:
  twokey explain [--json] [--cwd DIR] -- CMD…
  twokey explain [--json] [--cwd DIR] --command 'CMD STRING'

Prints the policy in force, every simple command that would really run (argv after quote removal, the
wrappers it was reached through, its env, stdin and redirections), which rules looked at it and which
fired (with what the policy did to each), the analysis issues, and the decision. Same judgement as
\`twokey check\`; exit codes too: 0 allow, 2 ask, 3 deny, 1 error.
`,
  async run(argv, io) {
    const args = parseCommandArgs(argv, io, 'explain', false);
    const trace = explainCommand({ command: args.command!, cwd: args.cwd, env: io.env }, { home: twokeyHome(io.env) });
    for (const n of trace.decision.notices ?? []) io.stderr(`${n}\n`);
    io.stdout(args.json ? `${JSON.stringify(trace, null, 2)}\n` : formatTrace(trace));
    return exitCodeFor(trace.decision.decision);
  },
};
