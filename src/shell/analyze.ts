import { posix } from 'node:path';
import type { AnalysisIssue, Redirect, SimpleCommand, StdinSource } from '../core/types.js';
import { bashPatternRegExp } from '../core/glob.js';
import { OP, REDIR_TEXT, endOffset, list, nodeType, parseBash, present, startOffset, walkPlain, type ShNode } from './mvdan.js';
import {
  baseName, decodeAnsiC, quoteForDisplay, echoOutput, printfOutput, splitFields,
  unescapeDoubleQuoted, unescapeHeredoc, unescapeUnquoted,
} from './text.js';
import { inputArgumentProblem, wrapperOptionProblem } from './inputs.js';
import { carriedCommandStart, mayRunItsStdin, oddCommandName, slippedCommand } from './intent.js';

/** How the caller bounds and feeds the analysis. The analyzer itself does no I/O: files come through readFile. */
export interface AnalyzeOptions {
  cwd: string;
  /** The environment the command would inherit; used only to resolve a command name given as a variable. */
  env?: Record<string, string | undefined>;
  /** Reads a file (absolute path) for scripts, Makefiles, package.json; null when absent or unreadable. */
  readFile?: (absPath: string) => string | null;
  /** How many wrappers/scripts deep to unwrap (default 8). */
  maxDepth?: number;
  /** Largest input accepted, in UTF-16 code units (default 256 KiB). */
  maxBytes?: number;
  /**
   * Is this a program twokey has rules for? Lets the analyzer judge a known command handed to an unknown
   * program (`tool git reset --hard`) as meant (src/shell/intent.ts). Without it nothing is guessed.
   */
  knownCommand?: (name: string) => boolean;
}

/** A piece of source text the analyzer is walking: the top-level command or a string/file found inside it. */
export interface Source {
  text: string;
  bytes: Buffer;
  ascii: boolean;
  /** Position in the top-level input that every issue inside a nested source points at. */
  anchor?: { line: number; column: number };
  file?: string;
  /** Byte offsets where each line starts; built on first use. */
  lineStarts?: number[];
}

export interface FunctionDef { body: ShNode; src: Source }

/** Variables and functions visible at a point of the walk. A null value means "assigned, but unknown". */
export interface Scope {
  vars: Map<string, string | null>;
  functions: Map<string, FunctionDef>;
  /** `alias NAME=VALUE` seen earlier in the input. */
  aliases?: Map<string, string>;
  /** `git config alias.NAME VALUE` seen earlier in the input (lower-cased name -> value). */
  gitAliases?: Map<string, string>;
  cwd: string;
  /** True after a `cd` whose target is unknown (`cd "$X"`, `cd -`, `popd` past the known stack): `cwd` is then a guess. */
  cwdUnknown?: boolean;
  /** `pushd` stack (directories to return to), when known. */
  dirStack?: string[];
  /** $0 when known (`bash -c CMD NAME ARGS`). */
  arg0?: string;
  /** $1, $2... when known (function calls, `bash -c CMD NAME ARGS`, `bash x.sh ARGS`); undefined when unknown. */
  positional?: string[];
}

/** Everything inherited by the commands of one walk: where they came from and what wraps them. */
export interface Frame {
  src: Source;
  scope: Scope;
  via: string[];
  depth: number;
  origin?: { file: string; line?: number };
  /** Stdin given by an enclosing redirect or pipe (compound commands pass it to their inner commands). */
  stdin: StdinSource;
  /** Redirects of enclosing compound commands, applied to every inner command too. */
  redirects: Redirect[];
  /** Environment set by wrappers (`sudo VAR=1`, `env X=1`, `make` variables...). */
  env: Record<string, string>;
  /** Position (top-level) to report issues at when walking nested sources. */
  anchor?: { line: number; column: number };
  /** Commands found from here on do not run as written; they are what the input means (SimpleCommand.asMeant). */
  asMeant?: string;
  /**
   * Wrappers unwrapped by taking a suffix of argv (`sudo`, `env`, `timeout`...) on the way here. They do not
   * count towards `depth`: each one shortens argv, so they end by themselves (`sudo sudo sudo sudo rm -rf /`
   * is as deep as `rm -rf /`); MAX_SUFFIX_UNWRAPS only bounds the recursion.
   */
  suffixUnwraps?: number;
}

/** A command about to be dispatched: argv resolved, wrappers not yet removed. */
export interface Draft {
  argv: string[];
  dynamic: boolean[];
  env: Record<string, string>;
  redirects: Redirect[];
  stdin: StdinSource;
  text: string;
  /** Top-level position for issues. */
  at?: { line: number; column: number };
  /** Line in the file the command was read from (scripts, Makefiles). */
  fileLine?: number;
  /** Words with glob characters only inside quotes or escaped (SimpleCommand.quotedPatterns). */
  quotedPatterns?: string[];
}

export interface WordValue { text: string; dynamic: boolean }

/** A segment of a word while it is being expanded. `split` marks unquoted expansion results (subject to field splitting). */
interface Seg { text: string; dynamic: boolean; split: boolean }

const MAX_BRACE_WORDS = 256;
const MAX_COMMANDS = 5000;
const MAX_SUFFIX_UNWRAPS = 64;

export type Dispatcher = (a: Analyzer, d: Draft, f: Frame) => boolean;

/**
 * Walks the mvdan-sh syntax tree and turns it into SimpleCommand facts. Wrapper commands (sudo, bash -c,
 * xargs, make...) are handed to `dispatchers`, which call back into `walkSource`/`dispatch` one level deeper.
 */
export class Analyzer {
  readonly commands: SimpleCommand[] = [];
  readonly issues: AnalysisIssue[] = [];
  readonly maxDepth: number;
  private budgetExceeded = false;
  /**
   * Files written earlier in the same input (`cat > x.sh <<EOF`, `echo ... > f`, `cp a b`): their text,
   * or null when something we cannot read wrote them. Later reads see these before the real files.
   */
  readonly written = new Map<string, string | null>();
  /** Paths this input copied or linked a system program to (`cp /bin/rm ./cleaner`): path -> program name. */
  readonly renamed = new Map<string, string>();
  /** Symlinks this input made: link path -> target path (both absolute). */
  readonly links = new Map<string, string>();
  /**
   * Words whose text was assembled from command output (`r$(printf m)` -> `rm`): used as a command name,
   * even through a wrapper (`parallel r$(printf m) -rf ::: x`), it is an obfuscated name and an issue.
   */
  readonly assembled = new Set<string>();
  /** kind + message of every issue so far: the same issue is reported once (a Set, not a scan per issue). */
  readonly issueKeys = new Set<string>();

  constructor(readonly opts: AnalyzeOptions, private readonly dispatchers: Record<string, Dispatcher>) {
    this.maxDepth = opts.maxDepth ?? 8;
  }

  // ---------------------------------------------------------------------------------------------------
  // Sources, issues, frames
  // ---------------------------------------------------------------------------------------------------

  static source(text: string, extra: Partial<Source> = {}): Source {
    const bytes = Buffer.from(text, 'utf8');
    return { text, bytes, ascii: bytes.length === text.length, ...extra };
  }

  /** 1-based line/column (UTF-16 units) of a byte offset of `src`. */
  position(src: Source, byteOffset: number): { line: number; column: number } {
    if (src.anchor) return src.anchor;
    const { line, start } = lineAt(src, byteOffset);
    const column = src.ascii ? byteOffset - start : src.bytes.subarray(start, byteOffset).toString('utf8').length;
    return { line, column: column + 1 };
  }

  textOf(src: Source, node: ShNode): string {
    const a = startOffset(node);
    const b = endOffset(node);
    return src.ascii ? src.text.slice(a, b) : src.bytes.subarray(a, b).toString('utf8');
  }

  issue(kind: AnalysisIssue['kind'], message: string, f: Frame | null, at?: { line: number; column: number }, level: AnalysisIssue['level'] = 'ask'): void {
    // a command judged as meant (intent.ts) does not run as written: only rules speak about it
    if (f?.asMeant) return;
    const pos = f?.anchor ?? at;
    const key = `${kind}\u0000${message}`;
    if (this.issueKeys.has(key)) return;
    this.issueKeys.add(key);
    this.issues.push({ kind, message, level, ...(pos ? { line: pos.line, column: pos.column } : {}), ...(f && f.via.length ? { via: [...f.via] } : {}) });
  }

