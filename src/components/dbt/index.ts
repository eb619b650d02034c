import type { ComponentBuild, ComponentDefinition } from '../../model/component.ts';
import { dbtOptions, type DbtOptions } from './options.ts';
import { trinoClientTrust, trinoHttps } from '../trino/tls.ts';
import { trinoRealmLogin } from '../trino/index.ts';
import { DBT_SERVICE_USER, DBT_TOKEN_SCRIPT, dbtClientSecret, dbtSsoClient, dbtTokenEnv } from './realm-token.ts';
import { emptyBuild } from '../../model/component.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { ResourceSpec } from '../../model/resources.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { resources, type SizingTable } from '../../platform/sizing.ts';
import { checksum, configMap, container, podSpec, serviceAccount } from '../../platform/workload.ts';

/** dbt-core image from dbt Labs; the Trino adapter (Starburst's dbt-trino) is pip-installed beside it. */
export const DBT_CORE_VERSION = '1.10.23';
export const DBT_IMAGE = `ghcr.io/dbt-labs/dbt-core:${DBT_CORE_VERSION}`;
/** @see https://github.com/starburstdata/dbt-trino/blob/master/CHANGELOG.md */
export const DBT_TRINO_VERSION = '1.10.2';
/** @see https://github.com/kubernetes/git-sync */
export const GIT_SYNC_IMAGE = 'registry.k8s.io/git-sync/git-sync:v4.7.1';
/** Used when `git.repository` is not set (then the CronJob is suspended). */
export const EXAMPLE_REPOSITORY = 'https://github.com/dbt-labs/jaffle-shop.git';

/** The Trino user dbt runs as (a name only: Trino has no password authentication, see docs/components/trino.md). */
export const DBT_TRINO_USER = 'dbt';
const SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('100m', '512Mi', '1', '1Gi') },
  small: { replicas: 1, resources: resources('250m', '1Gi', '2', '2Gi') },
  production: { replicas: 1, resources: resources('500m', '1Gi', '2', '4Gi') },
};

/** How dbt reaches the Trino coordinator: HTTPS on 8443 when Trino serves it, else HTTP on 8080. */
export interface DbtTrinoEndpoint {
  readonly host: string;
  readonly port: number;
  readonly https: boolean;
}

/** Trino's coordinator endpoint as Trino's own options render it; `trino.port` overrides the port. */
export function trinoEndpoint(ctx: BuildContext<DbtOptions>, options: DbtOptions): DbtTrinoEndpoint {
  const https = trinoHttps(ctx).enabled;
  return { host: ctx.serviceHost('trino', ctx.namespaceOf('trino')), port: options.trino.port ?? (https ? 8443 : 8080), https };
}

/**
 * profiles.yml. With the platform realm Trino takes only bearer tokens: dbt runs as its realm
 * client's service account (`method: jwt`, a client credentials token fetched at the start of the
 * Job) over HTTPS, verifying the coordinator's certificate. Without the identity tier Trino trusts
 * the user name (`method: none`).
 * @see https://docs.getdbt.com/docs/core/connect-data-platform/trino-setup
 */
export function profilesYaml(ctx: BuildContext<DbtOptions>, options: DbtOptions): string {
  const endpoint = trinoEndpoint(ctx, options);
  // With realm login Trino takes a bearer token; its principal is the client's service account.
  const auth = trinoRealmLogin(ctx)
    ? ['      method: jwt', `      user: ${DBT_SERVICE_USER}`, '      jwt_token: "{{ env_var(\'DBT_TRINO_JWT\') }}"']
    : ['      method: none', `      user: ${DBT_TRINO_USER}`];
  return [
    `${options.profile}:`,
    `  target: ${options.target}`,
    '  outputs:',
    `    ${options.target}:`,
    '      type: trino',
    ...auth,
    `      host: ${endpoint.host}`,
    `      port: ${endpoint.port}`,
    `      http_scheme: ${endpoint.https ? 'https' : 'http'}`,
    ...(endpoint.https ? ['      cert: /etc/dbt/trino-ca/ca.crt'] : []),
    `      database: ${options.trino.catalog}`,
    `      schema: ${options.trino.schema}`,
    `      threads: ${options.threads}`,
    '',
  ].join('\n');
}

