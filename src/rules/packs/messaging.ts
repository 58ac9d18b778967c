import type { CommandRule, RuleContext, RuleHit, RulePack, SimpleCommand } from '../../core/types.js';
import { flagValue, flagValues, hasFlag, positionals } from '../argv.js';
import { hit } from '../hit.js';

/**
 * Message brokers and streams: Kafka (Apache scripts, Confluent `kafka-*`, Redpanda `rpk`, `confluent`), RabbitMQ
 * (`rabbitmqctl`, `rabbitmqadmin` v1 and v2, `rabbitmq-queues`/`rabbitmq-streams`, `amqp-delete-queue`), NATS
 * JetStream (`nats`), Pulsar (`pulsar-admin`, `pulsarctl`), task queues on brokers (Celery, RQ), ActiveMQ/Artemis,
 * and the Kubernetes operators that carry a deleted custom resource into the broker (Strimzi, RabbitMQ topology
 * operator, NATS JetStream controller). What they destroy is messages nobody has read yet, and the positions of the
 * consumers that would read them; neither comes back. Readers (`kcat`, `nats sub`, `rpk topic consume`,
 * `list_queues`) and creators are never flagged. `docker exec`/`kubectl exec`/`sudo`/`xargs` around them are
 * unwrapped by the analyzer; `poetry run`/`uv run`/`python -m` are looked through here for celery and rq.
 *
 * Decisions that are a judgement, not a documented fact:
 * - NATS: without `-f` the `nats` CLI asks for confirmation, and recent versions refuse to ask without a terminal
 *   ("cannot ask for confirmation without a terminal"), so an agent's call would fail rather than run. Older
 *   versions and agents driving a pty do answer the prompt, so twokey does not rely on it: without `-f` is `ask`,
 *   with `-f` (no prompt at all) is `deny`. The same holds for `celery purge` without `-f`.
 * - Kafka retention: shrinking `retention.ms` below 7 days (Kafka's default, 168h) asks; below one minute it is the
 *   well-known "purge a topic" trick and is denied. `retention.bytes` below 1 GiB (per partition) asks. Changing
 *   `cleanup.policy` either way asks.
 * - `kafka-acls --remove` asks: no message is lost, but ACLs have no undo and removing them cuts off (or, for a
 *   DENY rule, opens) access to topics.
 *
 * Checked against the tools' sources or docs: natscli subcommands, aliases and `-f` (stream, consumer, kv, object,
 * server purge account); `rpk topic delete -r` and `rpk topic trim-prefix`; `rabbitmq-queues delete_member` and
 * `shrink`; `rabbitmqadmin` v2 `queues delete --name`; `pulsar-admin topics truncate` (moves every cursor to the end
 * and deletes inactive ledgers); `amqp-delete-queue -q`.
 * Unverified (from memory of the CLIs): `rpk topic delete` aliases `del`/`rm` (matched in case they exist); `rpk
 * group delete|seek|offset-delete`; `rabbitmqadmin` v2 `--ack-mode`; `rabbitmq-streams delete_replica`; `pulsarctl`
 * verbs; `confluent kafka topic|cluster delete`; `nats object rm BUCKET` without a name deleting the bucket; `rq
 * empty`; Artemis `queue purge` and `address delete --force`; `activemq purge`; RabbitmqCluster deletion taking its
 * volumes; the NATS controller's KeyValue kind.
 */

type Level = 'ask' | 'deny';

/** Options that take a value in the tools of this pack (used to tell a value from a help request). */
const COMMON_VALUE_FLAGS: ReadonlySet<string> = new Set([
  '--topic', '--group', '--bootstrap-server', '--bootstrap-servers', '--zookeeper', '--entity-name', '--entity-type', '--add-config',
  '--delete-config', '--config', '--command-config', '--offset-json-file', '--application-id', '--partitions', '--replication-factor',
  '-p', '--vhost', '-n', '--node', '-V', '-H', '--host', '-u', '--username', '--password', '--name', '-s', '--server', '--context',
  '-X', '--brokers', '-b', '-c', '--cluster', '--admin-url', '-A', '--app', '-Q', '--queues', '-t', '--timeout', '--url', '-q', '--queue',
]);

const DAY_MS = 24 * 3600 * 1000;
const KAFKA_DEFAULT_RETENTION_MS = 7 * DAY_MS;
const PURGE_RETENTION_MS = 60 * 1000;
const SMALL_RETENTION_BYTES = 1024 ** 3;

/**
 * A help or version request: the tool prints and exits, nothing runs. A `--help` standing where an option expects
 * its value (`rabbitmqctl delete_queue --vhost --help q`) is that value, not a request, so it does not count.
 */
function wantsHelp(a: readonly string[], shortH = true, valueFlags: ReadonlySet<string> = COMMON_VALUE_FLAGS): boolean {
  return a.some((w, i) => (w === '--help' || w === '--version' || (shortH && w === '-h')) && !(i > 0 && valueFlags.has(a[i - 1])));
}

function quoteList(names: readonly string[]): string {
  return names.length ? names.join(', ') : '(unnamed)';
}

/** True when a Kafka topic argument is a regular expression rather than one name (kafka-topics accepts regexes). */
function isTopicPattern(topic: string): boolean {
  return /[*+?|[\]()^$\\]/.test(topic);
}

function scriptBase(name: string): string {
  return name.replace(/\.sh$/, '');
}

/** The admin classes behind the scripts, as `kafka-run-class.sh kafka.admin.TopicCommand …` runs them. */
const KAFKA_CLASSES: Record<string, string> = {
  TopicCommand: 'kafka-topics',
  DeleteRecordsCommand: 'kafka-delete-records',
  ConsumerGroupCommand: 'kafka-consumer-groups',
  ConfigCommand: 'kafka-configs',
  AclCommand: 'kafka-acls',
  StreamsResetter: 'kafka-streams-application-reset',
  LeaderElectionCommand: 'kafka-leader-election',
};

interface KafkaTool { base: string; args: string[] }

/** A Kafka admin script and its arguments: `kafka-topics(.sh) …`, or `kafka-run-class(.sh) [opts] kafka.admin.TopicCommand …`. */
function kafkaTool(cmd: SimpleCommand): KafkaTool | null {
  const a = cmd.argv.slice(1);
  const base = scriptBase(cmd.name);
  if (base !== 'kafka-run-class') return { base, args: a };
  const i = a.findIndex((w) => !w.startsWith('-') && /^[a-z][\w.]*\.[A-Z]\w*$/.test(w));
  if (i < 0) return null;
  const mapped = KAFKA_CLASSES[a[i].split('.').pop() ?? ''];
  return mapped ? { base: mapped, args: a.slice(i + 1) } : null;
}

function kafkaNames(base: string): string[] {
  return [base, `${base}.sh`, 'kafka-run-class', 'kafka-run-class.sh'];
}

// ---------------------------------------------------------------------------
// Kafka: retention settings that delete messages
// ---------------------------------------------------------------------------

/** Split a Kafka config list `a=1,b=[x,y]` on the commas outside brackets. */
function splitConfigList(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '[') depth++;
    else if (ch === ']') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) { out.push(cur); cur = ''; continue; }
    cur += ch;
  }
  if (cur) out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

const RETENTION_MS_UNITS: Record<string, number> = {
  'retention.ms': 1, 'log.retention.ms': 1, 'log.retention.minutes': 60_000, 'log.retention.hours': 3_600_000,
  // Redpanda cluster properties
  log_retention_ms: 1,
};
const RETENTION_BYTES_KEYS = new Set(['retention.bytes', 'log.retention.bytes', 'retention_bytes']);

interface RetentionFinding { level: Level; what: string; loses: string }

function describeMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 2 * 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 2 * DAY_MS) return `${Math.round(ms / 3_600_000)} h`;
  return `${Math.round(ms / DAY_MS)} days`;
}

const UNREADABLE = (k: string, v: string): RetentionFinding => ({ level: 'ask', what: `${k}=${v} (a value twokey cannot read)`, loses: 'possibly messages, depending on the value' });

