import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BusError,
  type BatchContext,
  type BatchHandler,
  type ConsumedMessage,
  type EventBus,
  type EventBusConsumer,
  type HandlerFailure,
  type PartitionBatch,
} from '../event-bus.port.js';
import { partitionForKey } from '../partitioning/murmur2-partitioner.js';

/** Storage shared by the adapter instances of one test: one data directory, or one set of brokers. */
export interface ConformanceEnvironment {
  /** A new adapter instance over the same storage (what a restarted process would open). */
  readonly openBus: () => Promise<EventBus>;
  /** A topic or group name no other test or run uses. */
  readonly uniqueName: (base: string) => string;
  readonly dispose: () => Promise<void>;
}

export interface EventBusConformanceOptions {
  readonly adapterName: string;
  readonly createEnvironment: () => Promise<ConformanceEnvironment>;
  /**
   * `shared`: consumers of one group split the partitions (Kafka). `exclusive`: a group has one
   * running consumer that owns every partition (the embedded bus, one process).
   */
  readonly groupMembership: 'shared' | 'exclusive';
  /** Upper bound for asynchronous delivery (Kafka group joins take seconds). */
  readonly deliveryTimeoutMs: number;
  /** A quiet period long enough for a wrongly delivered message to show up. */
  readonly settleMs: number;
}

const decoder = new TextDecoder();
const text = (bytes: Uint8Array | null): string | null => (bytes === null ? null : decoder.decode(bytes));

interface Payload {
  readonly key: string;
  readonly seq: number;
}

const payloadOf = (message: ConsumedMessage): Payload => JSON.parse(decoder.decode(message.value)) as Payload;

