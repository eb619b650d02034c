import type { ResolvedConfig } from '../../config/settings.ts';
import { DatalypticaError, ErrorCode } from '../../errors.ts';
import type { KubeObject } from '../../model/kube.ts';
import { issuerNames } from '../../platform/tls-issuers.ts';
import { CERT_MANAGER_NAMESPACE } from './operator.ts';

export { ingressIssuer, internalIssuer, issuerNames } from '../../platform/tls-issuers.ts';

const GROUP = 'cert-manager.io';

function clusterIssuer(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name }, spec };
}

/**
 * The issuer objects for `tls.issuer`:
 * - `selfsigned` (default): a selfSigned ClusterIssuer signs a CA Certificate whose Secret backs
 *   the CA ClusterIssuer (the bootstrap upstream documents);
 * - `acme`: the same CA for internal certificates (ACME cannot sign `*.svc` names) plus an ACME
 *   ClusterIssuer with an HTTP-01 solver for Ingress;
 * - `ca`: a CA ClusterIssuer over the user's existing `tls.caSecret` (tls.crt/tls.key in `cert-manager`).
 * @see https://cert-manager.io/docs/configuration/selfsigned/#bootstrapping-ca-issuers
 * @see https://cert-manager.io/docs/configuration/acme/http01/
 */
export function issuerObjects(config: ResolvedConfig): KubeObject[] {
  const names = issuerNames(config);
  const tls = config.tls;
  if (tls.issuer === 'ca') {
    if (tls.caSecret === undefined) {
      throw new DatalypticaError(ErrorCode.ConfigInvalid, 'tls.issuer is "ca" but tls.caSecret is not set', {
        hint: `name the Secret (tls.crt, tls.key) that holds your CA in namespace ${CERT_MANAGER_NAMESPACE} as tls.caSecret`,
      });
    }
    return [clusterIssuer(names.ca, { ca: { secretName: tls.caSecret } })];
  }
  const objects: KubeObject[] = [
    clusterIssuer(names.selfSigned, { selfSigned: {} }),
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: names.caSecret, namespace: CERT_MANAGER_NAMESPACE },
      spec: {
        isCA: true,
        commonName: `${config.namePrefix} internal CA`,
        subject: { organizations: [config.namePrefix] },
        secretName: names.caSecret,
        // Ten years: rotating the root re-issues every leaf; leaves renew monthly anyway.
        duration: '87600h',
        renewBefore: '720h',
        privateKey: { algorithm: 'ECDSA', size: 384, rotationPolicy: 'Always' },
        issuerRef: { name: names.selfSigned, kind: 'ClusterIssuer', group: GROUP },
      },
    },
    clusterIssuer(names.ca, { ca: { secretName: names.caSecret } }),
  ];
  if (tls.issuer === 'acme') {
    if (tls.acme === undefined) {
      throw new DatalypticaError(ErrorCode.ConfigInvalid, 'tls.issuer is "acme" but tls.acme is not set', {
        hint: 'set tls.acme.server (e.g. https://acme-v02.api.letsencrypt.org/directory) and tls.acme.email',
      });
    }
    const ingressClassName = tls.acme.ingressClass ?? (config.target === 'openshift' ? 'openshift-default' : config.ingress.className);
    objects.push(
      clusterIssuer(names.acme, {
        acme: {
          server: tls.acme.server,
          email: tls.acme.email,
          privateKeySecretRef: { name: names.acmeAccount },
          solvers: [{ http01: { ingress: { ingressClassName } } }],
        },
      }),
    );
  }
  return objects;
}
