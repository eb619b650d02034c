import type { ResolvedConfig } from '../config/schema.ts';
import type { Egress } from '../model/flow.ts';
import type { SecretKeyRef, ServiceEndpoint } from '../model/live-check.ts';
import type { ComponentName } from '../model/names.ts';
import type { SecretRequirement } from '../model/secret.ts';
import { systemNamespace } from './layout.ts';

/** The three buckets of seed 000 (warehouse, backups, apps); names come from `objectStorage.buckets`. */
export const BUCKET_KEYS = ['warehouse', 'backups', 'apps'] as const;
export type BucketKey = (typeof BUCKET_KEYS)[number];

/** Where a consumer finds the S3 keys: a Secret in its own namespace. */
export interface S3CredentialsRef {
  readonly secretName: string;
  readonly accessKeyKey: string;
  readonly secretKeyKey: string;
}

/** A CA bundle a consumer mounts to trust the store's TLS certificate; absent = the image's system trust. */
export interface S3TrustRef {
  readonly configMap: string;
  readonly key: string;
}

/** ODF's Multicloud Object Gateway S3 Service; its pods listen on 6443 behind Service port 443. */
export const ODF_NAMESPACE = 'openshift-storage';
export const ODF_S3_SERVICE = 's3';
export const ODF_S3_POD_PORT = 6443;
/** The Tenant's `minio` Service (443 with TLS) and the port MinIO listens on in the pods. */
export const MINIO_SERVICE = 'minio';
export const MINIO_POD_PORT = 9000;

