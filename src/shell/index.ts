import type { ShellAnalysis } from '../core/types.js';
import { Analyzer, VarMap, type AnalyzeOptions, type Frame } from './analyze.js';
import { DISPATCHERS } from './wrappers.js';

export type { AnalyzeOptions } from './analyze.js';
export { quoteForDisplay } from './text.js';

const DEFAULT_MAX_BYTES = 256 * 1024;

/**
 * What the analysis yields (see test/shell/analyze.test.ts for every case):
 * - one SimpleCommand per command that runs, in execution order, through ; && || | ( ) { } if/for/while/
 *   case bodies, function calls (bodies expanded at the call, "$@"/$1 bound), $( ) and backticks (run
 *   first), process substitution, time/coproc; argv with quotes, escapes, $'..', $"..", brace expansion,
 *   variables assigned earlier in the input (also export/declare/local, ${X:-d}, IFS) resolved;
 *   unresolved expansions kept as written with `dynamic` true; globs left as written.
 * - wrappers removed, each recorded in `via` (outermost first) and counted in `depth`: sudo/doas, env
 *   (-i -u -S, assignments), command/builtin/exec/nohup/time/timeout/nice/ionice/stdbuf/watch/chroot/
 *   setsid/flock, runners (aws-vault exec, op/doppler run, npx, pnpm exec, poetry/uv run, bundle exec,
 *   strace, gosu, systemd-run...), bash|sh|zsh|dash|ksh -c (and scripts, stdin, BASH_ENV/--rcfile),
 *   eval, source, trap, alias, su/runuser -c, xargs and parallel (with their input when literal, else a
 *   dynamic placeholder), find -exec/-execdir/-ok/-okdir (find itself kept), ssh host CMD, docker/podman
 *   exec|run, kubectl/oc exec, git aliases and ssh commands, awk system(), interpreter one-liners and
 *   scripts (python/node/perl/ruby/php: subprocess calls and destructive library calls as shell
 *   commands), make targets and package.json scripts (with `origin`), files written earlier in the same
 *   input (`cat > x.sh <<EOF ... bash x.sh`).
 * - stdin: heredoc / herestring text, `< file`, or the upstream pipe stage with its literal output
 *   (echo, printf, cat of a heredoc or file, base64 -d of literal input).
 * - issues (each at least `ask`): parse-error (line, column), dynamic-command, depth-limit,
 *   input-too-large, malformed-input, unreadable-script, opaque-interpreter, remote-fetch-exec.
 *
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
      scope: { vars: new VarMap(), functions: new Map(), cwd: opts.cwd },
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
