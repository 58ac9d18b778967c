/**
 * A small SQL reader for the datastore rules: it tokenizes SQL text the way a client would hand it to the
 * server (comments, quoted strings and identifiers, dollar quoting, client meta-commands), splits it into
 * statements, and classifies each statement by what it would destroy. It is not a parser: it looks only at
 * the shape of the statement's top level, which is enough to tell `DELETE FROM t` from `DELETE FROM t WHERE …`.
 * Pure: no I/O.
 */

export type SqlDialect = 'postgres' | 'mysql' | 'sqlite' | 'generic';

export type SqlTokenKind = 'word' | 'string' | 'quoted-ident' | 'number' | 'punct' | 'variable';

export interface SqlToken {
  kind: SqlTokenKind;
  /** The token as written (strings and quoted identifiers without their quotes). */
  text: string;
  /** Upper-cased text for words; same as text otherwise. */
  upper: string;
}

export interface SqlStatement {
  tokens: SqlToken[];
  /** The statement's source text, trimmed (for messages). */
  text: string;
}

/** A client meta-command (`\d`, `\i file`, sqlite `.tables`), kept apart from SQL statements. */
export interface SqlMetaCommand {
  text: string;
  name: string;
  args: string[];
}

export interface SqlScript {
  statements: SqlStatement[];
  meta: SqlMetaCommand[];
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * Split SQL text into statements. Comments (`--`, `/* *\/` nested, `#` for MySQL) are dropped, strings and
 * quoted identifiers become single tokens, `$tag$ … $tag$` bodies are strings, `;` ends a statement.
 * Lines starting with `\` (psql/mysql meta-commands) or `.` (sqlite dot-commands) become meta commands.
 */
export function splitSql(text: string, dialect: SqlDialect = 'generic'): SqlScript {
  const statements: SqlStatement[] = [];
  const meta: SqlMetaCommand[] = [];
  let tokens: SqlToken[] = [];
  let stmtStart = 0;
  let i = 0;
  const n = text.length;
  const backslashEscapes = dialect === 'mysql';

  const finish = (end: number) => {
    if (tokens.length > 0) statements.push({ tokens, text: text.slice(stmtStart, end).trim() });
    tokens = [];
  };
  const atLineStart = (pos: number) => {
    let j = pos - 1;
    while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
    return j < 0 || text[j] === '\n' || text[j] === '\r';
  };

  while (i < n) {
    const c = text[i];
    // meta-commands: only where a statement has not started yet and at the start of a line
    if ((c === '\\' || (c === '.' && dialect !== 'mysql' && dialect !== 'postgres')) && tokens.length === 0 && atLineStart(i)) {
      let end = text.indexOf('\n', i);
      if (end < 0) end = n;
      const line = text.slice(i, end).trim();
      const words = line.slice(1).split(/\s+/).filter(Boolean);
      meta.push({ text: line, name: (c + (words[0] ?? '')).toLowerCase(), args: words.slice(1) });
      i = end;
      stmtStart = i;
      continue;
    }
    if (c === '\\' && tokens.length > 0) {
      // psql `\g` and friends end the current statement; other backslash commands mid-statement are rare
      const m = /^\\([A-Za-z]+)/.exec(text.slice(i));
      if (m && (m[1] === 'g' || m[1] === 'gx' || m[1] === 'G')) { finish(i); i += m[0].length; stmtStart = i; continue; }
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') { i++; continue; }
    if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === '#' && dialect === 'mysql') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') { depth++; i += 2; }
        else if (text[i] === '*' && text[i + 1] === '/') { depth--; i += 2; }
        else i++;
      }
      continue;
    }
    if (c === ';') { finish(i); i++; stmtStart = i; continue; }
    if (tokens.length === 0) stmtStart = i;
    if (c === "'" || ((c === 'E' || c === 'e') && text[i + 1] === "'")) {
      const escapes = backslashEscapes || c !== "'";
      if (c !== "'") i++;
      const { value, next } = readQuoted(text, i, "'", escapes);
      tokens.push({ kind: 'string', text: value, upper: value });
      i = next;
      continue;
    }
    if (c === '"' || (c === '`' && dialect !== 'postgres')) {
      const { value, next } = readQuoted(text, i, c, false);
      tokens.push({ kind: 'quoted-ident', text: value, upper: value });
      i = next;
      continue;
    }
    if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (m) {
        const tag = m[0];
        const close = text.indexOf(tag, i + tag.length);
        const end = close < 0 ? n : close;
        const value = text.slice(i + tag.length, end);
        tokens.push({ kind: 'string', text: value, upper: value });
        i = close < 0 ? n : close + tag.length;
        continue;
      }
      const v = /^\$(\d+|\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
      if (v) { tokens.push({ kind: 'variable', text: v[0], upper: v[0] }); i += v[0].length; continue; }
    }
    if (c === ':' && /[A-Za-z_'"{]/.test(text[i + 1] ?? '') && text[i - 1] !== ':') {
      // psql variables :name, :'name', :"name"
      const v = /^:(?:'[^']*'|"[^"]*"|\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
      if (v) { tokens.push({ kind: 'variable', text: v[0], upper: v[0] }); i += v[0].length; continue; }
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9.eE_xXa-fA-F]*/.exec(text.slice(i));
      const t = m ? m[0] : c;
      tokens.push({ kind: 'number', text: t, upper: t });
      i += t.length;
      continue;
    }
    if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < n && WORD_PART.test(text[j])) j++;
      const w = text.slice(i, j);
      tokens.push({ kind: 'word', text: w, upper: w.toUpperCase() });
      i = j;
      continue;
    }
    tokens.push({ kind: 'punct', text: c, upper: c });
    i++;
  }
  finish(n);
  return { statements, meta };
}

