import type { CommandRule, Decision, RuleContext, RuleHit, SimpleCommand } from '../../core/types.js';
import { envValue } from '../argv.js';
import { hit } from '../hit.js';

/**
 * Helpers shared by the cloud and infrastructure packs (terraform, iac, aws, gcp, azure, paas).
 * Cloud CLIs share one shape: `tool [global options] group… verb [options] [args]`, where global options
 * (`--profile p`, `--project=p`, `-o json`) may appear anywhere. Pure functions only: rules never do I/O.
 */

export type Level = Exclude<Decision, 'allow'>;

/** A cloud CLI call split into its command path (positional words) and its options. */
export interface CliCall {
  tool: string;
  /** Positional words in order, with the values of known value-taking options removed. */
  path: string[];
  /** For each path word: does it hold an expansion whose value is unknown (`$OP`, `$(…)`)? */
  dynamicPath: boolean[];
  /** Every word after the program name, as written. */
  words: string[];
  cmd: SimpleCommand;
  /** Only asks for help (`--help`, `-h`, a `help` word): computed once per parse, see isHelpRequest. */
  help?: boolean;
}

/**
 * Split argv into positional words and options. `valueFlags` lists options that take a separate value
 * (`--profile prod`); their values are not positional. Options written `--x=v` never consume the next word.
 * After `--` every word is positional.
 */
/**
 * The last few results of a per-command computation, found by the identity of the command object (and a
 * tag such as the option set). The engine runs every rule on one command before it moves to the next, so
 * the first rule of a pack parses a command and the others reuse that parse. A handful of recent entries
 * instead of a WeakMap: identity compares are cheaper than weak-map bookkeeping for short-lived objects,
 * and only a few commands are ever held.
 */
export interface RecentCache<V> {
  get(key: object, tag?: unknown): V | undefined;
  set(key: object, tag: unknown, value: V): V;
}

export function recentCache<V>(size = 4): RecentCache<V> {
  const keys: (object | null)[] = new Array<object | null>(size).fill(null);
  const tags: unknown[] = new Array<unknown>(size).fill(undefined);
  const values: (V | undefined)[] = new Array<V | undefined>(size).fill(undefined);
  let next = 0;
  return {
    get(key, tag) {
      for (let i = 0; i < size; i++) if (keys[i] === key && tags[i] === tag) return values[i];
      return undefined;
    },
    set(key, tag, value) {
      keys[next] = key;
      tags[next] = tag;
      values[next] = value;
      next = (next + 1) % size;
      return value;
    },
  };
}

const recentParses = recentCache<CliCall>(8);

export function parseCli(cmd: SimpleCommand, valueFlags: ReadonlySet<string>): CliCall {
  // Every rule of a pack parses the same command: parse once per command and option set. Callers never mutate it.
  return recentParses.get(cmd, valueFlags) ?? recentParses.set(cmd, valueFlags, parseCliUncached(cmd, valueFlags));
}

const YARGS_TOOLS = new Set(['cdk', 'cdktf', 'serverless', 'sls']);

function parseCliUncached(cmd: SimpleCommand, valueFlags: ReadonlySet<string>): CliCall {
  const words = cmd.argv.slice(1);
  const path: string[] = [];
  const dynamicPath: boolean[] = [];
  const dyn = (i: number) => cmd.dynamic[i + 1] === true;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      for (let j = i + 1; j < words.length; j++) { path.push(words[j]); dynamicPath.push(dyn(j)); }
      break;
    }
    if (w.startsWith('-') && w.length > 1 && !dyn(i)) {
      if (!w.includes('=') && valueFlags.has(w)) i++;
      // yargs CLIs (cdk, serverless) take a literal true/false after a boolean option as its value
      else if (!w.includes('=') && YARGS_TOOLS.has(cmd.name) && /^(true|false)$/.test(words[i + 1] ?? '')) i++;
      continue;
    }
    path.push(w);
    dynamicPath.push(dyn(i));
  }
  const call: CliCall = { tool: cmd.name, path, words, cmd, dynamicPath };
  call.help = helpWords(call);
  return call;
}

/** Is `flag` present (`--x`, `--x=v`; short `-x` also inside a cluster `-rx` when `cluster` is true)? */
export function has(call: CliCall | string[], ...flags: string[]): boolean {
  const words = Array.isArray(call) ? call : call.words;
  for (const w of words) {
    if (w === '--') break;
    for (const f of flags) {
      if (w === f || (f.startsWith('--') && w.startsWith(`${f}=`))) return true;
      if (!f.startsWith('--') && f.length > 2 && w.startsWith(`${f}=`)) return true; // -auto-approve=true
    }
  }
  return false;
}

