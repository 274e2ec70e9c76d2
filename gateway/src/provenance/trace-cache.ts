import { Inject, Injectable } from '@nestjs/common';
import { READ_MODEL } from '@lotledger/platform';
import {
  FreshCoalescer,
  MAX_TRACE_DEPTH,
  recallImpactOf,
  type ReadModelStore,
  type RecallImpact,
  type TraceDirection,
  type TraceResult,
} from '@lotledger/store';

/** Most cached walks (least recently used dropped first); a 1,000-node walk is a few hundred kB. */
const TRACE_CACHE_SIZE = 64;

interface CachedTrace {
  readonly result: TraceResult;
  readonly nodeIds: readonly string[];
  /** The latest snapshot in which the walk was known to hold (the walk's own, then each exact check's). */
  asOf: string | undefined;
}

/**
 * The genealogy walks of `trace` and `recallImpact`, reused while they are still true.
 *
 * A 1,000-node walk is a recursive query of tens of milliseconds; whether its answer still holds is
 * one indexed look at its nodes' state rows and the edges touching them
 * (ReadModelStore.genealogyVersion, the same fingerprint the walk read in its own snapshot). So every
 * request still asks the read model — a new edge, a recall or a custody change shows at once, in every
 * process that serves the gateway — but only the cheap question, and concurrent requests for the same
 * walk share one walk or check instead of each running their own.
 */
@Injectable()
export class TraceCache {
  readonly #entries = new Map<string, CachedTrace>();
  readonly #fresh = new FreshCoalescer<TraceResult>();

  constructor(@Inject(READ_MODEL) private readonly store: ReadModelStore) {}

  /**
   * The walk as the read model has it now. Concurrent requests for the same walk share work, but a
   * request never takes an answer whose check began before it arrived (a supplier that has just seen
   * its event anchored must see the new edge): it waits for the check in flight to end and shares the
   * next one with everyone else who arrived meanwhile.
   */
  trace(root: string, direction: TraceDirection, maxDepth: number): Promise<TraceResult> {
    const key = `${direction}\n${String(maxDepth)}\n${root}`;
    return this.#fresh.run(key, () => this.#answer(key, root, direction, maxDepth));
  }

  /** ReadModelStore.recallImpact from the same cached walk (downstream to the ceiling). */
  async recallImpact(root: string): Promise<RecallImpact> {
    return recallImpactOf(await this.trace(root, 'downstream', MAX_TRACE_DEPTH));
  }

  /**
   * First the cheap question — has anything in the genealogy been committed since the walk was last
   * known to hold? — and only when it has (anywhere), the exact one about this walk's nodes and edges.
   */
  async #stillHolds(cached: CachedTrace): Promise<boolean> {
    if (cached.asOf !== undefined && (await this.store.genealogyUnchangedSince(cached.asOf))) return true;
    const now = await this.store.genealogyVersionAsOf(cached.nodeIds);
    if (now.version !== cached.result.version) return false;
    cached.asOf = now.asOf;
    return true;
  }

  async #answer(key: string, root: string, direction: TraceDirection, maxDepth: number): Promise<TraceResult> {
    const cached = this.#entries.get(key);
    if (cached !== undefined) {
      if (await this.#stillHolds(cached)) {
        // Most recently used goes last, so the first key is the one to drop.
        this.#entries.delete(key);
        this.#entries.set(key, cached);
        return cached.result;
      }
      this.#entries.delete(key);
    }
    const result = await this.store.trace(root, direction, maxDepth);
    this.#entries.set(key, { result, nodeIds: result.nodes.map((n) => n.id), asOf: result.asOf });
    if (this.#entries.size > TRACE_CACHE_SIZE) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    return result;
  }
}
