import type { CommandRule, RuleHit, RulePack, SimpleCommand } from '../../core/types.js';
import { hasFlag, positionals } from '../argv.js';

/**
 * DNS servers and DNS-as-code tools: deleting a zone takes every name in it off the internet (mail, sites,
 * certificates' validation) and its records are rarely kept anywhere else; record deletions and syncs that
 * delete what a file no longer lists are asked. Hosted zones in clouds are the aws/gcp/azure/paas packs'.
 * Facts from the tools' manuals: nsupdate(1), rndc(8), pdnsutil(1), knotc(8), dnscontrol, octoDNS, cli53,
 * flarectl, dns-lexicon.
 */

const isHelp = (a: readonly string[]) => a.some((w) => w === '--help' || w === '-h' || w === '--version' || w === 'help');

/** The script file nsupdate is given as operand (`-` is its stdin). */
function nsupdateFile(cmd: SimpleCommand): string | undefined {
  const file = positionals(cmd, ['-k', '-y', '-r', '-t', '-u', '-p'])[0];
  return file === '-' ? undefined : file;
}

/** The update commands nsupdate would read: its stdin when literal, else the file named as operand. */
function nsupdateScript(cmd: SimpleCommand, files: ReadonlyMap<string, string>): string | null | undefined {
  const file = nsupdateFile(cmd);
  if (file !== undefined) return files.get(file) ?? null;
  const s = cmd.stdin;
  if (s.kind === 'heredoc' || s.kind === 'herestring') return s.text;
  if (s.kind === 'pipe') return s.text ?? null;
  if (s.kind === 'file') return files.get(s.path) ?? null;
  return undefined; // a terminal: typed by whoever runs it
}

const nsupdate: CommandRule = {
  id: 'dns.nsupdate-delete',
  level: 'ask',
  summary: 'nsupdate scripts that delete records (update delete / del); unreadable scripts ask',
  commands: ['nsupdate'],
  inputFiles(cmd) {
    return [nsupdateFile(cmd), cmd.stdin.kind === 'file' ? cmd.stdin.path : undefined].filter((f): f is string => f !== undefined);
  },
  match(cmd, ctx) {
    if (isHelp(cmd.argv.slice(1))) return null;
    const script = nsupdateScript(cmd, ctx.files);
    if (script === undefined) return null;
    if (script === null) {
      return { reason: 'nsupdate reads its update commands from input that cannot be read here; they may delete records', loses: 'whatever records the script deletes', safer: 'write the update script to a file in the project so it can be read, or let a human run it' };
    }
    const deletes = script.split('\n').map((l) => l.trim()).filter((l) => /^(?:update\s+)?del(?:ete)?\s+\S/i.test(l));
    if (deletes.length === 0) return null;
    const names = deletes.map((l) => l.replace(/^(?:update\s+)?del(?:ete)?\s+/i, '').split(/\s+/)[0]);
    const whole = deletes.some((l) => l.replace(/^(?:update\s+)?del(?:ete)?\s+/i, '').split(/\s+/).length === 1);
    return {
      reason: `nsupdate deletes ${whole ? 'every record at' : 'records of'} ${[...new Set(names)].join(', ')}`,
      loses: 'the deleted records: whatever resolves through them (sites, mail, certificate validation) stops resolving',
      safer: 'dig the names first and keep the answers, so the records can be added back; let a human send the delete',
    };
  },
};

interface ZoneVerb { verb: string; level: 'ask' | 'deny'; what: string }

/** Server tools: the verb (at its position) and what it deletes. */
const ZONE_TOOLS: Record<string, { values: string[]; verbs: ZoneVerb[] }> = {
  rndc: {
    values: ['-b', '-c', '-k', '-p', '-s', '-y'],
    verbs: [{ verb: 'delzone', level: 'deny', what: 'removes the zone from the server (with -clean also its zone and journal files)' }],
  },
  pdnsutil: {
    values: ['--config-dir', '--config-name'],
    verbs: [
      { verb: 'delete-zone', level: 'deny', what: 'deletes the zone and all its records from the backend' },
      { verb: 'clear-zone', level: 'deny', what: 'removes every record of the zone' },
      { verb: 'delete-rrset', level: 'ask', what: 'deletes a record set' },
      { verb: 'remove-zone-key', level: 'ask', what: 'removes a DNSSEC key (resolvers then fail to validate the zone if it was in use)' },
      { verb: 'unset-nsec3', level: 'ask', what: 'changes how the zone proves absence (DNSSEC)' },
    ],
  },
  knotc: {
    values: ['-c', '-C', '-s', '-t', '-b'],
    verbs: [
      { verb: 'zone-purge', level: 'deny', what: 'deletes the zone\'s data: zone file, journal, timers and DNSSEC keys' },
      { verb: 'zone-unset', level: 'ask', what: 'deletes records from the zone being edited' },
      { verb: 'conf-unset', level: 'ask', what: 'removes server configuration (zones included)' },
    ],
  },
};

