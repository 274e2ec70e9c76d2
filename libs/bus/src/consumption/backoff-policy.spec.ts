import { describe, expect, it } from 'vitest';
import { BusError } from '../event-bus.port.js';
import { backoffDelay, resolveBackoff, WakeableSleep } from './backoff-policy.js';

describe('backoff policy', () => {
  it('doubles the delay from the initial value and stays at the cap', () => {
    const options = resolveBackoff({ initialMs: 100, maxMs: 1000, multiplier: 2 });
    expect([1, 2, 3, 4, 5, 6, 50].map((attempt) => backoffDelay(options, attempt))).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('defaults to 200 ms doubling up to 30 s', () => {
    const options = resolveBackoff(undefined);
    expect(backoffDelay(options, 1)).toBe(200);
    expect(backoffDelay(options, 100)).toBe(30_000);
  });

  it('rejects a zero initial delay, which would make a busy loop', () => {
    expect(() => resolveBackoff({ initialMs: 0 })).toThrow(BusError);
    expect(() => resolveBackoff({ initialMs: 10, maxMs: 5 })).toThrow(/maxMs >= initialMs/);
  });

  it('ends a long sleep early when woken', async () => {
    const sleeper = new WakeableSleep();
    const sleeping = sleeper.sleep(60_000);
    sleeper.wake();
    await expect(sleeping).resolves.toBeUndefined();
  });
});
