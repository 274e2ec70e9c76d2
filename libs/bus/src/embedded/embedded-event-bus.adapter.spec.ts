import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConsumedMessage } from '../event-bus.port.js';
import { describeEventBusConformance } from '../testing/event-bus-conformance.js';
import { EmbeddedEventBusAdapter } from './embedded-event-bus.adapter.js';

let counter = 0;

describeEventBusConformance({
  adapterName: 'embedded',
  groupMembership: 'exclusive',
  deliveryTimeoutMs: 10_000,
  settleMs: 300,
  createEnvironment: async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lotledger-bus-'));
    return {
      openBus: () => EmbeddedEventBusAdapter.open({ dataDir }),
      uniqueName: (base) => `${base}-${++counter}`,
      dispose: () => rm(dataDir, { recursive: true, force: true }),
    };
  },
});

describe('EmbeddedEventBusAdapter on disk', () => {
  const directories: string[] = [];
  const buses: EmbeddedEventBusAdapter[] = [];
  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close();
    for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
  });
  async function fresh(): Promise<string> {
    const directory = await mkdtemp(join(tmpdir(), 'lotledger-bus-disk-'));
    directories.push(directory);
    return directory;
  }
  async function open(dataDir: string): Promise<EmbeddedEventBusAdapter> {
    const bus = await EmbeddedEventBusAdapter.open({ dataDir });
    buses.push(bus);
    return bus;
  }
  async function readAll(bus: EmbeddedEventBusAdapter, topic: string, groupId: string, count: number): Promise<ConsumedMessage[]> {
    const seen: ConsumedMessage[] = [];
    const consumer = bus.createConsumer({ groupId, topics: [topic], maxBatchSize: 1000, maxWaitMs: 50 });
    await consumer.run((batch) => {
      seen.push(...batch.messages);
      return Promise.resolve();
    });
    await vi.waitFor(
      () => {
        expect(seen.length).toBeGreaterThanOrEqual(count);
      },
      { timeout: 5000, interval: 10 },
    );
    await consumer.stop();
    return seen;
  }

  it('cuts a torn tail write off on open and keeps appending after the last whole record', async () => {
    const dataDir = await fresh();
    const first = await open(dataDir);
    await first.ensureTopics([{ topic: 'torn', partitions: 1 }]);
    await first.publish('torn', [
      { key: 'k', value: 'one' },
      { key: 'k', value: 'two' },
    ]);
    await first.close();
    const log = join(dataDir, 'topics', 'torn', '0.log');
    const whole = (await stat(log)).size;
    // A crash in the middle of the next write: a length prefix promising more bytes than follow.
    await appendFile(log, Buffer.from([0x40, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3]));

    const second = await open(dataDir);
    expect(second.recovery.truncated).toEqual([{ topic: 'torn', partition: 0, bytes: 11 }]);
    expect((await stat(log)).size).toBe(whole);
    await second.publish('torn', [{ key: 'k', value: 'three' }]);
    const values = (await readAll(second, 'torn', 'g', 3)).map((m) => [m.offset, Buffer.from(m.value).toString()]);
    expect(values).toEqual([
      [0, 'one'],
      [1, 'two'],
      [2, 'three'],
    ]);
  });

  it('detects a record whose bytes were damaged by its CRC and truncates from there', async () => {
    const dataDir = await fresh();
    const first = await open(dataDir);
    await first.ensureTopics([{ topic: 'crc', partitions: 1 }]);
    await first.publish('crc', [{ key: 'k', value: 'intact' }]);
    await first.publish('crc', [{ key: 'k', value: 'damaged' }]);
    await first.close();
    const log = join(dataDir, 'topics', 'crc', '0.log');
    const bytes = await readFile(log);
    const damaged = bytes.length - 3;
    bytes.writeUInt8(bytes.readUInt8(damaged) ^ 0xff, damaged);
    await writeFile(log, bytes);

    const second = await open(dataDir);
    expect(second.recovery.truncated).toHaveLength(1);
    const values = (await readAll(second, 'crc', 'g', 1)).map((m) => Buffer.from(m.value).toString());
    expect(values).toEqual(['intact']);
  });

  it('persists committed offsets in the group file and resumes from them after reopening', async () => {
    const dataDir = await fresh();
    const first = await open(dataDir);
    await first.ensureTopics([{ topic: 'resume', partitions: 2 }]);
    await first.publish(
      'resume',
      Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: String(i) })),
    );
    expect(await readAll(first, 'resume', 'anchor', 20)).toHaveLength(20);
    await first.close();
    const groupFile = JSON.parse(await readFile(join(dataDir, 'groups', 'anchor.json'), 'utf8'));
    const committed = Object.values(groupFile.offsets.resume as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(committed).toBe(20);

    const second = await open(dataDir);
    await second.publish('resume', [{ key: 'late', value: 'late' }]);
    const after = await readAll(second, 'resume', 'anchor', 1);
    expect(after.map((m) => Buffer.from(m.value).toString())).toEqual(['late']);
  });

  it('seeks to a committed offset beyond the first index interval without losing records', async () => {
    const dataDir = await fresh();
    const bus = await open(dataDir);
    await bus.ensureTopics([{ topic: 'seek', partitions: 1 }]);
    await bus.publish(
      'seek',
      Array.from({ length: 3000 }, (_, i) => ({ key: 'k', value: String(i) })),
    );
    const consumer = bus.createConsumer({ groupId: 'g', topics: ['seek'], maxBatchSize: 2500, maxWaitMs: 50 });
    let stopping: Promise<void> | undefined;
    await consumer.run(() => {
      stopping ??= consumer.stop();
      return Promise.resolve();
    });
    await vi.waitFor(() => {
      expect(stopping).toBeDefined();
    });
    await stopping;
    const rest = await readAll(bus, 'seek', 'g', 500);
    expect(rest[0]?.offset).toBe(2500);
    expect(rest.map((m) => Buffer.from(m.value).toString())).toEqual(Array.from({ length: 500 }, (_, i) => String(2500 + i)));
  });

  it('shares one flush among concurrent publishes and keeps every message', async () => {
    const dataDir = await fresh();
    const bus = await open(dataDir);
    await bus.ensureTopics([{ topic: 'group-commit', partitions: 3 }]);
    await Promise.all(
      Array.from({ length: 40 }, (_, call) =>
        bus.publish(
          'group-commit',
          Array.from({ length: 25 }, (_, i) => ({ key: `k${i}`, value: `${call}:${i}` })),
        ),
      ),
    );
    const all = await readAll(bus, 'group-commit', 'g', 1000);
    expect(new Set(all.map((m) => Buffer.from(m.value).toString())).size).toBe(1000);
  });

  it('rejects an invalid topic name and a non-positive batch size with coded errors', async () => {
    const bus = await open(await fresh());
    await expect(bus.ensureTopics([{ topic: '../escape', partitions: 1 }])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await bus.ensureTopics([{ topic: 'ok', partitions: 1 }]);
    expect(() => bus.createConsumer({ groupId: 'g', topics: ['ok'], maxBatchSize: 0, maxWaitMs: 10 })).toThrow(/maxBatchSize/);
  });

  it('keeps the partition count of an existing topic', async () => {
    const bus = await open(await fresh());
    await bus.ensureTopics([{ topic: 'fixed', partitions: 2 }]);
    await bus.ensureTopics([{ topic: 'fixed', partitions: 8 }]);
    expect(await bus.partitionCount('fixed')).toBe(2);
  });
});

