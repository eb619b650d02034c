import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monitorFor, prometheusRuleFor } from '../../../src/platform/derive/monitors.ts';
import type { MetricsEndpoint } from '../../../src/model/metrics.ts';
import { ALL_COMBINATIONS, at, platformFor } from '../../support/platform.ts';

/** Components whose owner has not yet replaced a `from: monitoring` flow by its `metrics` declaration. */
const STILL_HAND_WRITTEN: ReadonlySet<string> = new Set(['grafana', 'loki', 'alloy']);

const ENDPOINT: MetricsEndpoint = { name: 'demo', namespace: 'ns', via: 'pod', selector: { app: 'demo' }, port: 'metrics', targetPort: 9100, metrics: ['demo_*'] };

describe('derived monitors and rules', () => {
  it('render a PodMonitor or ServiceMonitor per endpoint, in its namespace, labelled for our Prometheus', () => {
    const pod = monitorFor(ENDPOINT, { 'app.kubernetes.io/name': 'demo' });
    assert.equal(pod.kind, 'PodMonitor');
    assert.equal(pod.metadata.labels?.['monitoring'], 'datalyptica');
    assert.deepEqual(at(pod, 'spec.namespaceSelector'), { matchNames: ['ns'] });
    assert.deepEqual(at(pod, 'spec.podMetricsEndpoints.0'), {
      port: 'metrics',
      path: '/metrics',
      interval: '30s',
      scheme: 'http',
      relabelings: [{ action: 'replace', targetLabel: 'job', replacement: 'demo' }],
    });
    const service = monitorFor({ ...ENDPOINT, via: 'service', auth: { type: 'basic', secret: 'demo-metrics' } }, {});
    assert.equal(service.kind, 'ServiceMonitor');
    assert.deepEqual(at(service, 'spec.endpoints.0.basicAuth.password'), { name: 'demo-metrics', key: 'password' });
  });

  it('render an OAuth2 client credentials block (client id from a ConfigMap, secret from a Secret, token CA) and a CA from a Secret', () => {
    const monitor = monitorFor(
      {
        ...ENDPOINT,
        via: 'service',
        scheme: 'https',
        tls: { caSecret: { name: 'demo-tls', key: 'ca.crt' }, serverName: 'demo.ns.svc' },
        auth: { type: 'oauth2', clientId: { configMap: { name: 'demo-client', key: 'client-id' } }, clientSecret: { name: 'demo-client', key: 'client-secret' }, tokenUrl: 'https://idp.iam.svc:8443/token', tokenCaSecret: { name: 'idp-ca', key: 'ca.crt' } },
      },
      {},
    );
    assert.deepEqual(at(monitor, 'spec.endpoints.0.tlsConfig'), { ca: { secret: { name: 'demo-tls', key: 'ca.crt' } }, serverName: 'demo.ns.svc' });
    assert.deepEqual(at(monitor, 'spec.endpoints.0.oauth2'), {
      clientId: { configMap: { name: 'demo-client', key: 'client-id' } },
      clientSecret: { name: 'demo-client', key: 'client-secret' },
      tokenUrl: 'https://idp.iam.svc:8443/token',
      tlsConfig: { ca: { secret: { name: 'idp-ca', key: 'ca.crt' } } },
    });
    assert.equal(at(monitor, 'spec.endpoints.0.basicAuth'), undefined);
  });

  it('group alerts into one PrometheusRule with severity, summary, description and a runbook link', () => {
    const rule = prometheusRuleFor('trino', 'ns', [{ alert: 'TrinoDown', expr: 'up == 0', for: '5m', severity: 'critical', summary: 's', description: 'd', runbook: 'down' }], {});
    assert.deepEqual(at(rule, 'spec.groups.0.rules.0'), {
      alert: 'TrinoDown',
      expr: 'up == 0',
      for: '5m',
      labels: { severity: 'critical', component: 'trino' },
      annotations: { summary: 's', description: 'd', runbook_url: 'https://github.com/datalyptica/datalyptica/blob/main/docs/runbooks/trino.md#down' },
    });
  });

  it('leave no component hand-writing monitors or scrape flows, and give every long-running component a down alert', () => {
    for (const config of ALL_COMBINATIONS) {
      const platform = platformFor(config);
      for (const [name, built] of platform.components) {
        // The one exception: the kubelets are no component's pods (kube-system, node addresses, an ipBlock
        // egress instead of an ingress rule), so their monitor is not an endpoint declaration.
        const own = built.build.objects.filter((o) => ['ServiceMonitor', 'PodMonitor', 'PrometheusRule'].includes(o.kind) && !(name === 'prometheus' && o.kind === 'ServiceMonitor' && o.metadata.name === 'kubelet'));
        assert.deepEqual(own.map((o) => `${o.kind}/${o.metadata.name}`), [], `${name} renders its own monitor`);
        // Keycloak's flow from monitoring is no scrape: Prometheus fetches the token of a scrape client (Trino's /metrics).
        const tokenFlow = (f: (typeof built.build.flows)[number]) => name === 'keycloak' && f.description.startsWith('Prometheus fetches tokens of ');
        if (!STILL_HAND_WRITTEN.has(name)) assert.ok(!built.build.flows.some((f) => f.from.kind === 'monitoring' && !tokenFlow(f)), `${name} declares a monitoring flow`);
      }
      const down = new Set([...platform.components.values()].flatMap((c) => (c.build.alerts ?? []).filter((a) => a.runbook === 'down').map((a) => a.alert)));
      for (const alert of ['TrinoDown', 'NessieDown', 'PostgresDown', 'KafkaDown', 'RedisDown', 'CertManagerDown', 'FlinkDown', 'ClickHouseDown', 'SchemaRegistryDown']) {
        if ([...platform.components.keys()].some((c) => alert.toLowerCase().startsWith(c.replace('-', '')))) assert.ok(down.has(alert), `${alert} in ${JSON.stringify(config)}`);
      }
    }
  });
});
