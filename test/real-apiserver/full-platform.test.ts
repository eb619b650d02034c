import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from '../../src/cluster/connection.ts';
import { deployError, deployPlatform, type DeployEvent } from '../../src/cluster/deploy.ts';
import { helmRunner, manifestsFromDir } from '../../src/cluster/operator-install.ts';
import { platformStatus } from '../../src/cluster/status.ts';
import { operatorInstallPlan } from '../../src/platform/derive/operators.ts';
import { buildDeployGraph } from '../../src/platform/deploy-graph.ts';
import { assertDeployOrder } from '../support/deploy-order.ts';
import { kubectl, realDeploy, type RealDeploy } from '../support/real-deploy.ts';

/**
 * A dev platform on plain Kubernetes deployed for real (operators from mirrored manifests and the helm stand-in, no
 * OLM), the engine called as the CLI calls it, through the fault proxy; the status stand-in plays the controllers.
 */
const PREFIX = `full${Date.now() % 100_000}`;
const CONFIG = { profile: 'dev', target: 'kubernetes', namePrefix: PREFIX } as const;

let env: RealDeploy | undefined;
let skip: string | undefined;
const namespacesBefore = new Set<string>();
before(async () => {
  const made = await realDeploy(CONFIG);
  if ('skip' in made) skip = made.skip;
  else {
    env = made;
    for (const ns of (await made.server.client.list({ apiVersion: 'v1', kind: 'Namespace' })).items) namespacesBefore.add(ns.metadata.name);
  }
});
after(async () => {
  await env?.stop();
});
function ready(t: { skip(reason: string): void }): RealDeploy | undefined {
  if (env === undefined) t.skip(skip ?? 'no real API server');
  return env;
}

