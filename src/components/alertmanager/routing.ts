import type { Egress } from '../../model/flow.ts';
import type { KubeObject, Labels } from '../../model/kube.ts';
import type { ComponentName } from '../../model/names.ts';
import type { SecretRequirement } from '../../model/secret.ts';
import type { AlertmanagerOptions, AlertReceiver } from './options.ts';

/** The name of the AlertmanagerConfig (the Alertmanager CR's global configuration on Kubernetes). */
export const ROUTING_NAME = 'datalyptica-alert-routing';

export function receiverSecret(receiver: AlertReceiver): string {
  return receiver.secret ?? `alertmanager-${receiver.name}`;
}

/** The Secret key a receiver reads, when it needs one. */
function secretKey(receiver: AlertReceiver): string | undefined {
  switch (receiver.type) {
    case 'email':
      return receiver.username === undefined ? undefined : 'password';
    case 'slack':
      return 'api-url';
    case 'pagerduty':
      return 'routing-key';
  }
}

function receiverSpec(receiver: AlertReceiver): Record<string, unknown> {
  const ref = { name: receiverSecret(receiver), key: secretKey(receiver) ?? '' };
  switch (receiver.type) {
    case 'email':
      return {
        name: receiver.name,
        emailConfigs: [
          {
            to: receiver.to,
            from: receiver.from,
            smarthost: receiver.smarthost,
            requireTLS: true,
            sendResolved: true,
            ...(receiver.username === undefined ? {} : { authUsername: receiver.username, authPassword: ref }),
          },
        ],
      };
    case 'slack':
      return { name: receiver.name, slackConfigs: [{ apiURL: ref, channel: receiver.channel, sendResolved: true }] };
    case 'pagerduty':
      return { name: receiver.name, pagerdutyConfigs: [{ routingKey: ref, sendResolved: true }] };
  }
}

/**
 * Routing: everything to a `null` receiver by default, and a `continue` route per configured
 * receiver matching its severities; critical alerts inhibit warnings of the same alert and namespace.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1alpha1.AlertmanagerConfigSpec
 */
export function alertmanagerConfig(own: AlertmanagerOptions, namespace: string, labels: Labels): KubeObject {
  const routes = own.receivers.map((receiver) => ({
    receiver: receiver.name,
    matchers: [{ name: 'severity', matchType: '=~', value: (receiver.severities ?? ['critical', 'warning', 'info']).join('|') }],
    continue: true,
  }));
  return {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'AlertmanagerConfig',
    metadata: { name: ROUTING_NAME, namespace, labels },
    spec: {
      route: { receiver: 'null', groupBy: [...own.groupBy], groupWait: '30s', groupInterval: '5m', repeatInterval: own.repeatInterval, routes },
      receivers: [{ name: 'null' }, ...own.receivers.map(receiverSpec)],
      inhibitRules: [
        {
          sourceMatch: [{ name: 'severity', value: 'critical', matchType: '=' }],
          targetMatch: [{ name: 'severity', value: 'warning', matchType: '=' }],
          equal: ['alertname', 'namespace'],
        },
      ],
    },
  };
}

/** The receivers' Secrets: external (the user creates them), copied into every other namespace that routes. */
export function receiverSecrets(own: AlertmanagerOptions, home: string, copies: readonly string[]): SecretRequirement[] {
  const out: SecretRequirement[] = [];
  const consumers: ComponentName[] = ['alertmanager'];
  for (const receiver of own.receivers) {
    const key = secretKey(receiver);
    if (key === undefined) continue;
    const name = receiverSecret(receiver);
    out.push({
      name,
      namespace: home,
      source: 'external',
      keys: [{ key, kind: 'token' }],
      description: `the ${receiver.type} credential of alert receiver ${receiver.name} (key ${key}); create it with \`kubectl -n ${home} create secret generic ${name} --from-literal=${key}=...\``,
      consumers,
    });
    for (const namespace of copies) {
      if (namespace === home) continue;
      out.push({ name, namespace, source: 'copy', copyFrom: { namespace: home, name }, keys: [{ key, kind: 'token' }], description: `copy of ${name} for the AlertmanagerConfig in ${namespace}`, consumers });
    }
  }
  return out;
}

/** Alertmanager reaches the receivers: HTTPS for Slack and PagerDuty, the relay's port for email. */
export function receiverEgress(own: AlertmanagerOptions, selector: Labels): Egress[] {
  const ports = new Set<number>();
  for (const receiver of own.receivers) ports.add(receiver.type === 'email' ? Number(receiver.smarthost.split(':')[1]) : 443);
  if (ports.size === 0) return [];
  return [{ to: { kind: 'internet' }, fromSelector: selector, ports: [...ports].sort((a, b) => a - b).map((port) => ({ port })), description: 'Alertmanager sends notifications to the configured receivers' }];
}
