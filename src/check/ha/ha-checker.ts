import type { KubeObject } from '../../model/kube.ts';
import { refOf } from '../../model/kube.ts';
import type { Platform } from '../../platform/platform.ts';
import { planCapacity } from '../capacity/capacity-checker.ts';
import { groupOf } from '../capacity/placement.ts';
import type { Checker } from '../checker.ts';
import type { Finding } from '../finding.ts';
import { podTemplatesOf, type PodTemplateView } from '../policy/pod-templates.ts';
import { findingOf } from '../policy/rule.ts';
import { HA } from './rules.ts';
import { selectorMatches } from './selectors.ts';

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * CR kinds whose operator creates a PodDisruptionBudget for their pods (a second one is A-06):
 * Strimzi for every StrimziPodSet and Deployment, CloudNativePG for a Cluster (not a Pooler), the
 * Altinity operator per ClickHouse cluster and Keeper.
 */
export const KINDS_WITH_OPERATOR_PDB = new Set([
  'kafka.strimzi.io/Kafka',
  'kafka.strimzi.io/KafkaNodePool',
  'kafka.strimzi.io/KafkaConnect',
  'kafka.strimzi.io/KafkaMirrorMaker2',
  'kafka.strimzi.io/KafkaBridge',
  'postgresql.cnpg.io/Cluster',
  'clickhouse.altinity.com/ClickHouseInstallation',
  'clickhouse-keeper.altinity.com/ClickHouseKeeperInstallation',
]);

function hasOperatorPdb(object: KubeObject): boolean {
  return KINDS_WITH_OPERATOR_PDB.has(`${object.apiVersion.slice(0, Math.max(0, object.apiVersion.lastIndexOf('/')))}/${object.kind}`);
}

const HOSTNAME = 'kubernetes.io/hostname';

function isPdb(object: KubeObject): boolean {
  return object.kind === 'PodDisruptionBudget' && object.apiVersion.startsWith('policy/');
}

/** Pod sets with their replica count, from workloads and operator CRs. */
export function podSets(objects: readonly KubeObject[]): PodTemplateView[] {
  return objects.flatMap((o) => podTemplatesOf(o)).filter((v) => Object.keys(v.labels).length > 0);
}

function sameNamespace(a: KubeObject, b: KubeObject): boolean {
  return (a.metadata.namespace ?? '') === (b.metadata.namespace ?? '');
}

/** `maxUnavailable`/`minAvailable` → pods that may be down for `replicas` (percentages round as Kubernetes does). */
export function allowedDisruptions(spec: Json, replicas: number): number {
  const resolve = (value: unknown, roundUp: boolean): number | undefined => {
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && value.endsWith('%')) {
      const share = (Number(value.slice(0, -1)) / 100) * replicas;
      return roundUp ? Math.ceil(share) : Math.floor(share);
    }
    if (typeof value === 'string' && /^[0-9]+$/.test(value)) return Number(value);
    return undefined;
  };
  const min = resolve(spec['minAvailable'], true);
  if (min !== undefined) return Math.max(0, replicas - min);
  const max = resolve(spec['maxUnavailable'], true);
  return max ?? 0;
}

