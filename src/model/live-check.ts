import type { ObjectRef } from './kube.ts';

/** The nine groups of the seed's validate-deployment script (seed 002 §Validation), plus the observability tier's. */
export const CHECK_GROUPS = [
  'namespaces',
  'operators',
  'storage',
  'control',
  'data',
  'management',
  'services',
  'routes',
  'connectivity',
  /** Identity: the realm, tokens, and services refusing unauthenticated calls. */
  'iam',
  'monitoring',
] as const;
export type CheckGroup = (typeof CHECK_GROUPS)[number];

/** Where an in-cluster endpoint lives; the cluster layer decides how to reach it (port-forward). */
export interface ServiceEndpoint {
  readonly namespace: string;
  readonly service: string;
  readonly port: number;
  /**
   * The endpoint serves TLS: probes that speak HTTP to it use HTTPS and, with `ca`, verify the
   * certificate. @default plain text
   */
  readonly tls?: EndpointTls;
}

/** A key of a ConfigMap (a CA bundle the platform publishes, e.g. OpenShift's `openshift-service-ca.crt`). */
export interface ConfigMapKeyRef {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
}

/** How a probe trusts an endpoint's certificate. */
export interface EndpointTls {
  /**
   * The PEM CA bundle that signed the certificate, read at probe time. Absent: the certificate is
   * not verified (the connection still runs inside the API server's authenticated port-forward).
   */
  readonly ca?: { readonly secret: SecretKeyRef } | { readonly configMap: ConfigMapKeyRef };
  /** The name the certificate is issued for. @default the Service's DNS name, `<service>.<namespace>.svc` */
  readonly serverName?: string;
}

/** A key of a Secret, read at probe time; values never enter the rendered tree. */
export interface SecretKeyRef {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
}

/**
 * What a live check does. Object probes read the API; protocol probes speak to the service
 * with the real client (pg, kafkajs, S3, ioredis, trino-client, ClickHouse, HTTP).
 */
