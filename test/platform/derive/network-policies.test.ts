import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import { DEFAULT_DENY_POLICY, DNS_POLICY, OPERATORS_POLICY } from '../../../src/platform/network/intents.ts';
import { ALL_COMBINATIONS, findObject, platformFor } from '../../support/platform.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';

const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });

function policies(config: Parameters<typeof platformFor>[0]): KubeObject[] {
  return platformFor(config).objects.map((p) => p.object).filter((o) => o.kind === 'NetworkPolicy');
}

function spec(object: KubeObject): Record<string, any> {
  return object['spec'] as Record<string, any>;
}

describe('derived NetworkPolicies', () => {
  it('deny every ingress and egress by default in every platform namespace of every combination', () => {
    for (const config of ALL_COMBINATIONS) {
      const platform = platformFor(config);
      for (const ns of platform.namespaces) {
        const deny = platform.objects.find((p) => p.object.kind === 'NetworkPolicy' && p.object.metadata.namespace === ns && p.object.metadata.name === DEFAULT_DENY_POLICY);
        assert.ok(deny, `${JSON.stringify(config)}: ${ns} has no default deny`);
        assert.deepEqual(spec(deny.object), { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      }
    }
  });

  it('allow DNS to openshift-dns on 5353 and 53 over UDP and TCP on OpenShift (audit A-33, A-34)', () => {
    const dns = policies({ target: 'openshift' }).filter((p) => p.metadata.name === DNS_POLICY);
    assert.ok(dns.length > 0);
    for (const policy of dns) {
      const [rule] = spec(policy)['egress'];
      assert.deepEqual(rule.to, [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openshift-dns' } }, podSelector: { matchLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } } },
      ]);
      assert.deepEqual(rule.ports, [
        { protocol: 'TCP', port: 53 },
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 5353 },
        { protocol: 'UDP', port: 5353 },
      ]);
      assert.deepEqual(spec(policy)['podSelector'], {});
    }
  });

  it('allow DNS to kube-dns in kube-system on 53 over UDP and TCP on Kubernetes', () => {
    const dns = policies({ target: 'kubernetes' }).filter((p) => p.metadata.name === DNS_POLICY);
    assert.ok(dns.length > 0);
    for (const policy of dns) {
      const [rule] = spec(policy)['egress'];
      assert.deepEqual(rule.to[0].namespaceSelector, { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } });
      assert.deepEqual(rule.to[0].podSelector, { matchLabels: { 'k8s-app': 'kube-dns' } });
      assert.deepEqual(rule.ports, [
        { protocol: 'TCP', port: 53 },
        { protocol: 'UDP', port: 53 },
      ]);
    }
  });

  it('turn a flow into an ingress rule on the target and an egress rule on the source', () => {
    const all = policies({ target: 'kubernetes' });
    const ingress = all.find((p) => p.metadata.name === 'nessie-ingress')!;
    const fromTrino = spec(ingress)['ingress'].find((r: any) => r.from?.[0]?.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'trino');
    assert.ok(fromTrino, 'nessie admits trino');
    assert.deepEqual(fromTrino.from[0].namespaceSelector, { matchLabels: { 'kubernetes.io/metadata.name': 'datalyptica-query' } });
    assert.deepEqual(fromTrino.ports, [{ protocol: 'TCP', port: 19120 }]);
    const egress = all.find((p) => p.metadata.name === 'trino-egress' && p.metadata.namespace === 'datalyptica-query')!;
    const toNessie = spec(egress)['egress'].find((r: any) => r.to?.[0]?.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'nessie');
    assert.deepEqual(toNessie.ports, [{ protocol: 'TCP', port: 19120 }]);
  });

  it('admit the OpenShift router by its policy-group namespace label and the Kubernetes controller by namespace', () => {
    const openshift = findObject(policies({ target: 'openshift' }), 'NetworkPolicy', 'nessie-ingress');
    assert.ok(spec(openshift)['ingress'].some((r: any) => r.from?.[0]?.namespaceSelector?.matchLabels?.['policy-group.network.openshift.io/ingress'] === ''));
    const kubernetes = findObject(policies({ target: 'kubernetes', ingress: { controllerNamespace: 'traefik' } }), 'NetworkPolicy', 'nessie-ingress');
    assert.ok(spec(kubernetes)['ingress'].some((r: any) => r.from?.[0]?.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'traefik'));
  });

  it('pair every namespace-wide peer with an explicit empty podSelector so OVN-Kubernetes admits a host-network router', () => {
    const policy = findObject(policies({ target: 'openshift' }), 'NetworkPolicy', 'nessie-ingress');
    const router = spec(policy)['ingress'].find((r: any) => r.from?.[0]?.namespaceSelector?.matchLabels?.['policy-group.network.openshift.io/ingress'] === '');
    assert.deepEqual(router.from, [{ namespaceSelector: { matchLabels: { 'policy-group.network.openshift.io/ingress': '' } }, podSelector: {} }]);
    for (const config of ALL_COMBINATIONS) {
      for (const p of policies(config)) {
        for (const rule of [...(spec(p)['ingress'] ?? []), ...(spec(p)['egress'] ?? [])]) {
          for (const peer of rule.from ?? rule.to ?? []) {
            if (peer.namespaceSelector !== undefined) assert.ok(peer.podSelector !== undefined, `${p.metadata.namespace}/${p.metadata.name}: ${JSON.stringify(peer)}`);
          }
        }
      }
    }
  });

  it('admit OpenShift user workload monitoring for scraping', () => {
    const policy = findObject(policies({ target: 'openshift' }), 'NetworkPolicy', 'nessie-ingress');
    const scrape = spec(policy)['ingress'].find((r: any) => r.from?.[0]?.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'openshift-user-workload-monitoring');
    assert.deepEqual(scrape.ports, [{ protocol: 'TCP', port: 9000 }]);
  });

  it('let API server egress reach 443 and 6443 with no peer restriction', () => {
    const policy = findObject(policies({ target: 'openshift' }).filter((p) => p.metadata.namespace === 'cert-manager'), 'NetworkPolicy', 'cert-manager-egress');
    const api = spec(policy)['egress'].find((r: any) => r.to === undefined);
    assert.deepEqual(api.ports, [
      { protocol: 'TCP', port: 443 },
      { protocol: 'TCP', port: 6443 },
    ]);
  });

  it('give operator controllers in a platform namespace API access and select them by exclusion', () => {
    const policy = policies({ target: 'kubernetes' }).find((p) => p.metadata.namespace === 'cert-manager' && p.metadata.name === OPERATORS_POLICY)!;
    assert.deepEqual(spec(policy)['podSelector'].matchExpressions[0].operator, 'NotIn');
    assert.ok(spec(policy)['podSelector'].matchExpressions[0].values.includes('webhook'));
  });

  it('drop flows from disabled components', () => {
    const all = policies({ target: 'kubernetes', components: { dbt: { enabled: false } } });
    const ingress = findObject(all, 'NetworkPolicy', 'nessie-ingress');
    assert.ok(!JSON.stringify(spec(ingress)).includes('"dbt"'));
  });

  it('render the same policies for the same config', () => {
    assert.deepEqual(policies({ profile: 'small' }), policies({ profile: 'small' }));
  });

  it('validate against the NetworkPolicy schema in every combination', () => {
    for (const config of ALL_COMBINATIONS) {
      for (const policy of policies(config)) {
        const result = validator.validate(policy);
        assert.equal(result.status, 'valid', `${policy.metadata.namespace}/${policy.metadata.name}: ${JSON.stringify(result.errors)}`);
        assert.ok(policy.metadata.name.length <= 63);
      }
    }
  });
});

