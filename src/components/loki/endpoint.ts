import type { BuildContext } from '../../model/build-context.ts';

/** The LokiStack's name (OpenShift); the operator prefixes every object it renders with it. */
export const LOKISTACK_NAME = 'logging-loki';
/** Loki's HTTP port (native render). */
export const LOKI_HTTP_PORT = 3100;
/** The LokiStack gateway's HTTP port; it authenticates every call with an OpenShift token. */
export const LOKISTACK_GATEWAY_PORT = 8080;
/** Labels of every pod the Loki Operator renders for the LokiStack (they do not carry our name label). */
export const LOKISTACK_PODS: Readonly<Record<string, string>> = { 'app.kubernetes.io/name': 'lokistack', 'app.kubernetes.io/instance': LOKISTACK_NAME };
/** Native render: the Service readers and writers use. */
export const LOKI_SERVICE = 'loki';

/**
 * Where readers query logs: the native Loki Service on Kubernetes, the LokiStack gateway's
 * `application` tenant on OpenShift (the gateway enforces the openshift-logging tenancy).
 * @see https://docs.redhat.com/en/documentation/red_hat_openshift_logging/6.2/html/configuring_logging/configuring-lokistack-storage
 */
export function lokiQueryEndpoint(ctx: BuildContext): { url: string; service: string; port: number; openshift: boolean } {
  const namespace = ctx.namespaceOf('loki');
  if (ctx.openshift) {
    const service = `${LOKISTACK_NAME}-gateway-http`;
    return { url: `https://${ctx.serviceHost(service, namespace)}:${LOKISTACK_GATEWAY_PORT}/api/logs/v1/application`, service, port: LOKISTACK_GATEWAY_PORT, openshift: true };
  }
  return { url: `http://${ctx.serviceHost(LOKI_SERVICE, namespace)}:${LOKI_HTTP_PORT}`, service: LOKI_SERVICE, port: LOKI_HTTP_PORT, openshift: false };
}
