import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { deployError } from '../../src/cluster/deploy.ts';
import { platformStatus } from '../../src/cluster/status.ts';
import type { UserConfig } from '../../src/config/schema.ts';
import { groupOf } from '../../src/model/kube.ts';
import { collectOperators, operatorInstallPlan } from '../../src/platform/derive/operators.ts';
import { provideExternalSecrets } from '../support/sim-api-server/index.ts';
import { createdAt, simPlatform, type Created, type SimPlatform } from './sim-platform.ts';

const running: SimPlatform[] = [];
after(async () => {
  for (const s of running) await s.sim.stop();
});

async function setup(config: UserConfig, options: Parameters<typeof simPlatform>[1] = {}): Promise<SimPlatform> {
  const s = await simPlatform(config, options);
  running.push(s);
  return s;
}

const crdGroup = (crd: string): string => crd.slice(crd.indexOf('.') + 1);
const isWorkload = (c: Created): boolean => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(c.kind) || (groupOf(c.apiVersion).includes('.') && !groupOf(c.apiVersion).endsWith('k8s.io') && !['operators.coreos.com', 'route.openshift.io', 'monitoring.coreos.com'].includes(groupOf(c.apiVersion)));

/** Ordering the deploy must guarantee, checked against what the API server stored and the engine's events. */
function assertOrdering(s: SimPlatform, steps: readonly { readonly id: string; readonly dependsOn: readonly string[] }[]): void {
  const { platform, created, events } = s;
  const rendered = new Set(platform.objects.map((p) => `${p.object.kind}/${p.object.metadata.namespace ?? ''}/${p.object.metadata.name}`));
  const ours = (c: Created): boolean => rendered.has(`${c.kind}/${c.namespace ?? ''}/${c.name}`);

  // Operators before any custom resource of theirs: the Subscription (OLM) or the CRDs (manifest, Helm).
  const plan = operatorInstallPlan(platform);
  const companions = collectOperators(platform.components).flatMap(({ requirement }) => requirement.companions ?? []);
  for (const install of [...plan, ...companions.map((c) => ({ ...c, type: c.install.type }))]) {
    const groups = new Set(install.crds.map(crdGroup));
    const firstCr = createdAt(created, (c) => ours(c) && groups.has(groupOf(c.apiVersion)));
    if (firstCr < 0) continue;
    const installed =
      'package' in install && install.type === 'olm'
        ? createdAt(created, (c) => c.kind === 'Subscription' && (c.object['spec'] as { name?: string }).name === install.package)
        : Math.max(...install.crds.map((crd) => createdAt(created, (c) => c.kind === 'CustomResourceDefinition' && c.name === crd)));
    assert.ok(installed >= 0 && installed < firstCr, `operator ${install.id} installed (${installed}) before its first custom resource ${created[firstCr]!.kind}/${created[firstCr]!.name} (${firstCr})`);
  }

  // Namespaces before anything in them.
  for (const [index, c] of created.entries()) {
    if (c.namespace === undefined || !ours(c)) continue;
    const ns = createdAt(created, (n) => n.kind === 'Namespace' && n.name === c.namespace);
    assert.ok(s.preexisting.has(c.namespace) || (ns >= 0 && ns < index), `Namespace ${c.namespace} before ${c.kind}/${c.name}`);
  }

  // Every dependency done before its dependent starts.
  const at = (type: string, step: string): number => events.findIndex((e) => e.type === type && 'step' in e && e.step === step);
  assert.ok(events.some((e) => e.type === 'step-start'));
  for (const e of events) {
    if (e.type !== 'step-start') continue;
    const step = steps.find((st) => st.id === e.step)!;
    for (const dependency of step.dependsOn) assert.ok(at('step-done', dependency) >= 0 && at('step-done', dependency) < at('step-start', step.id), `${dependency} done before ${step.id} starts`);
  }

  // Generated Secrets before the workloads of the components that read them.
  for (const secret of s.secrets) {
    const stored = createdAt(created, (c) => c.kind === 'Secret' && c.name === secret.metadata.name && c.namespace === secret.metadata.namespace);
    assert.ok(stored >= 0, `generated Secret ${secret.metadata.namespace}/${secret.metadata.name} applied`);
    const consumers = new Set(platform.secrets.filter((r) => r.name === secret.metadata.name && r.namespace === secret.metadata.namespace).flatMap((r) => r.consumers));
    const consumerObjects = new Set(platform.objects.filter((p) => consumers.has(p.owner as never)).map((p) => `${p.object.kind}/${p.object.metadata.namespace ?? ''}/${p.object.metadata.name}`));
    const firstWorkload = createdAt(created, (c) => isWorkload(c) && consumerObjects.has(`${c.kind}/${c.namespace ?? ''}/${c.name}`));
    if (firstWorkload >= 0) assert.ok(stored < firstWorkload, `Secret ${secret.metadata.name} before ${created[firstWorkload]!.kind}/${created[firstWorkload]!.name}`);
  }
}

