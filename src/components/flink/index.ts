import type { ComponentBuild, ComponentDefinition } from '../../model/component.ts';
import { flinkAlerts, flinkMetrics } from './metrics.ts';
import { flinkOptions, type FlinkOptions } from './options.ts';
import { emptyBuild } from '../../model/component.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { PodFootprint } from '../../model/resources.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { withJvmTrust } from '../../platform/object-storage.ts';
import { parseQuantity } from '../../platform/quantity.ts';
import { podPolicy } from '../../platform/pod-policy.ts';
import { configMap, serviceAccount } from '../../platform/workload.ts';
import { kafkaClientAccess, type KafkaClientAccess } from '../spark/kafka-client.ts';
import type { S3JvmTrust } from '../../model/object-storage.ts';
import type { Flow } from '../../model/flow.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import { FLINK_SQL_MOUNT, FLINK_SQL_SCRIPT, flinkNessieCatalog, kafkaToIcebergSql } from './example-job.ts';
import { engineConsumes } from '../spark/kafka-client.ts';
import { jvmKeycloakCa } from '../../platform/sso-trust.ts';
import { flinkConfiguration } from './flink-conf.ts';
import { flinkOperator } from './operator.ts';
import { FLINK_JOBMANAGER_SIZING, FLINK_SLOTS, FLINK_TASKMANAGER_SIZING } from './sizing.ts';
import { FLINK_API_VERSION, FLINK_IMAGE, FLINK_PORTS, FLINK_UID, FLINK_VERSION } from './versions.ts';

export const FLINK_NAME = 'flink';
export const FLINK_SA = 'flink';
export const FLINK_SESSION_JOB = 'flink-kafka-to-iceberg';
const KAFKA_MOUNT = '/etc/datalyptica/kafka';

/**
 * The Role the JobManager needs in native mode: create and delete TaskManager pods, and keep
 * leader election and HA metadata in ConfigMaps (TaskManagers read them to find the leader).
 * `deployments/finalizers` lets it set owner references on OpenShift.
 * @see https://nightlies.apache.org/flink/flink-docs-release-1.20/docs/deployment/resource-providers/native_kubernetes/#rbac
 */
function flinkRbac(ctx: BuildContext<FlinkOptions>): KubeObject[] {
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: FLINK_SA, namespace: ctx.namespace, labels: ctx.labels() },
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: ['create', 'delete', 'get', 'list', 'watch', 'patch', 'update'] },
        { apiGroups: [''], resources: ['configmaps'], verbs: ['create', 'delete', 'get', 'list', 'watch', 'patch', 'update'] },
        { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apps'], resources: ['deployments/finalizers'], verbs: ['update'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: FLINK_SA, namespace: ctx.namespace, labels: ctx.labels() },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: FLINK_SA },
      subjects: [{ kind: 'ServiceAccount', name: FLINK_SA, namespace: ctx.namespace }],
    },
  ];
}

/** Flink's resource spec: CPU as a number, memory in MiB (requests equal limits). */
function flinkResource(limits: { cpu: string; memory: string }): { cpu: number; memory: string } {
  return { cpu: parseQuantity(limits.cpu), memory: `${Math.floor(parseQuantity(limits.memory) / 2 ** 20)}m` };
}

/**
 * The pod template the operator merges into JobManager and TaskManager pods: the platform's pod
 * policy, Kafka's client stores, the example's SQL, the S3 plugin and the S3 keys.
 */
