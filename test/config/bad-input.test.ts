import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from '../../src/config/load.ts';
import { MAX_NAME_PREFIX_LENGTH } from '../../src/config/name-prefix.ts';
import { INT32_MAX, MAX_COUNT } from '../../src/config/primitives.ts';
import { DatalypticaError, ErrorCode } from '../../src/errors.ts';
import { componentOptions } from '../../src/platform/context.ts';
import { trinoOptions } from '../../src/components/trino/options.ts';
import { dbtOptions } from '../../src/components/dbt/options.ts';

/** The error lines for a config that must be rejected. */
function rejected(input: unknown): string[] {
  try {
    resolveConfig(input);
  } catch (error) {
    assert.ok(error instanceof DatalypticaError, `expected a DatalypticaError, got ${String(error)}`);
    assert.equal(error.code, ErrorCode.ConfigInvalid);
    return [...error.details];
  }
  assert.fail(`expected ${JSON.stringify(input)} to be rejected`);
}

function assertRejected(input: unknown, field: string, reason?: RegExp): void {
  const details = rejected(input);
  const line = details.find((d) => d.startsWith(`${field}: `));
  assert.ok(line, `expected an error on ${field}; got:\n${details.join('\n')}`);
  if (reason) assert.match(line, reason);
}

describe('config: platform namespaces cannot be claimed', () => {
  for (const prefix of ['openshift', 'kube', 'default', 'openshift-data', 'kube-lake']) {
    it(`rejects namePrefix "${prefix}", which names cluster namespaces`, () => {
      assertRejected({ namePrefix: prefix }, 'namePrefix', /belong to the cluster/);
    });
  }
  for (const namespace of ['default', 'openshift', 'openshift-monitoring', 'openshiftx', 'kube-system', 'kube-public']) {
    it(`rejects components.trino.namespace "${namespace}"`, () => {
      assertRejected({ components: { trino: { namespace } } }, 'components.trino.namespace', /cluster namespace/);
    });
  }
  it('still accepts a namespace of your own and prefixes that only start like one', () => {
    const config = resolveConfig({ namePrefix: 'kubeflow', components: { trino: { namespace: 'analytics' } } });
    assert.equal(config.namePrefix, 'kubeflow');
    assert.equal(componentOptions(config, { name: 'trino', options: trinoOptions }).namespace, 'analytics');
  });
});

describe('config: names fit what they become', () => {
  it(`rejects a namePrefix longer than ${MAX_NAME_PREFIX_LENGTH} characters and says why`, () => {
    assertRejected({ namePrefix: 'a'.repeat(MAX_NAME_PREFIX_LENGTH + 1) }, 'namePrefix', /at most 28 characters .*63/);
    assert.equal(resolveConfig({ namePrefix: 'a'.repeat(MAX_NAME_PREFIX_LENGTH) }).namePrefix.length, MAX_NAME_PREFIX_LENGTH);
  });
  it('rejects a namePrefix starting with a digit', () => {
    assertRejected({ namePrefix: '1lake' }, 'namePrefix', /starting with a letter/);
  });
  it('rejects an images.registry with spaces and accepts host:port/path', () => {
    assertRejected({ images: { registry: 'my registry.example.com' } }, 'images.registry', /registry host/);
    assert.equal(resolveConfig({ images: { registry: 'registry.example.com:5000/mirror/team' } }).images.registry, 'registry.example.com:5000/mirror/team');
  });
  it('rejects an ingress.className that is not an object name', () => {
    assertRejected({ ingress: { className: 'a b' } }, 'ingress.className', /DNS name/);
  });
  it('rejects a 300-character StorageClass name', () => {
    assertRejected({ storage: { classes: { fast: { name: 'a'.repeat(300) } } } }, 'storage.classes.fast.name', /253/);
    assertRejected({ components: { trino: { storage: { storageClass: 'b'.repeat(300) } } } }, 'components.trino.storage.storageClass', /253/);
  });
  it('rejects a zone that cannot be a label value and a version that cannot be a tag', () => {
    assertRejected({ zones: ['zone a'] }, 'zones[0]', /label value/);
    assertRejected({ components: { trino: { version: 'latest and greatest' } } }, 'components.trino.version', /label value/);
    assertRejected({ components: { trino: { image: 'quay.io/x y:1' } } }, 'components.trino.image', /image reference/);
  });
});

