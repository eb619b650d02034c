import type { BuildContext } from '../../model/build-context.ts';
import type { RequestedDatabase } from '../../model/database.ts';
import type { Labels } from '../../model/kube.ts';
import { isComponentName, type ComponentName } from '../../model/names.ts';
import type { Sizing } from '../../model/sizing.ts';
import { postgresAccess, postgresClusterName, type PostgresAccess } from './access.ts';
import { cnpgInstanceSelector, cnpgPoolerSelector } from './cnpg.ts';
import { crunchyInstanceSelector, crunchyPgBouncerSelector } from './crunchy.ts';
import { PLATFORM_ROLE, type PostgresOptions } from './options.ts';
import { POOLER_SIZING, POSTGRES_SIZING } from './sizing.ts';

/** What every part of the PostgreSQL build reads: sizing, roles, the operator and its pods' selectors. */
export interface PostgresPlan {
  readonly options: PostgresOptions;
  readonly sizing: Sizing;
  readonly pooler: Sizing;
  readonly poolerReplicas: number;
  /** Login roles, one database each. */
  readonly consumers: readonly string[];
  /** Roles that need the REPLICATION attribute. */
  readonly replicationRoles: ReadonlySet<string>;
  /** Who logs in with each role: its request's requester, or the component a listed role is named after. */
  readonly roleUsers: ReadonlyMap<string, RoleUser>;
  readonly operator: PostgresOptions['operator'];
  readonly cluster: string;
  readonly namespace: string;
  /** The role the live checks log in as. */
  readonly checkRole: string;
  readonly access: PostgresAccess;
  readonly poolerService: string;
  readonly cnpg: boolean;
  readonly instanceSelector: Labels;
  readonly poolerSelector: Labels;
  /** CNPG's initdb owner (the platform role), which is not a managed role. */
  readonly bootstrapOwner: string | undefined;
}

/** The component (and pods) logging in with a role, as its request says. */
export interface RoleUser {
  readonly component: ComponentName;
  readonly selector?: Labels;
  readonly purpose?: string;
  readonly replication: boolean;
}

/**
 * Each login role's user: the component that requested it (`ComponentDefinition.databases`), or,
 * for a role `components.postgres.consumers` lists without a request, the component it is named
 * after. Roles of neither kind (the platform's own) have no pods to let in.
 */
function roleUsers(consumers: readonly string[], requests: readonly RequestedDatabase[]): Map<string, RoleUser> {
  const out = new Map<string, RoleUser>();
  for (const role of consumers) {
    const request = requests.find((r) => r.role === role);
    if (request !== undefined) {
      out.set(role, {
        component: request.requester,
        ...(request.selector === undefined ? {} : { selector: request.selector }),
        ...(request.purpose === undefined ? {} : { purpose: request.purpose }),
        replication: request.replication === true,
      });
    } else if (isComponentName(role)) {
      out.set(role, { component: role, replication: false });
    }
  }
  return out;
}

export function planPostgres(ctx: BuildContext<PostgresOptions>): PostgresPlan {
  const options = ctx.options();
  const sizing = ctx.sizing(POSTGRES_SIZING);
  const pooler = ctx.sizingOf(POOLER_SIZING);
  const poolerReplicas = options.poolerInstances ?? pooler.replicas;
  const requests = ctx.databaseRequests;
  const consumers = [...new Set(options.consumers ?? [PLATFORM_ROLE, ...requests.map((r) => r.role)])];
  const replicationRoles: ReadonlySet<string> = new Set(requests.filter((r) => r.replication === true).map((r) => r.role));
  const users = roleUsers(consumers, requests);
  const operator = options.operator;
  const cluster = postgresClusterName(ctx);
  const namespace = ctx.namespace;
  const checkRole = consumers.includes(PLATFORM_ROLE) ? PLATFORM_ROLE : consumers[0]!;
  const access = postgresAccess(ctx, checkRole);
  const poolerService = access.host.split('.')[0]!;

  const cnpg = operator === 'cnpg';
  const instanceSelector = cnpg ? cnpgInstanceSelector(ctx) : crunchyInstanceSelector(ctx);
  const poolerSelector = cnpg ? cnpgPoolerSelector(ctx) : crunchyPgBouncerSelector(ctx);
  const bootstrapOwner = cnpg && consumers.includes(PLATFORM_ROLE) ? PLATFORM_ROLE : undefined;
  return { options, sizing, pooler, poolerReplicas, consumers, replicationRoles, roleUsers: users, operator, cluster, namespace, checkRole, access, poolerService, cnpg, instanceSelector, poolerSelector, bootstrapOwner };
}
