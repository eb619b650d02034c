import { groupOf, refOf, type KubeObject } from '../../model/kube.ts';
import { imagesIn } from '../../platform/image-inventory.ts';
import type { Checker } from '../checker.ts';
import type { Finding } from '../finding.ts';
import { findingOf } from '../policy/rule.ts';
import { is, list, obj, type Json } from './json.ts';
import { checkMonitoring } from './monitoring-checks.ts';
import { checkSparkAndFlink } from './spark-flink-checks.ts';
import { checkStorageAndNetwork } from './storage-network-checks.ts';
import { checkWorkloads } from './workload-checks.ts';
import { UPS } from './rules.ts';

/** Keys Strimzi derives from the node pools (forbidden in spec.kafka.config in KRaft mode). */
const KRAFT_KEYS = ['process.roles', 'node.id', 'controller.quorum.voters', 'controller.quorum.bootstrap.servers'];

function usesNodePools(kafka: KubeObject, objects: readonly KubeObject[]): boolean {
  if (kafka.metadata.annotations?.['strimzi.io/node-pools'] === 'enabled' || kafka.apiVersion === 'kafka.strimzi.io/v1') return true;
  return objects.some((o) => is(o, 'kafka.strimzi.io', 'KafkaNodePool') && o.metadata.labels?.['strimzi.io/cluster'] === kafka.metadata.name && (o.metadata.namespace ?? '') === (kafka.metadata.namespace ?? ''));
}

function checkStrimzi(object: KubeObject, objects: readonly KubeObject[]): Finding[] {
  if (!is(object, 'kafka.strimzi.io', 'Kafka')) return [];
  const spec = obj(object['spec']) ?? {};
  const findings: Finding[] = [];
  const config = obj(obj(spec['kafka'])?.['config']) ?? {};
  // Strimzi forbids these keys in either mode; without node pools the CR is not even a KRaft cluster.
  const pools = usesNodePools(object, objects);
  for (const key of KRAFT_KEYS.filter((k) => k in config)) {
    const why = pools ? 'is managed by Strimzi from the KafkaNodePools' : 'is forbidden here, and without KafkaNodePools (strimzi.io/node-pools: enabled) the cluster is not KRaft at all';
    findings.push(findingOf(UPS.kraftSettingsInConfig, { object: refOf(object), path: `/spec/kafka/config/${key}`, message: `${key} ${why}; the value here never applies` }));
  }
  if (spec['zookeeper'] === undefined && object.apiVersion !== 'kafka.strimzi.io/v1') {
    // Before kafka.strimzi.io/v1 (Strimzi 0.46, KRaft only), a Kafka is KRaft only when both annotations say so.
    const annotations = object.metadata.annotations ?? {};
    const missing = ['strimzi.io/kraft', 'strimzi.io/node-pools'].filter((a) => annotations[a] !== 'enabled');
    if (missing.length > 0) {
      const pools = objects.some((o) => is(o, 'kafka.strimzi.io', 'KafkaNodePool') && o.metadata.labels?.['strimzi.io/cluster'] === object.metadata.name);
      findings.push(
        findingOf(UPS.kraftWithoutNodePools, {
          object: refOf(object),
          path: '/metadata/annotations',
          message: `no spec.zookeeper and no ${missing.map((a) => `${a}: enabled`).join(' or ')}${pools ? '' : ', and no KafkaNodePool for it in these manifests'}: Strimzi treats it as a ZooKeeper cluster without ZooKeeper, so it never becomes Ready`,
        }),
      );
    }
  }
  if (spec['zookeeper'] !== undefined) {
    const v1 = object.apiVersion === 'kafka.strimzi.io/v1';
    findings.push(
      findingOf(UPS.zookeeperRemoved, {
        object: refOf(object),
        path: '/spec/zookeeper',
        severity: v1 ? 'error' : 'warning',
        message: v1 ? 'spec.zookeeper does not exist in kafka.strimzi.io/v1 (Strimzi ≥ 0.46 runs KRaft only)' : 'ZooKeeper-based Kafka is not supported from Strimzi 0.46: migrate to KRaft before upgrading the operator',
      }),
    );
  }
  return findings;
}

/** A Deployment/StatefulSet that is a Trino coordinator, by name, component label or image with a coordinator name. */
function isTrinoCoordinator(object: KubeObject): boolean {
  if (object.kind !== 'Deployment' && object.kind !== 'StatefulSet') return false;
  const labels = { ...(object.metadata.labels ?? {}), ...(obj(obj(obj(object['spec'])?.['template'])?.['metadata'])?.['labels'] ?? {}) } as Record<string, string>;
  const coordinator = object.metadata.name.includes('coordinator') || Object.values(labels).includes('coordinator');
  const trino = object.metadata.name.includes('trino') || Object.values(labels).some((v) => String(v).includes('trino')) || imagesIn(object).some((i) => /(^|\/)trino(db)?\/trino[:@]/.test(i) || i.includes('/trino:'));
  return coordinator && trino;
}

