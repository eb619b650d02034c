import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { serverRuntime, startProcess, waitUntil, answers } from './jvm.ts';
import { freePort } from './live-servers.ts';
import { tempDir } from './temp.ts';

/** A real S3 API (S3Proxy over jclouds' filesystem blob store) with SigV4 (and V2) signature checks. */
export interface LiveS3 {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly region: string;
  /** An S3 client with the right keys (path style), e.g. to list what a probe left behind. */
  client(): S3Client;
  stop(): Promise<void>;
}

/**
 * S3Proxy on 127.0.0.1:<free port>, one identity with a random secret, objects in a temp dir, and
 * `buckets` created through the S3 API. Returns why not when Java or the jar is missing.
 * @see https://github.com/gaul/s3proxy/wiki/Storage-backend-examples
 */
export async function startS3(options: { buckets: readonly string[]; accessKey?: string }): Promise<LiveS3 | string> {
  const runtime = serverRuntime('s3proxy');
  if ('skip' in runtime) return runtime.skip;
  const dir = tempDir('datalyptica-s3proxy-');
  const port = await freePort();
  const accessKey = options.accessKey ?? `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
  const secretKey = randomBytes(20).toString('base64url');
  const region = 'us-east-1';
  const endpoint = `http://127.0.0.1:${port}`;
  mkdirSync(join(dir, 'blobs'));
  const properties = join(dir, 's3proxy.conf');
  writeFileSync(
    properties,
    [
      `s3proxy.endpoint=${endpoint}`,
      // Requests must carry a valid AWS Signature V4 (or V2) for this identity; anything else is refused.
      's3proxy.authorization=aws-v2-or-v4',
      `s3proxy.identity=${accessKey}`,
      `s3proxy.credential=${secretKey}`,
      // Trino's S3 client (AWS SDK v2) lists with `x-amz-optional-object-attributes`, which S3Proxy would refuse
      // as not implemented; it only asks for restore status, which a filesystem store never has.
      's3proxy.ignore-unknown-headers=true',
      'jclouds.provider=filesystem',
      `jclouds.filesystem.basedir=${join(dir, 'blobs')}`,
      '',
    ].join('\n'),
  );
  const server = startProcess({
    command: runtime.java,
    args: ['-Xmx192m', '-XX:TieredStopAtLevel=1', '-jar', join(runtime.folder, `s3proxy-${runtime.version}-jar-with-dependencies.jar`), '--properties', properties],
    log: join(dir, 's3proxy.log'),
  });
  const client = () => new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId: accessKey, secretAccessKey: secretKey } });
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // An unsigned GET / answers 403 once Jetty is up.
    await waitUntil(server, `S3Proxy ${runtime.version}`, () => answers(`${endpoint}/`), 60_000);
    const s3 = client();
    try {
      for (const bucket of options.buckets) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    } finally {
      s3.destroy();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, endpoint, accessKey, secretKey, region, client, stop };
}
