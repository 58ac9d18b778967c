/** Renders a plan analysis: JSON (stable, for machines), a short human summary, Markdown, SARIF 2.1.0. */
import type { PlanAnalysis, PlanFinding, ChangeFacts } from './analyze.js';
import { reasonWords } from './analyze.js';
import { VERSION } from '../core/version.js';

export interface ReportContext {
  file: string;
  notes?: string[];
  state?: { lineage: string; serial: number };
}

export function toJsonReport(a: PlanAnalysis, ctx: ReportContext): object {
  const { unknown, ...counts } = a.counts;
  return {
    decision: a.decision,
    file: ctx.file,
    counts,
    unknownActions: unknown,
    findings: a.findings.map((f) => ({
      rule: f.rule, severity: f.severity, address: f.address, type: f.type, message: f.message,
      ...(f.loses ? { loses: f.loses } : {}), ...(f.safer ? { safer: f.safer } : {}),
    })),
    destroyMode: a.destroyMode,
    blastRadius: a.blastRadius,
    projects: a.projects,
    modules: a.modules,
    deleted: a.changes.filter((c) => c.destructive).map((c) => ({
      address: c.address, type: c.type, kind: c.kind, actions: c.actions, reason: c.reason ?? null,
      dataClass: c.dataClass ?? null, dataBearing: c.dataBearing, losses: c.losses, mitigations: c.mitigations,
      project: c.project ?? null, dependents: c.dependents, protectedBy: c.protectedBy ?? null,
    })),
    formatVersion: a.formatVersion ?? null,
    terraformVersion: a.terraformVersion ?? null,
    state: ctx.state ?? null,
    notes: [...(ctx.notes ?? []), ...a.notes],
  };
}

const HEAD: Record<string, string> = { deny: 'DENY', ask: 'ASK', allow: 'ALLOW' };

function countsLine(a: PlanAnalysis): string {
  const c = a.counts;
  const parts = [`${c.create} to create`, `${c.update} to update`, `${c.delete} to delete (${c.replace} of them replaced)`];
  if (c.forget) parts.push(`${c.forget} to forget`);
  if (c.unknown) parts.push(`${c.unknown} with unknown actions`);
  return parts.join(', ');
}

function changeLine(c: ChangeFacts): string {
  const verb = c.kind === 'replace' ? 'replace' : c.kind === 'forget' ? 'forget' : c.kind === 'forget-replace' ? 'forget+create' : c.kind === 'unknown' ? c.actions.join('+') || '?' : 'delete';
  const why = reasonWords(c.reason, undefined);
  return `${verb.padEnd(8)} ${c.address}${c.dataClass ? `  [${c.dataClass}]` : ''}${c.protectedBy ? '  [protected]' : ''}${why ? `  (${why})` : ''}`;
}