function readQuoted(text: string, start: number, quote: string, backslashEscapes: boolean): { value: string; next: number } {
  let i = start + 1;
  let value = '';
  while (i < text.length) {
    const ch = text[i];
    if (backslashEscapes && ch === '\\' && i + 1 < text.length) { value += text[i + 1]; i += 2; continue; }
    if (ch === quote) {
      if (text[i + 1] === quote) { value += quote; i += 2; continue; }
      return { value, next: i + 1 };
    }
    value += ch;
    i++;
  }
  return { value, next: i };
}

// ---------------------------------------------------------------------------
// Classification
// ---------------------------------------------------------------------------

export type SqlEffectKind =
  | 'drop-database'
  | 'drop-table'
  | 'drop-other'
  | 'drop-owned'
  | 'drop-role'
  | 'truncate'
  | 'delete-all'
  | 'delete-limited'
  | 'update-all'
  | 'update-limited'
  | 'alter-drop-column'
  | 'alter-drop-constraint'
  | 'purge-binlogs';

export interface SqlEffect {
  kind: SqlEffectKind;
  /** deny for irreversible loss of data, ask for losses that are limited or rebuildable. */
  level: 'ask' | 'deny';
  /** The object the statement targets, when it can be named. */
  target?: string;
  /** For DROP DATABASE / KEYSPACE: the name of the whole database it destroys. */
  database?: string;
  /** The statement as written, shortened. */
  statement: string;
  /** Plain-language description of the effect. */
  description: string;
}

const DATABASE_LEVEL = new Set(['DATABASE', 'SCHEMA', 'KEYSPACE']);
const DATA_OBJECTS = new Set(['TABLE', 'TABLES', 'COLUMNFAMILY']);
const ALTER_DROP_HARMLESS = new Set(['CONSTRAINT', 'INDEX', 'KEY', 'FOREIGN', 'PRIMARY', 'CHECK', 'DEFAULT', 'NOT', 'IDENTITY', 'EXPRESSION', 'TRIGGER']);

function shorten(s: string, max = 120): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Tokens at paren depth 0 relative to `from`, up to the closing paren of that level or the end. */
function levelSlice(tokens: SqlToken[], from: number): { tokens: SqlToken[]; end: number } {
  const out: SqlToken[] = [];
  let depth = 0;
  let i = from;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct' && t.text === '(') { depth++; continue; }
    if (t.kind === 'punct' && t.text === ')') {
      if (depth === 0) break;
      depth--;
      continue;
    }
    if (depth === 0) out.push(t);
  }
  return { tokens: out, end: i };
}

