import { describe, expect, it } from 'vitest';
import { KafkaEventBusAdapter } from './kafka-event-bus.adapter.js';

// No broker needed: these check what the adapter does before or without one.
describe('KafkaEventBusAdapter without a broker', () => {
  it('reports unhealthy within its health timeout when no broker answers', async () => {
    const bus = new KafkaEventBusAdapter({ brokers: ['127.0.0.1:1'], connectionTimeoutMs: 200, healthTimeoutMs: 500, logLevel: 'nothing' });
    const health = await bus.health();
    expect(health.ok).toBe(false);
    expect(health.detail).toContain('127.0.0.1:1');
    await bus.close();
    expect((await bus.health()).detail).toBe('Kafka bus is closed');
  });

  it('refuses to start without brokers and rejects invalid topic names before any network call', async () => {
    expect(() => new KafkaEventBusAdapter({ brokers: [] })).toThrow(/at least one broker/);
    const bus = new KafkaEventBusAdapter({ brokers: ['127.0.0.1:1'], logLevel: 'nothing' });
    await expect(bus.publish('bad topic', [{ key: 'k', value: 'v' }])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(bus.ensureTopics([{ topic: 'ok', partitions: 0 }])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(() => bus.createConsumer({ groupId: 'g', topics: ['ok'], maxBatchSize: 10, maxWaitMs: 0 })).toThrow(/maxWaitMs/);
    await bus.close();
  });
});
