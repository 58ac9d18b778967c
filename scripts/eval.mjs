#!/usr/bin/env node
// Scores twokey against the peers' corpora (../shared/corpora; see its README): default-context rows only,
// and for Dippy (an allowlist tool whose "block" means "prompts", not "destructive") only its allow rows.
// A block row is caught when twokey says ask or deny; an allow row is a false positive when twokey says
// ask or deny. Everything goes through the built CLI (`twokey check --batch -`), the same path users get.
//
//   npm run eval                      recall and FP rate per corpus
//   npm run eval -- --json            the same as JSON
//   npm run eval -- --misses          also list misses and false positives (for the pack authors), from the
//                                     80% outside the holdout only; --misses-all lists every row
//   npm run eval -- --holdout [--seed N]   score a seeded random 20% split ("unseen") apart from the rest
//   npm run eval -- --corpus dippy    one corpus only
//   npm run eval -- --extended        also dcg's optional packs in twokey's domain (not a target; never used to write rules)
//   npm run eval -- --contexts        also the safety-net rows that hold in a given working directory (a fresh
//                                     temp directory, /tmp, or $HOME), each judged from a real directory of that kind
//
// Peers disagree with each other on purpose (corpora/README.md). Rows where twokey's answer differs from
// the peer's on principle are listed, each with its reason, in eval/disagreements.jsonl. They are scored
// twice: "all" counts every row as the peer labelled it; "net" leaves out a listed row while twokey still
// answers it the way the list says (a row whose answer changed is scored normally again).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
// a misspelt option must not silently score something else: every word is a known flag or a known option's value
const FLAGS = new Set(['--help', '-h', '--json', '--misses', '--misses-all', '--holdout', '--extended', '--contexts']);
const VALUED = new Set(['--seed', '--corpus', '--dir', '--disagreements']);
for (let i = 0; i < args.length; i++) {
  if (VALUED.has(args[i])) {
    if (i + 1 >= args.length) {
      process.stderr.write(`eval: ${args[i]} needs a value (npm run eval -- --help lists the options)\n`);
      process.exit(1);
    }
    i++;
  } else if (!FLAGS.has(args[i])) {
    process.stderr.write(`eval: unknown option '${args[i]}' (argument ${i + 1}); npm run eval -- --help lists the options\n`);
    process.exit(1);
  }
}
if (flag('--help') || flag('-h')) {
  // the usage lines of the header comment above
  const head = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
  const usage = head.filter((l) => /^\/\/\s+(npm run eval|\s{20,})/.test(l)).map((l) => l.replace(/^\/\/ ?/, ''));
  process.stdout.write(`npm run eval -- [options]: scores twokey on the peers' corpora in ../shared/corpora\n\n${usage.join('\n')}\n\n  --dir DIR                         read the corpora from DIR\n  --disagreements FILE              read the documented disagreements from FILE (default eval/disagreements.jsonl)\nExit codes: 0 scored, 1 error (no corpora, a malformed disagreements file, build or batch failure).\n`);
  process.exit(0);
}
const json = flag('--json');
const showMisses = flag('--misses');
const holdout = flag('--holdout');
const seed = option('--seed', '2026');
const onlyCorpus = option('--corpus', null);
const corporaDir = resolve(option('--dir', join(root, '..', 'shared', 'corpora')));
const HOLDOUT_SHARE = 0.2;
const TARGET_RECALL = 0.97;
const TARGET_FP = 0.03;

/** Which rows of each file count, as the corpora README says. */
const CORPORA = [
  { name: 'destructive_command_guard', file: 'destructive_command_guard.default.jsonl', keep: (r) => true, countBlock: true },
  { name: 'cc-safety-net-v2', file: 'cc-safety-net-v2.jsonl', keep: (r) => r.context === 'default', countBlock: true },
  { name: 'claude-code-safety-net', file: 'claude-code-safety-net.jsonl', keep: (r) => r.context === 'default', countBlock: true },
  { name: 'dippy', file: 'dippy.jsonl', keep: (r) => r.expect === 'allow', countBlock: false },
];

