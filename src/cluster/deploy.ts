import { setMaxListeners } from 'node:events';
import { DatalypticaError, ErrorCode, isDatalypticaError } from '../errors.ts';
import { describeRef, refOf, type KubeObject, type ObjectRef } from '../model/kube.ts';
import { blockedBy, buildDeployGraph, runnableSteps, type DeployGraph, type DeployStep } from '../platform/deploy-graph.ts';
import { applyWave } from '../platform/deploy-graph.ts';
import type { Platform } from '../platform/platform.ts';
import { manifestUrls, type ManifestInstall } from '../platform/derive/operators.ts';
import { KindNotServed, NamespaceMissing, type KubeClient } from './client.ts';
import type { ChildAccess } from './connection.ts';
import { autoscaledTargets, coversRendered, guardedDrift } from './drift.ts';
import { Limiter } from './limiter.ts';
import { sleep } from './retry.ts';
import { copiedSecretData } from '../platform/secret-copy.ts';
import { withOwnership } from './ownership.ts';
import { decodeHelmRelease, fetchManifest, installChart, parseManifest, PENDING_STATUSES, recoveryArgs, releaseMatches, runHelm, transientHelmFailure, type HelmRelease, type HelmRunner, type HelmSource, type ManifestFetcher } from './operator-install.ts';
import type { ReadinessContext, ReadinessVerdict } from './readiness.ts';
import { waitForObject, waitForReady, type WaitOutcome } from './wait.ts';

/** One line of progress; `-o json` prints each as one JSON object. */
export type DeployEvent =
  | { readonly type: 'step-start'; readonly step: string; readonly title: string }
  | { readonly type: 'applied' | 'unchanged' | 'skipped'; readonly step: string; readonly object: string; readonly message?: string }
  /** Behaviour-changing fields someone else changed (securityContext, policy rules, RBAC, replicas), patched back. */
  | { readonly type: 'restored'; readonly step: string; readonly object: string; readonly fields: readonly string[] }
  | { readonly type: 'waiting'; readonly step: string; readonly object: string; readonly reason: string }
  | { readonly type: 'ready'; readonly step: string; readonly object: string; readonly reason: string }
  | { readonly type: 'step-done'; readonly step: string; readonly applied: number; readonly unchanged: number }
  | { readonly type: 'step-failed'; readonly step: string; readonly message: string; readonly details: readonly string[] }
  | { readonly type: 'step-blocked'; readonly step: string; readonly by: readonly string[] }
  | { readonly type: 'retry'; readonly what: string; readonly attempt: number; readonly delayMs: number; readonly reason: string };

export interface DeployOptions {
  readonly client: KubeClient;
  /** The kubeconfig and context of `client`'s connection, for every child process (helm). */
  readonly access: ChildAccess;
  readonly platform: Platform;
  /** Generated Secrets, applied before the workloads that read them. */
  readonly secrets?: readonly KubeObject[];
  /** Take fields other managers own (`--force-conflicts`); also re-applies unchanged objects. */
  readonly forceConflicts?: boolean;
  /** `--dry-run=server`: every apply with dryRun=All, no waits, no installs. */
  readonly dryRun?: boolean;
  /** Concurrent API writes. @default 8 */
  readonly concurrency?: number;
  /** Wait budget of one step unless its component declares its own. @default 600 */
  readonly phaseTimeoutSeconds?: number;
  /** Budget of the whole deploy. @default 3600 */
  readonly timeoutSeconds?: number;
  readonly onEvent?: (event: DeployEvent) => void;
  readonly fetchManifest?: ManifestFetcher;
  readonly helm?: HelmRunner;
  /** Only these steps (by id) and what they need. */
  readonly only?: readonly string[];
  readonly signal?: AbortSignal;
}

export type StepState = 'done' | 'failed' | 'timeout' | 'blocked';

export interface StepOutcome {
  readonly id: string;
  readonly state: StepState;
  readonly applied: number;
  readonly unchanged: number;
  /** Objects still not ready at the end (timeouts and failures), with the last word. */
  readonly stuck: readonly { readonly object: string; readonly reason: string }[];
  readonly message?: string;
}

