import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';
import { dnsLabel, dnsSubdomain, intAtLeast } from '../../config/primitives.ts';
import { SSO_GROUPS } from '../../model/sso.ts';

/** A Secret key in the identity namespace, created by the user or the secrets plan (never a value). */
const secretRef = z.strictObject({
  /** Secret name in the Keycloak namespace. */
  name: dnsSubdomain,
  /** Key inside the Secret. */
  key: z.string().min(1),
});

/**
 * A user created in the realm. There is no password key on purpose: the user sets one at first
 * login through a reset e-mail or the admin console, or logs in through a federated provider.
 */
const realmUser = z.strictObject({
  /** Login name. */
  username: z.string().min(1).max(255).regex(/^[a-z0-9._@-]+$/, 'lower-case letters, digits, . _ @ -'),
  email: z.email().optional(),
  firstName: z.string().min(1).optional(),
  lastName: z.string().min(1).optional(),
  /** Platform groups (`admins`, `engineers`, `analysts`, `viewers`) and groups from `groups`. */
  groups: z.array(z.string().min(1)).default([]),
});

/**
 * An upstream OpenID Connect provider (Azure AD / Entra ID, GitHub Enterprise through an OIDC
 * bridge, OpenShift OAuth through Dex, another Keycloak): users log in there and land in this realm.
 * @see https://www.keycloak.org/docs/latest/server_admin/#_identity_broker_oidc
 */
const oidcProvider = z.strictObject({
  type: z.literal('oidc'),
  /** Alias in the realm and in the broker's redirect URI (`/realms/<realm>/broker/<alias>/endpoint`). */
  alias: dnsLabel,
  /** Button label on the login page. @default the alias */
  displayName: z.string().min(1).optional(),
  /** The provider's issuer; its discovery document gives the endpoints. */
  issuer: z.url(),
  /** The provider's authorization endpoint (from its discovery document). */
  authorizationUrl: z.url(),
  /** The provider's token endpoint. */
  tokenUrl: z.url(),
  /** The provider's key set, to validate its signatures. @default none (signatures not validated) */
  jwksUrl: z.url().optional(),
  clientId: z.string().min(1),
  /** The client secret, read from a Secret the user creates in the Keycloak namespace. */
  clientSecret: secretRef,
  /** Group every user of this provider joins on first login. @default 'viewers' */
  defaultGroup: z.string().min(1).default('viewers'),
});

/**
 * An LDAP or Active Directory user federation, read-only by default.
 * @see https://www.keycloak.org/docs/latest/server_admin/#_ldap
 */
const ldapProvider = z.strictObject({
  type: z.literal('ldap'),
  /** Name of the federation provider in the realm. */
  alias: dnsLabel,
  /** @default 'other' (OpenLDAP and the like); `ad` for Active Directory */
  vendor: z.enum(['ad', 'rhds', 'other']).default('other'),
  /** `ldaps://ldap.example.com:636` */
  connectionUrl: z.string().regex(/^ldaps?:\/\/[^\s]+$/, 'an ldap:// or ldaps:// URL'),
  /** Where users live: `ou=people,dc=example,dc=com`. */
  usersDn: z.string().min(1),
  /** The bind user's DN. */
  bindDn: z.string().min(1),
  /** The bind password, read from a Secret the user creates in the Keycloak namespace. */
  bindCredential: secretRef,
  /** `READ_ONLY` (the directory stays the source of truth) or `UNSYNCED`. @default 'READ_ONLY' */
  editMode: z.enum(['READ_ONLY', 'UNSYNCED']).default('READ_ONLY'),
  /** Where groups live; groups are mapped into the realm when set. */
  groupsDn: z.string().min(1).optional(),
});

/** Options under `components.keycloak`. */
export const keycloakOptions = baseComponentOptions.extend({
  /**
   * The platform realm every component logs users in through.
   * @default 'datalyptica'
   * @see https://www.keycloak.org/docs/latest/server_admin/#configuring-realms
   */
  realm: dnsLabel.default('datalyptica'),
  /**
   * Extra realm groups, next to the platform's `admins`, `engineers`, `analysts`, `viewers`.
   * @default []
   */
  groups: z.array(dnsLabel).default([]),
  /** Users created in the realm (no passwords here). @default [] */
  users: z.array(realmUser).default([]),
  /** Upstream identity providers and user federations rendered into the realm. @default [] */
  identityProviders: z.array(z.discriminatedUnion('type', [oidcProvider, ldapProvider])).default([]),
  /**
   * Token and session lifetimes, in seconds.
   * @see https://www.keycloak.org/docs/latest/server_admin/#_timeouts
   */
  tokens: z
    .strictObject({
      /** Access token lifetime. @default 300 (Keycloak's default) */
      accessTokenLifespan: intAtLeast(60).max(86400).default(300),
      /** A browser session ends after this much inactivity. @default 1800 */
      ssoSessionIdleTimeout: intAtLeast(300).max(604800).default(1800),
      /** A browser session ends after this long, active or not. @default 36000 (10 hours) */
      ssoSessionMaxLifespan: intAtLeast(600).max(2592000).default(36000),
    })
    .prefault({}),
  /**
   * Brute-force detection: a user is locked out temporarily after `failureFactor` failed logins.
   * @see https://www.keycloak.org/docs/latest/server_admin/#password-guess-brute-force-attacks
   */
  bruteForce: z
    .strictObject({
      /** @default 5 */
      failureFactor: intAtLeast(1).max(100).default(5),
      /** First lockout, seconds. @default 60 */
      waitIncrementSeconds: intAtLeast(1).max(86400).default(60),
      /** Longest lockout, seconds. @default 900 */
      maxFailureWaitSeconds: intAtLeast(60).max(86400).default(900),
    })
    .prefault({}),
});

export type KeycloakOptions = z.output<typeof keycloakOptions>;

/**
 * `keycloakOptions` with the cross-key rules: users and providers name only groups the realm
 * creates (the import fails on an unknown group path), aliases are unique.
 */
export const keycloakOptionsChecked = keycloakOptions.superRefine((options, ctx) => {
  const known = new Set<string>([...SSO_GROUPS, ...options.groups]);
  options.users.forEach((user, i) => {
    user.groups.forEach((group, j) => {
      if (!known.has(group)) ctx.addIssue({ code: 'custom', path: ['users', i, 'groups', j], message: `group "${group}" is not a realm group (${[...known].join(', ')}); add it to components.keycloak.groups` });
    });
  });
  const aliases = new Set<string>();
  options.identityProviders.forEach((idp, i) => {
    if (aliases.has(idp.alias)) ctx.addIssue({ code: 'custom', path: ['identityProviders', i, 'alias'], message: `alias "${idp.alias}" is used twice` });
    aliases.add(idp.alias);
    if (idp.type === 'oidc' && !known.has(idp.defaultGroup)) ctx.addIssue({ code: 'custom', path: ['identityProviders', i, 'defaultGroup'], message: `group "${idp.defaultGroup}" is not a realm group` });
  });
  const usernames = new Set<string>(['admin']);
  options.users.forEach((user, i) => {
    if (usernames.has(user.username)) ctx.addIssue({ code: 'custom', path: ['users', i, 'username'], message: `user "${user.username}" is defined twice (admin is the realm's first admin)` });
    usernames.add(user.username);
  });
});
export type KeycloakIdentityProvider = KeycloakOptions['identityProviders'][number];

/** Every group name a user may be put in: the platform's and the configured extra ones. */
export function realmGroups(options: KeycloakOptions): string[] {
  return [...new Set([...SSO_GROUPS, ...options.groups])];
}
