import { BusError, type BackoffOptions } from '../event-bus.port.js';

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 200, maxMs: 30_000, multiplier: 2 };

/** Fills in defaults and rejects settings that would make a retry loop spin. */
export function resolveBackoff(partial: Partial<BackoffOptions> | undefined): BackoffOptions {
  const options = { ...DEFAULT_BACKOFF, ...partial };
  if (!(options.initialMs > 0) || !(options.maxMs >= options.initialMs) || !(options.multiplier >= 1)) {
    throw new BusError(
      'INVALID_ARGUMENT',
      `retry back-off needs initialMs > 0, maxMs >= initialMs and multiplier >= 1 (got ${JSON.stringify(options)})`,
    );
  }
  return options;
}

/** Delay before redelivery number `attempt` (1-based): exponential, capped, never zero. */
export function backoffDelay(options: BackoffOptions, attempt: number): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(options.maxMs, options.initialMs * options.multiplier ** exponent);
}

/** A timer that `wake()` ends early: lets stop(), resume() or new data cut a wait short. */
export class WakeableSleep {
  private wakers = new Set<() => void>();

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  wake(): void {
    for (const waker of [...this.wakers]) waker();
  }
}