export interface DeployResult {
  readonly graph: DeployGraph;
  readonly steps: readonly StepOutcome[];
  readonly ok: boolean;
  /** `signal` aborted (SIGINT/SIGTERM): running steps were stopped, helm children killed. */
  readonly interrupted: boolean;
}

class StepFailure extends Error {
  readonly state: 'failed' | 'timeout';
  readonly stuck: { object: string; reason: string }[];
  constructor(state: 'failed' | 'timeout', message: string, stuck: { object: string; reason: string }[] = []) {
    super(message);
    this.state = state;
    this.stuck = stuck;
  }
}

const SECRET_REF = { apiVersion: 'v1', kind: 'Secret' } as const;

/**
 * Applies the platform in dependency order: each step's objects wave by wave with server-side
 * apply, then waits for their readiness; independent steps run in parallel, API writes bounded
 * by `concurrency`. An object whose live copy already holds every rendered field is not
 * re-applied, so a re-run after an interruption only does what is left; behaviour-changing fields
 * someone else added or changed (see {@link guardedDrift}) are patched back first. Never throws for a step failure: the
 * result names failed, timed-out and blocked steps (see {@link deployError}).
 */
export async function deployPlatform(options: DeployOptions): Promise<DeployResult> {
  const { client } = options;
  const graph = buildDeployGraph(options.platform, { secrets: options.secrets ?? [] });
  const limiter = new Limiter(options.concurrency ?? 8);
  const emit = options.onEvent ?? (() => undefined);
  const global = AbortSignal.any([AbortSignal.timeout((options.timeoutSeconds ?? 3600) * 1000), ...(options.signal ? [options.signal] : [])]);
  // Every wait listens on the deploy-wide signal; hundreds of listeners are expected.
  setMaxListeners(0, global);
  const wanted = options.only ? closure(graph, options.only) : undefined;
  if (!options.dryRun) await requireExternalSecrets(client, options.platform);

  const done = new Set<string>();
  const started = new Set<string>();
  const failed = new Set<string>();
  const outcomes = new Map<string, StepOutcome>();
  const running = new Map<string, Promise<void>>();

  const run = async (step: DeployStep): Promise<void> => {
    emit({ type: 'step-start', step: step.id, title: step.title });
    const counts = { applied: 0, unchanged: 0 };
    try {
      await runStep(step, counts);
      done.add(step.id);
      outcomes.set(step.id, { id: step.id, state: 'done', ...counts, stuck: [] });
      emit({ type: 'step-done', step: step.id, ...counts });
    } catch (error) {
      failed.add(step.id);
      const failure = error instanceof StepFailure ? error : undefined;
      const message = error instanceof Error ? error.message : String(error);
      const details = [...(failure?.stuck.map((s) => `${s.object}: ${s.reason}`) ?? []), ...(isDatalypticaError(error) ? error.details : []), ...(isDatalypticaError(error) && error.hint ? [`hint: ${error.hint}`] : [])];
      outcomes.set(step.id, { id: step.id, state: failure?.state ?? 'failed', ...counts, stuck: failure?.stuck ?? [], message });
      emit({ type: 'step-failed', step: step.id, message, details });
    }
  };

  const instance = options.platform.config.namePrefix;
  const autoscaled = autoscaledTargets(options.platform);
  const applyOne = async (step: DeployStep, rendered: KubeObject, counts: { applied: number; unchanged: number }): Promise<void> => {
    const ref = refOf(rendered);
    const name = describeRef(ref);
    // Read first: whether the object exists decides whether it is ours, and live is what drift is measured on.
    const live = await limiter.run(() => client.get(ref));
    const object = withOwnership(rendered, live, instance);
    const drift = { autoscaled: autoscaled.has(`${rendered.kind}/${rendered.metadata.namespace ?? ''}/${rendered.metadata.name}`) };
    const guarded = live === undefined ? undefined : guardedDrift(object, live, drift);
    if (guarded !== undefined && !options.dryRun) {
      // Server-side apply never removes what another manager added: patch the behaviour-changing paths back first.
      await limiter.run(() => client.mergePatch(ref, { ...guarded.patch, metadata: { resourceVersion: live!.metadata['resourceVersion'] } }));
      emit({ type: 'restored', step: step.id, object: name, fields: guarded.fields });
    }
    if (!options.dryRun && !options.forceConflicts && live !== undefined && guarded === undefined && coversRendered(object, live, drift)) {
      counts.unchanged++;
      emit({ type: 'unchanged', step: step.id, object: name });
      return;
    }
    try {
      await limiter.run(() => client.apply(object, { force: options.forceConflicts ?? false, dryRun: options.dryRun ?? false }));
    } catch (error) {
      if (options.dryRun && error instanceof KindNotServed) {
        emit({ type: 'skipped', step: step.id, object: name, message: 'kind not served yet (its operator installs the CRD on a real run)' });
        return;
      }
      if (options.dryRun && error instanceof NamespaceMissing) {
        emit({ type: 'skipped', step: step.id, object: name, message: 'namespace does not exist yet (created on a real run)' });
        return;
      }
      throw error;
    }
    counts.applied++;
    emit({ type: 'applied', step: step.id, object: name, ...(options.dryRun ? { message: 'dry run' } : {}) });
  };

  const applyWaves = async (step: DeployStep, waves: readonly (readonly KubeObject[])[], counts: { applied: number; unchanged: number }): Promise<void> => {
    for (const wave of waves) {
      await Promise.all(wave.map((object) => applyOne(step, object, counts)));
      if (wave.some((o) => o.kind === 'CustomResourceDefinition')) client.discovery.invalidate();
    }
  };

  const bindingModes = async (): Promise<ReadinessContext> => {
    const classes = await client.list({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass' });
    const modes = new Map<string, string>();
    for (const sc of classes.items) {
      const mode = (sc['volumeBindingMode'] as string | undefined) ?? 'Immediate';
      modes.set(sc.metadata.name, mode);
      if (sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true') modes.set('', mode);
    }
    return { bindingMode: (name) => modes.get(name) };
  };

  const waitAll = async (step: DeployStep, refs: readonly ObjectRef[]): Promise<void> => {
    if (refs.length === 0) return;
    const budget = (step.timeoutSeconds ?? options.phaseTimeoutSeconds ?? 600) * 1000;
    const signal = AbortSignal.any([AbortSignal.timeout(budget), global]);
    setMaxListeners(0, signal);
    const context = refs.some((r) => r.kind === 'PersistentVolumeClaim') ? await bindingModes() : {};
    const outcomes: WaitOutcome[] = await Promise.all(
      refs.map((ref) =>
        waitForReady(client, ref, {
          signal,
          context,
          onProgress: (r, verdict) => {
            if (verdict.state === 'progressing') emit({ type: 'waiting', step: step.id, object: describeRef(r), reason: verdict.reason });
          },
        }).then((outcome) => {
          if (outcome.verdict.state === 'ready') emit({ type: 'ready', step: step.id, object: describeRef(ref), reason: outcome.verdict.reason });
          return outcome;
        }),
      ),
    );
    const bad = outcomes.filter((o) => o.verdict.state !== 'ready');
    if (bad.length === 0) return;
    const stuck = bad.map((o) => ({ object: describeRef(o.ref), reason: `${o.verdict.state === 'failed' ? 'failed' : 'not ready'}: ${o.verdict.reason}` }));
    const anyFailed = bad.some((o) => o.verdict.state === 'failed');
    if (anyFailed) throw new StepFailure('failed', `${step.title}: ${bad.filter((o) => o.verdict.state === 'failed').length} object(s) failed`, stuck);
    const why = global.aborted ? `the deploy budget of ${options.timeoutSeconds ?? 3600}s` : `${budget / 1000}s`;
    throw new StepFailure('timeout', `${step.title}: ${bad.length} object(s) not ready within ${why}`, stuck);
  };

  const install = async (step: DeployStep, counts: { applied: number; unchanged: number }): Promise<ObjectRef[]> => {
    const source = step.install;
    if (source === undefined || source.type === 'olm') return [];
    if (source.type === 'helm') {
      if (options.dryRun) {
        emit({ type: 'skipped', step: step.id, object: `helm chart ${source.chart}`, message: 'dry run: helm not run' });
        return [];
      }
      const chart = source as HelmSource & { values?: Record<string, unknown> };
      if (!options.forceConflicts && releaseMatches(await deployedRelease(client, chart), chart)) {
        counts.unchanged++;
        emit({ type: 'unchanged', step: step.id, object: `helm release ${source.id}`, message: `${source.chart} ${source.version}` });
        return [];
      }
      const helm = options.helm ?? runHelm;
      const stale = await pendingRelease(client, chart);
      if (stale !== undefined) {
        // An interrupted helm left the release pending-*: helm refuses every operation until it is cleared.
        await helm(recoveryArgs(chart, stale.lastDeployed, options.access), { env: options.access.env, signal: global });
        emit({ type: 'restored', step: step.id, object: `helm release ${source.id}`, fields: [`status ${stale.status} cleared by ${stale.lastDeployed === undefined ? 'uninstall' : `rollback to revision ${stale.lastDeployed}`}`] });
      }
      for (let attempt = 1; ; attempt++) {
        try {
          await installChart(chart, helm, { access: options.access, signal: global });
          break;
        } catch (error) {
          if (global.aborted || attempt >= HELM_ATTEMPTS || !transientHelmFailure(error)) throw error;
          const delayMs = Math.min(1000 * 2 ** (attempt - 1), 15_000);
          emit({ type: 'retry', what: `helm upgrade --install ${source.id}`, attempt, delayMs, reason: (error as Error).message });
          await sleep(delayMs, global);
        }
      }
      counts.applied++;
      emit({ type: 'applied', step: step.id, object: `helm release ${source.id}`, message: `${source.chart} ${source.version}` });
      return [];
    }
    const objects = await fetchInstallManifests(source, options.fetchManifest ?? fetchManifest);
    const waves: KubeObject[][] = [[], [], [], []];
    for (const object of objects) waves[applyWave(object.kind)]!.push(object);
    await applyWaves(step, waves.filter((w) => w.length > 0), counts);
    return objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind)).map(refOf);
  };

  const copySecret = async (step: DeployStep, counts: { applied: number; unchanged: number }): Promise<void> => {
    const copy = step.copy!;
    const source = { ...SECRET_REF, name: copy.from.name, namespace: copy.from.namespace };
    if (options.dryRun) {
      emit({ type: 'skipped', step: step.id, object: describeRef(source), message: 'dry run: copied once the source exists' });
      return;
    }
    const budget = (options.phaseTimeoutSeconds ?? 600) * 1000;
    let live: KubeObject | undefined;
    const outcome = await waitForObject(client, source, {
      signal: AbortSignal.any([AbortSignal.timeout(budget), global]),
      assess: (object): ReadinessVerdict => {
        live = object;
        return object ? { state: 'ready', reason: 'exists' } : { state: 'progressing', reason: 'source Secret does not exist yet' };
      },
      onProgress: (r, verdict) => {
        if (verdict.state === 'progressing') emit({ type: 'waiting', step: step.id, object: describeRef(r), reason: verdict.reason });
      },
    });
    if (outcome.verdict.state !== 'ready' || live === undefined) {
      throw new StepFailure('timeout', `${step.title}: the source Secret never appeared`, [{ object: describeRef(source), reason: outcome.verdict.reason }]);
    }
    const shaped = copiedSecretData(live['data'] as Record<string, string> | undefined, copy);
    if (shaped.missing.length > 0) {
      throw new StepFailure('failed', `${step.title}: the source Secret lacks key(s) ${shaped.missing.join(', ')}`, [{ object: describeRef(source), reason: `missing key(s) ${shaped.missing.join(', ')} that the copy maps` }]);
    }
    const target: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: copy.to.name,
        namespace: copy.to.namespace,
        labels: { 'app.kubernetes.io/managed-by': 'datalyptica', ...(copy.labels ?? {}) },
        annotations: { 'datalyptica.io/copied-from': `${copy.from.namespace}/${copy.from.name}` },
      },
      // A reshaped copy no longer has the keys a typed source (kubernetes.io/tls) promises.
      type: copy.type ?? (copy.keyMap === undefined ? (live['type'] as string | undefined) : undefined) ?? 'Opaque',
      data: shaped.data,
    };
    await applyOne(step, target, counts);
  };

  const runStep = async (step: DeployStep, counts: { applied: number; unchanged: number }): Promise<void> => {
    const extraWaits = await install(step, counts);
    if (step.copy) await copySecret(step, counts);
    await applyWaves(step, step.waves, counts);
    if (options.dryRun) return;
    const crdRefs: ObjectRef[] = step.crds.map((name) => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name }));
    await waitAll(step, [...crdRefs, ...extraWaits, ...step.wait]);
    if (crdRefs.length > 0) client.discovery.invalidate();
  };

  // Scheduler: start every runnable step; when one settles, look again.
  for (;;) {
    if (global.aborted) break;
    const next = runnableSteps(graph, { done, started, failed }).filter((s) => wanted === undefined || wanted.has(s.id));
    for (const step of next) {
      started.add(step.id);
      const promise = run(step).finally(() => running.delete(step.id));
      running.set(step.id, promise);
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  await Promise.all(running.values());

  for (const step of graph.steps) {
    if (outcomes.has(step.id) || (wanted !== undefined && !wanted.has(step.id))) continue;
    const by = step.dependsOn.filter((d) => !done.has(d));
    outcomes.set(step.id, { id: step.id, state: 'blocked', applied: 0, unchanged: 0, stuck: [], message: `waits for ${by.join(', ')}` });
    emit({ type: 'step-blocked', step: step.id, by });
  }
  const steps = graph.steps.filter((s) => outcomes.has(s.id)).map((s) => outcomes.get(s.id)!);
  const interrupted = options.signal?.aborted ?? false;
  return { graph, steps, ok: !interrupted && steps.every((s) => s.state === 'done'), interrupted };
}

/**
 * Secrets the platform reads but nobody creates (`source: external`, e.g. the keys of an external
 * S3) must exist before anything is applied: otherwise deploy would only find out when a copy or a
 * pod waits for them until its timeout.
 */
async function requireExternalSecrets(client: KubeClient, platform: Platform): Promise<void> {
  const wanted = new Map<string, Platform['secrets'][number]>();
  for (const r of platform.secrets) if (r.source === 'external') wanted.set(`${r.namespace}/${r.name}`, r);
  const missing: string[] = [];
  const commands: string[] = [];
  for (const r of wanted.values()) {
    const live = await client.get({ ...SECRET_REF, name: r.name, namespace: r.namespace });
    if (live !== undefined) continue;
    missing.push(`Secret/${r.name} (${r.namespace}): ${r.description}`);
    commands.push(`kubectl create namespace ${r.namespace} --dry-run=client -o yaml | kubectl apply -f - && kubectl create secret generic ${r.name} -n ${r.namespace} ${r.keys.map((k) => `--from-literal=${k.key}=…`).join(' ')}`);
  }
  if (missing.length === 0) return;
  throw new DatalypticaError(ErrorCode.SecretsMissing, `${missing.length} Secret${missing.length === 1 ? '' : 's'} the platform reads but does not create ${missing.length === 1 ? 'is' : 'are'} missing`, {
    details: missing,
    hint: `create ${missing.length === 1 ? 'it' : 'them'} first, then re-run deploy: ${commands.join('; ')}`,
  });
}

/** Attempts of a helm install that fails for a transient reason. */
const HELM_ATTEMPTS = 4;

/** The latest revision of a release when an interrupted operation left it pending, with the last deployed revision. */
async function pendingRelease(client: KubeClient, source: HelmSource): Promise<{ status: string; lastDeployed: number | undefined } | undefined> {
  const { items } = await client.list({ apiVersion: 'v1', kind: 'Secret', namespace: source.namespace, labelSelector: `owner=helm,name=${source.id}` });
  const revisions = items.map((s) => ({ status: s.metadata.labels?.['status'] ?? '', version: Number(s.metadata.labels?.['version'] ?? 0) })).sort((a, b) => b.version - a.version);
  const latest = revisions[0];
  if (latest === undefined || !PENDING_STATUSES.has(latest.status)) return undefined;
  const deployed = revisions.find((r) => r.status === 'deployed' || r.status === 'superseded');
  return { status: latest.status, lastDeployed: deployed?.version };
}

/** The deployed revision of a Helm release, read from Helm's own storage (Secrets labelled owner=helm). */
async function deployedRelease(client: KubeClient, source: HelmSource): Promise<HelmRelease | undefined> {
  const { items } = await client.list({ apiVersion: 'v1', kind: 'Secret', namespace: source.namespace, labelSelector: `owner=helm,name=${source.id},status=deployed` });
  const latest = [...items].sort((a, b) => Number(b.metadata.labels?.['version'] ?? 0) - Number(a.metadata.labels?.['version'] ?? 0))[0];
  return latest === undefined ? undefined : decodeHelmRelease(latest);
}

/** The steps needed for `ids`: them and everything they depend on. Pure. */
export function closure(graph: DeployGraph, ids: readonly string[]): Set<string> {
  const byId = new Map(graph.steps.map((s) => [s.id, s] as const));
  const out = new Set<string>();
  const queue = ids.filter((id) => byId.has(id));
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    queue.push(...byId.get(id)!.dependsOn);
  }
  return out;
}

