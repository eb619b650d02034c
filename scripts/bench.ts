/**
 * `npm run bench`: render plus schema check of the default platform, then the simulated deploy
 * benchmark. Prints numbers; asserts nothing (targets live in docs/benchmarks.md).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { resolveConfig } from '../src/config/load.ts';
import { assemblePlatform } from '../src/platform/assemble.ts';
import { renderTree } from '../src/render/kustomize-tree.ts';
import { runChecks } from '../src/check/run.ts';
import { SchemaValidator } from '../src/check/schema/validator.ts';
import { schemaChecker } from '../src/check/schema/schema-checker.ts';

const root = join(import.meta.dirname, '..');
const schemaDirs = [join(root, '..', 'shared', 'schemas'), join(root, 'schemas')];

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

const t0 = performance.now();
const platform = assemblePlatform(resolveConfig({}));
const tree = renderTree(platform);
const tRender = performance.now();

const validator = new SchemaValidator({ dirs: schemaDirs });
const cold = performance.now();
runChecks(platform, { validator, checkers: [schemaChecker] });
const tCold = performance.now();
const rounds = 5;
for (let i = 0; i < rounds; i++) runChecks(platform, { validator, checkers: [schemaChecker] });
const tWarm = performance.now();
const full = runChecks(platform, { validator });
const tFull = performance.now();

const objects = platform.objects.length;
console.log('render + check of the default platform (production, OpenShift, functional)');
console.log(`  objects                         ${objects} in ${tree.size} files`);
console.log(`  assemble + render               ${(tRender - t0).toFixed(0)} ms`);
console.log(`  schema check, cold (compile)    ${(tCold - cold).toFixed(0)} ms  (${((objects / (tCold - cold)) * 1000).toFixed(0)} objects/s)`);
console.log(`  schema check, warm              ${((tWarm - tCold) / rounds).toFixed(1)} ms  (${((objects * rounds) / (tWarm - tCold) * 1000).toFixed(0)} objects/s)`);
console.log(`  all offline checks              ${(tFull - tWarm).toFixed(0)} ms  (${full.findings.length} findings)`);
console.log(`  wall time                       ${(tFull - t0).toFixed(0)} ms`);
console.log(`  peak memory (max RSS)           ${mib(process.resourceUsage().maxRSS * 1024)}`);

const deployBench = join(root, 'scripts', 'bench-deploy.ts');
if (existsSync(deployBench)) {
  console.log('');
  const result = spawnSync(process.execPath, ['--import', 'tsx', deployBench], { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}
