import { describe, expect, it } from 'vitest';
import { parseLookup } from './regulator-lookup.js';

const LOT = 'https://id.gs1.org/01/09520123456788/10/LT2603A';

describe('the regulator lookup key', () => {
  it('reads an EPC URN, a Digital Link on any host, and a GTIN with a lot in one field or two', () => {
    const keys = [
      parseLookup({ id: 'urn:epc:class:lgtin:9520123.045678.LT2603A' }),
      parseLookup({ id: 'https://trace.example.com/01/09520123456788/10/LT2603A' }),
      parseLookup({ id: '09520123456788 LT2603A' }),
      parseLookup({ id: '09520123456788/LT2603A' }),
      parseLookup({ gtin: '09520123456788', lot: 'LT2603A' }),
      parseLookup({ id: '9520123456788 LT2603A' }),
    ];
    for (const k of keys) expect(k.ok && k.key.digitalLink).toBe(LOT);
  });

  it('reads a GTIN alone as the product class, and an SSCC', () => {
    const gtin = parseLookup({ id: '09520123456788' });
    expect(gtin.ok && gtin.key.digitalLink).toBe('https://id.gs1.org/01/09520123456788');
    const sscc = parseLookup({ id: 'urn:epc:id:sscc:9520123.0000004711' });
    expect(sscc.ok && sscc.key.kind).toBe('sscc');
  });

  it('explains a wrong check digit, an unreadable key and an empty form in words', () => {
    const wrong = parseLookup({ id: '09520123456781 LT2603A' });
    expect(wrong.ok).toBe(false);
    expect(wrong.ok ? '' : wrong.problems.join(' ')).toMatch(/check digit/);
    const unreadable = parseLookup({ id: 'banana' });
    expect(unreadable.ok ? '' : unreadable.problems.join(' ')).toMatch(/neither an EPC URN nor a GS1 Digital Link/);
    const empty = parseLookup({});
    expect(empty.ok ? '' : empty.problems.join(' ')).toMatch(/Enter an EPC URN/);
  });
});
