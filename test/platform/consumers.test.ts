import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from '../../src/config/load.ts';
import { COMPONENTS } from '../../src/components/registry.ts';
import type { ComponentDefinition } from '../../src/model/component.ts';
import { assemblePlatform } from '../../src/platform/assemble.ts';
import { PlatformBuildContext } from '../../src/platform/context.ts';
import { enabledComponents } from '../../src/platform/assemble.ts';
import type { UserConfig } from '../../src/config/schema.ts';
import { at, findObject, objectsOf, platformFor } from '../support/platform.ts';

const NAME = 'app.kubernetes.io/name';

function consumersOf(provider: string, config: UserConfig = {}): string[] {
  const resolved = resolveConfig(config);
  const definitions = new Map(COMPONENTS.map((d) => [d.name, d] as const));
  const ctx = new PlatformBuildContext({ config: resolved, definition: definitions.get(provider as never)!, definitions, enabled: enabledComponents(resolved) });
  return ctx.consumers.map((c) => `${c.consumer}@${c.namespace}`);
}

describe('consumer declarations', () => {
  it('hands a provider the enabled components that declare they use it, with their namespaces, in registry order', () => {
    assert.deepEqual(consumersOf('trino'), ['dbt@datalyptica-analytics', 'airflow@datalyptica-analytics', 'jupyterhub@datalyptica-analytics', 'superset@datalyptica-analytics']);
    assert.deepEqual(consumersOf('trino', { components: { superset: { enabled: false }, dbt: { enabled: false } } }), ['airflow@datalyptica-analytics', 'jupyterhub@datalyptica-analytics']);
    assert.deepEqual(consumersOf('redis'), ['superset@datalyptica-analytics']);
    assert.deepEqual(consumersOf('redis', { components: { superset: { enabled: false } } }), []);
  });

  for (const config of [{}, { objectStorage: { mode: 'minio' } }, { layout: 'layered' }] as UserConfig[]) {
    it(`lets no component declare a flow into another component's pods (${JSON.stringify(config)})`, () => {
      for (const [name, built] of platformFor(config).components) {
        for (const flow of built.build.flows) {
          // An operator's own pod labels (cert-manager's `webhook`) are not another component's.
          const target = flow.toSelector?.[NAME];
          assert.ok(target === undefined || target === name || !COMPONENTS.some((d) => d.name === target), `${name} declares a flow into ${target}: ${flow.description}`);
        }
      }
    });
  }

  it('adds a consumer by its own declaration only: the providers render its flows, Kafka user and credentials', () => {
    // A stand-in for a new component: the registered MLflow's name and placement, but its own declarations.
    const mlflow = COMPONENTS.find((d) => d.name === 'mlflow')!;
    const newcomer: ComponentDefinition = {
      ...mlflow,
      consumes: () => [
        { component: 'redis', purpose: 'the newcomer caches in Redis' },
        { component: 'kafka', kafkaUsers: [{ name: 'newcomer', acls: [{ resource: { type: 'topic', name: 'newcomer.', patternType: 'prefix' }, operations: ['Read', 'Describe'] }] }] },
      ],
    };
    const platform = assemblePlatform(resolveConfig({}), COMPONENTS.map((d) => (d.name === 'mlflow' ? newcomer : d)));
    const user = findObject(objectsOf(platform, 'kafka'), 'KafkaUser', 'datalyptica-newcomer');
    assert.deepEqual(at(user, 'spec.authorization.acls.0.resource'), { type: 'topic', name: 'newcomer.', patternType: 'prefix' });
    assert.ok(platform.secrets.some((s) => s.name === 'datalyptica-newcomer' && s.source === 'operator' && s.consumers.includes('mlflow')));
    assert.ok(platform.components.get('redis')!.build.flows.some((f) => f.from.kind === 'component' && f.from.component === 'mlflow' && f.description === 'the newcomer caches in Redis'));
    assert.ok(platform.components.get('kafka')!.build.flows.some((f) => f.from.kind === 'component' && f.from.component === 'mlflow'));
    const peers = at(findObject(objectsOf(platform, 'kafka'), 'Kafka', 'datalyptica-kafka'), 'spec.kafka.listeners.0.networkPolicyPeers') as { podSelector: { matchLabels: Record<string, string> } }[];
    assert.ok(peers.some((p) => p.podSelector.matchLabels[NAME] === 'mlflow'));
  });
});