function checkTrino(object: KubeObject): Finding[] {
  const replicas = obj(object['spec'])?.['replicas'];
  if (!isTrinoCoordinator(object) || typeof replicas !== 'number' || replicas <= 1) return [];
  return [findingOf(UPS.trinoCoordinators, { object: refOf(object), path: '/spec/replicas', message: `${replicas} coordinator replicas: Trino runs one coordinator per cluster` })];
}

/** Pod labels the operators put on the pods they manage (and guard with their own PDB). */
const OPERATOR_POD_LABELS: Readonly<Record<string, string>> = { 'strimzi.io/cluster': 'Strimzi', 'strimzi.io/name': 'Strimzi', 'strimzi.io/kind': 'Strimzi', 'cnpg.io/cluster': 'CloudNativePG' };

function isPdb(object: KubeObject): boolean {
  return object.kind === 'PodDisruptionBudget' && groupOf(object.apiVersion) === 'policy';
}

function matchLabelsOf(pdb: KubeObject): Record<string, string> | undefined {
  const selector = obj(obj(pdb['spec'])?.['selector']);
  if (!selector || list(selector['matchExpressions']).length > 0) return undefined;
  const labels = obj(selector['matchLabels']) ?? {};
  return Object.keys(labels).length > 0 ? Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v)])) : undefined;
}

function checkPdbs(objects: readonly KubeObject[]): Finding[] {
  const pdbs = objects.filter(isPdb);
  const findings: Finding[] = [];
  for (const pdb of pdbs) {
    const labels = obj(obj(obj(pdb['spec'])?.['selector'])?.['matchLabels']) ?? {};
    const hit = Object.keys(labels).find((k) => k in OPERATOR_POD_LABELS);
    if (hit) {
      findings.push(findingOf(UPS.pdbOverOperatorPods, { object: refOf(pdb), path: '/spec/selector/matchLabels', message: `selects pods by ${hit}=${String(labels[hit])}: ${OPERATOR_POD_LABELS[hit]} already guards them with its own PDB` }));
    }
  }
  // A pair (a, b) where a's matchLabels are contained in b's: every pod b selects, a selects too.
  pdbs.forEach((a, i) => {
    pdbs.slice(i + 1).forEach((b) => {
      if ((a.metadata.namespace ?? '') !== (b.metadata.namespace ?? '')) return;
      const la = matchLabelsOf(a);
      const lb = matchLabelsOf(b);
      if (!la || !lb) return;
      const within = (x: Record<string, string>, y: Record<string, string>) => Object.entries(x).every(([k, v]) => y[k] === v);
      if (within(la, lb) || within(lb, la)) {
        findings.push(findingOf(UPS.pdbSameSelector, { object: refOf(b), path: '/spec/selector', message: `selects the same pods as PodDisruptionBudget/${a.metadata.name}; the eviction API refuses pods with two PDBs` }));
      }
    });
  });
  return findings;
}

function checkSpark(object: KubeObject): Finding[] {
  if (!is(object, 'sparkoperator.k8s.io', 'SparkApplication') && !is(object, 'sparkoperator.k8s.io', 'ScheduledSparkApplication')) return [];
  const scheduled = object.kind === 'ScheduledSparkApplication';
  const spec = (scheduled ? obj(obj(object['spec'])?.['template']) : obj(object['spec'])) ?? {};
  const base = scheduled ? '/spec/template' : '/spec';
  const findings: Finding[] = [];
  for (const field of ['sparkConf', 'hadoopConf']) {
    for (const [key, value] of Object.entries(obj(spec[field]) ?? {})) {
      if (typeof value !== 'string') {
        findings.push(findingOf(UPS.sparkConfStrings, { object: refOf(object), path: `${base}/${field}/${key}`, message: `${key} is a ${value === null ? 'null' : typeof value}; ${field} values must be strings (quote it)` }));
      }
    }
  }
  const driver = obj(spec['driver']) ?? {};
  if (typeof driver['serviceAccount'] !== 'string' || driver['serviceAccount'] === '') {
    findings.push(findingOf(UPS.sparkServiceAccount, { object: refOf(object), path: `${base}/driver/serviceAccount`, message: 'the driver has no serviceAccount: it runs as "default", which may not create executor pods' }));
  }
  return findings;
}

function checkClickHouse(object: KubeObject): Finding[] {
  if (!is(object, 'clickhouse.altinity.com', 'ClickHouseInstallation')) return [];
  const configuration = obj(obj(object['spec'])?.['configuration']) ?? {};
  return [...secretShorthands(object, configuration), ...replicationWithoutKeeper(object, configuration)];
}

/** `<user>/k8s_secret_<setting>` and `<user>/k8s_secret_env_<setting>` keys under spec.configuration.users. */
function secretShorthands(object: KubeObject, configuration: Record<string, unknown>): Finding[] {
  return Object.keys(obj(configuration['users']) ?? {})
    .filter((key) => /\/k8s_secret_/.test(key))
    .map((key) =>
      findingOf(UPS.clickhouseSecretShorthand, {
        object: refOf(object),
        path: `/spec/configuration/users/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`,
        message: `users key ${key} uses the k8s_secret_ shorthand, which operator 0.27.4 and later reject (RemovedSecretRefSyntax): use valueFrom.secretKeyRef`,
      }),
    );
}

