import type { KubeObject } from '../../model/kube.ts';
import { refOf } from '../../model/kube.ts';
import type { CheckGroup, LiveCheck, Probe, ServiceEndpoint } from '../../model/live-check.ts';
import type { ComponentName, Layer } from '../../model/names.ts';
import { operatorInstallPlan } from '../../platform/derive/operators.ts';
import type { Owner, Platform } from '../../platform/platform.ts';
import { VALIDATED_KINDS } from '../../kinds/index.ts';

/** Layers of seed 002 are also check groups; a component's workloads are checked in its layer's group. */
const GROUP_OF_LAYER: Record<Layer, CheckGroup> = {
  operators: 'operators',
  storage: 'storage',
  control: 'control',
  data: 'data',
  management: 'management',
};

/** Workload kinds whose readiness is checked for every one the platform renders. */
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * Health endpoints checked for enabled components that do not declare a protocol check of
 * their own against that Service: matched by the Service port the component renders.
 */
const WELL_KNOWN_ENDPOINTS: readonly {
  readonly component: ComponentName;
  readonly port: number;
  readonly id: string;
  readonly title: string;
  readonly probe: (endpoint: ServiceEndpoint) => Probe;
}[] = [
  // @see https://grafana.com/docs/grafana/latest/developers/http_api/other/#health-api
  { component: 'grafana', port: 3000, id: 'grafana.health', title: 'Grafana accessible (API health)', probe: (endpoint) => ({ type: 'http', endpoint, path: '/api/health', expectBody: 'database' }) },
  // @see https://prometheus.io/docs/prometheus/latest/management_api/
  { component: 'prometheus', port: 9090, id: 'prometheus.ready', title: 'Prometheus ready to serve and scrape', probe: (endpoint) => ({ type: 'http', endpoint, path: '/-/ready' }) },
  // @see https://prometheus.io/docs/alerting/latest/management_api/
  { component: 'alertmanager', port: 9093, id: 'alertmanager.ready', title: 'Alertmanager ready', probe: (endpoint) => ({ type: 'http', endpoint, path: '/-/ready' }) },
  // @see https://grafana.com/docs/loki/latest/reference/loki-http-api/#readiness-check
  { component: 'loki', port: 3100, id: 'loki.ready', title: 'Loki ready to ingest logs', probe: (endpoint) => ({ type: 'http', endpoint, path: '/ready' }) },
  // @see https://www.keycloak.org/securing-apps/oidc-layers
  { component: 'keycloak', port: 8443, id: 'keycloak.oidc', title: 'Keycloak OIDC discovery answers', probe: (endpoint) => ({ type: 'http', endpoint, path: '/realms/master/.well-known/openid-configuration', expectBody: '"issuer"', tls: true }) },
  { component: 'keycloak', port: 8080, id: 'keycloak.oidc', title: 'Keycloak OIDC discovery answers', probe: (endpoint) => ({ type: 'http', endpoint, path: '/realms/master/.well-known/openid-configuration', expectBody: '"issuer"' }) },
  // @see https://trino.io/docs/current/develop/client-protocol.html
  { component: 'trino', port: 8080, id: 'trino.select', title: 'Trino answers SELECT 1', probe: (endpoint) => ({ type: 'trino', endpoint, user: 'datalyptica-validate', statements: ['SELECT 1'] }) },
];

function groupOfOwner(platform: Platform, owner: Owner): CheckGroup {
  if (owner === 'platform' || owner === 'operators') return 'operators';
  const layer = platform.components.get(owner)?.definition.layer;
  return layer === undefined ? 'data' : GROUP_OF_LAYER[layer];
}

