import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { startJupyterhub, type LiveJupyterhub } from '../../support/live-jupyterhub.ts';
import { startKeycloak, type LiveKeycloak } from '../../support/keycloak-server.ts';
import { at, findObject, objectsOf, platformFor } from '../../support/platform.ts';

/**
 * Notebook token refresh, end to end with real servers: a real Keycloak holding the rendered realm
 * and the real JupyterHub with the rendered config (see live-jupyterhub.ts). A person logs in
 * through the authorization code flow (the test plays the browser), then reads their realm token
 * from the hub API the way a running server does. Two settings are shortened so the test does not
 * wait hours: the `jupyterhub` client's access token lifetime (8 h rendered, 6 s here) and
 * `auth_refresh_age` (300 s rendered, 1 s here).
 */
const platform = platformFor();
const realmImport = findObject(objectsOf(platform, 'keycloak'), 'KeycloakRealmImport', 'realm-datalyptica').spec as { realm: Record<string, unknown> };
const hubData = at(findObject(objectsOf(platform, 'jupyterhub'), 'ConfigMap', 'jupyterhub-hub-config'), 'data') as Record<string, string>;
const settings = JSON.parse(hubData['settings.json']!) as { auth: Record<string, unknown> };
const ISSUER = String(settings.auth['authorizeUrl']).replace(/\/protocol\/openid-connect\/auth$/, '');
const HOSTNAME = ISSUER.replace(/\/realms\/[^/]+$/, '');
const CALLBACK = String(settings.auth['callbackUrl']);
const LIFESPAN = 6;
const USER = { username: 'ada', password: `Pw-${randomBytes(12).toString('hex')}` };
const CLIENT_SECRET = randomBytes(20).toString('hex');

/** The realm as the operator imports it, plus one person (a password that is not temporary) and the short lifetime. */
function testRealm(): unknown {
  const text = JSON.stringify(realmImport.realm).replace(/\$\{[A-Z0-9_]+\}/g, () => randomBytes(16).toString('hex'));
  const realm = JSON.parse(text) as { clients: { clientId: string; secret?: string; attributes: Record<string, string> }[]; users: unknown[] };
  const client = realm.clients.find((c) => c.clientId === 'jupyterhub')!;
  client.attributes['access.token.lifespan'] = String(LIFESPAN);
  // What the operator fills from the value group the hub's Secret shares.
  client.secret = CLIENT_SECRET;
  realm.users.push({ username: USER.username, enabled: true, email: 'ada@example.com', emailVerified: true, firstName: 'Ada', lastName: 'Lovelace', groups: ['/engineers'], credentials: [{ type: 'password', value: USER.password, temporary: false }] });
  return realm;
}

/** A browser for two origins: cookies per origin, redirects followed by hand with public URLs mapped to loopback. */
class Browser {
  readonly #jars = new Map<string, Map<string, string>>();
  constructor(private readonly map: (url: string) => string) {}

  async go(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<{ url: string; status: number; body: string }> {
    let target = this.map(url);
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form === undefined ? undefined : new URLSearchParams(init.form).toString();
    for (let hop = 0; hop < 15; hop++) {
      const origin = new URL(target).origin;
      const jar = this.#jars.get(origin) ?? new Map<string, string>();
      this.#jars.set(origin, jar);
      const response = await fetch(target, {
        method,
        redirect: 'manual',
        headers: { ...(init.headers ?? {}), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
        ...(body === undefined ? {} : { body }),
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const at = pair.indexOf('=');
        if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location !== null) {
        target = this.map(new URL(location, target).toString());
        method = 'GET';
        body = undefined;
        continue;
      }
      return { url: target, status: response.status, body: await response.text() };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  cookie(origin: string, name: string): string | undefined {
    return this.#jars.get(origin)?.get(name);
  }
}

describe('notebook token refresh with a real Keycloak and the real JupyterHub configured from the render', () => {
  let keycloak: LiveKeycloak | string = 'not started';
  let hub: LiveJupyterhub | { skip: string } = { skip: 'not started' };
  before(async () => {
    keycloak = await startKeycloak({ hostname: HOSTNAME });
    if (typeof keycloak === 'string') return;
    await keycloak.importRealm(testRealm());
    const local = `http://127.0.0.1:${keycloak.port}${new URL(ISSUER).pathname}`;
    const auth = { ...settings.auth, tokenUrl: `${local}/protocol/openid-connect/token`, userdataUrl: `${local}/protocol/openid-connect/userinfo`, caCerts: null, refreshAgeSeconds: 1 };
    hub = await startJupyterhub({ config: hubData['jupyterhub_config.py']!, settings: JSON.stringify({ ...settings, auth }) }, { OAUTH_CLIENT_SECRET: CLIENT_SECRET });
  });
  after(async () => {
    if (!('skip' in hub)) await hub.stop();
    if (typeof keycloak !== 'string') await keycloak.stop();
  });

  it('logs a person in through the realm, then hands out a renewed access token after each one expires', async (t) => {
    if (typeof keycloak === 'string') return t.skip(keycloak);
    if ('skip' in hub) return t.skip(hub.skip);
    const hubOrigin = `http://127.0.0.1:${hub.port}`;
    const kcOrigin = `http://127.0.0.1:${keycloak.port}`;
    const browser = new Browser((url) => url.replace(HOSTNAME, kcOrigin).replace(new URL(CALLBACK).origin, hubOrigin));
    // `next`: the token page, not the spawn a login leads to by default (no notebook server here).
    const loginPage = await browser.go(`${hubOrigin}/hub/oauth_login?next=${encodeURIComponent('/hub/token')}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(loginPage.body)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(action, `Keycloak's login form (${loginPage.status} at ${loginPage.url})`);
    const landed = await browser.go(action, { method: 'POST', form: { username: USER.username, password: USER.password, credentialId: '' } });
    assert.equal(`${landed.status} ${landed.url}`, `200 ${hubOrigin}/hub/token`, 'logged in and back at the hub');
    // The hub page set the _xsrf cookie that cookie-authenticated API requests must echo (JupyterHub 4.1+).
    const xsrf = browser.cookie(hubOrigin, '_xsrf');
    assert.ok(xsrf, 'the hub set its _xsrf cookie');
    const readToken = async () => {
      const answer = await browser.go(`${hubOrigin}/hub/api/users/${USER.username}`, { headers: { 'x-xsrftoken': xsrf } });
      assert.equal(answer.status, 200, answer.body.slice(0, 300));
      const model = JSON.parse(answer.body) as { auth_state?: { access_token?: string; refresh_token?: string } };
      assert.ok(model.auth_state?.access_token, 'the user\'s own auth state, readable with admin:auth_state!user');
      return model.auth_state.access_token;
    };
    const first = await readToken();
    assert.ok(decodeJwt(first).exp! - decodeJwt(first).iat! <= LIFESPAN);
    let previous = first;
    for (const round of [1, 2]) {
      await new Promise((resolve) => setTimeout(resolve, (LIFESPAN + 2) * 1000));
      const next = await readToken();
      assert.notEqual(next, previous, `round ${round}: the expired token was renewed`);
      assert.ok(decodeJwt(next).exp! * 1000 > Date.now(), `round ${round}: the renewed token is valid`);
      assert.equal(decodeJwt(next)['preferred_username'], USER.username);
      previous = next;
    }
  });
});
