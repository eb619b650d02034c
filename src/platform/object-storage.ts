import type { ResolvedConfig } from '../config/schema.ts';
import type { ComponentName } from '../model/names.ts';

/** Where a consumer finds the S3 keys: a Secret in its own namespace. */
export interface S3CredentialsRef {
  readonly secretName: string;
  readonly accessKeyKey: string;
  readonly secretKeyKey: string;
}

/** The one shared mechanism every object-storage consumer uses (audit A-21: no consumer without keys). */
export class ObjectStorageAccess {
  #config: ResolvedConfig;
  #namespaceOf: (name: ComponentName) => string;

  constructor(input: { config: ResolvedConfig; namespaceOf: (name: ComponentName) => string }) {
    this.#config = input.config;
    this.#namespaceOf = input.namespaceOf;
  }

  get mode() {
    return this.#config.objectStorage.mode;
  }

  get region(): string {
    return this.#config.objectStorage.region;
  }

  get pathStyle(): boolean {
    return this.#config.objectStorage.pathStyle;
  }

  get buckets() {
    return this.#config.objectStorage.buckets;
  }

  /** The S3 endpoint URL consumers use. */
  get endpoint(): string {
    const os = this.#config.objectStorage;
    switch (os.mode) {
      case 'external':
        return os.endpoint;
      case 'minio':
        return `https://minio.${this.#namespaceOf('object-storage')}.svc:443`;
      case 'odf':
        return 'https://s3.openshift-storage.svc:443';
    }
  }

  /** Host and port of the endpoint, for NetworkPolicy egress and clients that want them apart. */
  get endpointHostPort(): { host: string; port: number; tls: boolean } {
    const url = new URL(this.endpoint);
    const tls = url.protocol === 'https:';
    return { host: url.hostname, port: url.port === '' ? (tls ? 443 : 80) : Number(url.port), tls };
  }

  /**
   * The Secret consumers read in their own namespace. `deploy` copies it there from where the
   * store's keys live (the user's Secret for `external`, the generated Tenant user for `minio`,
   * the ObjectBucketClaim's Secret for `odf`).
   */
  credentials(): S3CredentialsRef {
    return { secretName: `${this.#config.namePrefix}-s3`, accessKeyKey: 'AWS_ACCESS_KEY_ID', secretKeyKey: 'AWS_SECRET_ACCESS_KEY' };
  }
}