/** The error for a deploy that did not finish: stuck objects with their last condition, and what they block. */
export function deployError(result: DeployResult): DatalypticaError | undefined {
  if (result.ok) return undefined;
  const bad = result.steps.filter((s) => s.state === 'failed' || s.state === 'timeout');
  const details: string[] = [];
  for (const step of bad) {
    details.push(`${step.id}: ${step.message ?? step.state}`);
    for (const stuck of step.stuck) details.push(`  ${stuck.object} — ${stuck.reason}`);
    const blocked = blockedBy(result.graph, [step.id]);
    if (blocked.length > 0) details.push(`  blocks: ${blocked.join(', ')}`);
  }
  const timedOut = bad.some((s) => s.state === 'timeout');
  const blockedCount = result.steps.filter((s) => s.state === 'blocked').length;
  return new DatalypticaError(
    timedOut ? ErrorCode.DeployTimeout : ErrorCode.DeployFailed,
    `deploy did not finish: ${bad.length} step(s) ${timedOut ? 'failed or timed out' : 'failed'}${blockedCount ? `, ${blockedCount} not started` : ''}`,
    {
      details,
      hint: timedOut
        ? 'inspect the named objects (oc describe / kubectl describe), then re-run deploy: finished work is skipped; raise --phase-timeout for slow clusters'
        : 'fix the named objects, then re-run deploy: finished work is skipped',
    },
  );
}

/**
 * The objects of a manifest install: every file it names, parsed, in order, each object once (a
 * mirrored `<dir>/<id>.yaml` answers for every URL of the install, so it would repeat them).
 */
async function fetchInstallManifests(source: Pick<ManifestInstall, 'id' | 'url' | 'additionalUrls'>, fetcher: ManifestFetcher): Promise<KubeObject[]> {
  const seen = new Set<string>();
  const out: KubeObject[] = [];
  for (const url of manifestUrls(source)) {
    for (const object of parseManifest(await fetcher(url, source.id), url)) {
      const key = `${object.apiVersion}/${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(object);
    }
  }
  return out;
}
