import type { CommandRule, RuleHit, RulePack, SimpleCommand } from '../../core/types.js';

/**
 * kubectl (and oc, k, kubecolor), helm, helmfile, argocd, flux, velero. kubectl global options
 * (`--context`, `-n`, `--kubeconfig`, …) may stand before the verb; they are skipped.
 */

const KUBECTL_NAMES = ['kubectl', 'k', 'oc', 'kubecolor', 'microk8s.kubectl', 'k3s'];
const KUBECTL_VALUE = new Set([
  '-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token', '--as', '--as-group', '--as-uid',
  '--request-timeout', '-v', '--v', '--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name', '--cache-dir', '--profile', '--profile-output',
]);

export interface KubectlInvocation {
  verb: string;
  args: string[];
  /** For each of args: known only at run time (a variable, $( ), an xargs item). */
  argsDynamic: boolean[];
}

export function kubectlInvocation(cmd: SimpleCommand): KubectlInvocation | null {
  let a = cmd.argv.slice(1);
  let offset = 1;
  if (cmd.name === 'k3s' || cmd.name === 'microk8s') {
    if (a[0] !== 'kubectl') return null;
    a = a.slice(1);
    offset = 2;
  }
  let i = 0;
  while (i < a.length && a[i].startsWith('-')) {
    if (KUBECTL_VALUE.has(a[i])) i += 2;
    else i++;
  }
  if (i >= a.length) return null;
  const args = a.slice(i + 1);
  if (args.includes('--help') || args.includes('-h')) return null;
  return { verb: a[i], args, argsDynamic: args.map((_w, k) => cmd.dynamic[offset + i + 1 + k] ?? false) };
}

function flagVal(args: readonly string[], ...names: string[]): string | undefined {
  let v: string | undefined;
  for (let i = 0; i < args.length; i++) {
    for (const n of names) {
      if (args[i] === n) v = args[i + 1] ?? '';
      else if (args[i].startsWith(`${n}=`)) v = args[i].slice(n.length + 1);
    }
  }
  return v;
}

function has(args: readonly string[], ...names: string[]): boolean {
  return args.some((w) => names.includes(w) || names.some((n) => n.startsWith('--') && w.startsWith(`${n}=`)));
}

const DELETE_VALUE = new Set([...KUBECTL_VALUE, '-l', '--selector', '-f', '--filename', '-k', '--kustomize', '--field-selector', '--grace-period', '--timeout', '--cascade', '--dry-run', '-o', '--output', '--raw', '--wait']);

/** Indexes in args of the positional words (kubectl's: `--` ends them), skipping the values of `valueFlags`. */
function positionalIndexes(args: readonly string[], valueFlags: ReadonlySet<string>): number[] {
  const out: number[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    if (w === '--') break;
    if (w.startsWith('-')) { if (valueFlags.has(w) && !w.includes('=')) i++; continue; }
    out.push(i);
  }
  return out;
}

function positionalsOf(args: readonly string[], valueFlags: ReadonlySet<string>): string[] {
  return positionalIndexes(args, valueFlags).map((i) => args[i]);
}

function isDryRun(args: readonly string[]): boolean {
  const d = flagVal(args, '--dry-run');
  return d !== undefined && d !== 'none' && d !== 'false';
}

/** Resource kinds named by a `delete`, lower-cased with their API group when written (`rdsinstance.database.aws.crossplane.io`). */
function deletedQualifiedKinds(args: readonly string[]): string[] {
  const pos = positionalsOf(args, DELETE_VALUE);
  if (pos.length === 0) return [];
  return pos.some((p) => p.includes('/')) ? pos.map((p) => p.split('/')[0].toLowerCase()) : pos[0].split(',').map((k) => k.toLowerCase());
}

