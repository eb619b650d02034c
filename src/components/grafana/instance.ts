import type { BuildContext } from '../../model/build-context.ts';
import type { KubeObject, Labels } from '../../model/kube.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { type SsoClient, ssoClientSecret, type SsoGroup } from '../../model/sso.ts';
import { podPolicy } from '../../platform/pod-policy.ts';
import { postgresAccess } from '../postgres/access.ts';
import type { GrafanaOptions } from './options.ts';
import { GRAFANA_SIZING } from './sizing.ts';

/** @see https://grafana.com/docs/grafana/latest/setup-grafana/installation/docker/ */
export const GRAFANA_IMAGE = 'docker.io/grafana/grafana:12.4.1';
/** The Grafana CR name; the operator names the Service `<name>-service`. */
export const GRAFANA_NAME = 'grafana';
export const GRAFANA_SERVICE = `${GRAFANA_NAME}-service`;
export const GRAFANA_PORT = 3000;
/** The label every Grafana resource's `instanceSelector` matches. */
export const INSTANCE_LABEL = 'datalyptica.io/grafana';
export const ADMIN_SECRET = 'grafana-admin';
export const OIDC_SECRET = 'grafana-oidc';
/** Grafana's client id in the platform realm. */
export const GRAFANA_CLIENT_ID = 'grafana';

/**
 * Grafana roles from the platform groups. Grafana maps the first matching expression of
 * `role_attribute_path` (JMESPath over the ID token), so order runs from most to least privileged.
 * @see https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/configure-authentication/keycloak/
 */
export const GRAFANA_ROLE_MAPPING: Readonly<Record<'Admin' | 'Editor' | 'Viewer', readonly SsoGroup[]>> = {
  Admin: ['admins'],
  Editor: ['engineers'],
  Viewer: ['analysts', 'viewers'],
};

/** `contains(groups, 'admins') && 'Admin' || ... || 'Viewer'`: anyone else who logs in only views. */
export function roleAttributePath(mapping: typeof GRAFANA_ROLE_MAPPING): string {
  const clauses = (['Admin', 'Editor'] as const).map((role) => {
    const test = mapping[role].map((group) => `contains(groups[*], '${group}')`).join(' || ');
    return `(${test}) && '${role}'`;
  });
  return [...clauses, "'Viewer'"].join(' || ');
}

/** The OIDC client Grafana needs in the platform realm. */
export function grafanaSsoClient(ctx: BuildContext): SsoClient {
  const base = `https://${ctx.host('grafana')}`;
  return {
    clientId: GRAFANA_CLIENT_ID,
    component: 'grafana',
    type: 'confidential',
    description: 'Grafana dashboards login (authorization code flow)',
    redirectUris: [`${base}/login/generic_oauth`],
    postLogoutRedirectUris: [`${base}/login`],
    secret: { name: OIDC_SECRET, namespace: ctx.namespace },
    roleMapping: GRAFANA_ROLE_MAPPING,
  };
}

/**
 * The client secret in Grafana's namespace: generated in the client's value group, so the realm
 * import's copy in the identity namespace holds the same value.
 */
export function oidcSecret(ctx: BuildContext): SecretRequirement {
  return ssoClientSecret({
    name: OIDC_SECRET,
    namespace: ctx.namespace,
    clientId: GRAFANA_CLIENT_ID,
    consumers: ['grafana', 'keycloak'],
    description: 'OIDC client secret of the Keycloak client `grafana` (the realm declares the client with the same value)',
  });
}

