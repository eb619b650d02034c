import type { Checker } from '../checker.ts';
import type { Finding } from '../finding.ts';
import { refOf } from '../../model/kube.ts';
import { DEFAULT_DENY_POLICY } from '../../platform/network/intents.ts';
import { computeReachability, type ReachabilityRow } from './matrix.ts';

function describe(row: ReachabilityRow): string {
  return `${row.from} -> ${row.to} on ${row.port}/${row.protocol}`;
}

/**
 * Network checks: the reachability the rendered NetworkPolicies allow must equal the declared
 * flows (no missing, no extra connection); every platform namespace denies by default; Services
 * are ClusterIP only (exposure goes through Routes or Ingress: audit A-45).
 */
export const networkChecker: Checker = {
  id: 'network',
  title: 'Network policies, reachability and exposure',
  run({ platform }) {
    const findings: Finding[] = [];
    const reachability = computeReachability(platform);
    for (const row of reachability.missing) {
      findings.push({ rule: 'DL-NET-001', severity: 'error', message: `${describe(row)} is declared (${row.reasons.join('; ')}) but the NetworkPolicies block it` });
    }
    for (const row of reachability.extra) {
      findings.push({ rule: 'DL-NET-002', severity: 'error', message: `${describe(row)} is allowed by the NetworkPolicies but no component declares it` });
    }
    for (const note of reachability.unresolved) findings.push({ rule: 'DL-NET-004', severity: 'warning', message: note });

    const denied = new Set(
      platform.objects
        .map((p) => p.object)
        .filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name === DEFAULT_DENY_POLICY)
        .filter((o) => {
          const spec = (o['spec'] as { podSelector?: object; policyTypes?: string[]; ingress?: unknown[]; egress?: unknown[] }) ?? {};
          return Object.keys(spec.podSelector ?? {}).length === 0 && spec.policyTypes?.includes('Ingress') && spec.policyTypes.includes('Egress') && !spec.ingress?.length && !spec.egress?.length;
        })
        .map((o) => o.metadata.namespace),
    );
    for (const ns of platform.namespaces) {
      if (!denied.has(ns)) findings.push({ rule: 'DL-NET-005', severity: 'error', message: `namespace ${ns} has no default-deny NetworkPolicy (${DEFAULT_DENY_POLICY})` });
    }

    for (const { object } of platform.objects) {
      if (object.kind !== 'Service') continue;
      const type = (object['spec'] as { type?: string } | undefined)?.type ?? 'ClusterIP';
      if (type === 'NodePort' || type === 'LoadBalancer') {
        findings.push({
          rule: 'DL-NET-003',
          severity: 'error',
          object: refOf(object),
          path: '/spec/type',
          message: `Service type ${type} opens node ports; expose through a Route or Ingress and keep Services ClusterIP`,
        });
      }
    }
    return findings;
  },
};
