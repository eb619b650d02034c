import { componentsSchema } from '../components/registry.ts';
import { configSchemaWith } from './settings.ts';

export * from './settings.ts';

/**
 * The config file's schema: the platform settings (`./settings.ts`) around the `components` block
 * composed from the component registry. This is the only place config meets the components, and it
 * reads nothing but the registry's composed schema.
 */
export const configSchema = configSchemaWith(componentsSchema);
