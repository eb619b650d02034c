import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { KubeObject } from '../model/kube.ts';
import type { Platform } from '../platform/platform.ts';
import { sealedSecretsBackend } from '../platform/secrets/sealed-secrets.ts';
import { loadGeneratedSecrets } from './load.ts';
import { sealSecret, sealingKey, type SealingScope } from './seal.ts';
import { fileSecretStore, readSealedFile, sealedFile } from './store.ts';

/** What `secrets seal` did, by `namespace/name`. */
export interface SealResult {
  readonly sealed: readonly string[];
  /** Already sealed with the same keys: left alone (re-sealing would only churn git). */
  readonly kept: readonly string[];
}

function sameKeys(sealed: KubeObject, secret: KubeObject): boolean {
  const a = Object.keys(((sealed['spec'] as Record<string, unknown> | undefined)?.['encryptedData'] ?? {}) as object).sort();
  const b = Object.keys((secret['data'] ?? {}) as object).sort();
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/**
 * Seals every generated Secret (read from `secretsDir`) for the controller's certificate into
 * `outDir/<namespace>/sealedsecret-<name>.yaml` plus a kustomization.yaml, ready to commit. A
 * SealedSecret that already holds the same keys is kept unless `force` (values never change once
 * generated; new keys trigger a re-seal).
 */
export function sealGeneratedSecrets(input: {
  platform: Pick<Platform, 'secrets'>;
  secretsDir: string;
  outDir: string;
  certPem: string;
  scope?: SealingScope;
  force?: boolean;
}): SealResult {
  const key = sealingKey(input.certPem);
  const secrets = loadGeneratedSecrets(input.platform, input.secretsDir);
  const sealed: string[] = [];
  const kept: string[] = [];
  const files: string[] = [];
  for (const secret of secrets) {
    const namespace = secret.metadata.namespace!;
    const file = sealedFile(input.outDir, { namespace, name: secret.metadata.name });
    files.push(join(namespace, `sealedsecret-${secret.metadata.name}.yaml`));
    const existing = readSealedFile(file);
    const id = `${namespace}/${secret.metadata.name}`;
    if (existing && !input.force && sameKeys(existing, secret)) {
      kept.push(id);
      continue;
    }
    mkdirSync(join(input.outDir, namespace), { recursive: true });
    writeFileSync(file, stringify(sealSecret(secret, key, input.scope ?? 'strict'), { lineWidth: 0 }));
    sealed.push(id);
  }
  const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files.sort() };
  writeFileSync(join(input.outDir, 'kustomization.yaml'), stringify(kustomization));
  return { sealed, kept };
}

/**
 * The SealedSecrets in `dir` for the platform's generated Secrets, for `render`/`deploy` with
 * `secrets.mode: sealed-secrets` (the `sealed-secrets` backend's `committed`). Throws naming the
 * ones not sealed yet.
 */
export function loadSealedSecrets(platform: Pick<Platform, 'secrets'>, dir: string): KubeObject[] {
  return sealedSecretsBackend.committed(platform.secrets, fileSecretStore({ sealedDir: dir }));
}
