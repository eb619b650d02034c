/*
 * Full-platform deploy through the real deploy engine against a real kube-apiserver (test/apiserver, the upstream
 * CRDs installed), with the status stand-in (test/support/status-stand-in.ts) playing the controllers and operators
 * with realistic readiness delays scaled down (1 s of a real cluster = SCALE_MS here), and a counting proxy in
 * front of the server. Prints the measured wall time against the deploy graph's critical path computed from the
 * stand-in's configured delays (the floor with unbounded parallelism) and against the seeds' procedure (phases one
 * after another, computed the same way); then the API requests deploy made, by method, and per rendered object.
 * Prints, never asserts. Without the API server binary (no Go) it says so and exits 0.
 *
 * The API server's own work (applies, CRDs becoming Established, watch events, the stand-in's status writes) takes
 * real time that the scale does not shrink: at the default scale a real second of it counts as 100 cluster seconds,
 * so the ratio to the configured floor is judged at `--scale 1000` (real time, about ten minutes with the setup);
 * the ratio to the measured path shows the engine's own scheduling at any scale (docs/benchmarks.md).
 *
 *   npm run bench:deploy [-- --profile production --target openshift --scale 10]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '../src/cluster/connection.ts';
import { deployError, deployPlatform, type DeployEvent } from '../src/cluster/deploy.ts';
import { helmRunner, manifestsFromDir, parseManifest } from '../src/cluster/operator-install.ts';
import type { UserConfig } from '../src/config/schema.ts';
import { buildDeployGraph, criticalPath, sequentialPhaseTime, type DeployStep } from '../src/platform/deploy-graph.ts';
import { realDeploy } from '../test/support/real-deploy.ts';
import type { StandInObject } from '../test/support/status-stand-in.ts';

const { values: flags } = parseArgs({ options: { profile: { type: 'string', default: 'production' }, target: { type: 'string', default: 'openshift' }, scale: { type: 'string', default: '10' } } });
const SCALE_MS = Number(flags.scale);

/**
 * Seconds a real cluster typically takes to make an object ready once applied (image pulls, operator reconciles,
 * database bootstrap, Kafka quorum): the stand-in's delay per kind. Kinds not listed are reported at once.
 */
const REAL_SECONDS: Readonly<Record<string, number>> = {
  Subscription: 60, // OLM resolves, runs the bundle unpack job, installs the CSV
  ClusterServiceVersion: 20, // the operator Deployment rolls out
  Deployment: 30,
  StatefulSet: 45,
  DaemonSet: 30,
  Job: 30,
  PersistentVolumeClaim: 5,
  Cluster: 120, // CloudNativePG initdb, then replicas cloned one by one
  Pooler: 20,
  Kafka: 60,
  KafkaNodePool: 150,
  KafkaTopic: 5,
  KafkaUser: 5,
  KafkaConnect: 120, // builds or pulls the connector image, then a rolling start
  RedisReplication: 10,
  RedisSentinel: 10,
  ClickHouseInstallation: 120,
  ClickHouseKeeperInstallation: 60,
  FlinkDeployment: 60,
  Keycloak: 90,
  KeycloakRealmImport: 30,
  Grafana: 30,
  LokiStack: 90,
  Certificate: 10,
  ClusterIssuer: 3,
  Issuer: 3,
  Route: 2,
};
const delayOf = (kind: string): number => (REAL_SECONDS[kind] ?? 0) * SCALE_MS;
const seconds = (ms: number): string => `${(ms / SCALE_MS).toFixed(0)} s`;

/**
 * What the stand-in makes a waited-for object wait for: its own delay, then the object it creates and deploy
 * follows (Subscription → CSV, Redis → StatefulSet, Pooler → Deployment).
 */
const FOLLOWS: Readonly<Record<string, string>> = { Subscription: 'ClusterServiceVersion', RedisReplication: 'StatefulSet', RedisSentinel: 'StatefulSet', Pooler: 'Deployment' };
const readyAfter = (kind: string): number => delayOf(kind) + (FOLLOWS[kind] ? delayOf(FOLLOWS[kind]) : 0);

