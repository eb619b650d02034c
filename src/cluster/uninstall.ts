import { holdsData } from '../kinds/index.ts';
import { groupOf, refOf, describeRef, type KubeObject, type ObjectRef } from '../model/kube.ts';
import { buildDeployGraph, reverseOrder } from '../platform/deploy-graph.ts';
import { kindRank } from '../platform/order.ts';
import type { Platform } from '../platform/platform.ts';
import type { KubeClient } from './client.ts';
import { Limiter } from './limiter.ts';
import { ownedBy } from './ownership.ts';
import { waitForObject } from './wait.ts';
import { manifestUrls } from '../platform/derive/operators.ts';

/** Kinds that hold data (the catalogue's `holdsData`), kept unless `--purge-data`. */
export { holdsData };

export interface UninstallOptions {
  readonly client: KubeClient;
  readonly platform: Platform;
  /** Also delete data holders (PVCs, buckets, database clusters). */
  readonly purgeData?: boolean;
  /** Also delete the operators' CRDs (which deletes every custom resource of those kinds, cluster-wide). */
  readonly purgeOperators?: boolean;
  /** How long to wait for finalizers, per object. @default 300 */
  readonly finalizerTimeoutSeconds?: number;
  readonly concurrency?: number;
  readonly onEvent?: (event: { type: 'deleted' | 'kept' | 'waiting' | 'stuck'; object: string; reason?: string }) => void;
}

export interface UninstallPlan {
  /** Live objects to delete, in order (batches run one after another). */
  readonly batches: readonly (readonly ObjectRef[])[];
  /** Live objects left in place, with why. */
  readonly kept: readonly { readonly object: string; readonly reason: string }[];
}

/**
 * Rank of an object within its step's uninstall level: custom resources (0) before built-in kinds (1), their
 * operators still running to process finalizers; namespaces (3) and CRDs (4) go after every level. Pure.
 */
export function deleteRank(object: KubeObject): number {
  if (object.kind === 'Namespace') return 3;
  if (object.kind === 'CustomResourceDefinition') return 4;
  const group = groupOf(object.apiVersion);
  return group.includes('.') && !group.endsWith('k8s.io') && group !== 'route.openshift.io' ? 0 : 1;
}

/** Why an object deploy did not create is left. */
const NOT_OURS = 'not created by Datalyptica (it existed before deploy): left in place';

/**
 * Kinds listed in a namespace before it is deleted: what another team typically keeps there.
 * Objects a controller made (ownerReferences) go with their owner and are not listed.
 */
const FOREIGN_KINDS = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { apiVersion: 'batch/v1', kind: 'CronJob' },
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Service' },
] as const;

/** ConfigMaps the control plane publishes into every namespace. @see https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#root-ca-configmap */
const SYSTEM_CONFIGMAPS: ReadonlySet<string> = new Set(['kube-root-ca.crt', 'openshift-service-ca.crt']);

/**
 * Live objects in `namespace` that neither this instance created nor a controller made from one,
 * nor belong to a Helm release deploy installed (`releases`: `namespace/release`, matched on the
 * `meta.helm.sh/release-*` annotations Helm 3 sets on every object of a release).
 * @see https://helm.sh/docs/topics/kubernetes_apis/ (release ownership annotations)
 */
async function foreignObjects(client: KubeClient, options: { namespace: string; instance: string; ours: ReadonlySet<string>; releases: ReadonlySet<string> }): Promise<KubeObject[]> {
  const { namespace, instance, ours, releases } = options;
  const out: KubeObject[] = [];
  for (const type of FOREIGN_KINDS) {
    const { items } = await client.list({ ...type, namespace });
    for (const item of items) {
      if (ownedBy(item, instance) || ours.has(describeRef(refOf(item))) || (item.metadata['ownerReferences'] as unknown[] | undefined)?.length) continue;
      if (item.kind === 'ConfigMap' && SYSTEM_CONFIGMAPS.has(item.metadata.name)) continue;
      const release = item.metadata.annotations?.['meta.helm.sh/release-name'];
      if (release !== undefined && releases.has(`${item.metadata.annotations?.['meta.helm.sh/release-namespace'] ?? ''}/${release}`)) continue;
      out.push(item);
    }
  }
  return out;
}

/**
 * Plans an uninstall from what is live: the platform's objects in reverse deploy order, custom
 * resources before operators before CRDs. Only objects this instance's deploy created (both
 * ownership marks, see {@link ownedBy}) are deleted: an object or namespace that existed before
 * deploy is left and listed, and so is a namespace we created that now also holds someone else's
 * objects (deleting it would delete them). Data holders, and the namespaces that still contain
 * one, are kept unless `purgeData`. Operators' CRDs are deleted only with `purgeOperators`,
 * and never while a kept custom resource still needs them.
 */
