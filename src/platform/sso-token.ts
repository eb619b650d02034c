import type { BuildContext } from '../model/build-context.ts';
import type { ResourceSpec } from '../model/resources.ts';
import { SSO_CLIENT_SECRET_KEY } from '../model/sso.ts';
import { container } from './workload.ts';

/** Env names the token script reads. */
export const SSO_TOKEN_ENV = { url: 'OIDC_TOKEN_URL', clientId: 'OIDC_CLIENT_ID', clientSecret: 'OIDC_CLIENT_SECRET', output: 'OIDC_TOKEN_FILE' } as const;

/**
 * Python (standard library only) that obtains an access token with the client credentials grant
 * and writes it, owner-readable only, to `$OIDC_TOKEN_FILE`: for clients that read a bearer token
 * from a file (Airflow's Trino connection `jwt__file`, MLflow's `MLFLOW_TRACKING_TOKEN` loaders).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export const CLIENT_CREDENTIALS_TOKEN_SCRIPT = [
  'import json, os, urllib.parse, urllib.request',
  'env = os.environ',
  `form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": env["${SSO_TOKEN_ENV.clientId}"], "client_secret": env["${SSO_TOKEN_ENV.clientSecret}"]}).encode()`,
  `token = json.load(urllib.request.urlopen(env["${SSO_TOKEN_ENV.url}"], form, timeout=30))["access_token"]`,
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
  return container({
    name: input.name,
    image: input.image,
    resources: input.resources,
    command: ['python3', '-c', CLIENT_CREDENTIALS_TOKEN_SCRIPT],
    env: [
      { name: SSO_TOKEN_ENV.url, value: ctx.sso.tokenEndpoint },
      { name: SSO_TOKEN_ENV.clientId, value: input.clientId },
      { name: SSO_TOKEN_ENV.output, value: `${input.directory}/${input.file}` },
    ],
    secretEnv: [{ name: SSO_TOKEN_ENV.clientSecret, secret: input.secretName, key: SSO_CLIENT_SECRET_KEY }],
    volumeMounts: [{ name: input.volume, mountPath: input.directory }],
    readOnlyRootFilesystem: true,
  });
}
