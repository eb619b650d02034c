import type { ResolvedConfig } from '../config/settings.ts';
import type { Egress } from '../model/flow.ts';
import type { SecretKeyRef, ServiceEndpoint } from '../model/live-check.ts';
import type { ComponentName } from '../model/names.ts';
import type { KubeObject } from '../model/kube.ts';
import type { SecretRequirement } from '../model/secret.ts';
import type { BucketKey, JvmExtraCa, ObjectStorage, S3ConsumerTrust, S3CredentialsRef, S3JvmTrust, S3TrustRef } from '../model/object-storage.ts';
import { systemNamespace } from './layout.ts';
import { restrictedContainerSecurityContext } from './pod-policy.ts';

export { BUCKET_KEYS, type BucketKey, type S3ConsumerTrust, type S3CredentialsRef, type S3JvmTrust, type S3TrustRef } from '../model/object-storage.ts';

/** Where every consumer mounts the CA bundle (as `ca.crt`) and keeps its JVM truststore. */
export const S3_CA_DIR = '/etc/datalyptica/s3-ca';
export const S3_CA_FILE = `${S3_CA_DIR}/ca.crt`;
export const S3_TRUSTSTORE_DIR = '/var/run/datalyptica/s3-truststore';
export const S3_TRUSTSTORE_FILE = `${S3_TRUSTSTORE_DIR}/truststore.p12`;
/** The env var that carries the truststore password (from a generated Secret) into keytool and the JVM. */
export const S3_TRUSTSTORE_PASSWORD_ENV = 'S3_TRUSTSTORE_PASSWORD';
const CA_VOLUME = 's3-ca';
const TRUSTSTORE_VOLUME = 's3-truststore';
/** The OpenShift service CA operator fills key `service-ca.crt` of a ConfigMap with this annotation. */
export const INJECT_CABUNDLE_ANNOTATION = 'service.beta.openshift.io/inject-cabundle';

/**
 * Builds the truststore from the consumer image's own JDK: every CA of the default `cacerts`
 * (so public endpoints keep working) plus each certificate of the mounted bundle (keytool imports
 * one certificate per call, and the service CA bundle holds two while it rotates). `changeit` is
 * the JDK's published, public default for the read-only `cacerts` file, not a credential; the
 * truststore written here is protected by the generated password read from the env.
 */
function truststoreScript(caFiles: readonly string[]): string {
  return [
    'set -eu',
    'keytool="$(command -v keytool || echo "${JAVA_HOME}/bin/keytool")"',
    'java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$keytool")")")}"',
    `store=${S3_TRUSTSTORE_FILE}`,
    `rm -f "$store" ${S3_TRUSTSTORE_DIR}/ca-*.pem`,
    `"$keytool" -J-Xmx64m -importkeystore -noprompt -srckeystore "$java_home/lib/security/cacerts" -srcstorepass changeit -destkeystore "$store" -deststoretype PKCS12 -deststorepass:env ${S3_TRUSTSTORE_PASSWORD_ENV}`,
    'n=0',
    'out=""',
    `for bundle in ${caFiles.join(' ')}; do`,
    '  before=$n',
    '  while IFS= read -r line; do',
    '    case "$line" in *"BEGIN CERTIFICATE"*) n=$((n + 1)); out="' + S3_TRUSTSTORE_DIR + '/ca-$n.pem"; : > "$out" ;; esac',
    '    if [ -n "$out" ]; then printf \'%s\\n\' "$line" >> "$out"; fi',
    '    case "$line" in *"END CERTIFICATE"*) out="" ;; esac',
    '  done < "$bundle"',
    '  if [ "$n" -eq "$before" ]; then echo "no certificate in $bundle" >&2; exit 1; fi',
    'done',
    'i=1',
    'while [ "$i" -le "$n" ]; do',
    `  "$keytool" -J-Xmx64m -importcert -noprompt -alias "datalyptica-ca-$i" -file "${S3_TRUSTSTORE_DIR}/ca-$i.pem" -keystore "$store" -storetype PKCS12 -storepass:env ${S3_TRUSTSTORE_PASSWORD_ENV}`,
    '  i=$((i + 1))',
    'done',
    `rm -f ${S3_TRUSTSTORE_DIR}/ca-*.pem`,
    'echo "truststore: $("$keytool" -J-Xmx64m -list -keystore "$store" -storetype PKCS12 -storepass:env ' + S3_TRUSTSTORE_PASSWORD_ENV + ' | grep -c trustedCertEntry) trusted certificates"',
  ].join('\n');
}

