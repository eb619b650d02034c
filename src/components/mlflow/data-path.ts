import type { BuildContext } from '../../model/build-context.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { MlflowOptions } from './options.ts';

/**
 * The end-to-end check: as MLflow's basic-auth admin, create a run in experiment
 * `datalyptica-validate`, upload an artifact through the proxied artifact API (the server writes it
 * to the `apps` bucket) and read it back. Only with MLflow's own login: behind oauth2-proxy the
 * tracking server listens on localhost and the proxy wants a Keycloak token.
 */
export function mlflowDataPathChecks(ctx: BuildContext<MlflowOptions>, input: { endpoint: { namespace: string; service: string; port: number }; adminSecret: string }): LiveCheck[] {
  if (ctx.sso.enabled) return [];
  const ref = (key: string) => ({ namespace: ctx.namespace, name: input.adminSecret, key });
  return [
    {
      id: 'mlflow.artifact',
      group: 'data',
      title: 'MLflow logs an artifact to a run through the proxied artifact API and reads it back',
      probe: { type: 'mlflow-artifact', endpoint: input.endpoint, username: ref('username'), password: ref('password'), experiment: 'datalyptica-validate' },
      timeoutSeconds: 60,
    },
  ];
}
