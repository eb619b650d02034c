import type { BuildContext } from '../../model/build-context.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { nessieOidc } from '../nessie/index.ts';
import { trinoRealmLogin } from '../trino/index.ts';
import { trinoClientTrust, trinoHttps } from '../trino/tls.ts';
import type { JupyterhubOptions } from './options.ts';

/** The env var a user's server finds the user's realm access token in. */
export const USER_TOKEN_ENV = 'DATALYPTICA_ACCESS_TOKEN';
/** MLflow's client sends this as a bearer token (`MLFLOW_TRACKING_TOKEN`). */
export const MLFLOW_TOKEN_ENV = 'MLFLOW_TRACKING_TOKEN';
/** JupyterHub encrypts auth state (the user's tokens) in its database with this key. */
export const CRYPT_KEY_SECRET = 'jupyterhub-crypt-key';
export const CRYPT_KEY_ENV = 'JUPYTERHUB_CRYPT_KEY';
/** Where user pods find the CA of Trino's certificate. */
export const USER_TRINO_CA_DIR = '/etc/datalyptica/trino-ca';
/**
 * The access token lifetime of the `jupyterhub` client: what a server gets at spawn covers a working
 * day; a running server reads a renewed one from the hub API (see docs/components/jupyterhub.md).
 */
export const USER_TOKEN_LIFESPAN_SECONDS = 8 * 3600;
/**
 * How old the hub's copy of a user's auth state may get before an authenticated request reloads it
 * (and renews an expired access token with the refresh token). JupyterHub's default.
 * @default 300
 * @see https://oauthenticator.readthedocs.io/en/latest/how-to/refresh.html
 */
export const USER_AUTH_REFRESH_AGE_SECONDS = 300;

/**
 * The services that accept the user's own realm token in a notebook: Trino (`trino` audience),
 * Nessie's Iceberg REST (`nessie`), MLflow's proxy (`mlflow`). The token is the one the user
 * logged in to JupyterHub with (JupyterHub keeps it encrypted as auth state and passes it to the
 * server at spawn), so queries and commits run as that user, under their groups' rules.
 */
export function userTokenAudiences(ctx: BuildContext): string[] {
  const out: string[] = [];
  if (ctx.isEnabled('trino') && trinoRealmLogin(ctx)) out.push('trino');
  if (ctx.isEnabled('nessie') && nessieOidc(ctx)) out.push('nessie');
  if (ctx.isEnabled('mlflow')) out.push('mlflow');
  return out;
}

/** The env vars the spawner fills with the user's access token (none without the realm). */
export function userTokenEnvNames(ctx: BuildContext): string[] {
  if (!ctx.sso.enabled) return [];
  return [USER_TOKEN_ENV, ...(ctx.isEnabled('mlflow') ? [MLFLOW_TOKEN_ENV] : [])];
}

export function cryptKeySecret(ctx: BuildContext): SecretRequirement {
  return {
    name: CRYPT_KEY_SECRET,
    namespace: ctx.namespace,
    source: 'generated',
    keys: [{ key: 'crypt-key', kind: 'hex', length: 64 }],
    description: 'JUPYTERHUB_CRYPT_KEY: encrypts the users\' realm tokens (auth state) in the hub database',
    consumers: ['jupyterhub'],
  };
}

/** The CA volume user pods mount to verify Trino (and its copy on Kubernetes). */
export function userTrinoTrust(ctx: BuildContext<JupyterhubOptions>): { volume?: Record<string, unknown>; secrets: readonly SecretRequirement[] } {
  if (!ctx.isEnabled('trino') || !trinoHttps(ctx).enabled) return { secrets: [] };
  const trust = trinoClientTrust(ctx, 'jupyterhub');
  return trust ? { volume: trust.volume, secrets: trust.secrets } : { secrets: [] };
}
