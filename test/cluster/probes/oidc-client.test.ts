import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { oidcClientProbe } from '../../../src/cluster/probes/oidc-client.ts';
import type { Probe } from '../../../src/model/live-check.ts';
import { localReach, probeContext } from './fake-cluster.ts';

const IAM = 'datalyptica-iam';
/** The clients this fake realm holds, as Keycloak answers a client credentials request for each. */
const REALM: Record<string, { secret?: string; serviceAccount: boolean }> = {
  'spark-nessie': { secret: 'spark-secret', serviceAccount: true },
  trino: { secret: 'trino-secret', serviceAccount: false },
  nessie: { serviceAccount: false },
};

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

describe('the realm-client probe against a token endpoint on loopback that answers like Keycloak', () => {
  let server: http.Server;
  let port: number;
  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
        if (req.method !== 'POST' || req.url !== '/realms/datalyptica/protocol/openid-connect/token') return json(404, {});
        const form = new URLSearchParams(body);
        const client = REALM[form.get('client_id') ?? ''];
        if (client === undefined || (client.secret !== undefined && client.secret !== form.get('client_secret'))) return json(401, { error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials' });
        if (!client.serviceAccount) return json(400, { error: 'unauthorized_client', error_description: 'Client not enabled to retrieve service account' });
        json(200, { access_token: 'eyJ.fake.token', token_type: 'Bearer', expires_in: 300 });
      });
    });
    port = await listen(server);
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  const reach = () => localReach({ [`keycloak-service.${IAM}:8080`]: port });
  const secrets = { [`${IAM}/sso-client-spark-nessie/client-secret`]: 'spark-secret', [`${IAM}/sso-client-trino/client-secret`]: 'trino-secret', [`${IAM}/sso-client-grafana/client-secret`]: 'grafana-secret', [`${IAM}/stale/client-secret`]: 'old' };
  const probe = (clientId: string, secretName?: string): Extract<Probe, { type: 'oidc-client' }> => ({
    type: 'oidc-client',
    endpoint: { namespace: IAM, service: 'keycloak-service', port: 8080 },
    realmPath: '/realms/datalyptica',
    clientId,
    ...(secretName ? { clientSecret: { namespace: IAM, name: secretName, key: 'client-secret' } } : {}),
  });

  it('passes for a service client that obtains a token, a browser client refused only the grant, and a public client', async () => {
    assert.match(await oidcClientProbe(probe('spark-nessie', 'sso-client-spark-nessie'), probeContext({ reach: reach(), secrets })), /spark-nessie exists .* obtains tokens/);
    assert.match(await oidcClientProbe(probe('trino', 'sso-client-trino'), probeContext({ reach: reach(), secrets })), /trino exists .* its secret matches/);
    assert.match(await oidcClientProbe(probe('nessie'), probeContext({ reach: reach(), secrets })), /nessie exists/);
  });

  it('fails, naming the fix, for a client the realm import never created or whose secret differs', async () => {
    await assert.rejects(oidcClientProbe(probe('grafana', 'sso-client-grafana'), probeContext({ reach: reach(), secrets })), /does not know client grafana .*realm import only creates a realm.*Clients added after the first import/);
    await assert.rejects(oidcClientProbe(probe('trino', 'stale'), probeContext({ reach: reach(), secrets })), /does not know client trino with the secret/);
  });
});