/** API groups whose objects stand for cloud resources (Crossplane, AWS ACK, Google Config Connector, Azure ASO): deleting the object deletes the resource. */
const CLOUD_RESOURCE_GROUP = /(?:^|\.)(?:crossplane\.io|upbound\.io|services\.k8s\.aws|cnrm\.cloud\.google\.com|azure\.com)$/;
/** Kinds (short, or with a group) of operator-managed databases, queues and object stores: their operators delete the data with them. */
const DATA_OPERATOR_KINDS = new Set([
  'cluster.postgresql.cnpg.io', 'postgrescluster', 'postgresclusters', 'postgresql.acid.zalan.do', 'elasticsearch', 'elasticsearches', 'kafka.kafka.strimzi.io',
  'mongodbcommunity', 'perconaxtradbcluster', 'perconaservermongodb', 'perconapgcluster', 'cassandradatacenter', 'redisfailover', 'rediscluster',
  'clickhouseinstallation', 'chi', 'vitesscluster', 'tenant.minio.min.io', 'rabbitmqcluster', 'innodbcluster', 'mariadb.k8s.mariadb.com', 'cockroachdb',
  'scyllacluster', 'opensearchcluster', 'tidbcluster',
]);
/** GitOps objects whose deletion cascades to everything they deployed. */
const GITOPS_KINDS = new Set(['application', 'applications', 'app', 'apps', 'applicationset', 'applicationsets', 'appset', 'kustomization', 'kustomizations', 'ks', 'helmrelease', 'helmreleases', 'hr']);
const GITOPS_GROUP = /(?:argoproj\.io|fluxcd\.io)$/;

/** Resource kinds named by a `delete` (first positional, `type/name` forms, comma lists), lower-cased without API group. */
function deletedKinds(args: readonly string[]): { kinds: string[]; names: string[] } {
  const pos = positionalsOf(args, DELETE_VALUE);
  const kinds: string[] = [];
  const names: string[] = [];
  if (pos.length === 0) return { kinds, names };
  if (pos.some((p) => p.includes('/'))) {
    for (const p of pos) {
      const [k, n] = p.split('/');
      kinds.push(k.toLowerCase().split('.')[0]);
      if (n) names.push(n);
    }
  } else {
    for (const k of pos[0].split(',')) kinds.push(k.toLowerCase().split('.')[0]);
    names.push(...pos.slice(1));
  }
  return { kinds, names };
}

const NAMESPACE = new Set(['namespace', 'namespaces', 'ns', 'project', 'projects']);
const VOLUMES = new Set(['pv', 'pvc', 'persistentvolume', 'persistentvolumes', 'persistentvolumeclaim', 'persistentvolumeclaims', 'volumesnapshot', 'volumesnapshots', 'volumesnapshotcontent', 'volumesnapshotcontents']);
const CRD = new Set(['crd', 'crds', 'customresourcedefinition', 'customresourcedefinitions']);
const STATEFUL = new Set(['statefulset', 'statefulsets', 'sts', 'secret', 'secrets', 'configmap', 'configmaps', 'cm']);
const RECREATED = new Set(['pod', 'pods', 'po', 'job', 'jobs', 'event', 'events', 'ev', 'replicaset', 'replicasets', 'rs']);

function ctxNote(cmd: SimpleCommand, args: readonly string[]): string {
  const c = flagVal(cmd.argv, '--context');
  const n = flagVal(args, '-n', '--namespace') ?? flagVal(cmd.argv, '-n', '--namespace');
  return [c ? `context ${c}` : '', n ? `namespace ${n}` : ''].filter(Boolean).join(', ');
}

function kRule(id: string, level: 'ask' | 'deny', summary: string, match: (cmd: SimpleCommand, k: KubectlInvocation) => RuleHit | null): CommandRule {
  return {
    id, level, summary, commands: [...KUBECTL_NAMES, 'microk8s'],
    match(cmd) {
      const k = kubectlInvocation(cmd);
      return k ? match(cmd, k) : null;
    },
  };
}