/** Judge one `key=value` a broker would apply to an existing topic or broker. */
function judgeConfigSetting(key: string, value: string): RetentionFinding | null {
  const k = key.trim();
  const v = value.trim();
  if (k === 'unreadable.file') return { level: 'ask', what: `settings from ${v}, a file twokey could not read`, loses: 'possibly messages, if the file shortens retention' };
  const unit = RETENTION_MS_UNITS[k];
  if (unit) {
    const n = Number(v);
    if (!Number.isFinite(n)) return UNREADABLE(k, v);
    if (n < 0) return null; // -1: keep forever
    const ms = n * unit;
    const loses = `every message older than ${describeMs(ms)}, in every partition, at the next retention check; lagging consumers never see them`;
    if (ms < PURGE_RETENTION_MS) return { level: 'deny', what: `${k}=${v} (${describeMs(ms)}: nearly every message goes at the next retention check)`, loses };
    if (ms < KAFKA_DEFAULT_RETENTION_MS) return { level: 'ask', what: `${k}=${v} (${describeMs(ms)}: older messages are deleted)`, loses };
    return null;
  }
  if (RETENTION_BYTES_KEYS.has(k)) {
    const n = Number(v);
    if (!Number.isFinite(n)) return UNREADABLE(k, v);
    if (n < 0) return null;
    if (n < SMALL_RETENTION_BYTES) return { level: 'ask', what: `${k}=${v} (each partition is cut down to ${n} bytes)`, loses: `the oldest messages of every partition beyond ${n} bytes` };
    return null;
  }
  if (k === 'cleanup.policy' || k === 'log.cleanup.policy') {
    // Either direction deletes: turning compaction on drops superseded values per key; turning it off lets time
    // retention (7 days by default) apply to a compacted topic that held its state for good.
    if (/compact/.test(v)) return { level: 'ask', what: `${k}=${v} (compaction keeps only the latest message per key)`, loses: 'every message that is not the latest for its key' };
    return { level: 'ask', what: `${k}=${v} (a compacted topic becomes subject to time and size retention)`, loses: 'on a formerly compacted topic (a changelog, a state or offsets topic): every message older than retention.ms, latest values included' };
  }
  if ((k === 'unclean.leader.election.enable' || k === 'unclean_leader_election_enable') && v === 'true') {
    return { level: 'ask', what: `${k}=true (an out-of-sync replica may become leader)`, loses: 'acknowledged messages the new leader never replicated, at the next failover' };
  }
  return null;
}

/** A removed retention override falls back to the broker default, which is shorter when the override was longer. */
function judgeDeletedSetting(key: string): RetentionFinding | null {
  const k = key.trim();
  if (RETENTION_MS_UNITS[k] !== undefined || RETENTION_BYTES_KEYS.has(k)) {
    return {
      level: 'ask',
      what: `removing ${k} (the broker default applies again: ${k.includes('bytes') ? 'maybe a smaller size' : 'usually 7 days'})`,
      loses: 'messages the longer override kept and the default does not',
    };
  }
  return null;
}

function strictestFinding(found: RetentionFinding[]): RetentionFinding | null {
  if (found.length === 0) return null;
  return found.find((f) => f.level === 'deny') ?? found[0];
}

function settingsFindings(setList: readonly string[], deleteList: readonly string[]): RetentionFinding[] {
  const out: RetentionFinding[] = [];
  for (const raw of setList) {
    for (const pair of splitConfigList(raw)) {
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const f = judgeConfigSetting(pair.slice(0, eq), pair.slice(eq + 1));
      if (f) out.push(f);
    }
  }
  for (const raw of deleteList) {
    for (const key of splitConfigList(raw)) {
      const f = judgeDeletedSetting(key);
      if (f) out.push(f);
    }
  }
  return out;
}

function retentionHit(tool: string, target: string, found: RetentionFinding[]): RuleHit | null {
  const worst = strictestFinding(found);
  if (!worst) return null;
  return hit(
    `${tool} changes how ${target} keeps messages: ${found.map((f) => f.what).join('; ')}`,
    [...new Set(found.map((f) => f.loses))].join('; '),
    'describe the current config first (kafka-configs --describe / rpk topic describe); lower retention in steps, or ask a human to apply it',
    worst.level,
  );
}

/** A Java properties file (`key=value` lines, `#` comments) as one Kafka config list; undefined when unread. */
function propertiesAsConfigList(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && !l.startsWith('!')).map((l) => l.replace(/\s*[:=]\s*/, '=')).join(',');
}

const ENTITY_SINGULAR: Record<string, string> = { topics: 'topic', brokers: 'broker', users: 'user', clients: 'client', 'broker-loggers': 'broker logger' };

const kafkaRetention: CommandRule = {
  id: 'messaging.kafka-retention-shrink',
  level: 'ask',
  summary: 'kafka-configs --alter / rpk topic alter-config / rpk cluster config set: retention shortened (ask; under one minute: deny), compaction or unclean leader election turned on',
  commands: [...new Set([...kafkaNames('kafka-configs'), ...kafkaNames('kafka-topics'), 'rpk'])],
  inputFiles(cmd) {
    const t = kafkaTool(cmd);
    return t?.base === 'kafka-configs' ? flagValues(t.args, '--add-config-file') : [];
  },
  match(cmd, ctx) {
    const t = kafkaTool(cmd);
    if (!t) return null;
    const { base, args: a } = t;
    if (wantsHelp(a, cmd.name === 'rpk')) return null;
    if (base === 'kafka-configs') {
      if (!hasFlag(a, '--alter')) return null;
      const name = flagValue(a, '--entity-name', '--topic', '--broker', '--user', '--client');
      const type = flagValue(a, '--entity-type') ?? (flagValue(a, '--topic') ? 'topics' : flagValue(a, '--broker') ? 'brokers' : undefined);
      const target = name
        ? `${type ? `${ENTITY_SINGULAR[type] ?? type} ` : ''}${name}`
        : hasFlag(a, '--entity-default') ? `the cluster-wide ${type ? `${ENTITY_SINGULAR[type] ?? type} ` : ''}default` : 'the entity';
      const fromFile = flagValues(a, '--add-config-file').map((f) => propertiesAsConfigList(ctx.files.get(f)) ?? `unreadable.file=${f}`);
      return retentionHit('kafka-configs --alter', target, settingsFindings([...flagValues(a, '--add-config'), ...fromFile], flagValues(a, '--delete-config')));
    }
    if (base === 'kafka-topics') {
      // Old brokers: kafka-topics --alter --topic T --config k=v / --delete-config k
      if (!hasFlag(a, '--alter')) return null;
      return retentionHit('kafka-topics --alter', `topic ${flagValue(a, '--topic') ?? ''}`.trim(), settingsFindings(flagValues(a, '--config'), flagValues(a, '--delete-config')));
    }
    // rpk topic alter-config T --set k=v / --delete k ; rpk cluster config set KEY VALUE
    const pos = positionals(a, RPK_VALUE_FLAGS);
    if (pos[0] === 'topic' && pos[1] === 'alter-config') {
      return retentionHit('rpk topic alter-config', `topic ${quoteList(pos.slice(2))}`, settingsFindings(flagValues(a, '--set', '-s'), flagValues(a, '--delete', '-d')));
    }
    if (pos[0] === 'cluster' && pos[1] === 'config' && pos[2] === 'set' && pos[3]) {
      const inline = pos[3].includes('=');
      const key = inline ? pos[3].slice(0, pos[3].indexOf('=')) : pos[3];
      const value = inline ? pos[3].slice(pos[3].indexOf('=') + 1) : pos[4] ?? '';
      const f = judgeConfigSetting(key, value);
      return f ? retentionHit('rpk cluster config set', 'the cluster default (every topic without its own setting)', [f]) : null;
    }
    return null;
  },
};

// ---------------------------------------------------------------------------
// Kafka: topics, records, consumer groups, ACLs, streams apps
// ---------------------------------------------------------------------------

const kafkaTopicDelete: CommandRule = {
  id: 'messaging.kafka-topic-delete',
  level: 'deny',
  summary: 'kafka-topics --delete --topic T: delete a topic and every message in it (a regex topic deletes every match)',
  commands: kafkaNames('kafka-topics'),
  match(cmd) {
    const t = kafkaTool(cmd);
    if (!t || t.base !== 'kafka-topics') return null;
    const a = t.args;
    if (wantsHelp(a, false) || !hasFlag(a, '--delete')) return null;
    const topics = flagValues(a, '--topic');
    const patterns = topics.filter(isTopicPattern);
    if (patterns.length > 0) {
      return hit(
        `kafka-topics --delete --topic ${patterns.join(' ')} treats the name as a regular expression and deletes every topic it matches, with all their messages`,
        `every topic matching ${patterns.join(', ')} (${patterns.some((p) => /^\.?\*$/.test(p)) ? 'that is: all of them' : 'possibly many more than intended'}), their messages and partitions; consumers cannot replay them`,
        'list the matches first (kafka-topics --list --topic PATTERN), then delete named topics one at a time, or let a human do it',
      );
    }
    return hit(
      `kafka-topics --delete removes topic ${quoteList(topics)} with every message in every partition`,
      'every message in the topic; consumers that have not read them, or would replay them, cannot',
      'describe it first (kafka-topics --describe); to empty it, let a human lower retention; mirror or back up the topic if its data matters',
    );
  },
};

interface OffsetsPlan { topics: string[]; all: boolean }

function readOffsetsPlan(text: string | undefined): OffsetsPlan | null {
  if (text === undefined) return null;
  try {
    const doc = JSON.parse(text) as { partitions?: { topic?: unknown; offset?: unknown }[] };
    const parts = Array.isArray(doc.partitions) ? doc.partitions : [];
    const topics = [...new Set(parts.map((p) => String(p.topic ?? '?')))];
    return { topics, all: parts.some((p) => Number(p.offset) === -1) };
  } catch {
    return null;
  }
}

