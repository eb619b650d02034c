import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runChecks } from '../../../src/check/run.ts';
import { upstreamChecker } from '../../../src/check/upstream/upstream-checker.ts';
import { platformFor } from '../../support/platform.ts';
import { withObjects } from '../support.ts';

describe('the upstream rules on the rendered platform', () => {
  for (const config of [{ profile: 'production', target: 'openshift' }, { profile: 'small', target: 'kubernetes' }, { profile: 'dev', target: 'openshift', objectStorage: { mode: 'minio' } }] as const) {
    it(`find nothing in the ${config.profile} ${config.target} render${'objectStorage' in config ? ' with MinIO (its warning is the component\'s own)' : ''}`, () => {
      assert.deepEqual([...upstreamChecker.run({ platform: platformFor(config) })], []);
    });
  }

  it('run as part of check: an added Trino coordinator with two replicas fails the platform', () => {
    const platform = withObjects(platformFor({ profile: 'dev', target: 'kubernetes' }), [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'extra-trino-coordinator', namespace: 'datalyptica-query', labels: { 'app.kubernetes.io/name': 'trino', 'app.kubernetes.io/component': 'coordinator' } },
        spec: { replicas: 2, selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'trino', image: 'trinodb/trino:480' }] } } },
      },
    ]);
    const report = runChecks(platform, { checkers: [upstreamChecker] });
    assert.equal(report.ok, false);
    assert.deepEqual(report.findings.map((f) => f.rule), ['DL-UPS-003']);
  });
});
