import type { CommandRule, RuleHit, RulePack, SimpleCommand } from '../../core/types.js';

/**
 * docker, podman, nerdctl and their compose front-ends. Global options (`--context`, `-H`, `--config`) may
 * stand before the subcommand; compose options (`-f`, `-p`, `--project-directory`, `--env-file`) before its verb.
 */

const ENGINES = ['docker', 'podman', 'nerdctl', 'finch'];
const COMPOSE_BINS = ['docker-compose', 'podman-compose', 'nerdctl-compose'];
const ENGINE_VALUE = new Set(['-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey', '--url', '--connection', '--identity', '--root', '--runroot', '--storage-driver', '--namespace', '-n', '--address', '-a']);
const COMPOSE_VALUE = new Set(['-f', '--file', '-p', '--project-name', '--project-directory', '--env-file', '--profile', '--ansi', '--parallel', '--progress']);

export interface EngineInvocation {
  engine: string;
  /** Subcommand path, e.g. ['volume', 'rm'] or ['compose', 'down'] or ['rm']. */
  words: string[];
  /** Everything after the engine's global options. */
  args: string[];
}

function skipOpts(a: readonly string[], values: ReadonlySet<string>): number {
  let i = 0;
  while (i < a.length && a[i].startsWith('-')) i += values.has(a[i]) ? 2 : 1;
  return i;
}

export function engineInvocation(cmd: SimpleCommand): EngineInvocation | null {
  const a = cmd.argv.slice(1);
  if (a.includes('--help')) return null;
  if (COMPOSE_BINS.includes(cmd.name)) {
    const i = skipOpts(a, COMPOSE_VALUE);
    return { engine: cmd.name, words: ['compose', ...(a[i] ? [a[i]] : [])], args: a.slice(i + 1) };
  }
  if (!ENGINES.includes(cmd.name)) return null;
  const i = skipOpts(a, ENGINE_VALUE);
  const sub = a[i];
  if (!sub) return null;
  if (sub === 'compose') {
    const rest = a.slice(i + 1);
    const j = skipOpts(rest, COMPOSE_VALUE);
    return { engine: cmd.name, words: ['compose', ...(rest[j] ? [rest[j]] : [])], args: rest.slice(j + 1) };
  }
  if (['volume', 'system', 'image', 'container', 'network', 'builder', 'buildx', 'stack', 'swarm', 'machine', 'pod', 'secret', 'config'].includes(sub)) {
    const rest = a.slice(i + 1);
    const j = skipOpts(rest, new Set());
    return { engine: cmd.name, words: [sub, ...(rest[j] ? [rest[j]] : [])], args: [...rest.slice(0, j), ...rest.slice(j + 1)] };
  }
  return { engine: cmd.name, words: [sub], args: a.slice(i + 1) };
}

function flag(args: readonly string[], short: string | null, ...long: string[]): boolean {
  for (const w of args) {
    if (w === '--') return false;
    if (long.some((l) => w === l || w.startsWith(`${l}=`) && !/=(false|0)$/.test(w))) return true;
    if (short && /^-[A-Za-z]+$/.test(w) && w.includes(short)) return true;
  }
  return false;
}

function positionalsAfter(args: readonly string[], values: ReadonlySet<string> = new Set(['--filter', '-f', '--format'])): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('-')) { if (values.has(args[i])) i++; continue; }
    out.push(args[i]);
  }
  return out;
}

function cRule(id: string, level: 'ask' | 'deny', summary: string, match: (cmd: SimpleCommand, e: EngineInvocation) => RuleHit | null): CommandRule {
  return { id, level, summary, commands: [...ENGINES, ...COMPOSE_BINS], match(cmd) { const e = engineInvocation(cmd); return e ? match(cmd, e) : null; } };
}

const is = (e: EngineInvocation, ...words: string[]) => words.every((w, i) => w.split('|').includes(e.words[i] ?? ''));

const volumeRm = cRule('containers.volume-rm', 'deny', 'docker/podman volume rm|remove: delete named volumes (where local databases live)', (cmd, e) => {
  if (!is(e, 'volume', 'rm|remove')) return null;
  const vols = positionalsAfter(e.args, new Set());
  if (vols.length === 0) return null;
  return {
    reason: `${e.engine} volume rm ${vols.join(' ')} deletes the volume${vols.length > 1 ? 's' : ''} and every file in ${vols.length > 1 ? 'them' : 'it'}`,
    loses: `the data in ${vols.join(', ')} (typically a database's data directory); there is no undo`,
    safer: `back it up first: ${e.engine} run --rm -v ${vols[0]}:/data -v "$PWD":/backup alpine tar czf /backup/${vols[0]}.tgz -C /data .`,
  };
});

