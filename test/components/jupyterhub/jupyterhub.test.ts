import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import { SSO_CLIENT_SECRET_SPEC, ssoClientValueGroup } from '../../../src/model/sso.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';

const USERS = { 'app.kubernetes.io/name': 'jupyterhub', 'app.kubernetes.io/component': 'singleuser-server' };
const HUB = { 'app.kubernetes.io/name': 'jupyterhub', 'app.kubernetes.io/component': 'hub' };

const settingsOf = (objects: readonly KubeObject[]) =>
  JSON.parse((at(findObject(objects, 'ConfigMap', 'jupyterhub-hub-config'), 'data') as Record<string, string>)['settings.json']!) as Record<string, any>;

/** The default render logs users in through the platform realm (Keycloak is on by default). */
const buildWithSso = () => platformFor().components.get('jupyterhub')!.build;
/** Without the identity tier: JupyterHub's own shared-password login. */
const NO_SSO = { keycloak: { enabled: false } } as const;

/** NetworkPolicies of the platform whose pod selector matches these labels in this namespace. */
function policiesSelecting(config: UserConfig, namespace: string, labels: Record<string, string>): KubeObject[] {
  return platformFor(config).objects
    .map((p) => p.object)
    .filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === namespace)
    .filter((o) => {
      const match = (at(o, 'spec.podSelector.matchLabels') ?? {}) as Record<string, string>;
      const expressions = (at(o, 'spec.podSelector.matchExpressions') ?? []) as { key: string; operator: string; values?: string[] }[];
      const holds = (e: (typeof expressions)[number]) => {
        const value = labels[e.key];
        if (e.operator === 'Exists') return value !== undefined;
        if (e.operator === 'DoesNotExist') return value === undefined;
        const listed = value !== undefined && (e.values ?? []).includes(value);
        return e.operator === 'NotIn' ? !listed : listed;
      };
      return Object.entries(match).every(([k, v]) => labels[k] === v) && expressions.every(holds);
    });
}

