import { randomUUID } from 'node:crypto';
import https from 'node:https';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { Probe, ServiceEndpoint } from '../../model/live-check.ts';
import { ProbeFailure, describeTarget, errorText, type ProbeContext, type Reached } from './context.ts';

type S3Probe = Extract<Probe, { type: 's3' }>;

/** Where validate writes its marker objects; one per run, deleted at once. */
export const S3_PROBE_PREFIX = '.datalyptica-validate/';

function isService(endpoint: S3Probe['endpoint']): endpoint is ServiceEndpoint {
  return 'service' in endpoint;
}

/** The store's error code (SignatureDoesNotMatch, NoSuchBucket, AccessDenied...) before its message. */
function s3ErrorText(error: unknown): string {
  const text = errorText(error);
  if (!(error instanceof S3ServiceException) || text.startsWith(error.name)) return text;
  return `${error.name} (HTTP ${error.$metadata.httpStatusCode ?? '?'}): ${text}`;
}

/**
 * Writes a small object, reads it back, compares, and deletes it, with the keys from the
 * Secret. An in-cluster store is reached through the port-forward (path style, TLS inside the
 * API server tunnel); an external one directly, with normal certificate checks.
 * @see https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/client/s3/
 */
export async function s3Probe(probe: S3Probe, ctx: ProbeContext): Promise<string> {
  const [accessKeyId, secretAccessKey] = await Promise.all([ctx.secret(probe.accessKey), ctx.secret(probe.secretKey)]);
  let reached: Reached | undefined;
  let endpoint: string;
  let where: string;
  let agent: https.Agent | undefined;
  if (isService(probe.endpoint)) {
    reached = await ctx.reach(probe.endpoint, ctx.signal);
    const tls = probe.tls ?? probe.endpoint.port === 443;
    endpoint = `${tls ? 'https' : 'http'}://${reached.host}:${reached.port}`;
    where = describeTarget(probe.endpoint);
    if (tls) agent = new https.Agent({ servername: `${probe.endpoint.service}.${probe.endpoint.namespace}.svc`, rejectUnauthorized: false });
  } else {
    endpoint = probe.endpoint.url;
    where = probe.endpoint.url;
  }
  const client = new S3Client({
    endpoint,
    region: probe.region,
    forcePathStyle: reached !== undefined || probe.pathStyle,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
    requestHandler: { requestTimeout: ctx.timeoutMs, connectionTimeout: ctx.timeoutMs, ...(agent ? { httpsAgent: agent } : {}) },
  });
  const key = `${S3_PROBE_PREFIX}${randomUUID()}`;
  const body = `datalyptica validate ${key}`;
  const options = { abortSignal: ctx.signal };
  let step = 'put';
  try {
    await client.send(new PutObjectCommand({ Bucket: probe.bucket, Key: key, Body: body, ContentType: 'text/plain' }), options);
    step = 'get';
    const got = await client.send(new GetObjectCommand({ Bucket: probe.bucket, Key: key }), options);
    const text = (await got.Body?.transformToString()) ?? '';
    if (text !== body) throw new Error(`read back ${text.length} bytes that differ from the ${body.length} written`);
    step = 'delete';
    await client.send(new DeleteObjectCommand({ Bucket: probe.bucket, Key: key }), options);
    return `${where} bucket ${probe.bucket}: put, get and delete of ${key} ok`;
  } catch (error) {
    throw new ProbeFailure(`S3 ${where} bucket ${probe.bucket}: ${step} failed: ${s3ErrorText(error)}`, { cause: error });
  } finally {
    client.destroy();
    agent?.destroy();
    await reached?.close().catch(() => undefined);
  }
}
