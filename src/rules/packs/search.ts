import type { CommandRule, RuleContext, RuleHit, RulePack, SimpleCommand } from '../../core/types.js';
import { envValue } from '../argv.js';
import { classifySql } from '../sql.js';

/**
 * Search engines and HTTP APIs. Most destruction here is an HTTP request, so the core of the pack reads
 * the request a command line would send (curl, wget, HTTPie, xh, curlie, awscurl, opensearch-cli curl):
 * method, URL, body and headers, then judges it.
 *
 * Heuristics, stated once:
 * - Any DELETE is at least `ask`: it removes a remote resource and nothing local can bring it back.
 * - A host "looks like Elasticsearch/OpenSearch" when its port is 9200 or 9243 (Elastic Cloud), when one of
 *   its labels (split on . - _) is es, es01…, elastic, elasticsearch, opensearch, aoss, elk, or bonsai
 *   (that covers *.es.amazonaws.com, *.es.io, *.found.io, elasticsearch-master, $ES_URL, $OPENSEARCH_HOST),
 *   when awscurl signs for the `es`/`aoss` service, or when the tool is opensearch-cli. Port 443 alone is
 *   not evidence. On such a host a DELETE whose path is a single segment not starting with `_`
 *   (`/logs-2024`, `/a,b`, `/logs-*`) deletes indices: deny.
 * - Paths only Elasticsearch/OpenSearch use are judged on any host: `/_all`, `/_snapshot/R/S`, `/_data_stream/X`,
 *   `…/_delete_by_query`, `…/_close`, `/_aliases` with remove_index.
 * - Meilisearch: port 7700, a meili/meilisearch label, *.meilisearch.io, or a header naming MEILI.
 *   Typesense: port 8108, a typesense label, or an X-TYPESENSE-API-KEY header. Solr: port 8983, a solr
 *   label, or a path under /solr/. Algolia: *.algolia.net / *.algolianet.com or an X-Algolia-* header.
 *   Without that evidence their delete shapes stay `ask` (the generic DELETE answer).
 * Verified against the tools' documentation: Algolia CLI (indices delete/clear, objects delete, --dry-run),
 * Solr collections API action=DELETE, curator_cli verbs, curl option syntax (curl 7.88 help). Unverified (from
 * knowledge): `bin/solr post -d`, `solrctl collection --delete/--deletedocs`, opensearch-cli `curl delete --path`,
 * Typesense `truncate=true`, xh/curlie option sets.
 */

// ---------------------------------------------------------------------------
// The request a command would send
// ---------------------------------------------------------------------------

interface HttpRequest {
  tool: string;
  method: string;
  /** The URL as written (for messages). */
  url: string;
  /** Host (or the unresolved variable standing for it), lower-cased, without port and credentials. */
  host: string;
  port?: number;
  /** Path segments, percent-decoded, empty ones dropped. */
  segments: string[];
  /** Query parameters, keys lower-cased. */
  query: Map<string, string>;
  /** Body text when it is on the command line or in its stdin. */
  body?: string;
  /** `@file` body whose text the rule asked for (may be absent from ctx.files). */
  bodyFile?: string;
  /** The body comes from somewhere the rule cannot see. */
  bodyUnknown: boolean;
  headers: string[];
  /** Extra evidence of the engine (awscurl --service es, opensearch-cli). */
  engineHint?: 'es';
}

const CURL_VALUE_SHORT = new Set('EKCbcdDFPHhmoxUQreXYytTzuAw'.split(''));
const CURL_VALUE_LONG = new Set([
  '--abstract-unix-socket', '--alt-svc', '--aws-sigv4', '--cacert', '--capath', '--cert', '--cert-type', '--ciphers', '--config',
  '--connect-timeout', '--connect-to', '--continue-at', '--cookie', '--cookie-jar', '--create-file-mode', '--crlfile', '--curves',
  '--data', '--data-ascii', '--data-binary', '--data-raw', '--data-urlencode', '--delegation', '--dns-interface', '--dns-ipv4-addr',
  '--dns-ipv6-addr', '--dns-servers', '--doh-url', '--dump-header', '--ech', '--egd-file', '--engine', '--etag-compare', '--etag-save',
  '--expect100-timeout', '--form', '--form-string', '--ftp-account', '--ftp-alternative-to-user', '--ftp-method', '--ftp-port',
  '--ftp-ssl-ccc-mode', '--happy-eyeballs-timeout-ms', '--haproxy-clientip', '--header', '--hostpubmd5', '--hostpubsha256', '--hsts',
  '--interface', '--ip-tos', '--ipfs-gateway', '--json', '--keepalive-cnt', '--keepalive-time', '--key', '--key-type', '--krb', '--libcurl',
  '--limit-rate', '--local-port', '--login-options', '--mail-auth', '--mail-from', '--mail-rcpt', '--max-filesize', '--max-redirs',
  '--max-time', '--netrc-file', '--noproxy', '--oauth2-bearer', '--output', '--output-dir', '--parallel-max', '--pass', '--pinnedpubkey',
  '--preproxy', '--proto', '--proto-default', '--proto-redir', '--proxy', '--proxy-cacert', '--proxy-capath', '--proxy-cert',
  '--proxy-cert-type', '--proxy-ciphers', '--proxy-crlfile', '--proxy-header', '--proxy-key', '--proxy-key-type', '--proxy-pass',
  '--proxy-pinnedpubkey', '--proxy-service-name', '--proxy-tls13-ciphers', '--proxy-tlsauthtype', '--proxy-tlspassword', '--proxy-tlsuser',
  '--proxy-user', '--proxy1.0', '--pubkey', '--quote', '--random-file', '--range', '--rate', '--referer', '--request', '--request-target',
  '--resolve', '--retry', '--retry-delay', '--retry-max-time', '--sasl-authzid', '--service-name', '--socks4', '--socks4a', '--socks5',
  '--socks5-gssapi-service', '--socks5-hostname', '--speed-limit', '--speed-time', '--stderr', '--telnet-option', '--tftp-blksize',
  '--time-cond', '--tls-max', '--tls13-ciphers', '--tlsauthtype', '--tlspassword', '--tlsuser', '--trace', '--trace-ascii', '--trace-config',
  '--unix-socket', '--upload-file', '--url', '--url-query', '--user', '--user-agent', '--variable', '--vlan-priority', '--write-out',
  // awscurl
  '--region', '--service', '--profile', '--access_key', '--secret_key', '--security_token', '--session_token',
]);
const CURL_DATA_LONG = new Set(['--data', '--data-ascii', '--data-binary', '--data-raw', '--data-urlencode', '--json', '--form', '--form-string']);

const HTTPIE_VALUE = new Set([
  '-a', '--auth', '-A', '--auth-type', '--bearer', '--session', '--session-read-only', '-o', '--output', '-p', '--print', '-P', '--history-print',
  '--pretty', '-s', '--style', '--verify', '--cert', '--cert-key', '--cert-key-pass', '--proxy', '--timeout', '--max-redirects', '--format-options',
  '--response-charset', '--response-mime', '--ssl', '--ciphers', '--default-scheme', '--boundary', '--max-headers', '--raw', '--http-version',
  '--resolve', '--interface', '--unix-socket', '--generate',
]);

const WGET_VALUE = new Set([
  '-O', '--output-document', '-o', '--output-file', '-a', '--append-output', '-e', '--execute', '-i', '--input-file', '-B', '--base',
  '-t', '--tries', '-T', '--timeout', '-w', '--wait', '-P', '--directory-prefix', '-U', '--user-agent', '-Q', '--quota', '-D', '--domains',
  '-R', '--reject', '-A', '--accept', '-I', '--include-directories', '-X', '--exclude-directories', '-l', '--level', '--method',
  '--body-data', '--body-file', '--post-data', '--post-file', '--header', '--user', '--password', '--http-user', '--http-password',
  '--referer', '--load-cookies', '--save-cookies', '--ca-certificate', '--certificate', '--private-key', '--config', '--limit-rate',
]);

const HTTP_TOOLS = ['curl', 'wget', 'http', 'https', 'xh', 'xhs', 'curlie', 'awscurl', 'opensearch-cli', 'invoke-restmethod', 'invoke-webrequest', 'irm', 'iwr'];

