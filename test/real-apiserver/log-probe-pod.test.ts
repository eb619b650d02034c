import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { LOG_PROBE_LABELS, logWriterPod } from '../../src/cluster/probes/loki.ts';
import { KubeObjectReader, KubeObjectWriter } from '../../src/cluster/probes/kube-objects.ts';
import { apiServerBinary, startApiServer, stopApiServer } from '../support/real-api-server.ts';

const NS = 'datalyptica-monitoring';

describe('the log probe\'s test pod on a real kube-apiserver', () => {
  it('is admitted by Pod Security "restricted" (enforced), listed by its labels and deleted at once', async (t) => {
    const binary = apiServerBinary();
    if ('skip' in binary) {
      t.skip(binary.skip);
      return;
    }
    const { endpoint, child } = await startApiServer(binary.path);
    try {
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromFile(endpoint.kubeconfig);
      const writer = KubeObjectWriter.create(kubeConfig);
      const reader = await KubeObjectReader.create(kubeConfig);
      await writer.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
      // kube-controller-manager makes each namespace's `default` ServiceAccount; this server runs without it.
      await writer.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: NS } });
      const pod = logWriterPod({ writer: { namespace: NS, image: 'docker.io/library/busybox:1.37.0' }, name: 'datalyptica-log-probe-0123abcd', marker: 'datalyptica-validate x', deadlineSeconds: 150 });
      await writer.create(pod);
      const listed = await reader.list({ apiVersion: 'v1', kind: 'Pod', namespace: NS, labels: { ...LOG_PROBE_LABELS } });
      assert.deepEqual(listed.map((p) => p.metadata.name), ['datalyptica-log-probe-0123abcd']);
      // A pod that breaks the policy is refused in the same namespace: the admission really runs.
      const privileged = { ...pod, metadata: { ...pod.metadata, name: 'not-restricted' }, spec: { ...(pod['spec'] as object), securityContext: {}, containers: [{ name: 'x', image: 'docker.io/library/busybox:1.37.0' }] } };
      await assert.rejects(writer.create(privileged), /forbidden|violates PodSecurity/i);
      await writer.delete({ apiVersion: 'v1', kind: 'Pod', namespace: NS, name: pod.metadata.name });
      assert.equal(await reader.get({ apiVersion: 'v1', kind: 'Pod', namespace: NS, name: pod.metadata.name }), undefined);
      // Deleting what is already gone is not an error.
      await writer.delete({ apiVersion: 'v1', kind: 'Pod', namespace: NS, name: pod.metadata.name });
    } finally {
      await stopApiServer(child);
    }
  });
});
