import type { BuildContext } from '../../model/build-context.ts';
import { keycloakOptions } from '../keycloak/options.ts';
import { properties } from './config.ts';
import { trinoOptions } from './options.ts';

/** Where the coordinator reads its access rules and group file. */
export const ACCESS_RULES_PATH = '/etc/trino/rules.json';
export const GROUP_FILE_PATH = '/etc/trino/groups.txt';

/**
 * Catalog access per realm group (the platform's four groups): a user's groups come from the
 * group file, the rules grant catalogs by group.
 * - `admins`: every catalog, read and write; all queries; system information read and write;
 * - `engineers`: every catalog, read and write;
 * - `analysts`: every catalog, read only;
 * - `viewers`: the `iceberg` catalog, read only;
 * - anyone else who logs in: the `system` catalog only (read only).
 */
export const TRINO_GROUP_ACCESS = {
  admins: { catalog: '.*', allow: 'all' },
  engineers: { catalog: '.*', allow: 'all' },
  analysts: { catalog: '.*', allow: 'read-only' },
  viewers: { catalog: 'iceberg', allow: 'read-only' },
} as const;

/**
 * Service users (Keycloak names a client's service account `service-account-<client id>`) and the
 * group each belongs to: batch writers are engineers.
 */
export const TRINO_SERVICE_MEMBERS: Readonly<Record<string, keyof typeof TRINO_GROUP_ACCESS>> = {
  'service-account-dbt': 'engineers',
  'service-account-airflow-tasks': 'engineers',
  // The platform's live checks create, write and drop a scratch Iceberg table.
  'service-account-trino-service': 'engineers',
};

/**
 * `groups.txt` for Trino's file group provider (`group:user1,user2`): the realm's first admin,
 * the users declared in `components.keycloak.users`, the service users and
 * `components.trino.accessControl.members`. Trino 480 removed groups from OAuth2 tokens, so the
 * realm's group membership reaches Trino through this file: a user added later in the Keycloak
 * console gets catalog access once listed here (config, then `datalyptica deploy`).
 * @see https://trino.io/docs/current/security/group-file.html
 */
export function groupFile(ctx: BuildContext): string {
  const members = groupMembers(ctx);
  return `${[...members.keys()]
    .sort()
    .map((group) => `${group}:${[...members.get(group)!].sort().join(',')}`)
    .join('\n')}\n`;
}

/** Each group's members, as {@link groupFile} lists them. */
export function groupMembers(ctx: BuildContext): Map<string, Set<string>> {
  const members = new Map<string, Set<string>>();
  const add = (group: string, user: string) => {
    const set = members.get(group) ?? new Set<string>();
    set.add(user);
    members.set(group, set);
  };
  add('admins', 'admin');
  if (ctx.isEnabled('keycloak')) {
    for (const user of ctx.optionsOf('keycloak', keycloakOptions).users) for (const group of user.groups) add(group, user.username);
  }
  for (const [user, group] of Object.entries(TRINO_SERVICE_MEMBERS)) add(group, user);
  for (const [group, users] of Object.entries(ctx.optionsOf('trino', trinoOptions).accessControl.members)) for (const user of users) add(group, user);
  return members;
}

/** A Java regular expression matching exactly these user names (each escaped). */
function exactly(users: readonly string[]): string {
  return users.map((user) => user.replace(/[.*+?^${}()|[\]\\\-/]/g, '\\$&')).join('|');
}

/**
 * File-based system access control on the coordinator: catalog access by group
 * (`TRINO_GROUP_ACCESS`), admins see and kill every query and may change system information,
 * everyone else runs and sees their own queries and reads system information. Catalog rules are first-match, so the most
 * privileged groups come first. System information rules match only `user` and `role` (Trino's
 * `SystemInformationRule` has no `group` and refuses to start on one), so the admins' write rule
 * names the members of `admins` from the group file.
 * @see https://trino.io/docs/current/security/file-system-access-control.html
 * @see https://github.com/trinodb/trino/blob/master/lib/trino-plugin-toolkit/src/main/java/io/trino/plugin/base/security/SystemInformationRule.java
 */
export function accessRules(admins: readonly string[]): string {
  const groups = Object.entries(TRINO_GROUP_ACCESS);
  const rules = {
    catalogs: [
      ...groups.map(([group, access]) => ({ group, catalog: access.catalog, allow: access.allow })),
      { catalog: 'system', allow: 'read-only' },
    ],
    queries: [{ group: 'admins', allow: ['execute', 'kill', 'view'] }, { allow: ['execute'] }],
    // Everyone reads (the web UI's cluster overview); only admins write (e.g. drain a worker).
    system_information: [...(admins.length > 0 ? [{ user: exactly(admins), allow: ['read', 'write'] }] : []), { allow: ['read'] }],
  };
  return `${JSON.stringify(rules, null, 2)}\n`;
}

/**
 * The coordinator's access-control and group-provider files, when the realm authenticates callers
 * (a user name is only trustworthy then) and `components.trino.accessControl.enabled` is not off.
 */
export function coordinatorAccessControl(ctx: BuildContext, realmLogin: boolean): Record<string, string> {
  if (!realmLogin || !ctx.optionsOf('trino', trinoOptions).accessControl.enabled) return {};
  return {
    'access-control.properties': properties({ 'access-control.name': 'file', 'security.config-file': ACCESS_RULES_PATH, 'security.refresh-period': '60s' }),
    'rules.json': accessRules([...(groupMembers(ctx).get('admins') ?? [])].sort()),
    'group-provider.properties': properties({ 'group-provider.name': 'file', 'file.group-file': GROUP_FILE_PATH, 'file.refresh-period': '60s' }),
    'groups.txt': groupFile(ctx),
  };
}
