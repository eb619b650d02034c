import { kindsOf, type KindEntry } from './kind.ts';
import { condition, said, failed, readyCondition } from './readiness.ts';

const certificate = readyCondition({
  failWhen: (o) => {
    const issuing = condition(o, 'Issuing');
    return issuing?.status === 'False' && issuing.reason === 'Failed' ? failed(said(issuing, 'issuance failed')) : undefined;
  },
});

/**
 * cert-manager.io.
 * @see https://cert-manager.io/docs/reference/api-docs/
 */
export const CERT_MANAGER_KINDS: readonly KindEntry[] = kindsOf('cert-manager.io', [
  { kind: 'Certificate', readiness: certificate, validated: true },
  { kind: 'Issuer', readiness: readyCondition(), validated: true },
  { kind: 'ClusterIssuer', readiness: readyCondition(), validated: true, clusterScoped: true },
]);
