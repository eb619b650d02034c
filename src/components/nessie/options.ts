import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';

/** Options under `components.nessie`. */
export const nessieOptions = baseComponentOptions.extend({
  /**
   * OpenID Connect bearer-token authentication on the Nessie API (Quarkus OIDC, `service`
   * application type): every call needs an access token of the platform realm carrying the
   * `nessie` audience. Engines get theirs with the client credentials grant.
   * @see https://projectnessie.org/nessie-latest/authentication/
   */
  oidc: z
    .strictObject({
      /** @default true when components.keycloak is enabled */
      enabled: z.boolean().optional(),
    })
    .prefault({}),
  /**
   * Authorization rules by realm group (`admins` everything, `engineers` everything but deleting
   * or moving `main`, `analysts` read plus writes off `main`, `viewers` read) and for the engines'
   * service clients; see docs/components/nessie.md. Applies with `oidc`.
   * @see https://projectnessie.org/nessie-latest/authorization/
   */
  authorization: z
    .strictObject({
      /** @default true */
      enabled: z.boolean().default(true),
    })
    .prefault({}),
});

export type NessieOptions = z.output<typeof nessieOptions>;
