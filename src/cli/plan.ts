import type { CliCommand } from './io.js';
import { UserError } from '../core/errors.js';
import { exitCodeFor } from '../core/types.js';
import { checkPlan } from '../terraform/check.js';
import { toHumanReport, toJsonReport, toMarkdownReport, toSarifReport } from '../terraform/report.js';
import { journalDecision } from '../terraform/journal-hook.js';

const HELP = `Usage: twokey plan check [--json|--markdown|--sarif] [--protect GLOB]... [--no-ledger] [--tool terraform|tofu] PLAN

Checks a Terraform/OpenTofu plan before it is applied: what is deleted, replaced or forgotten, what data
dies with it (automated backups, final snapshots, bucket contents...), protection removed in the plan,
backups deleted with their source, the blast radius (dependents, modules, projects), and the state the
plan was made against (lineage and serial against twokey's ledger: missing, foreign, rolled back).

PLAN is the JSON of 'terraform show -json PLANFILE' ('-' reads it from standard input) (UTF-8 or UTF-16 with a BOM; CLI wrapper noise
around it is skipped), or a binary plan file (then '<tool> show -json' is run on it, and its lineage and
serial are read from the plan and recorded in the ledger). Files over 256 MB are streamed.

Options:
  --json           machine-readable report: decision, counts, findings, deleted resources, blast radius
  --markdown       a Markdown summary (for a pull request comment)
  --sarif          SARIF 2.1.0 (for code scanning)
  --protect GLOB   treat matching addresses as protected (deny their deletion); repeatable.
                   Added to the policy's protect: list. Example: --protect 'aws_db_instance.*'
  --no-ledger      do not compare with or record into the state ledger
  --tool NAME      binary for 'show -json' on binary plans (default: terraform, else tofu)

Exit codes: 0 allow, 2 ask (a human must approve), 3 deny, 1 error (unreadable or invalid plan).
Counts: each counts the resource changes whose actions include that action (as Terraform's own
summary does): delete includes replacements; replace = both delete and create.
`;

export const command: CliCommand = {
  name: 'plan',
  summary: 'Check a Terraform/OpenTofu plan',
  help: HELP,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub !== 'check') {
      throw new UserError(sub === undefined ? "missing subcommand: 'twokey plan check PLAN'" : `unknown subcommand '${sub}': the only one is 'check'`, "Run 'twokey plan --help'.");
    }
    let format: 'human' | 'json' | 'markdown' | 'sarif' = 'human';
    const protect: string[] = [];
    let ledger = true;
    let tool: string | undefined;
    let forceStream = false;
    const files: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i];
      if (a === '--json') format = 'json';
      else if (a === '--markdown' || a === '--md') format = 'markdown';
      else if (a === '--sarif') format = 'sarif';
      else if (a === '--no-ledger') ledger = false;
      else if (a === '--stream') forceStream = true;
      else if (a === '--protect' || a === '--tool') {
        const v = rest[++i];
        if (v === undefined) throw new UserError(`${a} needs a value`);
        if (a === '--protect') protect.push(v); else tool = v;
      } else if (a.startsWith('--protect=')) protect.push(a.slice(10));
      else if (a.startsWith('--tool=')) tool = a.slice(7);
      else if (a === '--') files.push(...rest.slice(i + 1)), i = rest.length;
      else if (a.startsWith('-') && a !== '-') throw new UserError(`unknown option '${a}'`, "Run 'twokey plan --help'.");
      else files.push(a);
    }
    if (files.length !== 1) throw new UserError(files.length === 0 ? 'missing PLAN: the plan file to check' : `one plan at a time (got ${files.length})`, 'Usage: twokey plan check [--json] PLAN');
    let file = files[0];
    let cleanup = () => {};
    if (file === '-') {
      // `terraform show -json tfplan | twokey plan check -`
      const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const dir = mkdtempSync(join(tmpdir(), 'twokey-plan-'));
      file = join(dir, 'stdin-plan.json');
      writeFileSync(file, await io.readStdin(), { mode: 0o600 });
      cleanup = () => rmSync(dir, { recursive: true, force: true });
    }
    let result;
    try {
      result = await checkPlan(file, { cwd: io.cwd, env: io.env, protect, ledger, tool, forceStream });
    } finally {
      cleanup();
    }
    const ctx = { file: files[0], notes: [...result.loaded.notes, ...result.policyNotices], state: result.loaded.state && result.loaded.state.lineage ? { lineage: result.loaded.state.lineage, serial: result.loaded.state.serial } : undefined };
    const a = result.analysis;
    if (format === 'json') io.stdout(`${JSON.stringify(toJsonReport(a, ctx), null, 2)}\n`);
    else if (format === 'sarif') io.stdout(`${JSON.stringify(toSarifReport(a, ctx), null, 2)}\n`);
    else if (format === 'markdown') io.stdout(toMarkdownReport(a, ctx));
    else io.stdout(toHumanReport(a, ctx));
    await journalDecision(io.env, { summary: `plan check ${files[0]}: ${a.decision}`, data: { file: result.loaded.path, decision: a.decision, counts: a.counts, rules: [...new Set(a.findings.map((f) => f.rule))] } }, io.stderr);
    return exitCodeFor(a.decision);
  },
};