const kafkaDeleteRecords: CommandRule = {
  id: 'messaging.kafka-delete-records',
  level: 'deny',
  summary: 'kafka-delete-records --offset-json-file F: delete every message before the given offsets',
  commands: kafkaNames('kafka-delete-records'),
  inputFiles(cmd) {
    const t = kafkaTool(cmd);
    const f = t ? flagValue(t.args, '--offset-json-file') : undefined;
    return f ? [f] : [];
  },
  match(cmd, ctx: RuleContext) {
    const t = kafkaTool(cmd);
    if (!t || t.base !== 'kafka-delete-records') return null;
    const a = t.args;
    if (wantsHelp(a, false)) return null;
    const file = flagValue(a, '--offset-json-file');
    const plan = readOffsetsPlan(file ? ctx.files.get(file) : undefined);
    const where = plan && plan.topics.length ? ` of ${plan.topics.join(', ')}` : '';
    return hit(
      `kafka-delete-records deletes the messages${where} before the offsets in ${file ?? 'its offsets file'}${plan?.all ? ' (offset -1: up to the end, i.e. every message)' : ''}`,
      `the deleted messages${where}, permanently; consumers behind those offsets lose them`,
      'check the offsets against kafka-consumer-groups --describe so no group still needs them, and let a human run it',
    );
  },
};

const kafkaConsumerGroups: CommandRule = {
  id: 'messaging.kafka-consumer-group-reset',
  level: 'ask',
  summary: 'kafka-consumer-groups --delete / --delete-offsets / --reset-offsets --execute (ask; --all-groups: deny); without --execute it is a dry run',
  commands: kafkaNames('kafka-consumer-groups'),
  match(cmd) {
    const t = kafkaTool(cmd);
    if (!t || t.base !== 'kafka-consumer-groups') return null;
    const a = t.args;
    if (wantsHelp(a, false)) return null;
    const groups = flagValues(a, '--group');
    const all = hasFlag(a, '--all-groups');
    const who = all ? 'every consumer group' : `group ${quoteList(groups)}`;
    if (hasFlag(a, '--delete')) {
      return hit(
        `kafka-consumer-groups --delete removes the committed offsets of ${who}`,
        `where ${all ? 'each group' : 'the group'} stopped reading: on restart it starts from auto.offset.reset (usually latest), skipping unread messages, or re-reads everything`,
        'kafka-consumer-groups --describe --group G first, and save the offsets (--reset-offsets --export without --execute)',
        all ? 'deny' : undefined,
      );
    }
    if (hasFlag(a, '--delete-offsets')) {
      return hit(
        `kafka-consumer-groups --delete-offsets removes ${who}'s committed offsets for ${quoteList(flagValues(a, '--topic'))}`,
        'the group\'s position in those partitions: messages are skipped or processed twice',
        'describe the group first and export its offsets',
      );
    }
    if (hasFlag(a, '--reset-offsets') && hasFlag(a, '--execute')) {
      const to = ['--to-earliest', '--to-latest', '--to-current', '--to-offset', '--shift-by', '--to-datetime', '--by-duration', '--from-file'].find((f) => hasFlag(a, f));
      return hit(
        `kafka-consumer-groups --reset-offsets --execute moves ${who}${to ? ` (${to})` : ''} to new offsets`,
        `${to === '--to-latest' ? 'every unread message is skipped by the group' : 'the group\'s position: messages are skipped or processed again'}; the old offsets are not kept unless exported first`,
        'run the same command without --execute (a dry run), export the current offsets (--export > offsets.csv), then let a human execute',
        all ? 'deny' : undefined,
      );
    }
    return null;
  },
};

const kafkaAcls: CommandRule = {
  id: 'messaging.kafka-acl-remove',
  level: 'ask',
  summary: 'kafka-acls --remove: delete ACLs (no undo; cuts off or opens access to topics)',
  commands: kafkaNames('kafka-acls'),
  match(cmd) {
    const t = kafkaTool(cmd);
    if (!t || t.base !== 'kafka-acls') return null;
    const a = t.args;
    if (wantsHelp(a, false) || !hasFlag(a, '--remove')) return null;
    const target = flagValue(a, '--topic', '--group', '--cluster', '--transactional-id') ?? 'the matching resources';
    return hit(
      `kafka-acls --remove deletes the ACLs on ${target}${hasFlag(a, '--force') ? ' without its confirmation prompt' : ''}`,
      'the access rules (no history is kept): clients lose access, or a removed DENY opens access',
      'kafka-acls --list first and keep the output, so the rules can be re-added',
    );
  },
};

const kafkaStreamsReset: CommandRule = {
  id: 'messaging.kafka-streams-reset',
  level: 'ask',
  summary: 'kafka-streams-application-reset without --dry-run: reset a Streams app\'s offsets and delete its internal topics',
  commands: kafkaNames('kafka-streams-application-reset'),
  match(cmd) {
    const t = kafkaTool(cmd);
    if (!t || t.base !== 'kafka-streams-application-reset') return null;
    const a = t.args;
    if (wantsHelp(a, false) || hasFlag(a, '--dry-run')) return null;
    const app = flagValue(a, '--application-id') ?? '(unnamed)';
    return hit(
      `kafka-streams-application-reset resets application ${app}: its input offsets are moved and its internal repartition and changelog topics deleted`,
      'the application\'s state-store changelogs and its position in the input topics; it reprocesses from the start',
      'run it with --dry-run first, and let a human run the real reset',
    );
  },
};

const kafkaUncleanElection: CommandRule = {
  id: 'messaging.kafka-unclean-election',
  level: 'ask',
  summary: 'kafka-leader-election --election-type unclean: elect an out-of-sync replica, dropping messages it never received',
  commands: kafkaNames('kafka-leader-election'),
  match(cmd) {
    const t = kafkaTool(cmd);
    if (!t || t.base !== 'kafka-leader-election') return null;
    const a = t.args;
    if (wantsHelp(a, false)) return null;
    const type = flagValue(a, '--election-type');
    if (!type || type.toLowerCase() !== 'unclean') return null;
    const scope = hasFlag(a, '--all-topic-partitions') ? 'every partition without a leader' : `${flagValue(a, '--topic') ?? flagValue(a, '--path-to-json-file') ?? 'the given partitions'}`;
    return hit(
      `kafka-leader-election --election-type unclean makes an out-of-sync replica leader of ${scope}`,
      'acknowledged messages the new leader never replicated: they are truncated from the other replicas',
      'bring the in-sync replica back first; use --election-type preferred; let a human decide on unclean election',
    );
  },
};

// ---------------------------------------------------------------------------
// Redpanda rpk and Confluent CLI
// ---------------------------------------------------------------------------

const RPK_VALUE_FLAGS = new Set(['-X', '--config-opt', '--config', '--profile', '--brokers', '--user', '--password', '--sasl-mechanism', '--tls-key', '--tls-cert', '--tls-truststore', '--api-urls', '--admin-api-urls', '-p', '--partitions', '-o', '--offset', '-f', '--from-file', '--format', '--to', '--to-group', '--to-file', '-t', '--topics', '-s', '--set', '-d', '--delete', '-r', '--replicas', '-c', '--topic-config', '-n', '--num']);

const rpkTopicDelete: CommandRule = {
  id: 'messaging.rpk-topic-delete',
  level: 'deny',
  summary: 'rpk topic delete (-r: regex) / rpk topic trim-prefix: delete Redpanda topics or their oldest records',
  commands: ['rpk'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (wantsHelp(a)) return null;
    const valueFlags = new Set([...RPK_VALUE_FLAGS].filter((f) => f !== '-r'));
    const pos = positionals(a, valueFlags);
    if (pos[0] !== 'topic') return null;
    const verb = pos[1];
    const topics = pos.slice(2);
    if (verb === 'delete' || verb === 'del' || verb === 'rm') {
      const regex = hasFlag(a, '-r', '--regex');
      return hit(
        regex
          ? `rpk topic delete -r deletes every topic matching ${quoteList(topics)}, with all their messages`
          : `rpk topic delete removes topic ${quoteList(topics)} with every message in it`,
        regex ? `every topic the expressions match (${topics.some((t) => /^\.?\*$/.test(t)) ? 'all of them' : 'possibly more than intended'}) and their data` : 'every message in the topic; consumers cannot replay it',
        'rpk topic describe / rpk topic list first; to empty a topic let a human lower retention.ms; back up with a mirror if the data matters',
      );
    }
    if (verb === 'trim-prefix' || verb === 'trim') {
      const offset = flagValue(a, '-o', '--offset');
      return hit(
        `rpk topic trim-prefix deletes the records of ${quoteList(topics.length ? topics : [flagValue(a, '-f', '--from-file') ?? ''].filter(Boolean))} before offset ${offset ?? '(from file)'}${hasFlag(a, '--no-confirm') ? ', without its confirmation prompt' : ''}`,
        `${offset === 'end' ? 'every record in the partitions' : 'every record before the offset'}; consumers behind it lose them`,
        'check consumer lag (rpk group describe) first and let a human run it',
      );
    }
    return null;
  },
};