  /** A frame one level deeper, or null (and a depth-limit issue) past maxDepth. */
  deeper(f: Frame, label: string, at: { line: number; column: number } | undefined, changes: Partial<Frame> = {}): Frame | null {
    if (f.depth + 1 > this.maxDepth) {
      this.issue('depth-limit', `unwrapping stopped at depth ${this.maxDepth} (${[...f.via, label].join(' > ')}); what runs deeper was not analysed`, f, at);
      return null;
    }
    return { ...f, via: [...f.via, label], depth: f.depth + 1, anchor: f.anchor ?? at, ...changes };
  }

  /** A frame for the command a wrapper runs as a suffix of its own argv: not deeper, unless past MAX_SUFFIX_UNWRAPS. */
  besides(f: Frame, label: string, at: { line: number; column: number } | undefined, changes: Partial<Frame> = {}): Frame | null {
    const unwraps = (f.suffixUnwraps ?? 0) + 1;
    if (unwraps > MAX_SUFFIX_UNWRAPS) {
      this.issue('depth-limit', `unwrapping stopped after ${MAX_SUFFIX_UNWRAPS} wrappers (${[...f.via, label].slice(-4).join(' > ')}…); what they run was not analysed`, f, at);
      return null;
    }
    return { ...f, via: [...f.via, label], suffixUnwraps: unwraps, anchor: f.anchor ?? at, ...changes };
  }

  // ---------------------------------------------------------------------------------------------------
  // Entry points
  // ---------------------------------------------------------------------------------------------------

  /** Parses `text` and walks it in frame `f`. Returns false when it does not parse (an issue is recorded). */
  walkSource(text: string, f: Frame, what: string, at?: { line: number; column: number }): boolean {
    let src = Analyzer.source(text, { file: f.origin?.file, anchor: f.anchor ?? at });
    let parsed = parseBash(text);
    // bash runs a here-document left open at the end of input (with a warning): close it the same way
    for (let round = 0; round < 4 && 'error' in parsed; round++) {
      const open = /^unclosed here-document '(.*)'$/.exec(parsed.error.message);
      if (!open) break;
      const closed = `${src.text}${src.text.endsWith('\n') ? '' : '\n'}${open[1]}\n`;
      const retry = parseBash(closed);
      if ('error' in retry && retry.error.message === parsed.error.message) break;
      src = Analyzer.source(closed, { file: f.origin?.file, anchor: f.anchor ?? at });
      parsed = retry;
    }
    if ('error' in parsed) {
      const pos = f.anchor ?? at ?? this.position(src, parsed.error.offset);
      const inner = f.anchor || at ? ` (in ${what}, at ${describeOffset(src, parsed.error.offset)})` : '';
      this.issue('parse-error', `could not parse ${what}: ${parsed.error.message}${inner}`, f, pos);
      return false;
    }
    const frame: Frame = { ...f, src, anchor: f.anchor ?? at };
    for (const stmt of list(parsed.file.Stmts)) this.walkStmt(stmt, frame);
    return true;
  }

  /** The words of a string read as one simple command (quotes resolved), or null when it is not one. */
  parseWords(text: string): string[] | null {
    const parsed = parseBash(text);
    if ('error' in parsed) return null;
    const stmts = list(parsed.file.Stmts);
    if (stmts.length !== 1 || nodeType(stmts[0].Cmd) !== 'CallExpr') return null;
    const f: Frame = { src: Analyzer.source(text), scope: { vars: new VarMap(), functions: new Map(), cwd: this.opts.cwd }, via: [], depth: 0, stdin: { kind: 'inherit' }, redirects: [], env: {} };
    return list(stmts[0].Cmd.Args).flatMap((w) => this.wordFields(w, f).map((x) => x.text));
  }

  // ---------------------------------------------------------------------------------------------------
  // Statements
  // ---------------------------------------------------------------------------------------------------

  walkStmts(stmts: ShNode, f: Frame): void {
    for (const s of list(stmts)) this.walkStmt(s, f);
  }

  walkStmt(stmt: ShNode, f: Frame): void {
    if (this.commands.length > MAX_COMMANDS) {
      if (!this.budgetExceeded) this.issue('input-too-large', `more than ${MAX_COMMANDS} commands; the rest was not analysed`, f);
      this.budgetExceeded = true;
      return;
    }
    const { redirects, stdin } = this.redirectsOf(list(stmt.Redirs), f);
    const cmd = stmt.Cmd;
    if (!present(cmd)) {
      // `> file`, `2> f`: no command, but the shell still opens (and truncates) the file
      if (redirects.length) this.emitBare(stmt, f, {}, redirects, stdin);
      return;
    }
    const type = nodeType(cmd);
    const inner: Frame = type === 'CallExpr' ? f : {
      ...f,
      redirects: [...f.redirects, ...redirects],
      stdin: stdin ?? f.stdin,
    };
    switch (type) {
      case 'CallExpr':
        this.walkCall(cmd, stmt, f, redirects, stdin);
        return;
      case 'BinaryCmd':
        if (cmd.Op === OP.pipe || cmd.Op === OP.pipeAll) this.walkPipe(cmd, inner);
        else { this.walkStmt(cmd.X, inner); this.walkStmt(cmd.Y, inner); }
        return;
      case 'Subshell':
        this.walkStmts(cmd.Stmts, { ...inner, scope: copyScope(f.scope) });
        return;
      case 'Block':
        this.walkStmts(cmd.Stmts, inner);
        return;
      case 'IfClause':
        this.walkIf(cmd, inner);
        return;
      case 'WhileClause':
        this.walkStmts(cmd.Cond, inner);
        this.walkStmts(cmd.Do, inner);
        return;
      case 'ForClause':
        this.walkFor(cmd, inner);
        return;
      case 'CaseClause':
        this.wordValue(cmd.Word, inner);
        for (const item of list(cmd.Items)) this.walkStmts(item.Stmts, inner);
        return;
      case 'FuncDecl':
        f.scope.functions.set(cmd.Name.Value, { body: cmd.Body, src: f.src });
        return;
      case 'DeclClause':
        this.walkDecl(cmd, inner);
        return;
      case 'TimeClause':
        if (present(cmd.Stmt)) this.walkStmt(cmd.Stmt, { ...inner, via: [...inner.via, 'time'] });
        return;
      case 'CoprocClause':
        if (present(cmd.Stmt)) this.walkStmt(cmd.Stmt, { ...inner, via: [...inner.via, 'coproc'] });
        return;
      default:
        // ArithmCmd, TestClause, LetClause...: only their command substitutions run commands.
        this.walkSubstitutionsIn(cmd, inner);
    }
  }

  private walkIf(cmd: ShNode, f: Frame): void {
    let clause = cmd;
    while (present(clause)) {
      this.walkStmts(clause.Cond, f);
      this.walkStmts(clause.Then, f);
      clause = clause.Else;
    }
  }

