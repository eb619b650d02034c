import type { SecretRequirement } from '../../model/secret.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { clickhouseService, TRINO_USER_VALUE_GROUP } from '../clickhouse/index.ts';
import { NESSIE_AUDIENCE, NESSIE_PORT, nessieOidc } from '../nessie/index.ts';
import { NESSIE_ENGINE_CLIENTS } from '../nessie/engine-auth.ts';
import { SSO_CLIENT_SECRET_KEY, type SsoClient, ssoClientSecret } from '../../model/sso.ts';
import { generatedLogin } from '../../platform/generated-login.ts';
import { postgresAccess } from '../postgres/access.ts';
import { kafkaConnectOptions } from '../kafka-connect/options.ts';
import { cdcTopic } from '../kafka/topics.ts';
import { schemaRegistryUrl } from '../schema-registry/index.ts';
import { kafkaClientAccess, KAFKA_SECRET_KEY } from '../spark/kafka-client.ts';
import { properties } from './config.ts';

/** An env var a catalog reads through `${ENV:NAME}`, fed from a Secret key. */
export interface CatalogEnv {
  readonly name: string;
  readonly secret: string;
  readonly key: string;
}

export interface Catalogs {
  /** File name (`iceberg.properties`) to contents; the file name is the catalog name. */
  readonly files: Record<string, string>;
  readonly env: readonly CatalogEnv[];
  /** Secret volumes (Kafka keystores) and where they go. */
  readonly mounts: readonly { readonly secret: string; readonly path: string }[];
  readonly secrets: readonly SecretRequirement[];
  /** Realm clients the catalogs authenticate with. */
  readonly ssoClients: readonly SsoClient[];
}

export const CLICKHOUSE_HTTP_PORT = 8123;
export const TRINO_CLICKHOUSE_SECRET = 'trino-clickhouse';
const KAFKA_MOUNT = '/etc/trino/kafka';

/** The realm client Trino's Iceberg catalog authenticates to Nessie with (client credentials). */
export const TRINO_NESSIE_CLIENT = NESSIE_ENGINE_CLIENTS.trino;
export const TRINO_NESSIE_SECRET = 'trino-nessie-client';

/**
 * The Iceberg catalog on Nessie. Without Nessie authentication: Nessie's own catalog type, like
 * Spark and Flink (every engine commits through the same API v2). With it: Nessie's Iceberg REST
 * endpoint with OAuth2 client credentials against the realm's in-cluster token endpoint, because
 * Trino's Nessie catalog only takes a static bearer token, which would expire.
 * @see https://trino.io/docs/current/object-storage/metastores.html#nessie-catalog
 * @see https://trino.io/docs/current/object-storage/metastores.html#rest-catalog
 * @see https://projectnessie.org/guides/iceberg-rest/
 */
function nessieCatalog(ctx: BuildContext): { properties: Record<string, string>; env: CatalogEnv[]; secrets: SecretRequirement[]; client?: SsoClient } {
  const base = `http://${ctx.serviceHost('nessie', ctx.namespaceOf('nessie'))}:${NESSIE_PORT}`;
  if (!nessieOidc(ctx)) {
    return {
      properties: {
        'iceberg.catalog.type': 'nessie',
        'iceberg.nessie-catalog.uri': `${base}/api/v2`,
        'iceberg.nessie-catalog.ref': 'main',
        'iceberg.nessie-catalog.default-warehouse-dir': `s3://${ctx.objectStorage.buckets.warehouse}/`,
      },
      env: [],
      secrets: [],
    };
  }
  return {
    properties: {
      'iceberg.catalog.type': 'rest',
      // Nessie serves Iceberg REST under /iceberg; the prefix selects the branch.
      'iceberg.rest-catalog.uri': `${base}/iceberg/`,
      'iceberg.rest-catalog.prefix': 'main',
      'iceberg.rest-catalog.warehouse': 'warehouse',
      'iceberg.rest-catalog.security': 'OAUTH2',
      'iceberg.rest-catalog.oauth2.server-uri': ctx.sso.tokenEndpoint,
      'iceberg.rest-catalog.oauth2.credential': `${TRINO_NESSIE_CLIENT}:\${ENV:NESSIE_CLIENT_SECRET}`,
      'iceberg.rest-catalog.oauth2.scope': 'openid',
    },
    env: [{ name: 'NESSIE_CLIENT_SECRET', secret: TRINO_NESSIE_SECRET, key: SSO_CLIENT_SECRET_KEY }],
    secrets: [
      ssoClientSecret({
        name: TRINO_NESSIE_SECRET,
        namespace: ctx.namespace,
        clientId: TRINO_NESSIE_CLIENT,
        consumers: ['trino'],
        description: `secret of the realm client ${TRINO_NESSIE_CLIENT}: Trino's Iceberg catalog obtains Nessie tokens with it (client credentials)`,
      }),
    ],
    client: {
      clientId: TRINO_NESSIE_CLIENT,
      component: 'trino',
      type: 'service',
      description: 'Trino\'s Iceberg catalog calling Nessie (client credentials)',
      redirectUris: [],
      secret: { name: TRINO_NESSIE_SECRET, namespace: ctx.namespace },
      audiences: [NESSIE_AUDIENCE],
    },
  };
}

