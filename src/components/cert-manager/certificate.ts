import type { KubeObject } from '../../model/kube.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { internalIssuer } from './issuers.ts';

export interface InternalCertificateInput {
  /** Certificate name; the Secret is `<name>-tls`. */
  readonly name: string;
  /** Names the certificate is valid for; see `serviceDnsNames`. */
  readonly dnsNames: readonly string[];
  /** @default the component's namespace */
  readonly namespace?: string;
  /** @default ['server auth', 'digital signature'] */
  readonly usages?: readonly ('server auth' | 'client auth' | 'digital signature' | 'key encipherment')[];
  /** @default '2160h' (90 days, renewed 30 days before expiry) */
  readonly duration?: string;
}

export interface InternalCertificate {
  readonly certificate: KubeObject;
  /** The `kubernetes.io/tls` Secret cert-manager writes (tls.crt, tls.key, ca.crt). */
  readonly secretName: string;
  /** The ClusterIssuer that signs it. */
  readonly issuer: string;
}

/** Every name a client may use for a Service: short, namespaced, `.svc` and fully qualified. */
export function serviceDnsNames(service: string, namespace: string): string[] {
  return [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`];
}

/**
 * A cert-manager Certificate for in-cluster TLS, signed by the platform CA. The caller adds
 * `cert-manager` to its `dependsOn` and mounts the Secret; `ca.crt` in the same Secret is the
 * trust anchor clients need.
 * @see https://cert-manager.io/docs/usage/certificate/
 */
export function internalCertificate(ctx: BuildContext, input: InternalCertificateInput): InternalCertificate {
  const secretName = `${input.name}-tls`;
  const issuer = internalIssuer(ctx.config);
  const certificate: KubeObject = {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: input.name, namespace: input.namespace ?? ctx.namespace, labels: ctx.labels() },
    spec: {
      secretName,
      secretTemplate: { labels: { 'app.kubernetes.io/name': ctx.name, 'app.kubernetes.io/part-of': 'datalyptica' } },
      commonName: input.dnsNames[0],
      dnsNames: [...new Set(input.dnsNames)],
      duration: input.duration ?? '2160h',
      renewBefore: '720h',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      usages: [...(input.usages ?? ['server auth', 'digital signature'])],
      issuerRef: { name: issuer, kind: 'ClusterIssuer', group: 'cert-manager.io' },
    },
  };
  return { certificate, secretName, issuer };
}