describe('NetworkPolicies for OpenShift builds', () => {
  const buildPolicies = (objects: readonly KubeObject[]) =>
    objects.filter((o) => o.kind === 'NetworkPolicy' && JSON.stringify((o['spec'] as Record<string, unknown>)['podSelector']).includes('openshift.io/build.name'));

  it('let the build pods of Superset and Kafka Connect pull over HTTPS and push to the integrated registry', () => {
    const policies = buildPolicies(platformFor({ target: 'openshift' }).objects.map((p) => p.object));
    assert.deepEqual(policies.map((p) => p.metadata.namespace).sort(), ['datalyptica-analytics', 'datalyptica-streaming']);
    for (const policy of policies) {
      const spec = policy['spec'] as { podSelector: unknown; egress: { to?: unknown[]; ports: { port: number }[] }[]; policyTypes: string[] };
      assert.deepEqual(spec.podSelector, { matchExpressions: [{ key: 'openshift.io/build.name', operator: 'Exists' }] });
      assert.deepEqual(spec.policyTypes, ['Egress']);
      const registry = spec.egress.find((rule) => JSON.stringify(rule.to ?? []).includes('openshift-image-registry'));
      assert.deepEqual(registry?.ports.map((p) => p.port), [5000]);
      assert.ok(spec.egress.some((rule) => rule.to === undefined && rule.ports.some((p) => p.port === 443)), 'HTTPS anywhere');
    }
  });

  it('are not rendered where nothing is built in the cluster', () => {
    assert.deepEqual(buildPolicies(platformFor({ target: 'kubernetes' }).objects.map((p) => p.object)), []);
    const prebuilt = platformFor({ target: 'openshift', components: { superset: { image: 'registry.example.com/superset:6.1.0-drivers' } } });
    assert.deepEqual(buildPolicies(prebuilt.objects.map((p) => p.object)).map((p) => p.metadata.namespace), ['datalyptica-streaming']);
  });
});
