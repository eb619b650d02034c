import type { BuildContext } from '../../model/build-context.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { TRINO_SERVICE, trinoRealmLogin } from '../trino/index.ts';
import { trinoClientTrust, trinoHttps } from '../trino/tls.ts';
import { TRINO_PORTS } from '../trino/versions.ts';
import type { RegisteredDatabase } from './init-job.ts';
import type { SupersetOptions } from './options.ts';

/** Where Superset's pods find the CA of Trino's certificate. */
export const SUPERSET_TRINO_CA_DIR = '/etc/superset/trino-ca';
/** Superset's OAuth2 callback for database logins (`DatabaseRestApi.oauth2`). */
export const DATABASE_OAUTH2_PATH = '/api/v1/database/oauth2/';

/** How Superset reaches Trino: the registered database, the CA volume and whether users bring their own token. */
export interface SupersetTrinoAccess {
  readonly database: RegisteredDatabase;
  /** Each user authorises Superset to query Trino as themselves (Superset's database OAuth2). */
  readonly perUserOAuth2: boolean;
  readonly volumes: readonly Record<string, unknown>[];
  readonly mounts: readonly { name: string; mountPath: string; readOnly: boolean }[];
  readonly secrets: readonly SecretRequirement[];
}

/**
 * The Trino database. With the platform realm, Trino takes only bearer tokens, so Superset asks
 * each user once for a realm token with the `trino` audience (database OAuth2: the query runs as
 * that user, and Trino's group rules apply to them) and passes it to Trino over HTTPS
 * (`impersonate_user`). Without the realm, Trino trusts the user name `superset`.
 * @see https://superset.apache.org/docs/configuration/databases/#trino
 * @see https://github.com/apache/superset/blob/master/docs/docs/configuration/databases.mdx
 */
export function supersetTrinoAccess(ctx: BuildContext<SupersetOptions>): SupersetTrinoAccess {
  const https = trinoHttps(ctx).enabled;
  const host = ctx.serviceHost(TRINO_SERVICE, ctx.namespaceOf('trino'));
  const catalog = ctx.options().trinoCatalog;
  const trust = https ? trinoClientTrust(ctx, 'superset') : undefined;
  const perUserOAuth2 = https && trinoRealmLogin(ctx) && ctx.sso.enabled;
  const connectArgs = https ? { http_scheme: 'https', verify: `${SUPERSET_TRINO_CA_DIR}/ca.crt` } : {};
  const database: RegisteredDatabase = {
    name: 'Trino',
    uri: perUserOAuth2 ? `trino://${host}:${TRINO_PORTS.https}/${catalog}` : `trino://superset@${host}:${https ? TRINO_PORTS.https : TRINO_PORTS.http}/${catalog}`,
    ...(https ? { extra: JSON.stringify({ engine_params: { connect_args: connectArgs } }) } : {}),
    ...(perUserOAuth2 ? { impersonateUser: true } : {}),
  };
  return {
    database,
    perUserOAuth2,
    volumes: trust ? [trust.volume] : [],
    mounts: trust ? [{ name: 'trino-ca', mountPath: SUPERSET_TRINO_CA_DIR, readOnly: true }] : [],
    secrets: trust?.secrets ?? [],
  };
}
