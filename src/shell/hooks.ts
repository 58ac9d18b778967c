/**
 * Shell code hidden in the options or the environment of programs that are not shells: a pager or editor
 * variable (`PAGER='…' man ls`), ssh's ProxyCommand, rsync's -e, tar's --checkpoint-action=exec= and
 * --to-command, zip's -TT, scp's -S, sed's `e` command, vim's `-c '!…'`, gdb's `-ex 'shell …'`, and the shell
 * escapes of SQL clients (`psql -c '\! …'`, mysql's `system …`, sqlite3's `.shell …`). Each runs its text with
 * `sh -c` (or as a program), so the analysis walks it like any command line. Pure: argv and env in, texts out.
 */
import type { Draft } from './analyze.js';
import { baseName } from './text.js';

export interface EmbeddedCode {
  /** `shell`: a command line run by sh -c; `js`: JavaScript run by a Node-based client (mongosh --eval). */
  kind: 'shell' | 'js';
  code: string;
  /** Known only at run time (a variable or substitution in the word). */
  dynamic: boolean;
  /** Where it was found, for the trace: "PAGER of man", "ssh ProxyCommand". */
  label: string;
}

/** Variables whose value a program runs as a command (through sh -c) when it needs a pager, an editor, a browser. */
const COMMAND_VARIABLES = ['PAGER', 'MANPAGER', 'GIT_PAGER', 'PSQL_PAGER', 'EDITOR', 'VISUAL', 'SUDO_EDITOR', 'KUBE_EDITOR', 'SYSTEMD_EDITOR', 'PSQL_EDITOR', 'LESSOPEN', 'LESSCLOSE', 'BROWSER', 'DIFF_VIEWER', 'FZF_DEFAULT_COMMAND'];

const VIM = new Set(['vim', 'vi', 'nvim', 'ex', 'view', 'vimdiff', 'gvim', 'rvim']);
const SQL_SHELL_ESCAPES: Record<string, RegExp> = {
  // psql: \! COMMAND (to the end of the line)
  psql: /(?:^|\n|\\\\)\s*\\!\s*([^\n]+)/g,
  // mysql/mariadb: \! COMMAND or system COMMAND, a statement of its own
  mysql: /(?:^|[\n;])\s*(?:\\!|system)\s+([^\n;]+)/gi,
  mariadb: /(?:^|[\n;])\s*(?:\\!|system)\s+([^\n;]+)/gi,
  // sqlite3: .shell / .system COMMAND, a dot-command on its own line
  sqlite3: /(?:^|\n)\s*\.(?:shell|system)\s+([^\n]+)/g,
  duckdb: /(?:^|\n)\s*\.(?:shell|system)\s+([^\n]+)/g,
};

/** The value after an option: `-o X`, `-oX`, `--opt=X`, `--opt X`. */
function optionValues(argv: readonly string[], dynamic: readonly boolean[], short: readonly string[], long: readonly string[]): Array<{ value: string; dynamic: boolean }> {
  const out: Array<{ value: string; dynamic: boolean }> = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    if (w === '--') break;
    if ([...short, ...long].includes(w) && argv[i + 1] !== undefined) { out.push({ value: argv[i + 1], dynamic: dynamic[i + 1] }); i++; continue; }
    const l = long.find((o) => w.startsWith(`${o}=`));
    if (l) { out.push({ value: w.slice(l.length + 1), dynamic: dynamic[i] }); continue; }
    const s = short.find((o) => o.length === 2 && w.startsWith(o) && w.length > 2 && !w.startsWith('--'));
    if (s) out.push({ value: w.slice(2), dynamic: dynamic[i] });
  }
  return out;
}

/** Text a SQL client reads: -c/-e/--command/--execute values, trailing SQL operands (sqlite3/duckdb), a heredoc or here-string. */
function sqlClientTexts(name: string, d: Draft): Array<{ value: string; dynamic: boolean }> {
  const texts = optionValues(d.argv, d.dynamic, ['-c', '-e', '-cmd'], ['--command', '--execute']);
  if (name === 'sqlite3' || name === 'duckdb') {
    const operands = d.argv.slice(1).map((w, k) => ({ value: w, dynamic: d.dynamic[k + 1] })).filter((o) => !o.value.startsWith('-'));
    texts.push(...operands.slice(1));
  }
  if (d.stdin.kind === 'heredoc' || d.stdin.kind === 'herestring') texts.push({ value: d.stdin.text, dynamic: false });
  else if (d.stdin.kind === 'pipe' && d.stdin.text !== undefined) texts.push({ value: d.stdin.text, dynamic: false });
  return texts;
}