async function deployAndCheck(s: SimPlatform): Promise<void> {
  const result = await s.run();
  assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
  assertOrdering(s, result.graph.steps);
  const status = await platformStatus({ client: s.connection.client, platform: s.platform });
  assert.deepEqual(status.filter((c) => c.state !== 'ready').map((c) => `${c.component}: ${c.problems.join('; ')}`), []);
  assert.equal(status.length, s.platform.components.size);
}

describe('the full platform against the simulated API server', () => {
  it('deploys the default platform (OpenShift, production) with operators, namespaces, dependencies and Secrets in order', async () => {
    const s = await setup({});
    await deployAndCheck(s);
    assert.ok(s.created.some((c) => c.kind === 'Subscription'));
    // Copied Secrets are mirrored from what the operators made (Strimzi user and CA certificates, the external S3 keys).
    for (const r of s.platform.secrets.filter((x) => x.source === 'copy')) {
      const copy = s.sim.server.get('v1', 'Secret', r.name, r.namespace);
      assert.ok(copy, `copied Secret ${r.namespace}/${r.name}`);
      for (const key of r.keys) assert.ok(Object.hasOwn((copy['data'] ?? {}) as object, key.key), `${r.namespace}/${r.name} has ${key.key}`);
    }
  });

  it('deploys the default OpenShift platform without the user creating the LokiStack S3 Secret: deploy copies the store keys under the Loki Operator key names', async () => {
    const s = await setup({});
    const loki = s.platform.secrets.find((r) => r.name === 'logging-loki-s3')!;
    assert.equal(loki.source, 'copy');
    assert.deepEqual(provideExternalSecrets(s.sim.server, s.platform).filter((id) => id.endsWith('/logging-loki-s3')), [], 'not a Secret the user provides');
    await deployAndCheck(s);
    const from = loki.copyFrom!;
    const source = s.sim.server.get('v1', 'Secret', from.name, from.namespace)!;
    const copy = s.sim.server.get('v1', 'Secret', loki.name, loki.namespace)!;
    const data = copy['data'] as Record<string, string>;
    const sourceData = source['data'] as Record<string, string>;
    const text = (value: string | undefined) => Buffer.from(value ?? '', 'base64').toString('utf8');
    assert.deepEqual(Object.keys(data).sort(), ['access_key_id', 'access_key_secret', 'bucketnames', 'endpoint', 'forcepathstyle', 'region']);
    assert.equal(data['access_key_id'], sourceData[from.keyMap!['access_key_id']!]);
    assert.equal(data['access_key_secret'], sourceData[from.keyMap!['access_key_secret']!]);
    assert.equal(text(data['bucketnames']), s.platform.config.objectStorage.buckets.apps);
    assert.equal(text(data['region']), s.platform.config.objectStorage.region);
    assert.equal(copy['type'], 'Opaque');
  });

  it('with ODF copies the LokiStack S3 Secret from the apps bucket\'s ObjectBucketClaim Secret once the claim is bound', async () => {
    const s = await setup({ profile: 'dev', objectStorage: { mode: 'odf' } });
    const result = await s.run();
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    const loki = s.platform.secrets.find((r) => r.name === 'logging-loki-s3')!;
    const claim = s.sim.server.get('v1', 'Secret', loki.copyFrom!.name, loki.copyFrom!.namespace)!;
    assert.equal(loki.copyFrom!.name, 'datalyptica-apps');
    const copy = s.sim.server.get('v1', 'Secret', loki.name, loki.namespace)!;
    const data = copy['data'] as Record<string, string>;
    assert.equal(data['access_key_id'], (claim['data'] as Record<string, string>)['AWS_ACCESS_KEY_ID']);
    assert.equal(Buffer.from(data['endpoint']!, 'base64').toString('utf8'), 'https://s3.openshift-storage.svc:443');
    const at = (kind: string, name: string) => createdAt(s.created, (c) => c.kind === kind && c.name === name);
    assert.ok(at('ObjectBucketClaim', 'datalyptica-apps') < at('Secret', 'logging-loki-s3') && at('Secret', 'logging-loki-s3') < at('LokiStack', 'logging-loki'), 'claim, then copy, then LokiStack');
  });

  it('fails the LokiStack S3 copy naming the source key the store Secret lacks, and still copies the plain ones', async () => {
    const s = await setup({ profile: 'dev' });
    const loki = s.platform.secrets.find((r) => r.name === 'logging-loki-s3')!;
    const from = loki.copyFrom!;
    const secretKey = from.keyMap!['access_key_secret']!;
    const source = s.sim.server.get('v1', 'Secret', from.name, from.namespace)!;
    const data = { ...(source['data'] as Record<string, string>) };
    delete data[secretKey];
    s.sim.server.put({ ...source, data });
    const result = await s.run();
    assert.equal(result.ok, false);
    const step = result.steps.find((st) => st.id === `copy:${loki.namespace}/${loki.name}`)!;
    assert.equal(step.state, 'failed');
    assert.ok(step.stuck.some((x) => x.reason.includes(secretKey)), JSON.stringify(step.stuck));
    assert.equal(s.sim.server.get('v1', 'Secret', loki.name, loki.namespace), undefined, 'no half-made copy');
    const plain = s.platform.secrets.find((r) => r.source === 'copy' && r.copyFrom?.name === from.name && r.copyFrom.keyMap === undefined && r.namespace !== loki.namespace);
    assert.ok(plain, 'another consumer copies the same Secret unchanged');
    assert.ok(s.sim.server.get('v1', 'Secret', plain.name, plain.namespace), `${plain.namespace}/${plain.name} copied unchanged`);
  });

  it('deploys a dev platform on Kubernetes, installing operators from manifests and Helm first', async () => {
    const s = await setup({ profile: 'dev', target: 'kubernetes' });
    await deployAndCheck(s);
    assert.ok(!s.created.some((c) => c.kind === 'Subscription'));
  });

  it('refuses to start while a Secret the user must provide is missing, naming it and how to create it', async () => {
    const s = await setup({ profile: 'dev', target: 'kubernetes' });
    const external = s.platform.secrets.find((r) => r.source === 'external')!;
    await s.connection.client.delete({ apiVersion: 'v1', kind: 'Secret', name: external.name, namespace: external.namespace });
    await assert.rejects(s.run(), (error: unknown) => {
      const e = error as { code?: string; details?: string[]; hint?: string };
      return e.code === 'DL_SECRETS_MISSING' && (e.details ?? []).some((d) => d.includes(`Secret/${external.name} (${external.namespace})`)) && (e.hint ?? '').includes(`kubectl create secret generic ${external.name} -n ${external.namespace}`);
    });
    assert.equal(s.events.length, 0, 'nothing applied');
  });

  it('fetches every file of a manifest install, the additional ones first, and applies each object once', async () => {
    const s = await setup({ profile: 'dev', target: 'kubernetes' });
    const keycloak = operatorInstallPlan(s.platform).find((i) => i.id === 'keycloak');
    assert.ok(keycloak?.type === 'manifest' && (keycloak.additionalUrls ?? []).length === 2, 'Keycloak installs from three files');
    const fetched: string[] = [];
    const result = await s.run({ fetchManifest: async (url) => (fetched.push(url), s.sim.manifests(url)) });
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    const files = fetched.filter((url) => url.includes('keycloak-k8s-resources'));
    assert.deepEqual(files, [...keycloak.additionalUrls!, keycloak.url]);
    const namespaces = s.created.filter((c) => c.kind === 'CustomResourceDefinition' && c.name === 'keycloaks.k8s.keycloak.org');
    assert.equal(namespaces.length, 1, 'the CRD is created once although three files carry it in the stand-in');
  });

  it('survives 429 with Retry-After, 500 and dropped watches on the full platform', async () => {
    // StatefulSets turn ready only after 300 ms, so deploy surely opens watches for them (a loaded
    // machine could otherwise see every object ready at its first list and open none).
    const s = await setup({ profile: 'dev', target: 'kubernetes' }, { delayMs: (o) => (o.kind === 'StatefulSet' ? 300 : 5) });
    const deployment = s.platform.objects.find((p) => p.object.kind === 'Deployment')!.object;
    s.sim.server.faults.push({ match: (r) => r.method === 'PATCH' && r.path.endsWith(`/deployments/${deployment.metadata.name}`), status: 429, headers: { 'Retry-After': '0' }, times: 2 });
    s.sim.server.faults.push({ match: (r) => r.method === 'PATCH' && r.path.includes('/configmaps/'), status: 500, times: 3 });
    s.sim.server.faults.push({ match: (r) => r.query.get('watch') === '1', dropWatchAfterMs: 1, times: 10 });
    const result = await s.run();
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    // Every 429 and 500 was hit; watches are only opened for objects not ready at their first list, so at least one was dropped.
    const [throttled, failed, dropped] = s.sim.server.faults;
    assert.equal(throttled!.times, 0);
    assert.equal(failed!.times, 0);
    assert.ok(dropped!.times! < 10, 'a watch was dropped and resumed');
    assert.ok(s.sim.server.get('apps/v1', 'Deployment', deployment.metadata.name, deployment.metadata.namespace));
  });

  it('fails on a field another manager owns, naming the object and the manager, unless forced', async () => {
    const s = await setup({ profile: 'dev', target: 'kubernetes' });
    assert.equal((await s.run()).ok, true);
    const placed = s.platform.objects.find((p) => p.object.kind === 'ConfigMap' && p.owner !== 'platform' && p.owner !== 'operators' && Object.keys((p.object['data'] ?? {}) as object).length > 0)!;
    const target = placed.object;
    const key = Object.keys(target['data'] as object)[0]!;
    const live = s.sim.server.get('v1', 'ConfigMap', target.metadata.name, target.metadata.namespace)!;
    s.sim.server.put({ ...live, data: { ...(live['data'] as object), [key]: 'edited by hand' }, metadata: { ...live.metadata, annotations: {}, managedFields: [{ manager: 'kubectl-edit', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { [`.data.${key}`]: {} } }] } });
    const result = await s.run();
    const failed = result.steps.find((st) => st.id === `component:${placed.owner}`)!;
    assert.equal(failed.state, 'failed');
    assert.match(failed.message ?? '', new RegExp(`ConfigMap/${target.metadata.name}`));
    assert.match(failed.message ?? '', /kubectl-edit/);
    assert.equal((await s.run({ forceConflicts: true })).ok, true);
    assert.equal((s.sim.server.get('v1', 'ConfigMap', target.metadata.name, target.metadata.namespace)!['data'] as Record<string, string>)[key], (target['data'] as Record<string, string>)[key]);
  });
});
