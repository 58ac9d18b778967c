import { parseArgs } from 'node:util';
import type { CliCommand, CliIO } from './io.js';
import { UserError } from '../core/errors.js';
import { twokeyHome } from '../core/home.js';
import { approveRequest, DEFAULT_TTL_MINUTES, MAX_TTL_MINUTES, readRequest, validateRequestId, journalFor, type RequestRecord } from '../approval/api.js';
import { loadTrustedPublicKey, readPassphrase, shortFingerprint, unlockPrivateKey } from '../approval/keys.js';

const HELP = `twokey approve: release one request, once (you, the human, in your own terminal)

Usage: twokey approve ID [--ttl MINUTES] [--json]

Shows the whole request (the command or plan, the directory, why it was stopped, what would be lost;
for a plan: what is deleted, what data dies with it, the blast radius), then asks for your passphrase
and writes an approval signed with your key. The approval is bound to that exact hash and directory,
works once, and expires after ${DEFAULT_TTL_MINUTES} minutes (policy: approvals.ttl_minutes; --ttl overrides, max ${MAX_TTL_MINUTES}).
The agent then runs the exact same thing again; anything different is a new request.

It needs an interactive terminal and the passphrase: an agent running this is refused (and journaled).
`;

function indent(text: string, by = '    '): string {
  return text.split('\n').map((l) => `${by}${l}`).join('\n');
}

/** Render any detail (plan summary from the plan gate, env of a command) as readable indented text. */
export function renderDetail(value: unknown, depth = 0): string {
  const pad = '  '.repeat(depth);
  if (value === null || value === undefined) return `${pad}-`;
  if (typeof value !== 'object') return `${pad}${String(value)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}(none)`;
    return value.map((v) => (typeof v === 'object' && v !== null ? `${pad}- ${renderDetail(v, depth + 1).trimStart()}` : `${pad}- ${String(v)}`)).join('\n');
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return `${pad}(none)`;
  return entries.map(([k, v]) => (typeof v === 'object' && v !== null
    ? `${pad}${k}:\n${renderDetail(v, depth + 1)}`
    : `${pad}${k}: ${String(v)}`)).join('\n');
}

interface PlanDetail {
  plan?: string; lineage?: string; serial?: number; backend?: string; workspace?: string;
  counts?: Record<string, number>; blastRadius?: unknown; projects?: string[]; destroyMode?: boolean;
  deleted?: { address: string; kind?: string; losses?: unknown }[];
}

function isPlanDetail(d: unknown): d is PlanDetail {
  return typeof d === 'object' && d !== null && ('deleted' in d || 'counts' in d);
}

