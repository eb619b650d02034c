import type { KubeObject } from '../../model/kube.ts';
import { refOf } from '../../model/kube.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Finding } from '../finding.ts';
import { findingOf } from './rule.ts';
import { SEC } from './rules.ts';

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const BINDING_KINDS = new Set(['RoleBinding', 'ClusterRoleBinding']);
const ROLE_KINDS = new Set(['Role', 'ClusterRole']);

function isRbac(object: KubeObject, kinds: ReadonlySet<string>): boolean {
  return object.apiVersion.startsWith(`${RBAC_GROUP}/`) && kinds.has(object.kind);
}

/** `namespace/name` of every ServiceAccount a (Cluster)RoleBinding names. */
export function boundServiceAccounts(objects: readonly KubeObject[]): Set<string> {
  const out = new Set<string>();
  for (const object of objects) {
    if (!isRbac(object, BINDING_KINDS)) continue;
    for (const subject of list(object['subjects'])) {
      const s = obj(subject);
      if (s?.['kind'] !== 'ServiceAccount') continue;
      const namespace = typeof s['namespace'] === 'string' ? s['namespace'] : (object.metadata.namespace ?? '');
      out.add(`${namespace}/${String(s['name'])}`);
    }
  }
  return out;
}

function sccRoleNames(role: KubeObject): string[] {
  const names: string[] = [];
  for (const rule of list(role['rules'])) {
    const r = obj(rule);
    if (!r) continue;
    const groups = list(r['apiGroups']).map(String);
    const resources = list(r['resources']).map(String);
    const verbs = list(r['verbs']).map(String);
    if (groups.includes('security.openshift.io') && resources.includes('securitycontextconstraints') && verbs.includes('use')) {
      names.push(...list(r['resourceNames']).map(String));
    }
  }
  return names;
}

/**
 * Custom SCCs granted to ServiceAccounts: a Role or ClusterRole with verb `use` on
 * `securitycontextconstraints` (resourceNames = the SCC), bound by a RoleBinding. Keyed
 * `namespace/serviceAccount`. SCCs listing the account in `users` count too.
 */
export function sccGrants(objects: readonly KubeObject[]): Map<string, Json[]> {
  const sccs = new Map<string, KubeObject>();
  for (const o of objects) if (o.kind === 'SecurityContextConstraints') sccs.set(o.metadata.name, o);
  const roles = new Map<string, string[]>();
  for (const o of objects) if (isRbac(o, ROLE_KINDS)) roles.set(`${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name}`, sccRoleNames(o));
  const out = new Map<string, Json[]>();
  const grant = (key: string, scc: KubeObject | undefined): void => {
    if (!scc) return;
    const existing = out.get(key) ?? [];
    if (!existing.includes(scc)) existing.push(scc);
    out.set(key, existing);
  };
  for (const binding of objects) {
    if (!isRbac(binding, BINDING_KINDS)) continue;
    const ref = obj(binding['roleRef']) ?? {};
    const roleKey = `${String(ref['kind'])}|${ref['kind'] === 'ClusterRole' ? '' : (binding.metadata.namespace ?? '')}|${String(ref['name'])}`;
    for (const sccName of roles.get(roleKey) ?? []) {
      for (const subject of list(binding['subjects'])) {
        const s = obj(subject);
        if (s?.['kind'] !== 'ServiceAccount') continue;
        const namespace = typeof s['namespace'] === 'string' ? s['namespace'] : (binding.metadata.namespace ?? '');
        grant(`${namespace}/${String(s['name'])}`, sccs.get(sccName));
      }
    }
  }
  for (const scc of sccs.values()) {
    for (const user of list(scc['users']).map(String)) {
      const match = /^system:serviceaccount:([^:]+):(.+)$/.exec(user);
      if (match) grant(`${match[1]}/${match[2]}`, scc);
    }
  }
  return out;
}

