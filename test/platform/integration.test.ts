import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SecretRequirement } from '../../src/model/secret.ts';
import { mergeSecretRequirements } from '../../src/platform/secrets/plan.ts';
import { BUCKET_KEYS } from '../../src/platform/object-storage.ts';
import { platformFor } from '../support/platform.ts';

const MODES = ['external', 'odf', 'minio'] as const;
const EVERY_S3_USE = { 'kafka-connect': { cdcExample: true }, clickhouse: { s3Disk: { enabled: true } } };

function s3Names(mode: (typeof MODES)[number]): Set<string> {
  return new Set(BUCKET_KEYS.map((bucket) => (mode === 'odf' ? `datalyptica-s3-${bucket}` : 'datalyptica-s3')));
}

describe('cross-component integration', () => {
  it('has every component that references the S3 credentials Secret declare its copy in its own namespace', () => {
    for (const mode of MODES) {
      for (const layout of ['functional', 'layered'] as const) {
        for (const operator of ['cnpg', 'crunchy'] as const) {
          const platform = platformFor({ layout, objectStorage: { mode }, components: { ...EVERY_S3_USE, postgres: { operator } } });
          const names = s3Names(mode);
          let referenced = 0;
          for (const [name, built] of platform.components) {
            for (const object of built.build.objects) {
              const text = JSON.stringify(object);
              for (const secret of names) {
                if (!text.includes(`"${secret}"`)) continue;
                referenced++;
                const namespace = object.metadata.namespace ?? built.namespace;
                const declared = built.build.secrets.find((s) => s.name === secret && s.namespace === namespace);
                assert.ok(declared, `${mode}/${layout}/${operator}: ${name} ${object.kind}/${object.metadata.name} reads ${secret} in ${namespace} without declaring it`);
                assert.equal(declared.source, 'copy');
              }
            }
          }
          assert.ok(referenced >= 5, `${mode}: nessie, postgres, spark, flink, trino, clickhouse read the keys`);
        }
      }
    }
  });

  it('gives every S3 consumer a network path to the store when it lives outside the platform', () => {
    for (const mode of ['external', 'odf'] as const) {
      const platform = platformFor({ objectStorage: { mode }, components: EVERY_S3_USE });
      for (const name of ['nessie', 'postgres', 'spark', 'flink', 'trino', 'clickhouse'] as const) {
        const egress = platform.components.get(name)!.build.egress;
        const ok = egress.some((e) => (mode === 'external' ? e.to.kind === 'object-storage' : e.to.kind === 'namespace' && e.to.namespace === 'openshift-storage'));
        assert.ok(ok, `${mode}: ${name}`);
      }
    }
  });

  it('lists each Secret once in the platform plan with the union of its consumers', () => {
    for (const mode of MODES) {
      const platform = platformFor({ objectStorage: { mode }, components: EVERY_S3_USE });
      const keys = platform.secrets.map((s) => `${s.namespace}/${s.name}`);
      assert.equal(new Set(keys).size, keys.length, `${mode}: ${keys.filter((k, i) => keys.indexOf(k) !== i).join(', ')}`);
      const processing = platform.components.get('spark')!.namespace;
      const s3 = platform.secrets.find((s) => s.namespace === processing && s.name === (mode === 'odf' ? 'datalyptica-s3-warehouse' : 'datalyptica-s3'));
      assert.deepEqual([...(s3?.consumers ?? [])].sort(), ['flink', 'spark']);
      const ca = platform.secrets.find((s) => s.namespace === processing && s.name === 'datalyptica-kafka-cluster-ca-cert');
      assert.deepEqual([...(ca?.consumers ?? [])].sort(), ['flink', 'spark']);
    }
  });

  it('merges duplicates and refuses two declarations of one Secret that disagree on its source', () => {
    const base: SecretRequirement = { name: 's', namespace: 'n', source: 'copy', copyFrom: { namespace: 'o', name: 's' }, keys: [{ key: 'a', kind: 'token' }], description: 'd', consumers: ['spark'] };
    const merged = mergeSecretRequirements([base, { ...base, consumers: ['flink'], keys: [{ key: 'b', kind: 'token' }] }, { ...base, name: 't' }]);
    assert.equal(merged.length, 2);
    assert.deepEqual(merged[0]!.consumers, ['spark', 'flink']);
    assert.deepEqual(merged[0]!.keys.map((k) => k.key), ['a', 'b']);
    assert.throws(() => mergeSecretRequirements([base, { ...base, source: 'generated', copyFrom: undefined as never }]), /differently/);
  });

  it('declares every Secret only in namespaces the platform renders', () => {
    for (const config of [{}, { layout: 'layered' as const, components: { trino: { enabled: false }, dbt: { enabled: false }, 'kafka-connect': { enabled: false } } }]) {
      const platform = platformFor(config);
      for (const secret of platform.secrets) assert.ok(platform.namespaces.includes(secret.namespace), `${secret.namespace}/${secret.name}`);
    }
  });
});
