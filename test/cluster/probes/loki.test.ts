import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { join } from 'node:path';
import type net from 'node:net';
import { after, describe, it } from 'node:test';
import type { ObjectWriter } from '../../../src/cluster/probes/context.ts';
import { LOG_PROBE_LABELS, logWriterPod, lokiRoundTrip } from '../../../src/cluster/probes/loki.ts';
import { checkPodTemplate } from '../../../src/check/policy/pod-rules.ts';
import { podTemplatesOf } from '../../../src/check/policy/pod-templates.ts';
import type { KubeObject, ObjectRef } from '../../../src/model/kube.ts';
import { tempDir } from '../../support/temp.ts';
import { localReach, probeContext } from './fake-cluster.ts';

const NS = 'datalyptica-monitoring';
const endpoint = { namespace: NS, service: 'loki', port: 3100 };
const probe = { type: 'loki-roundtrip' as const, endpoint, writer: { namespace: NS, image: 'docker.io/library/busybox:1.37.0', runAsUser: 65534 } };

interface Shipped {
  readonly namespace: string;
  readonly pod: string;
  readonly line: string;
}

/**
 * A Loki stand-in that answers `query_range` for `{<ns label>="…",<pod label>="…"} |= "…"` from the
 * lines a stand-in collector shipped, so the probe only passes when the line came from the pod's own
 * stream. As a LokiStack gateway stand-in it serves HTTPS under the tenant's prefix and wants the token.
 */
function fakeLoki(options: { labels?: { namespace: string; pod: string }; prefix?: string; token?: string; tls?: { key: string; cert: string } } = {}) {
  const shipped: Shipped[] = [];
  const queries: string[] = [];
  const labels = options.labels ?? { namespace: 'namespace', pod: 'pod' };
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      res.writeHead(401).end('unauthorized');
      return;
    }
    if (req.method === 'GET' && req.url?.startsWith(`${options.prefix ?? ''}/loki/api/v1/query_range`)) {
      const query = new URL(req.url, 'http://x').searchParams.get('query') ?? '';
      queries.push(query);
      const match = new RegExp(`^\\{${labels.namespace}="([^"]+)",${labels.pod}="([^"]+)"\\} \\|= "([^"]+)"$`).exec(query);
      const hits = match === null ? [] : shipped.filter((s) => s.namespace === match[1] && s.pod === match[2] && s.line.includes(match[3]!));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { resultType: 'streams', result: hits.map((h) => ({ stream: { [labels.namespace]: h.namespace, [labels.pod]: h.pod }, values: [['1', h.line]] })) } }));
      return;
    }
    res.writeHead(404).end();
  };
  const server = options.tls === undefined ? http.createServer(handler) : https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler);
  return { server, shipped, queries };
}

/** A throwaway self-signed certificate for the gateway stand-in (openssl, as the service CA would sign one). */
function selfSigned(): { key: string; cert: string } {
  const dir = tempDir('datalyptica-loki-gateway-');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=logging-loki-gateway-http'], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
}

/**
 * A cluster stand-in: records created and deleted pods; when `collect` is on, "runs" the pod and
 * ships its MARKER line to the Loki stand-in after `delayMs` (the collector's discovery delay).
 */
function fakeWriter(loki: ReturnType<typeof fakeLoki>, options: { collect: boolean; delayMs?: number; refuse?: string }) {
  const created: KubeObject[] = [];
  const deleted: ObjectRef[] = [];
  const writer: ObjectWriter = {
    create: async (object) => {
      if (options.refuse !== undefined) throw new Error(options.refuse);
      created.push(object);
      if (!options.collect) return;
      const container = ((object['spec'] as { containers: { env: { name: string; value: string }[] }[] }).containers[0])!;
      const marker = container.env.find((e) => e.name === 'MARKER')!.value;
      setTimeout(() => loki.shipped.push({ namespace: object.metadata.namespace!, pod: object.metadata.name, line: marker }), options.delayMs ?? 0);
    },
    delete: async (ref) => void deleted.push(ref),
  };
  return { writer, created, deleted };
}

