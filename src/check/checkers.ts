import type { Checker } from './checker.ts';
import { schemaChecker } from './schema/schema-checker.ts';
import { warningsChecker } from './warnings-checker.ts';

/** Every offline checker `datalyptica check` runs, in output order. */
export const CHECKERS: readonly Checker[] = [schemaChecker, warningsChecker];
