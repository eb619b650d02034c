/**
 * Every failure a user can see carries a stable code, a message that says what failed and why,
 * and, where one exists, the command that fixes it.
 */
export const ErrorCode = {
  ConfigNotFound: 'DL_CONFIG_NOT_FOUND',
  ConfigSyntax: 'DL_CONFIG_SYNTAX',
  ConfigInvalid: 'DL_CONFIG_INVALID',
  SchemaDirMissing: 'DL_SCHEMA_DIR_MISSING',
  OutputExists: 'DL_OUTPUT_EXISTS',
  WriteFailed: 'DL_WRITE_FAILED',
  Internal: 'DL_INTERNAL',
  ClusterUnreachable: 'DL_CLUSTER_UNREACHABLE',
  ClusterUnauthorized: 'DL_CLUSTER_UNAUTHORIZED',
  ClusterRequest: 'DL_CLUSTER_REQUEST',
  KubeconfigInvalid: 'DL_KUBECONFIG_INVALID',
  DeployTimeout: 'DL_DEPLOY_TIMEOUT',
  DeployFailed: 'DL_DEPLOY_FAILED',
  SecretsMissing: 'DL_SECRETS_MISSING',
  SecretsInvalid: 'DL_SECRETS_INVALID',
  Aborted: 'DL_ABORTED',
  Usage: 'DL_USAGE',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface DatalypticaErrorOptions {
  /** What to run to fix it, shown after the message. */
  readonly hint?: string;
  readonly cause?: unknown;
  /** Extra lines (e.g. one per invalid field) printed under the message. */
  readonly details?: readonly string[];
}

export class DatalypticaError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: readonly string[];

  constructor(code: ErrorCode, message: string, options: DatalypticaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DatalypticaError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? [];
  }
}

export function isDatalypticaError(error: unknown): error is DatalypticaError {
  return error instanceof DatalypticaError;
}

/** The chain of causes as one line each, outermost first; used by the CLI with --verbose. */
export function causeChain(error: unknown): string[] {
  const lines: string[] = [];
  let current: unknown = error;
  const seen = new Set<unknown>();
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    if (current instanceof Error) {
      lines.push(current.message);
      current = (current as Error & { cause?: unknown }).cause;
    } else {
      lines.push(String(current));
      break;
    }
  }
  return lines;
}
