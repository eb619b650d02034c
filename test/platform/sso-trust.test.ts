import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../src/model/kube.ts';
import type { ComponentName } from '../../src/model/names.ts';
import { HTTPS_BACKCHANNEL_CONSUMERS, SSO_CA_DIR, SSO_CA_SECRET } from '../../src/platform/sso-trust.ts';
import { ALL_COMBINATIONS, platformFor } from '../support/platform.ts';

const PLAIN = /http:\/\/keycloak-service\.[a-z0-9-]+\.svc:8080/;
const SECURE = /https:\/\/keycloak-service\.[a-z0-9-]+\.svc:8443/;
/**
 * Consumers whose JVM truststore does not import Keycloak's CA yet (Spark's and Flink's Iceberg
 * REST OAuth2, including users' own applications): they stay on HTTP 8080 until wired. The list
 * may only shrink.
 */
const NOT_YET_HTTPS: readonly ComponentName[] = [];

/** Every record holding `volumes` (pod specs, and SparkApplication specs whose roles hold the mounts). */
function podSpecs(object: KubeObject): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (Array.isArray(record['volumes'])) out.push(record);
    for (const child of Object.values(record)) walk(child);
  };
  walk(object);
  return out;
}

/** The spec has the CA copy as a volume and some container (or Spark role) under it mounts it at SSO_CA_DIR. */
function mountsCa(pod: Record<string, unknown>): boolean {
  const volumes = pod['volumes'] as { name: string; secret?: { secretName?: string } }[];
  const volume = volumes.find((v) => v.secret?.secretName === SSO_CA_SECRET);
  if (volume === undefined) return false;
  let mounted = false;
  const walk = (value: unknown): void => {
    if (mounted || value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (Array.isArray(record['volumeMounts']) && (record['volumeMounts'] as { name: string; mountPath: string }[]).some((m) => m.name === volume.name && m.mountPath === SSO_CA_DIR)) mounted = true;
    for (const child of Object.values(record)) walk(child);
  };
  walk(pod);
  return mounted;
}

describe('Keycloak backchannel over HTTPS', () => {
  it('leaves no http://…keycloak…:8080 URL outside the consumers still to be wired, in any profile × target × layout', () => {
    for (const combination of ALL_COMBINATIONS) {
      const platform = platformFor(combination);
      const plain = new Set(platform.objects.filter((p) => PLAIN.test(JSON.stringify(p.object))).map((p) => p.owner));
      for (const owner of plain) assert.ok(NOT_YET_HTTPS.includes(owner as ComponentName), `${owner} still calls Keycloak over HTTP in ${JSON.stringify(combination)}`);
      for (const consumer of NOT_YET_HTTPS) assert.ok(!HTTPS_BACKCHANNEL_CONSUMERS.has(consumer), consumer);
    }
  });

  it('has every consumer that calls the HTTPS backchannel mount the copy of Keycloak\'s CA, in any profile × target × layout', () => {
    for (const combination of ALL_COMBINATIONS) {
      const platform = platformFor(combination);
      const owners = new Set(platform.objects.filter((p) => SECURE.test(JSON.stringify(p.object))).map((p) => p.owner));
      assert.ok(owners.size > 0, `nothing uses the HTTPS backchannel in ${JSON.stringify(combination)}`);
      for (const owner of owners) {
        assert.ok(HTTPS_BACKCHANNEL_CONSUMERS.has(owner as ComponentName), `${owner} in ${JSON.stringify(combination)}`);
        const pods = platform.objects.filter((p) => p.owner === owner).flatMap((p) => podSpecs(p.object));
        assert.ok(pods.some(mountsCa), `${owner} mounts no copy of Keycloak's CA in ${JSON.stringify(combination)}`);
        const copies = platform.secrets.filter((s) => s.name === SSO_CA_SECRET && s.consumers.includes(owner as ComponentName));
        assert.ok(copies.length > 0, `${owner} declares no ${SSO_CA_SECRET} copy`);
        for (const copy of copies) assert.deepEqual([copy.source, copy.copyFrom?.name, copy.keys.map((k) => k.key)], ['copy', 'keycloak-tls', ['ca.crt']]);
      }
    }
  });

  it('opens Keycloak to each consumer on the port it uses: 8443 for the wired ones, 8080 for the rest', () => {
    const platform = platformFor();
    const flows = platform.components.get('keycloak')!.build.flows.filter((f) => f.from.kind === 'component' && f.from.component !== 'keycloak');
    assert.ok(flows.length > 0);
    for (const flow of flows) {
      const component = (flow.from as { component: ComponentName }).component;
      assert.deepEqual(flow.ports.map((p) => p.port), [HTTPS_BACKCHANNEL_CONSUMERS.has(component) ? 8443 : 8080], component);
    }
    const policies = platform.objects.filter((p) => p.object.kind === 'NetworkPolicy' && p.object.metadata.namespace === 'datalyptica-iam').map((p) => JSON.stringify(p.object));
    assert.ok(policies.some((p) => p.includes('"port":8443')), 'a NetworkPolicy admits 8443 into the IAM namespace');
  });

  it('stays on HTTP 8080 without cert-manager (Keycloak then serves no certificate) and mounts no CA', () => {
    const platform = platformFor({ components: { 'cert-manager': { enabled: false } } });
    assert.ok(!platform.objects.some((p) => SECURE.test(JSON.stringify(p.object))));
    assert.ok(!platform.secrets.some((s) => s.name === SSO_CA_SECRET));
  });
});
