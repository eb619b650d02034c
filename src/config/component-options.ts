import { z } from 'zod';
import { componentNamespace, count, dnsSubdomain, imageReference, imageTag, quantity, resourcesSchema } from './primitives.ts';

/**
 * The options every component takes under `components.<name>`. Components extend this with
 * their own keys in `src/components/<name>/options.ts`.
 */
export const baseComponentOptions = z.strictObject({
  /** Deploy this component. @default true for components the default platform includes. */
  enabled: z.boolean().optional().describe("Deploy this component."),
  /** Replica count, overriding the profile's. */
  replicas: count(1).optional().describe("Replica count, overriding the profile's."),
  /** Requests/limits merged over the profile's sizing. */
  resources: resourcesSchema.optional().describe("Requests/limits merged over the profile's sizing."),
  /** Persistent volume size and storage class override. */
  storage: z.strictObject({ size: quantity.optional(), storageClass: dnsSubdomain.optional() }).optional().describe("Persistent volume size and storage class override."),
  /** Full image reference (`repo/name:tag`), overriding registry mirror and version. */
  image: imageReference.optional().describe("Full image reference (`repo/name:tag`), overriding registry mirror and version."),
  /** Upstream version (image tag) to run instead of the pinned default. */
  version: imageTag.optional().describe("Upstream version (image tag) to run instead of the pinned default."),
  /** Namespace for this component, overriding the layout. */
  namespace: componentNamespace.optional().describe("Namespace for this component, overriding the layout."),
});

export type BaseComponentOptions = z.output<typeof baseComponentOptions>;

// The model (below config) names the options every block has as an empty `ComponentOptions`;
// merging `BaseComponentOptions` into it here gives `BuildContext` and `ComponentDefinition` their
// real shape without the model importing config.
declare module '../model/build-context.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- an interface merge takes its members from the extended type
  interface ComponentOptions extends BaseComponentOptions {}
}
