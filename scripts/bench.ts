/**
 * `npm run bench`: the performance figures of docs/benchmarks.md, each printed next to its target.
 * Prints, never asserts. Every command figure is the median of several runs of the built CLI as a
 * whole process (`scripts/bench-run.mjs` reports the process's own CPU and peak memory).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse, stringify } from 'yaml';
import { resolveConfig } from '../src/config/load.ts';
import { assemblePlatform } from '../src/platform/assemble.ts';
import { SchemaValidator } from '../src/check/schema/validator.ts';
import { placePods, type PodToPlace } from '../src/check/capacity/placement.ts';
import type { Node } from '../src/check/capacity/inventory.ts';

const ROOT = join(import.meta.dirname, '..');
const SCHEMAS = join(ROOT, '..', 'shared', 'schemas');
/** The README's schema locations: the shared set, then the project's own schemas for kinds it lacks. */
const SCHEMA_ARGS = ['--schemas', SCHEMAS, join(ROOT, 'schemas')];
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const work = mkdtempSync(join(tmpdir(), 'datalyptica-bench-'));
/** The bench's own validator cache (compiled validators, V8 code caches, stored schema results). */
const cache = join(work, 'schema-cache');
/** Every object changed since the last check: no stored result, every validator (and its V8 code cache) loaded. */
function forgetResults(): void {
  for (const name of readdirSync(cache)) if (name.startsWith('results-')) rmSync(join(cache, name));
}

interface Usage {
  readonly wallMs: number;
  readonly userMs: number;
  readonly systemMs: number;
  readonly maxRssMiB: number;
}

/** Median figures of `RUNS` runs of the built CLI (after one warm-up run); `before` runs ahead of each, untimed. */
function measure(args: readonly string[], env: Record<string, string> = {}, runs = RUNS, before?: () => void): Usage {
  const samples: Usage[] = [];
  for (let i = 0; i <= runs; i++) {
    before?.();
    const report = join(work, 'usage.json');
    const start = performance.now();
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bench-run.mjs'), ...args], { cwd: work, env: { ...process.env, ...env, NO_COLOR: '1', BENCH_REPORT: report }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
    const wallMs = performance.now() - start;
    // Every benchmarked command must succeed: a run that stops early on an error would flatter the figures.
    if (result.status !== 0) throw new Error(`datalyptica ${args.join(' ')} exited ${result.status}: ${result.stderr.toString().slice(-800)}`);
    const own = JSON.parse(readFileSync(report, 'utf8')) as Usage;
    // Run 0 warms up; with runs = 0 it is the only sample (a warm-up call whose figure is unused).
    if (i > 0 || runs === 0) samples.push({ ...own, wallMs });
  }
  const median = (key: keyof Usage) => [...samples].sort((a, b) => a[key] - b[key])[Math.floor(samples.length / 2)]![key];
  return { wallMs: median('wallMs'), userMs: median('userMs'), systemMs: median('systemMs'), maxRssMiB: median('maxRssMiB') };
}

const rows: [string, string, string][] = [];
function row(figure: string, value: string, target: string): void {
  rows.push([figure, value, target]);
  console.log(`${figure.padEnd(58)} ${value.padEnd(34)} ${target}`);
}
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const cmd = (u: Usage) => `${secs(u.wallMs)} wall, ${secs(u.userMs + u.systemMs)} CPU, ${u.maxRssMiB.toFixed(0)} MiB`;

/** A config with `consumers` PostgreSQL consumers (one Database and one login each) to scale the object count. */
function scaledConfig(name: string, consumers: number): string {
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, stringify({ components: { postgres: { consumers: Array.from({ length: consumers }, (_, i) => `app${i}`) } } }));
  return file;
}

