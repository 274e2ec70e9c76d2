import { backoffDelay, resolveBackoff, WakeableSleep } from '../consumption/backoff-policy.js';
import { reportFailure } from '../consumption/report-handler-failure.js';
import {
  BusError,
  type BackoffOptions,
  type BatchContext,
  type BatchHandler,
  type ConsumedMessage,
  type ConsumerOptions,
  type EventBusConsumer,
  type PartitionLag,
  type TopicPartition,
} from '../event-bus.port.js';
import { ConsumerOffsetsStore } from './consumer-offsets.store.js';
import type { LogCursor, PartitionLog } from './partition-log.js';

/** What a consumer needs from the embedded bus that created it. */
export interface EmbeddedConsumerHost {
  readonly groupsDirectory: string;
  /** Changes every time new records become durable. */
  readonly dataVersion: number;
  logsOf(topic: string): readonly PartitionLog[];
  claimGroup(groupId: string, consumer: EmbeddedConsumer): void;
  releaseGroup(groupId: string, consumer: EmbeddedConsumer): void;
  onConsumerFailure(consumer: EmbeddedConsumer, error: unknown): void;
}

interface PartitionCursor {
  readonly log: PartitionLog;
  cursor: LogCursor;
}

/**
 * A consumer of the embedded bus. The process owns every partition, so one group has one active
 * consumer; it visits the partitions round-robin, one batch each, and commits (durably) after the
 * handler resolves.
 */
export class EmbeddedConsumer implements EventBusConsumer {
  private readonly backoff: BackoffOptions;
  private readonly dataWait = new WakeableSleep();
  private readonly retryWait = new WakeableSleep();
  private running = false;
  private paused = false;
  private loop: Promise<void> | undefined;
  private offsets: ConsumerOffsetsStore | undefined;
  private cursors: PartitionCursor[] = [];
  private commitFailure: BusError | undefined;
  private persisting = false;
  private readonly context: BatchContext = {
    heartbeat: () => Promise.resolve(),
    isRunning: () => this.isRunning(),
    isStale: () => false,
  };

  constructor(
    private readonly host: EmbeddedConsumerHost,
    readonly options: ConsumerOptions,
  ) {
    if (!Number.isInteger(options.maxBatchSize) || options.maxBatchSize < 1)
      throw new BusError('INVALID_ARGUMENT', `maxBatchSize must be a positive integer (got ${options.maxBatchSize})`);
    if (!(options.maxWaitMs > 0)) throw new BusError('INVALID_ARGUMENT', `maxWaitMs must be positive (got ${options.maxWaitMs})`);
    if (options.topics.length === 0) throw new BusError('INVALID_ARGUMENT', 'a consumer needs at least one topic');
    this.backoff = resolveBackoff(options.retry);
  }

  async run(handler: BatchHandler): Promise<void> {
    if (this.loop !== undefined) throw new BusError('ALREADY_RUNNING', `consumer of group ${this.options.groupId} is already running`);
    const logs = this.options.topics.flatMap((topic) => this.host.logsOf(topic));
    this.host.claimGroup(this.options.groupId, this);
    try {
      const offsets = await ConsumerOffsetsStore.load(this.host.groupsDirectory, this.options.groupId);
      this.offsets = offsets;
      this.cursors = await Promise.all(
        logs.map(async (log) => ({ log, cursor: await log.cursorAt(Math.min(offsets.get(log.topic, log.partition) ?? 0, log.endOffset)) })),
      );
    } catch (error) {
      this.host.releaseGroup(this.options.groupId, this);
      throw error;
    }
    this.running = true;
    this.loop = this.consume(handler).catch((error: unknown) => {
      this.running = false;
      this.host.onConsumerFailure(this, error);
    });
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.dataWait.wake();
  }

  isPaused(): boolean {
    return this.paused;
  }

  async stop(): Promise<void> {
    const loop = this.loop;
    if (loop === undefined) return;
    this.running = false;
    this.dataWait.wake();
    this.retryWait.wake();
    await loop;
    try {
      await this.offsets?.persist();
    } finally {
      this.loop = undefined;
      this.host.releaseGroup(this.options.groupId, this);
    }
  }

