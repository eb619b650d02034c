import type { BuildContext, SsoTrust } from '../model/build-context.ts';
import type { JvmExtraCa } from '../model/object-storage.ts';
import type { ComponentName } from '../model/names.ts';

/** Keycloak's Service ports: plain HTTP (the router's edge hop) and HTTPS (the in-cluster backchannel). */
export const SSO_BACKCHANNEL_PORTS = { http: 8080, https: 8443 } as const;
/** The `kubernetes.io/tls` Secret cert-manager writes for Keycloak (`tls.crt`, `tls.key`, `ca.crt`). */
export const KEYCLOAK_TLS_SECRET = 'keycloak-tls';
/** Each consumer namespace's copy of the CA that signs Keycloak's certificate (key `ca.crt` only). */
export const SSO_CA_SECRET = 'keycloak-ca';
/** Where consumers mount that CA bundle. */
export const SSO_CA_DIR = '/etc/datalyptica/keycloak-ca';
export const SSO_CA_FILE = `${SSO_CA_DIR}/ca.crt`;
const SSO_CA_VOLUME = 'keycloak-ca';

/**
 * The consumers whose runtime is wired to trust Keycloak's certificate and so use the HTTPS
 * backchannel on 8443 (each in its own way: see docs/components/keycloak.md#backchannel). A new
 * consumer joins this set once its runtime trusts `ssoTrust`'s CA; until then it keeps HTTP on 8080
 * (Keycloak's NetworkPolicy opens to each consumer only the port it uses, and
 * test/platform/sso-trust.test.ts fails on any remaining http://…keycloak…:8080 URL).
 */
export const HTTPS_BACKCHANNEL_CONSUMERS: ReadonlySet<ComponentName> = new Set<ComponentName>(['nessie', 'grafana', 'mlflow', 'superset', 'airflow', 'dbt', 'jupyterhub', 'trino', 'spark', 'flink']);

/**
 * Whether Keycloak serves HTTPS on 8443: it does with a cert-manager certificate from the platform
 * CA (`keycloak-tls`), which is issued whenever cert-manager is on.
 */
export function keycloakServesHttps(isEnabled: (name: ComponentName) => boolean): boolean {
  return isEnabled('keycloak') && isEnabled('cert-manager');
}

/** Whether `consumer` reaches Keycloak over HTTPS on 8443. */
export function httpsBackchannel(consumer: ComponentName, isEnabled: (name: ComponentName) => boolean): boolean {
  return keycloakServesHttps(isEnabled) && HTTPS_BACKCHANNEL_CONSUMERS.has(consumer);
}

/**
 * What a consumer in `namespace` mounts to trust Keycloak's certificate: a copy (secrets plan,
 * certificate only, never the key) of the `ca.crt` cert-manager writes beside it, mounted as
 * `SSO_CA_FILE`.
 * @see https://cert-manager.io/docs/usage/certificate/
 */
export function ssoTrust(input: { consumer: ComponentName; namespace: string; keycloakNamespace: string }): SsoTrust {
  const items = [{ key: 'ca.crt', path: 'ca.crt' }];
  return {
    caFile: SSO_CA_FILE,
    volume: { name: SSO_CA_VOLUME, secret: { secretName: SSO_CA_SECRET, items } },
    volumeMount: { name: SSO_CA_VOLUME, mountPath: SSO_CA_DIR, readOnly: true },
    secretKeyRef: { name: SSO_CA_SECRET, key: 'ca.crt' },
    secrets: [
      {
        name: SSO_CA_SECRET,
        namespace: input.namespace,
        source: 'copy',
        copyFrom: { namespace: input.keycloakNamespace, name: KEYCLOAK_TLS_SECRET, keyMap: { 'ca.crt': 'ca.crt' } },
        keys: [{ key: 'ca.crt', kind: 'base64-key' }],
        description: `CA of Keycloak's certificate, copied from ${input.keycloakNamespace}/${KEYCLOAK_TLS_SECRET} (certificate only, no key)`,
        consumers: [input.consumer],
      },
    ],
  };
}

/**
 * `ObjectStorage.jvmTrust`'s `extraCa` for a JVM consumer of the HTTPS backchannel: the JVM
 * truststore imports Keycloak's CA next to the store's (Iceberg's REST client and other HTTP
 * clients use the JVM's default trust). Empty over plain HTTP.
 */
export function jvmKeycloakCa(ctx: BuildContext): { extraCa?: JvmExtraCa } {
  const trust = ctx.sso.trust;
  if (trust === undefined) return {};
  return { extraCa: { caFile: trust.caFile, volume: trust.volume, volumeMount: trust.volumeMount, secrets: trust.secrets, description: 'the CA of Keycloak\'s certificate' } };
}