function nameAt(tokens: SqlToken[], i: number): string | undefined {
  const parts: string[] = [];
  let j = i;
  while (j < tokens.length) {
    const t = tokens[j];
    if (t.kind === 'word' || t.kind === 'quoted-ident' || t.kind === 'variable') parts.push(t.text);
    else break;
    if (tokens[j + 1]?.text === '.') { parts.push('.'); j += 2; continue; }
    break;
  }
  return parts.length ? parts.join('') : undefined;
}

const TRIVIALLY_TRUE = /^(?:1|TRUE|NOT FALSE|(\S+) = \1|1 < > 0|1 ! = 0|1 IS NOT NULL)$/;

/** `WHERE 1=1`, `WHERE true`, `WHERE 1`: a WHERE clause that keeps every row. */
function whereIsTriviallyTrue(level: SqlToken[], whereIdx: number): boolean {
  const rest: string[] = [];
  for (let i = whereIdx + 1; i < level.length; i++) {
    const t = level[i];
    if (t.kind === 'word' && ['RETURNING', 'LIMIT', 'ORDER', 'OUTPUT'].includes(t.upper)) break;
    rest.push(t.kind === 'string' ? `'${t.text}'` : t.upper);
  }
  return TRIVIALLY_TRUE.test(rest.join(' '));
}

function hasWord(level: SqlToken[], ...words: string[]): number {
  return level.findIndex((t) => t.kind === 'word' && words.includes(t.upper));
}

