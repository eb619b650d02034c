import type { BuildContext } from '../../model/build-context.ts';
import { emptyBuild, type CheckSuppression, type ComponentBuild, type ComponentDefinition } from '../../model/component.ts';
import type { KubeObject } from '../../model/kube.ts';
import { downAlert, workloadAlerts } from '../../platform/monitoring.ts';
import { podPolicy } from '../../platform/pod-policy.ts';
import { checksum, configMap, container, httpProbes, podSpec, serviceAccount } from '../../platform/workload.ts';
import { LOKI_HTTP_PORT, LOKI_SERVICE } from '../loki/endpoint.ts';
import { alloyConfig } from './config.ts';
import { alloyOptions, type AlloyOptions } from './options.ts';
import { ALLOY_SIZING } from './sizing.ts';

/** @see https://grafana.com/docs/alloy/latest/set-up/install/docker/ */
export const ALLOY_IMAGE = 'docker.io/grafana/alloy:v1.18.1';
export const ALLOY_HTTP_PORT = 12345;
/** The kubelet's per-container log files. */
export const POD_LOG_DIR = '/var/log/pods';
const NAME = 'alloy';

/**
 * Why the collector is the platform's one exception to the restricted profile. The kubelet writes
 * pod logs as root-owned files (mode 0640), so reading them takes a hostPath and UID 0; nothing else
 * is widened: all capabilities dropped, no privilege escalation, read-only root and log mount, no
 * API token, its own namespace and ServiceAccount.
 */
export const COLLECTOR_EXCEPTION_REASON =
  'the log collector reads the kubelet\'s root-owned pod log files (0640) through a read-only hostPath of /var/log/pods as UID 0 with every capability dropped; docs/decisions/observability-logs.md';

function suppressions(ctx: BuildContext): CheckSuppression[] {
  const daemonSet = `DaemonSet/${NAME}@${ctx.namespace}`;
  return [
    { rule: 'DL-SEC-010', object: daemonSet, reason: COLLECTOR_EXCEPTION_REASON },
    { rule: 'DL-SEC-001', object: daemonSet, reason: COLLECTOR_EXCEPTION_REASON },
    { rule: 'DL-SEC-022', object: `Namespace/${ctx.namespace}`, reason: `Pod Security "privileged" is enforced only in the collector's own namespace: ${COLLECTOR_EXCEPTION_REASON}` },
  ];
}

function daemonSet(ctx: BuildContext<AlloyOptions>, config: string): KubeObject {
  const sizing = ctx.sizing(ALLOY_SIZING);
  const selector = ctx.selector();
  const main = container({
    name: NAME,
    image: ctx.image(ALLOY_IMAGE, { main: true }),
    resources: sizing.resources,
    args: ['run', '/etc/alloy/config.alloy', '--storage.path=/var/lib/alloy/data', `--server.http.listen-addr=0.0.0.0:${ALLOY_HTTP_PORT}`, '--disable-reporting'],
    ports: [{ name: 'http', containerPort: ALLOY_HTTP_PORT }],
    fieldEnv: [{ name: 'NODE_NAME', fieldPath: 'spec.nodeName' }],
    probes: httpProbes({ path: '/-/ready', port: 'http' }, { startupSeconds: 60 }),
    volumeMounts: [
      { name: 'config', mountPath: '/etc/alloy', readOnly: true },
      { name: 'data', mountPath: '/var/lib/alloy/data' },
      { name: 'pod-logs', mountPath: POD_LOG_DIR, readOnly: true },
    ],
    readOnlyRootFilesystem: true,
  });
  // UID 0 only to open the root-owned log files (owner read bit); capabilities stay dropped.
  const policy = podPolicy(ctx, { selector, replicas: 1, nodeAgent: true, readOnlyRootFilesystem: true });
  const rootContainer = { ...main, securityContext: policy.containerSecurityContext };
  const spec = podSpec(ctx, {
    serviceAccountName: NAME,
    selector,
    replicas: 1,
    containers: [rootContainer],
    volumes: [
      { name: 'config', configMap: { name: `${NAME}-config` } },
      { name: 'data', emptyDir: {} },
      { name: 'pod-logs', hostPath: { path: POD_LOG_DIR, type: 'Directory' } },
    ],
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: NAME, namespace: ctx.namespace, labels: ctx.labels() },
    spec: {
      selector: { matchLabels: selector },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels: ctx.labels(), annotations: { 'datalyptica.io/config-checksum': checksum(config) } },
        // Runs on every node, tainted control-plane nodes included, so no pod's logs are missed.
        spec: { ...spec, securityContext: policy.securityContext, ...policy.tolerations },
      },
    },
  };
}

function build(ctx: BuildContext<AlloyOptions>): ComponentBuild {
  const push = `http://${ctx.serviceHost(LOKI_SERVICE, ctx.namespaceOf('loki'))}:${LOKI_HTTP_PORT}/loki/api/v1/push`;
  const config = alloyConfig(push);
  const sizing = ctx.sizing(ALLOY_SIZING);
  return {
    ...emptyBuild(),
    objects: [serviceAccount(ctx, NAME), configMap(ctx, `${NAME}-config`, { 'config.alloy': config }), daemonSet(ctx, config)],
    dependsOn: ['loki'],
    metrics: [
      {
        name: NAME,
        namespace: ctx.namespace,
        via: 'pod',
        selector: ctx.selector(),
        port: 'http',
        targetPort: ALLOY_HTTP_PORT,
        metrics: ['alloy_*', 'loki_write_*', 'loki_source_file_*', 'go_*', 'process_*', 'up'],
      },
    ],
    alerts: [
      downAlert({ alert: 'AlloyDown', title: 'the Alloy log collector', endpoint: { name: NAME, namespace: ctx.namespace }, severity: 'warning' }),
      ...workloadAlerts({ prefix: 'Alloy', title: 'Alloy', namespace: ctx.namespace, pods: `${NAME}-.*` }),
    ],
    suppressions: suppressions(ctx),
    podSecurity: { level: 'privileged', reason: COLLECTOR_EXCEPTION_REASON },
    checks: [
      { id: 'alloy.pods', group: 'monitoring', title: 'Alloy runs on the nodes', probe: { type: 'pods-ready', namespace: ctx.namespace, selector: ctx.selector(), min: 1 } },
    ],
    footprint: [{ name: NAME, namespace: ctx.namespace, replicas: 1, resources: sizing.resources }],
  };
}

/**
 * Grafana Alloy, the Kubernetes log collector: a DaemonSet in its own namespace that ships every
 * pod's logs to Loki. OpenShift collects through the Logging operator instead (see loki).
 */
export const alloy: ComponentDefinition<AlloyOptions> = {
  name: 'alloy',
  title: 'Grafana Alloy (log collector)',
  tier: 'monitoring',
  layer: 'management',
  phase: 'monitoring',
  version: ALLOY_IMAGE.slice(ALLOY_IMAGE.lastIndexOf(':') + 2),
  enabledByDefault: true,
  ownNamespace: 'log-collector',
  targets: ['kubernetes'],
  options: alloyOptions,
  consumes: () => [{ component: 'loki', purpose: 'the Alloy collector pushes logs to /loki/api/v1/push' }],
  build,
};
