import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { tempDir } from './temp.ts';

/** One context of a kubeconfig written by {@link writeMultiKubeconfig}: its own cluster and user. */
export interface KubeconfigEntry {
  readonly url: string;
  readonly context: string;
  /** The bearer token. @default 'no-token' (a server that checks tokens refuses it) */
  readonly token?: string;
  /** The cluster's CA (PEM, base64) as kubeconfig holds it; without it TLS is not verified (the loopback proxy is plain HTTP). */
  readonly caData?: string;
}

/** Writes a kubeconfig with one context per entry and `current` as current-context; returns its path. */
export function writeMultiKubeconfig(entries: readonly KubeconfigEntry[], current: string, file = join(tempDir('datalyptica-kubeconfig-'), 'kubeconfig')): string {
  writeFileSync(
    file,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: entries.map((e) => ({ name: `${e.context}-cluster`, cluster: { server: e.url, ...(e.caData ? { 'certificate-authority-data': e.caData } : { 'insecure-skip-tls-verify': true }) } })),
      users: entries.map((e) => ({ name: `${e.context}-user`, user: { token: e.token ?? 'no-token' } })),
      contexts: entries.map((e) => ({ name: e.context, context: { cluster: `${e.context}-cluster`, user: `${e.context}-user`, namespace: 'default' } })),
      'current-context': current,
    }),
    { mode: 0o600 },
  );
  return file;
}

/** Writes a kubeconfig with one context (`test` unless named). */
export function writeKubeconfig(url: string, options: Omit<KubeconfigEntry, 'url' | 'context'> & { context?: string } = {}): string {
  const context = options.context ?? 'test';
  return writeMultiKubeconfig([{ ...options, url, context }], context);
}
