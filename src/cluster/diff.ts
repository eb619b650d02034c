import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { isDatalypticaError } from '../errors.ts';
import { describeRef, refOf, type KubeObject } from '../model/kube.ts';
import type { Platform } from '../platform/platform.ts';
import { autoscaledTargets, guardedDrift, mergePatch } from './drift.ts';
import { ApplyConflict, KindNotServed, NamespaceMissing, type KubeClient } from './client.ts';
import { Limiter } from './limiter.ts';
import { withOwnership } from './ownership.ts';

export interface ObjectDiff {
  readonly object: string;
  readonly action: 'create' | 'update' | 'unknown';
  /** Unified-style lines (`-` live, `+` after apply); for `unknown`, why it could not be computed. */
  readonly lines: readonly string[];
}

const VOLATILE_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'];

/** The object as a user reads it: no status, no server bookkeeping. Pure. */
export function normalise(object: KubeObject): KubeObject {
  const { status: _status, ...rest } = object;
  const metadata = { ...object.metadata };
  for (const key of VOLATILE_METADATA) delete metadata[key];
  return { ...rest, metadata } as KubeObject;
}

/** A line diff (longest common subsequence) with three lines of context around each change. Pure. */
export function unifiedDiff(before: string, after: string, context = 3): string[] {
  const a = before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const b = after.replace(/\n$/, '').split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: { tag: ' ' | '-' | '+'; text: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ tag: ' ', text: a[i]! });
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) ops.push({ tag: '+', text: b[j++]! });
    else ops.push({ tag: '-', text: a[i++]! });
  }
  const keep = ops.map((op, index) => op.tag !== ' ' || ops.slice(Math.max(0, index - context), index + context + 1).some((o) => o.tag !== ' '));
  const out: string[] = [];
  let skipped = false;
  ops.forEach((op, index) => {
    if (keep[index]) {
      if (skipped) out.push('@@');
      skipped = false;
      out.push(`${op.tag} ${op.text}`);
    } else skipped = true;
  });
  return out;
}

/**
 * What `deploy` would change: a server-side dry-run apply of each object compared with the live
 * one, plus the behaviour-changing fields other managers added (securityContext, NetworkPolicy
 * rules, RBAC rules, replicas; see {@link guardedDrift}) that deploy patches back. Objects whose
 * kind the cluster does not serve yet are reported as `create`.
 */
export async function diffPlatform(options: { client: KubeClient; platform: Platform; secrets?: readonly KubeObject[]; concurrency?: number }): Promise<ObjectDiff[]> {
  const limiter = new Limiter(options.concurrency ?? 8);
  const autoscaled = autoscaledTargets(options.platform);
  const objects = [...options.platform.objects.map((p) => p.object), ...(options.secrets ?? [])];
  const results = await Promise.all(
    objects.map((object) =>
      limiter.run(async (): Promise<ObjectDiff | undefined> => {
        const name = describeRef(refOf(object));
        const live = await options.client.get(refOf(object));
        const desired = withOwnership(object, live, options.platform.config.namePrefix);
        // Fields other managers added where they change behaviour survive a server-side apply; deploy patches them away.
        const guarded = live === undefined ? undefined : guardedDrift(desired, live, { autoscaled: autoscaled.has(`${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`) });
        let after: KubeObject;
        try {
          after = await options.client.apply(desired, { dryRun: true }).catch(async (error: unknown) => {
            // `kubectl scale` or `kubectl edit` makes its manager own the field; deploy patches guarded fields back before
            // it applies, so such a conflict is no conflict for deploy: preview the apply as it will run then.
            if (error instanceof ApplyConflict && guarded !== undefined && error.conflicts.every((c) => guardedCovers(guarded.fields, c.field))) return options.client.apply(desired, { dryRun: true, force: true });
            throw error;
          });
        } catch (error) {
          if (error instanceof KindNotServed) return { object: name, action: 'create', lines: [`+ (kind not served yet: its operator installs the CRD)`] };
          if (error instanceof NamespaceMissing) return { object: name, action: 'create', lines: [`+ (namespace ${object.metadata.namespace ?? ''} does not exist yet)`] };
          // A field-manager conflict names each field and its owner in the details: show them, not just the summary.
          const details = isDatalypticaError(error) ? [...error.details, ...(error.hint ? [`hint: ${error.hint}`] : [])] : [];
          return { object: name, action: 'unknown', lines: [error instanceof Error ? error.message : String(error), ...details] };
        }
        if (guarded !== undefined) after = mergePatch(after, guarded.patch) as KubeObject;
        const before = live ? stringify(redact(normalise(live)), { lineWidth: 0 }) : '';
        const next = stringify(redact(normalise(after)), { lineWidth: 0 });
        if (before === next && guarded === undefined) return undefined;
        const note = guarded === undefined ? [] : [`# changed outside deploy, deploy sets back: ${guarded.fields.join(', ')}`];
        return { object: name, action: live ? 'update' : 'create', lines: [...note, ...unifiedDiff(before, next)] };
      }),
    ),
  );
  return results.filter((r): r is ObjectDiff => r !== undefined);
}

/**
 * Whether a conflicting field (as the API server names it, `.spec.template.spec.containers[name="web"].securityContext`)
 * is one of the guarded fields deploy patches back (`.spec.template.spec.containers[web].securityContext`) or inside one.
 */
function guardedCovers(fields: readonly string[], conflict: string): boolean {
  const path = conflict.replace(/\[name="([^"]*)"\]/g, '[$1]');
  return path !== '' && fields.some((f) => path === f || path.startsWith(`${f}.`) || path.startsWith(`${f}[`));
}

/** Secret values never reach the terminal: each becomes a short digest, so a changed value still shows as a change. */
function redact(object: KubeObject): KubeObject {
  if (object.kind !== 'Secret') return object;
  const data = (object['data'] ?? {}) as Record<string, string>;
  const hashes = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, `(redacted sha256:${createHash('sha256').update(v).digest('hex').slice(0, 12)})`]));
  return { ...object, data: hashes, ...(object['stringData'] ? { stringData: '(redacted)' } : {}) };
}
