import type { AnchoredBatch, ApplyBatchResult, EventToStore, ObjectState } from './read-model.types.js';

/** What the anchor and ingest services write. Every method is idempotent on the event hash ID. */
export interface ReadModelWriter {
  /**
   * Writes one anchored batch in ONE database transaction: the batch, every event with its final status
   * (anchored with batch, tx id, block and leaf index, or rejected with its reason), event objects,
   * object states and genealogy edges; then closes the capture jobs whose events are all final.
   * A replay of the same batch changes nothing and doubles nothing.
   */
  applyAnchoredBatch(batch: AnchoredBatch): Promise<ApplyBatchResult>;
  /**
   * applyAnchoredBatch for every ledger batch of one delivery, all in ONE transaction; one result per batch,
   * in order. An event named by two of them is written with the first.
   */
  applyAnchoredBatches(batches: readonly AnchoredBatch[]): Promise<ApplyBatchResult[]>;
  /** Records captured-but-not-anchored events as `pending`; existing events are left as they are. */
  insertPending(events: readonly EventToStore[]): Promise<number>;
}

/**
 * What the gateway writes when the ledger changes an object outside a batch (a hold set or released).
 * Apart from ReadModelWriter so the anchor path's writers need not implement it.
 */
export interface ObjectStateWriter {
  /** Upserts object states under the batch rule: an older state never overwrites a newer one. */
  upsertObjectStates(states: readonly ObjectState[]): Promise<void>;
}
