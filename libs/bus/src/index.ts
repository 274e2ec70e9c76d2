export * from './event-bus.port.js';
export { murmur2, partitionForKey } from './partitioning/murmur2-partitioner.js';
export { backoffDelay, DEFAULT_BACKOFF } from './consumption/backoff-policy.js';
export { EmbeddedEventBusAdapter, type EmbeddedEventBusOptions, type RecoveryReport } from './embedded/embedded-event-bus.adapter.js';
export { KafkaEventBusAdapter, type KafkaEventBusOptions } from './kafka/kafka-event-bus.adapter.js';
