/**
 * The state ledger: for each working directory, backend and workspace, the lineage and highest serial
 * twokey has seen, the resources (address -> id), when first and last seen, the hash of the local state
 * file after the last guarded action, and addresses configured with prevent_destroy. JSON under
 * $TWOKEY_HOME, written by write-then-rename under a lock directory.
 *
 * An observation that looks wrong (foreign lineage, lower serial, state missing) never moves the
 * baseline: it is kept as an anomaly, and only an explicit `twokey ledger record FILE --accept` or a
 * guarded apply of an approved plan adopts a new baseline.
 */
import { mkdirSync, readFileSync, renameSync, rmdirSync, statSync, writeFileSync, openSync, closeSync, fsyncSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PlanFinding } from './analyze.js';
import type { WorkdirIdentity } from './workdir.js';
import { ledgerKey } from './workdir.js';

export interface LedgerAnomaly { at: string; kind: string; lineage?: string; serial?: number; resources?: number; message: string }

export interface LedgerEntry {
  dir: string;
  backend: string;
  workspace: string;
  /** '' until a state with a lineage was seen. */
  lineage: string;
  serial: number;
  resources: Record<string, string>;
  firstSeen: string;
  lastSeen: string;
  /** sha256 of the local state file after the last guarded action (local backend only). */
  stateHash?: string;
  stateHashAt?: string;
  /** Addresses whose configuration had lifecycle { prevent_destroy = true }. */
  preventDestroy?: string[];
  anomalies?: LedgerAnomaly[];
}

export interface LedgerFile { version: 1; entries: Record<string, LedgerEntry> }

/** What twokey saw of a state. lineage/serial are absent when the source does not carry them (plan JSON). */
export interface StateObservation {
  lineage?: string;
  serial?: number;
  /** address -> id; absent when unknown. */
  resources?: Record<string, string>;
  /** sha256 of the local state file, when read from disk. */
  stateHash?: string;
  source: string;
}

const MAX_ANOMALIES = 50;

export function emptyLedger(): LedgerFile {
  return { version: 1, entries: {} };
}

export function readLedger(path: string): LedgerFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyLedger();
    throw err;
  }
  const doc = JSON.parse(text) as LedgerFile;
  if (!doc || doc.version !== 1 || typeof doc.entries !== 'object') throw new Error(`${path}: not a twokey ledger (version 1)`);
  return doc;
}

function writeAtomic(path: string, text: string) {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  const fd = openSync(tmp, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
  renameSync(tmp, path);
}

function sleepMs(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `fn` on the ledger under an exclusive lock (a lock directory; stale after 30 s), then writes it back. */
export function updateLedger<T>(path: string, fn: (ledger: LedgerFile) => T): T {
  const lock = `${path}.lock`;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30_000) { rmdirSync(lock); continue; }
      } catch { continue; }
      if (Date.now() > deadline) throw new Error(`the ledger is locked (${lock}); if no twokey process is running, remove that directory`);
      sleepMs(20 + Math.floor(Math.random() * 30));
    }
  }
  try {
    const ledger = readLedger(path);
    const result = fn(ledger);
    writeAtomic(path, `${JSON.stringify(ledger, null, 1)}\n`);
    return result;
  } finally {
    try { rmdirSync(lock); } catch { /* gone */ }
  }
}

export function ledgerEntry(ledger: LedgerFile, id: Pick<WorkdirIdentity, 'dir' | 'backend' | 'workspace'>): LedgerEntry | undefined {
  return ledger.entries[ledgerKey(id)];
}

/**
 * State findings for an observation against what the ledger knows (pure). `guarded` adds the
 * "changed behind our back" check (the local state file's hash since the last guarded action).
 */
