import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_STRIMZI_RELEASE, STRIMZI_RELEASES } from '../../../src/components/kafka/strimzi.ts';
import { PINNED_VERSIONS } from '../../../src/model/versions-catalog.ts';
import { dataServerSpec, javaAtLeast } from '../../support/jvm.ts';

describe('the real data servers the probe tests run', () => {
  it('run the Kafka version the platform pins (catalogue and default Strimzi release)', () => {
    const pinned = PINNED_VERSIONS.find((p) => p.kind === 'component' && p.name === 'kafka')!;
    assert.equal(dataServerSpec('kafka').version, pinned.version);
    assert.equal(dataServerSpec('kafka').version, STRIMZI_RELEASES[DEFAULT_STRIMZI_RELEASE].kafka);
  });

  it('pick the lowest Java that is new enough, or say why there is none', () => {
    const java17 = javaAtLeast(17);
    if ('skip' in java17) assert.match(java17.skip, /no Java 17\+ found/);
    else assert.ok(java17.feature >= 17 && java17.java.endsWith('/bin/java'));
    const none = (() => {
      try {
        return javaAtLeast(999);
      } catch (error) {
        return { skip: (error as Error).message };
      }
    })();
    assert.ok('skip' in none && /no Java 999\+ found/.test(none.skip));
  });
});
