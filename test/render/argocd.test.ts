import assert from 'node:assert/strict';
import { rmSync, writeFileSync, mkdirSync, existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { renderArgoCd, argoCdObjects, ARGOCD_APPS_DIR } from '../../src/render/argocd.ts';
import { APPLICATION_HEALTH_LUA } from '../../src/render/argocd-health.ts';
import { renderTree } from '../../src/render/kustomize-tree.ts';
import { buildDeployGraph } from '../../src/platform/deploy-graph.ts';
import { operatorInstallPlan } from '../../src/platform/derive/operators.ts';
import { SchemaValidator } from '../../src/check/schema/validator.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import type { Platform } from '../../src/platform/platform.ts';
import { ALL_COMBINATIONS, platformFor } from '../support/platform.ts';
import { SCHEMA_DIRS } from '../support/schemas.ts';
import { kubectlKustomize } from '../support/kubectl.ts';
import { cli } from '../support/cli.ts';
import { tempDir } from '../support/temp.ts';

const REPO = 'https://git.example.com/lake.git';
const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });

type AppSpec = { project: string; source: { repoURL: string; path?: string; chart?: string; targetRevision: string; helm?: { valuesObject?: unknown } }; destination: { namespace?: string }; syncPolicy: { automated: { prune: boolean }; syncOptions: string[] }; ignoreDifferences?: { kind: string; jsonPointers?: string[] }[] };
const specOf = (app: KubeObject) => app['spec'] as AppSpec;
const waveOf = (app: KubeObject) => Number(app.metadata.annotations?.['argocd.argoproj.io/sync-wave']);

function appsFor(platform: Platform) {
  const tree = renderArgoCd(platform, { repoURL: REPO, path: 'clusters/prod' });
  const objects = argoCdObjects(tree);
  const byName = new Map(objects.filter((o) => o.kind === 'Application').map((o) => [o.metadata.name, o] as const));
  return { tree, objects, byName };
}

/** The Application that carries each deploy step (by the tree folders its objects are written to). */
function stepApps(platform: Platform, byName: Map<string, KubeObject>): Map<string, string[]> {
  const prefix = platform.config.namePrefix;
  const owners = new Map<KubeObject, string>(platform.objects.map((p) => [p.object, p.owner] as const));
  const out = new Map<string, string[]>();
  for (const step of buildDeployGraph(platform).steps) {
    const names = new Set(step.waves.flat().map((o) => `${prefix}-${owners.get(o)}`));
    if (step.install !== undefined && step.install.type !== 'olm') names.add(`${prefix}-operator-${step.install.id}`);
    for (const name of names) assert.ok(byName.has(name), `step ${step.id} maps to Application ${name}, which is rendered`);
    out.set(step.id, [...names]);
  }
  return out;
}

