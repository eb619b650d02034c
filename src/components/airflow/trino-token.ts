import type { BuildContext } from '../../model/build-context.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { type SsoClient, ssoClientSecret } from '../../model/sso.ts';
import { clientCredentialsTokenInit } from '../../platform/sso-token.ts';
import { WAIT_RESOURCES } from './sizing.ts';

/** Airflow's realm client for Trino: task pods run SQL as its service account. */
export const AIRFLOW_TRINO_CLIENT = 'airflow-trino';
export const AIRFLOW_TRINO_SECRET = 'airflow-trino-client';
/** Keycloak's name for the client's service account user: Trino's principal (group `engineers`). */
export const AIRFLOW_TRINO_USER_PRINCIPAL = `service-account-${AIRFLOW_TRINO_CLIENT}`;
/** Where a task pod finds its Trino token (`jwt__file` of `trino_default`). */
export const TRINO_TOKEN_DIR = '/var/run/datalyptica/trino';
export const TRINO_TOKEN_FILE = `${TRINO_TOKEN_DIR}/token`;
/** One token serves a task (the hook reads the file at each connection): a long task's horizon. */
const TOKEN_LIFESPAN_SECONDS = 4 * 3600;

export function airflowTrinoClient(ctx: BuildContext): SsoClient {
  return {
    clientId: AIRFLOW_TRINO_CLIENT,
    component: 'airflow',
    type: 'service',
    description: 'Airflow tasks run SQL on Trino as a service user (client credentials, bearer token)',
    redirectUris: [],
    secret: { name: AIRFLOW_TRINO_SECRET, namespace: ctx.namespace },
    audiences: ['trino'],
    accessTokenLifespanSeconds: TOKEN_LIFESPAN_SECONDS,
  };
}

export function airflowTrinoSecret(ctx: BuildContext): SecretRequirement {
  return ssoClientSecret({
    name: AIRFLOW_TRINO_SECRET,
    namespace: ctx.namespace,
    clientId: AIRFLOW_TRINO_CLIENT,
    consumers: ['airflow'],
    description: `secret of the realm client ${AIRFLOW_TRINO_CLIENT}: each task pod obtains its Trino token with it (client credentials)`,
  });
}

/**
 * What a task pod adds for its Trino token: an in-memory volume and an init container (the
 * Airflow image's Python) that writes a fresh client credentials token there before the task
 * starts. The scheduler and the other long-running processes run no SQL and hold no token.
 */
export function trinoTokenForTasks(ctx: BuildContext, image: string): { initContainer: Record<string, unknown>; volume: Record<string, unknown>; mount: { name: string; mountPath: string; readOnly: boolean } } {
  return {
    initContainer: clientCredentialsTokenInit(ctx, {
      name: 'trino-token',
      image,
      resources: WAIT_RESOURCES,
      clientId: AIRFLOW_TRINO_CLIENT,
      secretName: AIRFLOW_TRINO_SECRET,
      volume: 'trino-token',
      directory: TRINO_TOKEN_DIR,
      file: 'token',
    }),
    volume: { name: 'trino-token', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
    mount: { name: 'trino-token', mountPath: TRINO_TOKEN_DIR, readOnly: true },
  };
}
