/**
 * The event bus port: what the services need from a partitioned, durable log (Apache Kafka in the
 * real stack, the embedded on-disk log behind `npm start`). No broker client's types appear here, so
 * services and the conformance suite depend on this file only.
 *
 * Semantics every adapter keeps (proved by `testing/event-bus-conformance.ts`):
 * - `publish` resolves only once every message is durable (Kafka: acks=all from an idempotent
 *   producer; embedded: fsynced). Messages with the same key land on the same partition, chosen by
 *   Kafka's Java-compatible murmur2 partitioner, so the events of one key stay in order — within a
 *   call, and across calls in call order (a rejected call that is retried lands after later ones).
 * - Consumers get one partition's messages per handler call, in offset order. Offsets are committed
 *   only after the handler resolves (at-least-once). A handler that throws gets the same messages
 *   again after an exponential, capped back-off; nothing after them is committed first.
 * - `stop()` lets the batch in hand finish (and commits it) or hands it back uncommitted when it was
 *   waiting to be retried; either way nothing is lost.
 */

/** A message to publish. A `null` key spreads messages over partitions with no ordering promise. */
export interface BusMessage {
  readonly key: string | Uint8Array | null;
  readonly value: string | Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A consumed message. Offsets are below 2^53 (a safe integer) on every log this project runs. */
export interface ConsumedMessage {
  readonly offset: number;
  readonly key: Uint8Array | null;
  readonly value: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  /** Milliseconds since the epoch at which the message was appended. */
  readonly timestamp: number;
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** Consecutive messages of one partition, in offset order. */
export interface PartitionBatch extends TopicPartition {
  readonly messages: readonly ConsumedMessage[];
}

/** What a handler may ask of the consumer while it works on a batch. */
export interface BatchContext {
  /** Tells the group this member is alive; call it during long work (Kafka's session timeout). */
  heartbeat(): Promise<void>;
  /** False once `stop()` was called: finish quickly, the batch will be committed when you resolve. */
  isRunning(): boolean;
  /** True when the partition was reassigned meanwhile: the result will be redelivered elsewhere. */
  isStale(): boolean;
}

export type BatchHandler = (batch: PartitionBatch, context: BatchContext) => Promise<void>;

export interface BackoffOptions {
  /** Delay before the first redelivery. */
  readonly initialMs: number;
  /** The cap: delays grow by `multiplier` up to this value and stay there. */
  readonly maxMs: number;
  readonly multiplier: number;
}

export interface HandlerFailure extends TopicPartition {
  readonly error: unknown;
  /** 1 for the first failure of this batch. */
  readonly attempt: number;
  /** How long the consumer waits before redelivering. */
  readonly delayMs: number;
  readonly firstOffset: number;
  readonly lastOffset: number;
}

export interface ConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Most messages handed to one handler call. */
  readonly maxBatchSize: number;
  /** Longest a fetch waits for new messages (Kafka's fetch.max.wait.ms); batches are delivered as soon as messages are there. */
  readonly maxWaitMs: number;
  /** Back-off for redelivery after a handler throws. Default 200 ms doubling up to 30 s. */
  readonly retry?: Partial<BackoffOptions>;
  /** Observes each handler failure (for logs and metrics); every thrown error is retried. */
  readonly onHandlerError?: (failure: HandlerFailure) => void;
}

export interface PartitionLag extends TopicPartition {
  /** Next offset the group will read (the committed position; the log start when nothing is committed). */
  readonly committedOffset: number;
  /** Offset the next published message will get (Kafka's high watermark). */
  readonly endOffset: number;
  readonly lag: number;
}

export interface BusHealth {
  readonly ok: boolean;
  readonly detail: string;
}

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
}

export interface EventBusConsumer {
  /**
   * Starts consuming and resolves once the consumer has joined its group and may receive messages.
   * The handler runs until `stop()`.
   */
  run(handler: BatchHandler): Promise<void>;
  /** Stops fetching after the batch in hand; nothing is lost or committed early. */
  pause(): void;
  resume(): void;
  isPaused(): boolean;
  /** Graceful: waits for the batch in hand to finish (then commits it), or hands it back if it was waiting for a retry. */
  stop(): Promise<void>;
  /** Partitions currently assigned to this member. */
  assignments(): readonly TopicPartition[];
  /** Committed position and end offset of every partition of the subscribed topics. */
  lag(): Promise<readonly PartitionLag[]>;
}

export interface EventBus {
  /** Creates missing topics with the given partition count; existing topics are left as they are. */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** Resolves once every message is durable; rejects if any might not be. */
  publish(topic: string, messages: readonly BusMessage[]): Promise<void>;
  createConsumer(options: ConsumerOptions): EventBusConsumer;
  /** Partition count of an existing topic. */
  partitionCount(topic: string): Promise<number>;
  health(): Promise<BusHealth>;
  /** Stops every consumer created by this bus (gracefully) and releases connections and files. */
  close(): Promise<void>;
}

export type BusErrorCode = 'UNKNOWN_TOPIC' | 'INVALID_ARGUMENT' | 'CLOSED' | 'GROUP_BUSY' | 'ALREADY_RUNNING' | 'IO';

/** Errors the adapters raise themselves (a broker client's own errors are wrapped with code `IO`). */
export class BusError extends Error {
  constructor(
    readonly code: BusErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BusError';
  }
}
