import { stringify } from 'yaml';
import type { BuildContext } from '../../model/build-context.ts';
import { container, podSpec } from '../../platform/workload.ts';
import { GIT_SYNC_IMAGE } from '../dbt/index.ts';
import { DAGS_ROOT, GIT_LINK, withComposedEnv, type AirflowEnv } from './environment.ts';
import type { AirflowOptions } from './options.ts';
import { GIT_SYNC_RESOURCES, WAIT_RESOURCES, WORKER_SIZING } from './sizing.ts';
import { AIRFLOW_HOME, AIRFLOW_PORTS, AIRFLOW_UID, WORKER_SA } from './versions.ts';

type Mount = { name: string; mountPath: string; readOnly?: boolean; subPath?: string };

/** Whether DAGs come from git (else they are in the image). */
export function usesGitSync(options: AirflowOptions): boolean {
  return options.dags.gitSync.repository !== undefined;
}

/** Scratch space every Airflow container writes to: local log staging before upload, /tmp. */
export const SCRATCH_VOLUMES: readonly Record<string, unknown>[] = [
  { name: 'logs', emptyDir: { sizeLimit: '1Gi' } },
  { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
];
export const SCRATCH_MOUNTS: readonly Mount[] = [
  { name: 'logs', mountPath: `${AIRFLOW_HOME}/logs` },
  { name: 'tmp', mountPath: '/tmp' },
];

/** The DAG checkout volume (git-sync only). */
export function dagVolumes(options: AirflowOptions): Record<string, unknown>[] {
  return usesGitSync(options) ? [{ name: 'dags', emptyDir: { sizeLimit: '2Gi' } }] : [];
}

/** Where Airflow containers see the DAG checkout (read-only). */
export function dagMounts(options: AirflowOptions): Mount[] {
  return usesGitSync(options) ? [{ name: 'dags', mountPath: DAGS_ROOT, readOnly: true }] : [];
}

/**
 * git-sync v4: a sidecar that pulls every `periodSeconds` (dag-processor, triggerer), or a one-shot
 * init container (task pods). The checkout is `<root>/<link>`, the chart's layout.
 * @see https://github.com/kubernetes/git-sync#parameters
 */
export function gitSyncContainer(ctx: BuildContext<AirflowOptions>, mode: 'sidecar' | 'init'): Record<string, unknown> {
  const git = ctx.options().dags.gitSync;
  const env = [
    { name: 'GITSYNC_REPO', value: git.repository ?? '' },
    { name: 'GITSYNC_REF', value: git.ref },
    { name: 'GITSYNC_ROOT', value: DAGS_ROOT },
    { name: 'GITSYNC_LINK', value: GIT_LINK },
    { name: 'GITSYNC_DEPTH', value: '1' },
    ...(mode === 'init'
      ? [{ name: 'GITSYNC_ONE_TIME', value: 'true' }]
      : [
          { name: 'GITSYNC_PERIOD', value: `${git.periodSeconds}s` },
          { name: 'GITSYNC_HTTP_BIND', value: `:${AIRFLOW_PORTS.gitSyncHealth}` },
        ]),
  ];
  const secretEnv = git.credentialsSecret
    ? [
        { name: 'GITSYNC_USERNAME', secret: git.credentialsSecret, key: 'username' },
        { name: 'GITSYNC_PASSWORD', secret: git.credentialsSecret, key: 'password' },
      ]
    : [];
  const httpGet = { path: '/', port: 'git-sync', scheme: 'HTTP' };
  return container({
    name: mode === 'init' ? 'git-sync-init' : 'git-sync',
    image: ctx.image(GIT_SYNC_IMAGE),
    resources: GIT_SYNC_RESOURCES,
    env,
    secretEnv,
    ...(mode === 'sidecar'
      ? {
          ports: [{ name: 'git-sync', containerPort: AIRFLOW_PORTS.gitSyncHealth }],
          probes: {
            readiness: { httpGet, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 },
            liveness: { httpGet, periodSeconds: 60, timeoutSeconds: 10, failureThreshold: 5 },
          },
        }
      : {}),
    volumeMounts: [{ name: 'dags', mountPath: DAGS_ROOT }, { name: 'tmp', mountPath: '/tmp' }],
    readOnlyRootFilesystem: true,
  });
}

/**
 * Holds a process back until `airflow db migrate` has run (the chart's `wait-for-airflow-migrations`),
 * so the migration Job orders the rest without a deploy-time hook.
 * @see https://airflow.apache.org/docs/apache-airflow/stable/cli-and-env-variables-ref.html#check-migrations
 */
export function waitForMigrations(image: string, env: AirflowEnv): Record<string, unknown> {
  return withComposedEnv(
    container({
      name: 'wait-for-migrations',
      image,
      resources: WAIT_RESOURCES,
      args: ['airflow', 'db', 'check-migrations', '--migration-wait-timeout=600'],
      env: env.env,
      secretEnv: env.secretEnv,
      volumeMounts: SCRATCH_MOUNTS,
    }),
    env.composed,
  );
}

/**
 * The executor's pod template: one `base` container (the name the KubernetesExecutor requires)
 * with the restricted security context, explicit resources and the DAGs cloned by an init
 * container; its own ServiceAccount without a token; labelled as the component's `worker` role so
 * the derived NetworkPolicies admit exactly its flows.
 * @see https://airflow.apache.org/docs/apache-airflow-providers-cncf-kubernetes/stable/kubernetes_executor.html#pod-template-file
 */
export function workerPodTemplate(
  ctx: BuildContext<AirflowOptions>,
  image: string,
  env: AirflowEnv,
  extra: { volumes: readonly Record<string, unknown>[]; mounts: readonly Mount[]; apiAccess: boolean; initContainers?: readonly Record<string, unknown>[] },
): string {
  const options = ctx.options();
  const resources = workerResources(ctx);
  const base = withComposedEnv(
    container({
      name: 'base',
      image,
      resources,
      ports: [{ name: 'worker-logs', containerPort: AIRFLOW_PORTS.workerLogs }],
      env: env.env,
      secretEnv: env.secretEnv,
      volumeMounts: [...SCRATCH_MOUNTS, ...dagMounts(options), ...extra.mounts],
    }),
    env.composed,
  );
  const spec = podSpec(ctx, {
    serviceAccountName: WORKER_SA,
    // Only to submit SparkApplications (the Spark connection); the account's Role lives in the Spark namespace.
    automountServiceAccountToken: extra.apiAccess,
    replicas: 1,
    selector: ctx.selector('worker'),
    kubernetesUser: { runAsUser: AIRFLOW_UID },
    ...(usesGitSync(options) || (extra.initContainers ?? []).length > 0 ? { initContainers: [...(usesGitSync(options) ? [gitSyncContainer(ctx, 'init')] : []), ...(extra.initContainers ?? [])] } : {}),
    containers: [base],
    volumes: [...SCRATCH_VOLUMES, ...dagVolumes(options), ...extra.volumes],
  });
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'airflow-task', labels: ctx.labels('worker') },
    spec: { ...spec, restartPolicy: 'Never' },
  };
  return stringify(pod, { lineWidth: 0 });
}

/** The worker's resources after the user's overrides, for the footprint. */
export function workerResources(ctx: BuildContext<AirflowOptions>) {
  const sizing = ctx.sizingOf(WORKER_SIZING);
  const own = ctx.options().workers.resources;
  return {
    requests: { cpu: own?.requests?.cpu ?? sizing.resources.requests.cpu, memory: own?.requests?.memory ?? sizing.resources.requests.memory },
    limits: { cpu: own?.limits?.cpu ?? sizing.resources.limits.cpu, memory: own?.limits?.memory ?? sizing.resources.limits.memory },
  };
}
