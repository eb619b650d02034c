import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import type { DeployEvent } from '../../src/cluster/deploy.ts';
import { holdsData } from '../../src/cluster/uninstall.ts';
import { describeRef, groupOf, refOf, type KubeObject } from '../../src/model/kube.ts';
import { buildDeployGraph } from '../../src/platform/deploy-graph.ts';
import { collectChecks } from '../../src/cluster/validate/collect.ts';
import type { Probe } from '../../src/model/live-check.ts';
import { assertDeployOrder, keyOf, stepEvents } from '../support/deploy-order.ts';
import { kubectl, realDeploy, type RealDeploy } from '../support/real-deploy.ts';

/**
 * The default platform (OpenShift, production) deployed for real: the real kube-apiserver with the upstream CRDs,
 * the status stand-in playing the controllers (test/support/status-stand-in.ts), every command run through the CLI
 * as a user would, with a counting proxy in front of the server.
 */
// Unique per run: a server kept between runs (DATALYPTICA_TEST_APISERVER) still holds an earlier run's objects.
const PREFIX = `life${Date.now() % 100_000}`;
const CONFIG = { namePrefix: PREFIX } as const;

let env: RealDeploy | undefined;
let skip: string | undefined;
/**
 * Rendered objects that exist before this suite deploys: the suites share one API server, and an
 * object at a fixed name (a Subscription in openshift-operators) may be another suite's. Deploy
 * does not adopt it and uninstall must not delete it, so it is no object "deploy created".
 */
const preExisting = new Set<string>();
/** Namespaces on the server before deploy: OpenShift's, and the ones the user made for the Secrets they provide. */
const namespacesBefore = new Set<string>();

before(async () => {
  const made = await realDeploy(CONFIG);
  if ('skip' in made) skip = made.skip;
  else {
    env = made;
    for (const { object } of made.platform.objects) if (await made.server.client.get(refOf(object))) preExisting.add(describeRef(refOf(object)));
    for (const ns of (await made.server.client.list({ apiVersion: 'v1', kind: 'Namespace' })).items) namespacesBefore.add(ns.metadata.name);
  }
});
after(async () => {
  await env?.stop();
});

/** The environment, or skips the test with the reason (no API server binary off CI). */
function ready(t: { skip(reason: string): void }): RealDeploy | undefined {
  if (env === undefined) t.skip(skip ?? 'no real API server');
  return env;
}

const isCustom = (apiVersion: string): boolean => {
  const group = groupOf(apiVersion);
  return group.includes('.') && !group.endsWith('k8s.io') && group !== 'route.openshift.io';
};

/** What a proxied DELETE path names (`/api/v1/…` or `/apis/<group>/<version>/…[namespaces/<ns>/]<plural>/<name>`). */
function deletedName(path: string): { group: string; namespace: string | undefined; plural: string; name: string } {
  const parts = path.split('/').filter((p) => p !== '');
  const group = parts[0] === 'api' ? '' : parts[1]!;
  const ns = parts.indexOf('namespaces');
  if (ns >= 0 && parts.length > ns + 3) return { group, namespace: parts[ns + 1], plural: parts[ns + 2]!, name: parts[ns + 3]! };
  return { group, namespace: undefined, plural: parts.at(-2)!, name: parts.at(-1)! };
}

