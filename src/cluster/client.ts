import { DatalypticaError, ErrorCode } from '../errors.ts';
import { describeRef, groupOf, refOf, type KubeObject, type ObjectRef } from '../model/kube.ts';
import { Discovery, type ResourceInfo } from './discovery.ts';
import { DEFAULT_RETRY, RETRYABLE_NETWORK, RETRYABLE_STATUS, retryDelay, sleep, type RetryPolicy } from './retry.ts';
import { KubeTransport, TransportError, type TransportRequest, type TransportResponse } from './transport.ts';

/** The one field manager every apply uses, so re-applies own (and can prune) the same fields. */
export const FIELD_MANAGER = 'datalyptica';

export interface KubeClientOptions {
  readonly retry?: Partial<RetryPolicy>;
  /** Per-request timeout. @default 30000 */
  readonly requestTimeoutMs?: number;
  /** Called before each retry, for progress output. */
  readonly onRetry?: (info: { readonly what: string; readonly attempt: number; readonly delayMs: number; readonly reason: string }) => void;
}

/** A Kubernetes `Status` failure answer. */
export interface ApiStatus {
  readonly status?: string;
  readonly message?: string;
  readonly reason?: string;
  readonly code?: number;
  readonly details?: { readonly causes?: readonly { readonly type?: string; readonly message?: string; readonly field?: string }[] };
}

/** An HTTP error answer from the API server. */
export class ApiError extends Error {
  readonly status: number;
  readonly reason: string;
  readonly body: ApiStatus;
  constructor(what: string, status: number, body: ApiStatus) {
    super(`${what}: HTTP ${status} ${body.reason ?? ''}${body.message ? `: ${body.message}` : ''}`.replace(/\s+:/, ':'));
    this.name = 'ApiError';
    this.status = status;
    this.reason = body.reason ?? '';
    this.body = body;
  }
}

/** The API server does not serve this kind (its CRD is not installed yet). */
export class KindNotServed extends DatalypticaError {
  readonly apiVersion: string;
  readonly kind: string;
  constructor(apiVersion: string, kind: string) {
    const group = groupOf(apiVersion);
    super(ErrorCode.ClusterRequest, `the cluster does not serve ${kind} in ${apiVersion}`, {
      hint: group ? `its CustomResourceDefinition is not installed yet (kubectl get crd | grep ${group}); install the operator that provides it` : 'check the cluster version: kubectl version',
    });
    this.name = 'KindNotServed';
    this.apiVersion = apiVersion;
    this.kind = kind;
  }
}

/** A namespaced object was written into a namespace that does not exist (HTTP 404 on the namespace). */
export class NamespaceMissing extends DatalypticaError {
  readonly namespace: string;
  constructor(namespace: string, cause: ApiError) {
    super(ErrorCode.ClusterRequest, cause.message, { cause, hint: `create it first (deploy does, in its platform step): kubectl create namespace ${namespace}` });
    this.name = 'NamespaceMissing';
    this.namespace = namespace;
  }
}

/** A server-side apply refused because other field managers own fields it sets (HTTP 409). */
export class ApplyConflict extends DatalypticaError {
  readonly conflicts: readonly ApplyConflictInfo[];
  constructor(message: string, conflicts: readonly ApplyConflictInfo[], options: { cause: ApiError; hint: string }) {
    super(ErrorCode.DeployFailed, message, { cause: options.cause, details: conflicts.map((c) => `${c.field || '(field)'} is owned by "${c.manager}"`), hint: options.hint });
    this.name = 'ApplyConflict';
    this.conflicts = conflicts;
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

/** One field-manager conflict of a server-side apply. */
export interface ApplyConflictInfo {
  readonly field: string;
  /** The manager that owns the field, e.g. `kubectl-edit` or `argocd-controller`. */
  readonly manager: string;
  readonly message: string;
}

/** Reads the owning managers out of a 409 apply answer (`conflict with "kubectl" using apps/v1`). Pure. */
export function applyConflicts(body: ApiStatus): ApplyConflictInfo[] {
  return (body.details?.causes ?? [])
    .filter((cause) => cause.type === 'FieldManagerConflict' || cause.field !== undefined)
    .map((cause) => ({
      field: cause.field ?? '',
      manager: /conflict with "([^"]+)"/.exec(cause.message ?? '')?.[1] ?? 'unknown',
      message: cause.message ?? '',
    }));
}

export interface ListResult {
  readonly items: KubeObject[];
  readonly resourceVersion: string;
}

export interface ApplyOptions {
  /** Take fields owned by other managers (`--force-conflicts`). @default false */
  readonly force?: boolean;
  /** Server-side dry run: validated and defaulted, not persisted. */
  readonly dryRun?: boolean;
}

