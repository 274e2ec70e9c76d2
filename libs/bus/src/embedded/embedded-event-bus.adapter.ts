import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BusError,
  type BusHealth,
  type BusMessage,
  type ConsumerOptions,
  type EventBus,
  type EventBusConsumer,
  type TopicSpec,
} from '../event-bus.port.js';
import { partitionForKey } from '../partitioning/murmur2-partitioner.js';
import { assertTopicName, assertTopicSpec } from '../topic-spec.validation.js';
import { syncDirectory, writeFileAtomically } from './atomic-file.js';
import { DataDirectoryLock } from './data-directory.lock.js';
import { EmbeddedConsumer, type EmbeddedConsumerHost } from './embedded-consumer.js';
import { GroupCommit } from './group-commit.js';
import { encodeRecord } from './log-record.codec.js';
import { PartitionLog } from './partition-log.js';

export interface EmbeddedEventBusOptions {
  /** Directory holding `topics/<topic>/<partition>.log` and `groups/<group>.json`; created if missing. */
  readonly dataDir: string;
}

/** What opening found: partitions whose torn tail (an unacknowledged write cut by a crash) was cut off. */
export interface RecoveryReport {
  readonly truncated: readonly { topic: string; partition: number; bytes: number }[];
}

interface TopicState {
  readonly logs: readonly PartitionLog[];
  roundRobin: number;
}

interface TopicFile {
  readonly version: 1;
  readonly partitions: number;
}

/**
 * The in-process bus behind `npm start`: an append-only, CRC-checked log per topic-partition on disk.
 * `publish` resolves after fdatasync (group commit shares one sync among concurrent publishes);
 * partitions are chosen by Kafka's murmur2 partitioner; consumer-group offsets are files replaced
 * atomically; after a crash everything not committed is delivered again. One process owns a data
 * directory and all its partitions, so a group has one active consumer at a time.
 */
export class EmbeddedEventBusAdapter implements EventBus, EmbeddedConsumerHost {
  readonly groupsDirectory: string;
  private readonly topicsDirectory: string;
  private readonly topics = new Map<string, TopicState>();
  private readonly consumers = new Set<EmbeddedConsumer>();
  private readonly activeGroups = new Map<string, EmbeddedConsumer>();
  private readonly groupCommit: GroupCommit;
  private topicCreation: Promise<void> = Promise.resolve();
  private version = 0;
  private closed = false;
  private failure: string | undefined;

  private constructor(
    readonly dataDir: string,
    readonly recovery: RecoveryReport,
  ) {
    this.topicsDirectory = join(dataDir, 'topics');
    this.groupsDirectory = join(dataDir, 'groups');
    this.groupCommit = new GroupCommit(() => {
      this.version++;
      for (const consumer of this.consumers) consumer.notifyData();
    });
  }