/**
 * Not a target of the issue, and never used to write rules: dcg's optional packs whose domain twokey covers
 * too (databases, storage, backups, search, messaging, cloud, Kubernetes, containers, DNS, git, files).
 * Their rows hold "with that pack enabled"; twokey's packs are always on. `--extended` scores them apart.
 */
const DCG_PACKS_IN_SCOPE = /^(database\.|storage\.|backup\.|search\.|messaging\.|cloud\.|kubernetes\.|containers\.|infrastructure\.|core\.|remote\.rsync|platform\.(github|gitlab)|strict_git|dns\.)/;
const EXTENDED = [
  {
    name: 'dcg-packs-in-scope', file: 'destructive_command_guard.jsonl', countBlock: true,
    keep: (r) => typeof r.requires_pack === 'string' && DCG_PACKS_IN_SCOPE.test(r.requires_pack) && !r.policy_drift && !r.known_failing && !r.conflicts && (r.context === undefined || r.context === 'default'),
  },
];
if (flag('--extended')) CORPORA.push(...EXTENDED);

/**
 * Rows whose only context is the working directory, and a kind of directory this machine can give:
 * `<fresh temp dir>` (a scratch directory the peer's test created under the temp root), `/tmp` itself, and
 * `<HOME>` (cwd is $HOME). Each row is judged from a real directory of that kind (HOME pointed at it for
 * `<HOME>`). Rows with a fixture path, a flag, a worktree or an invented path (/project) stay out.
 */
const CWD_KINDS = { '<fresh temp dir>': 'fresh', '<fresh temp dir, not HOME>': 'fresh', '/tmp': 'tmp', '<HOME>': 'home' };
const cwdKind = (r) => (r.context && typeof r.context === 'object' && Object.keys(r.context).join() === 'cwd' ? CWD_KINDS[r.context.cwd] : undefined);
const CONTEXTS = [
  { name: 'cc-safety-net-v2 (cwd rows)', file: 'cc-safety-net-v2.jsonl', keep: (r) => cwdKind(r) !== undefined, cwdOf: cwdKind, countBlock: true },
  { name: 'claude-code-safety-net (cwd rows)', file: 'claude-code-safety-net.jsonl', keep: (r) => cwdKind(r) !== undefined, cwdOf: cwdKind, countBlock: true },
];
if (flag('--contexts')) CORPORA.push(...CONTEXTS);

const DISAGREEMENT_CATEGORIES = ['harmless-as-written', 'twokey-stricter', 'peer-context', 'policy'];

/**
 * The project's written requirements (issue 2 and DEVELOPERS.md), where their words decide a row against the
 * peer's label (a disagreement's optional `issue` field names the clause). Such a row is out of reach for any
 * tool that does what they ask, so together they bound the figures as labelled: recall at most
 * (block - rows required allowed) / block, FP at least (rows required blocked) / allow. Only rows the quoted
 * words settle plainly carry a clause; twokey's own policy choices do not.
 */
const ISSUE_CLAUSES = {
  obfuscation: 'issue 2: "Resolve obfuscation: `t\'\'erraform`, `\\terraform`, `$\'\\x74…\'`…"; DEVELOPERS.md: "Fail closed on the dangerous path"',
  dynamic: 'issue 2: "A command name that stays dynamic (`$CMD`, `$(…)`) or a parse error is `ask`, never `allow`."',
  filesystem: 'issue 2: "filesystem (rm on /, ~, $HOME, .git, … unscoped globs …; find -delete …)"',
  git: 'issue 2: "git/gh (force push including `+ref`, reset --hard, …, branch -D, stash clear/drop, …)"',
  text: 'DEVELOPERS.md: "Text is not a command: commit messages, `echo`, `grep` patterns and heredoc prose must not trigger rules."',
  'dry-run': 'issue 2: "Reading, planning, listing, describing and dry runs are `allow`."',
};

