import { kindsOf, type KindEntry } from './kind.ts';
import { condition, said, failed, readyCondition } from './readiness.ts';

const keycloak = readyCondition({
  failWhen: (o) => {
    const errors = condition(o, 'HasErrors');
    return errors?.status === 'True' ? failed(said(errors, 'Keycloak reports errors')) : undefined;
  },
});

/**
 * k8s.keycloak.org (Keycloak operator).
 * @see https://www.keycloak.org/operator/basic-deployment
 */
export const KEYCLOAK_KINDS: readonly KindEntry[] = kindsOf('k8s.keycloak.org', [
  { kind: 'Keycloak', readiness: keycloak, validated: true },
  { kind: 'KeycloakRealmImport', readiness: readyCondition() },
]);
