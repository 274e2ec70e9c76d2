import { Kafka, logLevel as KafkaLogLevel, Partitioners, type Admin, type LogEntry, type Producer } from 'kafkajs';
import {
  BusError,
  type BusHealth,
  type BusMessage,
  type ConsumerOptions,
  type EventBus,
  type EventBusConsumer,
  type PartitionLag,
  type TopicSpec,
} from '../event-bus.port.js';
import { assertTopicName, assertTopicSpec } from '../topic-spec.validation.js';
import { KafkaConsumer, type KafkaConsumerHost } from './kafka-consumer.js';
import { toKafkaMessage } from './kafka-message.mapper.js';
import { KafkaPublishCoalescer } from './kafka-publish-coalescer.js';

export interface KafkaEventBusOptions {
  /** `host:port` of one or more brokers (KAFKA_BROKERS, comma-separated, in the services' config). */
  readonly brokers: readonly string[];
  readonly clientId?: string;
  /** Replication factor of topics `ensureTopics` creates; the broker's default when omitted. */
  readonly replicationFactor?: number;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
  /** Longest `health()` waits for the cluster to answer. */
  readonly healthTimeoutMs?: number;
  /** How long `run()` waits for the consumer to join its group. */
  readonly joinTimeoutMs?: number;
  /** Partitions one consumer handles at the same time (kafkajs `partitionsConsumedConcurrently`). */
  readonly partitionsConsumedConcurrently?: number;
  readonly logLevel?: 'nothing' | 'error' | 'warn' | 'info';
  /** Receives kafkajs's log lines (e.g. to forward to pino); without it they go to stdout as kafkajs prints them. */
  readonly log?: (entry: KafkaLogLine) => void;
}

export interface KafkaLogLine {
  readonly level: 'error' | 'warn' | 'info' | 'debug';
  readonly namespace: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

const LEVEL_NAMES: Readonly<Record<number, KafkaLogLine['level']>> = {
  [KafkaLogLevel.ERROR]: 'error',
  [KafkaLogLevel.WARN]: 'warn',
  [KafkaLogLevel.INFO]: 'info',
  [KafkaLogLevel.DEBUG]: 'debug',
};

function forwardTo(log: (entry: KafkaLogLine) => void): () => (entry: LogEntry) => void {
  return () => (entry) => {
    const fields: Record<string, unknown> = { ...(entry.log as Record<string, unknown>) };
    const message = fields['message'];
    delete fields['message'];
    delete fields['timestamp'];
    log({ level: LEVEL_NAMES[entry.level] ?? 'info', namespace: entry.namespace, message: String(message), fields });
  };
}

const LOG_LEVELS = {
  nothing: KafkaLogLevel.NOTHING,
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
} as const;

/**
 * The EventBus on Apache Kafka through kafkajs 2.2.4 — the only file (with its consumer) that knows
 * kafkajs. The producer is idempotent with acks=all and one request in flight, so a publish resolves
 * only once every in-sync replica has the messages, and retries neither duplicate nor reorder them.
 * Keys go through kafkajs's DefaultPartitioner (Java-compatible murmur2), the same partition the
 * embedded bus picks.
 */
export class KafkaEventBusAdapter implements EventBus, KafkaConsumerHost {
  readonly kafka: Kafka;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly joinTimeoutMs: number;
  readonly partitionsConsumedConcurrently: number;
  private producer: Producer;
  /** The connect of a producer that replaced a failed one (see replaceProducer). */
  private producerConnecting: Promise<void> | undefined;
  private readonly admin: Admin;
  private readonly publishes: KafkaPublishCoalescer;
  private readonly knownTopics = new Set<string>();
  private readonly consumers = new Set<KafkaConsumer>();
  private connecting: Promise<void> | undefined;
  private closed = false;
  private failure: string | undefined;

