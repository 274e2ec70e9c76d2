import { describe, expect, it } from 'vitest';
import { WriteGrouper } from './write-grouper.js';

/** A write that records each group it was given and answers each item doubled; items < 0 fail. */
function recordingWrite(): { groups: number[][]; write: (items: readonly number[]) => Promise<number[]> } {
  const groups: number[][] = [];
  return {
    groups,
    write: async (items) => {
      groups.push([...items]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (items.some((i) => i < 0)) throw new Error(`bad item in ${items.join(',')}`);
      return items.map((i) => i * 2);
    },
  };
}

describe('WriteGrouper', () => {
  it('writes calls made together in one group and answers each caller with its own result', async () => {
    const { groups, write } = recordingWrite();
    const grouper = new WriteGrouper(write, { concurrency: 1, weight: () => 1, maxWeight: 100 });
    expect(await Promise.all([1, 2, 3].map((i) => grouper.submit(i)))).toEqual([2, 4, 6]);
    expect(groups).toEqual([[1, 2, 3]]);
  });

  it('groups the calls that arrive while a write runs into the next one, one group at a time', async () => {
    const { groups, write } = recordingWrite();
    const grouper = new WriteGrouper(write, { concurrency: 1, weight: () => 1, maxWeight: 100 });
    const first = grouper.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3].map((i) => grouper.submit(i));
    expect(await Promise.all([first, ...later])).toEqual([2, 4, 6]);
    expect(groups).toEqual([[1], [2, 3]]);
  });

  it('never puts more than maxWeight in a group, but always at least one item', async () => {
    const { groups, write } = recordingWrite();
    const grouper = new WriteGrouper(write, { concurrency: 1, weight: (i) => i, maxWeight: 5 });
    await Promise.all([2, 3, 4, 9, 1].map((i) => grouper.submit(i)));
    expect(groups).toEqual([[2, 3], [4], [9], [1]]);
  });

  it('fails only the caller whose item fails: a failed group is written again item by item', async () => {
    const { groups, write } = recordingWrite();
    const grouper = new WriteGrouper(write, { concurrency: 1, weight: () => 1, maxWeight: 100 });
    const outcomes = await Promise.allSettled([1, -1, 3].map((i) => grouper.submit(i)));
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : 'failed'))).toEqual([2, 'failed', 6]);
    expect(groups).toEqual([[1, -1, 3], [1], [-1], [3]]);
  });

  it('runs up to `concurrency` groups at once', async () => {
    let running = 0;
    let most = 0;
    const grouper = new WriteGrouper(
      async (items: readonly number[]) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 10));
        running -= 1;
        return items;
      },
      { concurrency: 2, weight: () => 1, maxWeight: 1 },
    );
    await Promise.all([1, 2, 3, 4].map((i) => grouper.submit(i)));
    expect(most).toBe(2);
  });
});