/** Records every batch a handler sees; `then` lets a test react to a batch. */
function recorder(then?: (batch: PartitionBatch, context: BatchContext) => Promise<void> | void): {
  batches: PartitionBatch[];
  handler: BatchHandler;
  messages: () => ConsumedMessage[];
} {
  const batches: PartitionBatch[] = [];
  return {
    batches,
    handler: async (batch, context) => {
      batches.push(batch);
      await then?.(batch, context);
    },
    messages: () => batches.flatMap((batch) => batch.messages),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The value, or a test failure saying what was missing (the suite is not a spec file: no `!`). */
function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
}

/** Registers the EventBus conformance tests (vitest) for one adapter. */
export function describeEventBusConformance(options: EventBusConformanceOptions): void {
  const { deliveryTimeoutMs: timeout } = options;
  const cleanups: (() => Promise<void>)[] = [];
  const fastRetry = { initialMs: 20, maxMs: 40, multiplier: 2 };

  async function setUp(): Promise<{ env: ConformanceEnvironment; open: () => Promise<EventBus> }> {
    const env = await options.createEnvironment();
    const buses: EventBus[] = [];
    cleanups.push(async () => {
      for (const bus of buses.reverse()) await bus.close();
      await env.dispose();
    });
    return {
      env,
      open: async () => {
        const bus = await env.openBus();
        buses.push(bus);
        return bus;
      },
    };
  }

  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });

  describe(`EventBus conformance: ${options.adapterName}`, () => {
    it('round-trips binary values, string values, null keys and headers', async () => {
      const { env, open } = await setUp();
      const bus = await open();
      const topic = env.uniqueName('roundtrip');
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      const binary = new Uint8Array([0, 255, 1, 128, 0x7f, 0xc3, 0x28, 10, 0]);
      const before = Date.now();
      await bus.publish(topic, [
        { key: 'lot-1', value: binary, headers: { 'content-type': 'application/octet-stream', 'x-capture-id': 'cap-ü-1' } },
        { key: null, value: 'héllo ✓', headers: {} },
        { key: new Uint8Array([1, 2, 3]), value: '' },
      ]);
      const after = Date.now();
      const seen = recorder();
      await bus.createConsumer({ groupId: env.uniqueName('g'), topics: [topic], maxBatchSize: 10, maxWaitMs: 100 }).run(seen.handler);
      await vi.waitFor(
        () => {
          expect(seen.messages()).toHaveLength(3);
        },
        { timeout, interval: 20 },
      );
      const [first, second, third] = seen.messages().map((message, i) => present(message, `message ${i}`));
      expect(Array.from(present(first, 'first').value)).toEqual(Array.from(binary));
      expect(text(present(first, 'first').key)).toBe('lot-1');
      expect(present(first, 'first').headers).toEqual({ 'content-type': 'application/octet-stream', 'x-capture-id': 'cap-ü-1' });
      expect(present(first, 'first').timestamp).toBeGreaterThanOrEqual(before - 1);
      expect(present(first, 'first').timestamp).toBeLessThanOrEqual(after + 1);
      expect(present(second, 'second').key).toBeNull();
      expect(text(present(second, 'second').value)).toBe('héllo ✓');
      expect(present(second, 'second').headers).toEqual({});
      expect(Array.from(present(present(third, 'third').key, 'third key'))).toEqual([1, 2, 3]);
      expect(present(third, 'third').value).toHaveLength(0);
      expect(seen.messages().map((m) => m.offset)).toEqual([0, 1, 2]);
    });

    it("keeps each key's messages in order on the partition Kafka's default partitioner picks", async () => {
      const { env, open } = await setUp();
      const bus = await open();
      const topic = env.uniqueName('order');
      const partitions = 4;
      await bus.ensureTopics([{ topic, partitions }]);
      expect(await bus.partitionCount(topic)).toBe(partitions);
      const keys = Array.from({ length: 12 }, (_, i) => `urn:epc:id:sgtin:0614141.107346.${i}`);
      const perKey = 30;
      // Six publishes, each carrying the next five messages of every key, interleaved.
      for (let round = 0; round < perKey / 5; round++) {
        const messages = [];
        for (let seq = round * 5; seq < round * 5 + 5; seq++)
          for (const key of keys) messages.push({ key, value: JSON.stringify({ key, seq }) });
        await bus.publish(topic, messages);
      }
      const seen = recorder();
      await bus.createConsumer({ groupId: env.uniqueName('g'), topics: [topic], maxBatchSize: 50, maxWaitMs: 100 }).run(seen.handler);
      await vi.waitFor(
        () => {
          expect(seen.messages()).toHaveLength(keys.length * perKey);
        },
        { timeout, interval: 20 },
      );
      const order = new Map<string, number[]>();
      for (const batch of seen.batches) {
        const offsets = batch.messages.map((m) => m.offset);
        expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
        for (const message of batch.messages) {
          const { key, seq } = payloadOf(message);
          expect(text(message.key)).toBe(key);
          expect(batch.partition).toBe(partitionForKey(key, partitions));
          order.set(key, [...(order.get(key) ?? []), seq]);
        }
      }
      for (const key of keys) expect(order.get(key)).toEqual(Array.from({ length: perKey }, (_, i) => i));
      expect(new Set(seen.batches.map((b) => b.partition)).size).toBeGreaterThan(1);
    });

    it('makes published messages durable before publish resolves: a newly opened bus reads them', async () => {
      const { env, open } = await setUp();
      const writer = await open();
      const topic = env.uniqueName('durable');
      await writer.ensureTopics([{ topic, partitions: 3 }]);
      await writer.publish(
        topic,
        Array.from({ length: 50 }, (_, seq) => ({ key: `k${seq % 7}`, value: JSON.stringify({ key: `k${seq % 7}`, seq }) })),
      );
      const reader = await open();
      const seen = recorder();
      await reader.createConsumer({ groupId: env.uniqueName('g'), topics: [topic], maxBatchSize: 100, maxWaitMs: 100 }).run(seen.handler);
      await vi.waitFor(
        () => {
          expect(seen.messages()).toHaveLength(50);
        },
        { timeout, interval: 20 },
      );
      expect(
        seen
          .messages()
          .map((m) => payloadOf(m).seq)
          .sort((a, b) => a - b),
      ).toEqual(Array.from({ length: 50 }, (_, i) => i));
    });

    it('redelivers the same messages after the handler throws, backing off, and commits nothing beyond them meanwhile', async () => {
      const { env, open } = await setUp();
      const bus = await open();
      const topic = env.uniqueName('retry');
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      await bus.publish(
        topic,
        Array.from({ length: 10 }, (_, seq) => ({ key: 'one-key', value: JSON.stringify({ key: 'one-key', seq }) })),
      );
      const failures: HandlerFailure[] = [];
      const committedDuringFailure: number[] = [];
      const holder: { consumer?: EventBusConsumer } = {};
      const seen = recorder(async () => {
        if (seen.batches.length <= 3) {
          committedDuringFailure.push(...(await present(holder.consumer, 'consumer').lag()).map((l) => l.committedOffset));
          throw new Error(`ledger unavailable (attempt ${seen.batches.length})`);
        }
      });
      const consumer = bus.createConsumer({
        groupId: env.uniqueName('g'),
        topics: [topic],
        maxBatchSize: 100,
        maxWaitMs: 100,
        retry: fastRetry,
        onHandlerError: (f) => failures.push(f),
      });
      holder.consumer = consumer;
      await consumer.run(seen.handler);
      await vi.waitFor(
        () => {
          expect(seen.batches.length).toBeGreaterThanOrEqual(4);
        },
        { timeout, interval: 20 },
      );
      const firstAttempt = present(seen.batches[0], 'a first batch').messages.map((m) => [m.offset, payloadOf(m).seq]);
      expect(firstAttempt[0]).toEqual([0, 0]);
      for (const batch of seen.batches.slice(1, 4))
        expect(batch.messages.map((m) => [m.offset, payloadOf(m).seq]).slice(0, firstAttempt.length)).toEqual(firstAttempt);
      expect(committedDuringFailure).toEqual([0, 0, 0]);
      expect(failures.map((f) => [f.attempt, f.delayMs, f.firstOffset])).toEqual([
        [1, 20, 0],
        [2, 40, 0],
        [3, 40, 0],
      ]);
      await vi.waitFor(
        async () => {
          expect((await consumer.lag())[0]).toMatchObject({ committedOffset: 10, endOffset: 10, lag: 0 });
        },
        { timeout, interval: 50 },
      );
      const delivered = seen.batches.slice(3).flatMap((b) => b.messages.map((m) => payloadOf(m).seq));
      expect(delivered).toEqual(Array.from({ length: 10 }, (_, i) => i));
    });

    it('hands back a batch waiting for retry when stopped: a restarted consumer of the group reads it again', async () => {
      const { env, open } = await setUp();
      const first = await open();
      const topic = env.uniqueName('handback');
      const groupId = env.uniqueName('g');
      await first.ensureTopics([{ topic, partitions: 1 }]);
      await first.publish(
        topic,
        Array.from({ length: 5 }, (_, seq) => ({ key: 'k', value: JSON.stringify({ key: 'k', seq }) })),
      );
      const failing = recorder(() => {
        throw new Error('database down');
      });
      const doomed = first.createConsumer({
        groupId,
        topics: [topic],
        maxBatchSize: 100,
        maxWaitMs: 100,
        retry: { initialMs: 600_000, maxMs: 600_000 },
      });
      await doomed.run(failing.handler);
      await vi.waitFor(
        () => {
          expect(failing.batches).toHaveLength(1);
        },
        { timeout, interval: 20 },
      );
      // Resolves although the retry back-off is ten minutes: stop() does not wait for it.
      await doomed.stop();
      await first.close();

      const restarted = await open();
      const seen = recorder();
      await restarted.createConsumer({ groupId, topics: [topic], maxBatchSize: 100, maxWaitMs: 100 }).run(seen.handler);
      await vi.waitFor(
        () => {
          expect(seen.messages()).toHaveLength(5);
        },
        { timeout, interval: 20 },
      );
      expect(seen.messages().map((m) => m.offset)).toEqual([0, 1, 2, 3, 4]);
      expect(failing.messages().map((m) => m.offset)).toEqual([0, 1, 2, 3, 4]);
    });

    it('lets the batch in hand finish when stopped, commits it, and reports lag per partition', async () => {
      const { env, open } = await setUp();
      const bus = await open();
      const topic = env.uniqueName('graceful');
      const groupId = env.uniqueName('g');
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      await bus.publish(
        topic,
        Array.from({ length: 10 }, (_, seq) => ({ key: 'k', value: JSON.stringify({ key: 'k', seq }) })),
      );
      const first = bus.createConsumer({ groupId, topics: [topic], maxBatchSize: 4, maxWaitMs: 100 });
      expect(await first.lag()).toEqual([{ topic, partition: 0, committedOffset: 0, endOffset: 10, lag: 10 }]);
      let stopping: Promise<void> | undefined;
      const runningInHandler: boolean[] = [];
      const seen = recorder((_batch, context) => {
        stopping ??= first.stop();
        runningInHandler.push(context.isRunning());
      });
      await first.run(seen.handler);
      await vi.waitFor(
        () => {
          expect(stopping).toBeDefined();
        },
        { timeout, interval: 20 },
      );
      await stopping;
      expect(seen.batches).toHaveLength(1);
      expect(runningInHandler).toEqual([false]);
      expect(seen.messages().map((m) => m.offset)).toEqual([0, 1, 2, 3]);
      expect(await first.lag()).toEqual([{ topic, partition: 0, committedOffset: 4, endOffset: 10, lag: 6 }]);

      const second = bus.createConsumer({ groupId, topics: [topic], maxBatchSize: 100, maxWaitMs: 100 });
      const rest = recorder();
      await second.run(rest.handler);
      await vi.waitFor(
        () => {
          expect(rest.messages()).toHaveLength(6);
        },
        { timeout, interval: 20 },
      );
      expect(rest.messages().map((m) => m.offset)).toEqual([4, 5, 6, 7, 8, 9]);
      await vi.waitFor(
        async () => {
          expect(await second.lag()).toEqual([{ topic, partition: 0, committedOffset: 10, endOffset: 10, lag: 0 }]);
        },
        { timeout, interval: 50 },
      );
    });

    it('delivers nothing while paused and resumes where it left off', async () => {
      const { env, open } = await setUp();
      const bus = await open();
      const topic = env.uniqueName('pause');
      await bus.ensureTopics([{ topic, partitions: 2 }]);
      const consumer = bus.createConsumer({ groupId: env.uniqueName('g'), topics: [topic], maxBatchSize: 100, maxWaitMs: 100 });
      const seen = recorder();
      await consumer.run(seen.handler);
      await bus.publish(topic, [{ key: 'a', value: JSON.stringify({ key: 'a', seq: 0 }) }]);
      await vi.waitFor(
        () => {
          expect(seen.messages()).toHaveLength(1);
        },
        { timeout, interval: 20 },
      );
      consumer.pause();
      expect(consumer.isPaused()).toBe(true);
      await bus.publish(
        topic,
        Array.from({ length: 6 }, (_, seq) => ({ key: `k${seq}`, value: JSON.stringify({ key: `k${seq}`, seq: seq + 1 }) })),
      );
      await sleep(options.settleMs);
      expect(seen.messages()).toHaveLength(1);
      consumer.resume();
      await vi.waitFor(
        () => {
          expect(seen.messages()).toHaveLength(7);
        },
        { timeout, interval: 20 },
      );
      expect(
        seen
          .messages()
          .map((m) => payloadOf(m).seq)
          .sort((a, b) => a - b),
      ).toEqual([0, 1, 2, 3, 4, 5, 6]);
    });

    it('delivers every message to each consumer group, each keeping its own offsets', async () => {
      const { env, open } = await setUp();
      const bus = await open();
      const topic = env.uniqueName('fanout');
      await bus.ensureTopics([{ topic, partitions: 3 }]);
      await bus.publish(
        topic,
        Array.from({ length: 30 }, (_, seq) => ({ key: `k${seq % 5}`, value: JSON.stringify({ key: `k${seq % 5}`, seq }) })),
      );
      const anchor = recorder();
      const projector = recorder();
      const anchorConsumer = bus.createConsumer({ groupId: env.uniqueName('anchor'), topics: [topic], maxBatchSize: 7, maxWaitMs: 100 });
      const projectorConsumer = bus.createConsumer({
        groupId: env.uniqueName('projector'),
        topics: [topic],
        maxBatchSize: 100,
        maxWaitMs: 100,
      });
      await anchorConsumer.run(anchor.handler);
      await projectorConsumer.run(projector.handler);
      await vi.waitFor(
        () => {
          expect(anchor.messages()).toHaveLength(30);
          expect(projector.messages()).toHaveLength(30);
        },
        { timeout, interval: 20 },
      );
      const seqs = (r: ReturnType<typeof recorder>): number[] =>
        r
          .messages()
          .map((m) => payloadOf(m).seq)
          .sort((a, b) => a - b);
      expect(seqs(anchor)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      expect(seqs(projector)).toEqual(seqs(anchor));
      expect(Math.max(...anchor.batches.map((b) => b.messages.length))).toBeLessThanOrEqual(7);
    });

    it('rejects publishing to or consuming from a topic that was never created', async () => {
      const { env, open } = await setUp();
      const bus = await open();
      await expect(bus.publish(env.uniqueName('missing'), [{ key: 'k', value: 'v' }])).rejects.toMatchObject({ code: 'UNKNOWN_TOPIC' });
      const consumer = bus.createConsumer({
        groupId: env.uniqueName('g'),
        topics: [env.uniqueName('missing')],
        maxBatchSize: 10,
        maxWaitMs: 100,
      });
      await expect(consumer.run(recorder().handler)).rejects.toMatchObject({ code: 'UNKNOWN_TOPIC' });
      expect(consumer.assignments()).toEqual([]);
    });

    it('reports health while open and not after close', async () => {
      const { env } = await setUp();
      const bus = await env.openBus();
      expect((await bus.health()).ok).toBe(true);
      await bus.close();
      expect((await bus.health()).ok).toBe(false);
    });

    if (options.groupMembership === 'shared') {
      it('splits the partitions of a topic between two consumers of one group', async () => {
        const { env, open } = await setUp();
        const bus = await open();
        const topic = env.uniqueName('split');
        const groupId = env.uniqueName('g');
        await bus.ensureTopics([{ topic, partitions: 4 }]);
        const a = bus.createConsumer({ groupId, topics: [topic], maxBatchSize: 100, maxWaitMs: 100 });
        const b = bus.createConsumer({ groupId, topics: [topic], maxBatchSize: 100, maxWaitMs: 100 });
        const seenA = recorder();
        const seenB = recorder();
        await a.run(seenA.handler);
        await b.run(seenB.handler);
        await vi.waitFor(
          () => {
            const mine = a.assignments().map((tp) => tp.partition);
            const theirs = b.assignments().map((tp) => tp.partition);
            expect(mine.length).toBeGreaterThan(0);
            expect(theirs.length).toBeGreaterThan(0);
            expect([...mine, ...theirs].sort()).toEqual([0, 1, 2, 3]);
          },
          { timeout, interval: 50 },
        );
        const keys = Array.from({ length: 40 }, (_, i) => `key-${i}`);
        await bus.publish(
          topic,
          keys.map((key) => ({ key, value: JSON.stringify({ key, seq: 0 }) })),
        );
        await vi.waitFor(
          () => {
            expect(seenA.messages().length + seenB.messages().length).toBe(keys.length);
          },
          { timeout, interval: 20 },
        );
        const partitionsOf = (batches: PartitionBatch[]): number[] => [...new Set(batches.map((x) => x.partition))].sort();
        expect(partitionsOf(seenA.batches).every((p) => a.assignments().some((tp) => tp.partition === p))).toBe(true);
        expect(partitionsOf(seenB.batches).every((p) => b.assignments().some((tp) => tp.partition === p))).toBe(true);
        expect(partitionsOf(seenA.batches).some((p) => partitionsOf(seenB.batches).includes(p))).toBe(false);
      });
    } else {
      it('lets one consumer of a group run at a time, and the next once the first stopped', async () => {
        const { env, open } = await setUp();
        const bus = await open();
        const topic = env.uniqueName('exclusive');
        const groupId = env.uniqueName('g');
        await bus.ensureTopics([{ topic, partitions: 4 }]);
        const a = bus.createConsumer({ groupId, topics: [topic], maxBatchSize: 100, maxWaitMs: 100 });
        const b = bus.createConsumer({ groupId, topics: [topic], maxBatchSize: 100, maxWaitMs: 100 });
        await a.run(recorder().handler);
        expect(a.assignments().map((tp) => tp.partition)).toEqual([0, 1, 2, 3]);
        const refused = b.run(recorder().handler);
        await expect(refused).rejects.toBeInstanceOf(BusError);
        await expect(refused).rejects.toMatchObject({ code: 'GROUP_BUSY' });
        await a.stop();
        const seen = recorder();
        await b.run(seen.handler);
        await bus.publish(topic, [{ key: 'k', value: JSON.stringify({ key: 'k', seq: 0 }) }]);
        await vi.waitFor(
          () => {
            expect(seen.messages()).toHaveLength(1);
          },
          { timeout, interval: 20 },
        );
      });
    }
  });
}
