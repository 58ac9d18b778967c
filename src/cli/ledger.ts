import type { CliCommand } from './io.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { homePaths } from '../core/paths.js';
import { twokeyHome } from '../core/home.js';
import { readLedger, recordObservation, updateLedger, type StateObservation } from '../terraform/ledger.js';
import { parseStateText, resourcesOfStateJson, StateFormatError } from '../terraform/state.js';
import { workdirIdentity } from '../terraform/workdir.js';
import { readBinaryPlanContents } from '../terraform/read-plan.js';
import { looksLikeZip } from '../terraform/zip.js';
import { sha256File } from '../terraform/plan-hash.js';
import { journalDecision } from '../terraform/journal-hook.js';

const HELP = `Usage: twokey ledger [show] [--json]
       twokey ledger record FILE [--accept] [--json]

The state ledger remembers, per working directory, backend and workspace: the state's lineage, the
highest serial seen, the resources (address and id), when first and last seen, and the hash of the
local state file after the last guarded action. 'plan check' and 'twokey run' compare every state
they see against it: another lineage (a state swapped in), a lower serial (an old copy restored),
resources gone (state missing), or a state file changed between guarded actions are denied.

  show            list the entries (for the current directory first)
  record FILE     record a state file (terraform.tfstate, 'terraform state pull' output, 'show -json'
                  of a state) or a binary plan as seen in the current directory. A state that looks
                  wrong (foreign lineage, lower serial, far fewer resources) is kept as an anomaly
                  and does not become the baseline, unless --accept is given (a human decision).
`;

export const command: CliCommand = {
  name: 'ledger',
  summary: 'Show or record the state ledger',
  help: HELP,
  async run(argv, io) {
    const json = argv.includes('--json');
    const accept = argv.includes('--accept');
    const words = argv.filter((a) => !a.startsWith('--'));
    const unknown = argv.filter((a) => a.startsWith('--') && a !== '--json' && a !== '--accept');
    if (unknown.length) throw new UserError(`unknown option '${unknown[0]}'`, "Run 'twokey ledger --help'.");
    const sub = words[0] ?? 'show';
    const path = homePaths(twokeyHome(io.env)).ledger;
    const wd = workdirIdentity(io.cwd, io.env);
    if (sub === 'show') {
      const ledger = readLedger(path);
      const entries = Object.values(ledger.entries).sort((a, b) => Number(b.dir === wd.dir) - Number(a.dir === wd.dir) || a.dir.localeCompare(b.dir));
      if (json) { io.stdout(`${JSON.stringify({ ledger: path, entries }, null, 2)}\n`); return 0; }
      if (!entries.length) { io.stdout(`twokey ledger: empty (${path})\n`); return 0; }
      for (const e of entries) {
        io.stdout(`${e.dir}  backend=${e.backend} workspace=${e.workspace}\n  lineage ${e.lineage || '(none yet)'}  serial ${e.serial}  ${Object.keys(e.resources).length} resources  first seen ${e.firstSeen}  last seen ${e.lastSeen}\n`);
        if (e.preventDestroy?.length) io.stdout(`  prevent_destroy: ${e.preventDestroy.join(', ')}\n`);
        for (const an of (e.anomalies ?? []).slice(-5)) io.stdout(`  ! ${an.at} ${an.kind}: ${an.message}\n`);
      }
      return 0;
    }
    if (sub !== 'record') throw new UserError(`unknown subcommand '${sub}'`, "Use 'twokey ledger show' or 'twokey ledger record FILE'.");
    const file = words[1];
    if (!file) throw new UserError('missing FILE: the state file or binary plan to record');
    const abs = resolve(io.cwd, file);
    let buf: Buffer;
    try { buf = readFileSync(abs); } catch (err) { throw new UserError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`); }
    let obs: StateObservation;
    if (looksLikeZip(buf)) {
      const { state } = readBinaryPlanContents(buf, file);
      if (!state) throw new UserError(`${file}: the binary plan holds no readable tfstate`);
      obs = { lineage: state.lineage || undefined, serial: state.lineage ? state.serial : undefined, resources: state.resources, source: `binary plan ${abs}` };
    } else {
      const text = buf.toString('utf8');
      try {
        const st = parseStateText(text);
        obs = { lineage: st.lineage, serial: st.serial, resources: st.resources, source: `state file ${abs}`, stateHash: wd.localStatePath === abs ? sha256File(abs) : undefined };
      } catch (err) {
        if (!(err instanceof StateFormatError)) throw err;
        let doc: { values?: { root_module?: unknown } } | undefined;
        try { doc = JSON.parse(text); } catch { /* below */ }
        if (!doc?.values?.root_module) throw new UserError(`${file}: not a state file (${err.message}), nor the 'show -json' of a state`);
        obs = { resources: resourcesOfStateJson(doc.values.root_module as never), source: `state JSON ${abs}` };
      }
    }
    const r = updateLedger(path, (l) => recordObservation(l, wd, obs, { accept }));
    await journalDecision(io.env, { kind: 'ledger', summary: `ledger record ${abs}: ${r.adopted ? 'adopted' : 'kept as anomaly'}`, data: { file: abs, accept, lineage: obs.lineage ?? null, serial: obs.serial ?? null, findings: r.findings.map((f) => f.rule) } }, io.stderr);
    if (json) io.stdout(`${JSON.stringify({ adopted: r.adopted, entry: r.entry, findings: r.findings }, null, 2)}\n`);
    else {
      io.stdout(r.adopted ? `twokey ledger: recorded ${file}: lineage ${r.entry.lineage || '(none)'} serial ${r.entry.serial}, ${Object.keys(r.entry.resources).length} resources\n`
        : `twokey ledger: NOT adopted: ${r.findings.map((f) => f.message).join('; ')}\n  (a human who means it: twokey ledger record ${file} --accept)\n`);
    }
    return r.adopted ? 0 : 3;
  },
};
