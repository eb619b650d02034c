import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import { tempDir } from '../support/temp.ts';

const root = resolve(import.meta.dirname, '../..');
const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs')) as IConfiguration;

/** Every rule violation under `src/` of `baseDir`, one line each (`rule: from -> to`). */
async function violations(baseDir: string): Promise<string[]> {
  const result = await cruise(['src'], { ...config.options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden ?? [] } });
  const output = result.output as ICruiseResult;
  return output.summary.violations.map((v) => {
    const via = v.cycle ? ` (loop: ${v.cycle.map((step) => step.name).join(' -> ')})` : '';
    return `${v.rule.name}: ${v.from} -> ${v.to}${via}`;
  });
}

describe('the import graph of src/', () => {
  it('has no import loop and breaks no layer rule', async () => {
    assert.deepEqual(await violations(root), []);
  });

  const scratch = tempDir('datalyptica-deps-');
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), text);
  };

  it('reports a loop, model importing the platform, and the platform importing a component', async () => {
    write('src/model/a.ts', "import { b } from '../platform/b.ts';\nexport const a = b;\n");
    write('src/platform/b.ts', "import { c } from '../components/x/c.ts';\nexport const b = c;\n");
    write('src/components/x/c.ts', "import type { a } from '../../model/a.ts';\nexport const c = 1 as typeof a;\n");
    const found = await violations(scratch);
    assert.ok(found.some((v) => v.startsWith('no-circular:')), found.join('\n'));
    assert.ok(found.includes('model-is-the-bottom: src/model/a.ts -> src/platform/b.ts'), found.join('\n'));
    assert.ok(found.includes('platform-reads-declarations-not-components: src/platform/b.ts -> src/components/x/c.ts'), found.join('\n'));
  });

  it('reports model importing a config type, even type-only', async () => {
    write('src/config/settings.ts', 'export type ResolvedConfig = { readonly namePrefix: string };\n');
    write('src/model/uses-config.ts', "import type { ResolvedConfig } from '../config/settings.ts';\nexport type Prefix = ResolvedConfig['namePrefix'];\n");
    const found = await violations(scratch);
    assert.ok(found.includes('model-is-the-bottom: src/model/uses-config.ts -> src/config/settings.ts'), found.join('\n'));
  });
});
