import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gs1CheckDigit, hasValidCheckDigit, normaliseGtin } from './check-digit.js';

// Published examples: GS1 General Specifications §7.9.1 (629104150021 → 3), the TDS 2.x worked
// examples (GTIN 80614141123458, SSCC 106141412345678908, GSRN 061414112345678902, GSIN
// 06141411234567890, GLN 0614141123452), GS1 Digital Link examples (9520123456788) and the
// well-known EAN-13 / UPC-A / EAN-8 examples.
const VALID_KEYS = [
  '6291041500213',
  '80614141123458',
  '106141412345678908',
  '061414112345678902',
  '06141411234567890',
  '0614141123452',
  '9520123456788',
  '09520123456788',
  '4006381333931',
  '036000291452',
  '96385074',
];

describe('gs1CheckDigit', () => {
  it('computes the check digit of the General Specifications example 629104150021 as 3', () => {
    expect(gs1CheckDigit('629104150021')).toBe(3);
  });

  it.each(VALID_KEYS)('reproduces the published check digit of %s', (key) => {
    expect(gs1CheckDigit(key.slice(0, -1))).toBe(Number(key.slice(-1)));
  });

  it('returns NaN for an empty body or one with a non-digit', () => {
    expect(gs1CheckDigit('')).toBeNaN();
    expect(gs1CheckDigit('12a4')).toBeNaN();
  });

  it('is unchanged by leading zeros (so GTIN-13 and its 14-digit form share the check digit)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,17}$/), (body) => {
        expect(gs1CheckDigit('0' + body)).toBe(gs1CheckDigit(body));
      }),
    );
  });

  it('detects every single-digit substitution', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{7,17}$/), fc.nat(), fc.integer({ min: 1, max: 9 }), (body, at, delta) => {
        const key = body + String(gs1CheckDigit(body));
        const i = at % key.length;
        const changed = key.slice(0, i) + String((Number(key[i]) + delta) % 10) + key.slice(i + 1);
        expect(hasValidCheckDigit(changed)).toBe(false);
      }),
    );
  });
});

describe('hasValidCheckDigit', () => {
  it.each(VALID_KEYS)('accepts %s', (key) => {
    expect(hasValidCheckDigit(key)).toBe(true);
  });

  it('rejects a wrong check digit, non-digits and too-short input', () => {
    expect(hasValidCheckDigit('80614141123457')).toBe(false);
    expect(hasValidCheckDigit('8061414112345X')).toBe(false);
    expect(hasValidCheckDigit('8')).toBe(false);
    expect(hasValidCheckDigit('')).toBe(false);
  });
});

describe('normaliseGtin', () => {
  it('pads GTIN-8, GTIN-12 and GTIN-13 to 14 digits', () => {
    expect(normaliseGtin('96385074')).toEqual({ ok: true, value: '00000096385074' });
    expect(normaliseGtin('036000291452')).toEqual({ ok: true, value: '00036000291452' });
    expect(normaliseGtin('9520123456788')).toEqual({ ok: true, value: '09520123456788' });
    expect(normaliseGtin('80614141123458')).toEqual({ ok: true, value: '80614141123458' });
  });

  it('rejects a GTIN with a wrong check digit and says which digit was expected', () => {
    const r = normaliseGtin('80614141123457');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      {
        pointer: '',
        code: 'GS1_CHECK_DIGIT',
        message: 'GTIN 80614141123457 has a wrong check digit',
        expected: 'check digit 8 (GS1 mod-10), got 7',
      },
    ]);
  });

  it('rejects lengths other than 8, 12, 13 and 14 and non-digit characters', () => {
    const tooShort = normaliseGtin('1234567890');
    expect(tooShort.ok ? '' : tooShort.issues[0]?.code).toBe('GS1_LENGTH');
    const letters = normaliseGtin('95201234567A8');
    expect(letters.ok ? '' : letters.issues[0]?.code).toBe('GS1_CHARSET');
  });
});
