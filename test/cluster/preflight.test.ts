import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DatalypticaError } from '../../src/errors.ts';
import { assertKubernetesVersion, kubernetesVersionProblems, parseMinor } from '../../src/cluster/preflight.ts';
import { platformFor } from '../support/platform.ts';

describe('the Kubernetes version preflight', () => {
  it('reads minor versions the way distributions report them', () => {
    assert.equal(parseMinor('30'), 30);
    assert.equal(parseMinor('27+'), 27);
    assert.equal(parseMinor(''), undefined);
  });

  it('refuses the default platform on Kubernetes 1.29 because of the pinned Strimzi, naming the component and the fix', () => {
    const platform = platformFor();
    assert.deepEqual(kubernetesVersionProblems(platform, 29), ['components.kafka: its pinned operator release needs Kubernetes 1.30+; the cluster runs 1.29']);
    assert.throws(
      () => assertKubernetesVersion(platform, { minor: '29', gitVersion: 'v1.29.8' }),
      (error: unknown) => error instanceof DatalypticaError && /nothing was applied/.test(error.message) && /components\.kafka\.strimzi: 0\.50\.1/.test(error.hint ?? ''),
    );
  });

  it('accepts Kubernetes 1.27 once the older Strimzi line is chosen, and refuses anything below the product floor', () => {
    const platform = platformFor({ components: { kafka: { strimzi: '0.50.1' } } as never });
    assert.deepEqual(kubernetesVersionProblems(platform, 27), []);
    assert.equal(kubernetesVersionProblems(platform, 26).length, 1);
    assert.doesNotThrow(() => assertKubernetesVersion(platformFor(), { minor: '31', gitVersion: 'v1.31.2' }));
  });
});
