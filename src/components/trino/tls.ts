import type { BuildContext } from '../../model/build-context.ts';
import type { KubeObject } from '../../model/kube.ts';
import type { EndpointTls } from '../../model/live-check.ts';
import type { ComponentName } from '../../model/names.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { resources } from '../../platform/sizing.ts';
import { container } from '../../platform/workload.ts';
import { internalCertificate, serviceDnsNames } from '../cert-manager/index.ts';
import { trinoOptions } from './options.ts';

/** The coordinator's Service (repeated here so clients need not import the component's index). */
const SERVICE = 'trino';
/** The Secret the platform has issued for the coordinator (service CA on OpenShift, cert-manager elsewhere). */
export const TRINO_TLS_SECRET = 'trino-tls';
/** Where the coordinator reads its PEM keystore. */
export const TRINO_TLS_DIR = '/etc/trino/tls';
const SOURCE_DIR = '/etc/trino/tls-source';
/** The OpenShift service CA bundle every namespace carries. */
const SERVICE_CA = { name: 'openshift-service-ca.crt', key: 'service-ca.crt' } as const;
/** Consumers' copy of the CA that signed Trino's certificate (Kubernetes with cert-manager). */
export const TRINO_CA_COPY = 'trino-ca';

/** Where Trino's certificate comes from. */
export type TrinoCertificateSource = 'service-ca' | 'cert-manager' | 'user';

/**
 * Whether the coordinator serves HTTPS on 8443, and with which certificate. On by default where
 * the platform can issue a certificate (OpenShift's service CA; cert-manager on Kubernetes): the
 * Trino clients (dbt, Airflow, Superset, notebooks) send credentials only over HTTPS. A Secret
 * named in `components.trino.https.secretName` is the user's (a combined PEM under `key`).
 */
export function trinoHttps(ctx: BuildContext): { enabled: boolean; source?: TrinoCertificateSource } {
  const own = ctx.optionsOf('trino', trinoOptions).https;
  const platform: TrinoCertificateSource | undefined = ctx.openshift ? 'service-ca' : ctx.isEnabled('cert-manager') ? 'cert-manager' : undefined;
  const enabled = own.enabled ?? platform !== undefined;
  if (!enabled) return { enabled };
  return { enabled, source: own.secretName !== undefined || platform === undefined ? 'user' : platform };
}

/** What the coordinator needs for HTTPS. */
export interface TrinoServerTls {
  /** The PEM keystore (private key and chain in one file) `http-server.https.keystore.path` names. */
  readonly pemPath: string;
  readonly volumes: readonly Record<string, unknown>[];
  readonly mounts: readonly { name: string; mountPath: string; readOnly?: boolean }[];
  /** Joins the issued `tls.key` and `tls.crt` into the one PEM file Trino reads. */
  readonly initContainers: readonly Record<string, unknown>[];
  /** The cert-manager Certificate, when cert-manager issues it. */
  readonly objects: readonly KubeObject[];
  /** Annotations of the coordinator Service (the OpenShift service CA's serving certificate). */
  readonly serviceAnnotations: Readonly<Record<string, string>>;
  readonly dependsOn: readonly ComponentName[];
}

/**
 * The coordinator's HTTPS material. Issued certificates come as `tls.crt`/`tls.key`; Trino wants
 * one PEM file, so an init container concatenates them into an in-memory volume (the key never
 * enters a ConfigMap). Certificate rotation restarts nothing by itself: the service CA and
 * cert-manager renew weeks ahead and the next rollout picks the new pair up.
 * @see https://trino.io/docs/current/security/inside-cluster.html
 * @see https://trino.io/docs/current/security/tls.html
 * @see https://docs.redhat.com/en/documentation/openshift_container_platform/4.14/html/security_and_compliance/configuring-certificates#add-service-serving
 */