/** Classify a DML/DDL verb that starts at `i` (the verb token). */
function classifyAt(tokens: SqlToken[], i: number, statement: string): SqlEffect | null {
  const verb = tokens[i];
  if (!verb || verb.kind !== 'word') return null;
  const { tokens: level } = levelSlice(tokens, i);
  const short = shorten(statement);
  switch (verb.upper) {
    case 'DROP': {
      let j = 1;
      // DROP [TEMPORARY] [MATERIALIZED|FOREIGN|EXTERNAL|...] TYPE [CONCURRENTLY] [IF EXISTS] name
      const modifiers = new Set(['TEMPORARY', 'TEMP', 'FOREIGN', 'EXTERNAL', 'UNLOGGED', 'GLOBAL', 'LOCAL', 'VIRTUAL']);
      while (level[j] && modifiers.has(level[j].upper)) j++;
      const kindWord = level[j]?.upper ?? '';
      if (kindWord === 'OWNED') {
        return { kind: 'drop-owned', level: 'deny', statement: short, description: 'DROP OWNED drops every object the role owns, with its data' };
      }
      if (kindWord === 'MATERIALIZED') {
        return { kind: 'drop-other', level: 'ask', target: nameAfter(level, j + 2), statement: short, description: 'drops a materialized view (its data can be recomputed)' };
      }
      const cascade = hasWord(level, 'CASCADE') >= 0;
      const target = nameAfter(level, j + 1);
      if (DATABASE_LEVEL.has(kindWord)) {
        return { kind: 'drop-database', level: 'deny', target, ...(kindWord !== 'SCHEMA' && target ? { database: target } : {}), statement: short, description: `drops the whole ${kindWord.toLowerCase()}${target ? ` ${target}` : ''} and every table in it` };
      }
      if (DATA_OBJECTS.has(kindWord)) {
        return { kind: 'drop-table', level: 'deny', target, statement: short, description: `drops table${target ? ` ${target}` : ''} and all its rows${cascade ? ' (CASCADE also drops dependent objects)' : ''}` };
      }
      if (kindWord === 'ROLE' || kindWord === 'USER') {
        return { kind: 'drop-role', level: 'ask', target, statement: short, description: `drops ${kindWord.toLowerCase()}${target ? ` ${target}` : ''}` };
      }
      if (!kindWord) return null;
      return {
        kind: 'drop-other',
        level: cascade ? 'deny' : 'ask',
        target,
        statement: short,
        description: `drops ${kindWord.toLowerCase()}${target ? ` ${target}` : ''}${cascade ? ' with CASCADE, which also drops everything that depends on it (tables and columns included)' : ''}`,
      };
    }
    case 'TRUNCATE': {
      const j = level[1]?.upper === 'TABLE' ? 2 : 1;
      const target = nameAfter(level, j);
      return { kind: 'truncate', level: 'deny', target, statement: short, description: `removes every row of${target ? ` ${target}` : ' the table'}` };
    }
    case 'DELETE': {
      const fromIdx = hasWord(level, 'FROM');
      const target = fromIdx >= 0 ? nameAt(level, fromIdx + 1) : nameAt(level, 1);
      const whereIdx = hasWord(level, 'WHERE');
      if (whereIdx >= 0 && !whereIsTriviallyTrue(level, whereIdx)) return null;
      if (whereIdx < 0 && hasWord(level, 'LIMIT', 'USING', 'JOIN', 'TOP') >= 0) {
        return { kind: 'delete-limited', level: 'ask', target, statement: short, description: `deletes rows from${target ? ` ${target}` : ' a table'} without a WHERE clause (bounded only by LIMIT/JOIN)` };
      }
      return { kind: 'delete-all', level: 'deny', target, statement: short, description: `deletes every row of${target ? ` ${target}` : ' the table'} (no WHERE clause)` };
    }
    case 'UPDATE': {
      const target = nameAt(level, level[1]?.upper === 'ONLY' ? 2 : 1);
      if (hasWord(level, 'SET') < 0) return null;
      const whereIdx = hasWord(level, 'WHERE');
      if (whereIdx >= 0 && !whereIsTriviallyTrue(level, whereIdx)) return null;
      if (whereIdx < 0 && hasWord(level, 'LIMIT', 'FROM', 'JOIN') >= 0) {
        return { kind: 'update-limited', level: 'ask', target, statement: short, description: `updates rows of${target ? ` ${target}` : ' a table'} without a WHERE clause (bounded only by LIMIT/JOIN)` };
      }
      return { kind: 'update-all', level: 'deny', target, statement: short, description: `overwrites columns in every row of${target ? ` ${target}` : ' the table'} (no WHERE clause)` };
    }
    case 'ALTER': {
      if (level[1]?.upper !== 'TABLE') return null;
      const target = nameAfter(level, 2);
      for (let j = 2; j < level.length; j++) {
        const t = level[j];
        if (t.kind === 'word' && t.upper === 'DELETE' && level.slice(j).some((x) => x.upper === 'WHERE')) {
          // ClickHouse mutation: ALTER TABLE t DELETE WHERE …
          const w = j + level.slice(j).findIndex((x) => x.upper === 'WHERE');
          if (whereIsTriviallyTrue(level, w)) return { kind: 'delete-all', level: 'deny', target, statement: short, description: `deletes every row of ${target ?? 'the table'}` };
        }
        // MySQL: DISCARD TABLESPACE deletes the table's .ibd file; TRUNCATE PARTITION empties partitions
        if (t.kind === 'word' && t.upper === 'DISCARD' && level[j + 1]?.upper === 'TABLESPACE') {
          return { kind: 'truncate', level: 'deny', target, statement: short, description: `deletes the data file of ${target ?? 'the table'} (DISCARD TABLESPACE)` };
        }
        if (t.kind === 'word' && t.upper === 'TRUNCATE' && level[j + 1]?.upper === 'PARTITION') {
          return { kind: 'truncate', level: 'deny', target, statement: short, description: `deletes every row in partitions of ${target ?? 'the table'}` };
        }
        // MySQL ENGINE=BLACKHOLE keeps no rows: converting a table to it discards every row
        if (t.kind === 'word' && t.upper === 'ENGINE' && level.slice(j + 1, j + 3).some((x) => x.upper === 'BLACKHOLE')) {
          return { kind: 'truncate', level: 'deny', target, statement: short, description: `converts ${target ?? 'the table'} to the BLACKHOLE engine, which discards every row` };
        }
        // ClickHouse mutations: UPDATE … WHERE <always true> rewrites every row; CLEAR COLUMN empties a column
        if (t.kind === 'word' && t.upper === 'UPDATE' && level.slice(j).some((x) => x.upper === 'WHERE')) {
          const w = j + level.slice(j).findIndex((x) => x.upper === 'WHERE');
          if (whereIsTriviallyTrue(level, w)) return { kind: 'update-all', level: 'deny', target, statement: short, description: `overwrites columns in every row of ${target ?? 'the table'}` };
        }
        if (t.kind === 'word' && t.upper === 'CLEAR' && level[j + 1]?.upper === 'COLUMN') {
          return { kind: 'alter-drop-column', level: 'deny', target, statement: short, description: `empties a column of ${target ?? 'the table'} in every row` };
        }
        if (t.kind !== 'word' || t.upper !== 'DROP') continue;
        let k = j + 1;
        const what = level[k]?.upper ?? '';
        if (what === 'PARTITION') {
          return { kind: 'alter-drop-column', level: 'deny', target, statement: short, description: `drops a partition of ${target ?? 'the table'} with its rows` };
        }
        if (ALTER_DROP_HARMLESS.has(what)) {
          // keep looking: `DROP CONSTRAINT x, DROP COLUMN y`
          continue;
        }
        if (what === 'COLUMN') k++;
        if (level[k]?.upper === 'IF') k += 2;
        const column = nameAt(level, k);
        return { kind: 'alter-drop-column', level: 'deny', target, statement: short, description: `drops column${column ? ` ${column}` : ''} of ${target ?? 'the table'} and the data in it` };
      }
      for (let j = 2; j < level.length; j++) {
        if (level[j].kind === 'word' && level[j].upper === 'DROP') {
          return { kind: 'alter-drop-constraint', level: 'ask', target, statement: short, description: `drops a ${(level[j + 1]?.text ?? 'constraint').toLowerCase()} on ${target ?? 'the table'} (no rows are lost, but integrity checks go)` };
        }
      }
      return null;
    }
    case 'RESET': {
      // MySQL: RESET MASTER (RESET BINARY LOGS AND GTIDS since 8.2) deletes every binary log
      const what = level.slice(1, 3).map((t) => t.upper).join(' ');
      if (what === 'MASTER' || what.startsWith('MASTER ') || what === 'BINARY LOGS') {
        return { kind: 'purge-binlogs', level: 'deny', statement: short, description: 'deletes every binary log: point-in-time recovery past the last full backup becomes impossible, and replicas lose their source position' };
      }
      return null;
    }
    case 'PURGE': {
      if (!['BINARY', 'MASTER'].includes(level[1]?.upper ?? '') || level[2]?.upper !== 'LOGS') return null;
      return { kind: 'purge-binlogs', level: 'ask', statement: short, description: 'deletes the binary logs before the given file or time: point-in-time recovery into that span becomes impossible' };
    }
    default:
      return null;
  }
}

