import type { KubeObject } from '../model/kube.ts';
import type { Platform } from '../platform/platform.ts';
import { parseQuantity } from '../platform/quantity.ts';

/**
 * Drift between a rendered object and its live copy, decided from the objects themselves (not
 * from an annotation a `kubectl edit` keeps). Two questions:
 * - does live hold every field we render, with our value ({@link coversRendered})? If not,
 *   deploy re-applies the object;
 * - did someone add or change, on a path where that changes behaviour, something server-side
 *   apply would never take back ({@link guardedDrift})? Server-side apply only removes fields its
 *   own manager set before, so `ingress: [{}]` added by hand to a default-deny NetworkPolicy or
 *   `privileged: true` added to a container stays forever unless deploy patches it away.
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
 */

type Json = unknown;
type Obj = Record<string, unknown>;

const isObject = (value: Json): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Equal as Kubernetes quantities (`1` and `"1"`, `"1000m"` and `"1"`, `"1Gi"` and `"1024Mi"`). */
function sameQuantity(a: Json, b: Json): boolean {
  if ((typeof a !== 'string' && typeof a !== 'number') || (typeof b !== 'string' && typeof b !== 'number')) return false;
  try {
    const x = parseQuantity(a);
    const y = parseQuantity(b);
    return Math.abs(x - y) <= Math.abs(x) * 1e-9;
  } catch {
    return false;
  }
}

/** Whether `live` holds everything `rendered` sets, with the same value (arrays element by element, same length). Pure. */
export function covers(rendered: Json, live: Json): boolean {
  if (isObject(rendered)) {
    if (!isObject(live)) return false;
    return Object.entries(rendered).every(([key, value]) => value === undefined || covers(value, live[key]));
  }
  if (Array.isArray(rendered)) return Array.isArray(live) && live.length === rendered.length && rendered.every((value, index) => covers(value, live[index]));
  return rendered === live || sameQuantity(rendered, live);
}

/** Secret `stringData` is write-only: the API server stores it base64-encoded in `data`. */
function asStored(object: KubeObject): KubeObject {
  if (object.kind !== 'Secret' || !isObject(object['stringData'])) return object;
  const { stringData, ...rest } = object;
  const encoded = Object.fromEntries(Object.entries(stringData as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')]));
  return { ...rest, data: { ...((object['data'] as Record<string, string> | undefined) ?? {}), ...encoded } } as KubeObject;
}

export interface DriftOptions {
  /** A HorizontalPodAutoscaler scales it: `spec.replicas` is the autoscaler's, not ours. */
  readonly autoscaled?: boolean;
}

function withoutReplicas(object: KubeObject): KubeObject {
  if (!isObject(object['spec']) || !('replicas' in object['spec'])) return object;
  const { replicas: _replicas, ...spec } = object['spec'];
  return { ...object, spec };
}

/** Whether the live object holds every field of the rendered one with the rendered value. Pure. */
export function coversRendered(rendered: KubeObject, live: KubeObject, options: DriftOptions = {}): boolean {
  const desired = asStored(options.autoscaled ? withoutReplicas(rendered) : rendered);
  const { status: _status, ...body } = desired;
  return covers(body, live);
}

/** Paths whose whole value must equal the rendered one, per kind: a field added there by anyone changes behaviour. */
const GUARDED_SPEC: Readonly<Record<string, readonly string[]>> = {
  NetworkPolicy: ['podSelector', 'policyTypes', 'ingress', 'egress'],
};
const GUARDED_ROOT: Readonly<Record<string, readonly string[]>> = {
  Role: ['rules'],
  ClusterRole: ['rules', 'aggregationRule'],
  RoleBinding: ['subjects'],
  ClusterRoleBinding: ['subjects'],
};

/** Defaults the API server fills in on guarded paths, dropped before comparing (`protocol: TCP` on policy ports). */
function canonical(value: Json): Json {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isObject(value)) return value;
  const out: Obj = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'protocol' && child === 'TCP') continue;
    out[key] = canonical(child);
  }
  return out;
}

function sameGuarded(rendered: Json, live: Json): boolean {
  const empty = (v: Json): boolean => v === undefined || v === null || (isObject(v) && Object.keys(v).length === 0);
  if (empty(rendered) && empty(live)) return true;
  if (rendered === undefined || live === undefined) return false;
  const a = canonical(rendered);
  const b = canonical(live);
  return covers(a, b) && covers(b, a);
}

export interface GuardedDrift {
  /** A JSON merge patch (RFC 7386) that gives the guarded paths their rendered value again. */
  readonly patch: Obj;
  /** The guarded fields that differ, `.spec.ingress` style. */
  readonly fields: readonly string[];
}

