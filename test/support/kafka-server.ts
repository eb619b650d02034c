import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs, { Kafka, logLevel, type Admin, type ISocketFactory } from 'kafkajs';
import type { KubeObject } from '../../src/model/kube.ts';
import { launchServer, serverRuntime, unavailable } from './jvm.ts';
import { freePort } from './live-servers.ts';
import { tempDir } from './temp.ts';
import { CertificateAuthority } from './certificates.ts';

/**
 * A real Kafka broker in KRaft mode (one node, broker and controller) from the Maven Central jars,
 * with the listeners the platform's `Kafka` resource declares: `plain` authenticating with
 * SCRAM-SHA-512 and `tls` with client certificates, and `simple` authorization — KRaft's
 * StandardAuthorizer with no access where no ACL allows it. A super user manages topics and ACLs.
 */

export interface ScramUser {
  readonly name: string;
  readonly password: string;
}

export interface LiveKafka {
  /** Local ports of the `plain` (SCRAM) and `tls` (mTLS) listeners. */
  readonly ports: { readonly plain: number; readonly tls: number };
  /** The cluster CA that signs the broker's and the clients' certificates (PEM). */
  readonly caCert: string;
  /** The super user (SCRAM-SHA-512), created at format time like every user in `scramUsers`. */
  readonly superUser: ScramUser;
  /** A client certificate for `CN=<cn>` signed by the cluster CA: the principal `User:CN=<cn>`, as Strimzi's KafkaUser. */
  issueCertificate(cn: string): { cert: string; key: string };
  /** The same, signed by a CA the broker does not trust. */
  issueUntrustedCertificate(cn: string): { cert: string; key: string };
  /** A connected admin client as the super user over SCRAM (disconnect it when done). */
  admin(): Promise<Admin>;
  stop(): Promise<void>;
}

export interface KafkaServerOptions {
  /** Host name the broker advertises on both listeners (Strimzi: the broker pod's name under the headless Service). */
  readonly advertisedHost: string;
  /** Ports it advertises (Strimzi's 9092 plain, 9093 tls); clients map them to the local ports. */
  readonly advertisedPorts: { readonly plain: number; readonly tls: number };
  /** Extra DNS names in the broker certificate (the bootstrap Service). */
  readonly dnsNames?: readonly string[];
  /** SCRAM-SHA-512 users created with `kafka-storage format --add-scram`. */
  readonly scramUsers?: readonly ScramUser[];
  /** The KRaft metadata version to format with (the platform's `metadataVersion`). */
  readonly metadataVersion?: string;
}

const LOG4J2 = `Configuration:
  Appenders:
    Console:
      name: STDOUT
      PatternLayout:
        pattern: "[%d] %p %m (%c)%n"
  Loggers:
    Root:
      level: INFO
      AppenderRef:
        - ref: STDOUT
`;

/** A kafkajs socket factory that sends every broker address to 127.0.0.1 at the local port of the advertised one. */
function loopbackSockets(ports: ReadonlyMap<number, number>): ISocketFactory {
  return ({ port, onConnect }) => net.connect(ports.get(port) ?? port, '127.0.0.1', onConnect);
}

/**
 * Formats the storage (`kafka.tools.StorageTool format`, the `kafka-storage.sh` main class) with
 * the SCRAM credentials, starts `kafka.Kafka` and waits until the super user can list topics.
 * Returns why not when Java, openssl or the jars are missing.
 * @see https://kafka.apache.org/documentation/#security_sasl_scram_credentials
 */
