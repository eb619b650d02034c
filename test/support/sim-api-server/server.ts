import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BUILTIN_RESOURCES, OPENSHIFT_RESOURCES, type SimResource } from './resources.ts';

/* A simulated Kubernetes API server over real HTTP, for tests: discovery, server-side apply with
 * managedFields conflicts, get/list/watch (410 on compacted versions), delete with finalizers and
 * owner cascades, status subresources, dryRun=All, bearer-token auth and fault injection. */

export type Obj = Record<string, unknown> & { apiVersion: string; kind: string; metadata: Meta };
export interface Meta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  deletionTimestamp?: string;
  ownerReferences?: { uid: string; kind: string; name: string }[];
  managedFields?: { manager: string; operation: string; apiVersion: string; fieldsType: string; fieldsV1: Record<string, unknown> }[];
  [key: string]: unknown;
}

export interface SimRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly contentType: string;
}

/** A canned misbehaviour: answer `times` matching requests with a status (or delay, or drop a watch). */
export interface Fault {
  readonly match: (request: SimRequest) => boolean;
  /** How many matching requests it affects. @default 1 */
  times?: number;
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** Delay before handling normally (slow responses). */
  readonly delayMs?: number;
  /** For watches: close the stream after this many ms. */
  readonly dropWatchAfterMs?: number;
}

export type StoreEvent = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: Obj; rv: number };

export interface SimServerOptions {
  readonly token?: string;
  readonly openshift?: boolean;
  /** Events older than this many are compacted (watches from before get 410). @default 10000 */
  readonly historyLimit?: number;
}

interface Watcher {
  readonly resource: SimResource;
  readonly namespace: string | undefined;
  readonly fieldName: string | undefined;
  readonly labels: Record<string, string>;
  readonly res: ServerResponse;
}

const clone = <T>(value: T): T => structuredClone(value);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Leaf field paths of an apply patch, `.spec.replicas` style; arrays count as leaves. */
function leafPaths(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (prefix === '' && (key === 'apiVersion' || key === 'kind' || key === 'status')) continue;
      if (prefix === '' && key === 'metadata' && isObject(child)) {
        for (const [mk, mv] of Object.entries(child)) {
          if (mk === 'labels' || mk === 'annotations') for (const [k, v] of Object.entries((mv as Record<string, string>) ?? {})) out.set(`.metadata.${mk}.${k}`, JSON.stringify(v));
        }
        continue;
      }
      for (const [p, v] of leafPaths(child, `${prefix}.${key}`)) out.set(p, v);
    }
    if (Object.keys(value).length === 0 && prefix !== '') out.set(prefix, '{}');
    return out;
  }
  out.set(prefix, JSON.stringify(value));
  return out;
}

function valueAt(object: unknown, path: string): string | undefined {
  let current: unknown = object;
  const parts = path.slice(1).split('.');
  // metadata.labels/annotations keys may contain dots: join the rest.
  if (parts[0] === 'metadata' && (parts[1] === 'labels' || parts[1] === 'annotations')) {
    const map = (isObject(object) && isObject(object['metadata']) ? (object['metadata'] as Record<string, Record<string, string> | undefined>)[parts[1]] : undefined) ?? {};
    const key = parts.slice(2).join('.');
    return key in map ? JSON.stringify(map[key]) : undefined;
  }
  for (const part of parts) {
    if (!isObject(current)) return undefined;
    current = current[part];
  }
  return current === undefined ? undefined : JSON.stringify(current);
}

function deepMerge(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isObject(value) && isObject(out[key])) out[key] = deepMerge(out[key] as Record<string, unknown>, value);
    else out[key] = clone(value);
  }
  return out;
}

function withoutStatusAndMeta(object: Obj): string {
  const { status: _status, metadata: _metadata, ...rest } = object;
  return JSON.stringify(rest);
}

