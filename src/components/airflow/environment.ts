import type { BuildContext } from '../../model/build-context.ts';
import { postgresAccess } from '../postgres/access.ts';
import type { AirflowOptions } from './options.ts';
import { AIRFLOW_HOME, AIRFLOW_PORTS, API_SERVER, STATSD } from './versions.ts';
import { WORKER_PARALLELISM } from './sizing.ts';

/** Env of an Airflow container in three parts, in the order Kubernetes must see them. */
export interface AirflowEnv {
  /** Literal, non-secret settings. */
  readonly env: readonly { name: string; value: string }[];
  /** Values from Secret keys. */
  readonly secretEnv: readonly { name: string; secret: string; key: string }[];
  /**
   * Values built from the Secret-backed vars with Kubernetes' `$(VAR)` expansion, which only
   * resolves vars defined earlier in the list: they go last.
   * @see https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/
   */
  readonly composed: readonly { name: string; value: string }[];
}

/** The generated Secret with the fernet key, the api-server's secret key and the JWT signing secret. */
export const KEYS_SECRET = 'airflow-keys';
/** The generated Secret with the pre-declared connections (one `AIRFLOW_CONN_*` value per key). */
export const CONNECTIONS_SECRET = 'airflow-connections';
/** The connection id of the S3 task-log store (`AIRFLOW_CONN_AIRFLOW_LOGS_S3`). */
export const LOGS_CONN_ID = 'airflow_logs_s3';
/** Where the DAG files are: the git-sync checkout's link, or the image's own folder. */
export const DAGS_ROOT = `${AIRFLOW_HOME}/dags`;
export const GIT_LINK = 'repo';
/** Mount path of the executor's pod template. */
export const POD_TEMPLATE_FILE = `${AIRFLOW_HOME}/pod_templates/pod_template_file.yaml`;
/** The FAB auth manager: password login from its own user table, or OAuth through Keycloak (webserver_config.py). */
export const FAB_AUTH_MANAGER = 'airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager';

/** The folder Airflow reads DAGs from. */
export function dagsFolder(options: AirflowOptions): string {
  const git = options.dags.gitSync;
  if (git.repository === undefined) return DAGS_ROOT;
  const sub = git.subPath.replace(/\/+$/, '');
  return sub === '' ? `${DAGS_ROOT}/${GIT_LINK}` : `${DAGS_ROOT}/${GIT_LINK}/${sub}`;
}

/** `[core] parallelism`: the option or the profile's. */
export function parallelism(ctx: BuildContext<AirflowOptions>): number {
  return ctx.options().workers.parallelism ?? WORKER_PARALLELISM[ctx.profile];
}

/** `AIRFLOW__SECTION__KEY` for airflow.cfg's `[section] key`. */
export function cfgEnv(section: string, key: string, value: string | number | boolean): { name: string; value: string } {
  const text = typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value);
  return { name: `AIRFLOW__${section.toUpperCase()}__${key.toUpperCase()}`, value: text };
}

/**
 * Settings every Airflow process shares, from the chart's defaults for the KubernetesExecutor plus
 * the platform's wiring (execution API, StatsD, remote logging). `config` overrides come last so
 * the user wins on a clash.
 * @see https://airflow.apache.org/docs/apache-airflow/stable/configurations-ref.html
 */
function settings(ctx: BuildContext<AirflowOptions>): { name: string; value: string }[] {
  const options = ctx.options();
  const s3 = ctx.objectStorage;
  const apiUrl = `http://${ctx.serviceHost(API_SERVER)}:${AIRFLOW_PORTS.api}`;
  const base: { name: string; value: string }[] = [
    cfgEnv('core', 'executor', 'KubernetesExecutor'),
    cfgEnv('core', 'auth_manager', FAB_AUTH_MANAGER),
    cfgEnv('core', 'load_examples', options.loadExamples),
    cfgEnv('core', 'dags_folder', dagsFolder(options)),
    cfgEnv('core', 'parallelism', parallelism(ctx)),
    // Task pods reach the api-server's execution API (Airflow 3 tasks never open the database).
    cfgEnv('core', 'execution_api_server_url', `${apiUrl}/execution/`),
    // Log servers (task pods :8793, triggerer :8794) are reached by pod IP: pod names do not resolve.
    cfgEnv('core', 'hostname_callable', 'airflow.utils.net.get_host_ip_address'),
    cfgEnv('api', 'base_url', `https://${ctx.host('airflow')}/`),
    cfgEnv('api', 'expose_config', false),
    cfgEnv('kubernetes_executor', 'namespace', ctx.namespace),
    cfgEnv('kubernetes_executor', 'pod_template_file', POD_TEMPLATE_FILE),
    cfgEnv('kubernetes_executor', 'delete_worker_pods', true),
    cfgEnv('kubernetes_executor', 'delete_worker_pods_on_failure', options.workers.deleteOnFailure),
    cfgEnv('logging', 'remote_logging', true),
    cfgEnv('logging', 'remote_base_log_folder', `s3://${s3.buckets.apps}/${options.logs.prefix}`),
    cfgEnv('logging', 'remote_log_conn_id', LOGS_CONN_ID),
    cfgEnv('metrics', 'statsd_on', true),
    cfgEnv('metrics', 'statsd_host', ctx.serviceHost(STATSD)),
    cfgEnv('metrics', 'statsd_port', AIRFLOW_PORTS.statsdIngest),
    cfgEnv('metrics', 'statsd_prefix', 'airflow'),
    cfgEnv('scheduler', 'enable_health_check', true),
    cfgEnv('scheduler', 'scheduler_health_check_server_port', AIRFLOW_PORTS.schedulerHealth),
    cfgEnv('logging', 'worker_log_server_port', AIRFLOW_PORTS.workerLogs),
    cfgEnv('logging', 'trigger_log_server_port', AIRFLOW_PORTS.triggererLogs),
  ];
  const overrides = Object.entries(options.config).flatMap(([section, keys]) => Object.entries(keys).map(([key, value]) => cfgEnv(section, key, value)));
  const overridden = new Set(overrides.map((e) => e.name));
  return [...base.filter((e) => !overridden.has(e.name)), ...overrides];
}