describe('the default platform deployed on a real kube-apiserver (status stand-in for the controllers)', () => {
  it('deploys every step, and status then reports every component ready', async (t) => {
    const e = ready(t);
    if (!e) return;
    const from = e.proxy.log.length;
    const deploy = await e.run(['deploy', ...e.deployArgs]);
    assert.equal(deploy.code, 0, `${deploy.stderr}\n${deploy.stdout.slice(-4000)}`);
    assert.deepEqual(e.standIn.errors, []);
    const steps = buildDeployGraph(e.platform, { secrets: e.secrets }).steps;
    for (const step of steps) assert.match(deploy.stdout, new RegExp(`✔ ${step.id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} `), `step ${step.id} done`);
    // Operators before their custom resources, namespaces before content, dependencies before dependents, generated
    // Secrets before the workloads that read them: as the API server received the applies.
    assertDeployOrder({ platform: e.platform, steps, log: e.proxy.log.slice(from), secrets: e.secrets, events: stepEvents(deploy.stdout), preexisting: namespacesBefore });
    // Copied Secrets are mirrored from what the operators made (Strimzi user and CA certificates, the S3 keys).
    for (const r of e.platform.secrets.filter((x) => x.source === 'copy')) {
      const copy = await e.server.client.get({ apiVersion: 'v1', kind: 'Secret', name: r.name, namespace: r.namespace });
      assert.ok(copy, `copied Secret ${r.namespace}/${r.name}`);
      for (const key of r.keys) assert.ok(Object.hasOwn((copy['data'] ?? {}) as object, key.key), `${r.namespace}/${r.name} has ${key.key}`);
    }
    // LokiStack's S3 Secret is no Secret the user provides: deploy copies the store keys under the Loki Operator's key names.
    const loki = e.platform.secrets.find((r) => r.name === 'logging-loki-s3')!;
    assert.equal(loki.source, 'copy');
    const source = (await e.server.client.get({ apiVersion: 'v1', kind: 'Secret', name: loki.copyFrom!.name, namespace: loki.copyFrom!.namespace }))!;
    const copied = (await e.server.client.get({ apiVersion: 'v1', kind: 'Secret', name: loki.name, namespace: loki.namespace }))!;
    const data = copied['data'] as Record<string, string>;
    const text = (value: string | undefined): string => Buffer.from(value ?? '', 'base64').toString('utf8');
    assert.deepEqual(Object.keys(data).sort(), ['access_key_id', 'access_key_secret', 'bucketnames', 'endpoint', 'forcepathstyle', 'region']);
    assert.equal(data['access_key_id'], (source['data'] as Record<string, string>)[loki.copyFrom!.keyMap!['access_key_id']!]);
    assert.equal(data['access_key_secret'], (source['data'] as Record<string, string>)[loki.copyFrom!.keyMap!['access_key_secret']!]);
    assert.equal(text(data['bucketnames']), e.platform.config.objectStorage.buckets.apps);
    assert.equal(copied['type'], 'Opaque');
    // Every rendered object is on the server.
    const { client } = e.server;
    const missing: string[] = [];
    for (const { object } of e.platform.objects) if ((await client.get(refOf(object))) === undefined) missing.push(describeRef(refOf(object)));
    assert.deepEqual(missing, []);

    const status = await e.run(['status', ...e.base, '-o', 'json']);
    assert.equal(status.code, 0, status.stdout + status.stderr);
    const parsed = JSON.parse(status.stdout) as { components: { component: string; state: string; problems?: string[] }[] };
    assert.equal(parsed.components.length, e.platform.components.size);
    assert.deepEqual(parsed.components.filter((c) => c.state !== 'ready').map((c) => `${c.component}: ${(c.problems ?? []).join('; ')}`), []);
  });

  it('diff exits 0 right after the deploy and 3 after a config change, naming the changed object', async (t) => {
    const e = ready(t);
    if (!e) return;
    const same = await e.run(['diff', ...e.base]);
    assert.equal(same.code, 0, same.stdout + same.stderr);
    assert.match(same.stdout, /no changes/);
    const changed = join(e.dir, 'changed.yaml');
    writeFileSync(changed, stringify({ ...CONFIG, components: { nessie: { replicas: 5 } } }));
    const pending = await e.run(['diff', '-c', changed, '--kubeconfig', e.kubeconfig]);
    assert.equal(pending.code, 3, pending.stdout + pending.stderr);
    assert.match(pending.stdout, /Deployment\/nessie/);
    assert.match(pending.stdout, /replicas/);
  });

  it('a second deploy writes nothing: no POST, PUT, PATCH or DELETE reaches the API server', async (t) => {
    const e = ready(t);
    if (!e) return;
    const from = e.proxy.log.length;
    const again = await e.run(['deploy', ...e.deployArgs, '-o', 'json']);
    assert.equal(again.code, 0, again.stderr);
    const events = again.stdout.trim().split('\n').map((l) => JSON.parse(l) as DeployEvent);
    assert.deepEqual(events.filter((ev) => ev.type === 'applied' || ev.type === 'restored'), []);
    assert.ok(events.filter((ev) => ev.type === 'unchanged').length >= e.platform.objects.length, 'every object found unchanged');
    assert.deepEqual(e.proxy.writes(from).map((r) => `${r.method} ${r.path}`), []);
  });

  it('shows live progress in a terminal instead of plain lines', async (t) => {
    const e = ready(t);
    if (!e) return;
    const tty = await e.run(['deploy', ...e.deployArgs], { tty: true });
    assert.equal(tty.code, 0, tty.stderr);
    // One live line per phase (a converged re-run finishes before step lines are drawn).
    assert.match(tty.stdout, /catalog \(\d+ steps?\)/);
    assert.ok(tty.stdout.includes('\u001b['), 'terminal control sequences');
    assert.doesNotMatch(tty.stdout, /^▶ /m, 'no plain progress lines');
  });

  it('validate passes every check answered from API objects alone', async (t) => {
    const e = ready(t);
    if (!e) return;
    const probeType = new Map(collectChecks(e.platform, {}).map((c) => [c.id, c.probe.type] as const));
    const run = await e.run(['validate', ...e.base, '-o', 'json', '--timeout', '20']);
    const report = JSON.parse(run.stdout) as { groups: { group: string; results: { id: string; status: string; message: string }[] }[] };
    const all = report.groups.flatMap((g) => g.results);
    // Pods, their readiness and endpoints need a kubelet and controllers this server does not have (no Pod runs), and
    // the claims operators make for their pods (CloudNativePG, Strimzi, ClickHouse) are not made by the stand-in.
    const objectLevel = all.filter((r) => (['object-exists', 'object-ready', 'route', 'ingress', 'operator'] as Probe['type'][]).includes(probeType.get(r.id)!));
    assert.ok(objectLevel.length > 30, `${objectLevel.length} object-level checks`);
    assert.deepEqual(objectLevel.filter((r) => r.status === 'fail').map((r) => `${r.id}: ${r.message}`), []);
    assert.equal(run.code, 1, 'protocol probes cannot pass without running servers');
  });

  it('stops naming the field and the other field manager when one owns a field deploy sets, and takes it with --force-conflicts', async (t) => {
    const e = ready(t);
    if (!e) return;
    const placed = e.platform.objects.find((p) => p.object.kind === 'ConfigMap' && p.owner === 'nessie' && Object.keys((p.object['data'] ?? {}) as object).length > 0)
      ?? e.platform.objects.find((p) => p.object.kind === 'ConfigMap' && p.owner !== 'platform' && p.owner !== 'operators' && Object.keys((p.object['data'] ?? {}) as object).length > 0)!;
    const target = placed.object;
    const key = Object.keys(target['data'] as object)[0]!;
    // Someone edits it with their own field manager, as `kubectl apply --server-side --force-conflicts` would.
    const edit = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: target.metadata.name, namespace: target.metadata.namespace }, data: { [key]: 'edited by hand' } };
    kubectl(e.server.kubeconfig, ['apply', '--server-side', '--force-conflicts', '--field-manager=kubectl-edit', '-f', '-'], JSON.stringify(edit));

    const refused = await e.run(['deploy', ...e.deployArgs]);
    assert.equal(refused.code, 1, refused.stdout.slice(-3000));
    const said = refused.stdout + refused.stderr;
    assert.match(said, new RegExp(`ConfigMap/${target.metadata.name}`));
    assert.match(said, /kubectl-edit/);
    assert.match(said, new RegExp(`\\.data\\.${key.replace(/\./g, '\\.')}`));
    const still = await e.server.client.get(refOf(target));
    assert.equal((still!['data'] as Record<string, string>)[key], 'edited by hand', 'nothing taken without --force-conflicts');

    const forced = await e.run(['deploy', ...e.deployArgs, '--force-conflicts']);
    assert.equal(forced.code, 0, forced.stderr + forced.stdout.slice(-3000));
    const taken = await e.server.client.get(refOf(target));
    assert.equal((taken!['data'] as Record<string, string>)[key], (target['data'] as Record<string, string>)[key]);
    const owners = ((taken!.metadata.managedFields ?? []) as { manager?: string; fieldsV1?: unknown }[]).filter((m) => JSON.stringify(m.fieldsV1 ?? {}).includes(`"f:${key}"`)).map((m) => m.manager);
    assert.deepEqual(owners, ['datalyptica']);
  });

  it('refuses to uninstall without --yes when there is no terminal to ask on, deleting nothing', async (t) => {
    const e = ready(t);
    if (!e) return;
    const from = e.proxy.log.length;
    const refused = await e.run(['uninstall', ...e.base]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /refusing to continue without confirmation/);
    assert.deepEqual(e.proxy.writes(from).map((r) => `${r.method} ${r.path}`), []);
  });

  it('uninstall deletes in reverse dependency order, keeps and lists the volumes and data-holding resources', async (t) => {
    const e = ready(t);
    if (!e) return;
    const { client } = e.server;
    const claims = (await client.list({ apiVersion: 'v1', kind: 'PersistentVolumeClaim' })).items.filter((c) => c.metadata.namespace?.startsWith(`${PREFIX}-`));
    assert.ok(claims.length > 1, 'the StatefulSets\' claims exist');
    const dataHolders = e.platform.objects.map((p) => p.object).filter((o) => o.kind !== 'PersistentVolumeClaim' && holdsData(o));
    assert.ok(dataHolders.some((o) => isCustom(o.apiVersion)), 'data-holding custom resources are rendered');

    const from = e.proxy.log.length;
    const removed = await e.run(['uninstall', ...e.base, '--yes']);
    assert.equal(removed.code, 0, removed.stderr + removed.stdout.slice(-4000));
    for (const claim of claims) {
      assert.ok(await client.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: claim.metadata.name, namespace: claim.metadata.namespace! }), `${claim.metadata.name} kept`);
      assert.match(removed.stdout, new RegExp(`kept +PersistentVolumeClaim/${claim.metadata.name} .*holds data`));
    }
    for (const holder of dataHolders) {
      assert.ok(await client.get(refOf(holder)), `${describeRef(refOf(holder))} kept`);
      assert.match(removed.stdout, new RegExp(`kept +${holder.kind}/${holder.metadata.name} .*holds data`));
    }
    // Everything else deploy created is gone.
    // Rendered claims hold data too (listed above with the StatefulSets' claims).
    const keptIds = new Set(e.platform.objects.map((p) => p.object).filter((o) => holdsData(o)).map((o) => describeRef(refOf(o))));
    const left: string[] = [];
    for (const { object } of e.platform.objects) {
      if (keptIds.has(describeRef(refOf(object))) || preExisting.has(describeRef(refOf(object))) || object.kind === 'Namespace') continue;
      if (await client.get(refOf(object))) left.push(describeRef(refOf(object)));
    }
    assert.deepEqual(left, []);
    // The namespaces the user made for the Secrets they provide are not ours to delete.
    for (const ns of new Set(e.platform.secrets.filter((r) => r.source === 'external').map((r) => r.namespace))) {
      assert.match(removed.stdout, new RegExp(`kept +Namespace/${ns} — not created by Datalyptica`));
      assert.ok(await client.get({ apiVersion: 'v1', kind: 'Namespace', name: ns }));
    }

    // Reverse dependency order, as the API server saw the DELETEs: nothing a step rendered is deleted before
    // everything of every step that (transitively) depends on it is gone: apps before the databases, brokers and
    // identity they use, those before their operators; namespaces last.
    const deletes = e.proxy.log.slice(from).filter((r) => r.method === 'DELETE').map((r) => deletedName(r.path));
    assert.ok(deletes.length > 50, `${deletes.length} deletes`);
    const steps = buildDeployGraph(e.platform).steps;
    const stepOf = new Map<string, string>();
    for (const step of steps) for (const o of step.waves.flat()) stepOf.set(keyOf(o), step.id);
    const ancestors = new Map<string, Set<string>>();
    const ancestorsOf = (id: string): Set<string> => {
      const known = ancestors.get(id);
      if (known) return known;
      const found = new Set<string>();
      for (const dependency of steps.find((st) => st.id === id)?.dependsOn ?? []) for (const a of [dependency, ...ancestorsOf(dependency)]) found.add(a);
      ancestors.set(id, found);
      return found;
    };
    const deletedSteps = deletes.map((d) => (d.plural === 'namespaces' ? undefined : stepOf.get(`${d.group}|${d.namespace ?? ''}|${d.plural}|${d.name}`)));
    const lastOf = new Map<string, number>();
    deletedSteps.forEach((step, i) => step !== undefined && lastOf.set(step, i));
    const checked: string[] = [];
    deletedSteps.forEach((step, i) => {
      if (step === undefined) return;
      for (const [dependent, last] of lastOf) {
        if (!ancestorsOf(dependent).has(step)) continue;
        checked.push(`${dependent} → ${step}`);
        assert.ok(last < i, `${deletes[i]!.plural}/${deletes[i]!.name} (${step}) deleted at #${i}, before ${deletes[last]!.plural}/${deletes[last]!.name} (#${last}) of ${dependent}, which depends on it`);
      }
    });
    assert.ok(new Set(checked).size > 20, `dependency pairs checked: ${new Set(checked).size}`);
    const firstNamespace = deletes.findIndex((d) => d.plural === 'namespaces');
    assert.ok(firstNamespace > 0 && deletes.slice(firstNamespace).every((d) => d.plural === 'namespaces'), 'namespaces last');
  });

  it('uninstall --purge-data demands the typed name prefix, then also deletes the volumes and data-holding resources', async (t) => {
    const e = ready(t);
    if (!e) return;
    const { client } = e.server;
    const from = e.proxy.log.length;
    const wrong = await e.run(['uninstall', ...e.base, '--purge-data'], { tty: true, stdin: 'y\n' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, new RegExp(`Type "${PREFIX}" to confirm`));
    assert.match(wrong.stderr, /aborted: not confirmed/);
    assert.deepEqual(e.proxy.writes(from).map((r) => `${r.method} ${r.path}`), []);
    const purged = await e.run(['uninstall', ...e.base, '--purge-data'], { tty: true, stdin: `${PREFIX}\n`, env: { NO_COLOR: '1' } });
    assert.equal(purged.code, 0, purged.stderr + purged.stdout.slice(-4000));
    const claims = (await client.list({ apiVersion: 'v1', kind: 'PersistentVolumeClaim' })).items.filter((c) => c.metadata.namespace?.startsWith(`${PREFIX}-`));
    assert.deepEqual(claims.map((c) => c.metadata.name), []);
    const left: string[] = [];
    for (const { object } of e.platform.objects) {
      const live: KubeObject | undefined = await client.get(refOf(object));
      // The namespace the user made for the external S3 Secret before deploy is not ours: it stays.
      if (preExisting.has(describeRef(refOf(object)))) continue;
      if (live && !(object.kind === 'Namespace' && live.metadata.annotations?.['datalyptica.io/created-by'] === undefined)) left.push(describeRef(refOf(object)));
    }
    assert.deepEqual(left, []);
  });

  it('uninstall exits 2 with "nothing to uninstall" once the platform is gone', async (t) => {
    const e = ready(t);
    if (!e) return;
    const again = await e.run(['uninstall', ...e.base, '--purge-data', '--yes']);
    assert.equal(again.code, 2, again.stderr + again.stdout.slice(-2000));
    assert.match(again.stdout, /^nothing to uninstall$/m);
  });
});
