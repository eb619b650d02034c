import type { ComponentName } from './names.ts';

export const SECRET_VALUE_KINDS = ['password', 'token', 'hex', 'base64-key', 'username'] as const;
export type SecretValueKind = (typeof SECRET_VALUE_KINDS)[number];

export interface SecretKeySpec {
  readonly key: string;
  /** How `secrets generate` makes the value. */
  readonly kind: SecretValueKind;
  /** Characters (passwords, tokens) or bytes (hex, base64-key). @default 32 */
  readonly length?: number;
  /** A fixed, non-secret value (a user name); never a password. */
  readonly value?: string;
  /**
   * The value is this text with `${KEY}` replaced by the generated value of key `KEY` of the same
   * Secret (MinIO reads its root credentials only from a `config.env` file). `kind` is ignored.
   */
  readonly template?: string;
}

/**
 * Where a `copy` Secret comes from, and how its keys are shaped. Without `keyMap` every key is
 * copied unchanged; with it the copy holds exactly the mapped keys plus `fixedValues` (a consumer
 * such as the Loki Operator reads fixed key names the store's own Secret does not use).
 */
export interface SecretCopySource {
  readonly namespace: string;
  readonly name: string;
  /** Target key ← source key. `deploy` fails the copy when a mapped source key is missing. */
  readonly keyMap?: Readonly<Record<string, string>>;
  /** Non-secret literal values (bucket name, endpoint, region) added to the copy; never a password. */
  readonly fixedValues?: Readonly<Record<string, string>>;
}

/**
 * A Secret the platform needs. `generated` ones are made by `datalyptica secrets generate` and
 * applied by `deploy` before the workloads that read them; `operator` ones are created by an
 * operator (CNPG app users, Strimzi KafkaUser) and only referenced; `external` ones must exist
 * already (the object-storage credentials of an external S3).
 */
export interface SecretRequirement {
  readonly name: string;
  readonly namespace: string;
  readonly source: 'generated' | 'operator' | 'external' | 'copy';
  /**
   * For `copy`: the Secret to mirror into `namespace` (a Pod cannot read another namespace's
   * Secret). `deploy` copies it once the source exists (Strimzi user certificates, the S3 keys,
   * an ObjectBucketClaim's keys) and re-copies on every deploy; with `secrets.mode:
   * external-secrets` the render makes it instead (PushSecret + ExternalSecret through the store).
   */
  readonly copyFrom?: SecretCopySource;
  readonly keys: readonly SecretKeySpec[];
  readonly description: string;
  /** Components that read it. */
  readonly consumers: readonly ComponentName[];
  /** Kubernetes Secret type. @default 'Opaque' */
  readonly type?: string;
  /**
   * Requirements with the same group share one generated value set: a database user's password
   * lives in the database's namespace (for the operator) and in each consumer's namespace.
   */
  readonly valueGroup?: string;
  /** Labels the operator requires on the Secret (e.g. CNPG `cnpg.io/reload`). */
  readonly labels?: Record<string, string>;
}
