import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runChecks } from '../../../src/check/run.ts';
import { DatalypticaError } from '../../../src/errors.ts';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import type { KubeObject } from '../../../src/model/kube.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import { crdSchema, pruneProblems } from '../../support/crd-prune.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';

type Json = Record<string, unknown>;
const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
const realmOf = (objects: readonly KubeObject[]) => at(findObject(objects, 'KeycloakRealmImport', 'realm-datalyptica'), 'spec.realm') as Json;
const clientsOf = (realm: Json) => realm['clients'] as Json[];

const FEDERATED: UserConfig = {
  components: {
    keycloak: {
      groups: ['data-stewards'],
      users: [{ username: 'ada', email: 'ada@example.com', groups: ['engineers', 'data-stewards'] }],
      identityProviders: [
        {
          type: 'oidc',
          alias: 'entra',
          issuer: 'https://login.microsoftonline.com/tenant/v2.0',
          authorizationUrl: 'https://login.microsoftonline.com/tenant/oauth2/v2.0/authorize',
          tokenUrl: 'https://login.microsoftonline.com/tenant/oauth2/v2.0/token',
          jwksUrl: 'https://login.microsoftonline.com/tenant/discovery/v2.0/keys',
          clientId: 'datalyptica',
          clientSecret: { name: 'entra-oidc', key: 'client-secret' },
        },
        {
          type: 'ldap',
          alias: 'corp-ad',
          vendor: 'ad',
          connectionUrl: 'ldaps://ad.example.com:636',
          usersDn: 'ou=people,dc=example,dc=com',
          bindDn: 'cn=keycloak,ou=svc,dc=example,dc=com',
          bindCredential: { name: 'corp-ad-bind', key: 'password' },
          groupsDn: 'ou=groups,dc=example,dc=com',
        },
      ],
    },
  },
} as UserConfig;

