import assert from 'node:assert/strict';
import { groupOf, type KubeObject } from '../../src/model/kube.ts';
import { collectOperators, operatorInstallPlan } from '../../src/platform/derive/operators.ts';
import type { DeployStep } from '../../src/platform/deploy-graph.ts';
import type { Platform } from '../../src/platform/platform.ts';
import type { ProxiedRequest } from './fault-proxy.ts';

/**
 * The order in which a real deploy created things, as the API server saw it through the fault proxy: the first
 * server-side apply (PATCH by field manager `datalyptica`) of each object, keyed `<group>|<namespace>|<plural>|<name>`.
 */
export function firstApplies(log: readonly ProxiedRequest[]): Map<string, number> {
  const first = new Map<string, number>();
  log.forEach((r, index) => {
    if (r.method !== 'PATCH' || r.query.get('fieldManager') !== 'datalyptica') return;
    const parts = r.path.split('/').filter((p) => p !== '');
    const group = parts[0] === 'api' ? '' : parts[1]!;
    const ns = parts.indexOf('namespaces');
    const key = ns >= 0 && parts.length > ns + 3 ? `${group}|${parts[ns + 1]}|${parts[ns + 2]}|${parts[ns + 3]}` : `${group}||${parts.at(-2)}|${parts.at(-1)}`;
    if (!first.has(key)) first.set(key, index);
  });
  return first;
}

/** The API's plural of a kind (the regular English plural every kind the platform renders uses). */
const plural = (kind: string): string => {
  const lower = kind.toLowerCase();
  return lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : lower.endsWith('s') ? `${lower}es` : `${lower}s`;
};
export const keyOf = (o: KubeObject): string => `${groupOf(o.apiVersion)}|${o.metadata.namespace ?? ''}|${plural(o.kind)}|${o.metadata.name}`;

const WORKLOADS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

/**
 * What deploy must guarantee, checked on what the API server received and on the order of the steps deploy reported
 * (`started`/`done`: step ids in the order their start and end were reported):
 * operators installed (Subscription, or their CRDs from the manifest) before any custom resource of theirs;
 * namespaces before anything in them; every dependency done before its dependent starts; generated Secrets before
 * the workloads that read them.
 */
export function assertDeployOrder(options: { platform: Platform; steps: readonly DeployStep[]; log: readonly ProxiedRequest[]; secrets: readonly KubeObject[]; events: readonly { type: 'start' | 'done'; step: string }[]; preexisting: ReadonlySet<string> }): void {
  const { platform, log } = options;
  const first = firstApplies(log);
  const at = (o: KubeObject): number => first.get(keyOf(o)) ?? -1;
  const rendered = platform.objects.map((p) => p.object);

  const companions = collectOperators(platform.components).flatMap(({ requirement }) => (requirement.companions ?? []).map((c) => ({ ...c, type: c.install.type })));
  let operatorsChecked = 0;
  for (const install of [...operatorInstallPlan(platform), ...companions]) {
    const groups = new Set(install.crds.map((crd) => crd.slice(crd.indexOf('.') + 1)));
    const crs = rendered.filter((o) => groups.has(groupOf(o.apiVersion)) && at(o) >= 0);
    if (crs.length === 0) continue;
    const firstCr = Math.min(...crs.map(at));
    const installed =
      install.type === 'olm' && 'package' in install
        ? // A Subscription another suite on the shared server made is read and found unchanged: its first request counts.
          Math.min(...rendered.filter((o) => o.kind === 'Subscription' && (o['spec'] as { name?: string }).name === install.package).map((o) => log.findIndex((r) => r.path.endsWith(`/namespaces/${o.metadata.namespace}/subscriptions/${o.metadata.name}`))).filter((i) => i >= 0))
        : install.type === 'helm'
          ? // helm (the stand-in, through the same proxy) applies the release's controller.
            log.findIndex((r) => r.query.get('fieldManager') === 'helm' && r.path.endsWith(`/deployments/${install.id}-controller`))
          : // A CRD already served is read and found unchanged, not applied again: its first request counts.
          Math.max(...install.crds.map((crd) => log.findIndex((r) => r.path === `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd}`)));
    assert.ok(installed >= 0 && installed < firstCr, `operator ${install.id} installed (request #${installed}) before its first custom resource (request #${firstCr})`);
    operatorsChecked++;
  }
  assert.ok(operatorsChecked > 3, `operators checked: ${operatorsChecked}`);

  for (const o of rendered) {
    const ns = o.metadata.namespace;
    if (ns === undefined || options.preexisting.has(ns) || at(o) < 0) continue;
    const namespace = first.get(`||namespaces|${ns}`) ?? -1;
    assert.ok(namespace >= 0 && namespace < at(o), `Namespace ${ns} (#${namespace}) before ${o.kind}/${o.metadata.name} (#${at(o)})`);
  }

  const index = (type: 'start' | 'done', step: string): number => options.events.findIndex((e) => e.type === type && e.step === step);
  assert.ok(options.events.some((e) => e.type === 'start'));
  for (const step of options.steps) {
    if (index('start', step.id) < 0) continue;
    for (const dependency of step.dependsOn) assert.ok(index('done', dependency) >= 0 && index('done', dependency) < index('start', step.id), `${dependency} done before ${step.id} starts`);
  }

  for (const secret of options.secrets) {
    const stored = first.get(keyOf(secret)) ?? -1;
    assert.ok(stored >= 0, `generated Secret ${secret.metadata.namespace}/${secret.metadata.name} applied`);
    const consumers = new Set(platform.secrets.filter((r) => r.name === secret.metadata.name && r.namespace === secret.metadata.namespace).flatMap((r) => r.consumers));
    const readers = platform.objects.filter((p) => consumers.has(p.owner as never) && WORKLOADS.has(p.object.kind)).map((p) => at(p.object)).filter((i) => i >= 0);
    if (readers.length > 0) assert.ok(stored < Math.min(...readers), `Secret ${secret.metadata.name} before the workloads that read it`);
  }
}

/** Step starts and ends in the order deploy's plain progress printed them (`▶ <step>: …`, `✔ <step> …`). */
export function stepEvents(stdout: string): { type: 'start' | 'done'; step: string }[] {
  return stdout.split('\n').flatMap((line): { type: 'start' | 'done'; step: string }[] => {
    const start = /^▶ (\S+): /.exec(line);
    if (start) return [{ type: 'start' as const, step: start[1]! }];
    const done = /^✔ (\S+) /.exec(line);
    return done ? [{ type: 'done' as const, step: done[1]! }] : [];
  });
}