export type DeletePropagation = 'Foreground' | 'Background' | 'Orphan';

function itemsOf(body: { items?: KubeObject[] }, info: ResourceInfo): KubeObject[] {
  // List items come back without apiVersion/kind; restore them so callers can use refOf.
  return (body.items ?? []).map((item) => ({ ...item, apiVersion: info.apiVersion, kind: info.kind }));
}

/**
 * Datalyptica's Kubernetes client: server-side apply with one field manager, cached discovery,
 * and bounded retries on 429 (honouring Retry-After), 5xx and dropped connections.
 */
export class KubeClient {
  readonly #transport: KubeTransport;
  readonly #retry: RetryPolicy;
  readonly #timeoutMs: number;
  readonly #onRetry: KubeClientOptions['onRetry'];
  readonly discovery: Discovery;

  constructor(transport: KubeTransport, options: KubeClientOptions = {}) {
    this.#transport = transport;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#onRetry = options.onRetry;
    this.discovery = new Discovery((path) => this.#getJson(path));
  }

  get server(): string {
    return this.#transport.server;
  }

  get transport(): KubeTransport {
    return this.#transport;
  }

  /** Sends a request, retrying what is worth retrying; returns the final answer whatever its status. */
  async send(what: string, request: TransportRequest): Promise<TransportResponse> {
    for (let attempt = 1; ; attempt++) {
      let response: TransportResponse | undefined;
      let failure: unknown;
      try {
        response = await this.#transport.request({ timeoutMs: this.#timeoutMs, ...request });
      } catch (error) {
        failure = error;
      }
      const retryable = response ? RETRYABLE_STATUS.has(response.status) : failure instanceof TransportError && RETRYABLE_NETWORK.has(failure.code);
      if (response && !retryable) return response;
      if (!retryable || attempt >= this.#retry.maxAttempts) {
        if (response) return response;
        throw new DatalypticaError(ErrorCode.ClusterUnreachable, `${what}: ${(failure as Error).message}${attempt > 1 ? ` (after ${attempt} attempts)` : ''}`, {
          cause: failure,
          hint: `check the API server ${this.server} is reachable: kubectl get --raw /readyz`,
        });
      }
      const delayMs = retryDelay(this.#retry, attempt, response?.headers['retry-after']);
      this.#onRetry?.({ what, attempt, delayMs, reason: response ? `HTTP ${response.status}` : (failure as Error).message });
      await sleep(delayMs, request.signal);
      if (request.signal?.aborted) throw new DatalypticaError(ErrorCode.Aborted, `${what}: aborted`);
    }
  }

  async #getJson(path: string): Promise<{ status: number; body: unknown }> {
    const response = await this.send(`GET ${path}`, { method: 'GET', path });
    return { status: response.status, body: parseBody(response.body) };
  }

  async #call(what: string, request: TransportRequest): Promise<unknown> {
    const response = await this.send(what, request);
    const body = parseBody(response.body);
    if (response.status >= 200 && response.status < 300) return body;
    throw new ApiError(what, response.status, (body ?? {}) as ApiStatus);
  }

  /** Resolves kind → resource, or throws a clear error when the API does not serve it (CRD missing). */
  async resource(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const info = await this.discovery.resolve(apiVersion, kind);
    if (info === undefined) throw new KindNotServed(apiVersion, kind);
    return info;
  }

  /** The REST path of a collection (name undefined) or of one object. */
  async path(ref: { apiVersion: string; kind: string; namespace?: string | undefined; name?: string | undefined }): Promise<string> {
    const info = await this.resource(ref.apiVersion, ref.kind);
    return resourcePath(info, ref.namespace, ref.name);
  }

  /** The live object, or undefined when it does not exist (or its kind is not served). */
  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    const info = await this.discovery.resolve(ref.apiVersion, ref.kind);
    if (info === undefined) return undefined;
    try {
      const body = (await this.#call(`get ${describeRef(ref)}`, { method: 'GET', path: resourcePath(info, ref.namespace, ref.name) })) as KubeObject;
      return { ...body, apiVersion: body.apiVersion ?? ref.apiVersion, kind: body.kind ?? ref.kind };
    } catch (error) {
      if (isApiError(error, 404)) return undefined;
      throw this.#clear(error, ref);
    }
  }

