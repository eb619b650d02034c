import type { BuildContext } from '../../model/build-context.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { ComponentName } from '../../model/names.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { SSO_CLIENT_SECRET_KEY, type SsoClient, ssoClientSecret } from '../../model/sso.ts';
import { NESSIE_AUDIENCE, NESSIE_PORT, nessieOidc } from './index.ts';

export { NESSIE_ENGINE_CLIENTS } from './authorization.ts';

/** Env vars the engine's pods carry when Nessie requires a token. */
export const NESSIE_ENGINE_ENV = {
  /** The realm client's secret, from the Secret. */
  clientSecret: 'NESSIE_CLIENT_SECRET',
  /** `<client id>:<secret>` (Kubernetes expands the reference), what Iceberg's `credential` takes. */
  credential: 'NESSIE_CREDENTIAL',
} as const;

/** A Kubernetes env entry (`value` or `valueFrom`). */
export type EnvEntry = Record<string, unknown>;

/** How an engine's Iceberg catalog reaches Nessie. */
export interface NessieEngineCatalog {
  /** Iceberg catalog properties, without the engine's prefix (`type`, `uri`, `credential`...). */
  readonly properties: Readonly<Record<string, string>>;
  /** Env entries the pods that load the catalog need, in order (the secret before its expansion). */
  readonly env: readonly EnvEntry[];
  readonly secrets: readonly SecretRequirement[];
  readonly ssoClients: readonly SsoClient[];
  /** Whether the catalog authenticates (the engine then waits for the identity tier). */
  readonly authenticated: boolean;
  /** `validate`: the engine's client obtains a token Nessie accepts (none without authentication). */
  readonly checks: readonly LiveCheck[];
}

export interface NessieEngineInput {
  readonly component: ComponentName;
  /** The realm client id (`spark-nessie`). */
  readonly clientId: string;
  /** The consumer's Secret holding the client secret (key `client-secret`). */
  readonly secretName: string;
  /** Who uses it, for the client's and the Secret's descriptions. */
  readonly description: string;
}

/**
 * An engine's Iceberg catalog on Nessie. Without Nessie authentication: Iceberg's Nessie catalog
 * on API v2 (branch `main`). With it: Nessie's Iceberg REST endpoint with OAuth2 client
 * credentials against the realm's in-cluster token endpoint. Iceberg's `NessieCatalog` reads its
 * OAuth2 secret only from the catalog properties, which Spark and Flink SQL hold as plain text,
 * while Iceberg's REST catalog resolves an `env:NAME` property value from the environment; so the
 * secret stays in a Secret-backed env var and `credential` names it. Spark and Flink commit
 * through the same Nessie (the Nessie SQL extensions keep working on REST).
 * @see https://projectnessie.org/guides/iceberg-rest/
 * @see https://iceberg.apache.org/docs/latest/spark-configuration/#catalog-configuration
 * @see https://github.com/apache/iceberg/blob/main/core/src/main/java/org/apache/iceberg/util/EnvironmentUtil.java
 */
export function nessieEngineCatalog(ctx: BuildContext, input: NessieEngineInput): NessieEngineCatalog {
  const base = `http://${ctx.serviceHost('nessie', ctx.namespaceOf('nessie'))}:${NESSIE_PORT}`;
  if (!nessieOidc(ctx)) {
    return {
      properties: { type: 'nessie', uri: `${base}/api/v2`, ref: 'main', warehouse: `s3://${ctx.objectStorage.buckets.warehouse}/` },
      env: [],
      secrets: [],
      ssoClients: [],
      authenticated: false,
      checks: [],
    };
  }
  return {
    properties: {
      type: 'rest',
      // Nessie serves Iceberg REST under /iceberg/; without a branch in the path, its default branch (main).
      uri: `${base}/iceberg/`,
      // The Nessie warehouse's name (nessie.catalog.default-warehouse), not a location.
      warehouse: 'warehouse',
      'rest.auth.type': 'oauth2',
      'oauth2-server-uri': ctx.sso.tokenEndpoint,
      credential: `env:${NESSIE_ENGINE_ENV.credential}`,
      // Keycloak refuses scopes it does not know (Iceberg's default is `catalog`).
      scope: 'openid',
    },
    env: [
      { name: NESSIE_ENGINE_ENV.clientSecret, valueFrom: { secretKeyRef: { name: input.secretName, key: SSO_CLIENT_SECRET_KEY } } },
      { name: NESSIE_ENGINE_ENV.credential, value: `${input.clientId}:$(${NESSIE_ENGINE_ENV.clientSecret})` },
    ],
    secrets: [
      ssoClientSecret({
        name: input.secretName,
        namespace: ctx.namespace,
        clientId: input.clientId,
        consumers: [input.component],
        description: `secret of the realm client ${input.clientId}: ${input.description} obtain Nessie tokens with it (client credentials)`,
      }),
    ],
    ssoClients: [
      {
        clientId: input.clientId,
        component: input.component,
        type: 'service',
        description: `${input.description} calling Nessie (client credentials)`,
        redirectUris: [],
        secret: { name: input.secretName, namespace: ctx.namespace },
        audiences: [NESSIE_AUDIENCE],
      },
    ],
    authenticated: true,
    checks: [
      {
        id: `${input.component}.nessie-token`,
        group: 'iam',
        title: `${input.description} obtain a token (client ${input.clientId}) that Nessie accepts`,
        probe: {
          type: 'oidc',
          credentials: { endpoint: ctx.sso.service, realmPath: ctx.sso.realmPath, clientId: input.clientId, clientSecret: { namespace: ctx.namespace, name: input.secretName, key: SSO_CLIENT_SECRET_KEY } },
          issuer: ctx.sso.issuer,
          audience: NESSIE_AUDIENCE,
          accepts: [{ endpoint: { namespace: ctx.namespaceOf('nessie'), service: 'nessie', port: NESSIE_PORT }, path: '/api/v2/config' }],
        },
      },
    ],
  };
}