const volumePrune = cRule('containers.volume-prune', 'deny', 'docker/podman volume prune: delete every unused volume', (cmd, e) => {
  if (!is(e, 'volume', 'prune')) return null;
  const all = flag(e.args, 'a', '--all');
  return {
    reason: `${e.engine} volume prune${all ? ' --all' : ''} deletes every volume no container currently uses${all ? ', named volumes included' : ' (anonymous volumes, such as a database image\'s default data volume)'}`,
    loses: 'database and cache data in volumes whose containers are stopped or removed',
    safer: `${e.engine} volume ls -f dangling=true to list them, then remove specific volumes by name; or prune with --filter label!=keep`,
  };
});

const systemPrune = cRule('containers.system-prune', 'deny', 'docker system prune --volumes (deny) / -a (ask), podman system reset (deny)', (cmd, e) => {
  if (is(e, 'system', 'reset')) {
    return { reason: `${e.engine} system reset deletes all containers, images, volumes and networks`, loses: 'every volume (database data included) and every local image', safer: `${e.engine} system df to see what would go; prune specific objects instead` };
  }
  if (!is(e, 'system', 'prune')) return null;
  const volumes = flag(e.args, null, '--volumes');
  const all = flag(e.args, 'a', '--all');
  if (volumes) {
    return { reason: `${e.engine} system prune --volumes also deletes every unused volume`, loses: 'data in volumes of stopped or removed containers (local databases)', safer: `${e.engine} system prune${all ? ' -a' : ''} without --volumes` };
  }
  if (!all) return null;
  return { reason: `${e.engine} system prune -a deletes every image not used by a running container, plus stopped containers and build cache`, loses: 'local images that exist in no registry, and the writable layers of stopped containers', safer: `${e.engine} system prune (dangling images only), or ${e.engine} image prune --filter until=168h`, level: 'ask' };
});

const imagePruneAll = cRule('containers.image-prune-all', 'ask', 'docker image prune -a: delete every image not used by a container', (cmd, e) => {
  if (!is(e, 'image', 'prune') || !flag(e.args, 'a', '--all')) return null;
  return { reason: `${e.engine} image prune -a deletes every image no container uses`, loses: 'locally built images that are in no registry (rebuildable, slowly)', safer: `${e.engine} image prune (dangling only), or add --filter until=168h` };
});

const composeDownVolumes = cRule('containers.compose-down-volumes', 'deny', 'docker compose down -v / --volumes (deny), compose rm -v (ask): delete the stack\'s volumes', (cmd, e) => {
  if (e.words[0] !== 'compose') return null;
  const verb = e.words[1];
  if (verb !== 'down' && verb !== 'rm') return null;
  if (!flag(e.args, 'v', '--volumes')) return null;
  if (verb === 'down') {
    return {
      reason: `${cmd.name === 'docker-compose' || cmd.name === 'podman-compose' ? cmd.name : `${e.engine} compose`} down -v deletes the named volumes declared in the compose file and the anonymous ones`,
      loses: 'the stack\'s persistent data: the database volumes of this compose project',
      safer: `${cmd.name === 'docker-compose' ? 'docker-compose' : `${e.engine} compose`} down (without -v) keeps the volumes`,
    };
  }
  return { reason: 'compose rm -v deletes the anonymous volumes attached to the removed containers', loses: 'data in those anonymous volumes', safer: 'compose rm without -v', level: 'ask' };
});

const containerRmVolumes = cRule('containers.rm-volumes', 'ask', 'docker/podman rm -v: remove containers together with their anonymous volumes', (cmd, e) => {
  const rm = is(e, 'rm') || is(e, 'container', 'rm|remove');
  if (!rm) return null;
  if (!flag(e.args, 'v', '--volumes')) return null;
  const names = positionalsAfter(e.args, new Set());
  return { reason: `${e.engine} rm -v ${names.join(' ')} also deletes the anonymous volumes of the container${names.length > 1 ? 's' : ''}`, loses: 'data in those volumes (a database container without a named volume keeps its data there)', safer: `${e.engine} rm ${names.join(' ')} (without -v) keeps the volumes` };
});

/**
 * Removals of whole running things: every container at once (`rm -f $(docker ps -aq)`), a stack, a secret,
 * a swarm manager leaving. Their data in volumes stays, but what was written inside containers, the
 * secret's value and the swarm's state (services, secrets, configs) do not.
 */
