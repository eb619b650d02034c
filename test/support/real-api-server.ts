import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { KubeClient } from '../../src/cluster/client.ts';
import { KubeTransport, type TransportRequest, type TransportResponse } from '../../src/cluster/transport.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import { tempDir } from './temp.ts';

/**
 * A real kube-apiserver (test/apiserver: k8s.io/kubernetes' own command, embedded etcd) with every upstream CRD from
 * ../shared/crds installed and Established. One per test run: scripts/run-tests.mjs starts it through
 * real-api-server-main.ts and hands it to every test process in DATALYPTICA_TEST_APISERVER; a test file run on its
 * own starts its own, stopped when that process ends.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The upstream CRDs (test data beside the repository; README there). */
export const CRD_DIR = resolve(ROOT, '..', 'shared', 'crds');
/** What run-tests.mjs hands to the test processes: the JSON line the server printed when ready. */
export const ENV_KEY = 'DATALYPTICA_TEST_APISERVER';

/** Where to reach the server, as the Go program announced it. */
export interface ApiServerEndpoint {
  readonly server: string;
  readonly kubeconfig: string;
  readonly token: string;
}

export interface RealApiServer extends ApiServerEndpoint {
  /** A client on the project's own transport that also records each response's `Warning` headers. */
  readonly client: KubeClient;
  readonly transport: RecordingTransport;
}

/** KubeTransport that keeps the API server's warnings (RFC 7234 `Warning: 299 - "…"`), e.g. Pod Security's. */
export class RecordingTransport extends KubeTransport {
  /** Each warning with the method and path of the request that drew it. */
  warnings: { readonly request: string; readonly warning: string }[] = [];
  override async request(request: TransportRequest): Promise<TransportResponse> {
    const response = await super.request(request);
    const header = response.headers.warning;
    for (const value of Array.isArray(header) ? header : header === undefined ? [] : header.split(/,(?=\s*\d{3} )/)) {
      this.warnings.push({ request: `${request.method} ${request.path}`, warning: value.trim().replace(/^299 - "(.*)"$/, '$1').replace(/\\"/g, '"') });
    }
    return response;
  }
}

/** The binary's path, building it when needed (scripts/apiserver.mjs); or why there is none. */
export function apiServerBinary(): { path: string } | { skip: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'apiserver.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const path = result.stdout.trim();
  if (result.status === 0 && path !== '') return { path };
  const reason = result.stderr.trim().split('\n').at(-1) ?? 'scripts/apiserver.mjs failed';
  if (result.status === 0 || process.env.CI !== 'true') return { skip: reason };
  throw new Error(`the real API server cannot be built: ${reason}`);
}

/**
 * Starts the binary and resolves with its endpoint once it printed its ready line. `args` go to the Go program:
 * `--dir <state>` keeps its state (etcd data) so that a second start on the same folder (and `--port`) is the same
 * cluster restarted; it then issues a new token and serving certificate.
 */
export async function startApiServer(binary: string, args: readonly string[] = []): Promise<{ endpoint: ApiServerEndpoint; child: ChildProcess }> {
  // Its log goes to a file, not a pipe: a pipe nobody reads would block it, and a closed one would kill it (SIGPIPE).
  // In a temp folder this process removes when it exits (the log outlives the server only for a failure message).
  const log = join(tempDir('datalyptica-apiserver-log-'), 'apiserver.log');
  const logFd = openSync(log, 'w');
  const child = spawn(binary, [...args], { stdio: ['ignore', 'pipe', logFd] });
  closeSync(logFd);
  const tail = (): string => readFileSync(log, 'utf8').slice(-4000);
  const lines = createInterface({ input: child.stdout! });
  const endpoint = await new Promise<ApiServerEndpoint>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API server printed no ready line within 180 s (log ${log}):\n${tail()}`)), 180_000);
    child.once('exit', (code) => reject(new Error(`the API server exited (${code}) before ready (log ${log}):\n${tail()}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolvePromise(JSON.parse(line) as ApiServerEndpoint);
    });
  });
  child.removeAllListeners('exit');
  lines.close();
  (child.stdout as Socket).unref();
  return { endpoint, child };
}

/** Stops a server started by {@link startApiServer}: SIGTERM (graceful), SIGKILL after 15 s. */
export async function stopApiServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** A client on the endpoint's kubeconfig, recording warnings. */
export function clientFor(endpoint: ApiServerEndpoint): RealApiServer {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(endpoint.kubeconfig);
  const transport = new RecordingTransport(kubeConfig);
  return { ...endpoint, transport, client: new KubeClient(transport, { requestTimeoutMs: 60_000 }) };
}