const deleteNamespace = kRule('kubernetes.delete-namespace', 'deny', 'kubectl delete namespace: deletes everything in it, PVCs (and Delete-policy disks) included', (cmd, k) => {
  if (k.verb !== 'delete' || isDryRun(k.args)) return null;
  const { kinds, names } = deletedKinds(k.args);
  if (!kinds.some((x) => NAMESPACE.has(x))) return null;
  return {
    reason: `kubectl delete namespace ${names.join(' ')} deletes every object in it, including PersistentVolumeClaims whose volumes are destroyed under reclaimPolicy Delete`,
    loses: `all workloads, secrets, config and persistent data in ${names.join(', ') || 'the namespace'}`,
    safer: `list what is in it first (kubectl get all,pvc,secret -n ${names[0] ?? 'NS'}), set PV reclaimPolicy to Retain, then delete with --dry-run=server to preview`,
  };
});

const deleteVolumes = kRule('kubernetes.delete-volumes', 'deny', 'kubectl delete pv/pvc/volumesnapshot: releases or destroys persistent volumes', (cmd, k) => {
  if (k.verb !== 'delete' || isDryRun(k.args)) return null;
  const { kinds, names } = deletedKinds(k.args);
  const kind = kinds.find((x) => VOLUMES.has(x));
  if (!kind) return null;
  return {
    reason: `kubectl delete ${kind} ${names.join(' ') || (has(k.args, '--all') ? '--all' : '')}: with reclaimPolicy Delete the backing disk is destroyed`,
    loses: 'the data on the volume(s)',
    safer: `kubectl patch pv NAME -p '{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}' first, snapshot the volume, then preview with --dry-run=server`,
  };
});

const deleteCrd = kRule('kubernetes.delete-crd', 'deny', 'kubectl delete crd: deletes every custom resource of that kind in every namespace', (cmd, k) => {
  if (k.verb !== 'delete' || isDryRun(k.args)) return null;
  const { kinds, names } = deletedKinds(k.args);
  if (!kinds.some((x) => CRD.has(x))) return null;
  return {
    reason: `kubectl delete crd ${names.join(' ')} deletes all custom resources of that kind, cluster-wide (operator-managed databases, certificates, backups)`,
    loses: 'every object of the custom resource type, and what operators manage through them',
    safer: `kubectl get ${names[0] ?? 'KIND'} -A first; back them up with kubectl get … -o yaml`,
  };
});

const deleteAll = kRule('kubernetes.delete-all', 'deny', 'kubectl delete --all / -A / all: mass deletion', (cmd, k) => {
  if (k.verb !== 'delete' || isDryRun(k.args)) return null;
  const all = has(k.args, '--all');
  const allNs = has(k.args, '-A', '--all-namespaces');
  const { kinds } = deletedKinds(k.args);
  const allCategory = kinds.includes('all');
  if (!all && !allNs && !allCategory) return null;
  // events are a log the cluster rotates by itself (an hour by default): clearing them loses nothing
  if (kinds.length > 0 && kinds.every((x) => x === 'event' || x === 'events' || x === 'ev')) return null;
  const onlyRecreated = kinds.length > 0 && kinds.every((x) => RECREATED.has(x)) && !allNs;
  // `delete all -l app=web` is scoped by its selector: a look, not a wipe
  const bySelector = allCategory && !all && !allNs && (flagVal(k.args, '-l', '--selector') !== undefined || flagVal(k.args, '--field-selector') !== undefined);
  const where = ctxNote(cmd, k.args);
  return {
    reason: `kubectl delete ${kinds.join(',') || 'resources'} ${all ? '--all' : ''}${allNs ? ' --all-namespaces' : ''} deletes every matching object${where ? ` (${where})` : ''}${allNs ? ' in every namespace' : ''}`,
    loses: onlyRecreated ? 'running pods/jobs (controllers recreate pods, but jobs and their output are gone)' : 'every matching workload, service and its configuration',
    safer: 'select by label (-l app=NAME) and preview with --dry-run=server -o name',
    level: onlyRecreated || bySelector ? 'ask' : 'deny',
  };
});

