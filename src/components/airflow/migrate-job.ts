import type { BuildContext } from '../../model/build-context.ts';
import type { KubeObject } from '../../model/kube.ts';
import { checksum, container, podSpec } from '../../platform/workload.ts';
import { ADMIN_SECRET, VALIDATE_SECRET } from './auth.ts';
import { withComposedEnv } from './environment.ts';
import type { AirflowOptions } from './options.ts';
import type { ProcessShared } from './processes.ts';
import { MIGRATE_RESOURCES } from './sizing.ts';
import { AIRFLOW_SA, AIRFLOW_UID } from './versions.ts';

/**
 * `airflow db migrate` (idempotent: it applies what is missing, FAB's tables included), then in
 * password mode the first admin unless it exists. The chart's `migrateDatabaseJob` and
 * `createUserJob` in one Job. Then the validate service user (role Viewer), made anew on every run
 * so a rotated password applies: `validate` takes an API token with it (FAB's `/auth/token`
 * checks its user table whatever the UI's login is).
 * @see https://airflow.apache.org/docs/apache-airflow/stable/howto/set-up-database.html#initialize-the-database
 * @see https://airflow.apache.org/docs/apache-airflow-providers-fab/stable/cli-ref.html
 */
export function migrateScript(sso: boolean, domain: string): string {
  const lines = [
    'set -euo pipefail',
    'airflow db migrate',
    'airflow users delete --username "${VALIDATE_USERNAME}" >/dev/null 2>&1 || true',
    `airflow users create --username "\${VALIDATE_USERNAME}" --password "\${VALIDATE_PASSWORD}" --role Viewer --email "\${VALIDATE_USERNAME}@${domain}" --firstname Datalyptica --lastname Validate`,
  ];
  if (!sso) {
    lines.push(
      'if airflow users list -o json | grep -q "\\"username\\": \\"${ADMIN_USERNAME}\\""; then',
      '  echo "admin user ${ADMIN_USERNAME} exists"',
      'else',
      `  airflow users create --username "\${ADMIN_USERNAME}" --password "\${ADMIN_PASSWORD}" --role Admin --email "\${ADMIN_USERNAME}@${domain}" --firstname Airflow --lastname Admin`,
      'fi',
    );
  }
  return lines.join('\n');
}

/**
 * The migration Job. Its name carries a hash of its pod template: a Job's template is immutable,
 * so a new version or setting makes a new Job (which runs the migration again) instead of a
 * failed apply. Every Airflow Deployment waits for its result in an init container.
 */
export function migrateJob(ctx: BuildContext<AirflowOptions>, shared: ProcessShared): KubeObject {
  const sso = ctx.sso.enabled;
  const main = withComposedEnv(
    container({
      name: 'migrate',
      image: shared.image,
      resources: MIGRATE_RESOURCES,
      args: ['bash', '-c', migrateScript(sso, ctx.config.domain)],
      env: shared.env.env,
      secretEnv: [
        ...shared.env.secretEnv,
        { name: 'VALIDATE_USERNAME', secret: VALIDATE_SECRET, key: 'username' },
        { name: 'VALIDATE_PASSWORD', secret: VALIDATE_SECRET, key: 'password' },
        ...(sso
          ? []
          : [
              { name: 'ADMIN_USERNAME', secret: ADMIN_SECRET, key: 'username' },
              { name: 'ADMIN_PASSWORD', secret: ADMIN_SECRET, key: 'password' },
            ]),
      ],
      volumeMounts: shared.mounts,
    }),
    shared.env.composed,
  );
  const spec = {
    ...podSpec(ctx, {
      serviceAccountName: AIRFLOW_SA,
      replicas: 1,
      selector: ctx.selector('migrate'),
      kubernetesUser: { runAsUser: AIRFLOW_UID },
      containers: [main],
      volumes: shared.volumes,
    }),
    restartPolicy: 'OnFailure',
  };
  const labels = ctx.labels('migrate');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `airflow-db-migrate-${checksum(JSON.stringify(spec))}`, namespace: ctx.namespace, labels },
    spec: {
      backoffLimit: 6,
      activeDeadlineSeconds: 1800,
      template: { metadata: { labels }, spec },
    },
  };
}
