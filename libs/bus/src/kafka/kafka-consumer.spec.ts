import { EventEmitter } from 'node:events';
import type { Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { BusError } from '../event-bus.port.js';
import { KafkaConsumer, type KafkaConsumerHost } from './kafka-consumer.js';

const EVENTS = { GROUP_JOIN: 'consumer.group_join', REBALANCING: 'consumer.rebalancing', CRASH: 'consumer.crash' } as const;

/**
 * Stands in for a kafkajs consumer whose start-up goes through a scripted list of crashes before
 * it joins, the way a broker that just started answers "the coordinator is loading" at first.
 */
function scriptedKafka(crashes: readonly { restart: boolean }[]): { kafka: Kafka; crashed: string[] } {
  const crashed: string[] = [];
  const emitter = new EventEmitter();
  const consumer = {
    events: EVENTS,
    on: (name: string, listener: (event: unknown) => void) => emitter.on(name, listener),
    connect: () => Promise.resolve(),
    subscribe: () => Promise.resolve(),
    disconnect: () => Promise.resolve(),
    pause: () => undefined,
    resume: () => undefined,
    run: () => {
      // kafkajs reports start-up failures through CRASH events, never by rejecting run().
      setTimeout(() => {
        for (const crash of crashes) {
          const error = Object.assign(new Error('The coordinator is loading and hence can’t process requests for this group'), {
            retriable: true,
          });
          emitter.emit(EVENTS.CRASH, { payload: { error, groupId: 'g', restart: crash.restart } });
          if (!crash.restart) return;
        }
        emitter.emit(EVENTS.GROUP_JOIN, { payload: { memberAssignment: { 'lotledger.events': [0, 1] } } });
      }, 5);
      return Promise.resolve();
    },
  };
  return { kafka: { consumer: () => consumer } as unknown as Kafka, crashed };
}

function host(kafka: Kafka, crashed: string[]): KafkaConsumerHost {
  return {
    kafka,
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1_000,
    joinTimeoutMs: 2_000,
    partitionsConsumedConcurrently: 1,
    requireTopic: () => Promise.resolve(),
    lag: () => Promise.resolve([]),
    onConsumerCrash: (groupId) => crashed.push(groupId),
  };
}

const options = { groupId: 'g', topics: ['lotledger.events'], maxBatchSize: 10, maxWaitMs: 100 };

describe('KafkaConsumer start-up', () => {
  it('waits through crashes that kafkajs restarts from, such as a coordinator still loading, and joins', async () => {
    const { kafka, crashed } = scriptedKafka([{ restart: true }, { restart: true }]);
    const consumer = new KafkaConsumer(host(kafka, crashed), options);
    await consumer.run(() => Promise.resolve());
    expect(consumer.assignments()).toEqual([
      { topic: 'lotledger.events', partition: 0 },
      { topic: 'lotledger.events', partition: 1 },
    ]);
    expect(crashed).toEqual([]);
  });

  it('fails start-up with the cause when kafkajs gives up, and reports the crash to the bus', async () => {
    const { kafka, crashed } = scriptedKafka([{ restart: true }, { restart: false }]);
    const consumer = new KafkaConsumer(host(kafka, crashed), options);
    const failure = await consumer.run(() => Promise.resolve()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BusError);
    expect(String(failure)).toContain('coordinator is loading');
    expect(crashed).toEqual(['g']);
  });
});
