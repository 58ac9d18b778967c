import { basename, join, resolve, sep } from 'node:path';

/**
 * Which paths an agent's file-edit tools may not write. Contract: helper E's `isProtectedPath` in
 * src/rules/protected-paths.ts; until that module lands, this local check covers the same ground for the hook:
 * twokey's own home (keys, approvals, journal, policy), project policy, every agent's hook settings, and
 * Terraform state files.
 */
export interface ProtectedVerdict { protected: boolean; reason: string }
export type ProtectedPathCheck = (absPath: string, opts: { cwd: string; home: string; env: Readonly<Record<string, string | undefined>> }) => ProtectedVerdict;

/** Hook settings of each agent, relative to the user's home or a project root. */
const AGENT_SETTINGS = [
  '.claude/settings.json', '.claude/settings.local.json', '.codex/hooks.json', '.codex/config.toml',
  '.gemini/settings.json', '.cursor/hooks.json', '.config/opencode/plugins/twokey.js', '.config/opencode/plugin/twokey.js',
  '.opencode/plugins/twokey.js', '.opencode/plugin/twokey.js', '.copilot/hooks/twokey.json', '.github/hooks/twokey.json',
];

export const isProtectedPathLocal: ProtectedPathCheck = (absPath, opts) => {
  const p = resolve(opts.cwd, absPath);
  const twokeyHome = resolve(opts.env.TWOKEY_HOME && opts.env.TWOKEY_HOME !== '' ? opts.env.TWOKEY_HOME : join(opts.home, '.twokey'));
  const within = (dir: string) => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);
  if (within(twokeyHome)) return { protected: true, reason: `${p} is inside twokey's home (${twokeyHome}): keys, approvals, journal and policy are for humans only` };
  if (within(resolve(opts.cwd, '.twokey'))) return { protected: true, reason: `${p} is the project's twokey policy: only a human edits and signs it` };
  for (const rel of AGENT_SETTINGS) {
    if (p === resolve(opts.home, rel) || p === resolve(opts.cwd, rel)) return { protected: true, reason: `${p} holds an agent's hook settings: an agent may not switch off its own guard` };
  }
  const name = basename(p);
  if (/\.tfstate(\.backup)?$/.test(name) || /^terraform\.tfstate\.d$/.test(name) || p.includes(`${sep}terraform.tfstate.d${sep}`)) {
    return { protected: true, reason: `${p} is Terraform state: editing it by hand can orphan or destroy real infrastructure` };
  }
  return { protected: false, reason: '' };
};
