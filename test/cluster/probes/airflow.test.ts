import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { airflowProbe } from '../../../src/cluster/probes/airflow.ts';
import { AIRFLOW_VERSION } from '../../../src/components/airflow/versions.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import type { Probe } from '../../../src/model/live-check.ts';
import { startAirflow, type LiveAirflow, type RenderedAirflow } from '../../support/live-airflow.ts';
import { at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { localReach, probeContext } from './fake-cluster.ts';

type AirflowProbe = Extract<Probe, { type: 'airflow-api' }>;

/** The migration Job's script and plain env values, webserver_config.py and the `airflow.api` check, from the render. */
function rendered(config: UserConfig): RenderedAirflow & { probe: AirflowProbe } {
  const platform = platformFor(config);
  const objects = objectsOf(platform, 'airflow');
  const job = objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('airflow-db-migrate-'));
  assert.ok(job, 'the render has the migration Job');
  const container = at(job, 'spec.template.spec.containers.0') as { args: string[]; env: { name: string; value?: string }[] };
  const env = Object.fromEntries(container.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
  const webserverConfig = (at(findObject(objects, 'ConfigMap', 'airflow-config'), 'data') as Record<string, string>)['webserver_config.py']!;
  const check = platform.components.get('airflow')!.build.checks.find((c) => c.id === 'airflow.api')!;
  return { migrateScript: container.args[2]!, env, webserverConfig, probe: check.probe as AirflowProbe };
}

const DAG = ['from airflow.sdk import DAG', '', 'with DAG(dag_id="datalyptica_smoke", schedule=None):', '    pass', ''].join('\n');

describe('the Airflow suites\' server', () => {
  it('is the platform\'s Airflow version, with the FAB provider the rendered auth manager names', () => {
    const requirements = readFileSync(join(import.meta.dirname, '..', '..', 'support', 'airflow-requirements.txt'), 'utf8');
    assert.match(requirements, new RegExp(`^apache-airflow==${AIRFLOW_VERSION.replaceAll('.', '\\.')}$`, 'm'));
    assert.match(requirements, /^apache-airflow-providers-fab\[oauth\]==/m);
    assert.equal(rendered({}).env['AIRFLOW__CORE__AUTH_MANAGER'], 'airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager');
  });
});

for (const [title, config] of [
  ['with the realm login (webserver_config.py with FAB\'s OAuth through Keycloak)', {}],
  ['with FAB\'s own password login', { components: { keycloak: { enabled: false } } }],
] as const) {
  const { probe, ...files } = rendered(config as UserConfig);
  const username = 'datalyptica-validate';
  const password = `validate-${'a1'.repeat(8)}`;
  describe(`the Airflow API probe against the real Airflow ${AIRFLOW_VERSION} api-server ${title}`, () => {
    let server: LiveAirflow | { skip: string } = { skip: 'not started' };
    before(async () => {
      server = await startAirflow(files, { VALIDATE_USERNAME: username, VALIDATE_PASSWORD: password, ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'admin-password-1234' }, { 'datalyptica_smoke.py': DAG });
    });
    after(async () => {
      if (!('skip' in server)) await server.stop();
    });
    const ref = (key: 'username' | 'password') => `${probe[key].namespace}/${probe[key].name}/${probe[key].key}`;
    const ctx = (pass: string) => {
      const live = server as LiveAirflow;
      return probeContext({ reach: localReach({ [`${probe.endpoint.service}.${probe.endpoint.namespace}:${probe.endpoint.port}`]: live.port }), secrets: { [ref('username')]: username, [ref('password')]: pass }, timeoutMs: 60_000 });
    };

    it('takes a token as the validate user the rendered migration script made and lists the DAG in the metadata database', async (t) => {
      if ('skip' in server) return t.skip(server.skip);
      assert.match(await airflowProbe(probe, ctx(password)), /took a token from http:\/\/airflow-api-server\.[a-z-]+\.svc:8080\/auth\/token as datalyptica-validate and listed DAGs through \/api\/v2\/dags \(1 in the metadata database\)/);
    });

    it('fails with the auth manager\'s 401 when the password is wrong', async (t) => {
      if ('skip' in server) return t.skip(server.skip);
      await assert.rejects(airflowProbe(probe, ctx('not-the-password')), /POST http:\/\/airflow-api-server\.[a-z-]+\.svc:8080\/auth\/token answered 401: .*Invalid credentials/);
    });

    if (title.startsWith('with the realm')) {
      it('takes the rotated password after the migration script runs again, and refuses the old one', async (t) => {
        if ('skip' in server) return t.skip(server.skip);
        const live = server as LiveAirflow;
        const rotated = `rotated-${'b2'.repeat(8)}`;
        await live.migrate({ VALIDATE_PASSWORD: rotated });
        assert.match(await airflowProbe(probe, ctx(rotated)), /as datalyptica-validate and listed DAGs/);
        await assert.rejects(airflowProbe(probe, ctx(password)), /answered 401/);
      });
    }
  });
}

/**
 * The one case a real Airflow cannot show: a server on the api-server's address that issues a token
 * but answers the DAG list with something else. A stand-in with only those two routes; see
 * docs/operations/testing.md.
 */
describe('the Airflow API probe against a stand-in that is not Airflow', () => {
  let server: http.Server;
  let port = 0;
  const probe = rendered({}).probe;
  before(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/auth/token') return res.writeHead(201, { 'content-type': 'application/json' }).end('{"access_token": "jwt-1"}');
        if (req.method === 'GET' && req.url === '/api/v2/dags?limit=1') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"status": "ok"}');
        res.writeHead(404).end();
      });
    });
    port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('fails when the DAG list is not Airflow\'s answer', async () => {
    const ctx = probeContext({ reach: localReach({ [`${probe.endpoint.service}.${probe.endpoint.namespace}:${probe.endpoint.port}`]: port }), secrets: { [`${probe.username.namespace}/${probe.username.name}/${probe.username.key}`]: 'datalyptica-validate', [`${probe.password.namespace}/${probe.password.name}/${probe.password.key}`]: 'any' } });
    await assert.rejects(airflowProbe(probe, ctx), /without total_entries: not Airflow's DAG list/);
  });
});
