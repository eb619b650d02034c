import type { BuildContext } from '../../model/build-context.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { SSO_CLIENT_SECRET_KEY, type SsoClient, ssoClientSecret } from '../../model/sso.ts';
import { PYTHON_OIDC_TLS_CONTEXT, ssoTokenTrust } from '../../platform/sso-token.ts';

/** dbt's realm client: a service client whose token Trino accepts (`trino` audience). */
export const DBT_CLIENT = 'dbt';
export const DBT_CLIENT_SECRET = 'dbt-oidc-client';
/** Keycloak names a client's service account user `service-account-<clientId>`: Trino's principal. */
export const DBT_SERVICE_USER = `service-account-${DBT_CLIENT}`;
/** One token serves the whole run (dbt-trino sends it with every request): the Job's deadline. */
const TOKEN_LIFESPAN_SECONDS = 4 * 3600;

export function dbtSsoClient(ctx: BuildContext): SsoClient {
  return {
    clientId: DBT_CLIENT,
    component: 'dbt',
    type: 'service',
    description: 'dbt runs on Trino as a service user (client credentials, bearer token)',
    redirectUris: [],
    secret: { name: DBT_CLIENT_SECRET, namespace: ctx.namespace },
    audiences: ['trino'],
    accessTokenLifespanSeconds: TOKEN_LIFESPAN_SECONDS,
  };
}

export function dbtClientSecret(ctx: BuildContext): SecretRequirement {
  return ssoClientSecret({
    name: DBT_CLIENT_SECRET,
    namespace: ctx.namespace,
    clientId: DBT_CLIENT,
    consumers: ['dbt'],
    description: `secret of the realm client ${DBT_CLIENT}: the dbt Job obtains its Trino token with it (client credentials)`,
  });
}

/** Env vars of the dbt container for the token request; the secret comes from a Secret key. */
export function dbtTokenEnv(ctx: BuildContext): { env: { name: string; value: string }[]; secretEnv: { name: string; secret: string; key: string }[] } {
  return {
    env: [
      { name: 'OIDC_TOKEN_URL', value: ctx.sso.tokenEndpoint },
      { name: 'OIDC_CLIENT_ID', value: DBT_CLIENT },
      ...ssoTokenTrust(ctx).env,
    ],
    secretEnv: [{ name: 'OIDC_CLIENT_SECRET', secret: DBT_CLIENT_SECRET, key: SSO_CLIENT_SECRET_KEY }],
  };
}

/**
 * Shell lines that obtain a realm token with the client credentials grant (Python's standard
 * library, in the dbt image) into `DBT_TRINO_JWT`, which profiles.yml reads with `env_var`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export const DBT_TOKEN_SCRIPT = [
  'DBT_TRINO_JWT="$(python -c \'import json, os, ssl, urllib.parse, urllib.request; '
    + 'form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": os.environ["OIDC_CLIENT_ID"], "client_secret": os.environ["OIDC_CLIENT_SECRET"]}).encode(); '
    + `print(json.load(urllib.request.urlopen(os.environ["OIDC_TOKEN_URL"], form, timeout=30, context=${PYTHON_OIDC_TLS_CONTEXT}))["access_token"])')"`,
  'export DBT_TRINO_JWT',
];
