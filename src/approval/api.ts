import { randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../core/types.js';
import { homePaths } from '../core/paths.js';
import { twokeyHome } from '../core/home.js';
import { UserError } from '../core/errors.js';
import { canonicalJson, sha256Hex } from '../journal/canonical.js';
import { openJournal, type Journal } from '../journal/journal.js';
import { canonicalCwd } from './hash.js';
import { loadTrustedPublicKey, writeFileAtomic } from './keys.js';
import { signCheckpoint } from './checkpoint.js';

/**
 * The second key's contract (OWNER: issue 5). Gates call these; only `twokey approve` (a human at a
 * terminal with the passphrase) can create an approval.
 */
export interface ApprovalSubject {
  kind: 'command' | 'plan';
  /** Canonical sha256 (hex) of exactly what would run: see src/approval/hash.ts. */
  hash: string;
  cwd: string;
  /** What would run, for display: the command line, or `terraform apply PLANFILE`. */
  display: string;
  agent: string;
  decision: 'ask' | 'deny';
  reason: string;
  findings: Finding[];
  /** Kind-specific detail shown by `twokey approve` (for a plan: deletions, data lost, blast radius). */
  detail?: unknown;
}

export interface ConsumedApproval { approvalId: string; requestId: string }
export interface CreatedRequest { requestId: string; release: string }

export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'consumed';

/** One request for a human decision, stored as `requests/<id>.json`: the subject (its cwd the real
 *  working directory the request is bound to), and what happened to it. */
export interface RequestRecord extends ApprovalSubject {
  version: 1;
  id: string;
  createdAt: string;
  status: RequestStatus;
  /** How many times the agent asked for the same thing while it was pending. */
  asked: number;
  lastAskedAt: string;
  approvals?: { approvalId: string; at: string; expiresAt: string; fingerprint: string }[];
  rejectedAt?: string;
  rejectReason?: string;
  consumedAt?: string;
}

/** What the human's key signs: exactly these fields, as canonical JSON. */
export interface ApprovalPayload {
  requestId: string;
  hash: string;
  cwd: string;
  kind: 'command' | 'plan';
  /** ISO time after which the approval is void. */
  expiresAt: string;
  /** 32 random bytes, hex: makes each approval unique and single-use. */
  nonce: string;
}

export interface ApprovalFile {
  format: 'twokey-approval';
  version: 1;
  payload: ApprovalPayload;
  /** Ed25519 signature over canonicalJson(payload), base64. */
  signature: string;
  /** Fingerprint of the key that signed. */
  fingerprint: string;
}

export interface ApiOptions {
  /** $TWOKEY_HOME (default: from the environment). */
  home?: string;
  /** Journal to write to (default: the home's journal, opened once per process). */
  journal?: Journal;
  /** Skip the journal entry (the caller writes one combined entry). */
  noJournal?: boolean;
  /** Clock, for tests of expiry. */
  now?: Date;
}

export const DEFAULT_TTL_MINUTES = 15;
export const MAX_TTL_MINUTES = 24 * 60;
const ID_PATTERN = /^r-[0-9a-f]{8}$/;

const journals = new Map<string, Journal>();
/** The journal of `home`, opened lazily and kept for the life of the process (the daemon keeps it open). */
export function journalFor(home: string): Journal {
  let j = journals.get(home);
  if (!j) { j = openJournal(home); journals.set(home, j); }
  return j;
}

function resolveHome(opts: ApiOptions): string {
  return opts.home ?? twokeyHome();
}

function journalOf(opts: ApiOptions, home: string): Journal {
  return opts.journal ?? journalFor(home);
}

/** The name prefix shared by every approval of one (kind, hash, cwd): approvals are found by readdir, not by parsing. */
export function subjectKey(kind: string, hash: string, cwd: string): string {
  return sha256Hex(canonicalJson({ kind, hash, cwd })).slice(0, 32);
}

export function approvalIdOf(nonce: string): string {
  return `a-${nonce.slice(0, 12)}`;
}

export function releaseText(requestId: string): string {
  return `a human runs: twokey approve ${requestId}  (in their own terminal, with the passphrase; then run the exact same thing again)`;
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

export function validateRequestId(id: string): string {
  if (!ID_PATTERN.test(id)) throw new UserError(`'${id}' is not a request id (they look like r-1a2b3c4d)`, 'List them with `twokey requests`.');
  return id;
}

function requestPath(home: string, id: string): string {
  return join(homePaths(home).requestsDir, `${validateRequestId(id)}.json`);
}

function indexPath(home: string, key: string): string {
  return join(homePaths(home).requestsDir, 'by-subject', key);
}

export function readRequest(home: string, id: string): RequestRecord | null {
  const path = requestPath(home, id);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RequestRecord;
  } catch (err) {
    throw new UserError(`request file ${path} is unreadable: ${(err as Error).message}`);
  }
}

export function writeRequest(home: string, record: RequestRecord): void {
  writeFileAtomic(requestPath(home, record.id), `${JSON.stringify(record, null, 2)}\n`, 0o600);
}

/** Every request, newest first; pending only unless `all`. */
export function listRequests(home: string, opts: { all?: boolean } = {}): RequestRecord[] {
  const dir = homePaths(home).requestsDir;
  if (!existsSync(dir)) return [];
  const out: RequestRecord[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json') || !ID_PATTERN.test(name.slice(0, -5))) continue;
    try {
      const r = JSON.parse(readFileSync(join(dir, name), 'utf8')) as RequestRecord;
      if (opts.all || r.status === 'pending' || r.status === 'approved') out.push(r);
    } catch { /* a broken file is reported by `requests --all` callers through readRequest */ }
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Record a request a human can approve or reject (`twokey approve ID`). Idempotent per hash+cwd while pending. */
export async function createRequest(subject: ApprovalSubject, opts: ApiOptions = {}): Promise<CreatedRequest> {
  return createRequestSync(subject, opts);
}

export function createRequestSync(subject: ApprovalSubject, opts: ApiOptions = {}): CreatedRequest & { reused: boolean } {
  const home = resolveHome(opts);
  const now = (opts.now ?? new Date()).toISOString();
  const cwd = canonicalCwd(subject.cwd);
  const key = subjectKey(subject.kind, subject.hash, cwd);
  const idx = indexPath(home, key);
  if (existsSync(idx)) {
    const id = readFileSync(idx, 'utf8').trim();
    const existing = ID_PATTERN.test(id) ? readRequest(home, id) : null;
    if (existing && existing.status === 'pending' && existing.hash === subject.hash && existing.cwd === cwd) {
      existing.asked += 1;
      existing.lastAskedAt = now;
      writeRequest(home, existing);
      return { requestId: id, release: releaseText(id), reused: true };
    }
  }
  const id = `r-${randomBytes(4).toString('hex')}`;
  const record: RequestRecord = {
    version: 1, id, createdAt: now, status: 'pending', kind: subject.kind, hash: subject.hash, cwd,
    display: subject.display, agent: subject.agent, decision: subject.decision, reason: subject.reason,
    findings: subject.findings, ...(subject.detail === undefined ? {} : { detail: subject.detail }),
    asked: 1, lastAskedAt: now,
  };
  mkdirSync(homePaths(home).requestsDir, { recursive: true, mode: 0o700 });
  writeRequest(home, record);
  writeFileAtomic(idx, `${id}\n`, 0o600);
  if (!opts.noJournal) {
    journalOf(opts, home).append({
      kind: 'request',
      summary: `${subject.decision} ${subject.kind} request ${id}: ${truncate(subject.display)}`,
      data: { requestId: id, kind: subject.kind, hash: subject.hash, cwd, agent: subject.agent, decision: subject.decision, reason: subject.reason, rules: subject.findings.map((f) => f.rule) },
    });
  }
  return { requestId: id, release: releaseText(id), reused: false };
}

/** Reject a pending request; any unused approval of it is withdrawn. */
export function rejectRequest(id: string, opts: ApiOptions & { reason?: string } = {}): RequestRecord {
  const home = resolveHome(opts);
  const record = readRequest(home, id);
  if (!record) throw new UserError(`no request ${id}`, 'List them with `twokey requests --all`.');
  const withdrawn = withdrawApprovals(home, record);
  record.status = 'rejected';
  record.rejectedAt = (opts.now ?? new Date()).toISOString();
  if (opts.reason) record.rejectReason = opts.reason;
  writeRequest(home, record);
  if (!opts.noJournal) {
    journalOf(opts, home).append({
      kind: 'rejection',
      summary: `request ${id} rejected: ${truncate(record.display)}`,
      data: { requestId: id, hash: record.hash, cwd: record.cwd, reason: opts.reason ?? null, withdrawnApprovals: withdrawn },
    });
  }
  return record;
}

function withdrawApprovals(home: string, record: RequestRecord): string[] {
  const dir = homePaths(home).approvalsDir;
  if (!existsSync(dir)) return [];
  const prefix = `${subjectKey(record.kind, record.hash, record.cwd)}.`;
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith('.json')) continue;
    mkdirSync(join(dir, 'withdrawn'), { recursive: true, mode: 0o700 });
    try { renameSync(join(dir, name), join(dir, 'withdrawn', name)); out.push(name); } catch { /* consumed meanwhile */ }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Approvals
// ---------------------------------------------------------------------------

export function signApproval(payload: ApprovalPayload, privateKey: KeyObject, fingerprint: string): ApprovalFile {
  const signature = sign(null, Buffer.from(canonicalJson(payload)), privateKey).toString('base64');
  return { format: 'twokey-approval', version: 1, payload, signature, fingerprint };
}

export function verifyApprovalSignature(file: ApprovalFile, publicKey: KeyObject): boolean {
  try {
    const p = file.payload;
    const payload: ApprovalPayload = { requestId: p.requestId, hash: p.hash, cwd: p.cwd, kind: p.kind, expiresAt: p.expiresAt, nonce: p.nonce };
    return verify(null, Buffer.from(canonicalJson(payload)), publicKey, Buffer.from(file.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Sign an approval of `id` with the human's (already unlocked) private key and store it. Only
 * `twokey approve` calls this, after the terminal and passphrase checks.
 */
export function approveRequest(id: string, privateKey: KeyObject, fingerprint: string, opts: ApiOptions & { ttlMinutes?: number } = {}): { approval: ApprovalFile; approvalId: string; path: string; record: RequestRecord } {
  const home = resolveHome(opts);
  const record = readRequest(home, id);
  if (!record) throw new UserError(`no request ${id}`, 'List them with `twokey requests`.');
  if (record.status === 'rejected') throw new UserError(`request ${id} was rejected`, 'Have the agent run it again to make a new request.');
  const ttl = opts.ttlMinutes ?? DEFAULT_TTL_MINUTES;
  if (!Number.isFinite(ttl) || ttl <= 0 || ttl > MAX_TTL_MINUTES) throw new UserError(`--ttl must be between 1 and ${MAX_TTL_MINUTES} minutes (got ${ttl})`);
  const now = opts.now ?? new Date();
  const nonce = randomBytes(32).toString('hex');
  const payload: ApprovalPayload = {
    requestId: id, hash: record.hash, cwd: record.cwd, kind: record.kind,
    expiresAt: new Date(now.getTime() + ttl * 60_000).toISOString(), nonce,
  };
  const approval = signApproval(payload, privateKey, fingerprint);
  const approvalId = approvalIdOf(nonce);
  const dir = homePaths(home).approvalsDir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${subjectKey(record.kind, record.hash, record.cwd)}.${approvalId}.json`);
  writeFileAtomic(path, `${JSON.stringify(approval, null, 2)}\n`, 0o600);
  record.status = 'approved';
  record.approvals = [...(record.approvals ?? []), { approvalId, at: now.toISOString(), expiresAt: payload.expiresAt, fingerprint }];
  writeRequest(home, record);
  if (!opts.noJournal) {
    const journal = journalOf(opts, home);
    // The human key also signs the journal's head: see checkpoint.ts.
    const checkpoint = signCheckpoint(journal.head(), privateKey);
    journal.append({
      kind: 'approval',
      summary: `request ${id} approved once (until ${payload.expiresAt}): ${truncate(record.display)}`,
      data: { requestId: id, approvalId, hash: record.hash, cwd: record.cwd, kind: record.kind, expiresAt: payload.expiresAt, fingerprint, checkpoint },
    });
  }
  return { approval, approvalId, path, record };
}

/** Why a candidate approval was refused. */
export type RefusalReason = 'no-trusted-key' | 'bad-signature' | 'wrong-key' | 'expired' | 'mismatch' | 'replayed' | 'unreadable';

function moveAside(dir: string, name: string, bucket: string): void {
  try {
    mkdirSync(join(dir, bucket), { recursive: true, mode: 0o700 });
    renameSync(join(dir, name), join(dir, bucket, name));
  } catch { /* someone else moved it */ }
}

/** Find a valid (signed, unexpired, unused, same cwd) approval for this subject and consume it atomically. */
export async function consumeApproval(subject: ApprovalSubject, opts: ApiOptions = {}): Promise<ConsumedApproval | null> {
  return consumeApprovalSync(subject, opts);
}

export function consumeApprovalSync(subject: Pick<ApprovalSubject, 'kind' | 'hash' | 'cwd' | 'display' | 'agent'>, opts: ApiOptions = {}): ConsumedApproval | null {
  const home = resolveHome(opts);
  const dir = homePaths(home).approvalsDir;
  if (!existsSync(dir)) return null;
  const cwd = canonicalCwd(subject.cwd);
  const prefix = `${subjectKey(subject.kind, subject.hash, cwd)}.`;
  const candidates = readdirSync(dir).filter((n) => n.startsWith(prefix) && n.endsWith('.json'));
  if (candidates.length === 0) return null;
  const journal = journalOf(opts, home);
  const now = opts.now ?? new Date();
  const refuse = (name: string, reason: RefusalReason, detail: string, file?: ApprovalFile) => {
    journal.append({
      kind: 'approval-refused',
      summary: `approval refused (${reason}) for ${truncate(subject.display)}: ${detail}`,
      data: { reason, detail, file: name, requestId: file?.payload?.requestId ?? null, hash: subject.hash, cwd, agent: subject.agent },
    });
  };
  const trusted = loadTrustedPublicKey(home);
  for (const name of candidates) {
    let file: ApprovalFile;
    try {
      file = JSON.parse(readFileSync(join(dir, name), 'utf8')) as ApprovalFile;
    } catch {
      refuse(name, 'unreadable', 'the approval file is not valid JSON');
      moveAside(dir, name, 'invalid');
      continue;
    }
    if (!trusted) { refuse(name, 'no-trusted-key', 'no trusted public key: a human runs `twokey init`', file); return null; }
    if (!verifyApprovalSignature(file, trusted.key)) {
      refuse(name, file.fingerprint !== trusted.fingerprint ? 'wrong-key' : 'bad-signature',
        `the signature does not verify against the trusted key ${trusted.fingerprint.slice(0, 16)} (${trusted.source})`, file);
      moveAside(dir, name, 'invalid');
      continue;
    }
    const p = file.payload;
    if (p.hash !== subject.hash || p.cwd !== cwd || p.kind !== subject.kind) {
      refuse(name, 'mismatch', 'the approval is for something else (hash, directory or kind differ)', file);
      moveAside(dir, name, 'invalid');
      continue;
    }
    if (!(Date.parse(p.expiresAt) > now.getTime())) {
      refuse(name, 'expired', `the approval expired at ${p.expiresAt}`, file);
      moveAside(dir, name, 'expired');
      continue;
    }
    // Claim it: rename is atomic, so of two racing processes exactly one succeeds.
    const consumedDir = join(dir, 'consumed');
    mkdirSync(consumedDir, { recursive: true, mode: 0o700 });
    try {
      renameSync(join(dir, name), join(consumedDir, name));
    } catch {
      continue;
    }
    const approvalId = approvalIdOf(p.nonce);
    // A copy of an approval already used is refused by the nonce record (same transaction as the entry).
    const entry = journal.appendOnce(p.nonce, {
      kind: 'approval-consumed',
      summary: `approval ${approvalId} of request ${p.requestId} used once: ${truncate(subject.display)}`,
      data: { approvalId, requestId: p.requestId, hash: p.hash, cwd, kind: p.kind, agent: subject.agent },
    });
    if (!entry) {
      refuse(name, 'replayed', `approval ${approvalId} was already used`, file);
      continue;
    }
    markConsumed(home, p.requestId, now);
    return { approvalId, requestId: p.requestId };
  }
  return null;
}

function markConsumed(home: string, id: string, now: Date): void {
  try {
    const r = readRequest(home, id);
    if (!r) return;
    r.status = 'consumed';
    r.consumedAt = now.toISOString();
    writeRequest(home, r);
  } catch { /* the journal holds the truth */ }
}

function truncate(text: string, max = 160): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
