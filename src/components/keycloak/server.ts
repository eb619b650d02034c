import type { BuildContext } from '../../model/build-context.ts';
import type { KubeObject, Labels } from '../../model/kube.ts';
import type { Sizing } from '../../model/sizing.ts';
import { podPolicy } from '../../platform/pod-policy.ts';
import { postgresAccess } from '../postgres/access.ts';

/** The Keycloak CR's name; the operator names its Services `<name>-service` and `<name>-discovery`. */
export const KEYCLOAK_CR = 'keycloak';
export const KEYCLOAK_SERVICE = `${KEYCLOAK_CR}-service`;
/** Ports of the operator's Service and pods (Keycloak's defaults; health and metrics moved to 9000 in 25). */
export const KEYCLOAK_PORTS = { http: 8080, https: 8443, management: 9000, jgroups: 7800, jgroupsFd: 57800 } as const;
/** The master realm's temporary admin (Keycloak's bootstrap admin), from the secrets plan. */
export const BOOTSTRAP_ADMIN_SECRET = 'keycloak-bootstrap-admin';

export interface ServerInput {
  readonly sizing: Sizing;
  readonly image: string;
  /** Pod labels added through the pod template (our selector, so flows, PDB and exposure find the pods). */
  readonly podLabels: Labels;
  /** The `kubernetes.io/tls` Secret for the HTTPS port, when cert-manager issues one. */
  readonly tlsSecret?: string;
}

/**
 * Keycloak server options the CR has no field for, as `additionalOptions`: health and metrics on
 * the management port (the operator's probes need health; Prometheus scrapes `/metrics` there).
 * @see https://www.keycloak.org/server/all-config
 */
function serverOptions(): { name: string; value: string }[] {
  return [
    { name: 'health-enabled', value: 'true' },
    { name: 'metrics-enabled', value: 'true' },
  ];
}

/**
 * The `Keycloak` CR: instances per profile, the platform PostgreSQL (its own database and login),
 * TLS from cert-manager when present, the public hostname from `domain` with dynamic backchannel
 * (pods reach `keycloak-service` while tokens carry the public issuer), edge/reencrypt TLS at the
 * router with X-Forwarded headers, no operator-made Ingress (the platform derives Routes and
 * Ingresses from exposures), anti-affinity and zone spread through the platform's helpers.
 * @see https://www.keycloak.org/operator/basic-deployment
 * @see https://www.keycloak.org/server/hostname
 */
export function keycloakServer(ctx: BuildContext, input: ServerInput): KubeObject {
  const db = postgresAccess(ctx, 'keycloak');
  const { sizing } = input;
  // The operator runs the pods restricted itself; the platform adds the scheduling.
  const { scheduling } = podPolicy(ctx, { selector: input.podLabels, replicas: sizing.replicas });
  return {
    apiVersion: 'k8s.keycloak.org/v2alpha1',
    kind: 'Keycloak',
    metadata: { name: KEYCLOAK_CR, namespace: ctx.namespace, labels: ctx.labels() },
    spec: {
      instances: sizing.replicas,
      image: input.image,
      // The upstream image is not pre-built for our options; the operator runs `start` (auto-build).
      startOptimized: false,
      db: {
        vendor: 'postgres',
        host: db.host,
        port: db.port,
        database: db.database,
        usernameSecret: { name: db.secretName, key: db.userKey },
        passwordSecret: { name: db.secretName, key: db.passwordKey },
        poolMinSize: 5,
        poolMaxSize: 20,
      },
      http: {
        httpEnabled: true,
        httpPort: KEYCLOAK_PORTS.http,
        httpsPort: KEYCLOAK_PORTS.https,
        ...(input.tlsSecret !== undefined ? { tlsSecret: input.tlsSecret } : {}),
      },
      hostname: { hostname: `https://${ctx.host('keycloak')}`, strict: true, backchannelDynamic: true },
      proxy: { headers: 'xforwarded' },
      ingress: { enabled: false },
      bootstrapAdmin: { user: { secret: BOOTSTRAP_ADMIN_SECRET } },
      additionalOptions: serverOptions(),
      resources: { requests: { ...sizing.resources.requests }, limits: { ...sizing.resources.limits } },
      ...(Object.keys(scheduling).length > 0 ? { scheduling } : {}),
      unsupported: { podTemplate: { metadata: { labels: { ...input.podLabels } } } },
    },
  };
}
