import type { BuildContext } from '../../model/build-context.ts';
import { emptyBuild, type ComponentBuild, type ComponentDefinition } from '../../model/component.ts';
import type { Egress, Flow, FlowPort } from '../../model/flow.ts';
import type { Labels } from '../../model/kube.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { PodFootprint } from '../../model/resources.ts';
import { downAlert, workloadAlerts } from '../../platform/monitoring.ts';
import { resources } from '../../platform/sizing.ts';
import { LOKI_HTTP_PORT, LOKI_SERVICE, LOKISTACK_GATEWAY_PORT, LOKISTACK_NAME, LOKISTACK_PODS, lokiQueryEndpoint } from './endpoint.ts';
import { LOG_PROBE_IMAGE, logRoundTripCheck, lokiStackRoundTripCheck } from './log-probe.ts';
import { DATASOURCE_TOKEN_SECRET } from '../grafana/datasources.ts';
import { LOKI_GRPC_PORT, LOKI_IMAGE, LOKI_MEMBERLIST_PORT, nativeLoki, type NativeLoki } from './native.ts';
import { LOGGING_OPERATOR, LOKI_OPERATOR, ODF_BLOCK_CLASS, openshiftLogging } from './openshift.ts';
import { lokiOptions, type LokiOptions } from './options.ts';
import { LOKI_RETENTION_DAYS, LOKI_SIZING } from './sizing.ts';
import { consumerFlows } from '../../platform/consumers.ts';
import { consumerSources, flowsToService, type FlowSource } from '../../platform/flows.ts';
import type { ComponentName } from '../../model/names.ts';

/** The LokiStack components' ports among themselves (the operator's pods serve Loki's own ports). */
const LOKISTACK_PEER_PORTS: readonly FlowPort[] = [
  { port: LOKI_HTTP_PORT, name: 'http' },
  { port: LOKI_GRPC_PORT, name: 'grpc' },
  { port: LOKI_MEMBERLIST_PORT, name: 'memberlist' },
];
const GATEWAY_PODS: Labels = { ...LOKISTACK_PODS, 'app.kubernetes.io/component': 'lokistack-gateway' };
/** The Vector collector pods the Logging operator renders for the ClusterLogForwarder. */
const COLLECTOR_PODS: Labels = { 'app.kubernetes.io/name': 'vector', 'app.kubernetes.io/component': 'collector' };

/** Every pod of the log store, for the flows and egress of both targets. */
function storePods(ctx: BuildContext): Labels | undefined {
  return ctx.openshift ? LOKISTACK_PODS : undefined;
}

/**
 * OpenShift: into the LokiStack's pods, which the Loki Operator renders (its labels and the
 * gateway's port). Kubernetes: into the native StatefulSet through its Services (readers and
 * writers on the API; the replicas on every port both Services target).
 */
function flows(ctx: BuildContext, native?: NativeLoki): Flow[] {
  const describe = (c: ComponentName) => `${c} reads and writes logs through the Loki API`;
  if (native !== undefined) {
    const self: FlowSource = { from: { kind: 'component', component: 'loki' }, description: 'Loki components replicate, query and gossip among themselves' };
    return [
      // Grafana queries logs; the Alloy collector pushes them (their `consumes`).
      ...flowsToService(native.api, consumerSources(ctx.consumers, describe), { ports: ['http'], pods: native.workload.object }),
      ...flowsToService(native.api, [self], { pods: native.workload.object }),
      ...flowsToService(native.memberlist, [self], { pods: native.workload.object }),
    ];
  }
  return [
    ...consumerFlows(ctx.consumers, { toSelector: GATEWAY_PODS, ports: [{ port: LOKISTACK_GATEWAY_PORT, name: 'http' }], describe }),
    { from: { kind: 'component', component: 'loki', selector: LOKISTACK_PODS }, toSelector: LOKISTACK_PODS, ports: LOKISTACK_PEER_PORTS, description: 'Loki components replicate, query and gossip among themselves' },
    { from: { kind: 'component', component: 'loki', selector: COLLECTOR_PODS }, toSelector: GATEWAY_PODS, ports: [{ port: LOKISTACK_GATEWAY_PORT, name: 'http' }], description: 'the Vector collector pushes logs to the LokiStack gateway' },
  ];
}

function egress(ctx: BuildContext): Egress[] {
  const store = storePods(ctx);
  const s3 = ctx.objectStorage.consumerEgress('Loki writes chunks and the index to S3').map((e) => (store ? { ...e, fromSelector: store } : e));
  if (!ctx.openshift) return s3;
  return [
    ...s3,
    { to: { kind: 'apiserver' }, fromSelector: GATEWAY_PODS, ports: [], description: 'the LokiStack gateway reviews callers\' tokens and access (TokenReview, SubjectAccessReview)' },
    { to: { kind: 'apiserver' }, fromSelector: COLLECTOR_PODS, ports: [], description: 'the collector reads pod metadata and its ServiceAccount token' },
  ];
}

