import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBytes, formatCpu, heapOf, parseQuantity } from '../../src/platform/quantity.ts';

describe('quantities', () => {
  it('parses CPU and memory in every suffix Kubernetes accepts', () => {
    assert.equal(parseQuantity('500m'), 0.5);
    assert.equal(parseQuantity('2'), 2);
    assert.equal(parseQuantity('16Gi'), 16 * 2 ** 30);
    assert.equal(parseQuantity('1G'), 1e9);
    assert.throws(() => parseQuantity('lots'), /not a Kubernetes quantity/);
  });

  it('formats back to whole units', () => {
    assert.equal(formatCpu(1.5), '1500m');
    assert.equal(formatCpu(3), '3');
    assert.equal(formatBytes(1536 * 2 ** 20), '1536Mi');
    assert.equal(formatBytes(64 * 2 ** 30), '64Gi');
  });

  it('sizes a JVM heap as a fraction of the memory limit', () => {
    assert.equal(heapOf('4Gi', 0.75), '3072m');
  });
});
