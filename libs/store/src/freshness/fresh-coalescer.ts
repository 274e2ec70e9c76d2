interface Slot<V> {
  /** The run in flight for this key. */
  running: Promise<V> | null;
  /** The one that starts when it ends, shared by every request that arrived meanwhile. */
  queued: Promise<V> | null;
}

/**
 * Shares work between concurrent requests for the same key without ever handing a request an answer
 * that began before the request arrived.
 *
 * A cached answer is checked against the read model on every request (so a supplier that has just seen
 * its event anchored sees it on the page or in the trace at once). Under load, many requests for one key
 * arrive while such a check is in flight: they cannot take its answer (it may have read the database
 * before their write landed), so they wait for it to end and then share one new run between all of them.
 * At most one run per key is in flight and one queued, however many clients ask.
 */
export class FreshCoalescer<V> {
  readonly #slots = new Map<string, Slot<V>>();

  run(key: string, work: () => Promise<V>): Promise<V> {
    let slot = this.#slots.get(key);
    if (slot === undefined) {
      slot = { running: null, queued: null };
      this.#slots.set(key, slot);
    }
    if (slot.queued !== null) return slot.queued;
    const running = slot.running;
    if (running === null) return this.#start(slot, key, work);
    const current = slot;
    const queued = running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        current.queued = null;
        return this.#start(current, key, work);
      });
    slot.queued = queued;
    return queued;
  }

  /** Keys with a run in flight or queued (for tests: the map must not grow with keys no longer asked). */
  get size(): number {
    return this.#slots.size;
  }

  #start(slot: Slot<V>, key: string, work: () => Promise<V>): Promise<V> {
    const answer = work().finally(() => {
      if (slot.running === answer) slot.running = null;
      if (slot.running === null && slot.queued === null) this.#slots.delete(key);
    });
    slot.running = answer;
    return answer;
  }
}
