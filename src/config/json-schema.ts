import { z } from 'zod';
import { configSchema } from './schema.ts';

/** The JSON Schema (draft 2020-12) of what users write, for editors. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $id: 'https://datalyptica.io/schemas/datalyptica.json', title: 'Datalyptica platform config', ...schema };
}
