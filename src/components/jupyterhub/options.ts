import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';
import { count, dnsLabel, imageReference, intAtLeast, quantity, resourcesSchema } from '../../config/primitives.ts';
import { SSO_GROUPS } from '../../model/sso.ts';

/**
 * Options under `components.jupyterhub`. The base `resources` size the hub and `storage` its
 * SQLite volume; `replicas` is ignored: JupyterHub runs exactly one hub (docs/decisions/analytics-jupyterhub.md).
 * @see https://z2jh.jupyter.org/en/stable/resources/reference.html
 */
export const jupyterhubOptions = baseComponentOptions.extend({
  /** configurable-http-proxy requests/limits merged over the profile's (the chart's `proxy.chp.resources`). */
  proxy: z.strictObject({ resources: resourcesSchema.optional() }).optional().describe("configurable-http-proxy requests/limits merged over the profile's."),
  /**
   * Stops idle user servers (the chart's `cull.*`, run as the `jupyterhub-idle-culler` hub service
   * with only the scopes it needs).
   * @see https://github.com/jupyterhub/jupyterhub-idle-culler
   */
  culler: z
    .strictObject({
      /** @default true */
      enabled: z.boolean().default(true).describe('Stop idle user servers.'),
      /** Idle time before a server is stopped (`--timeout`). @default 3600 */
      timeoutSeconds: intAtLeast(60).max(2_592_000).default(3600).describe('Idle time in seconds before a server is stopped (--timeout).'),
      /** How often the culler looks (`--cull-every`). @default 600 */
      everySeconds: intAtLeast(30).max(86_400).default(600).describe('How often the culler checks, in seconds (--cull-every).'),
      /** Stop servers older than this even when busy; 0 = never (`--max-age`). @default 0 */
      maxAgeSeconds: z.int().min(0).max(31_536_000).default(0).describe('Stop servers older than this many seconds even when active; 0 never (--max-age).'),
    })
    .prefault({})
    .describe('Idle culling of user servers (jupyterhub-idle-culler).'),
  /** The user servers KubeSpawner starts. */
  singleuser: z
    .strictObject({
      /**
       * How many user servers may run at once (`JupyterHub.active_server_limit`); also the user-pod
       * budget in quotas and the capacity check.
       * @default 2 (dev), 10 (small), 50 (production)
       */
      activeServerLimit: count(1).optional().describe('How many user servers may run at once (JupyterHub.active_server_limit); the user-pod budget.'),
      /** Size of each user's home volume (`singleuser.storage.capacity`). @default 5Gi (dev), 10Gi (small), 20Gi (production) */
      homeSize: quantity.optional().describe("Size of each user's home volume."),
      /** Seconds a user pod may take to start before the spawn fails (`singleuser.startTimeout`). @default 300 */
      startTimeoutSeconds: intAtLeast(30).max(3600).default(300).describe('Seconds a user pod may take to start (singleuser.startTimeout).'),
      /** Image of the "PySpark + Iceberg" profile. @default quay.io/jupyter/pyspark-notebook (pinned date tag) */
      pysparkImage: imageReference.optional().describe('Image of the "PySpark + Iceberg" profile.'),
      /** Image of the "Trino SQL" profile; needs the `trino` Python client installed. @default quay.io/jupyter/scipy-notebook (pinned date tag) */
      sqlImage: imageReference.optional().describe('Image of the "Trino SQL" profile.'),
      /**
       * Let user pods reach the internet on 443 (pip, conda, Maven packages). Off: notebooks reach
       * only the platform's data services.
       * @default false
       */
      internetEgress: z.boolean().default(false).describe('Let user pods reach the internet on port 443 (pip, conda, Maven).'),
      /**
       * Give PySpark pods the platform's S3 keys for the warehouse bucket (env from the copied
       * Secret). Off: users bring their own keys.
       * @default true
       */
      s3Credentials: z.boolean().default(true).describe("Inject the platform's warehouse S3 keys into PySpark user pods."),
    })
    .prefault({})
    .describe('User servers started by KubeSpawner.'),
  /**
   * Login through the platform realm (when the identity tier is enabled): which realm groups may
   * log in and which are JupyterHub admins.
   * @see https://oauthenticator.readthedocs.io/en/latest/reference/api/gen/oauthenticator.generic.html
   */
  oidc: z
    .strictObject({
      /** @default ['admins'] */
      adminGroups: z.array(z.enum(SSO_GROUPS)).min(1).default(['admins']).describe('Realm groups whose members are JupyterHub admins.'),
      /** @default ['admins', 'engineers', 'analysts'] */
      allowedGroups: z.array(z.enum(SSO_GROUPS)).min(1).default(['admins', 'engineers', 'analysts']).describe('Realm groups whose members may log in.'),
    })
    .prefault({})
    .describe('OIDC login through Keycloak.'),
  /**
   * Without the identity tier: JupyterHub's SharedPasswordAuthenticator. `admin` logs in with the
   * generated admin password; the users listed here (and users an admin adds) with the generated
   * user password. Nobody else can log in.
   * @see https://jupyterhub.readthedocs.io/en/stable/reference/api/authenticators.html
   */
  localUsers: z.array(dnsLabel).max(1000).default([]).describe('User names allowed to log in with the shared user password when Keycloak is off.'),
});

export type JupyterhubOptions = z.output<typeof jupyterhubOptions>;
