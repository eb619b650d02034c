import { readFileSync, existsSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { DatalypticaError, ErrorCode } from '../errors.ts';
import { formatIssues } from './format-issues.ts';
import { configSchema, type ResolvedConfig, type UserConfig } from './schema.ts';

/** The file every command reads when `-c` is not given and it exists. */
export const DEFAULT_CONFIG_FILE = 'datalyptica.yaml';

/**
 * Validates a parsed config. Every invalid field is reported at once, with its path.
 * @param source the file name for messages.
 */
export function resolveConfig(input: unknown, source = 'config'): ResolvedConfig {
  const value = input === null || input === undefined ? {} : input;
  const result = configSchema.safeParse(value);
  if (result.success) return result.data;
  const details = formatIssues(configSchema, result.error.issues, value);
  throw new DatalypticaError(ErrorCode.ConfigInvalid, `${source} is not a valid Datalyptica config (${details.length} problem${details.length === 1 ? '' : 's'})`, {
    details,
    hint: 'fix the fields above; `datalyptica schema` prints the JSON Schema for your editor',
  });
}

/** Parses YAML text (YAML 1.1 booleans, as kubectl reads) into a resolved config. */
export function parseConfigText(text: string, source = 'config'): ResolvedConfig {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new DatalypticaError(ErrorCode.ConfigSyntax, `${source} is not valid YAML`, {
      details: doc.errors.flatMap((e) => syntaxDetail(e.message, text, e.linePos?.[0])),
      hint: 'fix the marked line; `datalyptica schema` prints the JSON Schema for an editor that checks YAML as you type',
    });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch (cause) {
    throw aliasError(cause, source);
  }
  return resolveConfig(value as UserConfig, source);
}

/**
 * How far aliases may expand (the `yaml` library's `maxAliasCount`: alias uses times the nodes each
 * one copies). Generous for hand-written configs that reuse blocks by the hundred, yet a
 * "billion laughs" file, which grows exponentially, is refused after a few levels.
 * @see https://eemeli.org/yaml/#tojs-options
 */
export const MAX_ALIAS_EXPANSION = 10_000;

/** The `yaml` library throws a ReferenceError for an undefined alias and for excessive expansion. */
function aliasError(cause: unknown, source: string): DatalypticaError {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (/excessive alias count/i.test(message)) {
    return new DatalypticaError(ErrorCode.ConfigSyntax, `${source}: its YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes`, {
      cause,
      hint: 'write the repeated blocks out instead of nesting aliases of aliases (a file that expands like this is refused to protect memory)',
    });
  }
  const alias = /Unresolved alias[^:]*: (.+)$/.exec(message)?.[1];
  return new DatalypticaError(ErrorCode.ConfigSyntax, alias ? `${source}: alias *${alias} refers to no anchor &${alias} defined before it` : `${source} is not valid YAML: ${message}`, {
    cause,
    hint: 'define the anchor (&name) before any alias (*name) that uses it',
  });
}

/** Why a file could not be read, in words (`is a directory`, `permission denied`). */
function readFailure(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return 'it is a directory, not a file';
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * Loads the config: the named file, else `./datalyptica.yaml` if present, else the built-in
 * default (production HA on OpenShift, functional layout).
 */
export function loadConfig(file?: string): { config: ResolvedConfig; source: string } {
  const path = file ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (path === undefined) return { config: resolveConfig({}, 'built-in default'), source: 'built-in default' };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new DatalypticaError(ErrorCode.ConfigNotFound, `cannot read config file ${path}: ${readFailure(cause)}`, {
      cause,
      hint: 'run `datalyptica init` to write a starting datalyptica.yaml, or pass -c FILE',
    });
  }
  return { config: parseConfigText(text, path), source: path };
}

/** The JSON Schema of the config file, for editors (`datalyptica schema`). */
export { configSchema };

/**
 * One syntax error as the user needs it: the message (without the library's trailing colon), then
 * the offending line of the file and a caret under the column, as compilers print them.
 */
function syntaxDetail(message: string, text: string, at: { line: number; col: number } | undefined): string[] {
  const first = (message.split('\n')[0] ?? message).replace(/:\s*$/, '');
  if (at === undefined) return [first];
  const source = text.split(/\r?\n/)[at.line - 1];
  if (source === undefined) return [first];
  const gutter = `${at.line} | `;
  return [first, `${gutter}${source}`, `${' '.repeat(gutter.length + Math.max(0, at.col - 1))}^`];
}
