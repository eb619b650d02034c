import type { Probe } from '../../model/live-check.ts';
import { airflowProbe } from './airflow.ts';
import { clickhouseProbe } from './clickhouse.ts';
import type { ProbeContext } from './context.ts';
import { httpProbe } from './http.ts';
import { kafkaProbe } from './kafka.ts';
import { oidcProbe } from './oidc.ts';
import { oidcClientProbe } from './oidc-client.ts';
import { lokiRoundTrip } from './loki.ts';
import { mlflowProbe } from './mlflow.ts';
import { ingressAddress, objectExists, objectReady, operatorHealthy, podsReady, pvcsBound, routeAdmitted, serviceEndpoints } from './object-probes.ts';
import { postgresProbe } from './postgres.ts';
import { redisProbe } from './redis.ts';
import { s3Probe } from './s3.ts';
import { supersetProbe } from './superset.ts';
import { trinoProbe } from './trino.ts';

export type { ProbeContext, Reach, ReachTarget, Reached, ObjectReader, ObjectQuery } from './context.ts';
export { ProbeFailure } from './context.ts';

/**
 * Runs one probe: resolves with what it saw on success, rejects with a {@link ProbeFailure}
 * (or any error) on failure. Every probe type of `src/model/live-check.ts` is handled here.
 */
export function runProbe(probe: Probe, ctx: ProbeContext): Promise<string> {
  switch (probe.type) {
    case 'object-exists':
      return objectExists(probe, ctx);
    case 'object-ready':
      return objectReady(probe, ctx);
    case 'pods-ready':
      return podsReady(probe, ctx);
    case 'pvcs-bound':
      return pvcsBound(probe, ctx);
    case 'service-endpoints':
      return serviceEndpoints(probe, ctx);
    case 'route':
      return routeAdmitted(probe, ctx);
    case 'ingress':
      return ingressAddress(probe, ctx);
    case 'operator':
      return operatorHealthy(probe, ctx);
    case 'postgres':
      return postgresProbe(probe, ctx);
    case 'redis':
      return redisProbe(probe, ctx);
    case 'kafka':
      return kafkaProbe(probe, ctx);
    case 's3':
      return s3Probe(probe, ctx);
    case 'http':
      return httpProbe(probe, ctx);
    case 'trino':
      return trinoProbe(probe, ctx);
    case 'clickhouse':
      return clickhouseProbe(probe, ctx);
    case 'oidc':
      return oidcProbe(probe, ctx);
    case 'oidc-client':
      return oidcClientProbe(probe, ctx);
    case 'loki-roundtrip':
      return lokiRoundTrip(probe, ctx);
    case 'superset-sql':
      return supersetProbe(probe, ctx);
    case 'mlflow-artifact':
      return mlflowProbe(probe, ctx);
    case 'airflow-api':
      return airflowProbe(probe, ctx);
  }
}
