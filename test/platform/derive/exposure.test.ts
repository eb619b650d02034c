import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { ingressFor, routeFor } from '../../../src/platform/derive/exposure.ts';
import type { Exposure } from '../../../src/model/exposure.ts';
import { resolveConfig } from '../../../src/config/load.ts';
import { ALL_COMBINATIONS, platformFor } from '../../support/platform.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';

const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });

const tlsBackend: Exposure = {
  host: 'secure',
  service: 'secure',
  namespace: 'datalyptica-query',
  port: 8443,
  kind: 'api',
  description: 'a backend that speaks TLS',
  backendTls: true,
  podSelector: { 'app.kubernetes.io/name': 'trino' },
  targetPort: 8443,
};

describe('exposure', () => {
  it('publishes every exposure as an edge Route with a redirect on OpenShift', () => {
    const platform = platformFor({ target: 'openshift' });
    const exposures = [...platform.components.values()].flatMap((c) => c.build.exposures);
    const routes = platform.objects.map((p) => p.object).filter((o) => o.kind === 'Route');
    assert.ok(exposures.length > 0);
    assert.equal(routes.length, exposures.length);
    for (const exposure of exposures) {
      const route = routes.find((r) => r.metadata.name === exposure.host && r.metadata.namespace === exposure.namespace)!;
      const spec = route['spec'] as Record<string, any>;
      assert.equal(spec['host'], `${exposure.host}.apps.datalyptica.example.com`);
      assert.deepEqual(spec['to'], { kind: 'Service', name: exposure.service, weight: 100 });
      assert.deepEqual(spec['tls'], { termination: exposure.backendTls ? 'reencrypt' : 'edge', insecureEdgeTerminationPolicy: 'Redirect' });
    }
    assert.equal(platform.objects.filter((p) => p.object.kind === 'Ingress').length, 0);
  });

  it('re-encrypts to backends that speak TLS', () => {
    const route = routeFor(resolveConfig({}), tlsBackend);
    assert.equal((route['spec'] as any).tls.termination, 'reencrypt');
  });

  it('publishes every exposure as an Ingress with a cert-manager certificate on Kubernetes', () => {
    const platform = platformFor({ target: 'kubernetes', domain: 'lake.example.org', ingress: { className: 'haproxy' } });
    const exposures = [...platform.components.values()].flatMap((c) => c.build.exposures);
    const ingresses = platform.objects.map((p) => p.object).filter((o) => o.kind === 'Ingress');
    assert.ok(exposures.length > 0, 'the Kubernetes render exposes something');
    assert.equal(ingresses.length, exposures.length);
    for (const exposure of exposures) {
      const ingress = ingresses.find((i) => i.metadata.name === exposure.host)!;
      const spec = ingress['spec'] as Record<string, any>;
      assert.equal(ingress.metadata.annotations?.['cert-manager.io/cluster-issuer'], 'datalyptica-ca');
      assert.equal(spec['ingressClassName'], 'haproxy');
      assert.deepEqual(spec['tls'], [{ hosts: [`${exposure.host}.lake.example.org`], secretName: `${exposure.host}-tls` }]);
      assert.equal(spec['rules'][0].http.paths[0].backend.service.name, exposure.service);
    }
    assert.equal(platform.objects.filter((p) => p.object.kind === 'Route').length, 0);
  });

  it('uses the ACME issuer for Ingress when tls.issuer is acme', () => {
    const platform = platformFor({ target: 'kubernetes', tls: { issuer: 'acme', acme: { server: 'https://acme-v02.api.letsencrypt.org/directory', email: 'ops@example.org' } } });
    const ingress = platform.objects.find((p) => p.object.kind === 'Ingress')!.object;
    assert.equal(ingress.metadata.annotations?.['cert-manager.io/cluster-issuer'], 'datalyptica-acme');
  });

  it('leaves the issuer annotation out when cert-manager is disabled', () => {
    const ingress = ingressFor(resolveConfig({ target: 'kubernetes' }), tlsBackend, { certManager: false });
    assert.equal(ingress.metadata.annotations?.['cert-manager.io/cluster-issuer'], undefined);
    assert.equal(ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/backend-protocol'], 'HTTPS');
  });

  it('renders Routes and Ingresses that validate in every combination', () => {
    for (const config of ALL_COMBINATIONS) {
      const published = platformFor(config).objects.filter(({ object }) => object.kind === (config.target === 'openshift' ? 'Route' : 'Ingress'));
      assert.ok(published.length > 0, `${JSON.stringify(config)} publishes nothing`);
      for (const { object } of published) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${object.kind}/${object.metadata.name}: ${JSON.stringify(result.errors)}`);
      }
    }
  });
});

describe('Route ports', () => {
  it('point a numeric port at the pod port and a named one at the Service port name', () => {
    const config = resolveConfig({});
    const base = { host: 'x', service: 'x', namespace: 'n', kind: 'ui' as const, description: 'd', podSelector: { a: 'b' }, targetPort: 8443 };
    assert.deepEqual((routeFor(config, { ...base, port: 443 })['spec'] as { port: unknown }).port, { targetPort: 8443 });
    assert.deepEqual((routeFor(config, { ...base, port: 'https' })['spec'] as { port: unknown }).port, { targetPort: 'https' });
  });
});
