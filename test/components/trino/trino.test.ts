import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import { parseQuantity } from '../../../src/platform/quantity.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';

const data = (objects: KubeObject[], name: string) => findObject(objects, 'ConfigMap', name)['data'] as Record<string, string>;
const props = (text: string) => Object.fromEntries(text.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
const mb = (value: string) => Number(value.replace(/MB$/, ''));

describe('trino', () => {
  it('renders every object valid against the schemas in every profile, target and layout', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const combination of ALL_COMBINATIONS) {
      for (const object of objectsOf(platformFor(combination), 'trino')) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${JSON.stringify(combination)} ${object.kind}/${object.metadata.name}: ${JSON.stringify(result.errors)}`);
      }
    }
  });

  it('runs exactly one coordinator in every combination, replaced by Recreate and with no PDB (audit A-12)', () => {
    for (const combination of ALL_COMBINATIONS) {
      const objects = objectsOf(platformFor({ ...combination, components: { trino: { replicas: 4 } } }), 'trino');
      const coordinators = objects.filter((o) => at(o, 'spec.template.metadata.labels')?.['app.kubernetes.io/component' as never] === 'coordinator');
      assert.equal(coordinators.length, 1);
      assert.equal(at(coordinators[0], 'spec.replicas'), 1);
      assert.deepEqual(at(coordinators[0], 'spec.strategy'), { type: 'Recreate' });
      assert.equal(objects.filter((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name.includes('coordinator')).length, 0);
      assert.equal(props(data(objects, 'trino-coordinator-config')['config.properties']!)['coordinator'], 'true');
      assert.equal(props(data(objects, 'trino-worker-config')['config.properties']!)['coordinator'], 'false');
    }
  });

  it('takes every catalog credential from a Secret through ${ENV:...}', () => {
    const platform = platformFor();
    const objects = objectsOf(platform, 'trino');
    const catalogs = data(objects, 'trino-catalogs');
    assert.deepEqual(Object.keys(catalogs), ['clickhouse.properties', 'iceberg.properties', 'kafka.properties', 'postgresql.properties']);
    const env = at(findObject(objects, 'StatefulSet', 'trino-worker'), 'spec.template.spec.containers.0.env') as { name: string; value?: string }[];
    for (const [file, text] of Object.entries(catalogs)) {
      for (const [key, value] of Object.entries(props(text))) {
        if (!/password|secret|access-key|user$/.test(key)) continue;
        const match = /^\$\{ENV:([A-Z_]+)\}$/.exec(value);
        assert.ok(match, `${file} ${key} is not from the environment`);
        const entry = env.find((e) => e.name === match[1]);
        assert.ok(entry && entry.value === undefined && at(entry, 'valueFrom.secretKeyRef.name'), `${match[1]} is not a secretKeyRef`);
      }
    }
    const shared = props(data(objects, 'trino-coordinator-config')['config.properties']!)['internal-communication.shared-secret'];
    assert.equal(shared, '${ENV:TRINO_INTERNAL_SHARED_SECRET}');
    assert.ok(platform.components.get('trino')!.build.secrets.some((s) => s.name === 'trino-internal' && s.source === 'generated'));
  });

  it('points Iceberg at Nessie API v2 with the native S3 file system when Nessie needs no token', () => {
    const iceberg = props(data(objectsOf(platformFor({ components: { keycloak: { enabled: false } } }), 'trino'), 'trino-catalogs')['iceberg.properties']!);
    assert.equal(iceberg['iceberg.catalog.type'], 'nessie');
    assert.equal(iceberg['iceberg.nessie-catalog.uri'], 'http://nessie.datalyptica-catalog.svc:19120/api/v2');
    assert.equal(iceberg['fs.native-s3.enabled'], 'true');
  });

  it('reaches Nessie\'s Iceberg REST endpoint with client credentials from the realm when Nessie requires tokens', () => {
    const platform = platformFor();
    const iceberg = props(data(objectsOf(platform, 'trino'), 'trino-catalogs')['iceberg.properties']!);
    assert.equal(iceberg['iceberg.catalog.type'], 'rest');
    assert.equal(iceberg['iceberg.rest-catalog.uri'], 'http://nessie.datalyptica-catalog.svc:19120/iceberg/');
    assert.equal(iceberg['iceberg.rest-catalog.security'], 'OAUTH2');
    assert.equal(iceberg['iceberg.rest-catalog.oauth2.server-uri'], 'https://keycloak-service.datalyptica-iam.svc:8443/realms/datalyptica/protocol/openid-connect/token');
    // Iceberg's REST client uses the JVM's trust: the truststore init container imports Keycloak's CA.
    for (const name of ['trino-coordinator', 'trino-worker']) {
      const workload = objectsOf(platform, 'trino').find((o) => o.metadata.name === name && (o.kind === 'Deployment' || o.kind === 'StatefulSet'))!;
      const init = (at(workload, 'spec.template.spec.initContainers') as { name: string; command: string[]; volumeMounts: { mountPath: string }[] }[]).find((c) => c.name === 's3-truststore')!;
      assert.match(init.command[2]!, /for bundle in .*\/etc\/datalyptica\/keycloak-ca\/ca\.crt; do/, name);
      assert.ok(init.volumeMounts.some((m) => m.mountPath === '/etc/datalyptica/keycloak-ca'), name);
      const env = at(workload, 'spec.template.spec.containers.0.env') as { name: string; value?: string }[];
      assert.match(env.find((e) => e.name === 'JAVA_TOOL_OPTIONS')?.value ?? '', /-Djavax\.net\.ssl\.trustStore=/, name);
    }
    assert.equal(platform.components.get('trino')!.build.secrets.find((s) => s.name === 'keycloak-ca')?.copyFrom?.name, 'keycloak-tls');
    assert.equal(iceberg['iceberg.rest-catalog.oauth2.credential'], 'trino-nessie:${ENV:NESSIE_CLIENT_SECRET}');
    const build = platform.components.get('trino')!.build;
    const client = build.ssoClients!.find((c) => c.clientId === 'trino-nessie')!;
    assert.equal(client.type, 'service');
    assert.deepEqual(client.audiences, ['nessie']);
    const secret = build.secrets.find((s) => s.name === 'trino-nessie-client')!;
    assert.equal(secret.valueGroup, 'sso-client-trino-nessie');
    assert.ok(build.dependsOn.includes('keycloak'));
  });

  it('sizes the heap at 80 % of the limit and keeps query memory plus headroom inside it', () => {
    for (const combination of ALL_COMBINATIONS) {
      const objects = objectsOf(platformFor(combination), 'trino');
      for (const [cm, kind, name] of [['trino-coordinator-config', 'Deployment', 'trino-coordinator'], ['trino-worker-config', 'StatefulSet', 'trino-worker']] as const) {
        const limit = parseQuantity(at(findObject(objects, kind, name), 'spec.template.spec.containers.0.resources.limits.memory') as string) / 2 ** 20;
        const heap = Number(/-Xmx(\d+)M/.exec(data(objects, cm)['jvm.config']!)![1]);
        assert.ok(heap <= limit * 0.8 && heap > limit * 0.75, `${name}: heap ${heap} of ${limit}`);
        const config = props(data(objects, cm)['config.properties']!);
        assert.ok(mb(config['query.max-memory-per-node']!) + mb(config['memory.heap-headroom-per-node']!) < heap);
      }
    }
  });

  it('drains workers gracefully before they stop', () => {
    const objects = objectsOf(platformFor(), 'trino');
    const worker = findObject(objects, 'StatefulSet', 'trino-worker');
    assert.equal(at(worker, 'spec.template.spec.terminationGracePeriodSeconds'), 270);
    const command = (at(worker, 'spec.template.spec.containers.0.lifecycle.preStop.exec.command') as string[]).join(' ');
    assert.match(command, /SHUTTING_DOWN/);
    assert.equal(props(data(objects, 'trino-worker-config')['config.properties']!)['shutdown.grace-period'], '120s');
    assert.match(data(objects, 'trino-worker-config')['rules.json']!, /graceful-shutdown/);
  });

  it('gives production workers the 500Gi spill volume and dev none', () => {
    const production = findObject(objectsOf(platformFor(), 'trino'), 'StatefulSet', 'trino-worker');
    assert.equal(at(production, 'spec.volumeClaimTemplates.0.spec.resources.requests.storage'), '500Gi');
    assert.equal(at(production, 'spec.replicas'), 5);
    const dev = findObject(objectsOf(platformFor({ profile: 'dev' }), 'trino'), 'StatefulSet', 'trino-worker');
    assert.equal(at(dev, 'spec.volumeClaimTemplates'), undefined);
  });

  it('adds a worker HPA only when autoscaling is enabled', () => {
    assert.equal(objectsOf(platformFor(), 'trino').filter((o) => o.kind === 'HorizontalPodAutoscaler').length, 0);
    const hpa = findObject(objectsOf(platformFor({ components: { trino: { autoscaling: { enabled: true } } } }), 'trino'), 'HorizontalPodAutoscaler', 'trino-worker');
    assert.equal(at(hpa, 'spec.minReplicas'), 5);
    assert.equal(at(hpa, 'spec.maxReplicas'), 10);
  });

  it('logs users in through the platform realm by default, with in-cluster token and key endpoints and the client secret from a Secret', () => {
    const platform = platformFor();
    const config = props(data(objectsOf(platform, 'trino'), 'trino-coordinator-config')['config.properties']!);
    assert.equal(config['http-server.authentication.type'], 'oauth2');
    assert.equal(config['http-server.authentication.oauth2.issuer'], 'https://keycloak.apps.datalyptica.example.com/realms/datalyptica');
    assert.equal(config['http-server.authentication.oauth2.oidc.discovery'], 'false');
    assert.equal(config['http-server.authentication.oauth2.auth-url'], 'https://keycloak.apps.datalyptica.example.com/realms/datalyptica/protocol/openid-connect/auth');
    assert.equal(config['http-server.authentication.oauth2.jwks-url'], 'https://keycloak-service.datalyptica-iam.svc:8443/realms/datalyptica/protocol/openid-connect/certs');
    assert.equal(config['http-server.authentication.oauth2.token-url'], 'https://keycloak-service.datalyptica-iam.svc:8443/realms/datalyptica/protocol/openid-connect/token');
    // airlift's OAuth2 HTTP client reads the mounted PEM CA of Keycloak's certificate.
    assert.equal(config['oauth2-jwk.http-client.trust-store-path'], '/etc/datalyptica/keycloak-ca/ca.crt');
    const coordinator = objectsOf(platform, 'trino').find((o) => o.metadata.name === 'trino-coordinator' && o.kind === 'Deployment')!;
    assert.ok((at(coordinator, 'spec.template.spec.containers.0.volumeMounts') as { mountPath: string }[]).some((m) => m.mountPath === '/etc/datalyptica/keycloak-ca'));
    assert.equal(config['http-server.authentication.oauth2.client-secret'], '${ENV:TRINO_OAUTH2_CLIENT_SECRET}');
    assert.equal(config['http-server.process-forwarded'], 'true');
    const build = platform.components.get('trino')!.build;
    assert.equal(build.exposures[0]!.authentication, 'oidc');
    const client = build.ssoClients!.find((c) => c.clientId === 'trino')!;
    assert.deepEqual(client.redirectUris, ['https://trino.apps.datalyptica.example.com/oauth2/callback']);
    assert.deepEqual(client.secret, { name: 'trino-oauth2', namespace: 'datalyptica-query' });
  });

  it('turns OAuth2 off without the identity component and then declares its exposure unauthenticated', () => {
    const platform = platformFor({ components: { keycloak: { enabled: false } } });
    const config = props(data(objectsOf(platform, 'trino'), 'trino-coordinator-config')['config.properties']!);
    assert.equal(config['http-server.authentication.type'], undefined);
    assert.equal(platform.components.get('trino')!.build.exposures[0]!.authentication, 'none');
  });

  it('declares client flows to the coordinator and the SQL live checks', () => {
    const build = platformFor().components.get('trino')!.build;
    const clients = build.flows.flatMap((f) => (f.from.kind === 'component' ? [f.from.component] : [])).sort();
    assert.deepEqual(clients, ['airflow', 'dbt', 'jupyterhub', 'superset', 'trino']);
    const probes = build.checks.flatMap((c) => (c.probe.type === 'trino' ? [c.probe.statements] : []));
    assert.deepEqual(probes[0], ['SELECT 1']);
    assert.ok(probes[1]!.some((s) => s.startsWith('CREATE TABLE iceberg.')) && probes[1]!.at(-1)!.startsWith('DROP TABLE'));
  });

  it('scrapes /metrics without OAuth2 with a Basic auth user and the empty password the Prometheus operator requires', () => {
    const platform = platformFor({ components: { keycloak: { enabled: false } } });
    const monitor = findObject(objectsOf(platform, 'trino'), 'ServiceMonitor', 'trino');
    const auth = at(monitor, 'spec.endpoints.0.basicAuth') as Record<string, { name: string; key: string }>;
    // prometheus-operator's AddBasicAuth loads both selectors and skips the monitor when one is missing.
    assert.deepEqual(Object.keys(auth).sort(), ['password', 'username']);
    const secret = platform.components.get('trino')!.build.secrets.find((s) => s.name === auth['username']!.name)!;
    assert.equal(auth['password']!.name, secret.name);
    const keys = Object.fromEntries(secret.keys.map((k) => [k.key, k.value]));
    assert.equal(keys[auth['username']!.key], 'prometheus');
    // Trino's insecure authenticator answers 401 to any non-empty password over HTTP.
    assert.equal(keys[auth['password']!.key], '');
  });

  it('authenticates clients on HTTPS only: allow-insecure-over-http is false whenever OAuth2 is on, with or without HTTPS', () => {
    for (const config of [{}, { target: 'kubernetes' as const }, { components: { trino: { https: { enabled: false } } } }]) {
      const coordinator = props(data(objectsOf(platformFor(config), 'trino'), 'trino-coordinator-config')['config.properties']!);
      // Trino's default is true, which runs the insecure authenticator (any X-Trino-User) on plain HTTP.
      assert.equal(coordinator['http-server.authentication.allow-insecure-over-http'], 'false', JSON.stringify(config));
    }
  });

  it('admits clients and the router only on 8443 with HTTPS; 8080 only from Trino\'s own pods', () => {
    for (const config of [{}, { target: 'kubernetes' as const }]) {
      const flows = platformFor(config).components.get('trino')!.build.flows;
      for (const flow of flows) {
        const ports = flow.ports.map((p) => p.port);
        const own = flow.from.kind === 'component' && flow.from.component === 'trino';
        assert.deepEqual(ports, own ? [8080] : [8443], `${JSON.stringify(config)}: ${flow.description}`);
      }
    }
    const plain = platformFor({ components: { trino: { https: { enabled: false } } } }).components.get('trino')!.build.flows;
    assert.ok(plain.every((f) => f.ports.every((p) => p.port === 8080)));
  });

  it('warns, naming components.trino.https.enabled, when OAuth2 is on without HTTPS', () => {
    const warnings = (config: Parameters<typeof platformFor>[0]) => platformFor(config).components.get('trino')!.build.warnings;
    assert.ok(warnings({ components: { trino: { https: { enabled: false } } } }).some((w) => w.includes('components.trino.https.enabled') && w.includes('8080')));
    assert.deepEqual(warnings({}), []);
    assert.deepEqual(warnings({ components: { keycloak: { enabled: false }, trino: { https: { enabled: false } } } }), []);
  });

  it('points the live checks at 8443 with the platform\'s CA: the service CA ConfigMap on OpenShift, cert-manager\'s ca.crt on Kubernetes', () => {
    const endpointOf = (config: Parameters<typeof platformFor>[0]) => {
      const check = platformFor(config).components.get('trino')!.build.checks.find((c) => c.id === 'trino.sql')!;
      return (check.probe as { endpoint: unknown }).endpoint;
    };
    assert.deepEqual(endpointOf({}), {
      namespace: 'datalyptica-query',
      service: 'trino',
      port: 8443,
      tls: { ca: { configMap: { namespace: 'datalyptica-query', name: 'openshift-service-ca.crt', key: 'service-ca.crt' } }, serverName: 'trino.datalyptica-query.svc' },
    });
    assert.deepEqual(endpointOf({ target: 'kubernetes' }), {
      namespace: 'datalyptica-query',
      service: 'trino',
      port: 8443,
      tls: { ca: { secret: { namespace: 'datalyptica-query', name: 'trino-tls', key: 'ca.crt' } }, serverName: 'trino.datalyptica-query.svc' },
    });
    assert.deepEqual(endpointOf({ components: { trino: { https: { enabled: false } } } }), { namespace: 'datalyptica-query', service: 'trino', port: 8080 });
    const checks = platformFor().components.get('trino')!.build.checks;
    const unauthenticated = checks.find((c) => c.id === 'trino.unauthenticated')!.probe as { headers?: Record<string, string>; endpoint: { port: number }; expectStatus?: number };
    assert.deepEqual([unauthenticated.endpoint.port, unauthenticated.headers?.['X-Trino-User'], unauthenticated.expectStatus], [8443, 'datalyptica-check', 401]);
    const internal = checks.find((c) => c.id === 'trino.http-internal-only')!.probe as { endpoint: { port: number; tls?: unknown }; expectStatus?: number };
    assert.deepEqual([internal.endpoint.port, internal.endpoint.tls, internal.expectStatus], [8080, undefined, 403]);
  });

  it('scrapes /metrics with OAuth2 on over 8443, verified with the platform CA, with a token of its own realm client trino-metrics', () => {
    for (const target of ['openshift', 'kubernetes'] as const) {
      const platform = platformFor({ target });
      const objects = objectsOf(platform, 'trino');
      const endpoint = at(findObject(objects, 'ServiceMonitor', 'trino'), 'spec.endpoints.0') as Record<string, unknown>;
      assert.deepEqual([endpoint['port'], endpoint['scheme'], endpoint['path']], ['https', 'https', '/metrics']);
      assert.equal(at(endpoint, 'tlsConfig.serverName'), 'trino.datalyptica-query.svc');
      assert.deepEqual(at(endpoint, 'tlsConfig.ca'), target === 'openshift' ? { configMap: { name: 'openshift-service-ca.crt', key: 'service-ca.crt' } } : { secret: { name: 'trino-tls', key: 'ca.crt' } });
      assert.equal(endpoint['basicAuth'], undefined);
      assert.deepEqual(endpoint['oauth2'], {
        clientId: { configMap: { name: 'trino-metrics-client', key: 'client-id' } },
        clientSecret: { name: 'trino-metrics-client', key: 'client-secret' },
        tokenUrl: 'https://keycloak-service.datalyptica-iam.svc:8443/realms/datalyptica/protocol/openid-connect/token',
        tlsConfig: { ca: { secret: { name: 'keycloak-ca', key: 'ca.crt' } } },
      });
      assert.deepEqual(data(objects, 'trino-metrics-client'), { 'client-id': 'trino-metrics' });
      const build = platform.components.get('trino')!.build;
      const client = build.ssoClients!.find((c) => c.clientId === 'trino-metrics')!;
      assert.deepEqual([client.type, client.audiences, client.scrapeClient], ['service', ['trino'], true]);
      assert.ok(build.secrets.some((s) => s.name === 'trino-metrics-client' && s.valueGroup === 'sso-client-trino-metrics'));
      assert.ok(build.secrets.some((s) => s.name === 'keycloak-ca'), 'the token URL\'s CA is copied into Trino\'s namespace');
      // The real alerts (not the kube-state-metrics fallback) read the scraped series.
      assert.ok(build.alerts!.some((a) => a.alert === 'TrinoNoActiveWorkers'));
      // Prometheus reaches Keycloak's HTTPS backchannel for the token.
      const keycloakFlows = platform.components.get('keycloak')!.build.flows.filter((f) => f.from.kind === 'monitoring');
      assert.deepEqual(keycloakFlows.map((f) => f.ports.map((p) => p.port)), [[8443]]);
    }
    // Without HTTPS no client authenticates: no endpoint, no client, the kube-state-metrics "down" alert.
    const plain = platformFor({ components: { trino: { https: { enabled: false } } } });
    assert.equal(objectsOf(plain, 'trino').find((o) => o.kind === 'ServiceMonitor'), undefined);
    assert.ok(!plain.components.get('trino')!.build.ssoClients!.some((c) => c.clientId === 'trino-metrics'));
    assert.ok(!plain.components.get('keycloak')!.build.flows.some((f) => f.from.kind === 'monitoring'));
    assert.match(plain.components.get('trino')!.build.alerts![0]!.expr, /kube_deployment_status_replicas_available/);
  });

  it('matches the production OpenShift snapshot', () => {
    matchSnapshot('components/trino/production-openshift', objectsOf(platformFor(), 'trino'));
  });

  it('reads Kafka as its own KafkaUser through the Kafka component\'s access and copy requirements', () => {
    const platform = platformFor({});
    const catalog = props(data(objectsOf(platform, 'trino'), 'trino-catalogs')['kafka.properties'] ?? '');
    assert.equal(catalog['kafka.nodes'], 'datalyptica-kafka-kafka-bootstrap.datalyptica-streaming.svc:9093');
    const secrets = platform.components.get('trino')!.build.secrets;
    const user = secrets.find((s) => s.name === 'datalyptica-trino');
    assert.deepEqual(user?.copyFrom, { namespace: 'datalyptica-streaming', name: 'datalyptica-trino' });
    assert.ok(objectsOf(platform, 'kafka').some((o) => o.kind === 'KafkaUser' && o.metadata.name === 'datalyptica-trino'));
    assert.ok(platform.components.get('kafka')!.build.flows.some((f) => f.from.kind === 'component' && f.from.component === 'trino'));
  });

  it('discovers Kafka tables from Schema Registry, else lists the CDC topics, else renders no Kafka catalog', () => {
    const catalogOf = (config: Parameters<typeof platformFor>[0]) => data(objectsOf(platformFor(config), 'trino'), 'trino-catalogs')['kafka.properties'];
    const withRegistry = props(catalogOf({}) ?? '');
    assert.equal(withRegistry['kafka.table-description-supplier'], 'CONFLUENT');
    assert.equal(withRegistry['kafka.confluent-schema-registry-url'], 'http://schema-registry.datalyptica-streaming.svc:8081');
    const cdcOnly = props(catalogOf({ components: { 'schema-registry': { enabled: false }, 'kafka-connect': { cdcExample: true, cdcTables: ['public.orders', 'public.events'] } } }) ?? '');
    assert.equal(cdcOnly['kafka.table-description-supplier'], 'FILE');
    assert.equal(cdcOnly['kafka.table-names'], 'cdc.public.events,cdc.public.orders');
    assert.equal(catalogOf({ components: { 'schema-registry': { enabled: false } } }), undefined);
  });

  it('connects to the ClickHouse Service the Altinity operator creates for the installation, as a user ClickHouse declares', () => {
    const platform = platformFor({});
    const catalog = props(data(objectsOf(platform, 'trino'), 'trino-catalogs')['clickhouse.properties'] ?? '');
    const chi = findObject(objectsOf(platform, 'clickhouse'), 'ClickHouseInstallation', 'datalyptica');
    assert.equal(catalog['connection-url'], `jdbc:clickhouse://clickhouse-${chi.metadata.name}.datalyptica-query.svc:8123/`);
    const trinoSide = platform.secrets.find((s) => s.name === 'trino-clickhouse');
    const clickhouseSide = platform.secrets.find((s) => s.namespace === 'datalyptica-query' && s.name === 'clickhouse-user-trino');
    assert.equal(trinoSide?.valueGroup, 'clickhouse-user-trino');
    assert.equal(clickhouseSide?.valueGroup, trinoSide?.valueGroup);
    assert.deepEqual(at(chi, 'spec.configuration.users.trino/password'), { valueFrom: { secretKeyRef: { name: 'clickhouse-user-trino', key: 'password' } } });
  });

  it('admits dbt on the port dbt connects to, with and without HTTPS', () => {
    for (const https of [false, true]) {
      const platform = platformFor({ components: { trino: { https: { enabled: https } } } });
      const profiles = data(objectsOf(platform, 'dbt'), 'dbt-profiles')['profiles.yml'] ?? '';
      const port = Number(/port: (\d+)/.exec(profiles)?.[1]);
      assert.equal(port, https ? 8443 : 8080);
      const flow = platform.components.get('trino')!.build.flows.find((f) => f.from.kind === 'component' && f.from.component === 'dbt');
      assert.ok(flow?.ports.some((p) => p.port === port), `https ${https}`);
    }
  });

  it('serves HTTPS by default with a platform-issued certificate joined into one PEM keystore by an init container', () => {
    const openshift = objectsOf(platformFor(), 'trino');
    const svc = findObject(openshift, 'Service', 'trino');
    assert.equal(at(svc, 'metadata.annotations')?.['service.beta.openshift.io/serving-cert-secret-name' as never], 'trino-tls');
    const coordinatorConfig = data(openshift, 'trino-coordinator-config')['config.properties'] ?? '';
    assert.match(coordinatorConfig, /^http-server\.https\.enabled=true$/m);
    assert.match(coordinatorConfig, /^http-server\.https\.keystore\.path=\/etc\/trino\/tls\/combined\.pem$/m);
    const pod = at(findObject(openshift, 'Deployment', 'trino-coordinator'), 'spec.template.spec') as Record<string, unknown>;
    const join = (pod['initContainers'] as { name: string; command: string[] }[]).find((c) => c.name === 'tls-pem');
    assert.match(join!.command[2]!, /cat \/etc\/trino\/tls-source\/tls\.key \/etc\/trino\/tls-source\/tls\.crt > \/etc\/trino\/tls\/combined\.pem/);
    const volumes = pod['volumes'] as { name: string; secret?: { secretName: string }; emptyDir?: { medium?: string } }[];
    assert.equal(volumes.find((v) => v.name === 'tls-source')?.secret?.secretName, 'trino-tls');
    assert.equal(volumes.find((v) => v.name === 'tls')?.emptyDir?.medium, 'Memory');
    const route = objectsOf(platformFor(), 'trino').find((o) => o.kind === 'Route');
    if (route) assert.equal(at(route, 'spec.tls.termination'), 'reencrypt');

    const kubernetes = objectsOf(platformFor({ target: 'kubernetes' }), 'trino');
    const certificate = findObject(kubernetes, 'Certificate', 'trino');
    assert.equal(at(certificate, 'spec.secretName'), 'trino-tls');
    assert.ok((at(certificate, 'spec.dnsNames') as string[]).includes('trino.datalyptica-query.svc'));
    assert.equal(at(findObject(kubernetes, 'Service', 'trino'), 'metadata.annotations'), undefined);

    const own = objectsOf(platformFor({ components: { trino: { https: { secretName: 'my-trino-pem' } } } }), 'trino');
    const ownVolumes = at(findObject(own, 'Deployment', 'trino-coordinator'), 'spec.template.spec.volumes') as { name: string; secret?: { secretName: string } }[];
    assert.equal(ownVolumes.find((v) => v.name === 'tls')?.secret?.secretName, 'my-trino-pem');
    assert.match(data(own, 'trino-coordinator-config')['config.properties'] ?? '', /keystore\.path=\/etc\/trino\/tls\/tls-combined\.pem$/m);
    assert.doesNotMatch(data(objectsOf(platformFor({ components: { trino: { https: { enabled: false } } } }), 'trino'), 'trino-coordinator-config')['config.properties'] ?? '', /http-server\.https/);
  });

  it('enforces catalog access by realm group through file-based access control and a group file when the realm logs callers in', () => {
    const platform = platformFor({ components: { keycloak: { users: [{ username: 'alice', groups: ['analysts'] }, { username: 'bob', groups: ['engineers', 'viewers'] }] }, trino: { accessControl: { members: { viewers: ['carol'] } } } } });
    const files = data(objectsOf(platform, 'trino'), 'trino-coordinator-config');
    assert.match(files['access-control.properties']!, /^access-control\.name=file$/m);
    assert.match(files['access-control.properties']!, /^security\.config-file=\/etc\/trino\/rules\.json$/m);
    assert.match(files['group-provider.properties']!, /^group-provider\.name=file$/m);
    assert.match(files['group-provider.properties']!, /^file\.group-file=\/etc\/trino\/groups\.txt$/m);
    const groups = Object.fromEntries(files['groups.txt']!.trim().split('\n').map((line) => line.split(':') as [string, string]));
    assert.equal(groups['admins'], 'admin');
    assert.equal(groups['analysts'], 'alice');
    assert.equal(groups['engineers'], 'bob,service-account-airflow-tasks,service-account-dbt,service-account-trino-service');
    assert.equal(groups['viewers'], 'bob,carol');
    const rules = JSON.parse(files['rules.json']!) as { catalogs: { group?: string; catalog: string; allow: string }[]; queries: { group?: string; allow: string[] }[] };
    assert.deepEqual(rules.catalogs.map((r) => `${r.group ?? '*'}:${r.catalog}:${r.allow}`), ['admins:.*:all', 'engineers:.*:all', 'analysts:.*:read-only', 'viewers:iceberg:read-only', '*:system:read-only']);
    assert.deepEqual(rules.queries, [{ group: 'admins', allow: ['execute', 'kill', 'view'] }, { allow: ['execute'] }]);
    // Trino's system information rules take no `group` (it refuses to start on one): the admins are named.
    assert.deepEqual((JSON.parse(files['rules.json']!) as { system_information: unknown }).system_information, [{ user: 'admin', allow: ['read', 'write'] }, { allow: ['read'] }]);
    const more = data(objectsOf(platformFor({ components: { trino: { accessControl: { members: { admins: ['ops.lead', 'x-y'] } } } } }), 'trino'), 'trino-coordinator-config');
    const adminRule = (JSON.parse(more['rules.json']!) as { system_information: { user?: string }[] }).system_information[0]!;
    assert.equal(adminRule.user, 'admin|ops\\.lead|x\\-y');
    for (const name of ['admin', 'ops.lead', 'x-y']) assert.ok(new RegExp(`^(?:${adminRule.user})$`).test(name), name);
    assert.ok(!new RegExp(`^(?:${adminRule.user})$`).test('opsXlead'), 'a dot in a name is not a wildcard');
    for (const rule of [...JSON.parse(files['rules.json']!).system_information]) assert.ok(!('group' in rule), 'no group in a system information rule');
    const off = data(objectsOf(platformFor({ components: { keycloak: { enabled: false } } }), 'trino'), 'trino-coordinator-config');
    assert.equal(off['access-control.properties'], undefined, 'a user name is not trustworthy without the realm');
    assert.equal(data(objectsOf(platformFor({ components: { trino: { accessControl: { enabled: false } } } }), 'trino'), 'trino-coordinator-config')['rules.json'], undefined);
  });
});

