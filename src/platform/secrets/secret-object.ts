import type { KubeObject } from '../../model/kube.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import { LABEL, MANAGED_BY, PART_OF } from '../labels.ts';

/** The Secret object for a requirement and its values (base64 `data`, keys sorted). Pure. */
export function secretObject(requirement: SecretRequirement, values: Readonly<Record<string, string>>): KubeObject {
  const data: Record<string, string> = {};
  for (const key of Object.keys(values).sort()) data[key] = Buffer.from(values[key]!, 'utf8').toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: requirement.name,
      namespace: requirement.namespace,
      labels: { ...(requirement.labels ?? {}), [LABEL.partOf]: PART_OF, [LABEL.managedBy]: MANAGED_BY },
      annotations: { 'datalyptica.io/description': requirement.description },
    },
    type: requirement.type ?? 'Opaque',
    data,
  };
}
