import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaValidator } from '../../../src/check/schema/validator.ts';
import type { UserConfig } from '../../../src/config/schema.ts';
import { ALL_COMBINATIONS, at, findObject, objectsOf, platformFor } from '../../support/platform.ts';
import { SCHEMA_DIRS } from '../../support/schemas.ts';
import { matchSnapshot } from '../../support/snapshot.ts';

const RECEIVERS = [
  { type: 'email', name: 'ops-mail', to: 'ops@example.com', from: 'alerts@example.com', smarthost: 'smtp.example.com:587', username: 'alerts' },
  { type: 'slack', name: 'ops-slack', channel: '#data-platform', severities: ['critical', 'warning'] },
  { type: 'pagerduty', name: 'oncall', severities: ['critical'] },
] as const;
const withReceivers = (config: UserConfig = {}): UserConfig => ({ ...config, components: { alertmanager: { receivers: RECEIVERS.map((r) => ({ ...r, ...('severities' in r ? { severities: [...r.severities] } : {}) })) } } });

describe('alertmanager component', () => {
  it('matches the production Kubernetes snapshot with three receivers', () => {
    matchSnapshot('components/alertmanager/production-kubernetes', objectsOf(platformFor(withReceivers({ target: 'kubernetes', profile: 'production' })), 'alertmanager'));
  });

  it('runs a cluster of 3 outside dev, on distinct nodes, configured from the routing AlertmanagerConfig', () => {
    const objects = objectsOf(platformFor({ target: 'kubernetes', profile: 'production' }), 'alertmanager');
    const am = findObject(objects, 'Alertmanager', 'datalyptica');
    assert.equal(at(am, 'spec.replicas'), 3);
    assert.equal(at(am, 'spec.alertmanagerConfiguration.name'), 'datalyptica-alert-routing');
    assert.ok(at(am, 'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution'));
    assert.equal(at(am, 'spec.containers.0.securityContext.allowPrivilegeEscalation'), false);
    assert.equal(at(findObject(objectsOf(platformFor({ target: 'kubernetes', profile: 'dev' }), 'alertmanager'), 'Alertmanager', 'datalyptica'), 'spec.replicas'), 1);
  });

  it('routes by severity to email, Slack and PagerDuty with credentials from Secret references only', () => {
    const platform = platformFor(withReceivers({ target: 'kubernetes' }));
    const config = findObject(objectsOf(platform, 'alertmanager'), 'AlertmanagerConfig', 'datalyptica-alert-routing');
    assert.deepEqual(at(config, 'spec.route.routes'), [
      { receiver: 'ops-mail', matchers: [{ name: 'severity', matchType: '=~', value: 'critical|warning|info' }], continue: true },
      { receiver: 'ops-slack', matchers: [{ name: 'severity', matchType: '=~', value: 'critical|warning' }], continue: true },
      { receiver: 'oncall', matchers: [{ name: 'severity', matchType: '=~', value: 'critical' }], continue: true },
    ]);
    assert.deepEqual(at(config, 'spec.receivers.2.slackConfigs.0.apiURL'), { name: 'alertmanager-ops-slack', key: 'api-url' });
    assert.deepEqual(at(config, 'spec.receivers.3.pagerdutyConfigs.0.routingKey'), { name: 'alertmanager-oncall', key: 'routing-key' });
    assert.deepEqual(at(config, 'spec.receivers.1.emailConfigs.0.authPassword'), { name: 'alertmanager-ops-mail', key: 'password' });
    const planned = platform.secrets.filter((s) => s.consumers.includes('alertmanager')).map((s) => [s.name, s.source]);
    assert.deepEqual(planned, [['alertmanager-ops-mail', 'external'], ['alertmanager-ops-slack', 'external'], ['alertmanager-oncall', 'external']]);
    const egress = platform.components.get('alertmanager')!.build.egress;
    assert.deepEqual(egress.flatMap((e) => e.ports.map((p) => p.port)), [443, 587]);
  });

  it('sends nothing and says so when no receiver is configured', () => {
    const build = platformFor({ target: 'kubernetes' }).components.get('alertmanager')!.build;
    assert.ok(build.warnings.some((w) => /no receivers configured/.test(w)));
  });

  it('on OpenShift renders the routing in every namespace that holds rules, with copies of the Secrets', () => {
    const platform = platformFor(withReceivers({ target: 'openshift' }));
    const configs = objectsOf(platform, 'alertmanager').filter((o) => o.kind === 'AlertmanagerConfig');
    assert.ok(!objectsOf(platform, 'alertmanager').some((o) => o.kind === 'Alertmanager'));
    const namespaces = configs.map((c) => c.metadata.namespace);
    for (const rule of platform.objects.filter((p) => p.object.kind === 'PrometheusRule')) assert.ok(namespaces.includes(rule.object.metadata.namespace), rule.object.metadata.name);
    assert.ok(platform.secrets.some((s) => s.name === 'alertmanager-oncall' && s.source === 'copy' && s.namespace === 'cert-manager'));
  });

  it('renders objects that validate against the schemas in every combination', () => {
    const validator = new SchemaValidator({ dirs: SCHEMA_DIRS });
    for (const base of ALL_COMBINATIONS) {
      for (const object of objectsOf(platformFor(withReceivers(base)), 'alertmanager')) {
        const result = validator.validate(object);
        assert.equal(result.status, 'valid', `${object.kind}/${object.metadata.name} ${JSON.stringify(base)}: ${JSON.stringify(result.errors)}`);
      }
    }
  });
});
