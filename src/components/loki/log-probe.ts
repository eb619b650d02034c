import type { BuildContext } from '../../model/build-context.ts';
import type { LiveCheck, ServiceEndpoint } from '../../model/live-check.ts';

/**
 * The image of `validate`'s log probe pod: it only needs `sh`, `echo` and `sleep`. Pinned, and listed
 * by `datalyptica images` (declared in the component's `images`) so a mirrored cluster has it.
 * @see https://hub.docker.com/_/busybox
 */
export const LOG_PROBE_IMAGE = 'docker.io/library/busybox:1.37.0';

/**
 * The end-to-end log check (Kubernetes, with the Alloy collector): a short-lived restricted pod in
 * Loki's namespace writes a unique line to stdout and LogQL must find it on that pod's stream.
 * Allows for Alloy's file discovery (every 10 s) and Loki's ingestion.
 */
export function logRoundTripCheck(ctx: BuildContext, endpoint: ServiceEndpoint): LiveCheck {
  return {
    id: 'loki.roundtrip',
    group: 'monitoring',
    title: 'A line a test pod writes to stdout reaches Loki through the collector',
    // busybox's user is root: a fixed non-root UID on Kubernetes; OpenShift's SCC assigns one.
    probe: { type: 'loki-roundtrip', endpoint, writer: { namespace: ctx.namespace, image: ctx.image(LOG_PROBE_IMAGE), runAsUser: 65534 } },
    timeoutSeconds: 90,
  };
}

/**
 * OpenShift: the same check through the LokiStack gateway's `application` tenant (the monitoring
 * namespace is an application namespace for the ClusterLogForwarder), with the token of Grafana's
 * datasource ServiceAccount, which may read that tenant. Vector labels streams
 * `kubernetes_namespace_name` and `kubernetes_pod_name`.
 * @see https://github.com/openshift/cluster-logging-operator/blob/master/internal/generator/vector/output/loki/loki.go
 */
export function lokiStackRoundTripCheck(ctx: BuildContext, input: { endpoint: ServiceEndpoint; token: { namespace: string; name: string; key: string } }): LiveCheck {
  return {
    id: 'loki.roundtrip',
    group: 'monitoring',
    title: 'A line a test pod writes to stdout reaches the LokiStack through the Vector collector',
    probe: {
      type: 'loki-roundtrip',
      endpoint: input.endpoint,
      writer: { namespace: ctx.namespace, image: ctx.image(LOG_PROBE_IMAGE) },
      gateway: { pathPrefix: '/api/logs/v1/application', token: input.token },
      streamLabels: { namespace: 'kubernetes_namespace_name', pod: 'kubernetes_pod_name' },
    },
    timeoutSeconds: 120,
  };
}
