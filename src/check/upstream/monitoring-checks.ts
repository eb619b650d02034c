import { refOf, type KubeObject } from '../../model/kube.ts';
import type { Finding } from '../finding.ts';
import { findingOf } from '../policy/rule.ts';
import { is, list, obj, stringLabels } from './json.ts';
import { UPS } from './rules.ts';

const MONITORING = 'monitoring.coreos.com';

/** Namespaces OpenShift's own Prometheus Operator manages; a Prometheus CR anywhere else needs a second operator. */
const OPENSHIFT_MONITORING_NAMESPACES: ReadonlySet<string> = new Set(['openshift-monitoring', 'openshift-user-workload-monitoring']);

/** A ServiceMonitor that selects Strimzi's Services and scrapes the metrics port those Services no longer have. */
function checkStrimziServiceMonitor(object: KubeObject): Finding[] {
  if (!is(object, MONITORING, 'ServiceMonitor')) return [];
  const spec = obj(object['spec']) ?? {};
  const labels = Object.keys(stringLabels(obj(spec['selector'])?.['matchLabels']));
  if (!labels.some((k) => k.startsWith('strimzi.io/'))) return [];
  return list(spec['endpoints']).flatMap((endpoint, i) =>
    obj(endpoint)?.['port'] === 'tcp-prometheus'
      ? [findingOf(UPS.strimziMetricsPodMonitor, { object: refOf(object), path: `/spec/endpoints/${i}/port`, message: 'scrapes port tcp-prometheus of Strimzi Services, which do not expose it: use a PodMonitor on the Kafka pods' })]
      : [],
  );
}

/** Prometheus CRs whose monitor selectors reach monitors in other namespaces without a namespace selector. */
function checkPrometheusNamespaces(object: KubeObject, objects: readonly KubeObject[]): Finding[] {
  if (!is(object, MONITORING, 'Prometheus')) return [];
  const spec = obj(object['spec']) ?? {};
  const own = object.metadata.namespace ?? '';
  const findings: Finding[] = [];
  for (const [kind, selector, namespaceSelector] of [
    ['ServiceMonitor', 'serviceMonitorSelector', 'serviceMonitorNamespaceSelector'],
    ['PodMonitor', 'podMonitorSelector', 'podMonitorNamespaceSelector'],
  ] as const) {
    if (spec[selector] === undefined || spec[namespaceSelector] !== undefined) continue;
    const wanted = stringLabels(obj(spec[selector])?.['matchLabels']);
    const elsewhere = objects.filter(
      (o) => is(o, MONITORING, kind) && (o.metadata.namespace ?? '') !== own && Object.entries(wanted).every(([k, v]) => o.metadata.labels?.[k] === v),
    );
    const names = elsewhere.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    findings.push(
      findingOf(UPS.prometheusNamespaceSelector, {
        object: refOf(object),
        path: `/spec/${namespaceSelector}`,
        // Without monitors elsewhere in the input, the gap is likely but not proven: a warning.
        severity: elsewhere.length > 0 ? 'error' : 'warning',
        message:
          elsewhere.length > 0
            ? `${selector} matches ${kind}s in other namespaces (${names.join(', ')}) but ${namespaceSelector} is unset, so only ${own || 'its own namespace'} is read`
            : `${namespaceSelector} is unset: only ${kind}s in ${own || 'its own namespace'} are read`,
      }),
    );
  }
  return findings;
}

function checkOpenShiftPrometheus(object: KubeObject, target: string): Finding[] {
  if (target !== 'openshift' || !is(object, MONITORING, 'Prometheus') || OPENSHIFT_MONITORING_NAMESPACES.has(object.metadata.namespace ?? '')) return [];
  return [
    findingOf(UPS.openshiftCustomPrometheus, {
      object: refOf(object),
      message: 'a Prometheus CR outside openshift-monitoring needs a second Prometheus Operator, unsupported beside user workload monitoring: use user workload monitoring or a COO MonitoringStack',
    }),
  ];
}

/** A Grafana CR with several replicas and no shared database (SQLite per pod). */
function checkGrafanaHa(object: KubeObject): Finding[] {
  if (!is(object, 'grafana.integreatly.org', 'Grafana')) return [];
  const spec = obj(object['spec']) ?? {};
  const replicas = obj(obj(spec['deployment'])?.['spec'])?.['replicas'];
  const database = String(obj(obj(spec['config'])?.['database'])?.['type'] ?? 'sqlite3');
  if (typeof replicas !== 'number' || replicas <= 1 || ['postgres', 'mysql'].includes(database)) return [];
  return [
    findingOf(UPS.grafanaHaDatabase, {
      object: refOf(object),
      path: '/spec/config/database',
      message: `${replicas} replicas on Grafana's embedded ${database} database: each pod has its own users, sessions and dashboards`,
    }),
  ];
}

/** The DL-UPS rules about metrics and dashboards (Prometheus Operator, Strimzi metrics, Grafana). Pure. */
export function checkMonitoring(object: KubeObject, objects: readonly KubeObject[], target: string): Finding[] {
  return [...checkStrimziServiceMonitor(object), ...checkPrometheusNamespaces(object, objects), ...checkOpenShiftPrometheus(object, target), ...checkGrafanaHa(object)];
}