describe('keycloak component', () => {
  it('matches the production snapshot', () => {
    matchSnapshot('components/keycloak/production', platformFor().components.get('keycloak')!.build.objects);
  });

  it('runs 3 instances in production, 2 in small and 1 in dev, with a PDB and anti-affinity when more than one', () => {
    for (const [profile, instances] of [['production', 3], ['small', 2], ['dev', 1]] as const) {
      const objects = objectsOf(platformFor({ profile }), 'keycloak');
      const server = findObject(objects, 'Keycloak', 'keycloak');
      assert.equal(at(server, 'spec.instances'), instances);
      const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget');
      assert.equal(pdb !== undefined, instances > 1, profile);
      assert.equal(at(server, 'spec.scheduling.affinity') !== undefined, instances > 1, profile);
    }
  });

  it('stores its data in its own database on the platform PostgreSQL, with the login read from Secrets', () => {
    const platform = platformFor();
    const server = findObject(objectsOf(platform, 'keycloak'), 'Keycloak', 'keycloak');
    assert.deepEqual(at(server, 'spec.db'), {
      vendor: 'postgres',
      host: `datalyptica-postgres-pooler-rw.${platform.components.get('postgres')!.namespace}.svc`,
      port: 5432,
      database: 'keycloak',
      usernameSecret: { name: 'datalyptica-pg-keycloak', key: 'username' },
      passwordSecret: { name: 'datalyptica-pg-keycloak', key: 'password' },
      poolMinSize: 5,
      poolMaxSize: 20,
    });
    assert.ok(platform.secrets.some((s) => s.name === 'datalyptica-pg-keycloak' && s.namespace === 'datalyptica-iam'), 'the login is copied into the IAM namespace');
  });

  it('serves the public hostname from the domain with TLS from cert-manager, health and metrics on, and no operator-made Ingress', () => {
    const objects = objectsOf(platformFor(), 'keycloak');
    const server = findObject(objects, 'Keycloak', 'keycloak');
    assert.equal(at(server, 'spec.hostname.hostname'), 'https://keycloak.apps.datalyptica.example.com');
    assert.equal(at(server, 'spec.hostname.backchannelDynamic'), true);
    assert.equal(at(server, 'spec.http.tlsSecret'), 'keycloak-tls');
    assert.equal(at(findObject(objects, 'Certificate', 'keycloak'), 'spec.secretName'), 'keycloak-tls');
    assert.equal(at(server, 'spec.ingress.enabled'), false);
    const options = Object.fromEntries((at(server, 'spec.additionalOptions') as { name: string; value: string }[]).map((o) => [o.name, o.value]));
    assert.equal(options['health-enabled'], 'true');
    assert.equal(options['metrics-enabled'], 'true');
    assert.equal(at(server, 'spec.bootstrapAdmin.user.secret'), 'keycloak-bootstrap-admin');
    assert.equal(findObject(objects, 'Route', 'keycloak').metadata.namespace, 'datalyptica-iam');
  });

  it('lives in the IAM namespace in the functional layout and in the control namespace in the layered one', () => {
    assert.equal(platformFor().components.get('keycloak')!.namespace, 'datalyptica-iam');
    assert.equal(platformFor({ layout: 'layered' }).components.get('keycloak')!.namespace, 'datalyptica-control');
  });

  it('installs the operator through OLM on OpenShift and from the release manifest on Kubernetes', () => {
    const openshift = objectsOf(platformFor(), 'operators').find((o) => o.kind === 'Subscription' && at(o, 'spec.name') === 'keycloak-operator');
    assert.ok(openshift, 'a keycloak-operator Subscription');
    assert.equal(at(openshift, 'spec.channel'), 'fast');
    const requirement = platformFor({ target: 'kubernetes' }).components.get('keycloak')!.build.operators[0]!;
    assert.equal(requirement.kubernetes.type, 'manifest');
    assert.equal(requirement.kubernetes.namespace, 'datalyptica-iam');
  });

  it('renders objects that validate against the Keycloak CRD schemas in every combination', () => {
    for (const base of [...ALL_COMBINATIONS, FEDERATED]) {
      for (const object of objectsOf(platformFor(base), 'keycloak')) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${object.kind}/${object.metadata.name} ${JSON.stringify(base)}: ${JSON.stringify(result.errors)}`);
      }
    }
  });
});

describe('the Keycloak custom resources against the upstream CRDs (Keycloak 26.0 k8s.keycloak.org/v2alpha1)', () => {
  const plural = { Keycloak: 'keycloaks', KeycloakRealmImport: 'keycloakrealmimports' } as const;
  it('round-trip through the structural schema: no field pruned, no type or required field wrong', () => {
    for (const base of [...ALL_COMBINATIONS, FEDERATED]) {
      for (const object of objectsOf(platformFor(base), 'keycloak').filter((o) => o.apiVersion === 'k8s.keycloak.org/v2alpha1')) {
        const schema = crdSchema('k8s.keycloak.org', plural[object.kind as keyof typeof plural], 'v2alpha1');
        assert.deepEqual(pruneProblems(object, schema), [], `${object.kind}/${object.metadata.name} ${JSON.stringify(base)}`);
      }
    }
  });

  it('finds a field the CRD does not declare (the check can fail)', () => {
    const server = findObject(objectsOf(platformFor(), 'keycloak'), 'Keycloak', 'keycloak');
    const broken = { ...server, spec: { ...(server['spec'] as Json), healthEnabled: true, instances: '3' } };
    assert.deepEqual(pruneProblems(broken, crdSchema('k8s.keycloak.org', 'keycloaks', 'v2alpha1')).sort(), ['.spec.healthEnabled: not in the schema (pruned)', '.spec.instances: string, the schema wants integer']);
  });
});

describe('the platform realm', () => {
  it('holds one client per client the rendered components declare, and none for a disabled one', () => {
    const ids = clientsOf(realmOf(objectsOf(platformFor(), 'keycloak'))).map((c) => c['clientId']);
    assert.deepEqual(ids, ['nessie', 'spark-nessie', 'flink-nessie', 'trino', 'trino-service', 'trino-metrics', 'trino-nessie', 'dbt', 'airflow', 'airflow-tasks', 'jupyterhub', 'mlflow', 'mlflow-validate', 'superset', 'grafana']);
    const off = { enabled: false };
    const withoutTrino = clientsOf(realmOf(objectsOf(platformFor({ components: { trino: off, dbt: off } }), 'keycloak'))).map((c) => c['clientId']);
    assert.deepEqual(withoutTrino, ['nessie', 'spark-nessie', 'flink-nessie', 'airflow', 'airflow-tasks', 'jupyterhub', 'mlflow', 'mlflow-validate', 'superset', 'grafana']);
    const withoutAnalytics = clientsOf(realmOf(objectsOf(platformFor({ components: { airflow: off, jupyterhub: off, mlflow: off, superset: off } }), 'keycloak'))).map((c) => c['clientId']);
    assert.deepEqual(withoutAnalytics, ['nessie', 'spark-nessie', 'flink-nessie', 'trino', 'trino-service', 'trino-metrics', 'trino-nessie', 'dbt', 'grafana']);
  });

  it('checks in validate that the realm holds every declared client with its secret (the import only creates the realm)', () => {
    const platform = platformFor();
    const checks = platform.components.get('keycloak')!.build.checks.filter((c) => c.id.startsWith('keycloak.client.'));
    const ids = clientsOf(realmOf(objectsOf(platform, 'keycloak'))).map((c) => `keycloak.client.${String(c['clientId'])}`);
    assert.deepEqual(checks.map((c) => c.id), ids);
    const spark = checks.find((c) => c.id === 'keycloak.client.spark-nessie')!;
    assert.deepEqual(spark.probe, { type: 'oidc-client', endpoint: { namespace: 'datalyptica-iam', service: 'keycloak-service', port: 8080 }, realmPath: '/realms/datalyptica', clientId: 'spark-nessie', clientSecret: { namespace: 'datalyptica-iam', name: 'sso-client-spark-nessie', key: 'client-secret' } });
    assert.equal(checks.find((c) => c.id === 'keycloak.client.nessie')!.probe.type === 'oidc-client' && 'clientSecret' in checks.find((c) => c.id === 'keycloak.client.nessie')!.probe, false, 'a public client has no secret');
  });

  it('grants service clients the other clients\' roles they declare through their service account users', () => {
    const users = at(realmOf(objectsOf(platformFor(), 'keycloak')), 'users') as { username: string; serviceAccountClientId?: string; clientRoles?: Record<string, string[]> }[];
    assert.deepEqual(users.find((u) => u.username === 'service-account-airflow-tasks'), { username: 'service-account-airflow-tasks', enabled: true, serviceAccountClientId: 'airflow-tasks', clientRoles: { mlflow: ['user'] } });
    const noMlflow = at(realmOf(objectsOf(platformFor({ components: { mlflow: { enabled: false } } }), 'keycloak')), 'users') as { username: string }[];
    assert.ok(!noMlflow.some((u) => u.username === 'service-account-airflow-tasks'));
  });

  it('reads every client secret and the admin password through placeholders backed by Secrets in the plan', () => {
    const platform = platformFor();
    const realmImport = findObject(objectsOf(platform, 'keycloak'), 'KeycloakRealmImport', 'realm-datalyptica');
    const placeholders = at(realmImport, 'spec.placeholders') as Record<string, { secret: { name: string; key: string } }>;
    const text = JSON.stringify(at(realmImport, 'spec.realm'));
    for (const name of text.match(/\$\{([A-Z0-9_]+)\}/g)!.map((p) => p.slice(2, -1))) {
      const ref = placeholders[name];
      assert.ok(ref, `placeholder ${name} has a Secret`);
      assert.ok(platform.secrets.some((s) => s.name === ref.secret.name && s.namespace === 'datalyptica-iam' && s.keys.some((k) => k.key === ref.secret.key)), `${ref.secret.name} is planned`);
    }
    const trino = clientsOf(at(realmImport, 'spec.realm') as Json).find((c) => c['clientId'] === 'trino')!;
    assert.equal(trino['secret'], '${SSO_CLIENT_TRINO}');
    const iamCopy = platform.secrets.find((s) => s.name === 'sso-client-trino')!;
    const consumerCopy = platform.secrets.find((s) => s.name === 'trino-oauth2')!;
    assert.equal(iamCopy.valueGroup, consumerCopy.valueGroup, 'both copies hold one generated value');
  });

  it('shares each client secret with the consumer\'s own Secret through the client\'s value group', () => {
    const platform = platformFor();
    const clients = platform.components.get('keycloak')!.build.secrets.filter((s) => s.name.startsWith('sso-client-'));
    assert.ok(clients.length > 0);
    for (const [name, built] of platform.components) {
      for (const client of built.build.ssoClients ?? []) {
        if (client.secret === undefined) continue;
        const own = platform.secrets.find((s) => s.name === client.secret!.name && s.namespace === client.secret!.namespace);
        assert.ok(own, `${name} declares ${client.secret.namespace}/${client.secret.name}`);
        assert.equal(own.valueGroup, `sso-client-${client.clientId}`, `${name}'s ${client.secret.name} must use ssoClientValueGroup('${client.clientId}')`);
        assert.ok(own.keys.some((k) => k.key === 'client-secret'), `${client.secret.name} has key client-secret`);
      }
    }
  });

  it('creates the four platform groups with the client roles each component maps to them', () => {
    const groups = realmOf(objectsOf(platformFor(), 'keycloak'))['groups'] as { name: string; clientRoles?: Record<string, string[]> }[];
    assert.deepEqual(groups.map((g) => g.name), ['admins', 'engineers', 'analysts', 'viewers']);
    const roles = (name: string) => groups.find((g) => g.name === name)!.clientRoles;
    // Admins administer every application; JupyterHub's admins are also its users.
    assert.deepEqual(roles('admins'), { nessie: ['admin'], trino: ['admin'], airflow: ['Admin'], jupyterhub: ['jupyterhub-admin', 'jupyterhub-user'], mlflow: ['user'], superset: ['Admin'], grafana: ['Admin'] });
    assert.deepEqual(roles('engineers'), { nessie: ['writer'], trino: ['engineer'], airflow: ['Op'], jupyterhub: ['jupyterhub-user'], mlflow: ['user'], superset: ['Alpha', 'sql_lab'], grafana: ['Editor'] });
    assert.deepEqual(roles('analysts'), { nessie: ['reader'], trino: ['analyst'], airflow: ['User'], jupyterhub: ['jupyterhub-user'], mlflow: ['user'], superset: ['Gamma', 'sql_lab'], grafana: ['Viewer'] });
    // Viewers only read: no notebooks (code execution) and no MLflow (no read-only role behind oauth2-proxy).
    assert.deepEqual(roles('viewers'), { nessie: ['reader'], trino: ['viewer'], airflow: ['Viewer'], superset: ['Gamma'], grafana: ['Viewer'] });
  });

  it('gives a batch client the token lifetime it declares, and the others the realm\'s', () => {
    const clients = clientsOf(realmOf(objectsOf(platformFor(), 'keycloak')));
    assert.equal(at(clients.find((c) => c['clientId'] === 'dbt'), 'attributes')?.['access.token.lifespan' as never], '14400');
    assert.equal(at(clients.find((c) => c['clientId'] === 'trino'), 'attributes')?.['access.token.lifespan' as never], undefined);
  });

  it('protects logins against brute force and bounds token and session lifetimes', () => {
    const realm = realmOf(objectsOf(platformFor({ components: { keycloak: { tokens: { accessTokenLifespan: 600 } } } } as UserConfig), 'keycloak'));
    assert.equal(realm['bruteForceProtected'], true);
    assert.equal(realm['failureFactor'], 5);
    assert.equal(realm['accessTokenLifespan'], 600);
    assert.equal(realm['ssoSessionIdleTimeout'], 1800);
    assert.equal(realm['registrationAllowed'], false);
    const clients = clientsOf(realm);
    assert.ok(clients.every((c) => c['directAccessGrantsEnabled'] === false && c['implicitFlowEnabled'] === false));
  });

  it('creates the first admin in the admins group with a temporary password from the secrets plan', () => {
    const users = realmOf(objectsOf(platformFor(), 'keycloak'))['users'] as Json[];
    assert.deepEqual(users[0], { username: 'admin', enabled: true, emailVerified: false, groups: ['/admins'], credentials: [{ type: 'password', value: '${REALM_ADMIN_PASSWORD}', temporary: true }] });
  });

  it('adds configured users and groups without passwords, and federates LDAP/AD and an upstream OIDC provider', () => {
    const platform = platformFor(FEDERATED);
    const realm = realmOf(objectsOf(platform, 'keycloak'));
    const ada = (realm['users'] as Json[]).find((u) => u['username'] === 'ada')!;
    assert.deepEqual(ada['groups'], ['/engineers', '/data-stewards']);
    assert.equal(ada['credentials'], undefined);
    assert.ok((realm['groups'] as Json[]).some((g) => g['name'] === 'data-stewards'));
    const idp = (realm['identityProviders'] as Json[])[0]!;
    assert.equal(idp['providerId'], 'oidc');
    assert.equal(at(idp, 'config.clientSecret'), '${IDP_ENTRA}');
    assert.equal(at(idp, 'config.validateSignature'), 'true');
    const ldap = (at(realm, 'components') as Record<string, Json[]>)['org.keycloak.storage.UserStorageProvider']![0]!;
    assert.deepEqual(at(ldap, 'config.bindCredential'), ['${LDAP_CORP_AD}']);
    assert.deepEqual(at(ldap, 'config.usernameLDAPAttribute'), ['sAMAccountName']);
    const external = platform.secrets.filter((s) => s.source === 'external' && s.namespace === 'datalyptica-iam').map((s) => s.name).sort();
    assert.deepEqual(external, ['corp-ad-bind', 'entra-oidc']);
    assert.ok(platform.components.get('keycloak')!.build.egress.some((e) => e.ports.some((p) => p.port === 636)));
  });

  it('refuses a user in a group the realm does not create, and names the fix', () => {
    assert.throws(
      () => platformFor({ components: { keycloak: { users: [{ username: 'bob', groups: ['auditors'] }] } } } as UserConfig),
      (error: unknown) => error instanceof DatalypticaError && /components\.keycloak\.users\[0\]\.groups\[0\].*auditors.*components\.keycloak\.groups/.test(error.details.join('\n')),
    );
    assert.doesNotThrow(() => platformFor({ components: { keycloak: { groups: ['auditors'], users: [{ username: 'bob', groups: ['auditors'] }] } } } as UserConfig));
  });

  it('refuses a password in a configured user', () => {
    assert.throws(() => platformFor({ components: { keycloak: { users: [{ username: 'bob', password: 'hunter2hunter2' }] } } } as unknown as UserConfig));
  });
});

