import type { KubeObject, ObjectRef } from '../model/kube.ts';
import { groupOf, refKey, refOf } from '../model/kube.ts';
import type { ComponentName, Phase } from '../model/names.ts';
import { PHASES } from '../model/names.ts';
import type { OperatorCompanion } from '../model/operator.ts';
import { collectOperators, operatorInstallPlan, type OperatorInstall } from './derive/operators.ts';
import { KIND_ORDER, compareObjects, kindRank } from './order.ts';
import type { Platform } from './platform.ts';
import { secretsBackend } from './secrets/index.ts';
import { WAITED_KINDS } from '../kinds/index.ts';

/** What a step does besides applying its objects. */
export type StepKind = 'platform' | 'operators' | 'operator' | 'companion' | 'secrets' | 'copy-secret' | 'component' | 'platform-late';

/** A Secret `deploy` mirrors from another namespace once its source exists. */
export interface SecretCopy {
  readonly from: { readonly namespace: string; readonly name: string };
  readonly to: { readonly namespace: string; readonly name: string };
  readonly type?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Target key ← source key; the copy then holds only these and `fixedValues` (see `copiedSecretData`). */
  readonly keyMap?: Readonly<Record<string, string>>;
  /** Non-secret literal values the copy adds (bucket name, endpoint, region). */
  readonly fixedValues?: Readonly<Record<string, string>>;
}

/** One node of the deploy graph: apply `waves` in order, then wait for `wait` and `crds`. */
export interface DeployStep {
  /** `platform`, `operators`, `secrets`, `operator:<id>`, `companion:<id>`, `copy:<ns>/<name>`, `component:<name>`, `platform-late`. */
  readonly id: string;
  readonly kind: StepKind;
  readonly title: string;
  /** The seed phase it belongs to (for per-phase timeouts and the phase-by-phase comparison). */
  readonly phase: Phase;
  readonly component?: ComponentName;
  readonly dependsOn: readonly string[];
  /** Objects by apply wave: definitions and namespaces, then what workloads read, then workloads and CRs, then what points at them. */
  readonly waves: readonly (readonly KubeObject[])[];
  /** Objects whose readiness the step waits for. */
  readonly wait: readonly ObjectRef[];
  /** CRDs (`plural.group`) that must be Established before the step is done. */
  readonly crds: readonly string[];
  /** Kubernetes install source of an operator or companion (applied or run by the engine). */
  readonly install?: OperatorInstall | (OperatorCompanion['install'] & { readonly id: string; readonly namespace: string });
  readonly copy?: SecretCopy;
  /** The component's own wait budget (ReadinessSpec.timeoutSeconds). */
  readonly timeoutSeconds?: number;
}

export interface DeployGraph {
  /** Steps in a topological order (dependencies first), deterministic. */
  readonly steps: readonly DeployStep[];
}

export interface DeployGraphInput {
  /** Generated Secrets to apply before the workloads that read them (from `secrets generate`). */
  readonly secrets?: readonly KubeObject[];
}

const WAVE_LAST_KINDS = new Set<string>(KIND_ORDER.slice(KIND_ORDER.indexOf('PodDisruptionBudget')));

/** Apply wave of a kind: 0 definitions/namespaces, 1 config/RBAC/secrets/services, 2 workloads and custom resources, 3 what points at workloads. Pure. */
export function applyWave(kind: string): number {
  const rank = kindRank(kind);
  if (rank <= kindRank('Namespace')) return 0;
  if (WAVE_LAST_KINDS.has(kind)) return 3;
  if (rank <= kindRank('Service')) return 1;
  return 2;
}

/** Splits objects into apply waves, each sorted deterministically; empty waves dropped. Pure. */
export function toWaves(objects: readonly KubeObject[]): KubeObject[][] {
  const waves: KubeObject[][] = [[], [], [], []];
  for (const object of objects) waves[applyWave(object.kind)]!.push(object);
  return waves.filter((w) => w.length > 0).map((w) => [...w].sort(compareObjects));
}

/** `plural.group` CRD names → the group they serve. */
function crdGroup(crd: string): string {
  return crd.slice(crd.indexOf('.') + 1);
}