/** The JSON Schemas of the rendered kinds (test data beside the repository; README there). */
export const SCHEMA_DIR = resolve(ROOT, '..', 'shared', 'schemas');

type JsonSchema = { [key: string]: unknown };

/**
 * The schema with every local `$ref` (`#/definitions/<name>`) replaced by its definition and the
 * `definitions` dropped: a CRD schema supports neither. A definition that refers to itself is cut
 * there to an open object (`x-kubernetes-preserve-unknown-fields`).
 */
function inlineRefs(schema: JsonSchema, definitions: Record<string, JsonSchema>, seen: readonly string[] = []): JsonSchema {
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const name = ref.replace(/^#\/definitions\//, '');
    if (seen.includes(name) || definitions[name] === undefined) return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    return inlineRefs(definitions[name], definitions, [...seen, name]);
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'definitions') continue;
    if (Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'object' && v !== null ? inlineRefs(v as JsonSchema, definitions, seen) : v));
    else if (typeof value === 'object' && value !== null) {
      out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [k, inlineRefs(v, definitions, seen)])) : inlineRefs(value as JsonSchema, definitions, seen);
    } else out[key] = value;
  }
  return out;
}

/** A draft-04 JSON Schema as a CRD's structural schema: `$schema` dropped, `additionalProperties: false` dropped
 * (pruning and the API server's unknown-field warnings do its work; a CRD may not combine it with `properties`). */
function structural(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$schema' || (key === 'additionalProperties' && value === false)) continue;
    // OpenShift's schemas say `type: [object, "null"]`; a structural schema has one type and `nullable`.
    if (key === 'type' && Array.isArray(value)) {
      const types = value.filter((t) => t !== 'null');
      if (types.length === 1) out['type'] = types[0];
      if (value.includes('null')) out['nullable'] = true;
      if (types.length > 1) {
        if (types.every((t) => t === 'string' || t === 'integer')) out['x-kubernetes-int-or-string'] = true;
        else out['x-kubernetes-preserve-unknown-fields'] = true;
      }
      continue;
    }
    if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [k, structural(v)]));
    else if ((key === 'items' || key === 'additionalProperties') && typeof value === 'object') out[key] = structural(value as JsonSchema);
    else out[key] = value;
  }
  // A structural schema may not combine the two: named properties win, as they describe the known fields.
  if (out['properties'] !== undefined && typeof out['additionalProperties'] === 'object') delete out['additionalProperties'];
  return out;
}

/** A kind with no upstream CRD, and the JSON Schema a test CRD for it is generated from. */
interface SchemaBackedKind {
  readonly file: string;
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly shortNames?: readonly string[];
  /**
   * Serve it with an open schema (`x-kubernetes-preserve-unknown-fields`) instead of converting the JSON Schema:
   * the project's hand-written schemas use `oneOf`/`$ref` shapes a structural schema cannot express. Their fields
   * are still checked by `check`'s JSON Schema validation; here the kind is only served.
   */
  readonly permissive?: boolean;
}

/**
 * Kinds with no CRD anywhere get an equivalent one generated from their JSON Schema:
 * - ImageStream and BuildConfig: openshift-apiserver serves them as aggregated APIs (schemas: OpenShift's, in
 *   ../shared/schemas and the project's own schemas/ folder);
 * - ClusterLogForwarder (observability.openshift.io/v1): the Logging operator's CRD is not in ../shared/crds, its
 *   schema is in the project's schemas/ folder.
 */
const SCHEMA_BACKED: readonly SchemaBackedKind[] = [
  { file: join(SCHEMA_DIR, 'image.openshift.io', 'imagestream_v1.json'), group: 'image.openshift.io', kind: 'ImageStream', plural: 'imagestreams', shortNames: ['is'] },
  { file: join(ROOT, 'schemas', 'build.openshift.io', 'buildconfig_v1.json'), group: 'build.openshift.io', kind: 'BuildConfig', plural: 'buildconfigs', shortNames: ['bc'], permissive: true },
  { file: join(ROOT, 'schemas', 'observability.openshift.io', 'clusterlogforwarder_v1.json'), group: 'observability.openshift.io', kind: 'ClusterLogForwarder', plural: 'clusterlogforwarders', shortNames: ['obsclf'], permissive: true },
];