const rpkGroup: CommandRule = {
  id: 'messaging.rpk-group-change',
  level: 'ask',
  summary: 'rpk group delete / seek / offset-delete: drop or move a Redpanda consumer group\'s committed offsets',
  commands: ['rpk'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (wantsHelp(a)) return null;
    const pos = positionals(a, RPK_VALUE_FLAGS);
    if (pos[0] !== 'group' && pos[0] !== 'g') return null;
    const verb = pos[1];
    const groups = pos.slice(2);
    if (verb === 'delete') {
      return hit(`rpk group delete removes consumer group ${quoteList(groups)} and its committed offsets`, 'where the group stopped reading: it restarts from its reset policy, skipping or re-reading messages', 'rpk group describe first and keep the offsets');
    }
    if (verb === 'seek') {
      const to = flagValue(a, '--to') ?? flagValue(a, '--to-group') ?? flagValue(a, '--to-file') ?? '?';
      return hit(`rpk group seek moves group ${quoteList(groups)} to ${to}`, `the group's current position: ${to === 'end' ? 'every unread message is skipped' : 'messages are skipped or processed again'}`, 'rpk group describe first and save the current offsets');
    }
    if (verb === 'offset-delete') {
      return hit(`rpk group offset-delete removes group ${quoteList(groups)}'s offsets for the given topics`, 'the group\'s position in those partitions', 'rpk group describe first');
    }
    return null;
  },
};

const KAFKACTL_VALUE_FLAGS = new Set(['-C', '--config-file', '--context', '-b', '--brokers', '-c', '--cluster', '--config', '--topic', '-t', '--offset', '-o', '--partition', '-p', '--group', '-g', '--schema-registry', '--to-datetime', '--output']);

const kafkaCliTools: CommandRule = {
  id: 'messaging.kafka-cli-tools',
  level: 'deny',
  summary: 'kafkactl / kaf: delete topic or records (deny); delete or reset consumer groups, commit offsets (ask); alter topic retention (ask/deny)',
  commands: ['kafkactl', 'kaf'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (wantsHelp(a, true, KAFKACTL_VALUE_FLAGS) || hasFlag(a, '--dry-run')) return null;
    const pos = positionals(a, KAFKACTL_VALUE_FLAGS);
    const tool = cmd.name;
    // kafkactl VERB KIND NAME…; kaf KIND VERB NAME…
    const [verb, kind] = tool === 'kaf' ? [pos[1], pos[0]] : [pos[0], pos[1]];
    const names = pos.slice(2);
    const topicDelete = (kind === 'topic' || kind === 'topics') && (verb === 'delete' || verb === 'rm');
    if (topicDelete) {
      return hit(`${tool} ${pos[0]} ${pos[1]} removes topic ${quoteList(names)} with every message in it`, 'every message in the topic; consumers cannot replay it', `${tool} describe the topic first; let a human delete it`);
    }
    if ((verb === 'delete' && kind === 'records') || verb === 'delete-records') {
      return hit(`${tool} ${verb === 'delete-records' ? 'delete-records' : 'delete records'} deletes messages of ${quoteList(verb === 'delete-records' ? pos.slice(1) : names)}`, 'the deleted messages; consumers behind those offsets lose them', 'check consumer lag first; let a human run it');
    }
    const groupKind = kind === 'consumer-group' || kind === 'consumer-groups' || kind === 'cg' || kind === 'group' || kind === 'groups';
    const offsetKind = kind === 'consumer-group-offset' || kind === 'offset' || kind === 'offsets' || kind === 'cgo';
    if (verb === 'delete' && (groupKind || offsetKind)) {
      return hit(`${tool} ${pos[0]} ${pos[1]} removes the committed offsets of ${quoteList(names)}`, 'where the group stopped reading: it restarts from its reset policy, skipping or re-reading messages', `${tool} describe the group first and keep its offsets`, 'ask');
    }
    if (tool === 'kaf' && groupKind && (verb === 'commit' || verb === 'delete-offsets')) {
      return hit(`kaf group ${verb} moves or removes group ${quoteList(names)}'s committed offsets`, 'the group\'s position: messages are skipped or processed again', 'kaf group describe first and keep the offsets', 'ask');
    }
    if (tool === 'kafkactl' && verb === 'reset' && (groupKind || offsetKind) && hasFlag(a, '--execute')) {
      return hit(`kafkactl reset ${kind} --execute moves group ${quoteList(names)} to new offsets`, 'the group\'s position: messages are skipped or processed again; the old offsets are not kept', 'run it without --execute (the preview) and keep the output; let a human execute', 'ask');
    }
    if (tool === 'kafkactl' && verb === 'reset-offsets') {
      return hit('kafkactl reset-offsets moves a consumer group to new offsets', 'the group\'s position: messages are skipped or processed again', 'run it with --dry-run first', 'ask');
    }
    if (verb === 'alter' && (kind === 'topic' || kind === 'topics')) {
      return retentionHit(`${tool} alter topic`, `topic ${quoteList(names)}`, settingsFindings(flagValues(a, '--config', '-c'), []));
    }
    return null;
  },
};

const confluentDelete: CommandRule = {
  id: 'messaging.confluent-delete',
  level: 'deny',
  summary: 'confluent kafka topic delete / confluent kafka cluster delete (unverified shapes)',
  commands: ['confluent'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (wantsHelp(a)) return null;
    const pos = positionals(a, new Set(['--cluster', '--environment', '--context', '--api-key', '--url', '--output', '-o']));
    if (pos[0] !== 'kafka' || pos[2] !== 'delete') return null;
    if (pos[1] === 'topic') {
      return hit(`confluent kafka topic delete removes topic ${quoteList(pos.slice(3))} and every message in it`, 'every message in the topic', 'confluent kafka topic describe first; let a human delete it');
    }
    if (pos[1] === 'cluster') {
      return hit(`confluent kafka cluster delete deletes Kafka cluster ${quoteList(pos.slice(3))}: every topic and message in it`, 'the whole cluster: all topics, messages, ACLs and consumer groups', 'let a human delete clusters');
    }
    return null;
  },
};

// ---------------------------------------------------------------------------
// RabbitMQ
// ---------------------------------------------------------------------------

/** What a RabbitMQ policy definition makes the broker drop: message TTL, length limits, queue expiry. */
function policyDrops(definition: string | undefined): string[] {
  if (!definition) return [];
  let def: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(definition);
    if (parsed && typeof parsed === 'object') def = parsed as Record<string, unknown>;
  } catch {
    return /message-ttl|max-length|expires/.test(definition) ? ['a definition twokey cannot read that sets message-ttl, max-length or expires'] : [];
  }
  const out: string[] = [];
  const ttl = Number(def['message-ttl']);
  if (def['message-ttl'] !== undefined && !(ttl >= KAFKA_DEFAULT_RETENTION_MS)) out.push(`message-ttl ${def['message-ttl']} ms: messages waiting longer are dropped (or dead-lettered)`);
  const overflow = String(def['overflow'] ?? 'drop-head');
  for (const key of ['max-length', 'max-length-bytes']) {
    if (def[key] !== undefined && overflow === 'drop-head') out.push(`${key} ${def[key]}: the oldest messages beyond it are dropped`);
  }
  if (def['expires'] !== undefined) out.push(`expires ${def['expires']} ms: unused queues are deleted with their messages`);
  return out;
}

function policyHit(tool: string, name: string, pattern: string, drops: string[]): RuleHit | null {
  if (drops.length === 0) return null;
  return hit(
    `${tool} policy ${name} on queues matching ${pattern} makes the broker discard data: ${drops.join('; ')}`,
    `messages (or whole queues) in every queue matching ${pattern}${pattern === '.*' || pattern === '' ? ', i.e. all of them' : ''}`,
    'rabbitmqctl list_policies first; narrow the pattern, use a dead-letter exchange or overflow=reject-publish, or let a human apply it',
    'ask',
  );
}

const RABBITMQCTL_VALUE_FLAGS = new Set(['-n', '--node', '-p', '--vhost', '-t', '--timeout', '--erlang-cookie', '--formatter', '--priority', '--apply-to']);