export async function startKafka(options: KafkaServerOptions): Promise<LiveKafka | string> {
  const runtime = serverRuntime('kafka');
  if ('skip' in runtime) return runtime.skip;
  if (spawnSync('openssl', ['version'], { stdio: 'ignore' }).status !== 0) return unavailable('openssl not found on PATH: it makes the Kafka test certificates');
  const dir = tempDir('datalyptica-kafka-');
  const ca = new CertificateAuthority(dir, 'cluster-ca');
  const rogue = new CertificateAuthority(dir, 'rogue-ca');
  const brokerName = 'datalyptica-kafka-broker';
  const brokerLeaf = ca.issue(brokerName, ['IP:127.0.0.1', `DNS:${options.advertisedHost}`, ...(options.dnsNames ?? []).map((n) => `DNS:${n}`)]);
  const keystore = join(dir, 'broker.pem');
  writeFileSync(keystore, `${brokerLeaf.key}${brokerLeaf.cert}`);
  const [plain, tls, controller] = [await freePort(), await freePort(), await freePort()];
  const superUser = { name: 'admin', password: randomBytes(18).toString('hex') };
  const jaas = `org.apache.kafka.common.security.scram.ScramLoginModule required username="${superUser.name}" password="${superUser.password}";`;
  const properties = join(dir, 'server.properties');
  writeFileSync(
    properties,
    [
      'process.roles=broker,controller',
      'node.id=0',
      `controller.quorum.voters=0@127.0.0.1:${controller}`,
      `listeners=PLAIN://127.0.0.1:${plain},TLS://127.0.0.1:${tls},CONTROLPLANE://127.0.0.1:${controller}`,
      `advertised.listeners=PLAIN://${options.advertisedHost}:${options.advertisedPorts.plain},TLS://${options.advertisedHost}:${options.advertisedPorts.tls}`,
      // The controller listener uses TLS with the broker's certificate: its principal is a super user.
      'listener.security.protocol.map=PLAIN:SASL_PLAINTEXT,TLS:SSL,CONTROLPLANE:SSL',
      'controller.listener.names=CONTROLPLANE',
      'inter.broker.listener.name=PLAIN',
      'sasl.enabled.mechanisms=SCRAM-SHA-512',
      'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
      `listener.name.plain.scram-sha-512.sasl.jaas.config=${jaas}`,
      'ssl.keystore.type=PEM',
      `ssl.keystore.location=${keystore}`,
      'ssl.truststore.type=PEM',
      `ssl.truststore.location=${ca.certPath}`,
      'ssl.client.auth=required',
      'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
      `super.users=User:${superUser.name};User:CN=${brokerName}`,
      'allow.everyone.if.no.acl.found=false',
      `log.dirs=${join(dir, 'data')}`,
      'num.partitions=1',
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'auto.create.topics.enable=false',
      '',
    ].join('\n'),
  );
  const log4j = join(dir, 'log4j2.yaml');
  writeFileSync(log4j, LOG4J2);
  mkdirSync(join(dir, 'data'));
  const classpath = join(runtime.folder, 'libs', '*');
  const jvm = ['-Xms128m', '-Xmx512m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', `-Dlog4j2.configurationFile=${log4j}`, '-cp', classpath];
  // A random cluster id: Kafka's Uuid is 16 random bytes in base64url without padding.
  const clusterId = randomBytes(16).toString('base64url');
  const scram = [superUser, ...(options.scramUsers ?? [])].flatMap((u) => ['--add-scram', `SCRAM-SHA-512=[name=${u.name},password=${u.password}]`]);
  const release = options.metadataVersion ? ['--release-version', options.metadataVersion] : [];
  const format = spawnSync(runtime.java, [...jvm, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties, ...scram, ...release], { encoding: 'utf8' });
  if (format.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`kafka-storage format failed (exit ${format.status}): ${format.stderr}${format.stdout}`);
  }
  const ports = new Map([
    [options.advertisedPorts.plain, plain],
    [options.advertisedPorts.tls, tls],
  ]);
  const client = new Kafka({
    clientId: 'datalyptica-test-admin',
    brokers: [`127.0.0.1:${plain}`],
    sasl: { mechanism: 'scram-sha-512', username: superUser.name, password: superUser.password },
    socketFactory: loopbackSockets(ports),
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
  });
  const admin = async () => {
    const a = client.admin();
    await a.connect();
    return a;
  };
  const { stop } = await launchServer({
    what: `Kafka ${runtime.version}`,
    dir,
    process: { command: runtime.java, args: [...jvm, 'kafka.Kafka', properties], log: join(dir, 'kafka.log') },
    ready: async () => {
      const a = await admin();
      try {
        await a.listTopics();
        return true;
      } finally {
        await a.disconnect();
      }
    },
    timeoutMs: 300_000,
  });
  return {
    ports: { plain, tls },
    caCert: ca.cert,
    superUser,
    issueCertificate: (cn) => ca.issue(cn),
    issueUntrustedCertificate: (cn) => rogue.issue(cn),
    admin,
    stop,
  };
}

// kafkajs is CommonJS; node's named-export detection misses its enums.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

const RESOURCE: Record<string, number> = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  cluster: AclResourceTypes.CLUSTER,
  transactionalId: AclResourceTypes.TRANSACTIONAL_ID,
};
const OPERATION: Record<string, number> = {
  Read: AclOperationTypes.READ,
  Write: AclOperationTypes.WRITE,
  Create: AclOperationTypes.CREATE,
  Delete: AclOperationTypes.DELETE,
  Alter: AclOperationTypes.ALTER,
  Describe: AclOperationTypes.DESCRIBE,
  ClusterAction: AclOperationTypes.CLUSTER_ACTION,
  AlterConfigs: AclOperationTypes.ALTER_CONFIGS,
  DescribeConfigs: AclOperationTypes.DESCRIBE_CONFIGS,
  IdempotentWrite: AclOperationTypes.IDEMPOTENT_WRITE,
  All: AclOperationTypes.ALL,
};

/**
 * Plays Strimzi's User Operator for one rendered `KafkaUser`: creates its `simple` ACLs for the
 * principal Strimzi gives it (`User:CN=<name>` with TLS authentication, `User:<name>` with SCRAM).
 * @see https://strimzi.io/docs/operators/latest/configuring#type-AclRule-reference
 */
export async function applyKafkaUserAcls(admin: Admin, user: KubeObject): Promise<number> {
  const spec = user.spec as { authentication: { type: string }; authorization: { acls: { resource: { type: string; name?: string; patternType?: string }; operations: string[]; host?: string }[] } };
  const principal = spec.authentication.type === 'tls' ? `User:CN=${user.metadata.name}` : `User:${user.metadata.name}`;
  const acl = spec.authorization.acls.flatMap((rule) =>
    rule.operations.map((operation) => {
      const resourceType = RESOURCE[rule.resource.type];
      const op = OPERATION[operation];
      if (resourceType === undefined || op === undefined) throw new Error(`KafkaUser ${user.metadata.name}: no Kafka ACL for ${rule.resource.type}/${operation}`);
      return {
        resourceType,
        resourceName: rule.resource.type === 'cluster' ? 'kafka-cluster' : (rule.resource.name ?? '*'),
        resourcePatternType: rule.resource.patternType === 'prefix' ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
        principal,
        host: rule.host ?? '*',
        operation: op,
        permissionType: AclPermissionTypes.ALLOW,
      };
    }),
  );
  await admin.createAcls({ acl });
  return acl.length;
}

/** Plays Strimzi's Topic Operator for one rendered `KafkaTopic` (name, partitions, replicas, config). */
export async function applyKafkaTopic(admin: Admin, topic: KubeObject): Promise<void> {
  const spec = topic.spec as { topicName?: string; partitions: number; replicas: number; config?: Record<string, string | number | boolean> };
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      {
        topic: spec.topicName ?? topic.metadata.name,
        numPartitions: spec.partitions,
        replicationFactor: spec.replicas,
        configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value: String(value) })),
      },
    ],
  });
}
