import { resolveConfig } from '../../src/config/load.ts';
import { emptyBuild, type ComponentDefinition } from '../../src/model/component.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import type { OperatorRequirement } from '../../src/model/operator.ts';
import { assemblePlatform } from '../../src/platform/assemble.ts';
import type { Platform } from '../../src/platform/platform.ts';
import { baseComponentOptions } from '../../src/config/component-options.ts';

/** A small platform with the shapes deploy cares about: an operator and its CR, a data volume, dependent workloads. */
const cnpg: OperatorRequirement = {
  id: 'cloudnative-pg',
  displayName: 'CloudNativePG',
  olm: { package: 'cloudnative-pg', channel: 'stable-v1', source: 'certified-operators', allNamespaces: true },
  kubernetes: { type: 'manifest', url: 'https://example.test/cnpg-1.27.1.yaml', version: '1.27.1', namespace: 'cnpg-system' },
  crds: ['clusters.postgresql.cnpg.io'],
  docs: 'https://cloudnative-pg.io/documentation/current/installation_upgrade/',
};

function deployment(name: string, namespace: string): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace }, spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `example/${name}:1.0.0` }] } } } };
}

export const FIXTURE_DEFINITIONS: readonly ComponentDefinition[] = [
  {
    name: 'object-storage', title: 'Object storage', tier: 'system', layer: 'storage', phase: 'storage', version: '1.0.0', enabledByDefault: true, options: baseComponentOptions,
    build: (ctx) => ({
      ...emptyBuild(),
      objects: [
        { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'store-data', namespace: ctx.namespace }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
        { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'store', namespace: ctx.namespace }, spec: { replicas: 1, serviceName: 'store', selector: { matchLabels: { app: 'store' } }, template: { metadata: { labels: { app: 'store' } }, spec: { containers: [{ name: 'store', image: 'example/store:1.0.0' }] } } } },
      ],
    }),
  },
  {
    name: 'postgres', title: 'PostgreSQL', tier: 'system', layer: 'storage', phase: 'storage', version: '17.6', enabledByDefault: true, options: baseComponentOptions,
    build: (ctx) => ({
      ...emptyBuild(),
      operators: [cnpg],
      objects: [{ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'pg', namespace: ctx.namespace }, spec: { instances: 2, storage: { size: '1Gi' } } }],
    }),
  },
  {
    name: 'nessie', title: 'Nessie', tier: 'catalog', layer: 'data', phase: 'catalog', version: '0.105.5', enabledByDefault: true, options: baseComponentOptions,
    build: (ctx) => ({
      ...emptyBuild(),
      dependsOn: ['postgres', 'object-storage'],
      objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nessie', namespace: ctx.namespace }, data: { 'quarkus.log.level': 'INFO' } }, deployment('nessie', ctx.namespace)],
    }),
  },
  {
    name: 'redis', title: 'Redis', tier: 'system', layer: 'storage', phase: 'storage', version: '7.4', enabledByDefault: true, options: baseComponentOptions,
    build: (ctx) => ({ ...emptyBuild(), objects: [deployment('cache', ctx.namespace)] }),
  },
];

export function fixturePlatform(target: 'openshift' | 'kubernetes' = 'kubernetes', namePrefix?: string): Platform {
  return assemblePlatform(resolveConfig({ target, profile: 'dev', ...(namePrefix ? { namePrefix } : {}) } as never), FIXTURE_DEFINITIONS);
}
