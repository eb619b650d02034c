import type { KubeObject } from '../model/kube.ts';

/** A readiness verdict the cluster layer prints while waiting. */
export interface Readiness {
  readonly ready: boolean;
  readonly reason: string;
}

function status(object: KubeObject): Record<string, unknown> {
  const value = object['status'];
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/**
 * Whether a MinIO Tenant is ready. The Tenant's status has no `conditions` (so `oc wait
 * --for=condition=Ready` never returns); the operator sets `status.currentState` to
 * `Initialized` once the pools are up and `status.healthStatus` to `green` when every drive is online.
 * @see https://github.com/minio/operator/blob/master/pkg/apis/minio.min.io/v2/types.go
 */
export function tenantReadiness(object: KubeObject): Readiness {
  const s = status(object);
  const state = typeof s['currentState'] === 'string' ? s['currentState'] : '';
  const health = typeof s['healthStatus'] === 'string' ? s['healthStatus'] : '';
  if (state !== 'Initialized') return { ready: false, reason: `currentState is "${state || 'unset'}", waiting for "Initialized"` };
  if (health !== 'green') return { ready: false, reason: `healthStatus is "${health || 'unset'}", waiting for "green"` };
  return { ready: true, reason: 'Initialized and green' };
}

/**
 * Whether an ObjectBucketClaim is bound: the provisioner created the bucket, its Secret and its
 * ConfigMap and set `status.phase` to `Bound`.
 * @see https://github.com/kube-object-storage/lib-bucket-provisioner/blob/master/doc/design/object-bucket-claim.md
 */
export function obcReadiness(object: KubeObject): Readiness {
  const phase = status(object)['phase'];
  return phase === 'Bound' ? { ready: true, reason: 'Bound' } : { ready: false, reason: `phase is "${typeof phase === 'string' ? phase : 'unset'}", waiting for "Bound"` };
}
