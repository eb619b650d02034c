import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** The shared schema set plus the project's own schemas for kinds the shared set lacks. */
export const SCHEMA_DIRS: readonly string[] = [join(ROOT, '..', 'shared', 'schemas'), join(ROOT, 'schemas')];