/**
 * The CRD name (`plural.group`) that serves an object's kind, with the API machinery's default
 * plural (lower-case kind; `-s`, `-es` after s/x/ch/sh, `-ies` after a consonant + y).
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#create-a-customresourcedefinition
 */
export function crdNameOf(object: Pick<KubeObject, 'apiVersion' | 'kind'>): string {
  const kind = object.kind.toLowerCase();
  const plural = /(s|x|ch|sh)$/.test(kind) ? `${kind}es` : /[^aeiou]y$/.test(kind) ? `${kind.slice(0, -1)}ies` : `${kind}s`;
  return `${plural}.${groupOf(object.apiVersion)}`;
}

/** A step that installs CRDs (an operator or a companion such as the Barman Cloud plugin). */
export interface CrdProvider {
  readonly step: string;
  /** `plural.group` names. */
  readonly crds: readonly string[];
}

/**
 * Which install steps an object needs: the step whose CRDs serve its kind (by `plural.group`,
 * so two installers of one API group — CloudNativePG and its Barman Cloud plugin — are told
 * apart); when no CRD name matches (an irregular plural), every step serving its group. Pure.
 */
export function crdProviders(providers: readonly CrdProvider[]): (objects: readonly KubeObject[]) => string[] {
  const byName = new Map<string, Set<string>>();
  const byGroup = new Map<string, Set<string>>();
  for (const provider of providers) {
    for (const crd of provider.crds) {
      byName.set(crd, (byName.get(crd) ?? new Set()).add(provider.step));
      byGroup.set(crdGroup(crd), (byGroup.get(crdGroup(crd)) ?? new Set()).add(provider.step));
    }
  }
  return (objects) => {
    const ids = new Set<string>();
    for (const object of objects) {
      if (object.kind === 'CustomResourceDefinition') continue;
      for (const id of byName.get(crdNameOf(object)) ?? byGroup.get(groupOf(object.apiVersion)) ?? []) ids.add(id);
    }
    return [...ids].sort();
  };
}

function phaseIndex(phase: Phase): number {
  return PHASES.indexOf(phase);
}

/**
 * Builds the deploy graph from the assembled platform. Pure.
 *
 * Edges: platform objects (namespaces, quotas, storage classes) first; the OperatorGroup step
 * before each operator; the operator or companion whose CRD serves an object's kind before every
 * step holding such an object (derived from the objects, see {@link crdProviders}), and an
 * operator before the components that declare it; companions after their operator and the
 * operators they require; generated secrets before every component; a copied Secret after the
 * steps that produce its source and before its consumers; `dependsOn` between components.
 */
