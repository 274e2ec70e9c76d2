import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEventFilter, patternPrefixes } from './epcis-event-filter.js';
import { decodeEventCursor, encodeEventCursor, InvalidCursorError } from './event-cursor.js';

describe('EPC pattern prefixes', () => {
  it('turns trailing wildcard fields of an idpat into a LIKE prefix over the matching id URIs', () => {
    expect(patternPrefixes('urn:epc:idpat:sgtin:4012345.012345.*', false)).toEqual(['urn:epc:id:sgtin:4012345.012345.%']);
    expect(patternPrefixes('urn:epc:idpat:sgtin:4012345.*.*', false)).toEqual(['urn:epc:id:sgtin:4012345.%']);
  });

  it('also matches LGTIN classes for an SGTIN pattern in class queries', () => {
    expect(patternPrefixes('urn:epc:idpat:sgtin:4012345.012345.*', true)).toEqual([
      'urn:epc:id:sgtin:4012345.012345.%',
      'urn:epc:class:lgtin:4012345.012345.%',
    ]);
  });

  it('ignores a wildcard followed by a fixed field, and plain URIs', () => {
    expect(patternPrefixes('urn:epc:idpat:sgtin:4012345.*.123', false)).toEqual([]);
    expect(patternPrefixes('urn:epc:id:sgtin:4012345.012345.1', false)).toEqual([]);
  });

  it('escapes LIKE metacharacters in the fixed part', () => {
    expect(patternPrefixes('urn:epc:idpat:sgtin:40_2%45.*.*', false)).toEqual(['urn:epc:id:sgtin:40\\_2\\%45.%']);
  });
});

describe('EPCIS query filter', () => {
  it('never puts a value into the SQL text: every value is a bind parameter', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 3 }), fc.string({ minLength: 3 }), (a, b) => {
        const filter = buildEventFilter({ EQ_bizStep: [a], MATCH_anyEPC: [b], GE_eventTime: a }, 1);
        const sql = filter.conditions.join(' AND ');
        expect(filter.params).toContainEqual([a]);
        expect(filter.params).toContainEqual([b]);
        expect(filter.params).toContain(a);
        // Placeholders are numbered from the first parameter and cover every value.
        expect(sql.match(/\$\d+/g)?.length).toBe(filter.params.length);
      }),
    );
  });

  it('numbers placeholders from the given start', () => {
    const filter = buildEventFilter({ eventType: ['ObjectEvent'], LT_recordTime: '2026-01-01T00:00:00Z' }, 5);
    expect(filter.conditions).toEqual(['e.type = ANY($5::text[])', 'e.record_time < $6::timestamptz']);
  });
});

describe('event cursor', () => {
  it('round-trips the last row key', () => {
    const cursor = { eventTime: '2026-01-01T00:00:00.123456Z', hashId: 'ni:///sha-256;ab?ver=CBV2.0' };
    expect(decodeEventCursor(encodeEventCursor(cursor))).toEqual(cursor);
  });

  it('rejects tokens it did not issue', () => {
    for (const token of ['', 'abc', Buffer.from('["x","y"]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
      expect(() => decodeEventCursor(token)).toThrow(InvalidCursorError);
    }
  });
});
