import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { internalCertificate, serviceDnsNames } from '../../../src/components/cert-manager/index.ts';
import { certManager } from '../../../src/components/cert-manager/index.ts';
import { resolveConfig } from '../../../src/config/load.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import { PlatformBuildContext } from '../../../src/platform/context.ts';
import type { BuildContext } from '../../../src/model/build-context.ts';
import { COMPONENTS } from '../../../src/components/registry.ts';
import { enabledComponents } from '../../../src/platform/assemble.ts';
import { ALL_COMBINATIONS, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import { matchSnapshot } from '../../support/snapshot.ts';

const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
const ACME = { server: 'https://acme-v02.api.letsencrypt.org/directory', email: 'ops@example.org' };

function context(config: UserConfig = {}): BuildContext {
  const resolved = resolveConfig(config);
  return new PlatformBuildContext({ config: resolved, definition: certManager, definitions: new Map(COMPONENTS.map((d) => [d.name, d])), enabled: enabledComponents(resolved) });
}

describe('cert-manager', () => {
  it('matches its snapshot', () => {
    const build = certManager.build(context({ target: 'kubernetes' }));
    matchSnapshot('cert-manager/kubernetes', { objects: build.objects, operators: build.operators, flows: build.flows, egress: build.egress });
  });

  it('is the first registered component and enabled by default on both targets', () => {
    assert.equal(COMPONENTS[0]?.name, 'cert-manager');
    assert.ok(platformFor({ target: 'openshift' }).components.has('cert-manager'));
    assert.ok(platformFor({ target: 'kubernetes' }).components.has('cert-manager'));
  });

  it('bootstraps a self-signed CA by default: selfSigned issuer, CA Certificate, CA issuer', () => {
    const objects = objectsOf(platformFor({}), 'cert-manager');
    assert.deepEqual((findObject(objects, 'ClusterIssuer', 'datalyptica-selfsigned')['spec'] as object), { selfSigned: {} });
    const ca = findObject(objects, 'Certificate', 'datalyptica-ca');
    assert.equal(ca.metadata.namespace, 'cert-manager');
    assert.equal((ca['spec'] as any).isCA, true);
    assert.deepEqual((ca['spec'] as any).issuerRef, { name: 'datalyptica-selfsigned', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    assert.deepEqual((findObject(objects, 'ClusterIssuer', 'datalyptica-ca')['spec'] as object), { ca: { secretName: 'datalyptica-ca' } });
  });

  it('adds an ACME issuer with an HTTP-01 solver and keeps the CA for internal certificates', () => {
    const objects = objectsOf(platformFor({ target: 'kubernetes', tls: { issuer: 'acme', acme: ACME } }), 'cert-manager');
    const acme = (findObject(objects, 'ClusterIssuer', 'datalyptica-acme')['spec'] as any).acme;
    assert.equal(acme.server, ACME.server);
    assert.deepEqual(acme.solvers, [{ http01: { ingress: { ingressClassName: 'nginx' } } }]);
    assert.ok(findObject(objects, 'ClusterIssuer', 'datalyptica-ca'));
  });

  it('admits the ingress controller to ACME solver pods', () => {
    const policy = platformFor({ target: 'kubernetes', tls: { issuer: 'acme', acme: ACME } }).objects.find(
      (p) => p.object.kind === 'NetworkPolicy' && p.object.metadata.name === 'datalyptica-acme-http01-solver',
    );
    assert.ok(policy);
    assert.deepEqual((policy.object['spec'] as any).ingress[0].ports, [{ protocol: 'TCP', port: 8089 }]);
  });

  it('signs with an existing CA Secret when tls.issuer is ca, and declares that Secret', () => {
    const platform = platformFor({ tls: { issuer: 'ca', caSecret: 'corp-ca' } });
    const objects = objectsOf(platform, 'cert-manager');
    assert.deepEqual(objects.map((o) => `${o.kind}/${o.metadata.name}`).filter((k) => !k.startsWith('NetworkPolicy') && !/^(PodMonitor|PrometheusRule)\//.test(k)), ['ClusterIssuer/datalyptica-ca']);
    assert.deepEqual((objects[0]!['spec'] as object), { ca: { secretName: 'corp-ca' } });
    assert.ok(platform.secrets.some((s) => s.name === 'corp-ca' && s.source === 'external' && s.namespace === 'cert-manager'));
  });

  it('refuses acme without its settings and ca without a Secret', () => {
    assert.throws(() => platformFor({ tls: { issuer: 'acme' } }), /tls.acme is not set/);
    assert.throws(() => platformFor({ tls: { issuer: 'ca' } }), /tls.caSecret is not set/);
  });

  it('installs the Red Hat operator on OpenShift and the jetstack chart with CRDs on Kubernetes', () => {
    const [operator] = certManager.build(context({ target: 'kubernetes', profile: 'production' })).operators;
    assert.deepEqual(operator!.olm, { package: 'openshift-cert-manager-operator', channel: 'stable-v1', source: 'redhat-operators', allNamespaces: true, installNamespace: 'cert-manager-operator' });
    assert.equal(operator!.kubernetes.type, 'helm');
    if (operator!.kubernetes.type === 'helm') {
      assert.equal(operator!.kubernetes.chart, 'cert-manager');
      assert.match(operator!.kubernetes.version, /^v\d+\.\d+\.\d+$/);
      assert.deepEqual((operator!.kubernetes.values as any).crds, { enabled: true, keep: true });
      assert.equal((operator!.kubernetes.values as any).webhook.replicaCount, 3);
    }
  });

  it('issues internal certificates from the platform CA', () => {
    const ctx = context({});
    const { certificate, secretName, issuer } = internalCertificate(ctx, { name: 'trino', dnsNames: serviceDnsNames('trino', 'datalyptica-query'), namespace: 'datalyptica-query' });
    assert.equal(secretName, 'trino-tls');
    assert.equal(issuer, 'datalyptica-ca');
    assert.deepEqual((certificate['spec'] as any).dnsNames, ['trino', 'trino.datalyptica-query', 'trino.datalyptica-query.svc', 'trino.datalyptica-query.svc.cluster.local']);
    assert.equal(validator.validate(certificate).status, 'valid');
  });

  it('renders objects that validate in every combination and issuer variant', () => {
    const variants: UserConfig[] = [{}, { tls: { issuer: 'acme', acme: ACME } }, { tls: { issuer: 'ca', caSecret: 'corp-ca' } }];
    for (const config of ALL_COMBINATIONS) {
      for (const variant of variants) {
        for (const object of objectsOf(platformFor({ ...config, ...variant }), 'cert-manager')) {
          const result = validator.validate(object);
          assert.equal(result.status, 'valid', `${object.kind}/${object.metadata.name}: ${JSON.stringify(result.errors)}`);
        }
      }
    }
  });
});