export async function planUninstall(options: UninstallOptions): Promise<UninstallPlan> {
  const { client, platform } = options;
  const instance = platform.config.namePrefix;
  const foreignNamespaces = new Set<string>();
  const graph = buildDeployGraph(platform);
  const limiter = new Limiter(options.concurrency ?? 16);
  const kept: { object: string; reason: string }[] = [];
  const keptGroups = new Set<string>();
  const keptNamespaces = new Set<string>();
  const order: { object: KubeObject; level?: number }[][] = [];
  const levels = uninstallLevels(graph);
  for (const step of reverseOrder(graph)) {
    const objects = step.waves.flat();
    const live = (await Promise.all(objects.map((o) => limiter.run(() => client.get(refOf(o)))))).filter((o): o is KubeObject => o !== undefined);
    const remove: KubeObject[] = [];
    for (const object of live) {
      if (!ownedBy(object, instance)) {
        kept.push({ object: describeRef(refOf(object)), reason: NOT_OURS });
        if (object.kind === 'Namespace') foreignNamespaces.add(object.metadata.name);
        continue;
      }
      if (!options.purgeData && holdsData(object)) {
        kept.push({ object: describeRef(refOf(object)), reason: 'holds data (use --purge-data to delete)' });
        keptGroups.add(groupOf(object.apiVersion));
        if (object.metadata.namespace) keptNamespaces.add(object.metadata.namespace);
        continue;
      }
      remove.push(object);
    }
    if (step.install !== undefined && step.install.type !== 'olm') {
      kept.push({
        object: `operator install ${step.install.id}`,
        reason: step.install.type === 'helm' ? `installed with helm; remove with: helm uninstall ${step.install.id} --namespace ${step.install.namespace}` : `installed from a manifest; remove with: ${manifestUrls(step.install).map((url) => `kubectl delete -f ${url}`).join(' && ')}`,
      });
    }
    if (step.kind === 'operator' || step.kind === 'companion') {
      // OLM: the CSV the Subscription installed goes with it, so the operator really stops.
      for (const sub of live.filter((o) => o.kind === 'Subscription' && ownedBy(o, instance))) {
        const csv = (sub['status'] as { installedCSV?: string } | undefined)?.installedCSV;
        if (csv) {
          const found = await client.get({ apiVersion: 'operators.coreos.com/v1alpha1', kind: 'ClusterServiceVersion', name: csv, namespace: sub.metadata.namespace ?? '' });
          if (found) remove.push(found);
        }
      }
      for (const crd of step.crds) {
        const found = await client.get({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: crd });
        if (!found) continue;
        if (!options.purgeOperators) kept.push({ object: describeRef(refOf(found)), reason: 'CRD (use --purge-operators to delete)' });
        else if (keptGroups.has(crd.slice(crd.indexOf('.') + 1))) kept.push({ object: describeRef(refOf(found)), reason: 'kept data still uses it' });
        else remove.push(found);
      }
    }
    if (remove.length > 0) order.push(remove.map((object) => ({ object, level: levels.get(step.id) ?? 0 })));
  }
  // Volumes nobody renders (StatefulSet volumeClaimTemplates, operator-made claims) die with their
  // namespace: keep them, and so their namespace, unless purging; purging deletes them explicitly.
  const platformNamespaces = [...new Set(platform.objects.filter((p) => p.object.kind === 'Namespace').map((p) => p.object.metadata.name))].sort();
  const listed = new Set(order.flat().map(({ object }) => describeRef(refOf(object))));
  const claims: KubeObject[] = [];
  const templateClaim = statefulSetClaims(platform);
  for (const namespace of platformNamespaces) {
    const live = await limiter.run(() => client.list({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace }));
    for (const claim of live.items) {
      const object: KubeObject = { ...claim, apiVersion: 'v1', kind: 'PersistentVolumeClaim' };
      if (listed.has(describeRef(refOf(object))) || kept.some((k) => k.object === describeRef(refOf(object)))) continue;
      // In a namespace someone else created, only the claims of our StatefulSets are ours to purge.
      if (foreignNamespaces.has(namespace) && !templateClaim(namespace, claim.metadata.name)) {
        kept.push({ object: describeRef(refOf(object)), reason: NOT_OURS });
        continue;
      }
      if (options.purgeData) claims.push(object);
      else {
        kept.push({ object: describeRef(refOf(object)), reason: 'holds data (use --purge-data to delete)' });
        keptNamespaces.add(namespace);
      }
    }
  }
  if (claims.length > 0) order.push(claims.map((object) => ({ object })));
  // Whatever else lives in a platform namespace is someone else's: list it; it keeps a namespace we created.
  const releases = new Set(graph.steps.flatMap((s) => (s.install?.type === 'helm' ? [`${s.install.namespace}/${s.install.id}`] : [])));
  const planned = new Set([...order.flat().map(({ object }) => describeRef(refOf(object))), ...kept.map((k) => k.object)]);
  for (const namespace of platformNamespaces) {
    const foreign = await limiter.run(() => foreignObjects(client, { namespace, instance, ours: planned, releases }));
    for (const object of foreign) kept.push({ object: describeRef(refOf(object)), reason: `${NOT_OURS}; its namespace is kept` });
    if (foreign.length > 0 && !foreignNamespaces.has(namespace)) {
      keptNamespaces.add(namespace);
      foreignNamespaces.add(namespace);
    }
  }
  // Reverse dependency order: a step's objects go only once every step that depends on it is gone (apps before the
  // databases and brokers they use, those before their operators), each level's custom resources before its built-ins
  // (the operators still run to process their finalizers); then unrendered claims, namespaces (only empty of kept
  // data), CRDs.
  const top = Math.max(0, ...levels.values());
  const batches: ObjectRef[][] = Array.from({ length: 2 * (top + 1) + 3 }, () => []);
  const claimsBatch = 2 * (top + 1);
  for (const { object, level } of order.flat()) {
    if (object.kind === 'Namespace' && keptNamespaces.has(object.metadata.name)) {
      kept.push({ object: describeRef(refOf(object)), reason: foreignNamespaces.has(object.metadata.name) ? 'holds objects Datalyptica did not create' : 'still holds kept data' });
      continue;
    }
    const rank = deleteRank(object);
    if (level === undefined) batches[claimsBatch]!.push(refOf(object));
    else if (rank >= 3) batches[claimsBatch + rank - 2]!.push(refOf(object));
    else batches[2 * level + rank]!.push(refOf(object));
  }
  // Workloads before what they read, inside a batch.
  for (const batch of batches) batch.sort((a, b) => kindRank(b.kind) - kindRank(a.kind));
  return { batches: batches.filter((b) => b.length > 0), kept };
}

