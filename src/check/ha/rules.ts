import { catalogue } from '../policy/rule.ts';

const PDB_DOC = 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/';

/** High-availability rules (`DL-HA-*`): disruption budgets, spreading, quorum, node loss. */
export const HA = catalogue({
  pdbMissing: {
    id: 'DL-HA-001',
    name: 'pdb-present',
    severity: 'error',
    title: 'A replicated workload has a PodDisruptionBudget',
    rationale: 'Without one a node drain may evict every replica at once; operator-managed workloads get theirs from the operator.',
    remediation: 'Declare the workload in the component\'s disruption list (derive/pdbs.ts renders the PDB).',
    helpUri: PDB_DOC,
  },
  pdbBlocksDrain: {
    id: 'DL-HA-002',
    name: 'pdb-allows-eviction',
    severity: 'error',
    title: 'A PodDisruptionBudget leaves at least one pod evictable',
    rationale: 'minAvailable ≥ replicas or maxUnavailable 0 blocks every voluntary eviction: node drains and cluster upgrades hang.',
    remediation: 'Use maxUnavailable: 1 (or minAvailable below the replica count); render no PDB for a single replica.',
    helpUri: PDB_DOC,
  },
  pdbOverlap: {
    id: 'DL-HA-003',
    name: 'pdb-no-overlap',
    severity: 'error',
    title: 'No pod is selected by two PodDisruptionBudgets',
    rationale: 'Audit A-06: the eviction API refuses pods with more than one PDB ("This pod has more than one PodDisruptionBudget"), so they can never be drained. Strimzi, CloudNativePG and the ClickHouse operator create their own.',
    remediation: 'Keep one PDB per pod set; mark operator-managed workloads operatorManaged so no second PDB is rendered, and tune the operator\'s through its CR.',
    helpUri: PDB_DOC,
  },
  antiAffinity: {
    id: 'DL-HA-004',
    name: 'replica-anti-affinity',
    severity: 'error',
    title: 'Replicas are spread over nodes with a selector that matches them',
    rationale: 'Replicas on one node die together; an anti-affinity term whose labelSelector does not match the pods (audit A-29) spreads nothing.',
    remediation: 'Give the pods a podAntiAffinity term on kubernetes.io/hostname whose labelSelector matches their own labels (in Datalyptica: podPolicy() in src/platform/pod-policy.ts), or a hostname topologySpreadConstraint.',
    helpUri: 'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity',
  },
  quorum: {
    id: 'DL-HA-005',
    name: 'odd-quorum',
    severity: 'error',
    title: 'Raft/ZooKeeper-style quorums have an odd member count (3 or more outside dev)',
    rationale: 'A quorum of 2n members tolerates as many failures as 2n-1 but needs one more vote; 1 member tolerates none.',
    remediation: 'Run 3 or 5 KRaft controllers, ClickHouse Keeper replicas, ZooKeeper nodes or Sentinels.',
    helpUri: 'https://kafka.apache.org/documentation/#kraft_voter',
  },
  nodeLoss: {
    id: 'DL-HA-006',
    name: 'survives-node-loss',
    severity: 'error',
    title: 'Losing any one node leaves every component at its minimum available replicas',
    rationale: 'The platform promises HA (R-HA-3): after a node failure each component keeps the replicas it needs (quorum) before anything is rescheduled.',
    remediation: 'Spread replicas with required anti-affinity (footprint spreadRequired), add replicas, or add nodes to the inventory.',
    helpUri: 'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/',
  },
  spreadImpossible: {
    id: 'DL-HA-007',
    name: 'spread-satisfiable',
    severity: 'error',
    title: 'Required anti-affinity can be satisfied by the node inventory',
    rationale: 'With required anti-affinity, replicas beyond the node count stay Pending forever.',
    remediation: 'Lower the replica count, relax to preferred anti-affinity, or add nodes (config.nodes).',
    helpUri: 'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity',
  },
});

export const HA_RULES = Object.values(HA);
