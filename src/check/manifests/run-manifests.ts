import { groupOf, refKey, refOf, type KubeObject } from '../../model/kube.ts';
import { checkAntiAffinity, checkPdbs, checkQuorums, podSets } from '../ha/ha-checker.ts';
import type { Finding } from '../finding.ts';
import { checkObjectContent } from '../policy/content-rules.ts';
import { boundServiceAccounts, checkEachObject, isDefaultDeny, sccGrants } from '../policy/object-rules.ts';
import { checkPodTemplate } from '../policy/pod-rules.ts';
import { podTemplatesOf } from '../policy/pod-templates.ts';
import type { CheckReport } from '../run.ts';
import { SCHEMA_RULES } from '../schema/schema-checker.ts';
import { SchemaValidator } from '../schema/validator.ts';
import { checkUpstream } from '../upstream/upstream-checker.ts';

/** What a manifests-mode checker gets: the objects, the target they are meant for, the schemas when given. */
export interface ManifestInput {
  readonly objects: readonly KubeObject[];
  readonly target: 'kubernetes' | 'openshift';
  readonly schemas?: SchemaValidator;
}

/** A checker family as it runs on manifests without a platform. */
export interface ManifestChecker {
  readonly id: string;
  readonly title: string;
  run(input: ManifestInput): readonly Finding[];
}

/** Whether a checker family ran, and why not (or what part of it), as the report says. */
export interface CheckerStatus {
  readonly id: string;
  readonly title: string;
  readonly ran: boolean;
  readonly note?: string;
}

export interface ManifestReport extends CheckReport {
  readonly mode: 'manifests';
  readonly target: 'kubernetes' | 'openshift';
  readonly checkers: readonly CheckerStatus[];
}

const schema: ManifestChecker = {
  id: 'schema',
  title: 'JSON Schema',
  run({ objects, schemas }) {
    if (!schemas) return [];
    return objects.flatMap((object): Finding[] => {
      const result = schemas.validate(object);
      const missing: Finding[] = result.status === 'noschema' ? [{ rule: SCHEMA_RULES.noSchema, severity: 'warning', object: refOf(object), message: `no schema for ${object.apiVersion} ${object.kind}` }] : [];
      return [...missing, ...result.errors.map((e) => ({ rule: SCHEMA_RULES.invalid, severity: 'error' as const, object: refOf(object), path: e.path, message: e.message }))];
    });
  },
};

/** Rules the network family reports in this mode; the policy family's twins are left out so nothing prints twice. */
const REPORTED_BY_NETWORK = new Set(['DL-SEC-017']);

const policy: ManifestChecker = {
  id: 'policy',
  title: 'Security policy',
  run({ objects, target }) {
    const context = { openshift: target === 'openshift', boundServiceAccounts: boundServiceAccounts(objects), sccGrants: sccGrants(objects) };
    const findings: Finding[] = [];
    for (const object of objects) {
      for (const view of podTemplatesOf(object)) findings.push(...checkPodTemplate(view, context));
      findings.push(...checkObjectContent(object));
    }
    findings.push(...checkEachObject(objects, target));
    return findings.filter((f) => !REPORTED_BY_NETWORK.has(f.rule));
  },
};

const ha: ManifestChecker = {
  id: 'ha',
  title: 'High availability',
  run({ objects }) {
    const sets = podSets(objects);
    // Manifests have no profile: quorums are judged as production ones.
    return [...checkPdbs(objects, sets), ...checkAntiAffinity(sets), ...checkQuorums('production', objects)];
  },
};

const network: ManifestChecker = {
  id: 'network',
  title: 'Network policies and exposure',
  run({ objects }) {
    const findings: Finding[] = [];
    const denied = new Set(objects.filter(isDefaultDeny).map((o) => o.metadata.namespace));
    for (const ns of objects.filter((o) => o.kind === 'Namespace' && o.apiVersion === 'v1')) {
      if (!denied.has(ns.metadata.name)) findings.push({ rule: 'DL-NET-005', severity: 'error', object: refOf(ns), message: `namespace ${ns.metadata.name} has no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)` });
    }
    for (const object of objects) {
      const type = (object['spec'] as { type?: string } | undefined)?.type ?? 'ClusterIP';
      if (object.kind === 'Service' && (type === 'NodePort' || type === 'LoadBalancer')) {
        findings.push({ rule: 'DL-NET-003', severity: 'error', object: refOf(object), path: '/spec/type', message: `Service type ${type} opens node ports; expose through a Route or Ingress and keep Services ClusterIP` });
      }
    }
    return findings;
  },
};

