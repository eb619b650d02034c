import { catalogue } from '../policy/rule.ts';

const DOCS = 'https://github.com/datalyptica/datalyptica/blob/main/docs/check/upstream-rules.md';

/**
 * Upstream-knowledge rules (`DL-UPS-*`): mistakes users of the Strimzi, CloudNativePG, Trino,
 * Spark operator, Altinity ClickHouse and MinIO projects make, learned from upstream docs and
 * issues. Ids are stable: never renumber, retire an id instead. Documented in
 * docs/check/upstream-rules.md.
 */
export const UPS = catalogue({
  kraftSettingsInConfig: {
    id: 'DL-UPS-001',
    name: 'strimzi-kraft-settings-managed',
    severity: 'error',
    title: 'KRaft settings are not set in spec.kafka.config of a Strimzi Kafka',
    rationale: 'Strimzi owns process.roles, node.id and controller.quorum.voters (they come from the KafkaNodePools); it ignores or rejects them in spec.kafka.config, so the value the user wrote never applies.',
    remediation: 'Remove the key; set roles and replicas on the KafkaNodePool resources instead.',
    helpUri: 'https://strimzi.io/docs/operators/latest/configuring.html#type-KafkaClusterSpec-reference',
  },
  zookeeperRemoved: {
    id: 'DL-UPS-002',
    name: 'strimzi-no-zookeeper',
    severity: 'error',
    title: 'A Strimzi Kafka declares no ZooKeeper',
    rationale: 'Strimzi 0.46 removed ZooKeeper support (KRaft only) and the kafka.strimzi.io/v1 API has no spec.zookeeper; such a cluster is not reconciled after the operator upgrade.',
    remediation: 'Migrate to KRaft with KafkaNodePools (controller and broker roles) on Strimzi 0.45, then remove spec.zookeeper before upgrading.',
    helpUri: 'https://strimzi.io/blog/2025/05/05/strimzi-0.46.0-released/',
  },
  trinoCoordinators: {
    id: 'DL-UPS-003',
    name: 'trino-single-coordinator',
    severity: 'error',
    title: 'A Trino cluster runs exactly one coordinator',
    rationale: 'Trino has no coordinator HA: each coordinator schedules its own queries and sees its own workers, so behind one Service clients land on different coordinators at random and queries fail or hang.',
    remediation: 'Run one coordinator replica (add workers for capacity); for availability, run a second cluster behind Trino Gateway.',
    helpUri: 'https://trino.io/docs/current/overview/concepts.html#coordinator',
  },
  pdbOverOperatorPods: {
    id: 'DL-UPS-004',
    name: 'pdb-not-over-operator-pods',
    severity: 'error',
    title: 'No hand-written PodDisruptionBudget selects Strimzi or CloudNativePG pods',
    rationale: 'Strimzi and CloudNativePG create a PDB for the pods they manage; a second one makes the eviction API refuse those pods ("more than one PodDisruptionBudget"), so node drains hang.',
    remediation: 'Delete the PDB; tune the operator\'s own (Strimzi template.podDisruptionBudget, CNPG spec.enablePDB).',
    helpUri: 'https://kubernetes.io/docs/concepts/workloads/pods/disruptions/#pod-disruption-budgets',
  },
  pdbSameSelector: {
    id: 'DL-UPS-005',
    name: 'pdb-distinct-selectors',
    severity: 'error',
    title: 'Two PodDisruptionBudgets do not select the same pods',
    rationale: 'When one PDB\'s selector is contained in another\'s, every pod the narrower one selects is selected by both, and the eviction API refuses pods with more than one PDB.',
    remediation: 'Keep one PDB per pod set.',
    helpUri: 'https://kubernetes.io/docs/tasks/run-application/configure-pdb/#arbitrary-controllers-and-selectors',
  },
  sparkConfStrings: {
    id: 'DL-UPS-006',
    name: 'spark-conf-strings',
    severity: 'error',
    title: 'SparkApplication sparkConf and hadoopConf values are strings',
    rationale: 'The Spark operator\'s CRD types both as map[string]string: YAML numbers and booleans are rejected by the API server (or dropped by older CRDs without a schema).',
    remediation: 'Quote the value ("4", "true").',
    helpUri: 'https://www.kubeflow.org/docs/components/spark-operator/user-guide/api-docs/',
  },
  sparkServiceAccount: {
    id: 'DL-UPS-007',
    name: 'spark-driver-service-account',
    severity: 'error',
    title: 'A SparkApplication\'s driver names a ServiceAccount',
    rationale: 'The driver creates and deletes executor pods through the API; the namespace\'s default ServiceAccount has no such permission, so the job fails at executor allocation.',
    remediation: 'Set spec.driver.serviceAccount to a ServiceAccount bound to a Role that may manage pods, services and configmaps.',
    helpUri: 'https://www.kubeflow.org/docs/components/spark-operator/getting-started/#about-the-spark-job-namespaces',
  },
  clickhouseKeeper: {
    id: 'DL-UPS-008',
    name: 'clickhouse-replication-needs-keeper',
    severity: 'error',
    title: 'A replicated ClickHouseInstallation has ZooKeeper or ClickHouse Keeper configured',
    rationale: 'ReplicatedMergeTree coordinates replicas through (Zoo)Keeper: without spec.configuration.zookeeper the replicas never replicate and Replicated tables are read-only.',
    remediation: 'Run a ClickHouseKeeperInstallation (3 replicas) and list it under spec.configuration.zookeeper.nodes.',
    helpUri: 'https://github.com/Altinity/clickhouse-operator/blob/master/docs/replication_setup.md',
  },
  minioCommunity: {
    id: 'DL-UPS-009',
    name: 'minio-community-image',
    severity: 'warning',
    title: 'MinIO community images are not used for production',
    rationale: 'Upstream put the MinIO community edition in maintenance mode (source-only releases since 2025-10, repository unmaintained since 2026-02): a minio/minio image gets no security fixes.',
    remediation: 'Use a supported object store (MinIO AIStor, Ceph RGW/ODF) or build and patch the image yourself; suppress with the reason for dev clusters.',
    helpUri: 'https://github.com/minio/minio#readme',
  },
  openshiftDnsPort: {
    id: 'DL-UPS-010',
    name: 'openshift-dns-egress-5353',
    severity: 'error',
    title: 'On OpenShift, DNS egress allows port 5353 as well as 53',
    rationale: 'OpenShift\'s dns-default Service maps port 53 to the CoreDNS pods\' port 5353, and NetworkPolicies are enforced on the pod port after the Service translation: an egress rule for 53 only blocks every name lookup.',
    remediation: 'Allow UDP and TCP 5353 (keep 53) in the egress rule towards the openshift-dns namespace.',
    helpUri: 'https://docs.openshift.com/container-platform/latest/networking/dns-operator.html',
  },
  grafanaSecureJson: {
    id: 'DL-UPS-011',
    name: 'grafana-datasource-secret-reference',
    severity: 'error',
    title: 'GrafanaDatasource secrets come from a Secret, not the CR',
    rationale: 'secureJsonData written as a literal in a GrafanaDatasource is stored in the CR (and in git), readable by anyone who can read the object; the Grafana operator can fill it from a Secret instead.',
    remediation: 'Put the value in a Secret, list it under spec.valuesFrom (targetPath secureJsonData.<key>) and write "${VARIABLE}" in secureJsonData.',
    helpUri: 'https://grafana.github.io/grafana-operator/docs/datasources/',
  },
});

export const UPS_RULES = Object.values(UPS);

/** Where the rules are documented, for messages. */
export const UPS_DOCS = DOCS;
