import type { BuildContext } from '../../model/build-context.ts';
import type { ResourceSpec } from '../../model/resources.ts';
import { parseQuantity } from '../../platform/quantity.ts';
import { kafkaClusterName } from '../kafka/access.ts';
import { KAFKA_PORT } from '../kafka/strimzi.ts';
import { NESSIE_PORT } from '../nessie/index.ts';
import { TRINO_SERVICE } from '../trino/index.ts';
import { TRINO_PORTS } from '../trino/versions.ts';
import { trinoHttps } from '../trino/tls.ts';
import { USER_TRINO_CA_DIR } from './user-token.ts';
import { MLFLOW_SERVICE } from '../mlflow/index.ts';
import { MLFLOW_PORT, OAUTH2_PROXY_PORT } from '../mlflow/versions.ts';
import type { JupyterhubOptions } from './options.ts';
import { USER_SIZES, type ServerSize } from './sizing.ts';
import { SPARK_CONF_DIR } from './spark-defaults.ts';
import { PYSPARK_IMAGE, SCIPY_IMAGE } from './versions.ts';

/** A KubeSpawner environment value: a literal, or an EnvVar body reading a Secret key. */
export type EnvValue = string | { readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } } };

/** One entry of `KubeSpawner.profile_list`. @see https://jupyterhub-kubespawner.readthedocs.io/en/latest/spawner.html#kubespawner.KubeSpawner.profile_list */
export interface SpawnProfile {
  readonly display_name: string;
  readonly slug: string;
  readonly description: string;
  readonly default?: boolean;
  readonly kubespawner_override: { readonly image: string; readonly environment: Readonly<Record<string, EnvValue>> };
  readonly profile_options: Record<string, unknown>;
}

function sizeChoice(size: ServerSize, spec: ResourceSpec, isDefault: boolean): Record<string, unknown> {
  const gib = (q: string) => parseQuantity(q) / 2 ** 30;
  return {
    display_name: `${size === 'small' ? 'Small' : 'Large'}: ${spec.limits.cpu} CPU, ${gib(spec.limits.memory)} GiB (guaranteed ${spec.requests.cpu} CPU, ${gib(spec.requests.memory)} GiB)`,
    ...(isDefault ? { default: true } : {}),
    // Bytes and cores as numbers: KubeSpawner's ByteSpecification does not read Kubernetes' `Gi`.
    kubespawner_override: {
      cpu_guarantee: parseQuantity(spec.requests.cpu),
      cpu_limit: parseQuantity(spec.limits.cpu),
      mem_guarantee: parseQuantity(spec.requests.memory),
      mem_limit: parseQuantity(spec.limits.memory),
    },
  };
}

/** The size picker every profile offers (small is the default). */
function sizeOptions(ctx: BuildContext<JupyterhubOptions>): Record<string, unknown> {
  const sizes = USER_SIZES[ctx.profile];
  return { size: { display_name: 'Server size', choices: { small: sizeChoice('small', sizes.small, true), large: sizeChoice('large', sizes.large, false) } } };
}

/** Where user pods find the lakehouse: Nessie (API v2 and Iceberg REST), S3, Kafka. */
function lakehouseEnv(ctx: BuildContext<JupyterhubOptions>): Record<string, EnvValue> {
  const s3 = ctx.objectStorage;
  const nessie = `http://${ctx.serviceHost('nessie', ctx.namespaceOf('nessie'))}:${NESSIE_PORT}`;
  const env: Record<string, EnvValue> = {
    SPARK_CONF_DIR,
    NESSIE_URI: `${nessie}/api/v2`,
    ICEBERG_REST_URI: `${nessie}/iceberg`,
    ICEBERG_WAREHOUSE: 'warehouse',
    ICEBERG_WAREHOUSE_LOCATION: `s3://${s3.buckets.warehouse}/`,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_REGION: s3.region,
    S3_PATH_STYLE_ACCESS: String(s3.pathStyle),
  };
  if (ctx.options().singleuser.s3Credentials) {
    const creds = s3.credentials();
    env['AWS_ACCESS_KEY_ID'] = { valueFrom: { secretKeyRef: { name: creds.secretName, key: creds.accessKeyKey } } };
    env['AWS_SECRET_ACCESS_KEY'] = { valueFrom: { secretKeyRef: { name: creds.secretName, key: creds.secretKeyKey } } };
  }
  if (ctx.isEnabled('kafka')) {
    env['KAFKA_BOOTSTRAP_SERVERS'] = `${kafkaClusterName(ctx)}-kafka-bootstrap.${ctx.namespaceOf('kafka')}.svc:${KAFKA_PORT.tls}`;
  }
  return env;
}

