import { resources, type SizingTable } from '../../platform/sizing.ts';

/**
 * Grafana sizing: seed 000 §Monitoring runs 3 replicas in production; sessions and dashboards live
 * in PostgreSQL, so replicas are stateless. Dev fits a one-node cluster.
 */
export const GRAFANA_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('100m', '256Mi', '500m', '512Mi') },
  small: { replicas: 2, resources: resources('200m', '256Mi', '1', '512Mi') },
  production: { replicas: 3, resources: resources('250m', '512Mi', '1', '1Gi') },
};
