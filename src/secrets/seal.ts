import { constants, createCipheriv, createPublicKey, publicEncrypt, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { DatalypticaError, ErrorCode } from '../errors.ts';
import type { KubeObject } from '../model/kube.ts';

export const SEALING_SCOPES = ['strict', 'namespace-wide', 'cluster-wide'] as const;
export type SealingScope = (typeof SEALING_SCOPES)[number];

/** AES-256 session key, single use (so a zero nonce is safe, as in kubeseal). */
const SESSION_KEY_BYTES = 32;
const GCM_NONCE_BYTES = 12;

/**
 * The controller's public key from its certificate (`kubeseal --fetch-cert`, or
 * `/v1/cert.pem` on the controller), or from a bare `PUBLIC KEY` PEM. Must be RSA.
 * @see https://github.com/bitnami-labs/sealed-secrets#public-key--certificate
 */
export function sealingKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
  } catch (cause) {
    throw new DatalypticaError(ErrorCode.Usage, 'the sealing certificate is not a PEM certificate or public key', {
      cause,
      hint: 'fetch it with `kubeseal --fetch-cert > cert.pem` (or from the controller\'s /v1/cert.pem) and pass --cert cert.pem',
    });
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new DatalypticaError(ErrorCode.Usage, `the sealing key is ${key.asymmetricKeyType ?? 'unknown'}, not RSA`, { hint: 'pass the Sealed Secrets controller\'s certificate' });
  }
  return key;
}

/**
 * The OAEP label that binds a value to where it may be unsealed: `namespace/name` (strict),
 * `namespace` (namespace-wide) or empty (cluster-wide), as kubeseal's EncryptionLabel.
 */
export function sealingLabel(namespace: string, name: string, scope: SealingScope): Buffer {
  if (scope === 'cluster-wide') return Buffer.alloc(0);
  if (scope === 'namespace-wide') return Buffer.from(namespace, 'utf8');
  return Buffer.from(`${namespace}/${name}`, 'utf8');
}

/**
 * kubeseal's hybrid encryption: a random 32-byte session key encrypted with RSA-OAEP (SHA-256,
 * the scope label), then the value with AES-256-GCM under that key and a zero nonce. Output:
 * 2-byte big-endian length of the RSA ciphertext, the RSA ciphertext, the GCM ciphertext and tag.
 * @see https://github.com/bitnami-labs/sealed-secrets/blob/main/docs/developer/crypto.md
 */
export function hybridEncrypt(key: KeyObject, plaintext: Buffer, label: Buffer): Buffer {
  const sessionKey = randomBytes(SESSION_KEY_BYTES);
  const wrapped = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: label }, sessionKey);
  const cipher = createCipheriv('aes-256-gcm', sessionKey, Buffer.alloc(GCM_NONCE_BYTES, 0));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(wrapped.length, 0);
  return Buffer.concat([length, wrapped, body]);
}

const SCOPE_ANNOTATION: Record<SealingScope, string | undefined> = {
  strict: undefined,
  'namespace-wide': 'sealedsecrets.bitnami.com/namespace-wide',
  'cluster-wide': 'sealedsecrets.bitnami.com/cluster-wide',
};

/**
 * A SealedSecret (bitnami.com/v1alpha1) for a Secret: every value encrypted separately for the
 * controller's key, the Secret's metadata and type in the template. Not deterministic (fresh
 * session keys): call it from the CLI, never from render.
 */
export function sealSecret(secret: KubeObject, key: KeyObject, scope: SealingScope = 'strict'): KubeObject {
  const namespace = secret.metadata.namespace;
  if (namespace === undefined) throw new DatalypticaError(ErrorCode.Internal, `Secret ${secret.metadata.name} has no namespace to seal for`);
  const name = secret.metadata.name;
  const label = sealingLabel(namespace, name, scope);
  const encryptedData: Record<string, string> = {};
  const data = (secret['data'] ?? {}) as Record<string, string>;
  for (const field of Object.keys(data).sort()) {
    encryptedData[field] = hybridEncrypt(key, Buffer.from(data[field]!, 'base64'), label).toString('base64');
  }
  const annotations: Record<string, string> = {};
  const scopeAnnotation = SCOPE_ANNOTATION[scope];
  if (scopeAnnotation) annotations[scopeAnnotation] = 'true';
  const templateMetadata: Record<string, unknown> = { name, namespace };
  if (secret.metadata.labels) templateMetadata['labels'] = { ...secret.metadata.labels };
  if (secret.metadata.annotations) templateMetadata['annotations'] = { ...secret.metadata.annotations };
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: { name, namespace, ...(secret.metadata.labels ? { labels: { ...secret.metadata.labels } } : {}), ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
    spec: {
      encryptedData,
      template: { metadata: templateMetadata, type: (secret['type'] as string | undefined) ?? 'Opaque' },
    },
  };
}
