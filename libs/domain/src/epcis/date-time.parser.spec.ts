import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTimeZoneOffset, parseDateTime } from './date-time.parser.js';

describe('parseDateTime', () => {
  it('gives the same instant as Date.parse for every valid date-time with offset', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, offsetMinutes) => {
          const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
          if (local.startsWith('+') || local.startsWith('-')) return; // outside four-digit years after shifting
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(parseDateTime(`${local}${offset}`)).toEqual({ epochMs: date.getTime(), offset });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps the written offset and accepts Z', () => {
    expect(parseDateTime('2026-03-02T08:15:12Z')).toEqual({ epochMs: Date.parse('2026-03-02T08:15:12Z'), offset: 'Z' });
    expect(parseDateTime('0099-01-01T00:00:00Z')?.epochMs).toBe(Date.parse('0099-01-01T00:00:00Z'));
    expect(parseDateTime('0001-01-01T00:00:00Z')?.epochMs).toBe(Date.parse('0001-01-01T00:00:00Z'));
    expect(parseDateTime('9999-12-31T23:59:59.999Z')?.epochMs).toBe(Date.parse('9999-12-31T23:59:59.999Z'));
  });

  it.each([
    '2026-13-01T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-01-01T00:60:00Z',
    '2026-01-01T00:00:60Z',
    '2026-01-01t00:00:00z',
    '2026-01-01T00:00:00+14:01',
    '2026-01-01T00:00:00.Z',
    '2026-01-01T00:00:00+0100',
    // Instants outside years 1…9999 in UTC (PostgreSQL cannot store them; they have no four-digit form).
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:30:00+01:00',
    '9999-12-31T23:59:59-00:01',
  ])('rejects %s', (text) => {
    expect(parseDateTime(text)).toBeUndefined();
  });
});

describe('isTimeZoneOffset', () => {
  it('accepts ±hh:mm from -14:00 to +14:00 only', () => {
    expect(['+00:00', '-00:00', '+05:30', '-09:45', '+14:00', '-14:00'].every(isTimeZoneOffset)).toBe(true);
    expect(['Z', '+14:01', '+15:00', '+1:00', '+01:60', '01:00', '+01:00 '].some(isTimeZoneOffset)).toBe(false);
  });
});
