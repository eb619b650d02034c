import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import { DatalypticaError, ErrorCode } from '../errors.ts';
import type { KubeObject } from '../model/kube.ts';
import type { ChildAccess } from './connection.ts';
import type { DeployStep } from '../platform/deploy-graph.ts';
import { compareObjects } from '../platform/order.ts';

export type InstallSource = NonNullable<DeployStep['install']>;
export type HelmSource = Extract<InstallSource, { type: 'helm' }>;

/** Fetches a release manifest (`id` is the operator's); injectable so tests and air-gapped mirrors can serve it. */
export type ManifestFetcher = (url: string, id?: string) => Promise<string>;
/** How a helm child runs: the environment merged over ours, and a signal that kills it. */
export interface HelmRunOptions {
  /** Merged over `process.env` (KUBECONFIG of the resolved connection). */
  readonly env?: Readonly<Record<string, string>>;
  /** Aborting kills the child (SIGTERM) and rejects. */
  readonly signal?: AbortSignal;
}

/** Runs helm with these arguments; resolves with its output or rejects with its stderr. */
export type HelmRunner = (args: readonly string[], options?: HelmRunOptions) => Promise<string>;

export const fetchManifest: ManifestFetcher = async (url) => {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    throw new DatalypticaError(ErrorCode.DeployFailed, `cannot download ${url}: ${(error as Error).message}`, {
      cause: error,
      hint: 'check outbound access to the URL, or mirror it and install the operator yourself before deploy',
    });
  }
  if (!response.ok) throw new DatalypticaError(ErrorCode.DeployFailed, `cannot download ${url}: HTTP ${response.status}`, { hint: 'check the operator version pinned in the config' });
  return response.text();
};

/**
 * Reads mirrored manifests from a folder, `<dir>/<operator id>.yaml` (`--operator-manifests`), for
 * clusters without outbound access: download each URL once elsewhere, deploy from the copies.
 */
export function manifestsFromDir(dir: string): ManifestFetcher {
  return async (url, id) => {
    const file = join(dir, `${id ?? basename(new URL(url).pathname, '.yaml')}.yaml`);
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new DatalypticaError(ErrorCode.DeployFailed, `no mirrored manifest ${file} for ${url}`, {
        cause: error,
        hint: `download it into the folder: curl -fsSL -o ${file} ${url}`,
      });
    }
  };
}

/** The parsed objects of a multi-document manifest, CRDs and namespaces first. */
export function parseManifest(text: string, url: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new DatalypticaError(ErrorCode.DeployFailed, `${url} is not valid YAML: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as KubeObject | null;
    if (value === null || typeof value !== 'object') continue;
    if (value.kind === 'List' && Array.isArray(value['items'])) objects.push(...(value['items'] as KubeObject[]));
    else if (value.kind && value.metadata?.name) objects.push(value);
  }
  return objects.sort(compareObjects);
}

/**
 * The exact helm command deploy runs for a chart source (printed when helm is missing), ending
 * with the connection's global flags (`access`, from {@link ChildAccess}) so that helm targets
 * the cluster and context deploy resolved, never `~/.kube/config`'s current one.
 */
export function helmArgs(source: HelmSource, options: { valuesFile?: string; access?: ChildAccess } = {}): string[] {
  const args = ['upgrade', '--install', source.id, source.chart, '--repo', source.repo, '--version', source.version, '--namespace', source.namespace, '--create-namespace', '--wait', '--timeout', '10m'];
  if (options.valuesFile !== undefined) args.push('--values', options.valuesFile);
  args.push(...(options.access?.args ?? []));
  return args;
}

/** Runs `helm` from PATH; a missing binary becomes a clear error with the command to run by hand. */
export const runHelm: HelmRunner = (args, options) => helmRunner('helm')(args, options);

/** Runs this helm binary (`--helm`, e.g. a pinned version outside PATH). */
export const helmRunner = (binary: string): HelmRunner => (args, options = {}) =>
  new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new DatalypticaError(ErrorCode.Aborted, `helm ${args.slice(0, 3).join(' ')}: interrupted before it started`));
      return;
    }
    const child = spawn(binary, [...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...(options.env ?? {}) } });
    // An interrupted deploy must not leave helm running on: it would keep changing the cluster.
    const kill = (): void => {
      child.kill('SIGTERM');
    };
    options.signal?.addEventListener('abort', kill, { once: true });
    child.on('close', () => options.signal?.removeEventListener('abort', kill));
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new DatalypticaError(ErrorCode.DeployFailed, `${binary === 'helm' ? 'helm is not on PATH' : `${binary} does not exist`}; this operator installs from a Helm chart`, {
              cause: error,
              hint: `install helm (https://helm.sh/docs/intro/install/) or run it yourself, then re-run deploy: helm ${args.join(' ')}`,
            })
          : error,
      );
    });
    child.on('close', (code) => {
      if (options.signal?.aborted) reject(new DatalypticaError(ErrorCode.Aborted, `helm ${args.slice(0, 3).join(' ')}: interrupted (helm was stopped)`));
      else if (code === 0) resolve(out);
      else reject(new DatalypticaError(ErrorCode.DeployFailed, `helm ${args.slice(0, 3).join(' ')} failed (exit ${code}): ${err.trim().split('\n').pop() ?? ''}`, { hint: `run it yourself to see why: helm ${args.join(' ')}` }));
    });
  });