/** The human form: decision first, then data that dies, protection removed, state problems, other deletes, blast radius. */
export function toHumanReport(a: PlanAnalysis, ctx: ReportContext): string {
  const out: string[] = [];
  out.push(`${HEAD[a.decision]}  ${ctx.file}${a.destroyMode ? '  (destroy-mode plan)' : ''}`);
  out.push(`  ${countsLine(a)}`);
  const destructive = a.changes.filter((c) => c.destructive);
  const dying = destructive.filter((c) => c.dataBearing || c.protectedBy);
  const ordinary = destructive.filter((c) => !c.dataBearing && !c.protectedBy);
  const section = (title: string, lines: string[]) => { if (lines.length) { out.push('', title, ...lines); } };
  section('Data that dies:', dying.flatMap((c) => [
    `  ${changeLine(c)}`,
    ...(c.protectedBy ? [`      ! protected: ${c.protectedBy}`] : []),
    ...c.losses.map((l) => `      - ${l}`),
    ...c.mitigations.map((m) => `      + ${m}`),
    ...(c.dependents.length ? [`      > ${c.dependents.length} depend on it: ${c.dependents.slice(0, 4).join(', ')}${c.dependents.length > 4 ? ', …' : ''}`] : []),
  ]));
  const byRule = (prefix: string) => a.findings.filter((f) => f.rule.startsWith(prefix));
  section('Protection removed:', byRule('plan.protection-removed').map((f) => `  ${f.message}`));
  // Backups: one line per source, however many snapshots go with it.
  const backupGroups = new Map<string, string[]>();
  for (const f of byRule('plan.backups-in-blast-radius')) {
    const src = /same plan as (?:its source|the data it may back up), (.*?): afterwards/.exec(f.message)?.[1] ?? '?';
    backupGroups.set(src, [...(backupGroups.get(src) ?? []), f.address]);
  }
  section('Backups inside the blast radius:', [...backupGroups].map(([src, bs]) => `  ${bs.length} backup(s) deleted with ${src}: ${bs.slice(0, 5).join(', ')}${bs.length > 5 ? ', …' : ''}; afterwards no copy is left`));
  section('State:', byRule('state.').map((f) => `  ${HEAD[f.severity] ?? 'NOTE'}: ${f.message}`));
  const shown = ordinary.slice(0, 15);
  section('Other deletions:', [...shown.map((c) => `  ${changeLine(c)}`), ...(ordinary.length > shown.length ? [`  … and ${ordinary.length - shown.length} more`] : [])]);
  const rest = a.findings.filter((f) => !/^(plan\.(delete|replace|forget|delete-data|forget-data|protection-removed|backups-in-blast-radius|protected)|state\.)/.test(f.rule));
  section('Also:', rest.filter((f) => f.rule !== 'plan.multiple-projects').map((f) => `  ${HEAD[f.severity] ?? 'NOTE'} ${f.rule}: ${f.message}`));
  if (destructive.length) {
    out.push('', `Blast radius: ${a.blastRadius}.`);
    const tally = (key: (c: ChangeFacts) => string) => {
      const m = new Map<string, number>();
      for (const c of destructive) m.set(key(c), (m.get(key(c)) ?? 0) + 1);
      return [...m].sort((x, y) => y[1] - x[1]).slice(0, 8).map(([k, n]) => `${k} ${n}`).join(', ');
    };
    if (a.modules.length > 1) out.push(`  by module: ${tally((c) => c.module.replace(/\[[^\]]*\]/g, '') || 'root')}`);
    if (a.projects.length > 1) out.push(`  by project: ${tally((c) => c.project ?? '(untagged)')}`);
  }
  const top = a.findings.find((f) => f.severity === a.decision && f.safer);
  if (a.decision !== 'allow' && top?.safer) out.push(`Safer: ${top.safer}.`);
  for (const n of ctx.notes ?? []) out.push(`note: ${n}`);
  return `${out.join('\n')}\n`;
}

function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

export function toMarkdownReport(a: PlanAnalysis, ctx: ReportContext): string {
  const out: string[] = [];
  const icon = a.decision === 'deny' ? '⛔' : a.decision === 'ask' ? '⚠️' : '✅';
  out.push(`### ${icon} twokey plan check: **${a.decision}**`, '', `\`${mdEscape(ctx.file)}\`: ${countsLine(a)}${a.destroyMode ? ' — **destroy-mode plan**' : ''}`, '');
  const destructive = a.changes.filter((c) => c.destructive);
  if (destructive.length) {
    out.push('| action | address | data class | what dies |', '|---|---|---|---|');
    const ordered = [...destructive].sort((x, y) => Number(y.dataBearing || !!y.protectedBy) - Number(x.dataBearing || !!x.protectedBy));
    for (const c of ordered.slice(0, 100)) {
      out.push(`| ${c.kind} | \`${mdEscape(c.address)}\` | ${c.dataClass ?? ''} | ${mdEscape(c.losses.join('; '))} |`);
    }
    if (ordered.length > 100) out.push(`| … | ${ordered.length - 100} more | | |`);
    out.push('', `**Blast radius:** ${mdEscape(a.blastRadius)}.`, '');
  }
  const shownFindings = a.findings.filter((f) => f.severity !== 'info' || f.rule === 'plan.multiple-projects');
  if (shownFindings.length) {
    out.push('**Findings**', '');
    for (const f of shownFindings.slice(0, 200)) out.push(`- **${f.severity}** \`${f.rule}\`${f.address ? ` \`${mdEscape(f.address)}\`` : ''}: ${mdEscape(f.message)}`);
  }
  return `${out.join('\n')}\n`;
}

const SARIF_LEVEL: Record<PlanFinding['severity'], string> = { deny: 'error', ask: 'warning', info: 'note' };

export function toSarifReport(a: PlanAnalysis, ctx: ReportContext): object {
  const rules = [...new Set(a.findings.map((f) => f.rule))].map((id) => ({ id, shortDescription: { text: id } }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'twokey', version: VERSION, informationUri: 'https://github.com/twokey/twokey', rules } },
      results: a.findings.map((f) => ({
        ruleId: f.rule,
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message + (f.loses ? ` Loses: ${f.loses}.` : '') + (f.safer ? ` Safer: ${f.safer}.` : '') },
        locations: [{
          physicalLocation: { artifactLocation: { uri: ctx.file } },
          ...(f.address ? { logicalLocations: [{ name: f.address, fullyQualifiedName: f.address, kind: 'resource' }] } : {}),
        }],
      })),
      properties: { decision: a.decision, counts: a.counts },
    }],
  };
}