/**
 * The catalogs: Iceberg through Nessie on S3 always; PostgreSQL, ClickHouse and Kafka when those
 * components run. Every credential is `${ENV:...}` from a Secret-backed env var.
 */
/** The kafka catalog: mTLS from the engine's PKCS12 stores, the topics as tables. */
function kafkaCatalog(ctx: BuildContext, tables: Record<string, string>): { properties: string; env: CatalogEnv[]; mounts: { secret: string; path: string }[]; secrets: readonly SecretRequirement[] } {
  const kafka = kafkaClientAccess(ctx, 'trino', { mountRoot: KAFKA_MOUNT });
  const file = properties({
    ...tables,
    'connector.name': 'kafka',
    'kafka.nodes': kafka.bootstrap,
    'kafka.security-protocol': 'SSL',
    'kafka.ssl.keystore.type': 'PKCS12',
    'kafka.ssl.keystore.location': `${kafka.userDir}/${KAFKA_SECRET_KEY.userP12}`,
    'kafka.ssl.keystore.password': '${ENV:KAFKA_KEYSTORE_PASSWORD}',
    'kafka.ssl.truststore.type': 'PKCS12',
    'kafka.ssl.truststore.location': `${kafka.caDir}/${KAFKA_SECRET_KEY.caP12}`,
    'kafka.ssl.truststore.password': '${ENV:KAFKA_TRUSTSTORE_PASSWORD}',
    'kafka.default-schema': 'default',
    'kafka.hide-internal-columns': 'false',
  });
  const env: CatalogEnv[] = [
    { name: 'KAFKA_KEYSTORE_PASSWORD', secret: kafka.userSecret, key: KAFKA_SECRET_KEY.userPassword },
    { name: 'KAFKA_TRUSTSTORE_PASSWORD', secret: kafka.caSecret, key: KAFKA_SECRET_KEY.caPassword },
  ];
  const mounts = [{ secret: kafka.userSecret, path: kafka.userDir }, { secret: kafka.caSecret, path: kafka.caDir }];
  return { properties: file, env, mounts, secrets: kafka.secrets };
}

