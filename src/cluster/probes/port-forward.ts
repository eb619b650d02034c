import net from 'node:net';
import { PassThrough } from 'node:stream';
import { PortForward, type KubeConfig } from '@kubernetes/client-node';
import { ProbeFailure, type ObjectReader, type Reach, type ReachTarget, type Reached } from './context.ts';

interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort?: number | string;
}

interface SliceEndpoint {
  readonly conditions?: { readonly ready?: boolean };
  readonly targetRef?: { readonly kind?: string; readonly name?: string };
}

/** Which pod and container port a Service port leads to (a ready endpoint, first by name). */
export async function resolveBackend(objects: ObjectReader, target: ReachTarget): Promise<{ pod: string; port: number }> {
  const service = await objects.get({ apiVersion: 'v1', kind: 'Service', namespace: target.namespace, name: target.service });
  if (service === undefined) throw new ProbeFailure(`Service ${target.service} (${target.namespace}) not found`);
  const ports = (((service['spec'] ?? {}) as { ports?: ServicePort[] }).ports ?? []) as ServicePort[];
  const servicePort = ports.find((p) => p.port === target.port);
  if (target.pod !== undefined) {
    // A named broker pod: the port is its container port unless the Service maps it.
    const mapped = typeof servicePort?.targetPort === 'number' ? servicePort.targetPort : target.port;
    return { pod: target.pod, port: mapped };
  }
  if (servicePort === undefined) throw new ProbeFailure(`Service ${target.service} (${target.namespace}) has no port ${target.port}`);
  const slices = await objects.list({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    namespace: target.namespace,
    labels: { 'kubernetes.io/service-name': target.service },
  });
  const candidates: { pod: string; port: number }[] = [];
  for (const slice of slices) {
    const slicePorts = (slice['ports'] ?? []) as { name?: string; port?: number }[];
    const match = slicePorts.find((p) => (p.name ?? '') === (servicePort.name ?? '')) ?? (slicePorts.length === 1 ? slicePorts[0] : undefined);
    const port = match?.port ?? (typeof servicePort.targetPort === 'number' ? servicePort.targetPort : undefined);
    if (port === undefined) continue;
    for (const endpoint of (slice['endpoints'] ?? []) as SliceEndpoint[]) {
      if (endpoint.conditions?.ready === false || endpoint.targetRef?.kind !== 'Pod' || endpoint.targetRef.name === undefined) continue;
      candidates.push({ pod: endpoint.targetRef.name, port });
    }
  }
  candidates.sort((a, b) => a.pod.localeCompare(b.pod));
  const first = candidates[0];
  if (first === undefined) throw new ProbeFailure(`Service ${target.service} (${target.namespace}) has no ready pod behind port ${target.port}`);
  return first;
}

/**
 * Opens and closes one tunnel before the check uses it, so a refused port-forward (RBAC, an API
 * server or proxy that does not upgrade) fails the check with the reason instead of surfacing in
 * the client library as a bare "socket hang up".
 */
async function checkTunnel(forward: PortForward, where: { namespace: string; pod: string; port: number }): Promise<void> {
  const sink = new PassThrough();
  const source = new PassThrough();
  try {
    const opened = await forward.portForward(where.namespace, where.pod, [where.port], sink, null, source);
    const ws = typeof opened === 'function' ? opened() : opened;
    ws?.close();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error);
    throw new ProbeFailure(`cannot port-forward to pod ${where.pod} port ${where.port} in ${where.namespace} through the API server: ${reason}`, { cause: error });
  } finally {
    source.end();
    sink.destroy();
  }
}

/**
 * The production transport: port-forward through the API server (as `kubectl port-forward`)
 * to a ready pod behind the Service, on an ephemeral 127.0.0.1 port that lives as long as the
 * check. Needs `pods/portforward` create rights in the namespace, nothing else in the network.
 * @see https://kubernetes.io/docs/tasks/access-application-cluster/port-forward-access-application-cluster/
 */
export function portForwardReach(options: { kubeConfig: KubeConfig; objects: ObjectReader }): Reach {
  return async (target, signal) => {
    const backend = await resolveBackend(options.objects, target);
    const forward = new PortForward(options.kubeConfig);
    await checkTunnel(forward, { namespace: target.namespace, pod: backend.pod, port: backend.port });
    const sockets = new Set<net.Socket>();
    const closers = new Set<() => void>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      forward.portForward(target.namespace, backend.pod, [backend.port], socket, null, socket).then(
        (opened) => {
          const ws = typeof opened === 'function' ? opened() : opened;
          if (ws === null) return socket.destroy();
          const close = () => ws.close();
          closers.add(close);
          ws.on('close', () => {
            closers.delete(close);
            socket.end();
          });
          ws.on('error', () => socket.destroy());
        },
        () => socket.destroy(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address() as net.AddressInfo;
    let closed = false;
    const reached: Reached = {
      host: '127.0.0.1',
      port: address.port,
      close: async () => {
        if (closed) return;
        closed = true;
        for (const close of closers) close();
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
    signal.addEventListener('abort', () => void reached.close(), { once: true });
    return reached;
  };
}