function flinkPodTemplate(ctx: BuildContext<FlinkOptions>, input: { kafka: KafkaClientAccess | undefined; example: boolean; nessieEnv: readonly Record<string, unknown>[] }): { podTemplate: Record<string, unknown>; trust: S3JvmTrust | undefined } {
  const { kafka, example } = input;
  const s3 = ctx.objectStorage;
  const creds = s3.credentials();
  const volumes: Record<string, unknown>[] = [{ name: 'tmp', emptyDir: {} }];
  const mounts: Record<string, unknown>[] = [{ name: 'tmp', mountPath: '/tmp' }];
  if (kafka) {
    volumes.push({ name: 'kafka-user', secret: { secretName: kafka.userSecret } }, { name: 'kafka-ca', secret: { secretName: kafka.caSecret } });
    mounts.push({ name: 'kafka-user', mountPath: kafka.userDir, readOnly: true }, { name: 'kafka-ca', mountPath: kafka.caDir, readOnly: true });
  }
  if (example) {
    volumes.push({ name: 'sql', configMap: { name: 'flink-sql' } });
    mounts.push({ name: 'sql', mountPath: FLINK_SQL_MOUNT, readOnly: true });
  }
  // The image's entrypoint links ENABLE_BUILT_IN_PLUGINS into /opt/flink/plugins, which only the
  // image's UID 9999 may write; OpenShift's arbitrary UID cannot, so there an init container copies
  // the S3 plugin into an emptyDir mounted as the plugin folder.
  const pluginJar = `flink-s3-fs-presto-${FLINK_VERSION}.jar`;
  const pluginDir = '/opt/flink/plugins/s3-fs-presto';
  const pluginEnv = ctx.openshift ? [] : [{ name: 'ENABLE_BUILT_IN_PLUGINS', value: pluginJar }];
  if (ctx.openshift) {
    volumes.push({ name: 's3-plugin', emptyDir: {} });
    mounts.push({ name: 's3-plugin', mountPath: pluginDir, readOnly: true });
  }
  // Keycloak's CA joins the truststore: the Iceberg REST catalog gets its token over HTTPS.
  const trust = s3.jvmTrust({ namespace: ctx.namespace, consumer: 'flink', image: ctx.image(FLINK_IMAGE, { main: true }), ...jvmKeycloakCa(ctx) });
  if (trust) volumes.push(...trust.volumes);
  // One template for every JobManager and TaskManager pod of every job: the operator decides how
  // many; scheduling stays the operator's.
  const policy = podPolicy(ctx, { selector: ctx.selector(), replicas: 1, antiAffinity: 'none', kubernetesUser: { runAsUser: FLINK_UID, fsGroup: FLINK_UID } });
  const pluginInit = ctx.openshift
    ? [
        {
          name: 's3-plugin',
          image: ctx.image(FLINK_IMAGE, { main: true }),
          command: ['cp', `/opt/flink/opt/${pluginJar}`, `${pluginDir}/`],
          resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
          securityContext: policy.readOnlyContainerSecurityContext,
          volumeMounts: [{ name: 's3-plugin', mountPath: pluginDir }],
        },
      ]
    : [];
  const initContainers = [...pluginInit, ...(trust ? [trust.initContainer] : [])];
  // The operator merges this template into JobManager and TaskManager pods; the main container must keep its name.
  const podTemplate = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { labels: ctx.labels() },
    spec: {
      securityContext: policy.securityContext,
      enableServiceLinks: false,
      ...policy.pullSecrets,
      ...(initContainers.length > 0 ? { initContainers } : {}),
      containers: [
        withJvmTrust({
          name: 'flink-main-container',
          securityContext: policy.containerSecurityContext,
          ports: [{ name: 'metrics', containerPort: FLINK_PORTS.metrics, protocol: 'TCP' }],
          env: [
            // The built-in S3 plugin for checkpoints, savepoints and HA metadata.
            ...pluginEnv,
            { name: 'AWS_REGION', value: s3.region },
            { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: creds.secretName, key: creds.accessKeyKey } } },
            { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: creds.secretName, key: creds.secretKeyKey } } },
            // The Nessie client secret and the credential Iceberg's REST catalog resolves from it (jobs' catalogs name it).
            ...input.nessieEnv,
          ],
          volumeMounts: mounts,
        }, trust),
      ],
      volumes,
    },
  };
  return { podTemplate, trust };
}