/** Short flag letter present alone or inside a cluster of single-dash letters (`-rf` holds `r` and `f`). */
export function hasShort(call: CliCall | string[], letter: string): boolean {
  const words = Array.isArray(call) ? call : call.words;
  for (const w of words) {
    if (w === '--') break;
    if (/^-[A-Za-z]+$/.test(w) && w.includes(letter)) return true;
  }
  return false;
}

/** Value of an option: `--x v` or `--x=v`; last one wins. */
export function value(call: CliCall | string[], ...flags: string[]): string | undefined {
  const words = Array.isArray(call) ? call : call.words;
  let found: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') break;
    for (const f of flags) {
      if (w === f && i + 1 < words.length) found = words[i + 1];
      else if (w.startsWith(`${f}=`)) found = w.slice(f.length + 1);
    }
  }
  return found;
}

/** Boolean option that may be written `--x`, `--x=true`, `--x true`, `--x=false`. */
export function boolFlag(call: CliCall, flag: string): boolean {
  for (let i = 0; i < call.words.length; i++) {
    const w = call.words[i];
    if (w === '--') break;
    if (w === flag) {
      const next = call.words[i + 1]?.toLowerCase();
      return next !== 'false';
    }
    if (w.startsWith(`${flag}=`)) return w.slice(flag.length + 1).toLowerCase() !== 'false';
  }
  return false;
}

/**
 * Does the command path contain `pattern` as a contiguous run starting within the first `maxStart` + 1
 * positions? Each pattern element is `a|b` alternatives or `*`. A small start offset tolerates an unknown
 * global option's value (`gcloud --zone z compute …`) and release tracks (`gcloud beta …`).
 */
export function pathHas(path: readonly string[], pattern: readonly string[], maxStart = 0): boolean {
  for (let s = 0; s <= maxStart && s + pattern.length <= path.length; s++) {
    if (pattern.every((p, i) => p === '*' || p.split('|').includes(path[s + i]))) return true;
  }
  return false;
}

/** Words that only ask a tool to describe itself: nothing runs. */
export function isHelpRequest(call: CliCall): boolean {
  return call.help ?? helpWords(call);
}

function helpWords(call: CliCall): boolean {
  return has(call, '--help', '-help', '-h') || call.path.includes('help');
}

/** True for the usual spellings of "yes" in an environment variable. */
export function truthy(v: string | undefined): boolean {
  if (v === undefined) return false;
  return /^(1|true|yes|y|on)$/i.test(v.trim());
}

export function env(cmd: SimpleCommand, ctx: RuleContext, name: string): string | undefined {
  return envValue(cmd, ctx.env, name);
}

/**
 * Is the command's standard input an automatic "yes" (`yes |`, `echo yes |`, `printf 'y\n' |`, `<<< yes`,
 * a heredoc starting with y)? Those answer a confirmation prompt without a human.
 */