export function ledgerFindings(entry: LedgerEntry | undefined, obs: StateObservation, opts: { guarded?: boolean } = {}): PlanFinding[] {
  if (!entry) return [];
  const out: PlanFinding[] = [];
  const where = `${entry.dir} (backend ${entry.backend}, workspace ${entry.workspace})`;
  const known = Object.keys(entry.resources).length;
  if (entry.lineage && obs.lineage && obs.lineage !== entry.lineage) {
    out.push({
      rule: 'state.foreign-lineage', severity: 'deny', address: '', type: '',
      message: `the state has lineage ${obs.lineage}, but ${where} has had lineage ${entry.lineage} (serial ${entry.serial}) since ${entry.firstSeen}: another state was put in place (an old archive unpacked, another environment's state copied over?)`,
      loses: 'whatever the real state describes: a plan or destroy made from a foreign state acts on the wrong resources',
      safer: 'put the real state back (twokey keeps copies under $TWOKEY_HOME/state-backups), or, if this lineage is really intended, a human runs: twokey ledger record STATEFILE --accept',
    });
  } else if (entry.lineage && obs.lineage === entry.lineage && obs.serial !== undefined && obs.serial < entry.serial) {
    out.push({
      rule: 'state.rolled-back', severity: 'deny', address: '', type: '',
      message: `the state is serial ${obs.serial} of lineage ${entry.lineage}, but twokey has seen serial ${entry.serial}: an older copy of the state was restored over a newer one`,
      loses: 'changes made after that copy: resources created since would be forgotten or recreated',
      safer: 'restore the newest state (see $TWOKEY_HOME/state-backups), or a human accepts it: twokey ledger record STATEFILE --accept',
    });
  }
  if (obs.resources && known > 0) {
    const seen = Object.keys(obs.resources).length;
    if (seen === 0 || seen * 2 < known) {
      const sample = Object.keys(entry.resources).filter((a) => !(a in (obs.resources ?? {}))).slice(0, 5);
      out.push({
        rule: 'state.missing', severity: 'deny', address: '', type: '',
        message: `the state has ${seen === 0 ? 'no resources' : `only ${seen} resource(s)`}, but twokey knows ${known} in ${where} (e.g. ${sample.join(', ')}): the state is missing or incomplete, so the plan would recreate or orphan what exists`,
        safer: 'find the real state (backend configuration, workspace, a state file left behind) before planning',
      });
    }
  }
  if (opts.guarded && obs.stateHash && entry.stateHash && obs.stateHash !== entry.stateHash) {
    out.push({
      rule: 'state.changed-behind-our-back', severity: 'deny', address: '', type: '',
      message: `the local state file changed since twokey's last guarded action (${entry.stateHashAt ?? 'unknown time'}) without a guarded apply`,
      safer: 'find out who changed it (compare with the copy under $TWOKEY_HOME/state-backups); a human accepts it with: twokey ledger record STATEFILE --accept',
    });
  }
  return out;
}

/**
 * Records an observation. A first observation creates the entry. A clean observation (same lineage,
 * serial not lower, or accept) moves the baseline; a suspicious one is only kept as an anomaly.
 */