describe('the Loki log-path probe (a test pod writes, the collector ships, LogQL finds it)', () => {
  const servers: http.Server[] = [];
  const start = async (options: Parameters<typeof fakeLoki>[0] = {}) => {
    const loki = fakeLoki(options);
    await new Promise<void>((resolve) => loki.server.listen(0, '127.0.0.1', () => resolve()));
    servers.push(loki.server);
    return { ...loki, reach: localReach({ [`loki.${NS}:3100`]: (loki.server.address() as net.AddressInfo).port }) };
  };
  after(() => {
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  });

  it('passes once the pod\'s line is found on its own stream, polling while the collector has not shipped it, and deletes the pod', async () => {
    const loki = await start();
    const cluster = fakeWriter(loki, { collect: true, delayMs: 1500 });
    const message = await lokiRoundTrip(probe, { ...probeContext({ reach: loki.reach, timeoutMs: 15_000 }), writer: cluster.writer });
    assert.equal(cluster.created.length, 1);
    const pod = cluster.created[0]!;
    assert.match(pod.metadata.name, /^datalyptica-log-probe-[0-9a-f]{8}$/);
    assert.equal(pod.metadata.namespace, NS);
    assert.deepEqual(pod.metadata.labels, { ...LOG_PROBE_LABELS });
    assert.match(message, new RegExp(`test pod ${NS}/${pod.metadata.name} wrote a line to stdout; the collector shipped it`));
    assert.ok(loki.queries.length >= 2, 'it polled before the line arrived');
    assert.match(loki.queries[0]!, new RegExp(`^\\{namespace="${NS}",pod="${pod.metadata.name}"\\} \\|= "datalyptica-validate [0-9a-f-]{36}"$`));
    assert.deepEqual(cluster.deleted, [{ apiVersion: 'v1', kind: 'Pod', namespace: NS, name: pod.metadata.name }]);
  });

  it('fails naming the pod\'s state when the line never reaches Loki, and still deletes the pod', async () => {
    const loki = await start();
    const cluster = fakeWriter(loki, { collect: false });
    // The pod stands in the cluster, waiting on its image.
    const objects = [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'placeholder', namespace: NS },
        status: { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff', message: 'busybox not found' } } }] },
      },
    ];
    const ctx = probeContext({ reach: loki.reach, timeoutMs: 2500, signal: AbortSignal.timeout(2500) });
    const reader = { ...ctx.objects, get: async (ref: ObjectRef) => (ref.kind === 'Pod' && cluster.created.some((p) => p.metadata.name === ref.name) ? objects[0] : undefined) as KubeObject | undefined };
    await assert.rejects(lokiRoundTrip(probe, { ...ctx, objects: reader, writer: cluster.writer }), /did not reach Loki in time \(the pod is Pending \(ImagePullBackOff: busybox not found\)\)/);
    assert.equal(cluster.deleted.length, 1);
    assert.equal(cluster.deleted[0]!.name, cluster.created[0]!.metadata.name);
  });

  it('fails with the API\'s refusal and the permission it needs when the pod cannot be created', async () => {
    const loki = await start();
    const cluster = fakeWriter(loki, { collect: true, refuse: 'pods is forbidden: User "dev" cannot create resource "pods"' });
    await assert.rejects(lokiRoundTrip(probe, { ...probeContext({ reach: loki.reach }), writer: cluster.writer }), /could not start test pod .*forbidden.*needs create and delete on pods in datalyptica-monitoring/);
    assert.equal(loki.queries.length, 0);
  });

  it('fails clearly when the run cannot create objects', async () => {
    const loki = await start();
    await assert.rejects(lokiRoundTrip(probe, probeContext({ reach: loki.reach })), /cannot create objects/);
  });

  it('removes probe pods an interrupted run left behind, but not a concurrent run\'s young one', async () => {
    const loki = await start();
    const cluster = fakeWriter(loki, { collect: true });
    const pod = (name: string, ageMs: number) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS, labels: { ...LOG_PROBE_LABELS }, creationTimestamp: new Date(Date.now() - ageMs).toISOString() } });
    const ctx = probeContext({ reach: loki.reach, objects: [pod('datalyptica-log-probe-old', 3_600_000), pod('datalyptica-log-probe-young', 5_000)] });
    await lokiRoundTrip(probe, { ...ctx, writer: cluster.writer });
    assert.deepEqual(cluster.deleted.map((r) => r.name).slice(0, 1), ['datalyptica-log-probe-old']);
    assert.ok(!cluster.deleted.some((r) => r.name === 'datalyptica-log-probe-young'));
  });

  it('reads the LokiStack gateway\'s application tenant over HTTPS with the datalyptica token and OpenShift Logging\'s stream labels', async () => {
    const labels = { namespace: 'kubernetes_namespace_name', pod: 'kubernetes_pod_name' };
    const loki = await start({ labels, prefix: '/api/logs/v1/application', token: 'sa-token-value', tls: selfSigned() });
    const cluster = fakeWriter(loki, { collect: true, delayMs: 500 });
    const gatewayProbe = {
      ...probe,
      writer: { namespace: NS, image: 'docker.io/library/busybox:1.37.0' },
      gateway: { pathPrefix: '/api/logs/v1/application', token: { namespace: NS, name: 'grafana-datasource-token', key: 'token' } },
      streamLabels: labels,
    };
    const ctx = probeContext({ reach: loki.reach, secrets: { [`${NS}/grafana-datasource-token/token`]: 'sa-token-value' }, timeoutMs: 15_000 });
    const message = await lokiRoundTrip(gatewayProbe, { ...ctx, writer: cluster.writer });
    assert.match(message, /shipped it to https:\/\/loki\.datalyptica-monitoring\.svc:3100\/api\/logs\/v1\/application and LogQL found it/);
    assert.match(loki.queries[0]!, /^\{kubernetes_namespace_name="datalyptica-monitoring",kubernetes_pod_name="datalyptica-log-probe-[0-9a-f]{8}"\}/);
    // No fixed UID on OpenShift: the SCC assigns one.
    assert.equal(((cluster.created[0]!['spec'] as { securityContext: Record<string, unknown> }).securityContext)['runAsUser'], undefined);
    assert.equal(cluster.deleted.length, 1);
  });

  it('fails with the gateway\'s 401 when the token is refused', async () => {
    const loki = await start({ prefix: '/api/logs/v1/application', token: 'right', tls: selfSigned() });
    const cluster = fakeWriter(loki, { collect: true });
    const gatewayProbe = { ...probe, gateway: { pathPrefix: '/api/logs/v1/application', token: { namespace: NS, name: 't', key: 'token' } } };
    const ctx = probeContext({ reach: loki.reach, secrets: { [`${NS}/t/token`]: 'wrong' } });
    await assert.rejects(lokiRoundTrip(gatewayProbe, { ...ctx, writer: cluster.writer }), /GET https:\/\/.*\/api\/logs\/v1\/application\/loki\/api\/v1\/query_range answered 401/);
    assert.equal(cluster.deleted.length, 1);
  });

  it('starts a pod that meets the restricted policy, with no token, a deadline and small limits', () => {
    const pod = logWriterPod({ writer: probe.writer, name: 'datalyptica-log-probe-abc', marker: 'datalyptica-validate x', deadlineSeconds: 150 });
    const findings = podTemplatesOf(pod).flatMap((view) => checkPodTemplate(view, { openshift: false, boundServiceAccounts: new Set(), sccGrants: new Map() }));
    // Only the platform's workload rules that do not fit a one-shot pod remain: it needs no readiness
    // probe and runs under the default ServiceAccount with no token mounted. Nothing of Pod Security.
    assert.deepEqual([...new Set(findings.filter((f) => f.severity === 'error').map((f) => f.rule))].sort(), ['DL-SEC-006', 'DL-SEC-019']);
    const spec = pod['spec'] as Record<string, unknown>;
    assert.equal(spec['automountServiceAccountToken'], false);
    assert.equal(spec['restartPolicy'], 'Never');
    assert.equal(spec['activeDeadlineSeconds'], 150);
    const container = (spec['containers'] as Record<string, unknown>[])[0]!;
    assert.deepEqual(container['command'], ['sh', '-c', 'while :; do echo "$MARKER"; sleep 2; done']);
    assert.deepEqual((container['securityContext'] as Record<string, unknown>)['capabilities'], { drop: ['ALL'] });
  });
});
