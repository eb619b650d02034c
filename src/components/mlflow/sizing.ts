import { resources, type SizingTable } from '../../platform/sizing.ts';

/**
 * The tracking server. Stateless (runs and metrics in PostgreSQL, artifacts in S3), so production
 * runs two behind the Service; artifact uploads pass through it (proxied artifacts), hence memory.
 */
export const MLFLOW_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('100m', '512Mi', '1', '1Gi') },
  small: { replicas: 2, resources: resources('250m', '1Gi', '1', '2Gi') },
  production: { replicas: 2, resources: resources('500m', '2Gi', '2', '4Gi') },
};

/** The oauth2-proxy sidecar. */
export const OAUTH2_PROXY_RESOURCES = resources('20m', '32Mi', '200m', '128Mi');
