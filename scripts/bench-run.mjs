#!/usr/bin/env node
// Runs the built CLI with the given arguments in this process and, on exit, writes this process's
// own accounting (wall, user and system CPU, peak RSS) as one JSON line to the file named by
// BENCH_REPORT. The CLI's output goes where it would.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const report = process.env['BENCH_REPORT'];
process.on('exit', () => {
  if (report === undefined) return;
  const usage = process.resourceUsage();
  const line = { wallMs: performance.now(), userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, maxRssMiB: usage.maxRSS / 1024 };
  writeFileSync(report, `${JSON.stringify(line)}\n`);
});
process.argv.splice(1, 1, new URL('../dist/cli.mjs', import.meta.url).pathname);
await import('../dist/cli.mjs');