function stdinText(cmd: SimpleCommand): string | undefined {
  const s = cmd.stdin;
  if (s.kind === 'heredoc' || s.kind === 'herestring') return s.text;
  if (s.kind === 'pipe') return s.text;
  return undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `$ES_URL/x` with ES_URL known in the command's environment -> its value; otherwise left as written. */
function resolveLeadingVariable(url: string, cmd: SimpleCommand, ctx: RuleContext): string {
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(url);
  if (!m) return url;
  const value = envValue(cmd, ctx.env, m[1] ?? m[2]);
  return value ? value + url.slice(m[0].length) : url;
}

interface ParsedUrl { host: string; port?: number; segments: string[]; query: Map<string, string> }

/** Lenient URL reading: scheme optional, `:9200/x` is localhost (HTTPie/xh), variables kept as the host. Never throws. */
export function parseUrl(raw: string): ParsedUrl | null {
  let rest = raw.trim();
  if (!rest) return null;
  let scheme = 'http';
  const sm = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(rest);
  if (sm) {
    scheme = sm[1].toLowerCase();
    rest = rest.slice(sm[0].length);
  }
  if (!['http', 'https'].includes(scheme)) return null;
  if (rest.startsWith(':')) rest = `localhost${rest}`;
  const cut = rest.search(/[/?#]/);
  const authority = cut < 0 ? rest : rest.slice(0, cut);
  let tail = cut < 0 ? '' : rest.slice(cut);
  const hash = tail.indexOf('#');
  if (hash >= 0) tail = tail.slice(0, hash);
  const q = tail.indexOf('?');
  const pathPart = q >= 0 ? tail.slice(0, q) : tail;
  const queryPart = q >= 0 ? tail.slice(q + 1) : '';
  const hostPort = authority.includes('@') ? authority.slice(authority.lastIndexOf('@') + 1) : authority;
  let host = hostPort;
  let port: number | undefined;
  const pm = /^(\[[^\]]*\]|[^:]*):(\d{1,5})$/.exec(hostPort);
  if (pm) {
    host = pm[1];
    port = Number(pm[2]);
  } else if (scheme === 'https' && /^[^:]*$/.test(hostPort)) {
    port = 443;
  }
  const segments = pathPart.split('/').filter((s) => s.length > 0).map(safeDecode);
  const query = new Map<string, string>();
  for (const pair of queryPart.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const k = safeDecode(eq >= 0 ? pair.slice(0, eq) : pair).toLowerCase();
    const v = safeDecode((eq >= 0 ? pair.slice(eq + 1) : '').replace(/\+/g, ' '));
    query.set(k, v);
  }
  return { host: host.toLowerCase(), port, segments, query };
}

function request(tool: string, method: string, url: string, extra: Omit<HttpRequest, 'tool' | 'method' | 'url' | 'host' | 'segments' | 'query' | 'port'>, cmd: SimpleCommand, ctx: RuleContext): HttpRequest | null {
  const parsed = parseUrl(resolveLeadingVariable(url, cmd, ctx));
  if (!parsed) return null;
  return { tool, method: method.trim().toUpperCase(), url, ...parsed, ...extra };
}

/** A body word: literal text, `@file`, or `@-` (stdin). */
function readBodyWord(value: string, cmd: SimpleCommand): { body?: string; file?: string; unknown: boolean } {
  if (value.startsWith('@')) {
    if (value === '@-') {
      const t = stdinText(cmd);
      if (t !== undefined) return { body: t, unknown: false };
      return cmd.stdin.kind === 'file' ? { file: cmd.stdin.path, unknown: false } : { unknown: true };
    }
    return { file: value.slice(1), unknown: false };
  }
  return { body: value, unknown: false };
}

function isHelp(words: readonly string[], tool: string): boolean {
  const curlish = tool === 'curl' || tool === 'awscurl' || tool === 'wget';
  return words.some((w) => w === '--help' || w === '--version' || w === '--manual' || (curlish && (w === '-h' || w === '-V' || w === '-M')));
}

/** `-K FILE` / `--config FILE` values given to curl (their text is read by the engine for the rule). */
function curlConfigFiles(cmd: SimpleCommand): string[] {
  if (cmd.name !== 'curl') return [];
  const a = cmd.argv.slice(1);
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if ((a[i] === '-K' || a[i] === '--config') && a[i + 1] && a[i + 1] !== '-') out.push(a[i + 1]);
    else if (/^-K./.test(a[i])) out.push(a[i].slice(2));
  }
  return out;
}

/**
 * curl config file lines (`request = "DELETE"`, `-X DELETE`, `url = "http://…"`) turned into argv words and
 * appended, so a method or URL set there is read like one on the command line.
 */
function withConfigWords(words: string[], ctx: RuleContext): string[] {
  const extra: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const file = words[i] === '-K' || words[i] === '--config' ? words[i + 1] : /^-K./.test(words[i]) ? words[i].slice(2) : undefined;
    const text = file === undefined ? undefined : ctx.files.get(file);
    if (text === undefined) continue;
    for (const line of text.split(/\r?\n/)) {
      const m = /^\s*(-{0,2})([A-Za-z][A-Za-z0-9.-]*)\s*(?:[=:]\s*|\s+)?(.*?)\s*$/.exec(line);
      if (!m || line.trim().startsWith('#')) continue;
      const name = m[1] === '-' ? `-${m[2]}` : `--${m[2]}`;
      const value = m[3].replace(/^"(.*)"$/, '$1');
      extra.push(name);
      if (value !== '') extra.push(value);
    }
  }
  return extra.length ? [...words, ...extra] : words;
}

/** curl and awscurl: `-X M`, `-XM`, `-sXM`, `--request M`, `--url U`, data flags, `-:`/`--next` separated groups. */
function curlRequests(cmd: SimpleCommand, ctx: RuleContext): HttpRequest[] {
  const words = withConfigWords(cmd.argv.slice(1), ctx);
  const out: HttpRequest[] = [];
  let method: string | undefined;
  let head = false;
  let get = false;
  let upload = false;
  let urls: string[] = [];
  let bodies: string[] = [];
  let file: string | undefined;
  let bodyUnknown = false;
  let headers: string[] = [];
  let service: string | undefined;
  const flush = (): void => {
    const implicit = head ? 'HEAD' : get ? 'GET' : bodies.length || file || bodyUnknown ? 'POST' : upload ? 'PUT' : 'GET';
    for (const u of urls) {
      const r = request(cmd.name, method ?? implicit, u, {
        body: bodies.length ? bodies.join('&') : undefined, bodyFile: file, bodyUnknown, headers,
        engineHint: service && /^(es|aoss)$/i.test(service) ? 'es' : undefined,
      }, cmd, ctx);
      if (r) out.push(r);
    }
    method = undefined; head = get = upload = bodyUnknown = false; urls = []; bodies = []; file = undefined; headers = [];
  };
  const takeData = (v: string): void => {
    const b = readBodyWord(v, cmd);
    if (b.body !== undefined) bodies.push(b.body);
    if (b.file) file = b.file;
    if (b.unknown) bodyUnknown = true;
  };
  const takeValue = (opt: string, v: string): void => {
    if (opt === '-X' || opt === '--request') method = v;
    else if (opt === '--url') urls.push(v);
    else if (opt === '--data-raw' || opt === '--form-string') bodies.push(v); // taken literally, `@` included
    else if (opt === '-d' || CURL_DATA_LONG.has(opt) || opt === '-F') takeData(opt === '--data-urlencode' ? v.replace(/^[^=@]*=/, '') : v);
    else if (opt === '-H' || opt === '--header') headers.push(v);
    else if (opt === '-T' || opt === '--upload-file') upload = true;
    else if (opt === '--service') service = v;
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') { urls.push(...words.slice(i + 1)); break; }
    if (w === '-:' || w === '--next') { flush(); continue; }
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const name = eq > 0 ? w.slice(0, eq) : w;
      if (eq > 0 && CURL_VALUE_LONG.has(name)) { takeValue(name, w.slice(eq + 1)); continue; } // curl rejects it; read it anyway
      if (w === '--head') head = true;
      else if (w === '--get') get = true;
      if (CURL_VALUE_LONG.has(w)) { if (i + 1 < words.length) takeValue(w, words[i + 1]); i++; }
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      for (let j = 1; j < w.length; j++) {
        const letter = w[j];
        if (letter === 'I') head = true;
        else if (letter === 'G') get = true;
        if (CURL_VALUE_SHORT.has(letter) && !(letter === 'h' && cmd.name === 'curl')) {
          const attached = w.slice(j + 1);
          if (attached) takeValue(`-${letter}`, attached);
          else if (i + 1 < words.length) { takeValue(`-${letter}`, words[i + 1]); i++; }
          break;
        }
      }
      continue;
    }
    urls.push(w);
  }
  flush();
  return out;
}

