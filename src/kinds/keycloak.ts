import { kindsOf, type KindEntry } from './kind.ts';
import { condition, said, failed, progressing, ready, readyCondition, type ReadinessRule } from './readiness.ts';

const keycloak = readyCondition({
  failWhen: (o) => {
    const errors = condition(o, 'HasErrors');
    return errors?.status === 'True' ? failed(said(errors, 'Keycloak reports errors')) : undefined;
  },
});

/**
 * A realm import reports no Ready condition: the operator runs an import Job and sets `Started`, then `Done`, and
 * `HasErrors` when the Job failed (KeycloakRealmImportStatusCondition: DONE "Done", STARTED "Started",
 * HAS_ERRORS "HasErrors").
 * @see https://github.com/keycloak/keycloak/blob/main/operator/src/main/java/org/keycloak/operator/crds/v2alpha1/realmimport/KeycloakRealmImportStatusCondition.java
 */
const realmImport: ReadinessRule = (o) => {
  const errors = condition(o, 'HasErrors');
  if (errors?.status === 'True') return failed(said(errors, 'the realm import failed'));
  const done = condition(o, 'Done');
  if (done?.status === 'True') return ready(said(done, 'realm imported'));
  const started = condition(o, 'Started');
  return progressing(started?.status === 'True' ? said(started, 'import running') : 'waiting for condition Done');
};

/**
 * k8s.keycloak.org (Keycloak operator).
 * @see https://www.keycloak.org/operator/basic-deployment
 */
export const KEYCLOAK_KINDS: readonly KindEntry[] = kindsOf('k8s.keycloak.org', [
  { kind: 'Keycloak', readiness: keycloak, validated: true },
  { kind: 'KeycloakRealmImport', readiness: realmImport },
]);