function checkRbac(object: KubeObject): Finding[] {
  const findings: Finding[] = [];
  const ref = refOf(object);
  if (isRbac(object, ROLE_KINDS)) {
    list(object['rules']).forEach((rule, i) => {
      const r = obj(rule) ?? {};
      for (const field of ['apiGroups', 'resources', 'verbs', 'nonResourceURLs'] as const) {
        if (list(r[field]).map(String).includes('*')) {
          findings.push(findingOf(SEC.rbacWildcard, { object: ref, path: `/rules/${i}/${field}`, message: `rule ${i} grants "*" ${field}` }));
        }
      }
      const verbs = list(r['verbs']).map(String);
      for (const verb of ['escalate', 'bind', 'impersonate']) {
        if (verbs.includes(verb)) findings.push(findingOf(SEC.rbacWildcard, { object: ref, path: `/rules/${i}/verbs`, message: `rule ${i} grants ${verb}, which bypasses RBAC` }));
      }
    });
  }
  if (isRbac(object, BINDING_KINDS)) {
    const roleRef = obj(object['roleRef']) ?? {};
    if (roleRef['kind'] === 'ClusterRole' && roleRef['name'] === 'cluster-admin') {
      findings.push(findingOf(SEC.clusterAdmin, { object: ref, path: '/roleRef/name', message: `${object.kind} binds cluster-admin` }));
    }
    list(object['subjects']).forEach((subject, i) => {
      const s = obj(subject);
      if (s?.['kind'] === 'Group' && s['name'] === 'system:masters') {
        findings.push(findingOf(SEC.clusterAdmin, { object: ref, path: `/subjects/${i}`, message: 'binds the system:masters group' }));
      }
    });
  }
  return findings;
}

function checkExposure(object: KubeObject): Finding[] {
  const ref = refOf(object);
  const spec = obj(object['spec']) ?? {};
  if (object.kind === 'Route' && object.apiVersion.startsWith('route.openshift.io/')) {
    const tls = obj(spec['tls']);
    if (!tls) return [findingOf(SEC.exposureTls, { object: ref, path: '/spec/tls', message: 'the Route has no TLS termination' })];
    if (tls['insecureEdgeTerminationPolicy'] === 'Allow') {
      return [findingOf(SEC.exposureTls, { object: ref, path: '/spec/tls/insecureEdgeTerminationPolicy', message: 'the Route serves plain HTTP (insecureEdgeTerminationPolicy: Allow)' })];
    }
    return [];
  }
  if (object.kind === 'Ingress' && object.apiVersion.startsWith('networking.k8s.io/')) {
    const covered = new Set(list(spec['tls']).flatMap((t) => list(obj(t)?.['hosts']).map(String)));
    const findings: Finding[] = [];
    list(spec['rules']).forEach((rule, i) => {
      const host = obj(rule)?.['host'];
      if (typeof host !== 'string') findings.push(findingOf(SEC.exposureTls, { object: ref, path: `/spec/rules/${i}`, message: 'an Ingress rule without a host cannot have a TLS certificate' }));
      else if (!covered.has(host)) findings.push(findingOf(SEC.exposureTls, { object: ref, path: '/spec/tls', message: `host ${host} has no TLS entry` }));
    });
    if (list(spec['rules']).length === 0 && spec['defaultBackend'] !== undefined) {
      findings.push(findingOf(SEC.exposureTls, { object: ref, path: '/spec/defaultBackend', message: 'a default-backend Ingress has no host to secure' }));
    }
    return findings;
  }
  return [];
}

function checkService(object: KubeObject): Finding[] {
  if (object.kind !== 'Service' || object.apiVersion !== 'v1') return [];
  const type = obj(object['spec'])?.['type'];
  if (type === 'NodePort' || type === 'LoadBalancer') {
    return [findingOf(SEC.serviceType, { object: refOf(object), path: '/spec/type', message: `the Service is type ${type}` })];
  }
  return [];
}

