import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';

const build = (config: UserConfig = {}) => platformFor(config);
const lokiConfig = (config: UserConfig) => {
  const map = findObject(objectsOf(build({ target: 'kubernetes', ...config }), 'loki'), 'ConfigMap', 'loki-config');
  return parse((at(map, 'data') as Record<string, string>)['config.yaml']!) as Record<string, Record<string, unknown>>;
};

describe('loki component', () => {
  it('matches the production snapshots of both targets', () => {
    matchSnapshot('components/loki/production-openshift', build().components.get('loki')!.build.objects);
    matchSnapshot('components/loki/production-kubernetes', build({ target: 'kubernetes' }).components.get('loki')!.build.objects);
  });

  it('forwards application and infrastructure logs to a LokiStack on the platform object storage on OpenShift', () => {
    const objects = objectsOf(build(), 'loki');
    const stack = findObject(objects, 'LokiStack', 'logging-loki');
    assert.equal(at(stack, 'spec.size'), '1x.small');
    assert.equal(at(stack, 'spec.storage.secret.name'), 'logging-loki-s3');
    assert.equal(at(stack, 'spec.limits.global.retention.days'), 30);
    assert.equal(at(stack, 'spec.tenants.mode'), 'openshift-logging');
    const forwarder = findObject(objects, 'ClusterLogForwarder', 'logging');
    assert.deepEqual(at(forwarder, 'spec.pipelines.0.inputRefs'), ['application', 'infrastructure']);
    assert.equal(at(forwarder, 'spec.outputs.0.lokiStack.target.name'), 'logging-loki');
    assert.equal(at(findObject(build({ profile: 'dev' }).components.get('loki')!.build.objects, 'LokiStack', 'logging-loki'), 'spec.size'), '1x.demo');
    const operators = build().components.get('loki')!.build.operators.map((o) => o.olm.package);
    assert.deepEqual(operators, ['loki-operator', 'cluster-logging']);
  });

  it('declares the LokiStack S3 Secret as a copy of the store keys renamed to the Loki Operator key names, in every storage mode', () => {
    const expected = {
      external: { from: 'AWS_ACCESS_KEY_ID', secret: 'AWS_SECRET_ACCESS_KEY', name: 'datalyptica-s3-credentials' },
      odf: { from: 'AWS_ACCESS_KEY_ID', secret: 'AWS_SECRET_ACCESS_KEY', name: 'datalyptica-apps' },
      minio: { from: 'CONSOLE_ACCESS_KEY', secret: 'CONSOLE_SECRET_KEY', name: 'datalyptica-minio-user' },
    } as const;
    for (const mode of ['external', 'odf', 'minio'] as const) {
      const platform = build({ objectStorage: { mode } });
      const s3 = platform.components.get('loki')!.build.secrets.find((r) => r.name === 'logging-loki-s3');
      assert.equal(s3?.source, 'copy', mode);
      assert.equal(s3.copyFrom?.name, expected[mode].name, mode);
      assert.deepEqual(s3.copyFrom?.keyMap, { access_key_id: expected[mode].from, access_key_secret: expected[mode].secret }, mode);
      const os = platform.config.objectStorage;
      assert.deepEqual(s3.copyFrom?.fixedValues, { bucketnames: os.buckets.apps, endpoint: s3.copyFrom?.fixedValues?.['endpoint'], region: os.region, forcepathstyle: mode === 'external' ? String(os.pathStyle) : 'true' }, mode);
      assert.ok(!s3.keys.some((k) => k.value !== undefined && k.kind === 'token'), 'no secret value in the plan');
      assert.ok(!platform.secrets.some((r) => r.source === 'external' && r.name === 'logging-loki-s3'), `${mode}: nothing for the user to create`);
    }
    assert.equal(build({ objectStorage: { mode: 'odf' } }).components.get('loki')!.build.secrets.find((r) => r.name === 'logging-loki-s3')!.copyFrom!.fixedValues!['endpoint'], 'https://s3.openshift-storage.svc:443');
  });

  it('runs 3 replicas in production and 1 in dev on Kubernetes, with S3 keys from the environment', () => {
    const objects = objectsOf(build({ target: 'kubernetes' }), 'loki');
    const sts = findObject(objects, 'StatefulSet', 'loki');
    assert.equal(at(sts, 'spec.replicas'), 3);
    assert.equal(at(findObject(objectsOf(build({ target: 'kubernetes', profile: 'dev' }), 'loki'), 'StatefulSet', 'loki'), 'spec.replicas'), 1);
    const env = at(sts, 'spec.template.spec.containers.0.env') as { name: string; value?: string }[];
    assert.ok(env.filter((e) => e.name.startsWith('S3_')).every((e) => e.value === undefined));
    assert.equal(at(sts, 'spec.template.spec.containers.0.securityContext.runAsNonRoot'), true);
  });

  it('keeps logs for the profile\'s retention, or the configured one', () => {
    assert.equal(lokiConfig({})['limits_config']!['retention_period'], '720h');
    assert.equal(lokiConfig({ profile: 'dev' })['limits_config']!['retention_period'], '72h');
    assert.equal(lokiConfig({ components: { loki: { retentionDays: 14 } } })['limits_config']!['retention_period'], '336h');
    assert.equal(lokiConfig({})['compactor']!['retention_enabled'], true);
    assert.equal((lokiConfig({})['common']!['storage'] as { s3: { secret_access_key: string } }).s3.secret_access_key, '${S3_SECRET_ACCESS_KEY}');
  });

  it('admits Grafana and the collector, and nothing else from other components', () => {
    const flows = build({ target: 'kubernetes' }).components.get('loki')!.build.flows;
    // The replicas' own flows come one per Service (API and memberlist).
    const from = [...new Set(flows.flatMap((f) => (f.from.kind === 'component' ? [f.from.component] : [])))].sort();
    assert.deepEqual(from, ['alloy', 'grafana', 'loki']);
  });

  it('renders objects that validate against the schemas in every combination', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const base of ALL_COMBINATIONS) {
      for (const object of objectsOf(build(base), 'loki')) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${object.kind}/${object.metadata.name} ${JSON.stringify(base)}: ${JSON.stringify(result.errors)}`);
      }
    }
  });
});
