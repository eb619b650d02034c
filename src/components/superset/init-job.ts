import type { BuildContext } from '../../model/build-context.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { ResourceSpec } from '../../model/resources.ts';
import { checksum, container, podSpec } from '../../platform/workload.ts';
import type { SupersetOptions } from './options.ts';

/** A database the init Job registers (`superset set-database-uri`). */
export interface RegisteredDatabase {
  /** Name users see in Superset (`Trino`, `ClickHouse`). */
  readonly name: string;
  /** SQLAlchemy URI; may reference env variables (`$CLICKHOUSE_PASSWORD`), expanded by the shell at run time. */
  readonly uri: string;
  /** The database's `extra` JSON (engine parameters such as the TLS CA). */
  readonly extra?: string;
  /** Run queries as the logged-in user (with database OAuth2: their own token). */
  readonly impersonateUser?: boolean;
}

/**
 * Python run with Superset's app context that sets what `set-database-uri` cannot: `extra` and
 * `impersonate_user`. Idempotent.
 */
function databaseSettings(database: RegisteredDatabase): string[] {
  if (database.extra === undefined && database.impersonateUser === undefined) return [];
  return [
    "python3 - <<'PY'",
    'from superset.app import create_app',
    'app = create_app()',
    'with app.app_context():',
    '    from superset.extensions import db',
    '    from superset.models.core import Database',
    `    database = db.session.query(Database).filter_by(database_name=${JSON.stringify(database.name)}).one()`,
    ...(database.extra !== undefined ? [`    database.extra = ${JSON.stringify(database.extra)}`] : []),
    ...(database.impersonateUser !== undefined ? [`    database.impersonate_user = ${database.impersonateUser ? 'True' : 'False'}`] : []),
    '    db.session.commit()',
    'PY',
  ];
}

export interface InitJobInput {
  readonly image: string;
  readonly resources: ResourceSpec;
  readonly serviceAccount: string;
  readonly env: readonly { name: string; value: string }[];
  readonly secretEnv: readonly { name: string; secret: string; key: string }[];
  readonly volumes: readonly Record<string, unknown>[];
  readonly volumeMounts: readonly { name: string; mountPath: string; readOnly?: boolean }[];
  readonly databases: readonly RegisteredDatabase[];
  /** Create the `admin` user from these env variables (own login only). */
  readonly admin?: { readonly userEnv: string; readonly passwordEnv: string; readonly email: string };
  /** Create or update the validate service user from these env variables (Keycloak login). */
  readonly serviceUser?: { readonly userEnv: string; readonly passwordEnv: string; readonly email: string; readonly roles: readonly string[] };
}

/**
 * Python run with Superset's app context: the service user with exactly these roles and the
 * password from the secrets plan (set again on every run, so a rotated password applies). FAB's
 * security manager API: find_user, add_user, reset_password.
 * @see https://flask-appbuilder.readthedocs.io/en/latest/api.html#flask_appbuilder.security.manager.BaseSecurityManager
 */
function serviceUserScript(user: NonNullable<InitJobInput['serviceUser']>): string[] {
  return [
    "python3 - <<'PY'",
    'import os',
    'from superset.app import create_app',
    'app = create_app()',
    'with app.app_context():',
    '    from superset import security_manager as sm',
    '    from superset.extensions import db',
    `    name, password = os.environ["${user.userEnv}"], os.environ["${user.passwordEnv}"]`,
    `    roles = [sm.find_role(r) for r in ${JSON.stringify(user.roles)}]`,
    '    user = sm.find_user(username=name)',
    '    if user is None:',
    `        sm.add_user(name, "Datalyptica", "Validate", ${JSON.stringify(user.email)}, roles, password=password)`,
    '    else:',
    '        user.roles = roles',
    '        sm.reset_password(user.id, password)',
    '    db.session.commit()',
    'PY',
  ];
}

/**
 * The script: migrate the metadata database, create roles and permissions, create the admin (own
 * login only; an existing user is left as is), register the platform's databases. Idempotent, so
 * a re-run after an upgrade is safe.
 * Short flags for `set-database-uri` (`-d`, `-u`): the long ones are spelled `--database_name` upstream.
 * @see https://superset.apache.org/docs/installation/installing-superset-from-pypi#installing-and-initializing-superset
 */
export function initScript(input: Pick<InitJobInput, 'databases' | 'admin' | 'serviceUser'>): string {
  const lines = ['set -eu', 'superset db upgrade', 'superset init'];
  if (input.admin) {
    lines.push(
      `superset fab create-admin --username "$${input.admin.userEnv}" --firstname Superset --lastname Admin --email ${input.admin.email} --password "$${input.admin.passwordEnv}"`,
    );
  }
  if (input.serviceUser) lines.push(...serviceUserScript(input.serviceUser));
  for (const database of input.databases) lines.push(`superset set-database-uri -d ${database.name} -u "${database.uri}"`, ...databaseSettings(database));
  return lines.join('\n');
}

/**
 * The init Job. Its name carries a hash of image and script: a Job's pod template is immutable, so
 * an upgrade (new image) or a new database applies as a new Job that runs the migrations again.
 */
export function initJob(ctx: BuildContext<SupersetOptions>, input: InitJobInput): KubeObject {
  const script = initScript(input);
  const name = `superset-init-${checksum(JSON.stringify([input.image, script]))}`;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: ctx.namespace, labels: ctx.labels('init') },
    spec: {
      backoffLimit: 6,
      activeDeadlineSeconds: 1800,
      template: {
        metadata: { labels: ctx.labels('init') },
        spec: {
          ...podSpec(ctx, {
            serviceAccountName: input.serviceAccount,
            replicas: 1,
            selector: ctx.selector('init'),
            kubernetesUser: { runAsUser: 1000, fsGroup: 1000 },
            containers: [
              container({
                name: 'init',
                image: input.image,
                resources: input.resources,
                command: ['/bin/sh', '-c', script],
                env: input.env,
                secretEnv: input.secretEnv,
                volumeMounts: input.volumeMounts,
              }),
            ],
            volumes: input.volumes,
          }),
          restartPolicy: 'OnFailure',
        },
      },
    },
  };
}
