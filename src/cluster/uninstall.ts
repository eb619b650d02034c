import { holdsData } from '../kinds/index.ts';
import { groupOf, refOf, describeRef, type KubeObject, type ObjectRef } from '../model/kube.ts';
import { buildDeployGraph, reverseOrder } from '../platform/deploy-graph.ts';
import { kindRank } from '../platform/order.ts';
import type { Platform } from '../platform/platform.ts';
import type { KubeClient } from './client.ts';
import { Limiter } from './limiter.ts';
import { waitForObject } from './wait.ts';

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
 * Batch of a component object: custom resources first (their operators still run and process
 * finalizers), then built-in kinds; operators are batch 2, then namespaces, then CRDs. Pure.
 */
export function deleteRank(object: KubeObject): number {
  if (object.kind === 'Namespace') return 3;
  if (object.kind === 'CustomResourceDefinition') return 4;
  const group = groupOf(object.apiVersion);
  return group.includes('.') && !group.endsWith('k8s.io') && group !== 'route.openshift.io' ? 0 : 1;
}

/**
 * Plans an uninstall from what is live: the platform's objects in reverse deploy order, custom
 * resources before operators before CRDs. Data holders, and the namespaces that still contain
 * one, are kept unless `purgeData`. Operators' CRDs are deleted only with `purgeOperators`,
 * and never while a kept custom resource still needs them.
 */
export async function planUninstall(options: UninstallOptions): Promise<UninstallPlan> {
  const { client, platform } = options;
  const graph = buildDeployGraph(platform);
  const limiter = new Limiter(options.concurrency ?? 16);
  const kept: { object: string; reason: string }[] = [];
  const keptGroups = new Set<string>();
  const keptNamespaces = new Set<string>();
  const order: { object: KubeObject; operator: boolean }[][] = [];
  for (const step of reverseOrder(graph)) {
    const objects = step.waves.flat();
    const live = (await Promise.all(objects.map((o) => limiter.run(() => client.get(refOf(o)))))).filter((o): o is KubeObject => o !== undefined);
    const remove: KubeObject[] = [];
    for (const object of live) {
      if (!options.purgeData && holdsData(object)) {
        kept.push({ object: describeRef(refOf(object)), reason: 'holds data (use --purge-data to delete)' });
        keptGroups.add(groupOf(object.apiVersion));
        if (object.metadata.namespace) keptNamespaces.add(object.metadata.namespace);
        continue;
      }
      remove.push(object);
    }
    const operatorStep = step.kind === 'operator' || step.kind === 'companion' || step.kind === 'operators';
    if (step.install !== undefined && step.install.type !== 'olm') {
      kept.push({
        object: `operator install ${step.install.id}`,
        reason: step.install.type === 'helm' ? `installed with helm; remove with: helm uninstall ${step.install.id} --namespace ${step.install.namespace}` : `installed from a manifest; remove with: kubectl delete -f ${step.install.url}`,
      });
    }
    if (step.kind === 'operator' || step.kind === 'companion') {
      // OLM: the CSV the Subscription installed goes with it, so the operator really stops.
      for (const sub of live.filter((o) => o.kind === 'Subscription')) {
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
    if (remove.length > 0) order.push(remove.map((object) => ({ object, operator: operatorStep && object.kind !== 'CustomResourceDefinition' })));
  }
  // Volumes nobody renders (StatefulSet volumeClaimTemplates, operator-made claims) die with their
  // namespace: keep them, and so their namespace, unless purging; purging deletes them explicitly.
  const platformNamespaces = [...new Set(platform.objects.filter((p) => p.object.kind === 'Namespace').map((p) => p.object.metadata.name))].sort();
  const listed = new Set(order.flat().map(({ object }) => describeRef(refOf(object))));
  const claims: KubeObject[] = [];
  for (const namespace of platformNamespaces) {
    const live = await limiter.run(() => client.list({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace }));
    for (const claim of live.items) {
      const object: KubeObject = { ...claim, apiVersion: 'v1', kind: 'PersistentVolumeClaim' };
      if (listed.has(describeRef(refOf(object))) || kept.some((k) => k.object === describeRef(refOf(object)))) continue;
      if (options.purgeData) claims.push(object);
      else {
        kept.push({ object: describeRef(refOf(object)), reason: 'holds data (use --purge-data to delete)' });
        keptNamespaces.add(namespace);
      }
    }
  }
  if (claims.length > 0) order.push(claims.map((object) => ({ object, operator: false })));
  // Within everything: custom resources, then built-ins, then namespaces (only empty of kept data), then CRDs.
  const all = order.flat();
  const batches: ObjectRef[][] = [[], [], [], [], []];
  for (const { object, operator } of all) {
    if (object.kind === 'Namespace' && keptNamespaces.has(object.metadata.name)) {
      kept.push({ object: describeRef(refOf(object)), reason: 'still holds kept data' });
      continue;
    }
    batches[operator ? 2 : deleteRank(object)]!.push(refOf(object));
  }
  // Keep reverse-deploy order inside a batch, but workloads before what they read.
  for (const batch of batches) batch.sort((a, b) => kindRank(b.kind) - kindRank(a.kind));
  return { batches: batches.filter((b) => b.length > 0), kept };
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