/** A namespaced v1 CRD for a kind, with its JSON Schema as the structural schema. */
export function crdFromSchema(entry: SchemaBackedKind): KubeObject {
  const raw = JSON.parse(readFileSync(entry.file, 'utf8')) as JsonSchema;
  const schema: JsonSchema = entry.permissive
    ? { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }
    : structural(inlineRefs(raw, (raw['definitions'] ?? {}) as Record<string, JsonSchema>));
  // The API server owns metadata's schema; a CRD may only say it is an object.
  schema['properties'] = { ...(schema['properties'] as object), metadata: { type: 'object' } };
  const singular = entry.kind.toLowerCase();
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${entry.plural}.${entry.group}` },
    spec: {
      group: entry.group,
      scope: 'Namespaced',
      names: { plural: entry.plural, singular, kind: entry.kind, listKind: `${entry.kind}List`, ...(entry.shortNames ? { shortNames: [...entry.shortNames] } : {}) },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema }, subresources: { status: {} } }],
    },
  };
}

/** The generated ImageStream CRD (kept for callers that need only it). */
export function imageStreamCrd(): KubeObject {
  return crdFromSchema(SCHEMA_BACKED[0]!);
}

/** Every CRD file under ../shared/crds, parsed, and the generated ImageStream CRD. */
export function upstreamCrds(): KubeObject[] {
  return readdirSync(CRD_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((group) => readdirSync(join(CRD_DIR, group.name)).filter((f) => f.endsWith('.yaml')).map((f) => join(CRD_DIR, group.name, f)))
    .sort()
    .map((file) => parse(readFileSync(file, 'utf8')) as KubeObject)
    .concat(SCHEMA_BACKED.map(crdFromSchema));
}

/** Server-side applies every upstream CRD (and the generated ImageStream one), then waits until each is Established (as `kubectl wait` would). */
export async function installCrds(client: KubeClient, crds: readonly KubeObject[] = upstreamCrds()): Promise<void> {
  const queue = [...crds];
  const worker = async (): Promise<void> => {
    for (let crd = queue.shift(); crd !== undefined; crd = queue.shift()) await client.apply(crd, { force: true });
  };
  let started = Date.now();
  await Promise.all([worker(), worker(), worker(), worker()]);
  process.stderr.write(`CRDs applied in ${Date.now() - started} ms\n`);
  started = Date.now();
  // A CRD is Established when its kinds are served (300 s: on a loaded 2-core machine the last groups took over 120 s): poll each group-version's discovery document (small) rather
  // than GET every CRD (22 MB in all) until each plural appears.
  const pending = new Map<string, Set<string>>();
  for (const crd of crds) {
    const spec = crd.spec as { group: string; names: { plural: string }; versions: { name: string; served: boolean }[] };
    for (const version of spec.versions.filter((v) => v.served)) {
      const gv = `/apis/${spec.group}/${version.name}`;
      pending.set(gv, (pending.get(gv) ?? new Set()).add(spec.names.plural));
    }
  }
  const deadline = Date.now() + 300_000;
  while (pending.size > 0) {
    for (const [path, plurals] of pending) {
      const response = await client.send(`GET ${path}`, { method: 'GET', path });
      if (response.status !== 200) continue;
      const served = new Set((JSON.parse(response.body) as { resources: { name: string }[] }).resources.map((r) => r.name));
      for (const plural of plurals) if (served.has(plural)) plurals.delete(plural);
      if (plurals.size === 0) pending.delete(path);
    }
    if (pending.size === 0) break;
    if (Date.now() > deadline) throw new Error(`CRDs not served after 300 s: ${[...pending].map(([gv, p]) => `${gv} ${[...p].join(',')}`).join('; ')}`);
    await new Promise((done) => setTimeout(done, 200));
  }
  process.stderr.write(`CRDs established in ${Date.now() - started} ms\n`);
  // Discovery was cached before the CRDs existed; later lookups must see the new kinds.
  client.discovery.invalidate();
}

let shared: Promise<RealApiServer | { skip: string }> | undefined;

/**
 * The run's API server with the CRDs installed: the one run-tests.mjs started, or (a test file run alone) one
 * started here and stopped when this process exits. `{ skip }` says why there is none (no Go off CI).
 */
export function realApiServer(): Promise<RealApiServer | { skip: string }> {
  shared ??= (async () => {
    const handed = process.env[ENV_KEY];
    if (handed) {
      const parsed = JSON.parse(handed) as ApiServerEndpoint | { skip: string };
      return 'skip' in parsed ? parsed : clientFor(parsed);
    }
    const binary = apiServerBinary();
    if ('skip' in binary) return binary;
    const { endpoint, child } = await startApiServer(binary.path);
    process.once('exit', () => child.kill('SIGTERM'));
    child.unref();
    const server = clientFor(endpoint);
    await installCrds(server.client);
    return server;
  })();
  return shared;
}
