import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runChecks } from '../../../src/check/run.ts';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import type { Platform } from '../../../src/platform/platform.ts';
import { INJECT_CABUNDLE_ANNOTATION, S3_CA_DIR, S3_CA_FILE, S3_TRUSTSTORE_FILE } from '../../../src/platform/object-storage.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';

type Json = Record<string, unknown>;

/** Every S3 consumer on, with its S3 path in use (ClickHouse's S3 disk is off by default). */
const ALL_CONSUMERS: UserConfig = { components: { clickhouse: { s3Disk: { enabled: true } } } } as UserConfig;

function config(overrides: UserConfig): UserConfig {
  return { ...ALL_CONSUMERS, ...overrides } as UserConfig;
}

/** The CA source consumers must mount, per mode and target. */
interface Expected {
  readonly kind: 'configMap' | 'secret';
  readonly name: string;
  readonly key: string;
}

const CASES: readonly { title: string; config: UserConfig; expected: Expected }[] = [
  { title: 'minio on OpenShift', config: config({ target: 'openshift', objectStorage: { mode: 'minio' } }), expected: { kind: 'configMap', name: 'datalyptica-s3-ca', key: 'service-ca.crt' } },
  { title: 'minio on Kubernetes', config: config({ target: 'kubernetes', objectStorage: { mode: 'minio' } }), expected: { kind: 'configMap', name: 'kube-root-ca.crt', key: 'ca.crt' } },
  { title: 'odf on OpenShift', config: config({ target: 'openshift', objectStorage: { mode: 'odf' } }), expected: { kind: 'configMap', name: 'datalyptica-s3-ca', key: 'service-ca.crt' } },
  {
    title: 'odf on Kubernetes with objectStorage.caSecret',
    config: config({ target: 'kubernetes', objectStorage: { mode: 'odf', caSecret: 'rook-s3-ca' } }),
    expected: { kind: 'secret', name: 'datalyptica-s3-ca', key: 'ca.crt' },
  },
];

function list(value: unknown): Json[] {
  return Array.isArray(value) ? (value as Json[]) : [];
}

/** The `s3-ca` volume of a pod spec, checked against the expected source. */
function assertCaVolume(pod: unknown, expected: Expected, where: string): void {
  const volume = list(at(pod, 'volumes')).find((v) => v['name'] === 's3-ca');
  assert.ok(volume, `${where}: no s3-ca volume`);
  const source = (expected.kind === 'configMap' ? volume['configMap'] : volume['secret']) as Json | undefined;
  assert.ok(source, `${where}: s3-ca is not a ${expected.kind}`);
  assert.equal(expected.kind === 'configMap' ? source['name'] : source['secretName'], expected.name, where);
  assert.deepEqual(source['items'], [{ key: expected.key, path: 'ca.crt' }], where);
}

/** A JVM pod: the truststore init container mounts the CA; the main container reads the truststore through JAVA_TOOL_OPTIONS. */
function assertJvmPod(pod: unknown, main: Json, expected: Expected, where: string): void {
  assertCaVolume(pod, expected, where);
  const init = list(at(pod, 'initContainers')).find((c) => c['name'] === 's3-truststore');
  assert.ok(init, `${where}: no s3-truststore init container`);
  assert.ok(list(init['volumeMounts']).some((m) => m['name'] === 's3-ca' && m['mountPath'] === S3_CA_DIR), `${where}: init container does not mount the CA`);
  assert.match(String((init['command'] as string[])[2]), /keytool/);
  assert.ok(!list(init['env']).some((e) => e['name'] === 'JAVA_TOOL_OPTIONS'), `${where}: keytool must not read the truststore it is writing`);
  assert.ok(list(at(pod, 'volumes')).some((v) => v['name'] === 's3-truststore' && v['emptyDir'] !== undefined), `${where}: no truststore emptyDir`);
  const env = list(main['env']);
  const password = env.findIndex((e) => e['name'] === 'S3_TRUSTSTORE_PASSWORD');
  const options = env.findIndex((e) => e['name'] === 'JAVA_TOOL_OPTIONS');
  assert.ok(password >= 0 && options > password, `${where}: the password env must precede JAVA_TOOL_OPTIONS`);
  assert.deepEqual(env[password]!['valueFrom'], { secretKeyRef: { name: 'datalyptica-s3-truststore', key: 'password' } }, where);
  const flags = String(env[options]!['value']);
  assert.ok(flags.includes(`-Djavax.net.ssl.trustStore=${S3_TRUSTSTORE_FILE}`), where);
  assert.ok(flags.includes('-Djavax.net.ssl.trustStoreType=PKCS12'), where);
  assert.ok(flags.includes('-Djavax.net.ssl.trustStorePassword=$(S3_TRUSTSTORE_PASSWORD)'), where);
  assert.ok(list(main['volumeMounts']).some((m) => m['name'] === 's3-truststore' && m['readOnly'] === true), `${where}: main container does not mount the truststore`);
}

