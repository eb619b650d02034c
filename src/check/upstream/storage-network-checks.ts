import { groupOf, refOf, type KubeObject } from '../../model/kube.ts';
import type { Finding } from '../finding.ts';
import { findingOf } from '../policy/rule.ts';
import { is, list, obj } from './json.ts';
import { UPS } from './rules.ts';

/** The Mountpoint for Amazon S3 CSI driver: static provisioning only. */
const MOUNTPOINT_S3_DRIVER = 's3.csi.aws.com';

/** pgBackRest S3 repositories of a Crunchy PostgresCluster with no Secret in `configuration` to carry the keys. */
function checkPgBackRest(object: KubeObject): Finding[] {
  if (!is(object, 'postgres-operator.crunchydata.com', 'PostgresCluster')) return [];
  const pgbackrest = obj(obj(obj(object['spec'])?.['backups'])?.['pgbackrest']) ?? {};
  const secrets = list(pgbackrest['configuration']).filter((c) => obj(c)?.['secret'] !== undefined);
  if (secrets.length > 0) return [];
  return list(pgbackrest['repos']).flatMap((repo, i) => {
    const s3 = obj(obj(repo)?.['s3']);
    if (s3 === undefined) return [];
    return [
      findingOf(UPS.pgbackrestS3Credentials, {
        object: refOf(object),
        path: `/spec/backups/pgbackrest/repos/${i}/s3`,
        message: `repo ${String(obj(repo)?.['name'] ?? i)} writes to s3://${String(s3['bucket'] ?? '?')} but no Secret in spec.backups.pgbackrest.configuration gives pgBackRest its S3 keys: every backup fails`,
      }),
    ];
  });
}

function checkS3CsiClass(object: KubeObject): Finding[] {
  if (object.kind !== 'StorageClass' || groupOf(object.apiVersion) !== 'storage.k8s.io' || object['provisioner'] !== MOUNTPOINT_S3_DRIVER) return [];
  const mounter = obj(object['parameters'])?.['mounter'];
  return [
    findingOf(UPS.s3CsiStorageClass, {
      object: refOf(object),
      path: '/provisioner',
      message: `${MOUNTPOINT_S3_DRIVER} provisions no volumes (static PersistentVolumes only): claims of this class stay Pending${mounter === undefined ? '' : `; mounter: ${String(mounter)} is a parameter of another driver (ru.yandex.s3.csi)`}`,
    }),
  ];
}

/** Every namespaceSelector of a NetworkPolicy with where it is. */
function namespaceSelectors(policy: KubeObject): { path: string; labels: Record<string, unknown> }[] {
  const spec = obj(policy['spec']) ?? {};
  const out: { path: string; labels: Record<string, unknown> }[] = [];
  for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    list(spec[direction]).forEach((rule, r) => {
      list(obj(rule)?.[peers]).forEach((peer, p) => {
        const selector = obj(obj(peer)?.['namespaceSelector']);
        if (selector !== undefined) out.push({ path: `/spec/${direction}/${r}/${peers}/${p}/namespaceSelector/matchLabels`, labels: obj(selector['matchLabels']) ?? {} });
      });
    });
  }
  return out;
}

/** A namespaceSelector on a `name` label that no Namespace in the input carries (the API server sets kubernetes.io/metadata.name only). */
function checkNamespaceNameLabel(object: KubeObject, objects: readonly KubeObject[]): Finding[] {
  if (object.kind !== 'NetworkPolicy' || groupOf(object.apiVersion) !== 'networking.k8s.io') return [];
  const labelled = new Set(objects.filter((o) => o.kind === 'Namespace' && o.metadata.labels?.['name'] !== undefined).map((o) => o.metadata.labels?.['name']));
  return namespaceSelectors(object)
    .filter((s) => s.labels['name'] !== undefined && !labelled.has(String(s.labels['name'])))
    .map((s) =>
      findingOf(UPS.namespaceNameLabel, {
        object: refOf(object),
        path: s.path,
        message: `selects namespaces by name=${String(s.labels['name'])}, a label namespaces do not carry: it matches nothing (use kubernetes.io/metadata.name: ${String(s.labels['name'])})`,
      }),
    );
}

/** The DL-UPS rules about storage (pgBackRest, S3 CSI) and NetworkPolicy namespace selectors. Pure. */
export function checkStorageAndNetwork(object: KubeObject, objects: readonly KubeObject[]): Finding[] {
  return [...checkPgBackRest(object), ...checkS3CsiClass(object), ...checkNamespaceNameLabel(object, objects)];
}