export function trinoServerTls(ctx: BuildContext, image: string): TrinoServerTls | undefined {
  const https = trinoHttps(ctx);
  if (!https.enabled) return undefined;
  const own = ctx.optionsOf('trino', trinoOptions).https;
  if (https.source === 'user') {
    const secretName = own.secretName ?? TRINO_TLS_SECRET;
    return {
      pemPath: `${TRINO_TLS_DIR}/${own.key}`,
      volumes: [{ name: 'tls', secret: { secretName } }],
      mounts: [{ name: 'tls', mountPath: TRINO_TLS_DIR, readOnly: true }],
      initContainers: [],
      objects: [],
      serviceAnnotations: {},
      dependsOn: [],
    };
  }
  const certificate = https.source === 'cert-manager' ? internalCertificate(ctx, { name: 'trino', dnsNames: serviceDnsNames(SERVICE, ctx.namespace) }) : undefined;
  const join = container({
    name: 'tls-pem',
    image,
    resources: resources('10m', '16Mi', '100m', '64Mi'),
    command: ['/bin/sh', '-c', `cat ${SOURCE_DIR}/tls.key ${SOURCE_DIR}/tls.crt > ${TRINO_TLS_DIR}/combined.pem`],
    volumeMounts: [
      { name: 'tls-source', mountPath: SOURCE_DIR, readOnly: true },
      { name: 'tls', mountPath: TRINO_TLS_DIR },
    ],
    readOnlyRootFilesystem: true,
  });
  return {
    pemPath: `${TRINO_TLS_DIR}/combined.pem`,
    volumes: [
      { name: 'tls-source', secret: { secretName: TRINO_TLS_SECRET } },
      { name: 'tls', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
    ],
    mounts: [{ name: 'tls', mountPath: TRINO_TLS_DIR, readOnly: true }],
    initContainers: [join],
    objects: certificate ? [certificate.certificate] : [],
    serviceAnnotations: https.source === 'service-ca' ? { 'service.beta.openshift.io/serving-cert-secret-name': TRINO_TLS_SECRET } : {},
    dependsOn: certificate ? ['cert-manager'] : [],
  };
}

/** How a Trino client in another namespace trusts the coordinator's certificate. */
export interface TrinoClientTrust {
  /** A volume (name `trino-ca`) whose `ca.crt` is the CA bundle. */
  readonly volume: Record<string, unknown>;
  /** The copy of the CA the client's namespace needs (Kubernetes with cert-manager). */
  readonly secrets: readonly SecretRequirement[];
}

/**
 * The CA a Trino client mounts: the OpenShift service CA ConfigMap (in every namespace), a copy
 * of the `ca.crt` cert-manager wrote beside Trino's certificate, or, with the user's own
 * certificate, the `<prefix>-ca` ConfigMap the user provides (key `ca.crt`).
 */
export function trinoClientTrust(ctx: BuildContext, consumer: ComponentName): TrinoClientTrust | undefined {
  const https = trinoHttps(ctx);
  if (!https.enabled) return undefined;
  const items = (key: string) => [{ key, path: 'ca.crt' }];
  switch (https.source) {
    case 'service-ca':
      return { volume: { name: 'trino-ca', configMap: { name: SERVICE_CA.name, items: items(SERVICE_CA.key) } }, secrets: [] };
    case 'cert-manager':
      return {
        volume: { name: 'trino-ca', secret: { secretName: TRINO_CA_COPY, items: items('ca.crt') } },
        secrets: [
          {
            name: TRINO_CA_COPY,
            namespace: ctx.namespace,
            source: 'copy',
            copyFrom: { namespace: ctx.namespaceOf('trino'), name: TRINO_TLS_SECRET, keyMap: { 'ca.crt': 'ca.crt' } },
            keys: [{ key: 'ca.crt', kind: 'base64-key' }],
            description: `CA of Trino's certificate, copied from ${ctx.namespaceOf('trino')}/${TRINO_TLS_SECRET} (certificate only, no key)`,
            consumers: [consumer],
          },
        ],
      };
    default:
      return { volume: { name: 'trino-ca', configMap: { name: ctx.prefixed('ca'), items: items('ca.crt') } }, secrets: [] };
  }
}

/** Where the CA of the coordinator's certificate is in Trino's own namespace, and the name it is issued for. */
export interface TrinoServerCa {
  /** A ConfigMap or Secret key holding the PEM CA bundle. */
  readonly ca: { readonly configMap: { readonly name: string; readonly key: string } } | { readonly secret: { readonly name: string; readonly key: string } };
  /** The coordinator Service's DNS name (`trino.<namespace>.svc`), one of the certificate's names. */
  readonly serverName: string;
}

/**
 * The CA in Trino's namespace that platform clients (the live checks, Prometheus) verify the
 * coordinator with: the OpenShift service CA ConfigMap, the `ca.crt` cert-manager writes beside
 * the certificate in `trino-tls`, or with the user's certificate the `<prefix>-ca` ConfigMap
 * (key `ca.crt`) the user provides, as for the other clients. Undefined without HTTPS.
 * @see https://cert-manager.io/docs/usage/certificate/#target-secret
 */
export function trinoServerCa(ctx: BuildContext): TrinoServerCa | undefined {
  const https = trinoHttps(ctx);
  if (!https.enabled) return undefined;
  const serverName = `${SERVICE}.${ctx.namespaceOf('trino')}.svc`;
  switch (https.source) {
    case 'service-ca':
      return { ca: { configMap: { name: SERVICE_CA.name, key: SERVICE_CA.key } }, serverName };
    case 'cert-manager':
      return { ca: { secret: { name: TRINO_TLS_SECRET, key: 'ca.crt' } }, serverName };
    default:
      return { ca: { configMap: { name: ctx.prefixed('ca'), key: 'ca.crt' } }, serverName };
  }
}

/** {@link trinoServerCa} as a probe's endpoint trust (the CA read in Trino's namespace). */
export function trinoEndpointTls(ctx: BuildContext): EndpointTls | undefined {
  const server = trinoServerCa(ctx);
  if (server === undefined) return undefined;
  const namespace = ctx.namespaceOf('trino');
  const ca = 'configMap' in server.ca ? { configMap: { namespace, ...server.ca.configMap } } : { secret: { namespace, ...server.ca.secret } };
  return { ca, serverName: server.serverName };
}
