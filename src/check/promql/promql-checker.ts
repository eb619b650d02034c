import type { Checker } from '../checker.ts';
import type { Finding } from '../finding.ts';
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
  title: 'Alert rules: PromQL syntax and metric names',
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
    return findings;
  },
};
