import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.prometheus`. */
export const prometheusOptions = baseComponentOptions.extend({
  /**
   * How long Prometheus keeps samples (`spec.retention`, or the user-workload Prometheus's
   * `retention` on OpenShift).
   * @default per profile: 3d dev, 15d small, 30d production (seed 000 §Monitoring Stack)
   * @see https://prometheus.io/docs/prometheus/latest/storage/#operational-aspects
   */
  retention: z.string().regex(/^[0-9]+(ms|s|m|h|d|w|y)$/).optional(),
  /**
   * OpenShift only: render the `cluster-monitoring-config` (enableUserWorkload) and
   * `user-workload-monitoring-config` ConfigMaps. Off by default because both are cluster-wide
   * ConfigMaps the cluster administrator owns: applying them replaces whatever they hold. When off,
   * `validate` reports whether user workload monitoring runs.
   * @default false
   * @see https://docs.redhat.com/en/documentation/openshift_container_platform/4.18/html/monitoring/configuring-user-workload-monitoring
   */
  userWorkloadMonitoring: z.strictObject({ manage: z.boolean().default(false) }).prefault({}),
});

export type PrometheusOptions = z.output<typeof prometheusOptions>;
