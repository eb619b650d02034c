import { groupOf } from '../model/kube.ts';

/** What discovery says about one kind. */
export interface ResourceInfo {
  readonly apiVersion: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The REST resource name, e.g. `statefulsets`. */
  readonly plural: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  /** The status subresource exists. */
  readonly hasStatus: boolean;
}

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
}

type Fetch = (path: string) => Promise<{ status: number; body: unknown }>;

/**
 * Kind → resource through API discovery (`/api/v1`, `/apis/<group>/<version>`), cached per
 * group-version. A miss re-reads that group-version once, because an operator may have just
 * installed its CRDs; `invalidate` forgets everything.
 * @see https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api
 */
export class Discovery {
  readonly #fetch: Fetch;
  readonly #cache = new Map<string, Promise<Map<string, ResourceInfo> | undefined>>();

  constructor(fetch: Fetch) {
    this.#fetch = fetch;
  }

  #load(apiVersion: string): Promise<Map<string, ResourceInfo> | undefined> {
    let pending = this.#cache.get(apiVersion);
    if (pending === undefined) {
      pending = this.#read(apiVersion);
      this.#cache.set(apiVersion, pending);
      // A failed read is not cached: the next call asks again.
      pending.catch(() => this.#cache.delete(apiVersion));
    }
    return pending;
  }

  async #read(apiVersion: string): Promise<Map<string, ResourceInfo> | undefined> {
    const group = groupOf(apiVersion);
    const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
    const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
    const { status, body } = await this.#fetch(path);
    if (status === 404) return undefined;
    if (status < 200 || status >= 300) throw new Error(`discovery ${path}: HTTP ${status}`);
    const resources = ((body as { resources?: ApiResource[] }).resources ?? []);
    const byKind = new Map<string, ResourceInfo>();
    const subresources = new Set(resources.filter((r) => r.name.includes('/')).map((r) => r.name));
    for (const resource of resources) {
      if (resource.name.includes('/')) continue;
      byKind.set(resource.kind, {
        apiVersion,
        group,
        version,
        kind: resource.kind,
        plural: resource.name,
        namespaced: resource.namespaced,
        verbs: resource.verbs ?? [],
        hasStatus: subresources.has(`${resource.name}/status`),
      });
    }
    return byKind;
  }

  /** The resource for a kind, or undefined when the server does not serve it. */
  async resolve(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
    const found = (await this.#load(apiVersion))?.get(kind);
    if (found !== undefined) return found;
    this.#cache.delete(apiVersion);
    return (await this.#load(apiVersion))?.get(kind);
  }

  /** Forget what was discovered (after installing CRDs). */
  invalidate(apiVersion?: string): void {
    if (apiVersion === undefined) this.#cache.clear();
    else this.#cache.delete(apiVersion);
  }
}