  /** Lists a collection; an unserved kind lists as empty. */
  async list(options: { apiVersion: string; kind: string; namespace?: string; labelSelector?: string; fieldSelector?: string }): Promise<ListResult> {
    const info = await this.discovery.resolve(options.apiVersion, options.kind);
    if (info === undefined) return { items: [], resourceVersion: '' };
    const path = resourcePath(info, info.namespaced ? options.namespace : undefined);
    const body = (await this.#call(`list ${options.kind}${options.namespace ? ` (${options.namespace})` : ''}`, {
      method: 'GET',
      path,
      query: { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector },
    })) as { items?: KubeObject[]; metadata?: { resourceVersion?: string } };
    return { items: itemsOf(body, info), resourceVersion: body.metadata?.resourceVersion ?? '' };
  }

  /**
   * Server-side apply with field manager `datalyptica`. A 409 names the field and the manager
   * that owns it, and how to take it over.
   * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/
   */
  async apply(object: KubeObject, options: ApplyOptions = {}): Promise<KubeObject> {
    const ref = refOf(object);
    const info = await this.resource(object.apiVersion, object.kind);
    const path = resourcePath(info, info.namespaced ? object.metadata.namespace : undefined, object.metadata.name);
    try {
      return (await this.#call(`apply ${describeRef(ref)}`, {
        method: 'PATCH',
        path,
        query: { fieldManager: FIELD_MANAGER, force: options.force ? true : undefined, dryRun: options.dryRun ? 'All' : undefined },
        body: JSON.stringify(object),
        contentType: 'application/apply-patch+yaml',
      })) as KubeObject;
    } catch (error) {
      if (isApiError(error, 409)) {
        const conflicts = applyConflicts(error.body);
        const managers = [...new Set(conflicts.map((c) => c.manager))];
        throw new ApplyConflict(`apply ${describeRef(ref)}: field${conflicts.length === 1 ? '' : 's'} owned by another field manager (${managers.join(', ') || 'unknown'})`, conflicts, {
          cause: error,
          hint: 'someone changed these fields with another tool; re-run with --force-conflicts to take them over, or revert the other change',
        });
      }
      // The API server answers a write into a missing namespace with 404 naming the namespace (details.kind "namespaces").
      if (isApiError(error, 404) && info.namespaced) {
        const details = error.body.details as { kind?: string; name?: string } | undefined;
        const missing = details?.kind === 'namespaces' ? details.name : /namespaces "([^"]+)" not found/.exec(error.body.message ?? '')?.[1];
        if (missing !== undefined) throw new NamespaceMissing(missing, error);
      }
      throw this.#clear(error, ref);
    }
  }

  /** Deletes an object; returns false when it was already gone. */
  async delete(ref: ObjectRef, options: { propagation?: DeletePropagation; dryRun?: boolean } = {}): Promise<boolean> {
    const info = await this.discovery.resolve(ref.apiVersion, ref.kind);
    if (info === undefined) return false;
    try {
      await this.#call(`delete ${describeRef(ref)}`, {
        method: 'DELETE',
        path: resourcePath(info, ref.namespace, ref.name),
        query: { dryRun: options.dryRun ? 'All' : undefined },
        body: JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: options.propagation ?? 'Background' }),
      });
      return true;
    } catch (error) {
      if (isApiError(error, 404)) return false;
      throw this.#clear(error, ref);
    }
  }

  /** A JSON merge patch with field manager `datalyptica` (drift restore: removes what server-side apply cannot). */
  async mergePatch(ref: ObjectRef, patch: unknown): Promise<KubeObject> {
    const info = await this.resource(ref.apiVersion, ref.kind);
    try {
      return (await this.#call(`patch ${describeRef(ref)}`, {
        method: 'PATCH',
        path: resourcePath(info, ref.namespace, ref.name),
        query: { fieldManager: FIELD_MANAGER },
        body: JSON.stringify(patch),
        contentType: 'application/merge-patch+json',
      })) as KubeObject;
    } catch (error) {
      throw this.#clear(error, ref);
    }
  }

  #clear(error: unknown, ref: ObjectRef): unknown {
    if (!(error instanceof ApiError)) return error;
    if (error.status === 401 || error.status === 403) {
      return new DatalypticaError(error.status === 401 ? ErrorCode.ClusterUnauthorized : ErrorCode.ClusterRequest, error.message, {
        cause: error,
        hint: error.status === 401 ? 'log in again: oc login <api-url>' : `your user may not change ${ref.kind}; check: kubectl auth can-i '*' ${ref.kind.toLowerCase()}`,
      });
    }
    return new DatalypticaError(ErrorCode.ClusterRequest, error.message, { cause: error, details: (error.body.details?.causes ?? []).map((c) => `${c.field ?? ''} ${c.message ?? ''}`.trim()) });
  }
}

/** `/api/v1/namespaces/ns/pods/name` or `/apis/group/version/plural`. Pure. */
export function resourcePath(info: ResourceInfo, namespace?: string, name?: string): string {
  const root = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${root}${ns}/${info.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { message: text.slice(0, 200) };
  }
}
