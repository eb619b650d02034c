import type { ComponentName } from './names.ts';
import type { SecretKeySpec, SecretRequirement } from './secret.ts';

/**
 * The platform's standard groups, created in the realm. Each component maps them to its own roles
 * (`SsoClient.roleMapping`); the docs page of each component lists its mapping.
 */
export const SSO_GROUPS = ['admins', 'engineers', 'analysts', 'viewers'] as const;
export type SsoGroup = (typeof SSO_GROUPS)[number];

/**
 * An OpenID Connect client a component needs in the platform realm. Components declare their
 * clients; the identity component renders one realm holding every declared client, so a component
 * that is not rendered has no client.
 *
 * - `confidential`: a web application using the authorization code flow with a client secret.
 * - `public`: a browser or CLI application using the authorization code flow with PKCE, no secret.
 * - `service`: a machine client using only the client credentials grant (Spark or Flink reaching Nessie).
 * @see https://www.keycloak.org/docs/latest/server_admin/#_oidc_clients
 */
export interface SsoClient {
  /** The client id in the realm (`trino`, `grafana`). Unique across the platform. */
  readonly clientId: string;
  /** The component that uses the client. */
  readonly component: ComponentName;
  readonly type: 'confidential' | 'public' | 'service';
  readonly description: string;
  /** Full redirect URIs (from the component's exposures: `https://<host>.<domain>/oauth2/callback`). */
  readonly redirectUris: readonly string[];
  /** Origins allowed for CORS; defaults to the origins of `redirectUris`. */
  readonly webOrigins?: readonly string[];
  /** Post-logout redirect URIs. @default none */
  readonly postLogoutRedirectUris?: readonly string[];
  /**
   * The Secret holding the client secret (key `client-secret`) in the consumer's namespace, for
   * `confidential` and `service` clients. The consumer declares it `generated` with
   * `keys: [SSO_CLIENT_SECRET_SPEC]` and `valueGroup: ssoClientValueGroup(clientId)`: the identity
   * component declares its own copy in the same value group, so the realm import reads the same
   * value (a `copy` would make the realm wait for the consumer, which waits for the realm).
   */
  readonly secret?: { readonly name: string; readonly namespace: string };
  /**
   * Client roles of this application and the realm groups that grant each one
   * (`{ Admin: ['admins'], Viewer: ['viewers', 'analysts'] }`). Roles reach the application in
   * the token's `groups`/`roles` claims.
   */
  readonly roleMapping?: Readonly<Record<string, readonly SsoGroup[]>>;
  /** Extra audiences the issued tokens must carry (Nessie accepts tokens for `nessie`). */
  readonly audiences?: readonly string[];
  /**
   * Client roles of other clients granted to this client's service account (`service` clients),
   * e.g. `{ mlflow: ['user'] }` so its tokens pass MLflow's proxy.
   */
  readonly serviceAccountClientRoles?: Readonly<Record<string, readonly string[]>>;
  /**
   * The platform's Prometheus obtains this (`service`) client's tokens to scrape the component's
   * metrics (a ServiceMonitor's `oauth2`): Keycloak admits the monitoring stack on the backchannel.
   * @default false
   */
  readonly scrapeClient?: boolean;
  /**
   * Access token lifetime for this client, in seconds, when a batch job holds one token for its
   * whole run (dbt). @default the realm's `tokens.accessTokenLifespan`
   */
  readonly accessTokenLifespanSeconds?: number;
}

/**
 * How an exposed endpoint authenticates its callers. `none` is only accepted with a check
 * suppression that gives the reason (a deliberately public endpoint).
 */
export const EXPOSURE_AUTHENTICATIONS = ['oidc', 'password', 'token', 'mtls', 'none'] as const;
export type ExposureAuthentication = (typeof EXPOSURE_AUTHENTICATIONS)[number];

/** The key holding a client secret, in the consumer's Secret and in the identity namespace's copy. */
export const SSO_CLIENT_SECRET_KEY = 'client-secret';

/**
 * The value group a client secret shares across namespaces: the consumer's Secret and the copy the
 * realm import reads in the identity namespace hold one generated value.
 */
export function ssoClientValueGroup(clientId: string): string {
  return `sso-client-${clientId}`;
}

/** The generated client secret's key spec; both copies declare the same one. */
export const SSO_CLIENT_SECRET_SPEC: SecretKeySpec = { key: SSO_CLIENT_SECRET_KEY, kind: 'token', length: 40 };

/**
 * The consumer's copy of a realm client's secret: generated, key `client-secret`, in the client's
 * value group, so it holds the same value the realm import reads in the identity namespace.
 */
export function ssoClientSecret(input: {
  readonly name: string;
  readonly namespace: string;
  readonly clientId: string;
  readonly consumers: readonly ComponentName[];
  readonly description: string;
}): SecretRequirement {
  return {
    name: input.name,
    namespace: input.namespace,
    source: 'generated',
    keys: [SSO_CLIENT_SECRET_SPEC],
    description: input.description,
    consumers: input.consumers,
    valueGroup: ssoClientValueGroup(input.clientId),
  };
}
