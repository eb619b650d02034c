import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from '../../src/config/load.ts';
import { DatalypticaError } from '../../src/errors.ts';
import { emptyBuild, type ComponentDefinition } from '../../src/model/component.ts';
import { assemblePlatform, enabledComponents } from '../../src/platform/assemble.ts';
import { deployment, container } from '../../src/platform/workload.ts';
import { resources } from '../../src/platform/sizing.ts';
import { baseComponentOptions } from '../../src/config/component-options.ts';

function fake(name: 'nessie' | 'postgres', overrides: Partial<ComponentDefinition> = {}): ComponentDefinition {
  return {
    name,
    title: name,
    tier: 'catalog',
    layer: name === 'postgres' ? 'storage' : 'data',
    phase: 'catalog',
    version: '1.2.3',
    enabledByDefault: true, options: baseComponentOptions,
    build: (ctx) => ({
      ...emptyBuild(),
      dependsOn: name === 'nessie' ? ['postgres'] : [],
      objects: [
        deployment(ctx, {
          name,
          replicas: 2,
          pod: { serviceAccountName: name, containers: [container({ name, image: 'x/y:1', resources: resources('1', '1Gi', '2', '2Gi') })] },
        }),
      ],
      disruption: [{ name, namespace: ctx.namespace, selector: ctx.selector(), replicas: 2 }],
      footprint: [{ name, namespace: ctx.namespace, replicas: 2, resources: resources('1', '1Gi', '2', '2Gi') }],
    }),
    ...overrides,
  };
}

describe('platform assembly', () => {
  const definitions = [fake('postgres'), fake('nessie')];

  it('places components by the functional layout by default and by layer in the layered one', () => {
    const functional = assemblePlatform(resolveConfig({}), definitions);
    assert.deepEqual(functional.namespaces, ['datalyptica-catalog', 'datalyptica-system']);
    const layered = assemblePlatform(resolveConfig({ layout: 'layered', namePrefix: 'acme' }), definitions);
    assert.deepEqual(layered.namespaces, ['acme-data', 'acme-operators', 'acme-storage']);
    assert.equal(layered.components.get('postgres')?.namespace, 'acme-storage');
  });

  it('honours a per-component namespace override', () => {
    const platform = assemblePlatform(resolveConfig({ components: { nessie: { namespace: 'lake' } } }), definitions);
    assert.equal(platform.components.get('nessie')?.namespace, 'lake');
    assert.ok(platform.namespaces.includes('lake'));
  });

  it('rejects a config that disables what an enabled component needs, naming both', () => {
    assert.throws(
      () => assemblePlatform(resolveConfig({ components: { postgres: { enabled: false } } }), definitions),
      (error: unknown) =>
        error instanceof DatalypticaError && error.details.includes('components.nessie: needs components.postgres, which is disabled'),
    );
  });

  it('enables components by their default unless the config says otherwise', () => {
    const enabled = enabledComponents(resolveConfig({ components: { nessie: { enabled: false } } }), definitions);
    assert.deepEqual([...enabled], ['postgres']);
  });

  it('derives a PDB per replicated workload and a quota and limit range per namespace', () => {
    const platform = assemblePlatform(resolveConfig({}), definitions);
    const kinds = platform.objects.map((p) => `${p.object.kind}/${p.object.metadata.namespace ?? ''}/${p.object.metadata.name}`);
    assert.ok(kinds.includes('PodDisruptionBudget/datalyptica-catalog/nessie'));
    assert.ok(kinds.includes('ResourceQuota/datalyptica-catalog/datalyptica-quota'));
    assert.ok(kinds.includes('LimitRange/datalyptica-system/datalyptica-limits'));
  });

  it('sizes the quota from the footprints with headroom', () => {
    const platform = assemblePlatform(resolveConfig({ profile: 'dev' }), definitions);
    const quota = platform.objects.find((p) => p.object.kind === 'ResourceQuota' && p.object.metadata.namespace === 'datalyptica-catalog')!.object;
    // 2 components × 2 replicas × 1 CPU requested = 4; × 1.5 headroom = 6.
    assert.equal((quota['spec'] as { hard: Record<string, string> }).hard['requests.cpu'], '6');
    assert.equal((quota['spec'] as { hard: Record<string, string> }).hard['limits.memory'], '12Gi');
  });

  it('labels component objects with the component version and platform objects as the platform', () => {
    const platform = assemblePlatform(resolveConfig({}), definitions);
    const nessie = platform.objects.find((p) => p.object.kind === 'Deployment' && p.object.metadata.name === 'nessie')!.object;
    assert.equal(nessie.metadata.labels?.['app.kubernetes.io/version'], '1.2.3');
    const ns = platform.objects.find((p) => p.object.kind === 'Namespace')!.object;
    assert.equal(ns.metadata.labels?.['app.kubernetes.io/name'], 'datalyptica');
  });

  it('refuses two objects with the same identity', () => {
    const twice = fake('postgres', {
      build: (ctx) => {
        const d = deployment(ctx, { name: 'dup', replicas: 1, pod: { serviceAccountName: 'x', containers: [] } });
        return { ...emptyBuild(), objects: [d, d] };
      },
    });
    assert.throws(() => assemblePlatform(resolveConfig({}), [twice]), /two objects share the identity Deployment\/dup/);
  });

  it('enforces Pod Security admission on Kubernetes namespaces', () => {
    const platform = assemblePlatform(resolveConfig({ target: 'kubernetes' }), definitions);
    for (const { object } of platform.objects.filter((p) => p.object.kind === 'Namespace')) {
      assert.equal(object.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
    }
  });
});