describe('config: cron schedules are parsed', () => {
  it('rejects a schedule that is not cron', () => {
    assertRejected({ components: { dbt: { schedule: 'aaaaaaaaa' } } }, 'components.dbt.schedule', /5-field cron/);
    assertRejected({ components: { spark: { example: { schedule: '99 2 * * *' } } } }, 'components.spark.example.schedule', /5-field cron/);
    assertRejected({ components: { postgres: { backups: { schedule: '0 2 * * *' } } } }, 'components.postgres.backups.schedule', /6-field cron .*5 fields/);
  });
  it('accepts valid schedules and the Kubernetes macros', () => {
    const config = resolveConfig({ components: { dbt: { schedule: '@daily' }, spark: { example: { schedule: '*/15 1-5 * * MON-FRI' } }, postgres: { backups: { schedule: '0 30 1 * * 0' } } } });
    assert.equal(componentOptions(config, { name: 'dbt', options: dbtOptions }).schedule, '@daily');
  });
});

describe('config: quantities follow the Kubernetes grammar', () => {
  it('accepts 1e9, .5, a plain YAML number and binary suffixes', () => {
    const config = resolveConfig({ components: { trino: { resources: { requests: { cpu: '.5', memory: '1e9' }, limits: { cpu: 2, memory: '2Gi' } } } } });
    assert.deepEqual(componentOptions(config, { name: 'trino', options: trinoOptions }).resources, { requests: { cpu: '.5', memory: '1e9' }, limits: { cpu: '2', memory: '2Gi' } });
  });
  it('rejects a zero memory limit, which the kubelet reads as unlimited', () => {
    assertRejected({ components: { trino: { resources: { limits: { memory: '0' } } } } }, 'components.trino.resources.limits.memory', /greater than zero/);
  });
  it('rejects a volume size of zero', () => {
    assertRejected({ components: { kafka: { storage: { size: '0' } } } }, 'components.kafka.storage.size', /greater than zero/);
    assertRejected({ components: { clickhouse: { keeperStorage: '0Gi' } } }, 'components.clickhouse.keeperStorage', /greater than zero/);
  });
  it('rejects garbage and negative quantities', () => {
    assertRejected({ components: { trino: { resources: { limits: { cpu: '-1' } } } } }, 'components.trino.resources.limits.cpu', /quantity/);
    assertRejected({ components: { trino: { resources: { limits: { cpu: '1 core' } } } } }, 'components.trino.resources.limits.cpu', /quantity/);
  });
  it('rejects requests greater than limits given together', () => {
    assertRejected(
      { components: { nessie: { resources: { requests: { memory: '8Gi' }, limits: { memory: '4Gi' } } } } },
      'components.nessie.resources.requests.memory',
      /more than the limit 4Gi/,
    );
    assertRejected({ components: { trino: { coordinator: { resources: { requests: { cpu: '4' }, limits: { cpu: '2000m' } } } } } }, 'components.trino.coordinator.resources.requests.cpu');
  });
  it('keeps PostgreSQL memory above the floor that gives shared_buffers a size', () => {
    assertRejected({ components: { postgres: { resources: { requests: { memory: '1Mi' } } } } }, 'components.postgres.resources.requests.memory', /at least 256Mi/);
    assert.ok(resolveConfig({ components: { postgres: { resources: { requests: { memory: '512Mi' } } } } }));
  });
});

describe('config: counts stay within int32 and what the capacity check plans', () => {
  it('rejects replicas beyond int32 without trying to plan them', () => {
    assertRejected({ components: { trino: { replicas: 3_000_000_000 } } }, 'components.trino.replicas', new RegExp(`at most ${MAX_COUNT}`));
  });
  it(`rejects more than ${MAX_COUNT} of anything that is planned per pod or node`, () => {
    assertRejected({ components: { clickhouse: { shards: MAX_COUNT + 1 } } }, 'components.clickhouse.shards');
    assertRejected({ components: { 'object-storage': { minio: { servers: 5000 } } } }, 'components.object-storage.minio.servers');
    assertRejected({ components: { redis: { sentinels: 5000 } } }, 'components.redis.sentinels');
    assertRejected({ nodes: [{ name: 'big', count: 100000, cpu: '16', memory: '64Gi' }] }, 'nodes[0].count');
  });
  it('rejects other integers beyond int32', () => {
    assertRejected({ components: { kafka: { retentionHours: INT32_MAX + 1 } } }, 'components.kafka.retentionHours', /int32/);
  });
});
