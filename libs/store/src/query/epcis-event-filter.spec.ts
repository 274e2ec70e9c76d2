import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEventFilter, epcPatternKey, patternPrefixes } from './epcis-event-filter.js';
import { decodeEventCursor, encodeEventCursor, InvalidCursorError } from './event-cursor.js';

describe('EPC pattern prefixes', () => {
  it('turns a one-GTIN idpat into LIKE prefixes over the canonical Digital Links of its serialised items', () => {
    expect(patternPrefixes('urn:epc:idpat:sgtin:9520123.000001.*', false)).toEqual([
      'https://id.gs1.org/01/09520123000011/21/%',
      'https://id.gs1.org/01/09520123000011/235/%',
    ]);
  });

  it('matches the GTIN itself and its LGTIN classes in class queries', () => {
    expect(patternPrefixes('urn:epc:idpat:sgtin:9520123.000001.*', true)).toEqual([
      'https://id.gs1.org/01/09520123000011',
      'https://id.gs1.org/01/09520123000011/10/%',
    ]);
  });

  it('extends a key whose serial follows its digits directly (GRAI)', () => {
    expect(patternPrefixes('urn:epc:idpat:grai:9520123.00001.*', false)).toEqual(['https://id.gs1.org/8003/09520123000011%']);
  });

  it('yields no prefix for wildcards in the company prefix or item reference, or for plain ids', () => {
    expect(patternPrefixes('urn:epc:idpat:sgtin:9520123.*.*', false)).toEqual([]);
    expect(patternPrefixes('urn:epc:idpat:sgtin:*.*.*', true)).toEqual([]);
    expect(patternPrefixes('urn:epc:idpat:sgtin:4012345.*.123', false)).toEqual([]);
    expect(patternPrefixes('urn:epc:id:sgtin:4012345.012345.1', false)).toEqual([]);
    expect(epcPatternKey('urn:epc:idpat:sgtin:9520123.*.*')).toBeUndefined();
  });

  it('escapes LIKE metacharacters in the key, and keeps a variable-length key whole (CPI)', () => {
    // A # in a CPI is %23 in the Digital Link: the % must not act as a wildcard.
    expect(patternPrefixes('urn:epc:idpat:cpi:9520123.5%23.*', false)).toEqual(['https://id.gs1.org/8010/95201235\\%23/%']);
  });
});

describe('EPCIS query filter', () => {
  it('never puts a value into the SQL text: every value is a bind parameter', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 3 }),
        fc.string({ minLength: 3 }).map((s) => `x${s.trim()}x`),
        (a, b) => {
          const filter = buildEventFilter({ EQ_bizStep: [a], MATCH_anyEPC: [b], GE_eventTime: a }, 1);
          const sql = filter.conditions.join(' AND ');
          expect(filter.params).toContainEqual([a]);
          expect(filter.params).toContainEqual([b]);
          expect(filter.params).toContain(a);
          // Placeholders are numbered from the first parameter and cover every value.
          expect(sql.match(/\$\d+/g)?.length).toBe(filter.params.length);
        },
      ),
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
