import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeDigitalLinkValue, encodeEpcComponent, firstOutside, percentDecodeAscii } from './character-sets.js';

const CS82 = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

describe('GS1 character sets', () => {
  it('has exactly 82 characters in set 82', () => {
    expect(CS82.length).toBe(82);
    expect(firstOutside(CS82, 'X')).toBe(-1);
    for (const c of [' ', '#', '$', '@', '[', '\\', ']', '^', '`', '{', '|', '}', '~', 'é']) expect(firstOutside(c, 'X'), c).toBe(0);
  });

  it('escapes in EPC URNs exactly the characters TDS lists', () => {
    expect(encodeEpcComponent(CS82)).toBe(
      "!%22%25%26'()*+,-.%2F0123456789:;%3C=%3E%3FABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz",
    );
  });

  it('percent-encodes in Digital Links every set-82 character outside the URI unreserved set', () => {
    expect(encodeDigitalLinkValue(CS82)).toBe(
      '%21%22%25%26%27%28%29%2A%2B%2C-.%2F0123456789%3A%3B%3C%3D%3E%3FABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz',
    );
  });

  it('decodes what it encodes, for any set-82 string', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...CS82.split(''))).map((a) => a.join('')),
        (s) => {
          expect(percentDecodeAscii(encodeDigitalLinkValue(s))).toBe(s);
          expect(percentDecodeAscii(encodeEpcComponent(s))).toBe(s);
        },
      ),
    );
  });

  it('returns undefined instead of throwing on malformed or non-ASCII escapes', () => {
    expect(percentDecodeAscii('a%2')).toBeUndefined();
    expect(percentDecodeAscii('a%zz')).toBeUndefined();
    expect(percentDecodeAscii('%C3%A9')).toBeUndefined();
    expect(percentDecodeAscii('a%2fb')).toBe('a/b');
  });
});
