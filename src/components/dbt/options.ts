import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';
import { count, cronSchedule, dnsSubdomain, intAtLeast } from '../../config/primitives.ts';

/** Options under `components.dbt`: a scheduled `dbt build` against Trino. */
export const dbtOptions = baseComponentOptions.extend({
  /** Cron schedule (UTC). @default '0 3 * * *' @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax */
  schedule: cronSchedule(5).default('0 3 * * *'),
  /** Pause the CronJob. @default true until `git.repository` is set, then false */
  suspend: z.boolean().optional(),
  /** dbt sub-commands run in order after `dbt deps`. @default ['build'] */
  commands: z.array(z.enum(['build', 'run', 'test', 'seed', 'snapshot', 'source freshness', 'docs generate'])).min(1).default(['build']),
  /** Profile name passed with `--profile` (the project's own is ignored). @default 'datalyptica' */
  profile: z.string().min(1).default('datalyptica'),
  /** Target inside the profile. @default 'prod' */
  target: z.string().min(1).default('prod'),
  /** @default 4 */
  threads: count(1).default(4),
  /** The dbt project. */
  git: z
    .strictObject({
      /**
       * HTTPS URL of the project repository. Absent: dbt-labs' jaffle-shop example, suspended.
       * @see https://github.com/kubernetes/git-sync
       */
      repository: z.url({ error: 'expected an https git URL' }).optional(),
      /** Branch, tag or commit. @default 'main' */
      ref: z.string().min(1).default('main'),
      /** Folder of dbt_project.yml inside the repository. @default '.' */
      path: z.string().min(1).default('.'),
      /** Secret with `username` and `password` (a token) for a private repository. */
      credentialsSecret: dnsSubdomain.optional(),
    })
    .prefault({}),
  /** Where dbt writes: the Trino catalog and schema. */
  trino: z
    .strictObject({
      /** @default 'iceberg' */
      catalog: z.string().min(1).default('iceberg'),
      /** @default 'analytics' */
      schema: z.string().min(1).default('analytics'),
      /**
       * Trino Service port. @default 8443 when Trino serves HTTPS (`components.trino.https`), else 8080.
       */
      port: intAtLeast(1).max(65535).optional(),
      /** ConfigMap key with the CA of Trino's certificate (used with Trino's HTTPS only). @default the CA of the platform-issued certificate (OpenShift's service CA ConfigMap, or a copy of cert-manager's `ca.crt`) */
      caConfigMap: z.strictObject({ name: dnsSubdomain, key: z.string().min(1) }).optional(),
    })
    .prefault({}),
  /**
   * Install the dbt-trino adapter into the pod at start (the dbt-labs images ship dbt-core only).
   * Set false with an `image` that already contains it.
   * @default true
   */
  installAdapter: z.boolean().default(true),
});

export type DbtOptions = z.output<typeof dbtOptions>;
