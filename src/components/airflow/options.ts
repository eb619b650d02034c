import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';
import { count, dnsSubdomain, intAtLeast, resourcesSchema } from '../../config/primitives.ts';

/** Replicas and resources of one Airflow process, over the profile's sizing. */
const processOptions = z.strictObject({
  /** Replica count, overriding the profile's. */
  replicas: count(1).optional(),
  /** Requests/limits merged over the profile's sizing. */
  resources: resourcesSchema.optional(),
});

/** An `[section]` name or an option name of airflow.cfg, as the `AIRFLOW__SECTION__KEY` env var spells it. */
const configName = z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'expected a lowercase airflow.cfg section or option name' });

/** Option names that would put a credential into a manifest; those come from the secrets plan. */
const CREDENTIAL_OPTION = /(password|secret|fernet|token|sql_alchemy_conn|_cmd$)/;

/** Options under `components.airflow` (keys follow the official Helm chart where one exists). */
export const airflowOptions = baseComponentOptions.extend({
  /**
   * The scheduler (production runs 2: Airflow 3 schedulers are active-active through row locks in
   * the metadata database).
   * @default dev 1, small 2, production 2
   * @see https://airflow.apache.org/docs/apache-airflow/stable/administration-and-deployment/scheduler.html#running-more-than-one-scheduler
   */
  scheduler: processOptions.prefault({}),
  /**
   * The standalone DAG processor, the only process that parses DAG files in Airflow 3.
   * @default dev 1, small 1, production 2
   * @see https://airflow.apache.org/docs/apache-airflow/stable/administration-and-deployment/dagfile-processing.html
   */
  dagProcessor: processOptions.prefault({}),
  /**
   * The triggerer, which runs deferred tasks' triggers.
   * @default dev 1, small 2, production 2
   * @see https://airflow.apache.org/docs/apache-airflow/stable/authoring-and-scheduling/deferring.html
   */
  triggerer: processOptions.prefault({}),
  /** Task pods the KubernetesExecutor starts from the rendered pod template. */
  workers: z
    .strictObject({
      /** Requests/limits of each task pod's `base` container, merged over the profile's. */
      resources: resourcesSchema.optional(),
      /**
       * Task instances running at once across the installation (`[core] parallelism`): with the
       * KubernetesExecutor one pod each, so it also sizes the namespace quota.
       * @default dev 4, small 8, production 16
       * @see https://airflow.apache.org/docs/apache-airflow/stable/configurations-ref.html#parallelism
       */
      parallelism: intAtLeast(1).max(1024).optional(),
      /**
       * Delete a task pod when it fails (`[kubernetes_executor] delete_worker_pods_on_failure`);
       * the logs are in the `apps` bucket either way.
       * @default false (keep failed pods for `kubectl describe`)
       */
      deleteOnFailure: z.boolean().default(false),
    })
    .prefault({}),
  /**
   * Where DAG files come from. With `gitSync.repository` set, a git-sync sidecar keeps them in step
   * with the branch in the dag-processor and triggerer, and an init container clones them into
   * every task pod (the chart's `dags.gitSync`); without it, DAGs are baked into `image` under
   * `/opt/airflow/dags`.
   * @see https://airflow.apache.org/docs/helm-chart/stable/manage-dag-files.html
   */
  dags: z
    .strictObject({
      gitSync: z
        .strictObject({
          /** HTTPS URL of the DAG repository. Absent: DAGs come from the image. */
          repository: z.url({ error: 'expected an https git URL' }).optional(),
          /** Branch, tag or commit. @default 'main' */
          ref: z.string().min(1).default('main'),
          /** Folder of the DAG files inside the repository. @default '' (the repository root) */
          subPath: z.string().regex(/^[^/].*$|^$/, { error: 'expected a relative path' }).default(''),
          /** Secret with `username` and `password` (a token) for a private repository; must exist before deploy. */
          credentialsSecret: dnsSubdomain.optional(),
          /** Seconds between pulls. @default 60 */
          periodSeconds: intAtLeast(10).max(86400).default(60),
        })
        .prefault({}),
    })
    .prefault({}),
  /** Load Airflow's example DAGs (`[core] load_examples`). @default false */
  loadExamples: z.boolean().default(false),
  /**
   * Task logs go to `s3://<objectStorage.buckets.apps>/<prefix>` (remote logging with the amazon
   * provider), so no log volume is needed and every replica of the api-server reads every log.
   * @see https://airflow.apache.org/docs/apache-airflow-providers-amazon/stable/logging/s3-task-handler.html
   */
  logs: z
    .strictObject({
      /** Key prefix inside the `apps` bucket. @default 'airflow/logs' */
      prefix: z.string().regex(/^[a-z0-9][a-z0-9/_.-]*[a-z0-9]$/, { error: 'expected an S3 key prefix such as airflow/logs' }).default('airflow/logs'),
    })
    .prefault({}),
  /**
   * Connections Airflow has from the start (`AIRFLOW_CONN_*` from a Secret): `trino_default`
   * (the Trino coordinator), `spark_default` (the Kubernetes API in the Spark namespace, for the
   * cncf.kubernetes provider's SparkKubernetesOperator) and `kafka_default` (once the Kafka
   * component issues Airflow a KafkaUser). Each only while its component is enabled.
   */
  connections: z
    .strictObject({
      /** @default true */
      trino: z.boolean().default(true),
      /** @default true */
      spark: z.boolean().default(true),
      /** @default true */
      kafka: z.boolean().default(true),
    })
    .prefault({}),
  /**
   * Extra airflow.cfg settings as `{ section: { option: value } }`, rendered as
   * `AIRFLOW__SECTION__OPTION` env vars (the chart's `config`). Credentials are refused here: they
   * come from the secrets plan.
   * @see https://airflow.apache.org/docs/apache-airflow/stable/configurations-ref.html
   */
  config: z
    .record(configName, z.record(configName, z.union([z.string(), z.number(), z.boolean()])))
    .superRefine((sections, ctx) => {
      for (const [section, options] of Object.entries(sections)) {
        for (const option of Object.keys(options)) {
          if (CREDENTIAL_OPTION.test(option)) ctx.addIssue({ code: 'custom', path: [section, option], message: 'credentials come from Secrets, not from components.airflow.config' });
        }
      }
    })
    .default({}),
});

export type AirflowOptions = z.output<typeof airflowOptions>;