function checks(ctx: BuildContext, replicas: number): LiveCheck[] {
  const query = lokiQueryEndpoint(ctx);
  if (ctx.openshift) {
    return [
      { id: 'loki.lokistack', group: 'monitoring', title: 'LokiStack is ready', probe: { type: 'object-ready', ref: { apiVersion: 'loki.grafana.com/v1', kind: 'LokiStack', name: LOKISTACK_NAME, namespace: ctx.namespace } } },
      { id: 'loki.forwarder', group: 'monitoring', title: 'ClusterLogForwarder is ready', probe: { type: 'object-ready', ref: { apiVersion: 'observability.openshift.io/v1', kind: 'ClusterLogForwarder', name: 'logging', namespace: ctx.namespace } } },
      { id: 'loki.gateway', group: 'monitoring', title: 'LokiStack gateway has endpoints', probe: { type: 'service-endpoints', namespace: ctx.namespace, service: query.service } },
      // Reading the tenant needs a token allowed to: Grafana's datasource ServiceAccount has one.
      ...(ctx.isEnabled('grafana')
        ? [lokiStackRoundTripCheck(ctx, { endpoint: { namespace: ctx.namespace, service: query.service, port: query.port }, token: { namespace: ctx.namespaceOf('grafana'), name: DATASOURCE_TOKEN_SECRET, key: 'token' } })]
        : []),
    ];
  }
  const endpoint = { namespace: ctx.namespace, service: LOKI_SERVICE, port: LOKI_HTTP_PORT };
  return [
    { id: 'loki.pods', group: 'monitoring', title: 'Loki pods are ready', probe: { type: 'pods-ready', namespace: ctx.namespace, selector: ctx.selector(), min: replicas } },
    { id: 'loki.ready', group: 'monitoring', title: 'Loki reports ready', probe: { type: 'http', endpoint, path: '/ready', expectBody: 'ready' } },
    {
      id: 'loki.query',
      group: 'monitoring',
      title: 'Loki answers a LogQL query over the platform\'s logs',
      probe: { type: 'http', endpoint, path: `/loki/api/v1/query?query=${encodeURIComponent(`count_over_time({namespace="${ctx.namespace}"}[1h])`)}`, expectBody: '"status":"success"' },
    },
    // Without the collector there is no log path to exercise.
    ...(ctx.isEnabled('alloy') ? [logRoundTripCheck(ctx, endpoint)] : []),
  ];
}

/**
 * LokiStack footprint (OpenShift): the documented totals of each t-shirt size, as one pod shape.
 * @see https://docs.redhat.com/en/documentation/red_hat_openshift_logging/6.2/html/configuring_logging/configuring-the-log-store
 */
function lokiStackFootprint(ctx: BuildContext): PodFootprint {
  const shape = ctx.profile === 'dev' ? resources('500m', '1Gi', '2', '2Gi') : ctx.profile === 'small' ? resources('1', '2Gi', '2', '4Gi') : resources('2', '4Gi', '4', '8Gi');
  const pods = ctx.profile === 'dev' ? 8 : 14;
  return { name: LOKISTACK_NAME, namespace: ctx.namespace, replicas: pods, resources: shape };
}

function build(ctx: BuildContext<LokiOptions>): ComponentBuild {
  const retentionDays = ctx.options().retentionDays ?? LOKI_RETENTION_DAYS[ctx.profile];
  if (ctx.openshift) {
    const logging = openshiftLogging(ctx, retentionDays);
    return {
      ...emptyBuild(),
      objects: logging.objects,
      dependsOn: ['object-storage'],
      operators: [LOKI_OPERATOR, LOGGING_OPERATOR],
      flows: flows(ctx),
      egress: egress(ctx),
      secrets: logging.secrets,
      checks: checks(ctx, 0),
      ...(ctx.isEnabled('grafana') ? { images: [ctx.image(LOG_PROBE_IMAGE)] } : {}),
      footprint: [lokiStackFootprint(ctx)],
      warnings:
        ctx.storageClass('standard') === undefined && ctx.objectStorage.mode !== 'odf'
          ? [`the LokiStack needs a StorageClass name and none is configured: it uses ${ODF_BLOCK_CLASS}; set storage.classes.standard.name or components.loki.storage.storageClass`]
          : [],
    };
  }
  const sizing = ctx.sizing(LOKI_SIZING);
  const native = nativeLoki(ctx, retentionDays);
  const selector = ctx.selector();
  return {
    ...emptyBuild(),
    objects: native.objects,
    dependsOn: ['object-storage'],
    flows: flows(ctx, native),
    egress: egress(ctx),
    secrets: native.secrets,
    disruption: [native.workload.disruption],
    checks: checks(ctx, sizing.replicas),
    ...(ctx.isEnabled('alloy') ? { images: [ctx.image(LOG_PROBE_IMAGE)] } : {}),
    metrics: [
      {
        name: LOKI_SERVICE,
        namespace: ctx.namespace,
        via: 'service',
        selector,
        port: 'http',
        targetPort: LOKI_HTTP_PORT,
        // Loki's own series plus the Go runtime's, on /metrics of the HTTP port.
        metrics: ['loki_*', 'cortex_*', 'go_*', 'process_*', 'up'],
      },
    ],
    alerts: [
      downAlert({ alert: 'LokiDown', title: 'Loki', endpoint: { name: LOKI_SERVICE, namespace: ctx.namespace } }),
      ...workloadAlerts({ prefix: 'Loki', title: 'Loki', namespace: ctx.namespace, pods: `${LOKI_SERVICE}-[0-9]+`, volumes: `data-${LOKI_SERVICE}-[0-9]+` }),
    ],
    footprint: [native.workload.footprint],
  };
}

/**
 * Loki, the log store: a LokiStack through the Loki Operator with the OpenShift Logging
 * ClusterLogForwarder on OpenShift; a native monolithic render (fed by Alloy) on Kubernetes.
 */
export const loki: ComponentDefinition<LokiOptions> = {
  name: 'loki',
  title: 'Loki (logs)',
  tier: 'monitoring',
  layer: 'management',
  phase: 'monitoring',
  version: LOKI_IMAGE.slice(LOKI_IMAGE.lastIndexOf(':') + 1),
  enabledByDefault: true,
  options: lokiOptions,
  // Chunks and indexes; on OpenShift the LokiStack's pods carry the operator's labels, not ours.
  consumes: (ctx) => [{ component: 'object-storage', ...(ctx.openshift ? { selector: LOKISTACK_PODS } : {}) }],
  build,
};
