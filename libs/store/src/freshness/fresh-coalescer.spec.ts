import { describe, expect, it } from 'vitest';
import { FreshCoalescer } from './fresh-coalescer.js';

/** A run the test finishes by hand, recording what the "database" held when it started. */
function gatedWork(state: { value: number; runs: number }): { work: () => Promise<number>; release: () => void } {
  const waiting: (() => void)[] = [];
  return {
    work: () => {
      state.runs++;
      const seen = state.value;
      return new Promise<number>((resolve) => {
        waiting.push(() => {
          resolve(seen);
        });
      });
    },
    release: () => {
      for (const go of waiting.splice(0)) go();
    },
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('FreshCoalescer', () => {
  it('shares one run between the requests that arrive while a run is in flight, and starts it only after that run', async () => {
    const state = { value: 1, runs: 0 };
    const { work, release } = gatedWork(state);
    const fresh = new FreshCoalescer<number>();
    const first = fresh.run('k', work);
    state.value = 2; // written after the first run read the database, before the others arrived
    const later = Array.from({ length: 10 }, () => fresh.run('k', work));
    expect(state.runs).toBe(1);
    release();
    expect(await first).toBe(1);
    await settle();
    expect(state.runs).toBe(2);
    release();
    expect(await Promise.all(later)).toEqual(Array.from({ length: 10 }, () => 2));
    expect(fresh.size).toBe(0);
  });

  it('keeps different keys apart', async () => {
    const state = { value: 1, runs: 0 };
    const { work, release } = gatedWork(state);
    const fresh = new FreshCoalescer<number>();
    const a = fresh.run('a', work);
    const b = fresh.run('b', work);
    expect(state.runs).toBe(2);
    release();
    expect(await Promise.all([a, b])).toEqual([1, 1]);
  });

  it('passes a failure to the requests of that run only, and the next run goes ahead', async () => {
    const fresh = new FreshCoalescer<string>();
    let calls = 0;
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const work = async (): Promise<string> => {
      calls++;
      await gate;
      if (calls === 1) throw new Error('database unreachable');
      return 'ok';
    };
    const failing = fresh.run('k', work);
    const waiting = fresh.run('k', work);
    open();
    await expect(failing).rejects.toThrow('database unreachable');
    expect(await waiting).toBe('ok');
    expect(fresh.size).toBe(0);
  });
});
