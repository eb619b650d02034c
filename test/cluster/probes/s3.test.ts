import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { S3_PROBE_PREFIX, s3Probe } from '../../../src/cluster/probes/s3.ts';
import type { Probe } from '../../../src/model/live-check.ts';
import { startS3, type LiveS3 } from '../../support/s3-server.ts';
import { localReach, probeContext } from './fake-cluster.ts';

const STORAGE = 'datalyptica-storage';
const SYSTEM = 'datalyptica-system';
const KEYS = 'datalyptica-s3-credentials';
const BUCKET = 'datalyptica-warehouse';

/** The probe `object-storage.s3.<bucket>` renders, against the in-cluster Service or the store's URL. */
function probe(bucket: string, endpoint: Extract<Probe, { type: 's3' }>['endpoint']): Extract<Probe, { type: 's3' }> {
  return {
    type: 's3',
    endpoint,
    bucket,
    accessKey: { namespace: SYSTEM, name: KEYS, key: 'AWS_ACCESS_KEY_ID' },
    secretKey: { namespace: SYSTEM, name: KEYS, key: 'AWS_SECRET_ACCESS_KEY' },
    region: 'us-east-1',
    pathStyle: true,
  };
}

describe('the S3 probe against a real S3 server (S3Proxy, SigV4 verified)', () => {
  let server: LiveS3 | string;
  before(async () => {
    server = await startS3({ buckets: [BUCKET] });
  });
  after(async () => {
    if (typeof server !== 'string') await server.stop();
  });
  const secrets = (s: LiveS3, secretKey = s.secretKey, accessKey = s.accessKey) => ({ [`${SYSTEM}/${KEYS}/AWS_ACCESS_KEY_ID`]: accessKey, [`${SYSTEM}/${KEYS}/AWS_SECRET_ACCESS_KEY`]: secretKey });
  const service = { namespace: STORAGE, service: 'minio', port: 80 };
  const reach = (s: LiveS3) => localReach({ [`minio.${STORAGE}:80`]: s.port });

  it('puts, reads back and deletes a marker object through the Service, leaving nothing behind', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    const r = reach(server);
    const message = await s3Probe(probe(BUCKET, service), probeContext({ reach: r, secrets: secrets(server) }));
    assert.match(message, new RegExp(`minio\\.${STORAGE}\\.svc:80 bucket ${BUCKET}: put, get and delete of ${S3_PROBE_PREFIX.replace('.', '\\.')}[0-9a-f-]{36} ok`));
    assert.equal(r.closed, r.opened, 'the port-forward is closed after the check');
    const client = server.client();
    try {
      const left = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: S3_PROBE_PREFIX }));
      assert.equal(left.KeyCount, 0, 'the marker object is gone');
    } finally {
      client.destroy();
    }
  });

  it('reaches an external store by its URL', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    const message = await s3Probe(probe(BUCKET, { url: server.endpoint }), probeContext({ secrets: secrets(server) }));
    assert.match(message, new RegExp(`^${server.endpoint} bucket ${BUCKET}: put, get and delete`));
  });

  it('fails with SignatureDoesNotMatch when the Secret holds the wrong secret key', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    await assert.rejects(
      s3Probe(probe(BUCKET, service), probeContext({ reach: reach(server), secrets: secrets(server, `${server.secretKey}x`) })),
      new RegExp(`bucket ${BUCKET}: put failed: SignatureDoesNotMatch \\(HTTP 403\\)`),
    );
  });

  it('fails with InvalidAccessKeyId for a key the store does not know', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    await assert.rejects(
      s3Probe(probe(BUCKET, service), probeContext({ reach: reach(server), secrets: secrets(server, server.secretKey, 'AKIANOTKNOWN') })),
      /put failed: InvalidAccessKeyId \(HTTP 403\)/,
    );
  });

  it('fails naming the step and NoSuchBucket for a bucket that does not exist', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    await assert.rejects(s3Probe(probe('datalyptica-nope', service), probeContext({ reach: reach(server), secrets: secrets(server) })), /bucket datalyptica-nope: put failed: NoSuchBucket \(HTTP 404\)/);
  });
});
