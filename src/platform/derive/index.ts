import type { Deriver } from '../platform.ts';
import { deriveExposure } from './exposure.ts';
import { deriveMonitors } from './monitors.ts';
import { deriveNamespaces } from './namespaces.ts';
import { deriveNetworkPolicies } from './network-policies.ts';
import { deriveOperators } from './operators.ts';
import { derivePdbs } from './pdbs.ts';
import { deriveQuotas } from './quotas.ts';
import { deriveStorageClasses } from './storage-classes.ts';
import { deriveSecrets } from './secrets.ts';

/**
 * Cross-cutting objects derived from the component declarations, in order. Each deriver sees
 * the objects of the ones before it.
 */
export const DERIVERS: readonly Deriver[] = [deriveNamespaces, deriveOperators, deriveQuotas, deriveStorageClasses, derivePdbs, deriveMonitors, deriveNetworkPolicies, deriveExposure, deriveSecrets];
