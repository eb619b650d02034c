/* Simulated full-platform deploy timing: the graph's critical path vs the seeds' phase-by-phase order, with realistic readiness delays. Prints, never asserts. */
import { resolveConfig } from '../src/config/load.ts';
import { assemblePlatform } from '../src/platform/assemble.ts';
import { buildDeployGraph, criticalPath, sequentialPhaseTime, type DeployStep } from '../src/platform/deploy-graph.ts';

/** Seconds a real cluster typically needs per step kind (operator installs, database bootstraps, Kafka rolls). */
function realisticSeconds(step: DeployStep): number {
  if (step.kind === 'operator') return 90;
  if (step.kind === 'companion') return 30;
  if (step.kind === 'copy-secret' || step.kind === 'secrets' || step.kind === 'operators') return 2;
  if (step.kind === 'platform' || step.kind === 'platform-late') return 5;
  const kinds = new Set(step.wait.map((r) => r.kind));
  if (kinds.has('Kafka')) return 240;
  if (kinds.has('Cluster') || kinds.has('PostgresCluster')) return 180;
  if (kinds.has('Tenant') || kinds.has('ClickHouseInstallation')) return 150;
  return 60;
}

const platform = assemblePlatform(resolveConfig({ profile: 'production' }));
const graph = buildDeployGraph(platform);
const critical = criticalPath(graph, realisticSeconds);
const phases = sequentialPhaseTime(graph, realisticSeconds);
console.log(`steps: ${graph.steps.length}`);
console.log(`critical path (graph, unbounded parallelism): ${critical.total}s via ${critical.path.join(' > ')}`);
console.log(`seed phases one after another: ${phases}s`);
console.log(`speed-up: ${(phases / Math.max(1, critical.total)).toFixed(2)}x`);
