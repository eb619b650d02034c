import type { ComponentBuild } from '../../model/component.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { BUCKET_KEYS } from '../../platform/object-storage.ts';
import type { ObjectStorageOptions } from './options.ts';

/**
 * `odf`: one ObjectBucketClaim per bucket on OpenShift Data Foundation. The provisioner creates
 * the bucket plus a Secret (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and a ConfigMap
 * (BUCKET_HOST/BUCKET_NAME/BUCKET_PORT) named after the claim; each claim's keys reach only its bucket.
 * @see https://docs.redhat.com/en/documentation/red_hat_openshift_data_foundation/4.18/html/managing_hybrid_and_multicloud_resources/object-bucket-claim
 */
export function odfStorage(ctx: BuildContext<ObjectStorageOptions>): Pick<ComponentBuild, 'objects' | 'secrets' | 'warnings' | 'checks'> {
  const s3 = ctx.objectStorage;
  const storageClass = ctx.options().odf.storageClass;
  const objects: KubeObject[] = [];
  const checks: LiveCheck[] = [];
  for (const bucket of BUCKET_KEYS) {
    const name = s3.claimName(bucket);
    const claim: KubeObject = {
      apiVersion: 'objectbucket.io/v1alpha1',
      kind: 'ObjectBucketClaim',
      metadata: { name, namespace: ctx.namespace, labels: ctx.labels(bucket) },
      spec: { bucketName: s3.buckets[bucket], storageClassName: storageClass },
    };
    objects.push(claim);
    checks.push({
      id: `object-storage.claim.${bucket}`,
      group: 'storage',
      title: `ObjectBucketClaim ${name} is Bound`,
      probe: { type: 'object-ready', ref: { apiVersion: claim.apiVersion, kind: claim.kind, name, namespace: ctx.namespace } },
    });
  }
  const secrets = BUCKET_KEYS.map((bucket) => ({
    name: s3.claimName(bucket),
    namespace: ctx.namespace,
    source: 'operator' as const,
    keys: [
      { key: 'AWS_ACCESS_KEY_ID', kind: 'token' as const },
      { key: 'AWS_SECRET_ACCESS_KEY', kind: 'token' as const },
    ],
    description: `keys the ODF bucket provisioner creates for bucket ${s3.buckets[bucket]}`,
    consumers: ['object-storage' as const],
  }));
  const warnings = ctx.openshift
    ? []
    : [
        'objectStorage.mode odf expects OpenShift Data Foundation: on Kubernetes the ObjectBucketClaims need an OBC provisioner (Rook-Ceph) and components.object-storage.odf.storageClass set to its bucket StorageClass, and consumers still use https://s3.openshift-storage.svc',
      ];
  return { objects, secrets, warnings, checks };
}
