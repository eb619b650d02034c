import type { BuildContext } from '../../model/build-context.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { SupersetOptions } from './options.ts';
import { SUPERSET_DRIVERS, SUPERSET_IMAGE } from './versions.ts';

/** The ImageStream and BuildConfig name in Superset's namespace. */
export const SUPERSET_BUILD = 'superset';
/** OpenShift's integrated registry, as pods in the cluster pull from it. */
export const INTERNAL_REGISTRY = 'image-registry.openshift-image-registry.svc:5000';

/**
 * Where Superset's image comes from:
 * - `image`: the user's own (`components.superset.image`), assumed to carry the drivers;
 * - `build`: OpenShift builds the upstream image plus drivers into an ImageStream;
 * - `stock`: the upstream image as is, which has no Trino or ClickHouse driver (a `check` warning).
 */
export type SupersetImage =
  | { readonly kind: 'image'; readonly image: string }
  | { readonly kind: 'build'; readonly image: string; readonly base: string; readonly tag: string }
  | { readonly kind: 'stock'; readonly image: string };

/**
 * The upstream images ship "little to zero database driver support" and ask production users to
 * derive them. OpenShift can build that image in the cluster; a disconnected cluster
 * (`images.registry` set) cannot reach PyPI, so it does not build by default.
 * @see https://superset.apache.org/docs/installation/docker-builds
 */
export function supersetImage(ctx: BuildContext<SupersetOptions>): SupersetImage {
  const options = ctx.options();
  const upstream = ctx.image(SUPERSET_IMAGE, { main: true });
  if (options.image !== undefined) return { kind: 'image', image: upstream };
  const build = options.build.enabled ?? ctx.config.images.registry === undefined;
  if (ctx.openshift && build) {
    const tag = `${ctx.version}-drivers`;
    return { kind: 'build', base: upstream, tag, image: `${INTERNAL_REGISTRY}/${ctx.namespace}/${SUPERSET_BUILD}:${tag}` };
  }
  return { kind: 'stock', image: upstream };
}

/**
 * The Dockerfile the build runs: upstream's documented way to add drivers to the lean image (its
 * virtualenv at /app/.venv, installed with uv), then back to the unprivileged `superset` user.
 * @see https://superset.apache.org/docs/installation/docker-builds#building-your-own-production-docker-image
 */
export function supersetDockerfile(base: string): string {
  return [
    `FROM ${base}`,
    'USER root',
    `RUN . /app/.venv/bin/activate && uv pip install --no-cache ${SUPERSET_DRIVERS.join(' ')}`,
    'USER superset',
    '',
  ].join('\n');
}

/** The ImageStream and the BuildConfig that fills it (a config change rebuilds). */
export function supersetBuildObjects(ctx: BuildContext<SupersetOptions>, source: Extract<SupersetImage, { kind: 'build' }>): KubeObject[] {
  const labels = ctx.labels('build');
  return [
    {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: SUPERSET_BUILD, namespace: ctx.namespace, labels },
      spec: { lookupPolicy: { local: false } },
    },
    {
      apiVersion: 'build.openshift.io/v1',
      kind: 'BuildConfig',
      metadata: { name: SUPERSET_BUILD, namespace: ctx.namespace, labels },
      spec: {
        runPolicy: 'Serial',
        source: { type: 'Dockerfile', dockerfile: supersetDockerfile(source.base) },
        strategy: { type: 'Docker', dockerStrategy: { from: { kind: 'DockerImage', name: source.base } } },
        output: { to: { kind: 'ImageStreamTag', name: `${SUPERSET_BUILD}:${source.tag}` } },
        resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
        triggers: [{ type: 'ConfigChange' }],
        successfulBuildsHistoryLimit: 2,
        failedBuildsHistoryLimit: 2,
      },
    },
  ];
}