  constructor(private readonly options: KafkaEventBusOptions) {
    if (options.brokers.length === 0) throw new BusError('INVALID_ARGUMENT', 'the Kafka bus needs at least one broker (KAFKA_BROKERS)');
    this.sessionTimeoutMs = options.sessionTimeoutMs ?? 30_000;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 3_000;
    this.joinTimeoutMs = options.joinTimeoutMs ?? 60_000;
    this.partitionsConsumedConcurrently = options.partitionsConsumedConcurrently ?? 1;
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'lotledger',
      brokers: [...options.brokers],
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      logLevel: LOG_LEVELS[options.logLevel ?? 'error'],
      ...(options.log === undefined ? {} : { logCreator: forwardTo(options.log) }),
    });
    this.producer = this.newProducer();
    this.admin = this.kafka.admin();
    this.publishes = new KafkaPublishCoalescer(async (topicMessages) => {
      const producer = this.producer;
      try {
        if (this.producerConnecting !== undefined) await this.producerConnecting;
        await producer.sendBatch({ topicMessages, acks: -1 });
      } catch (error) {
        this.replaceProducer(producer);
        throw error;
      }
    });
  }

  private newProducer(): Producer {
    return this.kafka.producer({
      idempotent: true,
      // One request in flight keeps per-partition order across retries (kafkajs's idempotent mode requires it).
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /**
   * After a failed send the idempotent producer's sequence numbers can no longer be trusted: kafkajs
   * rolls back the sequences of the whole failed request, also for partitions the broker may have
   * appended to. After a Kafka restart under load every later request was refused with
   * OUT_OF_ORDER_SEQUENCE_NUMBER, for good (found by test/faults: capture answered 503 until the
   * process was restarted); and new messages sent under a sequence range the broker already holds
   * could be acknowledged as duplicates without being written. A fresh producer gets a new producer
   * id and starts its sequences at 0. The failed messages were not acknowledged (the caller was told),
   * so nothing relies on the old sequence.
   */
  private replaceProducer(failed: Producer): void {
    if (this.closed || this.producer !== failed) return;
    this.producer = this.newProducer();
    const connecting = this.producer.connect();
    this.producerConnecting = connecting;
    connecting.then(
      () => {
        if (this.producerConnecting === connecting) this.producerConnecting = undefined;
      },
      () => undefined,
    );
    void failed.disconnect().catch(() => undefined);
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    this.assertOpen();
    topics.forEach(assertTopicSpec);
    await this.connect();
    const existing = new Set(await this.admin.listTopics());
    const missing = topics.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      try {
        await this.admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((spec) => ({
            topic: spec.topic,
            numPartitions: spec.partitions,
            replicationFactor: this.options.replicationFactor ?? -1,
          })),
        });
      } catch (error) {
        throw new BusError('IO', `could not create topics ${missing.map((spec) => spec.topic).join(', ')}: ${String(error)}`, {
          cause: error,
        });
      }
    }
    for (const spec of topics) this.knownTopics.add(spec.topic);
  }

  async publish(topic: string, messages: readonly BusMessage[]): Promise<void> {
    this.assertOpen();
    assertTopicName(topic);
    if (messages.length === 0) return;
    await this.requireTopic(topic);
    try {
      await this.publishes.publish(topic, messages.map(toKafkaMessage));
    } catch (error) {
      throw new BusError(
        'IO',
        `publishing ${messages.length} messages to ${topic} failed (not acknowledged by all in-sync replicas): ${String(error)}`,
        { cause: error },
      );
    }
  }

  createConsumer(options: ConsumerOptions): EventBusConsumer {
    this.assertOpen();
    options.topics.forEach(assertTopicName);
    const consumer = new KafkaConsumer(this, options);
    this.consumers.add(consumer);
    return consumer;
  }

  async partitionCount(topic: string): Promise<number> {
    await this.requireTopic(topic);
    const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0]?.partitions.length ?? 0;
  }

  async health(): Promise<BusHealth> {
    if (this.closed) return { ok: false, detail: 'Kafka bus is closed' };
    if (this.failure !== undefined) return { ok: false, detail: this.failure };
    const timeoutMs = this.options.healthTimeoutMs ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    const probe = async (): Promise<BusHealth> => {
      await this.connect();
      const cluster = await this.admin.describeCluster();
      return {
        ok: true,
        detail: `Kafka cluster ${cluster.clusterId}: ${cluster.brokers.length} broker(s), controller ${cluster.controller ?? 'unknown'}`,
      };
    };
    const probing = probe();
    // The probe may settle after the race is lost; its late rejection is expected, not unhandled.
    probing.catch(() => undefined);
    try {
      // kafkajs keeps retrying an unreachable broker for a long while; a readiness probe must answer quickly.
      return await Promise.race([
        probing,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            reject(new Error(`no answer within ${timeoutMs} ms`));
          }, timeoutMs);
        }),
      ]);
    } catch (error) {
      return { ok: false, detail: `Kafka unreachable at ${this.options.brokers.join(',')}: ${String(error)}` };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    if (this.connecting !== undefined) {
      await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
    }
  }

  async requireTopic(topic: string): Promise<void> {
    if (this.knownTopics.has(topic)) return;
    await this.connect();
    // listTopics asks for all topics' metadata, which never auto-creates one.
    if (!(await this.admin.listTopics()).includes(topic))
      throw new BusError('UNKNOWN_TOPIC', `unknown topic ${topic}: create it with ensureTopics first`);
    this.knownTopics.add(topic);
  }

  async lag(groupId: string, topics: readonly string[]): Promise<readonly PartitionLag[]> {
    await this.connect();
    const committed = await this.admin.fetchOffsets({ groupId, topics: [...topics] });
    const result: PartitionLag[] = [];
    for (const topic of topics) {
      const ends = await this.admin.fetchTopicOffsets(topic);
      const group = committed.find((entry) => entry.topic === topic);
      for (const end of [...ends].sort((a, b) => a.partition - b.partition)) {
        const stored = Number(group?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
        // -1: the group never committed here; it will start at the log start (fromBeginning).
        const committedOffset = stored >= 0 ? stored : Number(end.low);
        const endOffset = Number(end.high);
        result.push({ topic, partition: end.partition, committedOffset, endOffset, lag: Math.max(0, endOffset - committedOffset) });
      }
    }
    return result;
  }

  onConsumerCrash(groupId: string, error: unknown): void {
    this.failure = `consumer of group ${groupId} crashed and will not restart: ${String(error)}`;
  }

  private connect(): Promise<void> {
    this.connecting ??= Promise.all([this.producer.connect(), this.admin.connect()]).then(
      () => undefined,
      (error: unknown) => {
        this.connecting = undefined;
        throw new BusError('IO', `cannot connect to Kafka at ${this.options.brokers.join(',')}: ${String(error)}`, { cause: error });
      },
    );
    return this.connecting;
  }

  private assertOpen(): void {
    if (this.closed) throw new BusError('CLOSED', 'the Kafka bus is closed');
  }
}
