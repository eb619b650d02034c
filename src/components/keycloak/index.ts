import type { BuildContext } from '../../model/build-context.ts';
import { emptyBuild, type ComponentBuild, type ComponentDefinition } from '../../model/component.ts';
import type { Egress, Flow } from '../../model/flow.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import type { ComponentName } from '../../model/names.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { SSO_CLIENT_SECRET_KEY } from '../../model/sso.ts';
import { internalCertificate, serviceDnsNames } from '../cert-manager/index.ts';
import { keycloakOperator, KEYCLOAK_VERSION } from './operator.ts';
import { keycloakOptionsChecked, type KeycloakOptions } from './options.ts';
import { clientSecretName, realmImport } from './realm.ts';
import { BOOTSTRAP_ADMIN_SECRET, KEYCLOAK_CR, KEYCLOAK_PORTS, KEYCLOAK_SERVICE, keycloakServer } from './server.ts';
import { KEYCLOAK_SIZING } from './sizing.ts';
import { clientChecks } from './client-checks.ts';
import { generatedLogin } from '../../platform/generated-login.ts';
import { httpsBackchannel } from '../../platform/sso-trust.ts';

/** @see https://www.keycloak.org/server/containers */
export const KEYCLOAK_IMAGE = `quay.io/keycloak/keycloak:${KEYCLOAK_VERSION}`;

function flowsOf(ctx: BuildContext<KeycloakOptions>, selector: Record<string, string>): Flow[] {
  const http = [{ port: KEYCLOAK_PORTS.http, name: 'http' }];
  const https = [{ port: KEYCLOAK_PORTS.https, name: 'https' }];
  const consumers = [...new Set(ctx.ssoClients.map((c) => c.component))].filter((c) => c !== 'keycloak') as ComponentName[];
  const isEnabled = (name: ComponentName) => ctx.isEnabled(name);
  return [
    { from: { kind: 'ingress' }, toSelector: selector, ports: http, description: 'users log in and applications redirect to the realm through the router' },
    ...consumers.map((component): Flow => {
      const tls = httpsBackchannel(component, isEnabled);
      return {
        from: { kind: 'component', component },
        toSelector: selector,
        ports: tls ? https : http,
        description: `${component} fetches the realm's keys and tokens over the ${tls ? 'HTTPS ' : ''}backchannel`,
      };
    }),
    // Prometheus runs the client credentials grant of scrape clients (Trino's /metrics takes only tokens),
    // on the port the declaring component uses: its ServiceMonitor carries that component's token URL.
    ...ctx.ssoClients
      .filter((c) => c.scrapeClient === true)
      .map((c): Flow => ({
        from: { kind: 'monitoring' },
        toSelector: selector,
        ports: httpsBackchannel(c.component, isEnabled) ? https : http,
        description: `Prometheus fetches tokens of ${c.clientId} to scrape ${c.component}`,
      })),
    {
      from: { kind: 'component', component: 'keycloak', selector },
      toSelector: selector,
      ports: [
        { port: KEYCLOAK_PORTS.jgroups, name: 'jgroups' },
        { port: KEYCLOAK_PORTS.jgroupsFd, name: 'jgroups-fd' },
      ],
      description: 'Keycloak instances form one Infinispan cluster (JGroups over the discovery Service)',
    },
  ];
}

function egressOf(options: KeycloakOptions): Egress[] {
  const out: Egress[] = [];
  if (options.identityProviders.some((p) => p.type === 'oidc')) {
    out.push({ to: { kind: 'internet' }, ports: [{ port: 443, name: 'https' }], description: 'Keycloak calls the upstream OIDC providers\' token and key endpoints' });
  }
  if (options.identityProviders.some((p) => p.type === 'ldap')) {
    out.push({ to: { kind: 'internet' }, ports: [{ port: 636, name: 'ldaps' }, { port: 389, name: 'ldap' }], description: 'Keycloak binds to the LDAP/AD directories it federates' });
  }
  return out;
}

