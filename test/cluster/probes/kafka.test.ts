import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KAFKA_CA_CERT, KAFKA_USER_CERT, KAFKA_USER_KEY, KAFKA_USER_PASSWORD, kafkaProbe, targetOfHost } from '../../../src/cluster/probes/kafka.ts';
import { collectChecks } from '../../../src/cluster/validate/collect.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import type { Probe } from '../../../src/model/live-check.ts';
import { applyKafkaTopic, applyKafkaUserAcls, startKafka, type LiveKafka } from '../../support/kafka-server.ts';
import { findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { localReach, probeContext } from './fake-cluster.ts';

type KafkaProbe = Extract<Probe, { type: 'kafka' }>;

// The dev profile: one broker, so the rendered topic's replicas fit a one-node test cluster.
const platform = platformFor({ profile: 'dev' });
const kafkaObjects = objectsOf(platform, 'kafka');
const cluster = findObject(kafkaObjects, 'Kafka', 'datalyptica-kafka');
const NS = cluster.metadata.namespace!;
const probeUser = findObject(kafkaObjects, 'KafkaUser', 'datalyptica-probe');
const probeTopic = kafkaObjects.find((o) => o.kind === 'KafkaTopic' && (o.spec as { topicName?: string }).topicName === 'datalyptica-probe')!;
const roundtrip = collectChecks(platform).find((c) => c.id === 'kafka.roundtrip')!.probe as KafkaProbe;
const listeners = (cluster.spec as { kafka: { listeners: { name: string; port: number; tls: boolean; authentication: { type: string } }[] } }).kafka.listeners;
const PLAIN = listeners.find((l) => l.name === 'plain')!;
const TLS = listeners.find((l) => l.name === 'tls')!;
/** Strimzi's per-broker address under the headless Service, which the brokers advertise. */
const BROKER_HOST = `datalyptica-kafka-broker-0.datalyptica-kafka-kafka-brokers.${NS}.svc`;
const BOOTSTRAP = `datalyptica-kafka-kafka-bootstrap.${NS}.svc`;

/** The rendered probe user, as a SCRAM-SHA-512 KafkaUser with the same ACLs (the plain listener's authentication). */
function scramTwin(user: KubeObject, name: string): KubeObject {
  return { ...user, metadata: { ...user.metadata, name }, spec: { ...(user.spec as object), authentication: { type: 'scram-sha-512' } } };
}

describe('the Kafka probe against a real KRaft broker with the platform\'s listeners and ACLs', () => {
  let server: LiveKafka | string;
  const scramUser = { name: 'datalyptica-probe-scram', password: 'scram-password-for-the-test' };
  before(async () => {
    server = await startKafka({
      advertisedHost: BROKER_HOST,
      advertisedPorts: { plain: PLAIN.port, tls: TLS.port },
      dnsNames: [BOOTSTRAP],
      scramUsers: [scramUser],
    });
    if (typeof server === 'string') return;
    const admin = await server.admin();
    try {
      await applyKafkaTopic(admin, probeTopic);
      await applyKafkaUserAcls(admin, probeUser);
      await applyKafkaUserAcls(admin, scramTwin(probeUser, scramUser.name));
    } finally {
      await admin.disconnect();
    }
  });
  after(async () => {
    if (typeof server !== 'string') await server.stop();
  });

  /** Both listeners of both Services (bootstrap and per-broker) at the broker's local ports. */
  const reach = (s: LiveKafka) =>
    localReach({
      [`datalyptica-kafka-kafka-bootstrap.${NS}:${TLS.port}`]: s.ports.tls,
      [`datalyptica-kafka-kafka-brokers.${NS}:${TLS.port}`]: s.ports.tls,
      [`datalyptica-kafka-kafka-bootstrap.${NS}:${PLAIN.port}`]: s.ports.plain,
      [`datalyptica-kafka-kafka-brokers.${NS}:${PLAIN.port}`]: s.ports.plain,
    });
  const userSecrets = (s: LiveKafka, leaf: { cert: string; key: string }) => ({
    [`${NS}/datalyptica-probe/${KAFKA_USER_CERT}`]: leaf.cert,
    [`${NS}/datalyptica-probe/${KAFKA_USER_KEY}`]: leaf.key,
    [`${NS}/datalyptica-kafka-cluster-ca-cert/${KAFKA_CA_CERT}`]: s.caCert,
  });
  const scramProbe = (password: string): [KafkaProbe, Record<string, string>] => [
    { type: 'kafka', endpoint: { namespace: NS, service: 'datalyptica-kafka-kafka-bootstrap', port: PLAIN.port }, topic: roundtrip.topic, scram: { username: scramUser.name, password: { namespace: NS, name: scramUser.name, key: KAFKA_USER_PASSWORD } } },
    { [`${NS}/${scramUser.name}/${KAFKA_USER_PASSWORD}`]: password },
  ];

  it('renders the listeners this broker mirrors: plain with SCRAM-SHA-512, tls with client certificates, simple authorization', () => {
    assert.deepEqual([PLAIN.tls, PLAIN.authentication.type, TLS.tls, TLS.authentication.type], [false, 'scram-sha-512', true, 'tls']);
    assert.equal((cluster.spec as any).kafka.authorization.type, 'simple');
    assert.equal(roundtrip.endpoint.port, TLS.port);
  });

  it('passes the rendered kafka.roundtrip check over mTLS as the probe KafkaUser, with only its rendered ACLs', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    const r = reach(server);
    const message = await kafkaProbe(roundtrip, probeContext({ reach: r, secrets: userSecrets(server, server.issueCertificate('datalyptica-probe')), timeoutMs: 30_000 }));
    assert.match(message, /datalyptica-kafka-kafka-bootstrap\.datalyptica-streaming\.svc:9093 topic datalyptica-probe: produced and consumed one message over mTLS/);
    assert.ok(r.opened >= 2, 'it reached the bootstrap Service and the broker pod');
    assert.equal(r.closed, r.opened, 'every port-forward is closed');
    const admin = await server.admin();
    try {
      const { groups } = await admin.listGroups();
      assert.deepEqual(groups.filter((g) => g.groupId.startsWith('datalyptica-probe-validate-')), [], 'the probe deleted its consumer group (its ACLs allow it)');
    } finally {
      await admin.disconnect();
    }
  });

  it('fails at connect with a client certificate the cluster CA did not sign', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    await assert.rejects(
      kafkaProbe(roundtrip, probeContext({ reach: reach(server), secrets: userSecrets(server, server.issueUntrustedCertificate('datalyptica-probe')), timeoutMs: 15_000 })),
      /topic datalyptica-probe: connect failed: .*(certificate|handshake|Connection error|closed)/i,
    );
  });

  it('fails naming the authorization error for a user without the probe\'s ACLs', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    await assert.rejects(
      kafkaProbe(roundtrip, probeContext({ reach: reach(server), secrets: userSecrets(server, server.issueCertificate('datalyptica-nobody')), timeoutMs: 15_000 })),
      /topic datalyptica-probe: (subscribe|produce|connect) failed: .*[Nn]ot authorized/,
    );
  });

  it('passes over the plain listener with SCRAM-SHA-512 as a SCRAM KafkaUser', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    const [probe, secrets] = scramProbe(scramUser.password);
    const message = await kafkaProbe(probe, probeContext({ reach: reach(server), secrets, timeoutMs: 30_000 }));
    assert.match(message, /:9092 as datalyptica-probe-scram \(SCRAM-SHA-512\) topic datalyptica-probe: produced and consumed one message$/);
  });

  it('fails naming the user and the SCRAM authentication when the password is wrong', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    const [probe, secrets] = scramProbe('not-the-password');
    await assert.rejects(kafkaProbe(probe, probeContext({ reach: reach(server), secrets, timeoutMs: 15_000 })), /as datalyptica-probe-scram \(SCRAM-SHA-512\) topic datalyptica-probe: connect failed: .*SASL SCRAM SHA512 authentication failed/);
  });
});

describe('Kafka broker addresses', () => {
  it('map per-broker names to a pod behind the headless Service', () => {
    assert.deepEqual(targetOfHost('datalyptica-kafka-broker-0.datalyptica-kafka-kafka-brokers.datalyptica-streaming.svc', 9093), {
      pod: 'datalyptica-kafka-broker-0',
      service: 'datalyptica-kafka-kafka-brokers',
      namespace: 'datalyptica-streaming',
      port: 9093,
    });
  });

  it('map the bootstrap name to its Service, with or without cluster.local', () => {
    assert.deepEqual(targetOfHost('datalyptica-kafka-kafka-bootstrap.datalyptica-streaming.svc.cluster.local', 9093), { service: 'datalyptica-kafka-kafka-bootstrap', namespace: 'datalyptica-streaming', port: 9093 });
  });

  it('reject names outside the cluster', () => {
    assert.throws(() => targetOfHost('kafka.example.com', 9093), /not an in-cluster Service name/);
  });
});