const deleteStateful = kRule('kubernetes.delete-stateful', 'ask', 'kubectl delete statefulset/secret/configmap, or delete -f/-k manifests', (cmd, k) => {
  if (k.verb !== 'delete' || isDryRun(k.args)) return null;
  const cascade = flagVal(k.args, '--cascade');
  const { kinds, names } = deletedKinds(k.args);
  const kind = kinds.find((x) => STATEFUL.has(x));
  if (kind) {
    if ((kind.startsWith('stateful') || kind === 'sts') && (cascade === 'orphan' || cascade === 'false')) return null;
    return {
      reason: `kubectl delete ${kind} ${names.join(' ')} removes ${kind.startsWith('secret') ? 'secret material that may exist nowhere else' : kind.startsWith('config') || kind === 'cm' ? 'configuration workloads depend on' : 'a stateful workload (its pods and, through its operators, possibly its data)'}`,
      loses: `${kind} ${names.join(' ')}`,
      safer: `save it first (kubectl get ${kind} ${names[0] ?? ''} -o yaml > backup.yaml); for statefulsets use --cascade=orphan to keep the pods`,
    };
  }
  const manifests = flagVal(k.args, '-f', '--filename') ?? flagVal(k.args, '-k', '--kustomize');
  if (manifests !== undefined) {
    return {
      reason: `kubectl delete -f ${manifests} deletes every object the manifests describe${has(k.args, '-R', '--recursive') ? ', recursively through the directory' : ''}`,
      loses: 'every object in the manifests, PVCs and namespaces included if they are listed',
      safer: `preview: kubectl delete -f ${manifests} --dry-run=server -o name`,
    };
  }
  return null;
});

const deleteManagedData = kRule('kubernetes.delete-managed-data', 'deny', 'kubectl delete of objects that stand for cloud resources (Crossplane, ACK, Config Connector, ASO) or operator-managed databases (CloudNativePG, Strimzi, ECK…); Argo CD Applications and Flux Kustomizations/HelmReleases (cascade): ask', (cmd, k) => {
  if (k.verb !== 'delete' || isDryRun(k.args)) return null;
  const kinds = deletedQualifiedKinds(k.args);
  const names = deletedKinds(k.args).names.join(' ');
  const cloud = kinds.find((x) => CLOUD_RESOURCE_GROUP.test(x));
  if (cloud) {
    return { reason: `kubectl delete ${cloud} ${names}: the object stands for a cloud resource, and its controller deletes the resource with it (deletionPolicy Delete is the default)`, loses: 'the cloud resource itself: a database, bucket or cluster, with its data', safer: `set spec.deletionPolicy: Orphan first (kubectl patch ${cloud} ${names || 'NAME'} --type merge -p '{"spec":{"deletionPolicy":"Orphan"}}'), or delete with a human` };
  }
  const data = kinds.find((x) => DATA_OPERATOR_KINDS.has(x) || DATA_OPERATOR_KINDS.has(x.split('.')[0]) && x.split('.')[0] !== 'cluster');
  if (data) {
    return { reason: `kubectl delete ${data} ${names}: the operator tears down the database or queue it manages, and usually its volumes`, loses: 'the data the operator manages (its PVCs, unless their reclaim policy is Retain)', safer: 'take a backup through the operator first, and set the volumes to Retain' };
  }
  const gitops = kinds.find((x) => GITOPS_KINDS.has(x.split('.')[0]) && (x.includes('.') ? GITOPS_GROUP.test(x) : true));
  if (gitops && !/^apps?$/.test(gitops) || (gitops && (flagVal(k.args, '-n', '--namespace') ?? '').match(/argocd|flux/))) {
    return { reason: `kubectl delete ${gitops} ${names}: deleting a GitOps object deletes what it deployed when it cascades (Argo CD finalizers, Flux prune)`, loses: 'every workload the object deployed', safer: 'remove it through its tool with a preview (argocd app delete --cascade=false, flux suspend)', level: 'ask' };
  }
  return null;
});

