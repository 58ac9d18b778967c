import type { ShellAnalysis } from '../core/types.js';
import { Analyzer, type AnalyzeOptions, type Frame } from './analyze.js';
import { DISPATCHERS } from './wrappers.js';

export type { AnalyzeOptions } from './analyze.js';
export { quoteForDisplay } from './text.js';

const DEFAULT_MAX_BYTES = 256 * 1024;

/**
 * From a command string to the simple commands that would really run (argv, env, redirects, stdin, the
 * wrappers unwrapped to reach them), plus the issues that keep the analysis from being complete. Never
 * throws: anything unexpected becomes an issue at level `ask`, so a crash is never an `allow`.
 */
export function analyzeShell(command: string, opts: AnalyzeOptions): ShellAnalysis {
  try {
    if (typeof command !== 'string') {
      return { commands: [], issues: [{ kind: 'malformed-input', message: 'the command is not a string', level: 'ask' }] };
    }
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    if (command.length > maxBytes) {
      return { commands: [], issues: [{ kind: 'input-too-large', message: `the command is ${command.length} characters long, over the ${maxBytes} limit; it was not analysed`, level: 'ask' }] };
    }
    const analyzer = new Analyzer(opts, DISPATCHERS);
    // A lone UTF-16 surrogate makes the parser merge the next command into the previous one (measured
    // defect). Such input is an issue (ask); it is analysed as the text that would reach a shell once
    // encoded as UTF-8, where each lone surrogate becomes U+FFFD, so rules still see every command.
    if (!isWellFormed(command)) {
      analyzer.issues.push({ kind: 'malformed-input', message: 'the command holds a lone UTF-16 surrogate (not well-formed text); analysed with U+FFFD in its place', level: 'ask' });
      command = toWellFormed(command);
    }
    if (command.includes('\0')) {
      // bash drops NUL bytes from command text; so does the analysis, loudly
      analyzer.issues.push({ kind: 'malformed-input', message: 'the command holds a NUL character; analysed without it', level: 'ask' });
      command = command.replace(/\0/g, '');
    }
    const frame: Frame = {
      src: Analyzer.source(command),
      scope: { vars: new Map(), functions: new Map(), cwd: opts.cwd },
      via: [],
      depth: 0,
      stdin: { kind: 'inherit' },
      redirects: [],
      env: {},
    };
    analyzer.walkSource(command, frame, 'the command');
    return { commands: analyzer.commands, issues: analyzer.issues };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { commands: [], issues: [{ kind: 'parse-error', message: `the shell analyzer failed: ${message}`, level: 'ask' }] };
  }
}

function toWellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function isWellFormed(s: string): boolean {
  const native = (s as unknown as { isWellFormed?: () => boolean }).isWellFormed;
  if (typeof native === 'function') return native.call(s);
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}
