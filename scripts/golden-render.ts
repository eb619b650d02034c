// Renders every config of the render matrix (test/support/render-matrix.ts) into one file per
// config: every file of the Kustomize tree (bundle included), plus the config's JSON Schema.
// Run it before and after a refactor and compare the two folders byte for byte:
//   npm run golden -- /tmp/before && (change) && npm run golden -- /tmp/after && diff -r /tmp/before /tmp/after
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../src/config/load.ts';
import { configJsonSchema } from '../src/config/json-schema.ts';
import { assemblePlatform } from '../src/platform/assemble.ts';
import { renderTree } from '../src/render/kustomize-tree.ts';
import { RENDER_MATRIX } from '../test/support/render-matrix.ts';

const out = process.argv[2];
if (out === undefined) {
  console.error('usage: npm run golden -- <output folder>');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
for (const { label, config } of RENDER_MATRIX) {
  const tree = renderTree(assemblePlatform(resolveConfig(config)));
  const text = [...tree.keys()].sort().map((path) => `### ${path}\n${tree.get(path)!}`).join('');
  writeFileSync(join(out, `${label}.txt`), text);
}
writeFileSync(join(out, 'config.schema.json'), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`rendered ${RENDER_MATRIX.length} configs into ${out}`);
