import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { airflow, AIRFLOW_IMAGE } from '../../../src/components/airflow/index.ts';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import { configJsonSchema } from '../../../src/config/json-schema.ts';
import { resolveConfig } from '../../../src/config/load.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import type { ComponentBuild } from '../../../src/model/component.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import { SSO_CLIENT_SECRET_SPEC, ssoClientValueGroup } from '../../../src/model/sso.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import { matchSnapshot } from '../../support/snapshot.ts';

type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };

const GIT = { dags: { gitSync: { repository: 'https://git.example.com/data/dags.git', ref: 'release', subPath: 'dags', credentialsSecret: 'dags-git' } } };
const build = (config: UserConfig = {}) => platformFor(config);
const production = build();
const objects = objectsOf(production, 'airflow');
const deploymentOf = (list: readonly KubeObject[], role: string) => findObject(list, 'Deployment', `airflow-${role}`);
const containerEnv = (object: KubeObject, index = 0, path = 'spec.template.spec.containers') => at(object, `${path}.${index}.env`) as Env[];
const configData = (list: readonly KubeObject[]) => at(findObject(list, 'ConfigMap', 'airflow-config'), 'data') as Record<string, string>;

/** The default render logs users in through the platform realm (Keycloak is on by default). */
const buildWithSso = (): ComponentBuild => production.components.get('airflow')!.build;
/** Without the identity tier: Airflow keeps its own password login. */
const NO_SSO: UserConfig = { components: { keycloak: { enabled: false } } };
const withoutSso = build(NO_SSO);

