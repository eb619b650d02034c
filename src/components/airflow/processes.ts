import type { BuildContext } from '../../model/build-context.ts';
import type { ResourceSpec } from '../../model/resources.ts';
import { container, declaredDeployment, httpProbes, type ContainerPort, type DeclaredWorkload, type ProbeSet } from '../../platform/workload.ts';
import { withComposedEnv, type AirflowEnv } from './environment.ts';
import type { AirflowOptions } from './options.ts';
import { dagMounts, dagVolumes, gitSyncContainer, usesGitSync, waitForMigrations } from './pods.ts';
import { AIRFLOW_PORTS, AIRFLOW_UID, AIRFLOW_SA, STATSD, STATSD_EXPORTER_IMAGE } from './versions.ts';
import { STATSD_RESOURCES } from './sizing.ts';

type Mount = { name: string; mountPath: string; readOnly?: boolean; subPath?: string };

/** What every Airflow process pod shares: image, env, volumes and the config checksum that rolls them. */
export interface ProcessShared {
  readonly image: string;
  readonly env: AirflowEnv;
  readonly volumes: readonly Record<string, unknown>[];
  readonly mounts: readonly Mount[];
  readonly checksum: string;
}

/** One long-running Airflow process. */
export interface ProcessInput {
  readonly role: 'api-server' | 'scheduler' | 'dag-processor' | 'triggerer';
  readonly replicas: number;
  readonly resources: ResourceSpec;
  readonly ports?: readonly ContainerPort[];
  readonly probes: ProbeSet;
  /** Mounts the DAG checkout and runs the git-sync sidecar (when DAGs come from git). */
  readonly dags?: boolean;
  /** Mount the ServiceAccount token (the scheduler launches pods, the api-server reads their logs). */
  readonly apiAccess?: boolean;
  readonly extraEnv?: AirflowEnv['env'];
  readonly extraSecretEnv?: AirflowEnv['secretEnv'];
  readonly extraMounts?: readonly Mount[];
  readonly extraVolumes?: readonly Record<string, unknown>[];
  readonly terminationGracePeriodSeconds?: number;
}

/**
 * Liveness for processes without an HTTP endpoint: `airflow jobs check` against the process's own
 * heartbeat row (the chart's probe; slow, since it starts Python).
 * @see https://airflow.apache.org/docs/apache-airflow/stable/administration-and-deployment/logging-monitoring/check-health.html#cli-check-for-scheduler
 */
export function jobCheckProbes(jobType: 'DagProcessorJob' | 'TriggererJob'): ProbeSet {
  const exec = { command: ['sh', '-c', `CONNECTION_CHECK_MAX_COUNT=0 exec /entrypoint airflow jobs check --job-type ${jobType} --local`] };
  return {
    readiness: { exec, initialDelaySeconds: 20, periodSeconds: 60, timeoutSeconds: 30, failureThreshold: 3 },
    liveness: { exec, initialDelaySeconds: 60, periodSeconds: 60, timeoutSeconds: 30, failureThreshold: 5 },
  };
}

/** A Deployment (with footprint and disruption entry) for one Airflow process: wait-for-migrations init, the process, optional git-sync. */
export function processDeployment(ctx: BuildContext<AirflowOptions>, shared: ProcessShared, input: ProcessInput): DeclaredWorkload {
  const options = ctx.options();
  const git = input.dags === true && usesGitSync(options);
  const main = withComposedEnv(
    container({
      name: input.role,
      image: shared.image,
      resources: input.resources,
      args: ['airflow', input.role],
      ...(input.ports ? { ports: input.ports } : {}),
      env: [...shared.env.env, ...(input.extraEnv ?? [])],
      secretEnv: [...shared.env.secretEnv, ...(input.extraSecretEnv ?? [])],
      probes: input.probes,
      volumeMounts: [...shared.mounts, ...(git ? dagMounts(options) : []), ...(input.extraMounts ?? [])],
    }),
    shared.env.composed,
  );
  return declaredDeployment(ctx, {
    name: `airflow-${input.role}`,
    role: input.role,
    replicas: input.replicas,
    resources: input.resources,
    podAnnotations: { 'datalyptica.io/config-checksum': shared.checksum },
    pod: {
      serviceAccountName: AIRFLOW_SA,
      automountServiceAccountToken: input.apiAccess ?? false,
      kubernetesUser: { runAsUser: AIRFLOW_UID },
      ...(input.terminationGracePeriodSeconds === undefined ? {} : { terminationGracePeriodSeconds: input.terminationGracePeriodSeconds }),
      initContainers: [waitForMigrations(shared.image, shared.env)],
      containers: [main, ...(git ? [gitSyncContainer(ctx, 'sidecar')] : [])],
      volumes: [...shared.volumes, ...(git ? dagVolumes(options) : []), ...(input.extraVolumes ?? [])],
    },
  });
}

/**
 * The StatsD exporter: Airflow sends StatsD over UDP, Prometheus scrapes the translation (the
 * chart's `statsd` deployment); metric names become `airflow_<metric>`.
 * @see https://airflow.apache.org/docs/apache-airflow/stable/administration-and-deployment/logging-monitoring/metrics.html
 */
export function statsdDeployment(ctx: BuildContext<AirflowOptions>): DeclaredWorkload {
  return declaredDeployment(ctx, {
    name: STATSD,
    role: 'statsd',
    replicas: 1,
    resources: STATSD_RESOURCES,
    pod: {
      serviceAccountName: AIRFLOW_SA,
      kubernetesUser: { runAsUser: 65534 },
      containers: [
        container({
          name: 'statsd-exporter',
          image: ctx.image(STATSD_EXPORTER_IMAGE),
          resources: STATSD_RESOURCES,
          args: [`--statsd.listen-udp=:${AIRFLOW_PORTS.statsdIngest}`, '--statsd.listen-tcp=', `--web.listen-address=:${AIRFLOW_PORTS.statsdMetrics}`],
          ports: [
            { name: 'statsd', containerPort: AIRFLOW_PORTS.statsdIngest, protocol: 'UDP' },
            { name: 'metrics', containerPort: AIRFLOW_PORTS.statsdMetrics },
          ],
          probes: {
            readiness: httpProbes({ path: '/-/ready', port: 'metrics' }).readiness,
            liveness: httpProbes({ path: '/-/healthy', port: 'metrics' }).liveness,
          },
          readOnlyRootFilesystem: true,
        }),
      ],
    },
  });
}
