import { secretId, secretsBackend } from '../secrets/index.ts';
import type { Deriver, Owner } from '../platform.ts';

/**
 * What the render tree holds for the secrets plan: whatever the `secrets.mode` backend renders
 * (`src/platform/secrets/`), each object owned by the first component that declares its Secret.
 * Operator-made and external Secrets are never rendered; copies only as the backend's own objects
 * (External Secrets: a PushSecret owned like its source, an ExternalSecret owned by the consumer).
 */
export const deriveSecrets: Deriver = (draft) => {
  const owners = new Map<string, Owner>();
  for (const [owner, built] of draft.components) {
    for (const requirement of built.build.secrets) if (!owners.has(secretId(requirement))) owners.set(secretId(requirement), owner);
  }
  return secretsBackend(draft.config.secrets.mode)
    .render(draft.secrets, draft.config.secrets)
    .map((object) => ({ owner: owners.get(secretId({ namespace: object.metadata.namespace ?? '', name: object.metadata.name })) ?? 'platform', object }));
};