/** eval/disagreements.jsonl: corpus file + command -> {expect, twokey, category, why}. Malformed lines stop the eval. */
function readDisagreements(path) {
  const map = new Map();
  if (!existsSync(path)) return map;
  readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let d;
    try { d = JSON.parse(line); } catch (err) { throw new Error(`${path}:${i + 1}: not JSON (${err.message})`); }
    for (const k of ['corpus', 'command', 'expect', 'twokey', 'category', 'why']) {
      if (typeof d[k] !== 'string' || d[k] === '') throw new Error(`${path}:${i + 1}: field "${k}" is missing or empty`);
    }
    if (!DISAGREEMENT_CATEGORIES.includes(d.category)) throw new Error(`${path}:${i + 1}: category "${d.category}" is not one of ${DISAGREEMENT_CATEGORIES.join(', ')}`);
    if (!['allow', 'ask', 'deny'].includes(d.twokey)) throw new Error(`${path}:${i + 1}: "twokey" must be allow, ask or deny`);
    if (d.issue !== undefined) {
      if (!Object.hasOwn(ISSUE_CLAUSES, d.issue)) throw new Error(`${path}:${i + 1}: issue clause "${d.issue}" is not one of ${Object.keys(ISSUE_CLAUSES).join(', ')}`);
      // a clause decides the answer: it must be the one twokey gives (allow for text and dry runs, a block otherwise)
      const wants = ['text', 'dry-run'].includes(d.issue) ? 'allow' : 'block';
      if (wants !== (d.twokey === 'allow' ? 'allow' : 'block') || wants === (d.expect === 'allow' ? 'allow' : 'block')) {
        throw new Error(`${path}:${i + 1}: clause "${d.issue}" asks for ${wants}, so it only fits a row labelled the other way that twokey answers ${wants}`);
      }
    }
    const corpus = d.corpus.replace(/\.jsonl$/, '');
    map.set(`${corpus}\0${d.command}`, d);
  });
  return map;
}
let disagreements;
try {
  const given = option('--disagreements', null);
  if (given !== null && !existsSync(given)) throw new Error(`--disagreements ${given}: no such file`);
  disagreements = readDisagreements(resolve(given ?? join(root, 'eval', 'disagreements.jsonl')));
} catch (err) {
  console.error(`eval: ${err.message}`);
  process.exit(1);
}

/** Is this row a documented disagreement that still holds for twokey's answer? */
function stillDisagrees(corpusName, corpusFile, row, answer) {
  const d = disagreements.get(`${corpusName}\0${row.command}`) ?? disagreements.get(`${corpusFile.replace(/\.jsonl$/, '')}\0${row.command}`);
  if (!d || d.expect !== row.expect) return null;
  const blocked = answer.decision === 'ask' || answer.decision === 'deny';
  const listedBlocked = d.twokey === 'ask' || d.twokey === 'deny';
  return blocked === listedBlocked ? d : null;
}

