import type { KubeObject, ObjectRef } from '../../model/kube.ts';
import { describeRef } from '../../model/kube.ts';
import type { Probe } from '../../model/live-check.ts';
import { ProbeFailure, type ProbeContext } from './context.ts';
import { podReady, readinessOf } from './readiness.ts';

type ProbeOf<T extends Probe['type']> = Extract<Probe, { type: T }>;

async function mustGet(ctx: ProbeContext, ref: ObjectRef): Promise<KubeObject> {
  const object = await ctx.objects.get(ref);
  if (object === undefined) throw new ProbeFailure(`${describeRef(ref)} not found`);
  return object;
}

function mismatches(kind: 'label' | 'annotation', want: Record<string, string> | undefined, have: Record<string, string> | undefined): string[] {
  if (want === undefined) return [];
  return Object.entries(want)
    .filter(([key, value]) => have?.[key] !== value)
    .map(([key, value]) => `${kind} ${key}=${value} (found ${have?.[key] === undefined ? 'none' : `"${have[key]}"`})`);
}

/** The object exists and carries the expected labels and annotations. */
export async function objectExists(probe: ProbeOf<'object-exists'>, ctx: ProbeContext): Promise<string> {
  const object = await mustGet(ctx, probe.ref);
  const wrong = [...mismatches('label', probe.labels, object.metadata.labels), ...mismatches('annotation', probe.annotations, object.metadata.annotations)];
  if (wrong.length > 0) throw new ProbeFailure(`${describeRef(probe.ref)} exists but lacks ${wrong.join(', ')}`);
  const checked = Object.keys(probe.labels ?? {}).length + Object.keys(probe.annotations ?? {}).length;
  return checked > 0 ? `${describeRef(probe.ref)} exists with ${checked} expected labels/annotations` : `${describeRef(probe.ref)} exists`;
}

/** The object exists and its kind's readiness rule holds. */
export async function objectReady(probe: ProbeOf<'object-ready'>, ctx: ProbeContext): Promise<string> {
  let readiness = readinessOf(await mustGet(ctx, probe.ref));
  let reason = readiness.reason;
  // As deploy waits: an object whose rule defers to another (a Pooler to its Deployment) is as ready as that one.
  for (let hops = 0; !readiness.ready && readiness.follow !== undefined && hops < 3; hops++) {
    const ref = readiness.follow;
    const followed = await ctx.objects.get(ref);
    readiness = followed === undefined ? { ready: false, reason: 'not found' } : readinessOf(followed);
    reason = `${reason}; ${ref.kind}/${ref.name}: ${readiness.reason}`;
  }
  if (!readiness.ready) throw new ProbeFailure(`${describeRef(probe.ref)} not ready: ${reason}`);
  return `${describeRef(probe.ref)}: ${reason}`;
}

/** At least `min` pods with the labels are Ready. */
export async function podsReady(probe: ProbeOf<'pods-ready'>, ctx: ProbeContext): Promise<string> {
  const pods = await ctx.objects.list({ apiVersion: 'v1', kind: 'Pod', namespace: probe.namespace, labels: probe.selector });
  const running = pods.filter((pod) => pod.metadata['deletionTimestamp'] === undefined);
  const ready = running.filter(podReady);
  const summary = `${ready.length}/${Math.max(probe.min, running.length)} pods ready in ${probe.namespace}`;
  if (ready.length < probe.min) {
    const notReady = running.filter((pod) => !podReady(pod)).map((pod) => `${pod.metadata.name} (${String(((pod['status'] ?? {}) as Record<string, unknown>)['phase'] ?? 'Unknown')})`);
    throw new ProbeFailure(`${summary}, need ${probe.min}${notReady.length > 0 ? `; not ready: ${notReady.join(', ')}` : ''}`);
  }
  return summary;
}

/** Every PVC with the labels is Bound (and there is at least one). */
export async function pvcsBound(probe: ProbeOf<'pvcs-bound'>, ctx: ProbeContext): Promise<string> {
  const claims = await ctx.objects.list({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: probe.namespace, labels: probe.selector });
  if (claims.length === 0) throw new ProbeFailure(`no PersistentVolumeClaims match the selector in ${probe.namespace}`);
  const unbound = claims.filter((claim) => !readinessOf(claim).ready);
  if (unbound.length > 0) {
    throw new ProbeFailure(`${unbound.length}/${claims.length} PVCs not bound: ${unbound.map((c) => `${c.metadata.name} (${readinessOf(c).reason})`).join(', ')}`);
  }
  return `${claims.length}/${claims.length} PVCs bound in ${probe.namespace}`;
}

/** The Service has at least one ready endpoint (EndpointSlices, discovery.k8s.io/v1). */
export async function serviceEndpoints(probe: ProbeOf<'service-endpoints'>, ctx: ProbeContext): Promise<string> {
  await mustGet(ctx, { apiVersion: 'v1', kind: 'Service', namespace: probe.namespace, name: probe.service });
  const slices = await ctx.objects.list({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    namespace: probe.namespace,
    labels: { 'kubernetes.io/service-name': probe.service },
  });
  const endpoints = slices.flatMap((slice) => (Array.isArray(slice['endpoints']) ? (slice['endpoints'] as { conditions?: { ready?: boolean } }[]) : []));
  // `ready` unset means ready (discovery.k8s.io/v1 EndpointConditions).
  const ready = endpoints.filter((endpoint) => endpoint.conditions?.ready !== false);
  if (ready.length === 0) throw new ProbeFailure(`Service ${probe.service} (${probe.namespace}) has no ready endpoints (${endpoints.length} not ready)`);
  return `Service ${probe.service} (${probe.namespace}) has ${ready.length} ready endpoints`;
}