/** grafana.ini sections (the CR's `spec.config`: every value a string). */
function grafanaIni(ctx: BuildContext<GrafanaOptions>): Record<string, Record<string, string>> {
  const db = postgresAccess(ctx, 'grafana');
  const rootUrl = `https://${ctx.host('grafana')}`;
  const sso = ctx.sso;
  const ini: Record<string, Record<string, string>> = {
    server: { root_url: rootUrl },
    // Sessions, users and dashboards in PostgreSQL make replicas interchangeable.
    database: { type: 'postgres', host: `${db.host}:${db.port}`, name: db.database, ssl_mode: 'require' },
    security: { cookie_secure: 'true', disable_gravatar: 'true' },
    analytics: { reporting_enabled: 'false', check_for_updates: 'false', check_for_plugin_updates: 'false' },
    users: { allow_sign_up: 'false', auto_assign_org_role: 'Viewer' },
    log: { mode: 'console' },
    auth: { disable_login_form: String(sso.enabled && !ctx.options().loginForm) },
  };
  if (sso.enabled) {
    ini['auth.generic_oauth'] = {
      enabled: 'true',
      name: 'Keycloak',
      allow_sign_up: 'true',
      client_id: 'grafana',
      scopes: 'openid profile email',
      email_attribute_path: 'email',
      login_attribute_path: 'preferred_username',
      name_attribute_path: 'name',
      auth_url: sso.authorizationEndpoint,
      // Token and user info go through the in-cluster backchannel; the browser only sees auth_url.
      token_url: sso.tokenEndpoint,
      api_url: `${sso.internalIssuer}/protocol/openid-connect/userinfo`,
      signout_redirect_url: `${sso.issuer}/protocol/openid-connect/logout?post_logout_redirect_uri=${encodeURIComponent(`${rootUrl}/login`)}`,
      role_attribute_path: roleAttributePath(GRAFANA_ROLE_MAPPING),
      role_attribute_strict: 'false',
      use_pkce: 'true',
      // The HTTPS backchannel's CA (Keycloak's cert-manager certificate), mounted from the secrets plan's copy.
      ...(sso.trust ? { tls_client_ca: sso.trust.caFile } : {}),
    };
  }
  return ini;
}

function secretEnv(name: string, secret: string, key: string): Record<string, unknown> {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

/**
 * The `Grafana` CR. The operator renders the Deployment from `spec.deployment`, merging our
 * container over its own; the admin login comes from our Secret (`disableDefaultAdminSecret`, the
 * operator then reads `GF_SECURITY_ADMIN_*` from the container env to call the API).
 * @see https://grafana.github.io/grafana-operator/docs/grafana/
 */
export function grafanaInstance(ctx: BuildContext<GrafanaOptions>, selector: Labels): KubeObject {
  const sizing = ctx.sizing(GRAFANA_SIZING);
  const db = postgresAccess(ctx, 'grafana');
  const env = [
    secretEnv('GF_SECURITY_ADMIN_USER', ADMIN_SECRET, 'username'),
    secretEnv('GF_SECURITY_ADMIN_PASSWORD', ADMIN_SECRET, 'password'),
    secretEnv('GF_DATABASE_USER', db.secretName, db.userKey),
    secretEnv('GF_DATABASE_PASSWORD', db.secretName, db.passwordKey),
    ...(ctx.sso.enabled ? [secretEnv('GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET', OIDC_SECRET, 'client-secret')] : []),
  ];
  const policy = podPolicy(ctx, { selector, replicas: sizing.replicas });
  const trust = ctx.sso.enabled ? ctx.sso.trust : undefined;
  return {
    apiVersion: 'grafana.integreatly.org/v1beta1',
    kind: 'Grafana',
    metadata: { name: GRAFANA_NAME, namespace: ctx.namespace, labels: { ...ctx.labels(), [INSTANCE_LABEL]: GRAFANA_NAME } },
    spec: {
      version: ctx.image(GRAFANA_IMAGE, { main: true }),
      disableDefaultAdminSecret: true,
      config: grafanaIni(ctx),
      deployment: {
        spec: {
          replicas: sizing.replicas,
          template: {
            metadata: { labels: selector },
            spec: {
              automountServiceAccountToken: false,
              securityContext: policy.securityContext,
              ...policy.scheduling,
              ...(trust ? { volumes: [trust.volume] } : {}),
              containers: [
                {
                  name: 'grafana',
                  resources: sizing.resources,
                  securityContext: policy.containerSecurityContext,
                  env,
                  ...(trust ? { volumeMounts: [trust.volumeMount] } : {}),
                },
              ],
            },
          },
        },
      },
    },
  };
}