export function buildDeployGraph(platform: Platform, input: DeployGraphInput = {}): DeployGraph {
  const steps = new Map<string, DeployStep>();
  const operatorsPlan = operatorInstallPlan(platform);
  const requirements = collectOperators(platform.components);
  const operatorsFor = crdProviders([
    ...operatorsPlan.filter((install) => !('companionOf' in install && install.companionOf !== undefined)).map((install) => ({ step: `operator:${install.id}`, crds: install.crds })),
    ...requirements.flatMap(({ requirement }) => (requirement.companions ?? []).map((companion) => ({ step: `companion:${companion.id}`, crds: companion.crds }))),
  ]);

  const byOwner = new Map<string, KubeObject[]>();
  for (const placed of platform.objects) {
    const list = byOwner.get(placed.owner) ?? [];
    list.push(placed.object);
    byOwner.set(placed.owner, list);
  }

  // Platform-owned objects: the ones a CRD-serving operator provides go after the operators.
  const platformObjects = byOwner.get('platform') ?? [];
  const early = platformObjects.filter((o) => operatorsFor([o]).length === 0);
  const late = platformObjects.filter((o) => operatorsFor([o]).length > 0);
  steps.set('platform', step({ id: 'platform', kind: 'platform', title: 'namespaces, quotas, storage classes', phase: 'foundation', dependsOn: [], objects: early }));

  // Operators: OLM objects (OperatorGroups, Subscriptions) or Kubernetes install sources.
  const operatorObjects = byOwner.get('operators') ?? [];
  const subscriptionOf = (pkg: string): KubeObject | undefined => operatorObjects.find((o) => o.kind === 'Subscription' && (o['spec'] as { name?: string } | undefined)?.name === pkg);
  const claimed = new Set<KubeObject>();
  for (const install of operatorsPlan) {
    const subscription = install.type === 'olm' ? subscriptionOf(install.package) : undefined;
    if (subscription) claimed.add(subscription);
  }
  const shared = operatorObjects.filter((o) => !claimed.has(o));
  steps.set('operators', step({ id: 'operators', kind: 'operators', title: 'operator groups', phase: 'operators', dependsOn: ['platform'], objects: shared }));
  for (const install of operatorsPlan) {
    // Companions are in the plan after their operator; they get their own step below.
    if ('companionOf' in install && install.companionOf !== undefined) continue;
    const subscription = install.type === 'olm' ? subscriptionOf(install.package) : undefined;
    const base = {
      id: `operator:${install.id}`,
      kind: 'operator' as const,
      title: `operator ${install.displayName}`,
      phase: 'operators' as const,
      dependsOn: ['operators'],
      objects: subscription ? [subscription] : [],
      crds: install.crds,
    };
    steps.set(base.id, step(install.type === 'olm' ? base : { ...base, install }));
  }
  for (const { requirement } of requirements) {
    for (const companion of requirement.companions ?? []) {
      const id = `companion:${companion.id}`;
      if (steps.has(id)) continue;
      const namespace = operatorsPlan.find((p) => p.id === requirement.id)?.namespace ?? requirement.kubernetes.namespace;
      steps.set(
        id,
        step({
          id,
          kind: 'companion',
          title: `add-on ${companion.displayName}`,
          phase: 'operators',
          dependsOn: [`operator:${requirement.id}`, ...companion.requires.map((r) => `operator:${r}`).filter((r) => operatorsPlan.some((p) => `operator:${p.id}` === r))],
          objects: [],
          crds: companion.crds,
          install: { ...companion.install, id: companion.id, namespace },
        }),
      );
    }
  }

  const secretObjects = [...(input.secrets ?? [])];
  steps.set('secrets', step({ id: 'secrets', kind: 'secrets', title: 'generated secrets', phase: 'foundation', dependsOn: ['platform'], objects: secretObjects }));

  // Copied secrets: after whoever makes the source, before the consumers. A backend that renders
  // the copies (External Secrets) leaves nothing for deploy to copy: its objects sync with the rest.
  const copyIdsByConsumer = new Map<string, string[]>();
  const rendersCopies = secretsBackend(platform.config.secrets.mode).rendersCopies;
  for (const requirement of platform.secrets) {
    if (rendersCopies || requirement.source !== 'copy' || requirement.copyFrom === undefined) continue;
    const id = `copy:${requirement.namespace}/${requirement.name}`;
    if (steps.has(id)) continue;
    const from = { namespace: requirement.copyFrom.namespace, name: requirement.copyFrom.name };
    const producers = new Set<string>();
    // An external source exists before deploy starts (deploy checks it up front): nothing produces it.
    const external = platform.secrets.some((r) => r.source === 'external' && r.namespace === from.namespace && r.name === from.name);
    if (!external) for (const producer of secretProducers(platform, from)) producers.add(`component:${producer}`);
    const copy: SecretCopy = {
      from,
      to: { namespace: requirement.namespace, name: requirement.name },
      ...(requirement.type !== undefined ? { type: requirement.type } : {}),
      ...(requirement.labels !== undefined ? { labels: requirement.labels } : {}),
      ...(requirement.copyFrom.keyMap !== undefined ? { keyMap: requirement.copyFrom.keyMap } : {}),
      ...(requirement.copyFrom.fixedValues !== undefined ? { fixedValues: requirement.copyFrom.fixedValues } : {}),
    };
    const firstConsumer = requirement.consumers.map((c) => platform.components.get(c)?.definition.phase).filter((p): p is Phase => p !== undefined).sort((a, b) => phaseIndex(a) - phaseIndex(b))[0];
    steps.set(id, step({ id, kind: 'copy-secret', title: `copy Secret ${from.namespace}/${from.name} → ${requirement.namespace}`, phase: firstConsumer ?? 'foundation', dependsOn: ['platform', ...[...producers].sort()], objects: [], copy }));
    for (const consumer of requirement.consumers) copyIdsByConsumer.set(consumer, [...(copyIdsByConsumer.get(consumer) ?? []), id]);
  }

  for (const [name, built] of platform.components) {
    const objects = byOwner.get(name) ?? [];
    const skip = new Set((built.build.readiness.skip ?? []).map(refKey));
    const declared = built.build.operators.map((o) => `operator:${o.id}`).filter((id) => steps.has(id));
    const dependsOn = [
      'platform',
      'secrets',
      ...declared,
      ...operatorsFor(objects),
      ...built.build.dependsOn.filter((d) => platform.components.has(d)).map((d) => `component:${d}`),
      ...(copyIdsByConsumer.get(name) ?? []).filter((id) => !steps.get(id)?.dependsOn.includes(`component:${name}`)),
    ];
    steps.set(
      `component:${name}`,
      step({
        id: `component:${name}`,
        kind: 'component',
        title: built.definition.title,
        phase: built.definition.phase,
        component: name,
        dependsOn,
        objects,
        skip,
        ...(built.build.readiness.timeoutSeconds !== undefined ? { timeoutSeconds: built.build.readiness.timeoutSeconds } : {}),
      }),
    );
  }
  if (late.length > 0) {
    steps.set('platform-late', step({ id: 'platform-late', kind: 'platform-late', title: 'platform custom resources', phase: 'foundation', dependsOn: ['platform', ...operatorsFor(late)], objects: late }));
  }
  // A copy step that depends on a consumer would deadlock; drop such edges (the copy then waits for the source by itself).
  return { steps: topologicalOrder([...steps.values()]) };
}

