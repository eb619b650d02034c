import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { resolveConfig } from '../../src/config/load.ts';
import { imageInventory, imagesIn, qualify } from '../../src/platform/image-inventory.ts';
import { collectOperators, operatorInstallPlan } from '../../src/platform/derive/operators.ts';
import { imageSetConfiguration, skopeoSyncYaml, imageListText } from '../../src/render/image-list.ts';
import { mirrorChecker, MIRROR_RULES } from '../../src/check/mirror/mirror-checker.ts';
import type { UserConfig } from '../../src/config/schema.ts';
import { ALL_COMBINATIONS, platformFor } from '../support/platform.ts';
import { cli } from '../support/cli.ts';

const MIRROR = 'mirror.example.com:5000/lake';
const VARIANTS: readonly UserConfig[] = [
  ...ALL_COMBINATIONS,
  { components: { postgres: { operator: 'crunchy' } } } as UserConfig,
  { objectStorage: { mode: 'minio' } } as UserConfig,
  { target: 'kubernetes', objectStorage: { mode: 'minio' } } as UserConfig,
];

describe('image inventory', () => {
  it('lists every image found in every profile × target × layout × variant render, and every operator image', () => {
    for (const variant of VARIANTS) {
      const platform = platformFor(variant);
      const inventory = imageInventory(platform.config);
      const pulled = new Set(inventory.images.map((i) => i.pulled));
      const rendered = platform.objects.flatMap((p) => imagesIn(p.object));
      assert.ok(rendered.length >= 8, 'the render has images');
      for (const image of rendered) assert.ok(pulled.has(qualify(image)), `${JSON.stringify(variant)}: ${image} is listed`);
      const kubernetesInstalls = new Set(operatorInstallPlan(platform).filter((i) => i.type !== 'olm').map((i) => i.id));
      for (const { requirement } of collectOperators(platform.components)) {
        if (!kubernetesInstalls.has(requirement.id)) continue;
        for (const image of requirement.images ?? []) assert.ok(pulled.has(qualify(image)), `${requirement.id}: ${image} is listed`);
      }
    }
  });

  it('declares, for every operator installed from a chart or manifest, the images it pulls, and lists them', () => {
    const undeclared = new Set<string>();
    let checked = 0;
    for (const variant of VARIANTS) {
      const platform = platformFor(variant);
      const listed = new Map(imageInventory(platform.config).images.map((i) => [i.source, i.usedBy]));
      const installed = new Set(operatorInstallPlan(platform).filter((i) => i.type !== 'olm').map((i) => i.id));
      for (const { requirement } of collectOperators(platform.components)) {
        const parts = [...(installed.has(requirement.id) ? [{ id: requirement.id, images: requirement.images }] : []), ...(requirement.companions ?? [])];
        for (const part of parts) {
          if (undeclared.has(part.id)) continue;
          assert.ok((part.images ?? []).length > 0, `${JSON.stringify(variant)}: operator ${part.id} declares the images it pulls`);
          for (const image of part.images ?? []) assert.ok(listed.get(qualify(image))?.includes(`operator:${part.id}`), `${part.id}: ${image} is listed for it`);
          checked += 1;
        }
      }
    }
    assert.ok(checked > 20, `${checked} operator installs checked`);
  });

  it('names the operator and operand images of the Spark, CloudNativePG, Flink, redis and MinIO operators at their pinned versions', () => {
    const inventory = imageInventory(platformFor({ target: 'kubernetes', objectStorage: { mode: 'minio' } } as UserConfig).config);
    const of = (user: string) => inventory.images.filter((i) => i.usedBy.includes(user)).map((i) => i.source).sort();
    assert.deepEqual(of('operator:spark-operator'), ['ghcr.io/kubeflow/spark-operator/controller:2.5.2']);
    assert.deepEqual(of('operator:cloudnative-pg'), ['ghcr.io/cloudnative-pg/cloudnative-pg:1.30.0']);
    assert.deepEqual(of('operator:flink-kubernetes-operator'), ['ghcr.io/apache/flink-kubernetes-operator:79d730b']);
    assert.deepEqual(of('operator:redis-operator'), ['quay.io/opstree/redis-operator:v0.26.0']);
    assert.deepEqual(of('operator:minio'), ['quay.io/minio/operator-sidecar:v7.0.1', 'quay.io/minio/operator:v7.1.1']);
    // CNPG's default PgBouncer is rendered in the Pooler, so it is listed for postgres and mirrored.
    assert.ok(of('postgres').includes('ghcr.io/cloudnative-pg/pgbouncer:1.25.1'));
  });

  it('names the images PGO 5.8.9 runs for our PostgresCluster, and points its chart at the mirror for each', () => {
    const config = { target: 'kubernetes', components: { postgres: { operator: 'crunchy' } } } as UserConfig;
    const inventory = imageInventory(platformFor(config).config);
    const listed = inventory.images.filter((i) => i.usedBy.includes('operator:crunchy-postgres-operator')).map((i) => i.source);
    const crunchy = 'registry.developers.crunchydata.com/crunchydata';
    for (const image of ['postgres-operator:ubi9-5.8.9-0', 'crunchy-postgres:ubi9-17.11-2633', 'crunchy-pgbackrest:ubi9-2.59.0-2633', 'crunchy-pgbouncer:ubi9-1.25-2633', 'crunchy-postgres-exporter:ubi9-0.19.1-2633']) {
      assert.ok(listed.includes(`${crunchy}/${image}`), `${image} is listed`);
    }
    const mirrored = platformFor({ ...config, images: { registry: MIRROR } } as UserConfig);
    const install = collectOperators(mirrored.components).find((o) => o.requirement.id === 'crunchy-postgres-operator')!.requirement.kubernetes;
    assert.equal(install.type, 'helm');
    const values = install.type === 'helm' ? install.mirrorValues!({ registry: MIRROR, repository: (upstream) => `${MIRROR}/${upstream.split('/').slice(1).join('/')}` }) : {};
    assert.equal((values['controllerImages'] as Record<string, string>)['cluster'], `${MIRROR}/crunchydata/postgres-operator:ubi9-5.8.9-0`);
    const related = values['relatedImages'] as Record<string, { image: string }>;
    assert.equal(related['postgres_17']!.image, `${MIRROR}/crunchydata/crunchy-postgres:ubi9-17.11-2633`);
    for (const [key, { image }] of Object.entries(related)) assert.ok(image.startsWith(`${MIRROR}/`), `${key}: ${image}`);
  });

  it('declares the image of every repository a chart is pointed at when mirrored', () => {
    const platform = platformFor({ target: 'kubernetes', objectStorage: { mode: 'minio' } } as UserConfig);
    for (const { requirement } of collectOperators(platform.components)) {
      const install = requirement.kubernetes;
      if (install.type !== 'helm' || install.mirrorValues === undefined) continue;
      const redirected: string[] = [];
      install.mirrorValues({ registry: MIRROR, repository: (upstream) => (redirected.push(qualify(`${upstream}:t`).slice(0, -2)), `${MIRROR}/x`) });
      const declared = (requirement.images ?? []).map((i) => qualify(i).replace(/[:@][^/]*$/, ''));
      for (const repository of redirected) assert.ok(declared.includes(repository), `${requirement.id}: ${repository} is redirected but not declared`);
    }
  });

  it('lists no image an OpenShift build pushes to the cluster registry, only the bases it builds from', () => {
    const platform = platformFor({ target: 'openshift' });
    const images = imageInventory(platform.config).images.map((i) => i.pulled);
    const built = platform.objects.flatMap((p) => JSON.stringify(p.object).match(/image-registry\.openshift-image-registry\.svc:5000\/[^"]+/g) ?? []);
    assert.ok(built.length > 0, 'the OpenShift render builds images in the cluster (Kafka Connect, Superset)');
    assert.deepEqual(images.filter((i) => i.includes('openshift-image-registry')), []);
    assert.deepEqual(platform.objects.flatMap((p) => imagesIn(p.object)).filter((i) => i.includes('openshift-image-registry')), []);
  });

  it('points every rendered image at the mirror when one is configured, in every combination', () => {
    for (const variant of VARIANTS) {
      const platform = platformFor({ ...variant, images: { registry: MIRROR } } as UserConfig);
      for (const { object } of platform.objects) for (const image of imagesIn(object)) assert.ok(image.startsWith(`${MIRROR}/`), `${object.kind}/${object.metadata.name}: ${image}`);
      assert.deepEqual(mirrorChecker.run({ platform }).filter((f) => f.rule === MIRROR_RULES.imageOutsideMirror), []);
      const inventory = imageInventory(platform.config);
      for (const image of inventory.images) assert.ok(image.pulled.startsWith(`${MIRROR}/`) && !image.source.startsWith(MIRROR), image.source);
    }
  });

  it('flags an image override that would still be pulled from the internet', () => {
    const platform = platformFor({ images: { registry: MIRROR }, components: { trino: { image: 'docker.io/trinodb/trino:483' } } } as UserConfig);
    const findings = mirrorChecker.run({ platform }).filter((f) => f.rule === MIRROR_RULES.imageOutsideMirror);
    assert.ok(findings.length > 0);
    assert.ok(findings.every((f) => f.severity === 'error' && /docker\.io\/trinodb\/trino:483/.test(f.message)));
  });

  it('lists the JupyterHub notebook images KubeSpawner pulls from the hub config, and mirrors and checks them', () => {
    const inventory = imageInventory(platformFor({}).config);
    const notebooks = inventory.images.filter((i) => i.usedBy.includes('jupyterhub') && i.source.startsWith('quay.io/jupyter/'));
    assert.deepEqual(notebooks.map((i) => i.source).sort(), ['quay.io/jupyter/pyspark-notebook:spark-4.0.1', 'quay.io/jupyter/scipy-notebook:2026-10-05']);
    const mirrored = imageInventory(platformFor({ images: { registry: MIRROR } } as UserConfig).config);
    assert.ok(mirrored.images.some((i) => i.source === 'quay.io/jupyter/scipy-notebook:2026-10-05' && i.pulled === `${MIRROR}/jupyter/scipy-notebook:2026-10-05`));
    // A profile image override outside the mirror is an error like any container image.
    const override = platformFor({ images: { registry: MIRROR }, components: { jupyterhub: { singleuser: { sqlImage: 'quay.io/acme/sql-notebook:1' } } } } as UserConfig);
    const findings = mirrorChecker.run({ platform: override }).filter((f) => f.rule === MIRROR_RULES.imageOutsideMirror);
    assert.deepEqual(findings.map((f) => f.message.includes('quay.io/acme/sql-notebook:1') && f.message.startsWith('jupyterhub:')), [true]);
    assert.ok(imageInventory(override.config).images.some((i) => i.source === 'quay.io/acme/sql-notebook:1' && i.usedBy.includes('jupyterhub')));
  });

  it('redirects every Helm chart to the mirror through its own image values and warns only about release manifests', () => {
    const platform = platformFor({ target: 'kubernetes', images: { registry: MIRROR } } as UserConfig);
    const plan = operatorInstallPlan(platform);
    const values = (id: string) => {
      const install = plan.find((i) => i.id === id);
      return install?.type === 'helm' ? install.values : undefined;
    };
    assert.equal(values('strimzi')?.['defaultImageRegistry'], MIRROR);
    assert.deepEqual(values('cloudnative-pg')?.['image'], { repository: `${MIRROR}/cloudnative-pg/cloudnative-pg` });
    assert.deepEqual(values('spark-operator')?.['image'], { registry: MIRROR });
    assert.deepEqual(values('flink-kubernetes-operator')?.['image'], { repository: `${MIRROR}/apache/flink-kubernetes-operator` });
    assert.deepEqual(values('redis-operator')?.['redisOperator'], { imageName: `${MIRROR}/opstree/redis-operator` });
    const minio = operatorInstallPlan(platformFor({ target: 'kubernetes', objectStorage: { mode: 'minio' }, images: { registry: MIRROR } } as UserConfig)).find((i) => i.id === 'minio');
    assert.deepEqual(minio?.type === 'helm' ? minio.values?.['operator'] : undefined, {
      image: { repository: `${MIRROR}/minio/operator` },
      sidecarImage: { repository: `${MIRROR}/minio/operator-sidecar`, tag: 'v7.0.1' },
    });
    assert.deepEqual(values('clickhouse')?.['metrics'], { image: { repository: `${MIRROR}/altinity/metrics-exporter` } });
    assert.deepEqual(values('prometheus-operator')?.['global'], { imageRegistry: MIRROR });
    const certManager = values('cert-manager') as Record<string, { image?: { repository?: string }; replicaCount?: unknown }>;
    for (const part of ['webhook', 'cainjector', 'acmesolver', 'startupapicheck']) assert.equal(certManager[part]?.image?.repository, `${MIRROR}/jetstack/cert-manager-${part}`);
    assert.ok(certManager['webhook']?.replicaCount !== undefined, 'mirror values merge into the chart values instead of replacing them');
    const warned = mirrorChecker.run({ platform }).filter((f) => f.rule === MIRROR_RULES.operatorImagesNotRedirected).map((f) => f.message);
    const helm = plan.filter((i) => i.type === 'helm').map((i) => i.id);
    assert.ok(helm.length >= 8);
    for (const id of helm) assert.ok(!warned.some((m) => m.includes(`operator ${id} `)), `${id} is redirected`);
    assert.ok(warned.some((m) => m.includes('operator keycloak installs from a release manifest')));
  });

  it('leaves chart values alone without a mirror', () => {
    const plan = operatorInstallPlan(platformFor({ target: 'kubernetes' } as UserConfig));
    const cnpg = plan.find((i) => i.id === 'cloudnative-pg');
    assert.equal(cnpg?.type === 'helm' ? cnpg.values : 'not helm', undefined);
  });

  it('writes an oc-mirror ImageSetConfiguration with the OLM packages and every other image', () => {
    const inventory = imageInventory(resolveConfig({}));
    const doc = parse(imageSetConfiguration(inventory, { catalogVersion: 'v4.18' })) as { kind: string; mirror: { operators: { catalog: string; packages: { name: string }[] }[]; additionalImages: { name: string }[] } };
    assert.equal(doc.kind, 'ImageSetConfiguration');
    const packages = doc.mirror.operators.flatMap((c) => c.packages.map((p) => p.name));
    for (const op of inventory.operators) if (op.type === 'olm') assert.ok(packages.includes(op.package), op.package);
    assert.ok(doc.mirror.operators.every((c) => c.catalog.endsWith(':v4.18')));
    for (const image of inventory.images) assert.ok(doc.mirror.additionalImages.some((a) => a.name === image.source), image.source);
  });

  it('writes a skopeo sync file grouping tags by registry and repository', () => {
    const inventory = imageInventory(resolveConfig({ target: 'kubernetes' }));
    const doc = parse(skopeoSyncYaml(inventory)) as Record<string, { images: Record<string, string[]> }>;
    assert.deepEqual(doc['docker.io']?.images['trinodb/trino'], ['483']);
    assert.ok(doc['quay.io']?.images['strimzi/operator']?.length === 1);
    const count = Object.values(doc).reduce((n, r) => n + Object.values(r.images).reduce((m, t) => m + t.length, 0), 0);
    assert.equal(count, inventory.images.length);
    assert.match(imageListText(inventory), /^chart .*strimzi-kafka-operator 1\.2\.0/m);
  });
});

describe('datalyptica images', () => {
  it('prints the list in every format on stdout with exit 0', async () => {
    for (const format of ['text', 'json', 'imageset', 'skopeo']) {
      const result = await cli(['images', '-o', format]);
      assert.equal(result.code, 0, result.stderr);
      assert.ok(result.stdout.length > 100, format);
    }
    const json = JSON.parse((await cli(['images', '-o', 'json'])).stdout) as { images: { source: string }[] };
    assert.ok(json.images.some((i) => i.source === 'docker.io/trinodb/trino:483'));
  });
});
