import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
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
import { fromKafkaMessage } from './kafka-message.mapper.js';

/** What a consumer needs from the Kafka bus that created it. */
export interface KafkaConsumerHost {
  readonly kafka: Kafka;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly joinTimeoutMs: number;
  readonly partitionsConsumedConcurrently: number;
  requireTopic(topic: string): Promise<void>;
  lag(groupId: string, topics: readonly string[]): Promise<readonly PartitionLag[]>;
  onConsumerCrash(groupId: string, error: unknown): void;
}

/**
 * PostHog's kafkajs loop: `eachBatch` with auto-resolve off; the fetched batch is cut into chunks of
 * `maxBatchSize`; after each chunk the handler's success resolves and commits its offsets, then
 * heartbeats; the loop stops early when the consumer stops or the partition went stale. A throwing
 * handler is retried in place after a capped exponential back-off, heartbeating while it waits so
 * the group keeps the partition, and nothing after the failing chunk is resolved meanwhile.
 */
export class KafkaConsumer implements EventBusConsumer {
  private readonly backoff: BackoffOptions;
  private readonly retryWait = new WakeableSleep();
  private consumer: Consumer | undefined;
  private running = false;
  private paused = false;
  private joinedGroup = false;
  private assigned: TopicPartition[] = [];

  constructor(
    private readonly host: KafkaConsumerHost,
    readonly options: ConsumerOptions,
  ) {
    if (!Number.isInteger(options.maxBatchSize) || options.maxBatchSize < 1)
      throw new BusError('INVALID_ARGUMENT', `maxBatchSize must be a positive integer (got ${options.maxBatchSize})`);
    if (!(options.maxWaitMs > 0)) throw new BusError('INVALID_ARGUMENT', `maxWaitMs must be positive (got ${options.maxWaitMs})`);
    if (options.topics.length === 0) throw new BusError('INVALID_ARGUMENT', 'a consumer needs at least one topic');
    this.backoff = resolveBackoff(options.retry);
  }

