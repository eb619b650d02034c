import { refOf } from '../../model/kube.ts';
import { parseQuantity } from '../../platform/quantity.ts';
import type { Finding } from '../finding.ts';
import { findingOf } from './rule.ts';
import { SEC } from './rules.ts';
import type { ContainerView, PodTemplateView } from './pod-templates.ts';

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** What the checks need to know about the rest of the platform. */
export interface PodRuleContext {
  readonly openshift: boolean;
  /** `namespace/serviceAccount` of accounts bound to any Role or ClusterRole. */
  readonly boundServiceAccounts: ReadonlySet<string>;
  /** `namespace/serviceAccount` → the custom SCCs granted to it (through a Role with verb use). */
  readonly sccGrants: ReadonlyMap<string, readonly Json[]>;
}

/** Env names that look like a credential (kube-linter env-var-secret, widened to keys and tokens). */
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|(^|_)KEY$)/i;
/** Names that describe where a credential is, or how it is used, rather than holding it. */
const REFERENCE_NAME = /_(FILE|PATH|DIR|LOCATION|NAME|REF|TYPE|ALGORITHM|ENABLED|PROVIDER|MODE|TTL|LENGTH|ID|URL|URI|HEADER|KIND|FORMAT|STRATEGY)$/i;

/** A literal value that is a pointer (file, URN, env expansion), a boolean or a number, not a secret. */
function isReferenceValue(value: string): boolean {
  if (value === '') return true;
  if (/^(true|false|yes|no|on|off|none|null)$/i.test(value) || /^-?[0-9]+(\.[0-9]+)?$/.test(value)) return true;
  if (/^(\/|file:|urn:|env:|secret:|vault:|classpath:)/.test(value)) return true;
  return /\$\([A-Za-z_][A-Za-z0-9_]*\)|\$\{[^}]+\}/.test(value);
}

/** The literal env entries that look like credentials. */
export function literalSecretEnv(container: Json): { index: number; name: string }[] {
  const out: { index: number; name: string }[] = [];
  list(container['env']).forEach((entry, index) => {
    const e = obj(entry);
    if (!e || typeof e['name'] !== 'string' || typeof e['value'] !== 'string') return;
    if (SECRET_NAME.test(e['name']) && !REFERENCE_NAME.test(e['name']) && !isReferenceValue(e['value'])) out.push({ index, name: e['name'] });
  });
  return out;
}

function quantityOrUndefined(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    return parseQuantity(value);
  } catch {
    return undefined;
  }
}

/** Zero requests or limits (a zero memory limit is "unlimited") and requests above limits. */
export function resourceValueProblems(resources: Json | undefined): { rule: 'zeroResource' | 'requestsWithinLimits'; path: string; message: string }[] {
  const out: { rule: 'zeroResource' | 'requestsWithinLimits'; path: string; message: string }[] = [];
  const requests = obj(resources?.['requests']) ?? {};
  const limits = obj(resources?.['limits']) ?? {};
  for (const resource of ['cpu', 'memory'] as const) {
    const request = quantityOrUndefined(requests[resource]);
    const limit = quantityOrUndefined(limits[resource]);
    if (limit === 0) out.push({ rule: 'zeroResource', path: `limits/${resource}`, message: `limits ${resource} to 0, which means no limit` });
    if (request === 0) out.push({ rule: 'zeroResource', path: `requests/${resource}`, message: `requests 0 ${resource}` });
    if (request !== undefined && limit !== undefined && limit > 0 && request > limit) {
      out.push({ rule: 'requestsWithinLimits', path: `requests/${resource}`, message: `requests ${String(requests[resource])} ${resource}, more than its limit ${String(limits[resource])} (the API server rejects it)` });
    }
  }
  return out;
}

/** `repo/name:tag` or `@sha256:` digest, with a tag other than latest. Registry ports are not tags. */
export function imageProblem(image: string): string | undefined {
  if (image.includes('@sha256:')) return undefined;
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  if (colon < 0) return 'has no tag (resolves to latest)';
  const tag = last.slice(colon + 1);
  if (tag === '' || tag.toLowerCase() === 'latest') return 'uses the latest tag';
  return undefined;
}