/**
 * Components that make a Secret: the owner of an object of that name in its namespace (a
 * KafkaUser, an ObjectBucketClaim), else of the object whose name prefixes it (Strimzi's
 * `<kafka>-cluster-ca-cert`, longest prefix wins), else every other component in the namespace.
 */
function secretProducers(platform: Platform, from: { readonly namespace: string; readonly name: string }): string[] {
  const candidates = platform.objects.filter((p) => p.owner !== 'platform' && p.owner !== 'operators' && p.object.metadata.namespace === from.namespace && p.object.kind !== 'Secret');
  const exact = candidates.filter((p) => p.object.metadata.name === from.name);
  if (exact.length > 0) return [...new Set(exact.map((p) => p.owner))];
  const prefixed = candidates.filter((p) => from.name.startsWith(`${p.object.metadata.name}-`) && groupOf(p.object.apiVersion).includes('.'));
  if (prefixed.length > 0) {
    const longest = Math.max(...prefixed.map((p) => p.object.metadata.name.length));
    return [...new Set(prefixed.filter((p) => p.object.metadata.name.length === longest).map((p) => p.owner))];
  }
  const consumers = new Set(platform.secrets.filter((r) => r.copyFrom?.namespace === from.namespace && r.copyFrom.name === from.name).flatMap((r) => r.consumers));
  return [...platform.components].filter(([name, built]) => built.namespace === from.namespace && !consumers.has(name)).map(([name]) => name);
}

function step(options: {
  id: string;
  kind: StepKind;
  title: string;
  phase: Phase;
  component?: ComponentName;
  dependsOn: readonly string[];
  objects: readonly KubeObject[];
  crds?: readonly string[];
  skip?: ReadonlySet<string>;
  install?: DeployStep['install'];
  copy?: SecretCopy;
  timeoutSeconds?: number;
}): DeployStep {
  const wait = options.objects
    .filter((o) => !(options.skip?.has(refKey(refOf(o))) ?? false))
    .filter((o) => WAITED(o))
    .sort(compareObjects)
    .map(refOf);
  const result: DeployStep = {
    id: options.id,
    kind: options.kind,
    title: options.title,
    phase: options.phase,
    dependsOn: [...new Set(options.dependsOn)].filter((d) => d !== options.id).sort(),
    waves: toWaves(options.objects),
    wait,
    crds: [...(options.crds ?? [])].sort(),
    ...(options.component !== undefined ? { component: options.component } : {}),
    ...(options.install !== undefined ? { install: options.install } : {}),
    ...(options.copy !== undefined ? { copy: options.copy } : {}),
    ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
  };
  return result;
}