function replicationWithoutKeeper(object: KubeObject, configuration: Record<string, unknown>): Finding[] {
  const keeper = obj(configuration['zookeeper']);
  if (list(keeper?.['nodes']).length > 0) return [];
  const findings: Finding[] = [];
  list(configuration['clusters']).forEach((cluster, i) => {
    const layout = obj(obj(cluster)?.['layout']) ?? {};
    const replicas = layout['replicasCount'] ?? list(obj(list(layout['shards'])[0])?.['replicas']).length;
    if (typeof replicas === 'number' && replicas > 1) {
      findings.push(findingOf(UPS.clickhouseKeeper, { object: refOf(object), path: `/spec/configuration/clusters/${i}/layout`, message: `cluster ${String(obj(cluster)?.['name'] ?? i)} has ${replicas} replicas and no spec.configuration.zookeeper.nodes: replication cannot work` }));
    }
  });
  return findings;
}

/** `minio/minio`, `docker.io/minio/minio`, `quay.io/minio/minio` at any tag or digest. */
export function isMinioCommunityImage(image: string): boolean {
  return /^((docker\.io|quay\.io)\/)?minio\/minio([:@]|$)/.test(image);
}

function checkMinio(object: KubeObject): Finding[] {
  return imagesIn(object)
    .filter(isMinioCommunityImage)
    .map((image) => findingOf(UPS.minioCommunity, { object: refOf(object), message: `${image} is the MinIO community edition (maintenance mode, no security fixes): not for production` }));
}

function portsOf(rule: Json): { port: unknown; protocol: string }[] {
  return list(rule['ports']).map((p) => ({ port: obj(p)?.['port'], protocol: String(obj(p)?.['protocol'] ?? 'TCP') }));
}

/** An egress rule for DNS (port 53) that forgets the pod port 5353 OpenShift's DNS listens on. */
function checkOpenShiftDns(object: KubeObject, target: string): Finding[] {
  if (target !== 'openshift' || object.kind !== 'NetworkPolicy' || groupOf(object.apiVersion) !== 'networking.k8s.io') return [];
  const findings: Finding[] = [];
  list(obj(object['spec'])?.['egress']).forEach((raw, i) => {
    const ports = portsOf(obj(raw) ?? {});
    const dns = ports.some((p) => p.port === 53 || p.port === 'dns' || p.port === 'dns-tcp');
    if (dns && !ports.some((p) => p.port === 5353 || p.port === 'dns-tcp' || p.port === 'dns')) {
      findings.push(findingOf(UPS.openshiftDnsPort, { object: refOf(object), path: `/spec/egress/${i}/ports`, message: 'allows DNS on port 53 only; OpenShift\'s DNS pods listen on 5353, so lookups are blocked' }));
    }
  });
  return findings;
}

function checkGrafanaDatasource(object: KubeObject): Finding[] {
  if (!is(object, 'grafana.integreatly.org', 'GrafanaDatasource')) return [];
  const secure = obj(obj(obj(object['spec'])?.['datasource'])?.['secureJsonData']) ?? {};
  return Object.entries(secure)
    .filter(([, value]) => typeof value === 'string' && value !== '' && !value.includes('${'))
    .map(([key]) => findingOf(UPS.grafanaSecureJson, { object: refOf(object), path: `/spec/datasource/secureJsonData/${key}`, message: `${key} is a literal in the CR; fill it from a Secret with spec.valuesFrom` }));
}

/** Every `DL-UPS-*` rule over a set of objects (rendered or read from the user's manifests). Pure. */
export function checkUpstream(objects: readonly KubeObject[], target: 'kubernetes' | 'openshift' = 'kubernetes'): Finding[] {
  const findings: Finding[] = [];
  for (const object of objects) {
    findings.push(...checkStrimzi(object, objects), ...checkTrino(object), ...checkSpark(object), ...checkClickHouse(object), ...checkMinio(object));
    findings.push(...checkOpenShiftDns(object, target), ...checkGrafanaDatasource(object));
    findings.push(...checkMonitoring(object, objects, target), ...checkWorkloads(object, objects), ...checkSparkAndFlink(object), ...checkStorageAndNetwork(object, objects));
  }
  findings.push(...checkPdbs(objects));
  return findings;
}

/**
 * The upstream rules on the rendered platform too, as a guard that the render never makes the
 * mistakes the linter reports. DL-UPS-009 is left to the MinIO component's own warning
 * (DL-COMP-001), so it is not printed twice.
 */
export const upstreamChecker: Checker = {
  id: 'upstream',
  title: 'Upstream knowledge (DL-UPS)',
  run({ platform }) {
    return checkUpstream(platform.objects.map((p) => p.object), platform.config.target).filter((f) => f.rule !== UPS.minioCommunity.id);
  },
};
