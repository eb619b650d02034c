import type { BuildContext } from '../model/build-context.ts';
import type { ResourceSpec } from '../model/resources.ts';
import { SSO_CLIENT_SECRET_KEY } from '../model/sso.ts';
import { container } from './workload.ts';

/** Env names the token script reads. */
export const SSO_TOKEN_ENV = { url: 'OIDC_TOKEN_URL', clientId: 'OIDC_CLIENT_ID', clientSecret: 'OIDC_CLIENT_SECRET', output: 'OIDC_TOKEN_FILE', caFile: 'OIDC_CA_FILE' } as const;

/**
 * Python's TLS context for the token request: the CA of Keycloak's certificate from
 * `$OIDC_CA_FILE` when the backchannel is HTTPS (only that CA: the request goes to Keycloak
 * alone), else the system trust.
 * @see https://docs.python.org/3/library/ssl.html#ssl.create_default_context
 */
export const PYTHON_OIDC_TLS_CONTEXT = 'ssl.create_default_context(cafile=os.environ.get("OIDC_CA_FILE"))';

/** The env and mount a container running a token script needs for the HTTPS backchannel (none over HTTP). */
export function ssoTokenTrust(ctx: BuildContext): { env: { name: string; value: string }[]; volumeMounts: { name: string; mountPath: string; readOnly: true }[] } {
  const trust = ctx.sso.trust;
  if (trust === undefined) return { env: [], volumeMounts: [] };
  return { env: [{ name: SSO_TOKEN_ENV.caFile, value: trust.caFile }], volumeMounts: [trust.volumeMount] };
}

/**
 * Python (standard library only) that obtains an access token with the client credentials grant
 * and writes it, owner-readable only, to `$OIDC_TOKEN_FILE`: for clients that read a bearer token
 * from a file (Airflow's Trino connection `jwt__file`, MLflow's `MLFLOW_TRACKING_TOKEN` loaders).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export const CLIENT_CREDENTIALS_TOKEN_SCRIPT = [
  'import json, os, ssl, urllib.parse, urllib.request',
  'env = os.environ',
  `form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": env["${SSO_TOKEN_ENV.clientId}"], "client_secret": env["${SSO_TOKEN_ENV.clientSecret}"]}).encode()`,
  `token = json.load(urllib.request.urlopen(env["${SSO_TOKEN_ENV.url}"], form, timeout=30, context=${PYTHON_OIDC_TLS_CONTEXT}))["access_token"]`,
  `fd = os.open(env["${SSO_TOKEN_ENV.output}"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)`,
  'os.write(fd, token.encode())',
  'os.close(fd)',
].join('\n');

export interface TokenInitInput {
  readonly name: string;
  /** An image with Python 3 (the consumer's own). */
  readonly image: string;
  readonly resources: ResourceSpec;
  readonly clientId: string;
  /** The consumer's Secret holding the client secret (key `client-secret`). */
  readonly secretName: string;
  /** The volume the token goes into (an emptyDir the main container mounts too). */
  readonly volume: string;
  readonly directory: string;
  readonly file: string;
}

/**
 * An init container that writes a realm access token for a service client into a shared volume,
 * from the realm's in-cluster token endpoint; the secret comes from a Secret-backed env var.
 */
export function clientCredentialsTokenInit(ctx: BuildContext, input: TokenInitInput): Record<string, unknown> {
  // The pod adds `ctx.sso.trust.volume` (and declares its secrets) when the backchannel is HTTPS.
  const trust = ssoTokenTrust(ctx);
  return container({
    name: input.name,
    image: input.image,
    resources: input.resources,
    command: ['python3', '-c', CLIENT_CREDENTIALS_TOKEN_SCRIPT],
    env: [
      { name: SSO_TOKEN_ENV.url, value: ctx.sso.tokenEndpoint },
      { name: SSO_TOKEN_ENV.clientId, value: input.clientId },
      { name: SSO_TOKEN_ENV.output, value: `${input.directory}/${input.file}` },
      ...trust.env,
    ],
    secretEnv: [{ name: SSO_TOKEN_ENV.clientSecret, secret: input.secretName, key: SSO_CLIENT_SECRET_KEY }],
    volumeMounts: [{ name: input.volume, mountPath: input.directory }, ...trust.volumeMounts],
    readOnlyRootFilesystem: true,
  });
}