try {
  console.log(`${'figure'.padEnd(58)} ${'median'.padEnd(34)} target`);
  row('--help start-up (built CLI)', cmd(measure(['--help'])), '< 0.3 s');
  const base = assemblePlatform(resolveConfig({})).objects.length;
  row(`render -o yaml of the default platform (${base} objects)`, cmd(measure(['render', '-o', 'yaml'])), '< 100 MiB');
  for (const [label, factor] of [['10×', 10], ['100×', 100]] as const) {
    const file = scaledConfig(`x${factor}`, base * (factor - 1));
    const objects = assemblePlatform(resolveConfig(configIn(file))).objects.length;
    row(`render -o yaml at ${label} objects (${objects})`, cmd(measure(['render', '-o', 'yaml', '-c', file], {}, 3)), 'linear in objects');
    row(`check at ${label} objects (${objects}), warm`, cmd(measure(['check', '-c', file, ...SCHEMA_ARGS], { DATALYPTICA_SCHEMA_CACHE: cache }, 3)), 'linear in objects');
  }
  measure(['check', ...SCHEMA_ARGS], { DATALYPTICA_SCHEMA_CACHE: cache }, 0);
  row('check of the default platform, warm (stored schema results)', cmd(measure(['check', ...SCHEMA_ARGS], { DATALYPTICA_SCHEMA_CACHE: cache })), '< 0.6 s, < 150 MiB');
  row('check of the default platform, warm validators, no stored results', cmd(measure(['check', ...SCHEMA_ARGS], { DATALYPTICA_SCHEMA_CACHE: cache }, RUNS, forgetResults)), '');
  // An empty cache before every run (the warm-up's included): every validator compiled, no code cache, no results.
  const emptyCache = () => rmSync(cache, { recursive: true, force: true });
  row('check of the default platform, cold (validators compiled)', cmd(measure(['check', ...SCHEMA_ARGS], { DATALYPTICA_SCHEMA_CACHE: cache }, 3, emptyCache)), '< 2.5 s');

  // Schema validation throughput on a large object set (the 100× render), in process, warm.
  const big = assemblePlatform(resolveConfig(configIn(join(work, 'x100.yaml')))).objects.map((p) => p.object);

  // `check FILE` on 10,000 arbitrary manifests (the manifests mode streams the YAML), warm, one core.
  const manifests = join(work, 'manifests-10k.yaml');
  writeFileSync(manifests, big.slice(0, 10_000).map((o) => stringify(o)).join('---\n'));
  const tenKArgs = ['check', manifests, ...SCHEMA_ARGS, '--target', 'openshift'];
  const tenKEnv = { UV_THREADPOOL_SIZE: '1', DATALYPTICA_SCHEMA_CACHE: cache };
  row('check FILE of 10,000 manifests, warm (stored schema results)', cmd(measure(tenKArgs, tenKEnv, 3)), '< 2 s');
  row('check FILE of 10,000 manifests, warm validators, no stored results', cmd(measure(tenKArgs, tenKEnv, 3, forgetResults)), '');
  const validator = new SchemaValidator({ dirs: [SCHEMAS] });
  for (const o of big.slice(0, 200)) validator.validate(o);
  const t0 = performance.now();
  for (const o of big) validator.validate(o);
  const perSecond = big.length / ((performance.now() - t0) / 1000);
  row(`schema validation, ${big.length} objects, warm`, `${Math.round(perSecond).toLocaleString('en')} objects/s`, '10,000 objects < 2 s');

  for (const scale of [1, 4]) {
    const { pods, nodes } = syntheticCluster(1750 * scale, 1100 * scale);
    const t = performance.now();
    const placement = placePods(pods, nodes);
    for (let i = 0; i < nodes.length; i++) placement.state.replayLoss(i);
    row(`placement + node-loss replay, ${pods.length} pods / ${nodes.length} nodes`, secs(performance.now() - t), scale === 4 ? '< 1 s, linear' : 'linear');
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** The user config in a bench config file. */
function configIn(file: string): Record<string, unknown> {
  return parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** Pods of sets of 7 (half with required anti-affinity) on identical nodes: the scale of a large cluster. */
function syntheticCluster(podCount: number, nodeCount: number): { pods: PodToPlace[]; nodes: Node[] } {
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({ name: `node-${i}`, allocatable: { cpu: 16, memory: 64 * 2 ** 30 } }) as Node);
  const pods = Array.from({ length: podCount }, (_, i) => ({ group: `ns/set-${Math.floor(i / 7)}`, index: i % 7, cpu: 0.5 + (i % 4), memory: (1 + (i % 8)) * 2 ** 30, spreadRequired: Math.floor(i / 7) % 2 === 0 }));
  return { pods, nodes };
}