/**
 * The one shared mechanism every object-storage consumer uses (audit A-21: no consumer without
 * keys): the endpoint, the Secret with the keys in the consumer's own namespace, the
 * SecretRequirement that puts it there, and the network path to the store.
 */
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

  /** ODF and MinIO Services have no per-bucket DNS names: path style there, the user's choice for external. */
  get pathStyle(): boolean {
    return this.mode === 'external' ? this.#config.objectStorage.pathStyle : true;
  }

  get buckets() {
    return this.#config.objectStorage.buckets;
  }

  /** The namespace of the object-storage component (Tenant, ObjectBucketClaims). */
  get namespace(): string {
    return this.#namespaceOf('object-storage');
  }

  /** The MinIO Tenant's name. */
  get tenantName(): string {
    return `${this.#config.namePrefix}-minio`;
  }

  /** The S3 endpoint URL consumers use. */
  get endpoint(): string {
    const os = this.#config.objectStorage;
    switch (os.mode) {
      case 'external':
        return os.endpoint;
      case 'minio':
        return `https://${MINIO_SERVICE}.${this.namespace}.svc:443`;
      case 'odf':
        return `https://${ODF_S3_SERVICE}.${ODF_NAMESPACE}.svc:443`;
    }
  }

  /** Host and port of the endpoint, for NetworkPolicy egress and clients that want them apart. */
  get endpointHostPort(): { host: string; port: number; tls: boolean } {
    const url = new URL(this.endpoint);
    const tls = url.protocol === 'https:';
    return { host: url.hostname, port: url.port === '' ? (tls ? 443 : 80) : Number(url.port), tls };
  }

  /** The endpoint as a live-check probe sees it: an in-cluster Service, or a URL. */
  get probeEndpoint(): ServiceEndpoint | { readonly url: string } {
    switch (this.mode) {
      case 'external':
        return { url: this.endpoint };
      case 'minio':
        return { namespace: this.namespace, service: MINIO_SERVICE, port: 443 };
      case 'odf':
        return { namespace: ODF_NAMESPACE, service: ODF_S3_SERVICE, port: 443 };
    }
  }

  /**
   * The CA that signs the store's certificate. ODF serves OpenShift service-serving certificates
   * (the `openshift-service-ca.crt` ConfigMap OpenShift injects into every namespace); the MinIO
   * Tenant uses service-serving certificates on OpenShift and operator certificates signed by the
   * cluster CA (`kube-root-ca.crt`) on Kubernetes; an external store uses public trust.
   */
  trust(): S3TrustRef | undefined {
    if (this.mode === 'external') return undefined;
    if (this.mode === 'odf' || this.#config.target === 'openshift') return { configMap: 'openshift-service-ca.crt', key: 'service-ca.crt' };
    return { configMap: 'kube-root-ca.crt', key: 'ca.crt' };
  }

  /**
   * The Secret consumers read in their own namespace. `deploy` copies it there from where the
   * store's keys live (see `source`). With ODF every bucket has its own claim and its own keys, so
   * the name carries the bucket; with external and MinIO one key pair serves all three buckets.
   */
  credentials(bucket: BucketKey = 'warehouse'): S3CredentialsRef {
    const prefix = this.#config.namePrefix;
    switch (this.mode) {
      case 'external': {
        const own = this.#config.objectStorage.credentialsSecret;
        return { secretName: `${prefix}-s3`, accessKeyKey: own.accessKeyKey, secretKeyKey: own.secretKeyKey };
      }
      case 'minio':
        return { secretName: `${prefix}-s3`, accessKeyKey: 'CONSOLE_ACCESS_KEY', secretKeyKey: 'CONSOLE_SECRET_KEY' };
      case 'odf':
        return { secretName: `${prefix}-s3-${bucket}`, accessKeyKey: 'AWS_ACCESS_KEY_ID', secretKeyKey: 'AWS_SECRET_ACCESS_KEY' };
    }
  }

  /**
   * Where the keys originate: the user's Secret in the system namespace (external), the generated
   * MinIO user (minio), or the ObjectBucketClaim's Secret, named after the claim (odf).
   */
  source(bucket: BucketKey = 'warehouse'): { namespace: string; name: string } {
    switch (this.mode) {
      case 'external':
        return { namespace: systemNamespace(this.#config), name: this.#config.objectStorage.credentialsSecret.name };
      case 'minio':
        return { namespace: this.namespace, name: `${this.tenantName}-user` };
      case 'odf':
        return { namespace: this.namespace, name: this.claimName(bucket) };
    }
  }

  /** The ObjectBucketClaim for a bucket (odf mode); OBC provisioners name the Secret and ConfigMap the same. */
  claimName(bucket: BucketKey): string {
    return `${this.#config.namePrefix}-${bucket}`;
  }

  /** The access and secret key as live checks read them (from the source Secret). */
  probeKeys(bucket: BucketKey = 'warehouse'): { accessKey: SecretKeyRef; secretKey: SecretKeyRef } {
    const from = this.source(bucket);
    const creds = this.credentials(bucket);
    return {
      accessKey: { namespace: from.namespace, name: from.name, key: creds.accessKeyKey },
      secretKey: { namespace: from.namespace, name: from.name, key: creds.secretKeyKey },
    };
  }

  /**
   * The SecretRequirement a consumer declares: a `copy` of the store's keys into its own namespace,
   * named `credentials(bucket).secretName`. Every consumer declares one per bucket it uses.
   */
  consumerSecret(namespace: string, consumer: ComponentName, bucket: BucketKey = 'warehouse'): SecretRequirement {
    const creds = this.credentials(bucket);
    return {
      name: creds.secretName,
      namespace,
      source: 'copy',
      copyFrom: this.source(bucket),
      keys: [
        { key: creds.accessKeyKey, kind: 'token' },
        { key: creds.secretKeyKey, kind: 'token' },
      ],
      description: `S3 keys for ${this.mode === 'odf' ? `bucket ${this.buckets[bucket]}` : 'the object store'} (${this.mode}), copied from ${this.source(bucket).namespace}/${this.source(bucket).name}`,
      consumers: [consumer],
    };
  }

  /**
   * The egress a consumer's pods need to reach the store. MinIO runs in the platform, so the
   * object-storage component declares a flow from each consumer instead and this is empty.
   */
  consumerEgress(description: string): Egress[] {
    switch (this.mode) {
      case 'external':
        return [{ to: { kind: 'object-storage' }, ports: [{ port: this.endpointHostPort.port, name: 's3' }], description }];
      case 'odf':
        return [{ to: { kind: 'namespace', namespace: ODF_NAMESPACE }, ports: [{ port: ODF_S3_POD_PORT, name: 's3-https' }], description }];
      case 'minio':
        return [];
    }
  }
}