export function stdinAnswersYes(cmd: SimpleCommand): boolean {
  const s = cmd.stdin;
  const isYes = (t: string | undefined) => t !== undefined && /^\s*['"]?y(es)?\b/i.test(t);
  if (s.kind === 'heredoc' || s.kind === 'herestring') return isYes(s.text);
  if (s.kind === 'pipe') {
    if (isYes(s.text)) return true;
    const last = s.from[s.from.length - 1];
    if (!last) return false;
    if (last.name === 'yes') return true;
    if (last.name === 'echo' || last.name === 'printf') {
      const words = last.argv.slice(1).filter((w) => !/^-[neE]+$/.test(w));
      return isYes(words.join(' ').replace(/\\n/g, '\n'));
    }
  }
  return false;
}

export { hit };

/** The program name as the user typed it (for safer-command text). */
export function prog(cmd: SimpleCommand): string {
  return cmd.name || 'terraform';
}

/** Join the positional path for messages. */
export function shown(call: CliCall, n = 4): string {
  return [call.tool, ...call.path.slice(0, n)].join(' ');
}

/** A rule over a parsed CLI call. */
export interface CallRuleSpec {
  id: string;
  level: Level;
  summary: string;
  commands: readonly string[];
  match(call: CliCall, ctx: RuleContext): RuleHit | null;
}

/** Wrap a CLI-call matcher as a CommandRule (parsing argv with the tool's value-taking options). */
export function callRule(spec: CallRuleSpec, valueFlags: ReadonlySet<string>, skip?: (call: CliCall) => boolean): CommandRule {
  return {
    id: spec.id,
    level: spec.level,
    summary: spec.summary,
    commands: spec.commands,
    match(cmd: SimpleCommand, ctx: RuleContext): RuleHit | null {
      const call = parseCli(cmd, valueFlags);
      if (isHelpRequest(call)) return null;
      if (skip && skip(call)) return null;
      return spec.match(call, ctx);
    },
  };
}

/** Verbs after which further words are arguments, not operations. Delete-like verbs are matched by the rules themselves. */
const KNOWN_VERB = /^(list|ls|describe|show|get|get-[\w-]+|describe-[\w-]+|list-[\w-]+|deploy|ssh|scp|create|set|update|logs?|read|tail|status|info|run|call|access|browse|config|version|whoami|login|link|open|build|submit|export|import|start|stop|restart|scale|enable|disable|patch|upload|download|cp|sync|invoke|exec|execute|query|head|cat|stat|du|mb|mk|console|connect|env|secrets|variables|domains|promote|rollback|releases?|run-now|repair-run|cancel-run|export-dir|import-dir|mkdirs?|validate|summary|test)$/;

/**
 * A rule that asks when the words choosing the operation are only known at run time
 * (`aws rds $OP`, `gcloud $GROUP delete`, `fly $(cat cmd)`): the gate cannot tell a read from a delete.
 */
export function dynamicOperationRule(id: string, commands: readonly string[], valueFlags: (name: string) => ReadonlySet<string>, depth: number): CommandRule {
  return {
    id,
    level: 'ask',
    summary: `${commands.join('/')} with an operation only known at run time`,
    commands,
    match(cmd: SimpleCommand): RuleHit | null {
      const call = parseCli(cmd, valueFlags(cmd.name));
      const at = call.dynamicPath.slice(0, depth).findIndex(Boolean);
      if (at < 0) return null;
      // After a verb that is already known (`gcloud run deploy $SERVICE`), the dynamic word is an argument.
      if (call.path.slice(0, at).some((w) => KNOWN_VERB.test(w))) return null;
      return hit(
        `${cmd.name} ${call.path.slice(0, at + 1).join(' ')}: the operation word ${JSON.stringify(call.path[at])} is only known when the command runs, so it may be a delete.`,
        'unknown: whatever the expanded operation does',
        `write the operation out literally (e.g. ${cmd.name} ${call.path.slice(0, at).join(' ')} describe …), or have a human run it`.replace('  ', ' '),
      );
    },
  };
}

/** A verb that deletes, destroys or wipes (used by the catch-all rules of each cloud pack). */
export function isDeleteVerb(word: string): boolean {
  return /^(delete|destroy|remove|rm|purge|erase|wipe|drop|terminate)$/.test(word)
    || /^(delete|batch-delete|terminate|purge|deregister|destroy)(-|$)/.test(word);
}

/** A rule over a tool's command path (`fly volumes destroy`), with the tool's value-taking options. */
export interface PathSpec {
  id: string;
  level: Level;
  summary: string;
  commands: readonly string[];
  /** Path patterns; any one matching at the start of the path (or up to `maxStart` words later) fires the rule. */
  paths: readonly (readonly string[])[];
  maxStart?: number;
  when?(call: CliCall, ctx: RuleContext): boolean;
  describe(call: CliCall, ctx: RuleContext): RuleHit | null;
}

export function pathSpecMatches(spec: PathSpec, call: CliCall, ctx: RuleContext): boolean {
  return spec.paths.some((p) => pathHas(call.path, p, spec.maxStart ?? 0)) && (!spec.when || spec.when(call, ctx));
}

/**
 * Build CommandRules from PathSpecs; `ignore` skips informational calls (help, dry runs); `parse` replaces
 * the generic parse where a tool needs its own (gcloud's cached call with its global flags dropped).
 */
export function pathRules(specs: readonly PathSpec[], valueFlags: ReadonlySet<string>, ignore?: (call: CliCall) => boolean, parse?: (cmd: SimpleCommand) => CliCall): CommandRule[] {
  return specs.map((spec) => ({
    id: spec.id,
    level: spec.level,
    summary: spec.summary,
    commands: spec.commands,
    match(cmd: SimpleCommand, ctx: RuleContext): RuleHit | null {
      const call = parse ? parse(cmd) : parseCli(cmd, valueFlags);
      // the path decides for almost every command; help and dry-run checks only run on a match
      if (!spec.paths.some((p) => pathHas(call.path, p, spec.maxStart ?? 0))) return null;
      if (isHelpRequest(call) || (ignore && ignore(call))) return null;
      if (spec.when && !spec.when(call, ctx)) return null;
      return spec.describe(call, ctx);
    },
  }));
}

/** Position of the first path word matching `re` (after the tool's first word), or -1. */
export function verbIndex(call: CliCall, re: RegExp, limit = 5): number {
  return call.path.findIndex((w, i) => i > 0 && i <= limit && re.test(w));
}

// ---------------------------------------------------------------------------
// Launchers: package runners (`npx cdk destroy`, `bunx wrangler d1 delete`, `pnpm dlx vercel rm`) and
// containers whose entrypoint is the tool (`docker run hashicorp/terraform destroy`)
// ---------------------------------------------------------------------------

/** Program names that only launch another program. */
export const LAUNCHERS: readonly string[] = ['npx', 'bunx', 'pnpx', 'pnpm', 'yarn', 'npm', 'docker', 'podman', 'nerdctl', 'docker-compose'];

/** Container images whose entrypoint is the tool itself (`docker run hashicorp/terraform destroy`). */
const ENTRYPOINT_IMAGES: [RegExp, string][] = [
  [/(^|\/)hashicorp\/terraform$/, 'terraform'],
  [/(^|\/)opentofu\/opentofu$/, 'tofu'],
  [/(^|\/)alpine\/terragrunt$/, 'terragrunt'],
  [/(^|\/)amazon\/aws-cli$/, 'aws'],
  [/(^|\/)pulumi\/pulumi(-[a-z]+)?$/, 'pulumi'],
];
const DOCKER_RUN_VALUE_FLAGS = new Set([
  '-v', '--volume', '-w', '--workdir', '-e', '--env', '--env-file', '--name', '-u', '--user', '--network', '--net', '-p', '--publish',
  '--mount', '--platform', '-l', '--label', '-h', '--hostname', '--entrypoint', '--add-host', '--dns', '--cpus', '-m', '--memory',
  '--pull', '--restart', '--security-opt', '--cap-add', '--cap-drop', '--device', '--ulimit', '--log-driver', '--log-opt', '--tmpfs',
  '--gpus', '--ipc', '--pid', '--userns', '--shm-size', '--stop-signal', '--cidfile', '--label-file', '-a', '--attach',
]);

/** `docker run [opts] IMAGE args` where IMAGE's entrypoint is a tool: the tool's command line. */
/** Compose services named after the tool they run (`docker compose run --rm terraform destroy`). */
const TOOL_SERVICES = new Set(['terraform', 'tofu', 'opentofu', 'terragrunt', 'pulumi', 'aws', 'gcloud', 'az', 'kubectl', 'helm', 'cdk', 'ansible']);

function unContainer(cmd: SimpleCommand): SimpleCommand | null {
  let words = cmd.argv.slice(1);
  let compose = cmd.name === 'docker-compose';
  if (words[0] === 'compose') {
    compose = true;
    words = words.slice(1);
    while (words.length && words[0].startsWith('-')) words = words.slice(['-f', '--file', '-p', '--project-name', '--env-file', '--profile', '--project-directory'].includes(words[0]) ? 2 : 1);
  }
  if (words[0] === 'container') words = words.slice(1);
  if (words[0] !== 'run') return null;
  words = words.slice(1);
  let entrypoint: string | undefined;
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i];
    if (!w.startsWith('-')) break;
    if (w === '--entrypoint' && i + 1 < words.length) entrypoint = words[i + 1];
    else if (w.startsWith('--entrypoint=')) entrypoint = w.slice('--entrypoint='.length);
    if (!w.includes('=') && DOCKER_RUN_VALUE_FLAGS.has(w)) i++;
  }
  const image = words[i];
  if (!image) return null;
  const repo = image.replace(/@sha256:.*$/, '').replace(/:[^/]*$/, '');
  const tool = entrypoint ? entrypoint.split('/').pop() ?? '' : compose ? (TOOL_SERVICES.has(image) ? image : undefined) : ENTRYPOINT_IMAGES.find(([re]) => re.test(repo))?.[1];
  if (!tool) return null;
  const args = words.slice(i + 1);
  const tail = cmd.argv.length - args.length;
  return { ...cmd, argv: [tool, ...args], dynamic: [false, ...cmd.dynamic.slice(tail)], name: tool, via: [...cmd.via, `${cmd.name} run ${image}`] };
}