describe('jupyterhub', () => {
  it('matches the production snapshot', () => {
    matchSnapshot('components/jupyterhub/production', platformFor({ profile: 'production' }).components.get('jupyterhub')!.build.objects);
  });

  it('is part of the default platform, in the analytics namespace', () => {
    const platform = platformFor();
    assert.equal(platform.components.get('jupyterhub')?.namespace, 'datalyptica-analytics');
  });

  it('renders every object valid against the schemas in every profile, target and layout', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const combination of ALL_COMBINATIONS) {
      for (const object of objectsOf(platformFor(combination), 'jupyterhub')) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${JSON.stringify(combination)} ${object.kind}/${object.metadata.name}: ${JSON.stringify(result.errors)}`);
      }
    }
  });

  it('runs one hub, replaced by Recreate on its SQLite volume, and one proxy, with restricted containers and /hub/health probes', () => {
    for (const combination of ALL_COMBINATIONS) {
      const objects = objectsOf(platformFor({ ...combination, components: { jupyterhub: { replicas: 3 } } }), 'jupyterhub');
      const hub = findObject(objects, 'Deployment', 'jupyterhub-hub');
      assert.equal(at(hub, 'spec.replicas'), 1);
      assert.deepEqual(at(hub, 'spec.strategy'), { type: 'Recreate' });
      assert.equal(at(hub, 'spec.template.spec.containers.0.readinessProbe.httpGet.path'), '/hub/health');
      assert.equal(at(hub, 'spec.template.spec.volumes.1.persistentVolumeClaim.claimName'), 'jupyterhub-hub-db');
      assert.equal(at(findObject(objects, 'Deployment', 'jupyterhub-proxy'), 'spec.replicas'), 1);
      for (const name of ['jupyterhub-hub', 'jupyterhub-proxy']) {
        const c = at(findObject(objects, 'Deployment', name), 'spec.template.spec.containers.0') as Record<string, any>;
        assert.equal(c['securityContext'].allowPrivilegeEscalation, false);
        assert.deepEqual(c['securityContext'].capabilities, { drop: ['ALL'] });
        assert.ok(c['resources'].limits.memory && c['resources'].requests.cpu);
      }
    }
  });

  it('takes the proxy token, cookie secret and login passwords from generated Secrets, never from a literal', () => {
    const platform = platformFor({ components: NO_SSO });
    const objects = objectsOf(platform, 'jupyterhub');
    for (const name of ['jupyterhub-hub', 'jupyterhub-proxy']) {
      const env = at(findObject(objects, 'Deployment', name), 'spec.template.spec.containers.0.env') as { name: string; value?: string; valueFrom?: unknown }[];
      for (const e of env.filter((e) => /TOKEN|SECRET|PASSWORD/.test(e.name))) assert.ok(e.valueFrom && e.value === undefined, `${name} ${e.name}`);
      assert.ok(env.some((e) => e.name === 'CONFIGPROXY_AUTH_TOKEN'));
    }
    const secrets = platform.components.get('jupyterhub')!.build.secrets;
    assert.deepEqual(secrets.filter((s) => s.source === 'generated').map((s) => s.name).sort(), ['jupyterhub-hub', 'jupyterhub-local-auth', 'jupyterhub-metrics', 'jupyterhub-proxy-token', 'jupyterhub-validate']);
    assert.equal(secrets.find((s) => s.name === 'jupyterhub-local-auth')!.keys.find((k) => k.key === 'admin-password')!.length, 40);
  });

  it('without Keycloak logs in with the shared-password authenticator limited to admin and the listed users, never open', () => {
    const platform = platformFor({ components: { ...NO_SSO, jupyterhub: { localUsers: ['alice'] } } });
    const settings = settingsOf(objectsOf(platform, 'jupyterhub'));
    assert.deepEqual(settings['auth'], { type: 'shared-password', adminUsers: ['admin'], allowedUsers: ['alice'] });
    const build = platform.components.get('jupyterhub')!.build;
    assert.equal(build.exposures[0]!.authentication, 'password');
    assert.deepEqual(build.ssoClients ?? [], []);
    assert.ok(!build.secrets.some((s) => s.name === 'jupyterhub-oidc'));
  });

  it('with Keycloak logs in through GenericOAuthenticator and declares its client with the admin group mapping', () => {
    const build = buildWithSso();
    const settings = settingsOf(build.objects);
    assert.equal(settings['auth'].type, 'oidc');
    assert.equal(settings['auth'].callbackUrl, 'https://jupyterhub.apps.datalyptica.example.com/hub/oauth_callback');
    assert.match(settings['auth'].tokenUrl, /keycloak-service\..*\/realms\/datalyptica\/protocol\/openid-connect\/token$/);
    assert.deepEqual(settings['auth'].adminGroups, ['jupyterhub-admin', 'admins']);
    assert.equal(build.exposures[0]!.authentication, 'oidc');
    const client = build.ssoClients![0]!;
    assert.equal(client.type, 'confidential');
    assert.deepEqual(client.roleMapping!['jupyterhub-admin'], ['admins']);
    assert.deepEqual(client.secret, { name: 'jupyterhub-oidc', namespace: 'datalyptica-analytics' });
    const secret = build.secrets.find((s) => s.name === 'jupyterhub-oidc')!;
    assert.deepEqual(secret.keys, [SSO_CLIENT_SECRET_SPEC]);
    assert.equal(secret.valueGroup, ssoClientValueGroup('jupyterhub'));
    assert.deepEqual(secret.consumers, ['jupyterhub']);
    // Discovery-free endpoints: the browser goes to the public issuer, the hub to the backchannel.
    assert.equal(settings['auth'].authorizeUrl, 'https://keycloak.apps.datalyptica.example.com/realms/datalyptica/protocol/openid-connect/auth');
    assert.match(settings['auth'].userdataUrl, /^https:\/\/keycloak-service\.datalyptica-[a-z]+\.svc:8443\/realms\/datalyptica\/protocol\/openid-connect\/userinfo$/);
    // The hub's OAuthenticator verifies Keycloak's certificate with the mounted CA copy (tornado `ca_certs`).
    assert.equal(settings['auth'].caCerts, '/etc/datalyptica/keycloak-ca/ca.crt');
    const hubPy = (findObject(build.objects, 'ConfigMap', 'jupyterhub-hub-config')['data'] as Record<string, string>)['jupyterhub_config.py']!;
    assert.match(hubPy, /g\.http_request_kwargs = \{"ca_certs": auth\["caCerts"\]\}/);
    const hubPod = at(findObject(build.objects, 'Deployment', 'jupyterhub-hub'), 'spec.template.spec') as { volumes: { name: string; secret?: { secretName: string } }[]; containers: { volumeMounts: { mountPath: string }[] }[] };
    assert.equal(hubPod.volumes.find((v) => v.name === 'keycloak-ca')?.secret?.secretName, 'keycloak-ca');
    assert.ok(hubPod.containers[0]!.volumeMounts.some((m) => m.mountPath === '/etc/datalyptica/keycloak-ca'));
    assert.equal(build.secrets.find((s) => s.name === 'keycloak-ca')?.copyFrom?.name, 'keycloak-tls');
    assert.ok(!build.secrets.some((s) => s.name === 'jupyterhub-local-auth'));
    const env = at(findObject(build.objects, 'Deployment', 'jupyterhub-hub'), 'spec.template.spec.containers.0.env') as { name: string }[];
    assert.ok(env.some((e) => e.name === 'OAUTH_CLIENT_SECRET'));
    // Keycloak lets the hub in on its backchannel port because JupyterHub declares a realm client.
    const keycloak = platformFor().components.get('keycloak')!.build;
    assert.ok(keycloak.flows.some((f) => f.from.kind === 'component' && f.from.component === 'jupyterhub'));
  });

  it('offers PySpark + Iceberg and Trino SQL in small and large sizes, with lakehouse settings and S3 keys from a Secret', () => {
    const settings = settingsOf(objectsOf(platformFor({ profile: 'small' }), 'jupyterhub'));
    const profiles = settings['spawner'].profiles as Record<string, any>[];
    assert.deepEqual(profiles.map((p) => p['display_name']), ['PySpark + Iceberg', 'Trino SQL']);
    for (const p of profiles) assert.deepEqual(Object.keys(p['profile_options'].size.choices), ['small', 'large']);
    const env = profiles[0]!['kubespawner_override'].environment;
    assert.equal(env.NESSIE_URI, 'http://nessie.datalyptica-catalog.svc:19120/api/v2');
    assert.equal(env.TRINO_HOST, 'trino.datalyptica-query.svc');
    assert.deepEqual(env.AWS_SECRET_ACCESS_KEY, { valueFrom: { secretKeyRef: { name: 'datalyptica-s3', key: 'AWS_SECRET_ACCESS_KEY' } } });
    const large = profiles[0]!['profile_options'].size.choices.large.kubespawner_override;
    assert.deepEqual(large, { cpu_guarantee: 2, cpu_limit: 4, mem_guarantee: 8 * 2 ** 30, mem_limit: 16 * 2 ** 30 });
  });

  it('spawns restricted user pods without an API token, with one home PVC on the shared tier when there is one', () => {
    const shared = settingsOf(objectsOf(platformFor({ storage: { classes: { shared: { name: 'cephfs' }, standard: { name: 'rbd' } } } }), 'jupyterhub'))['spawner'];
    assert.equal(shared.storageClass, 'cephfs');
    assert.deepEqual(shared.storageAccessModes, ['ReadWriteMany']);
    assert.equal(shared.storageCapacity, '20Gi');
    const standard = settingsOf(objectsOf(platformFor({ profile: 'dev', storage: { classes: { standard: { name: 'rbd' } } } }), 'jupyterhub'))['spawner'];
    assert.equal(standard.storageClass, 'rbd');
    assert.deepEqual(standard.storageAccessModes, ['ReadWriteOnce']);
    assert.equal(standard.storageCapacity, '5Gi');
    assert.equal(standard.containerSecurityContext.allowPrivilegeEscalation, false);
    assert.deepEqual(standard.commonLabels['app.kubernetes.io/name'], 'jupyterhub');
    const py = (objectsOf(platformFor(), 'jupyterhub').find((o) => o.kind === 'ConfigMap')!['data'] as Record<string, string>)['jupyterhub_config.py']!;
    assert.match(py, /automount_service_account_token = False/);
    assert.match(py, /jupyterhub_idle_culler/);
    assert.equal(settingsOf(objectsOf(platformFor({ profile: 'dev', target: 'openshift' }), 'jupyterhub'))['spawner'].uid, null);
  });

  it('limits the hub Role to pods, PVCs and events in its own namespace', () => {
    const objects = objectsOf(platformFor(), 'jupyterhub');
    assert.ok(!objects.some((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding'));
    const role = findObject(objects, 'Role', 'jupyterhub-hub');
    assert.equal(role.metadata.namespace, 'datalyptica-analytics');
    const resources = (role['rules'] as { resources: string[] }[]).flatMap((r) => r.resources).sort();
    assert.deepEqual(resources, ['events', 'persistentvolumeclaims', 'pods']);
  });

  it('lets user pods reach Trino, Nessie, Kafka and S3, but not PostgreSQL or the Kubernetes API', () => {
    const config: UserConfig = { objectStorage: { mode: 'minio' } };
    const egress = policiesSelecting(config, 'datalyptica-analytics', USERS).flatMap((p) => (at(p, 'spec.egress') ?? []) as Record<string, any>[]);
    const reaches = (ns: string) => egress.some((r) => (r['to'] ?? []).some((t: any) => t.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === ns));
    for (const ns of ['datalyptica-query', 'datalyptica-catalog', 'datalyptica-streaming', 'datalyptica-system']) assert.ok(reaches(ns), `user pods cannot reach ${ns}`);
    const ports = egress.flatMap((r) => ((r['ports'] ?? []) as { port: number }[]).map((p) => p.port));
    assert.ok(!ports.includes(5432), 'user pods reach PostgreSQL');
    assert.ok(!ports.includes(6443) && !ports.includes(443), 'user pods reach the API server');
    assert.ok(!egress.some((r) => r['to'] === undefined), 'user pods have an unrestricted egress rule');
    // The hub does reach the API server; its policy is not the users'.
    const hubPorts = policiesSelecting(config, 'datalyptica-analytics', HUB).flatMap((p) => (at(p, 'spec.egress') ?? []) as Record<string, any>[]).flatMap((r) => ((r['ports'] ?? []) as { port: number }[]).map((p) => p.port));
    assert.ok(hubPorts.includes(6443));
    // Nessie admits them on its API port.
    const nessieIngress = policiesSelecting(config, 'datalyptica-catalog', { 'app.kubernetes.io/name': 'nessie' }).flatMap((p) => (at(p, 'spec.ingress') ?? []) as Record<string, any>[]);
    assert.ok(nessieIngress.some((r) => (r['from'] ?? []).some((f: any) => f.podSelector?.matchLabels?.['app.kubernetes.io/component'] === 'singleuser-server')));
  });

  it('budgets user pods in the footprint and caps running servers at the same number', () => {
    const build = platformFor({ profile: 'production', components: { jupyterhub: { singleuser: { activeServerLimit: 20 } } } }).components.get('jupyterhub')!.build;
    const users = build.footprint.find((f) => f.name === 'jupyterhub-user')!;
    assert.equal(users.replicas, 20);
    assert.equal(settingsOf(build.objects)['activeServerLimit'], 20);
    assert.deepEqual(users.resources.requests, { cpu: '500m', memory: '2Gi' });
    assert.equal(platformFor({ profile: 'dev' }).components.get('jupyterhub')!.build.footprint.find((f) => f.name === 'jupyterhub-user')!.replicas, 2);
  });

  it('exposes only the proxy, and checks /hub/health and the API through the proxy', () => {
    const build = platformFor().components.get('jupyterhub')!.build;
    assert.deepEqual(build.exposures.map((e) => [e.service, e.targetPort]), [['jupyterhub', 8000]]);
    const health = build.checks.find((c) => c.id === 'jupyterhub.health')!;
    assert.deepEqual(health.probe, { type: 'http', endpoint: { namespace: 'datalyptica-analytics', service: 'jupyterhub-hub', port: 8081 }, path: '/hub/health', expectStatus: 200 });
    assert.ok(build.checks.some((c) => c.id === 'jupyterhub.api' && c.probe.type === 'http' && c.probe.endpoint.service === 'jupyterhub'));
  });

  it('offers /hub/metrics to Prometheus with a bearer token whose hub service may only read metrics', () => {
    const build = platformFor().components.get('jupyterhub')!.build;
    const endpoint = build.metrics![0]!;
    assert.deepEqual([endpoint.path, endpoint.port, endpoint.targetPort, endpoint.auth], ['/hub/metrics', 'http', 8081, { type: 'bearer', secret: 'jupyterhub-metrics' }]);
    const py = (findObject(build.objects, 'ConfigMap', 'jupyterhub-hub-config')['data'] as Record<string, string>)['jupyterhub_config.py']!;
    assert.match(py, /"name": "prometheus", "scopes": \["read:metrics"\]/);
    const env = at(findObject(build.objects, 'Deployment', 'jupyterhub-hub'), 'spec.template.spec.containers.0.env') as { name: string; valueFrom?: unknown }[];
    assert.deepEqual(env.find((e) => e.name === 'JUPYTERHUB_METRICS_TOKEN')!.valueFrom, { secretKeyRef: { name: 'jupyterhub-metrics', key: 'token' } });
  });

  it('turns the culler off and sets its timeouts from the config', () => {
    assert.equal(settingsOf(objectsOf(platformFor({ components: { jupyterhub: { culler: { enabled: false } } } }), 'jupyterhub'))['culler'], null);
    const args = settingsOf(objectsOf(platformFor({ components: { jupyterhub: { culler: { timeoutSeconds: 1800, maxAgeSeconds: 86400 } } } }), 'jupyterhub'))['culler'].args as string[];
    assert.ok(args.includes('--timeout=1800') && args.includes('--max-age=86400'));
  });
});

describe('jupyterhub PySpark defaults and image warnings', () => {
  it('mounts a spark-defaults.conf with the Spark tier\'s nessie catalog, packages and local master into user pods', () => {
    const objects = objectsOf(platformFor({ components: { spark: { packagesRepository: 'https://nexus.example.com/maven2' } } }), 'jupyterhub');
    const conf = (at(findObject(objects, 'ConfigMap', 'jupyterhub-spark-defaults'), 'data') as Record<string, string>)['spark-defaults.conf']!;
    assert.match(conf, /^spark\.master local\[\*\]$/m);
    assert.match(conf, /^spark\.sql\.catalog\.nessie\.uri http:\/\/nessie\.datalyptica-catalog\.svc:19120\/iceberg\/$/m);
    assert.match(conf, /^spark\.jars\.packages org\.apache\.iceberg:iceberg-spark-runtime-4\.0_2\.13:/m);
    assert.match(conf, /^spark\.jars\.repositories https:\/\/nexus\.example\.com\/maven2$/m);
    assert.doesNotMatch(conf, /secret|access-key-id/i);
    const spawner = settingsOf(objects)['spawner'];
    assert.deepEqual(spawner.sparkConf, { configMap: 'jupyterhub-spark-defaults', mountPath: '/etc/datalyptica/spark' });
    assert.equal(spawner.profiles[0].kubespawner_override.environment.SPARK_CONF_DIR, '/etc/datalyptica/spark');
    assert.equal(spawner.profiles[0].kubespawner_override.image, 'quay.io/jupyter/pyspark-notebook:spark-4.0.1');
  });

  it('hands each user\'s own realm token to their server for Trino, Nessie and MLflow, encrypted in the hub as auth state', () => {
    const platform = platformFor();
    const objects = objectsOf(platform, 'jupyterhub');
    const auth = settingsOf(objects)['auth'] as unknown as { userTokenEnv: string[] };
    assert.deepEqual(auth.userTokenEnv, ['DATALYPTICA_ACCESS_TOKEN', 'MLFLOW_TRACKING_TOKEN']);
    const py = (at(findObject(objects, 'ConfigMap', 'jupyterhub-hub-config'), 'data') as Record<string, string>)['jupyterhub_config.py']!;
    assert.match(py, /g\.enable_auth_state = True/);
    assert.match(py, /c\.Spawner\.auth_state_hook = _keep_token/);
    assert.match(py, /c\.KubeSpawner\.modify_pod_hook = _inject_token/);
    const hubEnv = at(findObject(objects, 'Deployment', 'jupyterhub-hub'), 'spec.template.spec.containers.0.env') as { name: string; valueFrom?: { secretKeyRef: { name: string } } }[];
    assert.equal(hubEnv.find((e) => e.name === 'JUPYTERHUB_CRYPT_KEY')?.valueFrom?.secretKeyRef.name, 'jupyterhub-crypt-key');
    const build = platform.components.get('jupyterhub')!.build;
    assert.deepEqual(build.secrets.find((s) => s.name === 'jupyterhub-crypt-key')?.keys, [{ key: 'crypt-key', kind: 'hex', length: 64 }]);
    const client = build.ssoClients!.find((c) => c.clientId === 'jupyterhub')!;
    assert.deepEqual(client.audiences, ['trino', 'nessie', 'mlflow']);
    assert.equal(client.accessTokenLifespanSeconds, 8 * 3600);
    const conf = (at(findObject(objects, 'ConfigMap', 'jupyterhub-spark-defaults'), 'data') as Record<string, string>)['spark-defaults.conf']!;
    assert.match(conf, /^spark\.sql\.catalog\.nessie\.type rest$/m);
    assert.match(conf, /^spark\.sql\.catalog\.nessie\.token env:DATALYPTICA_ACCESS_TOKEN$/m);
    const trino = settingsOf(objects)['spawner'].profiles[1].kubespawner_override.environment;
    assert.deepEqual([trino.TRINO_PORT, trino.TRINO_HTTP_SCHEME, trino.TRINO_CA_BUNDLE], ['8443', 'https', '/etc/datalyptica/trino-ca/ca.crt']);
    assert.equal(trino.MLFLOW_TRACKING_URI, 'http://mlflow.datalyptica-analytics.svc:4180');
    assert.deepEqual((settingsOf(objects)['spawner'] as unknown as { trinoCa: unknown }).trinoCa, { volume: { name: 'trino-ca', configMap: { name: 'openshift-service-ca.crt', items: [{ key: 'service-ca.crt', path: 'ca.crt' }] } }, mountPath: '/etc/datalyptica/trino-ca' });
    const off = objectsOf(platformFor({ components: { keycloak: { enabled: false } } }), 'jupyterhub');
    const offConf = (at(findObject(off, 'ConfigMap', 'jupyterhub-spark-defaults'), 'data') as Record<string, string>)['spark-defaults.conf']!;
    assert.match(offConf, /^spark\.sql\.catalog\.nessie\.type nessie$/m);
  });

  it('warns that the stock images lack the Trino client and Iceberg runtime while user pods have no internet, and stops once images or egress are set', () => {
    const warningsOf = (config: UserConfig) => platformFor(config).components.get('jupyterhub')!.build.warnings;
    assert.equal(warningsOf({}).length, 1);
    assert.match(warningsOf({})[0]!, /trino.*Python client/);
    assert.deepEqual(warningsOf({ components: { jupyterhub: { singleuser: { internetEgress: true } } } }), []);
    assert.deepEqual(warningsOf({ components: { jupyterhub: { singleuser: { pysparkImage: 'registry.example.com/notebooks/pyspark:1', sqlImage: 'registry.example.com/notebooks/sql:1' } } } }), []);
  });

  it('opens internet egress on 443 for user pods only when asked', () => {
    const egress = (config: UserConfig) => platformFor(config).components.get('jupyterhub')!.build.egress.filter((e) => e.to.kind === 'internet');
    assert.deepEqual(egress({}), []);
    assert.deepEqual(egress({ components: { jupyterhub: { singleuser: { internetEgress: true } } } }).map((e) => [e.fromSelector, e.ports.map((p) => p.port)]), [[USERS, [443]]]);
  });
});
