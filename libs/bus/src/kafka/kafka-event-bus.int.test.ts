import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import { describeEventBusConformance } from '../testing/event-bus-conformance.js';
import { KafkaEventBusAdapter, type KafkaLogLine } from './kafka-event-bus.adapter.js';

// Integration project: the real broker is required. Missing settings fail loudly rather than skip.
const brokers = (process.env['KAFKA_BROKERS'] ?? '')
  .split(',')
  .map((broker) => broker.trim())
  .filter((broker) => broker.length > 0);
if (brokers.length === 0) {
  throw new Error(
    'KAFKA_BROKERS is not set: start the broker (bash network/stack.sh up kafka) and export KAFKA_BROKERS=127.0.0.1:9092 before running the Kafka EventBus suite.',
  );
}

const run = randomUUID().slice(0, 8);
const kafkaLog: KafkaLogLine[] = [];
let counter = 0;

describeEventBusConformance({
  adapterName: `kafka (${brokers.join(',')})`,
  groupMembership: 'shared',
  deliveryTimeoutMs: 60_000,
  settleMs: 1_500,
  createEnvironment: () => {
    const names: string[] = [];
    return Promise.resolve({
      openBus: () =>
        Promise.resolve(
          new KafkaEventBusAdapter({
            brokers,
            clientId: `lotledger-conformance-${run}`,
            heartbeatIntervalMs: 1_000,
            sessionTimeoutMs: 10_000,
            // Rebalances and a loading coordinator are logged by kafkajs as errors although they are retried.
            log: (line) => kafkaLog.push(line),
          }),
        ),
      uniqueName: (base: string) => {
        const name = `lotledger-conformance-${run}-${base}-${++counter}`;
        names.push(name);
        return name;
      },
      // Deletes this test's topics so repeated runs do not pile them up on the broker.
      dispose: async () => {
        const admin = new Kafka({ brokers, clientId: `lotledger-conformance-${run}-cleanup`, logLevel: logLevel.NOTHING }).admin();
        await admin.connect();
        try {
          const existing = new Set(await admin.listTopics());
          const topics = names.filter((name) => existing.has(name));
          if (topics.length > 0) await admin.deleteTopics({ topics });
        } finally {
          await admin.disconnect();
        }
      },
    });
  },
});

describe('KafkaEventBusAdapter specifics', () => {
  it('keeps its partition while a failing handler backs off for longer than the session timeout', async () => {
    const lines: KafkaLogLine[] = [];
    const bus = new KafkaEventBusAdapter({
      brokers,
      clientId: `lotledger-conformance-${run}`,
      sessionTimeoutMs: 6_000,
      heartbeatIntervalMs: 1_000,
      logLevel: 'info',
      log: (line) => lines.push(line),
    });
    const topic = `lotledger-conformance-${run}-session-${++counter}`;
    const groupId = `${topic}-g`;
    try {
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      await bus.publish(topic, [
        { key: 'k', value: 'a' },
        { key: 'k', value: 'b' },
      ]);
      const failingUntil = Date.now() + 9_000;
      const attempts: string[] = [];
      const consumer = bus.createConsumer({
        groupId,
        topics: [topic],
        maxBatchSize: 10,
        maxWaitMs: 100,
        retry: { initialMs: 1_000, maxMs: 2_000 },
      });
      await consumer.run((batch) => {
        attempts.push(batch.messages.map((m) => m.offset).join(','));
        return Date.now() < failingUntil ? Promise.reject(new Error('ledger down')) : Promise.resolve();
      });
      await vi.waitFor(
        async () => {
          expect((await consumer.lag())[0]?.lag).toBe(0);
        },
        { timeout: 60_000, interval: 250 },
      );
      await consumer.stop();
      // Every attempt was the same batch, and the member joined once: heartbeats during the
      // back-off kept the session alive, so no rebalance moved or re-fetched the partition.
      expect(attempts.length).toBeGreaterThan(3);
      expect(new Set(attempts)).toEqual(new Set(['0,1']));
      const joins = lines.filter((line) => /joined the group/i.test(line.message) && line.fields['groupId'] === groupId);
      expect(joins).toHaveLength(1);
    } finally {
      await bus.close();
      const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] }).finally(() => admin.disconnect());
    }
  });
});
