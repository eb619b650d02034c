import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
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
 * The Kubernetes objects in a multi-document YAML text. Empty documents are skipped (kustomize and
 * Helm print them); a document that is not an object with apiVersion, kind and metadata.name, or a
 * YAML syntax error, stops the check with the source line, since a linter that silently skips input
 * reports a clean result it never earned. Pure.
 */
export function parseManifests(text: string, source: string): LoadedObject[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  if (!Array.isArray(docs)) return [];
  const out: LoadedObject[] = [];
  docs.forEach((doc, index) => {
    const error = doc.errors[0];
    if (error) {
      const at = lineCounter.linePos(error.pos[0]);
      const lineText = text.split('\n')[at.line - 1] ?? '';
      throw new DatalypticaError(ErrorCode.ConfigSyntax, `${source}:${at.line}:${at.col}: ${error.message.split('\n')[0]}`, {
        details: [lineText, `${' '.repeat(Math.max(0, at.col - 1))}^`],
      });
    }
    const value: unknown = doc.toJS();
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