function mainContainer(pod: unknown, name: string): Json {
  const found = list(at(pod, 'containers')).find((c) => c['name'] === name);
  assert.ok(found, `no container ${name}`);
  return found;
}

/** Every JVM pod template of the platform, with its main container. */
function jvmPods(platform: Platform): { where: string; pod: unknown; main: Json }[] {
  const out: { where: string; pod: unknown; main: Json }[] = [];
  const nessie = findObject(objectsOf(platform, 'nessie'), 'Deployment', 'nessie');
  out.push({ where: 'nessie', pod: at(nessie, 'spec.template.spec'), main: mainContainer(at(nessie, 'spec.template.spec'), 'nessie') });
  for (const [kind, name] of [['Deployment', 'trino-coordinator'], ['StatefulSet', 'trino-worker']] as const) {
    const workload = findObject(objectsOf(platform, 'trino'), kind, name);
    out.push({ where: name, pod: at(workload, 'spec.template.spec'), main: mainContainer(at(workload, 'spec.template.spec'), 'trino') });
  }
  const flink = findObject(objectsOf(platform, 'flink'), 'FlinkDeployment', 'flink');
  out.push({ where: 'flink', pod: at(flink, 'spec.podTemplate.spec'), main: mainContainer(at(flink, 'spec.podTemplate.spec'), 'flink-main-container') });
  const apps = objectsOf(platform, 'spark').filter((o) => o.kind === 'SparkApplication' || o.kind === 'ScheduledSparkApplication');
  assert.ok(apps.length > 0, 'no Spark application rendered');
  for (const app of apps) {
    const spec = app.kind === 'SparkApplication' ? at(app, 'spec') : at(app, 'spec.template');
    for (const role of ['driver', 'executor'] as const) {
      const part = at(spec, role) as Json;
      // The operator builds the pod from the application: volumes at the top, the rest per role.
      out.push({ where: `${app.metadata.name} ${role}`, pod: { volumes: at(spec, 'volumes'), initContainers: part['initContainers'] }, main: part });
    }
  }
  return out;
}

function assertNoTrust(platform: Platform): void {
  const all = platform.objects.map((p) => p.object);
  const json = JSON.stringify(all);
  // A JVM truststore may still exist for Keycloak's CA (the HTTPS backchannel), never with an S3 CA.
  assert.ok(!json.includes(S3_CA_FILE), 'a truststore imports an S3 CA in external mode');
  assert.ok(!json.includes('"s3-ca"'), 'a CA volume in external mode');
  assert.ok(!json.includes('AWS_CA_BUNDLE'));
  assert.ok(!json.includes('endpointCA'));
  assert.ok(!json.includes('caConfig'));
  assert.ok(!all.some((o) => o.metadata.annotations?.[INJECT_CABUNDLE_ANNOTATION] !== undefined));
  assert.ok(!platform.secrets.some((s) => s.name === 'datalyptica-s3-ca'));
  assert.ok(!platform.secrets.some((s) => s.name === 'datalyptica-s3-truststore' && s.description.includes('S3')));
}

