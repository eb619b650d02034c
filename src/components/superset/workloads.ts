import type { BuildContext } from '../../model/build-context.ts';
import type { ResourceSpec } from '../../model/resources.ts';
import { container, declaredDeployment, httpProbes, type DeclaredWorkload, type ProbeSet } from '../../platform/workload.ts';
import type { SupersetOptions } from './options.ts';
import { SUPERSET_PORT, SUPERSET_UID } from './versions.ts';

/** What every Superset container shares: image, config, credentials, writable directories. */
export interface SupersetPodBase {
  readonly image: string;
  readonly serviceAccount: string;
  readonly env: readonly { name: string; value: string }[];
  readonly secretEnv: readonly { name: string; secret: string; key: string }[];
  readonly volumes: readonly Record<string, unknown>[];
  readonly volumeMounts: readonly { name: string; mountPath: string; readOnly?: boolean }[];
  readonly podAnnotations: Record<string, string>;
}

export const CELERY_APP = 'superset.tasks.celery_app:app';

/**
 * Web, worker and beat start only once the init Job has migrated the metadata database to this
 * image's revision: Alembic's `current` marks the applied revision `(head)` when it is the newest.
 * @see https://alembic.sqlalchemy.org/en/latest/api/commands.html#alembic.command.current
 */
export const WAIT_FOR_MIGRATIONS = 'until superset db current 2>/dev/null | grep -q "(head)"; do echo "waiting for the superset-init Job (superset db upgrade)"; sleep 5; done';

function execProbes(command: readonly string[], periodSeconds: number, timeoutSeconds: number): ProbeSet {
  const exec = { command: [...command] };
  return {
    readiness: { exec, periodSeconds, timeoutSeconds, failureThreshold: 3 },
    liveness: { exec, periodSeconds, timeoutSeconds, failureThreshold: 5 },
    startup: { exec, periodSeconds: 10, timeoutSeconds, failureThreshold: 30 },
  };
}

/** One Superset Deployment (with its footprint and disruption entry): the migration wait, then the role's process. */
export function supersetDeployment(
  ctx: BuildContext<SupersetOptions>,
  base: SupersetPodBase,
  part: { role: string; replicas: number; resources: ResourceSpec; command: readonly string[]; probes: ProbeSet; ports?: { name: string; containerPort: number }[] },
): DeclaredWorkload {
  const shared = { image: base.image, env: base.env, secretEnv: base.secretEnv, volumeMounts: base.volumeMounts };
  return declaredDeployment(ctx, {
    name: `superset-${part.role}`,
    role: part.role,
    replicas: part.replicas,
    resources: part.resources,
    podAnnotations: base.podAnnotations,
    pod: {
      serviceAccountName: base.serviceAccount,
      kubernetesUser: { runAsUser: SUPERSET_UID, fsGroup: SUPERSET_UID },
      terminationGracePeriodSeconds: 60,
      initContainers: [container({ ...shared, name: 'wait-for-migrations', resources: part.resources, command: ['/bin/sh', '-c', WAIT_FOR_MIGRATIONS] })],
      containers: [container({ ...shared, name: part.role, resources: part.resources, command: part.command, probes: part.probes, ...(part.ports ? { ports: part.ports } : {}) })],
      volumes: base.volumes,
    },
  });
}

/** Gunicorn serving the Flask app, as the upstream chart runs it. */
export function webCommand(options: SupersetOptions): string[] {
  return [
    'gunicorn',
    '--bind', `0.0.0.0:${SUPERSET_PORT}`,
    '--workers', String(options.webWorkers),
    '--worker-class', 'gthread',
    '--threads', String(options.webThreads),
    '--timeout', '120',
    '--limit-request-line', '0',
    '--limit-request-field_size', '0',
    'superset.app:create_app()',
  ];
}

/** `/health` answers once the app is up (upstream's own probe path). */
export function webProbes(): ProbeSet {
  return httpProbes({ path: '/health', port: 'http' }, { startupSeconds: 300 });
}

export function workerCommand(options: SupersetOptions): string[] {
  return ['celery', `--app=${CELERY_APP}`, 'worker', '--pool=prefork', '-O', 'fair', '-c', String(options.worker.concurrency)];
}

/** A worker is healthy when it answers a Celery ping addressed to itself (the upstream chart's probe). */
export function workerProbes(): ProbeSet {
  return execProbes(['/bin/sh', '-c', `celery -A ${CELERY_APP} inspect ping -d celery@$HOSTNAME`], 60, 30);
}

export function beatCommand(): string[] {
  return ['celery', `--app=${CELERY_APP}`, 'beat', '--pidfile', '/tmp/celerybeat.pid', '--schedule', '/tmp/celerybeat-schedule'];
}

/** Beat has no endpoint: it is alive while its pid file names a running process. */
export function beatProbes(): ProbeSet {
  return execProbes(['/bin/sh', '-c', 'kill -0 "$(cat /tmp/celerybeat.pid)"'], 30, 5);
}
