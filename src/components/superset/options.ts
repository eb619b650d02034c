import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';
import { count, intAtLeast, resourcesSchema } from '../../config/primitives.ts';

/**
 * Options under `components.superset`. `replicas` and `resources` size the web (gunicorn) pods;
 * `worker` sizes the Celery workers; Celery beat is always one pod.
 */
export const supersetOptions = baseComponentOptions.extend({
  /** Celery workers (SQL Lab async queries, alerts and reports). */
  worker: z
    .strictObject({
      /** Worker replicas, overriding the profile's. */
      replicas: count(1).optional().describe("Celery worker replicas, overriding the profile's."),
      /** Requests/limits merged over the profile's. */
      resources: resourcesSchema.optional().describe("Celery worker requests/limits merged over the profile's."),
      /**
       * Tasks one worker runs at once (`celery worker -c`).
       * @default 4
       * @see https://docs.celeryq.dev/en/stable/userguide/workers.html#concurrency
       */
      concurrency: intAtLeast(1).max(64).default(4).describe('Tasks one Celery worker runs at once (`celery worker -c`).'),
    })
    .prefault({})
    .describe('Celery workers (SQL Lab async queries, alerts and reports).'),
  /**
   * Gunicorn worker processes per web pod (each runs `threads` threads).
   * @default 2
   * @see https://superset.apache.org/docs/installation/kubernetes
   */
  webWorkers: intAtLeast(1).max(32).default(2).describe('Gunicorn worker processes per web pod.'),
  /** Threads per gunicorn worker (`--worker-class gthread`). @default 8 */
  webThreads: intAtLeast(1).max(64).default(8).describe('Threads per gunicorn worker (gthread).'),
  /**
   * Superset feature flags (`FEATURE_FLAGS` in superset_config.py), merged over the platform's
   * defaults (`ALERT_REPORTS: true`, `DASHBOARD_RBAC: true`, `ENABLE_TEMPLATE_PROCESSING: false`).
   * @see https://superset.apache.org/docs/configuration/configuring-superset#feature-flags
   */
  featureFlags: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/, { error: 'feature flags are UPPER_SNAKE_CASE names' }), z.boolean()).default({}).describe('Superset FEATURE_FLAGS, merged over the platform defaults (ALERT_REPORTS, DASHBOARD_RBAC on; ENABLE_TEMPLATE_PROCESSING off).'),
  /**
   * Seconds a cached chart result stays in Redis (`CACHE_DEFAULT_TIMEOUT` of the data cache).
   * @default 86400
   * @see https://superset.apache.org/docs/configuration/cache
   */
  cacheTimeoutSeconds: intAtLeast(60).max(2_592_000).default(86400).describe('Seconds a cached chart result stays in Redis.'),
  /**
   * Pre-register the platform's Trino (catalog `iceberg`) and ClickHouse as Superset databases
   * (`superset set-database-uri` in the init Job), each only while that component is enabled.
   * @default true
   */
  registerDatabases: z.boolean().default(true).describe('Register the platform Trino and ClickHouse as Superset databases in the init Job.'),
  /** Trino catalog the pre-registered `Trino` database opens. @default 'iceberg' */
  trinoCatalog: z.string().regex(/^[a-z][a-z0-9_]*$/).default('iceberg').describe('Trino catalog the registered Trino database opens.'),
  /**
   * The in-cluster image build (OpenShift only; ignored when `image` is set): a BuildConfig that
   * adds the drivers to the upstream image and pushes to an ImageStream in Superset's namespace.
   * @see https://docs.openshift.com/container-platform/latest/cicd/builds/understanding-buildconfigs.html
   */
  build: z
    .strictObject({
      /** @default true on OpenShift without `images.registry` (a disconnected cluster cannot reach PyPI) */
      enabled: z.boolean().optional().describe('Build the driver image in the cluster (default: on OpenShift without images.registry).'),
    })
    .prefault({})
    .describe('OpenShift in-cluster build of the Superset image with the Trino, ClickHouse and PostgreSQL drivers.'),
});

export type SupersetOptions = z.output<typeof supersetOptions>;
