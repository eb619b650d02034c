import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { delimiter, join } from 'node:path';
import { stringify } from 'yaml';
import { CLUSTER_SCOPED_KINDS, groupOf } from '../../../src/model/kube.ts';
import { operatorInstallPlan, collectOperators } from '../../../src/platform/derive/operators.ts';
import type { Platform } from '../../../src/platform/platform.ts';
import { attachControllers, attachEndpoints, operatorDeployments, type SimControllerOptions } from './controllers.ts';
import { crdObject, pluralOf } from './resources.ts';
import { SimApiServer, type Obj } from './server.ts';
import { tempDir } from '../temp.ts';

export { SimApiServer, type Obj, type Fault } from './server.ts';
export { attachControllers, attachEndpoints, operatorSecrets, readyStatus, workloadObjects } from './controllers.ts';
export { crdObject } from './resources.ts';

const BUILTIN_GROUPS = new Set(['', 'rbac.authorization.k8s.io', 'networking.k8s.io', 'storage.k8s.io', 'scheduling.k8s.io', 'apiextensions.k8s.io', 'route.openshift.io', 'security.openshift.io', 'operators.coreos.com']);

export const SIM_TOKEN = 'sim-token';

/**
 * Writes a kubeconfig for the server (http needs insecure-skip-tls-verify in client-node). It is
 * JSON (valid YAML) so the helm stand-in can read it without a YAML parser.
 */
export function writeKubeconfig(url: string, options: { token?: string; context?: string } = {}): string {
  const context = options.context ?? 'sim';
  return writeMultiKubeconfig([{ url, context, ...(options.token === undefined ? {} : { token: options.token }) }], context);
}

/** Writes one kubeconfig with a context per server (each its own cluster and user), `current` as current-context. */
export function writeMultiKubeconfig(entries: readonly { url: string; context: string; token?: string }[], current: string): string {
  const dir = tempDir('datalyptica-sim-');
  const file = join(dir, 'kubeconfig');
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: entries.map((e) => ({ name: `${e.context}-cluster`, cluster: { server: e.url, 'insecure-skip-tls-verify': true } })),
      users: entries.map((e) => ({ name: `${e.context}-user`, user: { token: e.token ?? SIM_TOKEN } })),
      contexts: entries.map((e) => ({ name: e.context, context: { cluster: `${e.context}-cluster`, user: `${e.context}-user`, namespace: 'default' } })),
      'current-context': current,
    }),
    { mode: 0o600 },
  );
  return file;
}

/**
 * The server and token helm would use with these arguments and environment, as helm resolves them:
 * `--kubeconfig`, else the KUBECONFIG list (first file defining the context), `--kube-context`, else
 * current-context. Undefined when nothing is given: the stand-in never falls back to a default.
 */
export function helmTarget(args: readonly string[], env: Readonly<Record<string, string | undefined>>): { server: string; token: string } | undefined {
  const flag = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const files = flag('--kubeconfig') !== undefined ? [flag('--kubeconfig')!] : (env['KUBECONFIG'] ?? '').split(delimiter).filter((f) => f !== '');
  type Config = { clusters: { name: string; cluster: { server: string } }[]; users: { name: string; user: { token?: string } }[]; contexts: { name: string; context: { cluster: string; user: string } }[]; 'current-context'?: string };
  const configs = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Config);
  const contextName = flag('--kube-context') ?? configs.find((c) => c['current-context'])?.['current-context'];
  for (const config of configs) {
    const context = config.contexts.find((c) => c.name === contextName)?.context;
    if (!context) continue;
    const server = configs.flatMap((c) => c.clusters).find((c) => c.name === context.cluster)?.cluster.server;
    const token = configs.flatMap((c) => c.users).find((u) => u.name === context.user)?.user.token;
    if (server !== undefined) return { server, token: token ?? '' };
  }
  return undefined;
}

/**
 * CRDs for every custom kind the platform renders, keyed by the operator that installs them
 * (`byOperator`: operator id → CRDs; `byPackage`: OLM package → CRDs) and the rest (`other`,
 * preinstalled: CRDs a platform expects to exist already, such as the monitoring stack's).
 */
