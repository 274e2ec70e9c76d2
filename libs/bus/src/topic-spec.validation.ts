import { BusError, type TopicSpec } from './event-bus.port.js';

/** Kafka's rule for topic names (both adapters keep it, so a name valid in one shape is valid in the other). */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function assertTopicName(topic: string): void {
  if (!TOPIC_NAME.test(topic) || topic === '.' || topic === '..') {
    throw new BusError('INVALID_ARGUMENT', `invalid topic name "${topic}": use 1–249 of [a-zA-Z0-9._-], not "." or ".."`);
  }
}

export function assertTopicSpec(spec: TopicSpec): void {
  assertTopicName(spec.topic);
  if (!Number.isInteger(spec.partitions) || spec.partitions < 1 || spec.partitions > 10_000) {
    throw new BusError('INVALID_ARGUMENT', `topic ${spec.topic}: partitions must be an integer from 1 to 10000 (got ${spec.partitions})`);
  }
}
