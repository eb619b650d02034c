import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { runProbe } from '../../../src/cluster/probes/index.ts';
import { collectChecks } from '../../../src/cluster/validate/collect.ts';
import type { LiveCheck, Probe, SecretKeyRef } from '../../../src/model/live-check.ts';
import { startKeycloak, type LiveKeycloak } from '../../support/keycloak-server.ts';
import { startNessie, type LiveNessie } from '../../support/nessie-server.ts';
import { findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { localReach, probeContext } from './fake-cluster.ts';

/**
 * The default platform's Nessie and identity checks, as `validate` runs them, against a real
 * Keycloak holding the rendered realm and a real Nessie started with the rendered OIDC settings.
 */
const platform = platformFor();
const checks = collectChecks(platform);
const check = (id: string): LiveCheck => {
  const found = checks.find((c) => c.id === id);
  if (found === undefined) throw new Error(`the default platform has no check ${id}`);
  return found;
};
const realmImport = findObject(objectsOf(platform, 'keycloak'), 'KeycloakRealmImport', 'realm-datalyptica');
const realmSpec = realmImport.spec as { realm: { realm: string }; placeholders: Record<string, { secret: { name: string; key: string } }> };
const tokenCheck = check('keycloak.client-credentials').probe as Extract<Probe, { type: 'oidc' }>;
/** The public URL tokens carry: the Keycloak CR's hostname. */
const HOSTNAME = tokenCheck.issuer.replace(/\/realms\/[^/]+$/, '');
const nessieProperties = Object.fromEntries(
  String((findObject(objectsOf(platform, 'nessie'), 'ConfigMap', 'nessie-config').data as Record<string, string>)['application.properties'])
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
);

/** The realm with its `${PLACEHOLDER}`s filled, as the Keycloak operator does from the Secrets they name. */
function filledRealm(values: Record<string, string>): unknown {
  const text = JSON.stringify(realmSpec.realm).replace(/\$\{([A-Z0-9_]+)\}/g, (whole, name: string) => values[name] ?? whole);
  return JSON.parse(text);
}

describe('the identity and Nessie checks against a real Keycloak with the rendered realm and a real Nessie', () => {
  let keycloak: LiveKeycloak | string;
  let nessie: LiveNessie | string = 'Keycloak did not start';
  /** Client id → secret: what `secrets generate` would have put in each sso-client Secret. */
  const clientSecrets = new Map<string, string>();
  before(async () => {
    keycloak = await startKeycloak({ hostname: HOSTNAME });
    if (typeof keycloak === 'string') {
      nessie = keycloak;
      return;
    }
    const values: Record<string, string> = {};
    for (const [placeholder, { secret }] of Object.entries(realmSpec.placeholders)) {
      values[placeholder] = randomBytes(24).toString('base64url');
      if (secret.name.startsWith('sso-client-')) clientSecrets.set(secret.name.slice('sso-client-'.length), values[placeholder]);
    }
    await keycloak.importRealm(filledRealm(values));
    // Nessie's own OIDC settings as rendered; only the backchannel URL points at the loopback Keycloak.
    const oidc = Object.fromEntries(Object.entries(nessieProperties).filter(([key]) => key.startsWith('quarkus.oidc.') || key.startsWith('nessie.server.authentication.')));
    assert.equal(oidc['quarkus.oidc.tenant-enabled'], 'true', 'the default platform turns Nessie OIDC on');
    nessie = await startNessie({ properties: { ...oidc, 'quarkus.oidc.auth-server-url': `http://127.0.0.1:${keycloak.port}/realms/${realmSpec.realm.realm}` } });
  });
  after(async () => {
    await Promise.all([typeof nessie !== 'string' ? nessie.stop() : undefined, typeof keycloak !== 'string' ? keycloak.stop() : undefined]);
  });

  const reach = (k: LiveKeycloak, n: LiveNessie) =>
    localReach({
      'keycloak-service.datalyptica-iam:8080': k.port,
      'nessie.datalyptica-catalog:19120': n.port,
      'nessie-mgmt.datalyptica-catalog:9000': n.managementPort,
    });
  /** Each client secret under both names the checks use: `sso-client-<id>` (IAM) and the consumer's copy `<id>-client`. */
  const secret = (overrides: Record<string, string> = {}) => async (ref: SecretKeyRef) => {
    const client = ref.name.startsWith('sso-client-') ? ref.name.slice('sso-client-'.length) : ref.name.replace(/-client$/, '');
    const value = overrides[client] ?? clientSecrets.get(client);
    if (value === undefined || ref.key !== 'client-secret') throw new Error(`Secret ${ref.name} (${ref.namespace}) has no key ${ref.key}`);
    return value;
  };
  const run = async (probe: Probe, overrides?: Record<string, string>) => {
    if (typeof keycloak === 'string' || typeof nessie === 'string') throw new Error('unreachable');
    const ctx = { ...probeContext({ reach: reach(keycloak, nessie), timeoutMs: 20_000 }), secret: secret(overrides) };
    return runProbe(probe, ctx);
  };
  const skipped = () => (typeof keycloak === 'string' ? keycloak : typeof nessie === 'string' ? nessie : undefined);

  it('keycloak.client-credentials: the realm issues trino-service a token with the public issuer and the trino audience', async (t) => {
    const why = skipped();
    if (why !== undefined) return t.skip(why);
    assert.match(await run(tokenCheck), new RegExp(`issuer ${HOSTNAME}/realms/datalyptica; token for trino-service verified against the realm keys`));
  });

  it('trino.nessie-token: Nessie accepts the token Trino\'s Nessie client obtains', async (t) => {
    const why = skipped();
    if (why !== undefined) return t.skip(why);
    assert.match(await run(check('trino.nessie-token').probe), /nessie\.datalyptica-catalog\.svc:19120\/api\/v2\/config → 200/);
  });

  it('nessie.api-authenticated: Nessie refuses the API without a token', async (t) => {
    const why = skipped();
    if (why !== undefined) return t.skip(why);
    assert.match(await run(check('nessie.api-authenticated').probe), /\/api\/v2\/config → 401/);
  });

  it('nessie.health: Nessie reports ready on its management port', async (t) => {
    const why = skipped();
    if (why !== undefined) return t.skip(why);
    assert.match(await run(check('nessie.health').probe), /\/q\/health\/ready → 200/);
  });

  it('fails naming the client when the Secret holds the wrong client secret', async (t) => {
    const why = skipped();
    if (why !== undefined) return t.skip(why);
    await assert.rejects(run(check('trino.nessie-token').probe, { 'trino-nessie': 'not-the-secret' }), /token endpoint for client trino-nessie answered 401/);
  });

  it('fails when Nessie is offered a token without its audience (trino-service\'s)', async (t) => {
    const why = skipped();
    if (why !== undefined) return t.skip(why);
    const probe = { ...tokenCheck, accepts: (check('trino.nessie-token').probe as Extract<Probe, { type: 'oidc' }>).accepts };
    await assert.rejects(run(probe), /with trino-service's token answered 401, expected 200/);
  });
});
