/** The realm clients the engines reach Nessie with (client credentials), by engine. */
export const NESSIE_ENGINE_CLIENTS = { trino: 'trino-nessie', spark: 'spark-nessie', flink: 'flink-nessie' } as const;

/**
 * Nessie operations that only read (references, entries, commit log, content). Every other
 * operation (creating or moving references, committing, the Iceberg REST catalog's writes)
 * changes the catalog.
 * @see https://projectnessie.org/nessie-latest/authorization/
 */
export const NESSIE_READ_OPS = ['VIEW_REFERENCE', 'READ_ENTRIES', 'READ_CONTENT_KEY', 'LIST_COMMIT_LOG', 'READ_ENTITY_VALUE', 'VIEW_REFLOG', 'READ_REPOSITORY_CONFIG'] as const;

/** Operations on `main` only admins may do: delete it or point it at another commit. */
const MAIN_GUARDED_OPS = ['DELETE_REFERENCE', 'ASSIGN_REFERENCE_TO_HASH'] as const;

function list(values: readonly string[]): string {
  return `[${values.map((v) => `'${v}'`).join(', ')}]`;
}

export interface NessieAuthorizationInput {
  /** Principals of the engines' service clients (`service-account-spark-nessie`), which commit for their jobs. */
  readonly enginePrincipals: readonly string[];
}

/**
 * Authorization rules (CEL, any rule that holds allows the operation) by realm group, which
 * Quarkus reads from the token's `groups` claim as roles, and by principal for the engines:
 * - `admins`: everything;
 * - `engineers`: everything except deleting or reassigning `main`;
 * - `analysts`: read everything, write on branches other than `main` (their own sandboxes);
 * - `viewers`: read only;
 * - the engines' service clients (Trino, Spark, Flink): everything except deleting or
 *   reassigning `main` (their users' rights are enforced in the engine, e.g. Trino's rules).
 * A caller with none of these gets nothing.
 * @see https://projectnessie.org/nessie-latest/authorization/
 * @see https://quarkus.io/guides/security-oidc-bearer-token-authentication#token-claims-and-securityidentity-roles
 */
export function nessieAuthorizationProperties(input: NessieAuthorizationInput): Record<string, string> {
  const read = `op in ${list(NESSIE_READ_OPS)}`;
  const notMain = `!(op in ${list(MAIN_GUARDED_OPS)} && ref == 'main')`;
  const rules: Record<string, string> = {
    admins: `'admins' in roles`,
    engineers: `'engineers' in roles && ${notMain}`,
    analysts: `'analysts' in roles && (${read} || ref != 'main')`,
    viewers: `'viewers' in roles && ${read}`,
  };
  if (input.enginePrincipals.length > 0) rules['engines'] = `role in ${list(input.enginePrincipals)} && ${notMain}`;
  const properties: Record<string, string> = {
    'nessie.server.authorization.enabled': 'true',
    // Keycloak's group membership mapper writes short group names into `groups`.
    'quarkus.oidc.roles.role-claim-path': 'groups',
    // The principal Nessie calls `role`: the user name, `service-account-<client>` for clients.
    'quarkus.oidc.token.principal-claim': 'preferred_username',
  };
  for (const [name, rule] of Object.entries(rules)) properties[`nessie.server.authorization.rules.${name.replace(/-/g, '_')}`] = rule;
  return properties;
}