/** npm package names whose binary has another name. */
const PACKAGE_BINARIES: Record<string, string> = {
  'aws-cdk': 'cdk', 'netlify-cli': 'netlify', 'firebase-tools': 'firebase', '@railway/cli': 'railway', 'flyctl': 'flyctl',
  '@pulumi/pulumi': 'pulumi', 'supabase': 'supabase', 'vercel': 'vercel', 'wrangler': 'wrangler', 'serverless': 'serverless',
  'neonctl': 'neonctl', 'turbo': 'turbo', '@aws-amplify/cli': 'amplify',
};
const LAUNCHER_VALUE_FLAGS = new Set(['-p', '--package', '-c', '--call', '--cache', '--registry', '--workspace', '-w', '--filter', '-F', '--dir', '-C']);

/**
 * The command a package runner launches, as if typed directly (`npx -y aws-cdk@2 destroy` -> `cdk destroy`),
 * or null when `cmd` is not a launcher call. `pnpm|yarn dlx|exec`, `npm exec [--] …` are understood too.
 */
const recentLaunches = recentCache<SimpleCommand | null>(4);

export function unlaunch(cmd: SimpleCommand): SimpleCommand | null {
  if (!LAUNCHERS.includes(cmd.name)) return null;
  // one unwrap per command: every rule then sees the same inner object, and its parse is shared too
  const cached = recentLaunches.get(cmd);
  return cached !== undefined ? cached : recentLaunches.set(cmd, undefined, unlaunchUncached(cmd));
}

