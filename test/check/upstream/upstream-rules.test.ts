import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseManifests } from '../../../src/check/manifests/load.ts';
import { runManifestChecks } from '../../../src/check/manifests/run-manifests.ts';
import { UPS, UPS_RULES } from '../../../src/check/upstream/rules.ts';
import { isMinioCommunityImage } from '../../../src/check/upstream/upstream-checker.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');

function findingsOf(fixture: string, target?: 'kubernetes' | 'openshift') {
  const objects = parseManifests(readFileSync(join(FIXTURES, fixture), 'utf8'), fixture).map((o) => o.object);
  return runManifestChecks(objects, target ? { target } : {}).findings;
}

/** Each rule with a fixture that must trigger it and one that must not. */
const CASES: readonly { rule: string; fixture: string; count: number; target?: 'openshift' }[] = [
  { rule: UPS.kraftSettingsInConfig.id, fixture: 'kraft-config', count: 3 },
  { rule: UPS.zookeeperRemoved.id, fixture: 'zookeeper', count: 1 },
  { rule: UPS.trinoCoordinators.id, fixture: 'trino', count: 1 },
  { rule: UPS.pdbOverOperatorPods.id, fixture: 'pdb-operator', count: 2 },
  { rule: UPS.pdbSameSelector.id, fixture: 'pdb-overlap', count: 1 },
  { rule: UPS.sparkConfStrings.id, fixture: 'spark-conf', count: 2 },
  { rule: UPS.sparkServiceAccount.id, fixture: 'spark-sa', count: 1 },
  { rule: UPS.clickhouseKeeper.id, fixture: 'clickhouse', count: 1 },
  { rule: UPS.minioCommunity.id, fixture: 'minio', count: 1 },
  { rule: UPS.openshiftDnsPort.id, fixture: 'openshift-dns', count: 1, target: 'openshift' },
  { rule: UPS.grafanaSecureJson.id, fixture: 'grafana-datasource', count: 1 },
  { rule: 'DL-NET-003', fixture: 'service', count: 1 },
  { rule: UPS.kraftWithoutNodePools.id, fixture: 'kraft-pools', count: 1 },
  { rule: UPS.strimziMetricsPodMonitor.id, fixture: 'strimzi-metrics', count: 1 },
  { rule: UPS.prometheusNamespaceSelector.id, fixture: 'prometheus-namespaces', count: 1 },
  { rule: UPS.openshiftCustomPrometheus.id, fixture: 'openshift-prometheus', count: 1, target: 'openshift' },
  { rule: UPS.grafanaHaDatabase.id, fixture: 'grafana-ha', count: 1 },
  { rule: UPS.schemaRegistryServiceLinks.id, fixture: 'schema-registry', count: 1 },
  { rule: UPS.schemaRegistryHostName.id, fixture: 'schema-registry', count: 1 },
  { rule: UPS.nessieVersionStore.id, fixture: 'nessie-store', count: 2 },
  { rule: UPS.crunchyUserSecret.id, fixture: 'crunchy-user', count: 1 },
  { rule: UPS.sparkOperatorServiceAccount.id, fixture: 'spark-roles', count: 1 },
  { rule: UPS.sparkExecutorCredentials.id, fixture: 'spark-roles', count: 1 },
  { rule: UPS.sparkConfPlacement.id, fixture: 'spark-roles', count: 1 },
  { rule: UPS.pgbackrestS3Credentials.id, fixture: 'pgbackrest', count: 1 },
  { rule: UPS.s3CsiStorageClass.id, fixture: 's3-csi', count: 1 },
  { rule: UPS.namespaceNameLabel.id, fixture: 'namespace-name-label', count: 1 },
  { rule: UPS.flinkStandbyNeedsHa.id, fixture: 'flink-ha', count: 1 },
  { rule: UPS.clickhouseSecretShorthand.id, fixture: 'clickhouse-secret', count: 2 },
];