const rabbitmqctl: CommandRule = {
  id: 'messaging.rabbitmqctl',
  level: 'deny',
  summary: 'rabbitmqctl delete_queue, purge_queue, delete_vhost, reset, force_reset (deny); delete_user, stop_app, stop, forget_cluster_node, eval, set_policy with TTL/length/expiry (ask)',
  commands: ['rabbitmqctl'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (wantsHelp(a, false, RABBITMQCTL_VALUE_FLAGS)) return null;
    const pos = positionals(a, RABBITMQCTL_VALUE_FLAGS);
    const sub = pos[0];
    const vhost = flagValue(a, '-p', '--vhost') ?? '/';
    const arg = pos[1];
    switch (sub) {
      case 'delete_queue': {
        const ifEmpty = hasFlag(a, '--if-empty', '-e');
        return hit(
          `rabbitmqctl delete_queue deletes queue ${arg ?? '(unnamed)'} in vhost ${vhost}${ifEmpty ? ' (only if it is empty)' : ' with every message in it'}`,
          ifEmpty ? 'the queue, its bindings and arguments (no messages: --if-empty)' : 'every message in the queue, ready and unacknowledged; the queue and its bindings',
          'rabbitmqctl list_queues name messages consumers first; let the consumers drain it, or let a human delete it',
          ifEmpty ? 'ask' : undefined,
        );
      }
      case 'purge_queue':
        return hit(`rabbitmqctl purge_queue deletes every ready message in queue ${arg ?? '(unnamed)'} (vhost ${vhost})`, 'every message waiting in the queue', 'rabbitmqctl list_queues name messages first; move messages with a shovel if they matter');
      case 'delete_vhost':
        return hit(`rabbitmqctl delete_vhost deletes vhost ${arg ?? '(unnamed)'} with all its queues, exchanges, bindings, permissions and messages`, 'every queue and message in the vhost', 'rabbitmqctl export_definitions first; let a human delete vhosts');
      case 'reset':
      case 'force_reset':
        return hit(`rabbitmqctl ${sub} returns the node to a blank state: it leaves its cluster and deletes every queue, message, user and vhost it holds`, 'all data on the node: queues and their messages, users, vhosts, permissions', 'rabbitmqctl export_definitions and drain the queues first; let a human reset nodes');
      case 'delete_user':
        return hit(`rabbitmqctl delete_user deletes user ${arg ?? '(unnamed)'} and their permissions`, 'the user and its permissions; clients using it cannot connect', 'rabbitmqctl list_users first; rabbitmqctl clear_permissions is reversible', 'ask');
      case 'stop_app':
      case 'stop':
      case 'shutdown':
        return hit(`rabbitmqctl ${sub} stops RabbitMQ on the node: clients are disconnected, and transient (non-durable) queues and their messages do not survive`, 'messages in transient queues; availability for every client of the node', 'let a human stop brokers; check rabbitmq-diagnostics status first', 'ask');
      case 'forget_cluster_node':
        return hit(`rabbitmqctl forget_cluster_node removes ${arg ?? 'a node'} from the cluster`, 'the node\'s membership; queues whose only replica was there are lost', 'rabbitmqctl cluster_status first; let a human change cluster membership', 'ask');
      case 'set_policy':
      case 'set_operator_policy':
        return policyHit(`rabbitmqctl ${sub}`, pos[1] ?? '(unnamed)', pos[2] ?? '?', policyDrops(pos[3]));
      case 'eval':
        return hit('rabbitmqctl eval runs arbitrary Erlang inside the broker, which can delete anything', 'whatever the expression does: queues, messages, definitions', 'use the dedicated rabbitmqctl command, or let a human run it', 'ask');
      default:
        return null;
    }
  },
};

const RABBITMQADMIN_VALUE_FLAGS = new Set(['-H', '--host', '-P', '--port', '-V', '--vhost', '-u', '--username', '-p', '--password', '-c', '--config', '-N', '--node', '-f', '--format', '--depth', '--sort', '--path-prefix', '--ssl-key-file', '--ssl-cert-file', '--ssl-ca-cert-file', '--base-uri', '-U', '--name', '--queue', '--source', '--destination', '--destination-type', '--routing-key', '--ack-mode', '--count', '--table-style', '--tls-ca-cert-file', '--tls-cert-file', '--tls-key-file', '--pattern', '--definition', '--apply-to', '--priority']);

const PLURALS: Record<string, string> = { queues: 'queue', exchanges: 'exchange', vhosts: 'vhost', users: 'user', bindings: 'binding', policies: 'policy', streams: 'stream', shovels: 'shovel', operator_policies: 'operator_policy' };

const rabbitmqadmin: CommandRule = {
  id: 'messaging.rabbitmqadmin',
  level: 'deny',
  summary: 'rabbitmqadmin delete|purge queue, delete vhost|stream (deny); delete exchange|user|binding|policy|shovel, get with ackmode=ack_requeue_false, declare policy with TTL/length/expiry (ask)',
  commands: ['rabbitmqadmin'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (wantsHelp(a, true, RABBITMQADMIN_VALUE_FLAGS)) return null;
    const pos = positionals(a, RABBITMQADMIN_VALUE_FLAGS);
    // v1: `delete queue name=x`; v2: `delete queue --name x` or `queues delete --name x`
    let verb = pos[0];
    let obj = pos[1];
    if (pos[1] === 'delete' || pos[1] === 'purge' || pos[1] === 'declare') { verb = pos[1]; obj = PLURALS[pos[0]] ?? pos[0]; }
    const kv = pos.find((w) => w.startsWith('name='));
    const name = flagValue(a, '--name') ?? (kv ? kv.slice(5) : undefined) ?? '(unnamed)';
    const vhost = flagValue(a, '-V', '--vhost') ?? pos.find((w) => w.startsWith('vhost='))?.slice(6) ?? '/';
    if (verb === 'get' || verb === 'messages') {
      const drops = a.some((w) => /(^|=)(ack_requeue_false|reject_requeue_false)$/.test(w));
      if (!drops) return null;
      return hit(`rabbitmqadmin get with ack_requeue_false takes messages off the queue and does not put them back`, 'the fetched messages: they are acknowledged and gone from the queue (only printed once)', 'use ackmode=ack_requeue_true (the default) to peek without removing', 'ask');
    }
    if (verb === 'declare' && (obj === 'policy' || obj === 'operator_policy')) {
      const kvOf = (k: string) => pos.find((w) => w.startsWith(`${k}=`))?.slice(k.length + 1);
      return policyHit(`rabbitmqadmin declare ${obj}`, name, flagValue(a, '--pattern') ?? kvOf('pattern') ?? '?', policyDrops(flagValue(a, '--definition') ?? kvOf('definition')));
    }
    if (verb === 'purge' && obj === 'queue') {
      return hit(`rabbitmqadmin purge queue deletes every ready message in queue ${name} (vhost ${vhost})`, 'every message waiting in the queue', 'rabbitmqadmin list queues name messages first; let the consumers drain it');
    }
    if (verb !== 'delete' || !obj) return null;
    switch (obj) {
      case 'queue':
      case 'stream':
        return hit(`rabbitmqadmin delete ${obj} removes ${obj} ${name} (vhost ${vhost}) with every message in it`, `every message in the ${obj}; the ${obj}, its bindings and arguments`, `rabbitmqadmin list queues first; let a human delete it`);
      case 'vhost':
        return hit(`rabbitmqadmin delete vhost removes vhost ${name} with all its queues, exchanges and messages`, 'every queue and message in the vhost', 'rabbitmqadmin export definitions first; let a human delete vhosts');
      case 'exchange':
        return hit(`rabbitmqadmin delete exchange removes exchange ${name} (vhost ${vhost}) and its bindings`, 'the exchange and its bindings; messages published to it afterwards are dropped', 'rabbitmqadmin list bindings first', 'ask');
      case 'user':
      case 'binding':
      case 'policy':
      case 'operator_policy':
      case 'shovel':
        return hit(`rabbitmqadmin delete ${obj} removes ${obj} ${name}`, obj === 'binding' ? 'the routing: messages stop reaching the queue' : `the ${obj}; what depends on it stops working`, `rabbitmqadmin list ${obj.endsWith('policy') ? obj.replace(/policy$/, 'policies') : `${obj}s`} first and keep the output`, 'ask');
      default:
        return null;
    }
  },
};

const amqpDeleteQueue: CommandRule = {
  id: 'messaging.amqp-delete-queue',
  level: 'deny',
  summary: 'amqp-delete-queue -q Q (RabbitMQ C client tools): delete a queue with its messages',
  commands: ['amqp-delete-queue'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (wantsHelp(a, false) || a.includes('-?')) return null;
    const q = flagValue(a, '-q', '--queue') ?? '(unnamed)';
    return hit(`amqp-delete-queue deletes queue ${q} and every message waiting in it`, 'every message in the queue; the queue and its bindings', 'look at the queue first (rabbitmqctl list_queues name messages); let a human delete it');
  },
};

