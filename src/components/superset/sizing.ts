import { resources, type SizingTable } from '../../platform/sizing.ts';

/**
 * Superset web (gunicorn) pods. The upstream chart gives no sizes; production runs two behind the
 * router (stateless: sessions are signed cookies, caches live in Redis).
 */
export const SUPERSET_WEB_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('200m', '768Mi', '1', '1536Mi') },
  small: { replicas: 2, resources: resources('500m', '1Gi', '2', '2Gi') },
  production: { replicas: 2, resources: resources('1', '2Gi', '2', '4Gi') },
};

/** Celery workers: async SQL Lab queries, alerts and reports. */
export const SUPERSET_WORKER_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('100m', '512Mi', '1', '1Gi') },
  small: { replicas: 1, resources: resources('250m', '1Gi', '1', '2Gi') },
  production: { replicas: 2, resources: resources('500m', '2Gi', '2', '4Gi') },
};

/** Celery beat: one scheduler, ever (two would fire every schedule twice). */
export const SUPERSET_BEAT_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('50m', '256Mi', '250m', '512Mi') },
  small: { replicas: 1, resources: resources('50m', '256Mi', '250m', '512Mi') },
  production: { replicas: 1, resources: resources('100m', '256Mi', '500m', '512Mi') },
};

/** The one-shot `superset db upgrade && superset init` Job. */
export const SUPERSET_INIT_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('100m', '512Mi', '1', '1Gi') },
  small: { replicas: 1, resources: resources('100m', '512Mi', '1', '1Gi') },
  production: { replicas: 1, resources: resources('250m', '1Gi', '1', '2Gi') },
};