/** wget: `--method=DELETE`, `--post-data`, `--body-data`; every positional is a URL. */
function wgetRequests(cmd: SimpleCommand, ctx: RuleContext): HttpRequest[] {
  const words = cmd.argv.slice(1);
  let method: string | undefined;
  const urls: string[] = [];
  let body: string | undefined;
  let file: string | undefined;
  const headers: string[] = [];
  let post = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') { urls.push(...words.slice(i + 1)); break; }
    if (w.startsWith('-') && w.length > 1) {
      const eq = w.indexOf('=');
      const name = w.startsWith('--') && eq > 0 ? w.slice(0, eq) : w;
      let value: string | undefined;
      if (w.startsWith('--') && eq > 0) value = w.slice(eq + 1);
      else if (WGET_VALUE.has(w)) { value = words[i + 1]; i++; }
      if (value === undefined) continue;
      if (name === '--method') method = value;
      else if (name === '--post-data' || name === '--body-data') { body = value; post = post || name === '--post-data'; }
      else if (name === '--post-file' || name === '--body-file') { file = value; post = post || name === '--post-file'; }
      else if (name === '--header') headers.push(value);
      continue;
    }
    urls.push(w);
  }
  const out: HttpRequest[] = [];
  for (const u of urls) {
    const r = request('wget', method ?? (post ? 'POST' : 'GET'), u, { body, bodyFile: file, bodyUnknown: false, headers }, cmd, ctx);
    if (r) out.push(r);
  }
  return out;
}

/** HTTPie, xh, curlie: `[METHOD] URL [ITEMS]`; items are `h:v` headers, `k==v` query, `k=v`/`k:=json` body. */
function httpieRequests(cmd: SimpleCommand, ctx: RuleContext): HttpRequest[] {
  const words = cmd.argv.slice(1);
  if (words.includes('--offline') || words.includes('--curl')) return [];
  const pos: string[] = [];
  let raw: string | undefined;
  let curlMethod: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') { pos.push(...words.slice(i + 1)); break; }
    if (w.startsWith('-') && w.length > 1) {
      const eq = w.indexOf('=');
      const name = w.startsWith('--') && eq > 0 ? w.slice(0, eq) : w;
      let value: string | undefined;
      if (w.startsWith('--') && eq > 0) value = w.slice(eq + 1);
      else if (HTTPIE_VALUE.has(w) || (cmd.name === 'curlie' && (w === '-X' || w === '--request' || w === '-d' || w === '--data' || w === '-H'))) { value = words[i + 1]; i++; }
      else if (cmd.name === 'curlie' && /^-X./.test(w)) { curlMethod = w.slice(2); continue; }
      if (name === '--raw' || ((name === '-d' || name === '--data') && cmd.name === 'curlie')) raw = value;
      if (name === '-X' || name === '--request') curlMethod = value;
      continue;
    }
    pos.push(w);
  }
  if (pos.length === 0) return [];
  let method: string | undefined;
  let i = 0;
  if (pos.length >= 2 && /^[A-Za-z]+$/.test(pos[0])) { method = pos[0]; i = 1; }
  const url = pos[i];
  const items = pos.slice(i + 1);
  const headers: string[] = [];
  const bodyParts: string[] = [];
  const queryParts: string[] = [];
  let file: string | undefined;
  for (const it of items) {
    const m = /^([^=:@]*?)(==|:=@|=@|:=|=|@|:)(.*)$/s.exec(it);
    if (!m) continue;
    const [, key, sep, value] = m;
    if (sep === ':') headers.push(`${key}: ${value}`);
    else if (sep === '==') queryParts.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
    else if (sep === '@' && key === '') file = value;
    else if (sep === '=@' || sep === ':=@') file = value;
    else bodyParts.push(`"${key}":${sep === ':=' ? value : JSON.stringify(value)}`);
  }
  const ignoreStdin = words.includes('--ignore-stdin') || words.includes('-I');
  const stdin = ignoreStdin ? undefined : stdinText(cmd);
  if (!ignoreStdin && stdin === undefined && cmd.stdin.kind === 'file' && !file && !bodyParts.length) file = cmd.stdin.path;
  const body = raw ?? (bodyParts.length ? `{${bodyParts.join(',')}}` : stdin);
  const fullUrl = queryParts.length ? `${url}${url.includes('?') ? '&' : '?'}${queryParts.join('&')}` : url;
  const implicit = body !== undefined || file ? 'POST' : 'GET';
  const r = request(cmd.name, curlMethod ?? method ?? implicit, fullUrl, { body, bodyFile: file, bodyUnknown: false, headers }, cmd, ctx);
  return r ? [r] : [];
}

/** opensearch-cli curl <verb> --path P [--data D] (unverified: from the tool's README as remembered). */
function opensearchCliRequests(cmd: SimpleCommand, ctx: RuleContext): HttpRequest[] {
  const a = cmd.argv.slice(1);
  const ci = a.indexOf('curl');
  if (ci < 0) return [];
  const verb = a.slice(ci + 1).find((w) => !w.startsWith('-'));
  if (!verb) return [];
  let path = '';
  let body: string | undefined;
  for (let i = ci + 1; i < a.length; i++) {
    if (a[i] === '--path' || a[i] === '-P') path = a[i + 1] ?? '';
    else if (a[i].startsWith('--path=')) path = a[i].slice(7);
    else if (a[i] === '--data' || a[i] === '-d') body = a[i + 1];
    else if (a[i].startsWith('--data=')) body = a[i].slice(7);
  }
  const r = request(cmd.name, verb, `opensearch-cli/${path.replace(/^\/+/, '')}`, { body, bodyUnknown: false, headers: [], engineHint: 'es' }, cmd, ctx);
  return r ? [r] : [];
}

/** PowerShell Invoke-RestMethod / Invoke-WebRequest (irm, iwr): `-Method Delete -Uri URL`; parameter names are case-insensitive. */
function powershellRequests(cmd: SimpleCommand, ctx: RuleContext): HttpRequest[] {
  const a = cmd.argv.slice(1);
  let method: string | undefined;
  let url: string | undefined;
  let body: string | undefined;
  const valued = new Set(['-method', '-uri', '-body', '-headers', '-contenttype', '-infile', '-outfile', '-credential', '-token', '-authentication', '-useragent', '-timeoutsec', '-maximumredirection', '-proxy', '-sessionvariable', '-websession', '-customMethod'.toLowerCase()]);
  for (let i = 0; i < a.length; i++) {
    const w = a[i];
    const lower = w.toLowerCase();
    if (lower.startsWith('-')) {
      const colon = lower.indexOf(':');
      const name = colon > 0 ? lower.slice(0, colon) : lower;
      const value = colon > 0 ? w.slice(colon + 1) : valued.has(name) ? a[++i] : undefined;
      if (name === '-method' || name === '-custommethod') method = value;
      else if (name === '-uri') url = value;
      else if (name === '-body') body = value;
      continue;
    }
    if (url === undefined) url = w;
  }
  if (!url) return [];
  const r = request(cmd.name, method ?? (body !== undefined ? 'POST' : 'GET'), url, { body, bodyUnknown: false, headers: [] }, cmd, ctx);
  return r ? [r] : [];
}

