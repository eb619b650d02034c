import { z } from 'zod';
import { baseComponentOptions } from '../../config/component-options.ts';
import { dnsLabel, dnsSubdomain } from '../../config/primitives.ts';
import { ALERT_SEVERITIES } from '../../model/metrics.ts';

const receiverBase = {
  /** Receiver name (also names its Secret, `alertmanager-<name>`, unless `secret` is given). */
  name: dnsLabel,
  /** Severities routed to this receiver. @default all */
  severities: z.array(z.enum(ALERT_SEVERITIES)).min(1).optional(),
  /** The existing Secret holding the receiver's credential. @default `alertmanager-<name>` */
  secret: dnsSubdomain.optional(),
};

/**
 * Email through an SMTP relay; the password (key `password`) comes from the Secret when
 * `username` is set.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1alpha1.EmailConfig
 */
const emailReceiver = z.strictObject({
  type: z.literal('email'),
  ...receiverBase,
  to: z.string().email(),
  from: z.string().email(),
  /** `host:port` of the SMTP relay. */
  smarthost: z.string().regex(/^[A-Za-z0-9.-]+:[0-9]{1,5}$/),
  username: z.string().min(1).optional(),
});

/** Slack incoming webhook; the webhook URL is the Secret's `api-url` key. @see https://prometheus.io/docs/alerting/latest/configuration/#slack_config */
const slackReceiver = z.strictObject({ type: z.literal('slack'), ...receiverBase, channel: z.string().min(1) });

/** PagerDuty Events API v2; the integration key is the Secret's `routing-key` key. @see https://prometheus.io/docs/alerting/latest/configuration/#pagerduty_config */
const pagerdutyReceiver = z.strictObject({ type: z.literal('pagerduty'), ...receiverBase });

export const alertReceiver = z.discriminatedUnion('type', [emailReceiver, slackReceiver, pagerdutyReceiver]);
export type AlertReceiver = z.output<typeof alertReceiver>;

/** Options under `components.alertmanager`. */
export const alertmanagerOptions = baseComponentOptions.extend({
  /**
   * Where alerts go. Credentials are never in the config: each receiver names a Secret that must
   * exist before deploy (the secrets plan lists it).
   * @default [] (alerts are visible in Alertmanager but not sent)
   * @see https://prometheus.io/docs/alerting/latest/configuration/#receiver
   */
  receivers: z.array(alertReceiver).default([]),
  /** Labels alerts are grouped by into one notification. @default ['alertname', 'namespace', 'component'] */
  groupBy: z.array(z.string().min(1)).min(1).default(['alertname', 'namespace', 'component']),
  /** How often a firing alert is re-sent. @default '4h' */
  repeatInterval: z.string().regex(/^[0-9]+(s|m|h|d)$/).default('4h'),
});

export type AlertmanagerOptions = z.output<typeof alertmanagerOptions>;
