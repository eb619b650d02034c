import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import jsYaml from 'js-yaml';
import { LineCounter, parseAllDocuments } from 'yaml';
import { DatalypticaError, ErrorCode } from '../../errors.ts';
import type { KubeObject } from '../../model/kube.ts';

/** One object read from a user's manifests, with where it came from (for messages). */
export interface LoadedObject {
  readonly object: KubeObject;
  /** `path/to/file.yaml` or `-` for stdin, with the document's index when the file holds several. */
  readonly source: string;
}

const YAML_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `kind: List` (what `kubectl get -o yaml` prints) carries its objects under `items`. */
function flatten(value: unknown): unknown[] {
  if (isObject(value) && typeof value['kind'] === 'string' && value['kind'].endsWith('List') && Array.isArray(value['items'])) {
    return value['items'].flatMap(flatten);
  }
  return [value];
}

function looksLikeObject(value: unknown): value is KubeObject {
  return isObject(value) && typeof value['apiVersion'] === 'string' && typeof value['kind'] === 'string' && isObject(value['metadata']) && typeof value['metadata']['name'] === 'string';
}

/**
 * The documents of a multi-document YAML text through js-yaml, an order of magnitude faster than
 * `yaml`'s document model on large manifest sets (10,000 objects); `undefined` when js-yaml rejects
 * the text or when aliases expand it beyond its own size (an alias bomb), so that the careful path
 * (`yaml`, with its alias limit and line-and-caret errors) decides. Core schema, as YAML 1.2 and
 * the `yaml` package read it: no timestamps, no merge keys.
 * @see https://github.com/nodeca/js-yaml#loadall-string--iterator--options-
 */
function fastDocuments(text: string): unknown[] | undefined {
  let docs: unknown[];
  try {
    docs = jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA });
  } catch {
    return undefined;
  }
  let budget = text.length + 16;
  const stack: unknown[] = [...docs];
  while (stack.length > 0) {
    const node = stack.pop();
    if (--budget < 0) return undefined;
    if (Array.isArray(node)) stack.push(...(node as unknown[]));
    else if (node !== null && typeof node === 'object') stack.push(...Object.values(node));
  }
  return docs;
}

/** The documents of a YAML text through `yaml`, which names the line and column of a syntax error. */
function carefulDocuments(text: string, source: string): unknown[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  if (!Array.isArray(docs)) return [];
  return docs.map((doc) => {
    const error = doc.errors[0];
    if (error) {
      const at = lineCounter.linePos(error.pos[0]);
      const lineText = text.split('\n')[at.line - 1] ?? '';
      throw new DatalypticaError(ErrorCode.ConfigSyntax, `${source}:${at.line}:${at.col}: ${error.message.split('\n')[0]}`, {
        details: [lineText, `${' '.repeat(Math.max(0, at.col - 1))}^`],
      });
    }
    try {
      return doc.toJS() as unknown;
    } catch (cause) {
      // `yaml` throws a ReferenceError for an undefined alias and for an alias bomb (maxAliasCount).
      throw new DatalypticaError(ErrorCode.ConfigSyntax, `${source}: ${(cause as Error).message}`, { cause });
    }
  });
}

/**
 * The Kubernetes objects in a multi-document YAML text. Empty documents are skipped (kustomize and
 * Helm print them); a document that is not an object with apiVersion, kind and metadata.name, or a
 * YAML syntax error, stops the check with the source line, since a linter that silently skips input
 * reports a clean result it never earned. Pure.
 */
export function parseManifests(text: string, source: string): LoadedObject[] {
  const docs = fastDocuments(text) ?? carefulDocuments(text, source);
  const out: LoadedObject[] = [];
  docs.forEach((value, index) => {
    if (value === null || value === undefined) return;
    for (const item of flatten(value)) {
      if (!looksLikeObject(item)) {
        throw new DatalypticaError(ErrorCode.ConfigInvalid, `${source} (document ${index + 1}) is not a Kubernetes object: apiVersion, kind and metadata.name are required`);
      }
      out.push({ object: item, source: docs.length > 1 ? `${source}#${index + 1}` : source });
    }
  });
  return out;
}

/** Files under `dir`, recursively, with a YAML or JSON extension, in a stable order. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : filesUnder(path);
      return entry.isFile() && YAML_EXTENSIONS.has(extname(entry.name).toLowerCase()) ? [path] : [];
    });
}

/**
 * Reads FILE, DIR (recursively: *.yaml, *.yml, *.json) or `-` (the text given as `stdin`).
 * @throws DatalypticaError when a path does not exist.
 */
export function loadManifests(paths: readonly string[], stdin?: () => string): LoadedObject[] {
  const out: LoadedObject[] = [];
  for (const path of paths) {
    if (path === '-') {
      out.push(...parseManifests(stdin ? stdin() : '', '-'));
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new DatalypticaError(ErrorCode.ConfigNotFound, `${path} does not exist`, { hint: 'give a YAML file, a folder of manifests, or - to read standard input' });
    }
    for (const file of isDir ? filesUnder(path) : [path]) out.push(...parseManifests(readFileSync(file, 'utf8'), file));
  }
  return out;
}