export class SimApiServer {
  readonly #options: SimServerOptions;
  readonly #server: Server;
  readonly #resources = new Map<string, SimResource>(); // group/version/plural
  readonly #store = new Map<string, Obj>(); // group/plural/ns/name
  readonly #history: StoreEvent[] = [];
  #compactedBefore = 0;
  #rv = 100;
  #uid = 0;
  readonly #watchers = new Set<Watcher>();
  readonly faults: Fault[] = [];
  /** Every request, in order, `METHOD path` (for ordering assertions). */
  readonly requests: string[] = [];
  readonly #listeners: ((event: StoreEvent) => void)[] = [];
  #port = 0;

  constructor(options: SimServerOptions = {}) {
    this.#options = options;
    for (const r of BUILTIN_RESOURCES) this.register(r);
    if (options.openshift) for (const r of OPENSHIFT_RESOURCES) this.register(r);
    this.#server = createServer((req, res) => void this.#handle(req, res));
    // Streaming subresources (port-forward, exec, attach) need a WebSocket/SPDY upgrade the
    // simulator does not implement: refuse it the way an API server refuses a bad upgrade.
    this.#server.on('upgrade', (req: IncomingMessage, socket: import('node:stream').Duplex) => {
      this.requests.push(`UPGRADE ${new URL(req.url ?? '/', 'http://sim').pathname}`);
      const body = JSON.stringify(status(400, 'BadRequest', 'the simulated API server does not implement streaming upgrades (port-forward, exec, attach)'));
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  async stop(): Promise<void> {
    for (const w of this.#watchers) w.res.destroy();
    this.#watchers.clear();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  register(resource: SimResource): void {
    this.#resources.set(`${resource.group}/${resource.version}/${resource.plural}`, resource);
  }

  /** Calls back on every stored change (simulated controllers hook in here). */
  onChange(listener: (event: StoreEvent) => void): void {
    this.#listeners.push(listener);
  }

  /** Forget history so watches from older versions get 410 Gone. */
  compact(): void {
    this.#compactedBefore = this.#rv + 1;
    this.#history.length = 0;
  }

  #resourceFor(apiVersion: string, kind: string): SimResource | undefined {
    const slash = apiVersion.lastIndexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = apiVersion.slice(slash + 1);
    for (const r of this.#resources.values()) if (r.group === group && r.version === version && r.kind === kind) return r;
    return undefined;
  }

  #key(r: SimResource, namespace: string | undefined, name: string): string {
    return `${r.group}/${r.plural}/${r.namespaced ? (namespace ?? '') : ''}/${name}`;
  }

  // ---- direct store access for tests and simulated controllers ----

  get(apiVersion: string, kind: string, name: string, namespace?: string): Obj | undefined {
    const r = this.#resourceFor(apiVersion, kind);
    if (!r) return undefined;
    const found = this.#store.get(this.#key(r, namespace, name));
    return found ? clone(found) : undefined;
  }

  list(kind?: string): Obj[] {
    return [...this.#store.values()].filter((o) => kind === undefined || o.kind === kind).map(clone);
  }

  /** Creates or replaces an object as a controller would (no field manager). */
  put(object: Obj): Obj {
    const r = this.#resourceFor(object.apiVersion, object.kind);
    if (!r) throw new Error(`sim: ${object.apiVersion} ${object.kind} is not served`);
    const key = this.#key(r, object.metadata.namespace, object.metadata.name);
    const existing = this.#store.get(key);
    const replacement: Obj = { ...clone(object), metadata: { ...existing?.metadata, ...clone(object.metadata) } };
    // Writes to the main resource never change status (it is a subresource), as on a real API server.
    if (existing?.['status'] !== undefined && object['status'] === undefined) replacement['status'] = clone(existing['status']);
    return this.#write(r, key, replacement, existing);
  }

  /** Sets `status` (the status subresource) without touching generation. */
  setStatus(apiVersion: string, kind: string, name: string, namespace: string | undefined, status: unknown): void {
    const r = this.#resourceFor(apiVersion, kind);
    if (!r) return;
    const key = this.#key(r, namespace, name);
    const existing = this.#store.get(key);
    if (!existing) return;
    this.#write(r, key, { ...clone(existing), status: clone(status) }, existing);
  }

  /** Removes finalizers (as the owning controller would) and completes a pending deletion. */
  removeFinalizers(apiVersion: string, kind: string, name: string, namespace?: string): void {
    const r = this.#resourceFor(apiVersion, kind);
    if (!r) return;
    const key = this.#key(r, namespace, name);
    const existing = this.#store.get(key);
    if (!existing) return;
    const updated = { ...clone(existing), metadata: { ...clone(existing.metadata), finalizers: [] } };
    this.#write(r, key, updated, existing);
    if (updated.metadata.deletionTimestamp) this.#remove(r, key);
  }

  #write(r: SimResource, key: string, object: Obj, existing: Obj | undefined): Obj {
    const meta = object.metadata;
    meta.uid = existing?.metadata.uid ?? `uid-${++this.#uid}`;
    meta.creationTimestamp = existing?.metadata['creationTimestamp'] ?? '2026-11-23T00:00:00Z';
    const specChanged = !existing || withoutStatusAndMeta(existing) !== withoutStatusAndMeta(object);
    meta.generation = existing ? (existing.metadata.generation ?? 1) + (specChanged ? 1 : 0) : 1;
    meta.resourceVersion = String(++this.#rv);
    if (!r.namespaced) delete meta.namespace;
    this.#store.set(key, object);
    if (r.kind === 'CustomResourceDefinition') this.#registerCrd(object);
    this.#emit({ type: existing ? 'MODIFIED' : 'ADDED', object: clone(object), rv: this.#rv });
    return clone(object);
  }

  #remove(r: SimResource, key: string): void {
    const existing = this.#store.get(key);
    if (!existing) return;
    this.#store.delete(key);
    const rv = ++this.#rv;
    this.#emit({ type: 'DELETED', object: { ...clone(existing), metadata: { ...clone(existing.metadata), resourceVersion: String(rv) } }, rv });
    // Garbage collection: dependents go with their owner; a namespace takes its contents.
    const uid = existing.metadata.uid;
    for (const [k, o] of [...this.#store]) {
      const owned = o.metadata.ownerReferences?.some((ref) => ref.uid === uid);
      const inNamespace = r.kind === 'Namespace' && o.metadata.namespace === existing.metadata.name;
      if (owned || inNamespace) this.#deleteKey(this.#resourceFor(o.apiVersion, o.kind)!, k);
    }
  }

  #deleteKey(r: SimResource, key: string): void {
    const existing = this.#store.get(key);
    if (!existing) return;
    if ((existing.metadata.finalizers ?? []).length > 0) {
      if (!existing.metadata.deletionTimestamp) this.#write(r, key, { ...clone(existing), metadata: { ...clone(existing.metadata), deletionTimestamp: '2026-11-23T00:00:00Z' } }, existing);
      return;
    }
    this.#remove(r, key);
  }

  #registerCrd(crd: Obj): void {
    const spec = crd['spec'] as { group: string; names: { kind: string; plural: string }; scope: string; versions: { name: string; served?: boolean }[] };
    for (const v of spec.versions) this.register({ group: spec.group, version: v.name, kind: spec.names.kind, plural: spec.names.plural, namespaced: spec.scope === 'Namespaced' });
  }

