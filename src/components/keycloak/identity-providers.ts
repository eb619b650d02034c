import type { KeycloakIdentityProvider, KeycloakOptions } from './options.ts';

type Json = Record<string, unknown>;

/** A secret a provider needs, passed to the realm import as a `${NAME}` placeholder. */
export interface ProviderSecret {
  readonly placeholder: string;
  readonly secret: { readonly name: string; readonly key: string };
  readonly description: string;
}

function placeholderOf(kind: string, alias: string): string {
  return `${kind}_${alias.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * An OIDC identity provider (brokering) with PKCE and signature validation against its key set,
 * and a mapper that puts its users in `defaultGroup`.
 * @see https://www.keycloak.org/docs/latest/server_admin/#_identity_broker_oidc
 */
function oidcProvider(idp: Extract<KeycloakIdentityProvider, { type: 'oidc' }>): { provider: Json; mapper: Json } {
  const config: Record<string, string> = {
    issuer: idp.issuer,
    authorizationUrl: idp.authorizationUrl,
    tokenUrl: idp.tokenUrl,
    clientId: idp.clientId,
    clientSecret: `\${${placeholderOf('IDP', idp.alias)}}`,
    clientAuthMethod: 'client_secret_post',
    defaultScope: 'openid profile email',
    syncMode: 'IMPORT',
    pkceEnabled: 'true',
    pkceMethod: 'S256',
    validateSignature: idp.jwksUrl !== undefined ? 'true' : 'false',
    ...(idp.jwksUrl !== undefined ? { useJwksUrl: 'true', jwksUrl: idp.jwksUrl } : {}),
  };
  return {
    provider: { alias: idp.alias, displayName: idp.displayName ?? idp.alias, providerId: 'oidc', enabled: true, trustEmail: false, storeToken: false, firstBrokerLoginFlowAlias: 'first broker login', config },
    mapper: { name: `${idp.alias}-default-group`, identityProviderAlias: idp.alias, identityProviderMapper: 'oidc-hardcoded-group-idp-mapper', config: { group: `/${idp.defaultGroup}`, syncMode: 'INHERIT' } },
  };
}

/** Attribute defaults Keycloak's admin console proposes per LDAP vendor. */
const LDAP_VENDOR = {
  ad: { username: 'sAMAccountName', rdn: 'cn', uuid: 'objectGUID', classes: 'person, organizationalPerson, user', groupClass: 'group' },
  rhds: { username: 'uid', rdn: 'uid', uuid: 'nsuniqueid', classes: 'inetOrgPerson, organizationalPerson', groupClass: 'groupOfNames' },
  other: { username: 'uid', rdn: 'uid', uuid: 'entryUUID', classes: 'inetOrgPerson, organizationalPerson', groupClass: 'groupOfNames' },
} as const;

/**
 * An LDAP/AD user federation (a `UserStorageProvider` component), importing users, with a group
 * mapper when `groupsDn` is set. Component config values are lists (the representation's format).
 * @see https://www.keycloak.org/docs/latest/server_admin/#_ldap
 */
function ldapProvider(idp: Extract<KeycloakIdentityProvider, { type: 'ldap' }>): Json {
  const vendor = LDAP_VENDOR[idp.vendor];
  const config: Record<string, string[]> = {
    enabled: ['true'],
    vendor: [idp.vendor],
    connectionUrl: [idp.connectionUrl],
    usersDn: [idp.usersDn],
    bindDn: [idp.bindDn],
    bindCredential: [`\${${placeholderOf('LDAP', idp.alias)}}`],
    authType: ['simple'],
    editMode: [idp.editMode],
    usernameLDAPAttribute: [vendor.username],
    rdnLDAPAttribute: [vendor.rdn],
    uuidLDAPAttribute: [vendor.uuid],
    userObjectClasses: [vendor.classes],
    searchScope: ['2'],
    pagination: ['true'],
    importEnabled: ['true'],
    syncRegistrations: ['false'],
    trustEmail: ['false'],
    useTruststoreSpi: ['always'],
    connectionPooling: ['true'],
  };
  const mappers: Json[] =
    idp.groupsDn === undefined
      ? []
      : [
          {
            name: 'groups',
            providerId: 'group-ldap-mapper',
            config: {
              'groups.dn': [idp.groupsDn],
              'group.name.ldap.attribute': ['cn'],
              'group.object.classes': [vendor.groupClass],
              'membership.ldap.attribute': ['member'],
              'membership.attribute.type': ['DN'],
              'membership.user.ldap.attribute': [vendor.rdn],
              mode: ['READ_ONLY'],
              'user.roles.retrieve.strategy': ['LOAD_GROUPS_BY_MEMBER_ATTRIBUTE'],
              'preserve.group.inheritance': ['false'],
              'drop.non.existing.groups.during.sync': ['false'],
            },
          },
        ];
  return {
    name: idp.alias,
    providerId: 'ldap',
    ...(mappers.length > 0 ? { subComponents: { 'org.keycloak.storage.ldap.mappers.LDAPStorageMapper': mappers } } : {}),
    config,
  };
}

/**
 * The realm fields for the configured providers (`identityProviders`, `identityProviderMappers`,
 * `components`) and the Secrets their placeholders read.
 */
export function identityProviderEntries(options: KeycloakOptions): { realm: Json; placeholders: ProviderSecret[] } {
  const providers: Json[] = [];
  const mappers: Json[] = [];
  const ldap: Json[] = [];
  const placeholders: ProviderSecret[] = [];
  for (const idp of options.identityProviders) {
    if (idp.type === 'oidc') {
      const { provider, mapper } = oidcProvider(idp);
      providers.push(provider);
      mappers.push(mapper);
      placeholders.push({ placeholder: placeholderOf('IDP', idp.alias), secret: idp.clientSecret, description: `client secret at the upstream OIDC provider ${idp.alias} (created by you)` });
    } else {
      ldap.push(ldapProvider(idp));
      placeholders.push({ placeholder: placeholderOf('LDAP', idp.alias), secret: idp.bindCredential, description: `bind password of the LDAP federation ${idp.alias} (created by you)` });
    }
  }
  const realm: Json = {};
  if (providers.length > 0) {
    realm['identityProviders'] = providers;
    realm['identityProviderMappers'] = mappers;
  }
  if (ldap.length > 0) realm['components'] = { 'org.keycloak.storage.UserStorageProvider': ldap };
  return { realm, placeholders };
}