describe('Argo CD app of apps', () => {
  const platform = platformFor();
  const { tree, objects, byName } = appsFor(platform);

  it('writes a root Application that syncs the folder of child Applications', () => {
    const root = objects.find((o) => o.metadata.name === 'datalyptica-root')!;
    assert.equal(specOf(root).source.path, `clusters/prod/${ARGOCD_APPS_DIR}`);
    assert.equal(specOf(root).project, 'default');
    assert.ok(tree.has(`${ARGOCD_APPS_DIR}/kustomization.yaml`));
    const children = parseAllDocuments(kubectlKustomizeTree(tree, ARGOCD_APPS_DIR)).map((d) => d.toJS() as KubeObject);
    assert.deepEqual(children.map((c) => c.metadata.name).sort(), objects.filter((o) => o.metadata.name !== 'datalyptica-root').map((o) => o.metadata.name).sort());
  });

  it('never prunes automatically and applies server-side', () => {
    for (const app of byName.values()) {
      assert.equal(specOf(app).syncPolicy.automated.prune, false, `${app.metadata.name}: a bad commit must not delete data`);
      assert.ok(specOf(app).syncPolicy.syncOptions.includes('ServerSideApply=true'));
    }
  });

  it('gives every Application a later wave than the Applications its deploy steps depend on', () => {
    for (const combination of [{}, { target: 'kubernetes' as const }, { layout: 'layered' as const }, { profile: 'dev' as const, target: 'kubernetes' as const }]) {
      const p = platformFor(combination);
      const { byName: apps } = appsFor(p);
      const mapping = stepApps(p, apps);
      const graph = buildDeployGraph(p);
      const effective = (id: string, seen = new Set<string>()): string[] => {
        const own = mapping.get(id) ?? [];
        if (own.length > 0 || seen.has(id)) return own;
        seen.add(id);
        return (graph.steps.find((s) => s.id === id)?.dependsOn ?? []).flatMap((d) => effective(d, seen));
      };
      let compared = 0;
      for (const step of graph.steps) {
        for (const dep of step.dependsOn) {
          for (const later of mapping.get(step.id) ?? []) {
            for (const earlier of effective(dep)) {
              if (later === earlier) continue;
              compared += 1;
              assert.ok(waveOf(apps.get(later)!) > waveOf(apps.get(earlier)!), `${JSON.stringify(combination)}: ${later} (wave ${waveOf(apps.get(later)!)}) must sync after ${earlier} (wave ${waveOf(apps.get(earlier)!)}) because ${step.id} depends on ${dep}`);
            }
          }
        }
      }
      assert.ok(compared > 20, 'the comparison covered the graph');
    }
  });

  it('syncs namespaces and operators before the components that need them', () => {
    const wave = (name: string) => waveOf(byName.get(`datalyptica-${name}`)!);
    assert.ok(wave('platform') < wave('operators'));
    assert.ok(wave('operators') < wave('postgres'));
    assert.ok(wave('operators') < wave('cert-manager'));
    assert.ok(wave('postgres') < wave('nessie'));
    assert.ok(wave('nessie') < wave('trino'));
    assert.ok(wave('trino') < wave('dbt'));
  });

  it('validates every Argo CD object and the health patch against the schemas', () => {
    for (const object of objects) assert.deepEqual(validator.validate(object).errors, [], `${object.kind}/${object.metadata.name}`);
    const cm = parseAllDocuments(tree.get('argocd/health/argocd-cm-patch.yaml')!)[0]!.toJS() as KubeObject;
    assert.deepEqual(validator.validate(cm).errors, []);
    assert.equal((cm['data'] as Record<string, string>)['resource.customizations.health.argoproj.io_Application'], APPLICATION_HEALTH_LUA);
    assert.match(tree.get('argocd/health/openshift-gitops-argocd-patch.yaml')!, /resourceHealthChecks:\n\s+- group: argoproj.io\n\s+kind: Application/);
  });

  it('gathers an Application spanning several folders with a kustomization that builds exactly their objects', () => {
    const platformApp = byName.get('datalyptica-platform')!;
    const path = specOf(platformApp).source.path!.replace(/^clusters\/prod\//, '');
    const built = parseAllDocuments(kubectlKustomizeTree(tree, path, renderTree(platform))).map((d) => d.toJS() as KubeObject);
    const expected = platform.objects.filter((p) => p.owner === 'platform').map((p) => `${p.object.kind}/${p.object.metadata.namespace ?? ''}/${p.object.metadata.name}`).sort();
    assert.deepEqual(built.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort(), expected);
  });
});

describe('Argo CD and copied Secrets', () => {
  it('syncs every copied Secret with external-secrets: its ExternalSecret and its source\'s PushSecret belong to child Applications whose project may write their namespaces', () => {
    for (const target of ['openshift', 'kubernetes'] as const) {
      const platform = platformFor({ target, secrets: { mode: 'external-secrets', store: 'vault' } });
      const { objects, byName } = appsFor(platform);
      const project = objects.find((o) => o.kind === 'AppProject' && o.metadata.name === 'datalyptica')!;
      const destinations = new Set((project['spec'] as { destinations: { namespace: string }[] }).destinations.map((d) => d.namespace));
      const copies = platform.secrets.filter((r) => r.source === 'copy');
      assert.ok(copies.length > 0, target);
      const made = platform.objects.filter(({ object }) => object.kind === 'PushSecret' || object.metadata.annotations?.['datalyptica.io/copied-from'] !== undefined);
      for (const copy of copies) assert.ok(made.some((p) => p.object.kind === 'ExternalSecret' && p.object.metadata.namespace === copy.namespace && p.object.metadata.name === copy.name), `${target}: ${copy.namespace}/${copy.name}`);
      for (const { object, owner } of made) {
        assert.ok(byName.has(`datalyptica-${owner}`), `${target}: ${object.kind} ${object.metadata.namespace}/${object.metadata.name} is synced by ${owner}`);
        assert.ok(destinations.has(object.metadata.namespace!), `${target}: the project may write ${object.metadata.namespace}`);
      }
      // Nothing is left for deploy to copy: the same render is all Argo CD needs.
      assert.deepEqual(buildDeployGraph(platform).steps.filter((s) => s.kind === 'copy-secret'), []);
    }
  });
});

describe('Argo CD operator Applications on Kubernetes', () => {
  const platform = platformFor({ target: 'kubernetes' });
  const { tree, byName } = appsFor(platform);
  const plan = operatorInstallPlan(platform);

  it('turns every Helm-installed operator into a Helm-source Application with the pinned chart and the same values', () => {
    const helm = plan.filter((i) => i.type === 'helm');
    assert.ok(helm.length >= 5);
    for (const install of helm) {
      const app = byName.get(`datalyptica-operator-${install.id}`);
      assert.ok(app, `Application for ${install.id}`);
      const spec = specOf(app);
      assert.equal(spec.source.repoURL, install.repo);
      assert.equal(spec.source.chart, install.chart);
      assert.equal(spec.source.targetRevision, install.version);
      assert.deepEqual(spec.source.helm?.valuesObject, install.values);
      assert.equal(spec.destination.namespace, install.namespace);
      assert.equal(spec.project, 'datalyptica-operators');
      assert.ok(waveOf(app) < waveOf(byName.get('datalyptica-postgres')!) || install.id !== 'cloudnative-pg');
    }
  });

  it('installs a release manifest through a Kustomize folder, from the mirror when one is given', () => {
    const online = tree.get('argocd/operators/plugin-barman-cloud/kustomization.yaml')!;
    assert.match(online, /- https:\/\/.+\.yaml/);
    const mirrored = renderArgoCd(platform, { repoURL: REPO, operatorManifests: new Map([['plugin-barman-cloud', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n']]) });
    assert.match(mirrored.get('argocd/operators/plugin-barman-cloud/kustomization.yaml')!, /- manifest.yaml/);
    assert.equal(mirrored.get('argocd/operators/plugin-barman-cloud/manifest.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n');
  });

  it('ignores the replicas of a workload a HorizontalPodAutoscaler owns', () => {
    const scaled = platformFor({ target: 'kubernetes', components: { trino: { autoscaling: { enabled: true } } } } as never);
    const trino = appsFor(scaled).byName.get('datalyptica-trino')!;
    assert.ok(specOf(trino).ignoreDifferences?.some((d) => d.jsonPointers?.includes('/spec/replicas')));
    assert.equal(specOf(byName.get('datalyptica-trino')!).ignoreDifferences, undefined);
  });
});

describe('Argo CD objects of every combination', () => {
  it('validate against the Argo CD schemas', () => {
    for (const combination of ALL_COMBINATIONS) {
      for (const object of argoCdObjects(renderArgoCd(platformFor(combination), { repoURL: REPO }))) {
        assert.deepEqual(validator.validate(object).errors, [], `${JSON.stringify(combination)} ${object.kind}/${object.metadata.name}`);
      }
    }
  });
});

describe('render --argocd-repo', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('writes the root Application beside the tree, and reads mirrored operator manifests from a folder', async () => {
    const dir = tempDir('datalyptica-argocd-');
    dirs.push(dir);
    mkdirSync(join(dir, 'mirror'));
    writeFileSync(join(dir, 'mirror', 'plugin-barman-cloud.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: mirrored\n');
    const result = await cli(['render', '--out-dir', join(dir, 'out'), '--argocd-repo', REPO, '--operator-manifests', join(dir, 'mirror')]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(existsSync(join(dir, 'out', 'argocd', 'root-application.yaml')));
    assert.match(readFileSync(join(dir, 'out', 'argocd', 'operators', 'plugin-barman-cloud', 'manifest.yaml'), 'utf8'), /name: mirrored/);
  });

  it('names the flag when the mirrored manifests folder does not exist', async () => {
    const dir = tempDir('datalyptica-argocd-');
    dirs.push(dir);
    const result = await cli(['render', '--out-dir', join(dir, 'out'), '--argocd-repo', REPO, '--operator-manifests', join(dir, 'missing')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /--operator-manifests .*missing is not a folder/);
    assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/);
  });
});

/** Writes the render tree plus the Argo CD files to a temp folder and runs `kubectl kustomize` on one folder. */
function kubectlKustomizeTree(argo: ReadonlyMap<string, string>, folder: string, base: ReadonlyMap<string, string> = new Map()): string {
  const dir = tempDir('datalyptica-argocd-tree-');
  try {
    for (const [path, text] of [...base, ...argo]) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return kubectlKustomize(join(dir, folder));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
