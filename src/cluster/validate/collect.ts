import { DatalypticaError, ErrorCode } from '../../errors.ts';
import { CHECK_GROUPS, type CheckGroup, type LiveCheck } from '../../model/live-check.ts';
import type { Platform } from '../../platform/platform.ts';
import { platformChecks } from './platform-checks.ts';

/** Reads `--group` values, rejecting unknown ones with the list of valid groups. */
export function parseGroups(values: readonly string[] | undefined): readonly CheckGroup[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  const names = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  const unknown = names.filter((n) => !(CHECK_GROUPS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new DatalypticaError(ErrorCode.Usage, `unknown check group${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, { hint: `use --group with any of: ${CHECK_GROUPS.join(', ')}` });
  }
  return names as CheckGroup[];
}

/**
 * Every live check for the platform: each enabled component's declared checks, then the
 * generic platform checks (a component's own check wins over a generic one with the same id),
 * filtered to `groups` and ordered by group (seed 002 order), then declaration order. Pure.
 */
export function collectChecks(platform: Platform, options: { groups?: readonly CheckGroup[] } = {}): LiveCheck[] {
  const byId = new Map<string, LiveCheck>();
  for (const built of platform.components.values()) for (const check of built.build.checks) if (!byId.has(check.id)) byId.set(check.id, check);
  for (const check of platformChecks(platform)) if (!byId.has(check.id)) byId.set(check.id, check);
  const wanted = options.groups === undefined ? undefined : new Set(options.groups);
  const rank = (group: CheckGroup) => CHECK_GROUPS.indexOf(group);
  return [...byId.values()]
    .filter((check) => wanted === undefined || wanted.has(check.group))
    .map((check, index) => ({ check, index }))
    .sort((a, b) => rank(a.check.group) - rank(b.check.group) || a.index - b.index)
    .map(({ check }) => check);
}