function nameAfter(level: SqlToken[], j: number): string | undefined {
  let k = j;
  if (level[k]?.upper === 'CONCURRENTLY') k++;
  if (level[k]?.upper === 'IF' && level[k + 1]?.upper === 'EXISTS') k += 2;
  return nameAt(level, k);
}

const STATEMENT_VERBS = new Set(['DROP', 'TRUNCATE', 'DELETE', 'UPDATE', 'ALTER', 'RESET', 'PURGE']);

/**
 * What one statement would destroy. Looks at the statement's verb (after a `WITH …` prefix) and at verbs
 * that open a parenthesised sub-statement (data-modifying CTEs).
 */
export function classifyStatement(stmt: SqlStatement): SqlEffect[] {
  const out: SqlEffect[] = [];
  const toks = stmt.tokens;
  // main verb: first depth-0 word that is a known statement verb, skipping a WITH clause's names
  let depth = 0;
  let mainIdx = -1;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind === 'punct' && t.text === '(') { depth++; continue; }
    if (t.kind === 'punct' && t.text === ')') { depth--; continue; }
    if (depth !== 0 || t.kind !== 'word') continue;
    if (i === 0 && t.upper !== 'WITH' && t.upper !== 'EXPLAIN') { mainIdx = STATEMENT_VERBS.has(t.upper) ? 0 : -2; break; }
    if (toks[0].upper === 'EXPLAIN') {
      // EXPLAIN without ANALYZE does not run the statement
      if (!toks.some((x) => x.upper === 'ANALYZE' || x.upper === 'ANALYSE')) { mainIdx = -2; break; }
    }
    if (STATEMENT_VERBS.has(t.upper) && i > 0 && (toks[i - 1].text === ')' || toks[0].upper === 'EXPLAIN')) { mainIdx = i; break; }
    if (['SELECT', 'INSERT', 'VALUES', 'MERGE'].includes(t.upper) && i > 0 && toks[i - 1].text === ')') { mainIdx = -2; break; }
  }
  if (toks[0]?.upper === 'DO') {
    // an anonymous code block runs its body now: classify the statements inside it
    for (const t of toks) if (t.kind === 'string') out.push(...classifyProceduralBody(t.text));
    return out;
  }
  for (let i = 1; i < toks.length; i++) {
    // EXECUTE 'DROP TABLE …' / EXEC('…') run dynamic SQL given as a literal
    if ((toks[i - 1].upper === 'EXECUTE' || toks[i - 1].upper === 'EXEC' || (toks[i - 1].text === '(' && toks[i - 2]?.upper === 'EXEC')) && toks[i].kind === 'string') {
      out.push(...classifySql(toks[i].text));
    }
  }
  if (mainIdx >= 0) {
    const e = classifyAt(toks, mainIdx, stmt.text);
    if (e) out.push(e);
  }
  for (let i = 1; i < toks.length; i++) {
    if (toks[i - 1].kind === 'punct' && toks[i - 1].text === '(' && (toks[i].upper === 'DELETE' || toks[i].upper === 'UPDATE')) {
      const e = classifyAt(toks, i, stmt.text);
      if (e) out.push(e);
    }
  }
  return out;
}

