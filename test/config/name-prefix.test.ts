import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from '../../src/config/load.ts';
import { LONGEST_PREFIX_SUFFIX, MAX_NAME_PREFIX_LENGTH } from '../../src/config/name-prefix.ts';
import type { UserConfig } from '../../src/config/schema.ts';
import { assemblePlatform } from '../../src/platform/assemble.ts';

const PREFIX = `a${'b'.repeat(MAX_NAME_PREFIX_LENGTH - 1)}`;

/** Every value under a `labels` or `matchLabels` mapping, anywhere in the object. */
function labelValues(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) labelValues(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if ((key === 'labels' || key === 'matchLabels') && child !== null && typeof child === 'object' && !Array.isArray(child)) out.push(...Object.values(child).map(String));
      labelValues(child, out);
    }
  }
  return out;
}

/** Kinds whose name, plus what Kubernetes or the operator appends, must be a 63-character label. */
const LABEL_NAMED: Record<string, number> = {
  Namespace: 0,
  Service: 0,
  // controller-revision-hash: <name>-<hash ≤ 10>
  StatefulSet: 11,
  // The redis-operator's StatefulSet is <name>-sentinel, with the revision hash on its pods.
  RedisSentinel: '-sentinel'.length + 11,
  // CNPG Services and the PgBouncer Deployment carry the Pooler name.
  Pooler: 0,
  // Altinity StatefulSets chi-<name>-main-<shard>-<replica> (two-digit indexes) with the revision hash.
  ClickHouseInstallation: 'chi-'.length + '-main-00-00'.length + 11,
};

const CONFIGS: UserConfig[] = (['openshift', 'kubernetes'] as const).flatMap((target) =>
  (['functional', 'layered'] as const).map((layout) => ({
    target,
    layout,
    profile: 'production' as const,
    namePrefix: PREFIX,
    objectStorage: { mode: 'minio' as const },
    components: { 'kafka-connect': { cdcExample: true }, trino: { autoscaling: { enabled: true } } },
  })),
);

describe('namePrefix length', () => {
  it('is derived from the longest suffix the platform and its operators append', () => {
    assert.equal(LONGEST_PREFIX_SUFFIX, 35);
    assert.equal(MAX_NAME_PREFIX_LENGTH, 28);
  });

  for (const config of CONFIGS) {
    it(`keeps every label value, namespace and label-limited name within 63 characters with a ${PREFIX.length}-character prefix (${config.target}, ${config.layout})`, () => {
      const platform = assemblePlatform(resolveConfig(config));
      const tooLong: string[] = [];
      for (const { object } of platform.objects) {
        const where = `${object.kind}/${object.metadata.name}`;
        if ((object.metadata.namespace ?? '').length > 63) tooLong.push(`${where}: namespace ${object.metadata.namespace}`);
        for (const value of labelValues(object)) if (value.length > 63) tooLong.push(`${where}: label value ${value}`);
        const extra = LABEL_NAMED[object.kind];
        if (extra !== undefined && object.metadata.name.length + extra > 63) tooLong.push(`${where}: name (+${extra})`);
        if (object.metadata.name.length > 253) tooLong.push(`${where}: name`);
      }
      assert.deepEqual(tooLong, []);
      assert.ok(platform.objects.some((p) => p.object.kind === 'RedisSentinel' && p.object.metadata.name.length + LABEL_NAMED['RedisSentinel']! === 63), 'the Sentinel is the binding constraint');
    });
  }
});
