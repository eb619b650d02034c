import { randomUUID } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { Kafka, logLevel, type ISocketFactory } from 'kafkajs';
import type { Probe } from '../../model/live-check.ts';
import { ProbeFailure, describeTarget, errorText, type ProbeContext, type Reach, type ReachTarget, type Reached } from './context.ts';

type KafkaProbe = Extract<Probe, { type: 'kafka' }>;

/** Keys of a Strimzi KafkaUser Secret and of the cluster CA Secret. @see https://strimzi.io/docs/operators/latest/deploying#con-securing-client-authentication-str */
export const KAFKA_USER_CERT = 'user.crt';
export const KAFKA_USER_KEY = 'user.key';
export const KAFKA_CA_CERT = 'ca.crt';

/**
 * Maps a broker address to what to reach: `<pod>.<service>.<namespace>.svc` (Strimzi's
 * advertised per-broker names) or `<service>.<namespace>.svc` (the bootstrap Service).
 */
export function targetOfHost(host: string, port: number): ReachTarget {
  const local = host.replace(/\.cluster\.local$/, '');
  if (!local.endsWith('.svc')) throw new Error(`broker address ${host}:${port} is not an in-cluster Service name`);
  const parts = local.slice(0, -'.svc'.length).split('.');
  if (parts.length === 3) return { pod: parts[0]!, service: parts[1]!, namespace: parts[2]!, port };
  if (parts.length === 2) return { service: parts[0]!, namespace: parts[1]!, port };
  throw new Error(`broker address ${host}:${port} is not an in-cluster Service name`);
}

/**
 * A kafkajs socket factory that sends every broker connection through `reach`: kafkajs wants a
 * socket at once, so it gets an unconnected one that connects when the port-forward is up. With
 * TLS, the certificate is checked against the cluster CA for the broker's real name.
 * @see https://kafka.js.org/docs/configuration#custom-socket-factory
 */
export function reachingSocketFactory(reach: Reach, signal: AbortSignal, opened: Reached[]): ISocketFactory {
  return ({ host, port, ssl, onConnect }) => {
    const plain = new net.Socket();
    const socket = ssl ? tls.connect({ ...ssl, socket: plain, servername: host }, onConnect) : plain;
    let target: ReachTarget;
    try {
      target = targetOfHost(host, port);
    } catch (error) {
      queueMicrotask(() => socket.destroy(error as Error));
      return socket;
    }
    reach(target, signal).then(
      (reached) => {
        opened.push(reached);
        if (ssl) plain.connect(reached.port, reached.host);
        else plain.connect(reached.port, reached.host, onConnect);
      },
      (error: unknown) => socket.destroy(error instanceof Error ? error : new Error(String(error))),
    );
    return socket;
  };
}

/**
 * The probe's throwaway consumer group: `<topic>-validate-<marker>`, so a prefix ACL on the topic's
 * name (the rendered probe KafkaUser's) covers joining and deleting it.
 */
export function probeGroupId(topic: string, marker: string): string {
  return `${topic}-validate-${marker}`;
}

/** Key of the password in a SCRAM-SHA-512 KafkaUser's Secret. */
export const KAFKA_USER_PASSWORD = 'password';

/**
 * Produces one message to the topic and consumes it back with a fresh consumer group (deleted
 * afterwards), over mTLS with the KafkaUser's certificate or with its SCRAM-SHA-512 password when
 * the probe names one.
 */
export async function kafkaProbe(probe: KafkaProbe, ctx: ProbeContext): Promise<string> {
  let ssl: tls.ConnectionOptions | undefined;
  if (probe.tls !== undefined) {
    const { namespace, userSecret, caSecret } = probe.tls;
    const [cert, key, ca] = await Promise.all([
      ctx.secret({ namespace, name: userSecret, key: KAFKA_USER_CERT }),
      ctx.secret({ namespace, name: userSecret, key: KAFKA_USER_KEY }),
      ctx.secret({ namespace, name: caSecret, key: KAFKA_CA_CERT }),
    ]);
    ssl = { cert, key, ca: [ca], rejectUnauthorized: true };
  }
  const sasl = probe.scram ? { mechanism: 'scram-sha-512' as const, username: probe.scram.username, password: await ctx.secret(probe.scram.password) } : undefined;
  const opened: Reached[] = [];
  const address = describeTarget(probe.endpoint);
  const bootstrap = `${address}${sasl ? ` as ${sasl.username} (SCRAM-SHA-512)` : ''}`;
  const kafka = new Kafka({
    clientId: 'datalyptica-validate',
    brokers: [address],
    ...(ssl ? { ssl } : {}),
    ...(sasl ? { sasl } : {}),
    connectionTimeout: Math.min(ctx.timeoutMs, 10_000),
    requestTimeout: ctx.timeoutMs,
    // A few quick retries within the budget: the group coordinator may be moving, or (on a new
    // cluster) its offsets topic still being created. Refusals (authentication, ACLs) are not retried.
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2000 },
    logLevel: logLevel.NOTHING,
    socketFactory: reachingSocketFactory(ctx.reach, ctx.signal, opened),
  });
  const marker = randomUUID();
  // Named after the topic: the probe user's ACLs allow groups prefixed with the topic's name only.
  const groupId = probeGroupId(probe.topic, marker);
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2000 } });
  let step = 'connect';
  try {
    let received: (() => void) | undefined;
    const arrived = new Promise<void>((resolve, reject) => {
      received = resolve;
      ctx.signal.addEventListener('abort', () => reject(new Error(`message not consumed back in time (last step: ${step})`)), { once: true });
    });
    // Awaited only once a message is on its way; a failure before that must not leave it unhandled.
    arrived.catch(() => undefined);
    await Promise.all([producer.connect(), consumer.connect()]);
    step = 'subscribe';
    // From the beginning: a new group starting at the end could pick its offset after the marker
    // was written. The topic keeps an hour of probe messages; only the marker's key counts.
    await consumer.subscribe({ topics: [probe.topic], fromBeginning: true });
    // The consumer joins in the background: a refused join (no group ACL) arrives as a crash.
    const joined = new Promise<void>((resolve, reject) => {
      let last: Error | undefined;
      consumer.on(consumer.events.GROUP_JOIN, () => resolve());
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        last = payload.error;
        if (!payload.restart) reject(payload.error);
      });
      ctx.signal.addEventListener('abort', () => reject(new Error(`the consumer did not join its group in time${last ? ` (last error: ${errorText(last)})` : ''}`)), { once: true });
    });
    joined.catch(() => undefined);
    step = 'join group';
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() === marker) received?.();
      },
    });
    await joined;
    step = 'produce';
    await producer.send({ topic: probe.topic, acks: -1, messages: [{ key: marker, value: `datalyptica validate ${marker}` }] });
    step = 'consume';
    await arrived;
    return `${bootstrap} topic ${probe.topic}: produced and consumed one message${ssl ? ' over mTLS' : ''}`;
  } catch (error) {
    throw new ProbeFailure(`Kafka ${bootstrap} topic ${probe.topic}: ${step} failed: ${errorText(error)}`, { cause: error });
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    const admin = kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([groupId]))
      .catch(() => undefined)
      .finally(() => admin.disconnect().catch(() => undefined));
    await Promise.allSettled(opened.map((reached) => reached.close()));
  }
}
