import { platformFor } from './test/support/platform.ts';
import { buildDeployGraph } from './src/platform/deploy-graph.ts';
const p = platformFor(process.argv[2] ? JSON.parse(process.argv[2]) : {});
for (const s of p.secrets) console.log(JSON.stringify({ns:s.namespace,name:s.name,source:s.source,copyFrom:s.copyFrom,consumers:s.consumers, producer:(s as any).producer, keys:s.keys?.map(k=>k.key)}));
for (const s of buildDeployGraph(p).steps) console.log(s.id, '<-', s.dependsOn.join(','), 'wait', s.wait.length);
