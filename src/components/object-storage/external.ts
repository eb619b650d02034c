import type { ComponentBuild } from '../../model/component.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import type { BuildContext } from '../../model/build-context.ts';

/**
 * `external`: the store is the user's; nothing is rendered. The user's Secret (in the system
 * namespace) is declared `external` so `deploy` stops early with a clear message when it is missing.
 */
export function externalStorage(ctx: BuildContext): Pick<ComponentBuild, 'objects' | 'secrets' | 'warnings'> {
  const own = ctx.config.objectStorage.credentialsSecret;
  const secret: SecretRequirement = {
    name: own.name,
    namespace: ctx.systemNamespace,
    source: 'external',
    keys: [
      { key: own.accessKeyKey, kind: 'token' },
      { key: own.secretKeyKey, kind: 'token' },
    ],
    description: `S3 keys of ${ctx.config.objectStorage.endpoint}; create it with \`oc -n ${ctx.systemNamespace} create secret generic ${own.name} --from-literal=${own.accessKeyKey}=... --from-literal=${own.secretKeyKey}=...\``,
    consumers: ['object-storage'],
  };
  const warnings = ctx.config.objectStorage.endpoint.startsWith('http://')
    ? [`objectStorage.endpoint ${ctx.config.objectStorage.endpoint} is plain HTTP: S3 keys and data cross the network unencrypted`]
    : [];
  return { objects: [], secrets: [secret], warnings };
}
