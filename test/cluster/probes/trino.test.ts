import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { trinoProbe } from '../../../src/cluster/probes/trino.ts';
import { collectChecks } from '../../../src/cluster/validate/collect.ts';
import type { Probe } from '../../../src/model/live-check.ts';
import { platformFor } from '../../support/platform.ts';
import { startTrino, type LiveTrino } from '../../support/trino-server.ts';
import { localReach, probeContext } from './fake-cluster.ts';

type TrinoProbe = Extract<Probe, { type: 'trino' }>;

const checks = collectChecks(platformFor());
const rendered = (id: string): TrinoProbe => checks.find((c) => c.id === id)!.probe as TrinoProbe;
/**
 * The rendered checks as the user path runs them (`user`, no realm token: this coordinator has no
 * OAuth2, so it also serves plain HTTP on 8080, where the rendered checks use 8443 with TLS: the
 * HTTPS path runs in lakehouse.test.ts), the Iceberg round trip's SQL unchanged but on the `memory`
 * catalog (no Nessie or S3 here).
 */
const plainHttp = (probe: TrinoProbe): TrinoProbe => {
  const { token: _token, ...rest } = probe;
  return { ...rest, endpoint: { namespace: probe.endpoint.namespace, service: probe.endpoint.service, port: 8080 } };
};
const sql = plainHttp(rendered('trino.sql'));
const iceberg = plainHttp(rendered('trino.iceberg'));
const roundtrip: TrinoProbe = { ...iceberg, statements: iceberg.statements.map((s) => s.replaceAll('iceberg.', 'memory.')) };

describe('the Trino probe against a real Trino coordinator', () => {
  let server: LiveTrino | string;
  before(async () => {
    server = await startTrino();
  });
  after(async () => {
    if (typeof server !== 'string') await server.stop();
  });
  const reach = (s: LiveTrino) => localReach({ [`trino.datalyptica-query:8080`]: s.port });

  it('runs the rendered trino.sql check (SELECT 1) and returns its row', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    const r = reach(server);
    assert.match(await trinoProbe(sql, probeContext({ reach: r, timeoutMs: 60_000 })), /trino\.datalyptica-query\.svc:8080 ran 1 statement\(s\) as datalyptica-check, 1 row\(s\) returned/);
    assert.equal(r.closed, r.opened);
  });

  it('runs the rendered round trip (create schema and table, insert, count, drop) on the memory catalog', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    assert.equal(roundtrip.statements.length, 6);
    assert.match(await trinoProbe(roundtrip, probeContext({ reach: reach(server), timeoutMs: 120_000 })), /ran 6 statement\(s\) as datalyptica-check/);
  });

  it('fails naming the statement and Trino\'s error', async (t) => {
    if (typeof server === 'string') return t.skip(server);
    await assert.rejects(
      trinoProbe({ ...sql, statements: ['SELECT * FROM iceberg.datalyptica_check.roundtrip'] }, probeContext({ reach: reach(server), timeoutMs: 60_000 })),
      /as datalyptica-check: "SELECT \* FROM iceberg\.datalyptica_check\.roundtrip" failed: .*CATALOG_NOT_FOUND/,
    );
  });
});