describe('authentication of exposed services', () => {
  it('declares authentication on every exposure in every profile, target and layout', () => {
    for (const combination of ALL_COMBINATIONS) {
      for (const [name, built] of platformFor(combination).components) {
        for (const exposure of built.build.exposures) assert.ok(exposure.authentication !== undefined && exposure.authentication !== 'none', `${name}/${exposure.host} in ${JSON.stringify(combination)}`);
      }
    }
  });

  it('turns Nessie\'s OIDC on with the realm and reaches the realm through the backchannel', () => {
    const platform = platformFor();
    const config = (findObject(objectsOf(platform, 'nessie'), 'ConfigMap', 'nessie-config')['data'] as Record<string, string>)['application.properties']!;
    assert.match(config, /^quarkus\.oidc\.tenant-enabled=true$/m);
    assert.match(config, /^quarkus\.oidc\.auth-server-url=https:\/\/keycloak-service\.datalyptica-iam\.svc:8443\/realms\/datalyptica$/m);
    // Quarkus OIDC verifies Keycloak's certificate with a named TLS configuration over the mounted CA copy.
    assert.match(config, /^quarkus\.oidc\.tls\.tls-configuration-name=keycloak$/m);
    assert.match(config, /^quarkus\.tls\.keycloak\.trust-store\.pem\.certs=\/etc\/datalyptica\/keycloak-ca\/ca\.crt$/m);
    const pod = at(findObject(objectsOf(platform, 'nessie'), 'Deployment', 'nessie'), 'spec.template.spec') as { volumes: { name: string; secret?: { secretName: string } }[]; containers: { volumeMounts: { name: string; mountPath: string }[] }[] };
    assert.equal(pod.volumes.find((v) => v.name === 'keycloak-ca')?.secret?.secretName, 'keycloak-ca');
    assert.ok(pod.containers[0]!.volumeMounts.some((m) => m.name === 'keycloak-ca' && m.mountPath === '/etc/datalyptica/keycloak-ca'));
    const copy = platform.components.get('nessie')!.build.secrets.find((s) => s.name === 'keycloak-ca');
    assert.deepEqual(copy?.copyFrom, { namespace: 'datalyptica-iam', name: 'keycloak-tls', keyMap: { 'ca.crt': 'ca.crt' } });
    const nessieFlow = platform.components.get('keycloak')!.build.flows.find((f) => f.from.kind === 'component' && f.from.component === 'nessie');
    assert.deepEqual(nessieFlow?.ports.map((p) => p.port), [8443]);
    assert.match(config, /^quarkus\.oidc\.token\.issuer=https:\/\/keycloak\.apps\.datalyptica\.example\.com\/realms\/datalyptica$/m);
    const flows = platform.components.get('keycloak')!.build.flows.flatMap((f) => (f.from.kind === 'component' ? [f.from.component] : []));
    assert.ok(flows.includes('nessie') && flows.includes('trino'));
  });

  it('no longer warns that Spark and Flink get 401 from Nessie: both declare realm clients and reach the realm\'s backchannel', () => {
    const platform = platformFor();
    assert.deepEqual(platform.components.get('nessie')!.build.warnings, []);
    const flows = platform.components.get('keycloak')!.build.flows.flatMap((f) => (f.from.kind === 'component' ? [f.from.component] : []));
    assert.ok(flows.includes('spark') && flows.includes('flink'));
    assert.deepEqual(platformFor({ components: { keycloak: { enabled: false } } } as UserConfig).components.get('nessie')!.build.warnings, []);
  });

  it('reports an exposure without authentication as an error, and a suppression with a reason clears it', () => {
    const off = { components: { keycloak: { enabled: false } } } as UserConfig;
    const findings = runChecks(platformFor(off), { validator }).findings.filter((f) => f.rule === 'DL-SEC-031');
    assert.deepEqual(findings.map((f) => `${f.object?.kind}/${f.object?.name}`).sort(), ['Route/nessie', 'Route/trino']);
    assert.ok(findings.every((f) => f.severity === 'error' && !f.suppressed));
    const suppressed = runChecks(platformFor({ ...off, check: { suppressions: [{ rule: 'DL-SEC-031', object: 'Route/nessie', reason: 'lab cluster behind a VPN' }] } } as UserConfig), { validator }).findings.filter((f) => f.rule === 'DL-SEC-031');
    assert.deepEqual(suppressed.filter((f) => !f.suppressed).map((f) => f.object?.name), ['trino']);
  });
});
