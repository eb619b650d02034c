import type { BuildContext } from '../../model/build-context.ts';
import type { Labels } from '../../model/kube.ts';
import type { LiveCheck, OidcClientCredentials, ServiceEndpoint } from '../../model/live-check.ts';
import { SSO_CLIENT_SECRET_KEY } from '../../model/sso.ts';
import { NESSIE_AUDIENCE, NESSIE_PORT } from '../nessie/index.ts';
import { trinoEndpointTls } from './tls.ts';
import { TRINO_PORTS } from './versions.ts';

const ICEBERG_ROUND_TRIP = [
  'CREATE SCHEMA IF NOT EXISTS iceberg.datalyptica_check',
  'DROP TABLE IF EXISTS iceberg.datalyptica_check.roundtrip',
  'CREATE TABLE iceberg.datalyptica_check.roundtrip (id BIGINT, name VARCHAR)',
  "INSERT INTO iceberg.datalyptica_check.roundtrip VALUES (1, 'datalyptica')",
  "SELECT count(*) FROM iceberg.datalyptica_check.roundtrip WHERE name = 'datalyptica'",
  'DROP TABLE iceberg.datalyptica_check.roundtrip',
];

/** A realm client's credentials, read from its copy in Trino's namespace. */
function credentials(ctx: BuildContext, clientId: string, secret: string): OidcClientCredentials {
  return { endpoint: ctx.sso.service, realmPath: ctx.sso.realmPath, clientId, clientSecret: { namespace: ctx.namespace, name: secret, key: SSO_CLIENT_SECRET_KEY } };
}

/**
 * Where the checks speak to the coordinator: HTTPS on 8443, verifying the certificate with the CA
 * the platform published, when Trino serves it (port 8080 then takes only the nodes'
 * shared-secret requests); else plain HTTP on 8080.
 */
export function trinoCheckEndpoint(ctx: BuildContext): ServiceEndpoint {
  const tls = trinoEndpointTls(ctx);
  return tls ? { namespace: ctx.namespace, service: 'trino', port: TRINO_PORTS.https, tls } : { namespace: ctx.namespace, service: 'trino', port: TRINO_PORTS.http };
}

/**
 * Pods, SQL and the Iceberg round trip; with realm login the SQL runs with a `trino-service`
 * token, an unauthenticated statement must be refused, and Trino's Nessie client must obtain a
 * token Nessie accepts.
 */
export function trinoChecks(
  ctx: BuildContext,
  input: { coordinatorSelector: Labels; workerSelector: Labels; workers: number; realmLogin: boolean; nessieToken: boolean },
): LiveCheck[] {
  const endpoint = trinoCheckEndpoint(ctx);
  const token = input.realmLogin ? { token: credentials(ctx, 'trino-service', 'trino-service-client') } : {};
  const checks: LiveCheck[] = [
    { id: 'trino.coordinator', group: 'data', title: 'The Trino coordinator is running', probe: { type: 'pods-ready', namespace: ctx.namespace, selector: input.coordinatorSelector, min: 1 } },
    { id: 'trino.workers', group: 'data', title: 'Trino workers are running', probe: { type: 'pods-ready', namespace: ctx.namespace, selector: input.workerSelector, min: input.workers } },
    { id: 'trino.sql', group: 'connectivity', title: 'Trino answers SELECT 1', probe: { type: 'trino', endpoint, user: 'datalyptica-check', ...token, statements: ['SELECT 1'] } },
    {
      id: 'trino.iceberg',
      group: 'connectivity',
      title: 'Trino creates, writes, reads and drops an Iceberg table through Nessie',
      timeoutSeconds: 120,
      probe: { type: 'trino', endpoint, user: 'datalyptica-check', ...token, statements: ICEBERG_ROUND_TRIP },
    },
  ];
  if (input.realmLogin) {
    checks.push(
      {
        id: 'trino.unauthenticated',
        group: 'iam',
        title: 'Trino refuses a statement without a token, even one naming a user',
        probe: { type: 'http', endpoint, path: '/v1/statement', method: 'POST', body: 'SELECT 1', headers: { 'X-Trino-User': 'datalyptica-check' }, expectStatus: 401 },
      },
      {
        id: 'trino.token',
        group: 'iam',
        title: 'Trino\'s service client obtains a token for the trino audience and Trino accepts it',
        probe: { type: 'oidc', credentials: credentials(ctx, 'trino-service', 'trino-service-client'), issuer: ctx.sso.issuer, audience: 'trino', accepts: [{ endpoint, path: '/v1/query' }] },
      },
    );
  }
  if (input.realmLogin && endpoint.tls !== undefined) {
    // Port 8080 is the nodes' internal port: Trino refuses any client request on plain HTTP (403).
    checks.push({
      id: 'trino.http-internal-only',
      group: 'iam',
      title: 'Trino refuses client requests on its plain-HTTP port (internal traffic only)',
      probe: {
        type: 'http',
        endpoint: { namespace: ctx.namespace, service: 'trino', port: TRINO_PORTS.http },
        path: '/v1/statement',
        method: 'POST',
        body: 'SELECT 1',
        headers: { 'X-Trino-User': 'datalyptica-check' },
        expectStatus: 403,
      },
    });
  }
  if (input.nessieToken) {
    checks.push({
      id: 'trino.nessie-token',
      group: 'iam',
      title: 'Trino\'s Nessie client obtains a token Nessie accepts',
      probe: {
        type: 'oidc',
        credentials: credentials(ctx, 'trino-nessie', 'trino-nessie-client'),
        issuer: ctx.sso.issuer,
        audience: NESSIE_AUDIENCE,
        accepts: [{ endpoint: { namespace: ctx.namespaceOf('nessie'), service: 'nessie', port: NESSIE_PORT }, path: '/api/v2/config' }],
      },
    });
  }
  return checks;
}
