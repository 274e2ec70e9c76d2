import { BusError } from '../event-bus.port.js';
import type { PartitionLog } from './partition-log.js';

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit: publishes that arrive while a flush is running share the next one, so one fdatasync
 * per dirty partition covers many publish calls. A publish resolves after the flush that included
 * its records; `onDurable` then tells consumers new records are visible.
 */
export class GroupCommit {
  private dirty = new Set<PartitionLog>();
  private waiters: Waiter[] = [];
  private scheduled = false;
  private draining: Promise<void> | undefined;

  constructor(private readonly onDurable: () => void) {}

  commit(logs: Iterable<PartitionLog>): Promise<void> {
    for (const log of logs) this.dirty.add(log);
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when nothing is waiting to be flushed. */
  async idle(): Promise<void> {
    while (this.draining !== undefined || this.scheduled) {
      await (this.draining ?? new Promise<void>((resolve) => setImmediate(resolve)));
    }
  }

  private schedule(): void {
    if (this.scheduled || this.draining !== undefined) return;
    this.scheduled = true;
    // setImmediate lets every publish issued in this turn of the event loop join the first flush.
    setImmediate(() => {
      this.scheduled = false;
      this.draining = this.drain().finally(() => {
        this.draining = undefined;
        if (this.waiters.length > 0) this.schedule();
      });
    });
  }

  private async drain(): Promise<void> {
    while (this.waiters.length > 0) {
      const logs = [...this.dirty];
      const waiters = this.waiters;
      this.dirty = new Set();
      this.waiters = [];
      try {
        await Promise.all(logs.map((log) => log.flush()));
      } catch (error) {
        const failure = new BusError(
          'IO',
          `could not make published messages durable: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
        // Partitions that did flush are visible; their publishers retry anyway (at-least-once).
        this.onDurable();
        for (const waiter of waiters) waiter.reject(failure);
        continue;
      }
      this.onDurable();
      for (const waiter of waiters) waiter.resolve();
    }
  }
}
