import type { KubeObject } from '../model/kube.ts';
import { kindsOf, always, type KindEntry } from './kind.ts';
import { failed, progressing, ready, statusOf, str, type ReadinessVerdict } from './readiness.ts';

/**
 * Whether an ObjectBucketClaim is bound: the provisioner created the bucket, its Secret and its
 * ConfigMap and set `status.phase` to `Bound`.
 * @see https://github.com/kube-object-storage/lib-bucket-provisioner/blob/master/doc/design/object-bucket-claim.md
 */
export function obcReadiness(object: KubeObject): ReadinessVerdict {
  const phase = str(statusOf(object)['phase']);
  if (phase === 'Failed') return failed('phase Failed');
  return phase === 'Bound' ? ready('Bound') : progressing(`phase is "${phase || 'unset'}", waiting for "Bound"`);
}

/**
 * objectbucket.io (ObjectBucketClaims, served by OpenShift Data Foundation or Rook-Ceph).
 * Deleting a claim deletes its bucket under the default reclaim policy.
 * @see https://github.com/kube-object-storage/lib-bucket-provisioner
 */
export const OBJECTBUCKET_KINDS: readonly KindEntry[] = kindsOf('objectbucket.io', [{ kind: 'ObjectBucketClaim', readiness: obcReadiness, validated: true, holdsData: always }]);