export function embeddedCode(d: Draft): EmbeddedCode[] {
  const out: EmbeddedCode[] = [];
  if (d.argv.length === 0) return out;
  const name = baseName(d.argv[0]).replace(/\.exe$/i, '');
  for (const v of COMMAND_VARIABLES) {
    const value = d.env[v];
    // LESSOPEN/LESSCLOSE mark a pipe preprocessor with a leading | (or ||)
    const code = v.startsWith('LESS') ? value?.replace(/^\s*\|{1,2}/, '') : value;
    if (code !== undefined && code.trim() !== '') out.push({ kind: 'shell', code, dynamic: /[$`]/.test(code), label: `$${v} of ${name}` });
  }
  const push = (code: string, dynamic: boolean, label: string, kind: EmbeddedCode['kind'] = 'shell'): void => {
    if (code.trim() !== '') out.push({ kind, code, dynamic, label });
  };
  if (name === 'ssh' || name === 'scp' || name === 'sftp') {
    for (const o of optionValues(d.argv, d.dynamic, ['-o'], [])) {
      const m = /^\s*(ProxyCommand|LocalCommand|KnownHostsCommand)\s*[= ]\s*([\s\S]+)$/i.exec(o.value);
      if (m && m[2].trim().toLowerCase() !== 'none') push(m[2], o.dynamic, `${name} ${m[1]}`);
    }
    if (name !== 'ssh') for (const o of optionValues(d.argv, d.dynamic, ['-S'], [])) push(o.value, o.dynamic, `${name} -S`);
  }
  if (name === 'rsync') for (const o of optionValues(d.argv, d.dynamic, ['-e'], ['--rsh'])) push(o.value, o.dynamic, 'rsync -e');
  if (name === 'tar' || name === 'gtar' || name === 'bsdtar') {
    for (const o of optionValues(d.argv, d.dynamic, ['-I', '-F'], ['--use-compress-program', '--to-command', '--rsh-command', '--info-script', '--new-volume-script'])) push(o.value, o.dynamic, 'tar');
    for (const o of optionValues(d.argv, d.dynamic, [], ['--checkpoint-action'])) {
      const m = /^exec=([\s\S]+)$/.exec(o.value);
      if (m) push(m[1], o.dynamic, 'tar --checkpoint-action=exec');
    }
  }
  if (name === 'zip') for (const o of optionValues(d.argv, d.dynamic, ['-TT'], ['--unzip-command'])) push(o.value, o.dynamic, 'zip -TT');
  if (name === 'sed' || name === 'gsed') {
    // the `e COMMAND` command of GNU sed runs COMMAND; it follows an address (1e, $e, /re/e) or starts the script
    const scripts = optionValues(d.argv, d.dynamic, ['-e'], ['--expression']);
    if (scripts.length === 0) {
      const first = d.argv.slice(1).findIndex((w) => !w.startsWith('-'));
      if (first >= 0) scripts.push({ value: d.argv[first + 1], dynamic: d.dynamic[first + 1] });
    }
    for (const s of scripts) {
      for (const m of s.value.matchAll(/(?:^|[;\n{])\s*(?:\d+|\$|\/(?:[^/\\\n]|\\.)*\/)?(?:\s*,\s*(?:\d+|\$|\/(?:[^/\\\n]|\\.)*\/))?\s*e[ \t]+([^;\n}]+)/g)) push(m[1], s.dynamic, 'sed e');
    }
  }
  if (VIM.has(name)) {
    const cmds = optionValues(d.argv, d.dynamic, ['-c'], ['--cmd']);
    for (const w of d.argv.slice(1)) if (w.startsWith('+') && w.length > 1) cmds.push({ value: w.slice(1), dynamic: false });
    for (const c of cmds) {
      const m = /^:?\s*(?:[\d.,$%]*\s*(?:r(?:ead)?|w(?:rite)?)?\s*)!(.+)$/.exec(c.value.trim());
      if (m) push(m[1], c.dynamic, `${name} :!`);
    }
  }
  if (name === 'gdb') {
    for (const o of optionValues(d.argv, d.dynamic, ['-ex', '-iex'], ['--eval-command', '--init-eval-command'])) {
      const m = /^\s*(?:shell\s+|!)([\s\S]+)$/.exec(o.value);
      if (m) push(m[1], o.dynamic, 'gdb shell');
    }
  }
  const escapes = SQL_SHELL_ESCAPES[name];
  if (escapes) {
    for (const t of sqlClientTexts(name, d)) {
      escapes.lastIndex = 0;
      for (const m of t.value.matchAll(escapes)) push(m[1], t.dynamic, `${name} shell escape`);
    }
  }
  if (name === 'mongosh' || name === 'mongo') for (const o of optionValues(d.argv, d.dynamic, [], ['--eval'])) push(o.value, o.dynamic, `${name} --eval`, 'js');
  return out;
}
