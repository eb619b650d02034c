import type { Labels } from './kube.ts';
import type { ComponentName } from './names.ts';

/**
 * A database a component needs on the platform's PostgreSQL: a login role and a database of the
 * same name, owned by it. The PostgreSQL component declares one per enabled component that asks
 * (plus the platform's own), so logins exist only for components that run.
 */
export interface DatabaseRequest {
  /** Role and database name (a DNS label). */
  readonly role: string;
  /**
   * The role needs the REPLICATION attribute (a logical replication stream, e.g. Debezium CDC).
   * Such a session must reach the primary itself (PgBouncer cannot carry it), so the requester's
   * flow goes to the instances instead of the pooler. @default false
   * @see https://www.postgresql.org/docs/current/protocol-replication.html
   */
  readonly replication?: boolean;
  /** The requester's pods that connect; all its pods when absent. */
  readonly selector?: Labels;
  /** Why it connects, for the flow's description. @default the PostgreSQL component's wording */
  readonly purpose?: string;
}

/** A request as the PostgreSQL component sees it: with the enabled component that declared it. */
export interface RequestedDatabase extends DatabaseRequest {
  /** The requesting component, whose pods log in with the role. */
  readonly requester: ComponentName;
}