/** The example job: a SQL script streaming a Kafka topic into an Iceberg table, as a FlinkSessionJob. */
function exampleObjects(ctx: BuildContext<FlinkOptions>, kafka: KafkaClientAccess): KubeObject[] {
  const own = ctx.options();
  const objects: KubeObject[] = [];
  objects.push(configMap(ctx, 'flink-sql', { [FLINK_SQL_SCRIPT]: kafkaToIcebergSql(ctx, kafka) }, 'example'));
  objects.push({
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkSessionJob',
    metadata: { name: FLINK_SESSION_JOB, namespace: ctx.namespace, labels: ctx.labels('example') },
    spec: {
      deploymentName: FLINK_NAME,
      job: {
        jarURI: own.exampleJob.jarURI,
        entryClass: own.exampleJob.entryClass,
        args: [`${FLINK_SQL_MOUNT}/${FLINK_SQL_SCRIPT}`],
        parallelism: own.exampleJob.parallelism,
        upgradeMode: 'savepoint',
        state: 'running',
      },
    },
  });
  return objects;
}

/** JobManagers and TaskManagers talk to each other; the operator reaches the REST API. */
function flinkFlows(ctx: BuildContext<FlinkOptions>): Flow[] {
  const jmSelector = ctx.selector('jobmanager');
  return [
      {
        from: { kind: 'component', component: 'flink' },
        ports: [
          { port: FLINK_PORTS.rpc, name: 'jobmanager-rpc' },
          { port: FLINK_PORTS.blob, name: 'blob' },
          { port: FLINK_PORTS.rest, name: 'rest' },
          { port: FLINK_PORTS.taskManagerRpc, name: 'taskmanager-rpc' },
          { port: FLINK_PORTS.taskManagerData, name: 'taskmanager-data' },
        ],
        description: 'JobManagers and TaskManagers coordinate, ship job artifacts and exchange data',
      },
      { from: { kind: 'operator', operator: 'flink-kubernetes-operator' }, toSelector: jmSelector, ports: [{ port: FLINK_PORTS.rest, name: 'rest' }], description: 'the operator submits jobs and reads status through the JobManager REST API' },
    ];
}

/** Live checks: JobManagers and TaskManagers running, the REST API answering. */
function flinkChecks(ctx: BuildContext<FlinkOptions>, input: { jmReplicas: number; tmReplicas: number }): LiveCheck[] {
  const jmSelector = ctx.selector('jobmanager');
  const tmSelector = ctx.selector('taskmanager');
  const { jmReplicas } = input;
  return [
      { id: 'flink.jobmanagers', group: 'data', title: 'Flink JobManagers are running', probe: { type: 'pods-ready', namespace: ctx.namespace, selector: jmSelector, min: jmReplicas } },
      { id: 'flink.taskmanagers', group: 'data', title: 'Flink TaskManagers are running', probe: { type: 'pods-ready', namespace: ctx.namespace, selector: tmSelector, min: input.tmReplicas } },
      {
        id: 'flink.rest',
        group: 'services',
        title: 'The Flink REST API answers with the cluster overview',
        probe: { type: 'http', endpoint: { namespace: ctx.namespace, service: `${FLINK_NAME}-rest`, port: FLINK_PORTS.rest }, path: '/overview', expectBody: 'taskmanagers' },
      },
    ];
}