export function trinoCatalogs(ctx: BuildContext): Catalogs {
  const s3 = ctx.objectStorage;
  const creds = s3.credentials();
  const files: Record<string, string> = {};
  const env: CatalogEnv[] = [
    { name: 'AWS_ACCESS_KEY_ID', secret: creds.secretName, key: creds.accessKeyKey },
    { name: 'AWS_SECRET_ACCESS_KEY', secret: creds.secretName, key: creds.secretKeyKey },
  ];
  const mounts: { secret: string; path: string }[] = [];
  const secrets: SecretRequirement[] = [s3.consumerSecret(ctx.namespace, 'trino')];

  const nessie = nessieCatalog(ctx);
  files['iceberg.properties'] = properties({
    'connector.name': 'iceberg',
    ...nessie.properties,
    'fs.native-s3.enabled': 'true',
    's3.endpoint': s3.endpoint,
    's3.region': s3.region,
    's3.path-style-access': String(s3.pathStyle),
    's3.aws-access-key': '${ENV:AWS_ACCESS_KEY_ID}',
    's3.aws-secret-key': '${ENV:AWS_SECRET_ACCESS_KEY}',
  });
  env.push(...nessie.env);
  secrets.push(...nessie.secrets);

  if (ctx.isEnabled('postgres')) {
    const db = postgresAccess(ctx, 'trino');
    files['postgresql.properties'] = properties({
      'connector.name': 'postgresql',
      'connection-url': db.jdbcUrl,
      'connection-user': '${ENV:POSTGRES_USER}',
      'connection-password': '${ENV:POSTGRES_PASSWORD}',
    });
    env.push({ name: 'POSTGRES_USER', secret: db.secretName, key: db.userKey }, { name: 'POSTGRES_PASSWORD', secret: db.secretName, key: db.passwordKey });
  }

  if (ctx.isEnabled('clickhouse')) {
    // The Altinity operator's installation Service is `clickhouse-<installation name>`.
    const host = ctx.serviceHost(clickhouseService(ctx), ctx.namespaceOf('clickhouse'));
    files['clickhouse.properties'] = properties({
      'connector.name': 'clickhouse',
      'connection-url': `jdbc:clickhouse://${host}:${CLICKHOUSE_HTTP_PORT}/`,
      'connection-user': '${ENV:CLICKHOUSE_USER}',
      'connection-password': '${ENV:CLICKHOUSE_PASSWORD}',
    });
    env.push({ name: 'CLICKHOUSE_USER', secret: TRINO_CLICKHOUSE_SECRET, key: 'username' }, { name: 'CLICKHOUSE_PASSWORD', secret: TRINO_CLICKHOUSE_SECRET, key: 'password' });
    secrets.push({
      ...generatedLogin({
        name: TRINO_CLICKHOUSE_SECRET,
        namespace: ctx.namespace,
        username: 'trino',
        description: 'ClickHouse user `trino` for the Trino clickhouse catalog (the ClickHouse installation declares the user from the same values)',
        consumers: ['trino'],
      }),
      valueGroup: TRINO_USER_VALUE_GROUP,
    });
  }

  const tables = kafkaTables(ctx);
  if (ctx.isEnabled('kafka') && tables !== undefined) {
    const kafka = kafkaCatalog(ctx, tables);
    files['kafka.properties'] = kafka.properties;
    env.push(...kafka.env);
    mounts.push(...kafka.mounts);
    secrets.push(...kafka.secrets);
  }
  return { files, env, mounts, secrets, ssoClients: nessie.client ? [nessie.client] : [] };
}

/**
 * How the Kafka catalog finds its tables. Trino exposes no topic by itself: the default `FILE`
 * supplier serves only the tables listed in `kafka.table-names` (required), the `CONFLUENT` one
 * every topic with a `<topic>-value`/`-key` subject in Schema Registry, with columns from its Avro
 * schema. So: Schema Registry when it runs (the Avro converters of Kafka Connect register there);
 * else the CDC example's topics by name (internal columns, `_message` holds the JSON); else no
 * catalog, as one with no table would only break Trino's start.
 * @see https://trino.io/docs/current/connector/kafka.html#table-schema-and-schema-registry-usage
 */
export function kafkaTables(ctx: BuildContext): Record<string, string> | undefined {
  if (ctx.isEnabled('schema-registry')) {
    return { 'kafka.table-description-supplier': 'CONFLUENT', 'kafka.confluent-schema-registry-url': schemaRegistryUrl(ctx) };
  }
  const connect = ctx.optionsOf('kafka-connect', kafkaConnectOptions);
  if (!ctx.isEnabled('kafka-connect') || !connect.cdcExample) return undefined;
  // A three-part name does not parse as schema.table, so Trino puts it in the default schema as is.
  return { 'kafka.table-description-supplier': 'FILE', 'kafka.table-names': [...connect.cdcTables].sort().map(cdcTopic).join(',') };
}
