import type { ComponentBuild, ComponentDefinition } from '../../model/component.ts';
import { consumerFlows } from '../../platform/consumers.ts';
import { clickhouseAlerts, clickhouseMetrics } from './metrics.ts';
import { clickhouseOptions, type ClickhouseOptions } from './options.ts';
import { emptyBuild } from '../../model/component.ts';
import type { Flow } from '../../model/flow.ts';
import type { KubeObject, Labels } from '../../model/kube.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { PodFootprint } from '../../model/resources.ts';
import type { Sizing } from '../../model/sizing.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { generatedLogin } from '../../platform/generated-login.ts';
import { podPolicy, type PodPolicy } from '../../platform/pod-policy.ts';
import { claimSpec, container, tcpProbes } from '../../platform/workload.ts';
import { ALTINITY_OPERATOR } from './operator.ts';
import { CLICKHOUSE_SIZING, KEEPER_SIZING } from './sizing.ts';

/** ClickHouse LTS 26.3 (server and Keeper ship the same version). @see https://clickhouse.com/docs/whats-new/changelog */
export const CLICKHOUSE_VERSION = '26.3.39.7';
export const CLICKHOUSE_IMAGE = `docker.io/clickhouse/clickhouse-server:${CLICKHOUSE_VERSION}`;
export const KEEPER_IMAGE = `docker.io/clickhouse/clickhouse-keeper:${CLICKHOUSE_VERSION}`;

export const PORTS = { http: 8123, tcp: 9000, interserver: 9009, metrics: 8001, keeper: 2181, raft: 9444, keeperMetrics: 7000 } as const;
/** ClickHouse users; passwords live in the `clickhouse-users` Secret (`<user>-password`). */
export const CLICKHOUSE_USERS = ['admin', 'app', 'reader'] as const;
export const USERS_SECRET = 'clickhouse-users';
/** The `trino` user's Secret here; Trino's `trino-clickhouse` copy shares its value group. */
export const TRINO_USER_SECRET = 'clickhouse-user-trino';
export const TRINO_USER_VALUE_GROUP = 'clickhouse-user-trino';

/**
 * ClickHouse users for other components, each only while that component is enabled. Its password
 * Secret here shares a value group with the consumer's copy in its own namespace.
 * - `trino`: the clickhouse catalog reads and writes (CREATE TABLE AS, INSERT), so profile `default`.
 * - `superset`: dashboards and SQL Lab only read, so profile `readonly`.
 * @see https://clickhouse.com/docs/operations/settings/permissions-for-queries#readonly
 */
const SERVICE_USERS = [
  { user: 'trino', secret: TRINO_USER_SECRET, valueGroup: TRINO_USER_VALUE_GROUP, profile: 'default', reads: 'Trino reads the same value from its trino-clickhouse Secret' },
  { user: 'superset', secret: 'clickhouse-user-superset', valueGroup: 'clickhouse-user-superset', profile: 'readonly', reads: 'Superset reads the same value from its superset-clickhouse Secret' },
] as const;
const CLUSTER = 'main';

/** The Service the operator creates for the installation (`clickhouse-<chi>`) and for Keeper (`keeper-<chk>`). */
export function clickhouseService(ctx: BuildContext): string {
  return `clickhouse-${ctx.config.namePrefix}`;
}

/**
 * A user's password from a Secret key in the installation's namespace, in the operator's standard
 * `valueFrom.secretKeyRef` form: the operator passes it to the pods as an environment variable that
 * users.xml reads (`from_env`). The older `k8s_secret_password` shorthand is rejected from operator
 * 0.27.4 on (`RemovedSecretRefSyntax`).
 * @see https://github.com/Altinity/clickhouse-operator/blob/master/docs/security_hardening.md
 */
function secretPassword(secret: string, key: string): Record<string, unknown> {
  return { valueFrom: { secretKeyRef: { name: secret, key } } };
}

function users(ctx: BuildContext<ClickhouseOptions>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const user of CLICKHOUSE_USERS) {
    out[`${user}/password`] = secretPassword(USERS_SECRET, `${user}-password`);
    // The operator's default limits users to the installation's own pods; NetworkPolicies decide who connects.
    out[`${user}/networks/ip`] = ['::/0'];
    out[`${user}/profile`] = user === 'reader' ? 'readonly' : 'default';
    out[`${user}/quota`] = 'default';
  }
  out['admin/access_management'] = 1;
  for (const service of SERVICE_USERS) {
    if (!ctx.isEnabled(service.user)) continue;
    out[`${service.user}/password`] = secretPassword(service.secret, 'password');
    out[`${service.user}/networks/ip`] = ['::/0'];
    out[`${service.user}/profile`] = service.profile;
    out[`${service.user}/quota`] = 'default';
  }
  return out;
}

