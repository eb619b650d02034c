import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.grafana`. */
export const grafanaOptions = baseComponentOptions.extend({
  /**
   * Keep Grafana's own login form next to single sign-on (for the admin account when Keycloak is
   * down). Without the identity tier the login form is always on.
   * @default false
   * @see https://grafana.com/docs/grafana/latest/setup-grafana/configure-security/configure-authentication/generic-oauth/
   */
  loginForm: z.boolean().default(false).describe('Keep the login form next to single sign-on.'),
});

export type GrafanaOptions = z.output<typeof grafanaOptions>;
