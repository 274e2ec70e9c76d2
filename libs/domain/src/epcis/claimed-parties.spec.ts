import { describe, expect, it } from 'vitest';
import { claimedParties } from './claimed-parties.js';

const base = {
  readPoint: 'https://id.gs1.org/414/9520123000011/254/D2',
  bizLocation: undefined,
  sources: [
    { type: 'owning_party', id: 'https://id.gs1.org/417/9520123000004' },
    { type: 'location', id: 'https://id.gs1.org/414/9520123000011' },
  ],
  destinations: [{ type: 'owning_party', id: 'https://id.gs1.org/417/9520456000007' }],
};

describe('claimedParties', () => {
  it('makes a shipper answer for its readPoint, its owning party and its source location', () => {
    const claimed = claimedParties({ ...base, bizStep: 'shipping' });
    expect(claimed.map((c) => [c.field, c.index])).toEqual([
      ['readPoint', undefined],
      ['sourceList', 0],
      ['sourceList', 1],
    ]);
  });

  it('makes a receiver answer for the destination party, not for the sender named as source', () => {
    const claimed = claimedParties({ ...base, bizStep: 'receiving' });
    expect(claimed.map((c) => c.id)).toEqual([base.readPoint, 'https://id.gs1.org/417/9520456000007']);
  });

  it('ignores source and destination types that claim nothing (e.g. a location the goods come from, on receipt)', () => {
    const claimed = claimedParties({
      ...base,
      bizStep: 'accepting',
      destinations: [{ type: 'location', id: 'https://id.gs1.org/414/9520456000106' }],
    });
    expect(claimed.map((c) => c.field)).toEqual(['readPoint']);
  });
});