const config = { profile: flags.profile, target: flags.target, namePrefix: 'bench' } as UserConfig;
const env = await realDeploy(config, { delayMs: (o: StandInObject) => delayOf(o.kind) });
if ('skip' in env) {
  console.log(`bench:deploy skipped: ${env.skip}`);
  process.exit(0);
}
const { platform } = env;

/**
 * The workload kinds a manifest install applies: deploy waits for them too (beside the step's own waits), so the
 * floor counts them — a companion such as the Barman Cloud plugin takes its Deployment's delay.
 */
const installWaits = (step: DeployStep): string[] =>
  step.install?.type === 'manifest'
    ? parseManifest(readFileSync(join(env.mirror, `${step.install.id}.yaml`), 'utf8'), step.install.id)
        .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind))
        .map((o) => o.kind)
    : [];
/** A step takes as long as its slowest waited object (applies and API round trips are not counted: the floor). */
const configured = (step: DeployStep): number => Math.max(0, ...step.wait.map((ref) => readyAfter(ref.kind)), ...installWaits(step).map(readyAfter));
const graph = buildDeployGraph(platform, { secrets: env.secrets });
const connection = await connect({ kubeconfig: env.kubeconfig });
const startedAt = new Map<string, number>();
const took = new Map<string, number>();
const onEvent = (event: DeployEvent): void => {
  if (event.type === 'step-start') startedAt.set(event.step, performance.now());
  if (event.type === 'step-done') took.set(event.step, performance.now() - startedAt.get(event.step)!);
};
const from = env.proxy.log.length;
const t0 = performance.now();
const result = await deployPlatform({ client: connection.client, access: connection.childAccess, platform, secrets: env.secrets, phaseTimeoutSeconds: 600, concurrency: 8, helm: helmRunner(env.helm), fetchManifest: manifestsFromDir(env.mirror), onEvent });
const wall = performance.now() - t0;
const requests = env.proxy.log.slice(from);
await env.stop();
if (!result.ok) throw deployError(result);

const floor = criticalPath(graph, configured);
const measured = criticalPath(graph, (step) => took.get(step.id) ?? 0);
const byMethod = new Map<string, number>();
for (const r of requests) {
  const method = r.query.get('watch') === '1' ? 'WATCH' : r.method;
  byMethod.set(method, (byMethod.get(method) ?? 0) + 1);
}
const objects = platform.objects.length;

console.log(`platform: ${flags.profile} on ${flags.target}, ${platform.components.size} components, ${objects} objects, ${graph.steps.length} deploy steps`);
console.log('cluster: a real kube-apiserver (test/apiserver) with the upstream CRDs; the status stand-in plays the controllers and operators');
console.log(`time scale: 1 s of a real cluster = ${SCALE_MS} ms here; times below are in real-cluster seconds`);
console.log(`graph deploy (measured wall time): ${seconds(wall)}`);
console.log(`critical path of the graph (computed from the stand-in's configured readiness delays): ${seconds(floor.total)} — wall time is ${(wall / Math.max(1, floor.total)).toFixed(2)}x that floor`);
console.log(`  via ${floor.path.join(' > ')}`);
console.log(`critical path of the measured step durations: ${seconds(measured.total)} — wall time is ${(wall / Math.max(1, measured.total)).toFixed(3)}x that (what the engine's scheduling adds)`);
// Where the wall time above the configured floor goes: each step of the measured path, its configured readiness
// delay against what it took (applies, API round trips, the stand-in's watch and status write, helm runs).
const byId = new Map(graph.steps.map((step) => [step.id, step]));
for (const id of measured.path) {
  const step = byId.get(id)!;
  console.log(`  ${id}: configured ${seconds(configured(step))}, took ${seconds(took.get(id) ?? 0)} (${step.wait.length + installWaits(step).length} objects waited for)`);
}
console.log(`seed phases one after another (computed from the configured delays): ${seconds(sequentialPhaseTime(graph, configured))}`);
console.log(`API requests deploy made: ${requests.length} (${[...byMethod].sort().map(([m, n]) => `${m} ${n}`).join(', ')}), ${(requests.length / objects).toFixed(2)} per object`);
console.log(`  writes: ${env.proxy.writes(from).length} (${(env.proxy.writes(from).length / objects).toFixed(2)} per object)`);
process.exit(0);
