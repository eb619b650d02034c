import type { BuildContext } from '../../model/build-context.ts';
import { NESSIE_PORT, nessieOidc } from '../nessie/index.ts';
import { USER_TOKEN_ENV } from './user-token.ts';
import { sparkOptions } from '../spark/options.ts';
import { SPARK_CATALOG } from '../spark/spark-conf.ts';
import { SPARK_PACKAGES } from '../spark/versions.ts';
import type { JupyterhubOptions } from './options.ts';

/** Where user pods mount spark-defaults.conf (`SPARK_CONF_DIR` in the PySpark profile). */
export const SPARK_CONF_DIR = '/etc/datalyptica/spark';
export const SPARK_DEFAULTS_CONFIGMAP = 'jupyterhub-spark-defaults';

/**
 * The notebook's Nessie catalog. With Nessie authentication, Nessie's Iceberg REST endpoint with
 * the user's own realm token (`token=env:DATALYPTICA_ACCESS_TOKEN`, which Iceberg's REST catalog
 * resolves from the environment): commits run as the user, under Nessie's group rules. The token
 * is not refreshed (there is no client secret in a user pod): a new server brings a new one.
 * @see https://iceberg.apache.org/docs/latest/spark-configuration/#catalog-configuration
 */
function nessieCatalog(ctx: BuildContext<JupyterhubOptions>, catalog: string): Record<string, string> {
  const base = `http://${ctx.serviceHost('nessie', ctx.namespaceOf('nessie'))}:${NESSIE_PORT}`;
  if (!(ctx.sso.enabled && nessieOidc(ctx))) {
    return { [`${catalog}.type`]: 'nessie', [`${catalog}.uri`]: `${base}/api/v2`, [`${catalog}.ref`]: 'main', [`${catalog}.warehouse`]: `s3://${ctx.objectStorage.buckets.warehouse}/` };
  }
  return {
    [`${catalog}.type`]: 'rest',
    [`${catalog}.uri`]: `${base}/iceberg/`,
    [`${catalog}.warehouse`]: 'warehouse',
    [`${catalog}.rest.auth.type`]: 'oauth2',
    [`${catalog}.token`]: `env:${USER_TOKEN_ENV}`,
    [`${catalog}.token-refresh-enabled`]: 'false',
  };
}

/**
 * spark-defaults.conf for notebooks: Spark in local mode inside the user pod (no executors, so no
 * Kubernetes API access), the same `nessie` Iceberg catalog, runtime packages and Maven mirror as
 * the Spark tier's applications, S3FileIO with the keys from the environment. The two Java
 * options are the Docker Stacks image's own defaults, kept because this file replaces its conf dir.
 * @see https://iceberg.apache.org/docs/latest/nessie/
 * @see https://github.com/jupyter/docker-stacks/blob/main/images/pyspark-notebook/Dockerfile
 */
export function sparkDefaults(ctx: BuildContext<JupyterhubOptions>): string {
  const s3 = ctx.objectStorage;
  const catalog = `spark.sql.catalog.${SPARK_CATALOG}`;
  const conf: Record<string, string> = {
    'spark.master': 'local[*]',
    'spark.driver.extraJavaOptions': '-Dio.netty.tryReflectionSetAccessible=true',
    'spark.executor.extraJavaOptions': '-Dio.netty.tryReflectionSetAccessible=true',
    'spark.jars.packages': SPARK_PACKAGES.join(','),
    'spark.jars.ivy': '/tmp/.ivy2',
    'spark.sql.extensions': 'org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions,org.projectnessie.spark.extensions.NessieSparkSessionExtensions',
    'spark.sql.defaultCatalog': SPARK_CATALOG,
    [catalog]: 'org.apache.iceberg.spark.SparkCatalog',
    ...nessieCatalog(ctx, catalog),
    [`${catalog}.io-impl`]: 'org.apache.iceberg.aws.s3.S3FileIO',
    [`${catalog}.s3.endpoint`]: s3.endpoint,
    [`${catalog}.s3.path-style-access`]: String(s3.pathStyle),
    [`${catalog}.client.region`]: s3.region,
  };
  const repository = ctx.optionsOf('spark', sparkOptions).packagesRepository;
  if (repository !== undefined) conf['spark.jars.repositories'] = repository;
  return `${Object.entries(conf).map(([key, value]) => `${key} ${value}`).join('\n')}\n`;
}