function apiGroup(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function where(object: KubeObject): string {
  return object.metadata.namespace === undefined ? object.metadata.name : `${object.metadata.name} (${object.metadata.namespace})`;
}

function idPart(object: KubeObject): string {
  return object.metadata.namespace === undefined ? object.metadata.name : `${object.metadata.namespace}.${object.metadata.name}`;
}

function namespaceChecks(platform: Platform): LiveCheck[] {
  const checks: LiveCheck[] = [];
  for (const { object } of platform.objects) {
    if (object.kind === 'Namespace') {
      checks.push({
        id: `namespaces.${object.metadata.name}`,
        group: 'namespaces',
        title: `${object.metadata.name} namespace exists with its labels and annotations`,
        probe: { type: 'object-exists', ref: refOf(object), labels: { ...(object.metadata.labels ?? {}) }, annotations: { ...(object.metadata.annotations ?? {}) } },
      });
    } else if (object.kind === 'ResourceQuota' || object.kind === 'LimitRange') {
      const what = object.kind === 'ResourceQuota' ? 'quota' : 'limits';
      checks.push({
        id: `namespaces.${object.metadata.namespace}.${what}`,
        group: 'namespaces',
        title: `${object.metadata.namespace} ${object.kind === 'ResourceQuota' ? 'resource quota' : 'limit range'} applied`,
        probe: { type: 'object-exists', ref: refOf(object) },
      });
    }
  }
  return checks;
}

function operatorChecks(platform: Platform): LiveCheck[] {
  return operatorInstallPlan(platform).map((install) => ({
    id: `operators.${install.id}`,
    group: 'operators' as const,
    title: `${install.displayName} operator running`,
    probe: {
      type: 'operator' as const,
      install: install.type === 'olm' ? { via: 'olm' as const, namespace: install.namespace, subscription: install.package } : { via: 'workloads' as const, namespace: install.namespace },
      crds: install.crds,
    },
  }));
}

function storageClassChecks(platform: Platform): LiveCheck[] {
  const checks: LiveCheck[] = [];
  const seen = new Set<string>();
  for (const [tier, spec] of Object.entries(platform.config.storage.classes)) {
    if (spec === undefined || seen.has(spec.name)) continue;
    seen.add(spec.name);
    checks.push({
      id: `storage.class.${spec.name}`,
      group: 'storage',
      title: `StorageClass ${spec.name} (${tier} tier) exists`,
      probe: { type: 'object-exists', ref: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: spec.name } },
    });
  }
  return checks;
}

function objectChecks(platform: Platform): LiveCheck[] {
  const checks: LiveCheck[] = [];
  for (const { object, owner } of platform.objects) {
    const group = groupOfOwner(platform, owner);
    const spec = (object['spec'] ?? {}) as Record<string, unknown>;
    if (WORKLOAD_KINDS.has(object.kind)) {
      checks.push({ id: `workload.${object.kind.toLowerCase()}.${idPart(object)}`, group, title: `${object.kind} ${where(object)} ready`, probe: { type: 'object-ready', ref: refOf(object) } });
      const templates = spec['volumeClaimTemplates'];
      const selector = ((spec['selector'] ?? {}) as { matchLabels?: Record<string, string> }).matchLabels;
      if (object.kind === 'StatefulSet' && Array.isArray(templates) && templates.length > 0 && selector !== undefined && object.metadata.namespace !== undefined) {
        checks.push({ id: `storage.pvcs.${idPart(object)}`, group: 'storage', title: `${object.metadata.name} volumes bound in ${object.metadata.namespace}`, probe: { type: 'pvcs-bound', namespace: object.metadata.namespace, selector: { ...selector } } });
      }
    } else if (object.kind === 'PersistentVolumeClaim') {
      checks.push({ id: `storage.pvc.${idPart(object)}`, group: 'storage', title: `PersistentVolumeClaim ${where(object)} bound`, probe: { type: 'object-ready', ref: refOf(object) } });
    } else if (VALIDATED_KINDS.has(`${apiGroup(object.apiVersion)}/${object.kind}`)) {
      checks.push({ id: `resource.${object.kind.toLowerCase()}.${idPart(object)}`, group, title: `${object.kind} ${where(object)} ready`, probe: { type: 'object-ready', ref: refOf(object) } });
    } else if (object.kind === 'PodDisruptionBudget') {
      checks.push({ id: `pdb.${idPart(object)}`, group, title: `PodDisruptionBudget ${where(object)} protects healthy pods`, probe: { type: 'object-ready', ref: refOf(object) }, severity: 'warn' });
    } else if (object.kind === 'Service' && object.metadata.namespace !== undefined && spec['selector'] !== undefined) {
      checks.push({ id: `services.${idPart(object)}`, group: 'services', title: `Service ${where(object)} has ready endpoints`, probe: { type: 'service-endpoints', namespace: object.metadata.namespace, service: object.metadata.name } });
      if (spec['type'] === 'LoadBalancer') {
        checks.push({ id: `services.${idPart(object)}.address`, group: 'services', title: `LoadBalancer Service ${where(object)} has an address`, probe: { type: 'object-ready', ref: refOf(object) } });
      }
    } else if (object.kind === 'Route' && object.metadata.namespace !== undefined) {
      checks.push({ id: `routes.${idPart(object)}`, group: 'routes', title: `Route ${where(object)} admitted with TLS`, probe: { type: 'route', namespace: object.metadata.namespace, name: object.metadata.name } });
    } else if (object.kind === 'Ingress' && object.metadata.namespace !== undefined) {
      checks.push({ id: `routes.${idPart(object)}`, group: 'routes', title: `Ingress ${where(object)} has an address`, probe: { type: 'ingress', namespace: object.metadata.namespace, name: object.metadata.name } });
    } else if (object.kind === 'NetworkPolicy') {
      checks.push({ id: `netpol.${idPart(object)}`, group: 'connectivity', title: `NetworkPolicy ${where(object)} present`, probe: { type: 'object-exists', ref: refOf(object) } });
    }
  }
  return checks;
}