describe('a dev platform on Kubernetes deployed on a real kube-apiserver', () => {
  it('refuses to start while a Secret the user must provide is missing, naming it and how to create it, and writes nothing', async (t) => {
    const e = ready(t);
    if (!e) return;
    const external = e.platform.secrets.find((r) => r.source === 'external')!;
    const saved = kubectl(e.server.kubeconfig, ['get', 'secret', external.name, '-n', external.namespace, '-o', 'json']);
    kubectl(e.server.kubeconfig, ['delete', 'secret', external.name, '-n', external.namespace]);
    const from = e.proxy.log.length;
    const refused = await e.run(['deploy', ...e.deployArgs]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /DL_SECRETS_MISSING/);
    assert.ok(refused.stderr.includes(`Secret/${external.name} (${external.namespace})`), refused.stderr);
    assert.ok(refused.stderr.includes(`kubectl create secret generic ${external.name} -n ${external.namespace}`), refused.stderr);
    assert.deepEqual(e.proxy.writes(from).map((r) => `${r.method} ${r.path}`), [], 'nothing applied');
    const { metadata, ...rest } = JSON.parse(saved) as { metadata: { name: string; namespace: string } };
    kubectl(e.server.kubeconfig, ['create', '-f', '-'], JSON.stringify({ ...rest, metadata: { name: metadata.name, namespace: metadata.namespace } }));
  });

  it('deploys operators from manifests and helm first, waits for the Barman Cloud plugin whose manifest is slow, fetches every file of a manifest install and applies each object once', async (t) => {
    const e = ready(t);
    if (!e) return;
    const connection = await connect({ kubeconfig: e.kubeconfig });
    const mirrored = manifestsFromDir(e.mirror);
    const fetched: string[] = [];
    const fetchManifest = async (url: string, id?: string): Promise<string> => {
      fetched.push(url);
      // The plugin's manifest arrives late: postgres (which uses its ObjectStore) must still wait for it.
      if (id === 'plugin-barman-cloud' || url.includes('plugin-barman-cloud')) await sleep(1500);
      return mirrored(url, id);
    };
    const events: DeployEvent[] = [];
    const from = e.proxy.log.length;
    const result = await deployPlatform({ client: connection.client, access: connection.childAccess, platform: e.platform, secrets: e.secrets, fetchManifest, helm: helmRunner(e.helm), phaseTimeoutSeconds: 60, onEvent: (ev) => events.push(ev) });
    assert.equal(result.ok, true, JSON.stringify(deployError(result)?.details));
    assert.deepEqual(e.standIn.errors, []);
    const log = e.proxy.log.slice(from);

    const at = (type: DeployEvent['type'], step: string): number => events.findIndex((ev) => ev.type === type && 'step' in ev && ev.step === step);
    assert.ok(at('step-done', 'companion:plugin-barman-cloud') >= 0 && at('step-done', 'companion:plugin-barman-cloud') < at('step-start', 'component:postgres'), 'postgres starts after the plugin is installed');
    const steps = buildDeployGraph(e.platform, { secrets: e.secrets }).steps;
    const order = events.flatMap((ev): { type: 'start' | 'done'; step: string }[] => (ev.type === 'step-start' ? [{ type: 'start' as const, step: ev.step }] : ev.type === 'step-done' ? [{ type: 'done' as const, step: ev.step }] : []));
    assertDeployOrder({ platform: e.platform, steps, log, secrets: e.secrets, events: order, preexisting: namespacesBefore });
    assert.ok(!log.some((r) => r.path.includes('/subscriptions/')), 'no OLM on Kubernetes');

    const keycloak = operatorInstallPlan(e.platform).find((i) => i.id === 'keycloak');
    assert.ok(keycloak?.type === 'manifest' && (keycloak.additionalUrls ?? []).length === 2, 'Keycloak installs from three files');
    assert.deepEqual(fetched.filter((url) => url.includes('keycloak-k8s-resources')), [...keycloak.additionalUrls!, keycloak.url]);
    // Each mirrored file carries the CRD (the mirror folder holds one file per operator): handled once all the same
    // (read once; applied at most once: the run's server has every upstream CRD installed already).
    const crdRequests = log.filter((r) => r.path === '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/keycloaks.k8s.keycloak.org');
    assert.equal(crdRequests.filter((r) => r.method === 'GET').length, 1);
    assert.ok(crdRequests.filter((r) => r.method === 'PATCH').length <= 1);

    const status = await platformStatus({ client: connection.client, platform: e.platform });
    assert.deepEqual(status.filter((c) => c.state !== 'ready').map((c) => `${c.component}: ${c.problems.join('; ')}`), []);
    assert.equal(status.length, e.platform.components.size);
  });

  it('uninstall --yes in a terminal keeps the volumes and lists each helm-installed operator with its helm uninstall command', async (t) => {
    const e = ready(t);
    if (!e) return;
    const removed = await e.run(['uninstall', ...e.base, '--yes'], { tty: true, env: { NO_COLOR: '1' } });
    assert.equal(removed.code, 0, removed.stderr + removed.stdout.slice(-3000));
    for (const step of buildDeployGraph(e.platform).steps.filter((s) => s.install?.type === 'helm')) {
      const install = step.install!;
      assert.match(removed.stdout, new RegExp(`operator install ${install.id} — installed with helm; remove with: helm uninstall ${install.id} --namespace ${install.namespace}`));
    }
    // Every Deployment deploy created is gone; what is left in the platform's namespaces was installed by helm.
    const left = (await e.server.client.list({ apiVersion: 'apps/v1', kind: 'Deployment' })).items.filter((d) => d.metadata.namespace?.startsWith(`${PREFIX}-`));
    assert.deepEqual(left.filter((d) => d.metadata.annotations?.['meta.helm.sh/release-name'] === undefined).map((d) => d.metadata.name), []);
    const claims = (await e.server.client.list({ apiVersion: 'v1', kind: 'PersistentVolumeClaim' })).items.filter((c) => c.metadata.namespace?.startsWith(`${PREFIX}-`));
    assert.ok(claims.length > 0);
    for (const claim of claims) assert.match(removed.stdout, new RegExp(`kept +PersistentVolumeClaim/${claim.metadata.name} `));
  });
});
