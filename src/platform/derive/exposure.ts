import type { ResolvedConfig } from '../../config/settings.ts';
import type { Exposure } from '../../model/exposure.ts';
import type { KubeObject } from '../../model/kube.ts';
import { ingressIssuer } from '../tls-issuers.ts';
import type { Deriver, PlacedObject } from '../platform.ts';

/** The Route/Ingress name for an exposure: its host label (unique across the platform). */
export function exposureName(exposure: Exposure): string {
  return exposure.host;
}

/** `<host>.<domain>`. */
export function exposureHost(config: Pick<ResolvedConfig, 'domain'>, exposure: Exposure): string {
  return `${exposure.host}.${config.domain}`;
}

/**
 * An OpenShift Route: edge TLS with the router's default certificate, or reencrypt when the
 * backend speaks TLS (the router trusts the service CA); plain HTTP is redirected to HTTPS.
 * @see https://docs.redhat.com/en/documentation/openshift_container_platform/4.14/html/networking/configuring-routes#nw-ingress-creating-an-edge-route-with-a-custom-certificate_secured-routes
 */
export function routeFor(config: ResolvedConfig, exposure: Exposure): KubeObject {
  return {
    apiVersion: 'route.openshift.io/v1',
    kind: 'Route',
    metadata: {
      name: exposureName(exposure),
      namespace: exposure.namespace,
      annotations: { 'datalyptica.io/description': exposure.description, 'datalyptica.io/exposure-kind': exposure.kind },
    },
    spec: {
      host: exposureHost(config, exposure),
      to: { kind: 'Service', name: exposure.service, weight: 100 },
      // A Route's numeric targetPort is the pod's port; a name is the Service port's name.
      port: { targetPort: typeof exposure.port === 'number' ? exposure.targetPort : exposure.port },
      tls: { termination: exposure.backendTls ? 'reencrypt' : 'edge', insecureEdgeTerminationPolicy: 'Redirect' },
      wildcardPolicy: 'None',
    },
  };
}

/** The TLS Secret cert-manager's ingress-shim fills for an Ingress. */
export function ingressTlsSecret(exposure: Exposure): string {
  return `${exposure.host}-tls`;
}

/**
 * A Kubernetes Ingress with TLS from cert-manager: the `cert-manager.io/cluster-issuer`
 * annotation makes cert-manager issue the certificate into the named Secret. Without the
 * cert-manager component the Secret must be provided by the user.
 * @see https://cert-manager.io/docs/usage/ingress/
 */
export function ingressFor(config: ResolvedConfig, exposure: Exposure, options: { certManager: boolean }): KubeObject {
  const annotations: Record<string, string> = { 'datalyptica.io/description': exposure.description, 'datalyptica.io/exposure-kind': exposure.kind };
  if (options.certManager) annotations['cert-manager.io/cluster-issuer'] = ingressIssuer(config);
  // ingress-nginx speaks plain HTTP to backends unless told otherwise.
  if (exposure.backendTls && config.ingress.className === 'nginx') annotations['nginx.ingress.kubernetes.io/backend-protocol'] = 'HTTPS';
  const port = typeof exposure.port === 'number' ? { number: exposure.port } : { name: exposure.port };
  const host = exposureHost(config, exposure);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: exposureName(exposure), namespace: exposure.namespace, annotations },
    spec: {
      ingressClassName: config.ingress.className,
      tls: [{ hosts: [host], secretName: ingressTlsSecret(exposure) }],
      rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: exposure.service, port } } }] } }],
    },
  };
}

/**
 * A Route (OpenShift) or an Ingress (Kubernetes) for every exposure of every enabled component.
 * The NetworkPolicy that admits the router is derived from the same exposures.
 */
export const deriveExposure: Deriver = (draft) => {
  const out: PlacedObject[] = [];
  const certManager = draft.components.has('cert-manager');
  for (const [name, built] of draft.components) {
    for (const exposure of built.build.exposures) {
      const object = draft.config.target === 'openshift' ? routeFor(draft.config, exposure) : ingressFor(draft.config, exposure, { certManager });
      out.push({ owner: name, object });
    }
  }
  return out;
};
