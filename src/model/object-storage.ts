import type { Egress } from './flow.ts';
import type { KubeObject } from './kube.ts';
import type { SecretKeyRef, ServiceEndpoint } from './live-check.ts';
import type { ComponentName } from './names.ts';
import type { SecretRequirement } from './secret.ts';

/** The platform's three buckets (warehouse, backups, apps); names come from `objectStorage.buckets`. */
export const BUCKET_KEYS = ['warehouse', 'backups', 'apps'] as const;
export type BucketKey = (typeof BUCKET_KEYS)[number];

/** Where a consumer finds the S3 keys: a Secret in its own namespace. */
export interface S3CredentialsRef {
  readonly secretName: string;
  readonly accessKeyKey: string;
  readonly secretKeyKey: string;
}

/**
 * The CA bundle that signs the store's TLS certificate, as an object in each consumer's own
 * namespace; absent = the image's system trust (an external store with a public certificate).
 */
export interface S3TrustRef {
  readonly kind: 'configMap' | 'secret';
  readonly name: string;
  /** The key that holds the PEM bundle. */
  readonly key: string;
  /** Where the bundle comes from, for descriptions and docs. */
  readonly origin: 'service-ca' | 'kube-root-ca' | 'user';
}

/** What a consumer mounts to trust the store: the PEM bundle at `S3_CA_FILE`. */
export interface S3ConsumerTrust {
  readonly ref: S3TrustRef;
  /** The pod volume holding the bundle as `ca.crt`. */
  readonly volume: Record<string, unknown>;
  readonly volumeMount: { readonly name: string; readonly mountPath: string; readonly readOnly: true };
  readonly caFile: string;
  /** For consumers that only take a Secret key selector (CloudNativePG `endpointCA`); absent for ConfigMaps. */
  readonly secretKeyRef?: { readonly name: string; readonly key: string };
  /** A projected-volume source that puts the bundle at `path` (CNPG projectedVolumeTemplate, PGO configuration). */
  projection(path: string): Record<string, unknown>;
  /** Requirements to declare (the copy of the user's CA Secret); empty for ConfigMaps. */
  readonly secrets: readonly SecretRequirement[];
}

/** Another PEM bundle a JVM truststore imports (the CA of Keycloak's certificate). */
export interface JvmExtraCa {
  readonly caFile: string;
  readonly volume: Record<string, unknown>;
  readonly volumeMount: { readonly name: string; readonly mountPath: string; readonly readOnly: true };
  readonly secrets: readonly SecretRequirement[];
  /** What it is, for the password Secret's description (`the CA of Keycloak's certificate`). */
  readonly description: string;
}

/** What a JVM consumer adds to its pods: an init container that builds the truststore, volumes, env. */
export interface S3JvmTrust {
  /** The store's CA, when it needs one (absent when only `extraCa` asked for the truststore). */
  readonly s3?: S3ConsumerTrust;
  /** Requirements to declare: the CA copies and the truststore password. */
  readonly secrets: readonly SecretRequirement[];
  readonly initContainer: Record<string, unknown>;
  /** The CA volume and the truststore emptyDir. */
  readonly volumes: readonly Record<string, unknown>[];
  /** The main container's mount of the truststore (read-only). */
  readonly mounts: readonly { readonly name: string; readonly mountPath: string; readonly readOnly: true }[];
  /**
   * Env for the main container, in this order: the password from the Secret, then
   * `JAVA_TOOL_OPTIONS`, which references it as `$(S3_TRUSTSTORE_PASSWORD)` (Kubernetes expands
   * references to variables defined earlier in the list).
   */
  readonly env: readonly Record<string, unknown>[];
  /** The JVM flags (`-Djavax.net.ssl.trustStore=...`). */
  readonly javaOptions: string;
  /** The generated truststore password Secret. */
  readonly passwordSecret: string;
}

/**
 * The one shared mechanism every object-storage consumer uses (no consumer without keys): the
 * endpoint, the Secret with the keys in the consumer's own namespace, the SecretRequirement that
 * puts it there, the CA bundle to trust, and the network path to the store. Implemented by the
 * platform (`src/platform/object-storage.ts`).
 */
export interface ObjectStorage {
  readonly mode: 'external' | 'odf' | 'minio';
  readonly region: string;
  readonly pathStyle: boolean;
  readonly buckets: Readonly<Record<BucketKey, string>>;
  /** The namespace the store's objects live in (the MinIO Tenant, the ODF claims). */
  readonly namespace: string;
  readonly tenantName: string;
  /** The S3 endpoint URL every consumer uses. */
  readonly endpoint: string;
  readonly endpointHostPort: { host: string; port: number; tls: boolean };
  readonly probeEndpoint: ServiceEndpoint | { readonly url: string };
  trust(): S3TrustRef | undefined;
  serviceCaConfigMaps(namespaces: readonly string[], labels: Readonly<Record<string, string>>): KubeObject[];
  consumerTrust(namespace: string, consumer: ComponentName): S3ConsumerTrust | undefined;
  jvmTrust(input: { namespace: string; consumer: ComponentName; image: string; extraCa?: JvmExtraCa }): S3JvmTrust | undefined;
  credentials(bucket?: BucketKey): S3CredentialsRef;
  source(bucket?: BucketKey): { namespace: string; name: string };
  claimName(bucket: BucketKey): string;
  probeKeys(bucket?: BucketKey): { accessKey: SecretKeyRef; secretKey: SecretKeyRef };
  consumerSecret(namespace: string, consumer: ComponentName, bucket?: BucketKey): SecretRequirement;
  consumerEgress(description: string): Egress[];
}
