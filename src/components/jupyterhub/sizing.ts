import type { ResourceSpec } from '../../model/resources.ts';
import type { Profile } from '../../model/names.ts';
import { resources, type SizingTable } from '../../platform/sizing.ts';

/**
 * The hub: one pod in every profile (JupyterHub keeps spawner state in its process; a second hub
 * would spawn and cull the same servers). Memory request = limit: an evicted hub drops every
 * login. `storage` is its SQLite volume (the chart's `hub.db.pvc.storage` is 1Gi).
 */
export const HUB_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('100m', '512Mi', '1', '512Mi'), storage: '1Gi' },
  small: { replicas: 1, resources: resources('250m', '1Gi', '1', '1Gi'), storage: '1Gi' },
  production: { replicas: 1, resources: resources('500m', '2Gi', '2', '2Gi'), storage: '5Gi' },
};

/** configurable-http-proxy: one pod (its route table is in memory; the hub re-adds routes on restart). */
export const PROXY_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('100m', '128Mi', '500m', '256Mi') },
  small: { replicas: 1, resources: resources('200m', '256Mi', '1', '512Mi') },
  production: { replicas: 1, resources: resources('500m', '512Mi', '2', '1Gi') },
};

/** The server sizes users pick in the spawn form. */
export type ServerSize = 'small' | 'large';

/** Guarantee (request) and limit per size and profile; KubeSpawner's cpu/mem_guarantee and _limit. */
export const USER_SIZES: Readonly<Record<Profile, Readonly<Record<ServerSize, ResourceSpec>>>> = {
  dev: { small: resources('250m', '1Gi', '1', '2Gi'), large: resources('500m', '2Gi', '2', '4Gi') },
  small: { small: resources('500m', '2Gi', '2', '4Gi'), large: resources('2', '8Gi', '4', '16Gi') },
  production: { small: resources('500m', '2Gi', '2', '8Gi'), large: resources('2', '8Gi', '8', '32Gi') },
};

/**
 * How many user servers may run at once (`JupyterHub.active_server_limit`) and each home
 * volume's size. Production's 50 × 20Gi is the seed's 1 TB of homes (R-STOR-12) on the analytics
 * pool (R-SIZE-11: 3 × 32 vCPU / 128 GB) next to Airflow; dev keeps two users on the one node.
 */
export const USER_BUDGET: Readonly<Record<Profile, { readonly activeServers: number; readonly homeSize: string }>> = {
  dev: { activeServers: 2, homeSize: '5Gi' },
  small: { activeServers: 10, homeSize: '10Gi' },
  production: { activeServers: 50, homeSize: '20Gi' },
};
