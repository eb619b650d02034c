import { KubernetesObjectApi, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { DatalypticaError, ErrorCode } from '../../errors.ts';
import type { KubeObject, ObjectRef } from '../../model/kube.ts';
import type { SecretKeyRef } from '../../model/live-check.ts';
import type { ObjectQuery, ObjectReader, ObjectWriter } from './context.ts';
import { labelSelector } from './readiness.ts';

function statusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown; statusCode?: unknown }).code ?? (error as { statusCode?: unknown }).statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** Whether an API error means "no such object" (404), or "no such kind" (the CRD is absent). */
function isNotFound(error: unknown): boolean {
  if (statusCode(error) === 404) return true;
  const message = error instanceof Error ? error.message : '';
  return /unrecognized kind|not found|could not find the requested resource/i.test(message);
}

/** Reads objects of any kind through the dynamic client; a 404 (or an unknown kind) is `undefined`. */
export class KubeObjectReader implements ObjectReader {
  #api: KubernetesObjectApi;

  constructor(api: KubernetesObjectApi) {
    this.#api = api;
  }

  /** A reader on the kubeconfig's current context. */
  static async create(kubeConfig: KubeConfig): Promise<KubeObjectReader> {
    return new KubeObjectReader(KubernetesObjectApi.makeApiClient(kubeConfig));
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    const header = { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) } };
    try {
      return (await this.#api.read(header as KubernetesObject & { metadata: { name: string } })) as unknown as KubeObject;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async list(query: ObjectQuery): Promise<KubeObject[]> {
    const selector = query.labels && Object.keys(query.labels).length > 0 ? labelSelector(query.labels) : undefined;
    try {
      const list = await this.#api.list(query.apiVersion, query.kind, query.namespace, undefined, undefined, undefined, undefined, selector);
      return ((list.items ?? []) as unknown as KubeObject[]).map((item) => ({ ...item, apiVersion: item.apiVersion ?? query.apiVersion, kind: item.kind ?? query.kind }));
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
  }
}

/** Creates and deletes objects through the dynamic client (the log probe's test pod). */
export class KubeObjectWriter implements ObjectWriter {
  #api: KubernetesObjectApi;

  constructor(api: KubernetesObjectApi) {
    this.#api = api;
  }

  static create(kubeConfig: KubeConfig): KubeObjectWriter {
    return new KubeObjectWriter(KubernetesObjectApi.makeApiClient(kubeConfig));
  }

  async create(object: KubeObject): Promise<void> {
    await this.#api.create(object as unknown as KubernetesObject);
  }

  async delete(ref: ObjectRef): Promise<void> {
    const header = { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) } };
    try {
      // No grace period: the pod only writes log lines.
      await this.#api.delete(header as KubernetesObject, undefined, undefined, 0);
    } catch (error) {
      if (statusCode(error) !== 404) throw error;
    }
  }
}

/**
 * Reads Secret keys at probe time, each Secret once per run. Values stay in memory; the runner
 * redacts them from every message it prints.
 */
export function secretReader(objects: ObjectReader): (ref: SecretKeyRef) => Promise<string> {
  const cache = new Map<string, Promise<KubeObject | undefined>>();
  return async (ref) => {
    const id = `${ref.namespace}/${ref.name}`;
    let pending = cache.get(id);
    if (pending === undefined) {
      pending = objects.get({ apiVersion: 'v1', kind: 'Secret', namespace: ref.namespace, name: ref.name });
      cache.set(id, pending);
    }
    const secret = await pending;
    if (secret === undefined) {
      throw new DatalypticaError(ErrorCode.SecretsMissing, `Secret ${ref.name} (${ref.namespace}) not found`, {
        hint: 'run datalyptica deploy (it applies generated Secrets and copies operator-made ones)',
      });
    }
    const data = (secret['data'] ?? {}) as Record<string, string>;
    const encoded = data[ref.key];
    if (encoded === undefined) {
      throw new DatalypticaError(ErrorCode.SecretsInvalid, `Secret ${ref.name} (${ref.namespace}) has no key ${ref.key}`, {
        details: [`keys present: ${Object.keys(data).sort().join(', ') || 'none'}`],
      });
    }
    return Buffer.from(encoded, 'base64').toString('utf8');
  };
}
