import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { BusError, type ConsumedMessage } from '../event-bus.port.js';
import { decodeRecord, declaredRecordLength, MAX_RECORD_BYTES, RECORD_HEADER_BYTES, validRecordLength } from './log-record.codec.js';

/** Where a reader stands: the offset of the next record and its byte position in the file. */
export interface LogCursor {
  readonly offset: number;
  readonly position: number;
}

export interface LogRead {
  readonly messages: ConsumedMessage[];
  readonly next: LogCursor;
}

/** Every this-many records the log remembers a file position, so seeking to an offset reads little. */
const INDEX_INTERVAL = 1024;
const SCAN_CHUNK_BYTES = 8 * 1024 * 1024;
const MIN_READ_BYTES = 64 * 1024;
const MAX_READ_BYTES = 4 * 1024 * 1024;

/**
 * One topic-partition of the embedded bus: an append-only file of length-prefixed, CRC-checked
 * records. Offsets are record numbers. Appends are buffered until `flush()` writes and fdatasyncs
 * them; only flushed records are visible to readers (Kafka's high watermark under acks=all).
 */
export class PartitionLog {
  /** First offset not yet durable: readers see [0, endOffset). */
  private durableOffset: number;
  private durablePosition: number;
  /** Logical end including appended records not yet flushed. */
  private appendOffset: number;
  private appendPosition: number;
  private pending: Buffer[] = [];
  private failure: Error | undefined;
  private appendedBytes: number;

  private constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly handle: FileHandle,
    records: number,
    size: number,
    private readonly index: number[],
  ) {
    this.durableOffset = records;
    this.appendOffset = records;
    this.durablePosition = size;
    this.appendPosition = size;
    this.appendedBytes = size;
  }

  /**
   * Opens (creating if missing) and recovers the log: every record's CRC is checked and a torn or
   * corrupt tail — a write the crash interrupted, never acknowledged — is cut off.
   */
  static async open(file: string, topic: string, partition: number): Promise<{ log: PartitionLog; truncatedBytes: number }> {
    const handle = await open(file, constants.O_RDWR | constants.O_CREAT, 0o644);
    try {
      const size = (await handle.stat()).size;
      const index: number[] = [];
      let position = 0;
      let records = 0;
      let chunk: Buffer = Buffer.alloc(0);
      let chunkStart = -1;
      while (position < size) {
        let length = validRecordLength(chunk, position - chunkStart);
        if (length === 0 && chunkStart !== position) {
          chunk = await readAt(handle, position, Math.min(size - position, SCAN_CHUNK_BYTES));
          chunkStart = position;
          length = validRecordLength(chunk, 0);
          const declared = declaredRecordLength(chunk, 0);
          if (
            length === 0 &&
            declared !== undefined &&
            declared > chunk.length &&
            declared <= MAX_RECORD_BYTES + RECORD_HEADER_BYTES &&
            position + declared <= size
          ) {
            // A record larger than the scan chunk: read it whole.
            chunk = await readAt(handle, position, declared);
            length = validRecordLength(chunk, 0);
          }
        }
        if (length === 0) break;
        if (records % INDEX_INTERVAL === 0) index.push(position);
        position += length;
        records++;
      }
      const truncatedBytes = size - position;
      if (truncatedBytes > 0) {
        await handle.truncate(position);
        await handle.sync();
      }
      return { log: new PartitionLog(topic, partition, handle, records, position, index), truncatedBytes };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Offset the next appended record will get once durable (Kafka's log end offset). */
  get endOffset(): number {
    return this.durableOffset;
  }

  /** Why the log refuses appends (a failed write or sync), if it does. */
  get failed(): string | undefined {
    return this.failure?.message;
  }

  /** Queues encoded records; they become durable and visible at the next `flush()`. */
  append(records: readonly Buffer[]): void {
    if (this.failure !== undefined)
      throw new BusError('IO', `partition ${this.topic}/${this.partition} failed earlier and needs a restart: ${this.failure.message}`, {
        cause: this.failure,
      });
    for (const record of records) {
      if (this.appendOffset % INDEX_INTERVAL === 0) this.index.push(this.appendPosition);
      this.pending.push(record);
      this.appendOffset++;
      this.appendPosition += record.length;
      this.appendedBytes += record.length;
    }
  }

  /** Writes and fdatasyncs everything appended so far. Called by one group commit at a time. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const records = this.pending;
    this.pending = [];
    const data = records.length === 1 && records[0] !== undefined ? records[0] : Buffer.concat(records);
    try {
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await this.handle.write(data, written, data.length - written, this.durablePosition + written);
        written += bytesWritten;
      }
      // fdatasync also persists the grown file size, which reading the records back needs.
      await this.handle.datasync();
    } catch (error) {
      // The file may now hold a partial write: stop appending; reopening truncates it.
      this.failure = error instanceof Error ? error : new Error(String(error));
      throw error;
    }
    this.durableOffset += records.length;
    this.durablePosition += data.length;
  }

  /** The cursor of `offset` (0 ≤ offset ≤ endOffset). */
  async cursorAt(offset: number): Promise<LogCursor> {
    if (offset >= this.durableOffset) return { offset: this.durableOffset, position: this.durablePosition };
    const slot = Math.floor(offset / INDEX_INTERVAL);
    let position = this.index[slot] ?? 0;
    let skip = offset - slot * INDEX_INTERVAL;
    while (skip > 0) {
      const chunk = await readAt(this.handle, position, Math.min(SCAN_CHUNK_BYTES, this.durablePosition - position));
      let at = 0;
      for (;;) {
        const length = declaredRecordLength(chunk, at);
        if (skip === 0 || length === undefined || (at > 0 && at + length > chunk.length)) break;
        at += length;
        skip--;
      }
      if (at === 0)
        throw new BusError(
          'IO',
          `cannot seek to offset ${offset} of ${this.topic}/${this.partition}: the log is shorter than its index says`,
        );
      position += at;
    }
    return { offset, position };
  }

  /** Up to `maxMessages` durable records from `from`, checked against their CRC. */
  async read(from: LogCursor, maxMessages: number): Promise<LogRead> {
    const available = this.durablePosition - from.position;
    if (from.offset >= this.durableOffset || available <= 0) return { messages: [], next: from };
    const averageRecord = this.appendOffset > 0 ? this.appendedBytes / this.appendOffset : 256;
    let want = Math.min(available, Math.max(MIN_READ_BYTES, Math.min(MAX_READ_BYTES, Math.ceil(averageRecord * maxMessages * 1.25))));
    let chunk = await readAt(this.handle, from.position, want);
    const first = declaredRecordLength(chunk, 0);
    if (first !== undefined && first > chunk.length) {
      want = Math.min(available, first);
      chunk = await readAt(this.handle, from.position, want);
    }
    const messages: ConsumedMessage[] = [];
    let at = 0;
    let offset = from.offset;
    while (messages.length < maxMessages && offset < this.durableOffset && at < chunk.length) {
      const declared = declaredRecordLength(chunk, at);
      if (declared === undefined || at + declared > chunk.length) break;
      if (validRecordLength(chunk, at) !== declared) {
        throw new BusError('IO', `corrupt record at offset ${offset} of ${this.topic}/${this.partition} (CRC mismatch)`);
      }
      messages.push(decodeRecord(chunk, at, offset));
      at += declared;
      offset++;
    }
    return { messages, next: { offset, position: from.position + at } };
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(Math.max(0, length));
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === buffer.length ? buffer : buffer.subarray(0, filled);
}