describe('object storage TLS trust', () => {
  for (const c of CASES) {
    it(`gives every JVM consumer a truststore with the store's CA (${c.title})`, () => {
      const platform = platformFor(c.config);
      for (const { where, pod, main } of jvmPods(platform)) assertJvmPod(pod, main, c.expected, where);
      for (const consumer of ['nessie', 'trino', 'flink', 'spark'] as const) {
        const password = platform.secrets.find((s) => s.name === 'datalyptica-s3-truststore' && s.consumers.includes(consumer));
        assert.equal(password?.source, 'generated', `${consumer}: truststore password Secret`);
      }
    });

    it(`points ClickHouse's OpenSSL client and PostgreSQL backups at the store's CA (${c.title})`, () => {
      const platform = platformFor(c.config);
      const chi = findObject(objectsOf(platform, 'clickhouse'), 'ClickHouseInstallation', 'datalyptica');
      const pod = at(chi, 'spec.templates.podTemplates.0.spec');
      assertCaVolume(pod, c.expected, 'clickhouse');
      assert.ok(list(at(mainContainer(pod, 'clickhouse'), 'volumeMounts')).some((m) => m['name'] === 's3-ca' && m['mountPath'] === S3_CA_DIR));
      assert.equal((at(chi, 'spec.configuration.settings') as Json)['openSSL/client/caConfig'], S3_CA_FILE);

      const postgres = objectsOf(platform, 'postgres');
      const store = findObject(postgres, 'ObjectStore', 'datalyptica-postgres-backups');
      const cluster = findObject(postgres, 'Cluster', 'datalyptica-postgres');
      if (c.expected.kind === 'secret') {
        assert.deepEqual(at(store, 'spec.configuration.endpointCA'), { name: c.expected.name, key: c.expected.key });
        assert.equal(at(cluster, 'spec.projectedVolumeTemplate'), undefined);
      } else {
        // endpointCA takes only a Secret: the ConfigMap goes through the projected volume the plugin sidecar also mounts.
        assert.equal(at(store, 'spec.configuration.endpointCA'), undefined);
        assert.deepEqual(at(cluster, 'spec.projectedVolumeTemplate.sources'), [{ configMap: { name: c.expected.name, items: [{ key: c.expected.key, path: 'datalyptica/s3-ca.crt' }] } }]);
        assert.ok(list(at(store, 'spec.instanceSidecarConfiguration.env')).some((e) => e['name'] === 'AWS_CA_BUNDLE' && e['value'] === '/projected/datalyptica/s3-ca.crt'));
      }
    });

    it(`delivers the CA object into every consumer namespace (${c.title})`, () => {
      const platform = platformFor(c.config);
      const namespaces = new Set(['nessie', 'trino', 'flink', 'spark', 'clickhouse', 'postgres'].map((n) => platform.components.get(n as never)!.namespace));
      if (c.expected.name === 'kube-root-ca.crt') {
        // Kubernetes publishes it in every namespace: nothing to render.
        assert.ok(!platform.objects.some((p) => p.object.metadata.name === 'kube-root-ca.crt'));
        return;
      }
      for (const namespace of namespaces) {
        if (c.expected.kind === 'configMap') {
          const cm = platform.objects.find((p) => p.object.kind === 'ConfigMap' && p.object.metadata.name === c.expected.name && p.object.metadata.namespace === namespace);
          assert.ok(cm, `no ${c.expected.name} ConfigMap in ${namespace}`);
          assert.equal(cm.owner, 'object-storage');
          assert.equal(cm.object.metadata.annotations?.[INJECT_CABUNDLE_ANNOTATION], 'true');
          assert.equal(cm.object['data'], undefined, 'the service CA operator owns the data');
        } else {
          const copy = platform.secrets.find((s) => s.name === c.expected.name && s.namespace === namespace);
          assert.equal(copy?.source, 'copy', `no CA copy in ${namespace}`);
          assert.deepEqual(copy?.copyFrom, { namespace: 'datalyptica-system', name: 'rook-s3-ca' });
        }
      }
      if (c.expected.kind === 'secret') {
        const source = platform.secrets.find((s) => s.name === 'rook-s3-ca');
        assert.equal(source?.source, 'external');
        assert.deepEqual(source?.keys.map((k) => k.key), ['ca.crt']);
      }
    });
  }

  it('renders no trust objects in external mode with a public certificate', () => {
    assertNoTrust(platformFor(config({ objectStorage: { mode: 'external' } })));
    assertNoTrust(platformFor(config({ target: 'kubernetes', objectStorage: { mode: 'external' } })));
  });

  it('copies objectStorage.caSecret to the consumers of an external store with a private CA', () => {
    const platform = platformFor(config({ objectStorage: { mode: 'external', caSecret: 'corp-s3-ca' } }));
    const nessie = findObject(objectsOf(platform, 'nessie'), 'Deployment', 'nessie');
    assertJvmPod(at(nessie, 'spec.template.spec'), mainContainer(at(nessie, 'spec.template.spec'), 'nessie'), { kind: 'secret', name: 'datalyptica-s3-ca', key: 'ca.crt' }, 'nessie');
    const copies = platform.secrets.filter((s) => s.name === 'datalyptica-s3-ca');
    assert.ok(copies.length > 0 && copies.every((s) => s.source === 'copy' && s.copyFrom?.name === 'corp-s3-ca'));
  });

  it('warns that odf on Kubernetes needs objectStorage.caSecret, and mounts no CA without it', () => {
    const platform = platformFor(config({ target: 'kubernetes', objectStorage: { mode: 'odf' } }));
    assert.ok(platform.warnings.some((w) => w.includes('objectStorage.caSecret')));
    assert.ok(!JSON.stringify(platform.objects.map((p) => p.object)).includes(S3_CA_FILE));
  });

  it('has the MinIO versioning Job trust the same CA', () => {
    const platform = platformFor(config({ target: 'openshift', objectStorage: { mode: 'minio' } }));
    const job = findObject(objectsOf(platform, 'object-storage'), 'Job', 'datalyptica-minio-versioning');
    assertCaVolume(at(job, 'spec.template.spec'), { kind: 'configMap', name: 'datalyptica-s3-ca', key: 'service-ca.crt' }, 'versioning');
    const env = list(at(job, 'spec.template.spec.containers.0.env'));
    assert.ok(env.some((e) => e['name'] === 'AWS_CA_BUNDLE' && e['value'] === S3_CA_FILE));
    const namespace = platform.components.get('object-storage')!.namespace;
    assert.ok(platform.objects.some((p) => p.object.kind === 'ConfigMap' && p.object.metadata.name === 'datalyptica-s3-ca' && p.object.metadata.namespace === namespace));
  });

  it('renders schema-valid objects with no policy or HA error in every profile, target and layout with minio and odf', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const combination of ALL_COMBINATIONS) {
      for (const mode of ['minio', 'odf'] as const) {
        const platform = platformFor(config({ ...combination, objectStorage: { mode, ...(mode === 'odf' && combination.target === 'kubernetes' ? { caSecret: 'rook-s3-ca' } : {}) } }));
        const where = `${JSON.stringify(combination)} ${mode}`;
        for (const { object } of platform.objects) {
          const result = validator.validate(object as KubeObject);
          assert.notEqual(result.status, 'invalid', `${where}: ${object.kind}/${object.metadata.name}: ${JSON.stringify(result.errors.slice(0, 3))}`);
        }
        const report = runChecks(platform, { validator });
        const errors = report.findings.filter((f) => f.severity === 'error' && !f.suppressed);
        assert.deepEqual(errors.map((f) => `${f.rule}: ${f.message}`), [], where);
      }
    }
  });
});
