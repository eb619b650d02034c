import type { ServiceEndpoint } from '../../model/live-check.ts';
import { ProbeFailure, describeTarget, type ProbeContext } from './context.ts';

/** What a TLS client needs to verify an endpoint: the CA bundle (absent: no verification) and the name to check. */
export interface TrustMaterial {
  readonly ca?: string;
  readonly servername: string;
}

/**
 * Reads the CA an endpoint declares (`endpoint.tls.ca`): a Secret key through the context (never
 * printed), or a ConfigMap key through the object reader. Undefined for a plain-text endpoint.
 */
export async function endpointTrust(endpoint: ServiceEndpoint, ctx: ProbeContext): Promise<TrustMaterial | undefined> {
  const tls = endpoint.tls;
  if (tls === undefined) return undefined;
  const servername = tls.serverName ?? `${endpoint.service}.${endpoint.namespace}.svc`;
  if (tls.ca === undefined) return { servername };
  if ('secret' in tls.ca) return { ca: await ctx.secret(tls.ca.secret), servername };
  const ref = tls.ca.configMap;
  const configMap = await ctx.objects.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: ref.namespace, name: ref.name });
  const ca = (configMap?.['data'] as Record<string, string> | undefined)?.[ref.key];
  if (ca === undefined) {
    throw new ProbeFailure(`the CA of ${describeTarget(endpoint)} is missing: ConfigMap ${ref.name} (${ref.namespace}) has no key ${ref.key}`);
  }
  return { ca, servername };
}

/** Node TLS options from the trust material: verify against the CA when there is one. */
export function tlsOptions(trust: TrustMaterial): { servername: string; ca?: string; rejectUnauthorized: boolean } {
  return trust.ca === undefined ? { servername: trust.servername, rejectUnauthorized: false } : { servername: trust.servername, ca: trust.ca, rejectUnauthorized: true };
}