/** The job pod's parts: git clone (and adapter install) init containers, env, volumes and mounts. */
function dbtPod(ctx: BuildContext<DbtOptions>, input: { https: boolean; realm: boolean; caVolume: Record<string, unknown> | undefined; tokenEnv: readonly { name: string; value: string }[] }) {
  const options = ctx.options();
  const name = 'dbt';
  const repository = options.git.repository ?? EXAMPLE_REPOSITORY;
  const { https, realm, caVolume } = input;
  const gitEnv = [
    { name: 'GITSYNC_REPO', value: repository },
    { name: 'GITSYNC_REF', value: options.git.ref },
    { name: 'GITSYNC_ROOT', value: '/workspace/git' },
    { name: 'GITSYNC_LINK', value: 'project' },
    { name: 'GITSYNC_ONE_TIME', value: 'true' },
    { name: 'GITSYNC_DEPTH', value: '1' },
  ];
  const gitSecretEnv = options.git.credentialsSecret
    ? [
        { name: 'GITSYNC_USERNAME', secret: options.git.credentialsSecret, key: 'username' },
        { name: 'GITSYNC_PASSWORD', secret: options.git.credentialsSecret, key: 'password' },
      ]
    : [];
  const initContainers = [
    container({
      name: 'git-clone',
      image: ctx.image(GIT_SYNC_IMAGE),
      resources: resources('50m', '64Mi', '500m', '256Mi'),
      env: gitEnv,
      secretEnv: gitSecretEnv,
      volumeMounts: [{ name: 'workspace', mountPath: '/workspace' }, { name: 'tmp', mountPath: '/tmp' }],
      readOnlyRootFilesystem: true,
    }),
  ];
  const env = [
    { name: 'HOME', value: '/tmp' },
    { name: 'DBT_SEND_ANONYMOUS_USAGE_STATS', value: 'false' },
    ...input.tokenEnv,
  ];
  if (options.installAdapter) {
    initContainers.push(
      container({
        name: 'install-adapter',
        image: ctx.image(DBT_IMAGE, { main: true }),
        resources: resources('100m', '256Mi', '1', '1Gi'),
        command: ['python', '-m', 'pip', 'install', '--no-cache-dir', '--disable-pip-version-check', '--target', '/deps', `dbt-core==${DBT_CORE_VERSION}`, `dbt-trino==${DBT_TRINO_VERSION}`],
        env: [{ name: 'HOME', value: '/tmp' }],
        volumeMounts: [{ name: 'deps', mountPath: '/deps' }, { name: 'tmp', mountPath: '/tmp' }],
        readOnlyRootFilesystem: true,
      }),
    );
    env.push({ name: 'PYTHONPATH', value: '/deps' }, { name: 'PATH', value: '/deps/bin:/usr/local/bin:/usr/bin:/bin' });
  }
  const volumes: Record<string, unknown>[] = [
    { name: 'workspace', emptyDir: {} },
    { name: 'tmp', emptyDir: {} },
    { name: 'profiles', configMap: { name: `${name}-profiles` } },
    ...(https && caVolume ? [caVolume] : []),
    ...(realm && ctx.sso.trust ? [ctx.sso.trust.volume] : []),
  ];
  if (options.installAdapter) volumes.push({ name: 'deps', emptyDir: {} });
  const mounts = [
    { name: 'workspace', mountPath: '/workspace' },
    { name: 'tmp', mountPath: '/tmp' },
    { name: 'profiles', mountPath: '/etc/dbt/profiles.yml', subPath: 'profiles.yml', readOnly: true },
    ...(https ? [{ name: 'trino-ca', mountPath: '/etc/dbt/trino-ca', readOnly: true }] : []),
    ...(options.installAdapter ? [{ name: 'deps', mountPath: '/deps', readOnly: true }] : []),
    ...(realm && ctx.sso.trust ? [ctx.sso.trust.volumeMount] : []),
  ];
  return { initContainers, env, volumes, mounts };
}

/** The CronJob: one run at a time, a bounded deadline, the dbt container running the script. */
function dbtCronJob(
  ctx: BuildContext<DbtOptions>,
  input: { suspend: boolean; profiles: string; script: string; resources: ResourceSpec; pod: ReturnType<typeof dbtPod>; secretEnv: readonly { name: string; secret: string; key: string }[] },
): KubeObject {
  const options = ctx.options();
  const name = 'dbt';
  const { suspend, profiles, script } = input;
  const { initContainers, env, volumes, mounts } = input.pod;
  const resourcesSpec = input.resources;
  const labels = ctx.labels();
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: ctx.namespace, labels },
    spec: {
      schedule: options.schedule,
      timeZone: 'Etc/UTC',
      suspend,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels },
        spec: {
          backoffLimit: 1,
          activeDeadlineSeconds: 4 * 3600,
          ttlSecondsAfterFinished: 7 * 24 * 3600,
          template: {
            metadata: { labels, annotations: { 'datalyptica.io/config-checksum': checksum(profiles) } },
            spec: {
              ...podSpec(ctx, {
                serviceAccountName: name,
                replicas: 1,
                selector: ctx.selector(),
                kubernetesUser: { runAsUser: 65533, fsGroup: 65533 },
                initContainers,
                containers: [
                  container({
                    name,
                    image: ctx.image(DBT_IMAGE, { main: true }),
                    resources: resourcesSpec,
                    command: ['/bin/sh', '-c', script],
                    env,
                    ...(input.secretEnv.length > 0 ? { secretEnv: input.secretEnv } : {}),
                    volumeMounts: mounts,
                    readOnlyRootFilesystem: true,
                  }),
                ],
                volumes,
              }),
              restartPolicy: 'Never',
            },
          },
        },
      },
    },
  };
}

