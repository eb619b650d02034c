import type { BuildContext } from '../../model/build-context.ts';
import type { Labels } from '../../model/kube.ts';
import type { LiveCheck } from '../../model/live-check.ts';
import { STRIMZI_API } from '../kafka/strimzi.ts';
import type { CdcPlan } from './connector.ts';
import { CONNECT_REST_PORT } from './ports.ts';

/** Live checks: the cluster Ready, its workers running, the plugins installed, the CDC example Ready. */
export function connectChecks(ctx: BuildContext, input: { name: string; podSelector: Labels; replicas: number; plugins: boolean; cdc: CdcPlan | undefined }): LiveCheck[] {
  const { name, podSelector, plugins, cdc } = input;
  const ref = (kind: string, objectName: string) => ({ apiVersion: STRIMZI_API, kind, name: objectName, namespace: ctx.namespace });
  const checks: LiveCheck[] = [
    { id: 'kafka-connect.ready', group: 'control', title: `Kafka Connect ${name} is Ready`, probe: { type: 'object-ready', ref: ref('KafkaConnect', name) }, timeoutSeconds: 60 },
    { id: 'kafka-connect.pods', group: 'control', title: 'Kafka Connect workers are running', probe: { type: 'pods-ready', namespace: ctx.namespace, selector: podSelector, min: input.replicas } },
    {
      id: 'kafka-connect.plugins',
      group: 'services',
      title: plugins ? 'the Debezium PostgreSQL connector is installed' : 'the Connect REST API answers',
      probe: {
        type: 'http',
        endpoint: { namespace: ctx.namespace, service: `${name}-connect-api`, port: CONNECT_REST_PORT },
        path: '/connector-plugins',
        ...(plugins ? { expectBody: 'PostgresConnector' } : {}),
      },
    },
  ];
  if (cdc) {
    checks.push({ id: 'kafka-connect.cdc-example', group: 'data', title: `CDC example connector ${cdc.name} is Ready`, probe: { type: 'object-ready', ref: ref('KafkaConnector', cdc.name) }, severity: 'warn' });
  }
  return checks;
}