function checksOf(ctx: BuildContext<KeycloakOptions>, selector: Record<string, string>, replicas: number): LiveCheck[] {
  const realm = ctx.options().realm;
  const endpoint = { namespace: ctx.namespace, service: KEYCLOAK_SERVICE, port: KEYCLOAK_PORTS.http };
  const checks: LiveCheck[] = [
    { id: 'keycloak.pods', group: 'iam', title: 'Keycloak pods are ready', probe: { type: 'pods-ready', namespace: ctx.namespace, selector, min: replicas } },
    { id: 'keycloak.server', group: 'iam', title: 'the Keycloak CR is ready', probe: { type: 'object-ready', ref: { apiVersion: 'k8s.keycloak.org/v2alpha1', kind: 'Keycloak', namespace: ctx.namespace, name: KEYCLOAK_CR } } },
    {
      id: 'keycloak.discovery',
      group: 'iam',
      title: `the ${realm} realm publishes its OpenID Connect discovery document`,
      probe: { type: 'http', endpoint, path: `/realms/${realm}/.well-known/openid-configuration`, expectBody: `"issuer":"${ctx.sso.issuer}"` },
    },
  ];
  // A service client the realm import created, with the copy of its secret the import read.
  const service = ctx.ssoClients.find((c) => c.type === 'service');
  if (service !== undefined) {
    checks.push({
      id: 'keycloak.client-credentials',
      group: 'iam',
      title: `the realm issues a verifiable client credentials token to ${service.clientId}`,
      probe: {
        type: 'oidc',
        credentials: { endpoint, realmPath: ctx.sso.realmPath, clientId: service.clientId, clientSecret: { namespace: ctx.namespace, name: clientSecretName(service.clientId), key: SSO_CLIENT_SECRET_KEY } },
        issuer: ctx.sso.issuer,
        ...(service.audiences?.[0] !== undefined ? { audience: service.audiences[0] } : {}),
      },
    });
  }
  return checks;
}

function build(ctx: BuildContext<KeycloakOptions>): ComponentBuild {
  const options = ctx.options();
  const sizing = ctx.sizing(KEYCLOAK_SIZING);
  const selector = ctx.selector();
  const certManager = ctx.isEnabled('cert-manager');
  // HTTPS on 8443 for in-cluster clients that trust the platform CA; the router terminates TLS for browsers.
  const tls = certManager
    ? internalCertificate(ctx, { name: 'keycloak', dnsNames: [...serviceDnsNames(KEYCLOAK_SERVICE, ctx.namespace), ctx.host('keycloak')] })
    : undefined;
  const server = keycloakServer(ctx, { sizing, image: ctx.image(KEYCLOAK_IMAGE, { main: true }), podLabels: selector, ...(tls ? { tlsSecret: tls.secretName } : {}) });
  const clients = ctx.ssoClients;
  const realm = realmImport(ctx, options, clients);
  const objects: KubeObject[] = [...(tls ? [tls.certificate] : []), server, realm.object];

  const secrets: SecretRequirement[] = [
    generatedLogin({
      name: BOOTSTRAP_ADMIN_SECRET,
      namespace: ctx.namespace,
      username: 'temp-admin',
      description: 'Keycloak\'s bootstrap admin of the master realm (replace it with a permanent admin, then delete it)',
      consumers: ['keycloak'],
    }),
    ...realm.secrets,
  ];
  return {
    ...emptyBuild(),
    objects,
    dependsOn: certManager ? ['postgres', 'cert-manager'] : ['postgres'],
    flows: flowsOf(ctx, selector),
    egress: egressOf(options),
    secrets,
    operators: [keycloakOperator(ctx.namespace)],
    exposures: [
      {
        host: 'keycloak',
        service: KEYCLOAK_SERVICE,
        namespace: ctx.namespace,
        port: 'http',
        kind: 'ui',
        description: `Keycloak: login pages, account console and admin console of the ${options.realm} realm`,
        podSelector: selector,
        targetPort: KEYCLOAK_PORTS.http,
        // The identity provider itself: every page but the login form needs a session.
        authentication: 'oidc',
      },
    ],
    disruption: [{ name: 'keycloak', namespace: ctx.namespace, selector, replicas: sizing.replicas }],
    checks: [...checksOf(ctx, selector, sizing.replicas), ...clientChecks(ctx, clients)],
    footprint: [{ name: 'keycloak', namespace: ctx.namespace, replicas: sizing.replicas, resources: sizing.resources, minAvailable: 1 }],
    metrics: [
      {
        name: 'keycloak',
        namespace: ctx.namespace,
        via: 'pod',
        selector,
        port: 'management',
        targetPort: KEYCLOAK_PORTS.management,
        metrics: ['jvm_*', 'http_server_requests_*', 'keycloak_*', 'vendor_*', 'agroal_*'],
      },
    ],
    readiness: { timeoutSeconds: 900 },
  };
}


/** Keycloak: the platform's identity provider (one realm, an OIDC client per consumer). */
export const keycloak: ComponentDefinition<KeycloakOptions> = {
  name: 'keycloak',
  title: 'Keycloak (identity and single sign-on)',
  tier: 'iam',
  layer: 'control',
  phase: 'iam',
  version: KEYCLOAK_VERSION,
  enabledByDefault: true,
  options: keycloakOptionsChecked,
  databases: [{ role: 'keycloak' }],
  collectsSsoClients: true,
  build,
};