/** Kinds deploy waits for: the catalogue's (`src/kinds/`). */
export { WAITED_KINDS };

function WAITED(object: KubeObject): boolean {
  return WAITED_KINDS.has(`${groupOf(object.apiVersion)}/${object.kind}`);
}

/**
 * Kahn's algorithm with a deterministic tie-break (phase, then id). Throws on a cycle, naming
 * the steps in it. Pure.
 */
export function topologicalOrder(steps: readonly DeployStep[]): DeployStep[] {
  const byId = new Map(steps.map((s) => [s.id, s] as const));
  const indegree = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const s of steps) {
    const deps = s.dependsOn.filter((d) => byId.has(d));
    indegree.set(s.id, deps.length);
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), s.id]);
  }
  const order = (a: string, b: string): number => phaseIndex(byId.get(a)!.phase) - phaseIndex(byId.get(b)!.phase) || a.localeCompare(b);
  const ready = steps.filter((s) => indegree.get(s.id) === 0).map((s) => s.id).sort(order);
  const out: DeployStep[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    const s = byId.get(id)!;
    out.push({ ...s, dependsOn: s.dependsOn.filter((d) => byId.has(d)) });
    for (const next of dependents.get(id) ?? []) {
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) {
        ready.push(next);
        ready.sort(order);
      }
    }
  }
  if (out.length !== steps.length) {
    const stuck = steps.filter((s) => !out.some((o) => o.id === s.id)).map((s) => s.id);
    throw new Error(`deploy graph has a dependency cycle among: ${stuck.join(', ')}`);
  }
  return out;
}

/** Steps whose dependencies are all done and that are neither done, running nor blocked. Pure. */
export function runnableSteps(graph: DeployGraph, state: { done: ReadonlySet<string>; started: ReadonlySet<string>; failed: ReadonlySet<string> }): DeployStep[] {
  return graph.steps.filter((s) => !state.started.has(s.id) && s.dependsOn.every((d) => state.done.has(d)) && !s.dependsOn.some((d) => state.failed.has(d)));
}

/** Every step that (transitively) waits on `id`: what a stuck or failed step blocks. Pure. */
export function blockedBy(graph: DeployGraph, ids: Iterable<string>): string[] {
  const out = new Set<string>();
  const queue = [...ids];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const s of graph.steps) {
      if (s.dependsOn.includes(current) && !out.has(s.id)) {
        out.add(s.id);
        queue.push(s.id);
      }
    }
  }
  for (const id of ids) out.delete(id);
  return [...out].sort();
}

/**
 * The longest chain of step durations through the graph (the floor on wall time with unbounded
 * parallelism), and the steps on it. Pure.
 */
export function criticalPath(graph: DeployGraph, duration: (step: DeployStep) => number): { total: number; path: string[] } {
  const finish = new Map<string, { at: number; via: string | undefined }>();
  for (const s of graph.steps) {
    let start = 0;
    let via: string | undefined;
    for (const d of s.dependsOn) {
      const f = finish.get(d);
      if (f && f.at > start) {
        start = f.at;
        via = d;
      }
    }
    finish.set(s.id, { at: start + duration(s), via });
  }
  let end: string | undefined;
  for (const [id, f] of finish) if (end === undefined || f.at > finish.get(end)!.at) end = id;
  const path: string[] = [];
  for (let at = end; at !== undefined; at = finish.get(at)!.via) path.unshift(at);
  return { total: end === undefined ? 0 : finish.get(end)!.at, path };
}

/**
 * Wall time when phases run one after another (the seeds' procedure): each phase takes as long
 * as its slowest step, steps of a phase in parallel. Pure.
 */
export function sequentialPhaseTime(graph: DeployGraph, duration: (step: DeployStep) => number): number {
  let total = 0;
  for (const phase of PHASES) {
    const inPhase = graph.steps.filter((s) => s.phase === phase);
    if (inPhase.length > 0) total += Math.max(...inPhase.map(duration));
  }
  return total;
}

/** Steps in reverse dependency order, for uninstall. Pure. */
export function reverseOrder(graph: DeployGraph): DeployStep[] {
  return [...graph.steps].reverse();
}
