import type { BuildContext } from '../../model/build-context.ts';
import { parseQuantity } from '../../platform/quantity.ts';
import { TRINO_DATA_DIR, TRINO_PORTS } from './versions.ts';

/** The user the workers' preStop hook shuts down as; the only one allowed to write system information. */
export const SHUTDOWN_USER = 'graceful-shutdown';
/** Env vars the properties files read through `${ENV:...}`: values never enter a ConfigMap. */
export const TRINO_ENV = {
  sharedSecret: 'TRINO_INTERNAL_SHARED_SECRET',
  oauth2ClientSecret: 'TRINO_OAUTH2_CLIENT_SECRET',
} as const;

/** Heap and memory limits derived from a container memory limit (heap ≤ 80 %, audit-style sizing). */
export interface TrinoMemory {
  readonly heapMiB: number;
  /** `query.max-memory-per-node`: 35 % of the heap. */
  readonly perNodeMiB: number;
  /** `memory.heap-headroom-per-node`: 30 % of the heap, so per-node + headroom stay under the heap. */
  readonly headroomMiB: number;
}

export function trinoMemory(memoryLimit: string): TrinoMemory {
  const heapMiB = Math.floor((parseQuantity(memoryLimit) * 0.8) / 2 ** 20);
  return { heapMiB, perNodeMiB: Math.floor(heapMiB * 0.35), headroomMiB: Math.floor(heapMiB * 0.3) };
}

/** A `.properties` file from sorted keys (deterministic output). */
export function properties(values: Record<string, string>): string {
  return `${Object.keys(values)
    .sort()
    .map((key) => `${key}=${values[key]}`)
    .join('\n')}\n`;
}

/** `node.environment` must match `[a-z0-9][_a-z0-9]*`; `node.id` is left to the image (pod name). */
export function nodeProperties(ctx: BuildContext): string {
  return properties({ 'node.environment': ctx.config.namePrefix.replace(/-/g, '_'), 'node.data-dir': TRINO_DATA_DIR });
}

/** @see https://trino.io/docs/current/installation/deployment.html#jvm-config */
export function jvmConfig(memory: TrinoMemory): string {
  return [
    '-server',
    `-Xmx${memory.heapMiB}M`,
    `-Xms${memory.heapMiB}M`,
    '-XX:+UseG1GC',
    '-XX:G1HeapRegionSize=32M',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-XX:+ExitOnOutOfMemoryError',
    '-XX:-OmitStackTraceInFastThrow',
    '-XX:ReservedCodeCacheSize=512M',
    '-XX:PerMethodRecompilationCutoff=10000',
    '-XX:PerBytecodeRecompilationCutoff=10000',
    '-Djdk.attach.allowAttachSelf=true',
    '-Djdk.nio.maxCachedBufferSize=2000000',
    '-Dfile.encoding=UTF-8',
    '-XX:+EnableDynamicAgentLoading',
    '',
  ].join('\n');
}

export interface ConfigInput {
  readonly role: 'coordinator' | 'worker';
  readonly memory: TrinoMemory;
  /** Workers the cluster-wide `query.max-memory` counts on. */
  readonly workers: number;
  readonly discoveryUri: string;
  readonly shutdownGraceSeconds: number;
  readonly spill: boolean;
  readonly https?: { readonly pemPath: string };
  readonly oauth2?: TrinoOAuth2;
}

/** Where the coordinator sends browsers (public) and fetches tokens and keys (in-cluster). */
export interface TrinoOAuth2 {
  readonly issuer: string;
  readonly clientId: string;
  /** Explicit endpoints instead of discovery: browsers use the public host, the coordinator the backchannel. */
  readonly endpoints?: { readonly authUrl: string; readonly tokenUrl: string; readonly jwksUrl: string };
  /** The PEM CA of the backchannel's certificate, for the OAuth2 HTTP client (`oauth2-jwk.http-client.*`). */
  readonly caFile?: string;
}

/**
 * `config.properties`. The coordinator schedules no work (`node-scheduler.include-coordinator=false`)
 * and trusts the router's forwarded headers; all nodes authenticate each other with the
 * shared secret. OAuth2 needs HTTPS, which the edge Route provides through the forwarded headers.
 * @see https://trino.io/docs/current/admin/properties.html
 */
