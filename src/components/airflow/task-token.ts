import type { BuildContext } from '../../model/build-context.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { type SsoClient, ssoClientSecret } from '../../model/sso.ts';
import { clientCredentialsTokenInit } from '../../platform/sso-token.ts';
import { MLFLOW_SERVICE } from '../mlflow/index.ts';
import { OAUTH2_PROXY_PORT } from '../mlflow/versions.ts';
import { trinoRealmLogin } from '../trino/index.ts';
import { trinoHttps } from '../trino/tls.ts';
import { WAIT_RESOURCES } from './sizing.ts';

/** Airflow's realm client for what tasks call: Trino (SQL) and MLflow (runs, models). */
export const AIRFLOW_TASK_CLIENT = 'airflow-tasks';
export const AIRFLOW_TASK_SECRET = 'airflow-tasks-client';
/** Keycloak's name for the client's service account user: Trino's principal (group `engineers`). */
export const AIRFLOW_TASK_PRINCIPAL = `service-account-${AIRFLOW_TASK_CLIENT}`;
/** Where a task pod finds its realm token (`jwt__file` of `trino_default`; MLflow's bearer token). */
export const TASK_TOKEN_DIR = '/var/run/datalyptica/realm';
export const TASK_TOKEN_FILE = `${TASK_TOKEN_DIR}/token`;
/** One token serves a task (read at each connection): a long task's horizon. */
const TOKEN_LIFESPAN_SECONDS = 4 * 3600;

/** Whether `trino_default` sends the task token (Trino logs callers in through the realm, over HTTPS). */
export function trinoTaskToken(ctx: BuildContext): boolean {
  return ctx.sso.enabled && ctx.isEnabled('trino') && trinoHttps(ctx).enabled && trinoRealmLogin(ctx);
}

/** What a task pod carries for its realm token. */
export interface AirflowTaskToken {
  readonly initContainer: Record<string, unknown>;
  readonly volume: Record<string, unknown>;
  readonly mount: { name: string; mountPath: string; readOnly: boolean };
  /** `MLFLOW_TRACKING_URI` and the token file's path, for tasks that log to MLflow. */
  readonly env: readonly { name: string; value: string }[];
  readonly client: SsoClient;
  readonly secret: SecretRequirement;
}

/**
 * A task pod's realm identity: an init container (the Airflow image's Python) writes a client
 * credentials token of `airflow-tasks` into an in-memory volume before the task starts. Trino's
 * hook reads it through `trino_default` (`auth: jwt`, `jwt__file`); an MLflow task sets
 * `MLFLOW_TRACKING_TOKEN` from `$DATALYPTICA_TOKEN_FILE` (MLflow's proxy admits the token: it
 * carries the `mlflow` audience and the service account holds MLflow's `user` role). The
 * scheduler and the other long-running processes run no task code and hold no token.
 * @see https://airflow.apache.org/docs/apache-airflow-providers-trino/stable/connections.html
 * @see https://mlflow.org/docs/latest/ml/auth/#authenticating-to-mlflow
 */
export function airflowTaskToken(ctx: BuildContext, image: string): AirflowTaskToken | undefined {
  const trino = trinoTaskToken(ctx);
  const mlflow = ctx.sso.enabled && ctx.isEnabled('mlflow');
  if (!trino && !mlflow) return undefined;
  const audiences = [...(trino ? ['trino'] : []), ...(mlflow ? ['mlflow'] : [])];
  return {
    initContainer: clientCredentialsTokenInit(ctx, {
      name: 'realm-token',
      image,
      resources: WAIT_RESOURCES,
      clientId: AIRFLOW_TASK_CLIENT,
      secretName: AIRFLOW_TASK_SECRET,
      volume: 'realm-token',
      directory: TASK_TOKEN_DIR,
      file: 'token',
    }),
    volume: { name: 'realm-token', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
    mount: { name: 'realm-token', mountPath: TASK_TOKEN_DIR, readOnly: true },
    env: [
      { name: 'DATALYPTICA_TOKEN_FILE', value: TASK_TOKEN_FILE },
      ...(mlflow ? [{ name: 'MLFLOW_TRACKING_URI', value: `http://${ctx.serviceHost(MLFLOW_SERVICE, ctx.namespaceOf('mlflow'))}:${OAUTH2_PROXY_PORT}` }] : []),
    ],
    client: {
      clientId: AIRFLOW_TASK_CLIENT,
      component: 'airflow',
      type: 'service',
      description: 'Airflow task pods: Trino SQL and MLflow runs as a service user (client credentials, bearer token)',
      redirectUris: [],
      secret: { name: AIRFLOW_TASK_SECRET, namespace: ctx.namespace },
      audiences,
      accessTokenLifespanSeconds: TOKEN_LIFESPAN_SECONDS,
      ...(mlflow ? { serviceAccountClientRoles: { mlflow: ['user'] } } : {}),
    },
    secret: ssoClientSecret({
      name: AIRFLOW_TASK_SECRET,
      namespace: ctx.namespace,
      clientId: AIRFLOW_TASK_CLIENT,
      consumers: ['airflow'],
      description: `secret of the realm client ${AIRFLOW_TASK_CLIENT}: each task pod obtains its realm token with it (client credentials)`,
    }),
  };
}