describe('EmbeddedEventBusAdapter with records larger than its read and scan chunks', () => {
  it('recovers and delivers a 9 MiB message intact after reopening', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lotledger-bus-big-'));
    try {
      const big = Buffer.alloc(9 * 1024 * 1024);
      for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i, i);
      const first = await EmbeddedEventBusAdapter.open({ dataDir });
      await first.ensureTopics([{ topic: 'big', partitions: 1 }]);
      await first.publish('big', [
        { key: 'small', value: 'before' },
        { key: 'big', value: big },
        { key: 'small', value: 'after' },
      ]);
      await first.close();

      const second = await EmbeddedEventBusAdapter.open({ dataDir });
      expect(second.recovery.truncated).toEqual([]);
      const seen: ConsumedMessage[] = [];
      const consumer = second.createConsumer({ groupId: 'g', topics: ['big'], maxBatchSize: 1, maxWaitMs: 50 });
      await consumer.run((batch) => {
        seen.push(...batch.messages);
        return Promise.resolve();
      });
      await vi.waitFor(() => {
        expect(seen).toHaveLength(3);
      });
      await second.close();
      expect(Buffer.from(seen[0]!.value).toString()).toBe('before');
      expect(Buffer.compare(Buffer.from(seen[1]!.value), big)).toBe(0);
      expect(Buffer.from(seen[2]!.value).toString()).toBe('after');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