/** A plan request, the way a human reads it: what is deleted, what data dies with it, the blast radius. */
export function renderPlanDetail(d: PlanDetail): string {
  const out: string[] = [];
  const counts = d.counts ? Object.entries(d.counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ') : '';
  out.push(`  Changes: ${counts || 'none'}${d.destroyMode ? '  (DESTROY MODE: everything in the state goes)' : ''}`);
  if (d.lineage || d.backend) out.push(`  State: lineage ${d.lineage || '(none: no state yet)'}, serial ${d.serial ?? '?'}, backend ${d.backend ?? '?'}, workspace ${d.workspace ?? 'default'}`);
  if (d.blastRadius !== undefined) out.push(`  Blast radius: ${typeof d.blastRadius === 'string' ? d.blastRadius : `\n${renderDetail(d.blastRadius, 2)}`}`);
  if (d.projects?.length) out.push(`  Projects touched: ${d.projects.join(', ')}`);
  const deleted = d.deleted ?? [];
  out.push(`  Deleted, replaced or forgotten (${deleted.length}):`);
  for (const c of deleted) {
    out.push(`    - ${c.address}${c.kind && c.kind !== 'delete' ? ` (${c.kind})` : ''}`);
    const losses = Array.isArray(c.losses) ? c.losses : c.losses === undefined || c.losses === null ? [] : [c.losses];
    for (const l of losses) out.push(`        data lost: ${typeof l === 'string' ? l : renderDetail(l, 0).replace(/\n/g, '; ')}`);
  }
  if (deleted.length === 0) out.push('    (none)');
  if (d.plan) out.push(`  Plan file: ${d.plan}`);
  return out.join('\n');
}

export function describeRequest(r: RequestRecord): string {
  const out = [
    `Request ${r.id}  (${r.kind}, ${r.decision}, status ${r.status}, asked ${r.asked}x by ${r.agent}, created ${r.createdAt})`,
    '',
    r.kind === 'plan' ? 'Plan to apply:' : 'Command:',
    indent(r.display),
    `Directory: ${r.cwd}`,
    `Hash:      ${r.hash}`,
    '',
    `Why it was stopped: ${r.reason}`,
  ];
  if (r.findings.length) {
    out.push('', 'Findings:');
    for (const f of r.findings) {
      out.push(`  [${f.level}] ${f.rule}: ${f.reason}`);
      if (f.loses) out.push(`      would lose: ${f.loses}`);
      if (f.safer) out.push(`      safer:      ${f.safer}`);
    }
  }
  if (r.detail !== undefined) {
    if (r.kind === 'plan' && isPlanDetail(r.detail)) out.push('', 'What this plan does:', renderPlanDetail(r.detail));
    else out.push('', r.kind === 'plan' ? 'What this plan does:' : 'Bound to (besides the command and directory):', renderDetail(r.detail, 1));
  }
  return `${out.join('\n')}\n`;
}

function ttlFromPolicy(cwd: string, home: string): Promise<number | null> {
  return (async () => {
    try {
      const [{ loadPolicy }, { defaultRuleCatalog }] = await Promise.all([import('../policy/load.js'), import('../engine/catalog.js')]);
      return loadPolicy({ cwd, home, catalog: defaultRuleCatalog() }).approvals.ttlMinutes;
    } catch {
      return null;
    }
  })();
}

function refuse(io: CliIO, home: string, id: string, why: string, detail: string): never {
  try {
    journalFor(home).append({ kind: 'approval-refused', summary: `twokey approve ${id} refused: ${why}`, data: { requestId: id, reason: why, detail } });
  } catch { /* the refusal stands even when the journal is unavailable */ }
  throw new UserError(`refused: ${detail}`, 'Only a human can approve, in their own terminal, with the passphrase. If you are an agent: show the human the request id and stop.');
}

export const command: CliCommand = {
  name: 'approve',
  summary: 'Approve a request (human, interactive terminal, passphrase)',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, options: { ttl: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true });
    if (positionals.length !== 1) throw new UserError('give exactly one request id', 'Usage: twokey approve ID   (list them with `twokey requests`)');
    const id = validateRequestId(positionals[0]);
    const home = twokeyHome(io.env);
    if (!io.isTTY || !process.stdin.isTTY) refuse(io, home, id, 'no-terminal', 'approving needs an interactive terminal, and this process has none');
    const record = readRequest(home, id);
    if (!record) throw new UserError(`no request ${id}`, 'List them with `twokey requests --all`.');
    if (record.status === 'rejected') throw new UserError(`request ${id} was rejected`, 'The agent runs it again to make a new request.');
    const trusted = loadTrustedPublicKey(home);
    if (!trusted) throw new UserError('no trusted public key', 'Create the second key first: twokey init');

    let ttl: number;
    if (values.ttl !== undefined) {
      ttl = Number(values.ttl);
      if (!Number.isFinite(ttl) || ttl <= 0 || ttl > MAX_TTL_MINUTES) throw new UserError(`--ttl must be a number of minutes from 1 to ${MAX_TTL_MINUTES} (got '${values.ttl}')`);
    } else {
      ttl = (await ttlFromPolicy(record.cwd, home)) ?? DEFAULT_TTL_MINUTES;
    }

    io.stderr(describeRequest(record));
    io.stderr(`\nApproving releases exactly this, once, in ${record.cwd}, for ${ttl} minutes.\nKey: ${shortFingerprint(trusted.fingerprint)} (${trusted.source})\n`);
    const passphrase = await readPassphrase(io, 'Passphrase to approve (Ctrl-C to cancel): ');
    let privateKey;
    try {
      privateKey = await unlockPrivateKey(home, passphrase, { journal: false });
    } catch (err) {
      refuse(io, home, id, 'bad-passphrase', (err as Error).message);
    }
    const { approvalId, approval } = approveRequest(id, privateKey, trusted.fingerprint, { home, ttlMinutes: ttl });
    if (values.json) {
      io.stdout(`${JSON.stringify({ requestId: id, approvalId, expiresAt: approval.payload.expiresAt, cwd: record.cwd, hash: record.hash })}\n`);
    } else {
      io.stdout(`Approved ${id} once as ${approvalId}, until ${approval.payload.expiresAt}.\nThe agent may now run exactly that again in ${record.cwd}; anything else is a new request.\n`);
    }
    return 0;
  },
};
