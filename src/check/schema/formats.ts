import type { Format } from 'ajv';
import formatsModule from 'ajv-formats/dist/formats.js';

// CommonJS with named exports; how it arrives depends on the loader (tsx, esbuild, node).
const { fullFormats } = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as { fullFormats: Record<string, Format> };

/**
 * Formats of the live Ajv instance and of the cached standalone validators (which reach them
 * through `FORMATS_SPECIFIER`). Kubernetes' own formats (int-or-string, quantity, ...) are
 * conventions, not JSON Schema formats: any string passes.
 */
export const FORMATS: Record<string, Format> = {
  ...fullFormats,
  'int-or-string': true,
  quantity: true,
  int32: true,
  int64: true,
  double: true,
  float: true,
  duration: true,
  // kubectl writes timestamps Ajv's strict date-time rejects; the API server normalises them.
  'date-time': true,
  byte: /^[A-Za-z0-9+/]*={0,2}$/,
};

/** The module name standalone validator code requires the formats by; the cache loader answers it. */
export const FORMATS_SPECIFIER = 'datalyptica:schema-formats';
