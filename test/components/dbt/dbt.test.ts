import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, findObject, objectsOf } from '../../support/platform.ts';
import { matchSnapshot } from '../../support/snapshot.ts';
import { platformWith } from '../object-storage/support.ts';

describe('dbt', () => {
  const config = { components: { dbt: { git: { repository: 'https://git.example.com/analytics/dbt.git', ref: 'release', path: 'warehouse' }, schedule: '15 2 * * *' } } };
  const platform = platformWith(config);
  const objects = objectsOf(platform, 'dbt');
  const cron = findObject(objects, 'CronJob', 'dbt');
  const pod = at(cron, 'spec.jobTemplate.spec.template.spec') as Record<string, unknown>;

  it('schedules dbt with a git clone init container for the configured repository', () => {
    assert.equal(at(cron, 'spec.schedule'), '15 2 * * *');
    assert.equal(at(cron, 'spec.suspend'), false);
    assert.equal(at(cron, 'spec.concurrencyPolicy'), 'Forbid');
    const clone = JSON.stringify(at(pod, 'initContainers.0'));
    assert.match(clone, /git\.example\.com\/analytics\/dbt\.git/);
    assert.match(clone, /"GITSYNC_REF","value":"release"/);
    assert.match(JSON.stringify(at(pod, 'containers.0.command')), /--project-dir \\"\/workspace\/git\/project\/warehouse\\"/);
  });

  it('logs in to Trino as user dbt without a password when Trino runs without realm login', () => {
    const plain = objectsOf(platformWith({ components: { keycloak: { enabled: false }, trino: { https: { enabled: false } } } }), 'dbt');
    const profiles = (findObject(plain, 'ConfigMap', 'dbt-profiles')['data'] as Record<string, string>)['profiles.yml'] ?? '';
    assert.match(profiles, /type: trino/);
    assert.match(profiles, /method: none/);
    assert.match(profiles, /user: dbt/);
    assert.doesNotMatch(profiles, /password/);
    assert.match(profiles, /port: 8080\n\s+http_scheme: http\n/);
    assert.ok(!platform.secrets.some((s) => s.valueGroup === 'trino-user-dbt'));
    const https = (findObject(objectsOf(platformWith({ components: { trino: { https: { enabled: true } } } }), 'dbt'), 'ConfigMap', 'dbt-profiles')['data'] as Record<string, string>)['profiles.yml'] ?? '';
    assert.match(https, /port: 8443\n\s+http_scheme: https\n\s+cert: \/etc\/dbt\/trino-ca\/ca.crt/);
  });

  it('sends a realm token from its own service client over HTTPS by default when Trino logs callers in through the realm', () => {
    const secure = platformWith({});
    const dbtObjects = objectsOf(secure, 'dbt');
    const profiles = (findObject(dbtObjects, 'ConfigMap', 'dbt-profiles')['data'] as Record<string, string>)['profiles.yml'] ?? '';
    assert.match(profiles, /method: jwt\n\s+user: service-account-dbt\n\s+jwt_token: "\{\{ env_var\('DBT_TRINO_JWT'\) \}\}"/);
    const container = at(findObject(dbtObjects, 'CronJob', 'dbt'), 'spec.jobTemplate.spec.template.spec.containers.0') as { command: string[]; env: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string } } }[] };
    assert.match(container.command[2]!, /client_credentials[\s\S]*export DBT_TRINO_JWT[\s\S]*dbt deps/);
    assert.equal(container.env.find((e) => e.name === 'OIDC_CLIENT_SECRET')?.valueFrom?.secretKeyRef.name, 'dbt-oidc-client');
    // The token request goes to Keycloak's HTTPS backchannel and trusts only its CA (OIDC_CA_FILE).
    assert.match(container.env.find((e) => e.name === 'OIDC_TOKEN_URL')?.value ?? '', /^https:\/\/keycloak-service\.datalyptica-iam\.svc:8443\//);
    assert.equal(container.env.find((e) => e.name === 'OIDC_CA_FILE')?.value, '/etc/datalyptica/keycloak-ca/ca.crt');
    assert.match(container.command[2]!, /context=ssl\.create_default_context\(cafile=os\.environ\.get\("OIDC_CA_FILE"\)\)/);
    assert.ok((at(findObject(dbtObjects, 'CronJob', 'dbt'), 'spec.jobTemplate.spec.template.spec.volumes') as { name: string }[]).some((v) => v.name === 'keycloak-ca'));
    const build = secure.components.get('dbt')!.build;
    assert.deepEqual(build.ssoClients!.map((c) => [c.clientId, c.type, c.audiences]), [['dbt', 'service', ['trino']]]);
    assert.equal(build.warnings.filter((w) => w.includes('HTTPS')).length, 0);
    assert.match(profiles, /port: 8443\n\s+http_scheme: https\n\s+cert: \/etc\/dbt\/trino-ca\/ca.crt/);
    assert.ok(platformWith({ components: { trino: { https: { enabled: false } } } }).components.get('dbt')!.build.warnings.some((w) => w.includes('components.trino.https')), 'warns when Trino has no HTTPS');
  });

  it('trusts Trino\'s platform-issued certificate: the OpenShift service CA, or a copy of cert-manager\'s CA on Kubernetes', () => {
    const volumeOf = (objects: ReturnType<typeof objectsOf>) =>
      (at(findObject(objects, 'CronJob', 'dbt'), 'spec.jobTemplate.spec.template.spec.volumes') as { name: string }[]).find((v) => v.name === 'trino-ca');
    assert.deepEqual(at(volumeOf(objectsOf(platformWith({}), 'dbt')), 'configMap'), { name: 'openshift-service-ca.crt', items: [{ key: 'service-ca.crt', path: 'ca.crt' }] });
    const kubernetes = platformWith({ target: 'kubernetes' });
    assert.deepEqual(at(volumeOf(objectsOf(kubernetes, 'dbt')), 'secret'), { secretName: 'trino-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] });
    const copy = kubernetes.components.get('dbt')!.build.secrets.find((s) => s.name === 'trino-ca');
    assert.equal(copy?.source, 'copy');
    assert.deepEqual(copy?.copyFrom, { namespace: 'datalyptica-query', name: 'trino-tls', keyMap: { 'ca.crt': 'ca.crt' } });
  });

  it('runs restricted with writable emptyDirs for /tmp and the workspace', () => {
    assert.equal(at(pod, 'containers.0.securityContext.readOnlyRootFilesystem'), true);
    assert.equal(at(pod, 'containers.0.securityContext.allowPrivilegeEscalation'), false);
    const volumes = at(pod, 'volumes') as { name: string; emptyDir?: object }[];
    assert.ok(volumes.find((v) => v.name === 'tmp')?.emptyDir);
    assert.ok(volumes.find((v) => v.name === 'workspace')?.emptyDir);
  });

  it('is suspended and skipped by readiness when no repository is configured', () => {
    const build = platformWith({}).components.get('dbt')?.build;
    assert.equal(at(findObject(build?.objects ?? [], 'CronJob', 'dbt'), 'spec.suspend'), true);
    assert.equal(build?.readiness.skip?.[0]?.kind, 'CronJob');
  });

  it('needs the internet for git and Trino before it runs', () => {
    const build = platform.components.get('dbt')?.build;
    assert.ok(build?.egress.some((e) => e.to.kind === 'internet' && e.ports.some((p) => p.port === 443)));
    assert.deepEqual(build?.dependsOn, ['trino']);
  });

  it('matches the snapshot', () => {
    matchSnapshot('dbt/production', objects);
  });
});
