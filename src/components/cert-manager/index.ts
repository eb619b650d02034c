import type { ComponentBuild, ComponentDefinition } from '../../model/component.ts';
import { certManagerAlerts, certManagerMetrics } from './metrics.ts';
import { certManagerOptions, type CertManagerOptions } from './options.ts';
import { emptyBuild } from '../../model/component.ts';
import type { Egress, Flow } from '../../model/flow.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { PodFootprint } from '../../model/resources.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { issuerNames, issuerObjects } from './issuers.ts';
import {
  CERT_MANAGER_METRICS_PORT,
  CERT_MANAGER_NAMESPACE,
  CERT_MANAGER_PARTS,
  CERT_MANAGER_REPLICAS,
  CERT_MANAGER_RESOURCES,
  CERT_MANAGER_VERSION,
  CERT_MANAGER_WEBHOOK_PORT,
  certManagerOperator,
  type CertManagerPart,
} from './operator.ts';

export { internalCertificate, serviceDnsNames, type InternalCertificate, type InternalCertificateInput } from './certificate.ts';
export { ingressIssuer, internalIssuer, issuerNames } from './issuers.ts';
export { CERT_MANAGER_NAMESPACE, CERT_MANAGER_VERSION } from './operator.ts';

/** Labels of cert-manager's own pods (the chart's and the OpenShift operator's, identical). */
function partSelector(part: CertManagerPart | 'startupapicheck'): Record<string, string> {
  return { 'app.kubernetes.io/name': part, 'app.kubernetes.io/instance': 'cert-manager' };
}

/**
 * The operands' network needs, in cert-manager's namespace: the API server calls the webhook,
 * every part talks to the API server, and with ACME the
 * controller reaches the CA and self-checks HTTP-01 challenges over the public host names.
 */
function operandNetwork(ctx: BuildContext): { flows: Flow[]; egress: Egress[] } {
  const namespace = CERT_MANAGER_NAMESPACE;
  const flows: Flow[] = [
    {
      from: { kind: 'apiserver' },
      toSelector: partSelector('webhook'),
      namespace,
      ports: [{ port: CERT_MANAGER_WEBHOOK_PORT, name: 'https' }],
      description: 'the API server validates and converts cert-manager resources through the webhook',
    },
  ];
  const parts = [...CERT_MANAGER_PARTS, ...(ctx.openshift ? [] : (['startupapicheck'] as const))];
  const egress: Egress[] = parts.map((part) => ({
    to: { kind: 'apiserver' },
    fromSelector: partSelector(part),
    namespace,
    ports: [],
    description: `cert-manager ${part} watches and writes certificates through the API server`,
  }));
  if (ctx.config.tls.issuer === 'acme') {
    egress.push({
      to: { kind: 'internet' },
      fromSelector: partSelector('cert-manager'),
      namespace,
      ports: [
        { port: 443, name: 'https' },
        { port: 80, name: 'http' },
      ],
      description: 'the controller talks to the ACME CA and self-checks HTTP-01 challenges',
    });
  }
  return { flows, egress };
}

function footprint(ctx: BuildContext): PodFootprint[] {
  // On OpenShift the operator sizes its operands; only the chart's sizes are ours to declare.
  if (ctx.openshift) return [];
  const replicas = CERT_MANAGER_REPLICAS[ctx.profile];
  return CERT_MANAGER_PARTS.map((part) => ({
    name: part === 'cert-manager' ? 'cert-manager' : `cert-manager-${part}`,
    namespace: CERT_MANAGER_NAMESPACE,
    replicas: replicas[part],
    resources: CERT_MANAGER_RESOURCES[part],
  }));
}

function secrets(ctx: BuildContext): SecretRequirement[] {
  const tls = ctx.config.tls;
  const names = issuerNames(ctx.config);
  if (tls.issuer === 'ca' && tls.caSecret !== undefined) {
    return [
      {
        name: tls.caSecret,
        namespace: CERT_MANAGER_NAMESPACE,
        source: 'external',
        type: 'kubernetes.io/tls',
        keys: [
          { key: 'tls.crt', kind: 'base64-key' },
          { key: 'tls.key', kind: 'base64-key' },
        ],
        description: 'your CA certificate and key; the platform CA ClusterIssuer signs with it',
        consumers: ['cert-manager'],
      },
    ];
  }
  const out: SecretRequirement[] = [
    {
      name: names.caSecret,
      namespace: CERT_MANAGER_NAMESPACE,
      source: 'operator',
      type: 'kubernetes.io/tls',
      keys: [
        { key: 'tls.crt', kind: 'base64-key' },
        { key: 'tls.key', kind: 'base64-key' },
        { key: 'ca.crt', kind: 'base64-key' },
      ],
      description: 'the self-signed platform CA, issued by cert-manager',
      consumers: ['cert-manager'],
    },
  ];
  if (tls.issuer === 'acme') {
    out.push({
      name: names.acmeAccount,
      namespace: CERT_MANAGER_NAMESPACE,
      source: 'operator',
      keys: [{ key: 'tls.key', kind: 'base64-key' }],
      description: 'the ACME account key, registered by cert-manager',
      consumers: ['cert-manager'],
    });
  }
  return out;
}

function checks(ctx: BuildContext): LiveCheck[] {
  const issuers = issuerObjects(ctx.config).filter((o) => o.kind === 'ClusterIssuer');
  return [
    {
      id: 'cert-manager.pods',
      group: 'operators',
      title: 'cert-manager controller, webhook and cainjector are ready',
      probe: { type: 'pods-ready', namespace: CERT_MANAGER_NAMESPACE, selector: { 'app.kubernetes.io/instance': 'cert-manager' }, min: 3 },
    },
    ...issuers.map((issuer) => ({
      id: `cert-manager.issuer.${issuer.metadata.name}`,
      // Certificate management is a platform management function (it is validated with the management functions).
      group: 'management' as const,
      title: `ClusterIssuer ${issuer.metadata.name} is ready`,
      probe: { type: 'object-ready' as const, ref: { apiVersion: issuer.apiVersion, kind: issuer.kind, name: issuer.metadata.name } },
    })),
  ];
}

function build(ctx: BuildContext<CertManagerOptions>): ComponentBuild {
  const network = operandNetwork(ctx);
  const metrics = certManagerMetrics(CERT_MANAGER_NAMESPACE, partSelector('cert-manager'), CERT_MANAGER_METRICS_PORT);
  const objects = issuerObjects(ctx.config).map((object) => ({ ...object, metadata: { ...object.metadata, labels: ctx.labels() } }));
  return {
    ...emptyBuild(),
    objects,
    flows: network.flows,
    egress: network.egress,
    metrics: [metrics],
    alerts: certManagerAlerts(metrics),
    secrets: secrets(ctx),
    operators: [certManagerOperator(ctx.profile)],
    checks: checks(ctx),
    footprint: footprint(ctx),
  };
}

/**
 * cert-manager and the platform's issuers. Enabled by default on both targets: Ingress TLS on
 * Kubernetes, internal certificates everywhere, and the CloudNativePG Barman Cloud plugin
 * requires it. OpenShift Routes keep the router's default certificate.
 */
export const certManager: ComponentDefinition<CertManagerOptions> = {
  name: 'cert-manager',
  title: 'cert-manager (certificates and issuers)',
  tier: 'system',
  layer: 'operators',
  phase: 'foundation',
  version: CERT_MANAGER_VERSION,
  enabledByDefault: true,
  options: certManagerOptions,
  build,
};