function s3StorageXml(ctx: BuildContext<ClickhouseOptions>, options: ClickhouseOptions): string {
  const s3 = ctx.objectStorage;
  const bucket = s3.buckets[options.s3Disk.bucket];
  const endpoint = `${s3.endpoint.replace(/\/$/, '')}/${bucket}/${options.s3Disk.prefix}`;
  return [
    '<clickhouse>',
    '  <storage_configuration>',
    '    <disks>',
    '      <s3>',
    '        <type>s3</type>',
    `        <endpoint>${endpoint}</endpoint>`,
    `        <region>${s3.region}</region>`,
    '        <use_environment_credentials>true</use_environment_credentials>',
    '      </s3>',
    '      <s3_cache>',
    '        <type>cache</type>',
    '        <disk>s3</disk>',
    '        <path>/var/lib/clickhouse/disks/s3_cache/</path>',
    '        <max_size>10Gi</max_size>',
    '      </s3_cache>',
    '    </disks>',
    '    <policies>',
    '      <tiered>',
    '        <volumes>',
    '          <hot><disk>default</disk></hot>',
    '          <cold><disk>s3_cache</disk></cold>',
    '        </volumes>',
    '        <move_factor>0.2</move_factor>',
    '      </tiered>',
    '    </policies>',
    '  </storage_configuration>',
    '</clickhouse>',
    '',
  ].join('\n');
}

/** ClickHouse and Keeper images run as UID 101 on Kubernetes; one replica per node. */
function clickhousePolicy(ctx: BuildContext<ClickhouseOptions>, selector: Labels, replicas: number): PodPolicy {
  return podPolicy(ctx, { selector, replicas, antiAffinity: replicas > 1 ? 'required' : 'none', kubernetesUser: { runAsUser: 101, fsGroup: 101 } });
}

