import type { BuildContext } from '../../model/build-context.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { SSO_CLIENT_SECRET_KEY, SSO_CLIENT_SECRET_SPEC, ssoClientValueGroup, type SsoClient } from '../../model/sso.ts';
import { identityProviderEntries } from './identity-providers.ts';
import { realmGroups, type KeycloakOptions } from './options.ts';
import { KEYCLOAK_CR } from './server.ts';

type Json = Record<string, unknown>;

/** The realm's own first admin (group `admins`), password from the secrets plan, changed at first login. */
export const REALM_ADMIN_SECRET = 'keycloak-realm-admin';
const REALM_ADMIN_PLACEHOLDER = 'REALM_ADMIN_PASSWORD';

/** `${NAME}` placeholder for a client's secret: the operator sets it from a Secret on the import Job. */
export function clientPlaceholder(clientId: string): string {
  return `SSO_CLIENT_${clientId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The copy of a client's secret in the Keycloak namespace, read by the realm import. */
export function clientSecretName(clientId: string): string {
  return `sso-client-${clientId}`;
}

function origins(uris: readonly string[]): string[] {
  return [...new Set(uris.map((uri) => new URL(uri).origin))];
}

/** Groups claim (short names) and the audiences a client's tokens must carry. */
function protocolMappers(client: SsoClient): Json[] {
  const mappers: Json[] = [
    {
      name: 'groups',
      protocol: 'openid-connect',
      protocolMapper: 'oidc-group-membership-mapper',
      config: { 'claim.name': 'groups', 'full.path': 'false', 'access.token.claim': 'true', 'id.token.claim': 'true', 'userinfo.token.claim': 'true' },
    },
  ];
  for (const audience of client.audiences ?? []) {
    mappers.push({
      name: `audience-${audience}`,
      protocol: 'openid-connect',
      protocolMapper: 'oidc-audience-mapper',
      config: { 'included.custom.audience': audience, 'access.token.claim': 'true', 'id.token.claim': 'false' },
    });
  }
  return mappers;
}

/**
 * A ClientRepresentation. Confidential clients use the authorization code flow with a secret,
 * public ones PKCE (S256) without one, service clients only the client credentials grant. Password
 * grants (direct access) are off everywhere.
 * @see https://www.keycloak.org/docs-api/latest/rest-api/index.html#ClientRepresentation
 */
function clientEntry(client: SsoClient): Json {
  const browser = client.type !== 'service';
  const attributes: Record<string, string> = {};
  if (client.type === 'public') attributes['pkce.code.challenge.method'] = 'S256';
  if (client.postLogoutRedirectUris && client.postLogoutRedirectUris.length > 0) attributes['post.logout.redirect.uris'] = client.postLogoutRedirectUris.join('##');
  if (client.accessTokenLifespanSeconds !== undefined) attributes['access.token.lifespan'] = String(client.accessTokenLifespanSeconds);
  return {
    clientId: client.clientId,
    name: client.description,
    enabled: true,
    protocol: 'openid-connect',
    publicClient: client.type === 'public',
    standardFlowEnabled: browser,
    implicitFlowEnabled: false,
    directAccessGrantsEnabled: false,
    serviceAccountsEnabled: client.type === 'service',
    ...(client.type === 'public' ? {} : { clientAuthenticatorType: 'client-secret', secret: `\${${clientPlaceholder(client.clientId)}}` }),
    redirectUris: browser ? [...client.redirectUris] : [],
    webOrigins: browser ? [...(client.webOrigins ?? origins(client.redirectUris))] : [],
    attributes,
    protocolMappers: protocolMappers(client),
  };
}

/** Realm groups, each granting the client roles the consumers map to it. */
function groupEntries(options: KeycloakOptions, clients: readonly SsoClient[]): Json[] {
  return realmGroups(options).map((group) => {
    const clientRoles: Record<string, string[]> = {};
    for (const client of clients) {
      const roles = Object.entries(client.roleMapping ?? {})
        .filter(([, groups]) => (groups as readonly string[]).includes(group))
        .map(([role]) => role)
        .sort();
      if (roles.length > 0) clientRoles[client.clientId] = roles;
    }
    return { name: group, path: `/${group}`, ...(Object.keys(clientRoles).length > 0 ? { clientRoles } : {}) };
  });
}

/**
 * Service account users of the `service` clients that are granted other clients' roles (Keycloak
 * names them `service-account-<client id>` and links them through `serviceAccountClientId`).
 * Roles of a client absent from the realm are dropped.
 */
function serviceAccountEntries(clients: readonly SsoClient[]): Json[] {
  const present = new Set(clients.map((c) => c.clientId));
  return clients
    .filter((c) => c.type === 'service' && c.serviceAccountClientRoles !== undefined)
    .flatMap((c) => {
      const clientRoles = Object.fromEntries(Object.entries(c.serviceAccountClientRoles!).filter(([client]) => present.has(client)).map(([client, roles]) => [client, [...roles]]));
      if (Object.keys(clientRoles).length === 0) return [];
      return [{ username: `service-account-${c.clientId}`, enabled: true, serviceAccountClientId: c.clientId, clientRoles }];
    });
}

/** The realm's users: its first admin, then the configured ones (no credentials: set at first login). */
function userEntries(options: KeycloakOptions): Json[] {
  const admin: Json = {
    username: 'admin',
    enabled: true,
    emailVerified: false,
    groups: ['/admins'],
    credentials: [{ type: 'password', value: `\${${REALM_ADMIN_PLACEHOLDER}}`, temporary: true }],
  };
  const configured = options.users.map((user) => ({
    username: user.username,
    enabled: true,
    ...(user.email !== undefined ? { email: user.email, emailVerified: false } : {}),
    ...(user.firstName !== undefined ? { firstName: user.firstName } : {}),
    ...(user.lastName !== undefined ? { lastName: user.lastName } : {}),
    groups: user.groups.map((g) => `/${g}`),
    requiredActions: ['UPDATE_PASSWORD'],
  }));
  return [admin, ...configured];
}

/**
 * The RealmRepresentation: settings, brute-force protection, token lifetimes, groups, client roles,
 * clients, users and federation. Every secret is a `${NAME}` placeholder.
 * @see https://www.keycloak.org/docs-api/latest/rest-api/index.html#RealmRepresentation
 */
export function realmRepresentation(options: KeycloakOptions, clients: readonly SsoClient[]): Json {
  const federation = identityProviderEntries(options);
  const clientRoles: Record<string, Json[]> = {};
  for (const client of clients) {
    const roles = Object.keys(client.roleMapping ?? {}).sort();
    if (roles.length > 0) clientRoles[client.clientId] = roles.map((name) => ({ name, clientRole: true }));
  }
  return {
    realm: options.realm,
    displayName: 'Datalyptica',
    enabled: true,
    sslRequired: 'external',
    registrationAllowed: false,
    loginWithEmailAllowed: true,
    duplicateEmailsAllowed: false,
    resetPasswordAllowed: false,
    editUsernameAllowed: false,
    passwordPolicy: 'length(12) and notUsername and notEmail and passwordHistory(3)',
    bruteForceProtected: true,
    permanentLockout: false,
    failureFactor: options.bruteForce.failureFactor,
    waitIncrementSeconds: options.bruteForce.waitIncrementSeconds,
    maxFailureWaitSeconds: options.bruteForce.maxFailureWaitSeconds,
    minimumQuickLoginWaitSeconds: 60,
    quickLoginCheckMilliSeconds: 1000,
    maxDeltaTimeSeconds: 43200,
    accessTokenLifespan: options.tokens.accessTokenLifespan,
    ssoSessionIdleTimeout: options.tokens.ssoSessionIdleTimeout,
    ssoSessionMaxLifespan: options.tokens.ssoSessionMaxLifespan,
    revokeRefreshToken: true,
    refreshTokenMaxReuse: 0,
    ...(Object.keys(clientRoles).length > 0 ? { roles: { client: clientRoles } } : {}),
    groups: groupEntries(options, clients),
    clients: clients.map(clientEntry),
    users: [...userEntries(options), ...serviceAccountEntries(clients)],
    ...federation.realm,
  };
}

/**
 * The `KeycloakRealmImport` and the Secrets its placeholders read: the realm admin's password,
 * each client's secret (same value as the consumer's copy, through its value group) and the
 * external providers' credentials (created by the user). The import only creates the realm; an
 * existing realm is left alone (upstream behaviour), so later changes go through the admin console.
 * @see https://www.keycloak.org/operator/realm-import
 */
export function realmImport(ctx: BuildContext, options: KeycloakOptions, clients: readonly SsoClient[]): { object: KubeObject; secrets: SecretRequirement[] } {
  const placeholders: Record<string, { secret: { name: string; key: string } }> = {
    [REALM_ADMIN_PLACEHOLDER]: { secret: { name: REALM_ADMIN_SECRET, key: 'password' } },
  };
  const secrets: SecretRequirement[] = [
    {
      name: REALM_ADMIN_SECRET,
      namespace: ctx.namespace,
      source: 'generated',
      keys: [{ key: 'username', kind: 'username', value: 'admin' }, { key: 'password', kind: 'password', length: 24 }],
      description: `initial password of the ${options.realm} realm's admin user (group admins); Keycloak asks for a new one at first login`,
      consumers: ['keycloak'],
    },
  ];
  for (const client of clients) {
    if (client.type === 'public') continue;
    const name = clientSecretName(client.clientId);
    placeholders[clientPlaceholder(client.clientId)] = { secret: { name, key: SSO_CLIENT_SECRET_KEY } };
    secrets.push({
      name,
      namespace: ctx.namespace,
      source: 'generated',
      keys: [SSO_CLIENT_SECRET_SPEC],
      description: `secret of the OIDC client ${client.clientId} (${client.component}), read by the realm import; ${client.component} holds the same value`,
      consumers: ['keycloak'],
      valueGroup: ssoClientValueGroup(client.clientId),
    });
  }
  for (const ref of identityProviderEntries(options).placeholders) {
    placeholders[ref.placeholder] = { secret: { name: ref.secret.name, key: ref.secret.key } };
    secrets.push({ name: ref.secret.name, namespace: ctx.namespace, source: 'external', keys: [{ key: ref.secret.key, kind: 'password' }], description: ref.description, consumers: ['keycloak'] });
  }
  const object: KubeObject = {
    apiVersion: 'k8s.keycloak.org/v2alpha1',
    kind: 'KeycloakRealmImport',
    metadata: { name: `realm-${options.realm}`, namespace: ctx.namespace, labels: ctx.labels() },
    spec: { keycloakCRName: KEYCLOAK_CR, realm: realmRepresentation(options, clients), placeholders },
  };
  return { object, secrets };
}
