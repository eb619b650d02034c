import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { promqlChecker } from '../../../src/check/promql/promql-checker.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import { ALL_COMBINATIONS, platformFor } from '../../support/platform.ts';

/** Every metric source on: MinIO, Trino with a scrape endpoint (no OAuth2), the optional processing and streaming components. */
const EVERY_SOURCE: UserConfig = {
  target: 'kubernetes',
  objectStorage: { mode: 'minio' },
  components: { keycloak: { enabled: false }, clickhouse: { enabled: true }, flink: { enabled: true }, spark: { enabled: true }, 'kafka-connect': { enabled: true } },
} as UserConfig;

describe('dashboard queries', () => {
  it('parse and name only metrics an endpoint documents, with every metric source on', () => {
    const platform = platformFor(EVERY_SOURCE);
    const dashboards = platform.objects.filter((p) => p.object.kind === 'GrafanaDashboard');
    assert.equal(dashboards.length, 9);
    const findings = promqlChecker.run({ platform } as Parameters<typeof promqlChecker.run>[0]).filter((f) => f.rule === 'DL-PROM-003' || f.rule === 'DL-PROM-004');
    assert.deepEqual(findings.map((f) => f.message), []);
  });

  it('parse in every profile × target × layout, and missing sources are information only', () => {
    for (const config of ALL_COMBINATIONS) {
      const findings = promqlChecker.run({ platform: platformFor(config) } as Parameters<typeof promqlChecker.run>[0]);
      assert.deepEqual(findings.filter((f) => f.rule === 'DL-PROM-003').map((f) => f.message), [], JSON.stringify(config));
      assert.ok(findings.filter((f) => f.rule === 'DL-PROM-004').every((f) => f.severity === 'info'));
    }
  });

  it('report a misspelt metric of a dashboard as unknown', () => {
    const platform = platformFor(EVERY_SOURCE);
    const placed = platform.objects.find((p) => p.object.kind === 'GrafanaDashboard' && p.object.metadata.name === 'dl-trino')!;
    const spec = placed.object['spec'] as { json: string };
    const broken = { ...placed, object: { ...placed.object, spec: { ...spec, json: spec.json.replace('trino_execution_name_QueryManager_RunningQueries', 'trino_execution_querymanager_runningqueries') } } };
    const findings = promqlChecker.run({ platform: { ...platform, objects: platform.objects.map((p) => (p === placed ? broken : p)) } } as Parameters<typeof promqlChecker.run>[0]);
    assert.ok(findings.some((f) => f.rule === 'DL-PROM-004' && f.message.includes('trino_execution_querymanager_runningqueries')));
  });
});
