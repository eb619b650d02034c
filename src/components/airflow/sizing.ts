import type { Profile } from '../../model/names.ts';
import { resources, type SizingTable } from '../../platform/sizing.ts';

/**
 * The api-server (the component's main workload: `components.airflow.replicas`/`resources`).
 * Seed 000 §6 runs 2 web servers; Airflow 3 replaced the webserver with the api-server.
 */
export const API_SERVER_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('250m', '1Gi', '1', '2Gi') },
  small: { replicas: 2, resources: resources('500m', '1Gi', '2', '2Gi') },
  production: { replicas: 2, resources: resources('1', '2Gi', '2', '4Gi') },
};

/** Seed 000 §6 and §HA: 2 schedulers in HA mode with the KubernetesExecutor. */
export const SCHEDULER_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('250m', '512Mi', '1', '1Gi') },
  small: { replicas: 2, resources: resources('500m', '1Gi', '2', '2Gi') },
  production: { replicas: 2, resources: resources('1', '2Gi', '2', '4Gi') },
};

export const DAG_PROCESSOR_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('250m', '512Mi', '1', '1Gi') },
  small: { replicas: 1, resources: resources('500m', '1Gi', '1', '2Gi') },
  production: { replicas: 2, resources: resources('500m', '1Gi', '2', '2Gi') },
};

export const TRIGGERER_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('100m', '512Mi', '500m', '1Gi') },
  small: { replicas: 2, resources: resources('250m', '512Mi', '1', '1Gi') },
  production: { replicas: 2, resources: resources('500m', '1Gi', '1', '2Gi') },
};

/** One task pod's `base` container ("dynamic workers" in seed 000 §6). */
export const WORKER_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('250m', '512Mi', '1', '1Gi') },
  small: { replicas: 1, resources: resources('500m', '1Gi', '1', '2Gi') },
  production: { replicas: 1, resources: resources('500m', '1Gi', '2', '4Gi') },
};

/**
 * `[api] workers` (uvicorn worker processes per api-server pod; Airflow's default of 4 needs about
 * 1 GiB more than a dev pod has).
 */
export const API_WORKERS: Readonly<Record<Profile, number>> = { dev: 1, small: 2, production: 4 };

/** `[core] parallelism` per profile: how many task pods run at once. */
export const WORKER_PARALLELISM: Readonly<Record<Profile, number>> = { dev: 4, small: 8, production: 16 };

/** The StatsD exporter: stateless and cheap; a short gap in metrics during a drain is acceptable. */
export const STATSD_RESOURCES = resources('50m', '64Mi', '250m', '128Mi');
/** git-sync sidecars and init containers. */
export const GIT_SYNC_RESOURCES = resources('50m', '64Mi', '500m', '256Mi');
/** `airflow db check-migrations` init containers. */
export const WAIT_RESOURCES = resources('100m', '256Mi', '500m', '512Mi');
/** The `airflow db migrate` Job. */
export const MIGRATE_RESOURCES = resources('250m', '512Mi', '1', '1Gi');
