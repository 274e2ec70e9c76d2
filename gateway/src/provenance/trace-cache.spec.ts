import { describe, expect, it } from 'vitest';
import type { ReadModelStore, TraceResult } from '@lotledger/store';
import { TraceCache } from './trace-cache.js';

/** A read model whose genealogy the test changes by hand, counting the walks and checks it answers. */
class FakeGenealogy {
  version = 'v1';
  custodian = 'SteelMSP';
  walks = 0;
  checks = 0;
  /** When set, checks wait for it (to hold a check in flight). */
  gate: Promise<void> | null = null;

  trace(root: string): Promise<TraceResult> {
    this.walks++;
    const version = this.version;
    const custodian = this.custodian;
    return Promise.resolve({
      root,
      nodes: [
        { id: root, depth: 0, direction: 'root', object: null },
        {
          id: 'urn:coil',
          depth: 1,
          direction: 'downstream',
          object: {
            id: 'urn:coil',
            kind: 'sgtin',
            gtin: null,
            lot: null,
            serial: null,
            status: 'active',
            custodianMsp: custodian,
            location: null,
            holds: [],
            lastEventHash: null,
            updatedAt: '2026-03-01T00:00:00.000Z',
          },
        },
      ],
      edges: [{ parentId: root, childId: 'urn:coil', kind: 'transformation', hashId: 'h1' }],
      eventHashes: ['h1'],
      truncated: false,
      version,
      asOf: 'snap',
    });
  }

  /** When true, the cheap "nothing changed since" question answers yes (counted in `cheapChecks`). */
  unchanged = false;
  cheapChecks = 0;

  genealogyUnchangedSince(asOf: string): Promise<boolean> {
    this.cheapChecks++;
    expect(asOf).toBe('snap');
    return Promise.resolve(this.unchanged);
  }

  async genealogyVersionAsOf(ids: readonly string[]): Promise<{ version: string; asOf: string }> {
    return { version: await this.genealogyVersion(ids), asOf: 'snap' };
  }

  async genealogyVersion(ids: readonly string[]): Promise<string> {
    this.checks++;
    expect([...ids].sort()).toEqual(['urn:coil', 'urn:heat']);
    const version = this.version;
    if (this.gate !== null) await this.gate;
    return version;
  }
}

function cacheOver(fake: FakeGenealogy): TraceCache {
  return new TraceCache(fake as unknown as ReadModelStore);
}

describe('TraceCache', () => {
  it('answers a repeated walk from the cache after one cheap check, and walks again once the genealogy changed', async () => {
    const fake = new FakeGenealogy();
    const cache = cacheOver(fake);
    await cache.trace('urn:heat', 'downstream', 10);
    const again = await cache.trace('urn:heat', 'downstream', 10);
    expect({ walks: fake.walks, checks: fake.checks }).toEqual({ walks: 1, checks: 1 });
    expect(again.nodes[1]?.object?.custodianMsp).toBe('SteelMSP');

    fake.version = 'v2';
    fake.custodian = 'PartsMSP';
    const changed = await cache.trace('urn:heat', 'downstream', 10);
    expect(changed.nodes[1]?.object?.custodianMsp).toBe('PartsMSP');
    expect(fake.walks).toBe(2);
  });

  it('keeps walks of different directions and depths apart', async () => {
    const fake = new FakeGenealogy();
    const cache = cacheOver(fake);
    await cache.trace('urn:heat', 'downstream', 10);
    await cache.trace('urn:heat', 'downstream', 3);
    await cache.trace('urn:heat', 'both', 10);
    expect(fake.walks).toBe(3);
  });

  it('runs one walk for a burst of identical requests', async () => {
    const fake = new FakeGenealogy();
    const cache = cacheOver(fake);
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.trace('urn:heat', 'both', 10)));
    // The first request walks; everyone who arrived while it ran shares the one check after it.
    expect(fake.walks).toBe(1);
    expect(fake.checks).toBe(1);
    expect(new Set(answers.map((a) => a.version))).toEqual(new Set(['v1']));
  });

  it('does not hand a request the answer of a check that began before it arrived', async () => {
    const fake = new FakeGenealogy();
    const cache = cacheOver(fake);
    await cache.trace('urn:heat', 'downstream', 10);
    let open: () => void = () => undefined;
    fake.gate = new Promise((resolve) => {
      open = resolve;
    });
    const early = cache.trace('urn:heat', 'downstream', 10); // its check reads v1 and waits at the gate
    await Promise.resolve();
    fake.version = 'v2'; // a batch commits while that check is in flight
    fake.custodian = 'PartsMSP';
    const late = cache.trace('urn:heat', 'downstream', 10);
    fake.gate = null;
    open();
    expect((await early).nodes[1]?.object?.custodianMsp).toBe('SteelMSP');
    expect((await late).nodes[1]?.object?.custodianMsp).toBe('PartsMSP');
  });

  it('skips the exact check while the read model says nothing in the genealogy changed since the walk', async () => {
    const fake = new FakeGenealogy();
    const cache = cacheOver(fake);
    await cache.trace('urn:heat', 'both', 10);
    fake.unchanged = true;
    await cache.trace('urn:heat', 'both', 10);
    await cache.trace('urn:heat', 'both', 10);
    expect(fake.cheapChecks).toBe(2);
    expect(fake.checks).toBe(0);
    // Something changed somewhere: the exact check decides, and the walk is read again only if it differs.
    fake.unchanged = false;
    expect((await cache.trace('urn:heat', 'both', 10)).version).toBe('v1');
    expect([fake.checks, fake.walks]).toEqual([1, 1]);
    fake.version = 'v2';
    expect((await cache.trace('urn:heat', 'both', 10)).version).toBe('v2');
    expect([fake.checks, fake.walks]).toEqual([2, 2]);
  });

  it('derives the recall impact from the same cached downstream walk', async () => {
    const fake = new FakeGenealogy();
    const cache = cacheOver(fake);
    const impact = await cache.recallImpact('urn:heat');
    await cache.recallImpact('urn:heat');
    expect(impact.affected.map((a) => [a.id, a.custodianMsp])).toEqual([['urn:coil', 'SteelMSP']]);
    expect(impact.byOrganisation).toEqual([{ mspId: 'SteelMSP', count: 1 }]);
    expect(fake.walks).toBe(1);
  });
});