function readRows(path) {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

/** Stable, order-independent split: a row is held out when hash(seed, command) falls in the first 20%. */
function inHoldout(command) {
  const h = createHash('sha256').update(`${seed}\0${command}`).digest();
  return h.readUInt32BE(0) / 0x100000000 < HOLDOUT_SHARE;
}

/**
 * The shape of a command with repetition folded away (`parallel ::: true true true` and `… true true`,
 * `xxxx` and `xxxxx`, `$@ $@ $@`): rows of one corpus with the same shape but opposite labels are the
 * peer's own boundary tests of an internal budget (one word more flips its verdict). No other tool can
 * agree with both rows, so they are counted apart, mechanically, from the documented disagreements.
 */
function shapeOf(command) {
  const words = command.split(/\s+/).filter(Boolean).map((w) => w.replace(/(.+?)\1{3,}/gu, '$1…'));
  const out = [];
  for (const w of words) if (out.length < 2 || out[out.length - 1] !== w || out[out.length - 2] !== w) out.push(w);
  return out.join(' ').replace(/(\S+)( \1)+/g, '$1…');
}

/** Rows whose shape twin in the same corpus carries the opposite label. */
function selfContradicting(rows) {
  const labels = new Map();
  for (const r of rows) {
    const k = shapeOf(r.command);
    labels.set(k, (labels.get(k) ?? new Set()).add(r.expect));
  }
  return new Set(rows.filter((r) => labels.get(shapeOf(r.command)).size > 1 && r.command.length > 200).map((r) => r.command));
}

function judgeAll(commands, cwd, home, extraEnv = {}) {
  const input = commands.map((command) => JSON.stringify({ command })).join('\n') + '\n';
  const started = Date.now();
  const r = spawnSync(process.execPath, [join(root, 'bin', 'twokey.js'), 'check', '--batch', '-', '--cwd', cwd], {
    input, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, TWOKEY_HOME: home, ...extraEnv },
  });
  const elapsed = Date.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`twokey check --batch failed (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
  const out = r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
  if (out.length !== commands.length) throw new Error(`expected ${commands.length} answers, got ${out.length}: ${r.stderr.slice(0, 2000)}`);
  return { answers: out, elapsed };
}

function score(rows, answers) {
  const s = { block: 0, caught: 0, allow: 0, fp: 0, errors: 0, misses: [], fps: [] };
  rows.forEach((row, i) => {
    const a = answers[i];
    const blocked = a.decision === 'ask' || a.decision === 'deny' || a.error !== undefined;
    if (a.error !== undefined) s.errors++;
    if (row.expect === 'block') {
      s.block++;
      if (blocked) s.caught++;
      else s.misses.push({ command: row.command, source: row.source, their_rule: row.their_rule, decision: a.decision });
    } else {
      s.allow++;
      if (blocked) { s.fp++; s.fps.push({ command: row.command, source: row.source, decision: a.decision ?? 'error', rule: a.rule, reason: a.reason ?? a.error }); }
    }
  });
  return s;
}

function figures(s, countBlock) {
  return {
    block_rows: countBlock ? s.block : 0,
    recall: countBlock && s.block ? s.caught / s.block : null,
    missed: countBlock ? s.block - s.caught : 0,
    allow_rows: s.allow,
    fp_rate: s.allow ? s.fp / s.allow : null,
    false_positives: s.fp,
    errors: s.errors,
  };
}

if (onlyCorpus && !CORPORA.some((c) => c.name === onlyCorpus)) {
  console.error(`eval: no corpus named "${onlyCorpus}" (with these flags); known: ${CORPORA.map((c) => c.name).join(', ')} (--extended and --contexts add more)`);
  process.exit(1);
}
if (!existsSync(join(root, 'dist', 'cli.js'))) {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) process.exit(1);
}
if (!existsSync(corporaDir)) {
  console.error(`eval: no corpora at ${corporaDir} (the shared data folder is absent)`);
  process.exit(1);
}

// The peers ran their default-context tests from their own checkout: an ordinary project directory, not
// a temp directory (where `rm -rf /tmp/*` would contain the working directory and twokey's home). So the
// scratch project and TWOKEY_HOME live in a transient directory inside this checkout, removed at the end.
mkdirSync(join(root, '.scratch'), { recursive: true }); // git-ignored
const cwdRoot = mkdtempSync(join(root, '.scratch', 'eval-'));
const cwd = join(cwdRoot, 'project');
mkdirSync(cwd);
const home = join(cwdRoot, 'twokey-home');
mkdirSync(home);
/** Judges each row from a real directory of the kind its context names; answers come back in row order. */
function judgeByDirectory(rows, kindOf) {
  const answers = new Array(rows.length);
  let elapsed = 0;
  for (const kind of new Set(rows.map(kindOf))) {
    const idx = rows.map((r, i) => i).filter((i) => kindOf(rows[i]) === kind);
    let dir;
    let extraEnv = {};
    if (kind === 'tmp') dir = '/tmp';
    else if (kind === 'fresh') dir = mkdtempSync(join(tmpdir(), 'twokey-eval-'));
    else { dir = mkdtempSync(join(cwdRoot, 'home-')); extraEnv = { HOME: dir }; }
    try {
      const r = judgeAll(idx.map((i) => rows[i].command), dir, home, extraEnv);
      idx.forEach((i, k) => { answers[i] = r.answers[k]; });
      elapsed += r.elapsed;
    } finally {
      if (kind === 'fresh') rmSync(dir, { recursive: true, force: true });
    }
  }
  return { answers, elapsed };
}
const report = { seed: holdout ? seed : undefined, corpora: [] };
try {
  for (const c of CORPORA) {
    if (onlyCorpus && c.name !== onlyCorpus) continue;
    const path = join(corporaDir, c.file);
    if (!existsSync(path)) { console.error(`eval: ${path} missing, skipped`); continue; }
    const rows = readRows(path).filter(c.keep).filter((r) => c.countBlock || r.expect === 'allow');
    const { answers, elapsed } = c.cwdOf ? judgeByDirectory(rows, c.cwdOf) : judgeAll(rows.map((r) => r.command), cwd, home);
    const entry = { name: c.name, file: c.file, rows: rows.length, ms: elapsed };
    const all = score(rows, answers);
    entry.all = figures(all, c.countBlock);
    const twins = selfContradicting(rows);
    const consistent = rows.map((r, i) => i).filter((i) => !twins.has(rows[i].command));
    entry.consistent = figures(score(consistent.map((i) => rows[i]), consistent.map((i) => answers[i])), c.countBlock);
    entry.self_contradicting = twins.size;
    const excluded = [];
    const kept = [];
    rows.forEach((r, i) => { const d = stillDisagrees(c.name, c.file, r, answers[i]); if (d) excluded.push(d); else kept.push(i); });
    entry.net = figures(score(kept.map((i) => rows[i]), kept.map((i) => answers[i])), c.countBlock);
    entry.disagreements = excluded.reduce((acc, d) => ({ ...acc, [d.category]: (acc[d.category] ?? 0) + 1 }), {});
    const decided = excluded.filter((d) => d.issue);
    if (decided.length) {
      const againstBlock = decided.filter((d) => d.expect === 'block').length;
      const againstAllow = decided.filter((d) => d.expect === 'allow').length;
      entry.issue_bound = {
        rows: decided.length,
        clauses: decided.reduce((acc, d) => ({ ...acc, [d.issue]: (acc[d.issue] ?? 0) + 1 }), {}),
        best_recall: c.countBlock && all.block ? (all.block - againstBlock) / all.block : null,
        least_fp_rate: all.allow ? againstAllow / all.allow : null,
        block_rows: all.block, allow_rows: all.allow, against_block: againstBlock, against_allow: againstAllow,
      };
    }
    if (holdout) {
      const idx = rows.map((r, i) => i);
      const held = idx.filter((i) => inHoldout(rows[i].command));
      const seen = idx.filter((i) => !inHoldout(rows[i].command));
      entry.holdout = figures(score(held.map((i) => rows[i]), held.map((i) => answers[i])), c.countBlock);
      entry.seen = figures(score(seen.map((i) => rows[i]), seen.map((i) => answers[i])), c.countBlock);
    }
    if (showMisses) {
      // Misses are listed for the pack authors from the 80% only, so the held-out 20% stays unseen
      // (--misses-all lists every row).
      const listed = flag('--misses-all') ? all : score(rows.filter((r) => !inHoldout(r.command)), answers.filter((_, i) => !inHoldout(rows[i].command)));
      entry.misses = c.countBlock ? listed.misses : [];
      entry.false_positives = listed.fps;
    }
    report.corpora.push(entry);
  }
} finally {
  rmSync(cwdRoot, { recursive: true, force: true });
}

/** All corpora together (block rows of the destructive-command corpora, allow rows of all four). */
function overall(key) {
  const parts = report.corpora.map((e) => e[key]).filter(Boolean);
  if (parts.length === 0) return null;
  const sum = (k) => parts.reduce((a, f) => a + f[k], 0);
  const block = sum('block_rows');
  const allow = sum('allow_rows');
  return {
    block_rows: block, recall: block ? (block - sum('missed')) / block : null, missed: sum('missed'),
    allow_rows: allow, fp_rate: allow ? sum('false_positives') / allow : null, false_positives: sum('false_positives'), errors: sum('errors'),
  };
}
if (report.corpora.some((e) => e.issue_bound)) report.issue_clauses = ISSUE_CLAUSES;
report.overall = { all: overall('all'), net: overall('net'), ...(holdout ? { holdout: overall('holdout'), seen: overall('seen') } : {}) };

const pct = (x) => (x === null ? '   n/a' : `${(x * 100).toFixed(1).padStart(5)}%`);
if (json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const line = (label, f) => `  ${label.padEnd(8)} recall ${pct(f.recall)} (${f.block_rows - f.missed}/${f.block_rows})   FP ${pct(f.fp_rate)} (${f.false_positives}/${f.allow_rows})${f.errors ? `   errors ${f.errors}` : ''}`;
  for (const e of report.corpora) {
    process.stdout.write(`${e.name} (${e.file}, ${e.rows} rows, ${e.ms} ms)\n`);
    process.stdout.write(`${line('all', e.all)}\n`);
    if (e.self_contradicting) process.stdout.write(`${line('twins', e.consistent)}   (without ${e.self_contradicting} rows whose shape twin in the same file is labelled the other way: the peer's budget boundaries)\n`);
    const listed = Object.entries(e.disagreements ?? {});
    if (listed.length) process.stdout.write(`${line('net', e.net)}   (without ${listed.reduce((n, [, v]) => n + v, 0)} documented disagreements: ${listed.map(([k, v]) => `${k} ${v}`).join(', ')})\n`);
    const b = e.issue_bound;
    if (b) {
      const outOfReach = (b.best_recall !== null && b.best_recall < TARGET_RECALL) || (b.least_fp_rate !== null && b.least_fp_rate > TARGET_FP);
      process.stdout.write(`  ${'bound'.padEnd(8)} recall <=${pct(b.best_recall)} (${b.block_rows - b.against_block}/${b.block_rows})   FP >=${pct(b.least_fp_rate)} (${b.against_allow}/${b.allow_rows})   (${b.rows} rows the written requirements decide against the label: ${Object.entries(b.clauses).map(([k, v]) => `${k} ${v}`).join(', ')})${outOfReach ? '; a target is out of reach as labelled' : ''}\n`);
    }
    if (e.holdout) {
      process.stdout.write(`${line('holdout', e.holdout)}   (seeded 20% split, seed ${seed})\n`);
      process.stdout.write(`${line('rest', e.seen)}\n`);
    }
    if (showMisses) {
      for (const m of e.misses ?? []) process.stdout.write(`    MISS ${JSON.stringify(m.command)}  (${m.source}${m.their_rule ? `, theirs: ${m.their_rule}` : ''})\n`);
      for (const f of e.false_positives ?? []) process.stdout.write(`    FP   ${JSON.stringify(f.command)} -> ${f.decision} ${f.rule ?? ''}: ${f.reason ?? ''}  (${f.source})\n`);
    }
  }
  if (report.overall.all && report.corpora.length > 1) {
    process.stdout.write('overall (every corpus above together)\n');
    process.stdout.write(`${line('all', report.overall.all)}\n`);
    if (report.overall.net) process.stdout.write(`${line('net', report.overall.net)}\n`);
    if (report.overall.holdout) {
      process.stdout.write(`${line('holdout', report.overall.holdout)}\n`);
      process.stdout.write(`${line('rest', report.overall.seen)}\n`);
    }
  }
  if (report.issue_clauses) {
    process.stdout.write('bound: the best figures as labelled for any tool that does what these written requirements ask:\n');
    for (const [k, v] of Object.entries(report.issue_clauses)) process.stdout.write(`  ${k.padEnd(12)} ${v}\n`);
  }
  process.stdout.write(`targets: recall >= ${(TARGET_RECALL * 100).toFixed(1)}%, FP <= ${(TARGET_FP * 100).toFixed(1)}%\n`);
}
