import { renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliCommand, CliIO } from './io.js';
import { UserError } from '../core/errors.js';
import { twokeyHome } from '../core/home.js';
import { homePaths } from '../core/paths.js';
import { defaultRuleCatalog } from '../engine/catalog.js';
import { findProjectPolicy, loadPolicy, policyFilesFor, readPolicyBytes } from '../policy/load.js';
import { validatePolicyText } from '../policy/validate.js';
import { formatPolicyError, type PolicyError } from '../policy/types.js';
import { sha256Hex, signaturePathFor, signPolicyBytes, trustedPublicKey, verifyPolicyBytes, verifyPolicyFile } from '../policy/signature.js';
import { POLICY_SCHEMA } from '../policy/schema.js';
import { unlockPrivateKey, readPassphrase } from '../approval/keys.js';

interface Opts { json: boolean; cwd: string; files: string[] }

function parseOpts(argv: string[], io: CliIO, sub: string): Opts {
  const o: Opts = { json: false, cwd: io.cwd, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') o.json = true;
    else if (a === '--cwd') { const v = argv[++i]; if (!v) throw new UserError('--cwd needs a directory'); o.cwd = resolve(io.cwd, v); }
    else if (a.startsWith('--cwd=')) o.cwd = resolve(io.cwd, a.slice(6));
    else if (a.startsWith('-')) throw new UserError(`unknown option '${a}' for policy ${sub}`, 'see twokey policy --help');
    else o.files.push(resolve(io.cwd, a));
  }
  return o;
}

function defaultFiles(o: Opts, home: string): string[] {
  return o.files.length ? o.files : policyFilesFor(o.cwd, home).map((f) => f.path);
}

async function validate(o: Opts, io: CliIO, home: string): Promise<number> {
  const files = defaultFiles(o, home);
  if (files.length === 0) {
    const msg = `no policy file found (looked for ${homePaths(home).userPolicy} and .twokey/policy.yaml from ${o.cwd} up to the git root)`;
    if (o.json) io.stdout(`${JSON.stringify({ files: [], message: msg })}\n`);
    else io.stdout(`${msg}; the built-in defaults apply.\n`);
    return 0;
  }
  const trusted = trustedPublicKey(home);
  const results = files.map((path) => {
    const read = readPolicyBytes(path);
    if (!read.ok) return { path, valid: false, errors: [read.error] as PolicyError[], signature: 'unreadable', detail: read.error.message };
    const { errors } = validatePolicyText(read.text, path, defaultRuleCatalog());
    const sig = verifyPolicyFile(path, read.bytes, trusted);
    return { path, valid: errors.length === 0, errors, signature: sig.status, detail: sig.status === 'valid' ? `signed by ${sig.key.slice(0, 16)}…` : sig.reason };
  });
  if (o.json) io.stdout(`${JSON.stringify({ files: results }, null, 2)}\n`);
  else {
    for (const r of results) {
      io.stdout(`${r.path}: ${r.valid ? 'valid' : `${r.errors.length} error${r.errors.length === 1 ? '' : 's'}`}; signature: ${r.signature} (${r.detail})\n`);
      for (const e of r.errors) io.stdout(`  ${formatPolicyError(e).replace(/\n/g, '\n  ')}\n`);
      if (r.valid && r.signature !== 'valid') io.stdout('  note: twokey IGNORES this file until a human signs it: twokey policy sign ' + r.path + '\n');
    }
  }
  return results.every((r) => r.valid) ? 0 : 1;
}

function show(o: Opts, io: CliIO, home: string): number {
  const p = loadPolicy({ cwd: o.cwd, home, catalog: defaultRuleCatalog() });
  if (o.json) {
    io.stdout(`${JSON.stringify({ ...p, allow: p.allow.map(({ pattern, source }) => ({ pattern, source })), deny: p.deny.map(({ pattern, source }) => ({ pattern, source })) }, null, 2)}\n`);
    return 0;
  }
  for (const n of p.notices) io.stderr(`${n}\n`);
  const lines = [
    `policy for ${o.cwd}${p.broken ? '  (BROKEN: failing closed for destructive commands)' : ''}`,
    `sources: ${p.sources.length ? '' : 'none (built-in defaults)'}`,
    ...p.sources.map((s) => `  ${s.scope.padEnd(7)} ${s.path}  [${s.status}]${s.detail ? ` ${s.detail}` : ''}`),
    `rules: ${Object.keys(p.rules).length ? '' : 'every rule at its default level'}`,
    ...Object.entries(p.rules).map(([k, v]) => `  ${k}: ${v}`),
    `allow: ${p.allow.length ? '' : 'none'}`,
    ...p.allow.map((x) => `  "${x.pattern}"  (${x.source})`),
    `deny: ${p.deny.length ? '' : 'none'}`,
    ...p.deny.map((x) => `  "${x.pattern}"  (${x.source})`),
    `protect (terraform addresses): ${p.protect.length ? p.protect.join(', ') : 'none'}`,
    `protected paths: ${p.protectedPaths.join(', ')}`,
    `approvals: ttl ${p.approvals.ttlMinutes} min; drills: max age ${p.drills.maxAgeDays} days`,
  ];
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o644 });
  renameSync(tmp, path);
}

