import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { KubeObject, ObjectRef } from '../../model/kube.ts';
import type { LogWriterPod, Probe } from '../../model/live-check.ts';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../../platform/pod-policy.ts';
import { ProbeFailure, describeTarget, errorText, withReach, type ObjectWriter, type ProbeContext } from './context.ts';
import { collectAnswer } from './http.ts';

type LokiProbe = Extract<Probe, { type: 'loki-roundtrip' }>;

/** The labels of every log probe pod: what stale-pod cleanup selects by. */
export const LOG_PROBE_LABELS = {
  'app.kubernetes.io/name': 'datalyptica-validate',
  'app.kubernetes.io/component': 'log-probe',
  'app.kubernetes.io/managed-by': 'datalyptica',
} as const;
const NAME_PREFIX = 'datalyptica-log-probe-';
/** How often the pod repeats its line: the collector starts new files at their end (Alloy's `tail_from_end`), so a line written once before discovery would be skipped. */
const REPEAT_SECONDS = 2;
/** Pods of an earlier, interrupted run older than this are deleted before a new one starts. */
const STALE_MS = 10 * 60_000;
const POLL_MS = 1000;

function request(options: { host: string; port: number; hostHeader: string; path: string; signal: AbortSignal; timeoutMs: number; tls: boolean; token?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { host: options.hostHeader, 'user-agent': 'datalyptica-validate', ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }) };
    const req = (options.tls ? https : http).request(
      {
        host: options.host,
        port: options.port,
        path: options.path,
        method: 'GET',
        headers,
        signal: options.signal,
        timeout: options.timeoutMs,
        // The connection runs inside the API server's authenticated port-forward tunnel (the gateway serves the service CA's certificate).
        ...(options.tls ? { servername: options.hostHeader.replace(/:\d+$/, ''), rejectUnauthorized: false } : {}),
      },
      (response) => {
        collectAnswer(response, resolve, reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * The test pod: restricted (non-root, no privilege escalation, no capabilities, seccomp, read-only
 * root), no ServiceAccount token and no Service links, small requests and limits for the namespace's
 * quota, and a deadline after which the kubelet stops it even if nobody deletes it. It repeats the
 * marker line on stdout until deleted.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export function logWriterPod(input: { writer: LogWriterPod; name: string; marker: string; deadlineSeconds: number }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: input.name, namespace: input.writer.namespace, labels: { ...LOG_PROBE_LABELS }, annotations: { 'datalyptica.io/purpose': 'datalyptica validate: writes one marked line for the log pipeline check, then is deleted' } },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 0,
      activeDeadlineSeconds: input.deadlineSeconds,
      securityContext: restrictedPodSecurityContext(input.writer.runAsUser === undefined ? {} : { runAsUser: input.writer.runAsUser }),
      containers: [
        {
          name: 'writer',
          image: input.writer.image,
          imagePullPolicy: 'IfNotPresent',
          command: ['sh', '-c', `while :; do echo "$MARKER"; sleep ${REPEAT_SECONDS}; done`],
          env: [{ name: 'MARKER', value: input.marker }],
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '50m', memory: '32Mi' } },
          securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
        },
      ],
    },
  };
}

/** Deletes probe pods an interrupted run left behind (by label and age; a concurrent run's young pod stays). */
async function removeStale(ctx: ProbeContext, writer: ObjectWriter, namespace: string, now: number): Promise<void> {
  const pods = await ctx.objects.list({ apiVersion: 'v1', kind: 'Pod', namespace, labels: { ...LOG_PROBE_LABELS } }).catch(() => []);
  for (const pod of pods) {
    const created = Date.parse(String((pod.metadata as { creationTimestamp?: string }).creationTimestamp ?? ''));
    if (Number.isFinite(created) && now - created > STALE_MS) await writer.delete({ apiVersion: 'v1', kind: 'Pod', namespace, name: pod.metadata.name }).catch(() => undefined);
  }
}

