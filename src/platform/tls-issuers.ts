import type { ResolvedConfig } from '../config/settings.ts';

/** Names of the platform's issuers and CA objects, all prefixed with `namePrefix`. */
export function issuerNames(config: Pick<ResolvedConfig, 'namePrefix'>) {
  const prefix = config.namePrefix;
  return {
    /** Bootstraps the CA: signs only the CA certificate. */
    selfSigned: `${prefix}-selfsigned`,
    /** Signs internal (and, unless ACME, Ingress) certificates. */
    ca: `${prefix}-ca`,
    /** The CA's Certificate and Secret in cert-manager's cluster resource namespace. */
    caSecret: `${prefix}-ca`,
    acme: `${prefix}-acme`,
    acmeAccount: `${prefix}-acme-account`,
  };
}

/** The ClusterIssuer internal certificates use: the platform CA (self-signed or the user's). */
export function internalIssuer(config: Pick<ResolvedConfig, 'namePrefix'>): string {
  return issuerNames(config).ca;
}

/** The ClusterIssuer Ingress certificates use: ACME when configured, else the platform CA. */
export function ingressIssuer(config: Pick<ResolvedConfig, 'namePrefix' | 'tls'>): string {
  return config.tls.issuer === 'acme' ? issuerNames(config).acme : issuerNames(config).ca;
}
