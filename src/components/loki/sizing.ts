import type { Profile } from '../../model/names.ts';
import { resources, type SizingTable } from '../../platform/sizing.ts';

/**
 * Loki (native monolithic render, Kubernetes): seed 000 §Monitoring runs 3 replicas in production;
 * dev keeps one (issue 14: no Loki replicas beyond one). The volume holds the WAL and the index
 * cache only; chunks live in S3.
 */
export const LOKI_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('250m', '512Mi', '1', '1Gi'), storage: '10Gi' },
  small: { replicas: 3, resources: resources('500m', '1Gi', '2', '2Gi'), storage: '20Gi' },
  production: { replicas: 3, resources: resources('1', '2Gi', '4', '4Gi'), storage: '50Gi' },
};

/** Default retention per profile, in days. */
export const LOKI_RETENTION_DAYS: Readonly<Record<Profile, number>> = { dev: 3, small: 7, production: 30 };

/**
 * LokiStack t-shirt sizes (OpenShift): `1x.demo` has no replication and is for dev only.
 * @see https://docs.redhat.com/en/documentation/red_hat_openshift_logging/6.2/html/configuring_logging/configuring-the-log-store
 */
export const LOKISTACK_SIZE: Readonly<Record<Profile, string>> = { dev: '1x.demo', small: '1x.extra-small', production: '1x.small' };
