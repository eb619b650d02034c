/**
 * A database a component needs on the platform's PostgreSQL: a login role and a database of the
 * same name, owned by it. The PostgreSQL component declares one per enabled component that asks
 * (plus the platform's own), so logins exist only for components that run.
 */
export interface DatabaseRequest {
  /** Role and database name (a DNS label). */
  readonly role: string;
  /** The role needs the REPLICATION attribute (a logical replication stream, e.g. Debezium CDC). */
  readonly replication?: boolean;
}