export function checkPdbs(objects: readonly KubeObject[], sets: readonly PodTemplateView[]): Finding[] {
  const findings: Finding[] = [];
  const pdbs = objects.filter(isPdb);
  for (const pdb of pdbs) {
    const spec = obj(pdb['spec']) ?? {};
    const selected = sets.filter((v) => sameNamespace(v.object, pdb) && selectorMatches(spec['selector'], v.labels));
    const replicas = selected.reduce((sum, v) => sum + (v.replicas ?? 0), 0);
    if (selected.length > 0 && replicas > 0 && allowedDisruptions(spec, replicas) < 1) {
      findings.push(
        findingOf(HA.pdbBlocksDrain, {
          object: refOf(pdb),
          path: spec['minAvailable'] !== undefined ? '/spec/minAvailable' : '/spec/maxUnavailable',
          message: `the budget allows no eviction of its ${replicas} pod(s): node drains will hang`,
        }),
      );
    } else if (selected.length === 0 && (spec['maxUnavailable'] === 0 || spec['maxUnavailable'] === '0%')) {
      findings.push(findingOf(HA.pdbBlocksDrain, { object: refOf(pdb), path: '/spec/maxUnavailable', message: 'maxUnavailable 0 allows no eviction' }));
    }
    for (const view of selected) {
      if (hasOperatorPdb(view.object)) {
        findings.push(
          findingOf(HA.pdbOverlap, {
            object: refOf(pdb),
            path: '/spec/selector',
            message: `selects the pods of ${view.object.kind}/${view.object.metadata.name}, which ${view.operator} already guards with its own PDB (audit A-06)`,
          }),
        );
      }
    }
  }
  for (const view of sets) {
    const covering = pdbs.filter((pdb) => sameNamespace(view.object, pdb) && selectorMatches(obj(pdb['spec'])?.['selector'], view.labels));
    if (covering.length > 1) {
      findings.push(
        findingOf(HA.pdbOverlap, {
          object: refOf(view.object),
          path: view.path,
          message: `pods are selected by ${covering.length} PDBs (${covering.map((p) => p.metadata.name).sort().join(', ')}); the eviction API refuses them`,
        }),
      );
    }
    const replicated = (view.replicas ?? 0) >= 2;
    if (replicated && view.complete && !view.operator && covering.length === 0) {
      findings.push(findingOf(HA.pdbMissing, { object: refOf(view.object), message: `${view.replicas} replicas and no PodDisruptionBudget selects them` }));
    }
  }
  return findings;
}

function termsOf(affinity: Json | undefined): { term: Json; path: string }[] {
  const anti = obj(affinity?.['podAntiAffinity']) ?? {};
  return [
    ...list(anti['requiredDuringSchedulingIgnoredDuringExecution']).map((t, i) => ({ term: obj(t) ?? {}, path: `/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/${i}` })),
    ...list(anti['preferredDuringSchedulingIgnoredDuringExecution']).map((t, i) => ({
      term: obj(obj(t)?.['podAffinityTerm']) ?? {},
      path: `/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/${i}/podAffinityTerm`,
    })),
  ];
}

export function checkAntiAffinity(sets: readonly PodTemplateView[]): Finding[] {
  const findings: Finding[] = [];
  for (const view of sets) {
    const terms = termsOf(obj(view.pod['affinity']));
    for (const { term, path } of terms) {
      if (!selectorMatches(term['labelSelector'], view.labels)) {
        findings.push(findingOf(HA.antiAffinity, { object: refOf(view.object), path: `${view.path}${path}/labelSelector`, message: 'the anti-affinity term\'s labelSelector does not match the pods\' own labels, so it spreads nothing (audit A-29)' }));
      }
    }
    if ((view.replicas ?? 0) < 2 || !view.complete) continue;
    const spreadsHosts =
      terms.some(({ term }) => term['topologyKey'] === HOSTNAME && selectorMatches(term['labelSelector'], view.labels)) ||
      list(view.pod['topologySpreadConstraints']).some((c) => obj(c)?.['topologyKey'] === HOSTNAME && selectorMatches(obj(c)?.['labelSelector'], view.labels));
    if (!spreadsHosts) {
      findings.push(findingOf(HA.antiAffinity, { object: refOf(view.object), path: `${view.path}/affinity`, message: `${view.replicas} replicas with no pod anti-affinity or topology spread on ${HOSTNAME}` }));
    }
  }
  return findings;
}

/** Member counts of Raft/ZooKeeper-style quorums the platform renders. */
export function quorumsOf(objects: readonly KubeObject[]): { object: KubeObject; path: string; members: number; what: string }[] {
  const out: { object: KubeObject; path: string; members: number; what: string }[] = [];
  for (const o of objects) {
    const spec = obj(o['spec']) ?? {};
    const group = o.apiVersion.slice(0, Math.max(0, o.apiVersion.lastIndexOf('/')));
    if (group === 'kafka.strimzi.io' && o.kind === 'KafkaNodePool' && list(spec['roles']).includes('controller') && typeof spec['replicas'] === 'number') {
      out.push({ object: o, path: '/spec/replicas', members: spec['replicas'], what: 'KRaft controllers' });
    }
    if (group === 'kafka.strimzi.io' && o.kind === 'Kafka' && typeof obj(spec['zookeeper'])?.['replicas'] === 'number') {
      out.push({ object: o, path: '/spec/zookeeper/replicas', members: obj(spec['zookeeper'])!['replicas'] as number, what: 'ZooKeeper nodes' });
    }
    if (o.kind === 'ClickHouseKeeperInstallation') {
      list(obj(spec['configuration'])?.['clusters']).forEach((cluster, i) => {
        const n = obj(obj(cluster)?.['layout'])?.['replicasCount'];
        out.push({ object: o, path: `/spec/configuration/clusters/${i}/layout/replicasCount`, members: typeof n === 'number' ? n : 1, what: 'ClickHouse Keeper replicas' });
      });
      if (list(obj(spec['configuration'])?.['clusters']).length === 0 && typeof spec['replicas'] === 'number') {
        out.push({ object: o, path: '/spec/replicas', members: spec['replicas'], what: 'ClickHouse Keeper replicas' });
      }
    }
    if (group === 'redis.redis.opstreelabs.in' && o.kind === 'RedisSentinel' && typeof spec['clusterSize'] === 'number') {
      out.push({ object: o, path: '/spec/clusterSize', members: spec['clusterSize'], what: 'Redis Sentinels' });
    }
  }
  return out;
}