export function configProperties(input: ConfigInput): string {
  const values: Record<string, string> = {
    coordinator: String(input.role === 'coordinator'),
    'http-server.http.port': String(TRINO_PORTS.http),
    'discovery.uri': input.discoveryUri,
    'internal-communication.shared-secret': `\${ENV:${TRINO_ENV.sharedSecret}}`,
    'query.max-memory-per-node': `${input.memory.perNodeMiB}MB`,
    'memory.heap-headroom-per-node': `${input.memory.headroomMiB}MB`,
    'query.max-memory': `${input.memory.perNodeMiB * Math.max(input.workers, 1)}MB`,
  };
  if (input.role === 'coordinator') {
    values['node-scheduler.include-coordinator'] = 'false';
    values['http-server.process-forwarded'] = 'true';
    if (input.https) {
      values['http-server.https.enabled'] = 'true';
      values['http-server.https.port'] = String(TRINO_PORTS.https);
      values['http-server.https.keystore.path'] = input.https.pemPath;
    }
    if (input.oauth2) Object.assign(values, oauth2Properties(input.oauth2));
  } else {
    values['shutdown.grace-period'] = `${input.shutdownGraceSeconds}s`;
    if (input.spill) {
      values['spill-enabled'] = 'true';
      values['spiller-spill-path'] = `${TRINO_DATA_DIR}/spill`;
    }
  }
  return properties(values);
}

/**
 * OAuth2 on the coordinator: browsers log in with the authorization code flow; programs send the
 * realm's access tokens as bearer tokens, which the same authenticator validates against the
 * realm's keys (Trino: "JWTs are handled automatically by the OAuth2 code"). With explicit
 * endpoints the coordinator never needs the public host: discovery is off, tokens and keys come
 * over the in-cluster backchannel.
 *
 * `allow-insecure-over-http=false`, set explicitly (Trino's default is `true`): Trino's
 * authentication filter runs the configured authenticators only on secure requests; on plain HTTP
 * it runs the *insecure* authenticator (any `X-Trino-User`, no credential) when the setting is
 * true, and refuses every request (403) when it is false. Only the shared-secret internal requests
 * of coordinator and workers are handled before that, so port 8080 carries internal traffic only
 * and every client authenticates over HTTPS on 8443 (or through the router, whose
 * `X-Forwarded-Proto: https` `process-forwarded` honours: OAuth2 applies then too).
 * @see https://trino.io/docs/current/security/oauth2.html
 * @see https://trino.io/docs/current/security/authentication-types.html
 * @see https://trino.io/docs/current/security/inside-cluster.html
 * @see https://github.com/trinodb/trino/blob/master/core/trino-main/src/main/java/io/trino/server/security/AuthenticationFilter.java
 */
export function oauth2Properties(oauth2: TrinoOAuth2): Record<string, string> {
  const values: Record<string, string> = {
    'http-server.authentication.type': 'oauth2',
    'http-server.authentication.allow-insecure-over-http': 'false',
    'http-server.authentication.oauth2.issuer': oauth2.issuer,
    'http-server.authentication.oauth2.client-id': oauth2.clientId,
    'http-server.authentication.oauth2.client-secret': `\${ENV:${TRINO_ENV.oauth2ClientSecret}}`,
    'http-server.authentication.oauth2.principal-field': 'preferred_username',
    'http-server.authentication.oauth2.scopes': 'openid',
    'web-ui.authentication.type': 'oauth2',
  };
  if (oauth2.endpoints) {
    values['http-server.authentication.oauth2.oidc.discovery'] = 'false';
    values['http-server.authentication.oauth2.auth-url'] = oauth2.endpoints.authUrl;
    values['http-server.authentication.oauth2.token-url'] = oauth2.endpoints.tokenUrl;
    values['http-server.authentication.oauth2.jwks-url'] = oauth2.endpoints.jwksUrl;
  }
  // Token and key calls go through airlift's `oauth2-jwk` HTTP client, which reads a PEM trust store.
  if (oauth2.caFile !== undefined) values['oauth2-jwk.http-client.trust-store-path'] = oauth2.caFile;
  return values;
}

/**
 * Workers: file-based system access control that lets only the shutdown user trigger a graceful
 * shutdown (the default access control allows none). The hook calls localhost; the worker port is
 * reachable only from Trino pods (NetworkPolicy).
 * @see https://trino.io/docs/current/security/file-system-access-control.html#system-information-rules
 */
export function workerAccessControl(): { properties: string; rules: string } {
  return {
    properties: properties({ 'access-control.name': 'file', 'security.config-file': '/etc/trino/rules.json' }),
    rules: `${JSON.stringify({ catalogs: [{ allow: 'all' }], system_information: [{ user: SHUTDOWN_USER, allow: ['read', 'write'] }, { allow: ['read'] }] }, null, 2)}\n`,
  };
}

/** The preStop hook: ask the worker to drain, then wait until it has exited on its own. */
export function preStopCommand(): string[] {
  const url = `http://localhost:${TRINO_PORTS.http}/v1/info`;
  return [
    '/bin/sh',
    '-c',
    `curl -sf -X PUT -d '"SHUTTING_DOWN"' -H 'Content-Type: application/json' -H 'X-Trino-User: ${SHUTDOWN_USER}' ${url}/state && while curl -sf -o /dev/null ${url}; do sleep 5; done`,
  ];
}

export const LOG_PROPERTIES = properties({ 'io.trino': 'INFO' });
