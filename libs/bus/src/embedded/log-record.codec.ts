import { crc32 } from 'node:zlib';
import { BusError, type BusMessage, type ConsumedMessage } from '../event-bus.port.js';

/**
 * On-disk record of the embedded log: `u32 bodyLength | u32 crc32(body) | body`, body =
 * `f64 timestamp | i32 keyLength (-1 = null) | key | u32 valueLength | value | u16 headerCount |
 * (u16 nameLength | name | u32 valueLength | value)*`, little-endian. The length prefix lets a reader
 * walk the log; the CRC tells a complete record from a torn write after a crash.
 */
export const RECORD_HEADER_BYTES = 8;
const BODY_FIXED_BYTES = 8 + 4 + 4 + 2;
/** Refuse absurd lengths while scanning so a corrupt prefix cannot make us allocate gigabytes. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

function byteLength(data: string | Uint8Array): number {
  return typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
}

function put(target: Buffer, position: number, data: string | Uint8Array): number {
  if (typeof data === 'string') return position + target.write(data, position, 'utf8');
  target.set(data, position);
  return position + data.byteLength;
}

export function encodeRecord(message: BusMessage, timestamp: number): Buffer {
  const headers = message.headers === undefined ? [] : Object.entries(message.headers);
  if (headers.length > 0xffff) throw new BusError('INVALID_ARGUMENT', 'a message may carry at most 65535 headers');
  const keyLength = message.key === null ? -1 : byteLength(message.key);
  let bodyLength = BODY_FIXED_BYTES + Math.max(0, keyLength) + byteLength(message.value);
  for (const [name, value] of headers) {
    const nameLength = Buffer.byteLength(name, 'utf8');
    if (nameLength > 0xffff) throw new BusError('INVALID_ARGUMENT', `header name longer than 65535 bytes: ${name.slice(0, 40)}…`);
    bodyLength += 2 + nameLength + 4 + Buffer.byteLength(value, 'utf8');
  }
  if (bodyLength > MAX_RECORD_BYTES)
    throw new BusError('INVALID_ARGUMENT', `a message may be at most ${MAX_RECORD_BYTES} bytes (got ${bodyLength})`);
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + bodyLength);
  let at = RECORD_HEADER_BYTES;
  at = record.writeDoubleLE(timestamp, at);
  at = record.writeInt32LE(keyLength, at);
  if (message.key !== null) at = put(record, at, message.key);
  const valueLengthAt = at;
  at = put(record, at + 4, message.value);
  record.writeUInt32LE(at - valueLengthAt - 4, valueLengthAt);
  at = record.writeUInt16LE(headers.length, at);
  for (const [name, value] of headers) {
    const nameAt = at;
    at = put(record, at + 2, name);
    record.writeUInt16LE(at - nameAt - 2, nameAt);
    const valueAt = at;
    at = put(record, at + 4, value);
    record.writeUInt32LE(at - valueAt - 4, valueAt);
  }
  record.writeUInt32LE(bodyLength, 0);
  record.writeUInt32LE(crc32(record.subarray(RECORD_HEADER_BYTES)), 4);
  return record;
}

/**
 * Length of the complete, CRC-valid record at `position`, or 0 when what is there is incomplete or
 * corrupt (a torn tail after a crash).
 */
export function validRecordLength(chunk: Buffer, position: number): number {
  if (chunk.length - position < RECORD_HEADER_BYTES) return 0;
  const bodyLength = chunk.readUInt32LE(position);
  if (bodyLength < BODY_FIXED_BYTES || bodyLength > MAX_RECORD_BYTES) return 0;
  const end = position + RECORD_HEADER_BYTES + bodyLength;
  if (end > chunk.length) return 0;
  if (crc32(chunk.subarray(position + RECORD_HEADER_BYTES, end)) !== chunk.readUInt32LE(position + 4)) return 0;
  return RECORD_HEADER_BYTES + bodyLength;
}

/** Bytes the record starting at `position` needs, when at least its header is in `chunk`. */
export function declaredRecordLength(chunk: Buffer, position: number): number | undefined {
  if (chunk.length - position < RECORD_HEADER_BYTES) return undefined;
  return RECORD_HEADER_BYTES + chunk.readUInt32LE(position);
}

/** Decodes the record at `position` (already known to be valid); key and value share `chunk`'s memory. */
export function decodeRecord(chunk: Buffer, position: number, offset: number): ConsumedMessage {
  let at = position + RECORD_HEADER_BYTES;
  const timestamp = chunk.readDoubleLE(at);
  at += 8;
  const keyLength = chunk.readInt32LE(at);
  at += 4;
  let key: Buffer | null = null;
  if (keyLength >= 0) {
    key = chunk.subarray(at, at + keyLength);
    at += keyLength;
  }
  const valueLength = chunk.readUInt32LE(at);
  at += 4;
  const value = chunk.subarray(at, at + valueLength);
  at += valueLength;
  const headerCount = chunk.readUInt16LE(at);
  at += 2;
  const headers: Record<string, string> = {};
  for (let i = 0; i < headerCount; i++) {
    const nameLength = chunk.readUInt16LE(at);
    const name = chunk.toString('utf8', at + 2, at + 2 + nameLength);
    at += 2 + nameLength;
    const headerValueLength = chunk.readUInt32LE(at);
    const value = chunk.toString('utf8', at + 4, at + 4 + headerValueLength);
    // A header literally named "__proto__" must stay a header, not set the object's prototype.
    if (name === '__proto__') Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
    else headers[name] = value;
    at += 4 + headerValueLength;
  }
  return { offset, key, value, headers, timestamp };
}
