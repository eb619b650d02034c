import type { ComponentName } from '../model/names.ts';
import type { SecretRequirement } from '../model/secret.ts';

/**
 * A generated login: a fixed user name under `username` and a 32-character generated password under `password`,
 * the shape an app's own accounts (first admins, the service users `validate` logs in with) take in the secrets plan.
 */
export function generatedLogin(input: {
  readonly name: string;
  readonly namespace: string;
  readonly username: string;
  readonly description: string;
  readonly consumers: readonly ComponentName[];
}): SecretRequirement {
  return {
    name: input.name,
    namespace: input.namespace,
    source: 'generated',
    keys: [
      { key: 'username', kind: 'username', value: input.username },
      { key: 'password', kind: 'password', length: 32 },
    ],
    description: input.description,
    consumers: input.consumers,
  };
}
