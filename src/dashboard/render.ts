import type { DashboardModel } from './model.js';
import { decisionOf } from './model.js';
import { describeAge } from '../drill/proof.js';

/** HTML-escape text for element content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
:root { --bg:#fbfbfa; --fg:#1d1d1b; --muted:#6b6b66; --line:#e3e2dd; --deny:#b3261e; --ask:#a15c00; --allow:#1e6b34; --card:#fff; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--fg); }
header { padding: 18px 28px; border-bottom: 1px solid var(--line); display: flex; gap: 24px; align-items: baseline; flex-wrap: wrap; }
header h1 { font-size: 20px; margin: 0; letter-spacing: .02em; }
header .meta { color: var(--muted); font-size: 12px; }
main { padding: 20px 28px; display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 18px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; min-width: 0; }
section.wide { grid-column: 1 / -1; }
h2 { font-size: 14px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 0 0 10px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 5px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; font-size: 12px; color: var(--muted); }
td code, .cmd { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; word-break: break-all; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; }
.deny, .none, .bad { background: var(--deny); } .ask, .stale { background: var(--ask); } .allow, .fresh, .good { background: var(--allow); }
.other, .consumed, .rejected, .approved { background: var(--muted); }
.stats { display: flex; gap: 18px; flex-wrap: wrap; }
.stat b { display: block; font-size: 22px; }
.empty { color: var(--muted); font-style: italic; }
.release { color: var(--muted); font-size: 12px; }
`;

function pill(kind: string, text = kind): string {
  return `<span class="pill ${esc(kind.replace(/[^a-z]/g, ''))}">${esc(text)}</span>`;
}

function empty(text: string): string {
  return `<p class="empty">${esc(text)}</p>`;
}

function requestsSection(m: DashboardModel): string {
  const rows = m.requests.pending.map((r) => `<tr>
      <td><code>${esc(r.id)}</code></td><td>${pill(r.decision)}</td><td>${esc(r.kind)}</td>
      <td><div class="cmd">${esc(r.display)}</div><div>${esc(r.reason)}</div><div class="release">in ${esc(r.cwd)} · from ${esc(r.agent)} · asked ${esc(r.asked)}× · a human releases it at a terminal: <code>twokey approve ${esc(r.id)}</code></div></td>
      <td>${esc(r.createdAt)}</td></tr>`).join('');
  return `<section class="wide" id="requests"><h2>Waiting for a human (${m.requests.pending.length})</h2>
    ${rows ? `<table><tr><th>id</th><th>gate</th><th>kind</th><th>what, why</th><th>since</th></tr>${rows}</table>` : empty('No pending requests.')}
    <p class="release">This page cannot approve anything: approvals need the passphrase at an interactive terminal.</p></section>`;
}

function decisionsSection(m: DashboardModel): string {
  const stats = ['allow', 'ask', 'deny'].map((d) => `<div class="stat">${pill(d)}<b>${m.decisions.byDecision[d] ?? 0}</b></div>`).join('');
  const rows = m.decisions.recent.map((e) => {
    const d = e.kind === 'decision' ? decisionOf(e) : e.kind;
    return `<tr><td>${esc(e.seq)}</td><td>${esc(e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'))}</td><td>${pill(['allow', 'ask', 'deny'].includes(d) ? d : 'other', d)}</td><td class="cmd">${esc(e.summary)}</td></tr>`;
  }).join('');
  return `<section class="wide" id="journal"><h2>Journal (${m.decisions.total} decisions)</h2><div class="stats">${stats}</div>
    ${rows ? `<table><tr><th>#</th><th>at</th><th>what</th><th>summary</th></tr>${rows}</table>` : empty('Nothing journaled yet.')}</section>`;
}

function integritySection(m: DashboardModel): string {
  const v = m.journal.verify;
  let body: string;
  if (!m.journal.exists) body = empty('No journal yet.');
  else if (m.journal.error) body = `<p>${pill('bad', 'unreadable')} ${esc(m.journal.error)}</p>`;
  else if (v && v.ok) body = `<p>${pill('good', 'intact')} ${esc(v.count)} entries, hash chain verified to head <code>${esc(v.headHash.slice(0, 16))}…</code></p>`;
  else body = `<p>${pill('bad', 'TAMPERED')}</p><ul>${(v?.problems ?? []).map((p) => `<li>entry ${esc(p.seq)}: ${esc(p.kind)}: ${esc(p.message)}</li>`).join('')}</ul>`;
  const key = m.keys.trusted
    ? `<p>${pill('good', 'second key')} fingerprint <code>${esc(m.keys.fingerprint?.slice(0, 16))}…</code> (${esc(m.keys.source === 'system' ? 'system trust anchor' : 'in TWOKEY_HOME')})</p>`
    : `<p>${pill('bad', 'no key')} no trusted public key: run <code>twokey init</code> at a terminal</p>`;
  return `<section id="integrity"><h2>Integrity</h2>${body}${key}</section>`;
}

function drillsSection(m: DashboardModel): string {
  const rows = m.drills.databases.map((d) => `<tr><td class="cmd">${esc(d.target)}</td><td>${pill(d.status)}</td>
    <td>${d.lastVerified ? `${esc(describeAge(d.verifiedAgeDays ?? 0))} · ${esc(d.lastVerified.tables)} tables, ${esc(d.lastVerified.rows)} rows` : 'never verified'}</td>
    <td>${d.lastDrill.ok ? 'passed' : `failed: ${esc(d.lastDrill.failures[0] ?? '')}`}</td></tr>`).join('');
  return `<section id="drills"><h2>Restore proofs (fresh = under ${esc(m.drills.maxAgeDays)} days)</h2>
    ${rows ? `<table><tr><th>database</th><th></th><th>last verified restore</th><th>last drill</th></tr>${rows}</table>` : empty('No restore drills yet: twokey drill postgres|sqlite|rds.')}</section>`;
}

function workspacesSection(m: DashboardModel): string {
  const rows = m.workspaces.map((w) => `<tr><td class="cmd">${esc(w.dir)}</td><td>${esc(w.backend)} / ${esc(w.workspace)}</td>
    <td><code>${esc(w.lineage.slice(0, 8) || '—')}</code> #${esc(w.serial)}</td><td>${esc(Object.keys(w.resources).length)}</td>
    <td>${(w.anomalies ?? []).slice(-2).map((a) => `${pill('deny', a.kind)} ${esc(a.message)}`).join('<br>') || pill('good', 'consistent')}</td></tr>`).join('');
  return `<section class="wide" id="state"><h2>Terraform state ledger</h2>
    ${rows ? `<table><tr><th>directory</th><th>backend / workspace</th><th>lineage, serial</th><th>resources</th><th>anomalies</th></tr>${rows}</table>` : empty('No Terraform state seen yet.')}</section>`;
}

export function renderDashboard(m: DashboardModel, opts: { refreshSeconds?: number } = {}): string {
  const refresh = opts.refreshSeconds ? `<meta http-equiv="refresh" content="${Number(opts.refreshSeconds)}">` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${refresh}
<title>twokey dashboard</title><style>${STYLE}</style></head>
<body><header><h1>twokey</h1><span class="meta">${esc(m.home)} · generated ${esc(m.generatedAt)}</span>
<span class="meta">${pill(m.requests.pending.length ? 'ask' : 'good', `${m.requests.pending.length} pending`)}</span></header>
<main>${requestsSection(m)}${integritySection(m)}${drillsSection(m)}${workspacesSection(m)}${decisionsSection(m)}</main></body></html>
`;
}