const rabbitmqReplicas: CommandRule = {
  id: 'messaging.rabbitmq-replica-remove',
  level: 'ask',
  summary: 'rabbitmq-queues delete_member / shrink, rabbitmq-streams delete_replica: remove quorum-queue or stream replicas (delete_replica unverified)',
  commands: ['rabbitmq-queues', 'rabbitmq-streams'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (wantsHelp(a, false, RABBITMQCTL_VALUE_FLAGS)) return null;
    const pos = positionals(a, RABBITMQCTL_VALUE_FLAGS);
    const sub = pos[0];
    if (sub === 'delete_member' || sub === 'delete_replica') {
      return hit(`${cmd.name} ${sub} removes the replica of ${pos[1] ?? 'a queue'} on ${pos[2] ?? 'a node'}`, 'a copy of the queue\'s messages: with the last replicas gone, the messages are gone', `${cmd.name} check first (quorum_status / stream_status); let a human change replication`);
    }
    if (sub === 'shrink') {
      return hit(`rabbitmq-queues shrink removes every quorum-queue replica on node ${pos[1] ?? '(unnamed)'}`, 'redundancy for every queue with a replica there; queues with only that replica lose their messages', 'rabbitmq-queues quorum_status first; let a human shrink');
    }
    return null;
  },
};

// ---------------------------------------------------------------------------
// NATS JetStream
// ---------------------------------------------------------------------------

const NATS_VALUE_FLAGS = new Set(['-s', '--server', '--user', '--password', '--creds', '--nkey', '--tlscert', '--tlskey', '--tlsca', '--context', '--timeout', '--js-api-prefix', '--js-event-prefix', '--js-domain', '--domain', '--inbox-prefix', '--connection-name', '--socks-proxy', '--colors', '--token', '--jwt', '--subject', '--seq', '--keep', '--config', '--max-age', '--max-msgs', '--max-bytes', '--max-msgs-per-subject', '--max-msg-size', '--description', '--replicas', '--ttl', '--history', '--storage', '--name', '--count', '--trace']);
const STREAM_NOUNS = new Set(['stream', 'str', 'st', 'ms', 's']);
const CONSUMER_NOUNS = new Set(['consumer', 'con', 'obs', 'c']);
const OBJECT_NOUNS = new Set(['object', 'obj']);
const SERVER_NOUNS = new Set(['server', 'srv', 'sys']);
const RM_VERBS = new Set(['rm', 'delete', 'del']);

interface NatsCall { noun: string; verb: string; rest: string[]; force: boolean }

function natsCall(cmd: SimpleCommand): NatsCall | null {
  const a = cmd.argv.slice(1);
  if (wantsHelp(a, true, NATS_VALUE_FLAGS)) return null;
  const pos = positionals(a, NATS_VALUE_FLAGS);
  if (pos.length < 2) return null;
  return { noun: pos[0], verb: pos[1], rest: pos.slice(2), force: hasFlag(a, '-f', '--force') };
}

/** The options that limit a `nats stream purge` to part of the stream (`--keep 0` keeps nothing: a full purge). */
function natsPartialPurge(a: string[]): string[] {
  return ['--subject', '--seq', '--keep'].filter((f) => hasFlag(a, f) && !(f === '--keep' && Number(flagValue(a, f)) === 0));
}

const NO_PROMPT = ' with -f (no confirmation prompt)';
const PROMPT_NOTE = 'it prompts for confirmation, but an agent with a pseudo-terminal, or an old nats CLI, can answer it';

const natsStreamDelete: CommandRule = {
  id: 'messaging.nats-stream-delete',
  level: 'deny',
  summary: 'nats stream rm|purge, nats kv rm BUCKET, nats object rm BUCKET, nats server purge account: deny with -f, ask without (the prompt cannot be relied on)',
  commands: ['nats'],
  match(cmd) {
    const c = natsCall(cmd);
    if (!c) return null;
    const level: Level | undefined = c.force ? undefined : 'ask';
    const how = c.force ? NO_PROMPT : ` (${PROMPT_NOTE})`;
    const target = c.rest[0] ?? '(selected interactively)';
    if (STREAM_NOUNS.has(c.noun) && RM_VERBS.has(c.verb)) {
      return hit(`nats stream ${c.verb} deletes JetStream stream ${target}, its consumers and every message in it${how}`, 'every message in the stream and every consumer\'s position; a KV or object bucket backed by it', `nats stream info ${c.rest[0] ?? 'STREAM'} first; nats stream backup ${c.rest[0] ?? 'STREAM'} DIR before deleting; let a human delete it`, level);
    }
    if (STREAM_NOUNS.has(c.noun) && c.verb === 'purge') {
      const a = cmd.argv.slice(1);
      if (natsPartialPurge(a).length) return null; // judged by messaging.nats-delete
      return hit(`nats stream purge deletes every message in stream ${target} (the stream stays)${how}`, 'every message in the stream; consumers cannot replay them', `nats stream backup ${c.rest[0] ?? 'STREAM'} DIR first; purge a subject or --keep N messages instead`, level);
    }
    if (c.noun === 'kv' && RM_VERBS.has(c.verb) && c.rest.length === 1) {
      return hit(`nats kv ${c.verb} ${target} without a key deletes the whole bucket and every key in it${how}`, 'every key, value and revision in the bucket', `nats kv ls ${target} first; nats stream backup KV_${target} DIR; give a key to delete only that key`, level);
    }
    if (OBJECT_NOUNS.has(c.noun) && RM_VERBS.has(c.verb) && c.rest.length === 1) {
      return hit(`nats object ${c.verb} ${target} without an object name deletes the whole object store bucket${how}`, 'every object stored in the bucket', `nats object ls ${target} first; let a human delete buckets`, level);
    }
    if (SERVER_NOUNS.has(c.noun) && c.verb === 'purge' && c.rest[0] === 'account') {
      return hit(`nats server purge account ${c.rest[1] ?? ''} deletes every JetStream asset of the account${how}`.replace(/  +/g, ' '), 'every stream, consumer, KV and object bucket of the account, with their messages', 'nats stream ls / nats account info first; let a human purge accounts', level);
    }
    return null;
  },
};

const STREAM_LIMIT_FLAGS = ['--max-age', '--max-msgs', '--max-bytes', '--max-msgs-per-subject'];

const natsDelete: CommandRule = {
  id: 'messaging.nats-delete',
  level: 'ask',
  summary: 'nats consumer rm, stream rmm, partial stream purge, stream edit with lower limits, kv del|purge KEY, kv compact, object rm BUCKET NAME',
  commands: ['nats'],
  match(cmd) {
    const c = natsCall(cmd);
    if (!c) return null;
    const a = cmd.argv.slice(1);
    const how = c.force ? NO_PROMPT : '';
    const [first, second] = c.rest;
    if (CONSUMER_NOUNS.has(c.noun) && RM_VERBS.has(c.verb)) {
      return hit(`nats consumer ${c.verb} deletes consumer ${second ?? '(selected interactively)'} of stream ${first ?? '(selected interactively)'}${how}`, 'the consumer\'s delivery and acknowledgement state; on an interest or work-queue stream, messages only it still needed are removed', 'nats consumer info first; let a human delete durable consumers');
    }
    if (STREAM_NOUNS.has(c.noun) && c.verb === 'rmm') {
      return hit(`nats stream rmm securely erases message ${second ?? '?'} from stream ${first ?? '?'}${how}`, 'that message, overwritten on disk', 'nats stream get STREAM SEQ to look at it first');
    }
    if (STREAM_NOUNS.has(c.noun) && c.verb === 'purge') {
      const partial = natsPartialPurge(a);
      if (!partial.length) return null;
      return hit(`nats stream purge ${partial.join(' ')} deletes part of stream ${first ?? '(selected interactively)'}'s messages${how}`, 'the purged messages (by subject, or everything before a sequence / beyond the kept count)', `nats stream backup ${first ?? 'STREAM'} DIR first`);
    }
    if (STREAM_NOUNS.has(c.noun) && (c.verb === 'edit' || c.verb === 'update') && !hasFlag(a, '--dry-run')) {
      const limits = STREAM_LIMIT_FLAGS.filter((f) => hasFlag(a, f));
      if (!limits.length) return null;
      return hit(`nats stream ${c.verb} ${first ?? ''} changes its limits (${limits.map((f) => `${f}=${flagValue(a, f)}`).join(', ')}); messages beyond a lowered limit are deleted at once`.replace(/  +/g, ' '), 'the messages that fall outside the new limits', `run it with --dry-run first and compare with nats stream info ${first ?? 'STREAM'}`);
    }
    if (c.noun === 'kv' && RM_VERBS.has(c.verb) && c.rest.length >= 2) {
      return hit(`nats kv ${c.verb} deletes key ${second} from bucket ${first}${how}`, 'the key\'s current value (earlier revisions stay only if the bucket keeps history)', `nats kv history ${first} ${second} first; nats kv revert can restore a kept revision`);
    }
    if (c.noun === 'kv' && c.verb === 'purge') {
      return hit(`nats kv purge removes key ${second ?? '?'} from bucket ${first ?? '?'} with its whole history${how}`, 'every revision of the key', `nats kv history ${first ?? 'BUCKET'} ${second ?? 'KEY'} first; nats kv del keeps the history`);
    }
    if (c.noun === 'kv' && c.verb === 'compact') {
      return hit(`nats kv compact erases the history of deleted keys in bucket ${first ?? '?'}${how}`, 'the revisions of deleted keys: they can no longer be reverted', 'leave the history in place unless disk space requires it');
    }
    if (OBJECT_NOUNS.has(c.noun) && RM_VERBS.has(c.verb) && c.rest.length >= 2) {
      return hit(`nats object ${c.verb} deletes object ${second} from bucket ${first}${how}`, 'the stored object', `nats object get ${first} ${second} to keep a copy first`);
    }
    return null;
  },
};