function checkServiceAccount(object: KubeObject, bound: ReadonlySet<string>): Finding[] {
  if (object.kind !== 'ServiceAccount' || object.apiVersion !== 'v1') return [];
  if (object['automountServiceAccountToken'] === false) return [];
  if (bound.has(`${object.metadata.namespace ?? ''}/${object.metadata.name}`)) return [];
  return [
    findingOf(SEC.automountToken, {
      object: refOf(object),
      path: '/automountServiceAccountToken',
      message: 'the ServiceAccount mounts its token by default but no Role is bound to it',
    }),
  ];
}

/** restricted-v2 fields a custom SCC may not loosen unless the workload needs it. */
function checkScc(object: KubeObject, granted: ReadonlySet<string>): Finding[] {
  if (object.kind !== 'SecurityContextConstraints') return [];
  const ref = refOf(object);
  const findings: Finding[] = [];
  const bad = (path: string, message: string): void => {
    findings.push(findingOf(SEC.customScc, { object: ref, path, message }));
  };
  if (object['allowPrivilegedContainer'] === true) bad('/allowPrivilegedContainer', 'the SCC allows privileged containers');
  if (object['allowPrivilegeEscalation'] !== false) bad('/allowPrivilegeEscalation', 'the SCC does not set allowPrivilegeEscalation: false (it defaults to true)');
  if (!list(object['requiredDropCapabilities']).map(String).includes('ALL')) bad('/requiredDropCapabilities', 'the SCC does not require dropping ALL capabilities');
  const added = list(object['allowedCapabilities']).map(String).filter((c) => c !== 'NET_BIND_SERVICE');
  if (added.length > 0) bad('/allowedCapabilities', `the SCC allows ${added.join(', ')}`);
  if (obj(object['runAsUser'])?.['type'] === 'RunAsAny') bad('/runAsUser/type', 'the SCC lets pods run as any UID, including root');
  const seccomp = list(object['seccompProfiles']).map(String);
  if (seccomp.length === 0 || seccomp.includes('*') || seccomp.includes('unconfined')) bad('/seccompProfiles', 'the SCC does not restrict seccomp to runtime/default');
  if (list(object['groups']).map(String).some((g) => g === 'system:authenticated' || g === 'system:serviceaccounts')) {
    bad('/groups', 'the SCC is granted to every authenticated user or ServiceAccount');
  }
  if (!granted.has(object.metadata.name) && list(object['users']).length === 0) {
    bad('/', 'no Role with verb use on this SCC is bound to a ServiceAccount, so no pod can use it');
  }
  return findings;
}

function sccNamesGranted(objects: readonly KubeObject[]): Set<string> {
  const roles = new Map<string, string[]>();
  for (const o of objects) if (isRbac(o, ROLE_KINDS)) roles.set(`${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name}`, sccRoleNames(o));
  const out = new Set<string>();
  for (const binding of objects) {
    if (!isRbac(binding, BINDING_KINDS)) continue;
    const ref = obj(binding['roleRef']) ?? {};
    const key = `${String(ref['kind'])}|${ref['kind'] === 'ClusterRole' ? '' : (binding.metadata.namespace ?? '')}|${String(ref['name'])}`;
    if (list(binding['subjects']).length === 0) continue;
    for (const name of roles.get(key) ?? []) out.add(name);
  }
  return out;
}

function checkNamespace(object: KubeObject, target: string): Finding[] {
  if (object.kind !== 'Namespace' || object.apiVersion !== 'v1') return [];
  const labels = object.metadata.labels ?? {};
  const required = target === 'kubernetes' ? ['enforce', 'audit', 'warn'] : ['audit', 'warn'];
  const missing = required.filter((mode) => labels[`pod-security.kubernetes.io/${mode}`] !== 'restricted');
  if (missing.length === 0) return [];
  return [
    findingOf(SEC.podSecurityLabels, {
      object: refOf(object),
      path: '/metadata/labels',
      message: `pod-security.kubernetes.io/${missing.join(', /')} is not "restricted"`,
    }),
  ];
}