  async run(handler: BatchHandler): Promise<void> {
    if (this.consumer !== undefined) throw new BusError('ALREADY_RUNNING', `consumer of group ${this.options.groupId} is already running`);
    for (const topic of this.options.topics) await this.host.requireTopic(topic);
    const consumer = this.host.kafka.consumer({
      groupId: this.options.groupId,
      maxWaitTimeInMs: this.options.maxWaitMs,
      minBytes: 1,
      sessionTimeout: this.host.sessionTimeoutMs,
      heartbeatInterval: this.host.heartbeatIntervalMs,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    let settle: { resolve(): void; reject(error: unknown): void } | undefined;
    const joined = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // Awaited below; a crash after start-up failed would otherwise surface as an unhandled rejection.
    joined.catch(() => undefined);
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      this.assigned = Object.entries(event.payload.memberAssignment).flatMap(([topic, partitions]) =>
        partitions.map((partition) => ({ topic, partition })),
      );
      settle?.resolve();
    });
    consumer.on(consumer.events.REBALANCING, () => {
      this.assigned = [];
    });
    consumer.on(consumer.events.CRASH, (event) => {
      // A retriable crash (a broker just started answers "the coordinator is loading") makes kafkajs
      // restart the consumer by itself; only a crash it gives up on ends start-up or the consumer.
      if (event.payload.restart) return;
      settle?.reject(event.payload.error);
      this.host.onConsumerCrash(this.options.groupId, event.payload.error);
    });
    const timer = setTimeout(() => {
      settle?.reject(new BusError('IO', `consumer of group ${this.options.groupId} did not join within ${this.host.joinTimeoutMs} ms`));
    }, this.host.joinTimeoutMs);
    try {
      await consumer.connect();
      // New groups start at the beginning: nothing published before the first start is skipped.
      await consumer.subscribe({ topics: [...this.options.topics], fromBeginning: true });
      this.running = true;
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.host.partitionsConsumedConcurrently,
        eachBatch: (payload) => this.eachBatch(payload, handler),
      });
      await joined;
      this.joinedGroup = true;
      if (this.paused) this.applyPause();
    } catch (error) {
      this.running = false;
      this.joinedGroup = false;
      this.consumer = undefined;
      await consumer.disconnect().catch(() => undefined);
      throw error instanceof BusError
        ? error
        : new BusError('IO', `consumer of group ${this.options.groupId} could not start: ${String(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  pause(): void {
    this.paused = true;
    // kafkajs can pause only once the consumer joined; run() applies a pause requested earlier.
    if (this.joinedGroup) this.applyPause();
  }

  resume(): void {
    this.paused = false;
    this.retryWait.wake();
    if (this.joinedGroup) this.consumer?.resume(this.options.topics.map((topic) => ({ topic })));
  }

  isPaused(): boolean {
    return this.paused;
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    if (consumer === undefined) return;
    this.running = false;
    this.retryWait.wake();
    try {
      // kafkajs waits for the eachBatch in hand, then leaves the group.
      await consumer.disconnect();
    } finally {
      this.consumer = undefined;
      this.joinedGroup = false;
      this.assigned = [];
    }
  }

  assignments(): readonly TopicPartition[] {
    return this.assigned;
  }

  lag(): Promise<readonly PartitionLag[]> {
    return this.host.lag(this.options.groupId, this.options.topics);
  }

  private applyPause(): void {
    this.consumer?.pause(this.options.topics.map((topic) => ({ topic })));
  }

  private async eachBatch(payload: EachBatchPayload, handler: BatchHandler): Promise<void> {
    const { batch } = payload;
    const heartbeat = (): Promise<void> => payload.heartbeat();
    const isRunning = (): boolean => this.running && payload.isRunning();
    const isStale = (): boolean => payload.isStale();
    const context: BatchContext = { heartbeat, isRunning, isStale };
    const messages = batch.messages.map(fromKafkaMessage);
    for (let start = 0; start < messages.length; start += this.options.maxBatchSize) {
      // Unresolved messages are fetched again by whoever owns the partition next.
      if (!isRunning() || isStale() || this.paused) return;
      const chunk = messages.slice(start, start + this.options.maxBatchSize);
      const last = chunk.at(-1);
      if (last === undefined) return;
      if (!(await this.deliver(batch.topic, batch.partition, chunk, handler, context))) return;
      payload.resolveOffset(String(last.offset));
      await payload.commitOffsetsIfNecessary({
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: String(last.offset + 1) }] }],
      });
      await heartbeat();
    }
  }

  /** True once the handler succeeded; false when the consumer stopped (or lost the partition) while retrying. */
  private async deliver(
    topic: string,
    partition: number,
    messages: readonly ConsumedMessage[],
    handler: BatchHandler,
    context: BatchContext,
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await handler({ topic, partition, messages }, context);
        return true;
      } catch (error) {
        const delayMs = backoffDelay(this.backoff, attempt);
        reportFailure(this.options, {
          topic,
          partition,
          error,
          attempt,
          delayMs,
          firstOffset: messages[0]?.offset ?? -1,
          lastOffset: messages.at(-1)?.offset ?? -1,
        });
        if (!(await this.waitBeforeRetry(delayMs, context))) return false;
      }
    }
  }

  /** Sleeps `delayMs` (and while paused) in heartbeat-sized slices, so the group keeps this member. */
  private async waitBeforeRetry(delayMs: number, context: BatchContext): Promise<boolean> {
    const until = Date.now() + delayMs;
    for (;;) {
      if (!context.isRunning() || context.isStale()) return false;
      const left = until - Date.now();
      if (left <= 0 && !this.paused) return true;
      await this.retryWait.sleep(left > 0 ? Math.min(this.host.heartbeatIntervalMs, left) : this.host.heartbeatIntervalMs);
      if (!context.isRunning() || context.isStale()) return false;
      // A rebalance makes heartbeat throw; kafkajs then rejoins and the batch is redelivered.
      await context.heartbeat();
    }
  }
}
