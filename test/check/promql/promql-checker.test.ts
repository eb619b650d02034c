import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../../src/check/finding.ts';
import { promqlChecker } from '../../../src/check/promql/promql-checker.ts';
import { metricAllowed, parsePromql } from '../../../src/check/promql/promql.ts';
import type { AlertRule } from '../../../src/model/metrics.ts';
import type { Platform } from '../../../src/platform/platform.ts';
import { ALL_COMBINATIONS, platformFor } from '../../support/platform.ts';

/** The default platform with one extra alert on Trino. */
function withTrinoAlert(rule: AlertRule): Platform {
  const platform = platformFor({ target: 'kubernetes' });
  const components = new Map(platform.components);
  const trino = components.get('trino')!;
  components.set('trino', { ...trino, build: { ...trino.build, alerts: [...(trino.build.alerts ?? []), rule] } });
  return { ...platform, components };
}

/** The alert rules' findings (the dashboards' are tested in test/components/grafana/dashboard-metrics.test.ts). */
const alertFindings = (findings: readonly Finding[]) => findings.filter((f) => f.rule === 'DL-PROM-001' || f.rule === 'DL-PROM-002');

const RULE: AlertRule = { alert: 'Probe', expr: 'up == 0', severity: 'warning', summary: 's', description: 'd', runbook: 'down' };

describe('the PromQL check', () => {
  it('reads the metric names of every selector, and no error from a valid expression', () => {
    const parsed = parsePromql('sum by (pod) (rate(foo_total{a="b"}[5m])) / bar > 0.1 and absent(up{job="x"} == 1)');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.metrics, ['bar', 'foo_total', 'up']);
  });

  it('reports an expression that does not parse', () => {
    assert.notDeepEqual(parsePromql('sum(rate(foo[5m]) ').errors, []);
    const findings = alertFindings(promqlChecker.run({ platform: withTrinoAlert({ ...RULE, expr: 'sum(rate(up[5m]) > ' }) }));
    assert.deepEqual(findings.map((f) => f.rule), ['DL-PROM-001']);
    assert.match(findings[0]!.message, /alert Probe: the expression does not parse/);
    assert.equal(findings[0]!.object?.name, 'trino-alerts');
  });

  it('reports a metric the component does not expose', () => {
    const findings = alertFindings(promqlChecker.run({ platform: withTrinoAlert({ ...RULE, expr: 'trino_made_up_metric > 0 or kube_pod_status_ready == 0' }) }));
    assert.deepEqual(findings.map((f) => [f.rule, f.severity]), [['DL-PROM-002', 'error']]);
    assert.match(findings[0]!.message, /metric trino_made_up_metric is not exposed by trino/);
  });

  it('matches listed names exactly and `prefix*` entries by prefix', () => {
    assert.ok(metricAllowed('trino_execution_name_QueryManager_RunningQueries', ['trino_execution_name_QueryManager_*']));
    assert.ok(!metricAllowed('trino_execution', ['trino_execution_name_QueryManager_*']));
    assert.ok(!metricAllowed('up2', ['up']));
  });

  it('finds no error in the default render of every profile, target and layout', () => {
    for (const config of ALL_COMBINATIONS) assert.deepEqual(promqlChecker.run({ platform: platformFor(config) }).filter((f) => f.severity !== 'info'), [], JSON.stringify(config));
  });
});
