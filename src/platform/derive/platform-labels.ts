import type { ResolvedConfig } from '../../config/settings.ts';
import type { Labels } from '../../model/kube.ts';
import { standardLabels } from '../labels.ts';

/** The version of the toolkit, stamped on objects the platform itself owns. */
export const PLATFORM_VERSION = '0.1.0';

/** Labels for objects the platform owns (namespaces, quotas, default policies). */
export function platformLabels(config: Pick<ResolvedConfig, 'namePrefix'>, role = 'platform'): Labels {
  return standardLabels({ component: 'datalyptica', instance: config.namePrefix, version: PLATFORM_VERSION, role });
}