/**
 * The remote-log connection: boto3 takes the keys from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`
 * (the connection carries none) and the store's CA from `AWS_CA_BUNDLE`.
 * @see https://airflow.apache.org/docs/apache-airflow-providers-amazon/stable/connections/aws.html
 */
function s3Env(ctx: BuildContext<AirflowOptions>): Pick<AirflowEnv, 'env' | 'secretEnv'> {
  const s3 = ctx.objectStorage;
  const creds = s3.credentials('apps');
  const trust = s3.consumerTrust(ctx.namespace, 'airflow');
  const extra = { endpoint_url: s3.endpoint, region_name: s3.region, ...(s3.pathStyle ? { config_kwargs: { s3: { addressing_style: 'path' } } } : {}) };
  return {
    env: [
      { name: `AIRFLOW_CONN_${LOGS_CONN_ID.toUpperCase()}`, value: JSON.stringify({ conn_type: 'aws', extra }) },
      { name: 'AWS_REGION', value: s3.region },
      ...(trust ? [{ name: 'AWS_CA_BUNDLE', value: trust.caFile }] : []),
    ],
    secretEnv: [
      { name: 'AWS_ACCESS_KEY_ID', secret: creds.secretName, key: creds.accessKeyKey },
      { name: 'AWS_SECRET_ACCESS_KEY', secret: creds.secretName, key: creds.secretKeyKey },
    ],
  };
}

/** Connection env vars, each from its key of the connections Secret. */
function connectionEnv(connections: readonly string[]): AirflowEnv['secretEnv'] {
  return connections.map((id) => ({ name: `AIRFLOW_CONN_${id.toUpperCase()}`, secret: CONNECTIONS_SECRET, key: id }));
}

/**
 * The env of the long-running processes and the migration Job: everything, database included.
 * The metadata database is reached through the pooler; the URL is composed from the login Secret.
 * @see https://airflow.apache.org/docs/apache-airflow/stable/howto/set-up-database.html#setting-up-a-postgresql-database
 */
export function serverEnv(ctx: BuildContext<AirflowOptions>, connections: readonly string[]): AirflowEnv {
  const db = postgresAccess(ctx, 'airflow');
  const s3 = s3Env(ctx);
  return {
    env: [...settings(ctx), ...s3.env],
    secretEnv: [
      { name: 'AIRFLOW_DB_USER', secret: db.secretName, key: db.userKey },
      { name: 'AIRFLOW_DB_PASSWORD', secret: db.secretName, key: db.passwordKey },
      ...keyEnv(true),
      ...s3.secretEnv,
      ...connectionEnv(connections),
    ],
    composed: [
      { name: 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN', value: `postgresql+psycopg2://$(AIRFLOW_DB_USER):$(AIRFLOW_DB_PASSWORD)@${db.host}:${db.port}/${db.database}` },
    ],
  };
}

/**
 * Task pods: no database login (Airflow 3 tasks go through the execution API) and no JWT signing
 * secret (they present the token the scheduler hands them; only `[api] secret_key` is needed, by
 * the log server that checks the api-server's log requests).
 */
export function workerEnv(ctx: BuildContext<AirflowOptions>, connections: readonly string[]): AirflowEnv {
  const s3 = s3Env(ctx);
  return {
    env: [...settings(ctx), ...s3.env],
    secretEnv: [...keyEnv(false), ...s3.secretEnv, ...connectionEnv(connections)],
    composed: [],
  };
}

/**
 * The fernet key (connection and variable encryption), the secret key that signs log requests
 * (`[api] secret_key`, checked by the task pods' and triggerers' log servers) and the JWT secret that
 * signs execution-API and REST tokens: every server process must share them.
 * @see https://airflow.apache.org/docs/apache-airflow/stable/security/secrets/fernet.html
 */
function keyEnv(jwt: boolean): AirflowEnv['secretEnv'] {
  return [
    { name: 'AIRFLOW__CORE__FERNET_KEY', secret: KEYS_SECRET, key: 'fernet-key' },
    { name: 'AIRFLOW__API__SECRET_KEY', secret: KEYS_SECRET, key: 'api-secret-key' },
    ...(jwt ? [{ name: 'AIRFLOW__API_AUTH__JWT_SECRET', secret: KEYS_SECRET, key: 'jwt-secret' }] : []),
  ];
}

/** Appends `composed` after whatever env a container already has. */
export function withComposedEnv(container: Record<string, unknown>, composed: AirflowEnv['composed']): Record<string, unknown> {
  if (composed.length === 0) return container;
  const env = Array.isArray(container['env']) ? (container['env'] as unknown[]) : [];
  return { ...container, env: [...env, ...composed.map((e) => ({ ...e }))] };
}
