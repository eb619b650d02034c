import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from '../../src/config/load.ts';
import { refOf, describeRef, type KubeObject } from '../../src/model/kube.ts';
import { assemblePlatform } from '../../src/platform/assemble.ts';
import { realApiServer } from '../support/real-api-server.ts';
import { RENDER_MATRIX } from '../support/render-matrix.ts';

/** Namespaces every OpenShift cluster has (the global OperatorGroup lives in openshift-operators); never rendered. */
const OPENSHIFT_NAMESPACES = ['openshift-operators', 'openshift-marketplace'];

/** Requests in flight at once: enough to keep the server busy, few enough for 2 shared cores. */
const CONCURRENCY = 6;

async function inParallel<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

describe('the rendered platform on a real kube-apiserver', () => {
  it('accepts a server-side dry-run apply of every object of every profile × target × layout and variant, without warnings', async (t) => {
    const server = await realApiServer();
    if ('skip' in server) {
      t.skip(server.skip);
      return;
    }
    const { client, transport } = server;
    const started = Date.now();
    for (const name of OPENSHIFT_NAMESPACES) await client.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { force: true });
    // The same object rendered by several configs is judged once: the answer depends only on the object.
    const judged = new Map<string, string[]>();
    const rejections: string[] = [];
    const namespaces = new Set<string>();
    for (const { label, config } of RENDER_MATRIX) {
      const objects = assemblePlatform(resolveConfig(config)).objects.map((p) => p.object);
      // Namespaced objects are admitted only into existing namespaces (NamespaceLifecycle), so these are created for real.
      for (const ns of objects.filter((o) => o.apiVersion === 'v1' && o.kind === 'Namespace')) {
        const key = JSON.stringify(ns);
        if (namespaces.has(key)) continue;
        await client.apply(ns, { force: true });
        namespaces.add(key);
      }
      const todo: KubeObject[] = [];
      for (const object of objects) {
        if (object.kind === 'Namespace') continue;
        const key = JSON.stringify(object);
        const seenBy = judged.get(key);
        if (seenBy) seenBy.push(label);
        else {
          judged.set(key, [label]);
          todo.push(object);
        }
      }
      await inParallel(todo, async (object) => {
        try {
          await client.apply(object, { dryRun: true });
        } catch (error) {
          rejections.push(`${label}: ${describeRef(refOf(object))}: ${(error as Error).message}`);
        }
      });
    }
    const warnings = [...new Set(transport.warnings.map((w) => `${w.request}: ${w.warning}`))];
    t.diagnostic(`${judged.size} distinct objects from ${RENDER_MATRIX.length} configs judged, ${namespaces.size} distinct namespaces applied, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.ok(judged.size > 500, `only ${judged.size} distinct objects: the matrix rendered less than expected`);
    assert.deepEqual(rejections, []);
    assert.deepEqual(warnings, []);
  });

  // --allow-privileged=false already rejects privileged containers; a template without a securityContext draws warnings.
  it('hears Pod Security warnings, so an empty warning list means the workloads meet "restricted"', async (t) => {
    const server = await realApiServer();
    if ('skip' in server) {
      t.skip(server.skip);
      return;
    }
    const { client, transport } = server;
    const before = transport.warnings.length;
    const labels = { app: 'privileged-probe' };
    await client.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'privileged-probe', namespace: 'default' },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'registry.example/c:1' }] } } },
    }, { dryRun: true });
    assert.match(transport.warnings.slice(before).map((w) => w.warning).join('\n'), /would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
  });
});