/** Statements inside a procedural body (`BEGIN … END`, `IF … THEN …`) that would run. */
function classifyProceduralBody(text: string): SqlEffect[] {
  const out: SqlEffect[] = [];
  const starters = new Set(['BEGIN', 'THEN', 'ELSE', 'LOOP', 'DO']);
  for (const stmt of splitSql(text).statements) {
    const toks = stmt.tokens;
    for (let i = 0; i < toks.length; i++) {
      if (!STATEMENT_VERBS.has(toks[i].upper) || toks[i].kind !== 'word') continue;
      if (i === 0 || starters.has(toks[i - 1].upper)) {
        const e = classifyAt(toks, i, stmt.text);
        if (e) out.push(e);
        break;
      }
    }
    out.push(...classifyStatement({ tokens: toks.filter((t, i) => !(i === 0 && t.upper === 'BEGIN')), text: stmt.text }).filter((e) => !out.some((o) => o.statement === e.statement && o.kind === e.kind)));
  }
  return out;
}

const TX_BEGIN = /^(BEGIN|START)$/;
const DDL_KINDS = new Set<SqlEffectKind>(['drop-database', 'drop-table', 'drop-other', 'drop-owned', 'drop-role', 'truncate', 'alter-drop-column', 'alter-drop-constraint']);

/**
 * Every destructive effect in a script, in order. Statements inside `BEGIN … ROLLBACK` are undone and do
 * not count (in MySQL only DML: its DDL commits implicitly, and DROP DATABASE cannot be rolled back anywhere).
 */
