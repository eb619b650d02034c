import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPONENTS } from '../../src/components/registry.ts';
import { resolveConfig } from '../../src/config/load.ts';
import { trinoOptions } from '../../src/components/trino/options.ts';
import { componentOptions } from '../../src/platform/context.ts';
import { DatalypticaError } from '../../src/errors.ts';

/** The `details` of the config error `run` throws. */
function problems(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DatalypticaError);
    return error.details.join('\n');
  }
  assert.fail('the config was accepted');
}

describe('the components block of the config', () => {
  it('has one block per registered component, in registry order, each with its schema defaults', () => {
    const config = resolveConfig({});
    assert.deepEqual(Object.keys(config.components), COMPONENTS.map((d) => d.name));
    for (const definition of COMPONENTS) {
      assert.deepEqual(config.components[definition.name], definition.options.parse({}), definition.name);
    }
  });

  it('refuses a block for a component that is not registered, suggesting the nearest one', () => {
    assert.match(problems(() => resolveConfig({ components: { grafanna: { enabled: true } } })), /components\.grafanna: unknown key; did you mean "grafana"\?/);
  });

  it('validates a block with the component definition\'s own schema', () => {
    assert.match(problems(() => resolveConfig({ components: { trino: { https: { enabled: 'yes' } } } })), /components\.trino\.https\.enabled/);
    const config = resolveConfig({ components: { trino: { https: { enabled: true } } } });
    assert.equal(componentOptions(config, { name: 'trino', options: trinoOptions }).https.enabled, true);
  });
});
