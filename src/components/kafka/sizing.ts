import type { Profile } from '../../model/names.ts';
import { resources, type SizingTable } from '../../platform/sizing.ts';

/**
 * Brokers (dual-role nodes in `dev` and `small`). Production: 5 brokers with 1Ti each (seed 000);
 * memory request = limit with a modest fixed heap, leaving the rest to the page cache (audit A-07:
 * the seed's 16Gi request / 32Gi limit / 12Gi heap invites OOM kills and starves the cache).
 */
export const KAFKA_BROKER_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('500m', '2Gi', '2', '2Gi'), storage: '20Gi' },
  small: { replicas: 3, resources: resources('2', '8Gi', '4', '8Gi'), storage: '200Gi' },
  production: { replicas: 5, resources: resources('8', '32Gi', '16', '32Gi'), storage: '1Ti' },
};

/** Dedicated KRaft controllers (production): small, metadata-only disks. */
export const KAFKA_CONTROLLER_SIZING: SizingTable = {
  dev: { replicas: 3, resources: resources('250m', '1Gi', '1', '1Gi'), storage: '10Gi' },
  small: { replicas: 3, resources: resources('500m', '2Gi', '1', '2Gi'), storage: '20Gi' },
  production: { replicas: 3, resources: resources('1', '4Gi', '2', '4Gi'), storage: '50Gi' },
};

/** JVM heap per node kind and profile (`-Xms` = `-Xmx`). @see https://strimzi.io/docs/operators/latest/configuring#con-common-configuration-jvm-reference */
export const KAFKA_HEAP: Readonly<Record<'broker' | 'controller', Readonly<Record<Profile, string>>>> = {
  broker: { dev: '1g', small: '3g', production: '8g' },
  controller: { dev: '512m', small: '1g', production: '2g' },
};

/** Entity operator containers (topic and user operator), one pod. */
export const ENTITY_OPERATOR_SIZING: SizingTable = {
  dev: { replicas: 1, resources: resources('100m', '256Mi', '500m', '256Mi') },
  small: { replicas: 1, resources: resources('100m', '384Mi', '500m', '384Mi') },
  production: { replicas: 1, resources: resources('200m', '512Mi', '1', '512Mi') },
};

/** The seed's broker thread and socket tuning, applied where the hardware matches (production). */
export const PRODUCTION_TUNING = {
  'num.network.threads': 8,
  'num.io.threads': 16,
  'socket.send.buffer.bytes': 1048576,
  'socket.receive.buffer.bytes': 1048576,
} as const;