describe('the upstream-knowledge rules (DL-UPS)', () => {
  for (const { rule, fixture, count, target } of CASES) {
    it(`${rule} fires ${count} time(s) on ${fixture}.bad.yaml and not on ${fixture}.good.yaml`, () => {
      const bad = findingsOf(`${fixture}.bad.yaml`, target).filter((f) => f.rule === rule);
      assert.equal(bad.length, count, JSON.stringify(bad, null, 2));
      assert.ok(bad.every((f) => f.object !== undefined && f.message.length > 0));
      const good = findingsOf(`${fixture}.good.yaml`, target);
      assert.deepEqual(good.filter((f) => f.rule.startsWith('DL-UPS') || f.rule === rule), []);
    });
  }

  it('leaves DNS on port 53 alone on Kubernetes, where CoreDNS listens on 53', () => {
    assert.deepEqual(findingsOf('openshift-dns.bad.yaml', 'kubernetes').filter((f) => f.rule === UPS.openshiftDnsPort.id), []);
  });

  it('points KRaft findings at the offending config key', () => {
    const paths = findingsOf('kraft-config.bad.yaml').filter((f) => f.rule === UPS.kraftSettingsInConfig.id).map((f) => f.path);
    assert.deepEqual(paths, ['/spec/kafka/config/process.roles', '/spec/kafka/config/node.id', '/spec/kafka/config/controller.quorum.voters']);
  });

  it('reports ZooKeeper on the v1beta2 API as a warning (migration) and on v1 as an error', () => {
    const text = readFileSync(join(FIXTURES, 'zookeeper.bad.yaml'), 'utf8').replace('kafka.strimzi.io/v1', 'kafka.strimzi.io/v1beta2');
    const [finding] = runManifestChecks(parseManifests(text, 'v1beta2').map((o) => o.object)).findings.filter((f) => f.rule === UPS.zookeeperRemoved.id);
    assert.equal(finding?.severity, 'warning');
    assert.equal(findingsOf('zookeeper.bad.yaml').find((f) => f.rule === UPS.zookeeperRemoved.id)?.severity, 'error');
  });

  it('makes the MinIO community image a warning, so it alone does not fail the check', () => {
    const report = runManifestChecks(parseManifests(readFileSync(join(FIXTURES, 'minio.bad.yaml'), 'utf8'), 'minio').map((o) => o.object));
    assert.equal(report.findings.find((f) => f.rule === UPS.minioCommunity.id)?.severity, 'warning');
  });

  it('recognises the community MinIO image under every registry spelling and nothing else', () => {
    for (const image of ['minio/minio:RELEASE.2025-09-07T16-13-09Z', 'docker.io/minio/minio:latest', 'quay.io/minio/minio@sha256:abc']) assert.ok(isMinioCommunityImage(image), image);
    for (const image of ['minio/mc:RELEASE.2025-08-13T08-35-41Z', 'quay.io/minio/operator:v7.1.1', 'registry.example.com/minio/minio-custom:1']) assert.ok(!isMinioCommunityImage(image), image);
  });

  it('makes a removed Nessie version store an error and a deprecated one a warning naming its replacement', () => {
    const removed = findingsOf('nessie-store.bad.yaml').filter((f) => f.rule === UPS.nessieVersionStore.id);
    assert.deepEqual(removed.map((f) => f.severity), ['error', 'error']);
    assert.match(removed[0]!.message, /TRANSACTIONAL was removed in Nessie 0\.75/);
    const text = readFileSync(join(FIXTURES, 'nessie-store.good.yaml'), 'utf8').replaceAll('JDBC2', 'JDBC');
    const [deprecated] = runManifestChecks(parseManifests(text, 'jdbc').map((o) => o.object)).findings.filter((f) => f.rule === UPS.nessieVersionStore.id);
    assert.equal(deprecated?.severity, 'warning');
    assert.match(deprecated.message, /use JDBC2/);
  });

  it('makes Schema Registry service links a warning until the input holds the Service they would clash with', () => {
    const text = readFileSync(join(FIXTURES, 'schema-registry.bad.yaml'), 'utf8').split(/^---$/m)[0]!;
    const [finding] = runManifestChecks(parseManifests(text, 'no-service').map((o) => o.object)).findings.filter((f) => f.rule === UPS.schemaRegistryServiceLinks.id);
    assert.equal(finding?.severity, 'warning');
    assert.equal(findingsOf('schema-registry.bad.yaml').find((f) => f.rule === UPS.schemaRegistryServiceLinks.id)?.severity, 'error');
  });

  it('documents every rule id in docs/check/upstream-rules.md', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'check', 'upstream-rules.md'), 'utf8');
    for (const rule of UPS_RULES) assert.match(doc, new RegExp(`^## ${rule.id} ${rule.name}$`, 'm'), rule.id);
  });
});
