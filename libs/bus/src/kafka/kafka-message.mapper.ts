import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { BusMessage, ConsumedMessage } from '../event-bus.port.js';

/** Wraps bytes as a Buffer without copying (kafkajs encodes only Buffers and strings). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function toKafkaMessage(message: BusMessage): Message {
  return {
    key: message.key === null ? null : typeof message.key === 'string' ? message.key : asBuffer(message.key),
    value: typeof message.value === 'string' ? message.value : asBuffer(message.value),
    headers: message.headers === undefined ? {} : { ...message.headers },
  };
}

const EMPTY = Buffer.alloc(0);

function headerText(value: IHeaders[string]): string | undefined {
  // Kafka allows repeated header names; the port keeps one value per name, the last one.
  const last = Array.isArray(value) ? value.at(-1) : value;
  if (last === undefined) return undefined;
  return typeof last === 'string' ? last : last.toString('utf8');
}

export function fromKafkaMessage(message: KafkaMessage): ConsumedMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const text = headerText(value);
    if (text !== undefined) headers[name] = text;
  }
  return {
    offset: Number(message.offset),
    key: message.key,
    // A tombstone (null value) arrives as empty bytes; this project never publishes one.
    value: message.value ?? EMPTY,
    headers,
    timestamp: Number(message.timestamp),
  };
}