/** The Route is admitted by a router; reports its host and TLS termination. */
export async function routeAdmitted(probe: ProbeOf<'route'>, ctx: ProbeContext): Promise<string> {
  const route = await mustGet(ctx, { apiVersion: 'route.openshift.io/v1', kind: 'Route', namespace: probe.namespace, name: probe.name });
  const status = (route['status'] ?? {}) as { ingress?: { routerName?: string; host?: string; conditions?: { type?: string; status?: string; message?: string }[] }[] };
  const spec = (route['spec'] ?? {}) as { host?: string; tls?: { termination?: string } };
  const admitted = (status.ingress ?? []).filter((i) => (i.conditions ?? []).some((c) => c.type === 'Admitted' && c.status === 'True'));
  if (admitted.length === 0) {
    const why = (status.ingress ?? []).flatMap((i) => (i.conditions ?? []).map((c) => c.message ?? '')).filter((m) => m !== '');
    throw new ProbeFailure(`Route ${probe.name} (${probe.namespace}) is not admitted by any router${why.length > 0 ? `: ${why.join('; ')}` : ''}`);
  }
  if (spec.tls?.termination === undefined) throw new ProbeFailure(`Route ${probe.name} (${probe.namespace}) is admitted but serves plain HTTP (no spec.tls)`);
  return `https://${admitted[0]?.host ?? spec.host ?? '?'} admitted by ${admitted.map((a) => a.routerName ?? 'router').join(', ')}, TLS ${spec.tls.termination}`;
}

/** The Ingress has an address from its controller. */
export async function ingressAddress(probe: ProbeOf<'ingress'>, ctx: ProbeContext): Promise<string> {
  const ingress = await mustGet(ctx, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace: probe.namespace, name: probe.name });
  const lb = (((ingress['status'] ?? {}) as Record<string, unknown>)['loadBalancer'] ?? {}) as { ingress?: { ip?: string; hostname?: string }[] };
  const address = lb.ingress?.map((i) => i.ip ?? i.hostname).find((a) => a !== undefined);
  if (address === undefined) throw new ProbeFailure(`Ingress ${probe.name} (${probe.namespace}) has no address yet: is an ingress controller running for its class?`);
  const tls = Array.isArray(((ingress['spec'] ?? {}) as Record<string, unknown>)['tls']);
  return `Ingress ${probe.name} (${probe.namespace}) at ${address}${tls ? ', TLS configured' : ', no TLS'}`;
}

async function crdsEstablished(crds: readonly string[], ctx: ProbeContext): Promise<string[]> {
  const problems: string[] = [];
  await Promise.all(
    crds.map(async (name) => {
      const crd = await ctx.objects.get({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name });
      if (crd === undefined) problems.push(`CRD ${name} missing`);
      else if (!readinessOf(crd).ready) problems.push(`CRD ${name} ${readinessOf(crd).reason}`);
    }),
  );
  return problems.sort();
}

/** OLM: Subscription → installed CSV `Succeeded`; otherwise every Deployment in the namespace available. CRDs Established. */
export async function operatorHealthy(probe: ProbeOf<'operator'>, ctx: ProbeContext): Promise<string> {
  const crdProblems = await crdsEstablished(probe.crds, ctx);
  let state: string;
  if (probe.install.via === 'olm') {
    const { namespace, subscription } = probe.install;
    const sub = await mustGet(ctx, { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'Subscription', namespace, name: subscription });
    const status = (sub['status'] ?? {}) as { installedCSV?: string; currentCSV?: string; state?: string };
    if (status.installedCSV === undefined) {
      throw new ProbeFailure(`Subscription ${subscription} (${namespace}) has no installed CSV (state ${status.state ?? 'unknown'}${status.currentCSV ? `, waiting for ${status.currentCSV}: approve its InstallPlan if approval is Manual` : ''})`);
    }
    const csv = await mustGet(ctx, { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'ClusterServiceVersion', namespace, name: status.installedCSV });
    const phase = String(((csv['status'] ?? {}) as Record<string, unknown>)['phase'] ?? 'Unknown');
    if (phase !== 'Succeeded') throw new ProbeFailure(`ClusterServiceVersion ${status.installedCSV} (${namespace}) is in phase ${phase}`);
    state = `${status.installedCSV} Succeeded`;
  } else {
    const { namespace } = probe.install;
    const deployments = await ctx.objects.list({ apiVersion: 'apps/v1', kind: 'Deployment', namespace });
    if (deployments.length === 0) throw new ProbeFailure(`no operator Deployments in ${namespace}`);
    const down = deployments.filter((d) => !readinessOf(d).ready);
    if (down.length > 0) throw new ProbeFailure(`operator Deployments not available in ${namespace}: ${down.map((d) => `${d.metadata.name} (${readinessOf(d).reason})`).join(', ')}`);
    state = `${deployments.length} Deployments available in ${namespace}`;
  }
  if (crdProblems.length > 0) throw new ProbeFailure(`${state}, but ${crdProblems.join(', ')}`);
  return probe.crds.length > 0 ? `${state}, ${probe.crds.length} CRDs established` : state;
}
