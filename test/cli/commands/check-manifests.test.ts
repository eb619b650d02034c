import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../../support/cli.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import { tempDir } from '../../support/temp.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'check', 'upstream', 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** A Deployment a careful user would write: restricted security context, resources, probes, own ServiceAccount. */
const CLEAN = `apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: apps}
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: apps}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      automountServiceAccountToken: false
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: web
          image: nginxinc/nginx-unprivileged:1.29.1
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
          resources: {requests: {cpu: 50m, memory: 64Mi}, limits: {cpu: 200m, memory: 128Mi}}
          readinessProbe: {httpGet: {path: /, port: 8080}}
          livenessProbe: {httpGet: {path: /, port: 8080}}
`;

describe('datalyptica check FILE|DIR|-', () => {
  it('checks a file and exits 1 on an upstream-rule error, naming rule, object and path', async () => {
    const dir = tempDir('dl-check-manifests-');
    const file = join(dir, 'kafka.yaml');
    writeFileSync(file, fixture('kraft-config.bad.yaml'));
    const result = await cli(['check', file]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /^FAIL DL-UPS-001 Kafka\/events \(kafka\): \/spec\/kafka\/config\/node\.id: /m);
    assert.match(result.stdout, /^1 objects checked: 3 errors/m);
    assert.match(result.stdout, /^checks run \(target kubernetes\): policy .*; ha .*; network .*; upstream$/m);
    assert.match(result.stdout, /^skipped without a platform: schema \(no --schemas given\); components .*capacity .*promql .*mirror/m);
  });

  it('reads a folder recursively (YAML files only) and exits 0 when only warnings are found', async () => {
    const dir = tempDir('dl-check-manifests-');
    mkdirSync(join(dir, 'storage', 'minio'), { recursive: true });
    writeFileSync(join(dir, 'storage', 'minio', 'minio.yaml'), CLEAN.replace('nginxinc/nginx-unprivileged:1.29.1', 'quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z').replace(/namespace: apps/g, 'namespace: storage'));
    writeFileSync(join(dir, 'web.yml'), CLEAN);
    writeFileSync(join(dir, 'README.md'), 'not: [yaml');
    const result = await cli(['check', dir]);
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /^WARN DL-UPS-009 Deployment\/web \(storage\): quay\.io\/minio\/minio:/m);
    assert.match(result.stdout, /^4 objects checked: 0 errors, 1 warnings/m);
  });

  it('reads standard input with -, as in `kustomize build | datalyptica check -`', async () => {
    const stdin = [fixture('spark-sa.bad.yaml'), fixture('service.bad.yaml'), fixture('clickhouse.bad.yaml')].join('---\n');
    const result = await cli(['check', '-'], { stdin });
    assert.equal(result.code, 1);
    for (const rule of ['DL-UPS-007', 'DL-NET-003', 'DL-UPS-008']) assert.match(result.stdout, new RegExp(`^FAIL ${rule} `, 'm'), rule);
    assert.doesNotMatch(result.stdout, /DL-SEC-017/, 'the Service type is reported once, by the network family');
  });

  it('runs the existing policy rules on a user\'s workload and passes a clean one', async () => {
    const clean = await cli(['check', '-'], { stdin: CLEAN });
    assert.equal(clean.code, 0, clean.stdout);
    assert.match(clean.stdout, /^2 objects checked: 0 errors, 0 warnings/m);
    const root = await cli(['check', '-'], { stdin: CLEAN.replace('runAsNonRoot: true', 'runAsNonRoot: false') });
    assert.equal(root.code, 1);
    assert.match(root.stdout, /^FAIL DL-SEC-001 Deployment\/web \(apps\)/m);
  });

  it('validates schemas when --schemas is given, and says schema ran', async () => {
    const result = await cli(['check', '-', '--schemas', ...SCHEMA_DIRS, '-o', 'json'], { stdin: fixture('zookeeper.bad.yaml') });
    const report = JSON.parse(result.stdout) as { checkers: { id: string; ran: boolean }[]; findings: { rule: string }[] };
    assert.equal(report.checkers.find((c) => c.id === 'schema')?.ran, true);
    assert.equal(report.checkers.find((c) => c.id === 'capacity')?.ran, false);
    assert.ok(report.findings.some((f) => f.rule === 'DL-SCHEMA-001'), 'the v1 Kafka schema has no spec.zookeeper');
    assert.ok(report.findings.some((f) => f.rule === 'DL-UPS-002'));
  });

  it('writes SARIF with the DL-UPS rule metadata', async () => {
    const result = await cli(['check', '-', '-o', 'sarif'], { stdin: fixture('trino.bad.yaml') });
    assert.equal(result.code, 1);
    const sarif = JSON.parse(result.stdout) as { runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } }; results: { ruleId: string; level: string }[] }[] };
    const run = sarif.runs[0]!;
    assert.ok(run.results.some((r) => r.ruleId === 'DL-UPS-003' && r.level === 'error'));
    assert.match(run.tool.driver.rules.find((r) => r.id === 'DL-UPS-003')?.helpUri ?? '', /trino\.io/);
  });

  it('detects OpenShift from the objects and lets --target override it', async () => {
    const route = 'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: web, namespace: apps}\nspec: {to: {kind: Service, name: web}, tls: {termination: edge, insecureEdgeTerminationPolicy: Redirect}}\n';
    const detected = await cli(['check', '-', '-o', 'json'], { stdin: route });
    assert.equal((JSON.parse(detected.stdout) as { target: string }).target, 'openshift');
    const forced = await cli(['check', '-', '-o', 'json', '--target', 'kubernetes'], { stdin: route });
    assert.equal((JSON.parse(forced.stdout) as { target: string }).target, 'kubernetes');
  });

  it('stops on a YAML syntax error with the file, line and a caret, and on a missing path', async () => {
    const bad = await cli(['check', '-'], { stdin: 'apiVersion: v1\nkind: [ConfigMap\n' });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /-:\d+:\d+: /);
    assert.match(bad.stderr, /\^/);
    const missing = await cli(['check', join(tempDir('dl-check-manifests-'), 'nope.yaml')]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /nope\.yaml does not exist/);
    const notObject = await cli(['check', '-'], { stdin: '- a\n- b\n' });
    assert.notEqual(notObject.code, 0);
    assert.match(notObject.stderr, /not a Kubernetes object/);
  });

  it('unpacks kind: List and skips empty documents', async () => {
    const list = `---\n---\napiVersion: v1\nkind: List\nitems:\n${fixture('pdb-overlap.bad.yaml')
      .split('---\n')
      .map((doc) => `  - ${doc.trim().split('\n').join('\n    ')}`)
      .join('\n')}\n`;
    const result = await cli(['check', '-', '-o', 'json'], { stdin: list });
    const report = JSON.parse(result.stdout) as { objects: number; findings: { rule: string }[] };
    assert.equal(report.objects, 2);
    assert.ok(report.findings.some((f) => f.rule === 'DL-UPS-005'));
  });

  it('silences a rule on one object with an ignore-check.datalyptica.io/<rule> annotation carrying the reason', async () => {
    const annotated = fixture('trino.bad.yaml').replace('metadata: {name: trino-coordinator, namespace: query,', 'metadata: {name: trino-coordinator, namespace: query, annotations: {ignore-check.datalyptica.io/DL-UPS-003: "two clusters behind a gateway"},');
    const result = await cli(['check', '-', '-o', 'json'], { stdin: annotated });
    const report = JSON.parse(result.stdout) as { counts: { suppressed: number }; findings: { rule: string; suppressed?: { reason: string } }[] };
    assert.deepEqual(report.findings.find((f) => f.rule === 'DL-UPS-003')?.suppressed, { reason: 'two clusters behind a gateway' });
    assert.ok(report.counts.suppressed >= 1);
    const text = await cli(['check', '-'], { stdin: annotated });
    assert.doesNotMatch(text.stdout, /DL-UPS-003/);
    const empty = await cli(['check', '-'], { stdin: annotated.replace('"two clusters behind a gateway"', '""') });
    assert.match(empty.stdout, /^FAIL DL-UPS-003 /m, 'an empty reason silences nothing');
  });

  it('refuses --config together with manifests', async () => {
    const result = await cli(['check', '-', '-c', 'datalyptica.yaml'], { stdin: CLEAN });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /--config applies to the platform check/);
  });
  it('refuses a manifest file swallowed by --schemas instead of checking the platform in its place', async () => {
    const file = join(tempDir('dl-check-'), 'app.yaml');
    writeFileSync(file, CLEAN);
    const result = await cli(['check', '--schemas', ...SCHEMA_DIRS, file]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '', 'nothing was checked');
    assert.match(result.stderr, /DL_USAGE.*--schemas .*app\.yaml: a schema location is a folder or a URL template/);
    assert.match(result.stderr, /name it before the option/);
  });
});

