import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';
import { intAtLeast } from '../../config/primitives.ts';

/** Options under `components.mlflow`. `replicas` and `resources` size the tracking server. */
export const mlflowOptions = baseComponentOptions.extend({
  /**
   * Server worker processes per pod (`mlflow server --workers`).
   * @default 2
   * @see https://mlflow.org/docs/latest/api_reference/cli.html#mlflow-server
   */
  workers: intAtLeast(1).max(32).default(2).describe('Tracking server worker processes per pod (mlflow server --workers).'),
  /**
   * Key prefix under the `apps` bucket where the server stores artifacts (`--artifacts-destination
   * s3://<apps bucket>/<prefix>`). Clients upload and download through the server (proxied
   * artifacts), so they need no S3 keys.
   * @default 'mlflow'
   * @see https://mlflow.org/docs/latest/self-hosting/architecture/artifact-store/#proxied-artifact-access
   */
  artifactsPrefix: z.string().regex(/^[a-z0-9][a-z0-9._/-]*[a-z0-9]$/).default('mlflow').describe('Key prefix under the apps bucket where the server stores artifacts (proxied: clients need no S3 keys).'),
  /**
   * Permission every authenticated user has on experiments and models they did not create, with
   * MLflow's own authentication (the identity tier off).
   * @default 'READ' (MLflow's own default)
   * @see https://mlflow.org/docs/latest/self-hosting/security/basic-http-auth/
   */
  defaultPermission: z.enum(['READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS']).default('READ').describe("Basic-auth permission users have on others' experiments and models (identity tier off)."),
});

export type MlflowOptions = z.output<typeof mlflowOptions>;