/**
 * Installs a chart with helm given the connection's kubeconfig and context (`access`), writing its
 * values to a private temporary file for the duration of the call.
 */
export async function installChart(source: HelmSource & { values?: Record<string, unknown> }, helm: HelmRunner, options: { access: ChildAccess; signal?: AbortSignal }): Promise<void> {
  const run = { env: options.access.env, ...(options.signal ? { signal: options.signal } : {}) };
  if (source.values === undefined) {
    await helm(helmArgs(source, { access: options.access }), run);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'datalyptica-helm-'));
  try {
    const file = join(dir, 'values.json');
    writeFileSync(file, JSON.stringify(source.values), { mode: 0o600 });
    await helm(helmArgs(source, { valuesFile: file, access: options.access }), run);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a deployed Helm release runs: its chart version and the values it was installed with. */
export interface HelmRelease {
  readonly chartVersion: string;
  readonly values: Record<string, unknown>;
}

/**
 * Decodes a Helm 3 release Secret (`sh.helm.release.v1.<name>.v<revision>`, label `owner=helm`):
 * `data.release` is base64 (Secret encoding) of base64 of a gzipped JSON release. Undefined when
 * it is not one.
 * @see https://helm.sh/docs/topics/advanced/#storage-backends
 */
export function decodeHelmRelease(secret: KubeObject): HelmRelease | undefined {
  const encoded = (secret['data'] as Record<string, string> | undefined)?.['release'];
  if (encoded === undefined) return undefined;
  try {
    const inner = Buffer.from(Buffer.from(encoded, 'base64').toString('utf8'), 'base64');
    const json = JSON.parse(gunzipSync(inner).toString('utf8')) as { chart?: { metadata?: { version?: string } }; config?: Record<string, unknown> };
    const chartVersion = json.chart?.metadata?.version;
    return chartVersion === undefined ? undefined : { chartVersion, values: json.config ?? {} };
  } catch {
    return undefined;
  }
}

/** Whether the deployed release already runs this chart version with these values (then helm is not run again). */
export function releaseMatches(release: HelmRelease | undefined, source: HelmSource & { values?: Record<string, unknown> }): boolean {
  return release !== undefined && release.chartVersion === source.version && canonical(release.values) === canonical(source.values ?? {});
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

/** Helm failures worth another try: the API server or the network hiccuped, not the chart. */
const TRANSIENT_HELM = /connection refused|connection reset|i\/o timeout|TLS handshake timeout|unexpected EOF|client connection lost|the server is currently unable to handle the request|etcdserver: request timed out|Too Many Requests|http2: server sent GOAWAY|Kubernetes cluster unreachable/i;

/** Whether a helm failure is transient (retried like the API client's 429/5xx/dropped connections). Pure. */
export function transientHelmFailure(error: unknown): boolean {
  return error instanceof Error && TRANSIENT_HELM.test(error.message);
}

/** Statuses Helm leaves on a release whose operation was interrupted; helm then refuses any other operation on it. */
export const PENDING_STATUSES: ReadonlySet<string> = new Set(['pending-install', 'pending-upgrade', 'pending-rollback']);

/**
 * The helm command that clears a release an interrupted run left pending: roll back to the last
 * revision that was deployed, or uninstall the half-installed release when none ever was.
 * @see https://helm.sh/docs/helm/helm_rollback/
 * @see https://helm.sh/docs/helm/helm_uninstall/
 */
export function recoveryArgs(source: HelmSource, lastDeployedRevision: number | undefined, access: ChildAccess): string[] {
  const base = lastDeployedRevision === undefined ? ['uninstall', source.id, '--namespace', source.namespace, '--wait'] : ['rollback', source.id, String(lastDeployedRevision), '--namespace', source.namespace, '--wait'];
  return [...base, ...access.args];
}