export function httpRequests(cmd: SimpleCommand, ctx: RuleContext): HttpRequest[] {
  const words = cmd.argv.slice(1);
  if (isHelp(words, cmd.name)) return [];
  switch (cmd.name) {
    case 'curl':
    case 'awscurl':
      return curlRequests(cmd, ctx);
    case 'wget':
      return wgetRequests(cmd, ctx);
    case 'http':
    case 'https':
    case 'xh':
    case 'xhs':
    case 'curlie':
      return httpieRequests(cmd, ctx);
    case 'opensearch-cli':
      return opensearchCliRequests(cmd, ctx);
    case 'invoke-restmethod':
    case 'invoke-webrequest':
    case 'irm':
    case 'iwr':
      return powershellRequests(cmd, ctx);
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------
// Which engine a request talks to
// ---------------------------------------------------------------------------

/** Labels of a host or of the variable standing for it; a dotted name's last label (its TLD: `.es` is Spain) is left out. */
function hostLabels(host: string): string[] {
  const labels = host.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) && !/^\d+(\.\d+){3}$/.test(host) ? labels.slice(0, -1) : labels;
}

export function looksLikeElasticsearch(r: HttpRequest): boolean {
  if (r.engineHint === 'es') return true;
  if (r.port === 9200 || r.port === 9243) return true;
  return hostLabels(r.host).some((l) => /^(es\d*|elastic|elasticsearch\d*|opensearch\d*|aoss|elk|bonsai|bonsaisearch)$/.test(l));
}

function headerMentions(r: HttpRequest, re: RegExp): boolean {
  return r.headers.some((h) => re.test(h));
}

function looksLikeMeilisearch(r: HttpRequest): boolean {
  return r.port === 7700 || hostLabels(r.host).some((l) => l === 'meili' || l === 'meilisearch') || headerMentions(r, /meili/i);
}

function looksLikeTypesense(r: HttpRequest): boolean {
  return r.port === 8108 || hostLabels(r.host).includes('typesense') || headerMentions(r, /x-typesense-api-key/i) || r.query.has('x-typesense-api-key');
}

function looksLikeSolr(r: HttpRequest): boolean {
  return r.port === 8983 || hostLabels(r.host).includes('solr') || r.segments[0] === 'solr';
}

function looksLikeAlgolia(r: HttpRequest): boolean {
  return /(^|\.)(algolia\.net|algolianet\.com|algolia\.io)$/.test(r.host) || headerMentions(r, /^x-algolia-/i);
}

/** Kibana / OpenSearch Dashboards console proxy: POST /api/console/proxy?path=/idx&method=DELETE talks to ES. */
function throughConsoleProxy(r: HttpRequest): HttpRequest {
  const at = r.segments.join('/');
  if (!/(^|\/)api\/console\/proxy$/.test(at)) return r;
  const method = r.query.get('method');
  const path = r.query.get('path');
  if (!method || path === undefined) return r;
  const inner = parseUrl(`http://es${path.startsWith('/') ? '' : '/'}${path}`);
  if (!inner) return r;
  return { ...r, method: method.toUpperCase(), segments: inner.segments, query: inner.query, engineHint: 'es' };
}

function bodyText(r: HttpRequest, ctx: RuleContext): string | undefined {
  if (r.body !== undefined) return r.body;
  if (r.bodyFile) return ctx.files.get(r.bodyFile);
  return undefined;
}

const WIDE = /[*,{[]|^_all$/;
const MATCH_ALL = /match_all|"query"\s*:\s*\{\s*\}|"query"\s*:\s*"\*(:\*)?"|\*:\*/;

/** The URL for messages: credentials in the authority and key/token/password query values are masked. */
function where(r: HttpRequest): string {
  const masked = r.url
    .replace(/^((?:[a-zA-Z][a-zA-Z0-9+.-]*:\/\/)?)[^/@?#\s]+@/, '$1***@')
    .replace(/([?&][^=&#]*(?:key|token|password|secret|auth)[^=&#]*=)[^&#]*/gi, '$1***');
  return masked.length > 120 ? `${masked.slice(0, 117)}...` : masked;
}

// ---------------------------------------------------------------------------
// search.http-delete
// ---------------------------------------------------------------------------

interface Verdict extends RuleHit { level: 'ask' | 'deny' }

const SNAPSHOT_FIRST = 'take a snapshot first (PUT _snapshot/REPO/NAME?wait_for_completion=true) and let a human run the delete';

function judgeDelete(r: HttpRequest): Verdict {
  const s = r.segments;
  const first = s[0] ?? '';
  const es = looksLikeElasticsearch(r);
  const url = where(r);
  // Elasticsearch/OpenSearch paths recognised on any host.
  if ((first === '_all' || (es && first === '*')) && s.length === 1) {
    return { level: 'deny', reason: `DELETE ${url} deletes every index in the cluster, with every document; it cannot be undone from here`, loses: 'all indices and their documents (only a snapshot restores them)', safer: SNAPSHOT_FIRST };
  }
  if (first === '_snapshot' && s.length >= 3) {
    return { level: 'deny', reason: `DELETE ${url} deletes the snapshot ${s.slice(2).join('/')} from repository ${s[1]}: the backup itself goes`, loses: 'the snapshot (a backup of indices); nothing restores a deleted snapshot', safer: 'keep the snapshot; let snapshot lifecycle retention expire it, or have a human delete it after proving a newer one restores' };
  }
  if (first === '_snapshot' && s.length === 2) {
    return { level: 'ask', reason: `DELETE ${url} unregisters the snapshot repository ${s[1]}; the cluster can no longer list or restore its snapshots`, loses: 'access to the backups in that repository (the files stay in storage)', safer: 'GET _snapshot/REPO first and record its settings so it can be registered again' };
  }
  if (first === '_data_stream' && s.length >= 2) {
    return { level: 'deny', reason: `DELETE ${url} deletes the data stream ${s[1]} and all of its backing indices; it cannot be undone from here`, loses: 'every document in the data stream', safer: SNAPSHOT_FIRST };
  }
  if (['_index_template', '_template', '_component_template'].includes(first)) {
    return { level: 'ask', reason: `DELETE ${url} deletes the ${first.slice(1).replace(/_/g, ' ')} ${s[1] ?? ''}; indices created later lose its mappings and settings`.replace(/ +;/, ';'), loses: 'the template definition', safer: `GET ${first}/${s[1] ?? 'NAME'} first and keep its JSON` };
  }
  if (es && first && !first.startsWith('_') && s.length === 1) {
    const wide = WIDE.test(first);
    return {
      level: 'deny',
      reason: `DELETE ${url} deletes ${wide ? `every Elasticsearch/OpenSearch index matching ${first}` : `the Elasticsearch/OpenSearch index ${first}`} with all its documents; it cannot be undone from here`,
      loses: `every document, mapping and setting of ${first}; only a snapshot restores it`,
      safer: `${SNAPSHOT_FIRST}; or close the index (POST ${first}/_close) so it can be reopened`,
    };
  }
  if (es && first && !first.startsWith('_') && s[1] === '_doc') {
    return { level: 'ask', reason: `DELETE ${url} deletes document ${s.slice(2).join('/')} from index ${first}; it cannot be undone from here`, loses: 'that document', safer: `GET ${first}/_doc/${s.slice(2).join('/') || 'ID'} first and keep its source` };
  }
  // Meilisearch
  if (first === 'indexes' && s.length >= 2 && s.length <= 3 && (s.length === 2 || s[2] === 'documents') && looksLikeMeilisearch(r)) {
    const all = s.length === 3;
    return { level: 'deny', reason: `DELETE ${url} ${all ? `deletes every document of the Meilisearch index ${s[1]}` : `deletes the Meilisearch index ${s[1]} with its documents and settings`}; it cannot be undone from here`, loses: `the documents of ${s[1]}`, safer: 'create a dump or snapshot first (POST /dumps or POST /snapshots) and let a human delete' };
  }
  // Typesense
  if (first === 'collections' && s.length >= 2 && looksLikeTypesense(r)) {
    if (s.length === 2) return { level: 'deny', reason: `DELETE ${url} drops the Typesense collection ${s[1]} with all its documents; it cannot be undone from here`, loses: `every document of ${s[1]}`, safer: 'export it first (GET /collections/NAME/documents/export) or take a snapshot (POST /operations/snapshot)' };
    if (s.length === 3 && s[2] === 'documents') {
      const filter = r.query.get('filter_by');
      const all = r.query.get('truncate') === 'true' || !filter || /^\s*id\s*:\s*\*\s*$/.test(filter);
      return { level: all ? 'deny' : 'ask', reason: `DELETE ${url} deletes ${all ? 'every document' : `the documents matching ${filter}`} of the Typesense collection ${s[1]}; it cannot be undone from here`, loses: `documents of ${s[1]}`, safer: 'export the matching documents first (GET /collections/NAME/documents/export?filter_by=…)' };
    }
  }
  // Solr v2 API
  if (first === 'api' && (s[1] === 'collections' || s[1] === 'c' || s[1] === 'cores') && s.length === 3 && looksLikeSolr(r)) {
    return { level: 'deny', reason: `DELETE ${url} deletes the Solr ${s[1] === 'cores' ? 'core' : 'collection'} ${s[2]} and its index; it cannot be undone from here`, loses: `the index of ${s[2]}`, safer: 'back it up first (Collections API action=BACKUP) and let a human delete' };
  }
  // CouchDB (port 5984 or a couch/couchdb host): DELETE /db drops the database (unverified against a live server)
  if ((r.port === 5984 || hostLabels(r.host).some((l) => l === 'couch' || l === 'couchdb')) && first && !first.startsWith('_') && s.length === 1) {
    return { level: 'deny', reason: `DELETE ${url} deletes the CouchDB database ${first} with every document; it cannot be undone from here`, loses: `every document of ${first}`, safer: 'replicate it to a backup database first (POST /_replicate) and let a human delete' };
  }
  // Algolia REST API
  if (first === '1' && s[1] === 'indexes' && s.length === 3 && looksLikeAlgolia(r)) {
    return { level: 'deny', reason: `DELETE ${url} deletes the Algolia index ${s[2]} with its records, settings, rules and synonyms; it cannot be undone from here`, loses: `every record of ${s[2]}`, safer: 'export the index first (algolia objects browse INDEX > backup.ndjson) and let a human delete' };
  }
  return {
    level: 'ask',
    reason: `DELETE ${url} deletes a remote resource through its API; it cannot be undone from here`,
    loses: 'whatever the resource holds on the server',
    safer: 'GET the resource first to see what would go, and let a human run the DELETE',
  };
}

function strongest(verdicts: Verdict[]): Verdict | null {
  let best: Verdict | null = null;
  for (const v of verdicts) if (!best || (v.level === 'deny' && best.level !== 'deny')) best = v;
  return best;
}

/** Reads the requests defensively: odd input never throws out of a rule (that would be a deny). */
function requestsOf(cmd: SimpleCommand, ctx: RuleContext): HttpRequest[] {
  try {
    return httpRequests(cmd, ctx).map(throughConsoleProxy);
  } catch {
    return [];
  }
}

const httpDelete: CommandRule = {
  id: 'search.http-delete',
  level: 'ask',
  summary: 'HTTP DELETE through curl/wget/HTTPie/xh (ask); deny for Elasticsearch/OpenSearch index, data stream and snapshot deletion, Meilisearch/Typesense/Solr/Algolia index deletion',
  commands: HTTP_TOOLS,
  inputFiles: curlConfigFiles,
  match(cmd, ctx) {
    const requests = requestsOf(cmd, ctx);
    // releasing a search context (a scroll, a point in time, an async search result) deletes no data
    const releases = (r: HttpRequest) => /(^|\/)(_search\/scroll|_pit|_async_search)(\/|$|\?)/.test(r.segments.join('/'));
    const verdicts = requests.filter((r) => r.method === 'DELETE' && !releases(r)).map(judgeDelete);
    // A method only known at run time (`-X "$METHOD"`) asks when a DELETE there would be a deny.
    for (const r of requests) {
      if (!/[$`]/.test(r.method)) continue;
      const ifDelete = judgeDelete({ ...r, method: 'DELETE' });
      if (ifDelete.level === 'deny') verdicts.push({ ...ifDelete, level: 'ask', reason: `the HTTP method ${r.method} is only known at run time, and as a DELETE this request would do this: ${ifDelete.reason}` });
    }
    return strongest(verdicts);
  },
};

// ---------------------------------------------------------------------------
// search.delete-by-query: deleting documents with a POST (ES/OpenSearch, Solr, Meilisearch, Algolia)
// ---------------------------------------------------------------------------

const BODY_FILE_HINT = /_delete_by_query|_update_by_query|_aliases|_bulk|\/update|_cluster\/settings|documents\/delete|deleteByQuery|\/clear|_ilm|_ism/;

function judgeDeleteByQuery(r: HttpRequest, cmd: SimpleCommand, ctx: RuleContext): Verdict | null {
  const s = r.segments;
  // GET can still delete through Solr's stream.body parameter; ES rejects GET on _delete_by_query, but read it as meant.
  if (r.method === 'HEAD' || r.method === 'DELETE') return null;
  if (r.method === 'GET' && !s.includes('_delete_by_query') && !r.query.has('stream.body')) return null;
  const url = where(r);
  const text = bodyText(r, ctx);
  const unseen = text === undefined && (r.bodyUnknown || r.bodyFile !== undefined);
  const dbq = s.indexOf('_delete_by_query');
  if (dbq >= 0) {
    const target = dbq === 0 ? '_all' : s.slice(0, dbq).join('/');
    const q = r.query.get('q');
    const everything = (text !== undefined && MATCH_ALL.test(text)) || (q !== undefined && /^\s*\*(:\*)?\s*$/.test(q)) || (text === undefined && q === undefined && !unseen) || (text !== undefined && !/"query"/.test(text) && q === undefined);
    return {
      level: everything ? 'deny' : 'ask',
      reason: everything
        ? `${r.method} ${url} deletes every document of ${target} (_delete_by_query with ${(text === undefined || !/"query"/.test(text)) && q === undefined ? 'no query' : 'a match-all query'}); it cannot be undone from here`
        : `${r.method} ${url} deletes the documents of ${target} that match ${unseen ? 'a query the command reads from elsewhere' : 'its query'}; it cannot be undone from here`,
      loses: `documents of ${target}`,
      safer: `run the same query against ${target}/_count first, and take a snapshot (PUT _snapshot/REPO/NAME) before deleting`,
    };
  }
  const ubq = s.indexOf('_update_by_query');
  if (ubq >= 0 && text !== undefined && /ctx\.op\s*=+\s*['"\\]*delete/.test(text)) {
    return { level: 'ask', reason: `${r.method} ${url} runs an update-by-query script that deletes the matching documents; it cannot be undone from here`, loses: 'the matching documents', safer: 'run the query against _count first and snapshot the index' };
  }
  if (s[s.length - 1] === '_bulk' && text !== undefined && /"delete"\s*:/.test(text)) {
    return { level: 'ask', reason: `${r.method} ${url} sends a bulk request with delete actions`, loses: 'the documents named in the delete actions', safer: 'GET the documents first and keep their source' };
  }
  // Solr update handler: <delete><query>*:*</query></delete> or {"delete":{"query":"*:*"}}
  if (s.includes('update') && (looksLikeSolr(r) || s[0] === 'solr')) {
    const payload = `${text ?? ''} ${r.query.get('stream.body') ?? ''}`;
    if (/<delete\b|"delete"\s*:/.test(payload)) {
      const all = /\*:\*/.test(payload);
      const core = s[0] === 'solr' ? s[1] : s[0];
      return { level: all ? 'deny' : 'ask', reason: `${r.method} ${url} ${all ? `deletes every document of the Solr core ${core} (delete by query *:*)` : `deletes documents from the Solr core ${core}`}; it cannot be undone from here`, loses: `documents of ${core}`, safer: 'back up first (replication?command=backup or Collections API action=BACKUP) and narrow the query' };
    }
    return null;
  }
  // Meilisearch delete by filter / batch
  if (s[0] === 'indexes' && s[2] === 'documents' && (s[3] === 'delete' || s[3] === 'delete-batch') && s.length === 4) {
    return { level: 'ask', reason: `${r.method} ${url} deletes documents from the Meilisearch index ${s[1]}; it cannot be undone from here`, loses: `documents of ${s[1]}`, safer: 'search with the same filter first to see what would go; create a dump (POST /dumps)' };
  }
  // Algolia REST: clear and deleteByQuery
  if (s[0] === '1' && s[1] === 'indexes' && s.length === 4 && (s[3] === 'clear' || s[3] === 'deleteByQuery') && looksLikeAlgolia(r)) {
    const clear = s[3] === 'clear';
    return { level: clear ? 'deny' : 'ask', reason: `${r.method} ${url} ${clear ? 'deletes every record' : 'deletes the records matching a filter'} of the Algolia index ${s[2]}; it cannot be undone from here`, loses: `records of ${s[2]}`, safer: 'export the index first (algolia objects browse INDEX > backup.ndjson)' };
  }
  void cmd;
  return null;
}

function bodyFilesOf(cmd: SimpleCommand): string[] {
  if (!cmd.argv.some((w) => BODY_FILE_HINT.test(w))) return [];
  const out: string[] = [];
  if (cmd.stdin.kind === 'file') out.push(cmd.stdin.path);
  const a = cmd.argv;
  const curlish = cmd.name === 'curl' || cmd.name === 'awscurl' || cmd.name === 'curlie';
  for (let i = 1; i < a.length; i++) {
    const w = a[i];
    if (curlish && ['-d', '--data', '--data-binary', '--data-raw', '--data-ascii', '--json'].includes(w)) {
      const v = a[i + 1] ?? '';
      if (v.startsWith('@') && v !== '@-' && v.length > 1 && w !== '--data-raw') out.push(v.slice(1));
    } else if (curlish && /^-d@./.test(w) && w !== '-d@-') {
      out.push(w.slice(3));
    } else if (cmd.name === 'wget' && (w === '--post-file' || w === '--body-file')) {
      if (a[i + 1]) out.push(a[i + 1]);
    } else if (cmd.name === 'wget' && /^--(post|body)-file=./.test(w)) {
      out.push(w.slice(w.indexOf('=') + 1));
    } else if (!curlish && cmd.name !== 'wget') {
      const m = /^(?:[^=:@]*:?=)?@(.+)$/.exec(w);
      if (m && m[1] !== '-') out.push(m[1]);
    }
  }
  return out;
}

const deleteByQuery: CommandRule = {
  id: 'search.delete-by-query',
  level: 'deny',
  summary: 'Elasticsearch/OpenSearch _delete_by_query (deny for match_all or no query, else ask); Solr <delete> by *:*; Meilisearch and Algolia delete-by-filter / clear',
  commands: HTTP_TOOLS,
  inputFiles: bodyFilesOf,
  match(cmd, ctx) {
    const verdicts: Verdict[] = [];
    for (const r of requestsOf(cmd, ctx)) {
      const v = judgeDeleteByQuery(r, cmd, ctx);
      if (v) verdicts.push(v);
    }
    return strongest(verdicts);
  },
};

// ---------------------------------------------------------------------------
// search.es-index-admin: closing indices, removing indices through _aliases, lifting the name-only guard
// ---------------------------------------------------------------------------

const esIndexAdmin: CommandRule = {
  id: 'search.es-index-admin',
  level: 'ask',
  summary: 'Elasticsearch/OpenSearch POST INDEX/_close (ask), _aliases remove_index (deny), action.destructive_requires_name=false (ask), ILM/ISM policy deleting at age 0 (ask)',
  commands: HTTP_TOOLS,
  inputFiles: bodyFilesOf,
  match(cmd, ctx) {
    const verdicts: Verdict[] = [];
    for (const r of requestsOf(cmd, ctx)) {
      if (r.method === 'GET' || r.method === 'HEAD' || r.method === 'DELETE') continue;
      const s = r.segments;
      const url = where(r);
      const text = bodyText(r, ctx);
      if (s.length === 2 && s[1] === '_close' && !s[0].startsWith('_') || (s.length === 1 && s[0] === '_close')) {
        const target = s.length === 2 ? s[0] : '_all';
        const wide = WIDE.test(target);
        verdicts.push({ level: 'ask', reason: `${r.method} ${url} closes ${wide ? `every index matching ${target}` : `the index ${target}`}: it stops serving reads and writes until reopened`, loses: 'availability of the index (the data stays on disk)', safer: `reopen with POST ${target}/_open; check who reads it first (GET _cat/indices/${target})` });
      } else if (s.length === 1 && s[0] === '_aliases' && text !== undefined && /remove_index/.test(text)) {
        verdicts.push({ level: 'deny', reason: `${r.method} ${url} uses a remove_index action, which deletes the index itself; it cannot be undone from here`, loses: 'every document of the removed index', safer: SNAPSHOT_FIRST });
      } else if (((s[0] === '_ilm' && s[1] === 'policy') || (s[0] === '_plugins' && s[1] === '_ism' && s[2] === 'policies') || (s[0] === '_opendistro' && s[1] === '_ism' && s[2] === 'policies')) && text !== undefined
        && /"delete"\s*:/.test(text) && /"min(_index)?_age"\s*:\s*"0+(ms|s|m|h|d)?"/.test(text)) {
        verdicts.push({ level: 'ask', reason: `${r.method} ${url} installs a lifecycle policy whose delete step runs at age 0, so the indices it manages are deleted as soon as they reach that phase`, loses: 'every index the policy manages', safer: 'give the delete phase a real retention (e.g. min_age 30d) and check which indices use the policy (GET _all/_ilm/explain)' });
      } else if (s[0] === '_cluster' && s[1] === 'settings' && text !== undefined && /destructive_requires_name["']?\s*:\s*["']?false/.test(text)) {
        verdicts.push({ level: 'ask', reason: `${r.method} ${url} sets action.destructive_requires_name to false, so wildcard and _all deletes are accepted again`, loses: 'the cluster\'s guard against deleting every index by pattern', safer: 'keep the guard on and delete indices by their exact names' });
      }
    }
    return strongest(verdicts);
  },
};

// ---------------------------------------------------------------------------
// search.solr-delete
// ---------------------------------------------------------------------------

function solrAdminVerdict(r: HttpRequest): Verdict | null {
  const s = r.segments;
  const api = s.slice(s.indexOf('admin') + 1)[0];
  if (!s.includes('admin') || (api !== 'collections' && api !== 'cores')) return null;
  const action = (r.query.get('action') ?? '').toUpperCase();
  const url = where(r);
  const name = r.query.get('name') ?? r.query.get('core') ?? r.query.get('collection') ?? '';
  if (api === 'collections' && action === 'DELETE') {
    return { level: 'deny', reason: `${url} deletes the Solr collection ${name} and its index (Collections API action=DELETE); it cannot be undone from here`, loses: `every document of ${name}`, safer: 'back it up first (action=BACKUP) and let a human delete' };
  }
  if (api === 'collections' && action === 'DELETEBACKUP') {
    return { level: 'deny', reason: `${url} deletes Solr backups (action=DELETEBACKUP)`, loses: 'the backups', safer: 'let a human prune backups after checking a newer one restores' };
  }
  if (api === 'collections' && ['DELETESHARD', 'DELETEREPLICA', 'DELETEALIAS', 'DELETENODE'].includes(action)) {
    return { level: 'ask', reason: `${url} runs Collections API action=${action}`, loses: action === 'DELETESHARD' ? 'the documents in that shard' : 'a replica/alias (other copies usually remain)', safer: 'check CLUSTERSTATUS first' };
  }
  if (api === 'cores' && action === 'UNLOAD') {
    const wipes = ['deleteindex', 'deletedatadir', 'deleteinstancedir'].some((k) => r.query.get(k) === 'true');
    return { level: wipes ? 'deny' : 'ask', reason: `${url} unloads the Solr core ${name}${wipes ? ' and deletes its index files' : ''}`, loses: wipes ? `the index of ${name}` : `the core ${name} stops serving until it is created again`, safer: 'back the core up first (replication?command=backup)' };
  }
  return null;
}

/** `-d '<delete>…</delete>'` and similar for bin/post / bin/solr post. */
function solrPostVerdict(args: string[], tool: string): Verdict | null {
  const data: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-d' || args[i] === '--data') data.push(args[i + 1] ?? '');
    else if (args[i].startsWith('--data=')) data.push(args[i].slice(7));
  }
  const text = data.join(' ');
  if (!/<delete\b|"delete"\s*:/.test(text)) return null;
  const core = args[args.indexOf('-c') + 1] ?? args.find((w) => w.startsWith('--name='))?.slice(7) ?? 'the core';
  const all = /\*:\*/.test(text);
  return { level: all ? 'deny' : 'ask', reason: `${tool} ${all ? `deletes every document of the Solr collection ${core} (delete by query *:*)` : `sends a delete to the Solr collection ${core}`}; it cannot be undone from here`, loses: `documents of ${core}`, safer: 'back it up first (Collections API action=BACKUP) and narrow the delete' };
}

const solrDelete: CommandRule = {
  id: 'search.solr-delete',
  level: 'deny',
  summary: 'bin/solr delete, solrctl collection --delete/--deletedocs, bin/post delete *:*, Collections API action=DELETE, cores UNLOAD with deleteIndex',
  commands: ['solr', 'post', 'solrctl', ...HTTP_TOOLS],
  match(cmd, ctx) {
    const a = cmd.argv.slice(1);
    if (a.some((w) => w === '-help' || w === '--help' || w === '-h')) return null;
    if (cmd.name === 'solr') {
      const verb = a[0];
      if (verb === 'delete') {
        const i = a.findIndex((w) => w === '-c' || w === '--name');
        const name = i >= 0 ? a[i + 1] : a.find((w) => w.startsWith('--name='))?.slice(7);
        return { reason: `solr delete removes the ${name ? `collection or core ${name}` : 'collection or core'} and its index${a.some((w) => /deleteConfig|delete-config/.test(w)) ? ' (and its configset)' : ''}; it cannot be undone from here`, loses: `every document of ${name ?? 'the collection'}`, safer: 'back it up first (Collections API action=BACKUP) and let a human delete' };
      }
      if (verb === 'post') return solrPostVerdict(a.slice(1), 'solr post');
      if (verb === 'zk' && (a[1] === 'rm' || a[1] === 'remove')) {
        return { level: 'ask', reason: `solr zk rm deletes ${a.slice(2).filter((w) => !w.startsWith('-')).join(' ') || 'znodes'} from ZooKeeper (configsets or cluster state)`, loses: 'the removed ZooKeeper data', safer: 'solr zk cp the path to a local directory first' };
      }
      return null;
    }
    if (cmd.name === 'post') return a.includes('-c') || a.some((w) => w.startsWith('-url')) ? solrPostVerdict(a, 'bin/post') : null;
    if (cmd.name === 'solrctl') {
      if (a[0] === 'collection' && (a.includes('--delete') || a.includes('--deletedocs'))) {
        const docs = a.includes('--deletedocs');
        const name = a[a.indexOf(docs ? '--deletedocs' : '--delete') + 1] ?? 'the collection';
        return { reason: `solrctl collection ${docs ? '--deletedocs deletes every document of' : '--delete deletes'} ${name}; it cannot be undone from here`, loses: `every document of ${name}`, safer: 'back it up first (solrctl collection --create-snapshot) and let a human delete' };
      }
      return null;
    }
    for (const r of requestsOf(cmd, ctx)) {
      const v = solrAdminVerdict(r);
      if (v) return v;
    }
    return null;
  },
};

// ---------------------------------------------------------------------------
// search.algolia-delete
// ---------------------------------------------------------------------------

const ALGOLIA_VALUE = new Set(['-p', '--profile', '--application-id', '--api-key', '--admin-api-key', '-o', '--output', '--object-ids', '--filters', '--facetFilters', '--numericFilters', '--tagFilters']);

const algoliaDelete: CommandRule = {
  id: 'search.algolia-delete',
  level: 'deny',
  summary: 'algolia indices delete / clear (deny); objects delete, rules/synonyms delete, apikeys delete (ask); --dry-run passes',
  commands: ['algolia'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (a.includes('--help') || a.includes('-h') || a.includes('--dry-run')) return null;
    const pos: string[] = [];
    for (let i = 0; i < a.length; i++) {
      if (a[i].startsWith('-')) { if (ALGOLIA_VALUE.has(a[i])) i++; continue; }
      pos.push(a[i]);
    }
    const [group, verb, ...names] = pos;
    const list = names.join(', ') || 'the index';
    if ((group === 'indices' || group === 'index') && verb === 'delete') {
      return { reason: `algolia indices delete ${list} deletes the index${names.length > 1 ? 'es' : ''} with every record, setting, rule and synonym${a.some((w) => w === '-r' || w === '--include-replicas') ? ', and the replicas too' : ''}`, loses: `every record of ${list} (Algolia support may not be able to restore it)`, safer: `export first (algolia objects browse ${names[0] ?? 'INDEX'} > backup.ndjson), or run with --dry-run` };
    }
    if ((group === 'indices' || group === 'index') && verb === 'move' && names.length >= 2) {
      return { level: 'ask', reason: `algolia indices move ${names[0]} ${names[1]} replaces ${names[1]} with ${names[0]} (the records of ${names[1]} go) and removes ${names[0]}`, loses: `the current records, settings, rules and synonyms of ${names[1]}`, safer: `copy ${names[1]} to a backup first (algolia indices copy ${names[1]} ${names[1]}_backup)` };
    }
    if ((group === 'indices' || group === 'index') && verb === 'clear') {
      return { reason: `algolia indices clear ${list} deletes every record of the index (settings stay)`, loses: `every record of ${list}`, safer: `export first (algolia objects browse ${names[0] ?? 'INDEX'} > backup.ndjson)` };
    }
    if (group === 'objects' && verb === 'delete') {
      const filters = a.find((w, i) => /^--(filters|facetFilters|numericFilters|tagFilters)$/.test(a[i - 1] ?? '') || /^--(filters|facetFilters|numericFilters|tagFilters)=/.test(w));
      return { level: 'ask', reason: `algolia objects delete removes ${filters ? `every record matching ${filters.replace(/^--\w+=/, '')}` : 'records'} from ${names[0] ?? 'the index'}`, loses: 'the deleted records', safer: 'run it with --dry-run first, and browse the matching records to a file' };
    }
    if ((group === 'rules' || group === 'synonyms' || group === 'apikeys') && (verb === 'delete' || verb === 'clear')) {
      return { level: 'ask', reason: `algolia ${group} ${verb} removes ${group === 'apikeys' ? 'an API key (clients using it stop working)' : `${group} from ${names[0] ?? 'the index'}`}`, loses: `the ${group}`, safer: `browse and save them first (algolia ${group} browse${group === 'apikeys' ? '' : ` ${names[0] ?? 'INDEX'}`} > ${group}.ndjson)` };
    }
    return null;
  },
};

// ---------------------------------------------------------------------------
// search.curator-delete
// ---------------------------------------------------------------------------

const CURATOR_VALUE = new Set(['--config', '--hosts', '--host', '--port', '--url_prefix', '--cloud_id', '--api_token', '--id', '--api_key', '--username', '--password', '--bearer_auth', '--opaque_id', '--certificate', '--client-cert', '--client-key', '--http_auth', '--timeout', '--loglevel', '--logfile', '--logformat', '--filter_list', '--ignore_empty_list', '--name', '--repository']);

function curatorActionFile(cmd: SimpleCommand): string | undefined {
  if (cmd.name !== 'curator') return undefined;
  const a = cmd.argv.slice(1);
  const pos: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith('-')) { if (CURATOR_VALUE.has(a[i])) i++; continue; }
    pos.push(a[i]);
  }
  return pos.length === 1 && /\.ya?ml$/i.test(pos[0]) ? pos[0] : undefined;
}

const curatorDelete: CommandRule = {
  id: 'search.curator-delete',
  level: 'deny',
  summary: 'elasticsearch-curator: curator_cli delete_indices/delete_snapshots, curator ACTION_FILE with delete actions (deny); close (ask); --dry-run passes',
  commands: ['curator', 'curator_cli', 'es_curator'],
  inputFiles(cmd) {
    const f = curatorActionFile(cmd);
    return f ? [f] : [];
  },
  match(cmd, ctx) {
    const a = cmd.argv.slice(1);
    if (a.includes('--dry-run') || a.includes('--help') || a.includes('--version')) return null;
    const pos: string[] = [];
    for (let i = 0; i < a.length; i++) {
      if (a[i].startsWith('-')) { if (CURATOR_VALUE.has(a[i])) i++; continue; }
      pos.push(a[i]);
    }
    const verb = pos[0] ?? '';
    if (cmd.name === 'curator_cli') {
      if (verb === 'delete_indices' || verb === 'delete_snapshots') {
        const what = verb === 'delete_indices' ? 'indices' : 'snapshots';
        return { reason: `curator_cli ${verb} deletes every ${what === 'indices' ? 'index' : 'snapshot'} its filters select${what === 'snapshots' ? ' (backups)' : ''}; it cannot be undone from here`, loses: `the selected ${what}`, safer: `run it with --dry-run first to list what the filters select; ${what === 'indices' ? 'snapshot first' : 'keep the newest snapshots'}` };
      }
      if (verb === 'close') return { level: 'ask', reason: 'curator_cli close closes the indices its filters select', loses: 'availability of those indices until reopened', safer: 'run it with --dry-run first' };
      return null;
    }
    // curator v3 syntax: curator [opts] delete indices|snapshots …
    if (verb === 'delete' && (pos[1] === 'indices' || pos[1] === 'snapshots')) {
      return { reason: `curator delete ${pos[1]} deletes every ${pos[1] === 'indices' ? 'index' : 'snapshot'} its flags select; it cannot be undone from here`, loses: `the selected ${pos[1]}`, safer: 'run it with --dry-run first' };
    }
    const file = curatorActionFile(cmd);
    if (!file) return null;
    const text = ctx.files.get(file);
    if (text === undefined) {
      return { level: 'ask', reason: `curator runs the actions in ${file}, which could not be read here (curator's main use is deleting old indices)`, loses: 'whatever indices or snapshots the action file selects', safer: `curator --dry-run ${file} to list what it would do` };
    }
    const m = /action:\s*['"]?(delete_indices|delete_snapshots)/.exec(text);
    if (m) return { reason: `curator runs ${m[1]} from ${file}, deleting every ${m[1] === 'delete_indices' ? 'index' : 'snapshot'} its filters select; it cannot be undone from here`, loses: `the selected ${m[1] === 'delete_indices' ? 'indices' : 'snapshots'}`, safer: `curator --dry-run ${file} first to list what the filters select` };
    if (/action:\s*['"]?close\b/.test(text)) return { level: 'ask', reason: `curator runs close from ${file}, closing the indices its filters select`, loses: 'availability of those indices until reopened', safer: `curator --dry-run ${file} first` };
    return null;
  },
};

// ---------------------------------------------------------------------------
// search.es-node-tool: the offline node tools that delete data on disk
// ---------------------------------------------------------------------------

const esNodeTool: CommandRule = {
  id: 'search.es-node-tool',
  level: 'deny',
  summary: 'elasticsearch-node/opensearch-node repurpose, unsafe-bootstrap (deny); detach-cluster, remove-settings/customs, override-version (ask); elasticsearch-shard remove-corrupted-data (deny)',
  commands: ['elasticsearch-node', 'opensearch-node', 'elasticsearch-shard', 'opensearch-shard'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (a.includes('-h') || a.includes('--help')) return null;
    const verb = a.find((w) => !w.startsWith('-') && !/^[A-Za-z0-9_.]+=/.test(w));
    const tool = cmd.name;
    if (tool.endsWith('-shard')) {
      if (verb !== 'remove-corrupted-data') return null;
      return { reason: `${tool} remove-corrupted-data drops the corrupted parts of a shard copy, with the documents in them`, loses: 'the documents in the corrupted segments or translog', safer: 'restore the index from a snapshot instead, or copy the data directory first' };
    }
    if (verb === 'repurpose') return { reason: `${tool} repurpose deletes the shard data (and index metadata) left on this node's disk`, loses: 'every shard copy stored on the node; if it held the only copy, those documents', safer: 'check GET _cat/shards that no shard lives only here, and copy the data path first' };
    if (verb === 'unsafe-bootstrap') return { reason: `${tool} unsafe-bootstrap forms a new cluster from this node's possibly stale metadata`, loses: 'indices and writes the stale metadata does not know about', safer: 'restore the lost master-eligible nodes, or restore from a snapshot into a new cluster' };
    if (['detach-cluster', 'remove-settings', 'remove-index-settings', 'remove-customs', 'override-version'].includes(verb ?? '')) {
      return { level: 'ask', reason: `${tool} ${verb} edits the node's on-disk cluster state unsafely`, loses: 'cluster metadata (and possibly data that depends on it)', safer: 'copy the data path first; follow the vendor recovery runbook with a human' };
    }
    return null;
  },
};

// ---------------------------------------------------------------------------
// search.client-code: inline code (python -c, node -e, heredoc to an interpreter) calling a search client
// ---------------------------------------------------------------------------

const INTERPRETERS = ['python', 'python3', 'python2', 'node', 'nodejs', 'deno', 'bun', 'ruby'];

/** Code an interpreter runs from its command line or stdin (not from a script file). */
export function inlineCode(cmd: SimpleCommand): string | undefined {
  const a = cmd.argv.slice(1);
  const isPython = /^python(\d(\.\d+)?)?$/.test(cmd.name);
  const flags = isPython ? ['-c'] : cmd.name === 'deno' ? [] : ['-e', '--eval', '-p', '--print'];
  const valued = isPython ? ['-W', '-X', '--check-hash-based-pycs'] : ['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--conditions', '-C', '--title', '--max-old-space-size'];
  for (let i = 0; i < a.length; i++) {
    const w = a[i];
    if (flags.includes(w)) return a[i + 1];
    if (valued.includes(w)) { i++; continue; }
    if (isPython && w === '-m') return undefined;
    const eq = w.indexOf('=');
    if (eq > 0 && flags.includes(w.slice(0, eq)) && w.startsWith('--')) return w.slice(eq + 1);
    if (isPython && /^-[A-Za-z]*c$/.test(w) && !w.startsWith('--')) return a[i + 1];
    if (cmd.name === 'deno' && w === 'eval') return a.slice(i + 1).find((x) => !x.startsWith('-'));
    if (!w.startsWith('-') || w === '-') {
      if (w !== '-') return undefined; // a script file runs; its text is not read here
      break;
    }
  }
  const s = cmd.stdin;
  if (s.kind === 'heredoc' || s.kind === 'herestring') return s.text;
  if (s.kind === 'pipe') return s.text;
  return undefined;
}

interface CodeFinding { level: 'ask' | 'deny'; what: string; loses: string }

const MATCH_ALL_CODE = /match_all|["']\*:\*["']/;

function judgeClientCode(code: string): CodeFinding | null {
  const c = code;
  if (/\.indices\s*\.\s*delete\s*\(/.test(c) || /\bindices\.delete\(/.test(c)) return { level: 'deny', what: 'deletes Elasticsearch/OpenSearch indices through the client (indices.delete)', loses: 'every document of the deleted indices' };
  if (/\.(delete_data_stream|deleteDataStream)\s*\(/.test(c)) return { level: 'deny', what: 'deletes a data stream and its backing indices', loses: 'every document of the data stream' };
  if (/\.snapshot\s*\.\s*delete\s*\(/.test(c)) return { level: 'deny', what: 'deletes a snapshot (a backup)', loses: 'the snapshot' };
  if (/\.(delete_by_query|deleteByQuery)\s*\(/.test(c)) {
    const all = MATCH_ALL_CODE.test(c);
    return { level: all ? 'deny' : 'ask', what: `runs delete-by-query${all ? ' with a match-all query' : ''}`, loses: 'the matching documents' };
  }
  if (/\.(delete_index|deleteIndex|index\s*\([^)]*\)\s*\.\s*delete)\s*\(/.test(c) && /meili|algolia|search/i.test(c)) return { level: 'deny', what: 'deletes a search index through its client', loses: 'every document of the index' };
  if (/\.(delete_all_documents|deleteAllDocuments|clear_objects|clearObjects|clear_index|clearIndex)\s*\(/.test(c)) return { level: 'deny', what: 'deletes every document of a search index through its client', loses: 'every document of the index' };
  if (/collections\s*(\[[^\]]*\]|\([^)]*\))\s*\.\s*delete\s*\(\s*\)/.test(c)) return { level: 'deny', what: 'drops a Typesense collection through its client', loses: 'every document of the collection' };
  if (/\.delete\s*\(\s*q\s*=\s*["']\*:\*["']/.test(c)) return { level: 'deny', what: 'deletes every document of a Solr core (delete q=*:*)', loses: 'every document of the core' };
  if (/\b(requests|httpx|session|axios|client|urllib3|aiohttp)\s*\.\s*delete\s*\(\s*[`'"f]/.test(c) || /method\s*[:=]\s*['"]DELETE['"]/i.test(c)) return { level: 'ask', what: 'sends an HTTP DELETE request', loses: 'whatever the remote resource holds' };
  return null;
}

const clientCode: CommandRule = {
  id: 'search.client-code',
  level: 'ask',
  summary: 'inline python -c / node -e / heredoc code that deletes search indices through a client (deny) or sends an HTTP DELETE (ask)',
  commands: INTERPRETERS,
  match(cmd) {
    const code = inlineCode(cmd);
    if (!code) return null;
    const f = judgeClientCode(code);
    if (!f) return null;
    const onStdin = cmd.stdin.kind !== 'inherit' && cmd.stdin.kind !== 'file' && !cmd.argv.slice(1).includes(code);
    return { level: f.level, reason: `the ${cmd.name} code ${onStdin ? 'fed to it on standard input' : 'given on the command line'} ${f.what}; it cannot be undone from here`, loses: f.loses, safer: f.level === 'deny' ? SNAPSHOT_FIRST : 'GET the resource first and let a human run the delete' };
  },
};

/**
 * SQL sent to a database over HTTP: ClickHouse's interface (`?query=…`, or the body, on port 8123/8443 or a
 * clickhouse host), InfluxDB 1.x `/query?q=…` (InfluxQL), and InfluxDB 2's `/api/v2/delete` (points in a time range).
 */
const sqlOverHttp: CommandRule = {
  id: 'search.sql-over-http',
  level: 'ask',
  summary: "SQL sent over HTTP to ClickHouse (?query=, the body) or InfluxDB (/query?q=), and InfluxDB's /api/v2/delete: judged like the same SQL in a client",
  commands: HTTP_TOOLS,
  inputFiles: curlConfigFiles,
  match(cmd, ctx) {
    let worst: RuleHit | null = null;
    for (const r of requestsOf(cmd, ctx)) {
      const path = `/${r.segments.join('/')}`;
      if (/\/api\/v2\/delete$/.test(path) && r.method !== 'GET') {
        return { reason: `${r.method} ${r.url} deletes InfluxDB points in a time range (every point of the bucket when no predicate narrows it)`, loses: 'the deleted points', safer: 'query the range first; influx backup', level: 'deny' };
      }
      const clickhouse = r.port === 8123 || r.port === 8443 || /clickhouse/.test(r.host);
      const form = r.body !== undefined ? new URLSearchParams(r.body.includes('=') && !/\s/.test(r.body.split('=')[0]) ? r.body : '') : new URLSearchParams();
      const texts = [
        r.query.get('query'),
        /\/query$/.test(path) ? r.query.get('q') ?? form.get('q') ?? undefined : undefined,
        // --data-urlencode 'q=…' arrives as the value alone
        /\/query$/.test(path) && r.body !== undefined && form.get('q') === null ? r.body : undefined,
        clickhouse && r.body !== undefined && !r.body.includes('=') ? r.body : undefined,
        clickhouse ? form.get('query') ?? undefined : undefined,
      ].filter((t): t is string => typeof t === 'string' && t.trim() !== '');
      for (const text of texts) {
        const effects = classifySql(text);
        const e = effects.find((x) => x.level === 'deny') ?? effects[0];
        if (!e) continue;
        const hitNow: RuleHit = { reason: `${r.method} ${r.url.replace(/\?.*$/, '')} runs ${e.statement}: ${e.description}`, loses: e.target ? `${e.target} and its data` : 'the data the statement removes', safer: 'run the statement through a client with a human, after a backup', level: e.level };
        if (!worst || (hitNow.level === 'deny' && worst.level !== 'deny')) worst = hitNow;
      }
    }
    return worst;
  },
};

export const searchPack: RulePack = {
  id: 'search',
  description: 'Search engines and HTTP APIs: DELETE requests through curl/wget/httpie, Elasticsearch/OpenSearch indices, Meilisearch, Typesense, Solr, Algolia',
  rules: [httpDelete, deleteByQuery, esIndexAdmin, solrDelete, algoliaDelete, curatorDelete, esNodeTool, clientCode, sqlOverHttp],
};
