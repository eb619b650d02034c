import type { BuildContext } from '../../model/build-context.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import { SSO_CLIENT_SECRET_KEY, type SsoClient } from '../../model/sso.ts';
import { clientSecretName } from './realm.ts';
import { KEYCLOAK_PORTS, KEYCLOAK_SERVICE } from './server.ts';

/**
 * One `validate` check per declared client: the realm knows it (and its secret). The
 * KeycloakRealmImport only creates the realm, so a component enabled after the first deploy has
 * its client declared here but not yet in Keycloak; this check names it and the fix.
 */
export function clientChecks(ctx: BuildContext, clients: readonly SsoClient[]): LiveCheck[] {
  const endpoint = { namespace: ctx.namespace, service: KEYCLOAK_SERVICE, port: KEYCLOAK_PORTS.http };
  return clients.map((client) => ({
    id: `keycloak.client.${client.clientId}`,
    group: 'iam' as const,
    title: `the realm has client ${client.clientId} (${client.component})${client.type === 'public' ? '' : ' with the secret the platform generated'}`,
    probe: {
      type: 'oidc-client' as const,
      endpoint,
      realmPath: ctx.sso.realmPath,
      clientId: client.clientId,
      ...(client.type === 'public' ? {} : { clientSecret: { namespace: ctx.namespace, name: clientSecretName(client.clientId), key: SSO_CLIENT_SECRET_KEY } }),
    },
  }));
}
