import type { ExposureAuthentication } from './sso.ts';

/**
 * An endpoint users reach from outside the cluster: a Route on OpenShift, an Ingress with a
 * cert-manager certificate on Kubernetes. Host is `<host>.<domain>`.
 */
export interface Exposure {
  /** Short host label, e.g. `trino` -> `trino.apps.example.com`. */
  readonly host: string;
  readonly service: string;
  readonly namespace: string;
  /** Service port name or number. */
  readonly port: string | number;
  /** `ui` for browsers, `api` for programs. */
  readonly kind: 'ui' | 'api';
  readonly description: string;
  /** The backend itself speaks TLS (Route `reencrypt`/`passthrough` instead of `edge`). @default false */
  readonly backendTls?: boolean;
  /** Pod labels of the backend, for the NetworkPolicy that admits the router. */
  readonly podSelector: Record<string, string>;
  /** Container port behind the service port, for that NetworkPolicy. */
  readonly targetPort: number;
  /**
   * How the backend authenticates callers. `check` reports an exposure without authentication as an
   * error unless suppressed with a reason.
   */
  readonly authentication?: ExposureAuthentication;
}