const upstream: ManifestChecker = { id: 'upstream', title: 'Upstream knowledge (DL-UPS)', run: ({ objects, target }) => checkUpstream(objects, target) };

/** The families that run on manifests, in output order. */
export const MANIFEST_CHECKERS: readonly ManifestChecker[] = [schema, policy, ha, network, upstream];

/** What does not run without a platform, and why: these need the components' declarations. */
const SKIPPED: readonly CheckerStatus[] = [
  { id: 'components', title: 'Component warnings', ran: false, note: 'needs the platform\'s components' },
  { id: 'capacity', title: 'Capacity', ran: false, note: 'needs the node inventory and component footprints' },
  { id: 'promql', title: 'PromQL', ran: false, note: 'needs the components\' metrics declarations' },
  { id: 'mirror', title: 'Image mirror', ran: false, note: 'needs images.registry from a config' },
];

const NOTES: Readonly<Record<string, string>> = {
  schema: 'no --schemas given',
  policy: 'without Secret-read scope (DL-SEC-030), quota and exposure-authentication coverage: those need component declarations',
  ha: 'without node-loss simulation (DL-HA-006): needs a node inventory',
  network: 'without reachability against declared flows (DL-NET-001/002)',
};

/** Annotation prefix that silences one rule on one object: `ignore-check.datalyptica.io/DL-UPS-009: "dev cluster"`. */
export const IGNORE_ANNOTATION_PREFIX = 'ignore-check.datalyptica.io/';

/**
 * Manifests have no config, so suppressions travel on the object itself, as kube-linter's
 * `ignore-check.kube-linter.io/<check>` annotations do; the annotation's value is the reason and
 * must not be empty. Pure.
 */
export function applyIgnoreAnnotations(findings: readonly Finding[], objects: readonly KubeObject[]): Finding[] {
  const reasons = new Map<string, string>();
  for (const o of objects) {
    for (const [key, value] of Object.entries(o.metadata.annotations ?? {})) {
      if (key.startsWith(IGNORE_ANNOTATION_PREFIX) && String(value).trim() !== '') reasons.set(`${refKey(refOf(o))}|${key.slice(IGNORE_ANNOTATION_PREFIX.length)}`, String(value));
    }
  }
  return findings.map((f) => {
    const reason = f.object ? reasons.get(`${refKey(f.object)}|${f.rule}`) : undefined;
    return reason === undefined ? f : { ...f, suppressed: { reason } };
  });
}

/** OpenShift when any object belongs to an *.openshift.io API group (Route, SCC, BuildConfig...). */
export function detectTarget(objects: readonly KubeObject[]): 'kubernetes' | 'openshift' {
  return objects.some((o) => groupOf(o.apiVersion).endsWith('openshift.io')) ? 'openshift' : 'kubernetes';
}

export interface RunManifestChecksOptions {
  readonly schemaDirs?: readonly string[];
  readonly validator?: SchemaValidator;
  readonly target?: 'kubernetes' | 'openshift';
}

/**
 * Runs the checker families that work without a platform (schema, policy, HA, network, upstream
 * rules) over objects read from a user's manifests. The report lists which families ran, which ran
 * in part and which were skipped, so a clean result is not mistaken for a full check.
 */
export function runManifestChecks(objects: readonly KubeObject[], options: RunManifestChecksOptions = {}): ManifestReport {
  const dirs = options.schemaDirs ?? [];
  const schemas = options.validator ?? (dirs.length > 0 ? new SchemaValidator({ dirs }) : undefined);
  const target = options.target ?? detectTarget(objects);
  const findings: Finding[] = [];
  const checkers: CheckerStatus[] = [];
  for (const checker of MANIFEST_CHECKERS) {
    const ran = checker.id !== 'schema' || schemas !== undefined;
    if (ran) findings.push(...checker.run(schemas ? { objects, target, schemas } : { objects, target }));
    const note = checker.id === 'schema' && ran ? undefined : NOTES[checker.id];
    checkers.push({ id: checker.id, title: checker.title, ran, ...(note ? { note } : {}) });
  }
  checkers.push(...SKIPPED);
  const suppressed = applyIgnoreAnnotations(findings, objects);
  const counts = { error: 0, warning: 0, info: 0, suppressed: 0 };
  for (const f of suppressed) {
    if (f.suppressed) counts.suppressed++;
    else counts[f.severity]++;
  }
  return { mode: 'manifests', target, checkers, findings: suppressed, objects: objects.length, counts, ok: counts.error === 0 };
}
