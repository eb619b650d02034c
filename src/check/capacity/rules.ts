import { catalogue } from '../policy/rule.ts';

const DOC = 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#how-pods-with-resource-requests-are-scheduled';

/** Capacity rules (`DL-CAP-*`) against the node inventory (`config.nodes` or the profile's reference). */
export const CAP = catalogue({
  total: {
    id: 'DL-CAP-001',
    name: 'total-requests-fit',
    severity: 'error',
    title: 'The platform\'s total CPU and memory requests fit the node inventory',
    rationale: 'Requests are reserved by the scheduler; more than the nodes\' allocatable leaves pods Pending.',
    remediation: 'Use a smaller profile, lower replicas/resources in components.<name>, or describe the real nodes in config.nodes.',
    helpUri: DOC,
  },
  podTooLarge: {
    id: 'DL-CAP-002',
    name: 'pod-fits-a-node',
    severity: 'error',
    title: 'Every pod fits on at least one node',
    rationale: 'A pod whose requests exceed every node\'s allocatable is never scheduled.',
    remediation: 'Lower the component\'s requests or add a larger node class.',
    helpUri: DOC,
  },
  unplaced: {
    id: 'DL-CAP-003',
    name: 'pods-schedulable',
    severity: 'error',
    title: 'All pods can be placed on the nodes at once',
    rationale: 'Even when totals fit, fragmentation and required anti-affinity can leave pods Pending.',
    remediation: 'Add nodes, lower requests, or relax required anti-affinity.',
    helpUri: DOC,
  },
  headroom: {
    id: 'DL-CAP-004',
    name: 'node-headroom',
    severity: 'warning',
    title: 'Nodes keep headroom for rolling updates and operator helpers',
    rationale: 'Requests above 85% of a node\'s allocatable leave no room for a surge pod, a Job or Spark/Flink scaling.',
    remediation: 'Add nodes or lower requests.',
    helpUri: DOC,
  },
  reschedule: {
    id: 'DL-CAP-005',
    name: 'node-loss-reschedulable',
    severity: 'warning',
    title: 'After losing a node its pods can be rescheduled on the others',
    rationale: 'Without spare capacity a failed node\'s pods stay Pending until it returns, and the platform runs degraded.',
    remediation: 'Keep at least one node\'s worth of spare capacity (N+1).',
    helpUri: DOC,
  },
});

export const CAP_RULES = Object.values(CAP);
