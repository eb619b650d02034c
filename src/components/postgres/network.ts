import type { Flow } from '../../model/flow.ts';
import { CNPG_OPERATOR, CNPG_STATUS_PORT, POSTGRES_PORT } from './cnpg.ts';
import { CRUNCHY_OPERATOR, PATRONI_PORT, PGBACKREST_PORT } from './crunchy.ts';
import type { PostgresPlan } from './plan.ts';

/**
 * One flow per role's user (`plan.roleUsers`, from the database requests): into the PgBouncer
 * pooler, or, for a replication role, into the instances. Logical replication needs a session on
 * the primary itself: PgBouncer cannot carry it, so a CDC connector connects to the primary's
 * Service (`-rw` / `-primary`), which selects an instance.
 * @see https://www.pgbouncer.org/features.html
 */
function requesterFlows(plan: PostgresPlan): Flow[] {
  return [...plan.roleUsers.values()].map((user) => ({
    from: { kind: 'component' as const, component: user.component, ...(user.selector === undefined ? {} : { selector: user.selector }) },
    toSelector: user.replication ? plan.instanceSelector : plan.poolerSelector,
    ports: [{ port: POSTGRES_PORT, name: 'postgres' }],
    description: user.replication
      ? `${user.purpose ?? `${user.component} streams changes from the primary`} (replication connection, not through PgBouncer)`
      : (user.purpose ?? `${user.component} uses its database through the PgBouncer pooler`),
  }));
}

/** Requesters reach the pooler (or the primary); the pooler, the instances and the operator reach the instances. */
export function postgresFlows(plan: PostgresPlan): Flow[] {
  const { options, cnpg, instanceSelector, poolerSelector } = plan;
  const flows: Flow[] = [
    ...requesterFlows(plan),
    {
      from: { kind: 'component', component: 'postgres', selector: poolerSelector },
      toSelector: instanceSelector,
      ports: [{ port: POSTGRES_PORT, name: 'postgres' }],
      description: 'PgBouncer forwards sessions to the primary',
    },
    {
      from: { kind: 'component', component: 'postgres', selector: instanceSelector },
      toSelector: instanceSelector,
      ports: cnpg
        ? [{ port: POSTGRES_PORT, name: 'postgres' }]
        : [
            { port: POSTGRES_PORT, name: 'postgres' },
            { port: PATRONI_PORT, name: 'patroni' },
            { port: PGBACKREST_PORT, name: 'pgbackrest' },
          ],
      description: cnpg ? 'streaming replication between instances' : 'replication, Patroni leader election and pgBackRest between instances',
    },
    {
      from: { kind: 'operator', operator: cnpg ? CNPG_OPERATOR.id : CRUNCHY_OPERATOR.id },
      toSelector: instanceSelector,
      ports: cnpg
        ? [{ port: CNPG_STATUS_PORT, name: 'status' }]
        : [
            { port: POSTGRES_PORT, name: 'postgres' },
            { port: PATRONI_PORT, name: 'patroni' },
          ],
      description: cnpg ? 'the CloudNativePG operator polls each instance manager' : 'PGO manages users and reads Patroni state',
    },
  ];
  if (!cnpg && options.backups.enabled) {
    // The pgBackRest repo host (dedicated pod) talks to the instances over TLS.
    flows.push({
      from: { kind: 'component', component: 'postgres', selector: { 'postgres-operator.crunchydata.com/data': 'pgbackrest' } },
      toSelector: instanceSelector,
      ports: [{ port: PGBACKREST_PORT, name: 'pgbackrest' }],
      description: 'the pgBackRest repo host reaches each instance',
    });
  }

  return flows;
}
