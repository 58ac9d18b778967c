/** Renderings of an audit: text for people, JSON, Markdown, and SARIF 2.1.0 for code-scanning tools. */
import type { Configuration } from './model.js';
import { KNOWN_MODULES, POSTURE_RULES, knownModuleKey, type PostureFinding } from './rules.js';

export interface AuditReport {
  decision: 'allow' | 'ask' | 'deny';
  directory: string;
  findings: PostureFinding[];
  unfollowed: Configuration['unfollowed'];
  skipped: string[];
  /** Whether git facts were available (the directory is in a git work tree). */
  git: boolean;
  /** The audited directory relative to the git work tree's top, when in one (SARIF paths are repository-relative). */
  repoPrefix?: string;
}

export function findingJson(f: PostureFinding) {
  const { repair: _repair, ...rest } = f;
  return rest;
}

export function auditJson(r: AuditReport): string {
  const counts = { deny: r.findings.filter((f) => f.level === 'deny').length, ask: r.findings.filter((f) => f.level === 'ask').length };
  return `${JSON.stringify({ decision: r.decision, directory: r.directory, counts, findings: r.findings.map(findingJson), unfollowed_modules: r.unfollowed.map(({ call: _call, ...u }) => u), skipped_files: r.skipped, git: r.git }, null, 2)}\n`;
}

const LEVEL_MARK: Record<string, string> = { deny: 'DENY', ask: 'ASK ' };

export function auditText(r: AuditReport): string {
  const lines: string[] = [];
  if (r.findings.length === 0) {
    lines.push(`twokey audit: no findings in ${r.directory}`);
  } else {
    const deny = r.findings.filter((f) => f.level === 'deny').length;
    lines.push(`twokey audit: ${r.findings.length} finding(s) in ${r.directory} (${deny} deny, ${r.findings.length - deny} ask): decision ${r.decision}`);
    lines.push('');
    // Deny-level first: what makes the incident possible is what a reader must see.
    const ordered = [...r.findings.filter((f) => f.level === 'deny'), ...r.findings.filter((f) => f.level !== 'deny')];
    for (const f of ordered) {
      lines.push(`${LEVEL_MARK[f.level]} ${f.file}:${f.line}  ${f.rule}  [${f.severity}]`);
      lines.push(`     ${f.message}`);
      lines.push(`     fix: ${f.fix}${f.fixable === 'auto' ? ' (twokey harden writes this)' : ' (by hand)'}`);
    }
    lines.push('', 'Why these matter:');
    for (const rule of [...new Set(r.findings.map((f) => f.rule))]) lines.push(`  ${rule}: ${POSTURE_RULES[rule]?.why ?? ''}`);
  }
  for (const u of r.unfollowed) {
    const known = knownModuleKey(u.source);
    const judged = known ? ` (its call is judged as the ${KNOWN_MODULES[known].type} it creates, with the module's known defaults)` : '';
    lines.push(`note: ${u.module} (${u.file}:${u.line}, source ${JSON.stringify(u.source)}) not followed: ${u.why}${judged}`);
  }
  for (const s of r.skipped) lines.push(`note: ${s} not read (JSON configuration is not supported yet)`);
  if (!r.git) lines.push('note: not a git work tree: state files in git were not checked');
  return `${lines.join('\n')}\n`;
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function auditMarkdown(r: AuditReport): string {
  const lines = [`## twokey audit: ${r.directory}`, '', `Decision: **${r.decision}** (${r.findings.length} finding(s))`, ''];
  if (r.findings.length) {
    lines.push('| level | where | rule | finding | fix |', '|---|---|---|---|---|');
    for (const f of r.findings) {
      lines.push(`| ${f.level} | \`${f.file}:${f.line}\` | \`${f.rule}\` | ${mdCell(f.message)} | ${mdCell(f.fix)}${f.fixable === 'auto' ? ' *(harden)*' : ''} |`);
    }
    lines.push('');
    lines.push('### Why these matter', '');
    for (const rule of [...new Set(r.findings.map((f) => f.rule))]) lines.push(`- \`${rule}\`: ${POSTURE_RULES[rule]?.why ?? ''}`);
  }
  for (const u of r.unfollowed) lines.push('', `> ${u.module} (\`${u.file}:${u.line}\`) not followed: ${u.why}`);
  return `${lines.join('\n')}\n`;
}

const SARIF_LEVEL: Record<string, string> = { deny: 'error', ask: 'warning' };

export function auditSarif(r: AuditReport, version: string): string {
  const ruleIds = Object.keys(POSTURE_RULES);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'twokey',
          version,
          rules: ruleIds.map((id) => ({
            id,
            shortDescription: { text: POSTURE_RULES[id].summary },
            fullDescription: { text: POSTURE_RULES[id].why },
            defaultConfiguration: { level: SARIF_LEVEL[POSTURE_RULES[id].level] },
            properties: { severity: POSTURE_RULES[id].severity },
          })),
        },
      },
      results: r.findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: ruleIds.indexOf(f.rule),
        level: SARIF_LEVEL[f.level],
        message: { text: `${f.message} Fix: ${f.fix}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: r.repoPrefix ? `${r.repoPrefix}/${f.file}` : f.file }, region: { startLine: Math.max(1, f.line) } } }],
        properties: { severity: f.severity, fixable: f.fixable, ...(f.address ? { address: f.address } : {}) },
      })),
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
