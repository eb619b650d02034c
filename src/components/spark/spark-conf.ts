import type { BuildContext } from '../../model/build-context.ts';
import { NESSIE_ENGINE_CLIENTS, nessieEngineCatalog, type NessieEngineCatalog } from '../nessie/engine-auth.ts';
import type { SparkOptions } from './options.ts';
import { SPARK_PORTS } from './versions.ts';

/** The Spark catalog name the platform registers (`nessie.<namespace>.<table>`). */
export const SPARK_CATALOG = 'nessie';
/** The realm client Spark drivers obtain Nessie tokens with, and its Secret in the Spark namespace. */
export const SPARK_NESSIE_CLIENT = NESSIE_ENGINE_CLIENTS.spark;
export const SPARK_NESSIE_SECRET = 'spark-nessie-client';

/** Spark's Nessie catalog: API v2, or Iceberg REST with client credentials when Nessie requires a token. */
export function sparkNessieCatalog(ctx: BuildContext<SparkOptions>): NessieEngineCatalog {
  return nessieEngineCatalog(ctx, { component: 'spark', clientId: SPARK_NESSIE_CLIENT, secretName: SPARK_NESSIE_SECRET, description: 'Spark drivers' });
}

/**
 * `sparkConf` for every application of the platform. Every value is a string: the CRD field is
 * `map[string]string` and the API server rejects a YAML boolean. The catalog follows
 * Iceberg's Nessie guide: `type=nessie`, the v2 API, `ref=main`, the SQL extensions, and
 * S3FileIO with the store's endpoint instead of Hadoop s3a. With Nessie authentication on, the
 * catalog is Nessie's Iceberg REST endpoint with OAuth2 client credentials (`sparkNessieCatalog`):
 * the secret is in the driver's environment, never in this map.
 * @see https://iceberg.apache.org/docs/latest/nessie/
 * @see https://iceberg.apache.org/docs/latest/aws/#s3-fileio
 */
export function sparkConf(ctx: BuildContext<SparkOptions>): Record<string, string> {
  const s3 = ctx.objectStorage;
  const catalog = `spark.sql.catalog.${SPARK_CATALOG}`;
  const conf: Record<string, string> = {
    'spark.sql.extensions': [
      'org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions',
      'org.projectnessie.spark.extensions.NessieSparkSessionExtensions',
    ].join(','),
    'spark.sql.defaultCatalog': SPARK_CATALOG,
    [catalog]: 'org.apache.iceberg.spark.SparkCatalog',
    ...Object.fromEntries(Object.entries(sparkNessieCatalog(ctx).properties).map(([key, value]) => [`${catalog}.${key}`, value])),
    [`${catalog}.io-impl`]: 'org.apache.iceberg.aws.s3.S3FileIO',
    [`${catalog}.s3.endpoint`]: s3.endpoint,
    [`${catalog}.s3.path-style-access`]: String(s3.pathStyle),
    [`${catalog}.client.region`]: s3.region,
    // The image runs as an arbitrary UID without a home directory: keep Ivy's cache in /tmp.
    'spark.jars.ivy': '/tmp/.ivy2',
    'spark.driver.port': String(SPARK_PORTS.driverRpc),
    'spark.driver.blockManager.port': String(SPARK_PORTS.blockManager),
    'spark.blockManager.port': String(SPARK_PORTS.blockManager),
    'spark.kubernetes.executor.deleteOnTermination': 'true',
    // Executor metrics through the driver's Prometheus endpoints (/metrics/prometheus/, /metrics/executors/prometheus/).
    'spark.ui.prometheus.enabled': 'true',
    'spark.metrics.conf.*.sink.prometheusServlet.class': 'org.apache.spark.metrics.sink.PrometheusServlet',
    'spark.metrics.conf.*.sink.prometheusServlet.path': '/metrics/prometheus/',
    'spark.metrics.appStatusSource.enabled': 'true',
  };
  const repository = ctx.options().packagesRepository;
  if (repository !== undefined) conf['spark.jars.repositories'] = repository;
  return conf;
}
