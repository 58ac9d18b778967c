import type { CommandRule, RulePack, SimpleCommand } from '../../core/types.js';
import { flagValue, hasFlag, positionals } from '../argv.js';
import { hit } from '../hit.js';

/**
 * The machine itself: powering it off, removing a user with their home directory, deleting a crontab, flushing
 * the firewall, stopping or killing a database server. An agent on a server (often through ssh) should not do
 * these alone: some lose data (a home directory, a crontab, Redis writes since its last snapshot), the others
 * cut a service or the agent's own way back in. All are asks; disks, file systems and files are the
 * filesystem pack's. Facts from the manuals: shutdown(8), systemctl(1), crontab(1), userdel(8), deluser(8),
 * iptables(8), nft(8), ufw(8), kill(1), pkill(1), killall(1), pg_ctl, redis persistence docs.
 */

const isHelp = (cmd: SimpleCommand): boolean => cmd.argv.slice(1).some((w) => w === '--help' || w === '--version'); // -h is halt for shutdown

const POWER_VERBS = new Set(['reboot', 'poweroff', 'halt', 'kexec', 'suspend', 'hibernate', 'soft-reboot']);

const power: CommandRule = {
  id: 'system.power',
  level: 'ask',
  summary: 'reboot, shutdown, halt, poweroff, init 0/6, systemctl reboot/poweroff: stop the whole machine',
  commands: ['reboot', 'shutdown', 'halt', 'poweroff', 'init', 'telinit', 'systemctl'],
  match(cmd) {
    if (isHelp(cmd)) return null;
    const a = cmd.argv.slice(1);
    if (cmd.name === 'systemctl') {
      const verb = positionals(cmd).find((w) => POWER_VERBS.has(w) || w === 'emergency' || w === 'rescue' || w === 'isolate');
      if (!verb || (verb === 'isolate' && !a.some((w) => /^(poweroff|reboot|halt|rescue|emergency)\.target$/.test(w)))) return null;
    } else if (cmd.name === 'init' || cmd.name === 'telinit') {
      if (!['0', '1', '6', 's', 'S'].includes(a[0] ?? '')) return null;
    } else if (cmd.name === 'shutdown' && hasFlag(cmd, '-c', '--show')) {
      return null; // cancels or shows a scheduled shutdown
    } else if (hasFlag(cmd, '-w', '--wtmp-only')) {
      return null; // only writes the wtmp record
    }
    return hit(
      `${cmd.argv.slice(0, 3).join(' ')} stops every process on the machine and takes it off the network`,
      'every running service and job, and unsaved work in them (a remote machine may not come back without console access)',
      'ask the owner to schedule it; on a server, drain or fail over first',
    );
  },
};

const crontabRemove: CommandRule = {
  id: 'system.crontab-remove',
  level: 'ask',
  summary: 'crontab -r: delete every cron job of the user, with no copy kept; crontab FILE or - (stdin): replace every job with new ones that run later, unchecked',
  commands: ['crontab'],
  match(cmd) {
    const args = cmd.argv.slice(1);
    const cluster = args.find((w) => /^-[a-zA-Z]*r[a-zA-Z]*$/.test(w) && !w.startsWith('--'));
    if (!cluster) {
      // `crontab FILE`, `crontab -` / `… | crontab -`: the whole table is replaced (-l lists, -e edits on a terminal)
      if (args.some((w) => /^-[a-zA-Z]*[le]/.test(w) && !w.startsWith('--')) || args.includes('--help')) return null;
      const operands = args.filter((w, k) => (w === '-' || !w.startsWith('-')) && args[k - 1] !== '-u');
      if (operands.length === 0) return null;
      const st = cmd.stdin;
      const jobs = operands[0] === '-' && (st.kind === 'pipe' || st.kind === 'heredoc' || st.kind === 'herestring') ? st.text : undefined;
      return hit(
        `crontab ${operands[0]} replaces the user's whole crontab${jobs !== undefined ? ` with: ${jobs.trim().split('\n').slice(0, 2).join(' | ').slice(0, 160)}` : ''}; its jobs then run on a schedule, out of twokey's sight`,
        'every cron job the user had, and control over what runs later',
        'show the new table to a human (crontab -l to compare), and let them install it',
      );
    }
    if (/i/.test(cluster)) return null; // -ri asks on the terminal first
    return hit(
      'crontab -r deletes the whole crontab (every scheduled job: backups, rotations, reports) without a copy',
      'every cron job of the user',
      'crontab -l > crontab.bak first; remove single lines with crontab -e',
    );
  },
};

const userdelHome: CommandRule = {
  id: 'system.userdel-home',
  level: 'ask',
  summary: 'userdel -r / deluser --remove-home / --remove-all-files: delete a user with their files',
  commands: ['userdel', 'deluser'],
  match(cmd) {
    if (isHelp(cmd)) return null;
    const withFiles = cmd.name === 'userdel' ? hasFlag(cmd, '-r', '--remove') : hasFlag(cmd, '--remove-home', '--remove-all-files');
    if (!withFiles) return null;
    const user = positionals(cmd, ['-R', '--root', '-P', '--prefix', '--backup-to', '--conf'])[0] ?? 'the user';
    return hit(
      `${cmd.name} removes ${user} together with their home directory${cmd.argv.includes('--remove-all-files') ? ' and every file they own' : ' and mail spool'}`,
      `every file in ${user}'s home directory`,
      `archive it first (tar czf ${user}-home.tgz ~${user}), or lock the account (usermod -L ${user}) instead`,
    );
  },
};

