// Test helpers for the shell analyzer: an in-memory file system and compact views of the results.
import type { AnalysisIssue, ShellAnalysis, SimpleCommand } from '../../src/core/types.js';
import { analyzeShell, type AnalyzeOptions } from '../../src/shell/index.js';

export const CWD = '/work/proj';

/** Runs the analyzer with files given relative to CWD (or absolute). */
export function analyze(command: string, files: Record<string, string> = {}, extra: Partial<AnalyzeOptions> = {}): ShellAnalysis {
  const abs = new Map(Object.entries(files).map(([p, t]) => [p.startsWith('/') ? p : `${CWD}/${p}`, t]));
  return analyzeShell(command, { cwd: CWD, readFile: (p) => abs.get(p) ?? null, ...extra });
}

/** argv of every simple command, in order. */
export function argvs(r: ShellAnalysis): string[][] {
  return r.commands.map((c) => c.argv);
}

/** The command whose argv[0] basename is `name` (the first one), failing loudly when absent. */
export function find(r: ShellAnalysis, name: string, nth = 0): SimpleCommand {
  const found = r.commands.filter((c) => c.name === name)[nth];
  if (!found) throw new Error(`no '${name}' command (#${nth}) in ${JSON.stringify(argvs(r))}`);
  return found;
}

export function kinds(r: ShellAnalysis): AnalysisIssue['kind'][] {
  return r.issues.map((i) => i.kind);
}
