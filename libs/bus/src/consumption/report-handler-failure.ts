import type { ConsumerOptions, HandlerFailure } from '../event-bus.port.js';

/** Calls the observer; an observer that throws must not break the retry loop. */
export function reportFailure(options: ConsumerOptions, failure: HandlerFailure): void {
  try {
    options.onHandlerError?.(failure);
  } catch {
    // Observing is best effort; the retry goes on.
  }
}
