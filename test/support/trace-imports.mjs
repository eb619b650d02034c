// `node --import ./trace-imports.mjs …`: writes every module the process resolves to stderr as
// `resolve <specifier>`, so a test can tell which modules a command loaded.
import { register } from 'node:module';

register('data:text/javascript,' + encodeURIComponent(`
export async function resolve(specifier, context, next) {
  process.stderr.write('resolve ' + specifier + '\\n');
  return next(specifier, context);
}`));
