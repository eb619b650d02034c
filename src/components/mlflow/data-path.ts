import type { BuildContext } from '../../model/build-context.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { SSO_CLIENT_SECRET_KEY, ssoClientSecret, type SsoClient } from '../../model/sso.ts';
import { MLFLOW_CLIENT_ID } from './auth.ts';
import type { MlflowOptions } from './options.ts';

/** The realm service client `validate` logs a run with behind oauth2-proxy. */
export const MLFLOW_VALIDATE_CLIENT = 'mlflow-validate';
/** Its secret in MLflow's namespace (key `client-secret`), shared with the realm import. */
export const MLFLOW_VALIDATE_SECRET = 'mlflow-validate-client';

/**
 * The check's own realm client (identity tier only): client credentials, tokens with the `mlflow`
 * audience, and MLflow's `user` role on its service account, which is what oauth2-proxy asks of a
 * bearer token (`--skip-jwt-bearer-tokens`, `--allowed-role=mlflow:user`). Nothing else uses it.
 * @see https://oauth2-proxy.github.io/oauth2-proxy/configuration/providers/keycloak_oidc
 */
export function mlflowValidateClient(ctx: BuildContext<MlflowOptions>): { client: SsoClient; secret: SecretRequirement } {
  return {
    client: {
      clientId: MLFLOW_VALIDATE_CLIENT,
      component: 'mlflow',
      type: 'service',
      description: 'datalyptica validate: logs a run and an artifact through MLflow\'s proxy (client credentials, bearer token)',
      redirectUris: [],
      secret: { name: MLFLOW_VALIDATE_SECRET, namespace: ctx.namespace },
      audiences: [MLFLOW_CLIENT_ID],
      serviceAccountClientRoles: { [MLFLOW_CLIENT_ID]: ['user'] },
    },
    secret: ssoClientSecret({
      name: MLFLOW_VALIDATE_SECRET,
      namespace: ctx.namespace,
      clientId: MLFLOW_VALIDATE_CLIENT,
      consumers: ['mlflow'],
      description: `secret of the realm client ${MLFLOW_VALIDATE_CLIENT}: \`datalyptica validate\` obtains a token with it to log a run through oauth2-proxy`,
    }),
  };
}

/**
 * The end-to-end check: create a run in experiment `datalyptica-validate`, upload an artifact
 * through the proxied artifact API (the server writes it to the `apps` bucket) and read it back.
 * With MLflow's own login as its basic-auth admin; behind oauth2-proxy with a realm token of
 * {@link MLFLOW_VALIDATE_CLIENT}, through the proxy's port (the only one the Service has).
 */
export function mlflowDataPathChecks(ctx: BuildContext<MlflowOptions>, input: { endpoint: { namespace: string; service: string; port: number }; adminSecret: string }): LiveCheck[] {
  const ref = (name: string, key: string) => ({ namespace: ctx.namespace, name, key });
  const auth = ctx.sso.enabled
    ? { token: { endpoint: ctx.sso.service, realmPath: ctx.sso.realmPath, clientId: MLFLOW_VALIDATE_CLIENT, clientSecret: ref(MLFLOW_VALIDATE_SECRET, SSO_CLIENT_SECRET_KEY) } }
    : { username: ref(input.adminSecret, 'username'), password: ref(input.adminSecret, 'password') };
  return [
    {
      id: 'mlflow.artifact',
      group: 'data',
      title: ctx.sso.enabled
        ? 'MLflow logs an artifact to a run through oauth2-proxy (realm token) and the proxied artifact API, and reads it back'
        : 'MLflow logs an artifact to a run through the proxied artifact API and reads it back',
      probe: { type: 'mlflow-artifact', endpoint: input.endpoint, ...auth, experiment: 'datalyptica-validate' },
      timeoutSeconds: 60,
    },
  ];
}
