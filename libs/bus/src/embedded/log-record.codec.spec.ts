import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusMessage } from '../event-bus.port.js';
import { decodeRecord, declaredRecordLength, encodeRecord, validRecordLength } from './log-record.codec.js';

const headerName = fc.oneof(fc.constant('__proto__'), fc.string({ minLength: 1, maxLength: 20 }));
const message: fc.Arbitrary<BusMessage> = fc.record({
  key: fc.oneof(fc.constant(null), fc.string({ unit: 'grapheme' }), fc.uint8Array({ maxLength: 40 })),
  value: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.uint8Array({ maxLength: 300 })),
  headers: fc.dictionary(headerName, fc.string({ unit: 'grapheme', maxLength: 40 }), { maxKeys: 5 }),
});
const bytes = (data: string | Uint8Array): number[] => Array.from(typeof data === 'string' ? new TextEncoder().encode(data) : data);

describe('embedded log record codec', () => {
  it('decodes what it encodes: key, value, headers and timestamp', () => {
    fc.assert(
      fc.property(message, fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.nat(1000), (input, timestamp, offset) => {
        const record = encodeRecord(input, timestamp);
        expect(validRecordLength(record, 0)).toBe(record.length);
        const decoded = decodeRecord(record, 0, offset);
        expect(decoded.offset).toBe(offset);
        expect(decoded.timestamp).toBe(timestamp);
        expect(decoded.key === null ? null : Array.from(decoded.key)).toEqual(input.key === null ? null : bytes(input.key));
        expect(Array.from(decoded.value)).toEqual(bytes(input.value));
        expect(decoded.headers).toEqual(input.headers);
      }),
    );
  });

  it('rejects a record with any single byte changed, and any record cut short', () => {
    fc.assert(
      fc.property(message, fc.nat(), fc.integer({ min: 1, max: 255 }), (input, at, flip) => {
        const record = encodeRecord(input, 1);
        const damaged = Buffer.from(record);
        const index = at % damaged.length;
        damaged.writeUInt8(damaged.readUInt8(index) ^ flip, index);
        expect(validRecordLength(damaged, 0)).toBe(0);
        expect(validRecordLength(record.subarray(0, record.length - 1 - (at % (record.length - 1))), 0)).toBe(0);
      }),
    );
  });

  it('tells how long a record is from its first 8 bytes, so a reader can skip it', () => {
    const record = encodeRecord({ key: 'k', value: 'value', headers: { a: 'b' } }, 0);
    expect(declaredRecordLength(record.subarray(0, 8), 0)).toBe(record.length);
    expect(declaredRecordLength(record.subarray(0, 7), 0)).toBeUndefined();
  });
});
