import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPONENTS } from '../../src/components/registry.ts';
import { resolveConfig } from '../../src/config/load.ts';
import { enabledComponents } from '../../src/platform/assemble.ts';
import { PlatformBuildContext } from '../../src/platform/context.ts';
import { consumerSources, flowsToService, servicePodPorts } from '../../src/platform/flows.ts';
import { container, declaredStatefulSet, deployment, service } from '../../src/platform/workload.ts';

function contextOf(name: string) {
  const config = resolveConfig({ profile: 'production' });
  const definitions = new Map(COMPONENTS.map((d) => [d.name, d] as const));
  return new PlatformBuildContext({ config, definition: definitions.get(name as never)!, definitions, enabled: enabledComponents(config) });
}

const resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } };

function pods(ctx: ReturnType<typeof contextOf>, role: string) {
  return deployment(ctx, {
    name: `x-${role}`,
    role,
    replicas: 2,
    pod: {
      serviceAccountName: 'x',
      containers: [container({ name: 'x', image: 'x', resources, ports: [{ name: 'http', containerPort: 8080 }, { name: 'stats', containerPort: 9125, protocol: 'UDP' }] })],
    },
  });
}

describe('flows derived from a Service', () => {
  it('lets each source into the pods the Service selects, on the container port a named targetPort resolves to', () => {
    const ctx = contextOf('airflow');
    const svc = service(ctx, { name: 'x', role: 'api-server', ports: [{ name: 'web', port: 80, targetPort: 'http' }] });
    const flows = flowsToService(svc, [{ from: { kind: 'ingress' }, description: 'through the router' }, { from: { kind: 'component', component: 'airflow' }, description: 'own pods' }], { pods: pods(ctx, 'api-server') });
    assert.equal(flows.length, 2);
    assert.deepEqual(flows[0]!.toSelector, { 'app.kubernetes.io/name': 'airflow', 'app.kubernetes.io/component': 'api-server' });
    // The pod's port, never the Service's 80: a NetworkPolicy matches the destination pod port.
    assert.deepEqual(flows[0]!.ports, [{ port: 8080, name: 'web' }]);
    assert.equal(flows[1]!.description, 'own pods');
  });

  it('picks Service ports by name, keeps UDP and takes numeric targetPorts as they are', () => {
    const ctx = contextOf('airflow');
    const svc = service(ctx, {
      name: 'x',
      role: 'statsd',
      ports: [
        { name: 'statsd', port: 9125, targetPort: 'stats', protocol: 'UDP' },
        { name: 'metrics', port: 9102, targetPort: 9102 },
      ],
    });
    assert.deepEqual(servicePodPorts(svc, { ports: ['statsd'], pods: pods(ctx, 'statsd') }), [{ port: 9125, protocol: 'UDP', name: 'statsd' }]);
    assert.deepEqual(servicePodPorts(svc, { ports: ['metrics'] }), [{ port: 9102, name: 'metrics' }]);
  });

  it('refuses a port the Service lacks and a named targetPort no container of the pods declares', () => {
    const ctx = contextOf('airflow');
    const svc = service(ctx, { name: 'x', role: 'api-server', ports: [{ name: 'web', port: 80, targetPort: 'missing' }] });
    assert.throws(() => flowsToService(svc, [], { ports: ['nope'] }), /Service .*\/x: it has no port named "nope" \(it has web\)/);
    assert.throws(() => flowsToService(svc, [], { pods: pods(ctx, 'api-server') }), /targets the container port "missing", which no container/);
    assert.throws(() => flowsToService({ ...svc, spec: { ports: [] } }, []), /selects no pods/);
  });

  it('turns consumers into sources with their narrowed pods and their own purpose', () => {
    const sources = consumerSources(
      [
        { component: 'trino', consumer: 'superset', namespace: 'a' },
        { component: 'trino', consumer: 'jupyterhub', namespace: 'a', selector: { role: 'user' }, purpose: 'notebooks query' },
      ],
      (c) => `${c} runs SQL`,
    );
    assert.deepEqual(sources, [
      { from: { kind: 'component', component: 'superset' }, description: 'superset runs SQL' },
      { from: { kind: 'component', component: 'jupyterhub', selector: { role: 'user' } }, description: 'notebooks query' },
    ]);
  });
});

describe('declared StatefulSets', () => {
  it('carry their footprint (storage, required spread) and disruption entry from the StatefulSet input', () => {
    const ctx = contextOf('loki');
    const declared = declaredStatefulSet(ctx, {
      name: 'loki',
      replicas: 3,
      serviceName: 'loki-headless',
      resources,
      storage: [{ tier: 'standard', size: '10Gi' }],
      minAvailable: 2,
      pod: { serviceAccountName: 'loki', antiAffinity: 'required', containers: [] },
    });
    assert.equal(declared.object.kind, 'StatefulSet');
    assert.deepEqual(declared.footprint, { name: 'loki', namespace: ctx.namespace, replicas: 3, resources, storage: [{ tier: 'standard', size: '10Gi' }], spreadRequired: true, minAvailable: 2 });
    assert.deepEqual(declared.disruption, { name: 'loki', namespace: ctx.namespace, selector: { 'app.kubernetes.io/name': 'loki' }, replicas: 3 });
  });
});