function build(ctx: BuildContext<FlinkOptions>): ComponentBuild {
  const own = ctx.options();
  const tm = ctx.sizing(FLINK_TASKMANAGER_SIZING);
  const jmBase = ctx.sizingOf(FLINK_JOBMANAGER_SIZING);
  const jmReplicas = own.jobManagerReplicas ?? jmBase.replicas;
  const slots = own.slotsPerTaskManager ?? FLINK_SLOTS[ctx.profile];
  const s3 = ctx.objectStorage;
  const kafka = ctx.isEnabled('kafka') ? kafkaClientAccess(ctx, 'flink', { mountRoot: KAFKA_MOUNT }) : undefined;
  const example = own.exampleJob.enabled && kafka !== undefined;
  const nessie = flinkNessieCatalog(ctx);

  const { podTemplate, trust } = flinkPodTemplate(ctx, { kafka, example, nessieEnv: nessie.env });
  const rolePod = (role: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { labels: ctx.labels(role) } });

  const deploymentObject: KubeObject = {
    apiVersion: 'flink.apache.org/v1beta1',
    kind: 'FlinkDeployment',
    metadata: { name: FLINK_NAME, namespace: ctx.namespace, labels: ctx.labels() },
    spec: {
      image: ctx.image(FLINK_IMAGE, { main: true }),
      imagePullPolicy: 'IfNotPresent',
      flinkVersion: FLINK_API_VERSION,
      mode: 'native',
      serviceAccount: FLINK_SA,
      flinkConfiguration: flinkConfiguration(ctx, { slots, taskManagers: tm.replicas }),
      podTemplate,
      jobManager: { replicas: jmReplicas, resource: flinkResource(jmBase.resources.limits), podTemplate: rolePod('jobmanager') },
      taskManager: { resource: flinkResource(tm.resources.limits), podTemplate: rolePod('taskmanager') },
    },
  };

  const objects: KubeObject[] = [
    serviceAccount(ctx, FLINK_SA, { automount: true }),
    ...flinkRbac(ctx),
    deploymentObject,
  ];
  if (example && kafka) objects.push(...exampleObjects(ctx, kafka));

  const secrets: SecretRequirement[] = [s3.consumerSecret(ctx.namespace, 'flink'), ...(trust?.secrets ?? []), ...nessie.secrets];
  if (kafka) secrets.push(...kafka.secrets);
  const jmSelector = ctx.selector('jobmanager');
  const tmSelector = ctx.selector('taskmanager');
  const footprint: PodFootprint[] = [
    { name: 'flink-jobmanager', namespace: ctx.namespace, replicas: jmReplicas, resources: { requests: { ...jmBase.resources.limits }, limits: { ...jmBase.resources.limits } }, minAvailable: 1 },
    { name: 'flink-taskmanager', namespace: ctx.namespace, replicas: tm.replicas, resources: { requests: { ...tm.resources.limits }, limits: { ...tm.resources.limits } } },
  ];

  const metrics = flinkMetrics(ctx);
  return {
    ...emptyBuild(),
    objects,
    // With Nessie authentication the catalogs fetch tokens from the realm: Keycloak must be up first.
    dependsOn: nessie.authenticated ? ['nessie', 'object-storage', 'keycloak'] : ['nessie', 'object-storage'],
    ssoClients: nessie.ssoClients,
    flows: flinkFlows(ctx),
    egress: [
      { to: { kind: 'apiserver' }, ports: [{ port: 443 }, { port: 6443 }], description: 'the JobManager manages TaskManager pods; all pods use ConfigMaps for HA leader election and retrieval' },
      ...s3.consumerEgress('checkpoints, savepoints, HA metadata and Iceberg data on S3'),
    ],
    secrets,
    operators: [flinkOperator(ctx)],
    metrics: [metrics],
    alerts: flinkAlerts(ctx, metrics, FLINK_NAME),
    // TaskManagers are bare pods the JobManager owns: minAvailable is the only budget that applies to them.
    disruption: [
      { name: 'flink-jobmanager', namespace: ctx.namespace, selector: jmSelector, replicas: jmReplicas, minAvailable: jmReplicas - 1 },
      { name: 'flink-taskmanager', namespace: ctx.namespace, selector: tmSelector, replicas: tm.replicas, minAvailable: tm.replicas - 1 },
    ],
    readiness: { timeoutSeconds: 900 },
    checks: [...flinkChecks(ctx, { jmReplicas, tmReplicas: tm.replicas }), ...nessie.checks],
    footprint,
  };
}

export const flink: ComponentDefinition<FlinkOptions> = {
  name: 'flink',
  title: 'Apache Flink (Flink Kubernetes operator)',
  tier: 'processing',
  layer: 'data',
  phase: 'processing',
  version: FLINK_VERSION,
  enabledByDefault: true,
  options: flinkOptions,
  consumes: () => engineConsumes('flink'),
  build,
};