const zoneDelete: CommandRule = {
  id: 'dns.zone-delete',
  level: 'deny',
  summary: 'rndc delzone, pdnsutil delete-zone / clear-zone, knotc zone-purge (deny); pdnsutil delete-rrset, knotc zone-unset (ask)',
  commands: Object.keys(ZONE_TOOLS),
  match(cmd) {
    const tool = ZONE_TOOLS[cmd.name];
    if (!tool || isHelp(cmd.argv.slice(1))) return null;
    const pos = positionals(cmd, tool.values);
    const at = pos.findIndex((w) => tool.verbs.some((v) => v.verb === w.toLowerCase()));
    if (at < 0) return null;
    const v = tool.verbs.find((x) => x.verb === pos[at].toLowerCase())!;
    const zone = pos[at + 1];
    return {
      reason: `${cmd.name} ${v.verb}${zone ? ` ${zone}` : ''} ${v.what}`,
      loses: `the records of ${zone ?? 'the zone'}, and everything that resolves through them`,
      safer: `export the zone first (${cmd.name === 'pdnsutil' ? `pdnsutil list-zone ${zone ?? 'ZONE'} > zone.txt` : `dig AXFR ${zone ?? 'ZONE'} > zone.txt`}), then let a human delete it`,
      level: v.level,
    };
  },
};

/** DNS-as-code and record CLIs that apply deletions. */
const recordSync: CommandRule = {
  id: 'dns.records-apply',
  level: 'ask',
  summary: 'dnscontrol push, octodns-sync --doit (delete records a config no longer lists), cli53/flarectl/lexicon record and zone deletes',
  commands: ['dnscontrol', 'octodns-sync', 'cli53', 'flarectl', 'lexicon'],
  match(cmd): RuleHit | null {
    const a = cmd.argv.slice(1);
    if (isHelp(a)) return null;
    const pos = positionals(cmd, ['--config', '--config-file', '--creds', '--domains', '--providers', '--zone', '--id', '--profile', '--endpoint-url', '--log-level', '--output']);
    switch (cmd.name) {
      case 'dnscontrol':
        if (pos[0] !== 'push') return null;
        return { reason: 'dnscontrol push applies dnsconfig.js to the live zones, deleting every record the file does not list', loses: 'records that exist only at the provider', safer: 'dnscontrol preview first, and read the deletions it lists' };
      case 'octodns-sync':
        if (!hasFlag(a, '--doit')) return null;
        return { reason: 'octodns-sync --doit applies the zone files to the providers, deleting records they do not list', loses: 'records that exist only at the provider', safer: 'octodns-sync without --doit (a plan), then let a human apply it' };
      case 'cli53': {
        const verb = pos[0];
        if (verb === 'delete') return { reason: `cli53 delete ${pos[1] ?? ''} deletes the hosted zone${hasFlag(a, '--purge') ? ' and every record in it (--purge)' : ''}`.replace(/ +/g, ' '), loses: 'the zone and its records', safer: `cli53 export ${pos[1] ?? 'ZONE'} > zone.txt first`, level: 'deny' };
        if (verb === 'rrdelete' || verb === 'rrpurge') return { reason: `cli53 ${verb} deletes ${verb === 'rrpurge' ? 'every record' : 'records'} of ${pos[1] ?? 'the zone'}`, loses: 'the deleted records', safer: `cli53 export ${pos[1] ?? 'ZONE'} > zone.txt first`, ...(verb === 'rrpurge' ? { level: 'deny' as const } : {}) };
        if (verb === 'import' && hasFlag(a, '--replace')) return { reason: 'cli53 import --replace deletes the zone\'s records that the file does not hold', loses: 'records missing from the file', safer: 'cli53 import --dry-run --replace first' };
        return null;
      }
      case 'flarectl':
        if (pos[0] === 'dns' && /^(delete|d)$/.test(pos[1] ?? '')) return { reason: 'flarectl dns delete deletes a record of the zone', loses: 'the record', safer: 'flarectl dns list first, and keep the record\'s values' };
        if (pos[0] === 'zone' && /^(delete|d)$/.test(pos[1] ?? '')) return { reason: 'flarectl zone delete deletes the zone from Cloudflare', loses: 'the zone and all its records', safer: 'export the zone first', level: 'deny' };
        return null;
      case 'lexicon':
        // lexicon PROVIDER ACTION DOMAIN TYPE
        if (pos[1] !== 'delete') return null;
        return { reason: `lexicon ${pos[0] ?? ''} delete removes ${pos[3] ?? ''} records of ${pos[2] ?? 'the zone'}`.replace(/ +/g, ' '), loses: 'the deleted records', safer: `lexicon ${pos[0] ?? 'PROVIDER'} list ${pos[2] ?? 'DOMAIN'} ${pos[3] ?? 'TYPE'} first` };
      default:
        return null;
    }
  },
};

export const dnsPack: RulePack = {
  id: 'dns',
  description: 'DNS servers and DNS-as-code: nsupdate, rndc, pdnsutil, knotc, dnscontrol, octoDNS, cli53, flarectl, lexicon',
  rules: [nsupdate, zoneDelete, recordSync],
};
