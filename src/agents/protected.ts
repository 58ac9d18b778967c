import { isProtectedPath, type ProtectedPathOptions, type ProtectedVerdict } from '../rules/protected-paths.js';
import { loadPolicy } from '../policy/load.js';
import { defaultRuleCatalog } from '../engine/catalog.js';
import { twokeyHome } from '../core/home.js';

/**
 * Which paths an agent's file-edit tools may not write: helper E's `isProtectedPath` (src/rules/protected-paths.ts),
 * with the policy's protected_paths globs. Level 'deny' for twokey's own files and the agents' hook settings,
 * 'ask' for Terraform state and the policy's globs.
 */
export type { ProtectedVerdict };
export type ProtectedPathCheck = (absPath: string, opts: Omit<ProtectedPathOptions, 'globs'>) => ProtectedVerdict;

/** The policy's protected-path globs for this cwd, or the built-ins when the policy cannot be read. */
function policyGlobs(cwd: string, env: ProtectedPathOptions['env']): readonly string[] | undefined {
  try {
    return loadPolicy({ cwd, home: twokeyHome(env as NodeJS.ProcessEnv), catalog: defaultRuleCatalog() }).protectedPaths;
  } catch {
    return undefined;
  }
}

export const isProtectedPathWithPolicy: ProtectedPathCheck = (absPath, opts) =>
  isProtectedPath(absPath, { ...opts, globs: policyGlobs(opts.cwd, opts.env) });