  assignments(): readonly TopicPartition[] {
    return this.running ? this.cursors.map(({ log }) => ({ topic: log.topic, partition: log.partition })) : [];
  }

  async lag(): Promise<readonly PartitionLag[]> {
    const offsets = this.offsets ?? (await ConsumerOffsetsStore.load(this.host.groupsDirectory, this.options.groupId));
    return this.options.topics.flatMap((topic) =>
      this.host.logsOf(topic).map((log) => {
        const committedOffset = Math.min(offsets.get(topic, log.partition) ?? 0, log.endOffset);
        return { topic, partition: log.partition, committedOffset, endOffset: log.endOffset, lag: log.endOffset - committedOffset };
      }),
    );
  }

  /** Wakes a consumer waiting for data (new records are durable). */
  notifyData(): void {
    this.dataWait.wake();
  }

  private async consume(handler: BatchHandler): Promise<void> {
    let turn = 0;
    while (this.isRunning()) {
      if (this.commitFailure !== undefined) throw this.commitFailure;
      if (this.isPaused()) {
        await this.dataWait.sleep(this.options.maxWaitMs);
        continue;
      }
      const versionBefore = this.host.dataVersion;
      let delivered = false;
      for (let i = 0; i < this.cursors.length && this.isRunning() && !this.isPaused(); i++) {
        const partition = this.cursors[(turn + i) % this.cursors.length];
        if (partition === undefined || partition.cursor.offset >= partition.log.endOffset) continue;
        const { messages, next } = await partition.log.read(partition.cursor, this.options.maxBatchSize);
        if (messages.length === 0) continue;
        delivered = true;
        if (!(await this.deliver(partition.log, messages, handler))) return;
        partition.cursor = next;
        this.commit(partition.log, next.offset);
      }
      turn++;
      // Checked synchronously before sleeping, so a flush between the scan and here is not missed.
      if (!delivered && this.isRunning() && this.host.dataVersion === versionBefore) await this.dataWait.sleep(this.options.maxWaitMs);
    }
  }

  /** Runs the handler until it succeeds (true) or the consumer stops while retrying (false: hand back). */
  private async deliver(log: PartitionLog, messages: readonly ConsumedMessage[], handler: BatchHandler): Promise<boolean> {
    const batch = { topic: log.topic, partition: log.partition, messages };
    for (let attempt = 1; ; attempt++) {
      try {
        await handler(batch, this.context);
        return true;
      } catch (error) {
        const delayMs = backoffDelay(this.backoff, attempt);
        reportFailure(this.options, {
          topic: log.topic,
          partition: log.partition,
          error,
          attempt,
          delayMs,
          firstOffset: messages[0]?.offset ?? -1,
          lastOffset: messages.at(-1)?.offset ?? -1,
        });
        if (!this.isRunning()) return false;
        await this.retryWait.sleep(delayMs);
        while (this.isRunning() && this.isPaused()) await this.dataWait.sleep(this.options.maxWaitMs);
        if (!this.isRunning()) return false;
      }
    }
  }

  /**
   * Records the handled position and writes it in the background: the next batch need not wait for
   * the file, and writes made meanwhile are merged into one. A crash can lose only the last write,
   * which means redelivery (allowed), never a skipped message. stop() waits for the write.
   */
  private commit(log: PartitionLog, nextOffset: number): void {
    const offsets = this.offsets;
    if (offsets === undefined) return;
    offsets.set(log.topic, log.partition, nextOffset);
    if (this.persisting) return; // the running write loop picks this change up
    this.persisting = true;
    offsets
      .persistLatest()
      .catch((error: unknown) => {
        this.commitFailure ??= new BusError(
          'IO',
          `could not write the committed offsets of group ${this.options.groupId}: ${String(error)}`,
          { cause: error },
        );
      })
      .finally(() => {
        this.persisting = false;
      });
  }

  /** A method rather than the field, because stop() and pause() change it across awaits. */
  private isRunning(): boolean {
    return this.running;
  }
}
