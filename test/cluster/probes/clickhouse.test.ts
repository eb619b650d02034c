import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { clickhouseProbe } from '../../../src/cluster/probes/clickhouse.ts';
import { collectChecks } from '../../../src/cluster/validate/collect.ts';
import type { Probe } from '../../../src/model/live-check.ts';
import { startClickHouse, type LiveClickHouse } from '../../support/live-servers.ts';
import { platformFor } from '../../support/platform.ts';
import { localReach, probeContext } from './fake-cluster.ts';

type ClickHouseProbe = Extract<Probe, { type: 'clickhouse' }>;

/** The default platform's `clickhouse.query` check, as `validate` runs it. */
const rendered = collectChecks(platformFor()).find((c) => c.id === 'clickhouse.query')!.probe as ClickHouseProbe;
const { namespace, name, key } = rendered.password;

describe('the ClickHouse probe against a real ClickHouse server (Debian\'s clickhouse-server)', () => {
  let server: LiveClickHouse | string;
  before(async () => {
    server = await startClickHouse({ user: rendered.user });
  });
  after(async () => {
    if (typeof server !== 'string') await server.stop();
  });
  const reach = (s: LiveClickHouse) => localReach({ [`${rendered.endpoint.service}.${rendered.endpoint.namespace}:${rendered.endpoint.port}`]: s.port });

  it('passes the rendered clickhouse.query check: ping, then SELECT version() as the admin user from the Secret', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    const r = reach(server);
    const message = await clickhouseProbe(rendered, probeContext({ reach: r, secrets: { [`${namespace}/${name}/${key}`]: server.password } }));
    assert.equal(message, `${rendered.endpoint.service}.${rendered.endpoint.namespace}.svc:${rendered.endpoint.port} ping ok, ClickHouse ${server.version} as ${rendered.user}`);
    assert.equal(r.closed, r.opened);
  });

  it('fails naming the user and the server\'s refusal when the password is wrong', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    await assert.rejects(
      clickhouseProbe(rendered, probeContext({ reach: reach(server), secrets: { [`${namespace}/${name}/${key}`]: 'not-the-password' } })),
      new RegExp(`as ${rendered.user}: .*Wrong password for user ${rendered.user}`),
    );
  });
});