  #emit(event: StoreEvent): void {
    this.#history.push(event);
    const limit = this.#options.historyLimit ?? 10_000;
    if (this.#history.length > limit) {
      const dropped = this.#history.splice(0, this.#history.length - limit);
      this.#compactedBefore = dropped[dropped.length - 1]!.rv + 1;
    }
    for (const w of this.#watchers) this.#sendToWatcher(w, event);
    for (const listener of this.#listeners) listener(event);
  }

  #matches(w: { resource: SimResource; namespace: string | undefined; fieldName: string | undefined; labels: Record<string, string> }, object: Obj): boolean {
    const r = this.#resourceFor(object.apiVersion, object.kind);
    if (!r || r.group !== w.resource.group || r.plural !== w.resource.plural) return false;
    if (w.namespace !== undefined && object.metadata.namespace !== w.namespace) return false;
    if (w.fieldName !== undefined && object.metadata.name !== w.fieldName) return false;
    return Object.entries(w.labels).every(([k, v]) => object.metadata.labels?.[k] === v);
  }

  #sendToWatcher(w: Watcher, event: StoreEvent): void {
    if (!this.#matches(w, event.object)) return;
    w.res.write(`${JSON.stringify({ type: event.type, object: event.object })}\n`);
  }

  // ---- HTTP ----

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const request: SimRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, contentType: String(req.headers['content-type'] ?? '') };
    this.requests.push(`${request.method} ${url.pathname}${url.searchParams.get('watch') ? '?watch' : ''}${url.searchParams.get('dryRun') ? '?dryRun' : ''}`);
    const body = await new Promise<string>((resolve) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => resolve(text));
    });
    if (this.#options.token !== undefined && req.headers['authorization'] !== `Bearer ${this.#options.token}`) {
      return this.#send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    }
    const fault = this.faults.find((f) => (f.times ?? 1) > 0 && f.match(request));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.status) return this.#send(res, fault.status, fault.body ?? status(fault.status, 'Injected', 'injected fault'), fault.headers);
    }
    try {
      this.#route(request, body, res, fault?.dropWatchAfterMs);
    } catch (error) {
      this.#send(res, 500, status(500, 'InternalError', (error as Error).message));
    }
  }

  #send(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  readonly #commands = new Map<string, (args: unknown) => Promise<unknown>>();

  /** Serves `POST /sim/<name>` (JSON body in, JSON out): lets test doubles of other tools (a fake helm) act on the store. */
  command(name: string, handler: (args: unknown) => Promise<unknown>): void {
    this.#commands.set(name, handler);
  }

  #route(request: SimRequest, body: string, res: ServerResponse, dropAfter: number | undefined): void {
    const parts = request.path.split('/').filter(Boolean);
    if (parts[0] === 'sim' && request.method === 'POST') {
      const handler = this.#commands.get(parts[1] ?? '');
      if (!handler) return this.#send(res, 404, status(404, 'NotFound', `no sim command ${parts[1]}`));
      handler(JSON.parse(body || 'null')).then(
        (result) => this.#send(res, 200, result ?? {}),
        (error: Error) => this.#send(res, 500, status(500, 'InternalError', error.message)),
      );
      return;
    }
    if (request.path === '/version') return this.#send(res, 200, { major: '1', minor: '30', gitVersion: 'v1.30.4', platform: 'linux/amd64' });
    if (request.path === '/api') return this.#send(res, 200, { kind: 'APIVersions', versions: ['v1'] });
    if (request.path === '/apis') {
      const groups = new Map<string, Set<string>>();
      for (const r of this.#resources.values()) if (r.group) groups.set(r.group, (groups.get(r.group) ?? new Set()).add(r.version));
      return this.#send(res, 200, {
        kind: 'APIGroupList',
        groups: [...groups].map(([name, versions]) => ({ name, versions: [...versions].map((v) => ({ groupVersion: `${name}/${v}`, version: v })), preferredVersion: { groupVersion: `${name}/${[...versions][0]}`, version: [...versions][0] } })),
      });
    }
    let group: string;
    let version: string;
    let rest: string[];
    if (parts[0] === 'api') [group, version, rest] = ['', parts[1] ?? '', parts.slice(2)];
    else if (parts[0] === 'apis') [group, version, rest] = [parts[1] ?? '', parts[2] ?? '', parts.slice(3)];
    else return this.#send(res, 404, status(404, 'NotFound', 'not found'));
    if (rest.length === 0) {
      const served = [...this.#resources.values()].filter((r) => r.group === group && r.version === version);
      if (served.length === 0) return this.#send(res, 404, status(404, 'NotFound', `${group}/${version} not served`));
      return this.#send(res, 200, {
        kind: 'APIResourceList',
        groupVersion: group ? `${group}/${version}` : version,
        resources: served.flatMap((r) => [
          { name: r.plural, kind: r.kind, namespaced: r.namespaced, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
          { name: `${r.plural}/status`, kind: r.kind, namespaced: r.namespaced, verbs: ['get', 'patch', 'update'] },
        ]),
      });
    }
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural, name, sub] = rest;
    const resource = this.#resources.get(`${group}/${version}/${plural}`);
    if (!resource) return this.#send(res, 404, status(404, 'NotFound', `the server could not find the requested resource (${plural})`));
    const apiVersion = group ? `${group}/${version}` : version;
    const dryRun = request.query.get('dryRun') === 'All';

    if (name === undefined) {
      if (request.method !== 'GET') return this.#send(res, 405, status(405, 'MethodNotAllowed', 'only GET on collections'));
      const fieldName = /^metadata\.name=(.+)$/.exec(request.query.get('fieldSelector') ?? '')?.[1];
      const labels = Object.fromEntries((request.query.get('labelSelector') ?? '').split(',').filter(Boolean).map((p) => p.split('=') as [string, string]));
      const filter = { resource, namespace: resource.namespaced ? namespace : undefined, fieldName, labels };
      if (request.query.get('watch')) return this.#watch(filter, request, res, dropAfter);
      const items = [...this.#store.values()].filter((o) => this.#matches(filter, o)).map(clone);
      return this.#send(res, 200, { kind: `${resource.kind}List`, apiVersion, metadata: { resourceVersion: String(this.#rv) }, items });
    }

    const key = this.#key(resource, namespace, name);
    const existing = this.#store.get(key);
    if (request.method === 'GET') return existing ? this.#send(res, 200, existing) : this.#send(res, 404, status(404, 'NotFound', `${plural} "${name}" not found`));
    if (request.method === 'DELETE') {
      if (!existing) return this.#send(res, 404, status(404, 'NotFound', `${plural} "${name}" not found`));
      if (!dryRun) this.#deleteKey(resource, key);
      return this.#send(res, 200, status(200, '', 'deleted', 'Success'));
    }
    if (request.method === 'PATCH' && sub === 'status') {
      if (!existing) return this.#send(res, 404, status(404, 'NotFound', 'not found'));
      const patch = JSON.parse(body) as { status?: unknown };
      return this.#send(res, 200, dryRun ? existing : this.#write(resource, key, { ...clone(existing), status: patch.status }, existing));
    }
    if (request.method === 'PATCH' && request.contentType.startsWith('application/merge-patch+json')) {
      if (!existing) return this.#send(res, 404, status(404, 'NotFound', 'not found'));
      const merged = deepMerge(existing, JSON.parse(body) as Record<string, unknown>) as Obj;
      if (dryRun) return this.#send(res, 200, merged);
      const written = this.#write(resource, key, merged, existing);
      if (written.metadata.deletionTimestamp && (written.metadata.finalizers ?? []).length === 0) this.#remove(resource, key);
      return this.#send(res, 200, written);
    }
    if (request.method === 'PATCH' && request.contentType.startsWith('application/apply-patch')) {
      return this.#apply({ resource, apiVersion, key, existing, namespace, name, body, dryRun, force: request.query.get('force') === 'true', manager: request.query.get('fieldManager') ?? '' }, res);
    }
    return this.#send(res, 405, status(405, 'MethodNotAllowed', `${request.method} not supported`));
  }

  #apply(a: { resource: SimResource; apiVersion: string; key: string; existing: Obj | undefined; namespace: string | undefined; name: string; body: string; dryRun: boolean; force: boolean; manager: string }, res: ServerResponse): void {
    if (!a.manager) return this.#send(res, 400, status(400, 'BadRequest', 'fieldManager is required for apply requests'));
    const patch = JSON.parse(a.body) as Obj;
    if (patch.metadata?.name !== a.name) return this.#send(res, 400, status(400, 'BadRequest', 'the name of the object does not match the name on the URL'));
    if (a.resource.namespaced && !this.#store.has(`/namespaces//${a.namespace}`)) {
      return this.#send(res, 404, status(404, 'NotFound', `namespaces "${a.namespace}" not found`));
    }
    if (a.existing?.metadata.deletionTimestamp) return this.#send(res, 409, status(409, 'Conflict', `object is being deleted: ${a.resource.plural} "${a.name}" already exists`));
    const mine = leafPaths(patch);
    const managed = clone(a.existing?.metadata.managedFields ?? []);
    const conflicts: { field: string; message: string; type: string }[] = [];
    for (const entry of managed) {
      if (entry.manager === a.manager) continue;
      const owned = Object.keys(entry.fieldsV1);
      for (const path of owned) {
        if (mine.has(path) && mine.get(path) !== valueAt(a.existing, path)) conflicts.push({ type: 'FieldManagerConflict', field: path, message: `conflict with "${entry.manager}" using ${entry.apiVersion}` });
      }
    }
    if (conflicts.length > 0 && !a.force) {
      return this.#send(res, 409, { ...status(409, 'Conflict', `Apply failed with ${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'}: ${conflicts.map((c) => `${c.message}: ${c.field}`).join(', ')}`), details: { causes: conflicts } });
    }
    if (a.force) for (const entry of managed) for (const c of conflicts) delete entry.fieldsV1[c.field];
    const others = managed.filter((m) => m.manager !== a.manager && Object.keys(m.fieldsV1).length > 0);
    const ownedFields = Object.fromEntries([...mine.keys()].map((p) => [p, {}]));
    const base = a.existing ? clone(a.existing) : ({ apiVersion: a.apiVersion, kind: patch.kind, metadata: { name: a.name } } as Obj);
    const { status: _ignored, ...patchWithoutStatus } = patch;
    const merged = deepMerge(base, patchWithoutStatus as Record<string, unknown>) as Obj;
    merged.apiVersion = a.apiVersion;
    if (a.resource.namespaced) merged.metadata.namespace = a.namespace;
    merged.metadata.managedFields = [...others, { manager: a.manager, operation: 'Apply', apiVersion: a.apiVersion, fieldsType: 'FieldsV1', fieldsV1: ownedFields }];
    if (a.dryRun) {
      merged.metadata.resourceVersion = a.existing?.metadata.resourceVersion ?? '';
      merged.metadata.generation = a.existing?.metadata.generation ?? 1;
      return this.#send(res, a.existing ? 200 : 201, merged);
    }
    const written = this.#write(a.resource, a.key, merged, a.existing);
    this.#send(res, a.existing ? 200 : 201, written);
  }

  #watch(filter: { resource: SimResource; namespace: string | undefined; fieldName: string | undefined; labels: Record<string, string> }, request: SimRequest, res: ServerResponse, dropAfter: number | undefined): void {
    const from = Number(request.query.get('resourceVersion') ?? '0');
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    if (from > 0 && from < this.#compactedBefore - 1) {
      res.end(`${JSON.stringify({ type: 'ERROR', object: status(410, 'Expired', `too old resource version: ${from} (${this.#compactedBefore})`) })}\n`);
      return;
    }
    const watcher: Watcher = { ...filter, res };
    for (const event of this.#history) if (event.rv > from) this.#sendToWatcher(watcher, event);
    this.#watchers.add(watcher);
    res.on('close', () => this.#watchers.delete(watcher));
    if (dropAfter !== undefined) setTimeout(() => res.destroy(), dropAfter);
  }
}

function status(code: number, reason: string, message: string, outcome = 'Failure'): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: outcome, message, reason, code };
}
