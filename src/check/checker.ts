import type { Platform } from '../platform/platform.ts';
import type { Finding } from './finding.ts';
import type { SchemaValidator } from './schema/validator.ts';

/** What every offline checker gets. */
export interface CheckInput {
  readonly platform: Platform;
  /** Present when `--schemas` was given. */
  readonly schemas?: SchemaValidator;
}

/** One family of offline checks (schema, policy, HA, capacity, network). */
export interface Checker {
  readonly id: string;
  readonly title: string;
  run(input: CheckInput): readonly Finding[];
}