export function platformCrds(platform: Platform): { byOperator: Map<string, Obj[]>; byPackage: Map<string, Obj[]>; other: Obj[] } {
  const kinds = new Map<string, { group: string; kind: string; versions: Set<string> }>();
  for (const { object } of platform.objects) {
    const group = groupOf(object.apiVersion);
    if (BUILTIN_GROUPS.has(group) || !group.includes('.')) continue;
    const key = `${pluralOf(object.kind)}.${group}`;
    const entry = kinds.get(key) ?? { group, kind: object.kind, versions: new Set<string>() };
    entry.versions.add(object.apiVersion.slice(object.apiVersion.lastIndexOf('/') + 1));
    kinds.set(key, entry);
  }
  const crd = (name: string): Obj => {
    const known = kinds.get(name);
    const group = name.slice(name.indexOf('.') + 1);
    const plural = name.slice(0, name.indexOf('.'));
    const kind = known?.kind ?? plural.replace(/s$/, '').replace(/^./, (c) => c.toUpperCase());
    return crdObject({ group, kind, plural, versions: known ? [...known.versions] : ['v1'], namespaced: !(CLUSTER_SCOPED_KINDS as ReadonlySet<string>).has(kind) }) as Obj;
  };
  const claimed = new Set<string>();
  const byOperator = new Map<string, Obj[]>();
  const byPackage = new Map<string, Obj[]>();
  for (const install of operatorInstallPlan(platform)) {
    const crds = install.crds.map(crd);
    install.crds.forEach((c) => claimed.add(c));
    byOperator.set(install.id, crds);
    if (install.type === 'olm') byPackage.set(install.package, crds);
  }
  for (const { requirement } of collectOperators(platform.components)) {
    for (const companion of requirement.companions ?? []) {
      byOperator.set(companion.id, companion.crds.map(crd));
      companion.crds.forEach((c) => claimed.add(c));
    }
  }
  // Anything rendered whose CRD no declared operator installs: assume it exists (e.g. OpenShift's monitoring CRDs).
  const claimedGroups = new Set([...claimed].map((c) => c.slice(c.indexOf('.') + 1)));
  const other = [...kinds.keys()].filter((k) => !claimed.has(k) && !claimedGroups.has(k.slice(k.indexOf('.') + 1))).map(crd);
  return { byOperator, byPackage, other };
}

/**
 * The helm stand-in's program (plain JavaScript: it runs without tsx). It resolves the cluster
 * from its own `--kubeconfig`/`--kube-context` flags and KUBECONFIG exactly as {@link helmTarget}
 * does (kubeconfigs written here are JSON), with no server baked in, so a deploy that forgets to
 * pass them reaches no cluster or the wrong one. It records argv and KUBECONFIG in
 * `$SIM_HELM_LOG` (JSON lines) when set.
 */
const HELM_STAND_IN = `// Stand-in for helm: finds the cluster from its flags and KUBECONFIG, asks that server to install the release.
const { readFileSync, appendFileSync } = require('node:fs');
const { delimiter } = require('node:path');
const args = process.argv.slice(2);
const env = process.env.KUBECONFIG === undefined ? {} : { KUBECONFIG: process.env.KUBECONFIG };
if (process.env.SIM_HELM_LOG) appendFileSync(process.env.SIM_HELM_LOG, JSON.stringify({ args, env }) + '\\n');
const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const files = flag('--kubeconfig') !== undefined ? [flag('--kubeconfig')] : (env.KUBECONFIG || '').split(delimiter).filter((f) => f !== '');
const configs = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
const contextName = flag('--kube-context') || (configs.find((c) => c['current-context']) || {})['current-context'];
let target;
for (const config of configs) {
  const entry = config.contexts.find((c) => c.name === contextName);
  if (!entry || target) continue;
  const cluster = configs.flatMap((c) => c.clusters).find((c) => c.name === entry.context.cluster);
  const user = configs.flatMap((c) => c.users).find((u) => u.name === entry.context.user);
  if (cluster) target = { server: cluster.cluster.server, token: (user && user.user.token) || '' };
}
if (!target) { console.error('Error: Kubernetes cluster unreachable: no kubeconfig or context'); process.exit(1); }
(async () => {
  const r = await fetch(target.server + '/sim/helm', { method: 'POST', headers: { authorization: 'Bearer ' + target.token }, body: JSON.stringify({ args, env }) });
  if (!r.ok) { console.error(await r.text()); process.exit(1); }
  console.log((await r.json()).output);
})();
`;

