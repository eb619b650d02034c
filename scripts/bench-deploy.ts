/*
 * Full-platform deploy through the real deploy engine against the simulated API server, with
 * realistic readiness delays scaled down (1 s of a real cluster = SCALE_MS here). Prints the
 * measured wall time against (a) the critical path of the deploy graph and (b) the seeds'
 * procedure, phases one after another, both measured (the engine run phase by phase on a fresh
 * cluster) and computed from the measured step durations. Prints, never asserts.
 *
 *   npm run bench:deploy [-- --profile production --target openshift --scale 10]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '../src/cluster/connection.ts';
import { deployError, deployPlatform, type DeployEvent } from '../src/cluster/deploy.ts';
import { resolveConfig } from '../src/config/load.ts';
import { PHASES } from '../src/model/names.ts';
import { assemblePlatform } from '../src/platform/assemble.ts';
import { buildDeployGraph, criticalPath, sequentialPhaseTime, type DeployStep } from '../src/platform/deploy-graph.ts';
import type { Platform } from '../src/platform/platform.ts';
import { generateSecrets, loadGeneratedSecrets } from '../src/secrets/index.ts';
import { provideExternalSecrets, startSimCluster, type Obj } from '../test/support/sim-api-server/index.ts';

const { values: flags } = parseArgs({ options: { profile: { type: 'string', default: 'production' }, target: { type: 'string', default: 'openshift' }, scale: { type: 'string', default: '10' } } });
const SCALE_MS = Number(flags.scale);

/**
 * Seconds a real cluster typically takes to make an object ready once applied (image pulls,
 * operator reconciles, database bootstrap, Kafka quorum). Kinds not listed are ready at once.
 */
const REAL_SECONDS: Readonly<Record<string, number>> = {
  Subscription: 60, // OLM resolves, runs the bundle unpack job, installs the CSV
  CustomResourceDefinition: 2,
  Deployment: 30,
  StatefulSet: 45,
  DaemonSet: 30,
  Job: 30,
  PersistentVolumeClaim: 5,
  Cluster: 120, // CloudNativePG initdb, then replicas cloned one by one
  Pooler: 20,
  Database: 5,
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
  Certificate: 10,
  ClusterIssuer: 3,
  Issuer: 3,
  Route: 2,
  ObjectBucketClaim: 10,
  Tenant: 90,
};
const delayMs = (object: Obj): number => (REAL_SECONDS[object.kind] ?? 0) * SCALE_MS;
const seconds = (ms: number): string => `${(ms / SCALE_MS).toFixed(0)} s`;

async function cluster(platform: Platform) {
  const sim = await startSimCluster(platform, { delayMs });
  provideExternalSecrets(sim.server, platform);
  const connection = await connect({ kubeconfig: sim.kubeconfig, client: { retry: { baseDelayMs: 5, maxDelayMs: 50 } } });
  return { sim, connection };
}

const platform = assemblePlatform(resolveConfig({ profile: flags.profile, target: flags.target } as never));
const secretsDir = mkdtempSync(join(tmpdir(), 'datalyptica-bench-'));
generateSecrets(platform.secrets, secretsDir);
const secrets = loadGeneratedSecrets(platform, secretsDir);
const graph = buildDeployGraph(platform, { secrets });
const base = { platform, secrets, phaseTimeoutSeconds: 600, concurrency: 8 };

// 1. The real engine, the whole graph at once.
const whole = await cluster(platform);
const startedAt = new Map<string, number>();
const took = new Map<string, number>();
const onEvent = (event: DeployEvent): void => {
  if (event.type === 'step-start') startedAt.set(event.step, performance.now());
  if (event.type === 'step-done') took.set(event.step, performance.now() - startedAt.get(event.step)!);
};
let t0 = performance.now();
const result = await deployPlatform({ ...base, client: whole.connection.client, access: whole.connection.childAccess, fetchManifest: whole.sim.manifests, helm: whole.sim.helm, onEvent });
const wall = performance.now() - t0;
await whole.sim.stop();
if (!result.ok) throw deployError(result);

// 2. The seeds' procedure: the engine run phase by phase on a fresh cluster, each phase waiting for the previous one.
const phased = await cluster(platform);
const perPhase: string[] = [];
t0 = performance.now();
for (const phase of PHASES) {
  const only = graph.steps.filter((s) => s.phase === phase).map((s) => s.id);
  if (only.length === 0) continue;
  const t = performance.now();
  const r = await deployPlatform({ ...base, client: phased.connection.client, access: phased.connection.childAccess, fetchManifest: phased.sim.manifests, helm: phased.sim.helm, only });
  if (!r.ok) throw deployError(r);
  perPhase.push(`${phase} ${seconds(performance.now() - t)}`);
}
const phasedWall = performance.now() - t0;
await phased.sim.stop();

const measured = (step: DeployStep): number => took.get(step.id) ?? 0;
const critical = criticalPath(graph, measured);
const phasesComputed = sequentialPhaseTime(graph, measured);

console.log(`platform: ${flags.profile} on ${flags.target}, ${platform.components.size} components, ${platform.objects.length} objects, ${graph.steps.length} deploy steps`);
console.log(`time scale: 1 s of a real cluster = ${SCALE_MS} ms here; every figure below is in real-cluster seconds`);
console.log(`graph deploy (measured, real engine against the simulator): ${seconds(wall)}`);
console.log(`critical path of the graph (computed from the measured step durations): ${seconds(critical.total)}`);
console.log(`  via ${critical.path.join(' > ')}`);
console.log(`seed phases one after another (measured, engine run phase by phase): ${seconds(phasedWall)}`);
console.log(`  ${perPhase.join(', ')}`);
console.log(`seed phases one after another (computed from the measured step durations): ${seconds(phasesComputed)}`);
console.log(`speed-up of the graph over the phases: ${(phasedWall / wall).toFixed(2)}x measured, ${(phasesComputed / Math.max(1, critical.total)).toFixed(2)}x computed`);
