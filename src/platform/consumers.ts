import type { Consumer } from '../model/consumption.ts';
import type { Flow, FlowPort } from '../model/flow.ts';
import type { Labels } from '../model/kube.ts';
import type { ComponentName } from '../model/names.ts';

/**
 * A provider's flows from its consumers (`ctx.consumers`): one per consumer, from its pods (or the
 * ones its declaration narrows to) into `toSelector` on `ports`, described by the consumer's
 * `purpose` or else by `describe`.
 */
export function consumerFlows(
  consumers: readonly Consumer[],
  spec: { readonly toSelector?: Labels; readonly ports: readonly FlowPort[]; readonly describe: (consumer: ComponentName) => string },
): Flow[] {
  return consumers.map((c) => ({
    from: { kind: 'component', component: c.consumer, ...(c.selector === undefined ? {} : { selector: c.selector }) },
    ...(spec.toSelector === undefined ? {} : { toSelector: spec.toSelector }),
    ports: spec.ports,
    description: c.purpose ?? spec.describe(c.consumer),
  }));
}
