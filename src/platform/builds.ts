import type { Egress } from '../model/flow.ts';

/** Where OpenShift's integrated registry runs, and the port its pods serve. */
export const INTEGRATED_REGISTRY = { namespace: 'openshift-image-registry', port: 5000 } as const;

/**
 * The connections an OpenShift build in a component's namespace opens: the base image and the
 * packages it installs come from the internet (or the configured mirror) over HTTPS, and the result
 * is pushed to the integrated registry. Build pods carry only OpenShift's build label, so these are
 * declared `fromBuilds`; without them the namespace's default-deny policy fails every build.
 * @see https://docs.openshift.com/container-platform/latest/cicd/builds/understanding-image-builds.html
 * @see https://docs.openshift.com/container-platform/latest/registry/accessing-the-registry.html
 */
export function openshiftBuildEgress(what: string): Egress[] {
  return [
    { to: { kind: 'internet' }, fromBuilds: true, ports: [{ port: 443, name: 'https' }], description: `the ${what} build pulls its base image and downloads packages` },
    {
      to: { kind: 'namespace', namespace: INTEGRATED_REGISTRY.namespace },
      fromBuilds: true,
      ports: [{ port: INTEGRATED_REGISTRY.port, name: 'registry' }],
      description: `the ${what} build pushes its image to the integrated registry`,
    },
  ];
}
