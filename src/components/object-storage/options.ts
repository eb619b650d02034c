import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';
import { count, dnsSubdomain, quantity } from '../../config/primitives.ts';

/**
 * Options under `components.object-storage`. The mode, endpoint, buckets and credentials live in
 * the top-level `objectStorage` block (every consumer reads them); these are per-mode details.
 */
export const objectStorageOptions = baseComponentOptions.extend({
  /** `objectStorage.mode: odf`. */
  odf: z
    .strictObject({
      /**
       * Bucket class of the ObjectBucketClaims: MCG (`openshift-storage.noobaa.io`) or Ceph RGW
       * (`ocs-storagecluster-ceph-rgw`, on-premises ODF only).
       * @default 'openshift-storage.noobaa.io'
       * @see https://docs.redhat.com/en/documentation/red_hat_openshift_data_foundation/4.18/html/managing_hybrid_and_multicloud_resources/object-bucket-claim
       */
      storageClass: dnsSubdomain.default('openshift-storage.noobaa.io'),
    })
    .prefault({}),
  /** `objectStorage.mode: minio` (community edition, maintenance mode: test only, audit A-39). */
  minio: z
    .strictObject({
      /** MinIO server pods. @default 4 (production, small), 1 (dev) */
      servers: count(1).optional(),
      /** Drives per server; servers × volumes ≥ 4 for erasure coding. @default 4 (production, dev), 2 (small) */
      volumesPerServer: count(1).optional(),
      /** Size of each drive. @default '1Ti' (production), '100Gi' (small), '10Gi' (dev) */
      volumeSize: quantity.optional(),
      /**
       * Turn on S3 versioning on the three buckets after the Tenant is up (seed 002 §Storage Layer).
       * @default true
       */
      versioning: z.boolean().default(true),
    })
    .prefault({}),
});

export type ObjectStorageOptions = z.output<typeof objectStorageOptions>;
