import { platformFor } from './test/support/platform.ts';
import { collectChecks } from './src/cluster/validate/collect.ts';
const ids = new Set(process.argv.slice(2));
const p = platformFor({});
for (const c of collectChecks(p, {})) if (ids.has(c.id)) console.log(c.id, JSON.stringify(c.probe));