const firewallFlush: CommandRule = {
  id: 'system.firewall-flush',
  level: 'ask',
  summary: 'iptables -F / nft flush ruleset / ufw disable|reset: drop every firewall rule',
  commands: ['iptables', 'ip6tables', 'iptables-legacy', 'iptables-nft', 'nft', 'ufw', 'firewall-cmd'],
  match(cmd) {
    if (isHelp(cmd)) return null;
    const a = cmd.argv.slice(1);
    let what: string | null = null;
    if (/^ip6?tables/.test(cmd.name) && hasFlag(cmd, '-F', '--flush', '-X', '--delete-chain') && !hasFlag(cmd, '-L', '--list', '-S', '--list-rules')) what = `${cmd.name} -F flushes the chains`;
    else if (cmd.name === 'nft' && a.includes('flush') && a.includes('ruleset')) what = 'nft flush ruleset drops every table and rule';
    else if (cmd.name === 'ufw' && (a.includes('disable') || a.includes('reset'))) what = `ufw ${a.includes('reset') ? 'reset deletes every rule' : 'disable turns the firewall off'}`;
    else if (cmd.name === 'firewall-cmd' && a.some((w) => w === '--panic-on' || w.startsWith('--set-default-zone'))) what = 'firewall-cmd changes how every connection is filtered';
    if (!what) return null;
    return hit(
      `${what}: with a default DROP policy the machine (and the agent's own ssh session) can be cut off; with ACCEPT every port is open`,
      'the firewall rules (rarely written down anywhere else), and possibly remote access',
      `save them first (iptables-save > rules.v4, nft list ruleset > rules.nft); change one rule at a time`,
    );
  },
};

/** Database servers: stopping one cuts every client; killing one with -9 skips its shutdown (Redis loses writes since its last snapshot). */
const DATABASE_SERVICE = /^(postgres(ql)?(@[\w.-]+)?|postgresql-\d+|mysql|mysqld|mariadb|mongod|mongodb|redis(-server)?|valkey(-server)?|cassandra|elasticsearch|opensearch|clickhouse(-server)?|etcd|influxdb|neo4j|couchdb|rabbitmq-server|kafka|zookeeper|memcached)(\.service)?$/;
const DATABASE_PROCESS = /^(postgres|postmaster|mysqld|mariadbd|mongod|redis-server|valkey-server|etcd|clickhouse-server|influxd|java)$/;

const stopDatabase: CommandRule = {
  id: 'system.stop-database',
  level: 'ask',
  summary: 'systemctl stop/disable/mask or service … stop of a database server; kill -9 / pkill -9 of one; pg_ctl stop -m immediate',
  commands: ['systemctl', 'service', 'kill', 'pkill', 'killall', 'pg_ctl', 'pg_ctlcluster'],
  match(cmd) {
    if (isHelp(cmd)) return null;
    const a = cmd.argv.slice(1);
    if (cmd.name === 'systemctl') {
      const words = positionals(cmd);
      const verb = words.find((w) => ['stop', 'disable', 'mask', 'kill', 'isolate'].includes(w));
      const unit = verb ? words.slice(words.indexOf(verb) + 1).find((w) => DATABASE_SERVICE.test(w)) : undefined;
      if (!verb || !unit || (verb === 'disable' && !a.includes('--now'))) return null;
      return hit(`systemctl ${verb} ${unit} ${verb === 'disable' || verb === 'mask' ? 'keeps the database server from running' : 'stops the database server'}: every client loses it`, 'availability, and with kill the writes a server had not flushed', `ask the owner; check clients first (for PostgreSQL: SELECT count(*) FROM pg_stat_activity)`);
    }
    if (cmd.name === 'service') {
      const [unit, verb] = positionals(cmd);
      if (!unit || !DATABASE_SERVICE.test(unit) || !['stop', 'restart', 'force-stop'].includes(verb ?? '')) return null;
      return hit(`service ${unit} ${verb} stops the database server: every client loses it`, 'availability', 'ask the owner; check clients first');
    }
    if (cmd.name === 'pg_ctl' || cmd.name === 'pg_ctlcluster') {
      const mode = flagValue(cmd, '-m', '--mode');
      if (!a.includes('stop') || !mode || !/^i/.test(mode)) return null;
      return hit('pg_ctl stop -m immediate aborts the server without a clean shutdown (crash recovery on the next start)', 'open transactions and connections; recovery time', 'pg_ctl stop -m fast (clean) after telling the clients');
    }
    // kill -9 / pkill -9 / killall -9 aimed at a database process by name
    const nine = a.some((w) => /^-(9|KILL|SIGKILL|s(KILL|9))$/.test(w)) || (a.includes('-s') && /^(9|KILL|SIGKILL)$/.test(a[a.indexOf('-s') + 1] ?? ''));
    if (!nine) return null;
    const target = cmd.name === 'kill'
      ? cmd.argv.slice(1).find((w, i) => cmd.dynamic[i + 1] && /pgrep|pidof/.test(w) && /(postgres|mysqld|mariadbd|mongod|redis|valkey|etcd|clickhouse|influxd)/.test(w))
      : positionals(cmd, ['-s', '--signal', '-u', '-U', '-g', '-G', '-P', '-t']).find((w) => DATABASE_PROCESS.test(w) && w !== 'java');
    if (!target) return null;
    return hit(
      `${cmd.name} -9 ${target} kills the database server without letting it shut down`,
      'writes it had not persisted (Redis without AOF loses everything since its last snapshot), and every open transaction',
      `stop it cleanly (systemctl stop …, redis-cli SHUTDOWN SAVE, pg_ctl stop -m fast) after telling the owner`,
    );
  },
};

export const systemPack: RulePack = {
  id: 'system',
  description: 'The machine: reboot/shutdown, crontab -r, userdel -r, firewall flushes, stopping or killing database servers',
  rules: [power, crontabRemove, userdelHome, firewallFlush, stopDatabase],
};