// ---------------------------------------------------------------------------
// Pulsar
// ---------------------------------------------------------------------------

const PULSAR_GROUPS = new Set(['topics', 'topic', 'persistent', 'non-persistent', 'namespaces', 'namespace', 'tenants', 'tenant', 'clusters', 'cluster', 'subscriptions', 'subscription', 'schemas', 'schema']);

function pulsarCall(cmd: SimpleCommand): { group: string; verb: string; rest: string[] } | null {
  const a = cmd.argv.slice(1);
  if (wantsHelp(a)) return null;
  const i = a.findIndex((w) => PULSAR_GROUPS.has(w));
  if (i < 0) return null;
  const after = a.slice(i + 1);
  const pos = positionals(after, new Set(['-s', '--subscription', '-t', '--time', '-n', '--count', '-m', '--messageId', '--message-id', '-p', '--partitions']));
  if (!pos[0]) return null;
  const g = a[i];
  const group = g === 'topic' || g === 'persistent' || g === 'non-persistent' ? 'topics' : g === 'namespace' ? 'namespaces' : g === 'tenant' ? 'tenants' : g === 'cluster' ? 'clusters' : g === 'subscription' ? 'subscriptions' : g === 'schema' ? 'schemas' : g;
  return { group, verb: pos[0], rest: pos.slice(1) };
}

const pulsarDelete: CommandRule = {
  id: 'messaging.pulsar-delete',
  level: 'deny',
  summary: 'pulsar-admin/pulsarctl topics delete|delete-partitioned-topic|truncate, namespaces delete, tenants delete (deny); clear-backlog, skip, reset-cursor, unsubscribe, expire-messages, terminate, clusters/schemas delete (ask)',
  commands: ['pulsar-admin', 'pulsarctl'],
  match(cmd) {
    const c = pulsarCall(cmd);
    if (!c) return null;
    const a = cmd.argv.slice(1);
    const tool = cmd.name;
    const target = c.rest[0] ?? '(unnamed)';
    const force = hasFlag(a, '-f', '--force');
    const sub = flagValue(a, '-s', '--subscription') ?? c.rest[1];
    if (c.group === 'topics' && (c.verb === 'delete' || c.verb === 'delete-partitioned-topic')) {
      return hit(`${tool} topics ${c.verb} deletes topic ${target} with its messages and subscriptions${force ? ' (-f: even with connected producers and consumers)' : ''}`, 'every message in the topic and every subscription\'s position', `${tool} topics stats ${target} first; let a human delete topics`);
    }
    if (c.group === 'topics' && c.verb === 'truncate') {
      return hit(`${tool} topics truncate moves every subscription of ${target} to the end and deletes the topic's inactive ledgers: its stored messages go, the topic stays`, 'every stored message, unread ones included; every subscription\'s backlog', `${tool} topics stats ${target} first; let a human truncate`);
    }
    if (c.group === 'namespaces' && c.verb === 'delete') {
      return hit(`${tool} namespaces delete deletes namespace ${target}${force ? ' and (-f) every topic in it' : ''}`, 'every topic and message in the namespace, and its policies', `${tool} namespaces topics ${target} first; let a human delete namespaces`);
    }
    if (c.group === 'tenants' && c.verb === 'delete') {
      return hit(`${tool} tenants delete deletes tenant ${target}${force ? ' and (-f) all its namespaces and topics' : ''}`, 'every namespace, topic and message of the tenant', `${tool} namespaces list ${target} first; let a human delete tenants`);
    }
    const askVerbs: Record<string, string> = {
      'clear-backlog': 'skips every unacknowledged message of the subscription: consumers never receive them',
      'skip-all': 'skips every unacknowledged message of the subscription',
      skip: 'skips messages of the subscription',
      'reset-cursor': 'moves the subscription\'s cursor: messages are skipped or redelivered',
      seek: 'moves the subscription\'s cursor: messages are skipped or redelivered',
      unsubscribe: 'deletes the subscription; without retention its unacknowledged messages are deleted',
      'expire-messages': 'expires the subscription\'s messages older than the given time',
      'expire-messages-all-subscriptions': 'expires old messages on every subscription of the topic',
      terminate: 'seals the topic for good: no producer can publish to it again',
      'trim-topic': 'deletes the ledgers that fall outside the retention policy now',
    };
    if ((c.group === 'topics' || c.group === 'namespaces' || c.group === 'subscriptions') && askVerbs[c.verb]) {
      return hit(`${tool} ${c.group} ${c.verb} on ${target}${sub && c.group !== 'namespaces' ? ` (subscription ${sub})` : ''} ${askVerbs[c.verb]}`, 'the subscription\'s unread messages or position', `${tool} topics stats ${target} first; let a human move cursors`, 'ask');
    }
    if (c.group === 'subscriptions' && c.verb === 'delete') {
      return hit(`${tool} subscriptions delete removes subscription ${sub ?? '(unnamed)'} on ${target}`, 'the subscription\'s position; without retention its unacknowledged messages are deleted', `${tool} topics stats ${target} first`, 'ask');
    }
    if ((c.group === 'clusters' || c.group === 'schemas') && c.verb === 'delete') {
      return hit(`${tool} ${c.group} delete removes ${c.group === 'clusters' ? 'cluster' : 'the schema of'} ${target}`, c.group === 'clusters' ? 'the cluster\'s registration and its replication' : 'the schema: producers and consumers that rely on it fail', `${tool} ${c.group} get ${target} first and keep the output`, 'ask');
    }
    return null;
  },
};

// ---------------------------------------------------------------------------
// Task queues on top of brokers (Celery, RQ) and ActiveMQ / Artemis
// ---------------------------------------------------------------------------

const PY_RUNNERS = new Set(['poetry', 'uv', 'pipenv', 'pdm', 'hatch', 'rye']);

/** The arguments `celery` (or `rq`) gets, looking through `poetry run`/`uv run`/… and `python -m celery`. */
function toolArgs(cmd: SimpleCommand, tool: string): string[] | null {
  const a = cmd.argv.slice(1);
  if (cmd.name === tool) return a;
  if (PY_RUNNERS.has(cmd.name)) {
    const i = a.findIndex((w) => w.split('/').pop() === tool);
    return i >= 0 && a.slice(0, i).includes('run') ? a.slice(i + 1) : null;
  }
  if (/^python(\d(\.\d+)?)?$/.test(cmd.name)) {
    const i = a.indexOf('-m');
    return i >= 0 && a[i + 1] === tool ? a.slice(i + 2) : null;
  }
  return null;
}

const CELERY_VALUE_FLAGS = new Set(['-A', '--app', '-b', '--broker', '--result-backend', '--loader', '--config', '--workdir', '-Q', '--queues', '-X', '--exclude-queues']);
const RQ_VALUE_FLAGS = new Set(['-u', '--url', '-c', '--config', '-P', '--path', '--serializer', '-S']);

const taskQueuePurge: CommandRule = {
  id: 'messaging.task-queue-purge',
  level: 'deny',
  summary: 'celery purge -f (deny; without -f it prompts: ask), celery amqp queue.purge|queue.delete, rq empty: drop every queued task',
  commands: ['celery', 'rq', ...PY_RUNNERS, 'python', 'python3'],
  match(cmd) {
    const celery = toolArgs(cmd, 'celery');
    if (celery && !wantsHelp(celery)) {
      const pos = positionals(celery, CELERY_VALUE_FLAGS);
      const queues = flagValues(celery, '-Q', '--queues');
      const where = queues.length ? `queue${queues.length > 1 ? 's' : ''} ${queues.join(', ')}` : 'every queue the app consumes from';
      if (pos[0] === 'purge') {
        const force = hasFlag(celery, '-f', '--force');
        return hit(
          `celery purge deletes every waiting task in ${where}${force ? ' with -f (no confirmation prompt)' : ' (it prompts; an agent can answer the prompt)'}`,
          'every queued task that has not started: the work they stand for is never done',
          'celery inspect reserved / the broker\'s queue listing first; purge one queue with -Q, or let a human run it',
          force ? undefined : 'ask',
        );
      }
      if (pos[0] === 'amqp' && (pos[1] === 'queue.purge' || pos[1] === 'queue.delete')) {
        return hit(`celery amqp ${pos[1]} ${pos[2] ?? ''} deletes the ${pos[1] === 'queue.delete' ? 'queue with' : 'messages in queue'} ${pos[2] ?? '(unnamed)'}`.replace(/  +/g, ' '), 'every task message in the queue', 'let a human run it');
      }
      return null;
    }
    const rq = toolArgs(cmd, 'rq');
    if (rq && !wantsHelp(rq)) {
      const pos = positionals(rq, RQ_VALUE_FLAGS);
      if (pos[0] !== 'empty') return null;
      const all = hasFlag(rq, '-a', '--all');
      return hit(`rq empty ${all ? '--all' : quoteList(pos.slice(1))} deletes every job waiting in ${all ? 'every queue' : 'the queue'}`, 'the queued jobs and their arguments', 'rq info first; let a human empty queues');
    }
    return null;
  },
};