  private walkFor(cmd: ShNode, f: Frame): void {
    const loop = cmd.Loop;
    if (nodeType(loop) === 'WordIter') {
      const items = list(loop.Items).flatMap((w) => this.wordFields(w, f));
      // a short literal list (`for d in dist build coverage`): the body runs once per value, each judged
      if (items.length > 1 && items.length <= 16 && items.every((x) => !x.dynamic && !/[*?[]/.test(x.text))) {
        for (const item of items) {
          f.scope.vars.set(loop.Name.Value, item.text);
          this.walkStmts(cmd.Do, f);
        }
        return;
      }
      // The loop variable takes each value in turn: known only when there is exactly one.
      f.scope.vars.set(loop.Name.Value, items.length === 1 && !items[0].dynamic ? items[0].text : null);
    } else {
      this.walkSubstitutionsIn(loop, f);
    }
    this.walkStmts(cmd.Do, f);
  }

  /** export/declare/local/readonly/typeset: their assignments, like plain ones, are seen by later commands. */
  private walkDecl(cmd: ShNode, f: Frame): void {
    // also recorded as a command (`export TF_CLI_ARGS_apply=-auto-approve`), for the rules about what an
    // exported variable does to later commands; it runs nothing itself
    const argv: string[] = [cmd.Variant?.Value ?? 'declare'];
    const dynamic: boolean[] = [false];
    for (const a of list(cmd.Args)) {
      if (a.Naked) {
        if (present(a.Value)) { const v = this.wordValue(a.Value, f); argv.push(v.text); dynamic.push(v.dynamic); } // a flag such as -x, or a dynamic word
        else if (a.Name?.Value) { argv.push(a.Name.Value); dynamic.push(false); }
        continue;
      }
      const v = this.assign(a, f);
      if (!v) continue;
      argv.push(`${a.Name.Value}=${v.text}`);
      dynamic.push(v.dynamic);
    }
    this.emit({ argv, dynamic, env: {}, redirects: [...f.redirects], stdin: f.stdin, text: this.textOf(f.src, cmd).trim(), at: this.position(f.src, startOffset(cmd)) }, f);
  }

  /** Runs command and process substitutions anywhere under `node` (arithmetic, [[ ]], let...). */
  walkSubstitutionsIn(node: ShNode, f: Frame): void {
    walkPlain(node, (n: ShNode) => {
      if (!present(n)) return true;
      const t = nodeType(n);
      if (t === 'CmdSubst' || t === 'ProcSubst') {
        this.walkStmts(n.Stmts, { ...f, via: [...f.via, t === 'CmdSubst' ? '$( )' : 'process substitution'] });
        return false;
      }
      return true;
    });
  }

  /** Index in `commands` where the last stage of the most recently walked pipeline starts. */
  private lastStageStart = 0;

  private walkPipe(cmd: ShNode, f: Frame): void {
    const before = this.commands.length;
    this.walkStmt(cmd.X, f);
    const upstream = this.commands.slice(before);
    // `a | b | c`: what c reads is what b writes; earlier stages still count for `from`
    const xIsPipe = nodeType(cmd.X.Cmd) === 'BinaryCmd' && (cmd.X.Cmd.Op === OP.pipe || cmd.X.Cmd.Op === OP.pipeAll) && cmd.X.Redirs.length === 0;
    const lastStage = xIsPipe ? this.commands.slice(this.lastStageStart) : upstream;
    const text = pipeText(lastStage, (path) => this.readFile(path), f.scope.cwd);
    const stdin: StdinSource = text === undefined ? { kind: 'pipe', from: upstream } : { kind: 'pipe', from: upstream, text };
    const yStart = this.commands.length;
    this.walkStmt(cmd.Y, { ...f, stdin });
    this.lastStageStart = yStart;
  }

  private walkCall(call: ShNode, stmt: ShNode, f: Frame, redirects: Redirect[], stdin: StdinSource | undefined): void {
    const args = list(call.Args);
    const at = this.position(f.src, startOffset(stmt));
    if (args.length === 0) {
      const env: Record<string, string> = {};
      for (const a of list(call.Assigns)) {
        this.assign(a, f);
        const v = f.scope.vars.get(a.Name?.Value);
        if (a.Name?.Value && v !== undefined) env[a.Name.Value] = v ?? this.textOf(f.src, a);
      }
      // `x=1 > state.tfstate`: the assignment runs in the shell, the redirection still opens the file
      if (redirects.length) this.emitBare(stmt, f, env, redirects, stdin);
      return;
    }
    const env: Record<string, string> = {};
    for (const a of list(call.Assigns)) {
      const v = this.assignValue(a, f);
      env[a.Name.Value] = v.text;
    }
    const words: WordValue[] = [];
    const quotedPatterns: string[] = [];
    args.forEach((w, i) => {
      const fields = this.wordFields(w, f, i === 0);
      if (fields.length === 1 && /[*?[]/.test(fields[0].text) && isLiteralPattern(w)) quotedPatterns.push(fields[0].text);
      // an unquoted glob in the command name (`/*/bin/git`) names whatever the filesystem holds
      if (i === 0 && fields.length && hasUnquotedGlob(w)) fields[0] = { ...fields[0], dynamic: true };
      if (assembledFromOutput(w)) for (const x of fields) if (!x.dynamic && x.text.length <= 256) this.assembled.add(x.text);
      words.push(...fields);
    });
    // `$EMPTY cmd`: an unquoted empty expansion vanishes, the next word becomes the command.
    const draft: Draft = {
      argv: words.map((w) => w.text),
      dynamic: words.map((w) => w.dynamic),
      env: commandEnv(f.scope, f.env, env),
      redirects: [...redirects, ...f.redirects],
      stdin: stdin ?? f.stdin,
      text: this.textOf(f.src, stmt).trim().replace(/\s*;$/, ''),
      at,
      ...(f.origin ? { fileLine: lineInSource(f.src, startOffset(stmt)) } : {}),
      ...(quotedPatterns.length ? { quotedPatterns } : {}),
    };
    this.dispatch(draft, f);
  }

  /** A statement with redirections but no command word: recorded with argv [] (name '') so rules see the redirects. */
  private emitBare(stmt: ShNode, f: Frame, env: Record<string, string>, redirects: Redirect[], stdin: StdinSource | undefined): void {
    this.emit({
      argv: [],
      dynamic: [],
      env: commandEnv(f.scope, f.env, env),
      redirects: [...redirects, ...f.redirects],
      stdin: stdin ?? f.stdin,
      text: this.textOf(f.src, stmt).trim().replace(/\s*;$/, ''),
      at: this.position(f.src, startOffset(stmt)),
      ...(f.origin ? { fileLine: lineInSource(f.src, startOffset(stmt)) } : {}),
    }, f);
  }

  // ---------------------------------------------------------------------------------------------------
  // Commands
  // ---------------------------------------------------------------------------------------------------

  /** Removes wrappers around a command (or expands a function call) and records what really runs. */
  dispatch(d: Draft, f: Frame): void {
    if (d.argv.length === 0) return;
    if (d.dynamic[0]) {
      if (fetchesRemoteCode(d.argv[0])) this.issue('remote-fetch-exec', `the command to run is downloaded (${d.argv[0]}): code unknown until it runs`, f, d.at);
      this.issue('dynamic-command', `the command name ${JSON.stringify(d.argv[0])} is only known when it runs`, f, d.at);
      this.emit(d, f);
      return;
    }
    if (this.assembled.has(d.argv[0])) {
      this.issue('dynamic-command', `the command name ${JSON.stringify(d.argv[0])} is assembled from command output (${d.text}); a name hidden that way is not trusted`, f, d.at);
    }
    // a program copied or linked under another name earlier in this input (`cp /bin/rm ./x && ./x -rf .git`,
    // `ln -s /bin/rm bin/ls && PATH=./bin:$PATH ls -rf .git`): it is still that program
    const renamed = this.renamedProgram(d, f);
    if (renamed !== undefined) {
      const inner = this.deeper(f, `${d.argv[0]} (a copy of ${renamed})`, d.at);
      if (inner) { this.dispatch({ ...d, argv: [renamed, ...d.argv.slice(1)] }, inner); return; }
    }
    // a word that goes through a symlink this input made (`ln -s ~ h; rm -rf h/`): the command reaches the target
    if (this.links.size > 0) {
      let changed = false;
      const argv = d.argv.map((w, k) => {
        if (k === 0 || d.dynamic[k]) return w;
        const abs = posix.resolve(f.scope.cwd, w);
        for (const [link, target] of this.links) {
          if (abs.startsWith(`${link}/`) || (abs === link && w.endsWith('/'))) {
            changed = true;
            return `${target}${abs.slice(link.length)}${w.endsWith('/') ? '/' : ''}`;
          }
        }
        return w;
      });
      if (changed) {
        const inner = this.deeper(f, 'through a symlink made earlier', d.at);
        if (inner) this.dispatch({ ...d, argv }, inner);
      }
    }
    const fn = f.scope.functions.get(d.argv[0]);
    if (fn) {
      const inner = this.deeper(f, `${d.argv[0]}()`, d.at, { src: fn.src, stdin: d.stdin, redirects: d.redirects });
      if (!inner) { this.emit(d, f); return; }
      // no recursion through the same function
      const without = copyScope(f.scope);
      without.functions.delete(d.argv[0]);
      without.positional = d.dynamic.slice(1).some(Boolean) ? undefined : d.argv.slice(1);
      this.walkStmt(fn.body, { ...inner, scope: without });
      return;
    }
    const alias = f.scope.aliases?.get(d.argv[0]);
    if (alias !== undefined) {
      // aliases expand only where the shell enables them (interactive shells, expand_aliases): analyse
      // both the command as written and its expansion
      const inner = this.deeper(f, `alias ${d.argv[0]}`, d.at);
      if (inner) {
        const without = copyScope(f.scope);
        without.aliases?.delete(d.argv[0]);
        const rest = d.argv.slice(1).map((w, k) => (d.dynamic[k + 1] ? `"${w.replace(/["\\]/g, '\\$&')}"` : quoteWord(w))).join(' ');
        this.walkSource(`${alias} ${rest}`, { ...inner, scope: without, stdin: d.stdin, redirects: d.redirects }, `the alias ${d.argv[0]}`, d.at);
      }
    }
    const odd = f.asMeant ? null : oddCommandName(d);
    if (odd) {
      this.emit(d, f);
      const inner = this.deeper(f, 'as meant', d.at, { asMeant: odd.why });
      if (!inner) return;
      if (odd.kind === 'argv') this.dispatch({ ...d, argv: d.argv.slice(odd.from), dynamic: d.dynamic.slice(odd.from) }, inner);
      else if (odd.kind === 'rewrite') this.dispatch({ ...d, argv: odd.argv }, inner);
      // text that does not parse says nothing: a parse error inside an as-meant frame is not an issue
      else this.walkSource(odd.text, { ...inner, stdin: d.stdin, redirects: d.redirects }, 'the command as meant', d.at);
      return;
    }
    // `git.exe`, `bash.exe` (WSL, Git Bash): the same program
    const name = baseName(d.argv[0]).replace(/\.exe$/i, '');
    const upstream = [...f.via].reverse().find((v) => v === 'xargs' || v === 'parallel');
    if (upstream) {
      const problem = wrapperOptionProblem(name, d.argv, d.dynamic, upstream);
      if (problem) this.issue('dynamic-arguments', problem, f, d.at);
    }
    // shell code in the command's options or pager/editor variables (hooks.ts), besides the command itself
    this.dispatchers['*']?.(this, d, f);
    // on case-insensitive filesystems (macOS) `SUDO`/`XARGS` run sudo/xargs: unwrap them the same way
    const handler = this.dispatchers[name] ?? (name !== name.toLowerCase() ? this.dispatchers[name.toLowerCase()] : undefined)
      ?? (/\d$/.test(name) ? this.dispatchers[name.replace(/[\d.]+$/, '')] : undefined)
      ?? (d.argv[0].includes('/') ? this.dispatchers['/'] : undefined);
    // a slip in the words after the program (intent.ts): the command as written is judged as usual, and the
    // command with the slip fixed as meant, besides
    if (!(handler && handler(this, d, f))) {
      this.emit(d, f);
      if (!handler && !f.asMeant) this.judgeCarried(d, f);
    }
    const known = this.opts.knownCommand;
    const slip = !f.asMeant && known ? slippedCommand(d, (n) => known(n) || n in this.dispatchers) : null;
    if (slip) {
      const inner = this.deeper(f, 'as meant', d.at, { asMeant: slip.why });
      if (inner && slip.kind === 'argv') this.dispatch({ ...d, argv: d.argv.slice(slip.from), dynamic: d.dynamic.slice(slip.from) }, inner);
      else if (inner && slip.kind === 'rewrite') this.dispatch({ ...d, argv: slip.argv }, inner);
    }
  }

  /** A program twokey does not know, handed a known command or a script on stdin: judged as meant (intent.ts). */
  private judgeCarried(d: Draft, f: Frame): void {
    const known = this.opts.knownCommand;
    if (!known) return;
    const isKnown = (n: string): boolean => known(n) || n in this.dispatchers;
    const program = JSON.stringify(baseName(d.argv[0]));
    const start = carriedCommandStart(d, isKnown);
    if (start !== null) {
      const inner = this.deeper(f, 'as meant', d.at, { asMeant: `twokey does not know ${program}, which may run the command it is given (as sudo or nohup do)` });
      if (inner) this.dispatch({ ...d, argv: d.argv.slice(start), dynamic: d.dynamic.slice(start), stdin: { kind: 'inherit' }, redirects: [] }, inner);
    }
    const s = d.stdin;
    if ((s.kind === 'heredoc' || s.kind === 'herestring') && mayRunItsStdin(d, isKnown)) {
      const inner = this.deeper(f, 'as meant', d.at, { asMeant: `twokey does not know ${program}, which may run the script it reads on stdin` });
      if (inner) this.walkSource(s.text, { ...inner, stdin: { kind: 'inherit' }, redirects: [] }, 'the text given on stdin', d.at);
    }
  }

  /**
   * A file's text as this input left it, without raising an issue when something unknown wrote it (null then):
   * for commands that carry or edit a file's text rather than run it (cp, mv, `>>`, npm pkg set).
   */
  private peekFile(abs: string): string | null {
    return this.written.has(abs) ? this.written.get(abs) ?? null : this.readFile(abs);
  }

  /** Reads a file for analysis: what this input wrote to it first, else the caller's readFile. */
  readFile(abs: string): string | null {
    if (this.written.has(abs)) {
      const t = this.written.get(abs) ?? null;
      if (t === null) this.issue('opaque-interpreter', `${abs} is written earlier in this command by something whose output is unknown, then read or run`, null);
      return t;
    }
    if (!this.opts.readFile) return null;
    // devices and kernel files are never read: /dev/stdin would block, /dev/zero never ends
    if (/^\/(?:dev|proc|sys)(?:\/|$)/.test(abs)) return null;
    try {
      // a reader that answers undefined (not null) for a missing file means the same thing
      const text: unknown = this.opts.readFile(abs);
      return typeof text === 'string' ? text : null;
    } catch (e) {
      this.issue('unreadable-script', `could not read ${abs}: ${e instanceof Error ? e.message : String(e)}; what it runs was not analysed`, null);
      return null;
    }
  }

  /** The program a command name stands for when this input copied or linked a program to that path. */
  private renamedProgram(d: Draft, f: Frame): string | undefined {
    if (this.renamed.size === 0) return undefined;
    const word = d.argv[0];
    if (word.includes('/')) return this.renamed.get(posix.resolve(f.scope.cwd, word));
    const path = d.env.PATH ?? f.scope.vars.get('PATH') ?? undefined;
    if (typeof path !== 'string') return undefined;
    for (const dir of path.split(':')) {
      if (dir === '' || dir.includes('$')) continue;
      const hit = this.renamed.get(posix.resolve(f.scope.cwd, dir, word));
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  /** Remembers what a command writes to files, so that a script written then run in one input is seen. */
  private recordWrites(cmd: SimpleCommand, cwd: string): void {
    const content = (): string | null => literalOutput(cmd, (p) => this.readFile(p), cwd) ?? null;
    for (const r of cmd.redirects) {
      if (r.target === null || !['>', '>>', '>|', '&>', '&>>'].includes(r.op) || (r.fd !== undefined && r.fd !== 1)) continue;
      const abs = posix.resolve(cwd, r.target);
      if (abs.startsWith('/dev/')) continue;
      const text = content();
      if (r.op.endsWith('>>')) {
        const prev = this.written.has(abs) ? this.written.get(abs) ?? null : this.readFile(abs) ?? '';
        this.written.set(abs, prev === null || text === null ? null : prev + text);
      } else {
        this.written.set(abs, text);
      }
    }
    const positional = cmd.argv.slice(1).filter((w) => !w.startsWith('-'));
    // npm pkg set scripts.X=CMD / npm set-script X CMD: package.json gains that script
    if (['npm', 'pnpm'].includes(cmd.name) && ((positional[0] === 'pkg' && positional[1] === 'set') || positional[0] === 'set-script')) {
      const abs = posix.resolve(cwd, 'package.json');
      const before = this.peekFile(abs);
      let pkg: Record<string, unknown> | null = null;
      try { pkg = JSON.parse(before ?? '{}') as Record<string, unknown>; } catch { pkg = null; }
      const sets = positional[0] === 'set-script' ? [[`scripts.${positional[1]}`, positional[2]]] : positional.slice(2).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]);
      if (pkg === null || cmd.dynamic.some(Boolean) || sets.some(([k, v]) => !k || v === undefined)) { this.written.set(abs, null); return; }
      for (const [key, value] of sets) {
        const path = key!.split('.');
        let node: Record<string, unknown> = pkg;
        for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
        node[path[path.length - 1]] = value;
      }
      this.written.set(abs, JSON.stringify(pkg));
    }
    const downloadTo = cmd.name === 'curl' ? optionValue(cmd.argv, ['-o', '--output']) : cmd.name === 'wget' ? optionValue(cmd.argv, ['-O', '--output-document']) : undefined;
    if (downloadTo !== undefined && downloadTo !== '-') this.written.set(posix.resolve(cwd, downloadTo), null);
    if (cmd.name === 'tee') {
      const s = cmd.stdin;
      const text = s.kind === 'heredoc' || s.kind === 'herestring' || s.kind === 'pipe' ? s.text ?? null : null;
      for (const p of positional) this.written.set(posix.resolve(cwd, p), text);
    } else if ((cmd.name === 'cp' || cmd.name === 'mv' || cmd.name === 'install' || cmd.name === 'ln') && positional.length >= 2) {
      const dst = posix.resolve(cwd, positional[positional.length - 1]);
      const src = positional.length === 2 ? posix.resolve(cwd, positional[0]) : null;
      // the copy carries the source's text (unknown stays unknown); cp/mv read nothing into a program, so an
      // unknown source is no issue here (`jq … > f.tmp && mv f.tmp f` is the everyday in-place edit)
      const carried = src === null || cmd.dynamic.some(Boolean) ? null : this.peekFile(src);
      this.written.set(dst, carried);
      // a program put under another name: /bin/rm, /usr/bin/rm, $(command -v rm) resolved to a bin directory
      if (src !== null && /^\/(?:usr\/(?:local\/)?)?s?bin\/[^/]+$|^\/opt\/homebrew\/bin\/[^/]+$/.test(src) && cmd.name !== 'mv') this.renamed.set(dst, baseName(src));
      else this.renamed.delete(dst);
      // ln -s TARGET NAME: later paths through NAME/ reach TARGET
      // (a `~` target stays `~`: the rules expand it to the home directory)
      if (cmd.name === 'ln' && src !== null && cmd.argv.some((w) => /^-[a-zA-Z]*s/.test(w) || w === '--symbolic') && !cmd.dynamic.some(Boolean)) this.links.set(dst, /^~(\/|$)/.test(positional[0]) ? positional[0].replace(/\/+$/, '') : src);
      else this.links.delete(dst);
    }
  }

  emit(d: Draft, f: Frame): SimpleCommand {
    const quotedPatterns = d.quotedPatterns?.filter((w) => d.argv.includes(w));
    const cmd: SimpleCommand = {
      argv: d.argv,
      dynamic: d.dynamic,
      name: d.argv.length ? baseName(d.argv[0]) : '',
      env: d.env,
      redirects: d.redirects,
      stdin: d.stdin,
      via: [...f.via],
      depth: f.via.length, // layers of unwrapping, suffix wrappers included (Frame.depth leaves them out)
      text: d.text,
      // where it runs, when an earlier `cd`/`pushd` of this input (or make -C, npm --prefix) moved it
      ...(!f.scope.cwdUnknown && f.scope.cwd !== this.opts.cwd ? { cwd: f.scope.cwd } : {}),
      ...(f.scope.cwdUnknown ? { cwdUnknown: true } : {}),
      ...(f.origin ? { origin: { file: f.origin.file, ...(d.fileLine !== undefined ? { line: (f.origin.line ?? 1) - 1 + d.fileLine } : f.origin.line !== undefined ? { line: f.origin.line } : {}) } } : {}),
      ...(f.asMeant ? { asMeant: f.asMeant } : {}),
      ...(quotedPatterns?.length ? { quotedPatterns } : {}),
    };
    this.commands.push(cmd);
    this.recordWrites(cmd, f.scope.cwd);
    const upstream = [...f.via].reverse().find((v) => v === 'xargs' || v === 'parallel');
    if (upstream) {
      const problem = inputArgumentProblem(cmd.name.replace(/\.exe$/i, ''), d.argv, d.dynamic, upstream);
      if (problem) this.issue('dynamic-arguments', problem, f, d.at);
    }
    return cmd;
  }

  // ---------------------------------------------------------------------------------------------------
  // Redirections and assignments
  // ---------------------------------------------------------------------------------------------------

  private redirectsOf(redirs: ShNode[], f: Frame): { redirects: Redirect[]; stdin?: StdinSource } {
    const redirects: Redirect[] = [];
    let stdin: StdinSource | undefined;
    for (const r of redirs) {
      const op = REDIR_TEXT[r.Op] ?? '?';
      const fd = present(r.N) ? Number(r.N.Value) : undefined;
      if (r.Op === OP.hdoc || r.Op === OP.dashHdoc) {
        const quotedDelim = list(r.Word?.Parts).some((p) => nodeType(p) !== 'Lit');
        const text = !present(r.Hdoc) ? '' : quotedDelim ? list(r.Hdoc.Parts).map((p) => p.Value ?? '').join('') : this.heredocText(r.Hdoc, f);
        redirects.push({ op, ...(fd !== undefined ? { fd } : {}), target: null });
        if (fd === undefined || fd === 0) stdin = { kind: 'heredoc', text };
        continue;
      }
      const target = present(r.Word) ? this.wordValue(r.Word, f) : { text: '', dynamic: true };
      redirects.push({ op, ...(fd !== undefined ? { fd } : {}), target: target.dynamic ? null : target.text });
      if (r.Op === OP.wordHdoc && (fd === undefined || fd === 0)) stdin = { kind: 'herestring', text: `${target.text}\n` };
      else if ((r.Op === OP.redirIn || r.Op === OP.rdrInOut) && (fd === undefined || fd === 0)) stdin = { kind: 'file', path: target.text };
    }
    return { redirects, stdin };
  }

  private heredocText(word: ShNode, f: Frame): string {
    let out = '';
    for (const p of list(word.Parts)) {
      if (nodeType(p) === 'Lit') out += unescapeHeredoc(p.Value);
      else out += this.partSegs(p, f, true, false).map((s) => s.text).join('');
    }
    return out;
  }

  /** Records an assignment in scope; returns the value assigned (undefined without a name). */
  assign(a: ShNode, f: Frame): WordValue | undefined {
    const name: string = a.Name?.Value;
    if (!name) return undefined;
    const v = this.assignValue(a, f);
    f.scope.vars.set(name, v.dynamic ? null : v.text);
    return v;
  }

  assignValue(a: ShNode, f: Frame): WordValue {
    if (present(a.Array)) {
      this.walkSubstitutionsIn(a.Array, f);
      return { text: this.textOf(f.src, a.Array), dynamic: true };
    }
    const v = present(a.Value) ? this.wordValue(a.Value, f) : { text: '', dynamic: false };
    if (a.Append) {
      // X+=VALUE appends (`X+=` leaves X as it was)
      const prev = f.scope.vars.get(a.Name.Value);
      if (prev === undefined || prev === null) return { text: v.text, dynamic: true };
      return { text: prev + v.text, dynamic: v.dynamic };
    }
    return v;
  }

  // ---------------------------------------------------------------------------------------------------
  // Words
  // ---------------------------------------------------------------------------------------------------

  /** One word without field splitting or brace expansion (assignments, redirect targets). */
  wordValue(word: ShNode, f: Frame): WordValue {
    const segs = list(word.Parts).flatMap((p) => this.partSegs(p, f, false, false));
    return { text: segs.map((s) => s.text).join(''), dynamic: segs.some((s) => s.dynamic) };
  }

  /** The argv words one shell word becomes: brace expansion, then expansions, then field splitting. */
  wordFields(word: ShNode, f: Frame, commandPosition = false): WordValue[] {
    const positional = f.scope.positional;
    if (positional && isQuotedAllParams(word)) return positional.map((text) => ({ text, dynamic: false }));
    const variants = hasBraceCandidate(word) ? expandBraces(list(word.Parts)) : [list(word.Parts)];
    const out: WordValue[] = [];
    for (const parts of variants.slice(0, MAX_BRACE_WORDS)) {
      const segs = parts.flatMap((p) => this.partSegs(p, f, false, commandPosition));
      out.push(...fieldSplit(segs, f.scope.vars.get('IFS')));
    }
    return out;
  }

  private partSegs(p: ShNode, f: Frame, quoted: boolean, commandPosition: boolean): Seg[] {
    if (isTextPart(p)) return [{ text: p.text, dynamic: false, split: false }];
    switch (nodeType(p)) {
      case 'Lit':
        return [{ text: quoted ? unescapeDoubleQuoted(p.Value) : unescapeUnquoted(p.Value), dynamic: false, split: false }];
      case 'SglQuoted': {
        if (!p.Dollar) return [{ text: p.Value, dynamic: false, split: false }];
        // an escape naming no valid character (\U00110000, \uD800): what bash makes of it is not text we can trust
        const decoded = decodeAnsiC(p.Value);
        return [{ text: decoded.invalid ? this.textOf(f.src, p) : decoded.text, dynamic: decoded.invalid, split: false }];
      }
      case 'DblQuoted': {
        const inner = list(p.Parts).flatMap((q) => this.partSegs(q, f, true, commandPosition));
        // "" is one (empty) word; quoted expansions are never split
        return [{ text: inner.map((s) => s.text).join(''), dynamic: inner.some((s) => s.dynamic), split: false }];
      }
      case 'ParamExp': {
        const v = this.paramValue(p, f, commandPosition);
        return [{ ...v, split: !quoted && !v.dynamic }];
      }
      case 'CmdSubst': {
        const fileText = this.readsOnlyFile(p, f);
        if (fileText !== undefined) return [{ text: fileText.replace(/\n+$/, ''), dynamic: false, split: !quoted }];
        const before = this.commands.length;
        this.walkStmts(p.Stmts, { ...f, via: [...f.via, p.Backquotes ? '` `' : '$( )'], stdin: { kind: 'inherit' }, redirects: [] });
        const produced = this.commands.slice(before);
        const stmts = list(p.Stmts);
        const isPipe = stmts.length === 1 && present(stmts[0].Cmd) && nodeType(stmts[0].Cmd) === 'BinaryCmd' && (stmts[0].Cmd.Op === OP.pipe || stmts[0].Cmd.Op === OP.pipeAll);
        // `$(echo X | base64 -d)`: the output of the last stage of a pipeline
        const out = isPipe ? pipeText(this.commands.slice(this.lastStageStart), (path) => this.readFile(path), f.scope.cwd)
          : produced.length === 1 ? literalOutput(produced[0], (path) => this.readFile(path), f.scope.cwd) : undefined;
        if (out !== undefined) return [{ text: out.replace(/\n+$/, ''), dynamic: false, split: !quoted }];
        return [{ text: this.textOf(f.src, p), dynamic: true, split: false }];
      }
      case 'ProcSubst':
        // `>(cmd)` reads whatever the outer command writes to it (`tee >(sh)`): its stdin is not the terminal's
        this.walkStmts(p.Stmts, { ...f, via: [...f.via, 'process substitution'], stdin: p.Op === OP.procOut ? { kind: 'pipe', from: [] } : { kind: 'inherit' }, redirects: [] });
        return [{ text: this.textOf(f.src, p), dynamic: true, split: false }];
      case 'ArithmExp':
        this.walkSubstitutionsIn(p, f);
        return [{ text: this.textOf(f.src, p), dynamic: true, split: false }];
      default:
        // ExtGlob and anything else: kept as written (globs are not expanded)
        return [{ text: this.textOf(f.src, p), dynamic: false, split: false }];
    }
  }

  /** `$(< file)`: the text of a readable file; undefined for anything else. */
  private readsOnlyFile(p: ShNode, f: Frame): string | undefined {
    const stmts = list(p.Stmts);
    if (stmts.length !== 1 || present(stmts[0].Cmd)) return undefined;
    const redirs = list(stmts[0].Redirs);
    if (redirs.length !== 1 || redirs[0].Op !== OP.redirIn) return undefined;
    const target = this.wordValue(redirs[0].Word, f);
    if (target.dynamic) return undefined;
    return this.readFile(posix.resolve(f.scope.cwd, target.text)) ?? undefined;
  }

  /** Value of `$X`, `${X}`, `${X:-default}`...: known only when assigned earlier in the same input. */
  private paramValue(p: ShNode, f: Frame, commandPosition: boolean): WordValue {
    const written = this.textOf(f.src, p);
    const name: string = p.Param?.Value ?? '';
    const unknown = { text: written, dynamic: true };
    if (p.Excl || present(p.Index) || present(p.Slice) || present(p.Repl) || p.Width) {
      if (present(p.Slice)) this.walkSubstitutionsIn(p.Slice, f);
      return unknown;
    }
    const positional = f.scope.positional;
    if (/^(?:\d+|[@*#])$/.test(name)) {
      if (name === '0') return f.scope.arg0 !== undefined && !present(p.Exp) ? { text: f.scope.arg0, dynamic: false } : unknown;
      if (!positional || present(p.Exp)) return unknown;
      // "$*" joins with the first character of IFS; unquoted $* and $@ are one field per parameter, which
      // joining with that same character and splitting on IFS again reproduces
      const ifs = f.scope.vars.get('IFS');
      const joiner = ifs === undefined || ifs === null ? ' ' : ifs.slice(0, 1);
      const v = name === '#' ? String(positional.length) : name === '@' || name === '*' ? positional.join(joiner) : positional[Number(name) - 1] ?? '';
      return { text: v, dynamic: false };
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return unknown;
    let value: string | null | undefined = f.scope.vars.get(name);
    if (value === undefined && name in f.env) value = f.env[name];
    if (value === undefined && commandPosition && this.opts.env && this.opts.env[name] !== undefined) value = this.opts.env[name] as string;
    if (p.Length) return value === undefined || value === null ? unknown : { text: String([...value].length), dynamic: false };
    const exp = p.Exp;
    if (!present(exp)) return value === undefined || value === null ? unknown : { text: value, dynamic: false };
    const op: number = exp.Op;
    const expWord = (): WordValue => (present(exp.Word) ? this.wordValue(exp.Word, f) : { text: '', dynamic: false });
    switch (op) {
      case OP.defaultUnset: case OP.defaultUnsetOrNull:
      case OP.assignUnset: case OP.assignUnsetOrNull: {
        const useDefault = value === undefined || (value === '' && (op === OP.defaultUnsetOrNull || op === OP.assignUnsetOrNull));
        if (value === null) return unknown;
        if (!useDefault) return { text: value as string, dynamic: false };
        const d = expWord();
        if (op === OP.assignUnset || op === OP.assignUnsetOrNull) f.scope.vars.set(name, d.dynamic ? null : d.text);
        // X was never assigned here: the default is the likely value, but the environment may hold another
        return value === undefined ? { text: d.text, dynamic: true } : d;
      }
      case OP.alternateUnset: case OP.alternateUnsetOrNull:
        if (value === undefined || value === null) return unknown;
        return value === '' && op === OP.alternateUnsetOrNull ? { text: '', dynamic: false } : expWord();
      case OP.errorUnset: case OP.errorUnsetOrNull:
        return value === undefined || value === null ? unknown : { text: value, dynamic: false };
      case OP.removeSmallSuffix: case OP.removeLargeSuffix: case OP.removeSmallPrefix: case OP.removeLargePrefix: {
        // ${f%/}, ${x%.bak}, ${p##*/}: the value with the shortest/longest matching suffix/prefix removed
        const pattern = expWord();
        if (value === undefined || value === null || pattern.dynamic) return unknown;
        return { text: trimByPattern(value, pattern.text, op), dynamic: false };
      }
      case OP.upperFirst: case OP.upperAll: case OP.lowerFirst: case OP.lowerAll: {
        if (value === undefined || value === null || present(exp.Word)) return unknown;
        const convert = op === OP.upperFirst || op === OP.upperAll ? (x: string) => x.toUpperCase() : (x: string) => x.toLowerCase();
        return { text: op === OP.upperAll || op === OP.lowerAll ? convert(value) : convert(value.slice(0, 1)) + value.slice(1), dynamic: false };
      }
      default:
        return unknown;
    }
  }
}

// -----------------------------------------------------------------------------------------------------
// Helpers
// -----------------------------------------------------------------------------------------------------

/** `${v%p}`, `${v%%p}`, `${v#p}`, `${v##p}`. */
function trimByPattern(value: string, pattern: string, op: number): string {
  const re = bashPatternRegExp(pattern, false);
  if (!re) return value;
  const n = value.length;
  if (op === OP.removeSmallSuffix) { for (let i = n; i >= 0; i--) if (re.test(value.slice(i))) return value.slice(0, i); }
  else if (op === OP.removeLargeSuffix) { for (let i = 0; i <= n; i++) if (re.test(value.slice(i))) return value.slice(0, i); }
  else if (op === OP.removeSmallPrefix) { for (let i = 0; i <= n; i++) if (re.test(value.slice(0, i))) return value.slice(i); }
  else { for (let i = n; i >= 0; i--) if (re.test(value.slice(0, i))) return value.slice(i); }
  return value;
}

/** A word such as `$(curl -s URL)` or `<(wget -O- URL)`: its value is fetched from the network. */
export function fetchesRemoteCode(word: string): boolean {
  return /^(?:\$\(|`|<\()/.test(word) && /(?:^|[\s(|`;&])(?:curl|wget|fetch|aria2c)\s/.test(word);
}

function optionValue(argv: string[], names: string[]): string | undefined {
  for (let i = 1; i < argv.length; i++) {
    for (const n of names) {
      if (argv[i] === n) return argv[i + 1];
      if (n.startsWith('--') && argv[i].startsWith(`${n}=`)) return argv[i].slice(n.length + 1);
      if (!n.startsWith('--') && argv[i].startsWith(n) && argv[i].length > n.length) return argv[i].slice(n.length);
    }
  }
  return undefined;
}

export function copyScope(s: Scope): Scope {
  return {
    vars: new VarMap(s.vars), functions: new Map(s.functions), cwd: s.cwd,
    ...(s.cwdUnknown ? { cwdUnknown: true } : {}),
    ...(s.dirStack ? { dirStack: [...s.dirStack] } : {}),
    ...(s.arg0 !== undefined ? { arg0: s.arg0 } : {}),
    ...(s.positional ? { positional: s.positional } : {}),
    ...(s.aliases ? { aliases: new Map(s.aliases) } : {}),
    ...(s.gitAliases ? { gitAliases: new Map(s.gitAliases) } : {}),
  };
}

/**
 * A word pieced together from command output and other text (`r$(printf m)`, `"g$(echo i)t"`): when it
 * names a program, the name was hidden on purpose. A word that is only a substitution (`$(echo hello)`)
 * is not counted: it is analysed as whatever it resolves to.
 */
function assembledFromOutput(word: ShNode): boolean {
  const flat = list(word.Parts).flatMap((p) => (!isTextPart(p) && nodeType(p) === 'DblQuoted' ? list(p.Parts) : [p]));
  return flat.length > 1 && flat.some((p) => !isTextPart(p) && nodeType(p) === 'CmdSubst');
}

/** `"$@"`: one word per positional parameter. */
function isQuotedAllParams(word: ShNode): boolean {
  const parts = list(word.Parts);
  if (parts.length !== 1 || nodeType(parts[0]) !== 'DblQuoted') return false;
  const inner = list(parts[0].Parts);
  return inner.length === 1 && nodeType(inner[0]) === 'ParamExp' && inner[0].Param?.Value === '@' && !present(inner[0].Exp);
}

function knownVars(s: Scope): Record<string, string> {
  const vars = s.vars;
  if (vars instanceof VarMap && vars.known) return vars.known;
  const out: Record<string, string> = {};
  for (const [k, v] of vars) if (v !== null) out[k] = v;
  if (vars instanceof VarMap) vars.known = out;
  return out;
}

/**
 * The variables of a scope, with their known values cached as a record: every command carries them in
 * its env, and rebuilding that record per command is quadratic in a long input (3,000 assignments then
 * 5,000 commands took 17 s). Any change drops the cache. The record is shared: nobody may write to it.
 */
export class VarMap extends Map<string, string | null> {
  known?: Record<string, string>;
  override set(k: string, v: string | null): this {
    this.known = undefined;
    return super.set(k, v);
  }
  override delete(k: string): boolean {
    this.known = undefined;
    return super.delete(k);
  }
  override clear(): void {
    this.known = undefined;
    super.clear();
  }
}

/** Env of a command: the known variables, then wrapper env, then its own prefixes (the shared record when nothing is added). */
function commandEnv(s: Scope, ...layers: Record<string, string>[]): Record<string, string> {
  const known = knownVars(s);
  const extra = layers.filter((l) => Object.keys(l).length > 0);
  return extra.length === 0 ? known : Object.assign({}, known, ...extra);
}

function lineInSource(src: Source, byteOffset: number): number {
  return lineAt(src, byteOffset).line;
}

/**
 * Line (1-based) and line-start byte offset of a byte offset, through a line index built once per source:
 * every command asks for its position, so a scan from the start each time would be quadratic.
 */
function lineAt(src: Source, byteOffset: number): { line: number; start: number } {
  let starts = src.lineStarts;
  if (!starts) {
    starts = [0];
    for (let i = src.bytes.indexOf(10); i >= 0; i = src.bytes.indexOf(10, i + 1)) starts.push(i + 1);
    src.lineStarts = starts;
  }
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= byteOffset) lo = mid; else hi = mid - 1;
  }
  return { line: lo + 1, start: starts[lo] };
}

function describeOffset(src: Source, byteOffset: number): string {
  const upTo = src.bytes.subarray(0, byteOffset).toString('utf8');
  const line = upTo.split('\n').length;
  const column = upTo.length - upTo.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/**
 * An unquoted glob in the last path component of a command word (`/usr/bin/r?`, `./*`): the program is
 * whatever the filesystem holds. A glob only in the directories (`/*\/bin/git`) still names `git`; a word
 * of only slashes and stars (`/*`) expands to top-level directories, which cannot run.
 */
function hasUnquotedGlob(word: ShNode): boolean {
  const parts = list(word.Parts);
  if (parts.some((p) => !isTextPart(p) && nodeType(p) === 'ExtGlob')) return true;
  const literal = parts.map((p) => (!isTextPart(p) && nodeType(p) === 'Lit' ? p.Value : '\u0000')).join('');
  const base = literal.slice(literal.lastIndexOf('/') + 1);
  if (/^[/*]+$/.test(literal)) return false;
  return /(?:^|[^\\])(?:[*?]|\[[^\]]+\])/.test(base.replace(/\u0000/g, ''));
}

/**
 * Does the shell pass this word as written, without pathname expansion? True when every glob character in
 * it is quoted or escaped and nothing in it is expanded unquoted (an unquoted `$X` holding `*` would glob).
 */
function isLiteralPattern(word: ShNode): boolean {
  return list(word.Parts).every((p) => {
    if (isTextPart(p)) return false;
    const t = nodeType(p);
    if (t === 'SglQuoted' || t === 'DblQuoted') return true;
    return t === 'Lit' && !/(?:^|[^\\])[*?[]/.test(String(p.Value)) && !/[{}]/.test(String(p.Value));
  });
}

/** A synthetic literal part produced by brace expansion. */
interface TextPart { text: string; synthetic: true }

function isTextPart(p: ShNode): p is TextPart {
  return p !== null && typeof p === 'object' && (p as TextPart).synthetic === true;
}

function hasBraceCandidate(word: ShNode): boolean {
  return list(word.Parts).some(isBraceLit);
}

function isBraceLit(p: ShNode): boolean {
  return !isTextPart(p) && nodeType(p) === 'Lit' && /\{[^]*[,.][^]*\}/.test(p.Value) && !p.Value.includes('\\');
}

/** Brace expansion of unquoted literal parts: alternative part lists (cartesian product, bounded). */
function expandBraces(parts: ShNode[]): ShNode[][] {
  let out: ShNode[][] = [[]];
  for (const p of parts) {
    const alts: ShNode[] = isBraceLit(p) ? braceExpand(p.Value).map((text) => ({ text, synthetic: true } as TextPart)) : [p];
    const next: ShNode[][] = [];
    for (const prefix of out) {
      for (const alt of alts) {
        next.push([...prefix, alt]);
        if (next.length >= MAX_BRACE_WORDS) break;
      }
    }
    out = next;
  }
  return out;
}

/** bash brace expansion of one literal string: a{b,c}d -> abd acd; {1..3}; nested; bounded. */
export function braceExpand(s: string): string[] {
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '{') continue;
    let depth = 0;
    let j = i;
    const commas: number[] = [];
    for (; j < s.length; j++) {
      if (s[j] === '{') depth++;
      else if (s[j] === '}') { depth--; if (depth === 0) break; }
      else if (s[j] === ',' && depth === 1) commas.push(j);
    }
    if (j >= s.length) return [s];
    const inner = s.slice(i + 1, j);
    let alts: string[] | null = null;
    if (commas.length) {
      const pieces: string[] = [];
      let from = i + 1;
      for (const c of commas) { pieces.push(s.slice(from, c)); from = c + 1; }
      pieces.push(s.slice(from, j));
      alts = pieces.flatMap(braceExpand);
    } else {
      const seq = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$/.exec(inner);
      if (seq) alts = sequence(seq[1], seq[2], seq[3]);
    }
    if (!alts) continue;
    const prefix = s.slice(0, i);
    const out: string[] = [];
    for (const alt of alts) {
      for (const suffix of braceExpand(s.slice(j + 1))) {
        out.push(prefix + alt + suffix);
        if (out.length >= MAX_BRACE_WORDS) return out;
      }
    }
    return out;
  }
  return [s];
}

function sequence(a: string, b: string, stepText?: string): string[] {
  const step = Math.abs(Number(stepText ?? '1')) || 1;
  const out: string[] = [];
  if (/^-?\d+$/.test(a) && /^-?\d+$/.test(b)) {
    const x = Number(a); const y = Number(b);
    for (let n = x; x <= y ? n <= y : n >= y; n += x <= y ? step : -step) { out.push(String(n)); if (out.length >= MAX_BRACE_WORDS) break; }
  } else if (a.length === 1 && b.length === 1) {
    const x = a.charCodeAt(0); const y = b.charCodeAt(0);
    for (let n = x; x <= y ? n <= y : n >= y; n += x <= y ? step : -step) { out.push(String.fromCharCode(n)); if (out.length >= MAX_BRACE_WORDS) break; }
  } else {
    out.push(`{${a}..${b}}`);
  }
  return out;
}

/** Joins segments into words, splitting unquoted known expansion results on whitespace. */
function fieldSplit(segs: Seg[], ifs?: string | null): WordValue[] {
  const separator = ifs === undefined || ifs === null ? /[ \t\n]+/ : ifs === '' ? null : new RegExp(`[${ifs.replace(/[\\\]^-]/g, '\\$&')}]+`);
  const words: WordValue[] = [];
  let cur: WordValue | null = null;
  for (const s of segs) {
    if (!s.split) {
      cur = cur ? { text: cur.text + s.text, dynamic: cur.dynamic || s.dynamic } : { text: s.text, dynamic: s.dynamic };
      continue;
    }
    const pieces = separator ? s.text.split(separator) : [s.text];
    pieces.forEach((piece, idx) => {
      if (idx > 0) { if (cur && (cur.text !== '' || cur.dynamic)) words.push(cur); cur = null; }
      if (piece !== '') cur = cur ? { text: cur.text + piece, dynamic: cur.dynamic } : { text: piece, dynamic: false };
      else if (idx === 0 && cur === null && pieces.length === 1) cur = null;
    });
  }
  if (cur) words.push(cur);
  // A word made only of an unquoted empty expansion disappears; a quoted empty word stays.
  return words.length === 0 && segs.some((s) => !s.split) ? [{ text: '', dynamic: segs.some((s) => s.dynamic) }] : words;
}

/** Wrappers that exec a program: what they run is never a shell builtin (`env printf` is coreutils' printf). */
const EXEC_WRAPPERS = new Set([
  'env', 'sudo', 'doas', 'xargs', 'nice', 'nohup', 'timeout', 'ionice', 'stdbuf', 'chroot', 'setsid', 'unbuffer', 'chronic',
  'flock', 'find', 'parallel', 'watch', 'strace', 'ltrace', 'su', 'runuser', 'pkexec', 'gosu', 'su-exec', 'chpst', 'firejail',
]);

/** True when the command runs as the shell's builtin (bare name, not through a program that execs it). */
function isShellBuiltinCall(cmd: SimpleCommand): boolean {
  if (cmd.argv[0]?.includes('/')) return false;
  const wrapper = cmd.via[cmd.via.length - 1]?.split(' ')[0];
  return wrapper === undefined || !EXEC_WRAPPERS.has(wrapper);
}

/**
 * The name `mktemp` prints: a new file or directory under the temp directory (`-t`, `-p DIR`, `--tmpdir[=DIR]`,
 * or no template), or at the template's path. The X's stand for its random letters; what matters to the rules
 * is where it is. (TMPDIR is not known here: /tmp stands for it.)
 */
function mktempOutput(args: string[], cwd: string): string | undefined {
  let dir: string | undefined;
  let template: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w === '-p' || w === '--tmpdir') { dir = args[i + 1] && !args[i + 1].startsWith('-') && w === '-p' ? args[++i] : '/tmp'; continue; }
    if (w.startsWith('--tmpdir=')) { dir = w.slice('--tmpdir='.length) || '/tmp'; continue; }
    if (w.startsWith('-p') && w.length > 2) { dir = w.slice(2); continue; }
    if (w === '--suffix') { i++; continue; }
    if (w.startsWith('-')) { if (/^-[a-z]*t/.test(w) && !w.startsWith('--')) dir ??= '/tmp'; continue; }
    template = w;
  }
  if (template === undefined) return `${dir ?? '/tmp'}/tmp.XXXXXXXXXX\n`;
  if (dir !== undefined) return `${posix.join(dir, posix.basename(template))}\n`;
  return `${posix.resolve(cwd, template)}\n`;
}

/** The literal standard output of a command, when it is knowable without running anything risky. */
export function literalOutput(cmd: SimpleCommand, readFile: (abs: string) => string | null, cwd: string): string | undefined {
  if (cmd.dynamic.some(Boolean)) return undefined;
  const args = cmd.argv.slice(1);
  // a bare redirection (`> f`) writes nothing; `$(< file)` (read through readFile elsewhere) is unknown here
  if (cmd.argv.length === 0) return cmd.redirects.some((r) => r.op === '<' && (r.fd === undefined || r.fd === 0)) ? undefined : '';
  switch (cmd.name) {
    case 'echo': return echoOutput(args);
    case 'printf': return printfOutput(args, isShellBuiltinCall(cmd));
    case 'cat': {
      const files = args.filter((a) => a !== '-' && !a.startsWith('-'));
      if (files.length === 0) {
        const s = cmd.stdin;
        return s.kind === 'heredoc' || s.kind === 'herestring' ? s.text : s.kind === 'pipe' ? s.text : undefined;
      }
      let out = '';
      for (const file of files) {
        const t: unknown = readFile(posix.resolve(cwd, file));
        if (typeof t !== 'string') return undefined;
        out += t;
      }
      return out;
    }
    case 'mktemp': return mktempOutput(args, cwd);
    case 'ls': {
      // `$(ls *.tfstate)`: the names the glob matches; the pattern stands for them (its files are what the
      // command goes on to touch). A plain `ls DIR` prints the directory's contents: unknown here.
      const words = args.filter((a) => !/^-[1aAp]*$/.test(a));
      if (words.length === 0 || words.some((w) => w.startsWith('-') || !/[*?[]/.test(w))) return undefined;
      return `${words.join('\n')}\n`;
    }
    case 'base64': {
      if (!args.some((a) => a === '-d' || a === '--decode' || a === '-D' || /^-[a-zA-Z]*d/.test(a))) return undefined;
      const s = cmd.stdin;
      const input = s.kind === 'heredoc' || s.kind === 'herestring' ? s.text : s.kind === 'pipe' ? s.text : undefined;
      if (input === undefined || !/^[A-Za-z0-9+/=\s_-]*$/.test(input)) return undefined;
      return Buffer.from(input.replace(/\s+/g, ''), 'base64').toString('utf8');
    }
    default:
      return undefined;
  }
}

function pipeText(upstream: SimpleCommand[], readFile: (abs: string) => string | null, cwd: string): string | undefined {
  const shallowest = Math.min(...upstream.map((c) => c.via.length));
  const top = upstream.filter((c) => c.via.length === shallowest);
  if (top.length !== 1) return undefined;
  return literalOutput(top[0], readFile, cwd);
}

export { splitFields };

function quoteWord(w: string): string {
  return quoteForDisplay([w]);
}
