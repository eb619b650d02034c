import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFinding } from '../../src/check/finding.ts';
import { runChecks } from '../../src/check/run.ts';
import { SchemaValidator } from '../../src/check/schema/validator.ts';
import type { UserConfig } from '../../src/config/schema.ts';
import { ALL_COMBINATIONS, platformFor } from '../support/platform.ts';
import { SCHEMA_DIRS } from '../support/schemas.ts';

const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });

/** Option variants a platform engineer is likely to pick, on top of each profile × target × layout. */
const VARIANTS: readonly { readonly name: string; readonly config: UserConfig }[] = [
  { name: 'defaults', config: {} },
  { name: 'minio', config: { objectStorage: { mode: 'minio' } } },
  { name: 'odf', config: { objectStorage: { mode: 'odf' } } },
  {
    name: 'crunchy, valkey, CDC, zones, external secrets',
    config: {
      zones: ['zone-a', 'zone-b', 'zone-c'],
      secrets: { mode: 'external-secrets', store: 'vault' },
      components: { postgres: { operator: 'crunchy' }, redis: { engine: 'valkey' }, 'kafka-connect': { cdcExample: true } },
    } as UserConfig,
  },
];

function errorsOf(config: UserConfig): string[] {
  const report = runChecks(platformFor(config), { validator });
  return report.findings.filter((f) => f.severity === 'error' && !f.suppressed).map((f) => `${f.rule} ${formatFinding(f)}`);
}

describe('datalyptica check over every supported shape of the platform', () => {
  for (const combination of ALL_COMBINATIONS) {
    for (const variant of VARIANTS) {
      // OpenShift Data Foundation exists only on OpenShift: that shape is not generated at all.
      if (variant.name === 'odf' && combination.target === 'kubernetes') continue;
      const label = `${combination.profile}/${combination.target}/${combination.layout} (${variant.name})`;
      it(`reports no error for ${label}`, () => {
        assert.deepEqual(errorsOf({ ...variant.config, ...combination }), []);
      });
    }
  }

  it('fails when a suppression-free rule is broken, and passes once it is suppressed with a reason', () => {
    const broken = platformFor({ profile: 'dev' });
    const mutated = {
      ...broken,
      objects: broken.objects.map((p) =>
        p.object.kind === 'Deployment' && p.object.metadata.name === 'nessie'
          ? { ...p, object: { ...p.object, spec: { ...(p.object['spec'] as object), template: { metadata: {}, spec: { containers: [{ name: 'x', image: 'nginx:latest' }] } } } } }
          : p,
      ),
    };
    const failing = runChecks(mutated, { validator });
    assert.equal(failing.ok, false);
    const rules = new Set(failing.findings.filter((f) => f.severity === 'error').map((f) => f.rule));
    const suppressions = [...rules].map((rule) => ({ rule, object: 'Deployment/nessie', reason: 'exercised by the test on purpose' }));
    const suppressed = runChecks({ ...mutated, config: { ...mutated.config, check: { suppressions } } }, { validator });
    assert.equal(suppressed.ok, true, suppressed.findings.filter((f) => f.severity === 'error' && !f.suppressed).map(formatFinding).join('\n'));
    assert.ok(suppressed.counts.suppressed > 0);
  });
});
