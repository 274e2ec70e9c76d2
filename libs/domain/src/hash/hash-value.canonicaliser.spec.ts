import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { preHashString } from './event-hash-id.js';
import { canonicalNumber, canonicalTimestamp, pythonNumberText } from './hash-value.canonicaliser.js';

/**
 * An independent oracle for RFC 3339 timestamps, written with Date: cut the fraction to
 * microseconds, round to milliseconds half to even, shift to UTC.
 */
function oracle(y: number, mo: number, d: number, h: number, mi: number, s: number, fraction: string, zone: string): string {
  const micros = Number(fraction.slice(0, 6).padEnd(6, '0'));
  let millis = Math.floor(micros / 1000);
  const rest = micros % 1000;
  if (rest > 500 || (rest === 500 && millis % 2 === 1)) millis += 1;
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  date.setUTCFullYear(y);
  const sign = zone.startsWith('-') ? -1 : 1;
  const offset = zone === 'Z' ? 0 : sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const utc = new Date(date.getTime() - offset * 60_000 + millis);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(utc.getUTCFullYear(), 4)}-${p(utc.getUTCMonth() + 1)}-${p(utc.getUTCDate())}T${p(utc.getUTCHours())}:${p(utc.getUTCMinutes())}:${p(utc.getUTCSeconds())}.${p(utc.getUTCMilliseconds(), 3)}Z`;
}

const p2 = (n: number): string => String(n).padStart(2, '0');

describe('canonicalTimestamp', () => {
  it('agrees with a Date-based computation on every valid RFC 3339 date-time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9998 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fc.stringMatching(/^\d{0,9}$/),
        fc.oneof(
          fc.constant('Z'),
          fc
            .tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 59 }))
            .map(([s, h, m]) => `${s}${p2(h)}:${p2(m)}`),
        ),
        (y, mo, d, h, mi, s, fraction, zone) => {
          const text = `${String(y).padStart(4, '0')}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}${fraction === '' ? '' : `.${fraction}`}${zone}`;
          expect(canonicalTimestamp(text)).toBe(oracle(y, mo, d, h, mi, s, fraction, zone));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps a date that does not exist as written', () => {
    expect(canonicalTimestamp('2026-02-29T10:00:00+01:00')).toBe('2026-02-29T10:00:00+01:00');
    expect(canonicalTimestamp('2024-02-29T10:00:00+01:00')).toBe('2024-02-29T09:00:00.000Z');
  });

  it('crosses into the next day, month and year when rounding or the offset says so', () => {
    expect(canonicalTimestamp('2025-12-31T23:59:59.9995Z')).toBe('2026-01-01T00:00:00.000Z');
    expect(canonicalTimestamp('2026-03-01T00:30:00+01:00')).toBe('2026-02-28T23:30:00.000Z');
  });
});

describe('numbers in the pre-hash', () => {
  it('writes integers beyond 2^53 with all their digits, as Python does', () => {
    expect(pythonNumberText(1e21)).toBe('1000000000000000000000');
    expect(canonicalNumber('1e21')).toBe('1000000000000000000000');
    expect(pythonNumberText(-0)).toBe('0');
  });
});

describe('pre-hash ordering', () => {
  it('sorts values by code point, placing U+FF01 before an astral character as Python does', () => {
    const event = {
      type: 'ObjectEvent',
      eventTime: '2026-01-01T00:00:00Z',
      epcList: ['urn:x:\u{1F600}', 'urn:x:\uFF01', 'urn:x:a'],
    };
    const text = preHashString(event);
    expect(text.indexOf('epc=urn:x:a')).toBeLessThan(text.indexOf('epc=urn:x:\uFF01'));
    expect(text.indexOf('epc=urn:x:\uFF01')).toBeLessThan(text.indexOf('epc=urn:x:\u{1F600}'));
  });
});