const applyPrune = kRule('kubernetes.apply-prune', 'ask', 'kubectl apply --prune / replace --force: delete live objects not in the manifests, or delete and recreate', (cmd, k) => {
  if (isDryRun(k.args)) return null;
  if (k.verb === 'apply' && has(k.args, '--prune')) {
    return { reason: 'kubectl apply --prune deletes live objects that match the selector but are missing from the applied manifests', loses: 'objects not in the manifests (a partial manifest set deletes the rest)', safer: 'run the same apply with --dry-run=server first and read the "pruned" lines' };
  }
  if (k.verb === 'replace' && has(k.args, '--force')) {
    return { reason: 'kubectl replace --force deletes the object and creates it again (a PVC would get a new, empty volume)', loses: 'the live object and anything tied to its identity', safer: 'kubectl apply, or kubectl replace without --force' };
  }
  return null;
});

const drain = kRule('kubernetes.drain', 'ask', 'kubectl drain: evict every pod from a node (emptyDir data is lost)', (cmd, k) => {
  if (k.verb !== 'drain' || isDryRun(k.args)) return null;
  const node = positionalsOf(k.args, DELETE_VALUE)[0];
  return {
    reason: `kubectl drain ${node ?? ''} evicts every pod on the node${has(k.args, '--disable-eviction') ? ', bypassing PodDisruptionBudgets' : ''}${has(k.args, '--delete-emptydir-data', '--delete-local-data') ? ' and deletes emptyDir data' : ''}`,
    loses: 'emptyDir data on the node, and availability of workloads without spare replicas',
    safer: `kubectl drain ${node ?? 'NODE'} --dry-run=server first; kubectl cordon to stop new pods without evicting`,
  };
});

const scaleToZero = kRule('kubernetes.scale-stateful-zero', 'ask', 'kubectl scale --replicas=0 on a statefulset, or patching PV reclaim policy / finalizers', (cmd, k) => {
  if (isDryRun(k.args)) return null;
  if (k.verb === 'scale') {
    const r = flagVal(k.args, '--replicas');
    if (r !== '0') return null;
    const { kinds, names } = deletedKinds(k.args.filter((w) => !w.startsWith('--replicas')));
    if (!kinds.some((x) => x.startsWith('statefulset') || x === 'sts')) return null;
    return { reason: `kubectl scale --replicas=0 stops every pod of statefulset ${names.join(' ')}`, loses: 'service availability (databases and queues stop); data stays on the PVCs', safer: 'scale down one replica at a time, or schedule it with a human' };
  }
  if (k.verb === 'patch') {
    const body = flagVal(k.args, '-p', '--patch') ?? '';
    if (/persistentVolumeReclaimPolicy"?\s*:\s*"?Delete/.test(body)) return { reason: 'the patch sets a PersistentVolume reclaimPolicy to Delete', loses: 'the disk, as soon as its claim is deleted', safer: 'keep reclaimPolicy Retain on volumes with data' };
    if (/deletionPolicy"?\s*:\s*"?Delete/.test(body)) return { reason: 'the patch sets deletionPolicy Delete: deleting the object will now delete the cloud resource it manages', loses: 'the cloud resource (database, bucket…) on a later delete', safer: 'keep deletionPolicy: Orphan on resources that hold data' };
    if (/"?finalizers"?\s*:\s*(null|\[\s*\])/.test(body)) return { reason: 'the patch strips finalizers, skipping the cleanup and protection they enforce', loses: 'protection against deletion (kubernetes.io/pvc-protection) or orderly cleanup', safer: 'find out why the object is stuck and fix the controller instead' };
  }
  return null;
});

// ---------------------------------------------------------------------------
// helm, helmfile, argocd, flux, velero
// ---------------------------------------------------------------------------

const HELM_VALUE = new Set(['-n', '--namespace', '--kube-context', '--kubeconfig', '--timeout', '--description', '--cascade', '--registry-config', '--repository-cache', '--repository-config']);

