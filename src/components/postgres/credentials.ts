import type { ComponentName } from '../../model/names.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import type { BuildContext } from '../../model/build-context.ts';
import { postgresAccess, postgresClusterName } from './access.ts';
import type { PostgresOperator } from './options.ts';

/** Generated passwords are 32 characters. */
export const PASSWORD_LENGTH = 32;

/** The one value group a consumer role's password shares across namespaces. */
export function roleValueGroup(consumer: string): string {
  return `postgres-${consumer}`;
}

/** The Crunchy PGO user Secret name (`<cluster>-pguser-<user>`, PGO's naming). */
export function crunchyUserSecret(ctx: BuildContext, consumer: string): string {
  return `${postgresClusterName(ctx)}-pguser-${consumer}`;
}

/**
 * The Secret the operator reads for a consumer's role, in the PostgreSQL namespace. CNPG: a
 * basic-auth Secret named like the consumer's own copy (one Secret when both share a namespace).
 * Crunchy: PGO's `<cluster>-pguser-<user>` Secret, pre-created with the password so PGO adopts it.
 */
export function roleSecretName(ctx: BuildContext, operator: PostgresOperator, consumer: string): string {
  return operator === 'crunchy' ? crunchyUserSecret(ctx, consumer) : postgresAccess(ctx, consumer).secretName;
}

/**
 * Every Secret behind the consumer roles: the operator's copy in the PostgreSQL namespace and,
 * for each enabled component using a role elsewhere (`users`: the request's requester, so the
 * Debezium login lands with the Kafka Connect workers), its own copy (a Pod cannot read another
 * namespace's Secret). Both copies share one generated password through `valueGroup`.
 */
export function consumerSecrets(
  ctx: BuildContext,
  operator: PostgresOperator,
  consumers: readonly string[],
  users: ReadonlyMap<string, { readonly component: ComponentName }>,
): SecretRequirement[] {
  const out: SecretRequirement[] = [];
  const namespace = ctx.namespace;
  for (const consumer of consumers) {
    const access = postgresAccess(ctx, consumer);
    const valueGroup = roleValueGroup(consumer);
    const password = { key: access.passwordKey, kind: 'password' as const, length: PASSWORD_LENGTH };
    const user = users.get(consumer)?.component;
    const own = user === undefined ? [] : [user];
    const consumerNamespace = own.length > 0 && ctx.isEnabled(own[0]!) ? ctx.namespaceOf(own[0]!) : undefined;
    if (operator === 'cnpg') {
      out.push({
        name: access.secretName,
        namespace,
        source: 'generated',
        type: 'kubernetes.io/basic-auth',
        keys: [{ key: access.userKey, kind: 'username', value: consumer }, password],
        description: `password of the PostgreSQL role ${consumer}, set by CloudNativePG from spec.managed.roles`,
        consumers: consumerNamespace === namespace ? ['postgres', ...own] : ['postgres'],
        valueGroup,
        // CNPG watches Secrets with this label and re-applies the password on change (rotation).
        labels: { 'cnpg.io/reload': 'true' },
      });
    } else {
      out.push({
        name: crunchyUserSecret(ctx, consumer),
        namespace,
        source: 'generated',
        // PGO keeps a `password` it finds and derives `verifier`, `uri`... from it.
        keys: [{ key: 'user', kind: 'username', value: consumer }, password],
        description: `password of the PostgreSQL user ${consumer}, adopted by Crunchy PGO (spec.users)`,
        consumers: ['postgres'],
        valueGroup,
        labels: {
          'postgres-operator.crunchydata.com/cluster': postgresClusterName(ctx),
          'postgres-operator.crunchydata.com/pguser': consumer,
          'postgres-operator.crunchydata.com/role': 'pguser',
        },
      });
    }
    const needsCopy = consumerNamespace !== undefined && (operator === 'crunchy' || consumerNamespace !== namespace);
    if (needsCopy) {
      out.push({
        name: access.secretName,
        namespace: consumerNamespace,
        source: 'generated',
        type: 'kubernetes.io/basic-auth',
        keys: [{ key: access.userKey, kind: 'username', value: consumer }, password],
        description: `${consumer}'s credentials for its PostgreSQL database, in its own namespace`,
        consumers: own,
        valueGroup,
      });
    }
  }
  return out;
}
