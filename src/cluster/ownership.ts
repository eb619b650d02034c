import type { KubeObject } from '../model/kube.ts';

/** The recommended label naming the tool that manages an object. @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/ */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'datalyptica';

/**
 * Set only on objects deploy created (the object did not exist before its first apply), with the
 * platform instance (`namePrefix`) as value. Labels alone cannot tell ownership: applying the
 * rendered labels to a namespace another team created beforehand gives it the same labels, and
 * uninstall must not delete that namespace.
 */
export const CREATED_BY_ANNOTATION = 'datalyptica.io/created-by';

/** Whether a live object carries both marks of this instance: deploy created it, so uninstall may delete it. Pure. */
export function ownedBy(live: KubeObject, instance: string): boolean {
  return live.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY && live.metadata.annotations?.[CREATED_BY_ANNOTATION] === instance;
}

/**
 * The object to apply given what is live: both ownership marks when deploy creates it (`live`
 * absent) or created it earlier (keeps the annotation in our applied set, so server-side apply
 * does not drop it); only the rendered labels when it existed before us. Pure.
 */
export function withOwnership(desired: KubeObject, live: KubeObject | undefined, instance: string): KubeObject {
  if (live !== undefined && live.metadata.annotations?.[CREATED_BY_ANNOTATION] !== instance) return desired;
  return {
    ...desired,
    metadata: {
      ...desired.metadata,
      labels: { ...(desired.metadata.labels ?? {}), [MANAGED_BY_LABEL]: MANAGED_BY },
      annotations: { ...(desired.metadata.annotations ?? {}), [CREATED_BY_ANNOTATION]: instance },
    },
  };
}