const helmUninstall: CommandRule = {
  id: 'kubernetes.helm-uninstall',
  level: 'ask',
  summary: 'helm uninstall/delete/del/un, helmfile destroy/delete: remove every resource of a release',
  commands: ['helm', 'helmfile', 'helm3'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (a.includes('--help') || a.includes('-h') || a.includes('--dry-run') || a.some((w) => w.startsWith('--dry-run='))) return null;
    const pos = positionalsOf(a, HELM_VALUE);
    if (cmd.name === 'helmfile') {
      if (!pos.includes('destroy') && !pos.includes('delete')) return null;
      return { reason: 'helmfile destroy uninstalls every release in the helmfile', loses: 'all resources of every release (chart-managed PVCs included)', safer: 'helmfile diff / helmfile list first; uninstall single releases with helm uninstall --dry-run' };
    }
    if (!['uninstall', 'delete', 'del', 'un'].includes(pos[0] ?? '')) return null;
    const releases = pos.slice(1);
    return {
      reason: `helm ${pos[0]} ${releases.join(' ')} removes every Kubernetes resource of the release (except resources marked helm.sh/resource-policy: keep)`,
      loses: 'the release\'s workloads, services, secrets and chart-managed PersistentVolumeClaims with their data',
      safer: `helm uninstall ${releases[0] ?? 'RELEASE'} --dry-run to list what goes; helm get manifest to keep a copy; back up PVC data first`,
    };
  },
};

/** `helm upgrade --force`: resources whose update fails are deleted and created again. */
const helmForce: CommandRule = {
  id: 'kubernetes.helm-upgrade-force',
  level: 'ask',
  summary: 'helm upgrade --force: replace resources (delete and recreate) instead of patching them',
  commands: ['helm', 'helm3'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (a.includes('--help') || a.includes('-h') || a.includes('--dry-run') || a.some((w) => w.startsWith('--dry-run='))) return null;
    const pos = positionalsOf(a, HELM_VALUE);
    if (!['upgrade', 'rollback'].includes(pos[0] ?? '') || !a.some((w) => w === '--force' || w === '--force=true')) return null;
    return {
      reason: `helm ${pos[0]} --force deletes and recreates the resources of ${pos[1] ?? 'the release'} that cannot be patched, instead of updating them in place`,
      loses: 'running pods at once (downtime), and data in anything recreated with it, such as a volume claim without a keep policy',
      safer: `helm diff upgrade (plugin) or helm ${pos[0]} --dry-run first; upgrade without --force`,
    };
  },
};

/** `kubectl get pvc -o name | xargs kubectl delete`, `kubectl delete $(kubectl get … -o name)`: what is deleted is only known when it runs. */
const deleteUnknown = kRule('kubernetes.delete-unknown', 'ask', 'kubectl delete whose resource kind comes from a variable, a substitution or its input (xargs)', (cmd, k) => {
  if (k.verb !== 'delete' || isDryRun(k.args)) return null;
  if (flagVal(k.args, '-f', '--filename', '-k', '--kustomize') !== undefined) return null;
  const first = positionalIndexes(k.args, DELETE_VALUE)[0] ?? -1;
  const fromInput = cmd.via.some((v) => /^(xargs|parallel)\b/.test(v));
  if (first < 0 && !(fromInput && !has(k.args, '-l', '--selector', '--all', '-A', '--all-namespaces', '--field-selector'))) return null;
  if (first >= 0 && !k.argsDynamic[first]) return null;
  const what = first >= 0 ? k.args[first] : 'its input';
  return {
    reason: `kubectl delete takes what it deletes from ${what}, known only when it runs (namespaces and persistent volume claims look the same as pods there)`,
    loses: 'whatever the list names: PVCs and namespaces take their data with them',
    safer: 'print the list first (run the command that makes it alone), then delete by kind and name',
  };
});

