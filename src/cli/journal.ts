import { parseArgs } from 'node:util';
import type { CliCommand } from './io.js';
import { UserError } from '../core/errors.js';
import { twokeyHome } from '../core/home.js';
import { homePaths } from '../core/paths.js';
import { existsSync } from 'node:fs';
import { openJournal, type JournalEntry } from '../journal/journal.js';
import { loadTrustedPublicKey } from '../approval/keys.js';
import { verifyCheckpoints } from '../approval/checkpoint.js';

const HELP = `twokey journal: the tamper-evident record of every decision

Usage: twokey journal list [--limit N] [--kind KIND] [--since SEQ] [--json]
       twokey journal show SEQ [--json]
       twokey journal verify [--json]
       twokey journal export --jsonl

Every decision, request, approval (and refused approval), rejection and guarded execution is an entry
in $TWOKEY_HOME/journal.sqlite. Each entry holds the hash of the one before it, so an entry edited,
deleted, inserted or moved breaks the chain: 'verify' says which seq and how.

  list     the last 20 entries (or --limit N; --since SEQ lists forward from there)
  show     one entry with its data and hashes
  verify   walk the whole chain. Exit 0 intact, 3 tampered (problems listed), 1 error
  export   every entry, one JSON object per line (--jsonl), for archiving elsewhere
`;

function line(e: JournalEntry): string {
  return `${String(e.seq).padStart(6)}  ${e.at}  ${e.kind.padEnd(18)} ${e.summary}`;
}

export const command: CliCommand = {
  name: 'journal',
  summary: 'List, show, verify or export the tamper-evident journal',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, jsonl: { type: 'boolean' }, limit: { type: 'string' }, kind: { type: 'string' }, since: { type: 'string' } },
      allowPositionals: true,
    });
    const [sub, arg] = positionals;
    const home = twokeyHome(io.env);
    if (!sub) throw new UserError('missing subcommand', 'Usage: twokey journal list|show SEQ|verify|export --jsonl');
    if (!['list', 'show', 'verify', 'export'].includes(sub)) throw new UserError(`unknown subcommand '${sub}'`, 'Usage: twokey journal list|show SEQ|verify|export --jsonl');
    if (!existsSync(homePaths(home).journal)) {
      if (sub === 'verify') {
        if (values.json) io.stdout(`${JSON.stringify({ ok: true, count: 0, problems: [], note: 'no journal yet' })}\n`);
        else io.stdout(`No journal yet at ${homePaths(home).journal}.\n`);
        return 0;
      }
      if (sub === 'show') throw new UserError(`no journal at ${homePaths(home).journal}`);
    }
    const journal = openJournal(home);
    try {
      if (sub === 'list') {
        const limit = values.limit === undefined ? 20 : Number(values.limit);
        if (!Number.isInteger(limit) || limit < 0) throw new UserError(`--limit must be a whole number (got '${values.limit}')`);
        const since = values.since === undefined ? undefined : Number(values.since);
        if (since !== undefined && !Number.isInteger(since)) throw new UserError(`--since must be a seq number (got '${values.since}')`);
        const list = journal.list({ limit, kind: values.kind, sinceSeq: since });
        if (values.json) io.stdout(`${JSON.stringify(list, null, 2)}\n`);
        else io.stdout(list.length ? `${list.map(line).join('\n')}\n` : 'The journal is empty.\n');
        return 0;
      }
      if (sub === 'show') {
        const seq = Number(arg);
        if (!arg || !Number.isInteger(seq)) throw new UserError(`'${arg ?? ''}' is not a seq number`, 'Usage: twokey journal show SEQ');
        const e = journal.get(seq);
        if (!e) throw new UserError(`no entry ${seq} (the journal has ${journal.count()})`);
        if (values.json) io.stdout(`${JSON.stringify(e, null, 2)}\n`);
        else io.stdout(`${line(e)}\n  prev: ${e.prevHash}\n  hash: ${e.hash}\n${e.data === undefined ? '' : `${JSON.stringify(e.data, null, 2).split('\n').map((l) => `  ${l}`).join('\n')}\n`}`);
        return 0;
      }
      if (sub === 'verify') {
        const chain = journal.verify();
        const trusted = loadTrustedPublicKey(home);
        const cp = verifyCheckpoints(journal, trusted?.key ?? null);
        const problems = [...chain.problems, ...cp.problems].sort((a, b) => a.seq - b.seq);
        const r = { ...chain, ok: problems.length === 0, problems, checkpoints: cp.checked, trustedKey: trusted ? `${trusted.fingerprint.slice(0, 16)} (${trusted.source})` : null };
        if (values.json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
        else if (r.ok) io.stdout(`Journal intact: ${r.count} entries, head ${r.headHash.slice(0, 16)}${r.checkpoints ? `, ${r.checkpoints} signed checkpoint${r.checkpoints === 1 ? '' : 's'} verified` : ''}.\n`);
        else io.stdout(`Journal TAMPERED: ${r.problems.length} problem(s) in ${r.count} entries\n${r.problems.map((p) => `  seq ${p.seq}: ${p.kind}: ${p.message}`).join('\n')}\n`);
        return r.ok ? 0 : 3;
      }
      if (!values.jsonl) throw new UserError('export needs --jsonl', 'Usage: twokey journal export --jsonl > journal.jsonl');
      for (const e of journal.iterate()) io.stdout(`${JSON.stringify(e)}\n`);
      return 0;
    } finally {
      journal.close();
    }
  },
};
