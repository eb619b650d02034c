import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';
import { count, dnsSubdomain, intAtLeast, resourcesSchema } from '../../config/primitives.ts';

/** Replicas and resources of one Airflow process, over the profile's sizing. */
const processOptions = z.strictObject({
  /** Replica count, overriding the profile's. */
  replicas: count(1).optional().describe("Replica count, overriding the profile's."),
  /** Requests/limits merged over the profile's sizing. */
  resources: resourcesSchema.optional().describe("Requests/limits merged over the profile's sizing."),
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
  scheduler: processOptions.prefault({}).describe('The scheduler (default replicas: dev 1, small 2, production 2; active-active).'),
  /**
   * The standalone DAG processor, the only process that parses DAG files in Airflow 3.
   * @default dev 1, small 1, production 2
   * @see https://airflow.apache.org/docs/apache-airflow/stable/administration-and-deployment/dagfile-processing.html
   */
  dagProcessor: processOptions.prefault({}).describe('The standalone DAG processor (default replicas: dev 1, small 1, production 2).'),
  /**
   * The triggerer, which runs deferred tasks' triggers.
   * @default dev 1, small 2, production 2
   * @see https://airflow.apache.org/docs/apache-airflow/stable/authoring-and-scheduling/deferring.html
   */
  triggerer: processOptions.prefault({}).describe('The triggerer for deferred tasks (default replicas: dev 1, small 2, production 2).'),
  /** Task pods the KubernetesExecutor starts from the rendered pod template. */
  workers: z
    .strictObject({
      /** Requests/limits of each task pod's `base` container, merged over the profile's. */
      resources: resourcesSchema.optional().describe("Requests/limits of each task pod's base container, merged over the profile's."),
      /**
       * Task instances running at once across the installation (`[core] parallelism`): with the
       * KubernetesExecutor one pod each, so it also sizes the namespace quota.
       * @default dev 4, small 8, production 16
       * @see https://airflow.apache.org/docs/apache-airflow/stable/configurations-ref.html#parallelism
       */
      parallelism: intAtLeast(1).max(1024).optional().describe('[core] parallelism: task pods running at once; also sizes the namespace quota. Default dev 4, small 8, production 16.'),
      /**
       * Delete a task pod when it fails (`[kubernetes_executor] delete_worker_pods_on_failure`);
       * the logs are in the `apps` bucket either way.
       * @default false (keep failed pods for `kubectl describe`)
       */
      deleteOnFailure: z.boolean().default(false).describe('Delete a task pod when it fails (logs are in the apps bucket either way).'),
    })
    .prefault({})
    .describe('Task pods the KubernetesExecutor starts from the rendered pod template.'),
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
          repository: z.url({ error: 'expected an https git URL' }).optional().describe('HTTPS URL of the DAG repository. Absent: DAGs come from the image.'),
          /** Branch, tag or commit. @default 'main' */
          ref: z.string().min(1).default('main').describe('Branch, tag or commit.'),
          /** Folder of the DAG files inside the repository. @default '' (the repository root) */
          subPath: z.string().regex(/^[^/].*$|^$/, { error: 'expected a relative path' }).default('').describe('Folder of the DAG files inside the repository.'),
          /** Secret with `username` and `password` (a token) for a private repository; must exist before deploy. */
          credentialsSecret: dnsSubdomain.optional().describe('Existing Secret with username and password (a token) for a private repository.'),
          /** Seconds between pulls. @default 60 */
          periodSeconds: intAtLeast(10).max(86400).default(60).describe('Seconds between pulls.'),
        })
        .prefault({})
        .describe('git-sync: DAGs from a git repository.'),
    })
    .prefault({})
    .describe('Where DAG files come from: git-sync when gitSync.repository is set, else the image.'),
  /** Load Airflow's example DAGs (`[core] load_examples`). @default false */
  loadExamples: z.boolean().default(false).describe("Load Airflow's example DAGs."),
  /**
   * Task logs go to `s3://<objectStorage.buckets.apps>/<prefix>` (remote logging with the amazon
   * provider), so no log volume is needed and every replica of the api-server reads every log.
   * @see https://airflow.apache.org/docs/apache-airflow-providers-amazon/stable/logging/s3-task-handler.html
   */
  logs: z
    .strictObject({
      /** Key prefix inside the `apps` bucket. @default 'airflow/logs' */
      prefix: z.string().regex(/^[a-z0-9][a-z0-9/_.-]*[a-z0-9]$/, { error: 'expected an S3 key prefix such as airflow/logs' }).default('airflow/logs').describe('Key prefix inside the apps bucket.'),
    })
    .prefault({})
    .describe('Task logs in the apps bucket (remote logging).'),
  /**
   * Connections Airflow has from the start (`AIRFLOW_CONN_*` from a Secret): `trino_default`
   * (the Trino coordinator), `spark_default` (the Kubernetes API in the Spark namespace, for the
   * cncf.kubernetes provider's SparkKubernetesOperator) and `kafka_default` (the mTLS listener as
   * Airflow's own KafkaUser, which it declares while this is on). Each only while its component is enabled.
   */
  connections: z
    .strictObject({
      /** @default true */
      trino: z.boolean().default(true).describe('trino_default: the Trino coordinator as user airflow.'),
      /** @default true */
      spark: z.boolean().default(true).describe('spark_kubernetes: the Kubernetes API in the Spark namespace (SparkKubernetesOperator).'),
      /** @default true */
      kafka: z.boolean().default(true).describe('kafka_default: the Kafka mTLS listener as Airflow\'s own KafkaUser (off: no KafkaUser for Airflow).'),
    })
    .prefault({})
    .describe('Pre-declared connections (AIRFLOW_CONN_* from a Secret), each while its component is enabled.'),
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
    .default({})
    .describe('Extra airflow.cfg settings { section: { option: value } } as AIRFLOW__SECTION__OPTION env vars; credentials are refused.'),
});

export type AirflowOptions = z.output<typeof airflowOptions>;
