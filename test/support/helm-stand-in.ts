import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A `helm` executable for the real-API-server tests (there is no helm binary or chart repository here). It does what
 * helm 3 leaves in a cluster, through the real `kubectl` with the `--kubeconfig`/`--kube-context` flags deploy passes
 * (so a deploy that forgot them reaches no cluster): `upgrade --install` server-side applies the release's
 * namespace and one controller Deployment annotated as helm annotates release objects, and stores the release the
 * way helm 3 does (a Secret `sh.helm.release.v1.<name>.v<revision>`, labels owner=helm,name,status,version, data
 * base64(gzip(JSON)) holding the chart version and the values); `uninstall` deletes the release Secrets and the
 * Deployment; `rollback` marks revisions. Each call is appended to `$HELM_STAND_IN_LOG` (JSON lines) when set.
 * @see https://helm.sh/docs/topics/advanced/#storage-backends
 */
const PROGRAM = String.raw`
const { spawnSync } = require('node:child_process');
const { appendFileSync, readFileSync } = require('node:fs');
const { gzipSync } = require('node:zlib');
const args = process.argv.slice(2);
if (process.env.HELM_STAND_IN_LOG) appendFileSync(process.env.HELM_STAND_IN_LOG, JSON.stringify({ args, kubeconfig: process.env.KUBECONFIG }) + '\n');
const flag = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const access = [];
if (flag('--kubeconfig')) access.push('--kubeconfig', flag('--kubeconfig'));
if (flag('--kube-context')) access.push('--context', flag('--kube-context'));
const kubectl = (more, input) => {
  const r = spawnSync('kubectl', [...access, ...more], { input, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write('Error: Kubernetes cluster unreachable: ' + (r.stderr || '').trim() + '\n');
    process.exit(1);
  }
  return r.stdout;
};
const namespace = flag('--namespace', 'default');
const records = (name) => JSON.parse(kubectl(['get', 'secrets', '-n', namespace, '-l', 'owner=helm,name=' + name, '-o', 'json'])).items;
const relabel = (secret, status) => kubectl(['label', 'secret', '-n', namespace, secret.metadata.name, 'status=' + status, '--overwrite']);
if (args[0] === 'uninstall') {
  const name = args[1];
  for (const r of records(name)) kubectl(['delete', 'secret', '-n', namespace, r.metadata.name, '--wait=false']);
  kubectl(['delete', 'deployment', '-n', namespace, name + '-controller', '--ignore-not-found', '--wait=false']);
  console.log('release "' + name + '" uninstalled');
} else if (args[0] === 'rollback') {
  for (const r of records(args[1])) {
    const version = r.metadata.labels.version;
    relabel(r, version === args[2] ? 'deployed' : r.metadata.labels.status.startsWith('pending') ? 'failed' : 'superseded');
  }
  console.log('Rollback was a success! Happy Helming!');
} else if (args[0] === 'upgrade' && args[1] === '--install') {
  const release = args[2];
  const existing = records(release);
  if (existing.some((r) => (r.metadata.labels.status || '').startsWith('pending'))) {
    process.stderr.write('Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress\n');
    process.exit(1);
  }
  const values = flag('--values') ? JSON.parse(readFileSync(flag('--values'), 'utf8')) : {};
  const labels = { 'app.kubernetes.io/name': release, 'app.kubernetes.io/managed-by': 'Helm' };
  const annotations = { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': namespace };
  const objects = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: release + '-controller', namespace, labels, annotations },
      spec: { replicas: 1, selector: { matchLabels: { 'app.kubernetes.io/name': release } }, template: { metadata: { labels }, spec: {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'controller', image: 'registry.invalid/' + release + ':' + flag('--version', '0'), securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }] } } },
    },
  ];
  kubectl(['apply', '--server-side', '--field-manager=helm', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  for (const r of existing.filter((x) => x.metadata.labels.status === 'deployed')) relabel(r, 'superseded');
  const revision = existing.reduce((n, r) => Math.max(n, Number(r.metadata.labels.version || 0)), 0) + 1;
  const payload = gzipSync(JSON.stringify({ name: release, namespace, version: revision, chart: { metadata: { name: args[3], version: flag('--version') } }, config: values, info: { status: 'deployed' } }));
  const record = { apiVersion: 'v1', kind: 'Secret', type: 'helm.sh/release.v1', metadata: { name: 'sh.helm.release.v1.' + release + '.v' + revision, namespace, labels: { owner: 'helm', name: release, status: 'deployed', version: String(revision) } }, data: { release: Buffer.from(payload.toString('base64')).toString('base64') } };
  kubectl(['create', '-f', '-'], JSON.stringify(record));
  console.log('Release "' + release + '" has been upgraded. Happy Helming!');
} else {
  process.stderr.write('helm stand-in: unsupported command: ' + args.join(' ') + '\n');
  process.exit(1);
}
`;

/** Writes the helm stand-in into `dir` as an executable named `helm`; returns its path (for `deploy --helm`). */
export function writeHelmStandIn(dir: string): string {
  const file = join(dir, 'helm');
  writeFileSync(file, `#!${process.execPath}\n${PROGRAM}`, { mode: 0o755 });
  return file;
}
