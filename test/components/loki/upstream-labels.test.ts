import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, platformFor } from '../../support/platform.ts';

type Rule = { from?: { podSelector?: { matchLabels?: Record<string, string> } }[]; to?: { podSelector?: { matchLabels?: Record<string, string> } }[]; ports?: { port: number }[] };

/**
 * The labels the operators put on the pods our OpenShift policies select, as their sources set them:
 * the Logging operator's collector DaemonSet (`runtime.Selectors(instance, "collector", "vector")`)
 * and the Loki Operator's `commonLabels`/`ComponentLabels` (`lokistack`, the stack name, `lokistack-gateway`).
 * @see https://github.com/openshift/cluster-logging-operator/blob/master/internal/runtime/runtime.go
 * @see https://github.com/grafana/loki/blob/main/operator/internal/manifests/var.go
 */
describe('OpenShift log pipeline selectors', () => {
  const policies = platformFor({ target: 'openshift' }).objects.map((p) => p.object).filter((o) => o.kind === 'NetworkPolicy');

  it('admit the Vector collector pods (name vector, component collector) to the LokiStack gateway on 8080', () => {
    const gateway = policies.find((p) => (at(p, 'spec.podSelector.matchLabels') as Record<string, string> | undefined)?.['app.kubernetes.io/component'] === 'lokistack-gateway' && p.metadata.name.includes('ingress'))!;
    assert.deepEqual(at(gateway, 'spec.podSelector.matchLabels'), { 'app.kubernetes.io/component': 'lokistack-gateway', 'app.kubernetes.io/instance': 'logging-loki', 'app.kubernetes.io/name': 'lokistack' });
    const rules = at(gateway, 'spec.ingress') as Rule[];
    const vector = rules.find((r) => r.from?.some((f) => f.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'vector'));
    assert.deepEqual(vector?.from?.[0]?.podSelector?.matchLabels, { 'app.kubernetes.io/component': 'collector', 'app.kubernetes.io/name': 'vector' });
    assert.deepEqual(vector?.ports?.map((p) => p.port), [8080]);
  });

  it('let the LokiStack pods reach each other on HTTP 3100, gRPC 9095 and the gossip ring 7946', () => {
    const peers = policies.find((p) => p.metadata.name.includes('egress') && (at(p, 'spec.podSelector.matchLabels') as Record<string, string> | undefined)?.['app.kubernetes.io/name'] === 'lokistack')!;
    const rules = at(peers, 'spec.egress') as Rule[];
    const internal = rules.find((r) => r.to?.some((t) => t.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'lokistack'));
    assert.deepEqual(internal?.ports?.map((p) => p.port).sort(), [3100, 7946, 9095]);
  });

  it('query logs on OpenShift by the stream labels Vector writes (kubernetes_namespace_name), on Kubernetes by Alloy\'s namespace', () => {
    const logsDashboard = (target: 'openshift' | 'kubernetes') => {
      const object = platformFor({ target }).objects.map((p) => p.object).find((o) => o.kind === 'GrafanaDashboard' && o.metadata.name === 'dl-logs')!;
      return JSON.parse((object['spec'] as { json: string }).json) as { panels: { targets?: { expr: string }[] }[] };
    };
    const exprs = (target: 'openshift' | 'kubernetes') => logsDashboard(target).panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    assert.ok(exprs('openshift').length > 0 && exprs('openshift').every((e) => e.includes('{kubernetes_namespace_name=~"datalyptica-.*"}')));
    assert.ok(exprs('kubernetes').every((e) => e.includes('{namespace=~"datalyptica-.*"}')));
  });
});