/** Containers named by a word only known at run time (its expansion kept as written: `$(docker ps -aq)`, `$IDS`), or many names. */
function chosenAtRunTime(names: readonly string[]): boolean {
  return names.length > 5 || names.some((w) => /[$`]/.test(w));
}

const removeRunning = cRule('containers.remove-running', 'ask', 'docker rm -f of every container, stack rm, secret rm, swarm leave --force', (cmd, e) => {
  const names = positionalsAfter(e.args, new Set());
  if ((is(e, 'rm') || is(e, 'container', 'rm|remove')) && flag(e.args, 'f', '--force')) {
    if (!chosenAtRunTime(names)) return null;
    return { reason: `${e.engine} rm -f ${names.join(' ')} force-removes containers chosen at run time (typically all of them), running ones included`, loses: 'everything written inside those containers outside volumes, and the running services', safer: `${e.engine} ps -a to list them; stop and remove the ones you mean by name` };
  }
  if (is(e, 'stack', 'rm|remove|down')) {
    return { reason: `${e.engine} stack rm ${names.join(' ')} removes every service, network, secret and config of the stack`, loses: 'the running stack and its secrets and configs (volumes stay)', safer: `${e.engine} stack services ${names[0] ?? 'STACK'} first; redeploy with ${e.engine} stack deploy` };
  }
  if (is(e, 'secret', 'rm|remove')) {
    return { reason: `${e.engine} secret rm ${names.join(' ')} deletes the secret; its value cannot be read back from the swarm`, loses: `the value of ${names.join(', ') || 'the secret'} unless it is kept elsewhere`, safer: `keep the value in your secret store first; ${e.engine} secret inspect ${names[0] ?? 'NAME'}` };
  }
  if (is(e, 'swarm', 'leave') && flag(e.args, 'f', '--force')) {
    return { reason: `${e.engine} swarm leave --force takes this node out of the swarm even when it is a manager; the last manager leaving destroys the swarm state`, loses: 'the swarm\'s services, secrets and configs when this is its last manager', safer: `${e.engine} node ls first; demote the node, then leave without --force` };
  }
  return null;
});

/**
 * Removing every stopped container (`docker system prune`, `docker container prune`, `docker rm $(docker ps -aq)`):
 * what a container wrote outside its volumes lives in its writable layer, and goes with it (a database run
 * without a volume, files written by a one-off job).
 */
const pruneStopped = cRule('containers.prune-stopped', 'ask', 'docker system prune / container prune / rm $(docker ps -aq): remove every stopped container', (cmd, e) => {
  const names = positionalsAfter(e.args, new Set());
  const prune = (is(e, 'system', 'prune') && !flag(e.args, 'a', '--all') && !flag(e.args, null, '--volumes')) || is(e, 'container', 'prune');
  const rmAll = (is(e, 'rm') || is(e, 'container', 'rm|remove')) && !flag(e.args, 'f', '--force') && chosenAtRunTime(names);
  if (!prune && !rmAll) return null;
  if (prune && e.args.some((w) => w.startsWith('--filter') && /until=|label=/.test(w + (e.args[e.args.indexOf(w) + 1] ?? '')))) return null;
  return {
    reason: `${e.engine} ${prune ? e.words.slice(0, 2).join(' ') : `rm ${names.join(' ')}`} removes every stopped container${prune && is(e, 'system', 'prune') ? ', unused networks, dangling images and build cache' : ''}`,
    loses: 'what those containers wrote outside volumes (their writable layers: a database run without a volume, output of one-off jobs)',
    safer: `${e.engine} ps -a --filter status=exited to see them; remove the ones you mean by name, or prune with --filter until=24h`,
  };
});

/**
 * Deleting an image from a registry (`crane delete`, `skopeo delete`, `oras manifest delete`, `regctl … rm`):
 * the pushed image is often the only copy of a release, and tags that point at it break.
 */
const registryDelete: CommandRule = {
  id: 'containers.registry-delete',
  level: 'ask',
  summary: 'crane delete, skopeo delete, oras manifest/repo delete, regctl manifest/tag rm: delete images from a registry',
  commands: ['crane', 'skopeo', 'oras', 'regctl'],
  match(cmd) {
    const a = cmd.argv.slice(1).filter((w) => !w.startsWith('-'));
    if (cmd.argv.includes('--help') || cmd.argv.includes('--dry-run')) return null;
    const deletes = (cmd.name === 'crane' && a[0] === 'delete') || (cmd.name === 'skopeo' && a[0] === 'delete')
      || (cmd.name === 'oras' && (a[0] === 'manifest' || a[0] === 'repo' || a[0] === 'blob') && a[1] === 'delete')
      || (cmd.name === 'regctl' && (a[0] === 'manifest' || a[0] === 'tag' || a[0] === 'blob' || a[0] === 'repo') && (a[1] === 'rm' || a[1] === 'delete'));
    if (!deletes) return null;
    const ref = a.find((w) => /[/:@]/.test(w)) ?? 'the image';
    return {
      reason: `${cmd.name} deletes ${ref} from its registry: every tag and deployment that points at it breaks`,
      loses: `the image ${ref} (often the only copy of a released build)`,
      safer: `copy it elsewhere first (crane copy / skopeo copy), or delete the tag only, after checking nothing runs it`,
    };
  },
};

export const containersPack: RulePack = {
  id: 'containers',
  description: 'docker, podman, nerdctl and compose: volumes, prunes, compose down -v; registry image deletion',
  rules: [volumeRm, volumePrune, systemPrune, imagePruneAll, composeDownVolumes, containerRmVolumes, removeRunning, pruneStopped, registryDelete],
};
