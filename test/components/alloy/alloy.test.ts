import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runChecks } from '../../../src/check/run.ts';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';

const kubernetes = () => platformFor({ target: 'kubernetes' });

describe('alloy component', () => {
  it('matches the production snapshot', () => {
    matchSnapshot('components/alloy/production', kubernetes().components.get('alloy')!.build.objects);
  });

  it('runs only on Kubernetes, in a namespace of its own', () => {
    assert.equal(platformFor().components.has('alloy'), false);
    const platform = kubernetes();
    assert.equal(platform.components.get('alloy')!.namespace, 'datalyptica-log-collector');
    const ns = findObject(platform.objects.map((p) => p.object), 'Namespace', 'datalyptica-log-collector');
    assert.equal(ns.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'privileged');
    assert.equal(findObject(platform.objects.map((p) => p.object), 'Namespace', 'datalyptica-monitoring').metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
  });

  it('mounts only /var/log/pods from the host, read-only, with every capability dropped and no API token', () => {
    const ds = findObject(objectsOf(kubernetes(), 'alloy'), 'DaemonSet', 'alloy');
    const volumes = at(ds, 'spec.template.spec.volumes') as { name: string; hostPath?: { path: string } }[];
    assert.deepEqual(volumes.filter((v) => v.hostPath).map((v) => v.hostPath!.path), ['/var/log/pods']);
    const mounts = at(ds, 'spec.template.spec.containers.0.volumeMounts') as { name: string; readOnly?: boolean }[];
    assert.equal(mounts.find((m) => m.name === 'pod-logs')?.readOnly, true);
    assert.deepEqual(at(ds, 'spec.template.spec.containers.0.securityContext.capabilities.drop'), ['ALL']);
    assert.equal(at(ds, 'spec.template.spec.containers.0.securityContext.allowPrivilegeEscalation'), false);
    assert.equal(at(ds, 'spec.template.spec.containers.0.securityContext.readOnlyRootFilesystem'), true);
    assert.equal(at(ds, 'spec.template.spec.automountServiceAccountToken'), false);
    assert.equal(at(ds, 'spec.template.spec.serviceAccountName'), 'alloy');
  });

  it('reports its exception as named suppressions with a reason, and no other', () => {
    const report = runChecks(kubernetes());
    const suppressed = report.findings.filter((f) => f.suppressed);
    assert.deepEqual(suppressed.map((f) => `${f.rule} ${f.object?.kind}/${f.object?.name}`).sort(), [
      'DL-SEC-001 DaemonSet/alloy',
      'DL-SEC-010 DaemonSet/alloy',
      'DL-SEC-022 Namespace/datalyptica-log-collector',
    ]);
    assert.ok(suppressed.every((f) => /read-only hostPath/.test(f.suppressed!.reason)));
    assert.equal(report.counts.error, 0);
  });

  it('pushes to Loki', () => {
    const config = (at(findObject(objectsOf(kubernetes(), 'alloy'), 'ConfigMap', 'alloy-config'), 'data') as Record<string, string>)['config.alloy']!;
    assert.match(config, /url = "http:\/\/loki\.datalyptica-monitoring\.svc:3100\/loki\/api\/v1\/push"/);
  });

  it('renders objects that validate against the schemas in every combination', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const base of ALL_COMBINATIONS) {
      for (const object of objectsOf(platformFor(base), 'alloy')) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${object.kind}/${object.metadata.name} ${JSON.stringify(base)}: ${JSON.stringify(result.errors)}`);
      }
    }
  });
});