/** A setting from the container's securityContext, else the pod's (container wins, as in Kubernetes). */
function effective(pod: Json, container: Json, key: string): unknown {
  const c = obj(container['securityContext'])?.[key];
  return c !== undefined ? c : obj(pod['securityContext'])?.[key];
}

function podServiceAccount(view: PodTemplateView): string {
  const name = view.pod['serviceAccountName'] ?? view.pod['serviceAccount'];
  return typeof name === 'string' && name !== '' ? name : 'default';
}

function grantedSccs(view: PodTemplateView, ctx: PodRuleContext): readonly Json[] {
  return ctx.sccGrants.get(`${view.object.metadata.namespace ?? ''}/${podServiceAccount(view)}`) ?? [];
}

function containerName(c: ContainerView): string {
  return typeof c.container['name'] === 'string' ? c.container['name'] : c.path;
}

/**
 * Applies the pod-level and container-level rules to one pod template. Complete pod specs must
 * set every field; operator CRs are only flagged for a field set to a bad value.
 */
export function checkPodTemplate(view: PodTemplateView, ctx: PodRuleContext): Finding[] {
  const findings: Finding[] = [];
  const object = refOf(view.object);
  const { pod, complete } = view;
  const sccs = grantedSccs(view, ctx);
  const sccAllows = (field: string): boolean => ctx.openshift && sccs.some((scc) => scc[field] === true);
  const add = (rule: (typeof SEC)[keyof typeof SEC], path: string, message: string): void => {
    findings.push(findingOf(rule, { object, path, message }));
  };
  const podSc = obj(pod['securityContext']) ?? {};

  for (const key of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (pod[key] === true && !(key === 'hostNetwork' && sccAllows('allowHostNetwork'))) add(SEC.hostNamespaces, `${view.path}/${key}`, `${key} is true`);
  }
  list(pod['volumes']).forEach((volume, i) => {
    const v = obj(volume);
    if (v?.['hostPath'] !== undefined && !sccAllows('allowHostDirVolumePlugin')) add(SEC.hostPath, `${view.path}/volumes/${i}`, `volume ${String(v['name'])} mounts hostPath ${String(obj(v['hostPath'])?.['path'])}`);
  });
  if (complete) {
    const sa = podServiceAccount(view);
    if (sa === 'default') add(SEC.serviceAccount, `${view.path}/serviceAccountName`, 'the pod runs under the namespace\'s default ServiceAccount');
    const key = `${view.object.metadata.namespace ?? ''}/${sa}`;
    if (pod['automountServiceAccountToken'] === true && !ctx.boundServiceAccounts.has(key)) {
      add(SEC.automountToken, `${view.path}/automountServiceAccountToken`, `the token of ServiceAccount ${sa} is mounted but no Role or ClusterRole is bound to it`);
    }
    if (pod['automountServiceAccountToken'] === undefined) {
      add(SEC.automountToken, `${view.path}/automountServiceAccountToken`, 'automountServiceAccountToken is not set on the pod (defaults to true)');
    }
  }
  if (ctx.openshift && sccs.length === 0) {
    for (const key of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
      if (podSc[key] !== undefined) add(SEC.pinnedUid, `${view.path}/securityContext/${key}`, `${key} is pinned to ${String(podSc[key])}; restricted-v2 assigns it from the namespace range`);
    }
  }
  const podSeccomp = obj(podSc['seccompProfile'])?.['type'];
  if (podSeccomp === 'Unconfined') add(SEC.seccomp, `${view.path}/securityContext/seccompProfile`, 'the pod seccomp profile is Unconfined');

  for (const c of view.containers) {
    const name = containerName(c);
    const sc = obj(c.container['securityContext']) ?? {};
    const where = `container ${name}`;
    // runAsNonRoot / UID 0
    const nonRoot = effective(pod, c.container, 'runAsNonRoot');
    const uid = effective(pod, c.container, 'runAsUser');
    if (uid === 0) add(SEC.runAsNonRoot, `${c.path}/securityContext/runAsUser`, `${where} runs as UID 0`);
    else if (nonRoot === false) add(SEC.runAsNonRoot, `${c.path}/securityContext/runAsNonRoot`, `${where} sets runAsNonRoot: false`);
    else if (complete && nonRoot !== true) add(SEC.runAsNonRoot, `${c.path}/securityContext/runAsNonRoot`, `${where} does not set runAsNonRoot: true (pod or container)`);
    // privilege escalation / privileged
    if (sc['privileged'] === true) add(SEC.privilegeEscalation, `${c.path}/securityContext/privileged`, `${where} is privileged`);
    if (sc['allowPrivilegeEscalation'] === true) add(SEC.privilegeEscalation, `${c.path}/securityContext/allowPrivilegeEscalation`, `${where} allows privilege escalation`);
    else if (complete && sc['allowPrivilegeEscalation'] !== false) add(SEC.privilegeEscalation, `${c.path}/securityContext/allowPrivilegeEscalation`, `${where} does not set allowPrivilegeEscalation: false`);
    // capabilities
    const caps = obj(sc['capabilities']) ?? {};
    const drop = list(caps['drop']).map(String);
    const added = list(caps['add']).map(String).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (added.length > 0) add(SEC.capabilities, `${c.path}/securityContext/capabilities/add`, `${where} adds ${added.join(', ')}`);
    if (complete && !drop.includes('ALL')) add(SEC.capabilities, `${c.path}/securityContext/capabilities/drop`, `${where} does not drop ALL capabilities`);
    // seccomp
    const seccomp = obj(sc['seccompProfile'])?.['type'];
    if (seccomp === 'Unconfined') add(SEC.seccomp, `${c.path}/securityContext/seccompProfile`, `${where} uses the Unconfined seccomp profile`);
    else if (complete && seccomp === undefined && podSeccomp !== 'RuntimeDefault' && podSeccomp !== 'Localhost') {
      add(SEC.seccomp, `${c.path}/securityContext/seccompProfile`, `${where} has no RuntimeDefault seccomp profile (pod or container)`);
    }
    if (ctx.openshift && sccs.length === 0) {
      for (const key of ['runAsUser', 'runAsGroup'] as const) {
        if (sc[key] !== undefined) add(SEC.pinnedUid, `${c.path}/securityContext/${key}`, `${where} pins ${key} to ${String(sc[key])}; restricted-v2 assigns it from the namespace range`);
      }
    }
    // resources
    const resources = obj(c.container['resources']);
    if (complete || resources !== undefined) {
      const missing: string[] = [];
      for (const section of ['requests', 'limits'] as const) {
        for (const resource of ['cpu', 'memory'] as const) {
          if (obj(resources?.[section])?.[resource] === undefined) missing.push(`${section}.${resource}`);
        }
      }
      if (missing.length > 0) add(SEC.resources, `${c.path}/resources`, `${where} has no ${missing.join(', ')}`);
      for (const problem of resourceValueProblems(resources)) add(SEC[problem.rule], `${c.path}/resources/${problem.path}`, `${where} ${problem.message}`);
    }
    // probes
    if (complete && view.longRunning && !c.init) {
      if (c.container['readinessProbe'] === undefined) add(SEC.readinessProbe, `${c.path}/readinessProbe`, `${where} has no readiness probe`);
      if (c.container['livenessProbe'] === undefined) add(SEC.livenessProbe, `${c.path}/livenessProbe`, `${where} has no liveness probe`);
    }
    // image
    const image = c.container['image'];
    if (typeof image === 'string') {
      const problem = imageProblem(image);
      if (problem) add(SEC.imageTag, `${c.path}/image`, `${where} image ${image} ${problem}`);
    } else if (complete) {
      add(SEC.imageTag, `${c.path}/image`, `${where} has no image`);
    }
    // host ports
    list(c.container['ports']).forEach((port, i) => {
      const p = obj(port);
      if (p?.['hostPort'] !== undefined && !sccAllows('allowHostPorts')) add(SEC.hostPort, `${c.path}/ports/${i}/hostPort`, `${where} binds host port ${String(p['hostPort'])}`);
    });
    // literal credentials
    for (const hit of literalSecretEnv(c.container)) {
      add(SEC.secretInEnv, `${c.path}/env/${hit.index}/value`, `${where} sets ${hit.name} to a literal value; reference a Secret instead`);
    }
  }
  return findings;
}
