import type { Consumer } from '../model/consumption.ts';
import { DatalypticaError, ErrorCode } from '../errors.ts';
import type { Flow, FlowPeer, FlowPort, Protocol } from '../model/flow.ts';
import type { KubeObject, Labels } from '../model/kube.ts';
import type { ComponentName } from '../model/names.ts';

/** Who opens connections to a Service, and why (the flow's description). */
export interface FlowSource {
  readonly from: FlowPeer;
  readonly description: string;
}

/**
 * The provider's consumers (`ctx.consumers`) as flow sources: each from its pods (or the ones its
 * declaration narrows to), described by its `purpose` or else by `describe`.
 */
export function consumerSources(consumers: readonly Consumer[], describe: (consumer: ComponentName) => string): FlowSource[] {
  return consumers.map((c) => ({
    from: { kind: 'component', component: c.consumer, ...(c.selector === undefined ? {} : { selector: c.selector }) },
    description: c.purpose ?? describe(c.consumer),
  }));
}

interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort?: number | string;
  readonly protocol?: Protocol;
}

/** Named container ports of the pod templates (`spec.template`, or the CronJob's job template). */
function namedPorts(pods: readonly KubeObject[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const workload of pods) {
    const spec = workload['spec'] as { template?: { spec?: { containers?: { ports?: { name?: string; containerPort: number }[] }[] } } } | undefined;
    for (const c of spec?.template?.spec?.containers ?? []) {
      for (const p of c.ports ?? []) if (p.name !== undefined && !out.has(p.name)) out.set(p.name, p.containerPort);
    }
  }
  return out;
}

function refusal(service: KubeObject, what: string): DatalypticaError {
  return new DatalypticaError(ErrorCode.Internal, `flows to Service ${service.metadata.namespace ?? ''}/${service.metadata.name}: ${what}`, {
    hint: 'a component bug: pass the Service its own build renders, with the workload whose pods it selects (flowsToService(service, sources, { pods }))',
  });
}

/**
 * The pod ports a Service's ports reach: a numeric `targetPort` as is, a named one resolved against
 * the container ports of `pods` (what the kube-proxy does per endpoint), `port` when it has none.
 * A NetworkPolicy matches the pod's port, never the Service's.
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
 */
export function servicePodPorts(service: KubeObject, options: { readonly ports?: readonly string[]; readonly pods?: KubeObject | readonly KubeObject[] } = {}): FlowPort[] {
  const declared = ((service['spec'] as { ports?: ServicePort[] } | undefined)?.ports ?? []);
  const wanted = options.ports ?? declared.map((p) => p.name ?? '');
  const pods = options.pods === undefined ? [] : Array.isArray(options.pods) ? options.pods : [options.pods as KubeObject];
  const named = namedPorts(pods);
  return wanted.map((name) => {
    const p = declared.find((d) => (d.name ?? '') === name);
    if (p === undefined) throw refusal(service, `it has no port named ${JSON.stringify(name)} (it has ${declared.map((d) => d.name ?? '(unnamed)').join(', ')})`);
    const target = p.targetPort ?? p.port;
    const port = typeof target === 'number' ? target : named.get(target);
    if (port === undefined) throw refusal(service, `port ${JSON.stringify(name)} targets the container port ${JSON.stringify(target)}, which no container of the given pods declares`);
    return { port, ...(p.protocol === undefined || p.protocol === 'TCP' ? {} : { protocol: p.protocol }), ...(p.name === undefined ? {} : { name: p.name }) };
  });
}

/**
 * The flows into the pods a Service of the declaring component selects (its `spec.selector`), on
 * the pod ports its ports target (`servicePodPorts`; `ports` picks Service ports by name, all of
 * them otherwise): one flow per source. So a flow never restates a selector or a port number the
 * Service already says, and cannot drift from it.
 */
export function flowsToService(
  service: KubeObject,
  sources: readonly FlowSource[],
  options: { readonly ports?: readonly string[]; readonly pods?: KubeObject | readonly KubeObject[] } = {},
): Flow[] {
  const selector = (service['spec'] as { selector?: Labels } | undefined)?.selector;
  if (selector === undefined || Object.keys(selector).length === 0) throw refusal(service, 'it selects no pods (a Service without a selector has no pods to let in)');
  const ports = servicePodPorts(service, options);
  return sources.map((s) => ({ from: s.from, toSelector: { ...selector }, ports, description: s.description }));
}