/** A NetworkPolicy that selects every pod and denies both directions (no rules). */
export function isDefaultDeny(object: KubeObject): boolean {
  if (object.kind !== 'NetworkPolicy' || !object.apiVersion.startsWith('networking.k8s.io/')) return false;
  const spec = obj(object['spec']) ?? {};
  const selector = obj(spec['podSelector']) ?? {};
  const selectsAll = Object.keys(obj(selector['matchLabels']) ?? {}).length === 0 && list(selector['matchExpressions']).length === 0;
  const types = list(spec['policyTypes']).map(String);
  return selectsAll && types.includes('Ingress') && types.includes('Egress') && list(spec['ingress']).length === 0 && list(spec['egress']).length === 0;
}

/** The platform's namespaces plus every Namespace object it renders (dedicated operator namespaces). */
function createdNamespaces(platform: Platform): string[] {
  const rendered = platform.objects.filter((p) => p.object.kind === 'Namespace' && p.object.apiVersion === 'v1').map((p) => p.object.metadata.name);
  return [...new Set([...platform.namespaces, ...rendered])].sort();
}

function checkQuotaCoverage(platform: Platform): Finding[] {
  const findings: Finding[] = [];
  for (const kind of ['ResourceQuota', 'LimitRange'] as const) {
    const covered = new Set(platform.objects.filter((p) => p.object.kind === kind && p.object.apiVersion === 'v1').map((p) => p.object.metadata.namespace));
    for (const ns of createdNamespaces(platform).filter((n) => !covered.has(n))) {
      findings.push(findingOf(SEC.namespaceQuota, { object: { apiVersion: 'v1', kind: 'Namespace', name: ns }, message: `namespace ${ns} has no ${kind}` }));
    }
  }
  return findings;
}

function checkNetworkPolicyCoverage(platform: Platform): Finding[] {
  const covered = new Set(platform.objects.filter((p) => isDefaultDeny(p.object)).map((p) => p.object.metadata.namespace));
  return createdNamespaces(platform)
    .filter((ns) => !covered.has(ns))
    .map((ns) =>
      findingOf(SEC.networkPolicyCoverage, {
        object: { apiVersion: 'v1', kind: 'Namespace', name: ns },
        message: `namespace ${ns} has no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)`,
      }),
    );
}

function checkPlainSecret(object: KubeObject): Finding[] {
  if (object.kind !== 'Secret' || object.apiVersion !== 'v1') return [];
  const hasData = Object.keys(obj(object['data']) ?? {}).length > 0 || Object.keys(obj(object['stringData']) ?? {}).length > 0;
  if (!hasData) return [];
  return [findingOf(SEC.secretInManifest, { object: refOf(object), path: object['data'] ? '/data' : '/stringData', message: 'a Secret with values is part of the rendered tree' })];
}

/** The per-object rules (RBAC, exposure, Service type, ServiceAccounts, SCCs, namespaces, Secrets) over any set of objects. */
export function checkEachObject(objects: readonly KubeObject[], target: string): Finding[] {
  const bound = boundServiceAccounts(objects);
  const granted = sccNamesGranted(objects);
  const findings: Finding[] = [];
  for (const object of objects) {
    findings.push(
      ...checkRbac(object),
      ...checkExposure(object),
      ...checkService(object),
      ...checkServiceAccount(object, bound),
      ...checkScc(object, granted),
      ...checkNamespace(object, target),
      ...checkPlainSecret(object),
    );
  }
  return findings;
}

/** The rules that look at whole objects rather than pod templates. */
export function checkObjects(platform: Platform): Finding[] {
  const findings = checkEachObject(platform.objects.map((p) => p.object), platform.config.target);
  findings.push(...checkNetworkPolicyCoverage(platform), ...checkQuotaCoverage(platform));
  return findings;
}
