import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import { matchSnapshot } from '../../support/snapshot.ts';

const kubernetes = (config: UserConfig = {}) => platformFor({ target: 'kubernetes', ...config });

describe('prometheus component', () => {
  it('matches the production Kubernetes snapshot', () => {
    matchSnapshot('components/prometheus/production-kubernetes', objectsOf(kubernetes({ profile: 'production' }), 'prometheus'));
  });

  it('runs the seed HA pair in production: 2 replicas on distinct nodes, 30 days, 500Gi on the standard tier', () => {
    const prometheus = findObject(objectsOf(kubernetes({ profile: 'production' }), 'prometheus'), 'Prometheus', 'datalyptica');
    assert.equal(at(prometheus, 'spec.replicas'), 2);
    assert.equal(at(prometheus, 'spec.retention'), '30d');
    assert.equal(at(prometheus, 'spec.storage.volumeClaimTemplate.spec.resources.requests.storage'), '500Gi');
    assert.deepEqual(at(prometheus, 'spec.resources.requests'), { cpu: '4', memory: '16Gi' });
    assert.ok(at(prometheus, 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution'));
    assert.equal(at(findObject(objectsOf(kubernetes({ profile: 'dev' }), 'prometheus'), 'Prometheus', 'datalyptica'), 'spec.replicas'), 1);
  });

  it('selects monitors and rules by the monitoring label and sends alerts to the Alertmanager', () => {
    const prometheus = findObject(objectsOf(kubernetes(), 'prometheus'), 'Prometheus', 'datalyptica');
    assert.deepEqual(at(prometheus, 'spec.serviceMonitorSelector'), { matchLabels: { monitoring: 'datalyptica' } });
    assert.deepEqual(at(prometheus, 'spec.ruleSelector'), { matchLabels: { monitoring: 'datalyptica' } });
    assert.equal(at(prometheus, 'spec.alerting.alertmanagers.0.namespace'), 'datalyptica-monitoring');
  });

  it('runs restricted, with read-only discovery RBAC for its ServiceAccount', () => {
    const objects = objectsOf(kubernetes(), 'prometheus');
    const prometheus = findObject(objects, 'Prometheus', 'datalyptica');
    assert.equal(at(prometheus, 'spec.securityContext.runAsNonRoot'), true);
    assert.equal(at(prometheus, 'spec.containers.0.securityContext.allowPrivilegeEscalation'), false);
    assert.deepEqual(at(prometheus, 'spec.containers.0.securityContext.capabilities.drop'), ['ALL']);
    const role = findObject(objects, 'ClusterRole', 'datalyptica-prometheus');
    const verbs = (role['rules'] as { verbs: string[] }[]).flatMap((r) => r.verbs);
    assert.ok(verbs.every((v) => ['get', 'list', 'watch'].includes(v)));
  });

  it('installs the Prometheus Operator from its Helm chart on Kubernetes only', () => {
    const operators = kubernetes().components.get('prometheus')!.build.operators;
    assert.deepEqual(operators.map((o) => o.kubernetes.type === 'helm' && o.kubernetes.chart), ['kube-prometheus-stack']);
    assert.deepEqual(platformFor({ target: 'openshift' }).components.get('prometheus')!.build.operators, []);
  });

  it('renders no Prometheus on OpenShift, and the user workload monitoring settings only when asked', () => {
    const openshift = objectsOf(platformFor({ target: 'openshift' }), 'prometheus');
    assert.ok(!openshift.some((o) => o.kind === 'Prometheus' || o.kind === 'ConfigMap'));
    assert.ok(platformFor({ target: 'openshift' }).components.get('prometheus')!.build.checks.some((c) => c.group === 'monitoring'));
    const managed = objectsOf(platformFor({ target: 'openshift', profile: 'production', components: { prometheus: { userWorkloadMonitoring: { manage: true } } } }), 'prometheus');
    const cluster = findObject(managed, 'ConfigMap', 'cluster-monitoring-config');
    assert.equal(cluster.metadata.namespace, 'openshift-monitoring');
    assert.deepEqual(parse((cluster['data'] as Record<string, string>)['config.yaml']!), { enableUserWorkload: true });
    const uwm = parse((findObject(managed, 'ConfigMap', 'user-workload-monitoring-config')['data'] as Record<string, string>)['config.yaml']!);
    assert.equal(uwm.prometheus.retention, '30d');
    assert.equal(uwm.prometheus.volumeClaimTemplate.spec.resources.requests.storage, '500Gi');
    assert.deepEqual(uwm.alertmanager, { enabled: true, enableAlertmanagerConfig: true });
  });

  it('admits Prometheus to every declared metrics endpoint on Kubernetes', () => {
    const policies = kubernetes().objects.map((p) => p.object).filter((o) => o.kind === 'NetworkPolicy');
    const nessie = findObject(policies, 'NetworkPolicy', 'nessie-ingress');
    const rules = at(nessie, 'spec.ingress') as { from?: { namespaceSelector?: { matchLabels?: Record<string, string> }; podSelector?: { matchLabels?: Record<string, string> } }[]; ports?: { port: number }[] }[];
    const scrape = rules.find((r) => r.from?.some((f) => f.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'prometheus'));
    assert.deepEqual(scrape?.ports?.map((p) => p.port), [9000]);
  });

  it('checks live, in the monitoring group, that targets are up and rules load and evaluate', () => {
    const checks = kubernetes().components.get('prometheus')!.build.checks;
    assert.ok(checks.every((c) => c.group === 'monitoring'));
    const targets = checks.find((c) => c.id === 'prometheus.targets')!.probe;
    assert.deepEqual(targets.type === 'http' && [decodeURIComponent(targets.path), targets.expectBody], ['/api/v1/query?query=up == 0', '"result":[]']);
    assert.ok(checks.some((c) => c.id === 'prometheus.rules') && checks.some((c) => c.id === 'prometheus.rule-errors'));
  });

  it('scrapes the kubelets through the operator-managed kube-system/kubelet Service, keeping only the volume statistics', () => {
    const platform = kubernetes();
    const monitor = findObject(objectsOf(platform, 'prometheus'), 'ServiceMonitor', 'kubelet');
    assert.equal(monitor.metadata.namespace, 'datalyptica-monitoring');
    assert.equal(monitor.metadata.labels?.['monitoring'], 'datalyptica');
    assert.deepEqual(at(monitor, 'spec.namespaceSelector'), { matchNames: ['kube-system'] });
    assert.deepEqual(at(monitor, 'spec.selector.matchLabels'), { 'app.kubernetes.io/name': 'kubelet', 'k8s-app': 'kubelet' });
    assert.equal(at(monitor, 'spec.endpoints.0.port'), 'https-metrics');
    assert.equal(at(monitor, 'spec.endpoints.0.scheme'), 'https');
    // honorLabels keeps the PVC's namespace on kubelet_volume_stats_* (the alerts select by it).
    assert.equal(at(monitor, 'spec.endpoints.0.honorLabels'), true);
    assert.deepEqual(at(monitor, 'spec.endpoints.0.metricRelabelings'), [{ action: 'keep', sourceLabels: ['__name__'], regex: 'kubelet_volume_stats_.*' }]);
    // cAdvisor: only the two container series the overview dashboard reads.
    assert.equal(at(monitor, 'spec.endpoints.1.path'), '/metrics/cadvisor');
    assert.deepEqual(at(monitor, 'spec.endpoints.1.metricRelabelings'), [{ action: 'keep', sourceLabels: ['__name__'], regex: 'container_cpu_usage_seconds_total|container_memory_working_set_bytes' }]);
    // The operator keeps that Service only when started with --kubelet-service.
    const operator = platform.components.get('prometheus')!.build.operators[0]!;
    const values = operator.kubernetes.type === 'helm' ? operator.kubernetes.values : undefined;
    assert.deepEqual(at(values, 'prometheusOperator.kubeletService'), { enabled: true, namespace: 'kube-system', name: 'kubelet' });
    // The kubelet authorizes the token as get nodes/metrics.
    const role = findObject(objectsOf(platform, 'prometheus'), 'ClusterRole', 'datalyptica-prometheus');
    assert.ok((role['rules'] as { resources?: string[] }[]).some((r) => r.resources?.includes('nodes/metrics')));
  });

  it('authenticates to the kubelets with the token Secret of its own ServiceAccount, not with deprecated token or CA files', () => {
    const objects = objectsOf(kubernetes(), 'prometheus');
    const monitor = findObject(objects, 'ServiceMonitor', 'kubelet');
    for (const endpoint of at(monitor, 'spec.endpoints') as Record<string, unknown>[]) {
      assert.deepEqual(endpoint['authorization'], { type: 'Bearer', credentials: { name: 'prometheus-token', key: 'token' } });
      assert.equal(endpoint['bearerTokenFile'], undefined);
      assert.equal(endpoint['bearerTokenSecret'], undefined);
      assert.deepEqual(endpoint['tlsConfig'], { insecureSkipVerify: true });
    }
    // The Secret sits next to the monitor (the operator reads only the monitor's namespace) and
    // carries no value: the token controller fills it for the ServiceAccount Prometheus runs as.
    const secret = findObject(objects, 'Secret', 'prometheus-token');
    assert.equal(secret.metadata.namespace, monitor.metadata.namespace);
    assert.equal(secret['type'], 'kubernetes.io/service-account-token');
    assert.equal(secret.metadata.annotations?.['kubernetes.io/service-account.name'], at(findObject(objects, 'Prometheus', 'datalyptica'), 'spec.serviceAccountName'));
    assert.equal(secret['data'], undefined);
    assert.equal(secret['stringData'], undefined);
    const planned = kubernetes().components.get('prometheus')!.build.secrets.find((s) => s.name === 'prometheus-token');
    assert.equal(planned?.source, 'operator');
    // verifyTls takes the cluster CA from the same Secret instead of the pod's ca.crt file.
    const verified = findObject(objectsOf(kubernetes({ components: { prometheus: { kubelet: { verifyTls: true } } } }), 'prometheus'), 'ServiceMonitor', 'kubelet');
    assert.deepEqual(at(verified, 'spec.endpoints.0.tlsConfig'), { ca: { secret: { name: 'prometheus-token', key: 'ca.crt' } } });
    // No kubelet scrape, no token Secret.
    assert.ok(!objectsOf(kubernetes({ components: { prometheus: { kubelet: { scrape: false } } } }), 'prometheus').some((o) => o.kind === 'Secret'));
  });

  it('admits Prometheus to the kubelets on 10250 only, to the configured node blocks', () => {
    const egressOf = (config: UserConfig) => {
      const policy = findObject(kubernetes(config).objects.map((p) => p.object), 'NetworkPolicy', 'prometheus-egress');
      return (at(policy, 'spec.egress') as { to?: { ipBlock?: { cidr: string } }[]; ports?: { port: number }[] }[]).filter((r) => r.to?.some((t) => t.ipBlock !== undefined));
    };
    const defaults = egressOf({});
    assert.deepEqual(defaults.map((r) => r.to![0]!.ipBlock!.cidr).sort(), ['0.0.0.0/0', '::/0']);
    assert.ok(defaults.every((r) => r.ports?.length === 1 && r.ports[0]!.port === 10250));
    assert.deepEqual(egressOf({ components: { prometheus: { kubelet: { nodeCidrs: ['10.0.0.0/24'] } } } }).map((r) => r.to![0]!.ipBlock!.cidr), ['10.0.0.0/24']);
    const off = kubernetes({ components: { prometheus: { kubelet: { scrape: false } } } });
    assert.deepEqual(egressOf({ components: { prometheus: { kubelet: { scrape: false } } } }), []);
    assert.ok(!objectsOf(off, 'prometheus').some((o) => o.kind === 'ServiceMonitor' && o.metadata.name === 'kubelet'));
    assert.ok(!off.components.get('prometheus')!.build.checks.some((c) => c.id === 'prometheus.kubelets'));
  });

  it('alerts when no kubelet is scraped and checks live that one is', () => {
    const build = kubernetes().components.get('prometheus')!.build;
    const alert = build.alerts!.find((a) => a.alert === 'KubeletMetricsMissing')!;
    assert.equal(alert.expr, 'absent(up{namespace="kube-system",job="kubelet"} == 1)');
    assert.equal(alert.severity, 'warning');
    const probe = build.checks.find((c) => c.id === 'prometheus.kubelets')!.probe;
    assert.deepEqual(probe.type === 'http' && [decodeURIComponent(probe.path), probe.expectBody], ['/api/v1/query?query=up{job="kubelet"} == 1', '"result":[{']);
  });

  it('renders objects that validate against the schemas in every combination', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    const extra = [
      { target: 'openshift' as const, components: { prometheus: { userWorkloadMonitoring: { manage: true } } } },
      { target: 'kubernetes' as const, components: { prometheus: { kubelet: { verifyTls: true } } } },
    ];
    for (const base of [...ALL_COMBINATIONS, ...extra]) {
      for (const object of objectsOf(platformFor(base), 'prometheus')) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${object.kind}/${object.metadata.name} ${JSON.stringify(base)}: ${JSON.stringify(result.errors)}`);
      }
    }
  });
});
