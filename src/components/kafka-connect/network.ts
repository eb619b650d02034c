import type { BuildContext } from '../../model/build-context.ts';
import type { Egress, Flow } from '../../model/flow.ts';
import type { Labels } from '../../model/kube.ts';
import { openshiftBuildEgress } from '../../platform/builds.ts';
import { STRIMZI_LABEL, STRIMZI_OPERATOR_ID } from '../kafka/strimzi.ts';
import { CONNECT_REST_PORT } from './ports.ts';

/** The operator and the other workers reach each worker's REST API. */
export function connectFlows(podSelector: Labels): Flow[] {
  return [
    { from: { kind: 'operator', operator: STRIMZI_OPERATOR_ID }, toSelector: podSelector, ports: [{ port: CONNECT_REST_PORT, name: 'rest-api' }], description: 'the Strimzi operator manages connectors through the REST API' },
    { from: { kind: 'component', component: 'kafka-connect' }, toSelector: podSelector, ports: [{ port: CONNECT_REST_PORT, name: 'rest-api' }], description: 'workers forward REST requests to the leader' },
  ];
}

/** The config providers call the API server; a build downloads plugins. */
export function connectEgress(ctx: BuildContext, input: { name: string; podSelector: Labels; build: boolean }): Egress[] {
  const { name, podSelector } = input;
  const egress: Egress[] = [
    { to: { kind: 'apiserver' }, fromSelector: podSelector, ports: [{ port: 443 }, { port: 6443 }], description: 'the config providers read Secrets and ConfigMaps' },
  ];
  if (input.build && ctx.openshift) {
    // Strimzi builds through an OpenShift BuildConfig here: its pods carry only the build label.
    egress.push(...openshiftBuildEgress('Kafka Connect (connector plugins from Maven Central and packages.confluent.io)'));
  } else if (input.build) {
    egress.push({
      to: { kind: 'internet' },
      fromSelector: { [STRIMZI_LABEL.name]: `${name}-connect-build` },
      ports: [{ port: 443 }],
      description: 'the build downloads connector plugins from Maven Central and packages.confluent.io',
    });
  }
  return egress;
}