function build(ctx: BuildContext<DbtOptions>): ComponentBuild {
  const options = ctx.options();
  const name = 'dbt';
  const resourcesSpec = ctx.sizing(SIZING).resources;
  const suspend = options.suspend ?? options.git.repository === undefined;
  const https = trinoEndpoint(ctx, options).https;
  const trust = trinoClientTrust(ctx, 'dbt');
  const caVolume = options.trino.caConfigMap ? { name: 'trino-ca', configMap: { name: options.trino.caConfigMap.name, items: [{ key: options.trino.caConfigMap.key, path: 'ca.crt' }] } } : trust?.volume;
  const profiles = profilesYaml(ctx, options);
  const cm = configMap(ctx, `${name}-profiles`, { 'profiles.yml': profiles });
  const projectDir = `/workspace/git/project/${options.git.path.replace(/^\.\/?/, '')}`.replace(/\/$/, '');
  const flags = `--project-dir "${projectDir}" --profiles-dir /etc/dbt --profile ${options.profile} --target ${options.target} --target-path /tmp/target --log-path /tmp/logs`;
  const realm = trinoRealmLogin(ctx);
  const script = ['set -eu', ...(realm ? DBT_TOKEN_SCRIPT : []), `dbt deps ${flags}`, ...options.commands.map((command) => `dbt ${command} ${flags}`)].join('\n');
  const token = realm ? dbtTokenEnv(ctx) : { env: [], secretEnv: [] };

  const pod = dbtPod(ctx, { https, realm, caVolume, tokenEnv: token.env });
  const cronJob = dbtCronJob(ctx, { suspend, profiles, script, resources: resourcesSpec, pod, secretEnv: token.secretEnv });

  const warnings = options.git.repository === undefined ? [`components.dbt.git.repository is not set: the CronJob runs ${EXAMPLE_REPOSITORY} and is suspended`] : [];
  // The Trino Python client refuses credentials over plain HTTP.
  if (realm && !https) warnings.push('Trino requires a realm token and dbt\'s Trino client sends credentials only over HTTPS: enable components.trino.https');
  return {
    ...emptyBuild(),
    objects: [serviceAccount(ctx, name), cm, cronJob],
    dependsOn: ['trino'],
    ...(realm ? { ssoClients: [dbtSsoClient(ctx)] } : {}),
    secrets: [...(realm ? [dbtClientSecret(ctx), ...(ctx.sso.trust?.secrets ?? [])] : []), ...(https && !options.trino.caConfigMap ? (trust?.secrets ?? []) : [])],
    egress: [
      { to: { kind: 'internet' }, ports: [{ port: 443, name: 'https' }], description: 'git clone of the dbt project, dbt deps (hub.getdbt.com) and the adapter from PyPI' },
    ],
    readiness: suspend ? { skip: [{ apiVersion: 'batch/v1', kind: 'CronJob', name, namespace: ctx.namespace }] } : {},
    checks: [
      {
        id: 'dbt.cronjob',
        group: 'services',
        title: 'the dbt CronJob exists',
        probe: { type: 'object-exists', ref: { apiVersion: 'batch/v1', kind: 'CronJob', name, namespace: ctx.namespace } },
      },
    ],
    footprint: [{ name, namespace: ctx.namespace, replicas: 1, resources: resourcesSpec }],
    warnings,
  };
}

/** dbt (SQL transformations on Trino) as a scheduled Job: dbt Core is a CLI with no server to run. */
export const dbt: ComponentDefinition<DbtOptions> = {
  name: 'dbt',
  title: 'dbt (scheduled transformations on Trino)',
  tier: 'analytics',
  layer: 'data',
  phase: 'analytics',
  version: DBT_CORE_VERSION,
  enabledByDefault: true,
  options: dbtOptions,
  // Models run on Trino; dbt reads the Iceberg catalog for docs and freshness.
  consumes: () => [{ component: 'trino' }, { component: 'nessie' }],
  build,
};
