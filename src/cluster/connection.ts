import type { Target } from '../model/names.ts';
import { delimiter } from 'node:path';
import { CoreV1Api, CustomObjectsApi, KubernetesObjectApi, type ApiConstructor, type ApiType, type KubeConfig } from '@kubernetes/client-node';
import { DatalypticaError, ErrorCode } from '../errors.ts';
import { KubeClient, type KubeClientOptions } from './client.ts';
import { kubeConfigSource, resolveKubeConfig, type KubeConfigOptions } from './kubeconfig.ts';
import { KubeTransport, TransportError } from './transport.ts';

export interface ConnectOptions extends KubeConfigOptions {
  /** The platform's target, so login hints name the right tool (`oc login` only on OpenShift). */
  readonly target?: Target;
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
  /** What every child process (helm) must be given to reach this same cluster as this same user. */
  readonly childAccess: ChildAccess;
  /** Any other generated client-node API, on this connection's config. */
  api<T extends ApiType>(type: ApiConstructor<T>): T;
}

/**
 * The kubeconfig and context a child process must use so that it talks to the cluster this
 * connection talks to: helm (and kubectl) otherwise read `~/.kube/config`'s current-context,
 * which need not be the one `--kubeconfig`/`--context`/KUBECONFIG resolved to.
 * `args` are helm's global flags; `env` is merged over the child's environment.
 * @see https://helm.sh/docs/helm/helm/ (global flags --kubeconfig, --kube-context; env KUBECONFIG)
 */
export interface ChildAccess {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The {@link ChildAccess} of a resolved config. One file (`--kubeconfig`, ~/.kube/config or a
 * one-entry KUBECONFIG) is passed as `--kubeconfig`; a KUBECONFIG list is passed as KUBECONFIG,
 * which helm merges as kubectl does; the context is always explicit (`--kube-context`). In a pod
 * (no file), KUBECONFIG is emptied and no context named, so helm falls back to the same
 * in-cluster service account.
 */
export function childAccessOf(kubeConfig: KubeConfig, context: string): ChildAccess {
  const { files, inCluster } = kubeConfigSource(kubeConfig);
  // client-node names the in-cluster context itself; helm has no such context, only the same fallback.
  if (inCluster) return { args: [], env: { KUBECONFIG: '' } };
  return {
    args: [...(files.length === 1 ? ['--kubeconfig', files[0]!] : []), '--kube-context', context],
    env: { KUBECONFIG: files.join(delimiter) },
  };
}

function useContextHint(context: string, target: Target | undefined): string {
  const login =
    target === 'kubernetes'
      ? "refresh your credentials with your cluster's login command (e.g. aws eks update-kubeconfig, gcloud container clusters get-credentials)"
      : target === 'openshift'
        ? 'log in again (oc login <api-url>)'
        : 'log in again (oc login <api-url> on OpenShift, your provider\'s login command elsewhere)';
  return `${login} or pick another context (kubectl config use-context <name>); current context is "${context}"`;
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
      hint: useContextHint(context, options.target),
    });
  }
  if (answer.status === 401 || answer.status === 403) {
    throw new DatalypticaError(
      ErrorCode.ClusterUnauthorized,
      `the API server ${server} (context "${context}") refused the credentials: HTTP ${answer.status} ${answer.status === 401 ? 'Unauthorized' : 'Forbidden'}`,
      { hint: `your token may have expired: ${useContextHint(context, options.target)}` },
    );
  }
  if (answer.status < 200 || answer.status >= 300) {
    throw new DatalypticaError(ErrorCode.ClusterUnreachable, `the API server ${server} (context "${context}") answered GET /version with HTTP ${answer.status}`, {
      hint: useContextHint(context, options.target),
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
    childAccess: childAccessOf(kubeConfig, context),
    objects: KubernetesObjectApi.makeApiClient(kubeConfig),
    core: kubeConfig.makeApiClient(CoreV1Api),
    custom: kubeConfig.makeApiClient(CustomObjectsApi),
    api: (type) => kubeConfig.makeApiClient(type),
  };
}