function targetsService(probe: Probe, endpoint: ServiceEndpoint): boolean {
  const probed = 'endpoint' in probe ? probe.endpoint : undefined;
  return probed !== undefined && 'service' in probed && probed.service === endpoint.service && probed.namespace === endpoint.namespace;
}

function wellKnownChecks(platform: Platform): LiveCheck[] {
  const checks: LiveCheck[] = [];
  const ids = new Set<string>();
  for (const known of WELL_KNOWN_ENDPOINTS) {
    const built = platform.components.get(known.component);
    if (built === undefined || ids.has(known.id)) continue;
    const service = platform.objects.find(
      ({ object, owner }) =>
        owner === known.component &&
        object.kind === 'Service' &&
        ((object['spec'] ?? {}) as { clusterIP?: string }).clusterIP !== 'None' &&
        (((object['spec'] ?? {}) as { ports?: { port?: number }[] }).ports ?? []).some((p) => p.port === known.port),
    )?.object;
    if (service === undefined || service.metadata.namespace === undefined) continue;
    const endpoint: ServiceEndpoint = { namespace: service.metadata.namespace, service: service.metadata.name, port: known.port };
    const probe = known.probe(endpoint);
    if (built.build.checks.some((c) => c.id === known.id || (c.probe.type === probe.type && targetsService(c.probe, endpoint)))) continue;
    ids.add(known.id);
    checks.push({ id: known.id, group: known.component === 'trino' ? 'data' : 'management', title: known.title, probe });
  }
  return checks;
}

/**
 * The generic live checks every platform gets, derived from what it renders: namespaces with
 * their labels, annotations, quota and limits; operators; StorageClasses and PVCs; workloads
 * and operator-managed resources; PDBs; Service endpoints; Routes/Ingresses; NetworkPolicies;
 * and the health endpoints of the monitoring stack, Keycloak and Trino. Pure.
 */
export function platformChecks(platform: Platform): LiveCheck[] {
  return [
    ...namespaceChecks(platform),
    ...operatorChecks(platform),
    ...storageClassChecks(platform),
    ...objectChecks(platform),
    ...secretChecks(platform),
    ...wellKnownChecks(platform),
  ];
}

/**
 * Every Secret of the secrets plan exists where its readers look for it (generated ones applied,
 * copies mirrored, external ones created by the user): platform management, seed 002 group 6.
 */
function secretChecks(platform: Platform): LiveCheck[] {
  return platform.secrets.map((secret) => ({
    id: `secrets.${secret.namespace}.${secret.name}`,
    group: 'management' as const,
    title: `Secret ${secret.name} (${secret.namespace}) present for ${secret.consumers.join(', ')}`,
    probe: { type: 'object-exists' as const, ref: { apiVersion: 'v1', kind: 'Secret', name: secret.name, namespace: secret.namespace } },
  }));
}
