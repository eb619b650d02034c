import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';
import { count, dnsSubdomain, intAtLeast, resourcesSchema } from '../../config/primitives.ts';

/**
 * Options under `components.trino`. `replicas`, `resources` and `storage` size the workers (the
 * coordinator is always one pod: Trino supports exactly one per cluster, audit A-12).
 */
export const trinoOptions = baseComponentOptions.extend({
  /** Coordinator requests/limits merged over the profile's. */
  coordinator: z.strictObject({ resources: resourcesSchema.optional() }).optional(),
  /**
   * How long a worker keeps running tasks after it was asked to shut down (`shutdown.grace-period`);
   * the pod's termination grace period is twice this plus 30 s.
   * @default 120
   * @see https://trino.io/docs/current/admin/graceful-shutdown.html
   */
  shutdownGraceSeconds: intAtLeast(10).max(86400).default(120),
  /** A HorizontalPodAutoscaler (autoscaling/v2) on worker CPU, from `replicas` up to `maxReplicas`. */
  autoscaling: z
    .strictObject({
      /** @default false */
      enabled: z.boolean().default(false),
      /** @default twice the worker replicas */
      maxReplicas: count(1).optional(),
      /** @default 70 */
      targetCPUUtilization: intAtLeast(10).max(100).default(70),
    })
    .prefault({}),
  /**
   * Spill to a per-worker volume at /data/trino (seed R-STOR-13: 500Gi fast-ssd in production).
   * @default true in small and production, false in dev
   * @see https://trino.io/docs/current/admin/spill.html
   */
  spill: z.boolean().optional(),
  /**
   * HTTPS on the coordinator (port 8443; the Route re-encrypts). Trino's clients (dbt, Airflow,
   * Superset, notebooks) send credentials only over HTTPS. The platform issues the certificate:
   * OpenShift's service CA, or cert-manager on Kubernetes; name a Secret to bring your own.
   * @see https://trino.io/docs/current/security/tls.html
   */
  https: z
    .strictObject({
      /** @default true on OpenShift and with components.cert-manager, else false */
      enabled: z.boolean().optional(),
      /** Your own Secret with a combined PEM (key + chain) under `key`. @default the platform-issued `trino-tls` */
      secretName: dnsSubdomain.optional(),
      /** Key of `secretName` holding the combined PEM. @default 'tls-combined.pem' */
      key: z.string().min(1).default('tls-combined.pem'),
    })
    .prefault({}),
  /**
   * Catalog access by realm group (file-based access control and a group file), on whenever Trino
   * logs callers in through the platform realm. `admins` and `engineers` read and write every
   * catalog, `analysts` read every catalog, `viewers` read `iceberg`; see docs/components/trino.md.
   * @see https://trino.io/docs/current/security/file-system-access-control.html
   */
  accessControl: z
    .strictObject({
      /** @default true */
      enabled: z.boolean().default(true),
      /**
       * Extra group members (`{ analysts: ['alice'] }`) for users created in Keycloak rather than
       * in `components.keycloak.users`. @default {}
       */
      members: z.record(z.string().min(1), z.array(z.string().min(1))).default({}),
    })
    .prefault({}),
  /**
   * OAuth 2.0 / OIDC login through the platform realm: the web UI with the authorization code flow,
   * programs with a bearer access token from the realm (client credentials or the CLI's browser
   * flow). With the identity component on, Trino accepts no unauthenticated user.
   * @see https://trino.io/docs/current/security/oauth2.html
   */
  oauth2: z
    .strictObject({
      /** @default true when components.keycloak is enabled */
      enabled: z.boolean().optional(),
      /** @default the platform realm's issuer, `https://keycloak.<domain>/realms/<realm>` */
      issuer: z.url().optional(),
      /** @default 'trino' */
      clientId: z.string().min(1).default('trino'),
    })
    .prefault({}),
});

export type TrinoOptions = z.output<typeof trinoOptions>;