function unlaunchUncached(cmd: SimpleCommand): SimpleCommand | null {
  if (cmd.name === 'docker' || cmd.name === 'podman' || cmd.name === 'nerdctl' || cmd.name === 'docker-compose') return unContainer(cmd);
  let words = cmd.argv.slice(1);
  if (cmd.name === 'pnpm' || cmd.name === 'yarn' || cmd.name === 'npm') {
    const verbAt = words.findIndex((w) => !w.startsWith('-'));
    if (verbAt < 0 || !['dlx', 'exec', 'x'].includes(words[verbAt])) return null;
    words = words.slice(verbAt + 1);
  }
  let i = 0;
  let pkgBinary: string | undefined;
  for (; i < words.length; i++) {
    const w = words[i];
    if (w === '--') { i++; break; }
    if (!w.startsWith('-')) break;
    if ((w === '-p' || w === '--package') && i + 1 < words.length) pkgBinary = words[i + 1];
    if (!w.includes('=') && LAUNCHER_VALUE_FLAGS.has(w)) i++;
  }
  const rest = words.slice(i);
  if (!rest.length) return null;
  const spec = rest[0];
  const bare = spec.replace(/(.)@[^/]*$/, '$1');
  const name = PACKAGE_BINARIES[bare] ?? (pkgBinary !== undefined && !rest[0].includes('/') ? rest[0] : bare.split('/').pop() ?? bare);
  return { ...cmd, argv: [name, ...rest.slice(1)], dynamic: [false, ...cmd.dynamic.slice(cmd.argv.length - rest.length + 1)], name, via: [...cmd.via, cmd.name] };
}

/**
 * Launchers the shell analysis leaves as they are, so the packs unwrap them here: containers whose entrypoint
 * is the tool (`docker run hashicorp/terraform destroy`) and `pnpx`. npx, bunx, `pnpm|yarn dlx|exec`,
 * `npm exec|x` and `bun x` reach the rules already unwrapped, under the package's binary name (`npx -y
 * aws-cdk@2 destroy` arrives as `cdk destroy`).
 */
const RULE_LAUNCHERS: readonly string[] = ['pnpx', 'docker', 'podman', 'nerdctl', 'docker-compose'];

/**
 * Let a pack's rules also see their tools behind a launcher the shell analysis does not unwrap. The rule
 * keeps its id and level; it receives the launched command as if typed directly.
 */
export function launcherAware(rule: CommandRule): CommandRule {
  const own = new Set(rule.commands);
  return {
    ...rule,
    commands: [...rule.commands, ...RULE_LAUNCHERS.filter((l) => !own.has(l))],
    match(cmd: SimpleCommand, ctx: RuleContext): RuleHit | null {
      if (own.has(cmd.name)) return rule.match(cmd, ctx);
      const inner = unlaunch(cmd);
      if (!inner || !own.has(inner.name)) return null;
      return rule.match(inner, ctx);
    },
  };
}