/** Whether a list is one of named entries (containers, init containers): matched by name, not position. */
const named = (list: readonly Json[]): boolean => list.length > 0 && list.every((e) => isObject(e) && typeof e['name'] === 'string');

/**
 * Walks rendered and live together; every `securityContext` (pod or container, wherever a pod
 * template sits, custom resources included) must equal the rendered one exactly. Returns the
 * merge-patch fragment for `live`, or undefined.
 */
function securityDrift(rendered: Json, live: Json, path: string, fields: string[]): Json | undefined {
  if (isObject(rendered) && isObject(live)) {
    let patch: Obj | undefined;
    // A securityContext only the live object has counts too (`privileged: true` added where we set none).
    const keys = new Set([...Object.keys(rendered), ...('securityContext' in live ? ['securityContext'] : [])]);
    for (const key of keys) {
      const sub = `${path}.${key}`;
      if (key === 'securityContext') {
        if (!sameGuarded(rendered[key], live[key])) {
          fields.push(sub);
          patch = { ...patch, [key]: rendered[key] ?? null };
          // Replace, not merge: a field only the live object has must go too.
          if (isObject(rendered[key]) && isObject(live[key])) for (const extra of Object.keys(live[key] as Obj)) if (!(extra in (rendered[key] as Obj))) (patch[key] as Obj) = { ...(patch[key] as Obj), [extra]: null };
        }
        continue;
      }
      const child = securityDrift(rendered[key], live[key], sub, fields);
      if (child !== undefined) patch = { ...patch, [key]: child };
    }
    return patch;
  }
  if (Array.isArray(rendered) && Array.isArray(live) && named(rendered) && named(live)) {
    // Merge patch replaces whole lists: send the live list with the fixed entries.
    let changed = false;
    const next = live.map((entry) => {
      const mine = rendered.find((r) => (r as Obj)['name'] === (entry as Obj)['name']);
      if (mine === undefined) return entry;
      const child = securityDrift(mine, entry, `${path}[${String((entry as Obj)['name'])}]`, fields);
      if (child === undefined) return entry;
      changed = true;
      return mergePatch(entry, child);
    });
    return changed ? next : undefined;
  }
  return undefined;
}

/**
 * The behaviour-changing fields of a live object that differ from the rendered one: every
 * securityContext, NetworkPolicy selectors/types/rules, RBAC rules and subjects, and
 * `spec.replicas` when rendered (and no autoscaler owns it). Pure.
 */
export function guardedDrift(rendered: KubeObject, live: KubeObject, options: DriftOptions = {}): GuardedDrift | undefined {
  const fields: string[] = [];
  let patch: Obj = {};
  const spec = isObject(rendered['spec']) ? rendered['spec'] : {};
  const liveSpec = isObject(live['spec']) ? live['spec'] : {};
  const specPatch: Obj = {};
  for (const key of GUARDED_SPEC[rendered.kind] ?? []) {
    // policyTypes is defaulted by the API server when not rendered: only compare what we set.
    if (key === 'policyTypes' && spec[key] === undefined) continue;
    if (!sameGuarded(spec[key], liveSpec[key])) {
      fields.push(`.spec.${key}`);
      specPatch[key] = spec[key] ?? null;
    }
  }
  if (spec['replicas'] !== undefined && !options.autoscaled && liveSpec['replicas'] !== spec['replicas']) {
    fields.push('.spec.replicas');
    specPatch['replicas'] = spec['replicas'];
  }
  for (const key of GUARDED_ROOT[rendered.kind] ?? []) {
    if (!sameGuarded(rendered[key], live[key])) {
      fields.push(`.${key}`);
      patch[key] = rendered[key] ?? null;
    }
  }
  const security = securityDrift(spec, liveSpec, '.spec', fields);
  if (security !== undefined || Object.keys(specPatch).length > 0) patch = { ...patch, spec: { ...(isObject(security) ? security : {}), ...specPatch } };
  return fields.length === 0 ? undefined : { patch, fields };
}

/** Applies a JSON merge patch (RFC 7386): objects merge, `null` deletes, anything else replaces. Pure. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: Obj = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** `Kind/namespace/name` of every object a rendered HorizontalPodAutoscaler scales: their replicas are the autoscaler's. */
export function autoscaledTargets(platform: Platform): Set<string> {
  const out = new Set<string>();
  for (const { object } of platform.objects) {
    if (object.kind !== 'HorizontalPodAutoscaler') continue;
    const target = (object['spec'] as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)?.scaleTargetRef;
    if (target?.kind && target.name) out.add(`${target.kind}/${object.metadata.namespace ?? ''}/${target.name}`);
  }
  return out;
}
