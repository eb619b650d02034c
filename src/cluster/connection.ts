import { CoreV1Api, CustomObjectsApi, KubernetesObjectApi, type ApiConstructor, type ApiType, type KubeConfig } from '@kubernetes/client-node';
import { DatalypticaError, ErrorCode } from '../errors.ts';
import { KubeClient, type KubeClientOptions } from './client.ts';
import { resolveKubeConfig, type KubeConfigOptions } from './kubeconfig.ts';
import { KubeTransport, TransportError } from './transport.ts';

export interface ConnectOptions extends KubeConfigOptions {
  /** How long the `/version` probe may take. @default 5000 */
  readonly probeTimeoutMs?: number;
  /** Retry and timeout tuning for the client. */
  readonly client?: KubeClientOptions;
}

/** The API server's `/version` answer. */
export interface ServerVersion {
  readonly major: string;
  readonly minor: string;
  readonly gitVersion: string;
  readonly platform?: string;
}

/** A checked connection to one cluster: the config, the server, and the clients on top of it. */
export interface ClusterConnection {
  readonly kubeConfig: KubeConfig;
  /** The context in use (after `--context`). */
  readonly context: string;
  /** The API server URL. */
  readonly server: string;
  readonly version: ServerVersion;
  /** Datalyptica's client: SSA, discovery, watches, retries. Deploy, status, diff and uninstall use it. */
  readonly client: KubeClient;
  /** client-node's generic object API, for callers that prefer it. */
  readonly objects: KubernetesObjectApi;
  readonly core: CoreV1Api;
  readonly custom: CustomObjectsApi;
  /** Any other generated client-node API, on this connection's config. */
  api<T extends ApiType>(type: ApiConstructor<T>): T;
}

function useContextHint(context: string): string {
  return `log in again (oc login <api-url>) or pick another context (kubectl config use-context <name>); current context is "${context}"`;
}

/**
 * Resolves the kubeconfig and probes the API server with `GET /version`. An unreachable or
 * unauthorised cluster is reported in one line, naming the server and context, within
 * `probeTimeoutMs`.
 */
export async function connect(options: ConnectOptions = {}): Promise<ClusterConnection> {
  const kubeConfig = resolveKubeConfig(options);
  const context = kubeConfig.getCurrentContext();
  let transport: KubeTransport;
  try {
    transport = new KubeTransport(kubeConfig);
  } catch (error) {
    throw new DatalypticaError(ErrorCode.KubeconfigInvalid, `context "${context}": ${(error as Error).message}`, { cause: error, hint: 'check it with: kubectl config view --minify' });
  }
  const server = transport.server;
  const timeoutMs = options.probeTimeoutMs ?? 5000;
  let answer;
  try {
    answer = await transport.request({ method: 'GET', path: '/version', timeoutMs });
  } catch (error) {
    const reason = error instanceof TransportError && error.code === 'ETIMEDOUT' ? `no answer within ${timeoutMs / 1000}s` : (error as Error).message;
    throw new DatalypticaError(ErrorCode.ClusterUnreachable, `cannot reach the API server ${server} (context "${context}"): ${reason}`, {
      cause: error,
      hint: useContextHint(context),
    });
  }
  if (answer.status === 401 || answer.status === 403) {
    throw new DatalypticaError(
      ErrorCode.ClusterUnauthorized,
      `the API server ${server} (context "${context}") refused the credentials: HTTP ${answer.status} ${answer.status === 401 ? 'Unauthorized' : 'Forbidden'}`,
      { hint: `your token may have expired: ${useContextHint(context)}` },
    );
  }
  if (answer.status < 200 || answer.status >= 300) {
    throw new DatalypticaError(ErrorCode.ClusterUnreachable, `the API server ${server} (context "${context}") answered GET /version with HTTP ${answer.status}`, {
      hint: useContextHint(context),
    });
  }
  let version: ServerVersion;
  try {
    version = JSON.parse(answer.body) as ServerVersion;
  } catch (error) {
    throw new DatalypticaError(ErrorCode.ClusterUnreachable, `${server} (context "${context}") is not a Kubernetes API server: /version is not JSON`, {
      cause: error,
      hint: 'check the server URL: kubectl config view --minify',
    });
  }
  const client = new KubeClient(transport, options.client);
  return {
    kubeConfig,
    context,
    server,
    version,
    client,
    objects: KubernetesObjectApi.makeApiClient(kubeConfig),
    core: kubeConfig.makeApiClient(CoreV1Api),
    custom: kubeConfig.makeApiClient(CustomObjectsApi),
    api: (type) => kubeConfig.makeApiClient(type),
  };
}