/** Global argocd options that take a value, before the subcommand (`argocd --server x --grpc-web app delete`). */
const ARGOCD_GLOBAL_VALUED = new Set(['--server', '--auth-token', '--config', '--context', '--kube-context', '--grpc-web-root-path', '-H', '--header', '--loglevel', '--logformat', '--port-forward-namespace', '--redis-haproxy-name', '--redis-name', '--repo-server-name', '--server-crt', '--server-name', '--client-crt', '--client-crt-key', '--http-retry-max']);

/** argocd's words from the subcommand on, global options before it skipped. */
function argocdArgs(cmd: SimpleCommand): string[] {
  const a = cmd.argv.slice(1);
  let i = 0;
  while (i < a.length && a[i].startsWith('-')) i += ARGOCD_GLOBAL_VALUED.has(a[i]) ? 2 : 1;
  return a.slice(i);
}

const argocdDelete: CommandRule = {
  id: 'kubernetes.argocd-app-delete',
  level: 'ask',
  summary: 'argocd app delete (cascade by default): deletes the app and its managed resources',
  commands: ['argocd'],
  match(cmd) {
    const a = argocdArgs(cmd);
    if (a[0] !== 'app' || (a[1] !== 'delete' && a[1] !== 'rm') || a.includes('--help')) return null;
    const cascade = flagVal(a, '--cascade');
    if (cascade === 'false') return null;
    const apps = positionalsOf(a.slice(2), new Set(['--cascade', '--propagation-policy', '-l', '--selector', '--server', '--auth-token']));
    return {
      reason: `argocd app delete ${apps.join(' ')} cascades by default: every Kubernetes resource the app manages is deleted with it`,
      loses: 'the app\'s workloads and any persistent data its manifests own',
      safer: `argocd app delete ${apps[0] ?? 'APP'} --cascade=false (keeps the resources), or disable auto-sync first`,
    };
  },
};

const argocdSyncPrune: CommandRule = {
  id: 'kubernetes.argocd-sync-prune',
  level: 'ask',
  summary: 'argocd app sync --prune: deletes live resources that are no longer in git',
  commands: ['argocd'],
  match(cmd) {
    const a = argocdArgs(cmd);
    const prune = a.some((w) => w === '--prune' || /^--prune=(true|1|yes)$/i.test(w));
    if (a[0] !== 'app' || a[1] !== 'sync' || !prune || a.includes('--dry-run') || a.includes('--preview-changes') || a.includes('--help')) return null;
    const apps = positionalsOf(a.slice(2), new Set(['--revision', '--resource', '-l', '--selector', '--server', '--auth-token', '--strategy', '--timeout', '--retry-limit']));
    return {
      reason: `argocd app sync ${apps.join(' ')} --prune deletes every live resource of the app that is missing from its git source`,
      loses: 'resources dropped from the manifests, PVCs included (a bad commit or a wrong path prunes them all)',
      safer: `argocd app diff ${apps[0] ?? 'APP'} first, or argocd app sync ${apps[0] ?? 'APP'} --prune --dry-run`,
    };
  },
};

const fluxDelete: CommandRule = {
  id: 'kubernetes.flux-delete',
  level: 'ask',
  summary: 'flux delete kustomization/helmrelease: with prune enabled, removes everything it applied',
  commands: ['flux'],
  match(cmd) {
    const a = cmd.argv.slice(1);
    if (a[0] !== 'delete' || a.includes('--help')) return null;
    return { reason: `flux delete ${a.slice(1).join(' ')} removes the object; with prune enabled Flux deletes every resource it applied`, loses: 'the resources reconciled by it', safer: 'flux suspend instead, and check spec.prune first' };
  },
};

export const kubernetesPack: RulePack = {
  id: 'kubernetes',
  description: 'kubectl/oc, helm, helmfile, argocd, flux (velero backups: the backups pack)',
  rules: [deleteNamespace, deleteVolumes, deleteCrd, deleteAll, deleteStateful, deleteManagedData, deleteUnknown, applyPrune, drain, scaleToZero, helmUninstall, argocdDelete, argocdSyncPrune, fluxDelete, helmForce],
};
