import type { BuildContext } from '../../model/build-context.ts';
import type { LiveCheck, ServiceEndpoint } from '../../model/live-check.ts';

/**
 * The image of `validate`'s log probe pod: it only needs `sh`, `echo` and `sleep`. Pinned, and listed
 * by `datalyptica images` (declared in the component's `images`) so a mirrored cluster has it.
 * @see https://hub.docker.com/_/busybox
 */
export const LOG_PROBE_IMAGE = 'docker.io/library/busybox:1.37.0';

/**
 * The end-to-end log check (Kubernetes, with the Alloy collector): a short-lived restricted pod in
 * Loki's namespace writes a unique line to stdout and LogQL must find it on that pod's stream.
 * Allows for Alloy's file discovery (every 10 s) and Loki's ingestion.
 */
export function logRoundTripCheck(ctx: BuildContext, endpoint: ServiceEndpoint): LiveCheck {
  return {
    id: 'loki.roundtrip',
    group: 'monitoring',
    title: 'A line a test pod writes to stdout reaches Loki through the collector',
    probe: { type: 'loki-roundtrip', endpoint, writer: { namespace: ctx.namespace, image: ctx.image(LOG_PROBE_IMAGE) } },
    timeoutSeconds: 90,
  };
}