/** What the pod is doing, for a failure message (pending on an image pull, refused by the quota...). */
async function podState(ctx: ProbeContext, ref: ObjectRef): Promise<string> {
  const pod = await ctx.objects.get(ref).catch(() => undefined);
  if (pod === undefined) return 'the pod is gone';
  const status = (pod['status'] ?? {}) as { phase?: string; containerStatuses?: { state?: { waiting?: { reason?: string; message?: string } } }[] };
  const waiting = status.containerStatuses?.[0]?.state?.waiting;
  return `the pod is ${status.phase ?? 'Pending'}${waiting?.reason ? ` (${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''})` : ''}`;
}

/**
 * The log path end to end: a restricted test pod in the monitoring namespace writes a unique line
 * to stdout, the collector (Alloy) ships it, and a LogQL query on the pod's stream finds it; polls
 * until the check's time is up, and deletes the pod whatever happens.
 * @see https://grafana.com/docs/loki/latest/reference/loki-http-api/#query-logs-within-a-range-of-time
 */
export async function lokiRoundTrip(probe: LokiProbe, ctx: ProbeContext): Promise<string> {
  const writer = ctx.writer;
  if (writer === undefined) throw new ProbeFailure('this check starts a test pod, and this run cannot create objects in the cluster');
  const id = randomUUID();
  const marker = `datalyptica-validate ${id}`;
  const name = `${NAME_PREFIX}${id.slice(0, 8)}`;
  const namespace = probe.writer.namespace;
  const ref: ObjectRef = { apiVersion: 'v1', kind: 'Pod', namespace, name };
  const started = Date.now();
  const nowNs = BigInt(started) * 1_000_000n;
  const where = describeTarget(probe.endpoint);
  const labels = probe.streamLabels ?? { namespace: 'namespace', pod: 'pod' };
  const prefix = probe.gateway?.pathPrefix ?? '';
  const scheme = probe.gateway === undefined ? 'http' : 'https';
  // Reach Loki first: when it cannot be reached there is no point in starting a pod.
  return withReach(ctx, probe.endpoint, async ({ host, port }) => {
    const token = probe.gateway === undefined ? undefined : await ctx.secret(probe.gateway.token);
    await removeStale(ctx, writer, namespace, started);
    try {
      await writer.create(logWriterPod({ writer: probe.writer, name, marker, deadlineSeconds: Math.ceil(ctx.timeoutMs / 1000) + 60 }));
    } catch (error) {
      throw new ProbeFailure(`could not start test pod ${namespace}/${name}: ${errorText(error)} (validate needs create and delete on pods in ${namespace})`, { cause: error });
    }
    try {
      const query = encodeURIComponent(`{${labels.namespace}="${namespace}",${labels.pod}="${name}"} |= "${marker}"`);
      const api = `${prefix}/loki/api/v1/query_range`;
      const path = `${api}?query=${query}&start=${(nowNs - 60_000_000_000n).toString()}&end=${(nowNs + 3_600_000_000_000n).toString()}&limit=5`;
      for (;;) {
        try {
          const found = await request({ host, port, hostHeader: where, path, signal: ctx.signal, timeoutMs: ctx.timeoutMs, tls: scheme === 'https', ...(token === undefined ? {} : { token }) });
          if (found.status !== 200) throw new ProbeFailure(`GET ${scheme}://${where}${api} answered ${found.status}: ${found.body.slice(0, 200).trim()}`);
          if (found.body.includes(marker)) {
            return `test pod ${namespace}/${name} wrote a line to stdout; the collector shipped it to ${scheme}://${where}${prefix} and LogQL found it after ${Math.round((Date.now() - started) / 1000)}s`;
          }
        } catch (error) {
          if (error instanceof ProbeFailure) throw error;
          if (!ctx.signal.aborted) throw new ProbeFailure(`GET ${scheme}://${where}${api}: ${errorText(error)}`, { cause: error });
        }
        if (ctx.signal.aborted) {
          throw new ProbeFailure(`the line test pod ${namespace}/${name} wrote did not reach Loki in time (${await podState(ctx, ref)}): check the collector's pods and logs`);
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } finally {
      await writer.delete(ref).catch(() => undefined);
    }
  });
}