export function classifySql(text: string, dialect: SqlDialect = 'generic'): SqlEffect[] {
  const script = splitSql(text, dialect);
  const out: SqlEffect[] = [];
  let pending: SqlEffect[] | null = null;
  for (const stmt of script.statements) {
    const first = stmt.tokens[0]?.upper ?? '';
    const second = stmt.tokens[1]?.upper ?? '';
    if ((TX_BEGIN.test(first) && (stmt.tokens.length === 1 || ['TRANSACTION', 'WORK', 'ISOLATION', 'READ'].includes(second))) || (first === 'START' && second === 'TRANSACTION')) {
      if (pending) out.push(...pending);
      pending = [];
      continue;
    }
    if (pending && (first === 'ROLLBACK' || first === 'ABORT') && second !== 'TO' && second !== 'PREPARED') {
      out.push(...pending.filter((e) => e.kind === 'drop-database' || (dialect === 'mysql' && DDL_KINDS.has(e.kind))));
      pending = null;
      continue;
    }
    if (pending && (first === 'COMMIT' || first === 'END')) { out.push(...pending); pending = null; continue; }
    const effects = classifyStatement(stmt);
    if (pending) pending.push(...effects);
    else out.push(...effects);
  }
  if (pending) out.push(...pending);
  return out;
}

/** Files a script pulls in by itself (`\i file`, `\ir file`, `source file`, `.read file`), so rules can ask for them. */
export function includedFiles(text: string, dialect: SqlDialect = 'generic'): string[] {
  const script = splitSql(text, dialect);
  const out: string[] = [];
  for (const m of script.meta) {
    if (['\\i', '\\ir', '\\include', '\\include_relative', '\\.', '.read'].includes(m.name) && m.args[0]) out.push(unquote(m.args[0]));
  }
  for (const s of script.statements) {
    if (s.tokens[0]?.upper === 'SOURCE' && s.tokens.length >= 2) out.push(s.text.replace(/^source\s+/i, '').trim());
  }
  return out;
}