  /** Opens the data directory, recovering every partition log (see `recovery`). */
  static async open(options: EmbeddedEventBusOptions): Promise<EmbeddedEventBusAdapter> {
    const topicsDirectory = join(options.dataDir, 'topics');
    await mkdir(topicsDirectory, { recursive: true });
    await mkdir(join(options.dataDir, 'groups'), { recursive: true });
    await DataDirectoryLock.acquire(options.dataDir);
    const truncated: { topic: string; partition: number; bytes: number }[] = [];
    const loaded = new Map<string, TopicState>();
    for (const entry of await readdir(topicsDirectory, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      if (entry.name.includes('.creating-')) {
        // A topic whose creation a crash interrupted: it was never reported as created.
        await rm(join(topicsDirectory, entry.name), { recursive: true, force: true });
        continue;
      }
      const directory = join(topicsDirectory, entry.name);
      const meta = JSON.parse(await readFile(join(directory, 'topic.json'), 'utf8')) as TopicFile;
      const logs: PartitionLog[] = [];
      for (let partition = 0; partition < meta.partitions; partition++) {
        const { log, truncatedBytes } = await PartitionLog.open(join(directory, `${partition}.log`), entry.name, partition);
        logs.push(log);
        if (truncatedBytes > 0) truncated.push({ topic: entry.name, partition, bytes: truncatedBytes });
      }
      loaded.set(entry.name, { logs, roundRobin: 0 });
    }
    const bus = new EmbeddedEventBusAdapter(options.dataDir, { truncated });
    for (const [topic, state] of loaded) bus.topics.set(topic, state);
    return bus;
  }

  get dataVersion(): number {
    return this.version;
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    this.assertOpen();
    topics.forEach(assertTopicSpec);
    // Serialised so that two callers creating the same topic do not race on its directory.
    const created = this.topicCreation.then(async () => {
      for (const spec of topics) if (!this.topics.has(spec.topic)) await this.createTopic(spec);
    });
    this.topicCreation = created.catch(() => undefined);
    await created;
  }

  async publish(topic: string, messages: readonly BusMessage[]): Promise<void> {
    this.assertOpen();
    const state = this.topicState(topic);
    if (messages.length === 0) return;
    const timestamp = Date.now();
    const partitions = state.logs.length;
    const batches = new Map<PartitionLog, Buffer[]>();
    // Encode everything before appending anything, so an invalid message leaves no partial publish.
    for (const message of messages) {
      const partition = message.key === null ? state.roundRobin++ % partitions : partitionForKey(message.key, partitions);
      const log = state.logs[partition];
      if (log === undefined) throw new BusError('IO', `partition ${partition} of ${topic} is missing`);
      let batch = batches.get(log);
      if (batch === undefined) {
        batch = [];
        batches.set(log, batch);
      }
      batch.push(encodeRecord(message, timestamp));
    }
    for (const [log, records] of batches) log.append(records);
    await this.groupCommit.commit(batches.keys());
  }

  createConsumer(options: ConsumerOptions): EventBusConsumer {
    this.assertOpen();
    options.topics.forEach(assertTopicName);
    const consumer = new EmbeddedConsumer(this, options);
    this.consumers.add(consumer);
    return consumer;
  }

  partitionCount(topic: string): Promise<number> {
    return Promise.resolve(this.topicState(topic).logs.length);
  }

  health(): Promise<BusHealth> {
    if (this.closed) return Promise.resolve({ ok: false, detail: 'embedded bus is closed' });
    if (this.failure !== undefined) return Promise.resolve({ ok: false, detail: this.failure });
    for (const { logs } of this.topics.values()) {
      const broken = logs.find((log) => log.failed !== undefined);
      if (broken !== undefined)
        return Promise.resolve({
          ok: false,
          detail: `partition ${broken.topic}/${broken.partition} failed to write: ${broken.failed ?? ''}`,
        });
    }
    return Promise.resolve({
      ok: true,
      detail: `embedded bus at ${this.dataDir}: ${this.topics.size} topics, ${this.activeGroups.size} active consumer groups`,
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    await this.groupCommit.idle();
    this.closed = true;
    await Promise.all([...this.topics.values()].flatMap(({ logs }) => logs.map((log) => log.close())));
    await DataDirectoryLock.release(this.dataDir);
  }

  logsOf(topic: string): readonly PartitionLog[] {
    return this.topicState(topic).logs;
  }

  claimGroup(groupId: string, consumer: EmbeddedConsumer): void {
    const holder = this.activeGroups.get(groupId);
    if (holder !== undefined && holder !== consumer) {
      throw new BusError(
        'GROUP_BUSY',
        `consumer group ${groupId} already has a running consumer: the embedded bus gives one consumer all partitions`,
      );
    }
    this.activeGroups.set(groupId, consumer);
  }

  releaseGroup(groupId: string, consumer: EmbeddedConsumer): void {
    if (this.activeGroups.get(groupId) === consumer) this.activeGroups.delete(groupId);
  }

  onConsumerFailure(consumer: EmbeddedConsumer, error: unknown): void {
    this.failure = `consumer of group ${consumer.options.groupId} stopped: ${error instanceof Error ? error.message : String(error)}`;
    this.releaseGroup(consumer.options.groupId, consumer);
  }

  private async createTopic(spec: TopicSpec): Promise<void> {
    // Built under a temporary name and renamed, so a crash never leaves a half-created topic.
    const staging = join(this.topicsDirectory, `${spec.topic}.creating-${process.pid}`);
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging);
    const meta: TopicFile = { version: 1, partitions: spec.partitions };
    await writeFileAtomically(join(staging, 'topic.json'), JSON.stringify(meta));
    for (let partition = 0; partition < spec.partitions; partition++) await writeFile(join(staging, `${partition}.log`), '');
    await syncDirectory(staging);
    const directory = join(this.topicsDirectory, spec.topic);
    await rename(staging, directory);
    await syncDirectory(this.topicsDirectory);
    const logs: PartitionLog[] = [];
    for (let partition = 0; partition < spec.partitions; partition++)
      logs.push((await PartitionLog.open(join(directory, `${partition}.log`), spec.topic, partition)).log);
    this.topics.set(spec.topic, { logs, roundRobin: 0 });
  }

  private topicState(topic: string): TopicState {
    const state = this.topics.get(topic);
    if (state === undefined) throw new BusError('UNKNOWN_TOPIC', `unknown topic ${topic}: create it with ensureTopics first`);
    return state;
  }

  private assertOpen(): void {
    if (this.closed) throw new BusError('CLOSED', 'the embedded bus is closed');
  }
}
