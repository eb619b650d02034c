import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
const files = process.argv.slice(2);
for (const f of files) {
  const crd = parse(readFileSync(f, 'utf8'));
  const v = crd.spec.versions.find((x) => x.storage) ;
  const st = v.schema.openAPIV3Schema.properties?.status;
  const show = (s, d = 0) => Object.entries(s?.properties ?? {}).map(([k, x]) => `${'  '.repeat(d)}${k}:${x.type}${x.enum ? JSON.stringify(x.enum) : ''}${d < 1 && x.properties ? '\n' + show(x, d + 1) : ''}${d<1 && x.items?.properties ? '[' + Object.keys(x.items.properties).join(',') + ']' : ''}`).join('\n');
  console.log('==', crd.metadata.name, v.name, JSON.stringify(v.subresources ?? {}));
  console.log(show(st));
}