async function sign(o: Opts, io: CliIO, home: string): Promise<number> {
  if (o.files.length > 1) throw new UserError('sign one policy file at a time');
  const path = o.files[0] ?? findProjectPolicy(o.cwd) ?? homePaths(home).userPolicy;
  const read = readPolicyBytes(path);
  if (!read.ok) throw new UserError(`cannot sign ${path}: ${read.error.message}`, read.error.fix);
  const { errors } = validatePolicyText(read.text, path, defaultRuleCatalog());
  if (errors.length) {
    throw new UserError(`refusing to sign an invalid policy:\n  ${errors.map(formatPolicyError).join('\n  ')}`, 'fix it (twokey policy validate), then sign');
  }
  const trusted = trustedPublicKey(home);
  if (!trusted) throw new UserError('no trusted public key', 'a human runs `twokey init` first to create the key pair');
  io.stderr(`Signing ${path} (sha256 ${sha256Hex(read.bytes)}).\nRead it before you sign: twokey will enforce exactly these bytes.\n`);
  const passphrase = await readPassphrase(io, 'Passphrase: ');
  const key = await unlockPrivateKey(home, passphrase);
  const sig = signPolicyBytes(read.bytes, key);
  const check = verifyPolicyBytes(read.bytes, JSON.stringify(sig), trusted);
  if (check.status !== 'valid') throw new UserError(`the new signature does not verify against the trusted key (${check.reason})`, 'the private key does not match the trust anchor');
  writeAtomic(signaturePathFor(path), `${JSON.stringify(sig, null, 2)}\n`);
  if (o.json) io.stdout(`${JSON.stringify({ signed: path, signature: signaturePathFor(path), sha256: sig.sha256, key: sig.key })}\n`);
  else io.stdout(`signed ${path}\n  signature: ${signaturePathFor(path)}\n  key: ${sig.key}\n`);
  return 0;
}

export const command: CliCommand = {
  name: 'policy',
  summary: 'Validate, show or sign the policy file',
  help: `twokey policy: validate, show, sign the policy file, or print its JSON Schema

Usage:
  twokey policy validate [--json] [FILE…]   check syntax, keys, rule ids, patterns (default: the files in force)
  twokey policy show [--json] [--cwd DIR]   the effective policy: sources, rules, patterns, notices
  twokey policy schema                      the JSON Schema (for editors)
  twokey policy sign [FILE]                 sign with the human key (interactive terminal and passphrase)

Files: $TWOKEY_HOME/policy.yaml (user) and .twokey/policy.yaml (project: found from the current directory up
to the git root). The project file overrides the user file rule by rule; lists add up. A file is used only
when signed (FILE.sig) by the trusted key; an unsigned or changed file is ignored, loudly, in favour of the
built-in defaults. An invalid signed file fails closed. Reference: docs/policy.md.

Exit codes: 0 ok, 1 error (an invalid policy, a refused signature).
`,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const home = twokeyHome(io.env);
    switch (sub) {
      case 'validate': return validate(parseOpts(rest, io, sub), io, home);
      case 'show': return show(parseOpts(rest, io, sub), io, home);
      case 'schema': io.stdout(`${JSON.stringify(POLICY_SCHEMA, null, 2)}\n`); return 0;
      case 'sign': return sign(parseOpts(rest, io, sub), io, home);
      case undefined: throw new UserError('which policy command?', 'twokey policy validate | show | schema | sign (see --help)');
      default: throw new UserError(`unknown policy command '${sub}'`, 'twokey policy validate | show | schema | sign');
    }
  },
};
