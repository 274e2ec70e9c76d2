import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DirectMappedMemo } from './direct-mapped.memo.js';

describe('DirectMappedMemo', () => {
  it('returns what was stored for a key', () => {
    const memo = new DirectMappedMemo<string>(16);
    memo.set('urn:epc:id:sgtin:4012345.011111.S1', 'one');
    expect(memo.get('urn:epc:id:sgtin:4012345.011111.S1')).toBe('one');
  });

  it('returns nothing for a key never stored', () => {
    const memo = new DirectMappedMemo<string>(16);
    memo.set('a', 'A');
    expect(memo.get('b')).toBeUndefined();
  });

  it("never answers one key with another key's value, however many keys share its slots", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { minLength: 2, maxLength: 200 }), (keys) => {
        const memo = new DirectMappedMemo<string>(4);
        for (const key of keys) memo.set(key, `value of ${key}`);
        for (const key of keys) {
          const got = memo.get(key);
          if (got !== undefined) expect(got).toBe(`value of ${key}`);
        }
        // The last key stored is always still there.
        expect(memo.get(keys[keys.length - 1] ?? '')).toBe(`value of ${keys[keys.length - 1] ?? ''}`);
      }),
    );
  });
});