const ARTEMIS_VALUE_FLAGS = new Set(['--name', '--url', '--user', '--password', '--address', '--routing-type', '--acceptor', '--protocol', '--clientID', '--msgsel', '--jmxurl']);

const activemqDelete: CommandRule = {
  id: 'messaging.activemq-delete',
  level: 'deny',
  summary: 'artemis queue delete|purge (deny), artemis address delete (ask), activemq purge (deny) (unverified shapes)',
  commands: ['artemis', 'activemq', 'activemq-admin'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (wantsHelp(a)) return null;
    const pos = positionals(a, ARTEMIS_VALUE_FLAGS);
    const name = flagValue(a, '--name') ?? pos[2] ?? '(unnamed)';
    if (cmd.name === 'artemis' && pos[0] === 'queue' && (pos[1] === 'delete' || pos[1] === 'purge')) {
      return hit(`artemis queue ${pos[1]} ${pos[1] === 'delete' ? 'removes queue' : 'deletes every message in queue'} ${name}`, 'every message in the queue', 'artemis queue stat first; let a human run it');
    }
    if (cmd.name === 'artemis' && pos[0] === 'address' && pos[1] === 'delete') {
      return hit(`artemis address delete removes address ${name}${hasFlag(a, '--force') ? ' and (--force) its queues' : ''}`, 'the address and its routing; with --force its queues and their messages', 'artemis address show first', hasFlag(a, '--force') ? undefined : 'ask');
    }
    if ((cmd.name === 'activemq' || cmd.name === 'activemq-admin') && pos[0] === 'purge') {
      return hit(`activemq purge deletes the messages of ${quoteList(pos.slice(1))}${flagValue(a, '--msgsel') ? ' matching the selector' : ''}`, 'every (selected) message in those queues', 'activemq browse / dstat first; let a human purge');
    }
    return null;
  },
};

// ---------------------------------------------------------------------------
// Kubernetes operators that own broker objects (Strimzi, RabbitMQ topology/cluster operators, NATS nack)
// ---------------------------------------------------------------------------

const KUBECTL_VALUE_FLAGS = new Set(['-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token', '--as', '--as-group', '--request-timeout', '-l', '--selector', '-f', '--filename', '-k', '--kustomize', '--field-selector', '--grace-period', '--timeout', '--cascade', '--dry-run', '-o', '--output', '--wait', '-v']);

interface OperatorKind { what: string; level: Level; loses: string }

/** Kinds whose deletion the operator carries into the broker. Ambiguous short names (queue, stream) only with their API group. */
const OPERATOR_KINDS: Record<string, OperatorKind> = {
  kafkatopic: { what: 'Strimzi KafkaTopic: the topic operator deletes the topic in Kafka', level: 'deny', loses: 'every message in the topic' },
  kt: { what: 'Strimzi KafkaTopic: the topic operator deletes the topic in Kafka', level: 'deny', loses: 'every message in the topic' },
  kafka: { what: 'Strimzi Kafka cluster: brokers are removed, and their volumes too where deleteClaim is true', level: 'ask', loses: 'the whole Kafka cluster while it is gone; every topic if its storage has deleteClaim: true' },
  kafkanodepool: { what: 'Strimzi KafkaNodePool: its brokers are removed', level: 'ask', loses: 'the replicas on those brokers; partitions with no other replica' },
  knp: { what: 'Strimzi KafkaNodePool: its brokers are removed', level: 'ask', loses: 'the replicas on those brokers; partitions with no other replica' },
  'queue.rabbitmq.com': { what: 'RabbitMQ topology-operator Queue: the operator deletes the queue in RabbitMQ (unless deletionPolicy: retain)', level: 'deny', loses: 'every message in the queue' },
  'vhost.rabbitmq.com': { what: 'RabbitMQ topology-operator Vhost: the operator deletes the vhost (unless deletionPolicy: retain)', level: 'deny', loses: 'every queue and message in the vhost' },
  'exchange.rabbitmq.com': { what: 'RabbitMQ topology-operator Exchange: the operator deletes the exchange', level: 'ask', loses: 'the exchange and its bindings' },
  rabbitmqcluster: { what: 'RabbitMQ cluster-operator RabbitmqCluster: the broker StatefulSet is removed (unverified: with its volumes)', level: 'ask', loses: 'the broker while it is gone; its queues and messages if the volumes go with it' },
  rmq: { what: 'RabbitMQ cluster-operator RabbitmqCluster: the broker StatefulSet is removed (unverified: with its volumes)', level: 'ask', loses: 'the broker while it is gone; its queues and messages if the volumes go with it' },
  'stream.jetstream.nats.io': { what: 'NATS JetStream controller Stream: the controller deletes the stream (unless preventDelete)', level: 'deny', loses: 'every message in the stream' },
  'keyvalue.jetstream.nats.io': { what: 'NATS JetStream controller KeyValue: the controller deletes the bucket (unverified)', level: 'deny', loses: 'every key and value in the bucket' },
};

/** `kafkatopics.kafka.strimzi.io` -> `kafkatopic`; `queues.rabbitmq.com` -> `queue.rabbitmq.com`. */
function operatorKind(word: string): OperatorKind | undefined {
  const lower = word.toLowerCase();
  const dot = lower.indexOf('.');
  const kind = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? '' : lower.slice(dot);
  const singular = kind.endsWith('ies') ? `${kind.slice(0, -3)}y` : kind.endsWith('s') && kind !== 'kafkas' ? kind.slice(0, -1) : kind === 'kafkas' ? 'kafka' : kind;
  if (group === '.rabbitmq.com' || group === '.jetstream.nats.io') return OPERATOR_KINDS[`${singular}${group}`];
  if (group && !group.endsWith('strimzi.io')) return undefined;
  return OPERATOR_KINDS[singular] ?? OPERATOR_KINDS[kind];
}

const operatorDelete: CommandRule = {
  id: 'messaging.k8s-operator-delete',
  level: 'deny',
  summary: 'kubectl delete of broker objects an operator carries into the broker: Strimzi KafkaTopic (deny), Kafka/KafkaNodePool (ask), RabbitMQ Queue/Vhost (deny), NATS Stream (deny)',
  commands: ['kubectl', 'oc', 'k3s', 'microk8s'],
  match(cmd) {
    let a = cmd.argv.slice(1);
    if ((cmd.name === 'k3s' || cmd.name === 'microk8s')) { if (a[0] !== 'kubectl') return null; a = a.slice(1); }
    if (wantsHelp(a)) return null;
    const pos = positionals(a, KUBECTL_VALUE_FLAGS);
    if (pos[0] !== 'delete') return null;
    const dry = flagValue(a, '--dry-run');
    if (dry !== undefined && dry !== 'none' && dry !== 'false') return null;
    const targets = pos.slice(1);
    const typed = targets.some((t) => t.includes('/'));
    const kinds = typed ? targets.map((t) => t.split('/')[0]) : (targets[0] ?? '').split(',');
    const names = typed ? targets.map((t) => t.split('/')[1] ?? '') : targets.slice(1);
    const found = kinds.map(operatorKind).filter((k): k is OperatorKind => k !== undefined);
    if (found.length === 0) return null;
    const worst = found.find((k) => k.level === 'deny') ?? found[0];
    const all = hasFlag(a, '--all') || hasFlag(a, '-l', '--selector');
    return hit(
      `kubectl delete ${kinds.join(',')} ${all ? '(every match)' : quoteList(names)}: ${[...new Set(found.map((k) => k.what))].join('; ')}`,
      [...new Set(found.map((k) => k.loses))].join('; '),
      'kubectl get -o yaml first; set the operator\'s retain/preventDelete option, or let a human delete it',
      worst.level === 'deny' ? undefined : 'ask',
    );
  },
};

export const messagingPack: RulePack = {
  id: 'messaging',
  description: 'Message brokers and streams: Kafka, RabbitMQ, NATS JetStream, Pulsar — deleting topics, queues, streams and their messages',
  rules: [
    kafkaTopicDelete, kafkaDeleteRecords, kafkaConsumerGroups, kafkaRetention, kafkaAcls, kafkaStreamsReset, kafkaUncleanElection,
    rpkTopicDelete, rpkGroup, confluentDelete, kafkaCliTools,
    rabbitmqctl, rabbitmqadmin, rabbitmqReplicas, amqpDeleteQueue,
    natsStreamDelete, natsDelete,
    pulsarDelete,
    taskQueuePurge, activemqDelete,
    operatorDelete,
  ],
};