export function checkQuorums(profile: string, objects: readonly KubeObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const q of quorumsOf(objects)) {
    if (q.members % 2 === 0) {
      findings.push(findingOf(HA.quorum, { object: refOf(q.object), path: q.path, message: `${q.members} ${q.what}: an even quorum tolerates no more failures than ${q.members - 1}` }));
    } else if (q.members < 3 && profile !== 'dev') {
      findings.push(findingOf(HA.quorum, { object: refOf(q.object), path: q.path, message: `${q.members} ${q.what} tolerate no failure in the ${profile} profile; run 3` }));
    }
  }
  return findings;
}

function checkNodeLoss(platform: Platform): Finding[] {
  const { nodes, placement, footprints } = planCapacity(platform);
  const findings: Finding[] = [];
  for (const f of footprints) {
    if (f.spreadRequired && f.replicas > nodes.length) {
      findings.push(findingOf(HA.spreadImpossible, { message: `${groupOf(f)} needs ${f.replicas} distinct nodes (required anti-affinity); the inventory has ${nodes.length}` }));
    }
  }
  if (nodes.length < 2) return findings;
  // Per set: how many replicas each node holds and how many found no node, in one pass over the pods.
  const perSet = new Map<string, Map<number, number>>();
  nodes.forEach((_, index) => {
    for (const pod of placement.state.podsOn(index)) {
      const counts = perSet.get(pod.group) ?? new Map<number, number>();
      counts.set(index, (counts.get(index) ?? 0) + 1);
      perSet.set(pod.group, counts);
    }
  });
  const unplacedBySet = new Map<string, number>();
  for (const pod of placement.unplaced) unplacedBySet.set(pod.group, (unplacedBySet.get(pod.group) ?? 0) + 1);
  for (const f of footprints) {
    if (f.replicas < 2) continue;
    const group = groupOf(f);
    const need = f.minAvailable ?? 1;
    const unplaced = unplacedBySet.get(group) ?? 0;
    let worst: { node: string; left: number } | undefined;
    // Inventory order among equally bad nodes, as before.
    for (const [index, lost] of [...(perSet.get(group) ?? new Map<number, number>())].sort(([a], [b]) => a - b)) {
      const left = f.replicas - unplaced - lost;
      if (left < need && (worst === undefined || left < worst.left)) worst = { node: nodes[index]!.name, left };
    }
    if (worst === undefined && f.replicas - unplaced < need) worst = { node: nodes[0]!.name, left: f.replicas - unplaced };
    if (worst) {
      findings.push(
        findingOf(HA.nodeLoss, {
          message: `${group}: losing node ${worst.node} leaves ${worst.left} of ${f.replicas} replicas, below the ${need} it needs${f.spreadRequired ? '' : ' (replicas are not required to spread)'}`,
        }),
      );
    }
  }
  return findings;
}

/** PDB presence, sanity and overlap; anti-affinity; quorum sizes; survival of any one node's loss. */
export const haChecker: Checker = {
  id: 'ha',
  title: 'High availability',
  run({ platform }) {
    const objects = platform.objects.map((p) => p.object);
    const sets = podSets(objects);
    return [...checkPdbs(objects, sets), ...checkAntiAffinity(sets), ...checkQuorums(platform.config.profile, objects), ...checkNodeLoss(platform)];
  },
};