/**
 * Where SQL notebooks find Trino: HTTPS with the CA of its certificate when Trino serves it, and
 * with the realm the user's own token in `DATALYPTICA_ACCESS_TOKEN`
 * (`trino.dbapi.connect(..., auth=trino.auth.JWTAuthentication(os.environ["DATALYPTICA_ACCESS_TOKEN"]))`);
 * without the realm the Trino user is the JupyterHub user (`JUPYTERHUB_USER`).
 */
function trinoEnv(ctx: BuildContext<JupyterhubOptions>): Record<string, EnvValue> {
  const https = trinoHttps(ctx).enabled;
  return {
    TRINO_HOST: ctx.serviceHost(TRINO_SERVICE, ctx.namespaceOf('trino')),
    TRINO_PORT: String(https ? TRINO_PORTS.https : TRINO_PORTS.http),
    TRINO_HTTP_SCHEME: https ? 'https' : 'http',
    ...(https ? { TRINO_CA_BUNDLE: `${USER_TRINO_CA_DIR}/ca.crt` } : {}),
    TRINO_CATALOG: 'iceberg',
  };
}

/**
 * Where notebooks log to MLflow: the in-cluster Service (oauth2-proxy with the realm, which admits
 * the user's token from `MLFLOW_TRACKING_TOKEN`; MLflow's own basic auth without it).
 */
function mlflowEnv(ctx: BuildContext<JupyterhubOptions>): Record<string, EnvValue> {
  if (!ctx.isEnabled('mlflow')) return {};
  const port = ctx.sso.enabled ? OAUTH2_PROXY_PORT : MLFLOW_PORT;
  return { MLFLOW_TRACKING_URI: `http://${ctx.serviceHost(MLFLOW_SERVICE, ctx.namespaceOf('mlflow'))}:${port}` };
}

/**
 * The spawn form: "PySpark + Iceberg" (Spark in local mode inside the user pod, Iceberg tables
 * through Nessie on S3) and "Trino SQL", each in a small or large size.
 */
export function spawnProfiles(ctx: BuildContext<JupyterhubOptions>): SpawnProfile[] {
  const own = ctx.options().singleuser;
  const options = sizeOptions(ctx);
  return [
    {
      display_name: 'PySpark + Iceberg',
      slug: 'pyspark',
      description: 'Spark in the notebook pod, Iceberg tables through the Nessie catalog on S3.',
      default: true,
      kubespawner_override: { image: own.pysparkImage ?? ctx.image(PYSPARK_IMAGE), environment: { ...lakehouseEnv(ctx), ...trinoEnv(ctx), ...mlflowEnv(ctx) } },
      profile_options: options,
    },
    {
      display_name: 'Trino SQL',
      slug: 'trino',
      description: 'Python and SQL against the Trino coordinator (catalogs iceberg, postgresql, kafka, clickhouse).',
      kubespawner_override: { image: own.sqlImage ?? ctx.image(SCIPY_IMAGE), environment: { ...trinoEnv(ctx), ...mlflowEnv(ctx) } },
      profile_options: options,
    },
  ];
}
