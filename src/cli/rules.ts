import type { CliCommand } from './io.js';
import { UserError } from '../core/errors.js';
import { ALL_PACKS } from '../rules/registry.js';
import { SHELL_ISSUE_KINDS } from '../engine/catalog.js';

export const command: CliCommand = {
  name: 'rules',
  summary: 'List the rule packs and their rules',
  help: `twokey rules: list the rule packs and their rules

Usage:
  twokey rules [--json] [PACK…]

Each rule: its id (what the policy's \`rules:\` section names), its default level (ask or deny), the
commands it looks at, and what it catches. shell.* are the analyzer's own findings (a command that
cannot be read is never allowed).
`,
  async run(argv, io) {
    const json = argv.includes('--json');
    const unknownFlag = argv.find((a) => a.startsWith('-') && a !== '--json');
    if (unknownFlag) throw new UserError(`unknown option '${unknownFlag}'`, 'see twokey rules --help');
    const wanted = argv.filter((a) => !a.startsWith('-'));
    const known = new Set([...ALL_PACKS.map((p) => p.id), 'shell']);
    const missing = wanted.filter((w) => !known.has(w));
    if (missing.length) throw new UserError(`unknown pack ${missing.map((m) => `'${m}'`).join(', ')}`, `the packs are: ${[...known].join(', ')}`);
    const packs = [
      ...ALL_PACKS.map((p) => ({
        id: p.id,
        description: p.description,
        rules: p.rules.map((r) => ({ id: r.id, level: r.level, commands: [...r.commands], summary: r.summary })),
      })),
      {
        id: 'shell',
        description: 'What the shell analyzer could not resolve (always at least ask; cannot be turned off)',
        rules: SHELL_ISSUE_KINDS.map((k) => ({ id: `shell.${k}`, level: 'ask' as const, commands: ['*'], summary: `analysis issue: ${k}` })),
      },
    ].filter((p) => wanted.length === 0 || wanted.includes(p.id));
    if (json) {
      io.stdout(`${JSON.stringify({ packs }, null, 2)}\n`);
      return 0;
    }
    const lines: string[] = [];
    for (const p of packs) {
      lines.push(`${p.id}: ${p.description} (${p.rules.length} rule${p.rules.length === 1 ? '' : 's'})`);
      const width = Math.max(0, ...p.rules.map((r) => r.id.length));
      for (const r of p.rules) lines.push(`  ${r.id.padEnd(width)}  ${r.level.padEnd(4)}  ${r.summary}  [${r.commands.join(', ')}]`);
      lines.push('');
    }
    io.stdout(`${lines.join('\n')}`);
    return 0;
  },
};
