import type { Message, TopicMessages } from 'kafkajs';

interface PendingPublish {
  readonly topic: string;
  readonly messages: readonly Message[];
  readonly bytes: number;
  resolve(): void;
  reject(error: unknown): void;
}

/** Upper bound for one merged produce request (the broker's default record batch limit is 1 MiB per partition). */
const DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/**
 * Group commit for Kafka: with one request in flight (needed for ordered idempotent retries), publish
 * calls that arrive while a request is out are merged, in call order, into the next `sendBatch`. Each
 * call resolves when the request carrying its messages is acknowledged by all in-sync replicas.
 */
export class KafkaPublishCoalescer {
  private queue: PendingPublish[] = [];
  private sending = false;

  constructor(
    private readonly send: (topicMessages: TopicMessages[]) => Promise<void>,
    private readonly maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES,
  ) {}

  publish(topic: string, messages: readonly Message[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ topic, messages, bytes: estimateBytes(messages), resolve, reject });
      if (!this.sending) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.sending = true;
    try {
      while (this.queue.length > 0) {
        const taken: PendingPublish[] = [];
        let bytes = 0;
        for (
          let next = this.queue[0];
          next !== undefined && (taken.length === 0 || bytes + next.bytes <= this.maxRequestBytes);
          next = this.queue[0]
        ) {
          this.queue.shift();
          taken.push(next);
          bytes += next.bytes;
        }
        const byTopic = new Map<string, Message[]>();
        for (const publish of taken) {
          const list = byTopic.get(publish.topic) ?? [];
          list.push(...publish.messages);
          byTopic.set(publish.topic, list);
        }
        try {
          await this.send([...byTopic].map(([topic, messages]) => ({ topic, messages })));
        } catch (error) {
          for (const publish of taken) publish.reject(error);
          continue;
        }
        for (const publish of taken) publish.resolve();
      }
    } finally {
      this.sending = false;
    }
  }
}

function size(data: Message['key'] | Message['value']): number {
  if (data === null || data === undefined) return 0;
  return typeof data === 'string' ? Buffer.byteLength(data) : data.length;
}

function estimateBytes(messages: readonly Message[]): number {
  let total = 0;
  for (const message of messages) {
    total += size(message.key) + size(message.value) + 32;
    for (const [name, value] of Object.entries(message.headers ?? {}))
      total += name.length + (typeof value === 'string' ? value.length : 16);
  }
  return total;
}
