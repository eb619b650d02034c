// Format definitions shared by the live Ajv instance and the cached standalone validators (which
// `require` this file by absolute path). Kubernetes' own formats (int-or-string, quantity, ...)
// are conventions, not JSON Schema formats: any string passes.
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file the standalone validators require
const { fullFormats } = require('ajv-formats/dist/formats');

module.exports = {
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