export type Probe =
  | {
      readonly type: 'object-exists';
      readonly ref: ObjectRef;
      /** Labels the object must carry with these values (namespace labels, R-NS-17). */
      readonly labels?: Record<string, string>;
      /** Annotations the object must carry with these values. */
      readonly annotations?: Record<string, string>;
    }
  | { readonly type: 'object-ready'; readonly ref: ObjectRef }
  | { readonly type: 'pods-ready'; readonly namespace: string; readonly selector: Record<string, string>; readonly min: number }
  | { readonly type: 'pvcs-bound'; readonly namespace: string; readonly selector: Record<string, string> }
  | { readonly type: 'service-endpoints'; readonly namespace: string; readonly service: string }
  | {
      readonly type: 'postgres';
      readonly endpoint: ServiceEndpoint;
      readonly database: string;
      readonly user: SecretKeyRef;
      readonly password: SecretKeyRef;
      readonly sql: string;
      /** Require TLS (CNPG and Crunchy serve it; the certificate is not verified through a port-forward). @default false */
      readonly tls?: boolean;
    }
  | { readonly type: 'redis'; readonly endpoint: ServiceEndpoint; readonly password?: SecretKeyRef }
  | {
      readonly type: 'kafka';
      readonly endpoint: ServiceEndpoint;
      readonly topic: string;
      /** mTLS client credentials from a Strimzi KafkaUser Secret and the cluster CA Secret. */
      readonly tls?: { readonly userSecret: string; readonly caSecret: string; readonly namespace: string };
      /**
       * SCRAM-SHA-512 on the plain listener, as a KafkaUser with `authentication.type: scram-sha-512`
       * (its Secret's `password` key).
       * @see https://strimzi.io/docs/operators/latest/configuring#type-KafkaUserScramSha512ClientAuthentication-reference
       */
      readonly scram?: { readonly username: string; readonly password: SecretKeyRef };
    }
  | {
      readonly type: 's3';
      readonly endpoint: ServiceEndpoint | { readonly url: string };
      readonly bucket: string;
      readonly accessKey: SecretKeyRef;
      readonly secretKey: SecretKeyRef;
      readonly region: string;
      readonly pathStyle: boolean;
      /** HTTPS to an in-cluster Service endpoint. @default true for port 443 */
      readonly tls?: boolean;
    }
  | {
      readonly type: 'http';
      readonly endpoint: ServiceEndpoint;
      readonly path: string;
      /** @default 'GET' (POST sends `body`, e.g. a Trino statement that must be refused without a token) */
      readonly method?: 'GET' | 'POST';
      readonly body?: string;
      /** @default 200 */
      readonly expectStatus?: number;
      /** A substring the body must contain. */
      readonly expectBody?: string;
      /** Request headers (e.g. a bare `X-Trino-User` that must not be enough). */
      readonly headers?: Readonly<Record<string, string>>;
      /** HTTPS without verifying the certificate; `endpoint.tls` (HTTPS, verified with its CA) implies it. */
      readonly tls?: boolean;
      /** An API token from a Secret, sent as `Authorization: Bearer` (a hub service's token). */
      readonly bearer?: SecretKeyRef;
    }
  | {
      readonly type: 'trino';
      readonly endpoint: ServiceEndpoint;
      readonly user: string;
      /** With OAuth2 on: a bearer token from the realm (client credentials) instead of the bare user name. */
      readonly token?: OidcClientCredentials;
      /** SQL statements run in order; an Iceberg round trip is create/insert/select/drop. */
      readonly statements: readonly string[];
    }
  | {
      readonly type: 'clickhouse';
      readonly endpoint: ServiceEndpoint;
      readonly user: string;
      readonly password: SecretKeyRef;
    }
  /**
   * The realm's OpenID Connect discovery document names the expected issuer; a service client
   * obtains an access token with the client credentials grant; the token's signature verifies
   * against the realm's published keys, with the expected issuer and audience; and each
   * `accepts` endpoint answers the token with `expectStatus`.
   */
  | {
      readonly type: 'oidc';
      readonly credentials: OidcClientCredentials;
      /** The issuer tokens and the discovery document must carry (the public URL). */
      readonly issuer: string;
      readonly audience?: string;
      readonly accepts?: readonly { readonly endpoint: ServiceEndpoint; readonly path: string; readonly expectStatus?: number }[];
    }
  /**
   * The realm knows a client and, for a confidential or service client, its secret: a client
   * credentials request is either granted or refused with `unauthorized_client` (the client
   * authenticated, the grant is not its flow), never `invalid_client`. Catches a component enabled
   * after the realm was imported (the import only creates a realm, it never updates one).
   */
  | {
      readonly type: 'oidc-client';
      readonly endpoint: ServiceEndpoint;
      /** `/realms/<realm>` on the Service. */
      readonly realmPath: string;
      readonly clientId: string;
      /** Absent for a public client. */
      readonly clientSecret?: SecretKeyRef;
    }
  /**
   * The log path works end to end: the probe starts a short-lived restricted pod in `writer.namespace`
   * that writes a uniquely marked line to stdout, queries Loki with LogQL until the collector has
   * shipped it, and deletes the pod whatever the outcome.
   */
  | {
      readonly type: 'loki-roundtrip';
      readonly endpoint: ServiceEndpoint;
      readonly writer: LogWriterPod;
      /**
       * The LokiStack gateway (OpenShift): HTTPS, the tenant's path prefix (`/api/logs/v1/application`)
       * and a bearer token allowed to read that tenant. Absent: plain Loki over HTTP.
       */
      readonly gateway?: { readonly pathPrefix: string; readonly token: SecretKeyRef };
      /** The stream labels holding namespace and pod. @default { namespace: 'namespace', pod: 'pod' } (Alloy's) */
      readonly streamLabels?: { readonly namespace: string; readonly pod: string };
    }
  /**
   * Superset runs SQL on one of its registered databases: log in through the API (`db` provider) for
   * an access token, fetch a CSRF token in the same session, find the database's id by name and run
   * `sql` synchronously through SQL Lab (`POST /api/v1/sqllab/execute/`); passes when the query
   * succeeds and returns a row.
   * @see https://superset.apache.org/docs/api
   */
  | {
      readonly type: 'superset-sql';
      readonly endpoint: ServiceEndpoint;
      readonly username: SecretKeyRef;
      readonly password: SecretKeyRef;
      /** The registered database's name (`Trino`). */
      readonly database: string;
      readonly sql: string;
    }
  /**
   * MLflow stores an artifact and serves it back through its proxied artifact API: a run in
   * `experiment` (created when missing), one small file uploaded to the run's `mlflow-artifacts:` URI
   * and read back byte for byte; the file and run are deleted after. Either HTTP basic auth with the
   * tracking server's admin account (MLflow's own login) or, behind oauth2-proxy, a bearer token
   * from the realm (client credentials of a service client holding MLflow's `user` role).
   * @see https://mlflow.org/docs/latest/self-hosting/architecture/artifact-store/#using-the-tracking-server-for-proxied-artifact-access
   */
  | ({
      readonly type: 'mlflow-artifact';
      readonly endpoint: ServiceEndpoint;
      readonly experiment: string;
    } & ({ readonly username: SecretKeyRef; readonly password: SecretKeyRef } | { readonly token: OidcClientCredentials }))
  /**
   * Airflow's REST API answers with its metadata: a JWT from the auth manager's token endpoint
   * (`POST /auth/token` with a FAB database user's name and password), then `GET /api/v2/dags` with
   * it; passes when the list answers (it reads the DAG table of the metadata database).
   * @see https://airflow.apache.org/docs/apache-airflow/stable/security/api.html
   */
  | {
      readonly type: 'airflow-api';
      readonly endpoint: ServiceEndpoint;
      readonly username: SecretKeyRef;
      readonly password: SecretKeyRef;
    }
  | { readonly type: 'route'; readonly namespace: string; readonly name: string }
  /** An Ingress the controller has given an address (Kubernetes counterpart of `route`). */
  | { readonly type: 'ingress'; readonly namespace: string; readonly name: string }
  /**
   * An operator is installed and healthy: on OLM its Subscription's installed CSV reached
   * `Succeeded`; otherwise every Deployment in its namespace is available. Either way its CRDs
   * (`plural.group`) are Established.
   */
  | {
      readonly type: 'operator';
      readonly install:
        | { readonly via: 'olm'; readonly namespace: string; readonly subscription: string }
        | { readonly via: 'workloads'; readonly namespace: string };
      readonly crds: readonly string[];
    };

/** Where the log probe's test pod runs and what it runs (an image with `sh`, from the image list). */
export interface LogWriterPod {
  readonly namespace: string;
  readonly image: string;
  /** A fixed non-root UID (Kubernetes; busybox's user is root). On OpenShift the SCC assigns one. */
  readonly runAsUser?: number;
}

/** A realm service client and where to reach the realm in-cluster. */
export interface OidcClientCredentials {
  /** The identity provider's Service. */
  readonly endpoint: ServiceEndpoint;
  /** The realm's base path on it (`/realms/datalyptica`); discovery is `<path>/.well-known/openid-configuration`. */
  readonly realmPath: string;
  readonly clientId: string;
  readonly clientSecret: SecretKeyRef;
}

export interface LiveCheck {
  /** Stable id, e.g. `postgres.sql`. */
  readonly id: string;
  readonly group: CheckGroup;
  readonly title: string;
  readonly probe: Probe;
  /** A failure is only a warning (optional features). @default 'fail' */
  readonly severity?: 'fail' | 'warn';
  /** @default 20 */
  readonly timeoutSeconds?: number;
}
