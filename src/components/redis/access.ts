import type { BuildContext } from '../../model/build-context.ts';

/** The replication group's name (`datalyptica-redis`). */
export function redisName(ctx: BuildContext): string {
  return ctx.prefixed('redis');
}

/** How a consumer reaches Redis: the operator's master Service and a password Secret in its own namespace. */
export interface RedisAccess {
  readonly host: string;
  readonly port: number;
  /** Sentinel Service for Sentinel-aware clients (master group `mymaster`). */
  readonly sentinelHost: string;
  readonly sentinelPort: number;
  readonly masterGroup: string;
  readonly secretName: string;
  readonly passwordKey: string;
}

export function redisAccess(ctx: BuildContext): RedisAccess {
  const name = redisName(ctx);
  const namespace = ctx.namespaceOf('redis');
  return {
    // The operator keeps `<name>-master` pointed at the current master after a Sentinel failover.
    host: `${name}-master.${namespace}.svc`,
    port: 6379,
    sentinelHost: `${name}-sentinel-sentinel.${namespace}.svc`,
    sentinelPort: 26379,
    masterGroup: 'mymaster',
    secretName: `${ctx.config.namePrefix}-redis`,
    passwordKey: 'password',
  };
}