/**
 * Each step's uninstall level: 0 for a step nothing depends on, else one more than the highest level of the steps
 * that depend on it. Deleting level by level never removes what a remaining step still uses. Pure.
 */
export function uninstallLevels(graph: { readonly steps: readonly { readonly id: string; readonly dependsOn: readonly string[] }[] }): Map<string, number> {
  const dependents = new Map<string, string[]>();
  for (const step of graph.steps) for (const dependency of step.dependsOn) dependents.set(dependency, [...(dependents.get(dependency) ?? []), step.id]);
  const levels = new Map<string, number>();
  const levelOf = (id: string): number => {
    const known = levels.get(id);
    if (known !== undefined) return known;
    const level = Math.max(-1, ...(dependents.get(id) ?? []).map(levelOf)) + 1;
    levels.set(id, level);
    return level;
  };
  for (const step of graph.steps) levelOf(step.id);
  return levels;
}

/** Whether a claim is one of our StatefulSets' (`<template>-<statefulset>-<ordinal>`). */
function statefulSetClaims(platform: Platform): (namespace: string, name: string) => boolean {
  const prefixes: string[] = [];
  for (const { object } of platform.objects) {
    if (object.kind !== 'StatefulSet') continue;
    const templates = (object['spec'] as { volumeClaimTemplates?: { metadata?: { name?: string } }[] } | undefined)?.volumeClaimTemplates ?? [];
    for (const t of templates) prefixes.push(`${object.metadata.namespace ?? ''}/${t.metadata?.name ?? ''}-${object.metadata.name}-`);
  }
  return (namespace, name) => prefixes.some((p) => `${namespace}/${name}`.startsWith(p) && /^\d+$/.test(`${namespace}/${name}`.slice(p.length)));
}

/** Deletes batch by batch, waiting for each object to be gone (finalizers) before the next batch. */
export async function runUninstall(options: UninstallOptions, plan: UninstallPlan): Promise<{ deleted: string[]; stuck: { object: string; reason: string }[] }> {
  const limiter = new Limiter(options.concurrency ?? 8);
  const emit = options.onEvent ?? (() => undefined);
  const deleted: string[] = [];
  const stuck: { object: string; reason: string }[] = [];
  for (const batch of plan.batches) {
    await Promise.all(
      batch.map(async (ref) => {
        await limiter.run(() => options.client.delete(ref, { propagation: 'Foreground' }));
        const outcome = await waitForObject(options.client, ref, {
          signal: AbortSignal.timeout((options.finalizerTimeoutSeconds ?? 300) * 1000),
          assess: (object) =>
            object === undefined ? { state: 'ready', reason: 'gone' } : { state: 'progressing', reason: `waiting for finalizers: ${(object.metadata['finalizers'] as string[] | undefined)?.join(', ') || 'dependents'}` },
          onProgress: (r, verdict) => emit({ type: 'waiting', object: describeRef(r), reason: verdict.reason }),
        });
        if (outcome.verdict.state === 'ready') {
          deleted.push(describeRef(ref));
          emit({ type: 'deleted', object: describeRef(ref) });
        } else {
          stuck.push({ object: describeRef(ref), reason: outcome.verdict.reason });
          emit({ type: 'stuck', object: describeRef(ref), reason: outcome.verdict.reason });
        }
      }),
    );
  }
  for (const k of plan.kept) emit({ type: 'kept', object: k.object, reason: k.reason });
  return { deleted, stuck };
}