describe('airflow component', () => {
  it('matches the production snapshot', () => {
    matchSnapshot('components/airflow/production', production.components.get('airflow')!.build.objects);
  });

  it('is in the default platform, in the analytics namespace, on the pinned Airflow 3 image', () => {
    const api = deploymentOf(objects, 'api-server');
    assert.equal(api.metadata.namespace, 'datalyptica-analytics');
    assert.equal(at(api, 'spec.template.spec.containers.0.image'), AIRFLOW_IMAGE);
    assert.match(AIRFLOW_IMAGE, /^apache\/airflow:3\.\d+\.\d+$/);
  });

  it('runs 2 api-servers, 2 schedulers, 2 dag-processors and 2 triggerers in production, each with a PDB', () => {
    for (const role of ['api-server', 'scheduler', 'dag-processor', 'triggerer']) {
      assert.equal(at(deploymentOf(objects, role), 'spec.replicas'), 2, role);
      assert.equal(at(findObject(objects, 'PodDisruptionBudget', `airflow-${role}`), 'spec.maxUnavailable'), 1, role);
      assert.deepEqual(at(deploymentOf(objects, role), 'spec.template.spec.containers.0.args'), ['airflow', role]);
    }
    const dev = objectsOf(build({ profile: 'dev' }), 'airflow');
    assert.equal(at(deploymentOf(dev, 'scheduler'), 'spec.replicas'), 1);
    assert.equal(containerEnv(deploymentOf(dev, 'api-server')).find((e) => e.name === 'AIRFLOW__API__WORKERS')?.value, '1');
    assert.ok(!dev.some((o) => o.kind === 'PodDisruptionBudget'));
  });

  it('uses the KubernetesExecutor with the rendered pod template and the metadata DB through the pooler', () => {
    const env = containerEnv(deploymentOf(objects, 'scheduler'));
    const value = (name: string) => env.find((e) => e.name === name)?.value;
    assert.equal(value('AIRFLOW__CORE__EXECUTOR'), 'KubernetesExecutor');
    assert.equal(value('AIRFLOW__KUBERNETES_EXECUTOR__POD_TEMPLATE_FILE'), '/opt/airflow/pod_templates/pod_template_file.yaml');
    assert.equal(value('AIRFLOW__KUBERNETES_EXECUTOR__NAMESPACE'), 'datalyptica-analytics');
    assert.equal(
      value('AIRFLOW__DATABASE__SQL_ALCHEMY_CONN'),
      'postgresql+psycopg2://$(AIRFLOW_DB_USER):$(AIRFLOW_DB_PASSWORD)@datalyptica-postgres-pooler-rw.datalyptica-catalog.svc:5432/airflow',
    );
    // $(VAR) only expands vars defined earlier in the list.
    const names = env.map((e) => e.name);
    assert.ok(names.indexOf('AIRFLOW_DB_PASSWORD') < names.indexOf('AIRFLOW__DATABASE__SQL_ALCHEMY_CONN'));
    assert.equal(env.find((e) => e.name === 'AIRFLOW_DB_PASSWORD')?.valueFrom?.secretKeyRef?.name, 'datalyptica-pg-airflow');
  });

  it('declares its database on the platform PostgreSQL', () => {
    assert.deepEqual(airflow.databases, [{ role: 'airflow' }]);
    assert.ok(production.secrets.some((s) => s.name === 'datalyptica-pg-airflow' && s.namespace === 'datalyptica-analytics'));
  });

  it('renders a restricted task pod template with its own ServiceAccount, resources and no database login', () => {
    const pod = parse(configData(objects)['pod_template_file.yaml']!) as KubeObject;
    assert.equal(at(pod, 'spec.serviceAccountName'), 'airflow-worker');
    // The token is there for the Spark connection only.
    assert.equal(at(pod, 'spec.automountServiceAccountToken'), true);
    assert.equal(at(pod, 'spec.containers.0.name'), 'base');
    assert.equal(at(pod, 'spec.containers.0.securityContext.allowPrivilegeEscalation'), false);
    assert.deepEqual(at(pod, 'spec.containers.0.securityContext.capabilities.drop'), ['ALL']);
    assert.equal(at(pod, 'spec.securityContext.seccompProfile.type'), 'RuntimeDefault');
    assert.deepEqual(at(pod, 'spec.containers.0.resources.limits'), { cpu: '2', memory: '4Gi' });
    assert.equal(at(pod, 'metadata.labels.app.kubernetes.io/component'), undefined);
    assert.equal((at(pod, 'metadata.labels') as Record<string, string>)['app.kubernetes.io/name'], 'airflow');
    const env = containerEnv(pod, 0, 'spec.containers');
    assert.ok(!env.some((e) => e.name.startsWith('AIRFLOW_DB_') || e.name === 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN'));
    // Tasks cannot mint execution-API tokens; the log server still checks the api-server's requests.
    assert.ok(!env.some((e) => e.name === 'AIRFLOW__API_AUTH__JWT_SECRET'));
    assert.ok(env.some((e) => e.name === 'AIRFLOW__API__SECRET_KEY'));
    assert.equal(env.find((e) => e.name === 'AIRFLOW__CORE__EXECUTION_API_SERVER_URL')?.value, 'http://airflow-api-server.datalyptica-analytics.svc:8080/execution/');
  });

  it('runs as the image\'s numeric user on Kubernetes and leaves the UID to OpenShift', () => {
    const kube = objectsOf(build({ target: 'kubernetes' }), 'airflow');
    assert.equal(at(deploymentOf(kube, 'scheduler'), 'spec.template.spec.securityContext.runAsUser'), 50000);
    assert.equal(at(parse(configData(kube)['pod_template_file.yaml']!), 'spec.securityContext.runAsUser'), 50000);
    assert.equal(at(deploymentOf(objects, 'scheduler'), 'spec.template.spec.securityContext.runAsUser'), undefined);
  });

  it('limits pod launching to its own namespace and Spark submission to the Spark namespace', () => {
    const role = findObject(objects, 'Role', 'airflow-pod-launcher');
    assert.equal(role.metadata.namespace, 'datalyptica-analytics');
    assert.ok(!JSON.stringify(role['rules']).includes('pods/exec'));
    assert.deepEqual(at(findObject(objects, 'RoleBinding', 'airflow-pod-launcher'), 'subjects'), [{ kind: 'ServiceAccount', name: 'airflow', namespace: 'datalyptica-analytics' }]);
    const spark = findObject(objects, 'Role', 'airflow-spark-submit');
    assert.equal(spark.metadata.namespace, 'datalyptica-processing');
    assert.match(JSON.stringify(spark['rules']), /sparkapplications/);
    assert.ok(!objects.some((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding'));
  });

  it('runs `airflow db migrate` in a Job that every process waits for', () => {
    const job = objects.find((o) => o.kind === 'Job')!;
    assert.match(job.metadata.name, /^airflow-db-migrate-h[0-9a-f]{8}$/);
    assert.match(JSON.stringify(at(job, 'spec.template.spec.containers.0.args')), /airflow db migrate/);
    // The first admin is created only for password login (without the identity tier).
    const passwordJob = objectsOf(withoutSso, 'airflow').find((o) => o.kind === 'Job')!;
    assert.match(JSON.stringify(at(passwordJob, 'spec.template.spec.containers.0.args')), /airflow users create/);
    for (const role of ['api-server', 'scheduler', 'dag-processor', 'triggerer']) {
      assert.deepEqual(at(deploymentOf(objects, role), 'spec.template.spec.initContainers.0.args'), ['airflow', 'db', 'check-migrations', '--migration-wait-timeout=600'], role);
    }
    // A changed template makes a new Job instead of an immutable-field error.
    const other = objectsOf(build({ components: { airflow: { loadExamples: true } } }), 'airflow').find((o) => o.kind === 'Job')!;
    assert.notEqual(other.metadata.name, job.metadata.name);
  });

  it('syncs DAGs from git in the dag-processor and triggerer and clones them into task pods', () => {
    const list = objectsOf(build({ components: { airflow: GIT } }), 'airflow');
    for (const role of ['dag-processor', 'triggerer']) {
      const sidecar = at(deploymentOf(list, role), 'spec.template.spec.containers.1') as Record<string, unknown>;
      assert.equal(sidecar['name'], 'git-sync', role);
      assert.match(JSON.stringify(sidecar['env']), /"GITSYNC_REPO","value":"https:\/\/git\.example\.com\/data\/dags\.git"/);
      assert.match(JSON.stringify(sidecar['env']), /"GITSYNC_PASSWORD","valueFrom":\{"secretKeyRef":\{"name":"dags-git","key":"password"\}\}/);
    }
    assert.equal((at(deploymentOf(list, 'scheduler'), 'spec.template.spec.containers') as unknown[]).length, 1);
    const pod = parse(configData(list)['pod_template_file.yaml']!) as KubeObject;
    assert.equal(at(pod, 'spec.initContainers.0.name'), 'git-sync-init');
    const env = containerEnv(deploymentOf(list, 'dag-processor'));
    assert.equal(env.find((e) => e.name === 'AIRFLOW__CORE__DAGS_FOLDER')?.value, '/opt/airflow/dags/repo/dags');
    const airflowBuild = build({ components: { airflow: GIT } }).components.get('airflow')!.build;
    assert.ok(airflowBuild.egress.some((e) => e.to.kind === 'internet'));
    assert.ok(airflowBuild.secrets.some((s) => s.name === 'dags-git' && s.source === 'external'));
    // Without a repository the image's own DAG folder is used and nothing reaches the internet.
    assert.ok(!production.components.get('airflow')!.build.egress.some((e) => e.to.kind === 'internet'));
  });

  it('ships task logs to the apps bucket with keys from the secrets plan', () => {
    const env = containerEnv(deploymentOf(objects, 'api-server'));
    assert.equal(env.find((e) => e.name === 'AIRFLOW__LOGGING__REMOTE_BASE_LOG_FOLDER')?.value, 's3://datalyptica-apps/airflow/logs');
    assert.equal(env.find((e) => e.name === 'AWS_SECRET_ACCESS_KEY')?.valueFrom?.secretKeyRef?.name, 'datalyptica-s3');
    const odf = platformFor({ objectStorage: { mode: 'odf' } });
    const odfEnv = containerEnv(deploymentOf(objectsOf(odf, 'airflow'), 'api-server'));
    assert.equal(odfEnv.find((e) => e.name === 'AWS_ACCESS_KEY_ID')?.valueFrom?.secretKeyRef?.name, 'datalyptica-s3-apps');
    assert.ok(odf.components.get('airflow')!.build.secrets.some((s) => s.name === 'datalyptica-s3-apps' && s.source === 'copy'));
  });

  it('takes the fernet, API and JWT keys and the connections from Secrets, never from literals', () => {
    const env = containerEnv(deploymentOf(objects, 'scheduler'));
    const ref = (name: string) => env.find((e) => e.name === name)?.valueFrom?.secretKeyRef;
    assert.deepEqual(ref('AIRFLOW__CORE__FERNET_KEY'), { name: 'airflow-keys', key: 'fernet-key' });
    assert.deepEqual(ref('AIRFLOW__API__SECRET_KEY'), { name: 'airflow-keys', key: 'api-secret-key' });
    assert.deepEqual(ref('AIRFLOW__API_AUTH__JWT_SECRET'), { name: 'airflow-keys', key: 'jwt-secret' });
    assert.deepEqual(ref('AIRFLOW_CONN_TRINO_DEFAULT'), { name: 'airflow-connections', key: 'trino_default' });
    assert.deepEqual(ref('AIRFLOW_CONN_SPARK_KUBERNETES'), { name: 'airflow-connections', key: 'spark_kubernetes' });
    assert.ok(env.every((e) => !/PASSWORD|SECRET|FERNET/.test(e.name) || e.value === undefined));
    const keys = production.secrets.find((s) => s.name === 'airflow-keys')!;
    assert.equal(keys.source, 'generated');
    assert.deepEqual(keys.keys.map((k) => k.key), ['fernet-key', 'api-secret-key', 'jwt-secret']);
    const connections = production.secrets.find((s) => s.name === 'airflow-connections')!;
    const trino = JSON.parse(connections.keys.find((k) => k.key === 'trino_default')!.value!) as Record<string, unknown>;
    assert.equal(trino['host'], 'trino.datalyptica-query.svc');
    assert.equal(trino['login'], 'service-account-airflow-tasks');
  });

  it('gives task pods a realm token of the airflow-tasks client (init container, secret from a Secret) for Trino over HTTPS and MLflow', () => {
    const trino = JSON.parse(production.secrets.find((s) => s.name === 'airflow-connections')!.keys.find((k) => k.key === 'trino_default')!.value!) as Record<string, unknown>;
    assert.equal(trino['port'], 8443);
    assert.deepEqual(trino['extra'], { protocol: 'https', verify: '/etc/airflow/trino-ca/ca.crt', auth: 'jwt', jwt__file: '/var/run/datalyptica/realm/token' });
    const pod = parse(configData(objects)['pod_template_file.yaml']!) as { spec: { initContainers: { name: string; command: string[]; env: Env[] }[]; containers: { env: Env[]; volumeMounts: { name: string; mountPath: string }[] }[]; volumes: { name: string; emptyDir?: { medium?: string } }[] } };
    const init = pod.spec.initContainers.find((c) => c.name === 'realm-token')!;
    assert.match(init.command[2]!, /client_credentials[\s\S]*OIDC_TOKEN_FILE/);
    assert.deepEqual(init.env.find((e) => e.name === 'OIDC_CLIENT_SECRET')?.valueFrom?.secretKeyRef, { name: 'airflow-tasks-client', key: 'client-secret' });
    assert.equal(init.env.find((e) => e.name === 'OIDC_CLIENT_ID')?.value, 'airflow-tasks');
    const base = pod.spec.containers[0]!;
    assert.ok(base.volumeMounts.some((m) => m.name === 'realm-token' && m.mountPath === '/var/run/datalyptica/realm'));
    assert.equal(base.env.find((e) => e.name === 'MLFLOW_TRACKING_URI')?.value, 'http://mlflow.datalyptica-analytics.svc:4180');
    assert.equal(base.env.find((e) => e.name === 'DATALYPTICA_TOKEN_FILE')?.value, '/var/run/datalyptica/realm/token');
    assert.equal(pod.spec.volumes.find((v) => v.name === 'realm-token')?.emptyDir?.medium, 'Memory');
    const client = buildWithSso().ssoClients!.find((c) => c.clientId === 'airflow-tasks');
    assert.deepEqual([client?.type, client?.audiences, client?.serviceAccountClientRoles], ['service', ['trino', 'mlflow'], { mlflow: ['user'] }]);
    assert.ok(production.secrets.some((s) => s.name === 'airflow-tasks-client' && s.valueGroup === ssoClientValueGroup('airflow-tasks')));
    // The scheduler runs no task code: no token there.
    assert.ok(!JSON.stringify(deploymentOf(objects, 'scheduler')).includes('realm-token'));
    const plain = JSON.parse(withoutSso.secrets.find((s) => s.name === 'airflow-connections')!.keys.find((k) => k.key === 'trino_default')!.value!) as Record<string, unknown>;
    assert.equal(plain['login'], 'airflow');
    assert.equal((plain['extra'] as Record<string, unknown>)['auth'], undefined);
    assert.ok(!configData(objectsOf(withoutSso, 'airflow'))['pod_template_file.yaml']!.includes('realm-token'));
  });

  it('warns that the stock image lacks the Trino provider until `image` names one that has it', () => {
    assert.ok(production.components.get('airflow')!.build.warnings.some((w) => /lacks apache-airflow-providers-trino/.test(w)));
    const own = build({ components: { airflow: { image: 'registry.example.com/data/airflow:3.3.2-trino' } } }).components.get('airflow')!.build;
    assert.deepEqual(own.warnings, []);
    assert.equal(at(deploymentOf(own.objects, 'scheduler'), 'spec.template.spec.containers.0.image'), 'registry.example.com/data/airflow:3.3.2-trino');
  });

  it('connects to Kafka as its own KafkaUser with least-privilege ACLs, declared in its own folder', () => {
    const user = findObject(objectsOf(production, 'kafka'), 'KafkaUser', 'datalyptica-airflow');
    assert.equal(at(user, 'spec.authentication.type'), 'tls');
    const acls = at(user, 'spec.authorization.acls') as { resource: { type: string; name: string; patternType: string }; operations: string[] }[];
    assert.ok(acls.every((a) => a.resource.type !== 'cluster' && a.resource.name !== '*' && !a.operations.includes('Delete') && !a.operations.includes('All')));
    const writable = acls.filter((a) => a.operations.includes('Write')).map((a) => a.resource.name);
    assert.deepEqual(writable, ['airflow.']);
    // Strimzi writes the certificate in Kafka's namespace; deploy copies it and the cluster CA to Airflow's.
    const copies = production.secrets.filter((s) => s.namespace === 'datalyptica-analytics' && s.source === 'copy' && s.consumers.includes('airflow')).map((s) => s.name);
    assert.ok(copies.includes('datalyptica-airflow') && copies.includes('datalyptica-kafka-cluster-ca-cert'), copies.join(','));
    const env = containerEnv(deploymentOf(objects, 'scheduler'));
    assert.deepEqual(env.find((e) => e.name === 'AIRFLOW_CONN_KAFKA_DEFAULT')?.valueFrom?.secretKeyRef, { name: 'airflow-connections', key: 'kafka_default' });
    const connections = production.secrets.find((s) => s.name === 'airflow-connections')!;
    const kafka = JSON.parse(connections.keys.find((k) => k.key === 'kafka_default')!.value!) as { extra: Record<string, string> };
    assert.equal(kafka.extra['bootstrap.servers'], 'datalyptica-kafka-kafka-bootstrap.datalyptica-streaming.svc:9093');
    assert.equal(kafka.extra['security.protocol'], 'SSL');
    // The broker admits it, in Kafka's own policy and Strimzi's listener peers.
    assert.ok(production.components.get('kafka')!.build.flows.some((f) => f.from.kind === 'component' && f.from.component === 'airflow'));

    const off = build({ components: { airflow: { connections: { kafka: false } } } });
    assert.ok(!objectsOf(off, 'kafka').some((o) => o.kind === 'KafkaUser' && o.metadata.name === 'datalyptica-airflow'));
    assert.ok(!containerEnv(deploymentOf(objectsOf(off, 'airflow'), 'scheduler')).some((e) => e.name === 'AIRFLOW_CONN_KAFKA_DEFAULT'));
    assert.ok(!off.secrets.some((s) => s.name === 'datalyptica-airflow'));
  });

  it('drops a connection whose peer is disabled', () => {
    const platform = build({ components: { spark: { enabled: false } } });
    const list = objectsOf(platform, 'airflow');
    assert.ok(!containerEnv(deploymentOf(list, 'scheduler')).some((e) => e.name === 'AIRFLOW_CONN_SPARK_KUBERNETES'));
    assert.ok(!list.some((o) => o.metadata.name === 'airflow-spark-submit'));
    assert.equal(at(findObject(list, 'ServiceAccount', 'airflow-worker'), 'automountServiceAccountToken'), false);
    assert.equal(at(parse(configData(list)['pod_template_file.yaml']!), 'spec.automountServiceAccountToken'), false);
  });

  it('exposes only the api-server, with TLS from the platform and password login without the identity tier', () => {
    const built = withoutSso.components.get('airflow')!.build;
    assert.equal(built.exposures.length, 1);
    assert.equal(built.exposures[0]!.authentication, 'password');
    assert.equal(built.exposures[0]!.service, 'airflow-api-server');
    const route = findObject(objectsOf(withoutSso, 'airflow'), 'Route', 'airflow');
    assert.equal(at(route, 'spec.tls.termination'), 'edge');
    assert.match(configData(objectsOf(withoutSso, 'airflow'))['webserver_config.py']!, /AUTH_TYPE = AUTH_DB/);
    assert.ok(withoutSso.secrets.some((s) => s.name === 'airflow-admin' && s.source === 'generated'));
    assert.ok(!withoutSso.secrets.some((s) => s.name === 'airflow-oidc'));
    assert.deepEqual(built.ssoClients, []);
  });

  it('logs users in through Keycloak with group → role mapping when the identity tier is on', () => {
    const sso = buildWithSso();
    assert.equal(sso.exposures[0]!.authentication, 'oidc');
    const client = sso.ssoClients![0]!;
    assert.equal(client.clientId, 'airflow');
    assert.deepEqual(client.redirectUris, ['https://airflow.apps.datalyptica.example.com/auth/oauth-authorized/keycloak']);
    assert.deepEqual(client.roleMapping, { Admin: ['admins'], Op: ['engineers'], User: ['analysts'], Viewer: ['viewers'] });
    const config = configData(sso.objects)['webserver_config.py']!;
    assert.match(config, /AUTH_TYPE = AUTH_OAUTH/);
    assert.match(config, /"admins": \["Admin"\]/);
    assert.match(config, /"client_secret": os\.environ\["AIRFLOW_OIDC_CLIENT_SECRET"\]/);
    // Discovery over the in-cluster backchannel; Keycloak answers with the public issuer.
    assert.match(config, /server_metadata_url": "https:\/\/keycloak-service\.datalyptica-[a-z]+\.svc:8443\/realms\/datalyptica\/\.well-known\/openid-configuration"/);
    // authlib's session verifies Keycloak's certificate with the mounted CA copy.
    assert.match(config, /"client_kwargs": \{"scope": "openid email profile", "verify": "\/etc\/datalyptica\/keycloak-ca\/ca\.crt"\}/);
    const apiPod = at(deploymentOf(sso.objects, 'api-server'), 'spec.template.spec') as { volumes: { name: string; secret?: { secretName: string } }[]; containers: { volumeMounts: { mountPath: string }[] }[] };
    assert.equal(apiPod.volumes.find((v) => v.name === 'keycloak-ca')?.secret?.secretName, 'keycloak-ca');
    assert.ok(apiPod.containers[0]!.volumeMounts.some((m) => m.mountPath === '/etc/datalyptica/keycloak-ca'));
    assert.equal(sso.secrets.find((r) => r.name === 'keycloak-ca')?.copyFrom?.name, 'keycloak-tls');
    // Task pods' token init container reads the CA from OIDC_CA_FILE.
    const template = configData(sso.objects)['pod_template_file.yaml']!;
    assert.match(template, /name: OIDC_CA_FILE\n\s+value: \/etc\/datalyptica\/keycloak-ca\/ca\.crt/);
    assert.match(template, /secretName: keycloak-ca/);
    const env = containerEnv(deploymentOf(sso.objects, 'api-server'));
    assert.equal(env.find((e) => e.name === 'AIRFLOW__FAB__ENABLE_PROXY_FIX')?.value, 'True');
    assert.deepEqual(env.find((e) => e.name === 'AIRFLOW_OIDC_CLIENT_SECRET')?.valueFrom?.secretKeyRef, { name: 'airflow-oidc', key: 'client-secret' });
    const secret = sso.secrets.find((s) => s.name === 'airflow-oidc')!;
    assert.equal(secret.source, 'generated');
    assert.deepEqual(secret.keys, [SSO_CLIENT_SECRET_SPEC]);
    assert.equal(secret.valueGroup, ssoClientValueGroup('airflow'));
    assert.deepEqual(client.secret, { name: 'airflow-oidc', namespace: 'datalyptica-analytics' });
    // Keycloak lets Airflow in on its backchannel port because Airflow declares a realm client.
    const keycloak = production.components.get('keycloak')!.build;
    assert.ok(keycloak.flows.some((f) => f.from.kind === 'component' && f.from.component === 'airflow'));
    assert.ok(!sso.secrets.some((s) => s.name === 'airflow-admin'));
    // No admin with a password behind Keycloak: the only FAB database user is the validate service user (Viewer).
    const script = JSON.stringify(at(sso.objects.find((o) => o.kind === 'Job'), 'spec.template.spec.containers.0.args'));
    assert.doesNotMatch(script, /--role Admin|ADMIN_PASSWORD/);
    assert.match(script, /airflow users create --username \\"\$\{VALIDATE_USERNAME\}\\" --password \\"\$\{VALIDATE_PASSWORD\}\\" --role Viewer/);
  });

  it('declares the REST API data-path check as the validate service user, whose password the migration Job sets from its Secret', () => {
    for (const built of [production.components.get('airflow')!.build, platformFor({ components: { keycloak: { enabled: false } } }).components.get('airflow')!.build]) {
      const check = built.checks.find((c) => c.id === 'airflow.api')!;
      assert.equal(check.group, 'data');
      assert.deepEqual(check.probe, {
        type: 'airflow-api',
        endpoint: { namespace: 'datalyptica-analytics', service: 'airflow-api-server', port: 8080 },
        username: { namespace: 'datalyptica-analytics', name: 'airflow-validate', key: 'username' },
        password: { namespace: 'datalyptica-analytics', name: 'airflow-validate', key: 'password' },
      });
      const secret = built.secrets.find((s) => s.name === 'airflow-validate')!;
      assert.deepEqual(secret.keys.map((k) => [k.key, k.kind]), [['username', 'username'], ['password', 'password']]);
      const env = at(built.objects.find((o) => o.kind === 'Job'), 'spec.template.spec.containers.0.env') as { name: string; valueFrom?: { secretKeyRef?: { name: string } } }[];
      assert.equal(env.find((e) => e.name === 'VALIDATE_PASSWORD')?.valueFrom?.secretKeyRef?.name, 'airflow-validate');
    }
  });

  it('offers StatsD metrics to Prometheus through the exporter', () => {
    const built = production.components.get('airflow')!.build;
    assert.equal(built.metrics?.[0]?.port, 'metrics');
    assert.equal(built.metrics?.[0]?.targetPort, 9102);
    const env = containerEnv(deploymentOf(objects, 'scheduler'));
    assert.equal(env.find((e) => e.name === 'AIRFLOW__METRICS__STATSD_HOST')?.value, 'airflow-statsd.datalyptica-analytics.svc');
    // The scrape admission follows from the metrics declaration: no hand-written monitoring flow.
    assert.ok(!built.flows.some((f) => f.from.kind === 'monitoring'));
    assert.ok(built.flows.some((f) => f.ports.some((p) => p.port === 9125 && p.protocol === 'UDP')));
  });

  it('checks health and the migrated metadata database live', () => {
    const built = production.components.get('airflow')!.build;
    const health = built.checks.find((c) => c.id === 'airflow.health')!;
    assert.deepEqual(health.probe, { type: 'http', endpoint: { namespace: 'datalyptica-analytics', service: 'airflow-api-server', port: 8080 }, path: '/api/v2/monitor/health', expectBody: 'healthy' });
    const db = built.checks.find((c) => c.id === 'airflow.metadata-db')!.probe;
    assert.equal(db.type, 'postgres');
    assert.match(JSON.stringify(db), /"service":"datalyptica-postgres-pooler-rw","port":5432/);
  });

  it('sizes the quota for `parallelism` task pods', () => {
    const task = production.components.get('airflow')!.build.footprint.find((f) => f.name === 'airflow-task')!;
    assert.equal(task.replicas, 16);
    const own = build({ components: { airflow: { workers: { parallelism: 3 } } } }).components.get('airflow')!.build.footprint.find((f) => f.name === 'airflow-task')!;
    assert.equal(own.replicas, 3);
  });

  it('refuses credentials in `config`', () => {
    assert.throws(() => resolveConfig({ components: { airflow: { config: { database: { sql_alchemy_conn: 'postgresql://u:p@h/db' } } } } }), (error: unknown) => (error as { details: string[] }).details.some((d) => d.includes('credentials come from Secrets') && d.includes('sql_alchemy_conn')));
    const ok = objectsOf(build({ components: { airflow: { config: { core: { parallelism: 7 } } } } }), 'airflow');
    const env = containerEnv(deploymentOf(ok, 'scheduler'));
    assert.deepEqual(env.filter((e) => e.name === 'AIRFLOW__CORE__PARALLELISM').map((e) => e.value), ['7']);
  });

  it('documents every option in the config JSON Schema', () => {
    type Node = { description?: string; properties?: Record<string, Node> };
    const root = (configJsonSchema() as { properties: { components: { properties: Record<string, Node> } } }).properties.components.properties['airflow']!;
    const undocumented: string[] = [];
    const walk = (node: Node, path: string) => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        if (child.description === undefined && !['requests', 'limits', 'cpu', 'memory', 'size', 'storageClass'].includes(key)) undocumented.push(`${path}${key}`);
        walk(child, `${path}${key}.`);
      }
    };
    walk(root, '');
    assert.deepEqual(undocumented, []);
  });

  it('renders objects that validate against the schemas in every combination', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const base of ALL_COMBINATIONS) {
      for (const object of objectsOf(build(base), 'airflow')) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${object.kind}/${object.metadata.name} ${JSON.stringify(base)}: ${JSON.stringify(result.errors)}`);
      }
    }
  });
});