export interface SimCluster {
  readonly server: SimApiServer;
  readonly kubeconfig: string;
  /** A manifest fetcher serving each Kubernetes install source's CRDs and a controller Deployment. */
  readonly manifests: (url: string) => Promise<string>;
  /**
   * Fake helm: records calls and installs the chart's CRDs. Like real helm it finds the cluster from
   * its `--kubeconfig`/`--kube-context` flags and KUBECONFIG (see {@link helmTarget}), and refuses
   * (rejects) when they do not lead to this server.
   */
  readonly helm: (args: readonly string[], options?: { env?: Readonly<Record<string, string>>; signal?: AbortSignal }) => Promise<string>;
  readonly helmCalls: string[][];
  /** Each helm run as received: its arguments and the KUBECONFIG it was given. */
  readonly helmRuns: { args: string[]; kubeconfigEnv: string | undefined }[];
  /** Messages the next helm installs fail with, one per call (transient API errors, as helm prints them). */
  readonly helmFailures: string[];
  /**
   * Writes an executable `helm` stand-in into `dir` that resolves the cluster from its own flags and
   * environment (no server baked in), then asks that server to run {@link SimCluster.helm}; returns its path.
   */
  helmBinary(dir: string): string;
  stop(): Promise<void>;
}

/** Starts a simulated cluster ready for this platform: OLM or install sources serve its operators' CRDs. */
export async function startSimCluster(platform: Platform, options: SimControllerOptions & { token?: string; historyLimit?: number } = {}): Promise<SimCluster> {
  const openshift = platform.config.target === 'openshift';
  const server = new SimApiServer({ openshift, token: options.token ?? SIM_TOKEN, ...(options.historyLimit !== undefined ? { historyLimit: options.historyLimit } : {}) });
  const url = await server.start();
  const crds = platformCrds(platform);
  for (const c of crds.other) server.put(c);
  server.put({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }, volumeBindingMode: 'WaitForFirstConsumer' } as Obj);
  if (openshift) for (const name of ['openshift-operators', 'openshift-marketplace']) server.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  attachControllers(server, { ...options, olmCrds: crds.byPackage });
  attachEndpoints(server);
  const plan = operatorInstallPlan(platform);
  const sources = new Map<string, { id: string; namespace: string }>();
  for (const install of plan) {
    if (install.type !== 'manifest') continue;
    // Every file of the install answers with the operator's stand-in manifest (deploy applies each object once).
    for (const url of [install.url, ...(install.additionalUrls ?? [])]) sources.set(url, { id: install.id, namespace: install.namespace });
  }
  for (const { requirement } of collectOperators(platform.components)) {
    for (const companion of requirement.companions ?? []) {
      if (companion.install.type === 'manifest') sources.set(companion.install.url, { id: companion.id, namespace: plan.find((p) => p.id === requirement.id)?.namespace ?? requirement.kubernetes.namespace });
    }
  }
  const helmCalls: string[][] = [];
  const helmRuns: { args: string[]; kubeconfigEnv: string | undefined }[] = [];
  const helmFailures: string[] = [];
  const helm = async (args: readonly string[], run: { env?: Readonly<Record<string, string>> } = {}): Promise<string> => {
    const kubeconfigEnv = run.env?.['KUBECONFIG'] ?? process.env['KUBECONFIG'];
    const target = helmTarget(args, { KUBECONFIG: kubeconfigEnv });
    if (target?.server !== url) throw new Error(`sim helm: the flags and KUBECONFIG lead to ${target?.server ?? 'no cluster'}, not to this cluster ${url}: helm ${args.join(' ')}`);
    helmCalls.push([...args]);
    helmRuns.push({ args: [...args], kubeconfigEnv });
    // As helm 3: a release left pending-* refuses operations until rolled back or uninstalled.
    const records = (name: string, ns: string) => server.list('Secret').filter((x) => x.metadata.namespace === ns && x.metadata.labels?.['owner'] === 'helm' && x.metadata.labels['name'] === name);
    const flagValue = (name: string): string => args[args.indexOf(name) + 1] ?? 'default';
    if (args[0] === 'uninstall') {
      // (helm deletes its records; the stand-in marks them, which reads the same to deploy)
      for (const r of records(args[1]!, flagValue('--namespace'))) server.put({ ...r, metadata: { ...r.metadata, labels: { ...r.metadata.labels, status: 'uninstalled' } } });
      return `release "${args[1]}" uninstalled`;
    }
    if (args[0] === 'rollback') {
      for (const r of records(args[1]!, flagValue('--namespace'))) {
        const version = r.metadata.labels?.['version'];
        server.put({ ...r, metadata: { ...r.metadata, labels: { ...r.metadata.labels, status: version === args[2] ? 'deployed' : r.metadata.labels?.['status']?.startsWith('pending') ? 'failed' : 'superseded' } } });
      }
      return 'Rollback was a success! Happy Helming!';
    }
    if (records(args[2]!, flagValue('--namespace')).some((r) => r.metadata.labels?.['status']?.startsWith('pending'))) {
      throw new Error('Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress');
    }
    if (helmFailures.length > 0) throw new Error(helmFailures.shift()!);
    const release = args[2]!;
    for (const c of crds.byOperator.get(release) ?? []) server.put(c);
    const namespace = args[args.indexOf('--namespace') + 1] ?? 'default';
    if (!server.get('v1', 'Namespace', namespace)) server.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    // Helm 3 annotates every object of a release with its name and namespace, and labels it managed-by=Helm.
    for (const d of operatorDeployments(release, namespace)) {
      server.put({ ...d, metadata: { ...d.metadata, labels: { ...d.metadata.labels, 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { ...d.metadata.annotations, 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': namespace } } });
    }
    // Helm's own record of the release, as helm 3 stores it: a Secret per revision.
    const valuesFile = args.includes('--values') ? args[args.indexOf('--values') + 1] : undefined;
    const values = valuesFile === undefined ? {} : (JSON.parse(readFileSync(valuesFile, 'utf8')) as Record<string, unknown>);
    const revisions = server.list('Secret').filter((x) => x.metadata.namespace === namespace && x.metadata.labels?.['owner'] === 'helm' && x.metadata.labels['name'] === release);
    for (const old of revisions) server.put({ ...old, metadata: { ...old.metadata, labels: { ...old.metadata.labels, status: 'superseded' } } });
    const revision = revisions.length + 1;
    const payload = gzipSync(JSON.stringify({ name: release, namespace, version: revision, chart: { metadata: { name: args[3], version: args[args.indexOf('--version') + 1] } }, config: values, info: { status: 'deployed' } }));
    server.put({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'helm.sh/release.v1',
      metadata: { name: `sh.helm.release.v1.${release}.v${revision}`, namespace, labels: { owner: 'helm', name: release, status: 'deployed', version: String(revision) } },
      data: { release: Buffer.from(payload.toString('base64')).toString('base64') },
    });
    return 'deployed';
  };
  server.command('helm', async (body) => {
    const { args, env } = body as { args: string[]; env: Record<string, string> };
    return { output: await helm(args, { env }) };
  });
  return {
    server,
    kubeconfig: writeKubeconfig(url),
    helmCalls,
    helmRuns,
    helmFailures,
    manifests: async (source) => {
      const found = sources.get(source);
      if (!found) throw new Error(`sim: no manifest for ${source}`);
      const docs: unknown[] = [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: found.namespace } },
        ...(crds.byOperator.get(found.id) ?? []),
        ...operatorDeployments(found.id, found.namespace),
      ];
      return docs.map((d) => stringify(d)).join('---\n');
    },
    helm,
    helmBinary: (dir) => {
      const file = join(dir, 'helm');
      writeFileSync(file, `#!${process.execPath}\n${HELM_STAND_IN}`, { mode: 0o755 });
      return file;
    },
    stop: () => server.stop(),
  };
}

/**
 * Creates what the user must provide before deploying (`source: external` Secrets, e.g. the
 * keys of an external S3), with their namespaces, as `kubectl create` would. Returns their ids.
 */
export function provideExternalSecrets(server: SimApiServer, platform: Platform): string[] {
  const made: string[] = [];
  for (const r of platform.secrets) {
    if (r.source !== 'external' || made.includes(`${r.namespace}/${r.name}`)) continue;
    if (!server.get('v1', 'Namespace', r.namespace)) server.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: r.namespace } });
    server.put({ apiVersion: 'v1', kind: 'Secret', type: r.type ?? 'Opaque', metadata: { name: r.name, namespace: r.namespace }, data: Object.fromEntries(r.keys.map((k) => [k.key, Buffer.from('provided-by-the-user').toString('base64')])) });
    made.push(`${r.namespace}/${r.name}`);
  }
  return made;
}