/** ODF's Multicloud Object Gateway S3 Service; its pods listen on 6443 behind Service port 443. */
export const ODF_NAMESPACE = 'openshift-storage';
export const ODF_S3_SERVICE = 's3';
export const ODF_S3_POD_PORT = 6443;
/** The Tenant's `minio` Service (443 with TLS) and the port MinIO listens on in the pods. */
export const MINIO_SERVICE = 'minio';
export const MINIO_POD_PORT = 9000;

/**
 * The one shared mechanism every object-storage consumer uses (no consumer without
 * keys): the endpoint, the Secret with the keys in the consumer's own namespace, the
 * SecretRequirement that puts it there, and the network path to the store.
 */
export class ObjectStorageAccess implements ObjectStorage {
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
   * The CA that signs the store's certificate, as consumers find it in their own namespace:
   * - `objectStorage.caSecret` (any mode): a copy of the user's CA Secret, `<prefix>-s3-ca`, key `ca.crt`;
   * - `odf`, and `minio` on OpenShift: the OpenShift service CA (ODF's `s3` Service and the MinIO
   *   `minio` Service serve service-serving certificates), injected by the service CA operator into
   *   the `<prefix>-s3-ca` ConfigMap the object-storage component renders in each consumer namespace;
   * - `minio` on Kubernetes: the operator's certificates come from the cluster's CSR signer,
   *   trusted through the `kube-root-ca.crt` ConfigMap Kubernetes publishes in every namespace;
   * - `external` (public certificate) and `odf` on Kubernetes without `caSecret`: none.
   * @see https://docs.redhat.com/en/documentation/openshift_container_platform/4.14/html/security_and_compliance/configuring-certificates#add-service-certificate-configmap_service-serving-certificate
   */
  trust(): S3TrustRef | undefined {
    const name = `${this.#config.namePrefix}-s3-ca`;
    if (this.#config.objectStorage.caSecret !== undefined) return { kind: 'secret', name, key: 'ca.crt', origin: 'user' };
    if (this.mode === 'external') return undefined;
    if (this.#config.target === 'openshift') return { kind: 'configMap', name, key: 'service-ca.crt', origin: 'service-ca' };
    if (this.mode === 'minio') return { kind: 'configMap', name: 'kube-root-ca.crt', key: 'ca.crt', origin: 'kube-root-ca' };
    return undefined;
  }

  /**
   * The ConfigMaps the service CA operator fills, one per namespace (the object-storage
   * component renders them for every consumer namespace; consumers only mount them). Empty unless
   * the trust is the OpenShift service CA.
   */
  serviceCaConfigMaps(namespaces: readonly string[], labels: Readonly<Record<string, string>>): KubeObject[] {
    const ref = this.trust();
    if (ref?.origin !== 'service-ca') return [];
    return [...new Set(namespaces)].sort().map((namespace) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: ref.name, namespace, labels: { ...labels }, annotations: { [INJECT_CABUNDLE_ANNOTATION]: 'true' } },
    }));
  }

  /**
   * What a consumer in `namespace` mounts to trust the store: the bundle as `ca.crt` under
   * `S3_CA_DIR`, and the Secret copy to declare when the CA is the user's. Undefined = system trust.
   */
  consumerTrust(namespace: string, consumer: ComponentName): S3ConsumerTrust | undefined {
    const ref = this.trust();
    if (ref === undefined) return undefined;
    const items = (path: string) => [{ key: ref.key, path }];
    const source = (path: string) => (ref.kind === 'secret' ? { secret: { name: ref.name, items: items(path) } } : { configMap: { name: ref.name, items: items(path) } });
    const volume = ref.kind === 'secret' ? { name: CA_VOLUME, secret: { secretName: ref.name, items: items('ca.crt') } } : { name: CA_VOLUME, configMap: { name: ref.name, items: items('ca.crt') } };
    const secrets: SecretRequirement[] = [];
    const caSecret = this.#config.objectStorage.caSecret;
    if (ref.kind === 'secret' && caSecret !== undefined) {
      const from = { namespace: systemNamespace(this.#config), name: caSecret };
      secrets.push({
        name: ref.name,
        namespace,
        source: 'copy',
        copyFrom: from,
        keys: [{ key: 'ca.crt', kind: 'base64-key' }],
        description: `CA bundle of the S3 endpoint, copied from ${from.namespace}/${from.name} (certificate only)`,
        consumers: [consumer],
      });
    }
    return {
      ref,
      volume,
      volumeMount: { name: CA_VOLUME, mountPath: S3_CA_DIR, readOnly: true },
      caFile: S3_CA_FILE,
      ...(ref.kind === 'secret' ? { secretKeyRef: { name: ref.name, key: ref.key } } : {}),
      projection: source,
      secrets,
    };
  }

  /**
   * `consumerTrust` for a JVM: an init container (the consumer's own image, so its own keytool and
   * `cacerts`) writes a PKCS12 truststore into an emptyDir, and the JVM reads it through
   * `JAVA_TOOL_OPTIONS`, which every JVM honours whatever launcher script starts it. The password
   * comes from a generated Secret, never a literal. `extraCa` adds another mounted PEM bundle (the
   * CA of Keycloak's certificate, for clients that call the HTTPS backchannel through the JVM's
   * default trust); with it the truststore exists even when the store needs no CA of its own.
   */
  jvmTrust(input: { namespace: string; consumer: ComponentName; image: string; extraCa?: JvmExtraCa }): S3JvmTrust | undefined {
    const base = this.consumerTrust(input.namespace, input.consumer);
    const extra = input.extraCa;
    if (base === undefined && extra === undefined) return undefined;
    const passwordSecret = `${this.#config.namePrefix}-s3-truststore`;
    const passwordEnv = { name: S3_TRUSTSTORE_PASSWORD_ENV, valueFrom: { secretKeyRef: { name: passwordSecret, key: 'password' } } };
    const javaOptions = [
      `-Djavax.net.ssl.trustStore=${S3_TRUSTSTORE_FILE}`,
      '-Djavax.net.ssl.trustStoreType=PKCS12',
      `-Djavax.net.ssl.trustStorePassword=$(${S3_TRUSTSTORE_PASSWORD_ENV})`,
    ].join(' ');
    const caFiles = [...(base ? [S3_CA_FILE] : []), ...(extra ? [extra.caFile] : [])];
    const caMounts = [...(base ? [{ name: CA_VOLUME, mountPath: S3_CA_DIR, readOnly: true }] : []), ...(extra ? [{ ...extra.volumeMount }] : [])];
    const initContainer = {
      name: 's3-truststore',
      image: input.image,
      imagePullPolicy: 'IfNotPresent',
      command: ['/bin/sh', '-c', truststoreScript(caFiles)],
      env: [passwordEnv],
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
      volumeMounts: [...caMounts, { name: TRUSTSTORE_VOLUME, mountPath: S3_TRUSTSTORE_DIR }],
      securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
    };
    const what = [...(base ? ['the S3 endpoint CA'] : []), ...(extra ? [extra.description] : [])].join(' and ');
    return {
      ...(base ? { s3: base } : {}),
      initContainer,
      volumes: [...(base ? [base.volume] : []), ...(extra ? [extra.volume] : []), { name: TRUSTSTORE_VOLUME, emptyDir: { sizeLimit: '16Mi' } }],
      // The extra PEM stays mounted in the main container too, for clients that read PEM (Trino's OAuth2 client).
      mounts: [{ name: TRUSTSTORE_VOLUME, mountPath: S3_TRUSTSTORE_DIR, readOnly: true }, ...(extra ? [{ ...extra.volumeMount }] : [])],
      env: [passwordEnv, { name: 'JAVA_TOOL_OPTIONS', value: javaOptions }],
      javaOptions,
      passwordSecret,
      secrets: [
        ...(base?.secrets ?? []),
        ...(extra?.secrets ?? []),
        {
          name: passwordSecret,
          namespace: input.namespace,
          source: 'generated',
          keys: [{ key: 'password', kind: 'password', length: 32 }],
          description: `password of the PKCS12 truststore (JDK CAs plus ${what}) JVM consumers build at start`,
          consumers: [input.consumer],
        },
      ],
    };
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

/**
 * A main container with the JVM trust added: the truststore mount, and the password and
 * `JAVA_TOOL_OPTIONS` appended after any env it has (so the `$(...)` reference resolves). Works on
 * full containers and on the container parts operator CRs expose (Flink pod templates, Spark driver/executor).
 */
export function withJvmTrust(container: Record<string, unknown>, trust: S3JvmTrust | undefined): Record<string, unknown> {
  if (trust === undefined) return container;
  const env = Array.isArray(container['env']) ? (container['env'] as unknown[]) : [];
  const mounts = Array.isArray(container['volumeMounts']) ? (container['volumeMounts'] as unknown[]) : [];
  return { ...container, env: [...env, ...trust.env], volumeMounts: [...mounts, ...trust.mounts] };
}
