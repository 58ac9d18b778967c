import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, createPublicKey } from 'node:crypto';
import type { CliIO } from '../cli/io.js';
import { createKeyPair, fingerprintOf, unlockPrivateKey } from '../approval/keys.js';
import { approveRequest } from '../approval/api.js';
import { twokeyInstallRoot } from '../rules/protected-paths.js';
import { DEMO_MAIN_TF, DEMO_PROTECT } from './stack.js';
import { RECORDED, type RecordedStep } from './recorded/incident.js';

/**
 * `twokey demo incident`: the February 2026 incident, replayed in a temporary directory with real
 * Terraform (`terraform_data`, no provider download, no cloud account), with twokey in the way. Every
 * step runs the real `twokey` binary the way an agent's hook or a human would; the demo narrates what
 * happened and why. The human is played by the demo: it holds a throwaway key whose passphrase it
 * generated, and types it into `twokey approve` through a pseudo-terminal (util-linux `script`).
 * Without Terraform it replays plans recorded from a real run of this same demo, and says so.
 */

export interface DemoOptions {
  /** Keep the temporary directory (and print where it is). */
  keep?: boolean;
  /** Replay the recorded plans even when Terraform is installed. */
  replay?: boolean;
  /** Write the recorded plans and decisions to this .ts file (maintainers: src/demo/recorded/incident.ts). */
  recordTo?: string;
}

interface Ctx {
  io: CliIO;
  root: string;
  home: string;
  env: NodeJS.ProcessEnv;
  bin: string;
  passphrase: string;
  recorded: RecordedStep[];
}

interface RunReport {
  decision: string;
  counts?: Record<string, number>;
  findings?: { rule: string; severity: string; address?: string; message: string }[];
  ran?: boolean;
  exit?: number;
  requestId?: string;
  plan?: string;
}

const HR = '─'.repeat(78);

function say(c: Ctx, text = ''): void { c.io.stdout(`${text}\n`); }
function step(c: Ctx, n: number, title: string): void { say(c, `\n${HR}\nStep ${n}. ${title}\n${HR}`); }
function agent(c: Ctx, text: string): void { say(c, `  agent  $ ${text}`); }
function tk(c: Ctx, text: string): void { say(c, `  twokey → ${text.split('\n').join('\n           ')}`); }
function note(c: Ctx, text: string): void { say(c, `  ${text.split('\n').join('\n  ')}`); }

function binPath(): string {
  const root = twokeyInstallRoot();
  if (!root) throw new Error('cannot find the twokey installation (bin/twokey.js)');
  return join(root, 'bin', 'twokey.js');
}

