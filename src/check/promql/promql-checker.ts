import type { Checker } from '../checker.ts';
import type { Finding } from '../finding.ts';
import { refOf } from '../../model/kube.ts';
import { alertRuleName } from '../../platform/derive/monitors.ts';
import { STANDARD_METRICS } from '../../platform/monitoring.ts';
import { promqlProblems } from './promql.ts';

/**
 * Alert rules: every expression parses (DL-PROM-001) and names only metrics the component's
 * endpoints list, or the standard kube-state-metrics/kubelet/`up` series (DL-PROM-002), so a
 * renamed exporter metric or a typo is caught before an alert silently never fires.
 */
export const promqlChecker: Checker = {
  id: 'promql',
  title: 'Alert rules and dashboard queries: PromQL syntax and metric names',
  run({ platform }) {
    const findings: Finding[] = [];
    for (const [name, built] of platform.components) {
      const endpoints = built.build.metrics ?? [];
      const allowed = [...STANDARD_METRICS, ...endpoints.flatMap((endpoint) => endpoint.metrics)];
      const namespace = endpoints[0]?.namespace ?? built.namespace;
      const object = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', name: alertRuleName(name), namespace };
      (built.build.alerts ?? []).forEach((rule, index) => {
        const path = `/spec/groups/0/rules/${index}/expr`;
        const { syntax, unknown } = promqlProblems(rule.expr, allowed);
        if (syntax.length > 0) findings.push({ rule: 'DL-PROM-001', severity: 'error', object, path, message: `alert ${rule.alert}: the expression does not parse (${syntax.join('; ')})` });
        for (const metric of unknown) {
          findings.push({ rule: 'DL-PROM-002', severity: 'error', object, path, message: `alert ${rule.alert}: metric ${metric} is not exposed by ${name}'s metrics endpoints nor a standard metric` });
        }
      });
    }
    findings.push(...dashboardFindings(platform));
    return findings;
  },
};

interface DashboardTarget {
  readonly expr?: string;
  readonly datasource?: { readonly type?: string };
}

/**
 * Dashboard panels: every PromQL target of every GrafanaDashboard parses (DL-PROM-003, error).
 * A metric no enabled endpoint lists nor a standard metric (DL-PROM-004) is information, not an
 * error: the nine dashboards are fixed while sources come and go with the config (Trino has no
 * scrape endpoint behind OAuth2, MinIO panels have no data with ODF or an external store). Typos
 * are caught by the dashboards' test, against a platform with every source on.
 */
function dashboardFindings(platform: Parameters<Checker['run']>[0]['platform']): Finding[] {
  const allowed = [...STANDARD_METRICS, ...[...platform.components.values()].flatMap((built) => (built.build.metrics ?? []).flatMap((endpoint) => endpoint.metrics))];
  const findings: Finding[] = [];
  for (const { object } of platform.objects) {
    if (object.kind !== 'GrafanaDashboard') continue;
    const json = (object['spec'] as { json?: string } | undefined)?.json;
    if (json === undefined) continue;
    const dashboard = JSON.parse(json) as { panels?: { title?: string; targets?: DashboardTarget[] }[] };
    (dashboard.panels ?? []).forEach((panel, p) => {
      (panel.targets ?? []).forEach((target, t) => {
        if (target.datasource?.type !== 'prometheus' || target.expr === undefined) return;
        const path = `/spec/json/panels/${p}/targets/${t}/expr`;
        const ref = refOf(object);
        const { syntax, unknown } = promqlProblems(target.expr, allowed);
        if (syntax.length > 0) findings.push({ rule: 'DL-PROM-003', severity: 'error', object: ref, path, message: `panel "${panel.title ?? p}": the query does not parse (${syntax.join('; ')})` });
        for (const metric of unknown) {
          findings.push({ rule: 'DL-PROM-004', severity: 'info', object: ref, path, message: `panel "${panel.title ?? p}": metric ${metric} is exposed by no enabled metrics endpoint nor a standard metric, so the panel stays empty here` });
        }
      });
    });
  }
  return findings;
}
