import type { KubeObject, ObjectRef } from '../../model/kube.ts';
import { assessReadiness, hasReadinessRule } from '../readiness.ts';

/** Whether an object is ready, and why (or why not), for a PASS/FAIL line. */
export interface Readiness {
  readonly ready: boolean;
  readonly reason: string;
  /** The object that decides instead (Pooler → its Deployment, RedisSentinel → its StatefulSet). */
  readonly follow?: ObjectRef;
}

type Status = Record<string, unknown>;
interface Condition {
  readonly type?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly message?: string;
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function conditionsOf(status: Status): readonly Condition[] {
  return Array.isArray(status['conditions']) ? (status['conditions'] as Condition[]) : [];
}

function condition(status: Status, type: string): Condition | undefined {
  return conditionsOf(status).find((c) => c.type === type);
}

function replicas(object: KubeObject): number {
  const spec = (object['spec'] ?? {}) as Status;
  return typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
}

/** Phases and states that upstream operators use for "healthy". */
const HEALTHY_PHASES = new Set(['Active', 'Bound', 'Running', 'Succeeded', 'Ready', 'Available', 'Cluster in healthy state', 'Completed', 'Initialized']);

/**
 * Readiness of one object: deploy's rule for its kind (`src/cluster/readiness.ts`) when it has
 * one; otherwise workloads by their replica counts, CRDs by `Established`,
 * LoadBalancer Services by an address, custom resources by a `Ready`/`Available` condition or
 * the phase/state field their operator reports (CNPG `phase`, MinIO `healthStatus`, Flink
 * `jobManagerDeploymentStatus`, Altinity `status`).
 */
export function readinessOf(object: KubeObject): Readiness {
  const status = (object['status'] ?? {}) as Status;
  const spec = (object['spec'] ?? {}) as Status;
  // The rules deploy waits with, so "deployed" and "validated" mean the same; a PVC must be
  // Bound here even where deploy accepts Pending (WaitForFirstConsumer).
  if (object.kind !== 'PersistentVolumeClaim' && hasReadinessRule(object)) {
    const verdict = assessReadiness(object);
    return { ready: verdict.state === 'ready', reason: verdict.reason, ...(verdict.follow === undefined ? {} : { follow: verdict.follow }) };
  }
  switch (object.kind) {
    case 'Deployment': {
      const want = replicas(object);
      const available = num(status['availableReplicas']);
      const updated = num(status['updatedReplicas']);
      const ready = available >= want && updated >= want;
      return { ready, reason: `${available}/${want} replicas available${updated < want ? `, ${updated} updated` : ''}` };
    }
    case 'StatefulSet': {
      const want = replicas(object);
      const ready = num(status['readyReplicas']);
      return { ready: ready >= want, reason: `${ready}/${want} replicas ready` };
    }
    case 'DaemonSet': {
      const want = num(status['desiredNumberScheduled']);
      const ready = num(status['numberReady']);
      return { ready: want > 0 && ready >= want, reason: `${ready}/${want} pods ready` };
    }
    case 'Job':
      return { ready: num(status['succeeded']) > 0, reason: `${num(status['succeeded'])} succeeded, ${num(status['failed'])} failed` };
    case 'PersistentVolumeClaim':
      return { ready: status['phase'] === 'Bound', reason: `phase ${String(status['phase'] ?? 'unknown')}` };
    case 'Namespace':
      return { ready: status['phase'] !== 'Terminating', reason: `phase ${String(status['phase'] ?? 'Active')}` };
    case 'PodDisruptionBudget': {
      const healthy = num(status['currentHealthy']);
      const desired = num(status['desiredHealthy']);
      const expected = num(status['expectedPods']);
      return { ready: expected > 0 && healthy >= desired, reason: `${healthy} healthy of ${expected} pods, ${desired} required, ${num(status['disruptionsAllowed'])} disruptions allowed` };
    }
    case 'CustomResourceDefinition': {
      const established = condition(status, 'Established');
      return { ready: established?.status === 'True', reason: established ? `Established=${established.status}` : 'not established yet' };
    }
    case 'Service': {
      if (spec['type'] !== 'LoadBalancer') return { ready: true, reason: `type ${String(spec['type'] ?? 'ClusterIP')}` };
      const ingress = ((status['loadBalancer'] ?? {}) as Status)['ingress'];
      const first = Array.isArray(ingress) ? (ingress[0] as Status | undefined) : undefined;
      const address = first?.['ip'] ?? first?.['hostname'];
      return { ready: address !== undefined, reason: address !== undefined ? `load balancer address ${String(address)}` : 'no load balancer address (bare metal needs MetalLB)' };
    }
    default:
      return customResourceReadiness(status);
  }
}

function customResourceReadiness(status: Status): Readiness {
  for (const type of ['Ready', 'Available']) {
    const found = condition(status, type);
    if (found !== undefined) {
      const detail = found.status === 'True' ? '' : `: ${found.reason ?? ''} ${found.message ?? ''}`.trimEnd();
      return { ready: found.status === 'True', reason: `${type}=${found.status ?? 'Unknown'}${detail}` };
    }
  }
  const fields: readonly [string, (value: unknown) => boolean][] = [
    ['healthStatus', (v) => v === 'green'],
    ['jobManagerDeploymentStatus', (v) => v === 'READY'],
    ['phase', (v) => typeof v === 'string' && HEALTHY_PHASES.has(v)],
    ['currentState', (v) => typeof v === 'string' && HEALTHY_PHASES.has(v)],
    ['status', (v) => typeof v === 'string' && HEALTHY_PHASES.has(v)],
    ['state', (v) => typeof v === 'string' && HEALTHY_PHASES.has(v)],
  ];
  for (const [field, healthy] of fields) {
    const value = status[field];
    if (value !== undefined && typeof value !== 'object') return { ready: healthy(value), reason: `${field} ${String(value)}` };
  }
  return { ready: false, reason: 'no status reported yet' };
}

/** Whether a Pod is Ready (its `Ready` condition). */
export function podReady(pod: KubeObject): boolean {
  return condition((pod['status'] ?? {}) as Status, 'Ready')?.status === 'True';
}

/** A label selector string (`a=b,c=d`) from a label map, sorted for stable requests. */
export function labelSelector(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join(',');
}

/** Whether an object carries every label of `labels`. */
export function matchesLabels(object: KubeObject, labels: Record<string, string> | undefined): boolean {
  if (labels === undefined) return true;
  const have = object.metadata.labels ?? {};
  return Object.entries(labels).every(([key, value]) => have[key] === value);
}
