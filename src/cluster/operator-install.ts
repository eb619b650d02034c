import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DatalypticaError, ErrorCode } from '../errors.ts';
import type { KubeObject } from '../model/kube.ts';
import type { DeployStep } from '../platform/deploy-graph.ts';
import { compareObjects } from '../platform/order.ts';

export type InstallSource = NonNullable<DeployStep['install']>;
export type HelmSource = Extract<InstallSource, { type: 'helm' }>;

/** Fetches a release manifest; injectable so tests and air-gapped mirrors can serve it. */
export type ManifestFetcher = (url: string) => Promise<string>;
/** Runs helm with these arguments; resolves with its output or rejects with its stderr. */
export type HelmRunner = (args: readonly string[]) => Promise<string>;

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

/** The exact helm command deploy runs for a chart source (printed when helm is missing). */
export function helmArgs(source: HelmSource, valuesFile?: string): string[] {
  const args = ['upgrade', '--install', source.id, source.chart, '--repo', source.repo, '--version', source.version, '--namespace', source.namespace, '--create-namespace', '--wait', '--timeout', '10m'];
  if (valuesFile !== undefined) args.push('--values', valuesFile);
  return args;
}

/** Runs `helm` from PATH; a missing binary becomes a clear error with the command to run by hand. */
export const runHelm: HelmRunner = (args) =>
  new Promise((resolve, reject) => {
    const child = spawn('helm', [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new DatalypticaError(ErrorCode.DeployFailed, 'helm is not on PATH; this operator installs from a Helm chart', {
              cause: error,
              hint: `install helm (https://helm.sh/docs/intro/install/) or run it yourself, then re-run deploy: helm ${args.join(' ')}`,
            })
          : error,
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new DatalypticaError(ErrorCode.DeployFailed, `helm ${args.slice(0, 3).join(' ')} failed (exit ${code}): ${err.trim().split('\n').pop() ?? ''}`, { hint: `run it yourself to see why: helm ${args.join(' ')}` }));
    });
  });

/** Installs a chart, writing its values to a private temporary file for the duration of the call. */
export async function installChart(source: HelmSource & { values?: Record<string, unknown> }, helm: HelmRunner): Promise<void> {
  if (source.values === undefined) {
    await helm(helmArgs(source));
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'datalyptica-helm-'));
  try {
    const file = join(dir, 'values.json');
    writeFileSync(file, JSON.stringify(source.values), { mode: 0o600 });
    await helm(helmArgs(source, file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