/** The ClickHouse server container: its four ports, the S3 disk's keys, ping readiness. */
function serverContainer(ctx: BuildContext<ClickhouseOptions>, input: { options: ClickhouseOptions; resources: Sizing['resources']; mounts: { name: string; mountPath: string; readOnly?: boolean }[] }): Record<string, unknown> {
  const s3 = ctx.objectStorage;
  const s3Enabled = input.options.s3Disk.enabled;
  const creds = s3.credentials(input.options.s3Disk.bucket);
  const mounts = input.mounts;
  return container({
    name: 'clickhouse',
    image: ctx.image(CLICKHOUSE_IMAGE, { main: true }),
    resources: input.resources,
    ports: [
      { name: 'http', containerPort: PORTS.http },
      { name: 'tcp', containerPort: PORTS.tcp },
      { name: 'interserver', containerPort: PORTS.interserver },
      { name: 'metrics', containerPort: PORTS.metrics },
    ],
    env: s3Enabled ? [{ name: 'AWS_REGION', value: s3.region }] : [],
    secretEnv: s3Enabled
      ? [
          { name: 'AWS_ACCESS_KEY_ID', secret: creds.secretName, key: creds.accessKeyKey },
          { name: 'AWS_SECRET_ACCESS_KEY', secret: creds.secretName, key: creds.secretKeyKey },
        ]
      : [],
    probes: {
      ...tcpProbes('tcp', { startupSeconds: 600 }),
      readiness: { httpGet: { path: '/ping', port: 'http', scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
    },
    volumeMounts: mounts,
  });
}

function installation(ctx: BuildContext<ClickhouseOptions>, options: ClickhouseOptions, replicas: number): KubeObject {
  const sizing = ctx.sizing(CLICKHOUSE_SIZING);
  const s3 = ctx.objectStorage;
  const s3Enabled = options.s3Disk.enabled;
  const trust = s3Enabled ? s3.consumerTrust(ctx.namespace, 'clickhouse') : undefined;
  const selector = ctx.selector('server');
  const mounts: { name: string; mountPath: string; readOnly?: boolean }[] = [];
  const volumes: Record<string, unknown>[] = [];
  if (trust) {
    mounts.push(trust.volumeMount);
    volumes.push(trust.volume);
  }
  const server = serverContainer(ctx, { options, resources: sizing.resources, mounts });
  const policy = clickhousePolicy(ctx, selector, replicas);
  const podSpec: Record<string, unknown> = {
    securityContext: policy.securityContext,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    containers: [server],
    ...policy.scheduling,
  };
  if (volumes.length > 0) podSpec['volumes'] = volumes;
  Object.assign(podSpec, policy.pullSecrets);

  const settings: Record<string, unknown> = {
    'prometheus/endpoint': '/metrics',
    'prometheus/port': PORTS.metrics,
    'prometheus/metrics': 'true',
    'prometheus/events': 'true',
    'prometheus/asynchronous_metrics': 'true',
  };
  // The S3 client uses the server's OpenSSL client context; `loadDefaultCAFile` stays on, so public endpoints still verify.
  // @see https://clickhouse.com/docs/operations/server-configuration-parameters/settings#openssl
  if (trust) settings['openSSL/client/caConfig'] = trust.caFile;
  const configuration: Record<string, unknown> = {
    zookeeper: { nodes: [{ host: `keeper-${ctx.config.namePrefix}`, port: PORTS.keeper }] },
    users: users(ctx),
    profiles: { 'readonly/readonly': 1 },
    settings,
    clusters: [{ name: CLUSTER, layout: { shardsCount: options.shards, replicasCount: replicas } }],
  };
  if (s3Enabled) configuration['files'] = { 'config.d/s3-storage.xml': s3StorageXml(ctx, options) };

  return {
    apiVersion: 'clickhouse.altinity.com/v1',
    kind: 'ClickHouseInstallation',
    metadata: { name: ctx.config.namePrefix, namespace: ctx.namespace, labels: ctx.labels('server') },
    spec: {
      defaults: { templates: { podTemplate: 'clickhouse', dataVolumeClaimTemplate: 'data', serviceTemplate: 'clickhouse' } },
      configuration,
      templates: {
        podTemplates: [{ name: 'clickhouse', metadata: { labels: ctx.labels('server') }, spec: podSpec }],
        volumeClaimTemplates: [
          { name: 'data', reclaimPolicy: 'Retain', spec: claimSpec({ name: 'data', size: sizing.storage ?? '10Gi', storageClass: ctx.storageClass('fast') }) },
        ],
        serviceTemplates: [
          {
            name: 'clickhouse',
            spec: {
              type: 'ClusterIP',
              ports: [
                { name: 'http', port: PORTS.http, targetPort: PORTS.http },
                { name: 'tcp', port: PORTS.tcp, targetPort: PORTS.tcp },
              ],
            },
          },
        ],
      },
    },
  };
}

function keeper(ctx: BuildContext<ClickhouseOptions>, options: ClickhouseOptions, replicas: number): KubeObject {
  const sizing = ctx.sizingOf(KEEPER_SIZING);
  const selector = ctx.selector('keeper');
  const policy = clickhousePolicy(ctx, selector, replicas);
  const podSpec: Record<string, unknown> = {
    securityContext: policy.securityContext,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    containers: [
      container({
        name: 'clickhouse-keeper',
        image: ctx.image(KEEPER_IMAGE),
        resources: sizing.resources,
        ports: [
          { name: 'zk', containerPort: PORTS.keeper },
          { name: 'raft', containerPort: PORTS.raft },
          { name: 'metrics', containerPort: PORTS.keeperMetrics },
        ],
      }),
    ],
  };
  Object.assign(podSpec, policy.scheduling, policy.pullSecrets);
  return {
    apiVersion: 'clickhouse-keeper.altinity.com/v1',
    kind: 'ClickHouseKeeperInstallation',
    metadata: { name: ctx.config.namePrefix, namespace: ctx.namespace, labels: ctx.labels('keeper') },
    spec: {
      defaults: { templates: { podTemplate: 'keeper', dataVolumeClaimTemplate: 'data' } },
      configuration: {
        clusters: [{ name: 'keeper', layout: { replicasCount: replicas } }],
        settings: {
          'keeper_server/four_letter_word_white_list': 'ruok,mntr,srvr,stat,conf,isro',
          'prometheus/endpoint': '/metrics',
          'prometheus/port': PORTS.keeperMetrics,
          'prometheus/metrics': 'true',
          'prometheus/events': 'true',
          'prometheus/asynchronous_metrics': 'true',
        },
      },
      templates: {
        podTemplates: [{ name: 'keeper', metadata: { labels: ctx.labels('keeper') }, spec: podSpec }],
        volumeClaimTemplates: [
          {
            name: 'data',
            reclaimPolicy: 'Retain',
            spec: claimSpec({ name: 'data', size: options.keeperStorage ?? sizing.storage ?? '5Gi', storageClass: ctx.storageClass('fast') }),
          },
        ],
      },
    },
  };
}

const SERVER_PODS = { 'app.kubernetes.io/name': 'clickhouse', 'app.kubernetes.io/component': 'server' };
const KEEPER_PODS = { 'app.kubernetes.io/name': 'clickhouse', 'app.kubernetes.io/component': 'keeper' };

function flows(ctx: BuildContext<ClickhouseOptions>): Flow[] {
  const server = SERVER_PODS;
  const keeperPods = KEEPER_PODS;
  const query = [
    { port: PORTS.http, name: 'http' },
    { port: PORTS.tcp, name: 'tcp' },
  ];
  return [
    // Whoever declares `consumes: [{ component: 'clickhouse' }]` (Trino's catalog, Superset, Grafana).
    ...consumerFlows(ctx.consumers, { toSelector: server, ports: query, describe: (c) => `${c} queries ClickHouse over HTTP and the native protocol` }),
    {
      from: { kind: 'component', component: 'clickhouse', selector: server },
      toSelector: server,
      ports: [{ port: PORTS.interserver, name: 'interserver' }, { port: PORTS.tcp, name: 'tcp' }],
      description: 'replicas fetch parts from each other; Distributed queries fan out over the native protocol',
    },
    {
      from: { kind: 'component', component: 'clickhouse', selector: server },
      toSelector: keeperPods,
      ports: [{ port: PORTS.keeper, name: 'zk' }],
      description: 'ReplicatedMergeTree coordination through ClickHouse Keeper',
    },
    {
      from: { kind: 'component', component: 'clickhouse', selector: keeperPods },
      toSelector: keeperPods,
      ports: [{ port: PORTS.raft, name: 'raft' }, { port: PORTS.keeper, name: 'zk' }],
      description: 'Keeper Raft quorum traffic',
    },
    { from: { kind: 'operator', operator: 'clickhouse' }, toSelector: server, ports: [{ port: PORTS.http, name: 'http' }], description: 'the operator propagates schema and collects metrics over HTTP' },
    { from: { kind: 'operator', operator: 'clickhouse' }, toSelector: keeperPods, ports: [{ port: PORTS.keeper, name: 'zk' }], description: 'the operator checks Keeper with four-letter words' },
  ];
}

/** The users' passwords, the service users' logins and, with the S3 disk, the store's keys. */
function clickhouseSecrets(ctx: BuildContext<ClickhouseOptions>, options: ClickhouseOptions): SecretRequirement[] {
  const s3 = ctx.objectStorage;
  const secrets: SecretRequirement[] = [
    {
      name: USERS_SECRET,
      namespace: ctx.namespace,
      source: 'generated',
      keys: CLICKHOUSE_USERS.map((user) => ({ key: `${user}-password`, kind: 'password' as const, length: 32 })),
      description: 'passwords of the ClickHouse users admin, app (read/write) and reader (read-only), referenced by valueFrom.secretKeyRef',
      consumers: ['clickhouse'],
    },
  ];
  for (const service of SERVICE_USERS) {
    if (!ctx.isEnabled(service.user)) continue;
    secrets.push({
      ...generatedLogin({
        name: service.secret,
        namespace: ctx.namespace,
        username: service.user,
        description: `password of the ClickHouse user ${service.user} (valueFrom.secretKeyRef); ${service.reads}`,
        consumers: ['clickhouse'],
      }),
      valueGroup: service.valueGroup,
    });
  }
  if (options.s3Disk.enabled) {
    secrets.push(s3.consumerSecret(ctx.namespace, 'clickhouse', options.s3Disk.bucket));
    secrets.push(...(s3.consumerTrust(ctx.namespace, 'clickhouse')?.secrets ?? []));
  }
  return secrets;
}

/** Live checks: servers and Keeper ready, volumes bound, a query as admin. */
function clickhouseChecks(ctx: BuildContext<ClickhouseOptions>, input: { serverPods: number; keeperReplicas: number }): LiveCheck[] {
  const { serverPods, keeperReplicas } = input;
  const endpoint = { namespace: ctx.namespace, service: clickhouseService(ctx), port: PORTS.http };
  return [
      { id: 'clickhouse.pods', group: 'data', title: 'ClickHouse server pods are ready', probe: { type: 'pods-ready', namespace: ctx.namespace, selector: ctx.selector('server'), min: serverPods } },
      { id: 'clickhouse.keeper', group: 'data', title: 'ClickHouse Keeper pods are ready', probe: { type: 'pods-ready', namespace: ctx.namespace, selector: ctx.selector('keeper'), min: keeperReplicas } },
      { id: 'clickhouse.pvcs', group: 'storage', title: 'ClickHouse volumes are bound', probe: { type: 'pvcs-bound', namespace: ctx.namespace, selector: { 'app.kubernetes.io/name': 'clickhouse' } } },
      {
        id: 'clickhouse.query',
        group: 'connectivity',
        title: 'ClickHouse answers ping and SELECT 1',
        probe: { type: 'clickhouse', endpoint, user: 'admin', password: { namespace: ctx.namespace, name: USERS_SECRET, key: 'admin-password' } },
      },
    ];
}

/** Servers (every shard's replicas) and Keeper, with their volumes and quorum. */
function clickhouseFootprint(ctx: BuildContext<ClickhouseOptions>, input: { options: ClickhouseOptions; sizing: Sizing; keeperSizing: Sizing; keeperReplicas: number }): PodFootprint[] {
  const { options, sizing, keeperSizing, keeperReplicas } = input;
  const replicas = sizing.replicas;
  const serverPods = replicas * options.shards;
  return [
      {
        name: 'clickhouse-server',
        namespace: ctx.namespace,
        replicas: serverPods,
        resources: sizing.resources,
        storage: [{ tier: 'fast', size: sizing.storage ?? '10Gi' }],
        spreadRequired: replicas > 1,
        minAvailable: options.shards * Math.max(1, replicas - 1),
      },
      {
        name: 'clickhouse-keeper',
        namespace: ctx.namespace,
        replicas: keeperReplicas,
        resources: keeperSizing.resources,
        storage: [{ tier: 'fast', size: options.keeperStorage ?? keeperSizing.storage ?? '5Gi' }],
        spreadRequired: keeperReplicas > 1,
        minAvailable: Math.floor(keeperReplicas / 2) + 1,
      },
    ];
}

function build(ctx: BuildContext<ClickhouseOptions>): ComponentBuild {
  const options = ctx.options();
  const sizing = ctx.sizing(CLICKHOUSE_SIZING);
  const keeperSizing = ctx.sizingOf(KEEPER_SIZING);
  const replicas = sizing.replicas;
  const keeperReplicas = options.keeperReplicas ?? keeperSizing.replicas;
  const s3 = ctx.objectStorage;
  const s3Enabled = options.s3Disk.enabled;
  const warnings: string[] = [];
  if (ctx.profile !== 'dev' && replicas < 2) warnings.push('ClickHouse runs one replica per shard: a node loss takes its shard offline');
  if (ctx.profile !== 'dev' && keeperReplicas < 3) warnings.push('ClickHouse Keeper runs one node: replicated tables turn read-only when it is down');

  const serverPods = replicas * options.shards;
  const metrics = clickhouseMetrics({ namespace: ctx.namespace, server: SERVER_PODS, keeper: KEEPER_PODS, port: PORTS.metrics, keeperPort: PORTS.keeperMetrics });
  return {
    ...emptyBuild(),
    objects: [installation(ctx, options, replicas), keeper(ctx, options, keeperReplicas)],
    dependsOn: s3Enabled ? ['object-storage'] : [],
    flows: flows(ctx),
    metrics,
    alerts: clickhouseAlerts(metrics[0]!, metrics[1]!),
    egress: s3Enabled ? s3.consumerEgress('the S3 disk stores cold parts in object storage') : [],
    secrets: clickhouseSecrets(ctx, options),
    operators: [ALTINITY_OPERATOR],
    // The operator manages a PodDisruptionBudget per cluster (pdbManaged) and for Keeper.
    disruption: [
      { name: `${ctx.config.namePrefix}-server`, namespace: ctx.namespace, selector: ctx.selector('server'), replicas: serverPods, operatorManaged: true },
      { name: `${ctx.config.namePrefix}-keeper`, namespace: ctx.namespace, selector: ctx.selector('keeper'), replicas: keeperReplicas, operatorManaged: true },
    ],
    readiness: { timeoutSeconds: 900 },
    checks: clickhouseChecks(ctx, { serverPods, keeperReplicas }),
    footprint: clickhouseFootprint(ctx, { options, sizing, keeperSizing, keeperReplicas }),
    warnings,
  };
}

/** ClickHouse through the Altinity operator, replicated with ClickHouse Keeper; Zookeeper is not needed since ClickHouse Keeper speaks its protocol. */
export const clickhouse: ComponentDefinition<ClickhouseOptions> = {
  name: 'clickhouse',
  title: 'ClickHouse (OLAP, Altinity operator)',
  tier: 'query',
  layer: 'data',
  phase: 'query',
  version: CLICKHOUSE_VERSION,
  enabledByDefault: true,
  options: clickhouseOptions,
  // The S3 disk.
  consumes: () => [{ component: 'object-storage' }],
  build,
};