export function recordObservation(
  ledger: LedgerFile, id: Pick<WorkdirIdentity, 'dir' | 'backend' | 'workspace'>, obs: StateObservation,
  opts: { accept?: boolean; guardedAction?: boolean; now?: Date; preventDestroy?: string[] } = {},
): { entry: LedgerEntry; adopted: boolean; findings: PlanFinding[] } {
  const now = (opts.now ?? new Date()).toISOString();
  const key = ledgerKey(id);
  const existing = ledger.entries[key];
  if (!existing) {
    const entry: LedgerEntry = {
      dir: id.dir, backend: id.backend, workspace: id.workspace, lineage: obs.lineage ?? '', serial: obs.serial ?? 0,
      resources: obs.resources ?? {}, firstSeen: now, lastSeen: now,
    };
    if (opts.guardedAction && obs.stateHash) { entry.stateHash = obs.stateHash; entry.stateHashAt = now; }
    if (opts.preventDestroy?.length) entry.preventDestroy = [...new Set(opts.preventDestroy)].sort();
    ledger.entries[key] = entry;
    return { entry, adopted: true, findings: [] };
  }
  const findings = ledgerFindings(existing, obs, { guarded: false });
  existing.lastSeen = now;
  if (findings.length && !opts.accept) {
    existing.anomalies = [...(existing.anomalies ?? []), ...findings.map((f) => ({
      at: now, kind: f.rule, lineage: obs.lineage, serial: obs.serial, resources: obs.resources ? Object.keys(obs.resources).length : undefined, message: f.message,
    }))].slice(-MAX_ANOMALIES);
    return { entry: existing, adopted: false, findings };
  }
  if (obs.lineage) {
    if (obs.lineage !== existing.lineage || (obs.serial ?? 0) >= existing.serial || opts.accept) {
      existing.lineage = obs.lineage;
      existing.serial = obs.serial ?? existing.serial;
      if (obs.resources) existing.resources = obs.resources;
    }
  } else if (obs.resources && (existing.lineage === '' || Object.keys(obs.resources).length >= Object.keys(existing.resources).length || opts.accept)) {
    existing.resources = obs.resources;
  }
  if (obs.stateHash && (opts.guardedAction || opts.accept)) { existing.stateHash = obs.stateHash; existing.stateHashAt = now; }
  if (opts.preventDestroy) {
    existing.preventDestroy = [...new Set([...(existing.preventDestroy ?? []), ...opts.preventDestroy])].sort();
  }
  return { entry: existing, adopted: true, findings };
}

/** Addresses with `lifecycle { prevent_destroy = true }` in Terraform files (a light scan, not a full HCL parse). */
export function preventDestroyAddresses(files: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    // tfconfig/m-<module key>/file.tf in a binary plan: `m-` is the root, `m-site_a` is module.site_a.
    const m = /(?:^|\/)m-([^/]*)\//.exec(name);
    const modulePrefix = m && m[1] ? m[1].split('.').map((k) => `module.${k}`).join('.') + '.' : '';
    const re = /^\s*resource\s+"([^"]+)"\s+"([^"]+)"\s*\{/gm;
    const starts: { type: string; name: string; at: number }[] = [];
    for (let r = re.exec(text); r; r = re.exec(text)) starts.push({ type: r[1], name: r[2], at: r.index });
    for (let i = 0; i < starts.length; i++) {
      const body = text.slice(starts[i].at, i + 1 < starts.length ? starts[i + 1].at : text.length);
      if (/prevent_destroy\s*=\s*true/.test(body.replace(/#[^\n]*/g, ''))) out.push(`${modulePrefix}${starts[i].type}.${starts[i].name}`);
    }
  }
  return out;
}

/**
 * The same lineage seen in another working directory (or backend/workspace) at a higher serial: this
 * state is an older copy of one twokey already knows (e.g. an archive unpacked in a fresh directory).
 */
export function crossDirectoryFindings(ledger: LedgerFile, id: Pick<WorkdirIdentity, 'dir' | 'backend' | 'workspace'>, obs: StateObservation): PlanFinding[] {
  if (!obs.lineage || obs.serial === undefined) return [];
  const here = ledgerKey(id);
  let newest: LedgerEntry | undefined;
  for (const [key, e] of Object.entries(ledger.entries)) {
    if (key === here || e.lineage !== obs.lineage) continue;
    if (!newest || e.serial > newest.serial) newest = e;
  }
  if (!newest || newest.serial <= obs.serial) return [];
  return [{
    rule: 'state.rolled-back', severity: 'deny', address: '', type: '',
    message: `this state (lineage ${obs.lineage}, serial ${obs.serial}) is an older copy: twokey has seen serial ${newest.serial} of the same lineage in ${newest.dir} (backend ${newest.backend}, workspace ${newest.workspace})`,
    loses: 'everything changed since that copy was taken: a plan from it acts on resources as they were',
    safer: `work from the current state (in ${newest.dir}); a human who means it runs: twokey ledger record STATEFILE --accept`,
  }];
}