function twokey(c: Ctx, args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [c.bin, ...args], { cwd: opts.cwd ?? c.root, env: c.env, input: opts.input ?? '', encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function terraform(c: Ctx, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const r = spawnSync('terraform', [...args, '-no-color'], { cwd, env: { ...c.env, ...extraEnv }, encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function haveTerraform(env: NodeJS.ProcessEnv): boolean {
  return spawnSync('terraform', ['version'], { env, encoding: 'utf8' }).status === 0;
}

function haveUtilLinuxScript(): boolean {
  const r = spawnSync('script', ['--version'], { encoding: 'utf8' });
  return r.status === 0 && /util-linux/.test(r.stdout ?? '');
}

interface HookAnswer { decision: 'allow' | 'ask' | 'deny'; reason: string; requestId?: string }

/** What the agent's hook (Claude Code's PreToolUse shape) answers for `command`. */
function agentTries(c: Ctx, command: string, cwd: string): HookAnswer {
  agent(c, command);
  const payload = JSON.stringify({
    session_id: 'demo', transcript_path: join(c.root, 'transcript.jsonl'), cwd, permission_mode: 'default',
    hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: `demo-${randomBytes(3).toString('hex')}`,
  });
  const r = twokey(c, ['hook', 'claude-code'], { cwd, input: payload });
  if (r.stdout.trim() === '') { tk(c, 'allow (the hook stays silent)'); return { decision: 'allow', reason: '' }; }
  const out = JSON.parse(r.stdout).hookSpecificOutput as { permissionDecision: 'ask' | 'deny'; permissionDecisionReason: string };
  const reason = out.permissionDecisionReason;
  const requestId = /twokey approve (r-[0-9a-f]{8})/.exec(reason)?.[1];
  const rule = /\(([a-z0-9-]+\.[a-z0-9.-]+)\)/.exec(reason)?.[1];
  tk(c, `${out.permissionDecision.toUpperCase()}${rule ? ` [${rule}]` : ''}${requestId ? `, request ${requestId}` : ''}\n${firstSentence(reason)}`);
  return { decision: out.permissionDecision, reason, requestId };
}

function firstSentence(text: string): string {
  const cut = text.replace(/^twokey (denied|asks about) this command \([^)]*\): /, '');
  const m = /^(.*?[.!?])(\s|$)/.exec(cut);
  return (m ? m[1] : cut).slice(0, 300);
}

/** `twokey run -- terraform ARGS` as the agent would run it; returns the plan report. */
function guardedRun(c: Ctx, args: string[], cwd: string): RunReport & { status: number | null; stderr: string } {
  agent(c, `twokey run -- terraform ${args.join(' ')}`);
  const reportFile = join(c.root, `report-${randomBytes(3).toString('hex')}.json`);
  const r = twokey(c, ['run', ...DEMO_PROTECT.flatMap((p) => ['--protect', p]), '--report', reportFile, '--', 'terraform', ...args], { cwd });
  const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) as RunReport : { decision: r.status === 0 ? 'allow' : 'error' };
  return { ...report, status: r.status, stderr: r.stderr };
}

function describeRun(c: Ctx, r: RunReport & { status: number | null; stderr: string }): void {
  const counts = r.counts ? Object.entries(r.counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ') : '';
  const rules = [...new Set((r.findings ?? []).filter((f) => f.severity !== 'info').map((f) => f.rule))];
  tk(c, `${r.decision.toUpperCase()}${counts ? ` (plan: ${counts})` : ''}${rules.length ? `\nrules: ${rules.join(', ')}` : ''}${r.requestId ? (r.ran ? `\nreleased by the human's approval of request ${r.requestId}` : `\nrequest ${r.requestId} filed for a human`) : ''}${r.ran ? `\nterraform ran (exit ${r.exit})` : ''}`);
  const top = (r.findings ?? []).filter((f) => f.severity === 'deny' || f.severity === 'ask').slice(0, 3);
  for (const f of top) note(c, `  · ${f.message.slice(0, 220)}`);
  if (r.status === 1) note(c, `  (error) ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
}

/** The human approves request `id`: through a real pseudo-terminal when possible, else in-process. */
async function humanApproves(c: Ctx, id: string, cwd: string): Promise<boolean> {
  say(c, `  human  $ twokey approve ${id}        (in the human's own terminal; the demo types the passphrase)`);
  if (haveUtilLinuxScript()) {
    const q = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;
    const r = spawnSync('script', ['-qec', [process.execPath, c.bin, 'approve', id].map(q).join(' '), '/dev/null'], {
      cwd, env: c.env, input: `${c.passphrase}\r`, encoding: 'utf8', timeout: 120_000,
    });
    const shown = /What this plan does:\r?\n([\s\S]*?)\r?\n\r?\nApproving releases/.exec(r.stdout ?? '');
    if (shown) note(c, `  the human sees:\n${shown[1].split(/\r?\n/).slice(0, 8).map((l) => `    │${l}`).join('\n')}`);
    const m = /Approved (r-[0-9a-f]{8}) once as (a-[0-9a-f]+), until (\S+)\./.exec(r.stdout ?? '');
    if (r.status === 0 && m) { tk(c, `approval ${m[2]} signed with the human key: single use, this exact plan, this directory, until ${m[3]}`); return true; }
    note(c, `  (the pseudo-terminal approval did not work here: ${(r.stdout ?? '').trim().split('\n').slice(-1)[0] ?? ''}; signing in-process instead)`);
  }
  const key = await unlockPrivateKey(c.home, c.passphrase);
  const { approvalId, approval } = approveRequest(id, key, fingerprintOf(createPublicKey(key)), { home: c.home });
  tk(c, `approval ${approvalId} signed with the human key: single use, this exact plan, this directory, until ${approval.payload.expiresAt}`);
  return true;
}

function dbIdIn(statePath: string): string | null {
  if (!existsSync(statePath)) return null;
  const s = JSON.parse(readFileSync(statePath, 'utf8')) as { resources?: { type: string; name: string; instances: { attributes: { id: string } }[] }[] };
  const db = s.resources?.find((r) => r.type === 'terraform_data' && r.name === 'db');
  return db?.instances?.[0]?.attributes?.id ?? null;
}

function lineageOf(statePath: string): string {
  return (JSON.parse(readFileSync(statePath, 'utf8')) as { lineage: string }).lineage;
}

function record(c: Ctx, id: string, title: string, planFile: string | undefined, cwd: string, r: RunReport): void {
  if (!planFile) return;
  const shown = terraform(c, ['show', '-json', planFile], cwd);
  if (shown.status !== 0) return;
  c.recorded.push({ id, title, planJson: shown.stdout.trim(), decision: r.decision, rules: [...new Set((r.findings ?? []).map((f) => f.rule))] });
}

async function setUp(io: CliIO, opts: DemoOptions): Promise<Ctx> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'twokey-demo-')));
  const home = join(root, 'twokey-home');
  const env: NodeJS.ProcessEnv = {
    ...io.env,
    TWOKEY_HOME: home,
    TWOKEY_SYSTEM_DIR: join(root, 'no-system-anchor'),
    TWOKEY_NO_DAEMON: '1',
    TF_CLI_CONFIG_FILE: '/dev/null',
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    NO_COLOR: '1',
  };
  delete env.TF_DATA_DIR;
  delete env.TF_WORKSPACE;
  const passphrase = `demo-${randomBytes(12).toString('hex')}`;
  await createKeyPair(home, passphrase, { logN: 15 });
  void opts;
  return { io, root, home, env, bin: binPath(), passphrase, recorded: [] };
}

export async function runIncidentDemo(io: CliIO, opts: DemoOptions = {}): Promise<number> {
  const c = await setUp(io, opts);
  try {
    say(c, 'twokey demo incident: an agent, a shared production state, and the destroy that must not happen.');
    say(c, `Working in ${c.root} (temporary). TWOKEY_HOME=${c.home}; the human's key was made for this demo.`);
    const live = !opts.replay && haveTerraform(c.env);
    const ok = live ? await liveDemo(c) : await replayDemo(c);
    if (live && opts.recordTo) writeRecording(c, opts.recordTo);
    const v = twokey(c, ['journal', 'verify']);
    say(c, `\nJournal: ${v.stdout.trim()} (twokey journal list shows every decision above).`);
    return ok ? 0 : 1;
  } finally {
    if (opts.keep) say(c, `\nKept: ${c.root}   (TWOKEY_HOME=${c.home} twokey journal list)`);
    else rmSync(c.root, { recursive: true, force: true });
  }
}

async function liveDemo(c: Ctx): Promise<boolean> {
  const prod = join(c.root, 'prod');
  mkdirSync(prod);
  writeFileSync(join(prod, 'main.tf'), DEMO_MAIN_TF);
  say(c, `Terraform found: ${terraform(c, ['version'], prod).stdout.split('\n')[0]}. The stack uses terraform_data only (no provider, no cloud).`);
  const init = terraform(c, ['init', '-input=false'], prod);
  if (init.status !== 0) { say(c, `terraform init failed:\n${init.stderr}`); return false; }
  const state = join(prod, 'terraform.tfstate');

  step(c, 1, 'No state: the plan wants to create everything, the database included');
  note(c, 'The agent works in a checkout where terraform.tfstate is absent. Is this a new environment, or is\nthe state missing? A plan made without the state recreates everything that already exists.');
  const first = guardedRun(c, ['apply', '-auto-approve'], prod);
  describeRun(c, first);
  record(c, '01-no-state', 'first plan with no state', first.plan, prod, first);
  if (first.decision === 'allow') { note(c, 'UNEXPECTED: a create-everything plan with a database and no state history was allowed.'); return false; }
  note(c, 'Here it really is a new environment, so the human looks at the plan and approves exactly that plan file.');
  if (!first.requestId || !first.plan) { note(c, 'UNEXPECTED: no request or plan file was reported.'); return false; }
  await humanApproves(c, first.requestId, prod);
  const applied = guardedRun(c, ['apply', first.plan], prod);
  describeRun(c, applied);
  const dbId = dbIdIn(state);
  if (!dbId) { note(c, 'UNEXPECTED: the database is not in the state after the approved apply.'); return false; }
  note(c, `The database exists: terraform_data.db id ${dbId}, state lineage ${lineageOf(state)}. The ledger remembers both.`);

  step(c, 2, 'An old state archive is unpacked over the current state');
  const other = join(c.root, 'old-experiment');
  mkdirSync(other);
  writeFileSync(join(other, 'main.tf'), DEMO_MAIN_TF);
  terraform(c, ['init', '-input=false'], other);
  const otherApply = terraform(c, ['apply', '-auto-approve', '-input=false'], other);
  if (otherApply.status !== 0) { note(c, `setup failed: ${otherApply.stderr}`); return false; }
  note(c, `An old experiment left a state of the same configuration, with another lineage (${lineageOf(join(other, 'terraform.tfstate'))}).`);
  const cp = agentTries(c, `cp ${join(other, 'terraform.tfstate')} terraform.tfstate`, prod);
  if (cp.decision === 'allow') note(c, 'UNEXPECTED: overwriting terraform.tfstate was allowed by the command gate.');
  note(c, 'Say the copy happens anyway: a script the hook never saw unpacks the archive. The state is now foreign.');
  const good = join(c.root, 'good.tfstate');
  copyFileSync(state, good);
  copyFileSync(join(other, 'terraform.tfstate'), state);

  step(c, 3, 'The agent "cleans up" with terraform destroy -auto-approve');
  const destroy = agentTries(c, 'terraform destroy -auto-approve', prod);
  if (destroy.decision !== 'deny') { note(c, 'UNEXPECTED: the destroy was not denied.'); return false; }

  step(c, 4, 'The agent tries to approve its own request');
  const self = agentTries(c, `twokey approve ${destroy.requestId ?? 'r-00000000'}`, prod);
  if (self.decision !== 'deny') note(c, 'UNEXPECTED: the hook did not deny twokey approve.');
  note(c, 'And if it runs it anyway, outside the hook (it has no terminal):');
  agent(c, `twokey approve ${destroy.requestId}   (no terminal)`);
  const selfRun = twokey(c, ['approve', destroy.requestId ?? 'r-00000000'], { cwd: prod, input: 'guess\n' });
  tk(c, `exit ${selfRun.status}: ${selfRun.stderr.trim().split('\n')[0]}`);
  if (selfRun.status === 0) { note(c, 'UNEXPECTED: the agent approved its own request.'); return false; }

  step(c, 5, 'The agent goes through the guarded path: twokey run -- terraform destroy');
  const guardedDestroy = guardedRun(c, ['destroy', '-auto-approve'], prod);
  describeRun(c, guardedDestroy);
  record(c, '05-destroy-foreign', 'destroy with a foreign state swapped in', guardedDestroy.plan, prod, guardedDestroy);
  if (guardedDestroy.decision !== 'deny' || guardedDestroy.ran) { note(c, 'UNEXPECTED: the guarded destroy was not denied.'); return false; }
  note(c, 'Even a plain apply on the swapped state is stopped:');
  const reuse = guardedRun(c, ['apply', '-auto-approve'], prod);
  describeRun(c, reuse);

  step(c, 6, 'The human restores the state; safe work goes on without friction');
  note(c, `twokey kept a copy of the state before each guarded action: ${readdirSync(join(c.home, 'state-backups')).length} file(s) under $TWOKEY_HOME/state-backups. The human puts the right one back.`);
  copyFileSync(good, state);
  const safe = guardedRun(c, ['apply', '-auto-approve', '-var', 'backup_days=["mon","tue","wed","thu","fri"]'], prod);
  describeRun(c, safe);
  record(c, '06-safe-change', 'a safe change: two more backups', safe.plan, prod, safe);
  if (safe.decision !== 'allow' && safe.requestId && safe.plan) {
    await humanApproves(c, safe.requestId, prod);
    describeRun(c, guardedRun(c, ['apply', safe.plan], prod));
  }

  step(c, 7, 'A change that deletes something: the approval covers that plan file, once');
  const shrinkArgs = ['-var', 'backup_days=["mon","tue","wed","thu","fri"]', '-var', 'web_count=1'];
  const shrink = guardedRun(c, ['apply', '-auto-approve', ...shrinkArgs], prod);
  describeRun(c, shrink);
  record(c, '07-delete-one', 'a change that deletes one web server', shrink.plan, prod, shrink);
  if (shrink.decision === 'allow' || !shrink.requestId || !shrink.plan) { note(c, 'UNEXPECTED: deleting a web server was not stopped for a human.'); return false; }
  await humanApproves(c, shrink.requestId, prod);
  note(c, 'The agent plans again instead of applying the approved file: a new plan is a new request.');
  const replanned = guardedRun(c, ['apply', '-auto-approve', ...shrinkArgs], prod);
  describeRun(c, replanned);
  if (replanned.ran || replanned.decision === 'allow') { note(c, 'UNEXPECTED: the approval stretched to a regenerated plan.'); return false; }
  note(c, 'It applies exactly the approved plan file, once:');
  describeRun(c, guardedRun(c, ['apply', shrink.plan], prod));
  note(c, 'And a second time:');
  const twice = guardedRun(c, ['apply', shrink.plan], prod);
  describeRun(c, twice);
  if (twice.ran && twice.exit === 0) { note(c, 'UNEXPECTED: an approved plan applied twice.'); return false; }

  const after = dbIdIn(state);
  say(c, `\n${HR}`);
  if (after === dbId) {
    say(c, `The database is intact: terraform_data.db is still ${dbId}, in the state it was created in.`);
    say(c, 'Nothing the agent did could destroy it, and each human approval released exactly one plan file, once.');
    return true;
  }
  say(c, `The database is NOT intact (was ${dbId}, now ${after ?? 'gone'}): this is a bug in twokey.`);
  return false;
}

async function replayDemo(c: Ctx): Promise<boolean> {
  say(c, '\nTerraform is not installed (or --replay was given): replaying the plans recorded by a real run of this');
  say(c, 'demo (src/demo/recorded/incident.ts). The plan gate judges each recorded plan live; the state ledger');
  say(c, "steps need a real state, so their outcome in the recorded run is quoted, marked 'recorded'.");
  if (RECORDED.length === 0) { say(c, 'No recorded plans ship with this build: install Terraform (>= 1.5) and run it again.'); return false; }
  const work = join(c.root, 'prod');
  mkdirSync(work);
  let ok = true;
  let n = 0;
  for (const r of RECORDED) {
    step(c, ++n, r.title);
    const file = join(c.root, `${r.id}.json`);
    writeFileSync(file, r.planJson);
    agent(c, `twokey plan check ${r.id}.json`);
    const res = twokey(c, ['plan', 'check', '--json', ...DEMO_PROTECT.flatMap((p) => ['--protect', p]), file], { cwd: work });
    let decision = 'error';
    let rules: string[] = [];
    try {
      const rep = JSON.parse(res.stdout) as { decision: string; findings: { rule: string }[] };
      decision = rep.decision;
      rules = [...new Set(rep.findings.map((f) => f.rule))];
    } catch { /* reported below */ }
    tk(c, `${decision.toUpperCase()} now${rules.length ? ` [${rules.join(', ')}]` : ''}; recorded run with the ledger: ${r.decision.toUpperCase()} [${r.rules.join(', ')}]`);
    const stateOnly = r.rules.filter((x) => !rules.includes(x));
    if (decision !== r.decision && stateOnly.every((x) => x.startsWith('state.'))) {
      note(c, `  (the difference is ${stateOnly.join(', ')}: a state check that needs the real state file, backend and ledger, which a plan's JSON alone does not carry)`);
    }
    if (r.decision !== 'allow' && decision === 'allow' && !r.rules.some((x) => x.startsWith('state.'))) ok = false;
  }
  step(c, ++n, 'The agent runs terraform destroy -auto-approve, then tries to approve its own request');
  const destroy = agentTries(c, 'terraform destroy -auto-approve', work);
  const self = twokey(c, ['approve', destroy.requestId ?? 'r-00000000'], { cwd: work, input: 'guess\n' });
  agent(c, `twokey approve ${destroy.requestId}   (no terminal)`);
  tk(c, `exit ${self.status}: ${self.stderr.trim().split('\n')[0]}`);
  if (destroy.decision !== 'deny' || self.status === 0) ok = false;
  say(c, `\n${HR}`);
  say(c, ok ? 'Replayed: every destructive step was stopped, and the self-approval refused. (With Terraform installed, the demo\nshows the database intact in a real state.)' : 'Replay found a step that was not stopped: this is a bug in twokey.');
  return ok;
}

function writeRecording(c: Ctx, path: string): void {
  const text = `// Recorded by \`twokey demo incident --record ${path}\` with real Terraform: the plans of the demo's steps
// (terraform show -json) and the decisions twokey made with the state ledger. Replayed when Terraform is absent.
import type { RecordedStep } from './types.js';
export type { RecordedStep } from './types.js';

export const RECORDED: RecordedStep[] = ${JSON.stringify(c.recorded, null, 2)};
`;
  writeFileSync(path, text);
  say(c, `\nRecorded ${c.recorded.length} plans to ${path}.`);
}
