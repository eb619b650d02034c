import type { KubeObject } from '../model/kube.ts';
import { kindsOf, always, type KindEntry } from './kind.ts';
import { progressing, ready, statusOf, str, type ReadinessVerdict } from './readiness.ts';

/**
 * Whether a MinIO Tenant is ready. The Tenant's status has no `conditions` (so `oc wait
 * --for=condition=Ready` never returns); the operator sets `status.currentState` to
 * `Initialized` once the pools are up and `status.healthStatus` to `green` when every drive is online.
 * @see https://github.com/minio/operator/blob/master/pkg/apis/minio.min.io/v2/types.go
 */
export function tenantReadiness(object: KubeObject): ReadinessVerdict {
  const s = statusOf(object);
  const state = str(s['currentState']);
  const health = str(s['healthStatus']);
  if (state !== 'Initialized') return progressing(`currentState is "${state || 'unset'}", waiting for "Initialized"`);
  if (health !== 'green') return progressing(`healthStatus is "${health || 'unset'}", waiting for "green"`);
  return ready('Initialized and green');
}

/**
 * minio.min.io (MinIO operator). Deleting a Tenant deletes its pools' volumes.
 * @see https://github.com/minio/operator/blob/master/docs/tenant_crd.adoc
 */
export const MINIO_KINDS: readonly KindEntry[] = kindsOf('minio.min.io', [{ kind: 'Tenant', readiness: tenantReadiness, validated: true, holdsData: always }]);