function unquote(s: string): string {
  return s.replace(/^(['"])(.*)\1$/, '$2');
}

// ---------------------------------------------------------------------------
// Redis and MongoDB shapes
// ---------------------------------------------------------------------------

export interface NonSqlEffect {
  what: string;
  level: 'ask' | 'deny';
  description: string;
}

/** Redis commands that wipe data, given one command's words (`FLUSHALL`, `FLUSHDB ASYNC`, …). */
export function classifyRedisWords(words: readonly string[]): NonSqlEffect | null {
  const verb = (words[0] ?? '').toUpperCase();
  if (verb === 'FLUSHALL') return { what: 'FLUSHALL', level: 'deny', description: 'deletes every key in every Redis database' };
  if (verb === 'FLUSHDB') return { what: 'FLUSHDB', level: 'deny', description: 'deletes every key in the selected Redis database' };
  if (verb === 'SWAPDB') return { what: 'SWAPDB', level: 'ask', description: 'swaps two Redis databases (clients see the other data set)' };
  if (verb === 'DEBUG' && (words[1] ?? '').toUpperCase() === 'FLUSHALL') return { what: 'DEBUG FLUSHALL', level: 'deny', description: 'deletes every key' };
  if (verb === 'SHUTDOWN' && (words[1] ?? '').toUpperCase() === 'NOSAVE') return { what: 'SHUTDOWN NOSAVE', level: 'ask', description: 'stops Redis without saving: every write since the last snapshot is lost' };
  if (verb === 'CONFIG' && (words[1] ?? '').toUpperCase() === 'SET' && /^(dir|dbfilename|appendonly|save)$/i.test(words[2] ?? '')) {
    return { what: `CONFIG SET ${words[2]}`, level: 'ask', description: 'changes where or whether Redis persists its data' };
  }
  // REPLICAOF/SLAVEOF HOST PORT: the node drops its own data set to copy the other one (NO ONE is a promotion)
  if ((verb === 'REPLICAOF' || verb === 'SLAVEOF') && (words[1] ?? '').toUpperCase() !== 'NO') {
    return { what: verb, level: 'deny', description: `makes this node a replica of ${words[1] ?? 'another'}: it discards every key it holds to copy that node's` };
  }
  if (verb === 'FUNCTION' && (words[1] ?? '').toUpperCase() === 'FLUSH') return { what: 'FUNCTION FLUSH', level: 'ask', description: 'deletes every Redis function library' };
  // Lua run by the server: EVAL/EVAL_RO/EVALSHA_RO "…redis.call('FLUSHALL')…"
  if (verb === 'EVAL' || verb === 'EVAL_RO') {
    for (const m of (words[1] ?? '').matchAll(/redis\.p?call\s*\(\s*['"]([A-Za-z]+)['"]\s*(?:,\s*['"]([A-Za-z]+)['"])?/g)) {
      const inner = classifyRedisWords([m[1], ...(m[2] ? [m[2]] : [])]);
      if (inner) return { ...inner, what: `EVAL ${inner.what}`, description: `runs a Lua script that ${inner.description.replace(/^deletes/, 'deletes')}` };
    }
  }
  return null;
}

/** Each line of redis-cli input is one command. */
export function classifyRedisText(text: string): NonSqlEffect[] {
  const out: NonSqlEffect[] = [];
  for (const line of text.split(/\r?\n/)) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    const e = classifyRedisWords(words);
    if (e) out.push(e);
  }
  return out;
}

/** Strip JS comments and the contents of string literals, so shapes are matched on code only. */
function jsCodeOnly(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') { const e = src.indexOf('\n', i); i = e < 0 ? src.length : e; continue; }
    if (c === '/' && src[i + 1] === '*') { const e = src.indexOf('*/', i + 2); i = e < 0 ? src.length : e + 2; continue; }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out += `${c}s${c}`;
      i = j + 1;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** MongoDB shell code that drops or empties data. */
export function classifyMongoJs(src: string): NonSqlEffect[] {
  const code = jsCodeOnly(src);
  const out: NonSqlEffect[] = [];
  if (/\.\s*dropDatabase\s*\(/.test(code)) out.push({ what: 'dropDatabase()', level: 'deny', description: 'drops the whole MongoDB database' });
  if (/\.\s*drop\s*\(/.test(code)) out.push({ what: '.drop()', level: 'deny', description: 'drops a MongoDB collection with all its documents' });
  if (/\.\s*dropAllUsers\s*\(/.test(code)) out.push({ what: 'dropAllUsers()', level: 'deny', description: 'removes every user of the database' });
  if (/\.\s*(deleteMany|remove)\s*\(\s*(\{\s*\})?\s*[,)]/.test(code)) out.push({ what: 'deleteMany({})', level: 'deny', description: 'deletes every document of a collection (empty filter)' });
  if (/\.\s*updateMany\s*\(\s*\{\s*\}\s*,/.test(code)) out.push({ what: 'updateMany({}, …)', level: 'ask', description: 'updates every document of a collection (empty filter)' });
  if (/\.\s*(dropIndexes|dropIndex)\s*\(/.test(code)) out.push({ what: 'dropIndexes()', level: 'ask', description: 'drops indexes (rebuildable, but queries and unique constraints suffer)' });
  if (/\b(?:runCommand|adminCommand)\s*\(\s*\{\s*(?:dropDatabase|drop)\s*:/.test(code)) out.push({ what: 'runCommand({drop…})', level: 'deny', description: 'drops a database or collection' });
  // the same empty-filter delete spelled another way: bulkWrite, runCommand({delete}), a filter every document matches
  if (/deleteMany\s*:\s*\{\s*filter\s*:\s*\{\s*\}/.test(code) || /\b(?:runCommand|adminCommand)\s*\(\s*\{\s*delete\s*:[\s\S]*?\bq\s*:\s*\{\s*\}/.test(code)
    || /\.\s*deleteMany\s*\(\s*\{\s*_id\s*:\s*\{\s*\$exists\s*:\s*true\s*\}\s*\}/.test(code)) {
    out.push({ what: 'delete of every document', level: 'deny', description: 'deletes every document of a collection (a filter that matches all)' });
  }
  // {$out: "coll"} / {$merge: …} at the end of an aggregation replaces or rewrites that collection
  if (/\.\s*aggregate\s*\([\s\S]*\$out\s*:/.test(code)) out.push({ what: 'aggregate $out', level: 'ask', description: 'replaces the $out collection with the aggregation result' });
  // renameCollection(x, true) drops the target collection first
  if (/\.\s*renameCollection\s*\([^,)]*,\s*true\s*\)/.test(code)) out.push({ what: 'renameCollection(…, dropTarget)', level: 'deny', description: 'drops the target collection before the rename' });
  return out;
}
